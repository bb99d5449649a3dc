"""The code generator's own dead-store work on the frame (codegen.FunctionCodegen._frame_effect):
stores of zero over the zeroed frame are dropped, and bytes the entry block stores to before
reading them are left out of the memset. Each program here is compared with the interpreter,
on inputs that decide which paths run, and the IR is checked for what was dropped."""

from __future__ import annotations

import re

import pytest

from ebpy.isa import Instruction, slot_map
from ebpy.isa.asm import assemble
from ebpy.jit.codegen import CodegenOptions
from ebpy.jit.module import build_module
from ebpy.jit.program import JitProgram
from ebpy.vm import run_raw as vm_run

INPUTS = [0, 1, 7, 0xFFFF_FFFF, 0x0123_4567_89AB_CDEF]


def _reference(insns: list[Instruction], r1: int) -> int:
    r0, _ = vm_run([Instruction.lddw(1, r1), *insns], None, budget=None)
    return r0


def _ir(text: str, checked: bool = False) -> str:
    insns = assemble(text)
    options = CodegenOptions(checked=checked)
    return build_module(insns, slot_map(insns), len(insns), [], options).text


def _frame_stores(ir: str) -> int:
    """Stores to the frame in the program's function (its GEPs are on %stk)."""
    ir = ir[ir.index("define internal fastcc i64 @f0") :]
    ir = ir[: ir.index("\n}")]  # values are numbered per function
    ptrs = set(re.findall(r"(%\d+) = getelementptr inbounds i8, ptr %stk", ir))
    return sum(1 for m in re.finditer(r"store i\d+ \S+, ptr (%\d+)", ir) if m.group(1) in ptrs)


def _memset(ir: str) -> tuple[str, int] | None:
    """(pointer, length) of the frame's memset, None without one."""
    m = re.search(r"memset\.p0\.i64\(ptr align \d+ (%[\w.]+), i8 0, i64 (\d+)", ir)
    return None if m is None else (m.group(1), int(m.group(2)))


PROGRAMS = {
    # A zero store over untouched bytes, read back: dropped, the memset keeps the bytes.
    "zero_over_zero": "stw [%r10-4], 0\nldxw %r0, [%r10-4]\nexit",
    # A store, then zero over it: the zero must stay.
    "zero_over_value": "stxdw [%r10-8], %r1\nstw [%r10-8], 0\nldxdw %r0, [%r10-8]\nexit",
    # The top half of a slot written, then the whole slot read: the other half is zeroed.
    "partly_written": "stxw [%r10-4], %r1\nldxdw %r0, [%r10-8]\nexit",
    # A read before the write: the bytes must be zeroed although the block stores to them.
    "read_then_written": "ldxdw %r0, [%r10-8]\nstxdw [%r10-8], %r1\nldxdw %r2, [%r10-8]\n"
    "add %r0, %r2\nexit",
    # The frame written through an address the code generator does not follow: a zero store
    # after it is not known to store zero over zero.
    "through_other_pointer": "mov %r2, %r10\nmov %r3, %r1\nand %r3, 8\nadd %r2, %r3\n"
    "stxdw [%r2-16], %r1\nstdw [%r10-8], 0\nldxdw %r0, [%r10-8]\nexit",
    # The frame read through such an address: the memset must cover what the block writes.
    "read_through_other_pointer": "mov %r2, %r10\nmov %r3, %r1\nand %r3, 8\nsub %r2, %r3\n"
    "ldxdw %r0, [%r2-8]\nstxdw [%r10-8], %r1\nstxdw [%r10-16], %r1\nexit",
    # Zeros known on to later blocks whose predecessors all knew them; a block after a loop's
    # back edge knows nothing.
    "across_blocks": "stxw [%r10-16], %r1\njeq %r1, 0, +1\nmov %r0, 1\nstw [%r10-4], 0\n"
    "stw [%r10-16], 0\nldxw %r0, [%r10-4]\nldxw %r2, [%r10-16]\nadd %r0, %r2\nexit",
    "loop": "mov %r0, 0\nmov %r2, 3\nldxw %r3, [%r10-4]\nadd %r0, %r3\nstw [%r10-4], 0\n"
    "stxw [%r10-4], %r2\nsub %r2, 1\njne %r2, 0, -6\nexit",
    # The whole frame written by the entry block before any read: no memset at all.
    "all_written": "\n".join(f"stdw [%r10-{off}], 1" for off in range(8, 513, 8))
    + "\nldxdw %r0, [%r10-512]\nexit",
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_programs_keep_the_interpreters_results(name: str) -> None:
    insns = assemble(PROGRAMS[name])
    prog = JitProgram(insns)
    for value in INPUTS:
        assert prog(value) == _reference(insns, value), (name, hex(value))


def test_zero_over_the_zeroed_frame_is_dropped() -> None:
    ir = _ir(PROGRAMS["zero_over_zero"])
    assert _frame_stores(ir) == 0
    assert _memset(ir) == ("%stk", 512)
    assert _frame_stores(_ir(PROGRAMS["zero_over_value"])) == 2  # both stay
    assert _frame_stores(_ir(PROGRAMS["through_other_pointer"])) == 1  # the zero stays
    # Later blocks: the zeros after the branch are dropped but for the one over r1's bytes.
    assert _frame_stores(_ir(PROGRAMS["across_blocks"])) == 2


def test_memset_leaves_out_bytes_written_before_any_read() -> None:
    # The top eight bytes written first: the memset stops short of them.
    ir = _ir("stxdw [%r10-8], %r1\nldxdw %r0, [%r10-16]\nexit")
    assert _memset(ir) == ("%stk", 504)
    # The lowest bytes written first: the memset starts above them.
    ir = _ir("stxdw [%r10-512], %r1\nldxdw %r0, [%r10-8]\nexit")
    assert _memset(ir) == ("%stk.lo", 504)
    assert _memset(_ir(PROGRAMS["read_then_written"])) == ("%stk", 512)
    assert _memset(_ir(PROGRAMS["partly_written"])) == ("%stk", 508)
    assert _memset(_ir(PROGRAMS["read_through_other_pointer"])) == ("%stk", 512)
    assert _memset(_ir(PROGRAMS["all_written"])) is None
    # The same in checked mode, where the frame lives in the run state's stack area.
    assert _memset(_ir(PROGRAMS["all_written"], checked=True)) is None
    assert _memset(_ir(PROGRAMS["zero_over_zero"], checked=True)) == ("%stk", 512)
