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
    from ebpy.errors import EbpyError
    from ebpy.tools import events, streams
    from ebpy.tools.filter import compile_filter
    from ebpy.tools.options import command_of
    from ebpy.tools.sources import open_source

    command_of(args)
    if args.max_events is not None and args.max_events < 1:
        raise EbpyError("--max-events must be at least 1")
    spec = load_spec(args.object)
    decoder = events.EventDecoder.from_spec(spec, args.event_type)
    keep = compile_filter(args.filter, decoder.fields) if args.filter else None
    printer = (
        None if args.json else events.TablePrinter(events.default_columns(decoder.type), sys.stdout)
    )
    with open_source(spec, args) as source:
        stream = streams.open_stream(source, args.map)
        printed = [0]

        def handle(raw: bytes) -> bool:
            event = decoder.decode(raw)
            if keep is not None and not keep(event):
                return True
            if printer is None:
                sys.stdout.write(events.json_line(event) + "\n")
                sys.stdout.flush()
            else:
                printer.print(event)
            printed[0] += 1
            return args.max_events is None or printed[0] < args.max_events

        try:
            outcome = source.run(stream.ticker(handle), every=stream.every)
        finally:
            stream.close()
        if stream.lost:
            print(f"ebpy events: {stream.lost} records lost", file=sys.stderr)
    return outcome.exit_status
