"""Native memory the JIT hands to programs: packet buffers below 4 GiB, addresses of buffers.

`xdp_md` and `__sk_buff` hold packet pointers in 32-bit fields, so a packet a JIT program
reads through them must live below 4 GiB: on x86-64 mmap's MAP_32BIT gives that; elsewhere we
ask for an address in the low 4 GiB with MAP_FIXED_NOREPLACE. Arenas are mapped once and carved
into page-sized blocks that return to a free list when the buffer object dies, so repeated test
runs reuse the same few pages instead of calling mmap each time.
"""

from __future__ import annotations

import ctypes
import mmap
import os
import platform
import threading
import weakref
from functools import partial
from typing import Any

from ebpy.errors import EbpyError

PAGE = mmap.PAGESIZE
ARENA_SIZE = 4 << 20
LOW_LIMIT = 1 << 32
_MAP_32BIT = 0x40  # x86-64 only
_MAP_FIXED_NOREPLACE = 0x100000
_HINT_START = 0x1000_0000  # where to start looking for low memory without MAP_32BIT

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
_munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
_madvise = _libc.madvise
_madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
_MADV_POPULATE_WRITE = 23  # Linux 5.14
_MAP_FAILED = ctypes.c_void_p(-1).value


class LowMemoryError(EbpyError):
    """No memory below 4 GiB could be mapped for packet data."""


def map_low(size: int) -> int:
    """`size` bytes of zeroed read-write memory whose last byte is below 4 GiB."""
    prot = mmap.PROT_READ | mmap.PROT_WRITE
    flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS
    if platform.machine() in ("x86_64", "AMD64"):
        addr = _mmap(None, size, prot, flags | _MAP_32BIT, -1, 0)
        if addr not in (None, _MAP_FAILED) and addr + size <= LOW_LIMIT:
            return int(addr)
        err = ctypes.get_errno()
        raise LowMemoryError(f"cannot map {size} bytes below 4 GiB: {os.strerror(err)}")
    hint = _HINT_START
    while hint + size <= LOW_LIMIT:
        addr = _mmap(hint, size, prot, flags | _MAP_FIXED_NOREPLACE, -1, 0)
        if addr == hint:
            return hint
        if addr not in (None, _MAP_FAILED):  # an old kernel ignored the flag: not ours to keep
            _munmap(addr, size)
        hint += size
    raise LowMemoryError(f"cannot map {size} bytes below 4 GiB: the low 4 GiB are full")


_array_types: dict[int, Any] = {}


def _packet_type(size: int) -> Any:
    """A ctypes byte array of `size` whose slices are memoryviews (fast copies, no lists)."""
    cls = _array_types.get(size)
    if cls is None:
        base: Any = ctypes.c_ubyte * size

        class PacketMemory(base):
            __slots__ = ()

            def __getitem__(self, index: Any) -> Any:
                return memoryview(self).cast("B")[index]

            def __setitem__(self, index: Any, value: Any) -> None:
                memoryview(self).cast("B")[index] = value

            @property
            def address(self) -> int:
                return ctypes.addressof(self)

        cls = PacketMemory
        _array_types[size] = cls
    return cls


