"""Time added to each system call by `ebpy supervise`, per engine and policy.

    python benchmarks/bench_supervise.py [--calls N] [--repeat R]

A small Python child makes N getppid() calls in a loop. It runs unsupervised, then under each
policy on each engine; the start-up of the child (its own system calls) is measured with
N = 0 and taken out, so what is left is per call of the loop: the round trip through the
kernel's user notification (two context switches, RECV and SEND), the supervisor's Python,
and the policy program. The best of R runs is kept, since other load on the machine only
makes runs slower. Target: at most 15 us added per supervised system call.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from ebpy.hooks.syscalls import Supervisor

POLICIES = Path(__file__).resolve().parent.parent / "examples" / "policies"
TARGET_US = 15.0


def child(calls: int) -> list[str]:
    return [sys.executable, "-S", "-c", f"import os\nfor _ in range({calls}): os.getppid()"]


def best(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = args.calls

    def plain(calls: int) -> float:
        return best(lambda: subprocess.run(child(calls), check=True), args.repeat)

    base_us = (plain(n) - plain(0)) / n * 1e6
    print(f"unsupervised getppid(): {base_us:.2f} us per call")
    print(f"{'policy':<16} {'engine':<7} {'per call':>10} {'added':>10} {'ratio':>7}")
    for policy in ("count_syscalls", "deny_writes"):
        for engine in ("interp", "jit"):
            with Supervisor(str(POLICIES / f"{policy}.o"), engine=engine) as sup:
                empty = best(lambda: sup.run(child(0)), args.repeat)
                full = best(lambda: sup.run(child(n)), args.repeat)
            per = (full - empty) / n * 1e6
            added = per - base_us
            mark = "ok" if added <= TARGET_US else f"> {TARGET_US:g} us target"
            print(
                f"{policy:<16} {engine:<7} {per:>8.2f}us {added:>8.2f}us {per / base_us:>6.1f}x  {mark}"
            )


if __name__ == "__main__":
    main()
