"""Entry point of the `ebpy` command: subcommand discovery, error reporting, exit codes.

Exit codes: 0 success, 1 the operation failed (bad input, rejected program, failed run),
2 usage error. Errors are one line on stderr, never a traceback (even for a bug in ebpy, whose
traceback EBPY_TRACEBACK=1 shows).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

import ebpy
from ebpy.cli import commands
from ebpy.errors import EbpyError


def _command_modules() -> list[ModuleType]:
    mods = []
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        mods.append(importlib.import_module(f"{commands.__name__}.{info.name}"))
    return mods


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ebpy",
        description="eBPF in Python: assemble, inspect, verify, run and attach eBPF programs.",
    )
    parser.add_argument("--version", action="version", version=f"ebpy {ebpy.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for mod in _command_modules():
        p = sub.add_parser(
            mod.NAME, help=mod.HELP, description=getattr(mod, "DESCRIPTION", mod.HELP)
        )
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except EbpyError as e:
        _fail(args.command, str(e))
    except (FileNotFoundError, IsADirectoryError, PermissionError) as e:
        where = f"{e.filename}: " if e.filename else ""
        _fail(args.command, f"{where}{e.strerror}")
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug in ebpy: still one line, with how to see more
        if os.environ.get("EBPY_TRACEBACK"):
            raise
        _fail(
            args.command,
            f"internal error: {type(e).__name__}: {e} (a bug in ebpy; EBPY_TRACEBACK=1 shows "
            "where)",
        )
    return 1


def _fail(command: str, message: str) -> None:
    print(f"ebpy {command}: error: {message}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
