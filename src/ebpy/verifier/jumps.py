"""Conditional jumps: deciding branches from known ranges, narrowing both sides, null checks
that propagate to every copy of a pointer, and packet bounds learnt from comparisons with the
packet end (check_cond_jmp_op and its helpers)."""

from __future__ import annotations

from ebpy.isa import Instruction
from ebpy.verifier import bounds
from ebpy.verifier.calls import mark_ptr_not_null
from ebpy.verifier.env import SRC_OP, Env
from ebpy.verifier.ops import JMP_JA, JMP_JEQ, JMP_JGE, JMP_JGT, JMP_JLE, JMP_JLT, JMP_JNE
from ebpy.verifier.precision import mark_chain_precision
from ebpy.verifier.regs import (
    ADD_CONST,
    BASE_MASK,
    CONST_PTR_TO_MAP,
    MAYBE_NULL,
    PTR_TO_BTF_ID,
    PTR_TO_MAP_KEY,
    PTR_TO_MAP_VALUE,
    PTR_TO_MEM,
    PTR_TO_PACKET,
    PTR_TO_PACKET_END,
    PTR_TO_PACKET_META,
    PTR_TO_SOCK_COMMON,
    PTR_TO_SOCKET,
    PTR_TO_STACK,
    PTR_TO_TCP_SOCK,
    SCALAR,
    Reg,
    const_reg,
)
from ebpy.verifier.state import HIST_DST_STACK, HIST_SRC_STACK, STACK_SPILL, Slot, State

MAX_PACKET_OFF = 0xFFFF
AT_PKT_END = -1
BEYOND_PKT_END = -2
LINKED_REGS_MAX = 6

_PKT_ANY = frozenset({PTR_TO_PACKET, PTR_TO_PACKET_META, PTR_TO_PACKET_END})
_NOT_NULL = frozenset(
    {
        PTR_TO_SOCKET,
        PTR_TO_TCP_SOCK,
        PTR_TO_MAP_VALUE,
        PTR_TO_MAP_KEY,
        PTR_TO_SOCK_COMMON,
        CONST_PTR_TO_MAP,
        PTR_TO_MEM,
    }
)


def reg_not_null(reg: Reg) -> bool:
    if reg.type & MAYBE_NULL:
        return False
    return reg.type & BASE_MASK in _NOT_NULL


def _pkt_branch_taken(dst: Reg, src: Reg, op: int) -> int:
    if src.type == PTR_TO_PACKET_END:
        pkt = dst
    elif dst.type == PTR_TO_PACKET_END:
        pkt = src
        op = bounds.FLIP[op]
    else:
        return -1
    if pkt.range >= 0:
        return -1
    if op in (JMP_JLE, JMP_JGT):
        if pkt.range == BEYOND_PKT_END:
            return int(op == JMP_JGT)
    elif op in (JMP_JLT, JMP_JGE) and pkt.range in (BEYOND_PKT_END, AT_PKT_END):
        return int(op == JMP_JGE)
    return -1


def is_branch_taken(r1: Reg, r2: Reg, op: int, is32: bool) -> int:
    if r1.type in _PKT_ANY and r2.type in _PKT_ANY and not is32:
        return _pkt_branch_taken(r1, r2, op)
    if r1.type != SCALAR or r2.type != SCALAR:
        if not bounds.is_const(r2, is32):
            op = bounds.FLIP[op]
            r1, r2 = r2, r1
        if not bounds.is_const(r2, is32):
            return -1
        if not reg_not_null(r1):
            return -1
        if bounds.const_value(r2, is32) != 0:
            return -1
        if op == JMP_JEQ:
            return 0
        if op == JMP_JNE:
            return 1
        return -1
    return bounds.scalar_branch_taken(r1, r2, op, is32)


def _find_good_pkt_pointers(st: State, dst: Reg, rtype: int, right_open: bool) -> None:
    if dst.off < 0 or (dst.off == 0 and right_open):
        return
    if dst.umax > MAX_PACKET_OFF or dst.umax + dst.off > MAX_PACKET_OFF:
        return
    new_range = dst.off + (1 if right_open else 0)
    did = dst.id

    def fn(r: Reg) -> bool:
        if r.type == rtype and r.id == did and r.range < new_range:
            r.range = new_range
            return True
        return False

    st.update_regs(fn)


def _init_pkt(reg: Reg, which: int) -> bool:
    return reg.type == which and reg.id == 0 and reg.off == 0 and reg.vm == 0 and reg.vv == 0


def _mark_pkt_end(st: State, regno: int, range_open: bool) -> None:
    reg = st.frames[-1].regs[regno]
    if reg.type != PTR_TO_PACKET:
        return
    reg.range = BEYOND_PKT_END if range_open else AT_PKT_END


