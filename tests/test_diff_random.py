"""Random programs on the interpreter, the JIT and the kernel: every bit must agree.

Each example is one XDP program of SEGMENTS independent random programs (tests/diff/randprog.py
says how they are built so the kernel's verifier accepts them), run on INPUTS random packets
on each engine; the return value, the whole packet (every segment's registers, stack, packet
scratch and map value) and the map must be identical. A disagreement is shrunk to a small
program before the test fails. Without bpf() the interpreter and the JIT are still compared.

CI runs a fixed set of examples (derandomized); EBPY_DIFF_LONG=1 runs a long fuzzing session
with fresh seeds, and EBPY_DIFF_EXAMPLES=N sets the examples per test (docs/testing.md).
"""

from __future__ import annotations

import os
import zlib

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import KERNEL_REASON
from diff import randprog as rp
from diff.chooser import DrawChooser, RandomChooser
from diff.engines import ENGINES, USERSPACE, assert_same, run_all
from diff.shrink import BatchReport, check_program
from ebpy.isa import AluOp, InsnClass, Instruction
from ebpy.verifier import verify

LONG = os.environ.get("EBPY_DIFF_LONG", "") not in ("", "0")
EXAMPLES = int(os.environ.get("EBPY_DIFF_EXAMPLES", "0"))
SEGMENTS = 16
INPUTS = 4
ENGINE_SET = ENGINES if KERNEL_REASON is None else USERSPACE
F = rp.Features

# Batches per CI run, by family; the sum times SEGMENTS is the number of random programs.
FAMILIES: dict[str, tuple[rp.Features, int]] = {
    "alu": (F(alu=True), 12),
    "jumps": (F(jumps=True), 14),
    "loops": (F(jumps=True, loops=True), 14),
    "memory": (F(jumps=True, stack=True, packet=True, map_value=True), 18),
    "atomics": (F(stack=True, map_value=True, atomics=True), 18),
    "everything-a": (F.everything(), 25),
    "everything-b": (F.everything(), 25),
}


def _settings(examples: int) -> settings:
    common = dict(
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None if not LONG else settings.default.database,
    )
    if LONG:
        return settings(max_examples=EXAMPLES or 50 * examples, derandomize=False, **common)
    return settings(
        max_examples=EXAMPLES or examples,
        derandomize=True,
        # A seed has no smaller form worth searching for; diff.shrink shrinks the program.
        phases=[Phase.explicit, Phase.generate],
        **common,
    )


def _family_test(family: str) -> None:
    features, batches = FAMILIES[family]

    @_settings(batches)
    @given(seed=st.integers(0, (1 << 64) - 1))
    def run(seed: int) -> None:
        # Derandomized hypothesis draws the same seeds for every family: salt them apart.
        seed ^= zlib.crc32(family.encode())
        ch = RandomChooser(seed)
        prog = rp.generate(ch, features, SEGMENTS)
        inputs = [rp.packet(ch, prog.packet_size) for _ in range(INPUTS)]
        report = BatchReport()
        try:
            check_program(prog, inputs, ENGINE_SET, report)
        except AssertionError as e:
            raise AssertionError(f"{family} seed {seed}: {e}") from None
        # By construction the kernel accepts every program; one it refuses is a generator bug.
        assert not report.rejected, f"seed {seed}: the kernel refused:\n" + "\n".join(
            report.rejected
        )

    run()


@pytest.mark.parametrize("family", list(FAMILIES))
def test_random_programs(family: str) -> None:
    _family_test(family)


@settings(
    max_examples=EXAMPLES or (2000 if LONG else 30),
    derandomize=not LONG,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.data())
def test_random_program_shrinks(data: st.DataObject) -> None:
    """Single programs drawn by hypothesis itself, which shrinks a failing one to its core;
    ebpy's verifier must accept them too."""
    ch = DrawChooser(data)
    prog = rp.generate(ch, rp.Features.everything(), 1)
    inputs = [(rp.packet(ch, prog.packet_size), None)]
    spec = prog.spec()
    assert_same(run_all(spec, rp.PROGRAM_NAME, inputs, ENGINE_SET))
    # ebpy's own verifier accepts what the kernel's accepts (every generated program).
    verify(spec.programs[rp.PROGRAM_NAME], spec.maps, privileged=True)


def test_comparison_sees_all_64_bits_of_r0() -> None:
    """The harness itself: two programs whose r0 differs only in the upper half return the same
    u32 from a test run, but their packets differ, so a wrong upper half cannot hide."""
    ch = RandomChooser(1)
    base = rp.generate(ch, rp.Features(), 1)
    data = [(rp.packet(ch, base.packet_size), None)]
    set_r0 = [
        rp.Simple([Instruction.lddw(0, 0x1_0000_0007)]),
    ]
    a = rp.RandomProgram([rp.Segment(base.segments[0].init, set_r0)])
    b = rp.RandomProgram(
        [
            rp.Segment(
                base.segments[0].init,
                [rp.Simple([Instruction(InsnClass.ALU64 | AluOp.MOV, 0, 0, 0, 7)])],
            )
        ]
    )
    ra = run_all(a.spec(), rp.PROGRAM_NAME, data, ("interp",))
    rb = run_all(b.spec(), rp.PROGRAM_NAME, data, ("interp",))
    assert ra["interp"][0].retval == rb["interp"][0].retval == 7
    with pytest.raises(AssertionError, match="packet differs"):
        assert_same({"a": ra["interp"], "b": rb["interp"]})
