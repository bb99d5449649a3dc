"""eBPF programs on entry and return of Python functions (see docs/hooks/pyprobe.md).

    with ebpy.probe("latency.o", functions=[handler, parse]) as p:
        app.run()
    print(p.maps["calls"][0])

The program (section "pyprobe") runs with a `struct pyprobe_ctx` (include/ebpy/pyprobe.h):
event, function id, timestamp, thread id, up to six integer arguments, the integer return
value. Functions are Python functions, bound methods, or "module:qualname" strings (resolved
when first called, so the functions of a script not run yet can be named).

How events are caught: Python 3.12+ has sys.monitoring, which calls us for just the probed code
objects (PY_START, PY_RESUME, PY_RETURN and PY_YIELD as local events; PY_THROW and PY_UNWIND are
global and filtered), mapped to the profile events of 3.11 so that a program sees the same
events on both (pinned in tests/test_hooks_pyprobe_versions.py). Python 3.11
has only sys.setprofile, which calls us for every Python call in the thread, probed or not; the
probe filters by code object (one dict lookup) and sets itself for threads started later
(threading.setprofile), but cannot reach threads already running. With the JIT the handlers
are native code (pyprobe_native: the sys.monitoring callbacks on 3.12+, the profile function
on 3.11) that run the program without Python and hand only what they cannot do to the Python
path here, with the event. A program's failure on an event never reaches the application: it
is counted and the first messages are kept in `errors`.
"""

from __future__ import annotations

import importlib
import os
import struct
import sys
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

from ebpy.errors import EbpyError
from ebpy.helpers.env import Task
from ebpy.hooks.hook_program import LoadedHook, MapEntry, load_hook
from ebpy.spec import CollectionSpec

SECTION = "pyprobe"
ENTRY, RETURN = 0, 1
RET_INT, UNWIND = 1 << 0, 1 << 1
MAX_ARGS = 6
# struct pyprobe_ctx: event, func_id, ts_ns, tid, args[6], ret, nargs, flags
CTX = struct.Struct("<IIQQ6QQII")
M64 = (1 << 64) - 1
MAX_ERRORS = 10

FunctionLike = Callable[..., Any] | str


@dataclass(frozen=True)
class ProbedFunction:
    """One entry of the name table: the id programs see, and what it names."""

    id: int
    name: str  # module:qualname
    code: CodeType | None  # None until a "module:qualname" string is first called


def function_name(fn: Any) -> str:
    return f"{getattr(fn, '__module__', None) or '?'}:{getattr(fn, '__qualname__', repr(fn))}"


def code_of(fn: Any) -> CodeType:
    """The code object of a Python function, method, staticmethod or classmethod."""
    target = getattr(fn, "__func__", fn)
    target = getattr(target, "__wrapped__", target) if not hasattr(target, "__code__") else target
    code = getattr(target, "__code__", None)
    if not isinstance(code, CodeType):
        raise EbpyError(f"{fn!r} is not a Python function (it has no code object to probe)")
    return code


def resolve(name: str) -> Any:
    """`module:qualname` to the object, importing the module (not `__main__`)."""
    module, sep, qualname = name.partition(":")
    if not sep or not module or not qualname:
        raise EbpyError(
            f"{name!r}: expected module:qualname (e.g. json.decoder:JSONDecoder.decode)"
        )
    try:
        obj: Any = importlib.import_module(module)
    except ImportError as e:
        raise EbpyError(f"{name}: cannot import {module}: {e}") from None
    for part in qualname.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise EbpyError(f"{name}: {module} has no {qualname}") from None
    return obj


