"""The kernel's seccomp interface as data: return actions, notification structs, ioctls, the
classic-BPF filter that sends every system call to the supervisor, and per-architecture numbers.

Values are from include/uapi/linux/seccomp.h and include/uapi/linux/audit.h; the struct sizes are
checked against the running kernel (SECCOMP_GET_NOTIF_SIZES) by the tests.
"""

from __future__ import annotations

import ctypes
import os
import struct
from dataclasses import dataclass
from enum import IntEnum

from ebpy.errors import EbpyError
from ebpy.hooks.syscalls.table_x86_64 import X86_64_SYSCALLS

# seccomp(2) operations and flags
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_GET_NOTIF_SIZES = 3
SECCOMP_FILTER_FLAG_NEW_LISTENER = 1 << 3
SECCOMP_USER_NOTIF_FLAG_CONTINUE = 1
SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP = 1
PR_SET_NO_NEW_PRIVS = 38

SECCOMP_RET_ACTION_FULL = 0xFFFF0000
SECCOMP_RET_DATA = 0x0000FFFF
MAX_ERRNO = 4095


class SeccompAction(IntEnum):
    """What a filter (here: the policy program) decides, in the high 16 bits of its return."""

    KILL_PROCESS = 0x80000000
    KILL_THREAD = 0x00000000
    TRAP = 0x00030000
    ERRNO = 0x00050000
    USER_NOTIF = 0x7FC00000
    TRACE = 0x7FF00000
    LOG = 0x7FFC0000
    ALLOW = 0x7FFF0000


# struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]; }
SECCOMP_DATA_SIZE = 64
# struct seccomp_notif { __u64 id; __u32 pid; __u32 flags; struct seccomp_data data; }
NOTIF = struct.Struct("<QII")
NOTIF_SIZE = NOTIF.size + SECCOMP_DATA_SIZE
# struct seccomp_notif_resp { __u64 id; __s64 val; __s32 error; __u32 flags; }
NOTIF_RESP = struct.Struct("<QqiI")
SECCOMP_DATA_ARGS = struct.Struct("<iIQ6Q")


def _ioc(direction: int, nr: int, size: int) -> int:
    return (direction << 30) | (size << 16) | (ord("!") << 8) | nr


_IOC_WRITE, _IOC_READ = 1, 2
SECCOMP_IOCTL_NOTIF_RECV = _ioc(_IOC_READ | _IOC_WRITE, 0, NOTIF_SIZE)
SECCOMP_IOCTL_NOTIF_SEND = _ioc(_IOC_READ | _IOC_WRITE, 1, NOTIF_RESP.size)
SECCOMP_IOCTL_NOTIF_ID_VALID = _ioc(_IOC_WRITE, 2, 8)
SECCOMP_IOCTL_NOTIF_SET_FLAGS = _ioc(_IOC_WRITE, 4, 8)


@dataclass(frozen=True)
class Arch:
    """One architecture's AUDIT_ARCH value and the system call numbers the supervisor needs."""

    name: str
    audit: int
    nr_seccomp: int
    nr_sendmsg: int
    nr_tgkill: int
    names: dict[int, str]


AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_AARCH64 = 0xC00000B7
AUDIT_ARCH_I386 = 0x40000003
ARCHES = {
    "x86_64": Arch("x86_64", AUDIT_ARCH_X86_64, 317, 46, 234, X86_64_SYSCALLS),
    "aarch64": Arch("aarch64", AUDIT_ARCH_AARCH64, 277, 211, 131, {}),
}
ARCH_NAMES = {AUDIT_ARCH_X86_64: "x86_64", AUDIT_ARCH_AARCH64: "aarch64", AUDIT_ARCH_I386: "i386"}


def host_arch() -> Arch:
    machine = os.uname().machine
    arch = ARCHES.get(machine)
    if arch is None:
        raise EbpyError(f"system-call supervision is not supported on {machine}")
    return arch


def syscall_name(nr: int, audit_arch: int = AUDIT_ARCH_X86_64) -> str:
    """The name of system call `nr` of `audit_arch` (`syscall_<nr>` when unknown)."""
    table = X86_64_SYSCALLS if audit_arch == AUDIT_ARCH_X86_64 else {}
    name = table.get(nr)
    if name is None and audit_arch == AUDIT_ARCH_X86_64 and nr & 0x40000000:
        name = table.get(nr & ~0x40000000)  # the x32 ABI: same numbers with bit 30 set
        return f"{name}(x32)" if name else f"syscall_{nr}"
    return name or f"syscall_{nr}"


def syscall_number(name: str) -> int:
    """The x86_64 number of a system call by name."""
    for nr, n in X86_64_SYSCALLS.items():
        if n == name:
            return nr
    raise EbpyError(f"unknown system call {name!r}")


# ---- the classic-BPF filter ---------------------------------------------------------------------
class SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    ]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(SockFilter))]


BPF_LD_W_ABS = 0x20
BPF_JEQ_K = 0x15
BPF_RET_K = 0x06
_ARG5 = 16 + 5 * 8  # offset of args[5] in seccomp_data


def notify_filter(arch: Arch, cookie: int) -> list[tuple[int, int, int, int]]:
    """Every system call goes to the supervisor (SECCOMP_RET_USER_NOTIF), except one: sendmsg
    with `cookie` in its unused sixth argument, which the child makes once to hand the
    listener to the supervisor before anything can answer its notifications. The cookie is
    random per run and lives only in the kernel's copy of the filter, which an unprivileged
    process cannot read back, so a supervised program cannot make that exception its own.
    """
    lo, hi = cookie & 0xFFFFFFFF, cookie >> 32
    notify = SeccompAction.USER_NOTIF
    return [
        (BPF_LD_W_ABS, 0, 0, 4),  # A = arch
        (BPF_JEQ_K, 0, 7, arch.audit),
        (BPF_LD_W_ABS, 0, 0, 0),  # A = nr
        (BPF_JEQ_K, 0, 5, arch.nr_sendmsg),
        (BPF_LD_W_ABS, 0, 0, _ARG5),  # args[5], low word (little-endian)
        (BPF_JEQ_K, 0, 3, lo),
        (BPF_LD_W_ABS, 0, 0, _ARG5 + 4),
        (BPF_JEQ_K, 0, 1, hi),
        (BPF_RET_K, 0, 0, SeccompAction.ALLOW),
        (BPF_RET_K, 0, 0, notify),
    ]


def filter_program(insns: list[tuple[int, int, int, int]]) -> tuple[SockFprog, ctypes.Array]:
    """The sock_fprog for seccomp(2) and the array it points to (keep both alive)."""
    array = (SockFilter * len(insns))(*[SockFilter(c, t, f, k) for c, t, f, k in insns])
    prog = SockFprog(len(insns), ctypes.cast(array, ctypes.POINTER(SockFilter)))
    return prog, array
