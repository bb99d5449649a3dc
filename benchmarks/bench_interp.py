"""The reference interpreter's speed: eBPF instructions per second, and against plain Python.

    python benchmarks/bench_interp.py [--runs N]

For each benchmark program: time per run in the interpreter (checks on, as always), executed
eBPF instructions per run (counted), instructions per second. For xdp_compute the same algorithm
written in plain Python runs beside it in the same process, and the ratio is printed
(target: interpreter within 3x of plain Python).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import ebpy

HERE = Path(__file__).resolve().parent / "programs"
M64 = (1 << 64) - 1


def compute_in_python(length: int) -> int:
    """xdp_compute.c, line for line, in plain Python."""
    x = 0x9E3779B97F4A7C15 ^ length
    h = 2166136261
    for _ in range(4096):
        x ^= x >> 12
        x ^= (x << 25) & M64
        x ^= x >> 27
        m = (x * 0x2545F4914F6CDD1D) & M64
        h = ((h ^ (m >> 32)) * 16777619) & 0xFFFFFFFF
    return 2 if h & 1 else 1


def best_of(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter_ns()
        fn()
        best = min(best, time.perf_counter_ns() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    frames = {
        "pkt64": (HERE / "pkt64.bin").read_bytes(),
        "pkt1500": (HERE / "pkt1500.bin").read_bytes(),
    }
    print(f"{'program':<15}{'frame':<9}{'us/run':>10}{'insns/run':>11}{'M insns/s':>11}")
    for obj in sorted(HERE.glob("xdp_*.o")):
        spec = ebpy.load_spec(obj)
        name = next(iter(spec.programs))
        with (
            spec.load(engine="interp", count=True, verify=False) as counting,
            spec.load(engine="interp", verify=False) as coll,
        ):
            for fname, frame in frames.items():
                counting.programs[name].test_run(data=frame)
                insns = counting.state.count
                prog = coll.programs[name]
                ns = best_of(lambda prog=prog, frame=frame: prog.test_run(data=frame), args.runs)
                print(f"{name:<15}{fname:<9}{ns / 1e3:>10.1f}{insns:>11}{insns / ns * 1e3:>11.2f}")
    spec = ebpy.load_spec(HERE / "xdp_compute.o")
    frame = frames["pkt64"]
    with spec.load(engine="interp", verify=False) as coll:
        prog = coll.programs["xdp_compute"]
        assert prog.test_run(data=frame).retval == compute_in_python(len(frame))
        interp = best_of(lambda: prog.test_run(data=frame), args.runs)
        python = best_of(lambda: compute_in_python(len(frame)), args.runs)
    print(
        f"\nxdp_compute: interpreter {interp / 1e6:.2f} ms, plain Python {python / 1e6:.2f} ms, "
        f"ratio {interp / python:.2f}x (target <= 3x)"
    )


if __name__ == "__main__":
    main()