class Probe:
    """A program attached to entry and return of `functions` while attached (a context manager)."""

    def __init__(
        self,
        program: str | Path | bytes | CollectionSpec,
        functions: Sequence[FunctionLike],
        *,
        engine: str = "interp",
        name: str | None = None,
        constants: Mapping[str, Any] | None = None,
        entries: Sequence[MapEntry] = (),
        verify: bool = True,
    ) -> None:
        if not functions:
            raise EbpyError("no functions to probe")
        table: list[ProbedFunction] = []
        self._by_name: dict[str, int] = {}  # "module:qualname" strings still to be seen
        for i, fn in enumerate(functions):
            if isinstance(fn, str):
                if fn.startswith("__main__:"):
                    table.append(ProbedFunction(i, fn, None))
                    self._by_name[fn] = i
                    continue
                fn = resolve(fn)
            table.append(ProbedFunction(i, function_name(fn), code_of(fn)))
        self.functions = table
        self._ids: dict[CodeType, int] = {f.code: f.id for f in table if f.code is not None}
        self._seen: dict[CodeType, int | None] = dict(self._ids)  # every code met, probed or not
        # On the JIT the task helpers read a native record of the thread's task, so the
        # program needs no Python during a run and the native profile function can run it.
        self._record: Any = None
        self._table: Any = None  # the threads' tasks for native code (a TaskTable)
        if engine == "jit":
            from ebpy.jit.hook_helpers import HookRecord, TaskTable

            self._record = HookRecord()
            self._table = TaskTable()
        self.hook: LoadedHook = load_hook(
            program,
            section=SECTION,
            ctx_size=CTX.size,
            engine=engine,
            program=name,
            constants=constants,
            entries=entries,
            verify=verify,
            hook_record=self._record,
        )
        self._events = 0
        self.error_count = 0
        self.errors: list[str] = []
        self._tasks: dict[int, Task] = {}
        self._env = self.hook.collection.env
        self._env.user_memory = None  # probe_read_user reads this process
        self._ctx = self.hook.bound.ctx
        self._run = self.hook.bound
        self._backend: _Backend | None = None
        self._native: Any = None  # the native handlers' NativeEvents while attached
        self._local = threading.local()  # per thread: (generation, thread id, task)
        self._lock = threading.RLock()
        self._generation = 0
        self._closed = False
        _PROBES.add(self)

    # ---- public ---------------------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        """The name table: function id -> module:qualname."""
        return [f.name for f in self.functions]

    @property
    def maps(self) -> dict[str, Any]:
        return dict(self.hook.collection.maps)

    @property
    def collection(self) -> Any:
        return self.hook.collection

    @property
    def attached(self) -> bool:
        return self._backend is not None

    @property
    def events(self) -> int:
        """Events the program ran for (on the Python path and natively)."""
        native = self._native
        return self._events + (native.events if native is not None else 0)

    @property
    def native(self) -> bool:
        """Whether events are handled by native code (see pyprobe_native)."""
        return isinstance(self._backend, (_NativeProfile, _NativeMonitoring))

    def attach(self) -> Probe:
        if self._closed:
            raise EbpyError("the probe is closed")
        if self._backend is None:
            backend: _Backend
            native = native_possible(self)
            if hasattr(sys, "monitoring"):
                backend = _NativeMonitoring(self) if native else _Monitoring(self)
            else:
                backend = _NativeProfile(self) if native else _Profile(self)
            backend.start()
            self._backend = backend
        return self

    def detach(self) -> None:
        if self._backend is not None:
            self._backend.stop()
            self._backend = None

    def close(self) -> None:
        self.detach()
        if not self._closed:
            self._closed = True
            self.hook.close()

    def __enter__(self) -> Probe:
        return self.attach()

    def __exit__(self, *exc: object) -> None:
        self.detach()

    # ---- events ---------------------------------------------------------------------------------
    def id_of(self, code: CodeType, frame: FrameType | None) -> int | None:
        """The function id of `code`, or None; strings are matched on first sight."""
        try:
            return self._seen[code]
        except KeyError:
            pass
        fid: int | None = None
        if self._by_name and frame is not None:
            module = frame.f_globals.get("__name__", "?")
            fid = self._by_name.get(f"{module}:{code.co_qualname}")
        self._seen[code] = fid
        if fid is not None:
            self._ids[code] = fid
        native = self._native
        if native is not None:
            native.table.add(code, fid)
            native.sync_table()
        return fid

    def fire(self, event: int, fid: int, frame: FrameType | None, value: Any, flags: int) -> None:
        """Run the program for one event (never raises into the application)."""
        args = _NO_ARGS
        nargs = 0
        if frame is not None:
            code = frame.f_code
            nargs = code.co_argcount
            if event == ENTRY and nargs:
                local = frame.f_locals  # a dict built on each access (3.11): only when needed
                args = [0] * MAX_ARGS
                for i, name in enumerate(code.co_varnames[: min(nargs, MAX_ARGS)]):
                    v = local.get(name)
                    if isinstance(v, int):
                        args[i] = v & M64
                        flags |= 1 << (8 + i)
        ret = 0
        if isinstance(value, int):
            ret = value & M64
            flags |= RET_INT
        try:  # this thread's id and task: gettid is a system call, so cached per thread
            generation, tid, task = self._local.thread
            if generation != self._generation:
                raise AttributeError
        except AttributeError:
            tid, task = self._new_thread()
        # One context buffer and one task for every thread: another thread's event must not
        # come between filling them and the run (the GIL can switch threads in between, and
        # an interpreted run is Python code). Python reports no events from inside a profile
        # or monitoring callback, so the lock is never taken twice by a thread; it is
        # reentrant all the same, so that a nested event could not hang the application.
        # Native handlers do not take the lock: they see the claim and send their events here.
        native = self._native
        with self._lock:
            if native is not None:
                native.claim()
            try:
                self._env.task = task
                _pack(self._ctx, 0, event, fid, monotonic_ns(), tid, *args, ret, nargs, flags)
                self._events += 1
                try:
                    self._run()
                except EbpyError as e:
                    self._failed(fid, e)
            finally:
                if native is not None:
                    native.release()

    def _new_thread(self) -> tuple[int, Task]:
        tid = get_native_id()
        task = self._tasks.get(tid)
        if task is None:
            task = self._tasks[tid] = _thread_task(tid)
            if self._table is not None:
                self._table.put(task)
        self._local.thread = (self._generation, tid, task)
        return tid, task

    def forget_threads(self) -> None:
        """In a forked child: this process's threads are new ones (a thread id the parent
        used for another thread may come again)."""
        self._generation += 1
        self._tasks.clear()
        # Threads of the parent that held the lock or the native claim do not exist here.
        self._lock = threading.RLock()
        if self._native is not None:
            self._native.release()
        if self._table is not None:
            self._table.clear()
            self._record.fields.pid = 0

    def _failed(self, fid: int, e: EbpyError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"{self.functions[fid].name}: {e}")

    def native_stopped(self) -> None:
        """A native handler ran the program and the run stopped early (the handler holds
        the context and run state meanwhile)."""
        fid = CTX.unpack_from(self._ctx)[1]
        try:
            self.hook.program.executable.after_native_stop()
        except EbpyError as e:
            self._failed(fid, e)


