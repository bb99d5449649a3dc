"""What the reference tools share: their objects, where they run, and printing their events.

A tool runs on the kernel (attached at its tracepoints or interface; needs root) or on one of
ebpy's userspace hooks: a supervised command (`-- COMMAND`, its own small program with
`struct seccomp_data` as the context) or a capture (`--pcap`, the same XDP object).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

from ebpy.errors import EbpyError
from ebpy.spec import CollectionSpec
from ebpy.tools import events as ev
from ebpy.tools.objects import object_path
from ebpy.tools.options import command_of
from ebpy.tools.sources import (
    CaptureSource,
    Source,
    SuperviseSource,
    catch_interrupts_early,
    open_kernel_attach,
    set_constants,
)
from ebpy.tools.streams import print_events


def load_tool_spec(name: str, constants: Mapping[str, Any] | None = None) -> CollectionSpec:
    """The shipped object `name`, with `const volatile` settings applied."""
    from ebpy import load_spec

    spec = load_spec(str(object_path(name)))
    set_constants(spec, constants or {})
    return spec


def supervised(name: str, command: list[str], engine: str, constants: Mapping[str, Any]) -> Source:
    """The userspace variant `name` watching `command` (ebpy's system-call hook)."""
    from ebpy.hooks.syscalls import Supervisor

    sup = Supervisor(str(object_path(name)), engine=engine, constants=dict(constants))
    return SuperviseSource(sup, command)


def kernel(
    name: str,
    constants: Mapping[str, Any],
    iface: str | None = None,
    targets: Mapping[str, Any] | None = None,
) -> Source:
    """The kernel program `name`, loaded and attached (needs root)."""
    require_kernel(name)
    return open_kernel_attach(load_tool_spec(name, constants), iface, None, targets=targets)


def require_kernel(what: str) -> None:
    from ebpy.testing.kernel import kernel_unavailable

    reason = kernel_unavailable()
    if reason is not None:
        raise EbpyError(
            f"{what} needs the kernel engine, which cannot run here: {reason} "
            "(see --help for what runs in userspace)"
        )


def capture(name: str, path: str, engine: str, constants: Mapping[str, Any]) -> Source:
    """The XDP program `name` over a capture in userspace (ebpy's packet hook)."""
    spec = load_tool_spec(name, constants)
    prog = spec.program(None)
    coll = spec.load(engine=engine, programs=[prog.name])
    try:
        return CaptureSource(coll, prog.name, path)
    except BaseException:
        coll.close()
        raise


def command_words(args: argparse.Namespace) -> list[str]:
    """The command after `--` (options written before it are parsed again, see sources)."""
    return command_of(args)


def tracing_banner(what: str, source: Source | None = None) -> None:
    """The line on standard error that says the tool is ready (scripts and tests wait for
    it before they make the activity the tool should see)."""
    catch_interrupts_early()
    if isinstance(source, SuperviseSource):
        print(f"Tracing {what} of {source.command[0]}...", file=sys.stderr, flush=True)
    else:
        print(f"Tracing {what}... Hit Ctrl-C to end.", file=sys.stderr, flush=True)


def stream_events(
    source: Source,
    decoder: ev.EventDecoder,
    columns: list[ev.Column],
    args: argparse.Namespace,
    *,
    banner: str,
    drop_fields: tuple[str, ...] = (),
) -> int:
    """Print the source's `events` as the tool's options say (see print_events); the exit
    status of the activity (a supervised command's)."""
    return print_events(
        source,
        decoder,
        columns,
        map_name="events",
        as_json=args.json,
        filter_text=args.filter,
        max_events=args.max_events,
        duration=args.duration,
        drop_fields=drop_fields,
        ready=lambda: tracing_banner(banner, source),
    ).exit_status


def comm_constant(comm: str | None) -> dict[str, Any]:
    """`targ_comm` for a --comm filter (at most 15 bytes, as the kernel keeps comm)."""
    if comm is None:
        return {}
    raw = comm.encode()
    if not raw or len(raw) > 15:
        raise EbpyError(f"--comm {comm!r}: a command name is 1 to 15 bytes")
    return {"targ_comm": raw.ljust(16, b"\0")}


def pid_constant(pid: int | None, name: str = "targ_tgid") -> dict[str, Any]:
    if pid is None:
        return {}
    if not 0 < pid < 1 << 32:
        raise EbpyError(f"--pid {pid}: not a process id")
    return {name: pid}
