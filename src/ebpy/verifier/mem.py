"""Memory access: loads, stores and atomics through every pointer type (check_mem_access),
with the bounds, alignment and type rules of each kind of memory."""

from __future__ import annotations

from ebpy.isa import Instruction
from ebpy.spec.contexts import (
    SOCK_ACCESS,
    SOCK_COMMON_ACCESS,
    TCP_SOCK_ACCESS,
    XDP_SOCK_ACCESS,
    CtxAccess,
    FieldKind,
    access_rules,
)
from ebpy.spec.types import ProgramType
from ebpy.verifier import bounds, tnum
from ebpy.verifier.env import DST_OP, DST_OP_NO_MARK, SRC_OP, Env
from ebpy.verifier.program import BPF_MAX_VAR_OFF
from ebpy.verifier.regs import (
    BASE_MASK,
    CONST_PTR_TO_MAP,
    MAYBE_NULL,
    NOT_INIT,
    PTR_TO_BTF_ID,
    PTR_TO_CTX,
    PTR_TO_FLOW_KEYS,
    PTR_TO_FUNC,
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
    PTR_TO_XDP_SOCK,
    RDONLY,
    S64_MIN,
    SCALAR,
    Reg,
    mark_known,
    mark_ptr,
    type_str,
)
from ebpy.verifier.stack import (
    check_stack_access_within_bounds,
    check_stack_read,
    check_stack_write,
)

SK_TYPES = frozenset({PTR_TO_SOCKET, PTR_TO_SOCK_COMMON, PTR_TO_TCP_SOCK, PTR_TO_XDP_SOCK})
SIZEOF_FLOW_KEYS = 56
# check_sock_access: the load rules of the struct each socket pointer type points to.
_SOCK_RULES: dict[int, CtxAccess] = {
    PTR_TO_SOCK_COMMON: SOCK_COMMON_ACCESS,
    PTR_TO_SOCKET: SOCK_ACCESS,
    PTR_TO_TCP_SOCK: TCP_SOCK_ACCESS,
    PTR_TO_XDP_SOCK: XDP_SOCK_ACCESS,
}

_KIND_TYPE = {
    FieldKind.PACKET: PTR_TO_PACKET,
    FieldKind.PACKET_END: PTR_TO_PACKET_END,
    FieldKind.PACKET_META: PTR_TO_PACKET_META,
    FieldKind.SOCKET: PTR_TO_SOCKET,
    FieldKind.SOCK_COMMON: PTR_TO_SOCK_COMMON,
    FieldKind.FLOW_KEYS: PTR_TO_FLOW_KEYS,
}

_DIRECT_READ_WRITE = frozenset(
    {
        ProgramType.SCHED_CLS,
        ProgramType.SCHED_ACT,
        ProgramType.XDP,
        ProgramType.LWT_XMIT,
        ProgramType.SK_SKB,
        ProgramType.SK_MSG,
    }
)
_DIRECT_READ_ONLY = frozenset(
    {
        ProgramType.LWT_IN,
        ProgramType.LWT_OUT,
        ProgramType.LWT_SEG6LOCAL,
        ProgramType.SK_REUSEPORT,
        ProgramType.FLOW_DISSECTOR,
        ProgramType.CGROUP_SKB,
    }
)


def may_access_direct_pkt_data(env: Env, write: bool, pkt_access: bool | None = None) -> bool:
    ptype = env.prog.type
    if ptype in _DIRECT_READ_ONLY and write:
        return False
    if ptype in _DIRECT_READ_ONLY or ptype in _DIRECT_READ_WRITE:
        if pkt_access is not None:
            return pkt_access
        env.seen_direct_write = True
        return True
    return ptype == ProgramType.CGROUP_SOCKOPT


# ---- alignment, regions ------------------------------------------------------------------------


