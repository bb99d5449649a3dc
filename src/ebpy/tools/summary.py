"""Counts and top-N tables from maps: the biggest values first, with totals.

rows = top(coll.maps["syscall_counts"].items(), n=10)
print(top_text(rows, key_header="key", value_header="count"))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ebpy.btf.codec import Record
from ebpy.errors import EbpyError
from ebpy.tools.values import number


@dataclass(frozen=True)
class Row:
    key: Any
    value: int | float
    share: float  # of the total over every entry, 0..1


def top(
    items: Iterable[tuple[Any, Any]],
    n: int | None = 10,
    *,
    value_field: str | None = None,
    group_by: Iterable[str] | None = None,
    name: str = "map",
) -> list[Row]:
    """The `n` entries with the biggest values (all with n=None), biggest first.

    `group_by` adds up entries over the other fields of a struct key first (e.g. a map keyed
    by (pid, syscall) grouped by ["pid"] gives totals per process).
    """
    fields = list(group_by) if group_by is not None else None
    totals: dict[Any, int | float] = {}
    for key, value in items:
        amount = number(value, value_field, f"map {name!r} value")
        k = _group(key, fields, name)
        totals[k] = totals.get(k, 0) + amount
    grand = sum(totals.values())
    ordered = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)
    if n is not None:
        ordered = ordered[:n]
    return [Row(k, v, (v / grand) if grand else 0.0) for k, v in ordered]


def _group(key: Any, fields: list[str] | None, name: str) -> Any:
    if fields is None:
        return Record(key) if isinstance(key, Mapping) and not isinstance(key, Record) else key
    if not isinstance(key, Mapping):
        raise EbpyError(f"map {name!r}: only struct keys can be grouped by field")
    missing = [f for f in fields if f not in key]
    if missing:
        raise EbpyError(f"map {name!r}: key has no field {missing[0]!r} (fields: {', '.join(key)})")
    return Record({f: key[f] for f in fields})


def format_key(key: Any, formatters: Mapping[str, Callable[[Any], str]] | None = None) -> str:
    """A key for a table: struct fields as `name=value`, with per-field formatters applied."""
    formatters = formatters or {}
    if isinstance(key, Mapping):
        parts = []
        for k, v in key.items():
            fmt = formatters.get(k)
            parts.append(f"{k}={fmt(v) if fmt else _plain(v)}")
        return " ".join(parts)
    return _plain(key)


def _plain(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    return str(value)


def top_text(
    rows: list[Row],
    key_header: str = "key",
    value_header: str = "count",
    formatters: Mapping[str, Callable[[Any], str]] | None = None,
) -> str:
    """A plain table, aligned, as a BCC tool prints its top-N."""
    keys = [format_key(r.key, formatters) for r in rows]
    values = [_number_text(r.value) for r in rows]
    kw = max([len(key_header), *map(len, keys)])
    vw = max([len(value_header), *map(len, values)])
    lines = [f"{key_header:<{kw}} {value_header:>{vw}} {'%':>6}"]
    for k, v, r in zip(keys, values, rows):
        lines.append(f"{k:<{kw}} {v:>{vw}} {100 * r.share:>6.1f}")
    return "\n".join(lines)


def _number_text(value: int | float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.6g}"


def top_table(
    rows: list[Row],
    key_header: str = "key",
    value_header: str = "count",
    formatters: Mapping[str, Callable[[Any], str]] | None = None,
    title: str | None = None,
) -> Any:
    """The same as a rich Table, with a bar per row."""
    from rich.table import Table

    from ebpy.tools.histrich import bar

    table = Table(title=title, title_justify="left")
    table.add_column(key_header)
    table.add_column(value_header, justify="right")
    table.add_column("%", justify="right", style="dim")
    table.add_column("", style="green", no_wrap=True)
    top_value = max((r.value for r in rows), default=0)
    for r in rows:
        table.add_row(
            format_key(r.key, formatters),
            _number_text(r.value),
            f"{100 * r.share:.1f}",
            bar(int(r.value), int(top_value), 20),
        )
    return table
