"""Calls: helpers (argument checks against their prototypes), bpf-to-bpf calls, callbacks of
bpf_loop and bpf_for_each_map_elem, returns, and the return-value and reference checks at
program exit."""

from __future__ import annotations

from dataclasses import dataclass, field

from ebpy.isa import Instruction
from ebpy.spec.helper_ids import HELPER_NAMES
from ebpy.spec.helper_protos import (
    NOT_ALLOWED,
    SLEEPABLE_ONLY,
    Arg,
    ArgKind,
    HelperProto,
    RetKind,
    available,
    proto_for,
)
from ebpy.spec.types import AttachType, MapType, ProgramType
from ebpy.verifier import bounds
from ebpy.verifier.env import MAX_CALL_FRAMES, SRC_OP, Env
from ebpy.verifier.mem import (
    check_map_access,
    check_map_access_type,
    check_mem_access,
    check_mem_region_access,
    check_packet_access,
    check_ptr_alignment,
    check_ptr_off_reg,
    may_access_direct_pkt_data,
)
from ebpy.verifier.precision import mark_chain_precision, mark_slot_precision
from ebpy.verifier.program import MapInfo
from ebpy.verifier.prune import find_prev_entry, widen_imprecise_scalars
from ebpy.verifier.regs import (
    ALLOC,
    BASE_MASK,
    CONST_PTR_TO_MAP,
    MAYBE_NULL,
    NOT_INIT,
    PTR_TO_BTF_ID,
    PTR_TO_BUF,
    PTR_TO_CTX,
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
    RINGBUF,
    S32_MAX,
    S32_MIN,
    SCALAR,
    U32,
    Reg,
    mark_not_init,
    mark_ptr,
    s64,
    type_str,
)
from ebpy.verifier.stack import check_stack_range_initialized
from ebpy.verifier.state import STACK_SPILL, STACK_ZERO, Ref, State, new_frame

FUNC_TAIL_CALL = 12
FUNC_GET_STACK = 67
FUNC_PROBE_READ_STR = 45
FUNC_PROBE_READ_USER_STR = 114
FUNC_PROBE_READ_KERNEL_STR = 115
FUNC_GET_SMP_PROCESSOR_ID = 8
FUNC_MAP_LOOKUP_ELEM = 1
FUNC_SPIN_LOCK = 93
FUNC_SPIN_UNLOCK = 94
FUNC_LOOP = 181
FUNC_FOR_EACH_MAP_ELEM = 164
MAX_ERRNO = 4095

MEM_TYPES = (
    PTR_TO_STACK,
    PTR_TO_PACKET,
    PTR_TO_PACKET_META,
    PTR_TO_MAP_KEY,
    PTR_TO_MAP_VALUE,
    PTR_TO_MEM,
    PTR_TO_MEM | RINGBUF,
    PTR_TO_BUF,
)
_MEM_NAMES = "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_"
SOCK_TYPES = (PTR_TO_SOCK_COMMON, PTR_TO_SOCKET, PTR_TO_TCP_SOCK, PTR_TO_XDP_SOCK)

_COMPATIBLE: dict[ArgKind, tuple[tuple[int, ...], str]] = {
    ArgKind.MAP_KEY: (MEM_TYPES, _MEM_NAMES),
    ArgKind.MAP_VALUE: (MEM_TYPES, _MEM_NAMES),
    ArgKind.MEM: (MEM_TYPES, _MEM_NAMES),
    ArgKind.CONST_SIZE: ((SCALAR,), "scalar"),
    ArgKind.CONST_SIZE_OR_ZERO: ((SCALAR,), "scalar"),
    ArgKind.CONST_ALLOC_SIZE_OR_ZERO: ((SCALAR,), "scalar"),
    ArgKind.CONST_MAP_PTR: ((CONST_PTR_TO_MAP,), "map_ptr"),
    ArgKind.CTX: ((PTR_TO_CTX,), "ctx"),
    ArgKind.SOCK_COMMON: (SOCK_TYPES, "sock_common, sock, tcp_sock, xdp_sock"),
    ArgKind.BTF_ID_SOCK_COMMON: (
        SOCK_TYPES,
        "sock_common, sock, tcp_sock, xdp_sock, ptr_, trusted_ptr_",
    ),
    ArgKind.SOCKET: ((PTR_TO_SOCKET,), "sock"),
    ArgKind.SPIN_LOCK: ((PTR_TO_MAP_VALUE, PTR_TO_BTF_ID | ALLOC), "map_value, ptr_"),
    ArgKind.RINGBUF_MEM: ((PTR_TO_MEM | RINGBUF,), "ringbuf_mem"),
    ArgKind.FUNC: ((PTR_TO_FUNC,), "func"),
    ArgKind.STACK: ((PTR_TO_STACK,), "fp"),
    ArgKind.CONST_STR: ((PTR_TO_MAP_VALUE,), "map_value"),
}

