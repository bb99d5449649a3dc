"""A consumer of ring buffer records, decoded through BTF, for every engine's ring buffers.

`RingBufferReader` turns a `RingBuffer` (the record parser over ring buffer memory) into what a
user reads: `read()`, iteration (records there now), `poll(callback, timeout)`, `stream(timeout)`
(records as they come), `async for` (asyncio). Engines differ only in how a reader waits: the
kernel's reader waits on an epoll fd the kernel signals (ebpy.kernel.ringbuf); over ebpy's own
maps, where producers are programs in this process, waiting is a short sleep between looks.
"""

from __future__ import annotations

import errno
import time
from collections.abc import Callable, Iterator
from typing import Any

from ebpy.errors import MapError
from ebpy.maps.event_reader import FIRST_PAUSE, EventReader
from ebpy.maps.records import Decoder
from ebpy.maps.ringbuf import RingBuffer


class RingBufferReader(EventReader):
    """Decoded records of one ring buffer (`decode` None keeps them as bytes); a context
    manager. `ring` is set by the constructor or, for readers that map memory first, by the
    subclass."""

    def __init__(self, name: str, ring: RingBuffer | None, decode: Decoder | None) -> None:
        self.name = name
        self.decode = decode
        self.ring: RingBuffer = ring  # type: ignore[assignment]  # (subclasses set it later)
        self._closed = False

    # ---- state --------------------------------------------------------------------------------
    @property
    def closed(self) -> bool:
        return self._closed

    def available(self) -> int:
        """Bytes the producers have committed past the consumer."""
        return self.ring.available()

    def _wait(self, timeout: float | None) -> bool:
        """Block until records may be there or `timeout` seconds pass."""
        time.sleep(FIRST_PAUSE if timeout is None else max(0.0, min(timeout, FIRST_PAUSE)))
        return True

    # ---- reading ------------------------------------------------------------------------------
    def _decoded(self, raw: bytes) -> Any:
        return self.decode(raw) if self.decode is not None else raw

    def records(self, limit: int | None = None) -> Iterator[Any]:
        """Consume and yield the records there now (decoded), without waiting."""
        if self._closed:
            raise MapError(errno.EBADF, "the ring buffer reader is closed")
        for raw in self.ring.records(limit):
            yield self._decoded(raw)

    def __iter__(self) -> Iterator[Any]:
        return self.records()

    def read(self, limit: int | None = None) -> list[Any]:
        """Every record there now (at most `limit`), consumed."""
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

    # ---- lifetime -----------------------------------------------------------------------------
    def close(self) -> None:
        self._closed = True

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{self.ring.size if self.ring else 0} bytes"
        return f"<{type(self).__name__} {self.name!r} {state}>"