_NO_ARGS = [0] * MAX_ARGS
_pack = CTX.pack_into
get_native_id = threading.get_native_id
monotonic_ns = time.monotonic_ns
_PROBES: weakref.WeakSet[Probe] = weakref.WeakSet()


def _after_fork() -> None:
    for p in list(_PROBES):
        p.forget_threads()


os.register_at_fork(after_in_child=_after_fork)


def _thread_task(tid: int) -> Task:
    task = Task.current()
    try:
        with open(f"/proc/self/task/{tid}/comm", "rb") as f:
            task.comm = f.read().strip()[:15]
    except OSError:
        pass
    task.pid = tid
    return task


class _Backend:
    def __init__(self, probe: Probe) -> None:
        self.probe = probe

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class _Profile(_Backend):
    """sys.setprofile (Python 3.11): every call and return of the thread comes here."""

    def start(self) -> None:
        self._install(self.python_profile())

    def python_profile(self) -> Callable[[FrameType, str, Any], None]:
        """The profile function in Python. Threads keep it after detach (only the current
        thread's can be reset), so it checks that the probe is still attached."""
        probe = self.probe
        seen = probe._seen
        id_of = probe.id_of
        fire = probe.fire

        def profile(frame: FrameType, event: str, arg: Any) -> None:
            if event == "call":
                code = frame.f_code
                fid = seen[code] if code in seen else id_of(code, frame)
                if fid is not None and probe._backend is self:
                    fire(ENTRY, fid, frame, None, 0)
            elif event == "return":
                fid = seen.get(frame.f_code)
                if fid is not None and probe._backend is self:
                    # arg is None both for `return None` and for an exception leaving the frame
                    fire(RETURN, fid, frame, arg, 0)

        return profile

    def _install(self, profile: Any) -> None:
        self._previous = sys.getprofile()
        self._previous_threads = (
            threading.getprofile() if hasattr(threading, "getprofile") else None
        )
        self._profile = profile
        threading.setprofile(profile)
        sys.setprofile(profile)

    def stop(self) -> None:
        if sys.getprofile() is self._profile:
            sys.setprofile(self._previous)
        threading.setprofile(self._previous_threads)


class _NativeProfile(_Profile):
    """A native profile function (pyprobe_native, Python 3.11 with the JIT) handles the
    events it can and hands the others to the Python profile function, event for event."""

    def start(self) -> None:
        from ebpy.hooks.pyprobe_native import NativeProfile, profile_layout

        probe = self.probe
        native = NativeProfile(_native_target(probe, profile_layout()), self.python_profile())
        probe._native = native
        self._install(native.handle)  # threads started later get the handle (see there)
        native.start(bool(probe._by_name))

    def stop(self) -> None:
        _native_stop(self.probe)  # threads that still have it: every event returns at once
        super().stop()


