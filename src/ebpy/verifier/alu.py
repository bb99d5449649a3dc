"""ALU instructions: scalar arithmetic through the bounds logic, and pointer arithmetic with
the kernel's rules about which pointers may move and how far (check_alu_op,
adjust_ptr_min_max_vals)."""

from __future__ import annotations

from ebpy.isa import Instruction
from ebpy.verifier import bounds, tnum
from ebpy.verifier.env import DST_OP, DST_OP_NO_MARK, SRC_OP, Env
from ebpy.verifier.ops import (
    ALU_ADD,
    ALU_AND,
    ALU_ARSH,
    ALU_DIV,
    ALU_END,
    ALU_LSH,
    ALU_MOD,
    ALU_MOV,
    ALU_MUL,
    ALU_NEG,
    ALU_OR,
    ALU_RSH,
    ALU_SUB,
    ALU_XOR,
)
from ebpy.verifier.precision import mark_chain_precision
from ebpy.verifier.program import BPF_MAX_VAR_OFF
from ebpy.verifier.regs import (
    ADD_CONST,
    BASE_MASK,
    CONST_PTR_TO_MAP,
    MAYBE_NULL,
    PTR_TO_BTF_ID,
    PTR_TO_BUF,
    PTR_TO_CTX,
    PTR_TO_FLOW_KEYS,
    PTR_TO_FUNC,
    PTR_TO_MAP_KEY,
    PTR_TO_MAP_VALUE,
    PTR_TO_MEM,
    PTR_TO_PACKET,
    PTR_TO_PACKET_META,
    PTR_TO_STACK,
    PTR_TO_TP_BUFFER,
    S32_MAX,
    S64_MIN,
    SCALAR,
    U32,
    Reg,
    const_reg,
    mark_const_scalar,
    mark_known,
    mark_unbounded,
    mark_unbounded32,
    s64,
    type_str,
)
from ebpy.verifier.state import MAX_BPF_STACK

ALU_NAMES = {
    0x00: "+=",
    0x10: "-=",
    0x20: "*=",
    0x30: "/=",
    0x40: "|=",
    0x50: "&=",
    0x60: "<<=",
    0x70: ">>=",
    0x80: "neg",
    0x90: "%=",
    0xA0: "^=",
    0xB0: "=",
    0xC0: "s>>=",
    0xD0: "endian",
}

_PTR_MATH_OK = frozenset(
    {
        PTR_TO_CTX,
        PTR_TO_MAP_VALUE,
        PTR_TO_MAP_KEY,
        PTR_TO_STACK,
        PTR_TO_PACKET_META,
        PTR_TO_PACKET,
        PTR_TO_TP_BUFFER,
        PTR_TO_BTF_ID,
        PTR_TO_MEM,
        PTR_TO_BUF,
        PTR_TO_FUNC,
    }
)

# Spectre v1 masking state per instruction (unprivileged pointer arithmetic): the kernel
# rejects an instruction that needs different masks on different paths.
ALU_NON_POINTER = 1 << 4
ALU_NEG_VALUE = 1 << 0
ALU_IMMEDIATE = 1 << 2
ALU_SANITIZE_SRC = 1 << 1
ALU_SANITIZE_DST = 1 << 3


_FAST_OPS = frozenset(
    {ALU_ADD, ALU_SUB, ALU_MUL, ALU_AND, ALU_OR, ALU_XOR} | {ALU_LSH, ALU_RSH, ALU_ARSH}
)
_SHIFT_OPS = frozenset({ALU_LSH, ALU_RSH, ALU_ARSH})


