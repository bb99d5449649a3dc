"""Kernel ring buffers (BPF_MAP_TYPE_RINGBUF) read from Python.

The map is mapped as the kernel lays it out for user space: the consumer page read-write
(we publish how far we have read), then the producer page and the data area read-only, the
data area mapped twice in a row by the kernel so a record that wraps is contiguous. Records
are parsed by the shared `ebpy.maps.ringbuf.RingBuffer`; waiting is epoll on the map fd,
which the kernel signals when a record is committed. Usable from threads (`poll`, `stream`)
and asyncio (`async for record in reader`).
"""

from __future__ import annotations

import asyncio
import errno
import select
from collections.abc import AsyncIterator
from typing import Any

from ebpy.errors import MapError
from ebpy.kernel.mapping import PROT_READ, PROT_WRITE, Mapping
from ebpy.kernel.maps import KernelMapFd
from ebpy.kernel.system import page_size
from ebpy.maps.records import RecordType, make_decoder
from ebpy.maps.ringbuf import RingBuffer
from ebpy.maps.ringbuf_reader import RingBufferReader


class KernelRingBufMap(KernelMapFd):
    """A BPF_MAP_TYPE_RINGBUF in the kernel; `reader()` consumes its records."""

    def reader(self, record_type: RecordType = None) -> KernelRingBuffer:
        """A consumer of this ring buffer; `record_type` decodes records (a BTF type name of
        the object, a BTF type, or a callable), else they are bytes."""
        return KernelRingBuffer(self, record_type)


class KernelRingBuffer(RingBufferReader):
    """Consumes a kernel ring buffer: `read()`, `poll(callback, timeout)`, `stream(timeout)`,
    iteration (what is there now), `async for` (waits), `fileno()` for your own event loop."""

    def __init__(self, ringbuf: KernelMapFd, record_type: RecordType = None) -> None:
        super().__init__(ringbuf.name, None, make_decoder(record_type, ringbuf.btf))
        self.map = ringbuf
        self.size = ringbuf.max_entries
        page = page_size()
        label = f"ring buffer {ringbuf.name!r}"
        self._consumer: Mapping | None = None
        self._producer: Mapping | None = None
        self._epoll: select.epoll | None = None
        try:
            self._consumer = Mapping(
                ringbuf.fd, page, PROT_READ | PROT_WRITE, 0, what=f"mapping {label}'s consumer page"
            )
            self._producer = Mapping(
                ringbuf.fd, page + 2 * self.size, PROT_READ, page, what=f"mapping {label}'s data"
            )
            self._epoll = select.epoll()
            self._epoll.register(ringbuf.fileno(), select.EPOLLIN)
        except BaseException:
            self.close()
            raise
        producer = self._producer.address
        self.ring = RingBuffer(
            self._consumer.address,
            producer,
            producer + page,
            self.size,
            owner=self,
            wait=self._wait,
        )

    # ---- state ----------------------------------------------------------------------------
    @property
    def closed(self) -> bool:
        return self._epoll is None or self.map.closed

    def fileno(self) -> int:
        """An epoll fd that is readable when records may be waiting."""
        if self._epoll is None:
            raise MapError(errno.EBADF, "the ring buffer reader is closed")
        return self._epoll.fileno()

    def _wait(self, timeout: float | None) -> bool:
        if self._epoll is None:
            raise MapError(errno.EBADF, "the ring buffer reader is closed")
        return bool(self._epoll.poll(-1 if timeout is None else max(timeout, 0.0)))

    # ---- reading ---------------------------------------------------------------------------
    async def events(self) -> AsyncIterator[Any]:
        """Records as they arrive, in asyncio: the epoll fd is watched with loop.add_reader."""
        loop = asyncio.get_running_loop()
        ready = asyncio.Event()
        fd = self.fileno()
        loop.add_reader(fd, ready.set)
        try:
            while True:
                ready.clear()
                got = False
                for record in self.records():
                    got = True
                    yield record
                if not got and not self.ring.available():
                    await ready.wait()
                    if self._epoll is not None:
                        self._epoll.poll(0)  # level-triggered: just look, nothing to drain
        finally:
            if not loop.is_closed():
                loop.remove_reader(fd)

    # ---- lifetime ----------------------------------------------------------------------------
    def close(self) -> None:
        super().close()
        epoll, self._epoll = self._epoll, None
        if epoll is not None:
            epoll.close()
        for region in (self._consumer, self._producer):
            if region is not None:
                region.close()
        self._consumer = self._producer = None
