"""What one call of a small program costs from Python on the interpreter, with the JIT beside it.

    python benchmarks/bench_interp_calls.py [--runs N] [--rounds R] [--json]

Per call (this thread's CPU time), best of R rounds of N calls, interpreter and JIT measured
alternately in one run:

- empty program (r0 = 2; exit) through its BoundProgram (the hooks' and embedding's path) and
  through the executable itself;
- a program that looks a 4-byte key up in a hash map (key on the stack) and reads the value;
- count_syscalls (examples/policies) over a getppid notification, as the supervisor's Python
  path calls it (the bound program of its hook; pid helper, lookup, atomic add);
- test_run(data=frame) of an empty XDP program on a 64-byte frame (benchmarks/programs/pkt64.bin)
  and of xdp_firewall on the same frame.

Other load on the machine moves both columns; compare within a run. No figure is asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ebpy
from ebpy.hooks.hook_program import load_hook
from ebpy.hooks.syscalls import syscall_number
from ebpy.isa import Instruction
from ebpy.runtime.bound import BoundProgram

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "benchmarks" / "programs"
FRAME = (PROGRAMS / "pkt64.bin").read_bytes()
ENGINES = ("interp", "jit")
LOOKUP = """
#include <ebpy/bpf.h>
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");
char _license[] SEC("license") = "GPL";
SEC("raw_tracepoint/bench") int lookup(void *ctx)
{
	__u32 key = 7;
	__u64 *v = bpf_map_lookup_elem(&values, &key);
	return v ? *v : 0;
}
"""


def compile_bpf(source: str, name: str) -> Path:
    """`source` compiled with BTF (its maps are BTF-defined), cached by content."""
    key = hashlib.sha256(source.encode()).hexdigest()[:16]
    out = Path(tempfile.gettempdir()) / f"ebpy-bench-g-{name}-{key}.o"
    if not out.exists():
        src = out.with_suffix(".c")
        src.write_text(source)
        cmd = [sys.executable, "-m", "ziglang", "cc", "-target", "bpfel-freestanding", "-O2", "-g"]
        include = ROOT / "src" / "ebpy" / "include"
        subprocess.run([*cmd, f"-I{include}", "-c", str(src), "-o", str(out)], check=True)
    return out


def per_call(fn: Callable[[], object], runs: int) -> float:
    """ns of this thread's CPU time per call of `fn` over `runs` calls (CPU time, not wall
    time: on a busy machine, time other processes take from us is not counted)."""
    t0 = time.thread_time_ns()
    for _ in range(runs):
        fn()
    return (time.thread_time_ns() - t0) / runs


def empty_spec(section: str = "xdp") -> ebpy.CollectionSpec:
    """An XDP object whose program is only `r0 = XDP_PASS; exit`."""
    spec = ebpy.load_spec(PROGRAMS / "xdp_histogram.o")
    pspec = next(iter(spec.programs.values()))
    pspec.instructions = [Instruction(0xB7, 0, 0, 0, 2), Instruction(0x95)]
    pspec.map_refs = []
    return spec


class Cases:
    """The calls to time, for one engine; close() frees what they loaded."""

    def __init__(self, engine: str) -> None:
        self.closers: list[Callable[[], None]] = []
        self.calls: dict[str, Callable[[], object]] = {}
        empty = empty_spec().load(engine=engine)
        self.closers.append(empty.close)
        prog = empty.programs[next(iter(empty.programs))]
        bound = BoundProgram(prog, 24)
        self.closers.insert(0, bound.close)
        exe = prog.executable
        self.calls["empty program, BoundProgram()"] = bound
        self.calls["empty program, executable(ctx)"] = lambda: exe(bound.address)
        lookup = ebpy.load_spec(compile_bpf(LOOKUP, "lookup")).load(engine=engine)
        self.closers.insert(0, lookup.close)
        lookup.maps["values"][7] = 42
        lbound = BoundProgram(lookup.programs["lookup"], 96)
        self.closers.insert(0, lbound.close)
        self.calls["hash lookup program, BoundProgram()"] = lbound
        hook = load_hook(
            ROOT / "examples" / "policies" / "count_syscalls.o",
            section="seccomp",
            ctx_size=64,
            engine=engine,
        )
        self.closers.insert(0, hook.close)
        ctx = struct.pack("<iIQ6Q", syscall_number("getppid"), 0xC000003E, 0, *[0] * 6)
        hook.bound.ctx[:64] = ctx
        self.calls["count_syscalls, BoundProgram()"] = hook.bound
        self.calls["empty XDP, test_run(data=64 B)"] = lambda: prog.test_run(data=FRAME)
        fw = ebpy.load_spec(PROGRAMS / "xdp_firewall.o").load(engine=engine)
        self.closers.insert(0, fw.close)
        fwprog = fw.programs[next(iter(fw.programs))]
        self.calls["xdp_firewall, test_run(data=64 B)"] = lambda: fwprog.test_run(data=FRAME)

    def close(self) -> None:
        for close in self.closers:
            close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20_000, help="calls per round (default 20000)")
    ap.add_argument("--rounds", type=int, default=5, help="rounds, best kept (default 5)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    cases = {engine: Cases(engine) for engine in ENGINES}
    try:
        best: dict[str, dict[str, float]] = {e: {} for e in ENGINES}
        for _ in range(args.rounds):
            for name in cases["interp"].calls:
                for engine in ENGINES:  # alternately, so load moves both columns alike
                    ns = per_call(cases[engine].calls[name], args.runs)
                    old = best[engine].get(name)
                    best[engine][name] = ns if old is None else min(old, ns)
    finally:
        for c in cases.values():
            c.close()
    if args.json:
        print(json.dumps({"runs": args.runs, "rounds": args.rounds, "ns_per_call": best}))
        return
    print(f"{'per call from Python':<40} {'interp ns':>10} {'jit ns':>10} {'interp/jit':>10}")
    for name, ns in best["interp"].items():
        jit = best["jit"][name]
        print(f"{name:<40} {ns:>10,.0f} {jit:>10,.0f} {ns / jit:>10.1f}")


if __name__ == "__main__":
    main()
