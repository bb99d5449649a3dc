"""`ebpy top`: the biggest entries of a counting map (top-N), once or every interval."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "top"
HELP = "print the top-N entries of a counting map, once or every interval"
DESCRIPTION = """\
Load an object, make its programs run (a capture, test runs, a supervised command, or the
kernel), and print the entries of one map with the biggest values first, with each one's
share of the total. --group-by adds up entries over the other fields of a struct key.

  ebpy top count_syscalls.o --map syscall_counts --group-by nr -n 5 -- make
  ebpy top firewall.o --map flows --pcap traffic.pcap
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    from ebpy.tools.options import add_live_arguments, add_source_arguments

    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("object", help="eBPF object file")
    g = p.add_argument_group("the table")
    g.add_argument("--map", "-m", metavar="NAME", help="the map (default: the only map)")
    g.add_argument("-n", "--top", type=int, default=10, metavar="N", help="rows (0: all)")
    g.add_argument("--value-field", metavar="F", help="the field of a struct value to rank by")
    g.add_argument(
        "--group-by",
        metavar="FIELDS",
        help="add up over the other key fields, keeping these (comma-separated)",
    )
    add_live_arguments(p)
    add_source_arguments(p)


def run(args: argparse.Namespace) -> int:
    from ebpy import load_spec
    from ebpy.errors import EbpyError
    from ebpy.tools import report, summary
    from ebpy.tools.options import check_live_arguments, command_of
    from ebpy.tools.sources import open_source

    command_of(args)
    check_live_arguments(args)
    if args.top < 0:
        raise EbpyError("-n must be at least 0 (0: every entry)")
    if args.style == "libbpf":
        args.style = "bcc"  # tables look the same in both
    group = [f.strip() for f in args.group_by.split(",")] if args.group_by else None
    look = report.choose_look(args.style, args.json)
    spec = load_spec(args.object)
    with open_source(spec, args) as source:
        m = report.pick_map(source.maps, args.map)

        def show() -> None:
            rows = summary.top(
                m.items(),
                args.top or None,
                value_field=args.value_field,
                group_by=group,
                name=m.name,
            )
            extra: dict[str, Any] = {"map": m.name}
            report.print_top(rows, look, value_header=args.value_field or "count", extra=extra)

        tick = report.Snapshots.from_options(show, args, look, m)
        status = tick.run(source, pinned=args.pinned is not None)
    return status
