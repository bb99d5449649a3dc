"""Where a collection's programs see activity, for the tools that watch their maps.

`ebpy hist`, `ebpy top`, `ebpy events`, `ebpy export` and the reference tools load an object
and then read its maps while something makes its programs run. That something is a source:

| source | option | engine | runs the program |
|---|---|---|---|
| test runs | `--data-in FILE` / `--ctx-in FILE` `--repeat N` | interp, jit, kernel | N test runs |
| a capture | `--pcap FILE` | interp, jit | once per frame (XDP) |
| a command | `-- COMMAND ARGS` | interp, jit | once per system call (`ebpy supervise`) |
| the kernel | `--attach` (`--iface IF` for XDP) | kernel | at its hooks until Ctrl-C |
| pinned maps | `--pinned DIR` | kernel | by whoever loaded them; only the maps are read |

A source is run with a `tick` callback the tool uses to print, drain a ring buffer or stop:
`source.run(tick, every=S)` calls `tick(False)` about every S seconds while the activity lasts
(as often as the activity allows: after a batch of frames, a system call) and `tick(True)`
once at the end. A tick returns False to stop early. Maps may be read from another thread meanwhile (the
exporter's scrapes): native maps lock their own structure, as kernel maps do.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ebpy.cli.commands._hookargs import constants_of
from ebpy.errors import EbpyError
from ebpy.hooks.packets.process import BatchResult, FrameProcessor
from ebpy.spec import CollectionSpec, ProgramType
from ebpy.tools.options import command_of

Tick = Callable[[bool], bool]  # tick(final) -> go on?
USERSPACE = ("interp", "jit")


@dataclass
class Outcome:
    """How the activity ended: the command's exit status, and a summary for the tool."""

    exit_status: int = 0
    summary: dict[str, Any] = field(default_factory=dict)


class Source(ABC):
    """A loaded collection and the activity that makes its programs run."""

    def __init__(self, collection: Any) -> None:
        self.collection = collection

    @property
    def maps(self) -> Mapping[str, Any]:
        return self.collection.maps

    @abstractmethod
    def run(self, tick: Tick, every: float = 1.0) -> Outcome: ...

    def close(self) -> None:
        self.collection.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TestRunSource(Source):
    """`repeat` test runs of one program over a packet and/or context."""

    __test__ = False  # not a pytest class

    def __init__(
        self, collection: Any, program: str, data: bytes, ctx: bytes | None, repeat: int
    ) -> None:
        super().__init__(collection)
        self.program = collection.programs[program]
        self.data = data
        self.ctx = ctx
        self.repeat = repeat

    def run(self, tick: Tick, every: float = 1.0) -> Outcome:
        result = self.program.test_run(data=self.data, ctx=self.ctx, repeat=self.repeat)
        tick(True)
        return Outcome(0, {"retval": result.retval, "repeat": self.repeat})


class CaptureSource(Source):
    """An XDP program over every frame of a pcap/pcapng capture (ebpy's packet hook)."""

    def __init__(self, collection: Any, program: str, path: str, batch: int = 4096) -> None:
        super().__init__(collection)
        self.program = collection.programs[program]
        self.path = path
        self.batch = batch

    def run(self, tick: Tick, every: float = 1.0) -> Outcome:
        from ebpy.hooks.packets import frame_processor, run_capture

        proc = _TickingProcessor(frame_processor(self.program), tick, every)
        try:
            result = run_capture(self.program, self.path, batch_size=self.batch, processor=proc)
            summary = result.as_json()
        except _Stopped:
            summary = {}
        finally:
            proc.close()
        tick(True)
        return Outcome(0, summary)


class _TickingProcessor(FrameProcessor):
    """Ticks between batches."""

    def __init__(self, inner: FrameProcessor, tick: Tick, every: float) -> None:
        self.inner = inner
        self.engine = inner.engine
        self.batched = inner.batched
        self._tick = tick
        self._every = every
        self._last = time.monotonic()

    def process(
        self, frames: Sequence[bytes], ingress_ifindex: int = 1, strict: bool = True
    ) -> BatchResult:
        out = self.inner.process(frames, ingress_ifindex, strict)
        now = time.monotonic()
        if now - self._last >= self._every:
            self._last = now
            if not self._tick(False):
                raise _Stopped
        return out

    def close(self) -> None:
        self.inner.close()


class _Stopped(Exception):
    pass


