"""What `ebpy supervise` and `ebpy pyprobe` share: a command after `--`, constants and map
entries from the command line, and printing the maps when the command has ended."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from ebpy.errors import EbpyError
from ebpy.hooks.hook_program import USERSPACE_ENGINES, MapEntry, set_global

KeyNote = Callable[[Any], str | None]  # a note shown next to a key (e.g. a system call name)


def add_hook_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("object", help="eBPF object with the hook's program")
    p.add_argument("--program", "-p", metavar="NAME", help="program by function or section name")
    p.add_argument(
        "--engine",
        "-e",
        choices=USERSPACE_ENGINES,
        default="jit",
        help="default jit (native code: a hook adds a few microseconds per event, the interpreter "
        "tens)",
    )
    add_state_arguments(p)
    p.add_argument("--no-maps", action="store_true", help="do not print the maps at the end")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--no-verify", action="store_true", help="skip ebpy's verifier (only for code you trust)"
    )
    # Not "command": the top-level parser keeps the subcommand's name there.
    p.add_argument(
        "target_command", nargs=argparse.REMAINDER, metavar="-- COMMAND", help="the command to run"
    )
    p.set_defaults(_hook_parser=p)


def add_const_argument(p: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """--const NAME=VALUE (also spelled --set), the same in every command that loads an object."""
    p.add_argument(
        "--const",
        "--set",
        dest="const",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a global variable before loading: a `const volatile` or one in .data/.bss "
        "(VALUE: a number, JSON, or text; repeatable)",
    )


def add_state_arguments(p: argparse.ArgumentParser) -> None:
    """--const and --map-entry: what a program starts with (also used by `ebpy xdp`)."""
    add_const_argument(p)
    add_map_entry_argument(p)


def add_map_entry_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--map-entry",
        action="append",
        nargs="+",
        default=[],
        metavar="MAP KEY [VALUE]",
        help="store KEY -> VALUE (default 1) in MAP before starting; KEY and VALUE are numbers, "
        "JSON (objects for structs, lists for arrays) or text",
    )


def command_of(args: argparse.Namespace) -> list[str]:
    """The command after `--`; options given after OBJ (and before `--`) are parsed here."""
    words = list(args.target_command)
    head: list[str] = []
    if "--" in words:
        i = words.index("--")
        head, words = words[:i], words[i + 1 :]
    elif words and words[0].startswith("-"):  # options after OBJ and no command
        head, words = words, []
    if head:
        parser: argparse.ArgumentParser = args._hook_parser
        again = parser.parse_args([*head, "--", args.object])
        for name, value in vars(again).items():
            if name == "target_command" or value == parser.get_default(name):
                continue
            if isinstance(value, list):  # appended options: given before and after OBJ
                value = [*getattr(args, name), *value]
            setattr(args, name, value)
    if not words:
        raise EbpyError("no command given (put it after --)")
    return words


def parse_value(text: str) -> Any:
    """A number (any base), else JSON, else the text itself."""
    try:
        return int(text, 0)
    except ValueError:
        pass
    try:
        return json.loads(text)
    except ValueError:
        return text


def constants_of(items: list[str]) -> dict[str, Any]:
    """--const NAME=VALUE items by name, values parsed (see parse_value)."""
    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise EbpyError(f"--const {item!r}: expected NAME=VALUE")
        out[name] = parse_value(value)
    return out


def set_globals(spec: Any, items: list[str]) -> None:
    """Apply --const items to a CollectionSpec's global variables, with one-line errors."""
    for name, value in constants_of(items).items():
        set_global(spec, name, value)


def entries_of(args: argparse.Namespace) -> list[MapEntry]:
    out = []
    for words in args.map_entry:
        if len(words) not in (2, 3):
            raise EbpyError(
                f"--map-entry {' '.join(words)}: expected MAP KEY [VALUE] (give OBJ before it)"
            )
        value = parse_value(words[2]) if len(words) == 3 else 1
        out.append(MapEntry(words[0], parse_value(words[1]), value))
    return out


def open_log(target: str | None) -> Any:
    """Where the per-event log goes: None, standard error for '-', or a file."""
    if target is None:
        return None
    if target == "-":
        return sys.stderr
    try:
        return open(target, "w", buffering=1)
    except OSError as e:
        raise EbpyError(f"--log {target}: {e.strerror}") from None


def map_views(coll: Any) -> list[Any]:
    from ebpy.tools.mapview import view_map

    # Constants (.rodata) do not change while the command runs: only what the program writes.
    return [view_map(name, m) for name, m in coll.maps.items() if not m.spec.freeze]


def maps_json(views: list[Any], note: KeyNote | None = None) -> list[dict[str, Any]]:
    out = []
    for view in views:
        d = view.as_json()
        if note is not None:
            for entry, (k, _) in zip(d["entries"], view.rows):
                text = note(k)
                if text is not None:
                    entry["note"] = text
        out.append(d)
    return out


def print_maps(views: list[Any], note: KeyNote | None = None, skip_empty: bool = True) -> None:
    """The maps as tables on standard error (standard output belongs to the command)."""
    from rich.console import Console
    from rich.table import Table

    from ebpy.tools.mapview import format_value

    console = Console(stderr=True)
    for view in views:
        if skip_empty and not view.rows:
            continue
        table = Table(title=f"{view.name} ({view.type})")
        table.add_column("key")
        if note is not None:
            table.add_column("")
        table.add_column("value", justify="right")
        for k, v in view.rows:
            cells = [format_value(k)]
            if note is not None:
                cells.append(note(k) or "")
            cells.append(format_value(v))
            table.add_row(*cells)
        if view.truncated or view.note:
            table.caption = view.note or "truncated"
        console.print(table)
