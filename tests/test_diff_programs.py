"""C programs on the interpreter, the JIT and the kernel: same inputs, same answers.

Each program in tests/programs/diff/ is compiled once and loaded on every engine; every engine
runs the same packets in the same order (maps carry over between runs) and must return the same
values, leave the same packet bytes and the same map contents, and where the program emits
them, the same ring buffer records and trace_printk lines. The benchmark programs run on the
benchmark frames too. Without bpf() the interpreter and the JIT are compared.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

import ebpy
from conftest import KERNEL_REASON, TEST_PROGRAMS, compile_c
from diff.engines import ENGINES, USERSPACE, Outcome, assert_same, run_all

ENGINE_SET = ENGINES if KERNEL_REASON is None else USERSPACE
SOURCES = TEST_PROGRAMS / "diff"
SEED = 20261128


def build(name: str) -> ebpy.spec.CollectionSpec:
    source = (SOURCES / f"{name}.c").read_text()
    header = (SOURCES / "diff.h").read_text()
    # The header is part of the cache key: the object depends on it too.
    path = compile_c(f"/* {hash(header)} */\n" + source, f"diff_{name}", (f"-I{SOURCES}",))
    return ebpy.load_spec(path)


def frames(n: int, size: int, seed: int = SEED) -> list[tuple[bytes, bytes | None]]:
    rng = random.Random(seed)
    return [(rng.randbytes(size), None) for _ in range(n)]


def check(results: dict[str, list[Outcome]]) -> dict[str, list[Outcome]]:
    assert_same(results)
    return results


# ---- maps --------------------------------------------------------------------------------------
LPM = [((8, b"\x0a\x00\x00\x00"), 8), ((16, b"\x0a\x01\x00\x00"), 16), ((24, b"\x0a\x01\x02\x00"), 24),
       ((0, b"\x00\x00\x00\x00"), 1), ((32, b"\xc0\xa8\x00\x01"), 32)]  # fmt: skip
LPM_PROBES = [b"\x0a\x01\x02\x03", b"\x0a\x01\x09\x09", b"\x0a\x07\x00\x00", b"\xc0\xa8\x00\x01",
              b"\xc0\xa8\x00\x02", b"\x0b\x00\x00\x00"]  # fmt: skip
LPM_EXPECTED = [24, 16, 8, 32, 1, 1]  # the longest prefix each probe matches


def word(data: bytes, i: int) -> int:
    """Result word i of a program's output (they start at byte 64, see diff.h)."""
    return int.from_bytes(data[64 + 8 * i : 72 + 8 * i], "little")


def fill_maps(coll: Any, engine: str) -> None:
    m = coll.maps["lpm"]
    for (plen, addr), value in LPM:
        m.update(plen.to_bytes(4, "little") + addr, value.to_bytes(4, "little"))
    lo = (1).to_bytes(4, "little")  # the loopback device's ifindex
    coll.maps["devs"].update((1).to_bytes(4, "little"), lo)
    coll.maps["devs_hash"].update((3).to_bytes(4, "little"), lo)


def test_every_map_type() -> None:
    spec = build("maps")
    rng = random.Random(SEED)
    inputs = []
    for i in range(12):
        data = bytearray(rng.randbytes(512))
        data[1] = i % 5  # a few keys, used again and again (insert, then exist, then delete)
        data[20:24] = LPM_PROBES[i % len(LPM_PROBES)]
        inputs.append((bytes(data), None))
    results = check(run_all(spec, "maps_all", inputs, ENGINE_SET, setup=fill_maps))
    lpm_answers = [word(o.data_out, 12) for o in results["interp"]]
    assert lpm_answers == [LPM_EXPECTED[i % len(LPM_PROBES)] for i in range(12)]
    maps = results["interp"][-1].maps
    assert len(maps["queue"]) == 4  # pushed every run, never popped: full at 4
    assert maps["hash"] and maps["lru"] and maps["pcpu_hash"] and maps["lru_pcpu"]
    redirects = {(word(o.data_out, 29), word(o.data_out, 30)) for o in results["interp"]}
    assert {r[0] for r in redirects} == {2, 4} and {r[1] for r in redirects} == {1, 4}


# ---- calls, loops, global data -----------------------------------------------------------------
def test_subprograms_loops_callbacks_and_globals() -> None:
    spec = build("calls")
    spec.constants["multiplier"] = 7
    results = check(run_all(spec, "calls", frames(10, 512), ENGINE_SET))
    last = results["interp"][-1]
    assert word(last.data_out, 10) == 7  # the constant set before load
    assert word(last.data_out, 9) == 110  # .data started at 100


# ---- tail calls --------------------------------------------------------------------------------
@pytest.mark.parametrize("first_byte", [0, 1, 2, 3, 5])
def test_tail_calls(first_byte: int) -> None:
    spec = build("tail")
    data = bytearray(random.Random(first_byte).randbytes(128))
    data[0] = first_byte
    data[8:16] = bytes(8)
    results = check(run_all(spec, "first", [(bytes(data), None)], ENGINE_SET))
    out = results["interp"][0]
    if first_byte == 5:  # 33 tail calls (first's and 32 of again's), then again's fails
        assert int.from_bytes(out.data_out[8:16], "little") == 33
    assert out.retval == {0: 1, 1: 3, 2: 3, 3: 1, 5: 2}[first_byte]


