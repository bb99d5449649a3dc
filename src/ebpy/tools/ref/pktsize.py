"""pktsize: log2 histograms of frame sizes per IP protocol, from XDP (an interface or a capture)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from ebpy.errors import EbpyError
from ebpy.tools import options

if TYPE_CHECKING:
    from ebpy.btf.codec import Record
    from ebpy.tools.histogram import Histogram

NAME = "pktsize"
HELP = "log2 histograms of frame sizes per IP protocol (XDP on an interface, or over a capture)"
DESCRIPTION = """\
Count frames by size in log2 buckets, one histogram per IP protocol (tcp, udp, icmp, ...;
"other" for frames that are not IP), as BCC prints them. On an interface in the kernel
(--iface, root; every frame passes) printed every --interval or at Ctrl-C; over a capture
with ebpy's packet hook (--pcap) printed once.

  ebpy tool pktsize --pcap traffic.pcap
  ebpy tool pktsize --iface eth0 --interval 1 --count 10
"""

PROTOCOLS = {
    0: "other",
    1: "icmp",
    6: "tcp",
    17: "udp",
    47: "gre",
    50: "esp",
    58: "icmpv6",
    132: "sctp",
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--iface", metavar="IF", help="attach to this interface (kernel)")
    where.add_argument("--pcap", metavar="FILE", help="run over this capture (userspace)")
    p.add_argument("--xdp-mode", choices=("native", "generic"), help="with --iface")
    p.add_argument("--combine", action="store_true", help="one histogram for every protocol")
    p.add_argument("--interval", type=float, metavar="S", help="print every S seconds")
    p.add_argument("--count", type=int, metavar="N", help="stop after N intervals")
    p.add_argument("--reset", action="store_true", help="clear the counts after each interval")
    p.add_argument("--duration", type=float, metavar="S", help="stop after S seconds")
    p.add_argument("--style", choices=("bcc", "libbpf", "rich"), help="default: rich on a terminal")
    p.add_argument("--json", action="store_true", help="one JSON object per print")
    p.add_argument("--plot", metavar="FILE", help="also draw the histograms (.png or .svg)")
    options.add_engine_argument(p)


def named(
    hists: dict[Record | None, Histogram],
) -> dict[Record | None, Histogram]:
    """Sections labelled by protocol name, in protocol order."""
    from ebpy.btf.codec import Record

    out: dict[Record | None, Histogram] = {}
    for label in sorted(hists, key=lambda r: -1 if r is None else r.proto):
        if label is None:
            out[None] = hists[label]
        else:
            out[Record(proto=PROTOCOLS.get(label.proto, str(label.proto)))] = hists[label]
    return out


def run(args: argparse.Namespace) -> int:
    from ebpy.tools import histogram, report
    from ebpy.tools.ref import common
    from ebpy.tools.sources import with_deadline

    options.check_live_arguments(args)
    if args.xdp_mode and not args.iface:
        raise EbpyError("--xdp-mode goes with --iface")
    if args.pcap:
        source = common.capture("pktsize", args.pcap, args.engine, {})
    else:
        targets: dict[str, Any] = {"xdp_mode": args.xdp_mode} if args.xdp_mode else {}
        source = common.kernel("pktsize", {}, args.iface, targets)
    look = report.choose_look(args.style, args.json)
    last: list[Any] = []
    with source:
        sizes = source.maps["sizes"]

        def show() -> None:
            hists = named(histogram.map_histograms(sizes))
            if args.combine:
                hists = histogram.combined(hists)
            last[:] = [hists]
            report.print_histograms(hists, look, "bytes", extra={"map": "sizes"})

        tick = report.Snapshots.from_options(show, args, look, sizes)
        if args.iface:
            common.tracing_banner(f"frame sizes on {args.iface}")
        outcome = source.run(with_deadline(tick, args.duration), every=args.interval or 1.0)
    if args.plot and last:
        from ebpy.tools.plot import plot_histograms

        plot_histograms(last[0], args.plot, val_type="bytes", title="frame sizes")
        print(f"plot written to {args.plot}", file=sys.stderr)
    return outcome.exit_status
