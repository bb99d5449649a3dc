"""What a bpf() errno most likely means, for the hint of a KernelError.

The kernel answers with bare errnos; the same one means different things per command (ENOENT
is "no such key" for a lookup and "no such file" for OBJ_GET). These hints name the usual
cause so a user knows what to change.
"""

from __future__ import annotations

import errno

from ebpy.kernel.system import (
    Capability,
    memlock_limit,
    memlock_matters,
    missing_capabilities,
)
from ebpy.kernel.uapi import Cmd
from ebpy.spec.types import ProgramType

ENOTSUPP = 524  # kernel-internal "operation not supported", leaks out of bpf() unchanged

# Program types the kernel lets load only with CAP_NET_ADMIN (besides CAP_BPF); see
# is_net_admin_prog_type() in kernel/bpf/syscall.c.
NET_ADMIN_TYPES = frozenset(
    {
        ProgramType.SCHED_CLS,
        ProgramType.SCHED_ACT,
        ProgramType.XDP,
        ProgramType.LWT_IN,
        ProgramType.LWT_OUT,
        ProgramType.LWT_XMIT,
        ProgramType.LWT_SEG6LOCAL,
        ProgramType.SK_SKB,
        ProgramType.SK_MSG,
        ProgramType.FLOW_DISSECTOR,
        ProgramType.CGROUP_DEVICE,
        ProgramType.CGROUP_SOCK,
        ProgramType.CGROUP_SOCK_ADDR,
        ProgramType.CGROUP_SOCKOPT,
        ProgramType.CGROUP_SYSCTL,
        ProgramType.SOCK_OPS,
        ProgramType.EXT,
        ProgramType.NETFILTER,
    }
)

# ... and those that need CAP_PERFMON (is_perfmon_prog_type()).
PERFMON_TYPES = frozenset(
    {
        ProgramType.KPROBE,
        ProgramType.TRACEPOINT,
        ProgramType.PERF_EVENT,
        ProgramType.RAW_TRACEPOINT,
        ProgramType.RAW_TRACEPOINT_WRITABLE,
        ProgramType.TRACING,
        ProgramType.LSM,
        ProgramType.STRUCT_OPS,
        ProgramType.EXT,
    }
)

_MAP_ELEM_CMDS = frozenset(
    {
        Cmd.MAP_LOOKUP_ELEM,
        Cmd.MAP_UPDATE_ELEM,
        Cmd.MAP_DELETE_ELEM,
        Cmd.MAP_GET_NEXT_KEY,
        Cmd.MAP_LOOKUP_AND_DELETE_ELEM,
        Cmd.MAP_LOOKUP_BATCH,
        Cmd.MAP_LOOKUP_AND_DELETE_BATCH,
        Cmd.MAP_UPDATE_BATCH,
        Cmd.MAP_DELETE_BATCH,
    }
)
_ATTACH_CMDS = frozenset({Cmd.PROG_ATTACH, Cmd.PROG_DETACH, Cmd.LINK_CREATE, Cmd.LINK_UPDATE})
_LOAD_CMDS = frozenset({Cmd.PROG_LOAD, Cmd.BTF_LOAD})