def check_ptr_alignment(env: Env, reg: Reg, off: int, size: int, strict_once: bool) -> None:
    strict = strict_once
    t = reg.type
    if t in (PTR_TO_PACKET, PTR_TO_PACKET_META):
        if not strict or size == 1:
            return
        reg_off = tnum.add((reg.vv, reg.vm), (2 + reg.off + off, 0))
        if not tnum.is_aligned(reg_off, size):
            env.reject(
                f"misaligned packet access off 2+{tnum.fmt((reg.vv, reg.vm))}+{reg.off}+{off} "
                f"size {size}"
            )
        return
    if t == PTR_TO_STACK:
        strict = True
    if not strict or size == 1:
        return
    reg_off = tnum.add((reg.vv, reg.vm), ((reg.off + off) & ((1 << 64) - 1), 0))
    if not tnum.is_aligned(reg_off, size):
        env.reject(
            f"misaligned {_ALIGN_DESC.get(t, '')}access off {tnum.fmt((reg.vv, reg.vm))}"
            f"+{reg.off}+{off} size {size}"
        )


_ALIGN_DESC = {
    PTR_TO_FLOW_KEYS: "flow keys ",
    PTR_TO_MAP_KEY: "key ",
    PTR_TO_MAP_VALUE: "value ",
    PTR_TO_CTX: "context ",
    PTR_TO_STACK: "stack ",
    PTR_TO_SOCKET: "sock ",
    PTR_TO_SOCK_COMMON: "sock_common ",
    PTR_TO_TCP_SOCK: "tcp_sock ",
    PTR_TO_XDP_SOCK: "xdp_sock ",
}


def _mem_problem(reg: Reg, regno: int, off: int, size: int, mem_size: int, zero_ok: bool) -> str:
    size_ok = size > 0 or (size == 0 and zero_ok)
    if off >= 0 and size_ok and off + size <= mem_size:
        return ""
    base = reg.type & BASE_MASK
    if base == PTR_TO_MAP_KEY:
        return f"invalid access to map key, key_size={mem_size} off={off} size={size}"
    if base == PTR_TO_MAP_VALUE:
        return f"invalid access to map value, value_size={mem_size} off={off} size={size}"
    if base in (PTR_TO_PACKET, PTR_TO_PACKET_META, PTR_TO_PACKET_END):
        return (
            f"invalid access to packet, off={off} size={size}, "
            f"R{regno}(id={reg.id},off={off},r={mem_size})"
        )
    return f"invalid access to memory, mem_size={mem_size} off={off} size={size}"


def mem_region_problem(
    env: Env, regno: int, off: int, size: int, mem_size: int, zero_ok: bool
) -> str:
    """check_mem_region_access: the message when [off, off+size) may leave the region."""
    reg = env.regs[regno]
    if reg.smin < 0 and (
        reg.smin == S64_MIN or not -(1 << 31) <= off + reg.smin < (1 << 31) or reg.smin + off < 0
    ):
        return (
            f"R{regno} min value is negative, either use unsigned index or do a if (index >=0) "
            "check."
        )
    p = _mem_problem(reg, regno, reg.smin + off, size, mem_size, zero_ok)
    if p:
        return p + f"\nR{regno} min value is outside of the allowed memory range"
    if reg.umax >= BPF_MAX_VAR_OFF:
        return f"R{regno} unbounded memory access, make sure to bounds check any such access"
    p = _mem_problem(reg, regno, reg.umax + off, size, mem_size, zero_ok)
    if p:
        return p + f"\nR{regno} max value is outside of the allowed memory range"
    return ""


def check_mem_region_access(
    env: Env, regno: int, off: int, size: int, mem_size: int, zero_ok: bool
) -> None:
    p = mem_region_problem(env, regno, off, size, mem_size, zero_ok)
    if p:
        env.reject(p)


def map_access_problem(env: Env, regno: int, off: int, size: int, zero_ok: bool) -> str:
    """check_map_access: region bounds plus the fields that loads and stores must not touch."""
    reg = env.regs[regno]
    m = reg.map
    p = mem_region_problem(env, regno, off, size, m.value_size, zero_ok)
    if p:
        return p
    lock = m.spin_lock_off
    if lock is not None and reg.smin + off < lock + 4 and lock < reg.umax + off + size:
        return "bpf_spin_lock cannot be accessed directly by load/store"
    return ""


def check_map_access(env: Env, regno: int, off: int, size: int, zero_ok: bool) -> None:
    p = map_access_problem(env, regno, off, size, zero_ok)
    if p:
        env.reject(p)


def check_map_access_type(env: Env, regno: int, off: int, size: int, write: bool) -> None:
    m = env.regs[regno].map
    if write and not m.can_write:
        env.reject(f"write into map forbidden, value_size={m.value_size} off={off} size={size}")
    if not write and not m.can_read:
        env.reject(f"read from map forbidden, value_size={m.value_size} off={off} size={size}")