_OFF_OK = frozenset(
    {
        PTR_TO_STACK,
        PTR_TO_PACKET,
        PTR_TO_PACKET_META,
        PTR_TO_MAP_KEY,
        PTR_TO_MAP_VALUE,
        PTR_TO_MEM,
        PTR_TO_MEM | RDONLY,
        PTR_TO_MEM | RINGBUF,
        PTR_TO_BUF,
        PTR_TO_BUF | RDONLY,
        SCALAR,
    }
)


@dataclass(slots=True)
class Meta:
    """What argument checks learn for the rest of the call (bpf_call_arg_meta)."""

    func_id: int
    pkt_access: bool
    map: MapInfo | None = None
    raw_mode: bool = False
    regno: int = 0
    access_size: int = 0
    mem_size: int = 0
    msize_max_value: int = 0
    ref_obj_id: int = 0
    release_regno: int = 0
    subprogno: int = 0
    const_map_key: int = -1
    map_uid: int = 0
    extra: dict[str, int] = field(default_factory=dict)


_MAX_HELPER_ID = max(HELPER_NAMES)


def helper_name(hid: int) -> str:
    return HELPER_NAMES.get(hid, "unknown")


def check_resource_leak(env: Env, check_lock: bool, prefix: str) -> None:
    """No spin lock held (when `check_lock`) and, in the main frame, no reference unreleased."""
    st = env.cur
    if check_lock and st.active_lock:
        env.reject(f"{prefix} cannot be used inside bpf_spin_lock-ed region", "EINVAL")
    if st.frames[-1].frameno == 0:
        lingering = [r for r in st.refs if r.kind == "ptr"]
        if lingering:
            lines = [f"Unreleased reference id={r.id} alloc_insn={r.insn}" for r in lingering]
            lines.append(f"{prefix} would lead to reference leak")
            env.reject("\n".join(lines), "EINVAL")


def _register_is_null(reg: Reg) -> bool:
    return reg.type == SCALAR and reg.vm == 0 and reg.vv == 0


def _check_reg_type(env: Env, regno: int, arg: Arg, meta: Meta) -> None:
    reg = env.regs[regno]
    allowed, names = _COMPATIBLE[arg.kind]
    t = reg.type
    if arg.rdonly:
        t &= ~RDONLY
    if arg.nullable:
        t &= ~MAYBE_NULL
    if t not in allowed:
        env.reject(f"R{regno} type={type_str(reg.type)} expected={names}")


def _check_func_arg_reg_off(env: Env, reg: Reg, regno: int, arg: Arg) -> None:
    if arg.release:
        if reg.off:
            env.reject(
                f"R{regno} must have zero offset when passed to release func or trusted arg to "
                "kfunc",
                "EINVAL",
            )
        check_ptr_off_reg(env, reg, regno)
        return
    if reg.type in _OFF_OK:
        return
    check_ptr_off_reg(env, reg, regno)


def check_helper_mem_access(
    env: Env, regno: int, access_size: int, write: bool, zero_ok: bool, meta: Meta | None
) -> None:
    reg = env.regs[regno]
    base = reg.type & BASE_MASK
    if base in (PTR_TO_PACKET, PTR_TO_PACKET_META):
        check_packet_access(env, regno, reg.off, access_size, zero_ok)
    elif base == PTR_TO_MAP_KEY:
        if write:
            env.reject(f"R{regno} cannot write into {type_str(reg.type)}")
        check_mem_region_access(env, regno, reg.off, access_size, reg.map.key_size, False)
    elif base == PTR_TO_MAP_VALUE:
        check_map_access_type(env, regno, reg.off, access_size, write)
        check_map_access(env, regno, reg.off, access_size, zero_ok)
    elif base == PTR_TO_MEM:
        if reg.type & RDONLY and write:
            env.reject(f"R{regno} cannot write into {type_str(reg.type)}")
        check_mem_region_access(env, regno, reg.off, access_size, reg.mem_size, zero_ok)
    elif base == PTR_TO_STACK:
        check_stack_range_initialized(env, regno, reg.off, access_size, zero_ok, write, meta)
    elif base == PTR_TO_CTX and env.prog.type == ProgramType.SYSCALL:
        if access_size == 0:
            if not zero_ok:
                env.reject("invalid zero-sized access to the context")
            return
        check_mem_access(env, regno, access_size - 1, 1, write, -1)
    else:
        if zero_ok and access_size == 0 and _register_is_null(reg):
            return
        env.reject(f"R{regno} type={type_str(reg.type)} expected=fp")


