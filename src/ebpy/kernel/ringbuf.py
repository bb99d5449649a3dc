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
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from ebpy.errors import MapError
from ebpy.kernel.mapping import PROT_READ, PROT_WRITE, Mapping
from ebpy.kernel.maps import KernelMapFd
from ebpy.kernel.records import Decoder, RecordType, make_decoder
from ebpy.kernel.system import page_size
from ebpy.maps.ringbuf import RingBuffer


class KernelRingBufMap(KernelMapFd):
    """A BPF_MAP_TYPE_RINGBUF in the kernel; `reader()` consumes its records."""

    def reader(self, record_type: RecordType = None) -> KernelRingBuffer:
        """A consumer of this ring buffer; `record_type` decodes records (a BTF type name of
        the object, a BTF type, or a callable), else they are bytes."""
        return KernelRingBuffer(self, record_type)


class KernelRingBuffer:
    """Consumes a kernel ring buffer: `read()`, `poll(callback, timeout)`, `stream(timeout)`,
    iteration (what is there now), `async for` (waits), `fileno()` for your own event loop."""

    def __init__(self, ringbuf: KernelMapFd, record_type: RecordType = None) -> None:
        self.map = ringbuf
        self.size = ringbuf.max_entries
        self.decode: Decoder | None = make_decoder(record_type, ringbuf.btf)
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

    def available(self) -> int:
        """Bytes the producer has committed past the consumer."""
        return self.ring.available()

    def _wait(self, timeout: float | None) -> bool:
        if self._epoll is None:
            raise MapError(errno.EBADF, "the ring buffer reader is closed")
        return bool(self._epoll.poll(-1 if timeout is None else max(timeout, 0.0)))

    # ---- reading ---------------------------------------------------------------------------
    def _decoded(self, raw: bytes) -> Any:
        return self.decode(raw) if self.decode is not None else raw

    def records(self, limit: int | None = None) -> Iterator[Any]:
        """Consume and yield the records there now (decoded), without waiting."""
        for raw in self.ring.records(limit):
            yield self._decoded(raw)

    def __iter__(self) -> Iterator[Any]:
        return self.records()

    def read(self, limit: int | None = None) -> list[Any]:
        return list(self.records(limit))

    def poll(self, callback: Callable[[Any], Any], timeout: float | None = None) -> int:
        """Wait up to `timeout` seconds (None: forever) for records; hand each to `callback`;
        the number handled (0 on timeout)."""
        return self.ring.poll(lambda raw: callback(self._decoded(raw)), timeout)

    def stream(self, timeout: float | None = None) -> Iterator[Any]:
        """Records as they arrive, until `timeout` seconds pass without one (None: forever)."""
        while True:
            got = False
            for record in self.records():
                got = True
                yield record
            if got:
                continue
            deadline = None if timeout is None else time.monotonic() + timeout
            while not self.ring.available():
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return
                self._wait(remaining)

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

    def __aiter__(self) -> AsyncIterator[Any]:
        return self.events()

    # ---- lifetime ----------------------------------------------------------------------------
    def close(self) -> None:
        epoll, self._epoll = self._epoll, None
        if epoll is not None:
            epoll.close()
        for region in (self._consumer, self._producer):
            if region is not None:
                region.close()
        self._consumer = self._producer = None

    def __enter__(self) -> KernelRingBuffer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{self.size} bytes"
        return f"<KernelRingBuffer {self.map.name!r} {state}>"
