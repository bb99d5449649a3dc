"""The bpf() system call through ctypes: one entry point that turns failures into KernelError."""

from __future__ import annotations

import ctypes
import errno
import os
from collections.abc import Callable

from ebpy.errors import KernelError, MapError
from ebpy.kernel.fd import Fd
from ebpy.kernel.hints import explain
from ebpy.kernel.uapi import Cmd

# __NR_bpf per architecture (uname -m). The generic syscall table (arm64, riscv, loongarch)
# numbers it 280.
SYSCALL_NUMBERS: dict[str, int] = {
    "x86_64": 321,
    "aarch64": 280,
    "arm64": 280,
    "riscv64": 280,
    "loongarch64": 280,
    "ppc64": 361,
    "ppc64le": 361,
    "s390x": 351,
    "i386": 357,
    "i686": 357,
    "armv7l": 386,
}

_AGAIN_RETRIES = 5  # libbpf retries PROG_LOAD this often when the kernel says EAGAIN

CData = ctypes.Structure | ctypes.Union


class KernelMapError(KernelError, MapError):
    """A kernel map operation that failed: a KernelError (with the hint) that is also the
    MapError userspace maps raise for the same errno, so callers catch one type on every engine."""

    def __init__(self, err: int, what: str, hint: str = "") -> None:
        KernelError.__init__(self, err, what, hint)


def _syscall_function() -> Callable[..., int] | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    func = libc.syscall
    func.restype = ctypes.c_long
    func.argtypes = (ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_ulong)
    return func


BPF_NR: int | None = SYSCALL_NUMBERS.get(os.uname().machine)
_SYSCALL = _syscall_function()


def bpf(
    cmd: Cmd,
    attr: CData,
    *,
    what: str | None = None,
    prog_type: int | None = None,
    retry_again: bool = False,
    error: type[KernelError] = KernelError,
) -> int:
    """bpf(cmd, &attr, sizeof(attr)): the kernel's non-negative result, or KernelError.

    `what` names the operation in the error ("creating map 'flows'"); `prog_type` sharpens
    the EPERM hint (which capability is missing). EINTR is retried (a pending Python signal
    handler runs in between, so Ctrl-C still interrupts); EAGAIN only with `retry_again`.
    `error` is the KernelError subclass to raise (map commands raise KernelMapError).
    """
    if BPF_NR is None or _SYSCALL is None:
        raise KernelError(
            errno.ENOSYS,
            what or f"bpf({cmd.name})",
            f"ebpy does not know the bpf() syscall number on {os.uname().machine}",
        )
    again = 0
    while True:
        res = _SYSCALL(BPF_NR, int(cmd), ctypes.byref(attr), ctypes.sizeof(attr))
        if res >= 0:
            return res
        err = ctypes.get_errno()
        if err == errno.EINTR:
            continue
        if err == errno.EAGAIN and retry_again and again < _AGAIN_RETRIES:
            again += 1
            continue
        raise error(err, what or f"bpf({cmd.name})", explain(cmd, err, prog_type=prog_type))


def bpf_fd(
    cmd: Cmd,
    attr: CData,
    *,
    what: str | None = None,
    prog_type: int | None = None,
    retry_again: bool = False,
) -> Fd:
    """bpf() for the commands that return a new file descriptor, owned by the returned Fd."""
    return Fd(bpf(cmd, attr, what=what, prog_type=prog_type, retry_again=retry_again))


def address(buf: ctypes.Array | CData | None) -> int:
    """The address of a ctypes buffer as the u64 a bpf_attr pointer field holds (0 for None)."""
    return 0 if buf is None else ctypes.addressof(buf)


def byte_buffer(data: bytes | bytearray | memoryview) -> ctypes.Array[ctypes.c_char]:
    """A ctypes copy of `data` (exactly len(data) bytes, no NUL added)."""
    raw = bytes(data)
    return ctypes.create_string_buffer(raw, len(raw))


def c_string(text: str) -> ctypes.Array[ctypes.c_char]:
    """A NUL-terminated copy of `text` (UTF-8)."""
    return ctypes.create_string_buffer(text.encode())