def _check_mem_size_reg(
    env: Env, reg: Reg, regno: int, write: bool, zero_ok: bool, meta: Meta
) -> None:
    meta.msize_max_value = reg.umax
    m: Meta | None = meta if reg.vm == 0 else None
    if reg.smin < 0:
        env.reject(f"R{regno} min value is negative, either use unsigned or 'var &= const'")
    if reg.umin == 0 and not zero_ok:
        env.reject(f"R{regno} invalid zero-sized read: u64=[{s64(reg.umin)},{s64(reg.umax)}]")
    if reg.umax >= 1 << 29:
        env.reject(f"R{regno} unbounded memory access, use 'var &= const' or 'if (var < const)'")
    check_helper_mem_access(env, regno - 1, reg.umax, write, zero_ok, m)
    mark_chain_precision(env, regno)


def _check_const_str(env: Env, reg: Reg, regno: int) -> None:
    m = reg.map
    if not m.rdonly:
        env.reject(f"R{regno} does not point to a readonly map'")
    if reg.vm != 0:
        env.reject(f"R{regno} is not a constant address'")
    check_map_access(env, regno, reg.off, m.value_size - reg.off, False)
    off = reg.off + reg.vv
    data = m.data or b""
    if b"\0" not in data[off : m.value_size]:
        env.reject("string is not zero-terminated", "EINVAL")


def _constant_map_key(env: Env, key: Reg, key_size: int) -> int:
    """get_constant_map_key: the key a constant-key array lookup uses, or -1."""
    if not env.bpf_capable or key.type != PTR_TO_STACK or key.vm != 0:
        return -1
    f = env.func(key)
    stack_off = key.off + s64(key.vv)
    slot = -stack_off - 1
    spi = slot // 8
    off = slot % 8
    if spi >= len(f.stack):
        return -1
    s = f.stack[spi]
    zero = 0
    i = off
    while i >= 0 and s.types[i] == STACK_ZERO:
        zero += 1
        i -= 1
    if zero >= key_size:
        return 0
    if not s.is_spilled_scalar:
        return -1
    spill = 0
    i = off
    while i >= 0 and s.types[i] == STACK_SPILL:
        spill += 1
        i -= 1
    if spill != key_size:
        return -1
    r = s.reg
    assert r is not None
    if r.vm != 0:
        return -1
    mark_slot_precision(env, key.frameno, spi)
    return r.vv


def _check_func_arg(env: Env, i: int, meta: Meta, fn: HelperProto) -> None:
    regno = 1 + i
    arg = fn.args[i]
    if arg.kind == ArgKind.DONTCARE:
        return
    env.check_reg_arg(regno, SRC_OP)
    reg = env.regs[regno]
    if arg.kind == ArgKind.ANYTHING:
        if env.is_pointer_value(regno):
            env.reject(f"R{regno} leaks addr into helper function")
        return
    if reg.type in (PTR_TO_PACKET, PTR_TO_PACKET_META) and not may_access_direct_pkt_data(
        env, False, meta.pkt_access
    ):
        env.reject("helper access to the packet is not allowed")
    kind: ArgKind = arg.kind
    if (
        kind == ArgKind.MAP_VALUE
        and meta.map is not None
        and meta.map.type
        in (
            MapType.SOCKMAP,
            MapType.SOCKHASH,
        )
    ):
        arg = Arg(ArgKind.BTF_ID_SOCK_COMMON)
        kind = arg.kind
    if not (_register_is_null(reg) and arg.nullable):
        _check_reg_type(env, regno, arg, meta)
        _check_func_arg_reg_off(env, reg, regno, arg)
    if arg.release:
        if not reg.ref_obj_id and not _register_is_null(reg):
            env.reject(f"R{regno} must be referenced when passed to release function", "EINVAL")
        meta.release_regno = regno
    if reg.ref_obj_id:
        if meta.ref_obj_id:
            env.reject(
                f"more than one arg with ref_obj_id R{regno} {reg.ref_obj_id} {meta.ref_obj_id}"
            )
        meta.ref_obj_id = reg.ref_obj_id
    if kind == ArgKind.CONST_MAP_PTR:
        meta.map = reg.map
    elif kind == ArgKind.MAP_KEY:
        assert meta.map is not None
        key_size = meta.map.key_size
        check_helper_mem_access(env, regno, key_size, False, False, None)
        if meta.map.type in (MapType.ARRAY, MapType.PERCPU_ARRAY):
            meta.const_map_key = _constant_map_key(env, reg, key_size)
    elif kind == ArgKind.MAP_VALUE:
        if arg.nullable and _register_is_null(reg):
            return
        assert meta.map is not None
        meta.raw_mode = arg.uninit
        check_helper_mem_access(env, regno, meta.map.value_size, arg.uninit, False, meta)
    elif kind == ArgKind.SPIN_LOCK:
        _process_spin_lock(env, regno, fn.id == FUNC_SPIN_LOCK)
    elif kind == ArgKind.FUNC:
        meta.subprogno = reg.subprogno
    elif kind == ArgKind.MEM:
        meta.raw_mode = arg.uninit
        if arg.size:
            check_helper_mem_access(env, regno, arg.size, arg.uninit or arg.write, False, meta)
            if arg.aligned:
                check_ptr_alignment(env, reg, 0, arg.size, True)
    elif kind in (ArgKind.CONST_SIZE, ArgKind.CONST_SIZE_OR_ZERO):
        prev = fn.args[i - 1]
        _check_mem_size_reg(
            env, reg, regno, prev.uninit or prev.write, kind == ArgKind.CONST_SIZE_OR_ZERO, meta
        )
    elif kind == ArgKind.CONST_ALLOC_SIZE_OR_ZERO:
        if reg.vm != 0:
            env.reject(f"R{regno} is not a known constant'")
        meta.mem_size = reg.vv
        mark_chain_precision(env, regno)
    elif kind == ArgKind.CONST_STR:
        _check_const_str(env, reg, regno)


