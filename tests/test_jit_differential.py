"""Random programs on the interpreter and the JIT: r0 and memory must match exactly.

Hypothesis writes straight-line programs with forward jumps over every instruction family (ALU
and ALU64 with every operation, signed division, sign-extending moves and byte swaps; JMP and
JMP32 conditions; loads, sign-extending loads and stores of every width on a memory block and
on the stack; every atomic of 32 and 64 bits). Registers start from edge-biased random values
and all of them are stored to memory at the end, so any difference anywhere shows.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebpy.isa import AluOp, AtomicOp, InsnClass, Instruction, JmpOp, Mode, Size, Source
from ebpy.jit import run_raw as jit_run
from ebpy.vm import run_raw as vm_run

M64 = (1 << 64) - 1
DATA = 64  # bytes of memory the program plays with; the registers are stored after them
REGS = [0, 2, 3, 4, 5, 6, 7, 8, 9]  # r1 holds the memory block, r10 the frame
EDGES64 = [0, 1, 2, 31, 32, 63, 64, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF,
           0x80000000, 0xFFFFFFFF, 0x100000000, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000,
           M64, M64 - 1, 0xFFFFFFFF80000000]  # fmt: skip
EDGES32 = [0, 1, -1, 2, 31, 32, 63, 64, 0x7FFFFFFF, -0x80000000, -2, 0xFF, 0x8000]

u64s = st.one_of(st.sampled_from(EDGES64), st.integers(0, M64))
s32s = st.one_of(st.sampled_from(EDGES32), st.integers(-(1 << 31), (1 << 31) - 1))
regs = st.sampled_from(REGS)
SIZES = {Size.B: 1, Size.H: 2, Size.W: 4, Size.DW: 8}


@dataclass
class Jump:
    """A forward jump, resolved to a slot offset once the program is laid out."""

    insn: Instruction
    target: int  # index of the instruction it lands on


@st.composite
def alu(draw: st.DrawFn) -> Instruction:
    cls = draw(st.sampled_from([InsnClass.ALU, InsnClass.ALU64]))
    op = draw(st.sampled_from(list(AluOp)))
    dst = draw(regs)
    if op == AluOp.END:
        bits = draw(st.sampled_from([16, 32, 64]))
        opcode = draw(
            st.sampled_from(
                [InsnClass.ALU | AluOp.END, InsnClass.ALU | AluOp.END | Source.X, InsnClass.ALU64 | AluOp.END]
            )
        )  # fmt: skip
        return Instruction(opcode, dst, 0, 0, bits)
    if op == AluOp.NEG:
        return Instruction(cls | op, dst)
    x = draw(st.booleans())
    off = 0
    if op in (AluOp.DIV, AluOp.MOD):
        off = draw(st.sampled_from([0, 1]))
    if op == AluOp.MOV and x:
        off = draw(st.sampled_from([0, 8, 16, 32] if cls == InsnClass.ALU64 else [0, 8, 16]))
    if x:
        return Instruction(cls | op | Source.X, dst, draw(regs), off)
    return Instruction(cls | op, dst, 0, off, draw(s32s))


@st.composite
def memory_access(draw: st.DrawFn) -> Instruction:
    size = draw(st.sampled_from(list(SIZES)))
    n = SIZES[size]
    on_stack = draw(st.booleans())
    if on_stack:
        base, off = 10, -draw(st.integers(n, 512))
    else:
        base, off = 1, draw(st.integers(0, DATA - n))
    kind = draw(st.sampled_from(["ldx", "ldxs", "st", "stx"]))
    if kind == "ldx":
        return Instruction(InsnClass.LDX | Mode.MEM | size, draw(regs), base, off)
    if kind == "ldxs" and size != Size.DW:
        return Instruction(InsnClass.LDX | Mode.MEMSX | size, draw(regs), base, off)
    if kind == "st":
        return Instruction(InsnClass.ST | Mode.MEM | size, base, 0, off, draw(s32s))
    return Instruction(InsnClass.STX | Mode.MEM | size, base, draw(regs), off)


@st.composite
def atomic(draw: st.DrawFn) -> Instruction:
    size = draw(st.sampled_from([Size.W, Size.DW]))
    n = SIZES[size]
    if draw(st.booleans()):
        base, off = 10, -n * draw(st.integers(1, 512 // n))
    else:
        base, off = 1, n * draw(st.integers(0, DATA // n - 1))
    op = draw(st.sampled_from(list(AtomicOp)))
    return Instruction(InsnClass.STX | Mode.ATOMIC | size, base, draw(regs), off, int(op))


@st.composite
def jump(draw: st.DrawFn, position: int, end: int) -> Jump:
    target = draw(st.integers(position + 1, end))
    if draw(st.integers(0, 9)) == 0:
        return Jump(Instruction(0x05), target)  # ja
    cls = draw(st.sampled_from([InsnClass.JMP, InsnClass.JMP32]))
    op = draw(st.sampled_from([o for o in JmpOp if o not in (JmpOp.JA, JmpOp.CALL, JmpOp.EXIT)]))
    if draw(st.booleans()):
        return Jump(Instruction(cls | op | Source.X, draw(regs), draw(regs)), target)
    return Jump(Instruction(cls | op, draw(regs), 0, 0, draw(s32s)), target)


@st.composite
def programs(draw: st.DrawFn, families: tuple[str, ...]) -> list[Instruction]:
    n = draw(st.integers(1, 30))
    body: list[Instruction | Jump] = []
    for position in range(n):
        family = draw(st.sampled_from(families))
        if family == "alu":
            body.append(draw(alu()))
        elif family == "mem":
            body.append(draw(memory_access()))
        elif family == "atomic":
            body.append(draw(atomic()))
        else:
            body.append(draw(jump(position, n)))
    prologue = [Instruction.lddw(r, draw(u64s)) for r in REGS]
    epilogue = [
        Instruction(InsnClass.STX | Mode.MEM | Size.DW, 1, r, DATA + 8 * i)
        for i, r in enumerate(REGS)
    ]
    return [*prologue, *lay_out(body), *epilogue, Instruction(0x95)]


def lay_out(body: list[Instruction | Jump]) -> list[Instruction]:
    """Resolve jump targets (instruction indexes, n = past the end) to slot offsets."""
    slots = [0]
    for item in body:
        insn = item.insn if isinstance(item, Jump) else item
        slots.append(slots[-1] + insn.slots)
    out = []
    for i, item in enumerate(body):
        if isinstance(item, Jump):
            offset = slots[item.target] - slots[i] - 1
            insn = item.insn
            out.append(Instruction(insn.opcode, insn.dst, insn.src, offset, insn.imm))
        else:
            out.append(item)
    return out


def memory_block(seed: int) -> bytes:
    words = [(seed * 0x9E3779B97F4A7C15 + i * 0xBF58476D1CE4E5B9) & M64 for i in range(DATA // 8)]
    return struct.pack(f"<{DATA // 8}Q", *words) + bytes(8 * len(REGS))


def check(insns: list[Instruction], seed: int, checked: bool = False) -> None:
    memory = memory_block(seed)
    assert jit_run(insns, memory, checked=checked) == vm_run(insns, memory)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(programs(("alu",)), st.integers(0, 1 << 32))
def test_random_alu(insns: list[Instruction], seed: int) -> None:
    check(insns, seed)


@SETTINGS
@given(programs(("alu", "jmp")), st.integers(0, 1 << 32))
def test_random_alu_and_jumps(insns: list[Instruction], seed: int) -> None:
    check(insns, seed)


@SETTINGS
@given(programs(("alu", "mem", "jmp")), st.integers(0, 1 << 32))
def test_random_loads_and_stores(insns: list[Instruction], seed: int) -> None:
    check(insns, seed)


@SETTINGS
@given(programs(("alu", "atomic", "mem")), st.integers(0, 1 << 32))
def test_random_atomics(insns: list[Instruction], seed: int) -> None:
    check(insns, seed)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(("alu", "mem", "atomic", "jmp")), st.integers(0, 1 << 32))
def test_random_programs_checked_mode(insns: list[Instruction], seed: int) -> None:
    check(insns, seed, checked=True)