def _try_match_pkt_pointers(
    insn: Instruction, dst: Reg, src: Reg, this: State, other: State
) -> bool:
    if not insn.opcode & 8 or insn.opcode & 7 == 6:
        return False
    op = insn.opcode & 0xF0
    d, s = insn.dst, insn.src
    fwd = (dst.type == PTR_TO_PACKET and src.type == PTR_TO_PACKET_END) or (
        dst.type == PTR_TO_PACKET_META and _init_pkt(src, PTR_TO_PACKET)
    )
    rev = (dst.type == PTR_TO_PACKET_END and src.type == PTR_TO_PACKET) or (
        _init_pkt(dst, PTR_TO_PACKET) and src.type == PTR_TO_PACKET_META
    )
    if op == JMP_JGT:
        if fwd:
            _find_good_pkt_pointers(this, dst, dst.type, False)
            _mark_pkt_end(other, d, True)
        elif rev:
            _find_good_pkt_pointers(other, src, src.type, True)
            _mark_pkt_end(this, s, False)
        else:
            return False
    elif op == JMP_JLT:
        if fwd:
            _find_good_pkt_pointers(other, dst, dst.type, True)
            _mark_pkt_end(this, d, False)
        elif rev:
            _find_good_pkt_pointers(this, src, src.type, False)
            _mark_pkt_end(other, s, True)
        else:
            return False
    elif op == JMP_JGE:
        if fwd:
            _find_good_pkt_pointers(this, dst, dst.type, True)
            _mark_pkt_end(other, d, False)
        elif rev:
            _find_good_pkt_pointers(other, src, src.type, False)
            _mark_pkt_end(this, s, True)
        else:
            return False
    elif op == JMP_JLE:
        if fwd:
            _find_good_pkt_pointers(other, dst, dst.type, False)
            _mark_pkt_end(this, d, True)
        elif rev:
            _find_good_pkt_pointers(this, src, src.type, True)
            _mark_pkt_end(other, s, False)
        else:
            return False
    else:
        return False
    return True


def _may_point_to_spin_lock(reg: Reg) -> bool:
    return (
        reg.type == PTR_TO_MAP_VALUE and reg.map is not None and reg.map.spin_lock_off is not None
    )


def _mark_ptr_or_null_regs(env: Env, st: State, regno: int, is_null: bool) -> None:
    reg = st.frames[-1].regs[regno]
    rid = reg.id
    if reg.ref_obj_id and reg.ref_obj_id == rid and is_null:
        for i, r in enumerate(st.refs):
            if r.id == rid:
                del st.refs[i]
                break

    def fn(r: Reg) -> bool:
        if not (r.type & MAYBE_NULL and r.id == rid):
            return False
        if is_null:
            r.type = SCALAR
            r.id = 0
            r.ref_obj_id = 0
            r.map = None
            r.range = 0
            r.mem_size = 0
            return True
        mark_ptr_not_null(r)
        if not _may_point_to_spin_lock(r):
            r.id = 0
        return True

    st.update_regs(fn)


# ---- linked scalar registers -----------------------------------------------------------------


def _collect_linked(st: State, rid: int, out: list[tuple[int, bool, int]]) -> None:
    rid &= ~ADD_CONST
    for fr in range(st.curframe, -1, -1):
        f = st.frames[fr]
        for j in range(10):
            r = f.regs[j]
            if r.type != SCALAR or (r.id & ~ADD_CONST) != rid:
                continue
            if len(out) < LINKED_REGS_MAX:
                out.append((fr, True, j))
            else:
                r.id = 0
        for spi, s in enumerate(f.stack):
            if s.types[7] != STACK_SPILL or s.reg is None:
                continue
            r = s.reg
            if r.type != SCALAR or (r.id & ~ADD_CONST) != rid:
                continue
            if len(out) < LINKED_REGS_MAX:
                out.append((fr, False, spi))
            else:
                nr = r.copy()
                nr.id = 0
                f.stack[spi] = Slot(s.types, nr)


def _sync_linked(st: State, known: Reg, linked: list[tuple[int, bool, int]]) -> None:
    for fr, is_reg, n in linked:
        f = st.frames[fr]
        if is_reg:
            reg = f.regs[n]
            slot = None
        else:
            slot = f.stack[n]
            if slot.reg is None:
                continue
            reg = slot.reg.copy()
        if reg.type != SCALAR or reg is known:
            continue
        if (reg.id & ~ADD_CONST) != (known.id & ~ADD_CONST):
            continue
        if (not reg.id & ADD_CONST and not known.id & ADD_CONST) or reg.off == known.off:
            reg.assign(known)
        else:
            saved_off = reg.off
            delta = _s32(reg.off) - _s32(known.off)
            reg.assign(known)
            reg.off = saved_off
            bounds.add_const(reg, delta)
        if slot is not None:
            f.stack[n] = Slot(slot.types, reg)


def _s32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >> 31 else v


# ---- the jump ----------------------------------------------------------------------------------