def _fast_alu(env: Env, insn: Instruction) -> bool:
    """The common case of check_alu_op, `scalar op= scalar|imm` with every check passing and
    nothing to sanitize or backtrack, done directly; False to take the general path."""
    code = insn.opcode
    op = code & 0xF0
    d = insn.dst
    if op not in _FAST_OPS or insn.off != 0 or d >= 10 or not env.bypass_spec_v1:
        return False
    regs = env.cur.frames[-1].regs
    dst = regs[d]
    if dst.type != SCALAR:
        return False
    alu32 = code & 7 != 7
    if code & 8:
        sr = insn.src
        if insn.imm != 0 or sr > 10 or dst.precise:
            return False
        src = regs[sr]
        if src.type != SCALAR:
            return False
        if sr == d:
            src = src.copy()
        env.scratched_regs.add(sr)
    else:
        if insn.src != 0:
            return False
        if op in _SHIFT_OPS and not 0 <= insn.imm < (32 if alu32 else 64):
            return False
        src = const_reg(insn.imm)
    env.scratched_regs.add(d)
    ok = bounds.alu_scalar(dst, src, op, alu32, not env.bpf_capable)
    if env.bpf_capable and op == ALU_ADD and not alu32 and dst.id and src.vm == 0:
        if dst.id & ADD_CONST or src.vv > S32_MAX:
            dst.off = 0
            dst.id = 0
        else:
            dst.id |= ADD_CONST
            dst.off = src.vv
    else:
        dst.id = 0
        dst.off = 0
    if not ok:
        mark_unbounded(dst)
    return True


def check_alu(env: Env, insn: Instruction) -> None:
    """check_alu_op."""
    op = insn.opcode & 0xF0
    is64 = insn.opcode & 7 == 7
    if op == ALU_MOV:
        if not _check_mov(env, insn, is64):
            _sanity(env, env.cur.frames[-1].regs[insn.dst])
        return
    if _fast_alu(env, insn):
        return
    regs = env.regs
    if op in (ALU_END, ALU_NEG):
        if op == ALU_NEG:
            if insn.opcode & 8 or insn.src != 0 or insn.off != 0 or insn.imm != 0:
                env.reject("BPF_NEG uses reserved fields", "EINVAL")
        else:
            if (
                insn.src != 0
                or insn.off != 0
                or insn.imm not in (16, 32, 64)
                or (is64 and insn.opcode & 8)
            ):
                env.reject("BPF_END uses reserved fields", "EINVAL")
        env.check_reg_arg(insn.dst, SRC_OP)
        if env.is_pointer_value(insn.dst):
            env.reject(f"R{insn.dst} pointer arithmetic prohibited")
        if op == ALU_NEG and regs[insn.dst].type == SCALAR:
            env.check_reg_arg(insn.dst, DST_OP_NO_MARK)
            d = regs[insn.dst]
            bounds.alu_scalar(d, d.copy(), ALU_NEG, not is64, not env.bpf_capable)
        elif op == ALU_END and regs[insn.dst].type == SCALAR:
            env.check_reg_arg(insn.dst, DST_OP_NO_MARK)
            bounds.byte_swap(regs[insn.dst], insn.imm, bool(is64 or insn.opcode & 8))
        else:
            env.check_reg_arg(insn.dst, DST_OP)
        _sanity(env, regs[insn.dst])
        return
    if op > ALU_END:
        env.reject(f"invalid BPF_ALU opcode {op:x}", "EINVAL")
    if insn.opcode & 8:
        if (
            insn.imm != 0
            or insn.off not in (0, 1)
            or (insn.off == 1 and op not in (ALU_MOD, ALU_DIV))
        ):
            env.reject("BPF_ALU uses reserved fields", "EINVAL")
        env.check_reg_arg(insn.src, SRC_OP)
    else:
        if (
            insn.src != 0
            or insn.off not in (0, 1)
            or (insn.off == 1 and op not in (ALU_MOD, ALU_DIV))
        ):
            env.reject("BPF_ALU uses reserved fields", "EINVAL")
    env.check_reg_arg(insn.dst, SRC_OP)
    if op in (ALU_MOD, ALU_DIV) and not insn.opcode & 8 and insn.imm == 0:
        env.reject("div by zero", "EINVAL")
    if op in (ALU_LSH, ALU_RSH, ALU_ARSH) and not insn.opcode & 8:
        size = 64 if is64 else 32
        if not 0 <= insn.imm < size:
            env.reject(f"invalid shift {insn.imm}", "EINVAL")
    env.check_reg_arg(insn.dst, DST_OP_NO_MARK)
    _adjust_reg_min_max(env, insn)
    _sanity(env, regs[insn.dst])


def _sanity(env: Env, reg: Reg) -> None:
    if reg.type == SCALAR:
        bounds.sanity_fix(reg)


