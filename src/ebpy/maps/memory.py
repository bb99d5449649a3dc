"""Map memory: a memfd mapped shared at a fixed address for the map's whole life.

A memfd rather than anonymous memory so another process can map the same pages (pass it
the fd). Ring buffers map their data area twice in a row, as the kernel does, so a record
that runs past the end of the data is still contiguous in memory.
"""

from __future__ import annotations

import ctypes
import errno
import mmap
import os
import threading

from ebpy.errors import MapError

PAGE_SIZE = mmap.PAGESIZE

_PROT_NONE = 0
_PROT_RW = mmap.PROT_READ | mmap.PROT_WRITE
_MAP_SHARED = mmap.MAP_SHARED
_MAP_PRIVATE = mmap.MAP_PRIVATE
_MAP_ANONYMOUS = mmap.MAP_ANONYMOUS
_MAP_FIXED = 0x10  # the same on every Linux architecture
_MAP_NORESERVE = 0x4000  # x86-64 and arm64
_MAP_FAILED = ctypes.c_void_p(-1).value

_libc = ctypes.CDLL(None, use_errno=True)
_mmap = _libc.mmap
_mmap.restype = ctypes.c_void_p
_mmap.argtypes = [
    ctypes.c_void_p,
    ctypes.c_size_t,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_long,
]
_munmap = _libc.munmap
_munmap.restype = ctypes.c_int
_munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]


def _map(address: int | None, length: int, prot: int, flags: int, fd: int, offset: int) -> int:
    result = _mmap(address, length, prot, flags, fd, offset)
    if result is None or result == _MAP_FAILED:
        err = ctypes.get_errno()
        raise MapError(err, f"cannot map {length} bytes of map memory: {os.strerror(err)}")
    return int(result)


class MapMemory:
    """`size` bytes of zeroed shared memory at `address`; ring buffers add `mirror` bytes
    after it that show the file's last `mirror` bytes again."""

    def __init__(self, name: str, size: int, mirror: int = 0) -> None:
        self.size = size
        self.mirror = mirror
        self._lock = threading.Lock()
        self._closed = False
        try:
            self.fd = os.memfd_create(f"ebpy-map-{name}"[:249], os.MFD_CLOEXEC)
        except OSError as e:
            raise MapError(
                e.errno or errno.ENOMEM, f"cannot create map memory: {e.strerror}"
            ) from None
        try:
            try:
                os.ftruncate(self.fd, size)
            except OSError as e:
                raise MapError(
                    e.errno or errno.ENOMEM, f"cannot size map memory to {size} bytes: {e.strerror}"
                ) from None
            if mirror:
                self.address = self._map_mirrored(size, mirror)
            else:
                self.address = _map(None, size, _PROT_RW, _MAP_SHARED | _MAP_NORESERVE, self.fd, 0)
        except BaseException:
            os.close(self.fd)
            raise

    def _map_mirrored(self, size: int, mirror: int) -> int:
        total = size + mirror
        # Reserve the whole range, then put the file and the mirror over it.
        base = _map(None, total, _PROT_NONE, _MAP_PRIVATE | _MAP_ANONYMOUS | _MAP_NORESERVE, -1, 0)
        try:
            _map(base, size, _PROT_RW, _MAP_SHARED | _MAP_FIXED, self.fd, 0)
            _map(base + size, mirror, _PROT_RW, _MAP_SHARED | _MAP_FIXED, self.fd, size - mirror)
        except BaseException:
            _munmap(base, total)
            raise
        return base

    @property
    def closed(self) -> bool:
        return self._closed

    def view(self, offset: int, length: int, writable: bool = True) -> memoryview:
        """A memoryview of part of the file through a mapping of its own, so the view stays
        valid (and safe) even after the map is closed. `offset` must be page-aligned."""
        prot = _PROT_RW if writable else mmap.PROT_READ
        mm = mmap.mmap(self.fd, length, mmap.MAP_SHARED, prot, offset=offset)
        return memoryview(mm)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            _munmap(self.address, self.size + self.mirror)
            os.close(self.fd)