def _push_speculative(env: Env, insn: Instruction, target: int) -> None:
    branch = env.push_stack(target, env.insn_idx, speculative=True)
    regs = branch.frames[-1].regs
    env.mark_unknown(regs[insn.dst])
    if insn.opcode & 8:
        env.mark_unknown(regs[insn.src])


def check_cond_jmp(env: Env, insn: Instruction) -> None:
    this = env.cur
    regs = this.frames[-1].regs
    op = insn.opcode & 0xF0
    if op == 0xE0:
        env.reject("may_goto (BPF_JCOND) is not supported by ebpy's verifier", "EINVAL")
    if op in (JMP_JA,) or op > 0xE0 or op in (0x80, 0x90):
        env.reject(f"invalid BPF_JMP/JMP32 opcode {op:x}", "EINVAL")
    env.check_reg_arg(insn.dst, SRC_OP)
    dst = regs[insn.dst]
    flags = 0
    if insn.opcode & 8:
        if insn.imm != 0:
            env.reject("BPF_JMP/JMP32 uses reserved fields", "EINVAL")
        env.check_reg_arg(insn.src, SRC_OP)
        src = regs[insn.src]
        if not (dst.type in _PKT_ANY and src.type in _PKT_ANY) and env.is_pointer_value(insn.src):
            env.reject(f"R{insn.src} pointer comparison prohibited")
        if src.type == PTR_TO_STACK:
            flags |= HIST_SRC_STACK
        if dst.type == PTR_TO_STACK:
            flags |= HIST_DST_STACK
    else:
        if insn.src != 0:
            env.reject("BPF_JMP/JMP32 uses reserved fields", "EINVAL")
        src = const_reg(insn.imm)  # shared: copied below before anything changes it
        if dst.type == PTR_TO_STACK:
            flags |= HIST_DST_STACK
    if flags and env.cur_entry is not None:
        env.cur_entry[1] |= flags
        this.hist_cnt += 1
    is32 = insn.opcode & 7 == 6
    pred = is_branch_taken(dst, src, op, is32)
    if pred >= 0:
        if dst.type == SCALAR:
            mark_chain_precision(env, insn.dst)
        if insn.opcode & 8 and src.type == SCALAR:
            mark_chain_precision(env, insn.src)
    target = env.insn_idx + insn.off + 1
    if pred >= 0:
        if not env.bypass_spec_v1:
            # The CPU may still mispredict: walk the other way too, as speculation, with
            # the compared registers unknown (sanitize_speculative_path).
            _push_speculative(env, insn, env.insn_idx + 1 if pred == 1 else target)
        env.insn_idx = target if pred == 1 else env.insn_idx + 1
        return
    linked: list[tuple[int, bool, int]] = []
    if insn.opcode & 8 and src.type == SCALAR and src.id:
        _collect_linked(this, src.id, linked)
    if dst.type == SCALAR and dst.id:
        _collect_linked(this, dst.id, linked)
    if len(linked) > 1 and env.cur_entry is not None:
        env.cur_entry[2] = list(linked)
        this.hist_cnt += 1
    other = env.push_stack(target, env.insn_idx)
    oregs = other.frames[-1].regs
    if insn.opcode & 8:
        bounds.set_min_max(oregs[insn.dst], oregs[insn.src], dst, src, op, is32)
    else:
        bounds.set_min_max_k(oregs[insn.dst], dst, src, op, is32)
    if insn.opcode & 8 and src.type == SCALAR and src.id:
        _sync_linked(this, src, linked)
        _sync_linked(other, oregs[insn.src], linked)
    if dst.type == SCALAR and dst.id:
        _sync_linked(this, dst, linked)
        _sync_linked(other, oregs[insn.dst], linked)
    if (
        not is32
        and insn.opcode & 8
        and src.type != SCALAR
        and dst.type != SCALAR
        and bool(src.type & MAYBE_NULL) != bool(dst.type & MAYBE_NULL)
        and src.type & BASE_MASK != PTR_TO_BTF_ID
        and dst.type & BASE_MASK != PTR_TO_BTF_ID
    ):
        eq_regs = oregs if op == JMP_JEQ else regs if op == JMP_JNE else None
        if eq_regs is not None:
            if src.type & MAYBE_NULL:
                mark_ptr_not_null(eq_regs[insn.src])
            else:
                mark_ptr_not_null(eq_regs[insn.dst])
    if (
        not is32
        and not insn.opcode & 8
        and insn.imm == 0
        and op in (JMP_JEQ, JMP_JNE)
        and dst.type & MAYBE_NULL
    ):
        _mark_ptr_or_null_regs(env, this, insn.dst, op == JMP_JNE)
        _mark_ptr_or_null_regs(env, other, insn.dst, op == JMP_JEQ)
    elif not _try_match_pkt_pointers(
        insn, dst, regs[insn.src], this, other
    ) and env.is_pointer_value(insn.dst):
        env.reject(f"R{insn.dst} pointer comparison prohibited")
    env.insn_idx += 1
