"""Maps as rows a person (or JSON) can read: typed keys and values, global variables by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ebpy.spec import MapType

MAX_ROWS = 1000  # per map, in human output
_NOT_ITERABLE = frozenset({MapType.RINGBUF, MapType.QUEUE, MapType.STACK, MapType.BLOOM_FILTER})


@dataclass
class MapView:
    name: str
    type: str
    key_size: int
    value_size: int
    max_entries: int
    rows: list[tuple[Any, Any]]  # (key, value); for global data: (variable, value)
    truncated: bool = False
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "key_size": self.key_size,
            "value_size": self.value_size,
            "max_entries": self.max_entries,
            "entries": [{"key": _plain(k), "value": _plain(v)} for k, v in self.rows],
            "truncated": self.truncated,
        }


def view_map(name: str, m: Any, limit: int | None = None) -> MapView:
    spec = m.spec
    mtype = MapType(spec.type)
    view = MapView(name, mtype.name.lower(), spec.key_size, spec.value_size, spec.max_entries, [])
    if spec.is_global_data:
        value = m[0]  # the section's single value, decoded through its DATASEC when known
        view.rows = list(value.items()) if isinstance(value, dict) else [("<data>", value)]
        return view
    if mtype in _NOT_ITERABLE:
        view.note = "not iterable"
        return view
    for i, (k, v) in enumerate(m.items()):
        if limit is not None and i >= limit:
            view.truncated = True
            break
        view.rows.append((k, v))
    return view


def _plain(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def format_value(value: Any) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex(" ") if len(value) <= 32 else bytes(value[:32]).hex(" ") + " ..."
    if isinstance(value, list) and value and all(isinstance(v, int) for v in value):
        return f"{value} (sum {sum(value)})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {format_value(v)}" for k, v in value.items()) + "}"
    return str(value)