def check_packet_access(env: Env, regno: int, off: int, size: int, zero_ok: bool) -> None:
    reg = env.regs[regno]
    if reg.smin < 0:
        env.reject(
            f"R{regno} min value is negative, either use unsigned index or do a if (index >=0) "
            "check."
        )
    if reg.range < 0:
        env.reject(f"R{regno} offset is outside of the packet")
    p = _mem_problem(reg, regno, off, size, reg.range, zero_ok)
    if p:
        env.reject(p + f"\nR{regno} offset is outside of the packet")


def check_ptr_off_reg(env: Env, reg: Reg, regno: int, fixed_off_ok: bool = False) -> None:
    if reg.off < 0:
        env.reject(f"negative offset {type_str(reg.type)} ptr R{regno} off={reg.off} disallowed")
    if not fixed_off_ok and reg.off:
        env.reject(
            f"dereference of modified {type_str(reg.type)} ptr R{regno} off={reg.off} disallowed"
        )
    if reg.vm != 0 or reg.vv:
        env.reject(
            f"variable {type_str(reg.type)} access var_off={tnum.fmt((reg.vv, reg.vm))} disallowed"
        )


def _ctx_access(env: Env, off: int, size: int, write: bool, ldsx: bool) -> tuple[int, bool]:
    """check_ctx_access: what a load yields (register type, may be null) or a rejection."""
    rules = access_rules(env.prog.type, env.prog.attach_type, env.bpf_capable)
    if rules is None:
        env.reject(
            f"context access of {env.prog.type.name.lower()} programs is not modelled by ebpy's "
            f"verifier (off={off} size={size})",
            "EINVAL",
        )
    rule = rules.check(off, size, write)
    if rule is not None and ldsx and rule.kind != FieldKind.SCALAR:
        rule = None
    if rule is None:
        env.reject(f"invalid bpf_context access off={off} size={size}")
    return _KIND_TYPE.get(rule.kind, SCALAR), rule.nullable


def _sock_access_ok(reg: Reg, off: int, size: int) -> bool:
    rules = _SOCK_RULES.get(reg.type)
    return rules is not None and rules.check(off, size, False) is not None


def _map_direct_read(reg: Reg, off: int, size: int, ldsx: bool) -> int | None:
    m = reg.map
    if m.data is None or (not off >= 0 and off + size <= len(m.data)):
        return None
    raw = m.data[off : off + size]
    return int.from_bytes(raw, "little", signed=ldsx)


