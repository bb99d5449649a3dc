"""`ebpy supervise`: run a command with each of its system calls decided by an eBPF policy."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ebpy.cli.commands import _hookargs as hookargs

NAME = "supervise"
HELP = "run a command with every system call decided by an eBPF policy (seccomp user notification)"
DESCRIPTION = (
    "Run COMMAND (and everything it starts) with each system call stopped and decided by the "
    'policy program (section "seccomp", context struct seccomp_data, see ebpy/seccomp.h): '
    "allow, fail with an errno, or kill. Works without root. Exits with the command's status. "
    "Pointer arguments are read before the kernel reads them again, so another thread can "
    "change them in between: this is not a security boundary for what pointers point to."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--log",
        metavar="FILE",
        help="log every decided call (pid, comm, system call, arguments, decision); - for stderr",
    )
    hookargs.add_hook_arguments(p)


def run(args: argparse.Namespace) -> int:
    from ebpy.hooks.syscalls import CallRecord, Supervisor, syscall_name

    command = hookargs.command_of(args)
    constants = hookargs.constants_of(args.const)
    entries = hookargs.entries_of(args)
    out = hookargs.open_log(args.log)

    def log(record: CallRecord) -> None:
        assert out is not None
        if args.json:
            out.write(json.dumps(record.as_json()) + "\n")
        else:
            out.write(record.as_text() + "\n")

    try:
        with Supervisor(
            args.object,
            engine=args.engine,
            program=args.program,
            constants=constants,
            entries=entries,
            verify=not args.no_verify,
            log=log if out is not None else None,
        ) as sup:
            result = sup.run(command)
            views = [] if args.no_maps else hookargs.map_views(sup.collection)
    finally:
        if out is not None and out is not sys.stderr:
            out.close()

    def note(key: Any) -> str | None:
        nr = key.get("nr") if isinstance(key, dict) else None
        return syscall_name(nr) if isinstance(nr, int) else None

    for view in views:
        if view.rows and all(isinstance(v, int) for _, v in view.rows):
            view.rows.sort(key=_by_process_then_count)
    if args.json:
        summary = {
            "command": command,
            "exit_status": result.exit_status,
            "calls": result.calls,
            "decisions": dict(result.decisions),
            "errors": result.errors,
            "exec_error": result.exec_error,
            "maps": hookargs.maps_json(views, note),
        }
        sys.stderr.write(json.dumps(summary, default=str) + "\n")
    else:
        _print_human(command, result, views, note)
    return result.exit_status


def _by_process_then_count(row: tuple[Any, int]) -> tuple[int, int]:
    """Per process, most frequent first (like strace -c)."""
    key, value = row
    pid = key.get("pid", 0) if isinstance(key, dict) else 0
    return (pid if isinstance(pid, int) else 0, -value)


def _print_human(command: list[str], result: Any, views: list[Any], note: Any) -> None:
    err = sys.stderr
    if result.exec_error:
        err.write(f"ebpy supervise: error: {result.exec_error}\n")
    for message in result.errors:
        err.write(f"ebpy supervise: policy failed (call denied with EPERM): {message}\n")
    decided = ", ".join(f"{n} {c}" for n, c in sorted(result.decisions.items()))
    err.write(
        f"ebpy supervise: {command[0]} exited with status {result.exit_status}; "
        f"{result.calls} system calls ({decided or 'none'})\n"
    )
    hookargs.print_maps(views, note)
