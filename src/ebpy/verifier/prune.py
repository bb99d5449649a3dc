"""State pruning: a state at an instruction that an already verified state there covers needs
no further walking (is_state_visited, states_equal, regsafe, stacksafe in the kernel)."""

from __future__ import annotations

from ebpy.verifier import tnum
from ebpy.verifier.env import Env
from ebpy.verifier.precision import mark_all_scalars_imprecise, propagate_precision
from ebpy.verifier.regs import (
    ADD_CONST,
    BASE_MASK,
    NOT_INIT,
    PTR_TO_BUF,
    PTR_TO_MAP_KEY,
    PTR_TO_MAP_VALUE,
    PTR_TO_MEM,
    PTR_TO_PACKET,
    PTR_TO_PACKET_META,
    PTR_TO_STACK,
    PTR_TO_TP_BUFFER,
    SCALAR,
    Reg,
    mark_not_init,
    mark_unknown,
)
from ebpy.verifier.state import (
    INVALID8,
    MISC8,
    SPILL8,
    STACK_INVALID,
    STACK_MISC,
    STACK_SPILL,
    STACK_ZERO,
    ZERO8,
    FuncState,
    Slot,
    State,
)

NOT_EXACT = 0
EXACT = 1
RANGE_WITHIN = 2

_UNBOUND = Reg()
mark_unknown(_UNBOUND)
_EMPTY = Slot(INVALID8)


class IdMap:
    """check_ids: old ids must map one-to-one onto current ids."""

    __slots__ = ("fwd", "rev", "tmp")

    def __init__(self, tmp: int) -> None:
        self.fwd: dict[int, int] = {}
        self.rev: dict[int, int] = {}
        self.tmp = tmp

    def check(self, old: int, cur: int) -> bool:
        if bool(old) != bool(cur):
            return False
        if old == 0:
            return True
        seen = self.fwd.get(old)
        if seen is not None:
            return seen == cur
        if cur in self.rev:
            return False
        self.fwd[old] = cur
        self.rev[cur] = old
        return True

    def check_scalar(self, old: int, cur: int) -> bool:
        if not old:
            self.tmp += 1
            old = self.tmp
        if not cur:
            self.tmp += 1
            cur = self.tmp
        return self.check(old, cur)


def _range_within(old: Reg, cur: Reg) -> bool:
    return (
        old.umin <= cur.umin
        and old.umax >= cur.umax
        and old.smin <= cur.smin
        and old.smax >= cur.smax
        and old.u32min <= cur.u32min
        and old.u32max >= cur.u32max
        and old.s32min <= cur.s32min
        and old.s32max >= cur.s32max
    )


def _head_equal(old: Reg, cur: Reg) -> bool:
    """The fields before var_off in the kernel's struct: type, off, and the union."""
    return (
        old.type == cur.type
        and old.off == cur.off
        and old.map is cur.map
        and old.range == cur.range
        and old.mem_size == cur.mem_size
        and old.subprogno == cur.subprogno
    )


def _exact_numbers(old: Reg, cur: Reg) -> bool:
    return _head_equal(old, cur) and old.same_numbers(cur)


def regs_exact(old: Reg, cur: Reg, ids: IdMap) -> bool:
    return (
        _exact_numbers(old, cur)
        and ids.check(old.id, cur.id)
        and ids.check(old.ref_obj_id, cur.ref_obj_id)
    )


_RANGED = frozenset({PTR_TO_MAP_KEY, PTR_TO_MAP_VALUE, PTR_TO_MEM, PTR_TO_BUF, PTR_TO_TP_BUFFER})


