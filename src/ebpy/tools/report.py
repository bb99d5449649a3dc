"""Printing what the tools read: histograms and top-N tables as BCC text, rich or JSON.

One place decides the output style so `ebpy hist`, `ebpy top` and the reference tools look the
same: `rich` on a terminal, BCC's text otherwise (so output piped to a file or compared in a
test is plain), JSON when asked.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TextIO

from ebpy.btf.codec import Record
from ebpy.errors import EbpyError
from ebpy.tools.events import plain
from ebpy.tools.histogram import Histogram
from ebpy.tools.histtext import Style, sections_text
from ebpy.tools.summary import Row, format_key, top_table, top_text


class Look(StrEnum):
    BCC = "bcc"  # BCC's text (histograms), aligned columns (tables)
    LIBBPF = "libbpf"  # libbpf-tools' text
    RICH = "rich"  # rich tables and bars
    JSON = "json"


def choose_look(requested: str | None, json_flag: bool = False, out: TextIO | None = None) -> Look:
    if json_flag:
        return Look.JSON
    if requested:
        return Look(requested)
    stream = out or sys.stdout
    return Look.RICH if stream.isatty() else Look.BCC


def hist_json(hists: dict[Record | None, Histogram]) -> list[dict[str, Any]]:
    out = []
    for label, hist in hists.items():
        total_sum, exact = hist.sum()
        out.append(
            {
                "labels": plain(label) if label is not None else None,
                "kind": hist.kind.value,
                "buckets": [
                    {"low": b.low, "high": b.high, "count": b.count} for b in hist.buckets()
                ],
                "total": hist.total,
                "sum": total_sum if exact else None,
            }
        )
    return out


def print_histograms(
    hists: dict[Record | None, Histogram],
    look: Look,
    val_type: str = "value",
    out: TextIO | None = None,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """One snapshot of histograms; `extra` goes into the JSON object (map name, time)."""
    stream = out or sys.stdout
    if look == Look.JSON:
        stream.write(json.dumps({**(extra or {}), "histograms": hist_json(hists)}) + "\n")
    elif look == Look.RICH:
        from rich.console import Console

        from ebpy.tools.histrich import sections_renderable

        Console(file=stream).print(sections_renderable(hists, val_type))
    else:
        style = Style.LIBBPF if look == Look.LIBBPF else Style.BCC
        text = sections_text(hists, val_type, style)
        stream.write((text or "(no data)") + "\n")
    stream.flush()


def print_top(
    rows: list[Row],
    look: Look,
    key_header: str = "key",
    value_header: str = "count",
    formatters: Mapping[str, Callable[[Any], str]] | None = None,
    out: TextIO | None = None,
    extra: Mapping[str, Any] | None = None,
) -> None:
    stream = out or sys.stdout
    if look == Look.JSON:
        entries = [
            {"key": plain(r.key), "text": format_key(r.key, formatters), "value": r.value}
            for r in rows
        ]
        stream.write(json.dumps({**(extra or {}), "rows": entries}) + "\n")
    elif look == Look.RICH:
        from rich.console import Console

        Console(file=stream).print(top_table(rows, key_header, value_header, formatters))
    else:
        stream.write(top_text(rows, key_header, value_header, formatters) + "\n")
    stream.flush()


def stamp(out: TextIO | None = None) -> None:
    """The time line BCC's tools print before each interval's output."""
    stream = out or sys.stdout
    stream.write(time.strftime("\n%H:%M:%S\n"))


def pick_map(maps: Mapping[str, Any], name: str | None, what: str = "map") -> Any:
    """The map called `name`; without a name, the only map that is not global data."""
    if name is not None:
        m = maps.get(name)
        if m is None:
            raise EbpyError(f"no map {name!r} (maps: {', '.join(maps) or 'none'})")
        return m
    candidates = [n for n, m in maps.items() if not getattr(m.spec, "is_global_data", False)]
    if len(candidates) == 1:
        return maps[candidates[0]]
    raise EbpyError(f"name the {what} with --map (maps: {', '.join(candidates) or 'none'})")


class Snapshots:
    """The tick of a tool that prints a map now and then (see ebpy.tools.sources).

    Without an interval it prints once, at the end. With one, it prints at each periodic tick
    (after a time line, as BCC's tools do) and at the end, at most `count` times in all,
    clearing the map after each periodic print when `reset` is given.
    """

    def __init__(
        self,
        show: Callable[[], None],
        interval: float | None = None,
        count: int | None = None,
        reset: Callable[[], None] | None = None,
        stamped: bool = True,
    ) -> None:
        self.show = show
        self.interval = interval
        self.count = count
        self.reset = reset
        self.stamped = stamped
        self.printed = 0

    def __call__(self, final: bool) -> bool:
        if self.count is not None and self.printed >= self.count:
            return False
        if self.interval is None and not final:
            return True
        if self.interval is not None and self.stamped:
            stamp()
        self.show()
        self.printed += 1
        if self.reset is not None and not final:
            self.reset()
        return self.count is None or self.printed < self.count

    def run(self, source: Any, pinned: bool = False) -> int:
        """Run `source` with these ticks; the activity's exit status. Maps pinned by another
        loader (`pinned`) with no interval are printed once, now: nothing here makes them
        change, so waiting for Ctrl-C would only delay the answer."""
        if pinned and self.interval is None:
            self(True)
            return 0
        return int(source.run(self, every=self.interval or 1.0).exit_status)

    @classmethod
    def from_options(cls, show: Callable[[], None], args: Any, look: Look, m: Any) -> Snapshots:
        """From the live options (--interval, --count, --reset of map `m`) of a command."""
        return cls(
            show,
            args.interval,
            args.count,
            m.clear if args.reset else None,
            stamped=look != Look.JSON,
        )
