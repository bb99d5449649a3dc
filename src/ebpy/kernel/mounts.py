"""mount(2) and statfs(2) through ctypes: is a folder on bpffs (or tracefs), and mounting one."""

from __future__ import annotations

import ctypes
import errno
import os

from ebpy.errors import KernelError

BPF_FS_MAGIC = 0xCAFE4A11

_libc = ctypes.CDLL(None, use_errno=True)


class _Statfs(ctypes.Structure):
    # struct statfs on 64-bit Linux: f_type is the first word; the rest is not needed but
    # must be there for the kernel to write into (120 bytes on x86_64 / arm64).
    _fields_ = [("f_type", ctypes.c_long), ("_rest", ctypes.c_char * 128)]


def statfs_type(path: str) -> int | None:
    """The filesystem magic (f_type) of `path`, or None when it does not exist."""
    buf = _Statfs()
    if _libc.statfs(os.fsencode(path), ctypes.byref(buf)) != 0:
        return None
    return int(buf.f_type) & 0xFFFFFFFF


def is_bpffs(path: str) -> bool:
    return statfs_type(path) == BPF_FS_MAGIC


def mount(source: str, target: str, fstype: str, *, what: str) -> None:
    """mount(source, target, fstype, 0, NULL); KernelError with the errno on failure."""
    res = _libc.mount(os.fsencode(source), os.fsencode(target), os.fsencode(fstype), 0, None)
    if res != 0:
        err = ctypes.get_errno()
        hint = "mounting needs CAP_SYS_ADMIN" if err == errno.EPERM else ""
        raise KernelError(err, what, hint)
