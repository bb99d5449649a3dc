"""Histograms as rich bar charts for a terminal: one row per bucket, bars drawn in eighths."""

from __future__ import annotations

from typing import Any

from ebpy.btf.codec import Record
from ebpy.tools.histogram import HistKind, Histogram, format_label

BAR_WIDTH = 40
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: int, maximum: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of `width` cells, full at `maximum`, with 1/8-cell resolution."""
    if maximum <= 0 or value <= 0:
        return ""
    eighths = round(min(value, maximum) * width * 8 / maximum)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text or "▏"  # a non-zero count is always visible


def hist_table(hist: Histogram, val_type: str = "value", title: str | None = None) -> Any:
    """A rich Table: value range, count, share of the total, and a bar."""
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=None, pad_edge=False)
    table.add_column(val_type, justify="right", style="cyan", no_wrap=True)
    table.add_column("count", justify="right", no_wrap=True)
    table.add_column("%", justify="right", style="dim", no_wrap=True)
    table.add_column("distribution", style="green", no_wrap=True, min_width=BAR_WIDTH)
    total = hist.total
    top = max(hist.counts, default=0)
    for b in hist.buckets():
        if hist.kind == HistKind.LOG2 or hist.step > 1:
            span = f"{b.low} -> {b.high}"
        else:
            span = str(b.low)
        share = f"{100 * b.count / total:.1f}" if total else "0.0"
        table.add_row(span, str(b.count), share, bar(b.count, top))
    if total:
        table.caption = f"{total} values"
        table.caption_justify = "left"
    return table


def sections_renderable(hists: dict[Record | None, Histogram], val_type: str = "value") -> Any:
    """Per-key histograms, one titled table each (a rich Group)."""
    from rich.console import Group
    from rich.text import Text

    if not hists:
        return Text("(no data)", style="dim")
    parts = [hist_table(h, val_type, format_label(label) or None) for label, h in hists.items()]
    return Group(*parts)
