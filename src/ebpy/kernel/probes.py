"""Feature probes: which program types, map types and helpers this kernel can load.

Each probe asks the kernel directly (load a minimal program, create a minimal map), the way
libbpf and `bpftool feature probe` do, and is cached for the life of the process.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import struct
from dataclasses import dataclass, field

from ebpy.errors import KernelError
from ebpy.isa import Instruction, encode
from ebpy.kernel.attr import MapCreateAttr, ProgLoadAttr
from ebpy.kernel.btf_load import load_btf
from ebpy.kernel.fd import Fd
from ebpy.kernel.hints import ENOTSUPP, required_capabilities
from ebpy.kernel.syscall import address, bpf_fd, byte_buffer, c_string
from ebpy.kernel.system import kernel_version_code, missing_capabilities, page_size
from ebpy.kernel.uapi import Cmd, ProgFlags
from ebpy.spec.helper_ids import HELPER_NAMES
from ebpy.spec.types import AttachType, MapFlags, MapType, ProgramType

_RETURN_0 = encode([Instruction(0xB7, 0, 0, 0, 0), Instruction(0x95)])  # r0 = 0; exit
_PROBE_LOG_SIZE = 4096

# What a minimal program of these types must declare to pass the load-time attribute checks.
_EXPECTED_ATTACH = {
    ProgramType.CGROUP_SOCK_ADDR: AttachType.CGROUP_INET4_CONNECT,
    ProgramType.CGROUP_SOCKOPT: AttachType.CGROUP_GETSOCKOPT,
    ProgramType.SK_LOOKUP: AttachType.SK_LOOKUP,
    ProgramType.LIRC_MODE2: AttachType.LIRC_MODE2,
    ProgramType.NETFILTER: AttachType.NETFILTER,
    ProgramType.TRACING: AttachType.TRACE_FENTRY,
    ProgramType.LSM: AttachType.LSM_MAC,
}

# Types that cannot load without a real attach target. The probe names a bogus one (BTF id 1,
# which is never a function) and a kernel that knows the type refuses it with this errno and,
# where given, this log text; a kernel that does not know the type refuses it differently.
_EXPECTED_REFUSAL: dict[ProgramType, tuple[int, str | None]] = {
    ProgramType.TRACING: (errno.EINVAL, "attach_btf_id 1 is not a function"),
    ProgramType.LSM: (errno.EINVAL, "attach_btf_id 1 is not a function"),
    ProgramType.EXT: (errno.EINVAL, "Cannot replace kernel functions"),
    ProgramType.STRUCT_OPS: (ENOTSUPP, None),
}

# Log text by which the verifier says a helper does not exist or is not for this type.
_HELPER_MISSING = ("invalid func ", "unknown func ", "program of this type cannot use helper ")


@dataclass(frozen=True)
class _LoadOutcome:
    ok: bool
    errno: int
    log: str


def _probe_load(ptype: ProgramType, code: bytes, *, with_log: bool) -> _LoadOutcome:
    code_buf = byte_buffer(code)
    license_buf = c_string("GPL")
    log = ctypes.create_string_buffer(_PROBE_LOG_SIZE) if with_log else None
    attr = ProgLoadAttr(
        prog_type=int(ptype),
        insn_cnt=len(code) // 8,
        insns=address(code_buf),
        license=address(license_buf),
        expected_attach_type=int(_EXPECTED_ATTACH.get(ptype, 0)),
    )
    if log is not None:
        attr.log_level, attr.log_size, attr.log_buf = 1, len(log), address(log)
    if ptype == ProgramType.KPROBE:
        attr.kern_version = kernel_version_code()
    elif ptype == ProgramType.SYSCALL:
        attr.prog_flags = ProgFlags.SLEEPABLE
    elif ptype in (ProgramType.TRACING, ProgramType.LSM, ProgramType.EXT):
        attr.attach_btf_id = 1
    try:
        fd = bpf_fd(Cmd.PROG_LOAD, attr, what=f"probing {ptype.name}", prog_type=int(ptype))
    except KernelError as e:
        _unless_unprivileged(e, Cmd.PROG_LOAD, ptype)
        text = log.value.decode(errors="replace") if log is not None else ""
        return _LoadOutcome(False, e.errno or 0, text)
    fd.close()
    return _LoadOutcome(True, 0, log.value.decode(errors="replace") if log is not None else "")


def _unless_unprivileged(error: KernelError, cmd: Cmd, ptype: int | None = None) -> None:
    """Re-raise an EPERM that comes from missing capabilities: then the probe says nothing
    about the kernel. An EPERM with every capability present is the kernel's (or a security
    policy's) refusal of the feature itself, so it counts as "not loadable here"."""
    if error.errno == errno.EPERM and missing_capabilities(required_capabilities(cmd, ptype)):
        raise error


@functools.cache
def program_type_supported(ptype: ProgramType) -> bool:
    """Whether this kernel can load programs of type `ptype`."""
    if ptype == ProgramType.UNSPEC:
        return False
    refusal = _EXPECTED_REFUSAL.get(ptype)
    outcome = _probe_load(ptype, _RETURN_0, with_log=refusal is not None)
    if refusal is None:
        return outcome.ok
    err, text = refusal
    return not outcome.ok and outcome.errno == err and (text is None or text in outcome.log)