def native_possible(probe: Probe) -> bool:
    """Whether native code can handle this probe's events: the JIT running the program
    without Python around it, and a frame layout verified on this interpreter."""
    if probe._record is None:
        return False
    from ebpy.hooks.pyprobe_native import monitoring_layout, profile_layout

    layout = monitoring_layout() if hasattr(sys, "monitoring") else profile_layout()
    return layout is not None and _native_entry(probe) is not None


def _native_entry(probe: Probe) -> tuple[int, int] | None:
    exe = probe.hook.program.executable
    native_entry = getattr(exe, "native_entry", None)
    return native_entry() if native_entry is not None else None


def _native_target(probe: Probe, layout: Any) -> Any:
    """What the native handlers work on, with a native copy of the probe's code table
    (every code object met so far)."""
    from ebpy.hooks.pyprobe_native import CodeTable, Target

    entry = _native_entry(probe)
    assert layout is not None and entry is not None  # native_possible said so
    table = CodeTable()
    for code, fid in list(probe._seen.items()):
        table.add(code, fid)
    bound = probe.hook.bound.address
    return Target(layout, entry, bound, probe._record, probe._table, table, probe.native_stopped)


def _native_stop(probe: Probe) -> None:
    native = probe._native
    if native is not None:
        native.stop()
        probe._events += native.events
        probe._native = None


class _Monitoring(_Backend):
    """sys.monitoring (Python 3.12+), mapped to the events a 3.11 profile function gets, so
    programs see the same events on both: entry is PY_START, PY_RESUME (a generator or
    coroutine resumed) and PY_THROW (an exception thrown into one); return is PY_RETURN,
    PY_YIELD (with the yielded value) and PY_UNWIND (an exception leaving the frame, flagged
    UNWIND). The local events are set on the probed code objects only; PY_THROW and PY_UNWIND
    exist only as global events and are filtered by code object."""

    NAME = "ebpy.probe"

    def start(self) -> None:
        mon: Any = sys.monitoring  # type: ignore[attr-defined]
        self.mon = mon
        self.disabled = False  # whether a callback returned DISABLE (see stop)
        tool = self.tool = _free_tool(mon, self.NAME)
        probe = self.probe
        ids = probe._ids
        id_of = probe.id_of
        fire = probe.fire
        by_name = bool(probe._by_name)
        disable = mon.DISABLE
        getframe = sys._getframe  # in a callback, frame 1 is the monitored function's
        ev = mon.events
        local = ev.PY_START | ev.PY_RESUME | ev.PY_RETURN | ev.PY_YIELD

        def unprobed() -> Any:
            # Never again for this code object and tool (until sys.monitoring.restart_events).
            self.disabled = True
            return disable

        def on_start(code: CodeType, offset: int) -> Any:
            fid = ids.get(code)
            if fid is None:
                if not by_name:
                    return unprobed()
                frame = getframe(1)
                fid = id_of(code, frame)
                if fid is None:
                    return unprobed()
                mon.set_local_events(tool, code, local)  # its resumptions and returns too
                fire(ENTRY, fid, frame, None, 0)
                return None
            fire(ENTRY, fid, getframe(1), None, 0)
            return None

        def on_resume(code: CodeType, offset: int) -> Any:
            fid = ids.get(code)
            if fid is None:
                return unprobed()
            fire(ENTRY, fid, getframe(1), None, 0)
            return None

        def on_throw(code: CodeType, offset: int, exc: BaseException) -> None:
            fid = ids.get(code)
            if fid is not None:
                fire(ENTRY, fid, getframe(1), None, 0)

        def on_return(code: CodeType, offset: int, value: Any) -> Any:
            fid = ids.get(code)
            if fid is None:
                return unprobed()
            fire(RETURN, fid, getframe(1), value, 0)
            return None

        def on_unwind(code: CodeType, offset: int, exc: BaseException) -> None:
            fid = ids.get(code)
            if fid is not None:
                fire(RETURN, fid, getframe(1), None, UNWIND)

        self.callbacks: dict[int, Callable[..., Any]] = {
            ev.PY_START: on_start,
            ev.PY_RESUME: on_resume,
            ev.PY_THROW: on_throw,
            ev.PY_RETURN: on_return,
            ev.PY_YIELD: on_return,
            ev.PY_UNWIND: on_unwind,
        }
        try:
            # DISABLE outlives the tool that returned it (free_tool_id keeps it on 3.12 and
            # 3.13): a probed function disabled under this tool id before would stay silent.
            # restart_events re-enables every tool's disabled events; tools that disabled
            # them get one more callback and disable them again.
            mon.restart_events()
            for event, callback in self.registered().items():
                mon.register_callback(tool, event, callback)
            # PY_THROW and PY_UNWIND exist only as global events; PY_START is global while
            # "module:qualname" names are still to be matched.
            mon.set_events(tool, ev.PY_THROW | ev.PY_UNWIND | (ev.PY_START if by_name else 0))
            for code in list(ids):
                mon.set_local_events(tool, code, local)
        except BaseException:
            self.stop()
            raise

    def registered(self) -> dict[int, Any]:
        """The callbacks to register for each event."""
        return self.callbacks

    def stop(self) -> None:
        mon, tool = self.mon, self.tool
        mon.set_events(tool, 0)
        for code in list(self.probe._ids):
            mon.set_local_events(tool, code, 0)
        for event in self.callbacks:
            mon.register_callback(tool, event, None)
        mon.free_tool_id(tool)
        if self.disabled:  # leave the tool id as we found it (see start)
            mon.restart_events()


