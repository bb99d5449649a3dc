"""Reading a collection's event buffer while a source runs: ring buffers and perf buffers.

    stream = open_stream(source, "events")
    source.run(stream.ticker(handle), every=stream.every)   # handle(raw) -> go on?
    stream.close()

Each tick drains what the programs sent since the last one. For the kernel, the source
waits on the buffer's epoll instead of sleeping, so records are handled as they arrive.
"""

from __future__ import annotations

import select
from collections.abc import Callable, Iterator
from typing import Any

from ebpy.errors import EbpyError
from ebpy.spec import MapType
from ebpy.tools.sources import Source, Tick, WaitingSource

EVENT_MAPS = (MapType.RINGBUF, MapType.PERF_EVENT_ARRAY)
Handler = Callable[[bytes], bool]  # a record -> go on?


class EventStream:
    """Records of one ring buffer or perf event array."""

    def __init__(self, name: str, reader: Any, every: float) -> None:
        self.name = name
        self.reader = reader
        self.every = every  # how often the source should tick to drain
        self._closed = False

    @property
    def lost(self) -> int:
        """Records the kernel could not deliver (perf buffers count them; ring buffers do
        not: a full ring buffer makes the program's reserve fail instead)."""
        return int(getattr(self.reader, "lost", 0) or 0)

    def records(self) -> Iterator[bytes]:
        """Every record available now, consumed."""
        yield from self.reader.records()

    def ticker(self, handle: Handler) -> Tick:
        """A tick that hands each new record to `handle`; stops when it returns False."""
        stopped = [False]

        def tick(final: bool) -> bool:
            if stopped[0]:
                return False
            for raw in self.records():
                if not handle(raw):
                    stopped[0] = True
                    return False
            return True

        return tick

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            close = getattr(self.reader, "close", None)
            if close is not None:
                close()


def event_map(maps: Any, name: str | None) -> Any:
    """The ring buffer / perf event array called `name`, or the only one."""
    if name is not None:
        m = maps.get(name)
        if m is None:
            raise EbpyError(f"no map {name!r} (maps: {', '.join(maps) or 'none'})")
        if MapType(m.spec.type) not in EVENT_MAPS:
            raise EbpyError(
                f"map {name!r} is a {MapType(m.spec.type).name.lower()} map, "
                "not a ring buffer or perf event array"
            )
        return m
    found = [m for m in maps.values() if MapType(m.spec.type) in EVENT_MAPS]
    if len(found) == 1:
        return found[0]
    if not found:
        raise EbpyError("the object has no ring buffer or perf event array")
    names = ", ".join(m.name for m in found)
    raise EbpyError(f"several event maps ({names}); name one with --map")


def open_stream(source: Source, name: str | None = None) -> EventStream:
    """A stream over the source's event map; for a waiting (kernel) source, waiting on the
    reader's fd (epoll over the buffer) becomes the source's wait."""
    m = event_map(source.maps, name)
    opener = getattr(m, "reader", None)
    if opener is None:
        kind = MapType(m.spec.type).name.lower()
        raise EbpyError(f"map {m.name!r}: reading a {kind} map is not supported on this engine")
    reader = opener()
    fileno = getattr(reader, "fileno", None)
    if isinstance(source, WaitingSource) and fileno is not None:
        fd = fileno()
        source.wait = lambda timeout: bool(select.select([fd], [], [], timeout)[0])
        return EventStream(m.name, reader, 1.0)
    return EventStream(m.name, reader, 0.0)  # userspace: drain after each batch or call