def _process_spin_lock(env: Env, regno: int, lock: bool) -> None:
    reg = env.regs[regno]
    what = "bpf_spin"
    if reg.vm != 0:
        env.reject(
            f"R{regno} doesn't have constant offset. {what}_lock has to be at the constant offset",
            "EINVAL",
        )
    m = reg.map
    if reg.type != PTR_TO_MAP_VALUE or m is None:
        env.reject(f"R{regno} does not point to a map value with a bpf_spin_lock", "EINVAL")
    if m.spin_lock_off is None:
        env.reject(f"map '{m.name}' has no valid {what}_lock", "EINVAL")
    if m.spin_lock_off != reg.vv + reg.off:
        env.reject(
            f"off {reg.vv + reg.off} doesn't point to 'struct {what}_lock' that is at "
            f"{m.spin_lock_off}",
            "EINVAL",
        )
    st = env.cur
    if lock:
        if st.active_lock:
            env.reject("Locking two bpf_spin_locks are not allowed", "EINVAL")
        st.active_lock = reg.id or env.new_id()
        st.active_lock_map = m
    else:
        if not st.active_lock:
            env.reject("bpf_spin_unlock without taking a lock", "EINVAL")
        if st.active_lock != reg.id or st.active_lock_map is not m:
            env.reject("bpf_spin_unlock of different lock", "EINVAL")
        st.active_lock = 0
        st.active_lock_map = None


