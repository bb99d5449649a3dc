"""syscount: system calls counted by number or by process (kernel, or a supervised command)."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ebpy.errors import EbpyError
from ebpy.tools import options

if TYPE_CHECKING:
    from ebpy.tools.summary import Row

NAME = "syscount"
HELP = "system calls counted by name or by process (kernel; or -- COMMAND in userspace)"
DESCRIPTION = """\
Count system calls, by call (default) or by process (-P), and print the top N. In the
kernel (root): the raw_syscalls/sys_enter tracepoint, every process (or --pid), printed
every --interval seconds or when Ctrl-C ends it. With -- COMMAND: ebpy's system-call hook
counts the calls of COMMAND and its children, without root, printed when it exits.

  ebpy tool syscount --interval 1 --count 5
  ebpy tool syscount -P -- make -j4
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pid", type=int, metavar="PID", help="only this process")
    p.add_argument("-P", "--process", action="store_true", help="count by process")
    p.add_argument("-n", "--top", type=int, default=10, metavar="N", help="rows (0: all)")
    p.add_argument("--interval", type=float, metavar="S", help="print every S seconds")
    p.add_argument("--count", type=int, metavar="N", help="stop after N intervals")
    p.add_argument("--reset", action="store_true", help="clear the counts after each interval")
    p.add_argument("--duration", type=float, metavar="S", help="stop after S seconds")
    p.add_argument("--json", action="store_true", help="one JSON object per print")
    p.add_argument("--style", choices=("bcc", "rich"), help="default: rich on a terminal")
    options.add_engine_argument(p)
    options.add_command_argument(p)


def rows(items: Iterable[tuple[Any, Any]], by_process: bool, top: int | None) -> list[Row]:
    """Counts per system call name, or per "pid comm", biggest first."""
    from ebpy.hooks.syscalls import syscall_name
    from ebpy.tools.summary import Row

    totals: dict[Any, int] = {}
    comms: dict[int, tuple[int, str]] = {}  # pid -> (count, comm) of its busiest entry
    for key, value in items:
        group = key.pid if by_process else syscall_name(key.nr)
        totals[group] = totals.get(group, 0) + value.count
        if by_process and value.count > comms.get(key.pid, (-1, ""))[0]:
            comms[key.pid] = (value.count, value.comm)
    if by_process:  # a process's command is the one its busiest entry saw (after exec)
        totals = {f"{pid} {comms[pid][1]}": n for pid, n in totals.items()}
    grand = sum(totals.values())
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1], str(kv[0])))
    if top:
        ordered = ordered[:top]
    return [Row(k, v, v / grand if grand else 0.0) for k, v in ordered]


def run(args: argparse.Namespace) -> int:
    from ebpy.tools import report
    from ebpy.tools.ref import common
    from ebpy.tools.sources import with_deadline

    command = common.command_words(args)
    options.check_live_arguments(args)
    if args.top < 0:
        raise EbpyError("-n must be at least 0 (0: every row)")
    constants = common.pid_constant(args.pid)
    if command:
        source = common.supervised("syscount_seccomp", command, args.engine, constants)
    else:
        source = common.kernel("syscount", constants)
    look = report.choose_look(args.style, args.json)
    header = "PID COMM" if args.process else "SYSCALL"
    with source:
        counts = source.maps["counts"]

        def show() -> None:
            report.print_top(
                rows(counts.items(), args.process, args.top or None),
                look,
                key_header=header,
                value_header="COUNT",
                extra={"by": "process" if args.process else "syscall"},
            )

        tick = report.Snapshots.from_options(show, args, look, counts)
        common.tracing_banner("system calls", source)
        outcome = source.run(with_deadline(tick, args.duration), every=args.interval or 1.0)
    return outcome.exit_status
