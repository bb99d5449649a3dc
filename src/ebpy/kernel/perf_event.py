"""perf_event_open(2) through ctypes: the events BPF programs attach to (tracepoints, uprobes)
and the per-CPU BPF output events that perf event arrays write into.

`PerfEventAttr` mirrors `struct perf_event_attr` up to `config3` (PERF_ATTR_SIZE_VER8, 136
bytes); the kernel accepts any known size and treats the rest as zero. Offsets are checked
against the running kernel's BTF in tests/test_kernel_attach.py.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
from ctypes import c_int32, c_uint16, c_uint32, c_uint64
from enum import IntEnum, IntFlag

from ebpy.errors import KernelError
from ebpy.kernel.fd import Fd, FdLike, fd_number

# __NR_perf_event_open per architecture (uname -m).
SYSCALL_NUMBERS: dict[str, int] = {
    "x86_64": 298,
    "aarch64": 241,
    "arm64": 241,
    "riscv64": 241,
    "loongarch64": 241,
    "ppc64": 319,
    "ppc64le": 319,
    "s390x": 331,
    "i386": 336,
    "i686": 336,
    "armv7l": 364,
}


class PerfType(IntEnum):
    """perf_event_attr.type for the fixed PMUs (dynamic ones such as `uprobe` are read from
    /sys/bus/event_source/devices/<pmu>/type)."""

    HARDWARE = 0
    SOFTWARE = 1
    TRACEPOINT = 2
    HW_CACHE = 3
    RAW = 4
    BREAKPOINT = 5


class SoftwareEvent(IntEnum):
    """perf_event_attr.config for PERF_TYPE_SOFTWARE."""

    CPU_CLOCK = 0
    TASK_CLOCK = 1
    BPF_OUTPUT = 10


class SampleType(IntFlag):
    NONE = 0
    IP = 1 << 0
    TID = 1 << 1
    TIME = 1 << 2
    RAW = 1 << 10


class AttrFlags(IntFlag):
    """The bit fields of perf_event_attr after read_format (in declaration order)."""

    NONE = 0
    DISABLED = 1 << 0
    INHERIT = 1 << 1
    PINNED = 1 << 2
    EXCLUSIVE = 1 << 3
    EXCLUDE_USER = 1 << 4
    EXCLUDE_KERNEL = 1 << 5
    EXCLUDE_HV = 1 << 6
    EXCLUDE_IDLE = 1 << 7
    MMAP = 1 << 8
    COMM = 1 << 9
    FREQ = 1 << 10
    INHERIT_STAT = 1 << 11
    ENABLE_ON_EXEC = 1 << 12
    TASK = 1 << 13
    WATERMARK = 1 << 14


PERF_FLAG_FD_CLOEXEC = 1 << 3

# ioctl numbers: _IO('$', n) and _IOW('$', n, u32) / _IOW('$', n, u64).
PERF_EVENT_IOC_ENABLE = 0x2400
PERF_EVENT_IOC_DISABLE = 0x2401
PERF_EVENT_IOC_SET_BPF = 0x40042408


class PerfEventAttr(ctypes.Structure):
    """struct perf_event_attr (<linux/perf_event.h>); unions are named by their first member
    and the aliases below."""

    _fields_ = [
        ("type", c_uint32),
        ("size", c_uint32),
        ("config", c_uint64),
        ("sample_period", c_uint64),  # union with sample_freq
        ("sample_type", c_uint64),
        ("read_format", c_uint64),
        ("flags", c_uint64),  # disabled:1, inherit:1, ... (AttrFlags)
        ("wakeup_events", c_uint32),  # union with wakeup_watermark
        ("bp_type", c_uint32),
        ("config1", c_uint64),  # union: bp_addr, kprobe_func, uprobe_path
        ("config2", c_uint64),  # union: bp_len, kprobe_addr, probe_offset
        ("branch_sample_type", c_uint64),
        ("sample_regs_user", c_uint64),
        ("sample_stack_user", c_uint32),
        ("clockid", c_int32),
        ("sample_regs_intr", c_uint64),
        ("aux_watermark", c_uint32),
        ("sample_max_stack", c_uint16),
        ("reserved_2", c_uint16),
        ("aux_sample_size", c_uint32),
        ("aux_action", c_uint32),
        ("sig_data", c_uint64),
        ("config3", c_uint64),
    ]


_libc = ctypes.CDLL(None, use_errno=True)
_syscall = _libc.syscall
_syscall.restype = ctypes.c_long
PERF_NR: int | None = SYSCALL_NUMBERS.get(os.uname().machine)


def perf_event_open(
    attr: PerfEventAttr,
    *,
    pid: int = -1,
    cpu: int = -1,
    group_fd: int = -1,
    what: str = "perf_event_open",
) -> Fd:
    """perf_event_open(&attr, pid, cpu, group_fd, FD_CLOEXEC): an owned fd, or KernelError."""
    if PERF_NR is None:
        raise KernelError(
            errno.ENOSYS, what, f"unknown perf_event_open number on {os.uname().machine}"
        )
    attr.size = ctypes.sizeof(PerfEventAttr)
    while True:
        res = _syscall(
            ctypes.c_long(PERF_NR),
            ctypes.byref(attr),
            ctypes.c_int(pid),
            ctypes.c_int(cpu),
            ctypes.c_int(group_fd),
            ctypes.c_ulong(PERF_FLAG_FD_CLOEXEC),
        )
        if res >= 0:
            return Fd(res)
        err = ctypes.get_errno()
        if err != errno.EINTR:
            raise KernelError(err, what, _hint(err, pid))


def _hint(err: int, pid: int) -> str:
    if err == errno.EACCES or err == errno.EPERM:
        return (
            "perf_event_open needs CAP_PERFMON (or CAP_SYS_ADMIN), or a lower "
            "kernel.perf_event_paranoid"
        )
    if err == errno.ESRCH:
        return f"no process with pid {pid}"
    if err == errno.ENOENT:
        return "the event does not exist on this kernel"
    if err == errno.EINVAL:
        return "the kernel refused the event attributes (unknown config, or a bad offset)"
    if err == errno.EMFILE:
        return "too many open files (raise ulimit -n)"
    return ""


def ioctl(fd: FdLike, request: int, arg: int = 0, *, what: str) -> None:
    """ioctl on a perf event fd; OSError becomes KernelError naming `what`."""
    try:
        fcntl.ioctl(fd_number(fd), request, arg)
    except OSError as e:
        raise KernelError(e.errno or errno.EINVAL, what, _hint(e.errno or 0, -1)) from None


def pmu_type(name: str) -> int | None:
    """The dynamic PMU type number of `name` (uprobe, kprobe) from sysfs, or None."""
    try:
        with open(f"/sys/bus/event_source/devices/{name}/type") as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def pmu_format_bit(pmu: str, field: str) -> int | None:
    """The config bit of a PMU format field (e.g. uprobe's `retprobe` is "config:0")."""
    try:
        with open(f"/sys/bus/event_source/devices/{pmu}/format/{field}") as f:
            text = f.read().strip()
    except OSError:
        return None
    if not text.startswith("config:"):
        return None
    try:
        return int(text.split(":", 1)[1].split("-", 1)[0])
    except ValueError:
        return None
