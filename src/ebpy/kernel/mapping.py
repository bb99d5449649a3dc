"""mmap(2) of kernel objects by address: ring buffer pages and perf event rings.

Python's mmap module cannot give the address of a read-only mapping, which the ring buffer
consumer needs (it reads headers with acquire loads at addresses). These mappings are owned
by a reader object that never hands out views of them, so unmapping on close is safe.
"""

from __future__ import annotations

import ctypes
import errno
import mmap

from ebpy.errors import KernelError
from ebpy.kernel.fd import FdLike, fd_number

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = (
    ctypes.c_void_p,
    ctypes.c_size_t,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_long,
)
_libc.munmap.restype = ctypes.c_int
_libc.munmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t)
_MAP_FAILED = ctypes.c_void_p(-1).value

PROT_READ = mmap.PROT_READ
PROT_WRITE = mmap.PROT_WRITE


class Mapping:
    """`length` bytes of `fd` at `offset`, mapped shared; `address` until close()."""

    def __init__(self, fd: FdLike, length: int, prot: int, offset: int = 0, *, what: str) -> None:
        addr = _libc.mmap(None, length, prot, mmap.MAP_SHARED, fd_number(fd), offset)
        if addr is None or addr == _MAP_FAILED:
            err = ctypes.get_errno() or errno.EINVAL
            raise KernelError(err, what, _hint(err))
        self.address: int = addr
        self.length = length

    @property
    def closed(self) -> bool:
        return self.address == 0

    def close(self) -> None:
        addr, self.address = self.address, 0
        if addr:
            _libc.munmap(addr, self.length)

    def __del__(self) -> None:
        self.close()


def _hint(err: int) -> str:
    if err == errno.EPERM:
        return "the kernel refuses this mapping (a writable map of a read-only region?)"
    if err == errno.ENOMEM:
        return "out of address space or memory lock limit (ulimit -l)"
    if err == errno.EINVAL:
        return "the object cannot be mapped with this size or offset"
    return ""
