"""Python probes mean the same on Python 3.11 (profile functions) and 3.12+ (sys.monitoring).

The event stream of a deterministic workload (plain calls, keyword and captured arguments,
generators delegating, closed and thrown into, exceptions, coroutines, recursion, methods) is
pinned here as literal data, so that the maps a recording program fills are the same on every
Python the suite runs on (CI runs this file on 3.11 and 3.12). The one difference is written
out: an exception leaving a function is flagged PYPROBE_UNWIND on 3.12+ only.

Then what only sys.monitoring has (tool ids taken and given back, DISABLE for code not probed,
other tools and profilers left alone) and what the two share (threads, one context at a time).
"""

from __future__ import annotations

import contextlib
import os
import struct
import sys
import threading
from enum import IntEnum
from pathlib import Path
from typing import Any

import pytest

from ebpy.errors import EbpyError
from ebpy.hooks import pyprobe
from ebpy.hooks.pyprobe import RET_INT, UNWIND, Probe
from pyprobe_record import record_source

ENGINES = ["interp", "jit"]
MONITORING = sys.version_info >= (3, 12)

N = 256
RECORD = record_source(N)
REC = struct.Struct("<IIQQ6QqIIQ")


class Color(IntEnum):
    RED = 5


def plain(a, b, c, d, e, f, g, h=8):
    return a


def kw(a, *rest, key=3, **more):
    return key


def captured(a, b):
    def inner():
        return a  # `a` lives in a cell

    return inner() + b


def delegate(n):
    got = yield from counted(n)
    return got


def counted(n):
    yield from range(n)
    return n * 10


def raises(x):
    raise ValueError(x)


def catches(x):
    try:
        raises(x)
    except ValueError:
        return -x


def suspended():
    try:
        yield 1
        yield 2
    finally:
        pass


def thrown():
    try:
        yield 1
    except KeyError:
        yield 5


async def answer(n):
    return n


async def awaits(n):
    return await answer(n) + 1


def recurse(n):
    return 0 if n == 0 else 1 + recurse(n - 1)


class K:
    def m(self, x):
        return x

    @staticmethod
    def s(x):
        return -x

    @classmethod
    def c(cls, x):
        return True


FUNCTIONS = [plain, kw, captured, delegate, counted, raises, catches, suspended, thrown,
             answer, awaits, recurse, K.m, K.s, K.c]  # fmt: skip
NAMES = [f.__name__ for f in FUNCTIONS]


def workload() -> None:
    plain(1, -2, True, "s", 2**70, None, Color.RED, 9)
    kw(7, 1, 2, key=4, z=5)
    captured(3, 4)
    assert list(delegate(2)) == [0, 1]
    catches(6)
    with contextlib.suppress(ValueError):
        raises(11)
    g = suspended()
    next(g)
    g.close()  # GeneratorExit thrown in at the yield
    g = thrown()
    next(g)
    assert g.throw(KeyError()) == 5  # caught: yields again
    g.close()
    g = thrown()
    next(g)
    with contextlib.suppress(ValueError):
        g.throw(ValueError(1))  # not caught
    c = awaits(4)
    with contextlib.suppress(StopIteration):
        c.send(None)
    recurse(2)
    K().m(12)
    K.s(13)
    K.c(14)