def assign_scalar_id_before_mov(env: Env, src: Reg) -> None:
    if src.type != SCALAR:
        return
    if src.id & ADD_CONST:
        src.id = 0
        src.off = 0
    if not src.id and src.vm != 0:
        src.id = env.new_id()


def _check_mov(env: Env, insn: Instruction, is64: bool) -> bool:
    """The mov forms; True when dst became a constant (consistent bounds by construction)."""
    regs = env.cur.frames[-1].regs
    x = bool(insn.opcode & 8)
    if x:
        if not is64:
            if insn.off not in (0, 8, 16) or insn.imm:
                env.reject("BPF_MOV uses reserved fields", "EINVAL")
        elif insn.off == 1:
            env.reject(
                "addr_space_cast insn can only be used in a program that has an associated arena",
                "EINVAL",
            )
        elif insn.off not in (0, 8, 16, 32) or insn.imm:
            env.reject("BPF_MOV uses reserved fields", "EINVAL")
        env.check_reg_arg(insn.src, SRC_OP)
    elif insn.src != 0 or insn.off != 0:
        env.reject("BPF_MOV uses reserved fields", "EINVAL")
    env.check_reg_arg(insn.dst, DST_OP_NO_MARK)
    dst = regs[insn.dst]
    if not x:
        mark_const_scalar(dst, insn.imm if is64 else insn.imm & U32, not env.bpf_capable)
        return True
    src = regs[insn.src]
    if is64:
        if insn.off == 0:
            assign_scalar_id_before_mov(env, src)
            dst.assign(src)
            return False
        if env.is_pointer_value(insn.src):
            env.reject(f"R{insn.src} sign-extension part of pointer")
        if src.type == SCALAR:
            no_sext = src.umax < (1 << (insn.off - 1))
            if no_sext:
                assign_scalar_id_before_mov(env, src)
            dst.assign(src)
            if not no_sext:
                dst.id = 0
            bounds.coerce_to_size_sx(dst, insn.off >> 3)
        else:
            env.mark_unknown(dst)
        return False
    if env.is_pointer_value(insn.src):
        env.reject(f"R{insn.src} partial copy of pointer")
    if src.type == SCALAR:
        if insn.off == 0:
            is_u32 = src.umax.bit_length() <= 32
            if is_u32:
                assign_scalar_id_before_mov(env, src)
            dst.assign(src)
            if not is_u32:
                dst.id = 0
        else:
            no_sext = src.umax < (1 << (insn.off - 1))
            if no_sext:
                assign_scalar_id_before_mov(env, src)
            dst.assign(src)
            if not no_sext:
                dst.id = 0
            bounds.coerce_subreg_to_size_sx(dst, insn.off >> 3)
    else:
        env.mark_unknown(dst)
    bounds.zext_32_to_64(dst)
    bounds.sync(dst)
    return False


def _adjust_reg_min_max(env: Env, insn: Instruction) -> None:
    """adjust_reg_min_max_vals: dispatch to pointer or scalar arithmetic."""
    regs = env.regs
    dst = regs[insn.dst]
    op = insn.opcode & 0xF0
    alu32 = insn.opcode & 7 != 7
    if insn.opcode & 8:
        src = regs[insn.src]
        if src.type != SCALAR:
            if dst.type != SCALAR:
                if op == ALU_SUB and env.allow_ptr_leaks:
                    env.mark_unknown(dst)
                    return
                env.reject(f"R{insn.dst} pointer {ALU_NAMES[op]} pointer prohibited")
            mark_chain_precision(env, insn.dst)
            _adjust_ptr(env, insn, src.copy(), dst.copy(), ptr_is_dst=False)
            return
        if dst.type != SCALAR:
            mark_chain_precision(env, insn.src)
            _adjust_ptr(env, insn, dst.copy(), src.copy(), ptr_is_dst=True)
            return
        if dst.precise:
            mark_chain_precision(env, insn.src)
        src_val = src.copy()
    else:
        src_val = Reg()
        src_val.type = SCALAR
        mark_known(src_val, insn.imm)
        if dst.type != SCALAR:
            _adjust_ptr(env, insn, dst.copy(), src_val, ptr_is_dst=True)
            return
    _sanitize_val_alu(env, insn)
    bounds.alu_scalar(dst, src_val, op, alu32, not env.bpf_capable)
    if (
        env.bpf_capable
        and op == ALU_ADD
        and not alu32
        and dst.id
        and bounds.is_const(src_val, False)
    ):
        val = src_val.vv
        if dst.id & ADD_CONST or val > S32_MAX:
            dst.off = 0
            dst.id = 0
        else:
            dst.id |= ADD_CONST
            dst.off = val
    else:
        dst.id = 0
        dst.off = 0


