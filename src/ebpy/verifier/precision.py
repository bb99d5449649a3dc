"""Precision tracking: which scalars' exact values a verdict depended on.

Scalars start imprecise, and an imprecise scalar in an explored state matches any scalar when
pruning. When a check relies on a scalar's value (pointer arithmetic, a branch decided by its
range, a helper's size argument, the return value), the walk goes back along the path, through
the instructions of each state segment and up the chain of checkpoint states, marking every
register and spilled slot that value was computed from (the kernel's __mark_chain_precision and
backtrack_insn).
"""

from __future__ import annotations

from typing import Any

from ebpy.isa import Instruction
from ebpy.verifier.cfg import SYNC_CALLBACK_HELPERS, is_pseudo_call
from ebpy.verifier.env import Env
from ebpy.verifier.regs import SCALAR
from ebpy.verifier.state import (
    HIST_DST_STACK,
    HIST_SRC_STACK,
    HIST_STACK,
    STACK_SPILL,
    Slot,
    State,
    hist_frame,
    hist_spi,
)

ARGS_MASK = 0x3E  # r1-r5
MAX_FRAMES = 8


class NotSupported(Exception):
    """Backtracking met something it cannot follow: fall back to marking all scalars."""


class Backtrack:
    """Registers and stack slots (per frame) whose precision is still wanted."""

    __slots__ = ("frame", "regs", "slots")

    def __init__(self, frame: int) -> None:
        self.frame = frame
        self.regs = [0] * MAX_FRAMES
        self.slots = [0] * MAX_FRAMES

    def empty(self) -> bool:
        f = self.frame
        if f == 0:  # nearly always: no call frames to look through
            return not (self.regs[0] or self.slots[0])
        return not (any(self.regs[: f + 1]) or any(self.slots[: f + 1]))

    def set_reg(self, reg: int, frame: int | None = None) -> None:
        self.regs[self.frame if frame is None else frame] |= 1 << reg

    def clear_reg(self, reg: int, frame: int | None = None) -> None:
        self.regs[self.frame if frame is None else frame] &= ~(1 << reg)

    def is_reg(self, reg: int, frame: int | None = None) -> bool:
        return bool(self.regs[self.frame if frame is None else frame] >> reg & 1)

    def set_slot(self, frame: int, spi: int) -> None:
        self.slots[frame] |= 1 << spi

    def clear_slot(self, frame: int, spi: int) -> None:
        self.slots[frame] &= ~(1 << spi)

    def is_slot(self, frame: int, spi: int) -> bool:
        return bool(self.slots[frame] >> spi & 1)


def _sync_linked(bt: Backtrack, linked: Any) -> None:
    if not linked:
        return
    for fr, is_reg, n in linked:
        if (is_reg and bt.is_reg(n, fr)) or (not is_reg and bt.is_slot(fr, n)):
            break
    else:
        return
    for fr, is_reg, n in linked:
        if is_reg:
            bt.set_reg(n, fr)
        else:
            bt.set_slot(fr, n)


def _backtrack_atomic(bt: Backtrack, insn: Instruction, flags: int) -> None:
    """An atomic read-modify-write. Its fetched register holds the memory's old value, so a
    precise fetch from a stack slot makes the slot precise. (The kernel treats the
    instruction as a plain store here and keeps tracking the register's earlier value
    instead, which leaves the slot imprecise: a state with another constant in it is then
    pruned as equivalent, and the branch on the fetched value decided from a stale one.)"""
    if bt.is_reg(insn.dst):
        raise NotSupported
    imm = insn.imm
    load_reg = -1
    if imm == 0xF1:  # cmpxchg loads r0
        load_reg = 0
    elif imm & 1:  # fetch variants and xchg load src
        load_reg = insn.src
    stack = bool(flags & HIST_STACK)
    fr, spi = hist_frame(flags), hist_spi(flags)
    need_slot = False
    if load_reg >= 0 and bt.is_reg(load_reg):
        bt.clear_reg(load_reg)
        need_slot = stack
    if stack and bt.is_slot(fr, spi):
        # the slot's new value comes from its old one and the operands
        need_slot = True
        bt.set_reg(insn.src)
        if imm == 0xF1:
            bt.set_reg(0)
    if need_slot:
        bt.set_slot(fr, spi)