# What a probe reports for workload(), on every Python and engine: ("entry", function,
# integer arguments (None: not an int), nargs) and ("return", function, integer return value
# or None). An exception leaving a function is "unwind" on 3.12+, a plain return on 3.11.
UNWOUND = "unwind" if MONITORING else "return"
EXPECTED: list[tuple[Any, ...]] = [
    ("entry", "plain", (1, -2, 1, None, 0, None), 8),  # 2**70 wraps to 0; only six arguments
    ("return", "plain", 1),
    ("entry", "kw", (7,), 1),
    ("return", "kw", 4),
    ("entry", "captured", (3, 4), 2),  # the cell's content
    ("return", "captured", 7),
    # a generator: each resumption is an entry, each yield a return with the value
    ("entry", "delegate", (2,), 1),
    ("entry", "counted", (2,), 1),
    ("return", "counted", 0),
    ("return", "delegate", 0),
    ("entry", "delegate", (2,), 1),
    ("entry", "counted", (2,), 1),
    ("return", "counted", 1),
    ("return", "delegate", 1),
    ("entry", "delegate", (2,), 1),
    ("entry", "counted", (2,), 1),
    ("return", "counted", 20),
    ("return", "delegate", 20),
    ("entry", "catches", (6,), 1),
    ("entry", "raises", (6,), 1),
    (UNWOUND, "raises", None),
    ("return", "catches", -6),
    ("entry", "raises", (11,), 1),
    (UNWOUND, "raises", None),
    ("entry", "suspended", (), 0),
    ("return", "suspended", 1),
    ("entry", "suspended", (), 0),  # close(): GeneratorExit thrown in
    (UNWOUND, "suspended", None),
    ("entry", "thrown", (), 0),
    ("return", "thrown", 1),
    ("entry", "thrown", (), 0),  # throw(KeyError()), caught
    ("return", "thrown", 5),
    ("entry", "thrown", (), 0),  # close()
    (UNWOUND, "thrown", None),
    ("entry", "thrown", (), 0),
    ("return", "thrown", 1),
    ("entry", "thrown", (), 0),  # throw(ValueError(1)), not caught
    (UNWOUND, "thrown", None),
    ("entry", "awaits", (4,), 1),
    ("entry", "answer", (4,), 1),
    ("return", "answer", 4),
    ("return", "awaits", 5),
    ("entry", "recurse", (2,), 1),
    ("entry", "recurse", (1,), 1),
    ("entry", "recurse", (0,), 1),
    ("return", "recurse", 0),
    ("return", "recurse", 1),
    ("return", "recurse", 2),
    ("entry", "m", (None, 12), 2),
    ("return", "m", 12),
    ("entry", "s", (13,), 1),
    ("return", "s", -13),
    ("entry", "c", (None, 14), 2),  # cls
    ("return", "c", 1),  # True is an int
]


@pytest.fixture(scope="module")
def recorder(compile_bpf: Any) -> Path:
    return compile_bpf(RECORD, "pyprobe_versions_record")


def recorded(p: Probe) -> list[tuple[int, ...]]:
    """Every event's context and pid_tgid, in order, as the program stored them."""
    count = int.from_bytes(p.maps["count"]._lookup(bytes(4)), "little")
    assert count <= N
    events = p.maps["events"]
    return [REC.unpack(events._lookup(i.to_bytes(4, "little"))) for i in range(count)]


def signed(v: int) -> int:
    return v - (1 << 64) if v >> 63 else v


def readable(e: tuple[int, ...], names: list[str]) -> tuple[Any, ...]:
    """One recorded context in EXPECTED's terms; checks the fields that must be zero."""
    event, fid, _ts, _tid, *rest = e
    args, ret, nargs, flags = rest[:6], rest[6], rest[7], rest[8]
    name = names[fid]
    if event == 0:
        assert flags & 0xFF == 0 and ret == 0, e
        ints = tuple(
            signed(args[i]) if flags & (1 << (8 + i)) else None for i in range(min(nargs, 6))
        )
        assert all(a == 0 for i, a in enumerate(args) if not flags & (1 << (8 + i))), e
        return ("entry", name, ints, nargs)
    assert event == 1 and flags & ~(RET_INT | UNWIND) == 0 and args == [0] * 6, e
    if flags & UNWIND:
        assert ret == 0 and not flags & RET_INT, e
        return ("unwind", name, None)
    return ("return", name, ret if flags & RET_INT else None)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_same_workload_gives_the_same_maps_on_every_python(recorder: Path, engine: str) -> None:
    p = Probe(recorder, FUNCTIONS, engine=engine)
    tid = threading.get_native_id()
    with p:
        t0 = pyprobe.monotonic_ns()
        workload()
        t1 = pyprobe.monotonic_ns()
    events = recorded(p)
    p.close()
    assert [readable(e, NAMES) for e in events] == EXPECTED
    assert p.events == len(EXPECTED) and not p.errors
    times = [e[2] for e in events]
    assert times == sorted(times) and t0 <= times[0] and times[-1] <= t1
    assert {(e[3], e[-1]) for e in events} == {(tid, (os.getpid() << 32) | tid)}


