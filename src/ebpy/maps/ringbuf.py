"""Consuming BPF ring buffers: one record parser for the kernel's ring buffers and ours.

It works on any memory laid out as the kernel lays out a BPF_MAP_TYPE_RINGBUF for mmap():
a u64 consumer position (written by the consumer), a u64 producer position, and a data area
of `size` bytes (a power of 2) mapped twice in a row, holding records that start with an
8-byte header {u32 len (BUSY = 1 << 31: being written, DISCARD = 1 << 30: skip), u32 pg_off}
and are padded to 8 bytes. Positions only grow; `pos & (size - 1)` is the data offset.
Loads and stores of the positions and headers are acquire/release, as libbpf's.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct
import time
from collections.abc import Callable, Iterator
from typing import Any

from ebpy.errors import MapError
from ebpy.maps import native

BUSY_BIT = 1 << 31
DISCARD_BIT = 1 << 30
HEADER_SIZE = 8

Wait = Callable[[float | None], bool]  # wait(timeout) -> whether data may have arrived

# On x86 every load is an acquire and every store a release (TSO), so positions and headers can
# be read through memoryviews; elsewhere each goes through the native acquire/release helpers.
_TSO = platform.machine() in ("x86_64", "AMD64", "i386", "i686")
_U64 = struct.Struct("<Q")
_U32 = struct.Struct("<I")


def _view(address: int, size: int) -> memoryview:
    return memoryview((ctypes.c_ubyte * size).from_address(address)).cast("B")


def record_span(header_len: int) -> int:
    """Bytes a record occupies: header plus data, rounded up to 8."""
    return ((header_len & ~(BUSY_BIT | DISCARD_BIT)) + HEADER_SIZE + 7) & ~7


class RingBuffer:
    """Reads records from ring buffer memory: `read()`, iteration, `poll(callback)`.

    `consumer_pos`, `producer_pos` and `data` are addresses (the data mapped twice); `owner`
    is kept alive and, if it has a true `closed` attribute, makes reads fail with EBADF.
    `wait(timeout)` blocks until data may be there (the kernel engine waits on epoll);
    without it `poll` sleeps in short steps.
    """

    def __init__(
        self,
        consumer_pos: int,
        producer_pos: int,
        data: int,
        size: int,
        *,
        owner: Any = None,
        wait: Wait | None = None,
    ) -> None:
        if size <= 0 or size & (size - 1):
            raise MapError(errno.EINVAL, f"ring buffer size {size} is not a power of 2")
        self.consumer_pos = consumer_pos
        self.producer_pos = producer_pos
        self.data = data
        self.size = size
        self.mask = size - 1
        self.owner = owner
        self._wait = wait
        self._lib = native.get_lib()
        if _TSO:
            self._cons = _view(consumer_pos, 8)
            self._prod = _view(producer_pos, 8)
            self._data = _view(data, 2 * size)  # the data area is mapped twice in a row

    def _check(self) -> None:
        if getattr(self.owner, "closed", False):
            raise MapError(errno.EBADF, "the ring buffer's map is closed")

    def available(self) -> int:
        """Bytes between the consumer and the producer (records, headers and padding)."""
        self._check()
        lib = self._lib
        return int(
            lib.ebpy_load_acquire_u64(self.producer_pos)
            - lib.ebpy_load_acquire_u64(self.consumer_pos)
        )

    def records(self, limit: int | None = None) -> Iterator[bytes]:
        """Consume and yield committed records in order, stopping at one still being written
        (or after `limit`). Discarded records are skipped."""
        self._check()
        if _TSO:
            yield from self._records_tso(limit)
            return
        lib = self._lib
        cons = int(lib.ebpy_load_acquire_u64(self.consumer_pos))
        done = 0
        while limit is None or done < limit:
            prod = int(lib.ebpy_load_acquire_u64(self.producer_pos))
            if cons >= prod:
                return
            header = self.data + (cons & self.mask)
            length = int(lib.ebpy_load_acquire_u32(header))
            if length & BUSY_BIT:
                return
            sample = None
            if not length & DISCARD_BIT:
                sample = ctypes.string_at(header + HEADER_SIZE, length & ~(BUSY_BIT | DISCARD_BIT))
            cons += record_span(length)
            lib.ebpy_store_release_u64(self.consumer_pos, cons)
            if sample is not None:
                done += 1
                yield sample
            self._check()

    def _records_tso(self, limit: int | None) -> Iterator[bytes]:
        cons_view, prod_view, data = self._cons, self._prod, self._data
        mask = self.mask
        cons = _U64.unpack_from(cons_view)[0]
        done = 0
        while limit is None or done < limit:
            prod = _U64.unpack_from(prod_view)[0]
            if cons >= prod:
                return
            while cons < prod and (limit is None or done < limit):
                off = cons & mask
                length = _U32.unpack_from(data, off)[0]
                if length & BUSY_BIT:
                    return
                size = length & ~(BUSY_BIT | DISCARD_BIT)
                sample = None if length & DISCARD_BIT else bytes(data[off + 8 : off + 8 + size])
                cons += (size + HEADER_SIZE + 7) & ~7
                _U64.pack_into(cons_view, 0, cons)
                if sample is not None:
                    done += 1
                    yield sample
                    self._check()

    def __iter__(self) -> Iterator[bytes]:
        return self.records()

    def read(self, limit: int | None = None) -> list[bytes]:
        """Every committed record now available (at most `limit`), consumed."""
        return list(self.records(limit))

    def consume(self, callback: Callable[[bytes], Any]) -> int:
        """Hand every available record to `callback`; the number handled."""
        count = 0
        for sample in self.records():
            callback(sample)
            count += 1
        return count

    def poll(self, callback: Callable[[bytes], Any], timeout: float | None = None) -> int:
        """Wait up to `timeout` seconds (None: forever) for records, then consume them all."""
        deadline = None if timeout is None else time.monotonic() + timeout
        step = 50e-6
        while True:
            count = self.consume(callback)
            if count:
                return count
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return 0
            if self._wait is not None:
                self._wait(remaining)
                continue
            pause = step if remaining is None else min(step, remaining)
            time.sleep(pause)
            step = min(step * 2, 5e-3)