def regsafe(env: Env, old: Reg, cur: Reg, ids: IdMap, exact: int) -> bool:
    """True if whatever was safe with `old` is safe with `cur`."""
    if exact == EXACT:
        return regs_exact(old, cur, ids)
    if old.type == NOT_INIT and (exact == NOT_EXACT or cur.type == NOT_INIT):
        return True
    if old.type != cur.type:
        return False
    base = old.type & BASE_MASK
    if old.type == SCALAR:
        if env.explore_alu_limits:
            # Masked pointer arithmetic depends on exact values: no range subsumption.
            return _exact_numbers(old, cur) and ids.check_scalar(old.id, cur.id)
        if not old.precise and exact == NOT_EXACT:
            return True
        if (old.id & ADD_CONST) != (cur.id & ADD_CONST):
            return False
        if old.id & ADD_CONST and old.off != cur.off:
            return False
        return (
            _range_within(old, cur)
            and tnum.tin((old.vv, old.vm), (cur.vv, cur.vm))
            and ids.check_scalar(old.id, cur.id)
        )
    if base in _RANGED:
        return (
            _head_equal(old, cur)
            and _range_within(old, cur)
            and tnum.tin((old.vv, old.vm), (cur.vv, cur.vm))
            and ids.check(old.id, cur.id)
            and ids.check(old.ref_obj_id, cur.ref_obj_id)
        )
    if base in (PTR_TO_PACKET, PTR_TO_PACKET_META):
        if old.range > cur.range:
            return False
        if old.off != cur.off:
            return False
        if not ids.check(old.id, cur.id):
            return False
        return _range_within(old, cur) and tnum.tin((old.vv, old.vm), (cur.vv, cur.vm))
    if base == PTR_TO_STACK:
        return regs_exact(old, cur, ids) and old.frameno == cur.frameno
    return regs_exact(old, cur, ids)


SLOT_SAFE = 0
SLOT_UNSAFE = 1
SLOT_CMP_SCALARS = 2  # regsafe on the slots' scalar values (spilled, or unknown for misc)
SLOT_CMP_SPILLED = 3  # regsafe on the spilled registers

_SLOT_PLANS: dict[tuple[bytes, bytes | None, int, bool, bool, bool], int] = {}


def _all_misc(types: bytes, allow_uninit: bool) -> bool:
    return all(t == STACK_MISC or (t == STACK_INVALID and allow_uninit) for t in types)


def _slot_plan(
    ot8: bytes, ct8: bytes | None, exact: int, allow_uninit: bool, osc: bool, csc: bool
) -> int:
    """How stacksafe decides a pair of slots, from their byte types (`ct8` None: no slot in
    the current state) and whether each holds a spilled 64-bit scalar: the kernel's byte
    loop, run once per shape."""
    oscalar = osc or _all_misc(ot8, allow_uninit)
    cscalar = ct8 is not None and (csc or _all_misc(ct8, allow_uninit))
    for j in range(8):
        ot = ot8[j]
        if exact != NOT_EXACT and (ct8 is None or ot != ct8[j]):
            return SLOT_UNSAFE
        if ot == STACK_INVALID or (allow_uninit and ot == STACK_MISC):
            continue
        if ct8 is None:
            return SLOT_UNSAFE
        if oscalar and cscalar:
            return SLOT_CMP_SCALARS
        ct = ct8[j]
        if ot == STACK_MISC and ct == STACK_ZERO:
            continue
        if ot != ct:
            return SLOT_UNSAFE
        if j == 7:
            if ot8[7] == STACK_SPILL:
                return SLOT_CMP_SPILLED
            if ot8[7] not in (STACK_MISC, STACK_ZERO, STACK_INVALID):
                return SLOT_UNSAFE
    return SLOT_SAFE


def _spilled_scalar64(s: Slot) -> bool:
    r = s.reg
    return r is not None and r.type == SCALAR and s.types == SPILL8