def check_mem_access(
    env: Env,
    regno: int,
    off: int,
    size: int,
    write: bool,
    value_regno: int,
    strict_once: bool = False,
    ldsx: bool = False,
) -> None:
    regs = env.regs
    reg = regs[regno]
    check_ptr_alignment(env, reg, off, size, strict_once)
    off += reg.off
    t = reg.type
    base = t & BASE_MASK
    if t == PTR_TO_MAP_KEY:
        if write:
            env.reject(f"write to change key R{regno} not allowed")
        check_mem_region_access(env, regno, off, size, reg.map.key_size, False)
        if value_regno >= 0:
            env.mark_unknown(regs[value_regno])
    elif t == PTR_TO_MAP_VALUE:
        if write and value_regno >= 0 and env.is_pointer_value(value_regno):
            env.reject(f"R{value_regno} leaks addr into map")
        check_map_access_type(env, regno, off, size, write)
        check_map_access(env, regno, off, size, False)
        if not write and value_regno >= 0:
            val = None
            if reg.vm == 0 and reg.map.rdonly:
                val = _map_direct_read(reg, off + reg.vv, size, ldsx)
            dst = regs[value_regno]
            if val is not None:
                dst.type = SCALAR
                mark_known(dst, val)
            else:
                env.mark_unknown(dst)
    elif base == PTR_TO_MEM:
        rdonly = bool(t & RDONLY)
        if t & MAYBE_NULL:
            env.reject(f"R{regno} invalid mem access '{type_str(t)}'")
        if write and rdonly:
            env.reject(f"R{regno} cannot write into {type_str(t)}")
        if write and value_regno >= 0 and env.is_pointer_value(value_regno):
            env.reject(f"R{value_regno} leaks addr into mem")
        check_mem_region_access(env, regno, off, size, reg.mem_size, False)
        if value_regno >= 0 and (not write or rdonly):
            env.mark_unknown(regs[value_regno])
    elif t == PTR_TO_CTX:
        if write and value_regno >= 0 and env.is_pointer_value(value_regno):
            env.reject(f"R{value_regno} leaks addr into ctx")
        check_ptr_off_reg(env, reg, regno)
        rtype, nullable = _ctx_access(env, off, size, write, ldsx)
        if not write and value_regno >= 0:
            dst = regs[value_regno]
            if rtype == SCALAR:
                env.mark_unknown(dst)
            else:
                mark_ptr(dst, rtype | (MAYBE_NULL if nullable else 0))
                if nullable:
                    dst.id = env.new_id()
    elif t == PTR_TO_STACK:
        check_stack_access_within_bounds(env, regno, off, size, write)
        if write:
            check_stack_write(env, regno, off, size, value_regno)
        else:
            check_stack_read(env, regno, off, size, value_regno)
    elif t in (PTR_TO_PACKET, PTR_TO_PACKET_META):
        if write and not may_access_direct_pkt_data(env, True):
            env.reject("cannot write into packet")
        if write and value_regno >= 0 and env.is_pointer_value(value_regno):
            env.reject(f"R{value_regno} leaks addr into packet")
        check_packet_access(env, regno, off, size, False)
        if not write and value_regno >= 0:
            env.mark_unknown(regs[value_regno])
    elif t == PTR_TO_FLOW_KEYS:
        if write and value_regno >= 0 and env.is_pointer_value(value_regno):
            env.reject(f"R{value_regno} leaks addr into flow keys")
        if off < 0 or off + size > SIZEOF_FLOW_KEYS:
            env.reject(f"invalid access to flow keys off={off} size={size}")
        if not write and value_regno >= 0:
            env.mark_unknown(regs[value_regno])
    elif t in SK_TYPES:
        if write:
            env.reject(f"R{regno} cannot write into {type_str(t)}")
        if reg.smin < 0:
            env.reject(
                f"R{regno} min value is negative, either use unsigned index or do a if "
                "(index >=0) check."
            )
        if not _sock_access_ok(reg, off, size):
            env.reject(f"R{regno} invalid {type_str(t)} access off={off} size={size}")
        if value_regno >= 0:
            env.mark_unknown(regs[value_regno])
    elif t == CONST_PTR_TO_MAP:
        _check_map_ptr_access(env, regno, off, size, write)
        if value_regno >= 0:
            env.mark_unknown(regs[value_regno])
    else:
        env.reject(f"R{regno} invalid mem access '{type_str(t)}'")
    if not write and value_regno >= 0 and size < 8 and regs[value_regno].type == SCALAR:
        if ldsx:
            bounds.coerce_to_size_sx(regs[value_regno], size)
        else:
            bounds.coerce_to_size(regs[value_regno], size)


# struct bpf_map of Linux 6.18 as (first byte, size) per member, from its BTF. A program with
# CAP_PERFMON may read the map struct through a map pointer (check_ptr_to_map_access, then
# btf_struct_access); a load inside one member gives a scalar. The kernel gives a BTF pointer
# for a whole pointer member, which ebpy does not track: it is a scalar here, so using it as
# a pointer is refused (stricter than the kernel, never looser).
BPF_MAP_MEMBERS = (
    *((0, 32), (32, 4), (40, 8), (48, 8), (56, 8), (64, 4), (68, 4), (72, 4), (76, 4)),
    *((80, 8), (88, 4), (92, 4), (96, 8), (104, 4), (108, 4), (112, 4), (116, 4), (120, 8)),
    *((128, 8), (136, 16), (152, 32), (184, 8), (192, 8), (200, 32), (232, 8), (240, 4)),
    *((248, 8), (256, 1), (257, 1), (258, 1), (259, 1), (260, 1), (264, 8), (272, 8)),
    *((280, 8), (288, 8)),
)


