"""Reading a collection's event buffer while a source runs: ring buffers and perf buffers.

    stream = open_stream(source, "events")
    source.run(stream.ticker(handle), every=stream.every)   # handle(raw) -> go on?
    stream.close()

Each tick drains what the programs sent since the last one. For the kernel, the source
waits on the buffer's epoll instead of sleeping, so records are handled as they arrive.
"""

from __future__ import annotations

import select
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ebpy.btf.codec import Record
from ebpy.errors import EbpyError
from ebpy.spec import MapType
from ebpy.tools import events as ev
from ebpy.tools.filter import compile_filter
from ebpy.tools.sources import Source, Tick, WaitingSource, with_deadline

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


@dataclass(frozen=True)
class Printed:
    exit_status: int  # the activity's (a supervised command's)
    events: int  # printed
    lost: int  # records the kernel could not deliver (perf buffers)


def print_events(
    source: Source,
    decoder: ev.EventDecoder,
    columns: list[ev.Column],
    *,
    map_name: str | None = None,
    as_json: bool = False,
    filter_text: str | None = None,
    max_events: int | None = None,
    duration: float | None = None,
    drop_fields: tuple[str, ...] = (),
    ready: Callable[[], None] | None = None,
) -> Printed:
    """Run `source`, printing each record of its event map (decoded, `drop_fields` left
    out, kept by the filter) as a table row or a JSON line, until the activity ends, after
    `max_events` printed or `duration` seconds. `ready` is called once reading has begun."""
    if max_events is not None and max_events < 1:
        raise EbpyError("--max-events must be at least 1")
    fields = [f for f in decoder.fields if f not in drop_fields]
    if decoder.extra is not None:
        fields += list(decoder.extra(Record({f: 0 for f in decoder.fields})))
    keep = compile_filter(filter_text, fields) if filter_text else None
    printer = None if as_json else ev.TablePrinter(columns, sys.stdout)
    printed = [0]

    def handle(raw: bytes) -> bool:
        event = decoder.decode(raw)
        if drop_fields:
            event = Record({k: v for k, v in event.items() if k not in drop_fields})
        if keep is not None and not keep(event):
            return True
        if printer is None:
            sys.stdout.write(ev.json_line(event) + "\n")
            sys.stdout.flush()
        else:
            printer.print(event)
        printed[0] += 1
        return max_events is None or printed[0] < max_events

    stream = open_stream(source, map_name)
    try:
        if ready is not None:
            ready()
        tick = with_deadline(stream.ticker(handle), duration)
        outcome = source.run(tick, every=stream.every)
    finally:
        stream.close()
    return Printed(outcome.exit_status, printed[0], stream.lost)