def stacksafe(
    env: Env,
    old: FuncState,
    cur: FuncState,
    ids: IdMap,
    exact: int,
    lo: int = 0,
    hi: int | None = None,
) -> int:
    """Compare the stack slots lo..hi of two frames: -1 when `cur`'s are safe where `old`'s
    were, else the first slot that is not."""
    ostack, cstack = old.stack, cur.stack
    clen = len(cstack)
    allow_uninit = env.allow_uninit_stack
    for spi in range(lo, len(ostack) if hi is None else min(hi, len(ostack))):
        os = ostack[spi]
        cs = cstack[spi] if spi < clen else None
        if os is cs and _trivially_same(os, exact):
            continue
        # the common slot shapes first, decided as the plan would decide them
        ot8 = os.types
        if cs is not None:
            ct8 = cs.types
            if ot8 == SPILL8 and ct8 == SPILL8:
                oreg, creg = os.reg, cs.reg
                if (
                    oreg is not None
                    and creg is not None
                    and oreg.type == SCALAR
                    and creg.type == SCALAR
                ):
                    if not regsafe(env, oreg, creg, ids, exact):
                        return spi
                    continue
            elif ot8 == ct8 and (ot8 in (MISC8, INVALID8, ZERO8)):
                continue
        elif ot8 == INVALID8 and exact == NOT_EXACT:
            continue
        osc = _spilled_scalar64(os)
        csc = cs is not None and _spilled_scalar64(cs)
        key = (ot8, cs.types if cs is not None else None, exact, allow_uninit, osc, csc)
        plan = _SLOT_PLANS.get(key)
        if plan is None:
            plan = _SLOT_PLANS[key] = _slot_plan(*key)
        if plan == SLOT_SAFE:
            continue
        if plan == SLOT_UNSAFE:
            return spi
        assert cs is not None
        if plan == SLOT_CMP_SCALARS:
            oreg = os.reg if osc else _UNBOUND
            creg = cs.reg if csc else _UNBOUND
            assert oreg is not None and creg is not None
            if not regsafe(env, oreg, creg, ids, exact):
                return spi
        elif not regsafe(env, os.spilled(), cs.spilled(), ids, exact):
            return spi
    return -1


def _trivially_same(s: Slot, exact: int) -> bool:
    """A slot shared by both states compares equal unless ids must be checked."""
    r = s.reg
    if s.types[7] != STACK_SPILL or r is None:
        return True
    if not r.id and not r.ref_obj_id:
        return True
    return exact == NOT_EXACT and r.type == SCALAR and not r.precise


def refsafe(old: State, cur: State, ids: IdMap) -> bool:
    if len(old.refs) != len(cur.refs):
        return False
    if (
        not ids.check(old.active_lock, cur.active_lock)
        or old.active_lock_map is not cur.active_lock_map
    ):
        return False
    for a, b in zip(old.refs, cur.refs):
        if not ids.check(a.id, b.id) or a.kind != b.kind:
            return False
    return True


def frame_insn_idx(st: State, fr: int) -> int:
    return st.insn_idx if fr == st.curframe else st.frames[fr + 1].callsite


def states_equal(env: Env, old: State, cur: State, exact: int) -> bool:
    if len(old.frames) != len(cur.frames):
        return False
    if old.speculative and not cur.speculative:
        return False
    ids = IdMap(env.id_gen)
    # States compared with the same old state tend to differ from it in the same place (a
    # loop counter, an accumulator): look there first. The answer is the same either way
    # (every check below must pass, and the id pairs they record are the same set in any
    # order), this only finds a difference sooner.
    hint = old.miss_hint
    if hint is not None and not _still_safe(env, old, cur, ids, exact, hint):
        return False
    if not refsafe(old, cur, ids):
        return False
    live_regs = env.cfg.live_regs
    nframes = len(old.frames)
    for fr in range(nframes):
        of, cf = old.frames[fr], cur.frames[fr]
        if of.callsite != cf.callsite:
            return False
        if of.callback_depth > cf.callback_depth:
            return False
        live = live_regs[old.insn_idx if fr == nframes - 1 else old.frames[fr + 1].callsite]
        oregs, cregs = of.regs, cf.regs
        i = 0
        while live:
            if live & 1 and not regsafe(env, oregs[i], cregs[i], ids, exact):
                old.miss_hint = (fr, i)
                return False
            live >>= 1
            i += 1
        if of.stack:
            spi = stacksafe(env, of, cf, ids, exact)
            if spi >= 0:
                old.miss_hint = (fr, -1 - spi)
                return False
    return True


