"""The JIT against the kernel's JIT, side by side in one run; compile times; call overhead.

    python benchmarks/bench_jit.py [--repeat N] [--rounds R] [--json]

For every program in benchmarks/programs/ on both frames: ns per run on ebpy's JIT
(`test_run(repeat=N)`, looped and timed natively) and in the kernel (BPF_PROG_TEST_RUN with the
same repeat, through ebpy.kernel), best of R alternating rounds, and the ratio (target <= 1.0).
Then the JIT's compile time per program (best of 5, cache cleared; target < 50 ms under 1,000
instructions) and the cost of calling an empty program from Python: through `prog.run()`, the
executable itself, and per frame in a batch. The kernel side needs root; without it only ebpy's
figures are printed. Other load on the machine moves both columns: compare ratios, not runs.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ebpy
from ebpy.isa import Instruction
from ebpy.jit.batch import run_batch
from ebpy.jit.cache import CODE_CACHE
from ebpy.jit.program import JitProgram
from ebpy.runtime.bound import BoundProgram
from ebpy.spec import ProgramSpec

HERE = Path(__file__).resolve().parent / "programs"
FRAMES = {name: (HERE / f"{name}.bin").read_bytes() for name in ("pkt64", "pkt1500")}


def kernel_available() -> str | None:
    """Why the kernel side cannot run here, or None."""
    try:
        from ebpy.kernel import load_program
        from ebpy.spec import ProgramType

        ok = [Instruction(0xB7, 0, 0, 0, 2), Instruction(0x95)]
        load_program(ok, ProgramType.XDP, name="probe").close()
    except Exception as e:  # any reason bpf() cannot do it: report and go on without it
        return str(e)
    return None


# ---- measuring ------------------------------------------------------------------------------------
def best(fn: Callable[[], float], rounds: int) -> float:
    return min(fn() for _ in range(rounds))


def compile_ms(prog: ProgramSpec, coll: Any) -> tuple[float, float]:
    """(wall, CPU) ms of a full compile (IR generation, optimisation, machine code), best of 5
    with the cache cleared. CPU time is what the compile costs; wall time adds whatever else
    the machine is doing."""
    walls, cpus = [], []
    exe = coll.programs[prog.name].executable
    for _ in range(5):
        CODE_CACHE.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        JitProgram(
            prog.instructions,
            coll.space,
            {},
            lddw=lambda slot, insn: exe.constants[slot],
            native=True,
        )
        walls.append((time.perf_counter() - t0) * 1e3)
        cpus.append((time.process_time() - c0) * 1e3)
    return min(walls), min(cpus)


def call_overhead(repeat: int) -> dict[str, float]:
    """ns per call of an empty XDP program (r0 = XDP_PASS) from Python."""
    spec = ebpy.load_spec(HERE / "xdp_histogram.o")  # any XDP object: replace its code
    pspec = next(iter(spec.programs.values()))
    pspec.instructions = [Instruction(0xB7, 0, 0, 0, 2), Instruction(0x95)]
    pspec.map_refs = []
    frame = FRAMES["pkt64"]
    out: dict[str, float] = {}
    with spec.load(engine="jit") as coll:
        prog = coll.programs[pspec.name]
        n = 20_000
        t0 = time.perf_counter_ns()
        for _ in range(n):
            prog.run(data=frame)
        out["prog.run(data=frame)"] = (time.perf_counter_ns() - t0) / n
        exe = prog.executable
        t0 = time.perf_counter_ns()
        for _ in range(n * 10):
            exe(0)
        out["executable(ctx)"] = (time.perf_counter_ns() - t0) / (n * 10)
        with BoundProgram(prog, 24) as bound:  # the embedding path: a context mapped once
            t0 = time.perf_counter_ns()
            for _ in range(n * 10):
                bound()
            out["BoundProgram()"] = (time.perf_counter_ns() - t0) / (n * 10)
        frames = [frame] * repeat
        result = run_batch(prog, frames)
        out["batch, per frame"] = result.duration_ns / len(frames)
        t0 = time.perf_counter_ns()
        run_batch(prog, frames)
        out["batch incl. Python, per frame"] = (time.perf_counter_ns() - t0) / len(frames)
        out["test_run(repeat), per run"] = prog.test_run(frame, repeat=repeat).duration_ns
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=10_000, help="runs per measurement")
    ap.add_argument("--rounds", type=int, default=7, help="measurements; the best counts")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    no_kernel = kernel_available()
    rows = []
    for obj in sorted(HERE.glob("xdp_*.o")):
        spec = ebpy.load_spec(obj)
        prog = next(iter(spec.programs.values()))
        kernel = spec.load(engine="kernel") if no_kernel is None else None
        try:
            with spec.load(engine="jit") as coll:
                jit_prog = coll.programs[prog.name]
                kernel_prog = kernel.programs[prog.name] if kernel is not None else None
                for fname, frame in FRAMES.items():
                    jit_ns: list[float] = []
                    kernel_ns: list[float] = []
                    for _ in range(args.rounds):  # alternate, so both see the same conditions
                        jit_ns.append(jit_prog.test_run(frame, repeat=args.repeat).duration_ns)
                        if kernel_prog is not None:
                            kernel_ns.append(
                                kernel_prog.test_run(frame, repeat=args.repeat).duration_ns
                            )
                    row: dict[str, Any] = {
                        "program": prog.name,
                        "frame": fname,
                        "instructions": len(prog.instructions),
                        "jit_ns": min(jit_ns),
                        "kernel_ns": min(kernel_ns) if kernel_ns else None,
                    }
                    row["ratio"] = row["jit_ns"] / row["kernel_ns"] if row["kernel_ns"] else None
                    rows.append(row)
                wall, cpu = compile_ms(prog, coll)
                for row in rows:
                    if row["program"] == prog.name:
                        row["compile_ms"], row["compile_cpu_ms"] = wall, cpu
        finally:
            if kernel is not None:
                kernel.close()
    overhead = call_overhead(args.repeat)
    if args.json:
        print(json.dumps({"runs": rows, "call_overhead_ns": overhead, "kernel": no_kernel}))
        return
    if no_kernel is not None:
        print(f"(kernel side skipped: {no_kernel})")
    print(
        f"{'program':<15}{'frame':<9}{'insns':>6}{'jit ns':>10}{'kernel ns':>11}"
        f"{'ratio':>8}{'compile ms':>12}{'(cpu ms)':>10}"
    )
    for r in rows:
        kernel_col = f"{r['kernel_ns']:>11.0f}" if r["kernel_ns"] else f"{'-':>11}"
        ratio_col = f"{r['ratio']:>8.2f}" if r["ratio"] else f"{'-':>8}"
        print(
            f"{r['program']:<15}{r['frame']:<9}{r['instructions']:>6}{r['jit_ns']:>10.0f}"
            f"{kernel_col}{ratio_col}{r['compile_ms']:>12.1f}{r['compile_cpu_ms']:>10.1f}"
        )
    print("\nCalling an empty XDP program from Python (ns per call):")
    for what, ns in overhead.items():
        print(f"  {what:<32}{ns:>10.0f}")


if __name__ == "__main__":
    main()