# ---- helpers -----------------------------------------------------------------------------------
def trace_lines(coll: Any, engine: str, marker: str) -> list[str]:
    """The bpf_trace_printk lines holding `marker` that this collection's runs printed."""
    if engine != "kernel":
        return [ln.rstrip("\n") for ln in coll.trace if marker in ln]
    from ebpy.kernel.tracefs import tracefs_root

    # The trace file, not trace_pipe: reading it consumes nothing another test waits for.
    trace = Path(tracefs_root()) / "trace"
    lines = [ln for ln in trace.read_text().splitlines() if marker in ln]
    return [ln.split("bpf_trace_printk: ", 1)[-1] for ln in lines]


def _ring_records(coll: Any, engine: str) -> list[bytes]:
    reader = coll.maps["events"].reader()
    try:
        return [bytes(x) for x in reader.read()]
    finally:
        close = getattr(reader, "close", None)
        if close is not None:
            close()


def helper_inputs(token: int) -> list[tuple[bytes, bytes | None]]:
    rng = random.Random(SEED)
    inputs = []
    for i in range(6):
        data = bytearray(rng.randbytes(200))
        data[8:12] = token.to_bytes(4, "little")  # in[2]: makes this run's trace lines unique
        data[12:16] = i.to_bytes(4, "little")
        inputs.append((bytes(data), None))
    return inputs


def test_xdp_helpers() -> None:
    spec = build("helpers")
    results = check(
        run_all(spec, "xdp_helpers", helper_inputs(1), ENGINE_SET, collect=_ring_records)
    )
    records = results["interp"][-1].extra
    assert len(records) == 6 + 3  # one output per run, plus the submitted (even) reservations


def test_trace_printk_lines() -> None:
    """Every engine prints the same lines. The kernel's go to the system-wide trace buffer,
    where another test reading trace_pipe at the same moment could take them: a kernel run
    whose lines are gone is repeated (with a new marker) rather than compared."""
    spec = build("helpers")
    for _attempt in range(3):
        token = random.SystemRandom().getrandbits(31)  # the trace buffer keeps older runs' lines
        marker = f"diff-marker {token} "

        def collect(coll: Any, engine: str, marker: str = marker) -> list[str]:
            return trace_lines(coll, engine, marker)

        results = run_all(spec, "xdp_helpers", helper_inputs(token), ENGINE_SET, collect=collect)
        if len(results.get("kernel", results["interp"])[-1].extra) == 6:
            break
    check(results)
    assert results["interp"][-1].extra == [f"diff-marker {token} {i:x}" for i in range(6)]


def test_tc_helpers() -> None:
    spec = build("helpers")
    results = check(run_all(spec, "tc_helpers", frames(4, 160), ENGINE_SET))
    assert {o.retval for o in results["interp"]} <= {0, 2}


def test_socket_filter_helpers() -> None:
    spec = build("helpers")
    results = check(run_all(spec, "sf_helpers", frames(3, 90) + frames(1, 14, 7), ENGINE_SET))
    assert [o.retval for o in results["interp"]] == [76, 76, 76, 0]  # the packet less Ethernet


# ---- the benchmark programs --------------------------------------------------------------------
@pytest.mark.parametrize("name", ["xdp_firewall", "xdp_checksum", "xdp_compute", "xdp_histogram"])
def test_benchmark_programs(bench_dir: Path, name: str) -> None:
    spec = ebpy.load_spec(bench_dir / f"{name}.o")
    frames_in = [(bench_dir / f).read_bytes() for f in ("pkt64.bin", "pkt1500.bin")]
    inputs = [(f, None) for f in frames_in * 2]
    prog = next(iter(spec.programs))
    check(run_all(spec, prog, inputs, ENGINE_SET))


# ---- ebpy's verifier on the same programs ------------------------------------------------------
def _spec(source: str, bench_dir: Path) -> ebpy.spec.CollectionSpec:
    if source.startswith("xdp_"):
        return ebpy.load_spec(bench_dir / f"{source}.o")
    return build(source)


VERIFIER_CASES = [
    ("maps", "maps_all"), ("tail", "first"), ("tail", "again"), ("helpers", "xdp_helpers"),
    ("helpers", "tc_helpers"), ("helpers", "sf_helpers"),
    ("calls", "calls"),
    ("xdp_firewall", "xdp_firewall"), ("xdp_checksum", "xdp_checksum"),
    ("xdp_compute", "xdp_compute"), ("xdp_histogram", "xdp_histogram"),
]  # fmt: skip


@pytest.mark.kernel
@pytest.mark.parametrize("source,program", VERIFIER_CASES)
def test_ebpy_verifier_accepts_what_the_kernel_accepts(
    source: str, program: str, bench_dir: Path
) -> None:
    """ebpy's verifier accepts each program the kernel accepts, within twice the instructions
    the kernel's verifier processed (they agree exactly on most of these)."""
    import dataclasses

    from ebpy.verifier import verify
    from ebpy.verifier.options import Options

    spec = _spec(source, bench_dir)
    with spec.load("kernel", programs=[program], log_level=4) as coll:
        kernel = coll.programs[program].stats.processed_insns
    options = dataclasses.replace(Options.privileged(True, 0), insn_limit=2 * kernel + 1000)
    verify(spec.programs[program], spec.maps, options=options)