# (command, errno) -> the usual cause. Checked before the per-errno fallbacks below.
_SPECIFIC: dict[tuple[Cmd, int], str] = {
    (Cmd.MAP_LOOKUP_ELEM, errno.ENOENT): "no such key (or an array index past max_entries)",
    (Cmd.MAP_LOOKUP_AND_DELETE_ELEM, errno.ENOENT): "no such key (or the queue/stack is empty)",
    (Cmd.MAP_DELETE_ELEM, errno.ENOENT): "no such key",
    (Cmd.MAP_GET_NEXT_KEY, errno.ENOENT): "no key after this one (end of iteration)",
    (Cmd.MAP_UPDATE_ELEM, errno.ENOENT): "the key does not exist and BPF_EXIST asks it to",
    (Cmd.MAP_UPDATE_ELEM, errno.EEXIST): "the key exists and BPF_NOEXIST forbids replacing it",
    (Cmd.MAP_UPDATE_ELEM, errno.E2BIG): "the map is full (max_entries reached) or the array "
    "index is past max_entries",
    (Cmd.MAP_UPDATE_BATCH, errno.E2BIG): "the map is full (max_entries reached)",
    (Cmd.MAP_UPDATE_ELEM, errno.EPERM): "the map is frozen or read-only from user space",
    (Cmd.MAP_UPDATE_BATCH, errno.EPERM): "the map is frozen or read-only from user space",
    (Cmd.MAP_DELETE_ELEM, errno.EPERM): "the map is frozen or read-only from user space",
    (Cmd.MAP_FREEZE, errno.EBUSY): "the map is writably mmap()ed",
    (Cmd.MAP_FREEZE, errno.EPERM): "the map is already frozen, or this fd is read-only",
    (Cmd.MAP_DELETE_ELEM, errno.EINVAL): "this map type cannot delete elements (arrays)",
    (Cmd.MAP_UPDATE_ELEM, errno.EINVAL): "bad flags for this map type, or the map type "
    "cannot be updated from user space",
    (Cmd.MAP_CREATE, errno.EINVAL): "the kernel refused an attribute: key/value size or "
    "max_entries invalid for this map type, unknown flags, or a field this kernel does not "
    "know",
    (Cmd.MAP_CREATE, errno.E2BIG): "key, value or max_entries too large for this map type, "
    "or a non-zero attribute this kernel does not know",
    (Cmd.PROG_LOAD, errno.E2BIG): "program too large (1,000,000 instructions privileged, "
    "4,096 unprivileged) or a non-zero attribute this kernel does not know",
    (Cmd.PROG_LOAD, errno.EINVAL): "the kernel refused an attribute (unknown program type, "
    "flags, expected_attach_type, or a field this kernel does not know) or the verifier "
    "rejected the program; load with a log to see which",
    (Cmd.PROG_LOAD, errno.EACCES): "the verifier rejected the program; load with a log to see why",
    (Cmd.PROG_LOAD, errno.ENOSPC): "the verifier log did not fit in log_size; retry with a "
    "bigger buffer (log_true_size says how big)",
    (Cmd.BTF_LOAD, errno.ENOSPC): "the BTF log did not fit in btf_log_size; retry with a "
    "bigger buffer",
    (Cmd.BTF_LOAD, errno.EINVAL): "the kernel rejected the BTF; load with a log to see why",
    (Cmd.PROG_TEST_RUN, errno.ENOSPC): "data_out or ctx_out is too small for the output",
    (Cmd.PROG_TEST_RUN, errno.EINVAL): "this program type cannot be test-run this way: "
    "data or ctx of the wrong size, or flags it does not support",
    (Cmd.PROG_TEST_RUN, errno.ENOTSUP): "this program type does not support BPF_PROG_TEST_RUN",
    (Cmd.OBJ_GET, errno.ENOENT): "nothing is pinned at that path",
    (Cmd.OBJ_PIN, errno.EEXIST): "something is already pinned at that path",
    (Cmd.OBJ_PIN, errno.ENOENT): "the directory does not exist",
    (Cmd.OBJ_PIN, errno.EPERM): "the path is not on a BPF filesystem (mount -t bpf bpf DIR)",
    (Cmd.OBJ_GET, errno.EPERM): "the path is not on a BPF filesystem (mount -t bpf bpf DIR)",
    (Cmd.PROG_ATTACH, errno.EEXIST): "a program is already attached there",
    (Cmd.LINK_CREATE, errno.EBUSY): "a program is already attached there",
    (Cmd.LINK_CREATE, errno.EEXIST): "a program is already attached there",
    (Cmd.PROG_DETACH, errno.ENOENT): "no program is attached there",
    (Cmd.RAW_TRACEPOINT_OPEN, errno.ENOENT): "no tracepoint of that name",
}

