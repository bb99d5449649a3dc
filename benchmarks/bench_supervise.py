"""Time added to each system call by `ebpy supervise`, per engine and policy, with a breakdown.

    python benchmarks/bench_supervise.py [--calls N] [--repeat R]

A small Python child makes N getppid() calls in a loop. It runs unsupervised, then under each
policy on each engine; the start-up of the child (its own system calls) is measured with
N = 0 and taken out, so what is left is per call of the loop. The best of R runs is kept,
since other load on the machine only makes runs slower. Target: at most 15 us added per
supervised system call.

The breakdown:
- floor: answering every call with no program at all, from a Python loop (receive, answer);
  and the native loop (native_loop.py) running a policy that only returns ALLOW: what the
  round trip through the kernel (two context switches) costs with next to nothing around it;
- per policy and engine: the loop that served it (native: the JIT's program run in the native
  loop; callback: the native loop calling back into Python for the run only, as it does for
  the interpreter; python: supervisor.py's loop for every call, what a log needs, shown for
  the interpreter as the comparison);
- in-process cost of one run of each policy over a getppid notification: from Python (the
  bound program, as the Python loop calls it) and, on the JIT, natively (the run as the
  native loop makes it, helpers included, timed by the JIT's native repeat loop).
"""

from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from hook_objects import compile_hook, run_costs

from ebpy.hooks.syscalls import Supervisor, syscall_number, uapi
from ebpy.hooks.syscalls.launch import spawn
from ebpy.hooks.syscalls.listener import Listener

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "examples" / "policies"
TARGET_US = 15.0
ALLOW_ALL = """
#include <ebpy/seccomp.h>
char _license[] SEC("license") = "GPL";
SEC("seccomp") int allow_all(struct seccomp_data *ctx) { return SECCOMP_RET_ALLOW; }
"""


def child(calls: int) -> list[str]:
    return [sys.executable, "-S", "-c", f"import os\nfor _ in range({calls}): os.getppid()"]


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def bare_loop(calls: int) -> None:
    """Answer every call of the child with CONTINUE, no program: the Python floor."""
    launched = spawn(child(calls))
    listener = Listener(launched.listener)
    try:
        while True:
            err = listener.receive()
            if err:
                if listener.unused():
                    break
                continue
            nid = struct.unpack_from("<Q", listener.view)[0]
            listener.send(nid, 0, 0, uapi.SECCOMP_USER_NOTIF_FLAG_CONTINUE)
        os.waitpid(launched.pid, 0)
    finally:
        launched.close()


def per_run(sup: Supervisor, runs: int = 20000) -> tuple[float, float | None]:
    """One run of the policy over a getppid notification."""
    ctx = struct.pack("<iIQ6Q", syscall_number("getppid"), sup.arch.audit, 0, *[0] * 6)
    sup.hook.bound.ctx[:64] = ctx
    return run_costs(sup.hook.bound, runs)


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
    floor = best(lambda: bare_loop(n), args.repeat) - best(lambda: bare_loop(0), args.repeat)
    print(
        f"floor, Python loop answering every call (no program): {floor / n * 1e6 - base_us:.2f} us added"
    )
    policies = [("allow_all", compile_hook(ALLOW_ALL, "allow_all"))]
    policies += [(p, POLICIES / f"{p}.o") for p in ("count_syscalls", "deny_writes")]
    print(f"{'policy':<16} {'engine':<7} {'loop':<8} {'per call':>10} {'added':>10} {'ratio':>7}")
    runs: list[tuple[str, str, float, float | None]] = []
    for policy, obj in policies:
        for engine, native_loop in (("interp", False), ("interp", True), ("jit", True)):
            with Supervisor(str(obj), engine=engine) as sup:
                sup.native_loop = native_loop
                empty = best(lambda: sup.run(child(0)), args.repeat)
                before = sup.native_calls
                full = best(lambda: sup.run(child(n)), args.repeat)
                loop = "python"
                if sup.native_calls - before >= n:
                    entry = getattr(sup.hook.program.executable, "native_entry", None)
                    loop = "native" if entry is not None and entry() is not None else "callback"
                if native_loop:
                    runs.append((policy, engine, *per_run(sup)))
            per = (full - empty) / n * 1e6
            added = per - base_us
            if not native_loop:
                mark = "(the Python loop, for comparison)"
            else:
                mark = "ok" if added <= TARGET_US else f"> {TARGET_US:g} us target"
            print(
                f"{policy:<16} {engine:<7} {loop:<8} {per:>8.2f}us {added:>8.2f}us "
                f"{per / base_us:>6.1f}x  {mark}"
            )
    print("one run of the policy over a getppid call, in-process:")
    for policy, engine, python, native in runs:
        text = f"  {policy:<16} {engine:<7} from Python {python:6.2f} us"
        if native is not None:
            text += f", natively {native:6.0f} ns (helpers included)"
        print(text)


if __name__ == "__main__":
    main()