_MAP_FUNCS: dict[MapType, frozenset[int]] = {
    MapType.PROG_ARRAY: frozenset({12}),
    MapType.PERF_EVENT_ARRAY: frozenset({22, 25, 111, 55, 121}),
    MapType.RINGBUF: frozenset({130, 131, 134, 198, 199, 200}),
    MapType.USER_RINGBUF: frozenset({209}),
    MapType.STACK_TRACE: frozenset({27}),
    MapType.CGROUP_ARRAY: frozenset({33, 37}),
    MapType.CGROUP_STORAGE: frozenset({81}),
    MapType.PERCPU_CGROUP_STORAGE: frozenset({81}),
    MapType.DEVMAP: frozenset({51, 1}),
    MapType.DEVMAP_HASH: frozenset({51, 1}),
    MapType.CPUMAP: frozenset({51}),
    MapType.XSKMAP: frozenset({51, 1}),
    MapType.ARRAY_OF_MAPS: frozenset({1}),
    MapType.HASH_OF_MAPS: frozenset({1}),
    MapType.REUSEPORT_SOCKARRAY: frozenset({82}),
    MapType.QUEUE: frozenset({89, 88, 87}),
    MapType.STACK: frozenset({89, 88, 87}),
    MapType.SK_STORAGE: frozenset({107, 108, 194}),
    MapType.INODE_STORAGE: frozenset({145, 146, 194}),
    MapType.TASK_STORAGE: frozenset({156, 157, 194}),
    MapType.CGRP_STORAGE: frozenset({210, 211, 194}),
    MapType.BLOOM_FILTER: frozenset({89, 87}),
}
_FUNC_MAPS: dict[int, frozenset[MapType]] = {
    12: frozenset({MapType.PROG_ARRAY}),
    22: frozenset({MapType.PERF_EVENT_ARRAY}),
    25: frozenset({MapType.PERF_EVENT_ARRAY}),
    55: frozenset({MapType.PERF_EVENT_ARRAY}),
    111: frozenset({MapType.PERF_EVENT_ARRAY}),
    121: frozenset({MapType.PERF_EVENT_ARRAY}),
    130: frozenset({MapType.RINGBUF}),
    131: frozenset({MapType.RINGBUF}),
    134: frozenset({MapType.RINGBUF}),
    209: frozenset({MapType.USER_RINGBUF}),
    27: frozenset({MapType.STACK_TRACE}),
    37: frozenset({MapType.CGROUP_ARRAY}),
    33: frozenset({MapType.CGROUP_ARRAY}),
    51: frozenset({MapType.DEVMAP, MapType.DEVMAP_HASH, MapType.CPUMAP, MapType.XSKMAP}),
    52: frozenset({MapType.SOCKMAP}),
    60: frozenset({MapType.SOCKMAP}),
    53: frozenset({MapType.SOCKMAP}),
    72: frozenset({MapType.SOCKHASH}),
    71: frozenset({MapType.SOCKHASH}),
    70: frozenset({MapType.SOCKHASH}),
    81: frozenset({MapType.CGROUP_STORAGE, MapType.PERCPU_CGROUP_STORAGE}),
    82: frozenset({MapType.REUSEPORT_SOCKARRAY, MapType.SOCKMAP, MapType.SOCKHASH}),
    88: frozenset({MapType.QUEUE, MapType.STACK}),
    89: frozenset({MapType.QUEUE, MapType.STACK, MapType.BLOOM_FILTER}),
    87: frozenset({MapType.QUEUE, MapType.STACK, MapType.BLOOM_FILTER}),
    195: frozenset({MapType.PERCPU_ARRAY, MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH}),
    107: frozenset({MapType.SK_STORAGE}),
    108: frozenset({MapType.SK_STORAGE}),
    156: frozenset({MapType.TASK_STORAGE}),
    157: frozenset({MapType.TASK_STORAGE}),
    210: frozenset({MapType.CGRP_STORAGE}),
    211: frozenset({MapType.CGRP_STORAGE}),
}
_SOCKMAP_FUNCS = frozenset({52, 53, 60, 82, 1, 70, 71, 72})


def _may_update_sockmap(env: Env, func_id: int) -> bool:
    if func_id not in (2, 3):
        return False
    t = env.prog.type
    if t == ProgramType.SOCK_OPS and func_id == 3:
        return True
    return t in (
        ProgramType.SOCKET_FILTER,
        ProgramType.SCHED_CLS,
        ProgramType.SCHED_ACT,
        ProgramType.XDP,
        ProgramType.SK_REUSEPORT,
        ProgramType.FLOW_DISSECTOR,
        ProgramType.SK_LOOKUP,
    )


def _check_map_func_compatibility(env: Env, m: MapInfo | None, func_id: int) -> None:
    if m is None:
        return
    ok = True
    allowed = _MAP_FUNCS.get(m.type)
    if m.type in (MapType.SOCKMAP, MapType.SOCKHASH):
        ok = func_id in _SOCKMAP_FUNCS or _may_update_sockmap(env, func_id)
    elif allowed is not None and func_id not in allowed:
        ok = False
    need = _FUNC_MAPS.get(func_id)
    if need is not None and m.type not in need:
        ok = False
    if not ok:
        env.reject(
            f"cannot pass map_type {int(m.type)} into func {helper_name(func_id)}#{func_id}",
            "EINVAL",
        )


_CHANGES_PKT_TYPES = frozenset({PTR_TO_PACKET, PTR_TO_PACKET_META, PTR_TO_PACKET_END})


def clear_all_pkt_pointers(env: Env) -> None:
    def fn(r: Reg) -> bool:
        if r.type in _CHANGES_PKT_TYPES:
            env.mark_invalid(r)
            return True
        return False

    env.cur.update_regs(fn)


def release_reference(env: Env, ref_obj_id: int) -> bool:
    st = env.cur
    for i, r in enumerate(st.refs):
        if r.kind == "ptr" and r.id == ref_obj_id:
            del st.refs[i]
            break
    else:
        return False

    def fn(r: Reg) -> bool:
        if r.ref_obj_id == ref_obj_id:
            env.mark_invalid(r)
            return True
        return False

    st.update_regs(fn)
    return True


