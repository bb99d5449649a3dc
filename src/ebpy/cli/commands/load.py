"""`ebpy load`: load an object into the kernel, attach it, stream its events and maps until
Ctrl-C (or SIGTERM, or --duration), then detach and close everything."""

from __future__ import annotations

import argparse
import contextlib
import select
import signal
import sys
import time
from types import FrameType
from typing import Any

from ebpy.cli import common
from ebpy.cli.commands._hookargs import add_const_argument, set_globals
from ebpy.errors import EbpyError

NAME = "load"
HELP = "load an object into the kernel, attach it, and stream its events and maps"
DESCRIPTION = """\
Load an object into the running kernel (maps with BTF, global data, CO-RE relocations,
programs), optionally attach every program where its section says, then stream until
Ctrl-C, SIGTERM or --duration:

  ebpy load counter.o --attach --iface eth0 --maps --interval 2
  ebpy load exec.o --attach --events events --record-type event --json
  ebpy load lb.o --attach --cgroup /sys/fs/cgroup/unified/app --set backend_port=8080

Attach targets: --iface (xdp, tc), --direction (tc sections without one), --cgroup (cgroup
programs), --netns (sk_lookup), --pid (uprobes). Section names give the rest
(tracepoint/CAT/NAME, raw_tp/NAME, tp_btf/NAME, uprobe/PATH:FUNC).

--json prints one JSON object per line, each with an "event" key: "loaded" (programs: name,
type, id, tag; maps: name, type, id, pinned), "attached" (links: program, kind, target),
"record" (map, data, and cpu for perf event arrays), "lost" (map, count), "maps"
(maps, as `ebpy maps --json`), "exit" (records, lost). On exit every link is detached and
every fd closed; maps pinned by name (pinning = LIBBPF_PIN_BY_NAME, under --pin) stay.
"""


