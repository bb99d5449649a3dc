"""Command-line options the tools share, kept light: every `ebpy` run builds every
command's parser, so this module imports nothing heavy (the work is in ebpy.tools.sources,
imported when a command runs)."""

from __future__ import annotations

import argparse

# --const values read as `ebpy supervise` reads them: a number, JSON, or text.
from ebpy.cli.commands._hookargs import add_const_argument
from ebpy.errors import EbpyError

USERSPACE_ENGINES = ("jit", "interp")


def add_source_arguments(
    p: argparse.ArgumentParser, *, engines: tuple[str, ...] = ("interp", "jit", "kernel")
) -> None:
    """The options that choose a source (see ebpy.tools.sources)."""
    g = p.add_argument_group("where the programs run (choose one)")
    g.add_argument(
        "--engine",
        "-e",
        choices=engines,
        default=None,
        help="default: jit, or kernel with --attach",
    )
    g.add_argument("--pcap", metavar="FILE", help="run the XDP program over a capture (userspace)")
    g.add_argument("--data-in", metavar="FILE", help="test-run the program over this packet")
    g.add_argument("--ctx-in", metavar="FILE", help="test-run the program with this context")
    g.add_argument("--repeat", type=int, default=1, metavar="N", help="test runs (default 1)")
    g.add_argument(
        "--attach", action="store_true", help="load into the kernel and attach every program"
    )
    g.add_argument("--iface", metavar="IF", help="with --attach: the interface for XDP programs")
    g.add_argument("--pinned", metavar="DIR", help="read the object's maps pinned by name in DIR")
    g.add_argument(
        "--program", "-p", metavar="NAME", help="the program to run (by function or section name)"
    )
    add_const_argument(g)
    g.add_argument(
        "--no-verify", action="store_true", help="skip ebpy's verifier (trusted code only)"
    )
    p.add_argument(
        "command_line",
        nargs=argparse.REMAINDER,
        metavar="-- COMMAND",
        help="supervise COMMAND (its system calls run the program)",
    )
    p.set_defaults(_source_parser=p)


def command_of(args: argparse.Namespace) -> list[str]:
    """The command after `--`. Options written after OBJ land in the command's words too
    (argparse's REMAINDER takes everything after the object), so they are parsed again here
    and set on `args`. Idempotent: the words left are the command alone."""
    words = list(getattr(args, "command_line", []) or [])
    if "--" in words:
        i = words.index("--")
        head, command = words[:i], words[i + 1 :]
    elif words and words[0].startswith("-"):
        head, command = words, []  # options after OBJ, and no command
    else:
        head, command = [], words  # `OBJ -- COMMAND`: argparse dropped the "--"
    if head:
        parser: argparse.ArgumentParser = args._source_parser
        obj = getattr(args, "object", None)
        again = parser.parse_args([*head, "--", *([obj] if obj is not None else [])])
        for name, value in vars(again).items():
            if name == "command_line" or value == parser.get_default(name):
                continue
            if isinstance(value, list):  # appended options given before and after OBJ
                value = [*getattr(args, name), *value]
            setattr(args, name, value)
    args.command_line = ["--", *command] if command else []
    return command


def add_live_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("output")
    g.add_argument("--style", choices=("bcc", "libbpf", "rich"), help="default: rich on a terminal")
    g.add_argument("--json", action="store_true", help="one JSON object per snapshot")
    g.add_argument("--interval", type=float, metavar="S", help="print every S seconds")
    g.add_argument("--count", type=int, metavar="N", help="stop after N intervals")
    g.add_argument("--reset", action="store_true", help="clear the map after each interval")


def check_live_arguments(args: argparse.Namespace) -> None:
    if args.interval is not None and args.interval <= 0:
        raise EbpyError("--interval must be positive")
    if args.count is not None and args.count < 1:
        raise EbpyError("--count must be at least 1")
    if args.count is not None and args.interval is None:
        raise EbpyError("--count goes with --interval")


def add_engine_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--engine",
        "-e",
        choices=USERSPACE_ENGINES,
        default="jit",
        help="engine for the userspace variants (-- COMMAND, --pcap); default jit",
    )


def add_command_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "command_line",
        nargs=argparse.REMAINDER,
        metavar="-- COMMAND",
        help="watch COMMAND under `ebpy supervise` instead of the whole system in the kernel",
    )
    p.set_defaults(_source_parser=p, object=None)


def add_stream_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("output")
    g.add_argument("--json", action="store_true", help="one JSON object per event")
    g.add_argument("--filter", "-f", metavar="EXPR", help="print only events it holds for")
    g.add_argument("--max-events", type=int, metavar="N", help="stop after N printed events")
    g.add_argument("--duration", type=float, metavar="S", help="stop after S seconds")
