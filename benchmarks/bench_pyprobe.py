"""Time added to each call of a probed Python function, per engine and program, with a breakdown.

    python benchmarks/bench_pyprobe.py [--calls N] [--repeat R]

A tiny function is called N times without a probe, then with a probe on it: the no-op program
(the cost of catching the two events and building the context) and the latency example (two
runs of a program with map updates per call). The best of R runs is kept. Target: at most
1 us added per probed call.

The breakdown:
- floor: callbacks that return at once for every event (on 3.11 a Python profile function,
  on 3.12+ Python sys.monitoring callbacks on the probed code object; and the native handlers
  of pyprobe_native with their probe detached): what catching the events costs;
- per program and engine: which path handled the events (native: the native handlers with
  the JIT, a C-level profile function on 3.11, native sys.monitoring callbacks on 3.12+;
  python: the Python profile function or sys.monitoring callbacks), and the JIT's Python
  path for comparison;
- in-process cost of one run of each program (there are two per probed call): from Python
  (the bound program, as the Python path calls it) and natively (timed by the JIT's native
  repeat loop, helpers included).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from hook_objects import compile_hook, run_costs

from ebpy.hooks import pyprobe
from ebpy.hooks.pyprobe import CTX, Probe

ROOT = Path(__file__).resolve().parent.parent
LATENCY = ROOT / "examples" / "pyprobe" / "latency.o"
NOP = """
#include <ebpy/pyprobe.h>
char _license[] SEC("license") = "GPL";
SEC("pyprobe") int nop(struct pyprobe_ctx *ctx) { return 0; }
"""
TARGET_US = 1.0


def tiny(x: int) -> int:
    return x


def loop(n: int) -> float:
    t0 = time.perf_counter()
    for i in range(n):
        tiny(i)
    return time.perf_counter() - t0


def best_per_call(n: int, repeat: int) -> float:
    return min(loop(n) for _ in range(repeat)) / n * 1e6


def floors(n: int, repeat: int, obj: Path) -> tuple[float, float | None]:
    """(Python callbacks that return at once, native handlers that do) per call, us. The callbacks are what the probe uses on this Python: a profile function on 3.11,
    sys.monitoring PY_START and PY_RETURN callbacks on tiny's code object on 3.12+."""
    if hasattr(sys, "monitoring"):
        python = monitoring_floor(n, repeat)
    else:

        def empty(frame: Any, event: str, arg: Any) -> None:
            return None

        sys.setprofile(empty)
        try:
            python = best_per_call(n, repeat)
        finally:
            sys.setprofile(None)
    native = None
    with Probe(str(obj), [tiny], engine="jit") as p:
        if p.native:
            p._native.state.active = 0  # installed, returning at once
            native = best_per_call(n, repeat)
            p._native.state.active = 1
    p.close()
    return python, native


def monitoring_floor(n: int, repeat: int) -> float:
    mon: Any = sys.monitoring  # type: ignore[attr-defined]
    events = mon.events
    tool = next(t for t in (2, 3, 4, 5) if mon.get_tool(t) is None)
    mon.use_tool_id(tool, "bench floor")
    try:
        mon.register_callback(tool, events.PY_START, lambda code, offset: None)
        mon.register_callback(tool, events.PY_RETURN, lambda code, offset, value: None)
        mon.set_local_events(tool, tiny.__code__, events.PY_START | events.PY_RETURN)
        return best_per_call(n, repeat)
    finally:
        mon.set_local_events(tool, tiny.__code__, 0)
        mon.register_callback(tool, events.PY_START, None)
        mon.register_callback(tool, events.PY_RETURN, None)
        mon.free_tool_id(tool)


def per_run(p: Probe, runs: int = 100_000) -> tuple[float, float | None]:
    """One run over an entry event of tiny."""
    CTX.pack_into(p.hook.bound.ctx, 0, 0, 0, time.monotonic_ns(), 1, 7, 0, 0, 0, 0, 0, 0, 1, 256)
    return run_costs(p.hook.bound, runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = args.calls
    base = best_per_call(n, args.repeat)
    nop = compile_hook(NOP, "pyprobe_nop")
    print(f"unprobed call: {base:.3f} us")
    python_floor, native_floor = floors(n, args.repeat, nop)
    kind = "sys.monitoring callbacks" if hasattr(sys, "monitoring") else "Python function"
    text = f"floor, callbacks returning at once: {kind} +{python_floor - base:.3f} us"
    if native_floor is not None:
        text += f", native function +{native_floor - base:.3f} us"
    print(text)
    print(f"{'program':<10} {'engine':<7} {'path':<7} {'per call':>10} {'added':>10}")
    runs = []
    rows = [(label, obj, engine) for label, obj in (("nop", nop), ("latency", LATENCY))
            for engine in ("interp", "jit")]  # fmt: skip
    rows.append(("latency", LATENCY, "jit-py"))  # the JIT on the Python path, for comparison
    possible = pyprobe.native_possible
    for label, obj, engine in rows:
        if engine == "jit-py":
            pyprobe.native_possible = lambda probe: False
        try:
            with Probe(str(obj), [tiny], engine=engine.split("-")[0]) as p:
                path = "native" if p.native else "python"
                per = best_per_call(n, args.repeat)
        finally:
            pyprobe.native_possible = possible
        assert not p.errors, p.errors
        if engine != "jit-py":
            runs.append((label, engine, *per_run(p)))
        p.close()
        added = per - base
        if engine == "jit-py":
            mark = "(the Python path, for comparison)"
        else:
            mark = "ok" if added <= TARGET_US else f"> {TARGET_US:g} us target"
        print(f"{label:<10} {engine:<7} {path:<7} {per:>8.2f}us {added:>8.2f}us  {mark}")
    print("one run of the program over an entry event, in-process (two runs per call):")
    for label, engine, python, native in runs:
        text = f"  {label:<10} {engine:<7} from Python {python:6.2f} us"
        if native is not None:
            text += f", natively {native:6.0f} ns (helpers included)"
        print(text)


if __name__ == "__main__":
    main()
