"""ebpy's verifier against the kernel's: time, processed instructions and states per program.

    python benchmarks/bench_verifier.py [--rounds R] [--suite] [--big] [--json]

For every program in benchmarks/programs/*.o: ebpy's verification time (best of R), processed
instructions, total and peak states, beside the kernel's own figures for the same load
(BPF_PROG_LOAD with BPF_LOG_STATS: "processed N insns ... verification time T usec").
Targets: time within 20x of the kernel's, states never above 2x the kernel's.

`--suite` adds the agreement corpus (tests/programs/verifier/*.cases) in total and its
slowest cases; `--big` adds a loop that runs into the 1,000,000-instruction limit (about a
minute in ebpy). The kernel side needs root; without it only ebpy's figures are printed.
Other load on the machine moves both columns: compare ratios, not runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import ebpy
from ebpy.errors import EbpyError, VerifierError
from ebpy.isa import assemble
from ebpy.spec import MapSpec, ProgramSpec, ProgramType
from ebpy.verifier import Options, verify

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
TESTS = HERE.parent / "tests"

BIG_LOOP = """
    r1 = 0
loop:
    r1 += 1
    if r1 < 10000000 goto loop
    r0 = 0
    exit
"""


@dataclass
class Row:
    program: str
    accepted: bool
    processed: int | None
    states: int | None
    peak: int | None
    ms: float
    k_accepted: bool | None = None
    k_processed: int | None = None
    k_states: int | None = None
    k_peak: int | None = None
    k_ms: float | None = None

    @property
    def time_ratio(self) -> float | None:
        return self.ms / self.k_ms if self.k_ms else None

    @property
    def state_ratio(self) -> float | None:
        if self.states is None or not self.k_states:
            return None
        return self.states / self.k_states


def ebpy_side(
    prog: ProgramSpec, maps: Mapping[str, MapSpec], rounds: int, options: Options | None = None
) -> Row:
    best = float("inf")
    result = None
    accepted = True
    for _ in range(rounds):
        t0 = time.perf_counter()
        try:
            result = verify(prog, maps, options=options)
        except VerifierError:
            accepted = False
        best = min(best, (time.perf_counter() - t0) * 1000)
    return Row(
        prog.name,
        accepted,
        result.processed_insns if result else None,
        result.total_states if result else None,
        result.peak_states if result else None,
        best,
    )


def kernel_available() -> str | None:
    try:
        from ebpy.isa import Instruction
        from ebpy.kernel import load_program

        ok = [Instruction(0xB7, 0, 0, 0, 2), Instruction(0x95)]
        load_program(ok, ProgramType.XDP, name="probe").close()
    except Exception as e:  # any reason bpf() cannot do it: report and go on without it
        return str(e)
    return None


def kernel_object(path: Path, rows: dict[str, Row]) -> None:
    """The kernel's statistics for every program of an object (loaded as ebpy's kernel
    engine loads it), written into the matching rows."""
    from ebpy.kernel.loader import load_collection
    from ebpy.kernel.uapi import LogLevel

    spec = ebpy.load_spec(path)
    with load_collection(spec, log_level=LogLevel.STATS) as coll:
        for name, row in rows.items():
            st = coll.programs[name].stats
            row.k_accepted = True
            if st is not None:
                row.k_processed, row.k_states, row.k_peak = (
                    st.processed_insns,
                    st.total_states,
                    st.peak_states,
                )
                row.k_ms = st.time_usec / 1000 if st.time_usec is not None else None


def kernel_program(prog: ProgramSpec, maps: Mapping[str, MapSpec], caps: str, row: Row) -> None:
    sys.path.insert(0, str(TESTS))
    from verifier_kernel import kernel_verify

    k = kernel_verify(prog, maps, caps=caps, log_level=0)
    row.k_accepted = k.accepted
    row.k_processed, row.k_states, row.k_peak = k.processed, k.total_states, k.peak_states
    row.k_ms = k.time_us / 1000 if k.time_us is not None else None


def bench_objects(rounds: int, with_kernel: bool) -> list[Row]:
    out = []
    for path in sorted(PROGRAMS.glob("*.o")):
        spec = ebpy.load_spec(path)
        rows = {name: ebpy_side(p, spec.maps, rounds) for name, p in spec.programs.items()}
        if with_kernel:
            kernel_object(path, rows)
        out.extend(rows.values())
    return out


def bench_big(with_kernel: bool) -> Row:
    prog = ProgramSpec(
        name="loop_1m",
        section="socket",
        type=ProgramType.SOCKET_FILTER,
        instructions=assemble(BIG_LOOP),
        license="GPL",
    )
    row = ebpy_side(prog, {}, 1)
    t0 = time.perf_counter()
    try:
        verify(prog)
    except VerifierError as e:
        row.processed = int(e.message.split()[-2])
    row.ms = (time.perf_counter() - t0) * 1000
    if with_kernel:
        kernel_program(prog, {}, "full", row)
    return row


def bench_suite(with_kernel: bool) -> tuple[list[Row], dict[str, float | int]]:
    sys.path.insert(0, str(TESTS))
    import verifier_cases as vc

    rows = []
    for case in vc.all_cases():
        if case.fast_limit:
            continue  # the million-instruction cases: see --big
        prog, maps = vc.build(case)
        row = ebpy_side(prog, maps, 1, case.options)
        row.program = case.name
        if with_kernel:
            # e.g. unprivileged bpf() disabled by sysctl: ebpy's side only
            with contextlib.suppress(EbpyError, RuntimeError, OSError):
                kernel_program(prog, maps, case.caps, row)
        rows.append(row)
    both = [r for r in rows if r.k_ms is not None]
    summary: dict[str, float | int] = {
        "cases": len(rows),
        "ebpy_ms": sum(r.ms for r in rows),
        "compared": len(both),
        "ebpy_ms_compared": sum(r.ms for r in both),
        "kernel_ms_compared": sum(r.k_ms or 0 for r in both),
        "max_state_ratio": max((r.state_ratio or 0 for r in both), default=0),
        "both_accepted": sum(1 for r in both if r.accepted and r.k_accepted),
        "processed_equal": sum(
            1 for r in both if r.accepted and r.k_accepted and r.processed == r.k_processed
        ),
    }
    return rows, summary


def fmt(v: object, spec: str = "") -> str:
    if v is None:
        return "-"
    return format(v, spec)


def print_rows(title: str, rows: list[Row]) -> None:
    print(f"\n{title}")
    head = (
        f"{'program':28} {'insns':>9} {'k insns':>9} {'states':>7} {'k st':>6} "
        f"{'peak':>5} {'k pk':>5} {'ms':>9} {'k ms':>8} {'x':>6}"
    )
    print(head)
    for r in rows:
        print(
            f"{r.program[:28]:28} {fmt(r.processed):>9} {fmt(r.k_processed):>9} "
            f"{fmt(r.states):>7} {fmt(r.k_states):>6} {fmt(r.peak):>5} {fmt(r.k_peak):>5} "
            f"{r.ms:9.2f} {fmt(r.k_ms, '.3f'):>8} {fmt(r.time_ratio, '.1f'):>6}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--suite", action="store_true", help="also the agreement corpus")
    ap.add_argument("--big", action="store_true", help="also a loop to the 1M-insn limit")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    why = kernel_available()
    with_kernel = why is None
    if not with_kernel and not args.json:
        print(f"kernel side unavailable ({why}); ebpy's figures only")
    report: dict[str, object] = {}
    objects = bench_objects(args.rounds, with_kernel)
    report["objects"] = [asdict(r) for r in objects]
    big = bench_big(with_kernel) if args.big else None
    if big is not None:
        report["big"] = asdict(big)
    suite_rows: list[Row] = []
    if args.suite:
        suite_rows, summary = bench_suite(with_kernel)
        report["suite"] = summary
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print_rows(f"benchmark objects (best of {args.rounds})", objects)
    if big is not None:
        print_rows("instruction limit", [big])
    if args.suite:
        s = report["suite"]
        assert isinstance(s, dict)
        print(
            f"\nsuite: {s['cases']} cases, ebpy {s['ebpy_ms']:.0f} ms in total; "
            f"{s['compared']} compared with the kernel: ebpy {s['ebpy_ms_compared']:.0f} ms, "
            f"kernel {s['kernel_ms_compared']:.1f} ms; processed insns equal in "
            f"{s['processed_equal']} of {s['both_accepted']} accepted by both; largest states "
            f"ratio {s['max_state_ratio']:.2f}"
        )
        slow: Callable[[Row], float] = lambda r: r.ms  # noqa: E731
        print_rows("slowest suite cases", sorted(suite_rows, key=slow, reverse=True)[:8])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