class LowMemoryPool:
    """Page-granular blocks of low memory, reused once the buffer using them is gone."""

    def __init__(self, arena_size: int = ARENA_SIZE) -> None:
        self.arena_size = arena_size
        self._free: dict[int, list[int]] = {}  # pages -> free block addresses
        self._arena = 0
        self._arena_left = 0
        # Re-entrant: a buffer dying during allocate() (garbage collection) releases its
        # block from inside the lock.
        self._lock = threading.RLock()
        self._live: dict[int, Any] = {}  # address -> weak reference to the buffer using it
        self.arenas = 0

    def allocate(self, size: int, zero: bool = True) -> Any:
        """A writable buffer of exactly `size` bytes below 4 GiB (a ctypes array), zeroed
        unless `zero` is False (for a caller that writes every byte it reads)."""
        size = max(size, 1)
        pages = -(-size // PAGE)
        if pages * PAGE > self.arena_size:
            # Blocks bigger than an arena are mapped on their own, in powers of two: batches of
            # slightly different sizes then reuse one mapping instead of mapping, and faulting
            # in, fresh memory each time (a third of a batch's time).
            pages = 1 << (pages - 1).bit_length()
        with self._lock:
            addr, got = self._reuse(pages)
            if addr:
                if zero:
                    ctypes.memset(addr, 0, got * PAGE)
            else:
                addr = self._carve(pages * PAGE)
        buf = _packet_type(size).from_address(addr)
        # Back to the free list when the buffer object is gone (a weak reference's callback:
        # much cheaper than weakref.finalize, which matters once per test run).
        self._live[addr] = weakref.ref(buf, partial(self._released, addr, got))
        return buf

    def _reuse(self, pages: int) -> tuple[int, int]:
        """A free block of `pages` pages, or for blocks larger than an arena the smallest free
        one that holds them: (address or 0, its pages)."""
        free = self._free.get(pages)
        if free:
            return free.pop(), pages
        if pages * PAGE > self.arena_size:
            fits = [p for p, blocks in self._free.items() if p > pages and blocks]
            if fits:
                best = min(fits)
                return self._free[best].pop(), best
        return 0, pages

    def _carve(self, nbytes: int) -> int:
        if nbytes > self._arena_left:
            if nbytes > self.arena_size:
                self.arenas += 1
                return _map_big(nbytes)
            self._arena = map_low(self.arena_size)
            self._arena_left = self.arena_size
            self.arenas += 1
        addr = self._arena
        self._arena += nbytes
        self._arena_left -= nbytes
        return addr

    def _released(self, addr: int, pages: int, _ref: Any) -> None:
        self._release(addr, pages)

    def _release(self, addr: int, pages: int) -> None:
        with self._lock:
            self._live.pop(addr, None)
            self._free.setdefault(pages, []).append(addr)


def _map_big(nbytes: int) -> int:
    """A block for a batch's frames, faulted in at once rather than page by page as the loop
    first writes it (half the time). A hint only: failing costs speed. (Huge pages were
    tried: when the kernel has to compact memory for them, mapping takes ten times longer.)"""
    addr = map_low(nbytes)
    _madvise(addr, nbytes, _MADV_POPULATE_WRITE)
    return addr


_pool: LowMemoryPool | None = None


def packet_pool() -> LowMemoryPool:
    global _pool
    if _pool is None:
        _pool = LowMemoryPool()
    return _pool


# ---- addresses of Python buffers -------------------------------------------------------------
class _PyBuffer(ctypes.Structure):
    _fields_ = [
        ("buf", ctypes.c_void_p),
        ("obj", ctypes.c_void_p),
        ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t),
        ("readonly", ctypes.c_int),
        ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p),
        ("shape", ctypes.c_void_p),
        ("strides", ctypes.c_void_p),
        ("suboffsets", ctypes.c_void_p),
        ("internal", ctypes.c_void_p),
    ]


# Our own function objects: ctypes.pythonapi.X is one shared object whose argtypes any other
# module may overwrite with its own buffer struct.
_get_buffer = ctypes.PYFUNCTYPE(
    ctypes.c_int, ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int
)(("PyObject_GetBuffer", ctypes.pythonapi))
_release_buffer = ctypes.PYFUNCTYPE(None, ctypes.POINTER(_PyBuffer))(
    ("PyBuffer_Release", ctypes.pythonapi)
)


def buffer_address(obj: Any) -> int:
    """The address of the first byte of a buffer (read-only ones too).

    The caller keeps `obj` (or a memoryview of it) alive for as long as the address is used.
    """
    try:  # writable buffers: the quick way
        return ctypes.addressof(ctypes.c_char.from_buffer(obj))
    except (TypeError, ValueError):
        pass
    view = _PyBuffer()
    _get_buffer(obj, ctypes.byref(view), 0)
    try:
        return int(view.buf or 0)
    finally:
        _release_buffer(ctypes.byref(view))