_BY_ERRNO: dict[int, str] = {
    errno.EBADF: "not an open file descriptor of the kind this command wants",
    errno.EFAULT: "the kernel could not read a buffer the attribute points to",
    errno.ENOMEM: "the kernel is out of memory for this object (or its memory cgroup limit "
    "is reached)",
    errno.E2BIG: "the attribute has non-zero fields this kernel does not know (kernel older "
    "than ebpy's layout), or a size is too large",
    errno.EINVAL: "the kernel refused an attribute: an invalid value, or a field or flag "
    "this kernel does not know",
    errno.ENOTSUP: "not supported by this kernel for this object type",
    ENOTSUPP: "ENOTSUPP: not supported by this kernel for this object type",
    errno.ENOSYS: "this kernel has no bpf() syscall (CONFIG_BPF_SYSCALL off)",
    errno.EAGAIN: "the kernel asked to retry (temporary)",
    errno.EACCES: "access denied (file permissions, or the verifier refused)",
}


def required_capabilities(cmd: Cmd, prog_type: int | None = None) -> tuple[Capability, ...]:
    """The capabilities the kernel checks for `cmd` (and the program type, when one applies)."""
    if cmd in (Cmd.ENABLE_STATS, Cmd.PROG_GET_NEXT_ID, Cmd.MAP_GET_NEXT_ID):
        return (Capability.CAP_SYS_ADMIN,)
    if cmd in (Cmd.PROG_GET_FD_BY_ID, Cmd.MAP_GET_FD_BY_ID, Cmd.LINK_GET_FD_BY_ID):
        return (Capability.CAP_SYS_ADMIN,)
    caps = [Capability.CAP_BPF]
    if prog_type is not None:
        if prog_type in NET_ADMIN_TYPES or (cmd in _ATTACH_CMDS and prog_type not in PERFMON_TYPES):
            caps.append(Capability.CAP_NET_ADMIN)
        if prog_type in PERFMON_TYPES or cmd == Cmd.RAW_TRACEPOINT_OPEN:
            caps.append(Capability.CAP_PERFMON)
    return tuple(dict.fromkeys(caps))


def _eperm(cmd: Cmd, prog_type: int | None) -> str:
    missing = missing_capabilities(required_capabilities(cmd, prog_type))
    if missing:
        names = ", ".join(cap.name for cap in missing)
        return f"missing {names} (run as root, or grant them with setcap/capsh)"
    limit = memlock_limit()
    if memlock_matters() and limit is not None:
        return (
            f"RLIMIT_MEMLOCK is {limit} bytes and this kernel (< 5.11) charges BPF memory "
            "to it: raise it (ulimit -l unlimited)"
        )
    return (
        "the process has the capabilities this needs; kernel lockdown, a security module, "
        "or kernel.unprivileged_bpf_disabled refuses it"
    )


def explain(cmd: Cmd, err: int, *, prog_type: int | None = None) -> str:
    """One sentence on the likely cause of `err` from bpf(cmd)."""
    specific = _SPECIFIC.get((cmd, err))
    if specific is not None:
        return specific
    if err == errno.EPERM:
        if cmd in _MAP_ELEM_CMDS:
            return "the map is frozen or read-only from user space"
        return _eperm(cmd, prog_type)
    if err == errno.ENOSPC and cmd in _LOAD_CMDS:
        return "the log buffer is too small; retry with a bigger one"
    if err in (errno.ENOTSUP, ENOTSUPP) and cmd in _MAP_ELEM_CMDS:
        # 524 has no name in Python's errno table; say it here so the message is readable.
        prefix = "ENOTSUPP: " if err == ENOTSUPP else ""
        return f"{prefix}this map type does not support that operation from user space"
    return _BY_ERRNO.get(err, "")


def errno_name(err: int) -> str:
    """'ENOENT' for 2, 'ENOTSUPP' for the kernel-internal 524, else the number."""
    if err == ENOTSUPP:
        return "ENOTSUPP"
    return errno.errorcode.get(err, str(err))
