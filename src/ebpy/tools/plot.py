"""Histograms as PNG or SVG files through matplotlib (the optional `plot` extra).

matplotlib is imported only here and only when a plot is asked for, so ebpy does not need it
otherwise; without it, `PlotError` says how to install it.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from ebpy.btf.codec import Record
from ebpy.errors import EbpyError
from ebpy.tools.histogram import HistKind, Histogram, format_label

FORMATS = {".png": "png", ".svg": "svg"}


class PlotError(EbpyError):
    """A plot that cannot be made: matplotlib missing, or an unsupported file type."""


def _pyplot() -> Any:
    try:
        matplotlib = importlib.import_module("matplotlib")
    except ImportError:
        raise PlotError(
            "plots need matplotlib: pip install 'ebpy[plot]' (or pip install matplotlib)"
        ) from None
    matplotlib.use("Agg")  # files only: never open a window
    return importlib.import_module("matplotlib.pyplot")


def _labels(hist: Histogram) -> list[str]:
    out = []
    for b in hist.buckets():
        if hist.kind == HistKind.LOG2 or hist.step > 1:
            out.append(f"{b.low}-{b.high}")
        else:
            out.append(str(b.low))
    return out


def plot_histograms(
    hists: dict[Record | None, Histogram],
    path: str | Path,
    *,
    val_type: str = "value",
    title: str | None = None,
) -> Path:
    """Draw one bar chart per histogram (stacked vertically) into `path` (.png or .svg)."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PlotError(
            f"{path}: plots are written as .png or .svg, not {path.suffix or 'no suffix'!r}"
        )
    if not hists:
        raise PlotError("nothing to plot: the map holds no histogram data")
    plt = _pyplot()
    n = len(hists)
    fig, axes = plt.subplots(n, 1, figsize=(9, 2.8 * n), squeeze=False)
    try:
        for ax, (label, hist) in zip((row[0] for row in axes), hists.items()):
            names = _labels(hist)
            counts = [b.count for b in hist.buckets()]
            ax.bar(range(len(counts)), counts, color="#4c72b0")
            ax.set_xticks(range(len(counts)))
            ax.set_xticklabels(names, rotation=45, ha="right", fontsize=8)
            ax.set_xlabel(val_type)
            ax.set_ylabel("count")
            heading = format_label(label)
            if title and heading:
                heading = f"{title}: {heading}"
            ax.set_title(heading or title or "")
        fig.tight_layout()
        try:
            fig.savefig(path, format=fmt)
        except OSError as e:
            raise PlotError(f"{path}: {e.strerror or e}") from None
    finally:
        plt.close(fig)
    return path
