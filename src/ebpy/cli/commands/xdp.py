"""`ebpy xdp`: an XDP program over a capture file, or inline between two live interfaces."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ebpy.cli import common
from ebpy.cli.commands import _hookargs as hookargs
from ebpy.errors import EbpyError

NAME = "xdp"
HELP = "run an XDP program over a pcap/pcapng capture, or inline between two interfaces"
DESCRIPTION = """\
Run an XDP program in userspace.

Over a capture (pcap or pcapng, Ethernet):
  ebpy xdp firewall.o --pcap in.pcap --out passed.pcap
writes the frames the program passes (XDP_PASS) or sends back (XDP_TX), as the program left
them, with their timestamps; prints the verdict counts and the maps afterwards.

Inline between two interfaces (AF_PACKET, needs CAP_NET_RAW):
  ebpy xdp firewall.o --iface veth0 --peer veth1
XDP_PASS forwards a frame to the other interface, XDP_TX sends it back out the one it came
in on, XDP_DROP drops it, XDP_REDIRECT sends it to the interface bpf_redirect or a devmap
names. Both directions; Ctrl-C (or SIGTERM) stops, prints the counts and exits 0.
"""

ENGINES = ("jit", "interp")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    common.add_object_arguments(p)
    p.add_argument("--engine", "-e", choices=ENGINES, default="jit", help="default jit")
    p.add_argument(
        "--no-verify",
        action="store_true",
        help="skip ebpy's verifier (only for code you trust)",
    )
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--pcap", metavar="IN", help="capture to run over (pcap or pcapng)")
    mode.add_argument("--iface", metavar="A", help="live: first interface (needs --peer)")
    p.add_argument("--peer", metavar="B", help="live: second interface")
    p.add_argument("--out", metavar="OUT", help="capture of the frames passed or sent back")
    p.add_argument(
        "--out-format",
        choices=("pcap", "pcap-ns", "pcapng"),
        help="format of --out (default: the input's)",
    )
    p.add_argument(
        "--ingress-ifindex",
        type=int,
        default=1,
        metavar="N",
        help="xdp_md.ingress_ifindex for capture frames (default 1)",
    )
    p.add_argument(
        "--batch", type=int, default=4096, metavar="N", help="frames per engine call (captures)"
    )
    hookargs.add_state_arguments(p)
    p.add_argument("--no-maps", action="store_true", help="do not print the maps afterwards")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    if args.iface is not None and not args.peer:
        return _usage("--iface needs --peer (the interface to forward to)")
    if args.peer and args.iface is None:
        return _usage("--peer goes with --iface")
    if args.out and args.pcap is None:
        return _usage("--out goes with --pcap")
    if args.batch < 1:
        return _usage("--batch must be at least 1")
    if not 0 <= args.ingress_ifindex < 1 << 32:
        return _usage("--ingress-ifindex must fit in 32 bits")
    from ebpy.hooks.hook_program import set_global, store_entry
    from ebpy.spec import ProgramType

    constants = hookargs.constants_of(args.const)
    entries = hookargs.entries_of(args)
    spec = common.load_object(args.object)
    prog = common.choose_program(spec, args)
    for name, value in constants.items():
        set_global(spec, name, value)

    if prog.type != ProgramType.XDP:
        raise EbpyError(
            f"program {prog.name} (section {prog.section!r}) is {prog.type.name.lower()}, not xdp; "
            "use --type xdp if the section name is the problem"
        )
    with common.load_collection(spec, args.engine, args, [prog.name]) as coll:
        for entry in entries:
            store_entry(coll, entry)
        program = coll.programs[prog.name]
        if args.pcap is not None:
            report = _run_capture(program, args)
        else:
            report = _run_live(program, args)
        maps = [] if args.no_maps else _map_views(coll)
    report["program"] = prog.name
    report["engine"] = args.engine
    if args.json:
        report["maps"] = [v.as_json() for v in maps]
        common.print_json(report)
    else:
        _print_human(report, maps)
    return 0


def _usage(message: str) -> int:
    print(f"ebpy {NAME}: error: {message}", file=sys.stderr)
    return 2


def _run_capture(program: Any, args: argparse.Namespace) -> dict[str, Any]:
    from ebpy.hooks.packets import CaptureFormat, run_capture

    out_format = CaptureFormat.parse(args.out_format) if args.out_format else None
    result = run_capture(
        program,
        args.pcap,
        args.out,
        out_format=out_format,
        ingress_ifindex=args.ingress_ifindex,
        batch_size=args.batch,
    )
    report: dict[str, Any] = {"mode": "capture", "input": args.pcap, "output": args.out}
    report.update(result.as_json())
    report["batched"] = result.batched
    return report


def _run_live(program: Any, args: argparse.Namespace) -> dict[str, Any]:
    from ebpy.hooks.packets.live import Bridge

    with Bridge(program, args.iface, args.peer) as bridge:
        print(
            f"bridging {args.iface} <-> {args.peer} through {program.name}; Ctrl-C stops",
            file=sys.stderr,
            flush=True,
        )
        bridge.serve_until_signal()
        report: dict[str, Any] = {"mode": "live"}
        report.update(bridge.stats.as_json())
    return report


def _map_views(coll: Any) -> list[Any]:
    from ebpy.tools.mapview import MAX_ROWS, view_map

    return [view_map(name, m, limit=MAX_ROWS) for name, m in coll.maps.items()]


def _print_human(report: dict[str, Any], maps: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from ebpy.tools.mapview import format_value

    console = Console()
    if report["mode"] == "capture":
        head = f"{report['frames']} frames from {report['input']}"
        if report.get("output"):
            head += f"; {report['written']} written to {report['output']}"
        if report.get("modified"):
            head += f" ({report['modified']} changed by the program)"
    else:
        head = f"{report['frames']} frames bridged; {report['sent']} sent on"
    console.print(
        f"[bold]{report['program']}[/] on [cyan]{report['engine']}[/]: {head}",
        soft_wrap=True,
        highlight=False,
    )
    verdicts = Table(title="verdicts")
    verdicts.add_column("verdict")
    verdicts.add_column("frames", justify="right")
    for name, count in report["verdicts"].items():
        verdicts.add_row(name, str(count))
    console.print(verdicts)
    for target, count in report.get("redirect_targets", {}).items():
        console.print(f"redirected to ifindex {target}: {count}", highlight=False)
    if report.get("short_frames"):
        console.print(
            f"{report['short_frames']} frame(s) shorter than an Ethernet header were not run",
            highlight=False,
        )
    if report.get("invalid_verdicts"):
        console.print(
            f"{report['invalid_verdicts']} frame(s) had a verdict outside enum xdp_action "
            "(counted as aborted)"
        )
    for view in maps:
        table = Table(title=f"map {view.name} ({view.type})")
        table.add_column("key")
        table.add_column("value")
        for k, v in view.rows:
            table.add_row(format_value(k), format_value(v))
        table.caption = view.note or ("first rows only" if view.truncated else None)
        console.print(table)
