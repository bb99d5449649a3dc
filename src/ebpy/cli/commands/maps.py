"""`ebpy maps`: an object's maps, typed through BTF, as declared or after running a program."""

from __future__ import annotations

import argparse
from typing import Any

from ebpy.cli import common
from ebpy.errors import EbpyError

NAME = "maps"
HELP = "show an object's maps (types, sizes, contents), optionally after running a program"


def add_arguments(p: argparse.ArgumentParser) -> None:
    common.add_object_arguments(p)
    common.add_engine_argument(p)
    p.add_argument("--data-in", metavar="FILE", help="run the program over this packet first")
    p.add_argument("--ctx-in", metavar="FILE", help="run the program with this context first")
    p.add_argument("--repeat", type=int, default=1, metavar="N", help="run N times first")
    p.add_argument("--limit", type=int, default=100, metavar="N", help="entries shown per map")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    from ebpy.tools.mapview import view_map

    if args.repeat < 1:
        raise EbpyError("--repeat must be at least 1")
    spec = common.load_object(args.object)
    data = common.read_input(args.data_in, "--data-in")
    ctx = common.read_input(args.ctx_in, "--ctx-in")
    run_first = data is not None or ctx is not None
    programs = [common.choose_program(spec, args).name] if run_first else []
    with common.load_collection(spec, args.engine, args, programs) as coll:
        if run_first:
            coll.programs[programs[0]].test_run(data=data or b"", ctx=ctx, repeat=args.repeat)
        views = [view_map(name, m, limit=args.limit) for name, m in coll.maps.items()]
    if args.json:
        common.print_json([v.as_json() for v in views])
        return 0
    _print(spec, views)
    return 0


def _print(spec: Any, views: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from ebpy.tools.mapview import format_value

    console = Console()
    if not views:
        console.print("no maps")
    for view in views:
        mspec = spec.maps[view.name]
        key_t = str(mspec.key_type) if mspec.key_type is not None else f"{view.key_size} bytes"
        val_t = (
            str(mspec.value_type) if mspec.value_type is not None else f"{view.value_size} bytes"
        )
        title = f"{view.name}: {view.type}, max {view.max_entries}"
        if not mspec.is_global_data:
            title += f", key {key_t}, value {val_t}"
        console.print(f"[bold]{title}[/]", highlight=False)
        table = Table()
        table.add_column("variable" if mspec.is_global_data else "key")
        table.add_column("value")
        for k, v in view.rows:
            table.add_row(format_value(k), format_value(v))
        if view.truncated:
            table.caption = "(more entries not shown; --limit)"
        elif view.note:
            table.caption = view.note
        console.print(table)
