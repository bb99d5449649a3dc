"""opensnoop: files opened, by whom and with what result (kernel, or a supervised command)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ebpy.errors import EbpyError
from ebpy.tools import options

if TYPE_CHECKING:
    from ebpy.tools.events import Column

NAME = "opensnoop"
HELP = "files opened, by whom, with what result (kernel; or -- COMMAND in userspace)"
DESCRIPTION = """\
Print every openat() (and, supervised, open() and creat()): pid, command, the file
descriptor or error, and the path. In the kernel (root): tracepoints
syscalls/sys_enter_openat and sys_exit_openat. With -- COMMAND: ebpy's system-call hook
watches COMMAND and its children, without root; calls are seen before they run, so there is
no result (FLAGS are shown instead). --pid and --comm are set in the program before it
loads (`const volatile`), so other processes cost nothing.

  ebpy tool opensnoop --comm cat
  ebpy tool opensnoop --json -- make
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pid", type=int, metavar="PID", help="only this process")
    p.add_argument("--comm", metavar="NAME", help="only processes with this command name")
    p.add_argument("--failed", action="store_true", help="only failed opens (kernel)")
    options.add_engine_argument(p)
    options.add_stream_arguments(p)
    options.add_command_argument(p)


def _flags(value: Any) -> str:
    return f"{int(value) & 0xFFFFFFFF:08o}"


def columns(supervised: bool) -> list[Column]:
    from ebpy.tools.events import Column

    if supervised:  # seen before the call runs: flags, no result
        return [
            Column("pid", "PID", 7, align=">"),
            Column("comm", "COMM", 16),
            Column("flags", "FLAGS", 8, fmt=_flags, align=">"),
            Column("path", "PATH"),
        ]
    return [
        Column("pid", "PID", 7, align=">"),
        Column("comm", "COMM", 16),
        Column("ret", "FD", 3, fmt=lambda v: str(v) if v >= 0 else "-1", align=">"),
        Column("ret", "ERR", 3, fmt=lambda v: str(-v) if v < 0 else "0", align=">"),
        Column("path", "PATH"),
    ]


def run(args: argparse.Namespace) -> int:
    from ebpy.tools import events as ev
    from ebpy.tools.ref import common

    command = common.command_words(args)
    constants = {**common.pid_constant(args.pid), **common.comm_constant(args.comm)}
    dropped: tuple[str, ...] = ()
    if command:
        if args.failed:
            raise EbpyError("--failed needs the kernel: a supervised call has no result yet")
        source = common.supervised("opensnoop_seccomp", command, args.engine, constants)
        dropped = ("ret",)
    else:
        source = common.kernel("opensnoop", constants)
        if args.failed:
            args.filter = f"ret < 0 and ({args.filter})" if args.filter else "ret < 0"
    with source:
        decoder = ev.EventDecoder.from_spec(source.collection.spec, "open_event")
        return common.stream_events(
            source,
            decoder,
            columns(bool(command)),
            args,
            banner="file opens",
            drop_fields=dropped,
        )