class SuperviseSource(Source):
    """A command run with each system call decided by the program (`ebpy supervise`)."""

    def __init__(self, supervisor: Any, command: list[str]) -> None:
        super().__init__(supervisor.collection)
        self.supervisor = supervisor
        self.command = command

    def run(self, tick: Tick, every: float = 1.0) -> Outcome:
        last = [time.monotonic()]
        stopped = [False]

        def on_call(record: Any) -> None:
            now = time.monotonic()
            if not stopped[0] and now - last[0] >= every:
                last[0] = now
                stopped[0] = not tick(False)

        # The supervisor calls its log after each decided call, in this thread.
        self.supervisor.log = on_call
        result = self.supervisor.run(self.command)
        tick(True)
        summary = {"calls": result.calls, "decisions": dict(result.decisions)}
        if result.exec_error:
            summary["exec_error"] = result.exec_error
        return Outcome(result.exit_status, summary)

    def close(self) -> None:
        self.supervisor.close()


# Set by a SIGINT/SIGTERM that arrives after a tool said it is ready but before it started
# waiting (see catch_interrupts_early): the wait then ends at once instead of never starting.
_EARLY = threading.Event()


def catch_interrupts_early() -> None:
    """From now on SIGINT/SIGTERM only ask the coming wait to end (no KeyboardInterrupt), so a
    Ctrl-C right after a tool's ready line still ends it cleanly."""
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: _EARLY.set())