def _check_map_ptr_access(env: Env, regno: int, off: int, size: int, write: bool) -> None:
    if not env.allow_ptr_leaks:
        env.reject(
            "'struct bpf_map' access is allowed only to CAP_PERFMON and CAP_SYS_ADMIN", "EPERM"
        )
    if off < 0:
        env.reject(f"R{regno} is bpf_map invalid negative access: off={off}")
    if write:
        env.reject("only read from bpf_map is supported")
    for start, length in BPF_MAP_MEMBERS:
        if start <= off and off + size <= start + length:
            return
    env.reject(
        f"loads from struct bpf_map at off={off} size={size} are not modelled by ebpy's "
        "verifier (only loads inside one member of struct bpf_map)",
        "EINVAL",
    )


# ---- instructions -----------------------------------------------------------------------------

_MISMATCH_NOT_OK = frozenset(
    {PTR_TO_CTX, PTR_TO_SOCKET, PTR_TO_SOCK_COMMON, PTR_TO_TCP_SOCK, PTR_TO_XDP_SOCK, PTR_TO_BTF_ID}
)


def save_aux_ptr_type(env: Env, rtype: int) -> None:
    prev = env.ptr_types.get(env.insn_idx)
    if prev is None:
        env.ptr_types[env.insn_idx] = rtype
        return
    if rtype != prev and (
        rtype & BASE_MASK in _MISMATCH_NOT_OK or prev & BASE_MASK in _MISMATCH_NOT_OK
    ):
        env.reject("same insn cannot be used with different pointers", "EINVAL")


_SIZES = (4, 2, 1, 8)  # by the opcode's size field (W, H, B, DW)


def _nbytes(opcode: int) -> int:
    """Access width of a load or store (Instruction.nbytes without the enum lookup)."""
    return _SIZES[(opcode >> 3) & 3]


def check_load(env: Env, insn: Instruction) -> None:
    ldsx = insn.opcode & 0xE0 == 0x80
    env.check_reg_arg(insn.src, SRC_OP)
    env.check_reg_arg(insn.dst, DST_OP_NO_MARK)
    src_type = env.regs[insn.src].type
    check_mem_access(env, insn.src, insn.off, _nbytes(insn.opcode), False, insn.dst, False, ldsx)
    save_aux_ptr_type(env, src_type)
    bounds.sanity_fix(env.regs[insn.dst])


def check_store(env: Env, insn: Instruction, strict_once: bool = False) -> None:
    env.check_reg_arg(insn.src, SRC_OP)
    env.check_reg_arg(insn.dst, SRC_OP)
    dst_type = env.regs[insn.dst].type
    check_mem_access(env, insn.dst, insn.off, _nbytes(insn.opcode), True, insn.src, strict_once)
    save_aux_ptr_type(env, dst_type)


def check_store_imm(env: Env, insn: Instruction) -> None:
    if insn.opcode & 0xE0 != 0x60 or insn.src != 0:
        env.reject("BPF_ST uses reserved fields", "EINVAL")
    env.check_reg_arg(insn.dst, SRC_OP)
    dst_type = env.regs[insn.dst].type
    check_mem_access(env, insn.dst, insn.off, _nbytes(insn.opcode), True, -1)
    save_aux_ptr_type(env, dst_type)


BPF_LOAD_ACQ = 0x100
BPF_STORE_REL = 0x110
_ATOMIC_RMW = frozenset({0x00, 0x01, 0x50, 0x51, 0x40, 0x41, 0xA0, 0xA1, 0xE1, 0xF1})


def _atomic_ptr_ok(reg: Reg) -> bool:
    t = reg.type
    return not (
        t in (PTR_TO_CTX, PTR_TO_FLOW_KEYS)
        or t in (PTR_TO_PACKET, PTR_TO_PACKET_META)
        or t in SK_TYPES
    )


def check_atomic(env: Env, insn: Instruction) -> None:
    imm = insn.imm & 0xFFFFFFFF
    if imm in _ATOMIC_RMW:
        _check_atomic_rmw(env, insn, imm)
    elif imm == BPF_LOAD_ACQ:
        check_load(env, insn)
        if not _atomic_ptr_ok(env.regs[insn.src]):
            env.reject(
                f"BPF_ATOMIC loads from R{insn.src} {type_str(env.regs[insn.src].type)} is not "
                "allowed"
            )
    elif imm == BPF_STORE_REL:
        check_store(env, insn, True)
        if not _atomic_ptr_ok(env.regs[insn.dst]):
            env.reject(
                f"BPF_ATOMIC stores into R{insn.dst} {type_str(env.regs[insn.dst].type)} is not "
                "allowed"
            )
    else:
        env.reject(f"BPF_ATOMIC uses invalid atomic opcode {imm:02x}", "EINVAL")