def test_a_function_named_before_it_exists(recorder: Path) -> None:
    ns: dict[str, Any] = {"__name__": "__main__"}
    exec("def late(x):\n    return x + 1\ndef other(x):\n    return x\n", ns)
    with Probe(recorder, ["__main__:late"], engine="jit") as p:
        for i in range(3):
            ns["other"](i)  # not probed
        ns["late"](5)
        ns["late"](6)
    assert [readable(e, ["late"]) for e in recorded(p)] == [
        ("entry", "late", (5,), 1),
        ("return", "late", 6),
        ("entry", "late", (6,), 1),
        ("return", "late", 7),
    ]
    p.close()


def test_threads_started_after_attach_and_one_context_at_a_time(compile_bpf: Any) -> None:
    """Threads fire concurrently; each run sees its own event's context and task (the GIL
    switches threads often here, also between filling the context and the run)."""
    obj = compile_bpf(
        """
#include <ebpy/pyprobe.h>
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } tally SEC(".maps");
char _license[] SEC("license") = "GPL";
SEC("pyprobe") int check(struct pyprobe_ctx *ctx)
{
    if (ctx->event != PYPROBE_ENTRY) return 0;
    __u64 arg = ctx->args[0], tid = ctx->tid;
    __u32 k = 0;
    __u64 *v;
#pragma unroll
    for (int i = 0; i < 8; i++) {  /* time for other threads to come in between */
        v = bpf_map_lookup_elem(&tally, &k);
        if (v) k = *v & 0;
    }
    k = arg == tid && ctx->args[0] == tid && ctx->tid == tid && (__u32)bpf_get_current_pid_tgid() == tid ? 0 : 1;
    v = bpf_map_lookup_elem(&tally, &k);
    if (v) __sync_fetch_and_add(v, 1);
    return 0;
}
""",
        "pyprobe_versions_threads",
    )

    def mine(tid: int) -> int:
        return tid

    calls = 150

    def worker() -> None:
        tid = threading.get_native_id()
        for _ in range(calls):
            mine(tid)

    interval = sys.getswitchinterval()
    with Probe(obj, [mine], engine="interp") as p:
        threads = [threading.Thread(target=worker) for _ in range(3)]
        sys.setswitchinterval(1e-6)
        try:
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            sys.setswitchinterval(interval)
    assert p.maps["tally"][0] == 3 * calls and p.maps["tally"][1] == 0
    p.close()


def test_a_thread_running_before_attach(recorder: Path) -> None:
    """sys.monitoring reaches every thread; a 3.11 profile function only threads started
    after attach (and the one that attached)."""
    go, done = threading.Event(), threading.Event()

    def worker() -> None:
        go.wait()
        recurse(0)
        done.set()

    thread = threading.Thread(target=worker)
    thread.start()
    with Probe(recorder, FUNCTIONS, engine="jit") as p:
        go.set()
        assert done.wait(30)
    thread.join()
    expected = [("entry", "recurse", (0,), 1), ("return", "recurse", 0)] if MONITORING else []
    assert [readable(e, NAMES) for e in recorded(p)] == expected
    p.close()


def test_no_events_from_inside_the_probe(recorder: Path) -> None:
    """Functions the probe itself calls while handling an event report nothing (Python
    reports no events inside profile and monitoring callbacks)."""
    seen: list[int] = []

    def target(x: int) -> int:
        return x

    def in_thread() -> None:  # a new thread: the probe calls _thread_task for it
        seen.append(target(1))

    with Probe(recorder, [target, pyprobe._thread_task], engine="interp") as p:
        t = threading.Thread(target=in_thread)
        t.start()
        t.join()
    assert [readable(e, ["target", "_thread_task"]) for e in recorded(p)] == [
        ("entry", "target", (1,), 1),
        ("return", "target", 1),
    ]
    p.close()


# ---- sys.monitoring only ------------------------------------------------------------------------
def work(n: int) -> int:
    return n