def mark_ptr_not_null(reg: Reg) -> None:
    if reg.type & BASE_MASK == PTR_TO_MAP_VALUE and reg.map is not None:
        m = reg.map
        if m.inner is not None:
            reg.type = CONST_PTR_TO_MAP
            reg.map = m.inner
        elif m.type == MapType.XSKMAP:
            reg.type = PTR_TO_XDP_SOCK
        elif m.type in (MapType.SOCKMAP, MapType.SOCKHASH):
            reg.type = PTR_TO_SOCKET
        else:
            reg.type = PTR_TO_MAP_VALUE
        return
    reg.type &= ~MAYBE_NULL


def check_helper_call(env: Env, insn: Instruction) -> None:
    func_id = insn.imm
    ptype = env.prog.type
    name = helper_name(func_id)
    if not 0 <= func_id <= _MAX_HELPER_ID:
        env.reject(f"invalid func {name}#{func_id}", "EINVAL")
    if not available(func_id, ptype, env.bpf_capable, env.allow_ptr_leaks):
        env.reject(f"program of this type cannot use helper {name}#{func_id}", "EINVAL")
    fn = proto_for(func_id, ptype)
    if fn is None:
        env.reject(
            f"helper {name}#{func_id} is not modelled by ebpy's verifier (its argument types "
            "are unknown to it)",
            "EINVAL",
        )
    if not env.prog.gpl and fn.gpl_only:
        env.reject("cannot call GPL-restricted function from non-GPL compatible program", "EINVAL")
    if func_id in NOT_ALLOWED.get(ptype, ()):
        env.reject("helper call is not allowed in probe", "EINVAL")
    if func_id in SLEEPABLE_ONLY and not env.prog.sleepable:
        env.reject("helper call might sleep in a non-sleepable prog", "EINVAL")
    meta = Meta(func_id=func_id, pkt_access=fn.pkt_access)
    for i in range(len(fn.args)):
        _check_func_arg(env, i, meta, fn)
    # record_func_map / record_func_key
    m = meta.map
    if m is not None and not m.can_write and func_id in (3, 2, 87, 88):
        env.reject("write into map forbidden")
    if func_id == FUNC_TAIL_CALL:
        if m is None or m.type != MapType.PROG_ARRAY:
            env.reject("expected prog array map for tail call", "EINVAL")
        r3 = env.regs[3]
        if bounds.is_const(r3, False) and r3.vv < m.max_entries:
            mark_chain_precision(env, 3)
    for i in range(meta.access_size):
        check_mem_access(env, meta.regno, i, 1, True, -1)
    regs = env.regs
    if meta.release_regno:
        ok = False
        if meta.ref_obj_id:
            ok = release_reference(env, meta.ref_obj_id)
        elif _register_is_null(regs[meta.release_regno]):
            ok = True
        if not ok:
            env.reject(f"func {name}#{func_id} reference has not been acquired before", "EINVAL")
    if func_id == FUNC_TAIL_CALL:
        check_resource_leak(env, True, "tail_call")
    elif func_id == FUNC_FOR_EACH_MAP_ELEM:
        push_callback_call(env, insn, meta.subprogno, "for_each_map_elem")
    elif func_id == FUNC_LOOP:
        mark_chain_precision(env, 1)
        if env.frame.callback_depth < regs[1].umax:
            push_callback_call(env, insn, meta.subprogno, "loop")
        else:
            env.frame.callback_depth = 0
    regs = env.regs
    for i in range(6):
        mark_not_init(regs[i])
        env.scratched_regs.add(i)
    r0 = regs[0]
    if fn.ret == RetKind.INTEGER:
        env.mark_unknown(r0)
    elif fn.ret == RetKind.VOID:
        r0.type = NOT_INIT
    elif fn.ret == RetKind.MAP_VALUE:
        assert m is not None
        mark_ptr(r0, PTR_TO_MAP_VALUE)
        nullable = fn.ret_nullable
        if (
            func_id == FUNC_MAP_LOOKUP_ELEM
            and m.type in (MapType.ARRAY, MapType.PERCPU_ARRAY)
            and 0 <= meta.const_map_key < m.max_entries
        ):
            nullable = False
        r0.map = m
        r0.type = PTR_TO_MAP_VALUE | (MAYBE_NULL if nullable else 0)
        if not nullable and m.spin_lock_off is not None:
            r0.id = env.new_id()
    elif fn.ret == RetKind.SOCKET:
        mark_ptr(r0, PTR_TO_SOCKET | (MAYBE_NULL if fn.ret_nullable else 0))
    elif fn.ret == RetKind.TCP_SOCK:
        mark_ptr(r0, PTR_TO_TCP_SOCK | (MAYBE_NULL if fn.ret_nullable else 0))
    elif fn.ret == RetKind.SOCK_COMMON:
        mark_ptr(r0, PTR_TO_SOCK_COMMON | (MAYBE_NULL if fn.ret_nullable else 0))
    elif fn.ret == RetKind.RINGBUF_MEM:
        mark_ptr(r0, PTR_TO_MEM | RINGBUF | (MAYBE_NULL if fn.ret_nullable else 0))
        r0.mem_size = meta.mem_size
    if r0.type & MAYBE_NULL:
        r0.id = env.new_id()
    if func_id in (95, 96):
        r0.ref_obj_id = meta.ref_obj_id
    elif fn.acquire or (
        func_id == FUNC_MAP_LOOKUP_ELEM
        and m is not None
        and m.type in (MapType.SOCKMAP, MapType.SOCKHASH)
    ):
        rid = env.new_id()
        env.cur.refs.append(Ref(rid, env.insn_idx))
        r0.id = rid
        r0.ref_obj_id = rid
    if fn.ret == RetKind.INTEGER:
        if func_id in (
            FUNC_GET_STACK,
            FUNC_PROBE_READ_STR,
            FUNC_PROBE_READ_KERNEL_STR,
            FUNC_PROBE_READ_USER_STR,
        ):
            r0.smax = s64(meta.msize_max_value)
            r0.s32max = max(S32_MIN, min(S32_MAX, _s32(meta.msize_max_value)))
            r0.smin = -MAX_ERRNO
            r0.s32min = -MAX_ERRNO
            bounds.sync(r0)
        elif func_id == FUNC_GET_SMP_PROCESSOR_ID:
            n = env.opts.cpus - 1
            r0.umax = r0.u32max = r0.smax = r0.s32max = n
            r0.umin = r0.u32min = r0.smin = r0.s32min = 0
            bounds.sync(r0)
        bounds.sanity_fix(r0)
    _check_map_func_compatibility(env, m, func_id)
    if fn.changes_pkt_data:
        clear_all_pkt_pointers(env)