def check_reg_sane_offset(env: Env, reg: Reg, rtype: int) -> bool:
    known = reg.vm == 0
    val = s64(reg.vv)
    if known and (val >= BPF_MAX_VAR_OFF or val <= -BPF_MAX_VAR_OFF):
        env.reject(f"math between {type_str(rtype)} pointer and {val} is not allowed", "EINVAL")
    if reg.off >= BPF_MAX_VAR_OFF or reg.off <= -BPF_MAX_VAR_OFF:
        env.reject(f"{type_str(rtype)} pointer offset {reg.off} is not allowed", "EINVAL")
    if reg.smin == S64_MIN:
        env.reject(
            f"math between {type_str(rtype)} pointer and register with unbounded min value is "
            "not allowed",
            "EINVAL",
        )
    if reg.smin >= BPF_MAX_VAR_OFF or reg.smin <= -BPF_MAX_VAR_OFF:
        env.reject(f"value {reg.smin} makes {type_str(rtype)} pointer be out of bounds", "EINVAL")
    return True


def _adjust_ptr(env: Env, insn: Instruction, ptr: Reg, off: Reg, ptr_is_dst: bool) -> None:
    """adjust_ptr_min_max_vals: `dst = ptr op off` where off is a scalar."""
    dst = env.regs[insn.dst]
    op = insn.opcode & 0xF0
    known = off.vm == 0
    smin_val, smax_val, umin_val, umax_val = off.smin, off.smax, off.umin, off.umax
    if (known and (smin_val != smax_val or umin_val != umax_val)) or (
        smin_val > smax_val or umin_val > umax_val
    ):
        env.mark_unknown(dst)
        return
    if insn.opcode & 7 != 7:
        if op == ALU_SUB and env.allow_ptr_leaks:
            env.mark_unknown(dst)
            return
        env.reject(f"R{insn.dst} 32-bit pointer arithmetic prohibited")
    if ptr.type & MAYBE_NULL:
        env.reject(
            f"R{insn.dst} pointer arithmetic on {type_str(ptr.type)} prohibited, null-check it first"
        )
    base = ptr.type & BASE_MASK
    if base not in _PTR_MATH_OK:
        ok = False
        if (base == PTR_TO_FLOW_KEYS and known) or (
            base in (PTR_TO_FLOW_KEYS, CONST_PTR_TO_MAP)
            and known
            and smin_val == 0
            and (op == ALU_ADD)
        ):
            ok = True
        if not ok:
            env.reject(f"R{insn.dst} pointer arithmetic on {type_str(ptr.type)} prohibited")
    dst.type = ptr.type
    dst.id = ptr.id
    check_reg_sane_offset(env, off, ptr.type)
    check_reg_sane_offset(env, ptr, ptr.type)
    mark_unbounded32(dst)
    sanitize = (
        op in (ALU_ADD, ALU_SUB)
        and not env.bypass_spec_v1
        and bool(insn.opcode & 8)
        and env.insn_idx not in env.nospec
    )
    info = _Sanitize() if sanitize else _NOT_SANITIZED
    if sanitize:
        _sanitize_ptr_alu(env, insn, ptr, off, False, info, ptr_is_dst)
    smin_ptr, smax_ptr, umin_ptr, umax_ptr = ptr.smin, ptr.smax, ptr.umin, ptr.umax
    is_pkt = base in (PTR_TO_PACKET, PTR_TO_PACKET_META)
    if op == ALU_ADD:
        if known and -(1 << 31) <= ptr.off + smin_val < (1 << 31):
            dst.smin, dst.smax, dst.umin, dst.umax = smin_ptr, smax_ptr, umin_ptr, umax_ptr
            dst.vv, dst.vm = ptr.vv, ptr.vm
            dst.off = ptr.off + smin_val
            _copy_raw(dst, ptr)
        else:
            smin = smin_ptr + smin_val
            smax = smax_ptr + smax_val
            if not (-(1 << 63) <= smin < (1 << 63)) or not (-(1 << 63) <= smax < (1 << 63)):
                smin, smax = S64_MIN, (1 << 63) - 1
            dst.smin, dst.smax = smin, smax
            umin = umin_ptr + umin_val
            umax = umax_ptr + umax_val
            if umin > (1 << 64) - 1 or umax > (1 << 64) - 1:
                umin, umax = 0, (1 << 64) - 1
            dst.umin, dst.umax = umin, umax
            dst.vv, dst.vm = tnum.add((ptr.vv, ptr.vm), (off.vv, off.vm))
            dst.off = ptr.off
            _copy_raw(dst, ptr)
            if is_pkt:
                dst.id = env.new_id()
                dst.range = 0
    elif op == ALU_SUB:
        if not ptr_is_dst:
            env.reject(f"R{insn.dst} tried to subtract pointer from scalar")
        if base == PTR_TO_STACK:
            env.reject(f"R{insn.dst} subtraction from stack pointer prohibited")
        if known and -(1 << 31) <= ptr.off - smin_val < (1 << 31):
            dst.smin, dst.smax, dst.umin, dst.umax = smin_ptr, smax_ptr, umin_ptr, umax_ptr
            dst.vv, dst.vm = ptr.vv, ptr.vm
            dst.id = ptr.id
            dst.off = ptr.off - smin_val
            _copy_raw(dst, ptr)
        else:
            smin = smin_ptr - smax_val
            smax = smax_ptr - smin_val
            if not (-(1 << 63) <= smin < (1 << 63)) or not (-(1 << 63) <= smax < (1 << 63)):
                smin, smax = S64_MIN, (1 << 63) - 1
            dst.smin, dst.smax = smin, smax
            if umin_ptr < umax_val:
                dst.umin, dst.umax = 0, (1 << 64) - 1
            else:
                dst.umin, dst.umax = umin_ptr - umax_val, umax_ptr - umin_val
            dst.vv, dst.vm = tnum.sub((ptr.vv, ptr.vm), (off.vv, off.vm))
            dst.off = ptr.off
            _copy_raw(dst, ptr)
            if is_pkt:
                dst.id = env.new_id()
                if smin_val < 0:
                    dst.range = 0
    elif op in (ALU_AND, ALU_OR, ALU_XOR):
        env.reject(f"R{insn.dst} bitwise operator {ALU_NAMES[op]} on pointer prohibited")
    else:
        env.reject(f"R{insn.dst} pointer arithmetic with {ALU_NAMES[op]} operator prohibited")
    check_reg_sane_offset(env, dst, ptr.type)
    bounds.sync(dst)
    if not env.bypass_spec_v1:
        _sanitize_check_bounds(env, insn, dst)
    if sanitize:
        _sanitize_ptr_alu(env, insn, dst, off, True, info, True)


