"""`ebpy pyprobe`: run a Python script with an eBPF program on entry and return of functions."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ebpy.cli.commands import _hookargs as hookargs
from ebpy.errors import EbpyError

NAME = "pyprobe"
HELP = "run a Python script with an eBPF program on entry/return of its functions, print the maps"
DESCRIPTION = (
    'Run a Python script in this interpreter with the program (section "pyprobe", context '
    "struct pyprobe_ctx, see ebpy/pyprobe.h) attached to entry and return of each --function "
    "(module:qualname; __main__:name for the script's own functions), then print the maps: "
    "histograms as bars, function ids with their names."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--function",
        "-f",
        action="append",
        default=[],
        metavar="MODULE:QUALNAME",
        help="a function to probe (repeat); its id is its position",
    )
    hookargs.add_hook_arguments(p)


def run(args: argparse.Namespace) -> int:
    from ebpy.hooks.pyprobe import Probe, run_script

    command = hookargs.command_of(args)
    if not args.function:
        raise EbpyError("no functions to probe (give --function module:qualname)")
    probe = Probe(
        args.object,
        args.function,
        engine=args.engine,
        name=args.program,
        constants=hookargs.constants_of(args.const),
        entries=hookargs.entries_of(args),
        verify=not args.no_verify,
    )
    try:
        with probe:
            status = run_script(command)
        views = [] if args.no_maps else hookargs.map_views(probe.collection)
        names = probe.names
        _report(args, probe, status, views, names)
    finally:
        probe.close()
    return status


def _report(args: Any, probe: Any, status: int, views: list[Any], names: list[str]) -> None:
    def note(key: Any) -> str | None:
        fid = key.get("func_id") if isinstance(key, dict) else None
        if isinstance(fid, int) and 0 <= fid < len(names):
            return names[fid]
        return None

    if args.json:
        summary = {
            "exit_status": status,
            "functions": names,
            "events": probe.events,
            "errors": probe.errors,
            "maps": hookargs.maps_json(views, note),
        }
        sys.stderr.write(json.dumps(summary, default=str) + "\n")
        return
    err = sys.stderr
    for message in probe.errors:
        err.write(f"ebpy pyprobe: program failed: {message}\n")
    err.write(f"ebpy pyprobe: {probe.events} events; functions: ")
    err.write(", ".join(f"{i} {n}" for i, n in enumerate(names)) + "\n")
    plain = []
    for view in views:
        if not _print_histograms(view, names):
            plain.append(view)
    hookargs.print_maps(plain, note)


def _print_histograms(view: Any, names: list[str]) -> bool:
    """A map keyed by a struct with a `slot` field, counting: log2 histograms as bars, one
    per function when the key has `func_id`. False when the map is not one."""
    rows = view.rows
    if not rows or not all(isinstance(k, dict) and "slot" in k for k, _ in rows):
        return False
    if not all(isinstance(v, int) for _, v in rows):
        return False
    try:
        from ebpy.tools.histogram import histograms
        from ebpy.tools.histtext import hist_text
    except ImportError:  # pragma: no cover - histograms are part of ebpy.tools
        return False
    hists = histograms(rows, name=view.name)
    err = sys.stderr
    err.write(f"\n{view.name}\n")
    for label, hist in hists.items():
        if label is not None:
            fid = label.get("func_id")
            text = names[fid] if isinstance(fid, int) and 0 <= fid < len(names) else None
            shown = ", ".join(f"{k} = {v}" for k, v in label.items())
            err.write(f"\n{shown}" + (f" ({text})" if text else "") + "\n")
        err.write(hist_text(hist, "nsecs", strip_leading_zero=True) + "\n")
    return True