def _still_safe(
    env: Env, old: State, cur: State, ids: IdMap, exact: int, hint: tuple[int, int]
) -> bool:
    """The check of states_equal at `hint` (frame, register or -1 - stack slot) alone."""
    fr, where = hint
    of, cf = old.frames[fr], cur.frames[fr]
    if where >= 0:
        if not env.cfg.live_regs[frame_insn_idx(old, fr)] >> where & 1:
            return True
        return regsafe(env, of.regs[where], cf.regs[where], ids, exact)
    spi = -1 - where
    return stacksafe(env, of, cf, ids, exact, spi, spi + 1) < 0


def _raw_equal(a: Reg, b: Reg) -> bool:
    """_exact_numbers and the same ids (spelled out: this runs at every loop visit)."""
    return (
        a.type == b.type
        and a.off == b.off
        and a.map is b.map
        and a.range == b.range
        and a.mem_size == b.mem_size
        and a.subprogno == b.subprogno
        and a.vv == b.vv
        and a.vm == b.vm
        and a.smin == b.smin
        and a.smax == b.smax
        and a.umin == b.umin
        and a.umax == b.umax
        and a.s32min == b.s32min
        and a.s32max == b.s32max
        and a.u32min == b.u32min
        and a.u32max == b.u32max
        and a.id == b.id
        and a.ref_obj_id == b.ref_obj_id
    )


def states_maybe_looping(old: State, cur: State) -> bool:
    fr = len(cur.frames) - 1
    if len(old.frames) - 1 != fr:
        return False
    oregs, cregs = old.frames[fr].regs, cur.frames[fr].regs
    # Called for every loop state at every visit: the register that differed last time (the
    # loop counter) first, then each register's value (the usual difference) before the rest.
    h = old.loop_hint
    a, b = oregs[h], cregs[h]
    if a.vv != b.vv or a.vm != b.vm:
        return False
    for i in range(11):
        a, b = oregs[i], cregs[i]
        if a.vv != b.vv or a.vm != b.vm or not _raw_equal(a, b):
            old.loop_hint = i
            return False
    return True


def find_prev_entry(env: Env, cur: State, idx: int) -> State | None:
    """A checkpoint at `idx` on the current path (so `cur` came back to it: a loop)."""
    for st in env.explored.get(idx, ()):
        if (
            st.insn_idx == idx
            and st.branches
            and same_callsites(st, cur)
            and st.dfs_depth < cur.dfs_depth
        ):
            return st
    return None


def widen_imprecise_scalars(env: Env, old: State, cur: State) -> None:
    """Forget the value of every imprecise scalar that changed since `old` (a callback
    about to be called again): the iterations then converge instead of walking each value
    a loop counter or an accumulator takes."""
    ids = IdMap(env.id_gen)

    def widen(rold: Reg, rcur: Reg) -> None:
        if rold.type != SCALAR or rcur.type != SCALAR:
            return
        if rold.precise or rcur.precise or regs_exact(rold, rcur, ids):
            return
        env.mark_unknown(rcur)

    for fr in range(old.curframe, -1, -1):
        fold, fcur = old.frames[fr], cur.frames[fr]
        for i in range(11):
            widen(fold.regs[i], fcur.regs[i])
        for spi in range(min(len(fold.stack), len(fcur.stack))):
            so, sc = fold.stack[spi], fcur.stack[spi]
            if so.is_spill and sc.is_spill and so.reg is not None and sc.reg is not None:
                reg = sc.reg.copy()
                widen(so.reg, reg)
                if reg.vm != sc.reg.vm or reg.id != sc.reg.id:
                    fcur.stack[spi] = Slot(sc.types, reg)