def _backtrack_insn(env: Env, entry: list[Any], subseq: int, bt: Backtrack) -> None:
    idx, flags, linked = entry[0], entry[1], entry[2]
    insn = env.prog.insns[idx]
    assert insn is not None
    code = insn.opcode
    cls = code & 7
    op = code & 0xF0
    dreg, sreg = insn.dst, insn.src
    _sync_linked(bt, linked)
    if cls in (4, 7):
        if not bt.is_reg(dreg):
            return
        if op in (0x80, 0xD0):
            return
        if op == 0xB0:
            bt.clear_reg(dreg)
            if code & 8 and sreg != 10:
                bt.set_reg(sreg)
        elif code & 8 and sreg != 10:
            bt.set_reg(sreg)
    elif cls == 1 or (cls == 3 and code & 0xE0 == 0xC0 and insn.imm == 0x100):
        if not bt.is_reg(dreg):
            return
        bt.clear_reg(dreg)
        if flags & HIST_STACK:
            bt.set_slot(hist_frame(flags), hist_spi(flags))
    elif cls == 3 and code & 0xE0 == 0xC0 and insn.imm != 0x110:
        _backtrack_atomic(bt, insn, flags)
    elif cls in (2, 3):
        if bt.is_reg(dreg):
            raise NotSupported
        if not flags & HIST_STACK:
            return
        fr, spi = hist_frame(flags), hist_spi(flags)
        if not bt.is_slot(fr, spi):
            return
        bt.clear_slot(fr, spi)
        if cls == 3:
            bt.set_reg(sreg)
    elif cls in (5, 6):
        if is_pseudo_call(insn):
            if bt.regs[bt.frame] & ~ARGS_MASK or bt.slots[bt.frame]:
                raise NotSupported
            for i in range(1, 6):
                if bt.is_reg(i):
                    bt.clear_reg(i)
                    bt.set_reg(i, bt.frame - 1)
            if bt.frame == 0:
                raise NotSupported
            bt.frame -= 1
            return
        if op == 0x80 and insn.src == 0 and insn.imm in SYNC_CALLBACK_HELPERS and idx != subseq - 1:
            if bt.regs[bt.frame] & ~ARGS_MASK or bt.slots[bt.frame]:
                raise NotSupported
            for i in range(1, 6):
                bt.clear_reg(i)
            if bt.frame == 0:
                raise NotSupported
            bt.frame -= 1
            return
        if op == 0x80:
            bt.clear_reg(0)
            if bt.regs[bt.frame] & ARGS_MASK:
                raise NotSupported
        elif op == 0x90:
            if subseq >= 0 and env.cfg.calls_callback[subseq]:
                for i in range(1, 6):
                    bt.clear_reg(i)
            if bt.regs[bt.frame] & ARGS_MASK:
                raise NotSupported
            r0 = subseq - 1 >= 0 and is_pseudo_call(env.prog.insns[subseq - 1]) and bt.is_reg(0)
            bt.clear_reg(0)
            if bt.frame + 1 >= MAX_FRAMES:
                raise NotSupported
            bt.frame += 1
            if r0:
                bt.set_reg(0)
            return
        elif code & 8:
            if not bt.is_reg(dreg) and not bt.is_reg(sreg):
                return
            if not flags & HIST_SRC_STACK:
                bt.set_reg(sreg)
            if not flags & HIST_DST_STACK:
                bt.set_reg(dreg)
    elif cls == 0:
        if not bt.is_reg(dreg):
            return
        bt.clear_reg(dreg)
        if code & 0xE0 in (0x20, 0x40):
            raise NotSupported
    _sync_linked(bt, linked)


def mark_all_scalars_precise(env: Env, st: State) -> None:
    p = st.parent
    while p is not None:
        for f in p.frames:
            for r in f.regs[:10]:
                if r.type == SCALAR:
                    r.precise = True
            for i, s in enumerate(f.stack):
                if (
                    s.types[7] == STACK_SPILL
                    and s.reg is not None
                    and s.reg.type == SCALAR
                    and not s.reg.precise
                ):
                    r = s.reg.copy()
                    r.precise = True
                    f.stack[i] = Slot(s.types, r)
        p = p.parent


# Per-instruction backtracking kinds. Most instructions only move the set of tracked
# registers of one frame around (a "register-only" step); the rest go through
# _backtrack_insn.
BK_OTHER = 0  # anything else: _backtrack_insn
BK_ALU_K = 1  # dst op= K, neg, endian: a tracked dst stays tracked
BK_ALU_X = 2  # dst op= src: a tracked dst also tracks src
BK_MOV_K = 3  # dst = K, a load from memory other than the stack, lddw: stop tracking dst
BK_MOV_X = 4  # dst = src: track src instead of dst
BK_JMP_K = 5  # if dst op K: nothing new
BK_NONE = 6  # ja: nothing
BK_JMP_X = 7  # if dst op src: either one tracked tracks both