def _s32(v: int) -> int:
    v &= U32
    return v - (1 << 32) if v >> 31 else v


# ---- bpf-to-bpf calls and callbacks ----------------------------------------------------------


def _setup_frame(env: Env, st: State, subprog: int, callsite: int) -> None:
    if st.curframe + 1 >= MAX_CALL_FRAMES:
        env.reject(f"the call stack of {st.curframe + 2} frames is too deep", "E2BIG")
    callee = new_frame(st.curframe + 1, subprog, callsite)
    caller = st.frames[-1]
    for i in range(1, 6):
        callee.regs[i] = caller.regs[i].copy()
    st.frames.append(callee)


def check_func_call(env: Env, insn: Instruction) -> None:
    target = env.insn_idx + insn.imm + 1
    subprog = env.prog.find_subprog(target)
    if subprog < 0:
        env.reject(f"target of func call at insn {env.insn_idx} is not a program", "EFAULT")
    st = env.cur
    caller = st.frames[-1]
    if st.active_lock:
        pass
    _setup_frame(env, st, subprog, env.insn_idx)
    for i in range(6):
        mark_not_init(caller.regs[i])
    env.insn_idx = env.prog.subprogs[subprog]
    if env.log_level:
        env.verbose("caller:\n " + env.state_text(st.curframe - 1))
        env.verbose("callee:\n " + env.state_text(st.curframe))


def push_callback_call(env: Env, insn: Instruction, subprog: int, kind: str) -> None:
    """Queue a walk of the callback's body as if called now; the current path continues after
    the helper returns (the kernel's push_callback_call)."""
    st = env.cur
    caller = st.frames[-1]
    cb = env.push_stack(env.prog.subprogs[subprog], env.insn_idx)
    _setup_frame(env, cb, subprog, env.insn_idx)
    callee = cb.frames[-1]
    ccaller = cb.frames[-2]
    if kind == "loop":
        r1 = callee.regs[1]
        env.mark_unknown(r1)
        callee.regs[2] = ccaller.regs[3].copy()
        for i in (3, 4, 5):
            mark_not_init(callee.regs[i])
    else:
        m = ccaller.regs[1].map
        callee.regs[1] = ccaller.regs[1].copy()
        key = Reg()
        mark_ptr(key, PTR_TO_MAP_KEY)
        key.map = m
        callee.regs[2] = key
        val = Reg()
        mark_ptr(val, PTR_TO_MAP_VALUE)
        val.map = m
        callee.regs[3] = val
        callee.regs[4] = ccaller.regs[3].copy()
        mark_not_init(callee.regs[5])
    callee.in_callback = True
    callee.callback_ret = (0, 1)
    cb.callback_unroll_depth += 1
    ccaller.callback_depth += 1
    caller.callback_depth = 0