def same_callsites(a: State, b: State) -> bool:
    if a.curframe != b.curframe:
        return False
    return all(x.callsite == y.callsite for x, y in zip(a.frames, b.frames))


def clean_state(env: Env, st: State) -> None:
    """Forget registers and stack slots no future instruction reads (clean_verifier_state)."""
    st.cleaned = True
    live_regs = env.cfg.live_regs
    for fr in range(st.curframe + 1):
        f = st.frames[fr]
        ip = frame_insn_idx(st, fr)
        live = live_regs[ip]
        for i in range(10):
            if not live >> i & 1 and f.regs[i].type != NOT_INIT:
                mark_not_init(f.regs[i])
        if f.stack:
            slots_live = env.liveness.live_in(ip)
            stack = f.stack
            for spi in range(len(stack)):
                if not slots_live >> spi & 1:
                    stack[spi] = _EMPTY


def is_state_visited(env: Env, idx: int) -> bool:
    """True when the current state is covered by an explored one (the path can stop here)."""
    cur = env.cur
    cfg = env.cfg
    forced = cfg.force_checkpoint[idx]
    force_new = forced or cur.hist_cnt > 40
    jmps = env.jmps_processed - env.prev_jmps_processed
    insns = env.insn_processed - env.prev_insn_processed
    add_new = force_new or (jmps >= 2 and insns >= 8)
    # a state still being explored (a loop) keeps this one from being added, unless...
    looping_blocks_add = not force_new and jmps < 20 and insns < 100
    lst = env.explored.get(idx)
    if lst is None:
        lst = env.explored[idx] = []
    for sl in lst:
        if not sl.branches and not sl.cleaned and same_callsites(sl, cur):
            clean_state(env, sl)
    calls_callback = cfg.calls_callback[idx]
    states_cnt = 0
    hit = None
    for sl in list(lst) if lst else ():
        states_cnt += 1
        if sl.branches:
            if calls_callback:
                if states_equal(env, sl, cur, RANGE_WITHIN):
                    hit = sl
                    break
            elif (
                states_maybe_looping(sl, cur)
                and states_equal(env, sl, cur, EXACT)
                and sl.callback_unroll_depth == cur.callback_unroll_depth
            ):
                env.reject(f"infinite loop detected at insn {idx}", "EINVAL")
            if looping_blocks_add:
                add_new = False
        elif states_equal(env, sl, cur, NOT_EXACT):
            hit = sl
            break
        if add_new:
            sl.miss_cnt += 1
        n = 64 if forced and sl.branches > 0 else 3
        if sl.miss_cnt > sl.hit_cnt * n + n:
            lst.remove(sl)
            env.explored_size -= 1
            if sl.branches:
                sl.in_free_list = True
                env.free_list_size += 1
    if hit is not None:
        hit.hit_cnt += 1
        propagate_precision(env, hit, cur)
        return True
    if env.max_states_per_insn < states_cnt:
        env.max_states_per_insn = states_cnt
    if not env.bpf_capable and states_cnt > 64:
        return False
    if not add_new:
        return False
    env.total_states += 1
    env.explored_size += 1
    if env.explored_size + env.free_list_size > env.peak_states:
        env.peak_states = env.explored_size + env.free_list_size
    env.prev_jmps_processed = env.jmps_processed
    env.prev_insn_processed = env.insn_processed
    if env.bpf_capable:
        mark_all_scalars_imprecise(cur)
    new = cur.copy()
    new.insn_idx = idx
    new.branches = 1
    cur.parent = new
    cur.first_insn_idx = idx
    cur.dfs_depth = new.dfs_depth + 1
    cur.trail = []
    cur.hist_cnt = 0
    lst.insert(0, new)
    return False