class _Stop(Exception):
    """SIGTERM: leave the loop like Ctrl-C does."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("object", help="eBPF ELF object")
    p.add_argument(
        "--program", "-p", action="append", metavar="NAME", help="load only these (repeatable)"
    )
    add_const_argument(p)
    p.add_argument("--attach", action="store_true", help="attach every program loaded")
    p.add_argument("--iface", metavar="IF", help="interface for xdp and tc programs")
    p.add_argument(
        "--xdp-mode", choices=("native", "generic"), help="XDP mode (default: the kernel's choice)"
    )
    p.add_argument("--direction", choices=("ingress", "egress"), help="tc direction")
    p.add_argument("--cgroup", metavar="PATH", help="cgroup v2 folder for cgroup programs")
    p.add_argument("--netns", metavar="PATH", help="network namespace for sk_lookup programs")
    p.add_argument("--pid", type=int, metavar="PID", help="only this process (uprobes)")
    p.add_argument(
        "--pin", metavar="DIR", help="bpffs folder for pinned maps (default /sys/fs/bpf)"
    )
    p.add_argument(
        "--events",
        action="append",
        default=[],
        metavar="MAP",
        help="ring buffer or perf event array to stream",
    )
    p.add_argument(
        "--record-type", metavar="TYPE", help="BTF type of the event records (e.g. event)"
    )
    p.add_argument("--maps", action="store_true", help="print the maps every --interval seconds")
    p.add_argument("--interval", type=float, default=1.0, metavar="S", help="map printing period")
    p.add_argument("--duration", type=float, metavar="S", help="stop after S seconds")
    p.add_argument("--json", action="store_true", help="JSON lines")


def run(args: argparse.Namespace) -> int:
    if args.interval <= 0:
        raise EbpyError("--interval must be positive")
    if args.duration is not None and args.duration < 0:
        raise EbpyError("--duration must not be negative")
    spec = common.load_object(args.object)
    set_globals(spec, args.const)
    out = _Output(args.json)
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    try:
        with spec.load(engine="kernel", programs=args.program, pin_path=args.pin) as coll:
            out.loaded(coll)
            if args.attach:
                links = coll.attach_all(**_targets(args))
                out.attached(links)
            readers = [(name, coll.reader(name, args.record_type)) for name in args.events]
            with contextlib.suppress(KeyboardInterrupt, _Stop):
                _loop(coll, readers, args, out)
            if args.maps:
                out.maps(coll)
            out.exit(readers)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def _targets(args: argparse.Namespace) -> dict[str, Any]:
    targets = {
        "iface": args.iface,
        "xdp_mode": args.xdp_mode,
        "direction": args.direction,
        "cgroup": args.cgroup,
        "netns": args.netns,
        "pid": args.pid,
    }
    return {k: v for k, v in targets.items() if v is not None}


def _loop(coll: Any, readers: list[tuple[str, Any]], args: argparse.Namespace, out: Any) -> None:
    start = time.monotonic()
    next_maps = start + args.interval
    fds = {reader.fileno(): (name, reader) for name, reader in readers}
    while True:
        now = time.monotonic()
        deadline = next_maps if args.maps else None
        if args.duration is not None:
            end = start + args.duration
            if now >= end:
                return
            deadline = end if deadline is None else min(deadline, end)
        timeout = None if deadline is None else max(0.0, deadline - now)
        if fds:
            ready, _, _ = select.select(list(fds), [], [], timeout)
        else:
            if timeout is None:
                signal.pause()
            else:
                time.sleep(timeout)
            ready = []
        for fd in ready:
            name, reader = fds[fd]
            out.records(name, reader)
        if args.maps and time.monotonic() >= next_maps:
            out.maps(coll)
            next_maps += args.interval * max(
                1, int((time.monotonic() - next_maps) // args.interval) + 1
            )


def _is_zero(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_is_zero(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(_is_zero(v) for v in value)
    if isinstance(value, (bytes, bytearray)):
        return not any(value)
    return value == 0


class _Output:
    """Human lines (rich) or JSON lines, flushed as they come."""

    def __init__(self, json: bool) -> None:
        self.json = json
        self.count = 0
        self._console: Any = None
        if not json:
            from rich.console import Console

            self._console = Console(highlight=False)

    def _emit(self, obj: dict[str, Any]) -> None:
        import json

        from ebpy.tools.mapview import _plain

        sys.stdout.write(json.dumps(_plain(obj), default=str) + "\n")
        sys.stdout.flush()

    def _say(self, text: str) -> None:
        self._console.print(text)

    def loaded(self, coll: Any) -> None:
        progs = []
        for name, prog in coll.programs.items():
            info = prog.info()
            kind = getattr(prog.type, "name", str(prog.type)).lower()
            progs.append({"name": name, "type": kind, "id": info.id, "tag": info.tag})
        maps = []
        for name, m in coll.maps.items():
            maps.append(
                {
                    "name": name,
                    "type": m.type.name.lower(),
                    "id": m.info().id,
                    "pinned": coll.pinned.get(name),
                }
            )
        if self.json:
            self._emit({"event": "loaded", "programs": progs, "maps": maps, "notes": coll.notes})
            return
        for p in progs:
            self._say(f"[bold]{p['name']}[/]: {p['type']} program id {p['id']} tag {p['tag']}")
        for m in maps:
            pinned = f", pinned at {m['pinned']}" if m["pinned"] else ""
            self._say(f"map [bold]{m['name']}[/]: {m['type']} id {m['id']}{pinned}")
        for note in coll.notes:
            self._say(f"[yellow]note:[/] {note}")

    def attached(self, links: list[Any]) -> None:
        rows = [
            {
                "program": link.program.name if link.program else None,
                "kind": link.kind,
                "target": link.target,
            }
            for link in links
        ]
        if self.json:
            self._emit({"event": "attached", "links": rows})
            return
        for r in rows:
            self._say(f"attached [bold]{r['program']}[/] ({r['kind']}) to {r['target']}")

    def records(self, name: str, reader: Any) -> None:
        from ebpy.kernel.perf_buffer import PerfBuffer

        if isinstance(reader, PerfBuffer):
            lost_before = reader.lost
            for sample in reader.samples():
                self._record(name, sample.data, sample.cpu)
            if reader.lost != lost_before:
                self._lost(name, reader.lost - lost_before)
        else:
            for record in reader.records():
                self._record(name, record, None)

    def _record(self, name: str, data: Any, cpu: int | None) -> None:
        self.count += 1
        if self.json:
            obj: dict[str, Any] = {"event": "record", "map": name, "data": data}
            if cpu is not None:
                obj["cpu"] = cpu
            self._emit(obj)
            return
        from ebpy.tools.mapview import format_value

        where = f" cpu {cpu}" if cpu is not None else ""
        self._say(f"[cyan]{name}[/]{where}: {format_value(data)}")

    def _lost(self, name: str, count: int) -> None:
        if self.json:
            self._emit({"event": "lost", "map": name, "count": count})
        else:
            self._say(f"[red]{name}: {count} samples lost[/]")

    def maps(self, coll: Any) -> None:
        from ebpy.spec import MapType
        from ebpy.tools.mapview import format_value, view_map

        views = [
            view_map(name, m, limit=100)
            for name, m in coll.maps.items()
            if m.type not in (MapType.PERF_EVENT_ARRAY, MapType.RINGBUF, MapType.PROG_ARRAY)
        ]
        if self.json:
            self._emit({"event": "maps", "maps": [v.as_json() for v in views]})
            return
        for v in views:
            shown = v.rows
            hidden = 0
            if v.type in ("array", "percpu_array") and not coll.spec.maps[v.name].is_global_data:
                shown = [(k, val) for k, val in v.rows if not _is_zero(val)]
                hidden = len(v.rows) - len(shown)
            rows = ", ".join(f"{format_value(k)}: {format_value(val)}" for k, val in shown)
            if not rows:
                rows = "all zero" if hidden else "(empty)"
            elif hidden:
                rows += f" ({hidden} zero entries not shown)"
            more = " (more not shown)" if v.truncated else ""
            self._say(f"[bold]{v.name}[/] ({v.type}): {rows}{more}")

    def exit(self, readers: list[tuple[str, Any]]) -> None:
        lost = sum(getattr(r, "lost", 0) for _, r in readers)
        if self.json:
            self._emit({"event": "exit", "records": self.count, "lost": lost})
        else:
            self._say(f"detached; {self.count} records, {lost} lost")