def backtrack_kinds(env: Env) -> list[tuple[int, int, int]]:
    """Classify every instruction once for the backtracking loop."""
    out: list[tuple[int, int, int]] = []
    for insn in env.prog.insns:
        if insn is None:
            out.append((BK_OTHER, 0, 0))
            continue
        code = insn.opcode
        cls = code & 7
        op = code & 0xF0
        d, sr = insn.dst, insn.src
        if d > 10 or sr > 10:
            out.append((BK_OTHER, d, sr))  # rejected by the walk; never a fast step
        elif cls in (4, 7):
            if op == 0xB0:
                out.append((BK_MOV_X if code & 8 else BK_MOV_K, d, sr))
            elif op in (0x80, 0xD0) or not code & 8:
                out.append((BK_ALU_K, d, sr))
            else:
                out.append((BK_ALU_X, d, sr))
        elif cls in (5, 6) and op not in (0x80, 0x90, 0x00):
            out.append((BK_JMP_X if code & 8 else BK_JMP_K, d, sr))
        elif cls in (5, 6) and op == 0x00:
            out.append((BK_NONE, d, sr))
        elif cls == 1 or (cls == 0 and code & 0xE0 == 0):
            # a load that is not a fill (a fill carries HIST_STACK and takes the slow
            # step), or lddw: the loaded register's value came from outside
            out.append((BK_MOV_K, d, sr))
        else:
            out.append((BK_OTHER, d, sr))
    return out


# A run of register-only steps composes into one function on the set of tracked registers:
# because each step maps every tracked register to a set of registers independently of the
# others, the composition is a table: image[r] = the registers tracked at the run's start
# (walking backwards) when only r is tracked at its end. Each trail entry caches the table of
# the run from itself back to the run's first entry (`(image, first position)`, shared with
# the previous entry when the step changed nothing), so walking back over a loop body that
# was walked before costs one lookup instead of a step per instruction.
_IDENTITY = [1 << r for r in range(11)]  # tables are lists, never changed once made
_COMPOSED = 3  # index of the cached table in a trail entry


def _is_fast(entry: list[Any], kinds: list[tuple[int, int, int]]) -> bool:
    return not entry[1] and not entry[2] and kinds[entry[0]][0] != BK_OTHER


def _composed(trail: list[Any], k: int, kinds: list[tuple[int, int, int]]) -> Any:
    """The cached (image, first position) of the register-only run ending at trail[k],
    computing the missing tables from the nearest cached entry or the run's start."""
    j = k
    while j >= 0:
        e = trail[j]
        if e[_COMPOSED] is not None or e[1] or e[2] or kinds[e[0]][0] == BK_OTHER:
            break
        j -= 1
    if j >= 0 and trail[j][_COMPOSED] is not None:
        comp = trail[j][_COMPOSED]
    else:
        comp = (_IDENTITY, j + 1)
    image = comp[0]
    for i in range(j + 1, k + 1):
        e = trail[i]
        kind, d, sr = kinds[e[0]]
        # `image` composed with this (older) step: only the row of the step's dst (and,
        # for a register compare, its src) can change
        if kind == BK_ALU_X:
            new = image[d] | image[sr] if sr != 10 else image[d]
        elif kind == BK_MOV_K:
            new = 0
        elif kind == BK_MOV_X:
            new = image[sr] if sr != 10 else 0
        elif kind == BK_JMP_X:
            new = image[d] | image[sr]
            if new != image[d] or new != image[sr]:
                image = image.copy()
                image[d] = image[sr] = new
                comp = (image, comp[1])
            e[_COMPOSED] = comp
            continue
        else:
            new = image[d]
        if new != image[d]:
            image = image.copy()
            image[d] = new
            comp = (image, comp[1])
        e[_COMPOSED] = comp
    return comp