def other(n: int) -> int:
    return -n


@pytest.fixture
def mon() -> Any:
    if not MONITORING:
        pytest.skip("sys.monitoring is Python 3.12+")
    return sys.monitoring  # type: ignore[attr-defined]


def tools(mon: Any) -> dict[int, str]:
    return {t: mon.get_tool(t) for t in range(6) if mon.get_tool(t) is not None}


def test_tool_ids_are_taken_and_given_back(recorder: Path, mon: Any) -> None:
    before = tools(mon)
    mon.use_tool_id(mon.PROFILER_ID, "someone else")
    try:
        a = Probe(recorder, [work])
        b = Probe(recorder, [work])
        with a, b:  # both attached at once, on two tools
            used = tools(mon)
            assert sorted(t for t, n in used.items() if n == "ebpy.probe") == [3, 4]
            work(1)
        assert tools(mon) == {**before, mon.PROFILER_ID: "someone else"}
        assert len(recorded(a)) == len(recorded(b)) == 2
        for t in (3, 4):
            assert mon.get_events(t) == 0 and mon.get_local_events(t, work.__code__) == 0
        a.close()
        b.close()
        for t in (3, 4, 5):
            mon.use_tool_id(t, "taken")
        p = Probe(recorder, [work])
        with pytest.raises(EbpyError, match=r"every sys\.monitoring tool id"):
            p.attach()
        assert not p.attached
        mon.free_tool_id(4)
        with p:
            work(2)
        assert len(recorded(p)) == 2 and mon.get_tool(4) is None
        p.close()
    finally:
        for t in (mon.PROFILER_ID, 3, 4, 5):
            if mon.get_tool(t) in ("someone else", "taken"):
                mon.free_tool_id(t)
    assert tools(mon) == before


def test_code_not_probed_is_disabled_and_enabled_again_for_the_next_probe(
    recorder: Path, mon: Any, monkeypatch: Any
) -> None:
    looked_up: list[str] = []
    id_of = Probe.id_of

    def counting(self: Probe, code: Any, frame: Any) -> int | None:
        looked_up.append(code.co_name)
        return id_of(self, code, frame)

    monkeypatch.setattr(Probe, "id_of", counting)
    with Probe(recorder, ["__main__:not_defined_anywhere"]) as p:
        for i in range(5):
            other(i)
    assert looked_up.count("other") == 1  # then DISABLE: PY_START no longer reaches us
    p.close()
    with Probe(recorder, [other]) as p:  # the same tool id: `other` reports again
        other(3)
    assert [readable(e, ["other"]) for e in recorded(p)] == [
        ("entry", "other", (3,), 1),
        ("return", "other", -3),
    ]
    p.close()


def test_events_disabled_by_a_tool_before_us_are_enabled_again(recorder: Path, mon: Any) -> None:
    tool = mon.PROFILER_ID
    assert mon.get_tool(tool) is None
    mon.use_tool_id(tool, "earlier tool")
    mon.register_callback(tool, mon.events.PY_START, lambda code, offset: mon.DISABLE)
    mon.set_local_events(tool, work.__code__, mon.events.PY_START)
    work(0)  # disabled for this tool id from now on, even after it is freed
    mon.set_local_events(tool, work.__code__, 0)
    mon.register_callback(tool, mon.events.PY_START, None)
    mon.free_tool_id(tool)
    with Probe(recorder, [work]) as p:
        work(5)
    assert [readable(e, ["work"]) for e in recorded(p)] == [
        ("entry", "work", (5,), 1),
        ("return", "work", 5),
    ]
    p.close()


def test_a_profiler_keeps_running_beside_the_probe(recorder: Path, mon: Any) -> None:
    calls: list[str] = []

    def mine(frame: Any, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code is work.__code__:
            calls.append(event)

    sys.setprofile(mine)
    try:
        with Probe(recorder, [work]) as p:
            assert sys.getprofile() is mine
            work(1)
        assert sys.getprofile() is mine
        work(2)
    finally:
        sys.setprofile(None)
    assert calls == ["call", "call"] and len(recorded(p)) == 2
    p.close()
