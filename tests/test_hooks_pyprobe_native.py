"""The native event handlers of Python probes (ebpy.hooks.pyprobe_native, with the JIT: a
profile function on Python 3.11, sys.monitoring callbacks on 3.12+) see exactly the events,
arguments, return values and threads the Python path sees: a recording program keeps every
event's context, and the recordings are compared event by event with the Python path on the
JIT and with the interpreter. CI runs this file on 3.11 and 3.12."""

from __future__ import annotations

import contextlib
import json
import os
import struct
import sys
import threading
from dataclasses import replace
from enum import IntEnum
from pathlib import Path
from typing import Any

import pytest

from ebpy.hooks import pyprobe
from ebpy.hooks.pyprobe import Probe
from ebpy.hooks.pyprobe_layout import FrameLayout, _check, current_frame_found, frame_layout
from pyprobe_record import record_source

pytestmark = pytest.mark.skipif(
    frame_layout() is None, reason="the native handlers need CPython 3.11 to 3.13"
)
MONITORING = sys.version_info >= (3, 12)

N = 512
RECORD = record_source(N)
REC = struct.Struct("<IIQQ6QQIIQ")


class Color(IntEnum):
    RED = 5


def plain(a, b, c, d, e, f, g, h=8):
    return a


def kw(a, *rest, key=3, **more):
    return key


def captured(a, b):
    def inner():
        return a  # `a` is a cell: its events take the Python path

    return inner() + b


def gen(n):
    yield from range(n)  # each resumption is an entry, each yield a return with the value


def raises(x):
    raise ValueError(x)


def recurse(n):
    return 0 if n == 0 else 1 + recurse(n - 1)


def big(x):
    return x * 2**70


class K:
    def m(self, x):
        return x

    @staticmethod
    def s(x):
        return -x

    @classmethod
    def c(cls, x):
        return True


FUNCTIONS = [plain, kw, captured, gen, raises, recurse, big, K.m, K.s, K.c]


def workload() -> None:
    plain(1, -2, True, "s", 2**70, None, Color.RED, 9)
    plain(*range(8))
    kw(7, 1, 2, key=4, z=5)
    captured(3, 4)
    list(gen(3))
    with contextlib.suppress(ValueError):
        raises(11)
    recurse(3)
    big(-1)
    k = K()
    k.m(12)
    K.s(13)
    K.c(14)


@pytest.fixture(scope="module")
def recorder(compile_bpf: Any) -> Path:
    return compile_bpf(RECORD, "pyprobe_record")


def recorded(p: Probe) -> list[tuple[int, ...]]:
    """Every event's context and pid_tgid, in order."""
    count = int.from_bytes(p.maps["count"]._lookup(bytes(4)), "little")
    assert count <= N
    events = p.maps["events"]
    return [REC.unpack(events._lookup(i.to_bytes(4, "little"))) for i in range(count)]


