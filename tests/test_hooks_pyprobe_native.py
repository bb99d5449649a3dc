"""The native profile function of Python probes (ebpy.hooks.pyprobe_native, Python 3.11 with
the JIT) sees exactly the events, arguments, return values and threads the Python path sees:
a recording program keeps every event's context, and the recordings are compared event by
event with the Python path on the JIT and with the interpreter."""

from __future__ import annotations

import contextlib
import json
import os
import struct
import sys
import threading
from enum import IntEnum
from pathlib import Path
from typing import Any

import pytest

from ebpy.hooks import pyprobe
from ebpy.hooks.pyprobe import Probe
from ebpy.hooks.pyprobe_native import FrameLayout, _check, frame_layout

pytestmark = pytest.mark.skipif(
    frame_layout() is None, reason="the native profile function needs CPython 3.11"
)

N = 512
RECORD = f"""
#include <ebpy/pyprobe.h>
struct rec {{ struct pyprobe_ctx ctx; __u64 pid_tgid; }};
struct {{ __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, {N}); __type(key, __u32); __type(value, struct rec); }} events SEC(".maps");
struct {{ __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); }} count SEC(".maps");
char _license[] SEC("license") = "GPL";
SEC("pyprobe") int record(struct pyprobe_ctx *ctx)
{{
    __u32 z = 0;
    __u64 *n = bpf_map_lookup_elem(&count, &z);
    if (!n) return 0;
    __u32 i = *n;
    *n += 1;
    struct rec *r = bpf_map_lookup_elem(&events, &i);
    if (!r) return 0;
    __builtin_memcpy(&r->ctx, ctx, sizeof(*ctx));
    r->pid_tgid = bpf_get_current_pid_tgid();
    return 0;
}}
"""
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
    return p, native


def test_native_events_equal_the_python_path(recorder: Path, monkeypatch: Any) -> None:
    native, used = run(recorder, "jit")
    assert used
    monkeypatch.setattr(pyprobe._NativeProfile, "possible", staticmethod(lambda probe: False))
    python_jit, used_jit = run(recorder, "jit")
    interp, used_interp = run(recorder, "interp")
    assert not used_jit and not used_interp
    ours = recorded(native)
    assert without_time(ours) == without_time(recorded(python_jit))
    assert without_time(ours) == without_time(recorded(interp))
    assert native.events == len(ours) == python_jit.events
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


@pytest.mark.parametrize("native", [True, False])
def test_a_forked_child_reports_itself(recorder: Path, monkeypatch: Any, native: bool) -> None:
    """After fork the child's threads are new: its events carry its own ids, not the
    parent's cached ones (on the native and the Python path)."""
    if not native:
        monkeypatch.setattr(pyprobe._NativeProfile, "possible", staticmethod(lambda probe: False))
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