def prepare_func_exit(env: Env) -> None:
    st = env.cur
    callee = st.frames[-1]
    r0 = callee.regs[0]
    if r0.type == PTR_TO_STACK:
        env.reject("cannot return stack pointer to the caller", "EINVAL")
    caller = st.frames[-2]
    if callee.in_callback:
        if r0.type != SCALAR:
            env.reject("R0 not a scalar value")
        mark_chain_precision(env, 0)
        lo, hi = callee.callback_ret
        if not (lo <= r0.smin and r0.smax <= hi):
            env.reject(_invalid_scalar(r0, (lo, hi), "At callback return", "R0"), "EINVAL")
        env.insn_idx = callee.callsite
    else:
        caller.regs[0] = r0.copy()
        env.insn_idx = callee.callsite + 1
    if env.log_level:
        env.verbose("returning from callee:\n " + env.state_text(st.curframe))
        env.verbose(f"to caller at {env.insn_idx}:\n " + env.state_text(st.curframe - 1))
    st.frames.pop()
    if callee.in_callback:
        prev = find_prev_entry(env, st, env.insn_idx)
        if prev is not None:
            widen_imprecise_scalars(env, prev, st)


def _invalid_scalar(reg: Reg, rng: tuple[int, int], ctx: str, name: str) -> str:
    text = f"{ctx} the register {name} has"
    unknown = True
    if reg.smin > -(1 << 63):
        text += f" smin={reg.smin}"
        unknown = False
    if reg.smax < (1 << 63) - 1:
        text += f" smax={reg.smax}"
        unknown = False
    if unknown:
        text += " unknown scalar value"
    return text + f" should have been in [{rng[0]}, {rng[1]}]"


_RECVMSG_LIKE = frozenset(
    {
        AttachType.CGROUP_UDP4_RECVMSG,
        AttachType.CGROUP_UDP6_RECVMSG,
        AttachType.CGROUP_UNIX_RECVMSG,
        AttachType.CGROUP_INET4_GETPEERNAME,
        AttachType.CGROUP_INET6_GETPEERNAME,
        AttachType.CGROUP_UNIX_GETPEERNAME,
        AttachType.CGROUP_INET4_GETSOCKNAME,
        AttachType.CGROUP_INET6_GETSOCKNAME,
        AttachType.CGROUP_UNIX_GETSOCKNAME,
    }
)


def return_range(ptype: ProgramType, attach: AttachType | None) -> tuple[int, int] | None:
    """The values a program of this type may return (None: anything)."""
    if ptype == ProgramType.CGROUP_SOCK_ADDR:
        if attach in _RECVMSG_LIKE:
            return (1, 1)
        if attach in (AttachType.CGROUP_INET4_BIND, AttachType.CGROUP_INET6_BIND):
            return (0, 3)
        return (0, 1)
    if ptype == ProgramType.CGROUP_SKB:
        return (0, 3) if attach == AttachType.CGROUP_INET_EGRESS else (0, 1)
    if ptype in (
        ProgramType.CGROUP_SOCK,
        ProgramType.SOCK_OPS,
        ProgramType.CGROUP_DEVICE,
        ProgramType.CGROUP_SYSCTL,
        ProgramType.CGROUP_SOCKOPT,
    ):
        return (0, 1)
    if ptype == ProgramType.KPROBE and attach in (
        AttachType.TRACE_KPROBE_SESSION,
        AttachType.TRACE_UPROBE_SESSION,
    ):
        return (0, 1)
    if ptype in (ProgramType.SK_LOOKUP, ProgramType.NETFILTER):
        return (0, 1)
    return None


def check_return_code(env: Env) -> None:
    env.check_reg_arg(0, SRC_OP)
    if env.is_pointer_value(0):
        env.reject("R0 leaks addr as return value")
    rng = return_range(env.prog.type, env.prog.attach_type)
    if rng is None:
        return
    reg = env.regs[0]
    if reg.type != SCALAR:
        env.reject(
            f"At program exit the register R0 is not a known value ({type_str(reg.type)})",
            "EINVAL",
        )
    mark_chain_precision(env, 0)
    if not (rng[0] <= reg.smin and reg.smax <= rng[1]):
        env.reject(_invalid_scalar(reg, rng, "At program exit", "R0"), "EINVAL")