class _NativeMonitoring(_Monitoring):
    """Native sys.monitoring callbacks (pyprobe_native, Python 3.12+ with the JIT) handle
    the events they can and hand the others to the Python callbacks, with the same
    arguments."""

    def registered(self) -> dict[int, Any]:
        from ebpy.hooks.pyprobe_native import Kind, NativeMonitoring, monitoring_layout

        probe = self.probe
        ev = self.mon.events
        kinds = {
            ev.PY_START: Kind.START,
            ev.PY_RESUME: Kind.RESUME,
            ev.PY_THROW: Kind.THROW,
            ev.PY_RETURN: Kind.RETURN,
            ev.PY_YIELD: Kind.RETURN,
            ev.PY_UNWIND: Kind.UNWIND,
        }
        native = NativeMonitoring(
            _native_target(probe, monitoring_layout()),
            {kind: self.callbacks[event] for event, kind in kinds.items()},
            self.mon.DISABLE,
        )
        probe._native = native
        native.start(bool(probe._by_name))
        return {event: native.callables[kind] for event, kind in kinds.items()}

    def stop(self) -> None:
        native = self.probe._native
        if native is not None and native.disabled:
            self.disabled = True
        _native_stop(self.probe)
        super().stop()


# Tool ids a profiler may take: PROFILER_ID first, then the unnamed ones (0 and 1 are the
# debugger's and coverage's, 5 the optimizer's, which is unused in CPython 3.12 and 3.13).
_TOOL_IDS = (2, 3, 4, 5)


def _free_tool(mon: Any, name: str) -> int:
    for tool in _TOOL_IDS:
        if mon.get_tool(tool) is None:
            mon.use_tool_id(tool, name)
            return tool
    used = ", ".join(f"{t}: {mon.get_tool(t)}" for t in _TOOL_IDS)
    raise EbpyError(f"every sys.monitoring tool id a probe may use is taken ({used})")


def probe(
    program: str | Path | bytes | CollectionSpec,
    functions: Sequence[FunctionLike],
    **options: Any,
) -> Probe:
    """A Probe of `program` on `functions`; attach it with `with` (or `.attach()`)."""
    return Probe(program, functions, **options)


def run_script(argv: Sequence[str]) -> int:
    """Run `script.py ARGS` or `-m module ARGS` as __main__ in this process; its exit status."""
    import runpy
    import traceback

    words = list(argv)
    if words and os.path.basename(words[0]).startswith("python"):
        words = words[1:]
    if not words:
        raise EbpyError("no script given (python script.py ARGS, or python -m module ARGS)")
    saved = sys.argv[:], sys.path[:]
    try:
        if words[0] == "-m":
            if len(words) < 2:
                raise EbpyError("-m needs a module name")
            sys.argv = [words[1], *words[2:]]
            runpy.run_module(words[1], run_name="__main__", alter_sys=True)
        else:
            script = words[0]
            if not os.path.isfile(script):
                raise EbpyError(f"{script}: no such script")
            sys.argv = list(words)
            sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
            runpy.run_path(script, run_name="__main__")
    except SystemExit as e:
        code = e.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code, file=sys.stderr)
        return 1
    except EbpyError:
        raise
    except BaseException:  # the script's own failure: its traceback, as python prints it
        traceback.print_exc()
        return 1
    finally:
        sys.argv, sys.path[:] = saved[0], saved[1]
    return 0