@functools.cache
def helper_supported(ptype: ProgramType, helper_id: int) -> bool:
    """Whether programs of type `ptype` may call helper `helper_id` on this kernel.

    Loads `call helper; exit`: the verifier checks the helper exists for the type before it
    checks arguments, so any other complaint (or success) means it is available.
    """
    if not program_type_supported(ptype) or ptype in _EXPECTED_REFUSAL:
        return False
    code = encode([Instruction(0x85, 0, 0, 0, helper_id), Instruction(0x95)])
    outcome = _probe_load(ptype, code, with_log=True)
    return outcome.ok or not any(text in outcome.log for text in _HELPER_MISSING)


def supported_helpers(ptype: ProgramType) -> list[int]:
    """The ids of every known helper that `ptype` programs may call here."""
    return [hid for hid in sorted(HELPER_NAMES) if helper_supported(ptype, hid)]


def _local_storage_btf() -> Fd:
    """BTF for local-storage map probes: int [1], struct bpf_spin_lock { int val; } [2],
    struct val { int cnt; struct bpf_spin_lock l; } [3] (what libbpf's probe uses)."""
    strings = b"\0bpf_spin_lock\0val\0cnt\0l\0"
    words = [
        0, 0x01000000, 4, (1 << 24) | 32,  # [1] int: INT, 4 bytes, signed 32 bits
        1, 0x04000001, 4, 15, 1, 0,  # [2] STRUCT bpf_spin_lock, member val: int @0
        15, 0x04000002, 8, 19, 1, 0, 23, 2, 32,  # [3] STRUCT val {cnt @0, l @32 bits}
    ]  # fmt: skip
    types = b"".join(w.to_bytes(4, "little") for w in words)
    # struct btf_header: magic, version 1, flags, hdr_len, type_off, type_len, str_off, str_len
    header = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(types), len(types), len(strings))
    fd, _ = load_btf(header + types + strings)
    return fd


def _map_probe_attr(mtype: MapType) -> MapCreateAttr:
    attr = MapCreateAttr(map_type=int(mtype), key_size=4, value_size=4, max_entries=1)
    if mtype == MapType.STACK_TRACE:
        attr.value_size = 8
    elif mtype == MapType.LPM_TRIE:
        attr.key_size, attr.value_size, attr.map_flags = 8, 8, MapFlags.NO_PREALLOC
    elif mtype in (MapType.CGROUP_STORAGE, MapType.PERCPU_CGROUP_STORAGE):
        attr.key_size, attr.value_size, attr.max_entries = 16, 8, 0
    elif mtype in (MapType.QUEUE, MapType.STACK, MapType.BLOOM_FILTER):
        attr.key_size = 0  # these keep values only
    elif mtype in (MapType.RINGBUF, MapType.USER_RINGBUF):
        attr.key_size, attr.value_size, attr.max_entries = 0, 0, page_size()
    elif mtype == MapType.ARENA:
        attr.key_size, attr.value_size, attr.map_flags = 0, 0, MapFlags.MMAPABLE
    elif mtype == MapType.STRUCT_OPS:
        attr.btf_vmlinux_value_type_id = 1
    elif mtype in _LOCAL_STORAGE:
        attr.value_size, attr.max_entries, attr.map_flags = 8, 0, MapFlags.NO_PREALLOC
        attr.btf_key_type_id, attr.btf_value_type_id = 1, 3
    return attr


_LOCAL_STORAGE = frozenset(
    {MapType.SK_STORAGE, MapType.INODE_STORAGE, MapType.TASK_STORAGE, MapType.CGRP_STORAGE}
)


@functools.cache
def map_type_supported(mtype: MapType) -> bool:
    """Whether this kernel can create maps of type `mtype`."""
    if mtype == MapType.UNSPEC:
        return False
    attr = _map_probe_attr(mtype)
    owned: list[Fd] = []
    try:
        if mtype in _LOCAL_STORAGE:
            btf = _local_storage_btf()
            owned.append(btf)
            attr.btf_fd = btf.fileno()
        if mtype.is_map_in_map:
            inner = bpf_fd(
                Cmd.MAP_CREATE, MapCreateAttr(map_type=1, key_size=4, value_size=4, max_entries=1)
            )
            owned.append(inner)
            attr.inner_map_fd = inner.fileno()
        try:
            owned.append(bpf_fd(Cmd.MAP_CREATE, attr, what=f"probing {mtype.name} maps"))
        except KernelError as e:
            _unless_unprivileged(e, Cmd.MAP_CREATE)
            # A struct_ops map with a bogus value type is refused as unsupported only by a
            # kernel that knows the map type (libbpf's probe does the same).
            return mtype == MapType.STRUCT_OPS and e.errno == ENOTSUPP
        return True
    finally:
        for fd in owned:
            fd.close()


@dataclass(frozen=True)
class Features:
    """What probe_all() found: every program and map type ebpy knows, supported or not."""

    program_types: dict[ProgramType, bool] = field(default_factory=dict)
    map_types: dict[MapType, bool] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        """Names of what this kernel lacks, e.g. 'program type LSM'."""
        out = [f"program type {t.name}" for t, ok in self.program_types.items() if not ok]
        out += [f"map type {t.name}" for t, ok in self.map_types.items() if not ok]
        return out


def probe_all() -> Features:
    """Probe every program and map type (helpers are per type: see supported_helpers)."""
    return Features(
        program_types={
            t: program_type_supported(t) for t in ProgramType if t != ProgramType.UNSPEC
        },
        map_types={t: map_type_supported(t) for t in MapType if t != MapType.UNSPEC},
    )


def clear_cache() -> None:
    """Forget earlier answers (for a process that outlives a kernel change, or tests)."""
    program_type_supported.cache_clear()
    helper_supported.cache_clear()
    map_type_supported.cache_clear()