def _check_atomic_rmw(env: Env, insn: Instruction, imm: int) -> None:
    size = insn.opcode & 0x18
    if size not in (0x00, 0x18):
        env.reject("invalid atomic operand size", "EINVAL")
    env.check_reg_arg(insn.src, SRC_OP)
    env.check_reg_arg(insn.dst, SRC_OP)
    if imm == 0xF1:
        env.check_reg_arg(0, SRC_OP)
        if env.is_pointer_value(0):
            env.reject("R0 leaks addr into mem")
    if env.is_pointer_value(insn.src):
        env.reject(f"R{insn.src} leaks addr into mem")
    dst = env.regs[insn.dst]
    if not _atomic_ptr_ok(dst):
        env.reject(f"BPF_ATOMIC stores into R{insn.dst} {type_str(dst.type)} is not allowed")
    if imm & 1:
        load_reg = 0 if imm == 0xF1 else insn.src
        env.check_reg_arg(load_reg, DST_OP)
    else:
        load_reg = -1
    nbytes = _nbytes(insn.opcode)
    check_mem_access(env, insn.dst, insn.off, nbytes, False, -1, True)
    if load_reg >= 0:
        check_mem_access(env, insn.dst, insn.off, nbytes, False, load_reg, True)
    check_mem_access(env, insn.dst, insn.off, nbytes, True, -1, True)


def check_ld_imm(env: Env, insn: Instruction) -> None:
    if insn.opcode & 0x18 != 0x18:
        env.reject("invalid BPF_LD_IMM insn", "EINVAL")
    if insn.off != 0:
        env.reject("BPF_LD_IMM64 uses reserved fields", "EINVAL")
    env.check_reg_arg(insn.dst, DST_OP)
    dst = env.regs[insn.dst]
    slot = env.insn_idx
    ref = env.prog.map_refs.get(slot)
    if ref is None and insn.src == 0:
        dst.type = SCALAR
        mark_known(dst, insn.imm64)
        return
    mark_ptr(dst, NOT_INIT)
    if slot in env.prog.func_refs:
        target = env.prog.func_refs[slot]
        if not env.prog_has_func_info:
            env.reject("missing btf func_info", "EINVAL")
        dst.type = PTR_TO_FUNC
        dst.subprogno = env.prog.find_subprog(target)
        return
    assert ref is not None
    dst.map = ref.map
    if ref.offset is not None:
        dst.type = PTR_TO_MAP_VALUE
        dst.off = ref.offset
    else:
        dst.type = CONST_PTR_TO_MAP


_SKB_TYPES = frozenset({ProgramType.SOCKET_FILTER, ProgramType.SCHED_CLS, ProgramType.SCHED_ACT})


def check_ld_abs(env: Env, insn: Instruction) -> None:
    if env.prog.type not in _SKB_TYPES:
        env.reject("BPF_LD_[ABS|IND] instructions not allowed for this program type", "EINVAL")
    mode = insn.opcode & 0xE0
    if (
        insn.dst != 0
        or insn.off != 0
        or insn.opcode & 0x18 == 0x18
        or (mode == 0x20 and insn.src != 0)
    ):
        env.reject("BPF_LD_[ABS|IND] uses reserved fields", "EINVAL")
    env.check_reg_arg(6, SRC_OP)
    from ebpy.verifier.calls import check_resource_leak

    check_resource_leak(env, True, "BPF_LD_[ABS|IND]")
    regs = env.regs
    if regs[6].type != PTR_TO_CTX:
        env.reject("at the time of BPF_LD_ABS|IND R6 != pointer to skb", "EINVAL")
    if mode == 0x40:
        env.check_reg_arg(insn.src, SRC_OP)
    check_ptr_off_reg(env, regs[6], 6)
    from ebpy.verifier.regs import mark_not_init

    for i in range(6):
        mark_not_init(regs[i])
        env.scratched_regs.add(i)
    env.mark_unknown(regs[0])


def is_pkt_type(t: int) -> bool:
    return t in (PTR_TO_PACKET, PTR_TO_PACKET_META)
