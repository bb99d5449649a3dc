"""execsnoop: new processes as they execve(), with their arguments (kernel tracepoints)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ebpy.tools import options

if TYPE_CHECKING:
    from ebpy.btf.codec import Record
    from ebpy.tools.events import Column

NAME = "execsnoop"
HELP = "new processes with their arguments, as they execve() (kernel)"
DESCRIPTION = """\
Print every execve() on the system: the command name after it, pid, uid, its result and the
file name with the arguments. Tracepoints syscalls/sys_enter_execve and sys_exit_execve, a
hash map by thread and a ring buffer; needs root.

  ebpy tool execsnoop
  ebpy tool execsnoop --filter 'comm == "cat"' --json
"""
MAX_ARGS = 60  # TOTAL_MAX_ARGS in execsnoop.h


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--uid", type=int, metavar="UID", help="only processes of this user")
    p.add_argument(
        "--max-args", type=int, default=20, metavar="N", help=f"arguments kept (1..{MAX_ARGS})"
    )
    options.add_stream_arguments(p)


def split_args(event: Record) -> list[str]:
    """The file name and arguments: NUL-separated in the first args_size bytes."""
    raw = event.args if isinstance(event.args, bytes) else str(event.args).encode()
    used = raw[: event.args_size]
    parts = [p.decode("utf-8", "replace") for p in used.split(b"\0")]
    if parts and parts[-1] == "":
        parts.pop()
    return parts


def derived(event: Record) -> dict[str, Any]:
    argv = split_args(event) if "args_size" in event and event.args_size else []
    text = " ".join(argv)
    if event.get("args_count", 0) > len(argv) and argv:
        text += " ..."
    return {"argv": argv, "args": text}


def columns() -> list[Column]:
    from ebpy.tools.events import Column

    return [
        Column("comm", "PCOMM", 16),
        Column("pid", "PID", 7, align=">"),
        Column("uid", "UID", 6, align=">"),
        Column("retval", "RET", 4, align=">"),
        Column("args", "ARGS"),
    ]


def run(args: argparse.Namespace) -> int:
    from ebpy.errors import EbpyError
    from ebpy.tools import events as ev
    from ebpy.tools.ref import common

    if not 1 <= args.max_args <= MAX_ARGS:
        raise EbpyError(f"--max-args must be 1..{MAX_ARGS}")
    constants: dict[str, Any] = {"max_args": args.max_args}
    if args.uid is not None:
        constants["targ_uid"] = args.uid
    with common.kernel("execsnoop", constants) as source:
        decoder = ev.EventDecoder.from_spec(source.collection.spec, "exec_event", derived)
        return common.stream_events(
            source, decoder, columns(), args, banner="new processes", drop_fields=("args_size",)
        )
