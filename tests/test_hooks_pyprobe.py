"""Python function probes: real functions called, counted and timed by eBPF programs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import ebpy
from ebpy.errors import EbpyError
from ebpy.hooks.pyprobe import ENTRY, RET_INT, RETURN, Probe

ROOT = Path(__file__).resolve().parent.parent
LATENCY = str(ROOT / "examples" / "pyprobe" / "latency.o")
ENGINES = ["interp", "jit"]

LAST_EVENT = """
#include <ebpy/pyprobe.h>
struct seen { struct pyprobe_ctx ctx; __u64 pid_tgid; __u64 entries; __u64 returns; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, struct seen); } last SEC(".maps");
char _license[] SEC("license") = "GPL";
SEC("pyprobe") int record(struct pyprobe_ctx *ctx)
{
    __u32 k = ctx->event == PYPROBE_ENTRY ? 0 : 1;
    struct seen *s = bpf_map_lookup_elem(&last, &k);
    if (!s) return 0;
    __builtin_memcpy(&s->ctx, ctx, sizeof(*ctx));
    s->pid_tgid = bpf_get_current_pid_tgid();
    if (k == 0) s->entries++; else s->returns++;
    return 0;
}
"""


def work(n: int) -> int:
    return sum(range(n))


def nap(ms: int) -> str:
    time.sleep(ms / 1000)
    return "slept"


def args6(a, b, c, d, e, f, g=7):
    return a


def fails(x: int) -> int:
    raise ValueError(x)


class Widget:
    def method(self, x: int) -> int:
        return x * 2


@pytest.mark.parametrize("engine", ENGINES)
def test_counts_calls_and_latency_of_real_functions(engine: str) -> None:
    with ebpy.probe(LATENCY, functions=[work, nap], engine=engine) as p:
        for i in range(200):
            work(i)
        for _ in range(3):
            nap(2)
    calls = {k["func_id"]: v for k, v in p.maps["calls"].items()}
    hist = {(k["func_id"], k["slot"]): v for k, v in p.maps["latency_ns"].items()}
    p.close()
    assert calls == {0: 200, 1: 3}
    assert sum(v for (f, _), v in hist.items() if f == 0) == 200
    nap_slots = [s for (f, s), v in hist.items() if f == 1 for _ in range(v)]
    assert len(nap_slots) == 3
    assert all(s >= 20 for s in nap_slots)  # 2 ms >= 2^20 ns
    assert p.names == [f"{__name__}:work", f"{__name__}:nap"]
    assert p.events == 2 * 203 and not p.errors


@pytest.mark.parametrize("engine", ENGINES)
def test_program_sees_arguments_return_values_and_threads(engine: str, compile_bpf) -> None:
    obj = compile_bpf(LAST_EVENT, "pyprobe_last")
    w = Widget()
    with Probe(obj, [args6, w.method, fails], engine=engine) as p:
        t0 = time.monotonic_ns()
        args6(5, -3, True, "text", 2**70, None)
        entry, ret = p.maps["last"][0], p.maps["last"][1]
        assert entry["ctx"]["event"] == ENTRY and ret["ctx"]["event"] == RETURN
        assert entry["ctx"]["func_id"] == 0
        assert entry["ctx"]["args"] == [5, -3, 1, 0, 0, 0]  # 2**70 wraps to 0
        flags = entry["ctx"]["flags"]
        assert flags == (1 << 8) | (1 << 9) | (1 << 10) | (1 << 12)  # the int arguments
        assert entry["ctx"]["nargs"] == 7
        assert t0 <= entry["ctx"]["ts_ns"] <= ret["ctx"]["ts_ns"] <= time.monotonic_ns()
        assert ret["ctx"]["ret"] == 5 and ret["ctx"]["flags"] & RET_INT
        tid = threading.get_native_id()
        assert entry["ctx"]["tid"] == tid
        assert entry["pid_tgid"] == (os.getpid() << 32) | tid

        assert w.method(21) == 42  # a bound method: self is not an int, x is
        entry, ret = p.maps["last"][0], p.maps["last"][1]
        assert entry["ctx"]["func_id"] == 1 and entry["ctx"]["args"][:2] == [0, 21]
        assert ret["ctx"]["ret"] == 42

        with pytest.raises(ValueError):
            fails(9)
        ret = p.maps["last"][1]
        assert ret["ctx"]["func_id"] == 2 and not ret["ctx"]["flags"] & RET_INT

        seen: dict[str, int] = {}

        def in_thread() -> None:
            seen["tid"] = threading.get_native_id()
            args6(1, 2, 3, 4, 5, 6)

        th = threading.Thread(target=in_thread)  # started after attach: probed too
        th.start()
        th.join()
        entry = p.maps["last"][0]
        assert entry["ctx"]["tid"] == seen["tid"] != tid
        assert entry["ctx"]["args"] == [1, 2, 3, 4, 5, 6]
        assert entry["entries"] == p.maps["last"][1]["returns"] == 4
    args6(0, 0, 0, 0, 0, 0)  # detached: not seen
    assert p.maps["last"][0]["entries"] == 4
    p.close()


def test_detach_restores_the_previous_profiler() -> None:
    """3.11: the probe's profile function replaces the application's while attached; 3.12+:
    the probe uses sys.monitoring and the profiler stays (tests/test_hooks_pyprobe_versions)."""
    calls: list[str] = []

    def mine(frame, event, arg):
        calls.append(event)

    sys.setprofile(mine)
    try:
        with Probe(LATENCY, [work]):
            assert (sys.getprofile() is mine) == hasattr(sys, "monitoring")
        assert sys.getprofile() is mine
    finally:
        sys.setprofile(None)


def test_program_failures_do_not_reach_the_application(compile_bpf) -> None:
    obj = compile_bpf(
        '#include <ebpy/pyprobe.h>\nchar _license[] SEC("license") = "GPL";\n'
        'SEC("pyprobe") int bad(struct pyprobe_ctx *c) { return *(volatile int *)(long)c->args[0]; }',
        "pyprobe_bad",
    )
    with Probe(obj, [work], verify=False) as p:
        assert work(10) == 45
    assert p.error_count == 2 and "work" in p.errors[0]
    p.close()


def test_functions_by_name_and_bad_functions() -> None:
    import json as json_module

    with Probe(LATENCY, ["json:dumps"]) as p:
        json_module.dumps([1])
    assert p.names == ["json:dumps"]
    assert {k["func_id"]: v for k, v in p.maps["calls"].items()} == {0: 1}
    p.close()
    for bad, text in [
        ("json", "expected module:qualname"),
        ("no_such_module_xyz:f", "cannot import"),
        ("json:nothing_here", "has no nothing_here"),
    ]:
        with pytest.raises(EbpyError, match=text):
            Probe(LATENCY, [bad])
    with pytest.raises(EbpyError, match="not a Python function"):
        Probe(LATENCY, [len])
    with pytest.raises(EbpyError, match="no functions"):
        Probe(LATENCY, [])


SCRIPT = """
import sys, time
def work(n):
    return sum(range(n))