def mark_chain(env: Env, start: State, bt: Backtrack, skip_current: bool) -> bool:
    """Walk back from `start`, marking what `bt` asks for; True when something changed."""
    if not env.bpf_capable or bt.empty():
        return False
    kinds = env.bk_kinds
    if kinds is None:
        kinds = env.bk_kinds = backtrack_kinds(env)
    # the entry of the instruction being checked may still gain flags: never cache it
    live_entry = env.cur_entry
    changed = False
    st = start
    trail = st.trail
    k = len(trail) - 1
    subseq = env.insn_idx
    if skip_current and k >= 0 and trail[k][0] == env.insn_idx:
        k -= 1
    try:
        while True:
            fr = bt.frame
            rm = bt.regs[fr]
            while k >= 0:
                entry = trail[k]
                comp = entry[_COMPOSED]
                if comp is None and entry is not live_entry and _is_fast(entry, kinds):
                    comp = _composed(trail, k, kinds)
                if comp is not None:
                    image, first = comp
                    if rm:
                        out = 0
                        bit = 0
                        m = rm
                        while m:
                            if m & 1:
                                out |= image[bit]
                            m >>= 1
                            bit += 1
                        if not out:
                            bt.regs[fr] = 0
                            if bt.empty():
                                return changed
                        rm = out
                    subseq = trail[first][0]
                    k = first - 1
                    continue
                bt.regs[fr] = rm
                _backtrack_insn(env, entry, subseq, bt)
                fr = bt.frame
                rm = bt.regs[fr]
                if not rm and bt.empty():
                    return changed
                subseq = entry[0]
                k -= 1
            bt.regs[fr] = rm
            parent = st.parent
            if parent is None:
                break
            st = parent
            if bt.frame > st.curframe:
                raise NotSupported
            bt_regs = bt.regs
            for fr in range(bt.frame, -1, -1):
                func = st.frames[fr]
                mask = bt_regs[fr]
                i = 0
                while mask:
                    if mask & 1:
                        r = func.regs[i]
                        if r.type != SCALAR or r.precise:
                            bt_regs[fr] &= ~(1 << i)
                        else:
                            r.precise = True
                            changed = True
                    mask >>= 1
                    i += 1
                mask = bt.slots[fr]
                spi = 0
                while mask:
                    if mask & 1:
                        if spi >= len(func.stack):
                            raise NotSupported
                        s = func.stack[spi]
                        if (
                            not (
                                s.types[7] == STACK_SPILL
                                and s.reg is not None
                                and s.reg.type == SCALAR
                            )
                            or s.reg.precise
                        ):
                            bt.clear_slot(fr, spi)
                        else:
                            r = s.reg.copy()
                            r.precise = True
                            func.stack[spi] = Slot(s.types, r)
                            changed = True
                    mask >>= 1
                    spi += 1
            if bt.empty():
                return changed
            trail = st.trail
            k = len(trail) - 1
    except NotSupported:
        mark_all_scalars_precise(env, start)
        return True
    if not bt.empty():
        mark_all_scalars_precise(env, start)
        return True
    return changed


def mark_chain_precision(env: Env, regno: int) -> None:
    """The value of `regno` (a scalar) matters: make it precise along the path."""
    # A replay walks one path without pruning, so precision would buy nothing there (and,
    # with no checkpoints to stop at, each backtrack would walk the whole path).
    if regno < 0 or not env.bpf_capable or env.replay is not None:
        return
    st = env.cur
    if st.frames[-1].regs[regno].type != SCALAR:
        return
    bt = Backtrack(len(st.frames) - 1)
    bt.regs[bt.frame] = 1 << regno
    mark_chain(env, st, bt, env.in_insn)


def mark_slot_precision(env: Env, frameno: int, spi: int) -> None:
    if not env.bpf_capable or env.replay is not None:
        return
    bt = Backtrack(env.cur.curframe)
    bt.set_slot(frameno, spi)
    mark_chain(env, env.cur, bt, env.in_insn)


def propagate_precision(env: Env, old: State, cur: State) -> bool:
    """cur was pruned by old: whatever old needed precise, cur's ancestors need too."""
    bt = Backtrack(cur.curframe)
    for fr in range(old.curframe, -1, -1):
        f = old.frames[fr]
        for i in range(10):
            r = f.regs[i]
            if r.type == SCALAR and r.precise:
                bt.set_reg(i, fr)
        for spi, s in enumerate(f.stack):
            if (
                s.types[7] == STACK_SPILL
                and s.reg is not None
                and s.reg.type == SCALAR
                and s.reg.precise
            ):
                bt.set_slot(fr, spi)
    return mark_chain(env, cur, bt, False)


def mark_all_scalars_imprecise(st: State) -> None:
    for f in st.frames:
        for r in f.regs:
            if r.type == SCALAR:
                r.precise = False
        for i, s in enumerate(f.stack):
            if (
                s.types[7] == STACK_SPILL
                and s.reg is not None
                and s.reg.type == SCALAR
                and s.reg.precise
            ):
                r = s.reg.copy()
                r.precise = False
                f.stack[i] = Slot(s.types, r)