class _Interrupted:
    """SIGINT/SIGTERM end a wait instead of raising; the handlers are restored after."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self._old: dict[int, Any] = {}

    def __enter__(self) -> _Interrupted:
        if _EARLY.is_set():
            _EARLY.clear()
            self.event.set()
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, lambda *_: self.event.set())
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._old.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def interrupted() -> Iterator[threading.Event]:
    """An Event set by SIGINT or SIGTERM while the block runs (instead of the default
    KeyboardInterrupt or exit); the previous handlers come back after it."""
    with _Interrupted() as caught:
        yield caught.event


class WaitingSource(Source):
    """Activity that happens elsewhere (kernel hooks, another loader): tick every `every`
    seconds until the tick says stop or SIGINT/SIGTERM arrives.

    `wait(timeout) -> bool`, when set, replaces sleeping (a ring buffer's epoll wait): when it
    says data may have arrived, the tick comes at once, so events are read as they come.
    """

    def __init__(self, collection: Any) -> None:
        super().__init__(collection)
        self.wait: Callable[[float], bool] | None = None

    def run(self, tick: Tick, every: float = 1.0) -> Outcome:
        with _Interrupted() as interrupted:
            stop = interrupted.event
            deadline = time.monotonic() + every
            while not stop.is_set():
                remaining = deadline - time.monotonic()
                if remaining > 0:
                    step = min(remaining, 0.25)  # signals are noticed within this
                    if self.wait is None:
                        stop.wait(step)
                        continue
                    if not self.wait(step):
                        continue
                else:
                    deadline = time.monotonic() + every
                if not tick(False):
                    break
        tick(True)
        return Outcome(0, {})


def with_deadline(tick: Tick, duration: float | None) -> Tick:
    """A tick that also stops once `duration` seconds have passed."""
    if duration is None:
        return tick
    if duration <= 0:
        raise EbpyError("--duration must be positive")
    end = time.monotonic() + duration

    def wrapped(final: bool) -> bool:
        go_on = tick(final)
        return go_on and time.monotonic() < end

    return wrapped


class PinnedMaps:
    """Maps pinned by name in a bpffs folder (libbpf's pin-by-name), typed by an object."""

    def __init__(self, maps: dict[str, Any]) -> None:
        self.maps = maps

    def close(self) -> None:
        for m in self.maps.values():
            m.close()


def open_pinned(spec: CollectionSpec, folder: str) -> PinnedMaps:
    """Open every map of `spec` pinned in `folder` under its name (at least one must be)."""
    from ebpy.kernel import KernelMapFd
    from ebpy.kernel.commands import obj_get

    if not os.path.isdir(folder):
        raise EbpyError(f"--pinned {folder}: no such folder")
    maps: dict[str, Any] = {}
    try:
        for name, mspec in spec.maps.items():
            path = os.path.join(folder, name)
            if mspec.is_global_data or not os.path.exists(path):
                continue
            m = KernelMapFd.from_fd(obj_get(path))
            maps[name] = m
            if (m.spec.type, m.key_size, m.value_size) != (
                mspec.type,
                mspec.key_size,
                mspec.value_size,
            ):
                raise EbpyError(
                    f"{path}: a {m.spec.type.name} map with {m.key_size}-byte keys and "
                    f"{m.value_size}-byte values, not the object's {mspec.type.name} map "
                    f"{name} ({mspec.key_size}/{mspec.value_size})"
                )
            maps[name] = KernelMapFd(m.fd, mspec)  # the same fd, typed through the object's BTF
    except BaseException:
        for m in maps.values():
            m.close()
        raise
    if not maps:
        names = ", ".join(n for n, m in spec.maps.items() if not m.is_global_data) or "none"
        raise EbpyError(f"--pinned {folder}: none of the object's maps ({names}) is pinned there")
    return PinnedMaps(maps)


def set_constants(spec: CollectionSpec, constants: Mapping[str, Any]) -> None:
    from ebpy.errors import CodecError

    for name, value in constants.items():
        try:
            spec.constants[name] = value
        except KeyError as e:
            raise EbpyError(f"{spec.path or 'object'}: {e.args[0]}") from None
        except (CodecError, ValueError, TypeError) as e:
            raise EbpyError(f"constant {name}: {e}") from None


def open_source(
    spec: CollectionSpec,
    args: argparse.Namespace,
    *,
    constants: Mapping[str, Any] | None = None,
) -> Source:
    """The source the options ask for, loaded and ready to run."""
    from ebpy.cli.common import read_input

    command = command_of(args)
    chosen = [
        name
        for name, on in (
            ("--pcap", args.pcap is not None),
            ("--data-in/--ctx-in", args.data_in is not None or args.ctx_in is not None),
            ("--attach", args.attach),
            ("--pinned", args.pinned is not None),
            ("-- COMMAND", bool(command)),
        )
        if on
    ]
    if len(chosen) > 1:
        raise EbpyError(f"choose one source, not {' and '.join(chosen)}")
    if not chosen:
        raise EbpyError(
            "nothing makes the programs run: give --pcap, --data-in/--ctx-in, --attach, "
            "--pinned, or a command after --"
        )
    if args.repeat < 1:
        raise EbpyError("--repeat must be at least 1")
    if args.iface and not args.attach:
        raise EbpyError("--iface goes with --attach")
    all_constants = {**constants_of(args.const), **(constants or {})}
    kind = chosen[0]
    engine = args.engine
    if kind in ("--attach", "--pinned"):
        if engine not in (None, "kernel"):
            raise EbpyError(f"{kind} works with the kernel engine, not {engine}")
        if kind == "--pinned":
            pinned = open_pinned(spec, args.pinned)
            return WaitingSource(pinned)
        set_constants(spec, all_constants)
        return open_kernel_attach(spec, args.iface, args.program)
    engine = engine or "jit"
    if kind == "-- COMMAND":
        if engine not in USERSPACE:
            raise EbpyError("a supervised command runs its policy on interp or jit")
        from ebpy.hooks.syscalls import Supervisor

        sup = Supervisor(
            spec,
            engine=engine,
            program=args.program,
            constants=all_constants,
            verify=not args.no_verify,
        )
        return SuperviseSource(sup, command)
    set_constants(spec, all_constants)
    prog = spec.program(args.program)
    if kind == "--pcap":
        if engine not in USERSPACE:
            raise EbpyError("--pcap runs the program on interp or jit")
        if prog.type != ProgramType.XDP:
            raise EbpyError(
                f"program {prog.name} (section {prog.section!r}) is "
                f"{prog.type.name.lower()}, not xdp: --pcap runs XDP programs"
            )
    options: dict[str, Any] = {"programs": [prog.name]}
    if engine in USERSPACE:
        options["verify"] = not args.no_verify
    coll = spec.load(engine=engine, **options)
    try:
        if kind == "--pcap":
            return CaptureSource(coll, prog.name, args.pcap)
        data = read_input(args.data_in, "--data-in") or b""
        ctx = read_input(args.ctx_in, "--ctx-in")
        return TestRunSource(coll, prog.name, data, ctx, args.repeat)
    except BaseException:
        coll.close()
        raise


def open_kernel_attach(
    spec: CollectionSpec,
    iface: str | None,
    program: str | None,
    *,
    load_options: Mapping[str, Any] | None = None,
    targets: Mapping[str, Any] | None = None,
) -> Source:
    """Load into the kernel and attach every program (or `program`) at its section's hook;
    `iface` is the interface for XDP and tc programs; `targets` more attach options
    (xdp_mode=, ...), `load_options` load options (pin_path=, ...)."""
    wanted = [spec.program(program).name] if program else None
    coll = spec.load(engine="kernel", programs=wanted, **(load_options or {}))
    try:
        where = {**({"iface": iface} if iface else {}), **(targets or {})}
        if wanted:
            coll.programs[wanted[0]].attach(**where)
        else:
            coll.attach_all(**where)
    except BaseException:
        coll.close()
        raise
    return WaitingSource(coll)
