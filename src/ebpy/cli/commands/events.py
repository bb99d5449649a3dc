"""`ebpy events`: a ring buffer's (or perf buffer's) records, decoded through BTF, as they come."""

from __future__ import annotations

import argparse
import sys

NAME = "events"
HELP = "print the records a program sends through a ring or perf buffer, decoded through BTF"
DESCRIPTION = """\
Load an object, make its programs run (the kernel, a capture, a supervised command, test
runs), and print every record its programs send through a ring buffer (or perf event
array) as it arrives: decoded through the event struct in the object's BTF, as a table or
as JSON lines, optionally filtered.

  ebpy events opensnoop.o --attach --filter 'comm == "cat"'
  ebpy events trace.o --map events --type event --json -- ./my-command

The struct is found by name (--type) or through a global anchor pointer in the object:
  const struct event *unused_event __attribute__((unused));
Filters compare decoded fields: == != < <= > >= =~ (regex) !~, and/or/not, parentheses.
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    from ebpy.tools.options import add_source_arguments

    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("object", help="eBPF object file")
    g = p.add_argument_group("the events")
    g.add_argument(
        "--map", "-m", metavar="NAME", help="the ring/perf buffer (default: the only one)"
    )
    g.add_argument("--type", "-t", dest="event_type", metavar="STRUCT", help="the record's struct")
    g.add_argument("--filter", "-f", metavar="EXPR", help="print only events it holds for")
    g.add_argument("--json", action="store_true", help="one JSON object per event")
    g.add_argument("--max-events", type=int, metavar="N", help="stop after N printed events")
    add_source_arguments(p)


def run(args: argparse.Namespace) -> int:
    from ebpy import load_spec
    from ebpy.tools import events, streams
    from ebpy.tools.options import command_of
    from ebpy.tools.sources import open_source

    command_of(args)
    spec = load_spec(args.object)
    decoder = events.EventDecoder.from_spec(spec, args.event_type)
    with open_source(spec, args) as source:
        done = streams.print_events(
            source,
            decoder,
            events.default_columns(decoder.type),
            map_name=args.map,
            as_json=args.json,
            filter_text=args.filter,
            max_events=args.max_events,
        )
    if done.lost:
        print(f"ebpy events: {done.lost} records lost", file=sys.stderr)
    return done.exit_status