def _copy_raw(dst: Reg, ptr: Reg) -> None:
    dst.map = ptr.map
    dst.range = ptr.range
    dst.mem_size = ptr.mem_size
    dst.frameno = ptr.frameno
    dst.subprogno = ptr.subprogno
    dst.ref_obj_id = ptr.ref_obj_id


def _sanitize_check_bounds(env: Env, insn: Instruction, dst: Reg) -> None:
    base = dst.type
    if base == PTR_TO_STACK:
        off = dst.off + s64(dst.vv)
        if dst.vm != 0:
            env.reject(
                f"R{insn.dst} variable stack access prohibited for !root, "
                f"var_off={tnum.fmt((dst.vv, dst.vm))} off={off}"
            )
        if off >= 0 or off < -MAX_BPF_STACK:
            env.reject(
                f"R{insn.dst} stack pointer arithmetic goes out of range, prohibited for !root; "
                f"off={off}"
            )
    elif base == PTR_TO_MAP_VALUE:
        from ebpy.verifier.mem import map_access_problem

        problem = map_access_problem(env, insn.dst, dst.off, 1, False)
        if problem:
            env.reject(
                problem + f"\nR{insn.dst} pointer arithmetic of map value goes out of range, "
                "prohibited for !root"
            )


class _Sanitize:
    """What the first half of sanitize_ptr_alu hands to the commit half."""

    __slots__ = ("limit", "mask_to_left", "state")

    def __init__(self) -> None:
        self.state = 0
        self.limit = 0
        self.mask_to_left = False