def without_time(events: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    return [e[:2] + e[3:] for e in events]


def run(recorder: Path, engine: str, body: Any = workload, **options: Any) -> tuple[Probe, Any]:
    p = Probe(recorder, FUNCTIONS, engine=engine, **options)
    with p:
        native = p.native
        body()
        p.python_events = p._events  # type: ignore[attr-defined]  # before detach adds the rest
    return p, native


def python_path_only(monkeypatch: Any) -> None:
    monkeypatch.setattr(pyprobe, "native_possible", lambda probe: False)


def test_native_events_equal_the_python_path(recorder: Path, monkeypatch: Any) -> None:
    native, used = run(recorder, "jit")
    assert used
    python_path_only(monkeypatch)
    python_jit, used_jit = run(recorder, "jit")
    interp, used_interp = run(recorder, "interp")
    assert not used_jit and not used_interp
    ours = recorded(native)
    assert without_time(ours) == without_time(recorded(python_jit))
    assert without_time(ours) == without_time(recorded(interp))
    assert native.events == len(ours) == python_jit.events
    # On the Python path: the thread's first event (its task is new) and `captured` (a cell)
    assert native.python_events == 3  # type: ignore[attr-defined]
    times = [e[2] for e in ours]
    assert times == sorted(times)
    by_func = {}
    for e in ours:
        by_func.setdefault(e[1], []).append(e)
    first = by_func[0][0]  # plain(1, -2, True, "s", 2**70, None, Color.RED, 9)
    assert list(first[4:10]) == [1, 2**64 - 2, 1, 0, 0, 0] and first[11] == 8
    assert first[12] == (1 << 8) | (1 << 9) | (1 << 10) | (1 << 12)
    assert [e[10] for e in by_func[3] if e[0] == 1] == [0, 1, 2, 0]  # yields, then the end
    for p in (native, python_jit, interp):
        p.close()


def test_functions_named_before_they_exist(recorder: Path) -> None:
    ns: dict[str, Any] = {"__name__": "__main__"}
    exec("def late(x):\n    return x + 1\n", ns)
    with Probe(recorder, ["__main__:late"], engine="jit") as p:
        assert p.native
        ns["late"](5)
        ns["late"](6)
    events = recorded(p)
    assert [(e[0], e[4], e[10]) for e in events] == [(0, 5, 0), (1, 0, 6), (0, 6, 0), (1, 0, 7)]
    p.close()


def test_threads_and_a_profiler_set_again(recorder: Path) -> None:
    """Threads started after attach report natively with their own ids and tasks; on 3.11
    the probe's handle set again as a profiler switches back to the native function."""
    seen: dict[str, int] = {}

    def thread_body(name: str) -> None:
        seen[name] = threading.get_native_id()
        for i in range(3):
            plain(i, 0, 0, 0, 0, 0, 0)

    with Probe(recorder, FUNCTIONS, engine="jit") as p:
        assert p.native
        threads = [threading.Thread(target=thread_body, args=(f"t{i}",)) for i in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if not MONITORING:
            saved = sys.getprofile()  # the probe's handle
            sys.setprofile(None)
            plain(100, 0, 0, 0, 0, 0, 0)  # no profiler: not seen
            sys.setprofile(saved)  # set again as a Python-level profiler: switches back
        plain(101, 0, 0, 0, 0, 0, 0)
        plain(102, 0, 0, 0, 0, 0, 0)
    events = recorded(p)
    per_thread: dict[int, list[int]] = {}
    for e in events:
        if e[0] == 0:
            per_thread.setdefault(e[3], []).append(e[4])
            assert e[13] & 0xFFFFFFFF == e[3]  # bpf_get_current_pid_tgid of that thread
    for name in ("t0", "t1", "t2"):
        assert per_thread[seen[name]] == [0, 1, 2]
    assert per_thread[threading.get_native_id()] == [101, 102]
    p.close()


def test_threads_that_keep_the_profiler_after_detach(recorder: Path) -> None:
    called, go, done = threading.Event(), threading.Event(), threading.Event()

    def worker() -> None:
        plain(1, 0, 0, 0, 0, 0, 0)
        called.set()
        go.wait()
        plain(2, 0, 0, 0, 0, 0, 0)  # the probe is closed by now
        done.set()

    p = Probe(recorder, FUNCTIONS, engine="jit")
    with p:
        thread = threading.Thread(target=worker)
        thread.start()
        assert called.wait(30)
    assert len(recorded(p)) == 2
    p.close()
    go.set()
    assert done.wait(30)
    thread.join()
    assert p.events == 2


def test_the_frame_layout_is_checked_against_live_frames() -> None:
    layout = frame_layout()
    assert layout is not None

    def sample(a: Any, b: Any, c: Any, layout: FrameLayout) -> bool:
        return _check(layout, sys._getframe(), (a, b, c))

    assert sample(1, "two", None, layout)
    wrong = FrameLayout(layout.ob_type, layout.f_frame, layout.f_code, layout.frame_obj, 80)
    assert not sample(1, "two", None, wrong)
    # 3.12+: the thread state leads to the running frame; the word after it does not
    assert bool(layout.current_frame) == MONITORING
    if MONITORING:
        assert current_frame_found(layout)
        *path, last = layout.current_frame
        assert not current_frame_found(replace(layout, current_frame=(*path, last + 8)))


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize("native", [True, False])
def test_a_forked_child_reports_itself(recorder: Path, monkeypatch: Any, native: bool) -> None:
    """After fork the child's threads are new: its events carry its own ids, not the
    parent's cached ones (on the native and the Python path)."""
    if not native:
        python_path_only(monkeypatch)
    with Probe(recorder, FUNCTIONS, engine="jit") as p:
        assert p.native == native
        plain(1, 0, 0, 0, 0, 0, 0)  # the parent's thread, cached
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - reported through the pipe
            try:
                plain(2, 0, 0, 0, 0, 0, 0)
                entry = recorded(p)[-2]
                os.write(w, json.dumps([entry[4], entry[3], entry[13], os.getpid()]).encode())
            finally:
                os._exit(0)
        os.close(w)
        data = os.read(r, 1000)
        os.close(r)
        os.waitpid(pid, 0)
    p.close()
    arg, tid, pid_tgid, child = json.loads(data)
    assert arg == 2 and tid == child and pid_tgid == (child << 32) | child


def test_python_path_and_native_runs_in_threads_never_share_a_context(compile_bpf: Any) -> None:
    """Threads run the program at once, natively (`mine`) and on the Python path (`celled`,
    whose argument is a cell): the GIL switches threads very often here, also between the
    Python path's filling of the context and its run; a native event meanwhile must wait (it
    goes to the Python path), or the run would see another thread's context."""
    obj = compile_bpf(
        """
#include <ebpy/pyprobe.h>
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } tally SEC(".maps");
char _license[] SEC("license") = "GPL";
SEC("pyprobe") int check(struct pyprobe_ctx *ctx)
{
    __u64 a = *(volatile __u64 *)&ctx->args[0], r = *(volatile __u64 *)&ctx->ret;
    __u64 tid = ctx->tid, arg = ctx->event == PYPROBE_ENTRY ? a : r;
    __u32 k = arg == tid && (__u32)bpf_get_current_pid_tgid() == tid ? 0 : 1;
    __u64 *v = bpf_map_lookup_elem(&tally, &k);
    if (v) __sync_fetch_and_add(v, 1);
    return 0;
}
""",
        "pyprobe_native_threads",
    )

    def mine(tid: int) -> int:
        return tid

    def celled(tid: int) -> int:
        return (lambda: tid)()

    calls = 300

    def worker() -> None:
        tid = threading.get_native_id()
        for _ in range(calls):
            mine(tid)
            celled(tid)

    interval = sys.getswitchinterval()
    with Probe(obj, [mine, celled], engine="jit") as p:
        assert p.native
        threads = [threading.Thread(target=worker) for _ in range(4)]
        sys.setswitchinterval(1e-6)
        try:
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            sys.setswitchinterval(interval)
        python_events = p._events
    assert p.maps["tally"][1] == 0 and p.maps["tally"][0] == 4 * 4 * calls
    assert 4 * 2 * calls <= python_events < p.events  # `celled`'s on Python, `mine`'s natively
    p.close()


def test_a_native_event_waits_while_the_context_is_held(recorder: Path) -> None:
    """The protocol behind the test above, step by step: the Python path holds the context
    during its run; while it is held, another thread's event goes to the Python path and
    waits there until it is given back."""
    tid = threading.get_native_id()
    with Probe(recorder, FUNCTIONS, engine="jit") as p:
        plain(1, 0, 0, 0, 0, 0, 0)  # this thread's first event, on the Python path
        native = p._native
        busy_in_run: list[int] = []
        run = p._run

        def watched() -> Any:
            busy_in_run.append(native.state.busy)
            return run()

        p._run = watched
        captured(2, 3)  # Python path: held during the run, given back after
        assert busy_in_run == [1, 1] and native.state.busy == 0
        plain(4, 0, 0, 0, 0, 0, 0)  # native: the Python path's run is not called
        assert busy_in_run == [1, 1] and native.events == 3  # plain(1)'s return too

        ready, go, waiting = threading.Event(), threading.Event(), threading.Event()

        def work() -> None:
            plain(5, 0, 0, 0, 0, 0, 0)  # its first event: its task is known from now on
            ready.set()
            go.wait()
            plain(6, 0, 0, 0, 0, 0, 0)

        worker = threading.Thread(target=work)
        worker.start()
        assert ready.wait(30)
        native.state.busy = 1  # as while another thread's Python-path run holds it
        claim = native.claim

        def claiming() -> None:
            waiting.set()
            claim()

        native.claim = claiming
        before = native.events
        go.set()
        assert waiting.wait(30)  # its entry went to the Python path, which waits
        assert native.events == before and len(recorded(p)) == 8
        native.state.busy = 0
        worker.join()
    events = recorded(p)
    assert [(e[0], e[4]) for e in events if e[3] != tid] == [(0, 5), (1, 0), (0, 6), (1, 0)]
    assert [(e[0], e[4]) for e in events if e[3] == tid] == [(0, 1), (1, 0), (0, 2), (1, 0),
                                                              (0, 4), (1, 0)]  # fmt: skip
    p.close()


# ---- sys.monitoring (3.12+) ----------------------------------------------------------------------
@pytest.fixture
def mon() -> Any:
    if not MONITORING:
        pytest.skip("sys.monitoring is Python 3.12+")
    return sys.monitoring  # type: ignore[attr-defined]


def work(n: int) -> int:
    return n


def other(n: int) -> int:
    return -n


def test_native_callbacks_are_registered_and_given_back(recorder: Path, mon: Any) -> None:
    ev = mon.events
    kinds = {"START": ev.PY_START, "RESUME": ev.PY_RESUME, "THROW": ev.PY_THROW,
             "RETURN": ev.PY_RETURN | ev.PY_YIELD, "UNWIND": ev.PY_UNWIND}  # fmt: skip
    profiler = sys.getprofile()
    with Probe(recorder, [work], engine="jit") as p:
        assert p.native
        tool = next(t for t in range(6) if mon.get_tool(t) == "ebpy.probe")
        for name, events in kinds.items():
            for event in (1 << i for i in range(events.bit_length()) if events >> i & 1):
                callback = mon.register_callback(tool, event, None)
                mon.register_callback(tool, event, callback)
                assert type(callback).__name__ == "builtin_function_or_method"
                assert callback.__name__ == name
        start = mon.register_callback(tool, ev.PY_START, None)
        mon.register_callback(tool, ev.PY_START, start)
        # Called by hand: too few arguments go to the Python callback, which refuses them;
        # a code object that is not the running frame's too (here: not probed, DISABLE).
        with pytest.raises(TypeError):
            start()
        assert start(other.__code__, 0) is mon.DISABLE
        work(3)
    assert [e[4] for e in recorded(p) if e[0] == 0] == [3]
    assert mon.get_tool(tool) is None and sys.getprofile() is profiler
    assert mon.get_events(tool) == 0 and mon.get_local_events(tool, work.__code__) == 0
    for events in kinds.values():
        for event in (1 << i for i in range(events.bit_length()) if events >> i & 1):
            assert mon.register_callback(tool, event, None) is None
    p.close()


def test_code_not_probed_is_disabled_natively(recorder: Path, mon: Any, monkeypatch: Any) -> None:
    looked_up: list[str] = []
    id_of = Probe.id_of

    def counting(self: Probe, code: Any, frame: Any) -> int | None:
        looked_up.append(code.co_name)
        return id_of(self, code, frame)

    monkeypatch.setattr(Probe, "id_of", counting)
    p = Probe(recorder, ["__main__:not_defined_anywhere"], engine="jit")
    with p:
        assert p.native
        for i in range(3):
            other(i)  # looked up by name once (Python path), then disabled
        assert not p._native.disabled
    with p:  # attached again: `other` is known not probed, PY_START reports it once more
        for i in range(3):
            other(i)
        assert p._native.disabled  # the native callback disabled it
    assert looked_up.count("other") == 1 and recorded(p) == []
    p.close()
    with Probe(recorder, [other], engine="jit") as p:  # the same tool id: `other` reports again
        other(3)
    assert [(e[0], e[1], e[4], e[10]) for e in recorded(p)] == [(0, 0, 3, 0), (1, 0, 0, 2**64 - 3)]
    p.close()


def test_threads_running_before_attach_report_natively(recorder: Path, mon: Any) -> None:
    go, done = threading.Event(), threading.Event()
    tids: list[int] = []

    def worker() -> None:
        tids.append(threading.get_native_id())
        go.wait()
        for i in range(3):
            plain(i, 0, 0, 0, 0, 0, 0)
        done.set()

    thread = threading.Thread(target=worker)
    thread.start()
    with Probe(recorder, FUNCTIONS, engine="jit") as p:
        go.set()
        assert done.wait(30)
        python_events = p._events
    thread.join()
    events = recorded(p)
    assert [(e[0], e[4]) for e in events] == [(0, 0), (1, 0), (0, 1), (1, 0), (0, 2), (1, 0)]
    assert {e[3] for e in events} == set(tids) and {e[13] & 0xFFFFFFFF for e in events} == set(tids)
    assert python_events == 1  # the thread's first event: its task was new
    p.close()
