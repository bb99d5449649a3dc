"""`ebpy hist`: a map holding a log2 or linear histogram, printed as BCC does, live."""

from __future__ import annotations

import argparse
import sys
from typing import Any

NAME = "hist"
HELP = "print a histogram map (log2 or linear, per key), as BCC does, once or every interval"
DESCRIPTION = """\
Load an object, make its programs run (a capture, test runs, a supervised command, or the
kernel), and print one of its maps as a histogram: the map's keys are buckets (an integer,
or a struct with a bucket field and other fields: one histogram per value of the others),
its values are counts.

  ebpy hist pktsize.o --map sizes --pcap traffic.pcap --unit bytes
  ebpy hist lat.o --map hist --attach --interval 1 --count 5

Log2 buckets are numbered floor(log2(value)) by default (libbpf-tools); --slots bcc for
BCC's bpf_log2l numbering. Output: rich bars on a terminal, BCC's text otherwise (--style).
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    from ebpy.tools.options import add_live_arguments, add_source_arguments

    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("object", help="eBPF object file")
    add_histogram_arguments(p)
    add_live_arguments(p)
    p.add_argument("--plot", metavar="FILE", help="also draw the histograms to FILE (.png or .svg)")
    add_source_arguments(p)


def add_histogram_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("the histogram")
    g.add_argument("--map", "-m", metavar="NAME", help="the histogram map (default: the only map)")
    g.add_argument("--linear", action="store_true", help="linear buckets (default log2)")
    g.add_argument("--base", type=int, default=0, metavar="N", help="linear: value of bucket 0")
    g.add_argument("--step", type=int, default=1, metavar="N", help="linear: values per bucket")
    g.add_argument("--slots", choices=("floor", "bcc"), default="floor", help="log2 numbering")
    g.add_argument("--slot-field", metavar="F", help="the bucket field of a struct key")
    g.add_argument("--value-field", metavar="F", help="the count field of a struct value")
    g.add_argument("--sum-field", metavar="F", help="a struct value field summing the values")
    g.add_argument("--unit", default="value", metavar="TEXT", help="the value column's name")
    g.add_argument("--combine", action="store_true", help="add per-key histograms into one")


def hist_spec(args: argparse.Namespace) -> Any:
    from ebpy.tools.histogram import HistKind, HistSpec, SlotRule

    return HistSpec(
        kind=HistKind.LINEAR if args.linear else HistKind.LOG2,
        slot_field=args.slot_field,
        value_field=args.value_field,
        sum_field=args.sum_field,
        slots=SlotRule(args.slots),
        base=args.base,
        step=args.step,
    )


def run(args: argparse.Namespace) -> int:
    from ebpy import load_spec
    from ebpy.tools import histogram, report
    from ebpy.tools.options import check_live_arguments, command_of
    from ebpy.tools.sources import open_source

    command_of(args)  # options after OBJ are parsed here
    check_live_arguments(args)
    spec_h = hist_spec(args)
    look = report.choose_look(args.style, args.json)
    spec = load_spec(args.object)
    with open_source(spec, args) as source:
        m = report.pick_map(source.maps, args.map, "histogram map")
        last: list[Any] = []

        def show() -> None:
            hists = histogram.map_histograms(m, spec_h)
            if args.combine:
                hists = histogram.combined(hists)
            last[:] = [hists]
            report.print_histograms(hists, look, args.unit, extra={"map": m.name})

        tick = report.Snapshots.from_options(show, args, look, m)
        status = tick.run(source, pinned=args.pinned is not None)
        if args.plot and last:
            from ebpy.tools.plot import plot_histograms

            plot_histograms(last[0], args.plot, val_type=args.unit, title=m.name)
            print(f"plot written to {args.plot}", file=sys.stderr)
    return status
