"""Event records (ring buffer and perf buffer samples) decoded through BTF, printed as a
table or as JSON lines.

A program's event struct is in the object's BTF only if something names it outside a function
body; the usual anchor is an unused global pointer, as with cilium/ebpf's bpf2go:

    struct event { __u32 pid; char comm[16]; };
    const struct event *unused_event __attribute__((unused));

    decoder = EventDecoder.from_spec(spec, "event")   # or None: found through such an anchor
    for raw in coll.maps["events"].reader():
        ev = decoder.decode(raw)                      # a Record: ev.pid, ev["comm"]

Records may be shorter than the struct (a variable-length tail such as execsnoop's argument
buffer): the missing bytes decode as zeros. Longer records decode their first bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from ebpy.btf import Array, Composite, Int, Kind, Pointer, Type
from ebpy.btf.codec import Record, decode
from ebpy.errors import EbpyError
from ebpy.spec import CollectionSpec


class EventError(EbpyError):
    """An event type that cannot be found or used."""


def _struct_of(t: Type | None) -> Composite | None:
    t = t.resolve() if t is not None else None
    return t if isinstance(t, Composite) else None


def find_event_type(spec: CollectionSpec, name: str | None = None) -> Composite:
    """The struct called `name` in the object's BTF; without a name, the one struct that a
    global pointer anchors (see the module docstring), else a struct called `event`."""
    btf = spec.btf
    where = f"{spec.path}: " if spec.path else ""
    if btf is None:
        raise EventError(f"{where}the object has no BTF (compile with -g) to decode events with")
    if name is not None:
        for kind in (Kind.STRUCT, Kind.UNION, Kind.TYPEDEF):
            found = _struct_of(btf.get(name, kind))
            if found is not None:
                return found
        raise EventError(f"{where}no struct named {name!r} in the object's BTF")
    anchored: list[Composite] = []
    for m in spec.maps.values():
        for var in m.variables.values():
            t = var.type.resolve() if var.type is not None else None
            if isinstance(t, Pointer):
                target = _struct_of(t.target)
                if target is not None and target not in anchored:
                    anchored.append(target)
    if len(anchored) == 1:
        return anchored[0]
    fallback = _struct_of(btf.get("event", Kind.STRUCT))
    if fallback is not None:
        return fallback
    if anchored:
        names = ", ".join(t.name or "(anonymous)" for t in anchored)
        raise EventError(f"{where}several event structs ({names}); name one")
    raise EventError(
        f"{where}no event struct found: name it, and anchor it in BTF with a global "
        "`const struct NAME *unused __attribute__((unused));`"
    )


@dataclass
class EventDecoder:
    """Raw records to Records through one BTF struct."""

    type: Composite
    extra: Callable[[Record], Mapping[str, Any]] | None = None  # derived fields, added after

    @classmethod
    def from_spec(
        cls,
        spec: CollectionSpec,
        name: str | None = None,
        extra: Callable[[Record], Mapping[str, Any]] | None = None,
    ) -> EventDecoder:
        return cls(find_event_type(spec, name), extra)

    @property
    def size(self) -> int:
        return self.type.size

    @property
    def fields(self) -> list[str]:
        """Field names a decoded event has (members, then derived fields are added on top)."""
        return [m.name for m in self.type.members if m.name]

    def decode(self, raw: bytes | bytearray | memoryview) -> Record:
        data = bytes(raw)
        size = self.size
        if len(data) < size:
            data = data.ljust(size, b"\0")
        try:
            event = decode(self.type, data[:size])
        except EbpyError as e:
            raise EventError(f"event {self.type.name or '(anonymous)'}: {e}") from None
        if not isinstance(event, Record):
            event = Record(event)
        if self.extra is not None:
            event = Record({**event, **self.extra(event)})
        return event


def plain(value: Any) -> Any:
    """A decoded value as JSON can hold it: bytes as hex, Records as objects."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def json_line(event: Mapping[str, Any]) -> str:
    return json.dumps(plain(event), separators=(", ", ": "))


@dataclass
class Column:
    """One column of a table of events: a field, its heading, width and how to show it."""

    field: str
    heading: str = ""
    width: int = 0  # 0: as wide as the heading and the widest value so far (last column: free)
    fmt: Callable[[Any], str] | None = None
    align: str = "<"

    def text(self, event: Mapping[str, Any]) -> str:
        value = event.get(self.field)
        if self.fmt is not None:
            return self.fmt(value)
        return show(value)


def show(value: Any) -> str:
    """A field for a human: text as text, other bytes in hex, lists joined."""
    if value is None:
        return "-"
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return str(value)


def default_columns(t: Composite) -> list[Column]:
    """A column per member of the event struct, sized by its type."""
    out = []
    for m in t.members:
        if not m.name:
            continue
        mt = m.type.resolve()
        if isinstance(mt, Array) and isinstance(mt.type.resolve(), Int) and mt.type.size == 1:
            width = min(max(mt.nelems, len(m.name)), 32)  # text (comm, a path)
            out.append(Column(m.name, m.name.upper(), width))
        elif isinstance(mt, Int) or mt.kind in (Kind.ENUM, Kind.ENUM64):
            width = max(len(m.name), min(len(str(1 << (8 * mt.size))), 10))
            out.append(Column(m.name, m.name.upper(), width, align=">"))
        else:
            out.append(Column(m.name, m.name.upper(), 0))
    return out


@dataclass
class TablePrinter:
    """Events as aligned text lines (like BCC's tools), header first."""

    columns: list[Column]
    out: TextIO
    _header_done: bool = field(default=False, init=False)

    def header(self) -> str:
        return self._join([c.heading or c.field.upper() for c in self.columns])

    def line(self, event: Mapping[str, Any]) -> str:
        return self._join([c.text(event) for c in self.columns])

    def _join(self, cells: list[str]) -> str:
        parts = []
        last = len(self.columns) - 1
        for i, (c, text) in enumerate(zip(self.columns, cells)):
            if i == last:
                parts.append(text)
            else:
                width = max(c.width, len(c.heading or c.field))
                parts.append(f"{text:{c.align}{width}}")
        return " ".join(parts).rstrip()

    def print(self, event: Mapping[str, Any]) -> None:
        if not self._header_done:
            self.out.write(self.header() + "\n")
            self._header_done = True
        self.out.write(self.line(event) + "\n")
        self.out.flush()


def decode_all(decoder: EventDecoder, records: Iterable[bytes]) -> list[Record]:
    return [decoder.decode(r) for r in records]
