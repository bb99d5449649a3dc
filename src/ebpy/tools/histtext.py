"""Histograms as text, character for character as BCC and libbpf-tools print them.

    >>> print(log2_text(from_values([1, 2, 3, 9]), "usecs"))
         usecs               : count     distribution
             0 -> 1          : 1        |********************                    |
             2 -> 3          : 2        |****************************************|
             4 -> 7          : 0        |                                        |
             8 -> 15         : 1        |********************                    |

Two styles: `bcc` is BCC's Python `print_log2_hist` / `print_linear_hist` (table.py);
`libbpf` is libbpf-tools' C `print_log2_hist` / `print_linear_hist` (trace_helpers.c).
They differ in the header's spacing, in when they switch to wide columns (more than 32
buckets), in how the bar is rounded, and in whether linear histograms show empty buckets.
"""

from __future__ import annotations

import math
from enum import StrEnum

from ebpy.btf.codec import Record
from ebpy.tools.histogram import HistKind, Histogram, format_label

STARS_MAX = 40


class Style(StrEnum):
    BCC = "bcc"
    LIBBPF = "libbpf"


def _bcc_stars(val: int, val_max: int, width: int) -> str:
    # BCC's _stars(): a star for each i with i <= width*val/val_max - 1, at most width.
    x = width * val / val_max
    n = 0 if x < 1 else min(width, math.floor(x - 1) + 1)
    text = "*" * n
    if val > val_max:
        text = text[:-1] + "+"
    return f"{text:<{width}}"


def _libbpf_stars(val: int, val_max: int, width: int) -> str:
    n = min(val, val_max) * width // val_max
    return "*" * n + " " * (width - n) + ("+" if val > val_max else "")


def log2_text(
    hist: Histogram,
    val_type: str = "value",
    style: Style | str = Style.BCC,
    strip_leading_zero: bool = False,
) -> str:
    """A log2 histogram as `print_log2_hist` prints it (no trailing newline; empty when the
    histogram is)."""
    style = Style(style)
    last = hist.last_slot
    if last < 0:
        return ""
    val_max = max(hist.counts)
    # BCC numbers slots from 1 (its bpf_log2l) and widens past slot 32; libbpf-tools from 0.
    wide = (last + 1 if style == Style.BCC else last) > 32
    if style == Style.BCC:
        head = f"{'':{15 if wide else 5}}{val_type:<{29 if wide else 19}} : count     distribution"
    else:
        head = f"{'':{15 if wide else 5}}{val_type:<{29 if wide else 19}} : count    distribution"
    stars_width = STARS_MAX // 2 if wide else STARS_MAX
    width = 20 if wide else 10
    stars = _bcc_stars if style == Style.BCC else _libbpf_stars
    lines = [head]
    skipping = strip_leading_zero
    for i in range(last + 1):
        val = hist.counts[i]
        if skipping and not val:
            continue
        skipping = False
        low = (1 << (i + 1)) >> 1
        high = (1 << (i + 1)) - 1
        if low == high:
            low -= 1
        lines.append(
            f"{low:>{width}} -> {high:<{width}} : {val:<8} |{stars(val, val_max, stars_width)}|"
        )
    return "\n".join(lines)


def linear_text(hist: Histogram, val_type: str = "value", style: Style | str = Style.BCC) -> str:
    """A linear histogram as `print_linear_hist` prints it: one line per bucket, labelled with
    its lowest value (BCC shows every bucket from 0, libbpf-tools only those with counts)."""
    style = Style(style)
    last = hist.last_slot
    if last < 0:
        return ""
    val_max = max(hist.counts)
    lines = [f"     {val_type:<13} : count     distribution"]
    stars = _bcc_stars if style == Style.BCC else _libbpf_stars
    for i in range(last + 1):
        val = hist.counts[i]
        if style == Style.LIBBPF and not val:
            continue
        low = hist.base + i * hist.step
        lines.append(f"        {low:<10} : {val:<8} |{stars(val, val_max, STARS_MAX)}|")
    return "\n".join(lines)


def hist_text(
    hist: Histogram,
    val_type: str = "value",
    style: Style | str = Style.BCC,
    strip_leading_zero: bool = False,
) -> str:
    if hist.kind == HistKind.LOG2:
        return log2_text(hist, val_type, style, strip_leading_zero)
    return linear_text(hist, val_type, style)


def sections_text(
    hists: dict[Record | None, Histogram],
    val_type: str = "value",
    style: Style | str = Style.BCC,
    strip_leading_zero: bool = False,
) -> str:
    """Per-key histograms as BCC prints sections: a blank line, `field = value`, the histogram."""
    parts = []
    for label, hist in hists.items():
        body = hist_text(hist, val_type, style, strip_leading_zero)
        if label is None:
            parts.append(body)
        else:
            parts.append(f"\n{format_label(label)}\n{body}")
    return "\n".join(parts)