def slow():
    time.sleep(0.002)
for i in range(int(sys.argv[1])):
    work(i)
slow()
sys.exit(int(sys.argv[2]))
"""


def test_cli_runs_a_script_and_prints_histograms(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text(SCRIPT)
    cmd = [sys.executable, "-m", "ebpy", "pyprobe", LATENCY, "-f", "__main__:work"]
    cmd += ["-f", "__main__:slow", "--", "python", str(script), "40", "3"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 3, r.stderr
    assert "0 __main__:work, 1 __main__:slow" in r.stderr
    assert "func_id = 1 (__main__:slow)" in r.stderr and "distribution" in r.stderr
    row = next(line for line in r.stderr.splitlines() if "__main__:work" in line and "│" in line)
    assert "40" in row
    cmd = [sys.executable, "-m", "ebpy", "pyprobe", LATENCY, "--json", "-f", "__main__:work"]
    cmd += ["-f", "__main__:slow", "--", "python", str(script), "10", "0"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stderr.strip().splitlines()[-1])
    assert summary["functions"] == ["__main__:work", "__main__:slow"]
    calls = next(m for m in summary["maps"] if m["name"] == "calls")
    assert {e["note"]: e["value"] for e in calls["entries"]} == {
        "__main__:work": 10,
        "__main__:slow": 1,
    }


def test_cli_bad_input_gives_one_line(tmp_path: Path) -> None:
    cases = [
        (["pyprobe", LATENCY, "--", "python", "x.py"], "no functions to probe"),
        (["pyprobe", LATENCY, "-f", "json:dumps", "--", "python", str(tmp_path / "nope.py")], "no such script"),
        (["pyprobe", LATENCY, "-f", "json:dumps"], "no command given"),
        (["pyprobe", LATENCY, "-f", "nomodule", "--", "python", "x.py"], "module:qualname"),
        (["pyprobe", str(tmp_path / "missing.o"), "-f", "json:dumps", "--", "python", "x.py"], "missing.o"),
    ]  # fmt: skip
    for argv, text in cases:
        r = subprocess.run(
            [sys.executable, "-m", "ebpy", *argv], capture_output=True, text=True, timeout=60
        )
        lines = r.stderr.strip().splitlines()
        assert r.returncode == 1 and len(lines) == 1, (argv, r.stderr)
        assert lines[0].startswith("ebpy pyprobe: error:") and text in lines[0], (argv, r.stderr)
