"""The JIT against the kernel's JIT, side by side in one run; compile times; call overhead.

    python benchmarks/bench_jit.py [--repeat N] [--rounds R] [--pipeline program|full] [--json]

For every program in benchmarks/programs/ on both frames: ns per run on ebpy's JIT
(`test_run(repeat=N)`, looped and timed natively) and in the kernel (BPF_PROG_TEST_RUN with the
same repeat, through ebpy.kernel), best of R alternating rounds, and the ratio (target <= 1.0).

Then compile times (target: under 50 ms for programs under 1,000 instructions), this thread's
CPU time, best of 5: for those programs and for every other object the project ships
(examples, tools), a cold compile with every cache empty and the disk cache off, split into its
phases (IR generation in Python, parsing, optimisation, code generation, linking), and a load
from the disk cache as a second process gets it (memory caches emptied, the object on disk:
IR generation and linking only). `--pipeline full` compiles programs with O3 and the
SelectionDAG instead of the JIT's own pipeline, to compare compile and run times.

Last, the cost of calling an empty program from Python: through `prog.run()`, the executable
itself, and per frame in a batch. The kernel side needs root; without it only ebpy's figures
are printed. Other load on the machine moves both columns: compare ratios, not runs.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ebpy
from ebpy.errors import EbpyError
from ebpy.isa import Instruction
from ebpy.jit import backend
from ebpy.jit import program as jit_program
from ebpy.jit.batch import run_batch
from ebpy.jit.program import JitProgram, forget_compiled
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


def compile_ms(prog: ProgramSpec, coll: Any, cached: Path | None = None) -> dict[str, float]:
    """CPU ms of compiling one program: `total` and per phase (`python`: the IR generation
    and the rest of JitProgram in Python), best of 5. With `cached` None every cache is empty
    and the disk cache off (a cold compile); else the object is in the disk cache folder
    `cached` and only this process's caches are empty (what a second process does)."""
    exe = coll.programs[prog.name].executable
    saved = backend.OBJECT_CACHE.folder
    backend.OBJECT_CACHE.folder = cached
    best: dict[str, float] | None = None
    try:
        for _ in range(5):
            forget_compiled()
            c0 = time.thread_time()
            jp = JitProgram(
                prog.instructions,
                coll.space,
                {h: _no_helper for h in exe.compiled.python_helpers},
                lddw=lambda slot, insn: exe.constants[slot],
                native=True,
            )
            total = (time.thread_time() - c0) * 1e3
            phases = {k: v * 1e3 for k, v in jp.compiled.native.timings.items()}
            phases["python"] = total - sum(phases.values())
            phases["total"] = total
            if best is None or total < best["total"]:
                best = phases
    finally:
        backend.OBJECT_CACHE.folder = saved
        forget_compiled()
    assert best is not None
    return best


def _no_helper(*_: int) -> int:
    return 0


PHASES = ("python", "parse", "optimise", "codegen", "link")


def shipped_objects() -> list[Path]:
    """Every compiled object the project ships besides the benchmark programs."""
    root = HERE.parent.parent
    return sorted([*root.glob("examples/**/*.o"), *root.glob("src/ebpy/tools/bpf/*.o")])


def compile_table(objects: list[Path]) -> list[dict[str, Any]]:
    """Cold and disk-cached compile times of every program in `objects` (JIT loads only)."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="ebpy-jit-cache-") as tmp:
        for obj in objects:
            spec = ebpy.load_spec(obj)
            try:
                coll = spec.load(engine="jit")
            except EbpyError as e:  # programs for hooks this machine lacks, say
                print(f"(skipped {obj.name}: {e})")
                continue
            with coll:
                for name, pspec in spec.programs.items():
                    if name not in coll.programs:
                        continue
                    cold = compile_ms(pspec, coll)
                    compile_ms(pspec, coll, Path(tmp))  # the object on disk
                    warm = compile_ms(pspec, coll, Path(tmp))
                    rows.append({
                        "object": obj.name, "program": name,
                        "instructions": len(pspec.instructions),
                        "cold_ms": {k: round(v, 2) for k, v in cold.items()},
                        "disk_ms": round(warm["total"], 2),
                    })  # fmt: skip
    return rows


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
    ap.add_argument(
        "--pipeline",
        choices=[p.value for p in backend.Pipeline],
        default=backend.Pipeline.PROGRAM.value,
        help="how programs are compiled (full: O3 and the SelectionDAG, for comparison)",
    )
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    jit_program.PIPELINE = backend.Pipeline(args.pipeline)
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
                cold = compile_ms(prog, coll)
                for row in rows:
                    if row["program"] == prog.name:
                        row["compile_cpu_ms"] = cold["total"]
        finally:
            if kernel is not None:
                kernel.close()
    compiles = compile_table(sorted(HERE.glob("xdp_*.o")) + shipped_objects())
    overhead = call_overhead(args.repeat)
    if args.json:
        print(json.dumps({"runs": rows, "compile": compiles, "call_overhead_ns": overhead,
                          "kernel": no_kernel, "pipeline": args.pipeline}))  # fmt: skip
        return
    if no_kernel is not None:
        print(f"(kernel side skipped: {no_kernel})")
    print(f"pipeline: {args.pipeline}")
    print(
        f"{'program':<15}{'frame':<9}{'insns':>6}{'jit ns':>10}{'kernel ns':>11}"
        f"{'ratio':>8}{'compile cpu ms':>16}"
    )
    for r in rows:
        kernel_col = f"{r['kernel_ns']:>11.0f}" if r["kernel_ns"] else f"{'-':>11}"
        ratio_col = f"{r['ratio']:>8.2f}" if r["ratio"] else f"{'-':>8}"
        print(
            f"{r['program']:<15}{r['frame']:<9}{r['instructions']:>6}{r['jit_ns']:>10.0f}"
            f"{kernel_col}{ratio_col}{r['compile_cpu_ms']:>16.1f}"
        )
    print("\nCompile time, CPU ms (cold: every cache empty; disk: as a second process loads it):")
    print(f"{'object':<26}{'program':<24}{'insns':>6}{'cold':>8}"
          + "".join(f"{p:>10}" for p in PHASES) + f"{'disk':>8}")  # fmt: skip
    for c in compiles:
        cold = c["cold_ms"]
        print(f"{c['object']:<26}{c['program']:<24}{c['instructions']:>6}{cold['total']:>8.1f}"
              + "".join(f"{cold.get(p, 0.0):>10.1f}" for p in PHASES)
              + f"{c['disk_ms']:>8.1f}")  # fmt: skip
    under = [c for c in compiles if c["instructions"] < 1000]
    if under:
        worst = max(under, key=lambda c: c["cold_ms"]["total"])
        print(f"slowest under 1,000 instructions: {worst['program']} ({worst['instructions']} "
              f"insns) {worst['cold_ms']['total']:.1f} ms cold, {worst['disk_ms']:.1f} ms from disk")  # fmt: skip
    print("\nCalling an empty XDP program from Python (ns per call):")
    for what, ns in overhead.items():
        print(f"  {what:<32}{ns:>10.0f}")


if __name__ == "__main__":
    main()
