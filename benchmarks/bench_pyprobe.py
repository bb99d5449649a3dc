"""Time added to each call of a probed Python function, per engine and program.

    python benchmarks/bench_pyprobe.py [--calls N] [--repeat R]

A tiny function is called N times without a probe, then with a probe on it: the no-op program
(the cost of catching the two events and building the context) and the latency example (two
runs of a program with map updates per call). The best of R runs is kept. Target: at most
1 us added per probed call.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from ebpy.hooks.pyprobe import Probe

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


def nop_object() -> Path:
    import subprocess

    out = Path(tempfile.mkdtemp()) / "nop.o"
    src = out.with_suffix(".c")
    src.write_text(NOP)
    include = ROOT / "src" / "ebpy" / "include"
    subprocess.run(
        [sys.executable, "-m", "ziglang", "cc", "-target", "bpfel-freestanding", "-O2",
         f"-I{include}", "-c", str(src), "-o", str(out)],
        check=True,
    )  # fmt: skip
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = args.calls
    base = min(loop(n) for _ in range(args.repeat)) / n * 1e6
    print(f"unprobed call: {base:.3f} us")
    print(f"{'program':<10} {'engine':<7} {'per call':>10} {'added':>10}")
    for label, obj in (("nop", nop_object()), ("latency", LATENCY)):
        for engine in ("interp", "jit"):
            with Probe(str(obj), [tiny], engine=engine) as p:
                per = min(loop(n) for _ in range(args.repeat)) / n * 1e6
            assert not p.errors, p.errors
            p.close()
            added = per - base
            mark = "ok" if added <= TARGET_US else f"> {TARGET_US:g} us target"
            print(f"{label:<10} {engine:<7} {per:>8.2f}us {added:>8.2f}us  {mark}")


if __name__ == "__main__":
    main()
