"""`ebpy run`: run one program over a packet and/or context, like `bpftool prog run`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ebpy.cli import common
from ebpy.cli.commands._hookargs import (
    add_const_argument,
    add_map_entry_argument,
    entries_of,
    set_globals,
)
from ebpy.errors import EbpyError
from ebpy.hooks.hook_program import store_entry

NAME = "run"
HELP = "run a program over input data/context on an engine and print the result"


def add_arguments(p: argparse.ArgumentParser) -> None:
    common.add_object_arguments(p)
    common.add_engine_argument(p)
    p.add_argument("--data-in", metavar="FILE", help="packet (or data) input; - for stdin")
    p.add_argument("--ctx-in", metavar="FILE", help="context input (struct xdp_md, __sk_buff, ...)")
    p.add_argument("--data-out", metavar="FILE", help="write the packet after the run here")
    p.add_argument("--ctx-out", metavar="FILE", help="write the context after the run here")
    p.add_argument("--repeat", type=int, default=1, metavar="N", help="run N times (timing)")
    add_const_argument(p)
    add_map_entry_argument(p)
    p.add_argument("--maps", action="store_true", help="print every map after the run")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    if args.repeat < 1:
        raise EbpyError("--repeat must be at least 1")
    spec = common.load_object(args.object)
    set_globals(spec, args.const)
    prog = common.choose_program(spec, args)
    data = common.read_input(args.data_in, "--data-in") or b""
    ctx = common.read_input(args.ctx_in, "--ctx-in")
    entries = entries_of(args)
    with common.load_collection(spec, args.engine, args, [prog.name]) as coll:
        for entry in entries:
            store_entry(coll, entry)
        result = coll.programs[prog.name].test_run(data=data, ctx=ctx, repeat=args.repeat)
        if args.data_out:
            Path(args.data_out).write_bytes(result.data_out)
        if args.ctx_out and result.ctx_out is not None:
            Path(args.ctx_out).write_bytes(result.ctx_out)
        maps = _map_views(coll) if args.maps else []
        trace = list(getattr(coll, "trace", []) or [])
    if args.json:
        out: dict[str, Any] = {
            "program": prog.name,
            "engine": args.engine,
            "retval": result.retval,
            "duration_ns": result.duration_ns,
            "repeat": result.repeat,
            "data_out": result.data_out.hex(),
        }
        if result.ctx_out is not None:
            out["ctx_out"] = result.ctx_out.hex()
        if args.maps:
            out["maps"] = [v.as_json() for v in maps]
        if trace:
            out["trace"] = trace
        common.print_json(out)
        return 0
    _print_human(prog.name, args.engine, result, maps, trace)
    return 0


def _map_views(coll: Any) -> list[Any]:
    from ebpy.tools.mapview import view_map

    return [view_map(name, m) for name, m in coll.maps.items()]


def _print_human(name: str, engine: str, result: Any, maps: list[Any], trace: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    from ebpy.tools.mapview import format_value

    console = Console()
    console.print(f"[bold]{name}[/] on [cyan]{engine}[/]: retval {result.retval}", highlight=False)
    console.print(f"duration {result.duration_ns} ns per run over {result.repeat} run(s)")
    if result.data_out:
        shown = result.data_out[:64].hex(" ")
        more = f" ... ({len(result.data_out)} bytes)" if len(result.data_out) > 64 else ""
        console.print(f"data_out {shown}{more}", highlight=False)
    for line in trace:
        console.print(f"[dim]trace:[/] {line}", highlight=False)
    for view in maps:
        console.print(f"[bold]{view.name}[/] ({view.type})", highlight=False)
        table = Table()
        table.add_column("key")
        table.add_column("value")
        for k, v in view.rows:
            table.add_row(format_value(k), format_value(v))
        if view.note:
            table.caption = view.note
        console.print(table)
