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
        return all(not (self.regs[i] or self.slots[i]) for i in range(self.frame + 1))

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
    idx, flags, linked = entry
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


# Per-instruction backtracking kinds: the common instructions are handled inline below.
BK_OTHER = 0
BK_ALU_K = 1  # dst op= K, neg, endian: a tracked dst stays tracked
BK_ALU_X = 2  # dst op= src: a tracked dst also tracks src
BK_MOV_K = 3  # dst = K: stop tracking dst
BK_MOV_X = 4  # dst = src: track src instead of dst
BK_JMP_K = 5  # if dst op K: nothing new
BK_NONE = 6  # ja: nothing


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
        if cls in (4, 7):
            if op == 0xB0:
                out.append((BK_MOV_X if code & 8 else BK_MOV_K, d, sr))
            elif op in (0x80, 0xD0) or not code & 8:
                out.append((BK_ALU_K, d, sr))
            else:
                out.append((BK_ALU_X, d, sr))
        elif cls in (5, 6) and op not in (0x80, 0x90, 0x00) and not code & 8:
            out.append((BK_JMP_K, d, sr))
        elif cls in (5, 6) and op == 0x00:
            out.append((BK_NONE, d, sr))
        else:
            out.append((BK_OTHER, d, sr))
    return out


def mark_chain(env: Env, start: State, bt: Backtrack, skip_current: bool) -> bool:
    """Walk back from `start`, marking what `bt` asks for; True when something changed."""
    if not env.bpf_capable or bt.empty():
        return False
    kinds = env.bk_kinds
    if kinds is None:
        kinds = env.bk_kinds = backtrack_kinds(env)
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
                idx = entry[0]
                kind, d, sreg = kinds[idx]
                if entry[1] or entry[2] or kind == BK_OTHER:
                    bt.regs[fr] = rm
                    _backtrack_insn(env, entry, subseq, bt)
                    fr = bt.frame
                    rm = bt.regs[fr]
                    if not rm and bt.empty():
                        return changed
                elif kind == BK_ALU_X:
                    if rm >> d & 1 and sreg != 10:
                        rm |= 1 << sreg
                elif kind == BK_MOV_K:
                    if rm >> d & 1:
                        rm &= ~(1 << d)
                        if not rm:
                            bt.regs[fr] = 0
                            if bt.empty():
                                return changed
                elif kind == BK_MOV_X and rm >> d & 1:
                    rm &= ~(1 << d)
                    if sreg != 10:
                        rm |= 1 << sreg
                    elif not rm:
                        bt.regs[fr] = 0
                        if bt.empty():
                            return changed
                subseq = idx
                k -= 1
            bt.regs[fr] = rm
            parent = st.parent
            if parent is None:
                break
            st = parent
            if bt.frame > st.curframe:
                raise NotSupported
            for fr in range(bt.frame, -1, -1):
                func = st.frames[fr]
                mask = bt.regs[fr]
                i = 0
                while mask:
                    if mask & 1:
                        r = func.regs[i]
                        if r.type != SCALAR or r.precise:
                            bt.clear_reg(i, fr)
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
    bt = Backtrack(st.curframe)
    bt.set_reg(regno)
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