_NOT_SANITIZED = _Sanitize()  # stands in when there is nothing to sanitize; never changed


def _ptr_limit(ptr: Reg, mask_to_left: bool) -> int | None:
    """retrieve_ptr_limit: None for pointer types Spectre masking cannot handle, -1 when the
    pointer is already out of its object."""
    if ptr.type == PTR_TO_STACK:
        mx = MAX_BPF_STACK + (1 if mask_to_left else 0)
        limit = (-(s64(ptr.vv) + ptr.off)) & U32
    elif ptr.type == PTR_TO_MAP_VALUE:
        mx = ptr.map.value_size if ptr.map is not None else 0
        limit = ((ptr.smin if mask_to_left else ptr.umax) + ptr.off) & U32
    else:
        return None
    if limit >= mx:
        return -1
    return limit


def _sanitize_ptr_alu(
    env: Env, insn: Instruction, ptr: Reg, off: Reg, commit: bool, info: _Sanitize, ptr_is_dst: bool
) -> None:
    """Spectre v1 rules for unprivileged `ptr += reg` (sanitize_ptr_alu)."""
    off_is_imm = off.vm == 0
    if not env.cur.speculative:
        _sanitize_limits(env, insn, ptr, off, commit, info, ptr_is_dst)
    if commit or off_is_imm:
        return
    # Simulate the masked offset (zero) under speculation: walk on from the next
    # instruction with dst holding the unmoved pointer.
    branch = env.push_stack(env.insn_idx + 1, env.insn_idx, speculative=True)
    if not ptr_is_dst:
        branch.frames[-1].regs[insn.dst] = ptr.copy()


def _sanitize_limits(
    env: Env, insn: Instruction, ptr: Reg, off: Reg, commit: bool, info: _Sanitize, ptr_is_dst: bool
) -> None:
    op = insn.opcode & 0xF0
    opname = "add" if op == ALU_ADD else "sub"
    err = "pointer arithmetic with it prohibited for !root"
    off_is_imm = off.vm == 0
    off_is_neg = off.smin < 0
    if not commit:
        if not off_is_imm and (off.smin < 0) != (off.smax < 0):
            env.reject(
                f"R{insn.src if ptr_is_dst else insn.dst} has unknown scalar with mixed "
                f"signed bounds, {err}"
            )
        info.mask_to_left = (op == ALU_ADD and off_is_neg) or (op == ALU_SUB and not off_is_neg)
    limit = _ptr_limit(ptr, info.mask_to_left)
    if limit is None:
        env.reject(
            f"R{insn.dst if ptr_is_dst else insn.src} has pointer with unsupported alu "
            f"operation, {err}"
        )
    if limit < 0:
        env.reject(f"R{insn.dst} tried to {opname} beyond pointer bounds, {err}")
    if not commit:
        info.state = (
            (ALU_NEG_VALUE if off_is_neg else 0)
            | (ALU_IMMEDIATE if off_is_imm else 0)
            | (ALU_SANITIZE_SRC if ptr_is_dst else ALU_SANITIZE_DST)
        )
        info.limit = limit
        if not off_is_imm:
            env.explore_alu_limits = True
        return
    _update_alu_state(env, insn, info.state, (info.limit - limit) & U32, opname, err)


def _update_alu_state(
    env: Env, insn: Instruction, state: int, limit: int, op: str, err: str
) -> None:
    aux = env.alu_aux.get(env.insn_idx)
    if aux is not None and aux != (state, limit):
        env.reject(f"R{insn.dst} tried to {op} from different maps, paths or scalars, {err}")
    env.alu_aux[env.insn_idx] = (state, limit)


def _sanitize_val_alu(env: Env, insn: Instruction) -> None:
    op = insn.opcode & 0xF0
    if op not in (ALU_ADD, ALU_SUB) or env.bypass_spec_v1 or not insn.opcode & 8:
        return
    opname = "add" if op == ALU_ADD else "sub"
    _update_alu_state(
        env, insn, ALU_NON_POINTER, 0, opname, "pointer arithmetic with it prohibited for !root"
    )
