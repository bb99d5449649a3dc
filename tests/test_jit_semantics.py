"""The JIT computes exactly what the interpreter computes, instruction by instruction.

Every ALU, byte-swap and jump opcode runs over a matrix of edge values (zero, one, all ones,
the sign bits, values just around 32 bits, shift amounts around the width) in one program per
opcode; the operands are loaded from memory so LLVM cannot fold them away. The results (stored
to memory) must equal the interpreter's byte for byte, in the JIT's normal and checked modes,
and the kernel's (an XDP program over the same bytes, through BPF_PROG_TEST_RUN).
"""

from __future__ import annotations

import struct

import pytest

from conftest import KERNEL_REASON
from ebpy.isa import AluOp, EndKind, InsnClass, Instruction, JmpOp, Mode, Size, Source
from ebpy.isa.asm import assemble
from ebpy.jit import run_raw as jit_run
from ebpy.vm import run_raw as vm_run

M64 = (1 << 64) - 1
VALUES = [
    0,
    1,
    2,
    31,
    32,
    63,
    64,
    0x80,
    0x8000,
    0x7FFFFFFF,
    0x80000000,
    0xFFFFFFFF,
    0x100000000,
    0x1_0000_0001,
    0x7FFFFFFFFFFFFFFF,
    0x8000000000000000,
    0xFFFFFFFF80000000,
    0xFFFFFFFFFFFFFFFE,
    M64,
    0x0123456789ABCDEF,
]
# Register operands pair every value with these (all pairs of VALUES would double compile time
# for little: these keep every sign, width and shift boundary).
SOURCES = [
    VALUES.index(v)
    for v in (
        0,
        1,
        31,
        32,
        63,
        0x80,
        0x7FFFFFFF,
        0x80000000,
        0xFFFFFFFF,
        0x1_0000_0001,
        0x8000000000000000,
        0xFFFFFFFF80000000,
        M64,
    )
]
IMMS = [0, 1, -1, 2, 31, 32, 63, 64, 0x7FFFFFFF, -0x80000000, -2, 0x12345678]
OUT = 8 * len(VALUES)  # outputs follow the inputs in the memory block
INPUT = b"".join(struct.pack("<Q", v) for v in VALUES)

ALU_OPS = [op for op in AluOp if op not in (AluOp.END, AluOp.NEG, AluOp.MOV)]


def ldx(dst: int, index: int) -> Instruction:
    return Instruction(InsnClass.LDX | Mode.MEM | Size.DW, dst, 9, 8 * index)


def stx(k: int, src: int) -> Instruction:
    return Instruction(InsnClass.STX | Mode.MEM | Size.DW, 9, src, OUT + 8 * k)


def alu_matrix(opcode: int, off: int = 0, imms: list[int] = IMMS) -> list[Instruction]:
    """dst op src for every pair of values (register form) or dst op imm (immediate form)."""
    body: list[Instruction] = []
    k = 0
    if opcode & Source.X:
        for i in range(len(VALUES)):
            for j in SOURCES:
                body += [ldx(2, i), ldx(3, j), Instruction(opcode, 2, 3, off), stx(k, 2)]
                k += 1
    else:
        for i in range(len(VALUES)):
            for imm in imms:
                body += [ldx(2, i), Instruction(opcode, 2, 0, off, imm), stx(k, 2)]
                k += 1
    return body


def unary_matrix(make: list[Instruction]) -> list[Instruction]:
    """A one-operand instruction (neg, movsx, byte swaps) on r2 for every value."""
    body: list[Instruction] = []
    for i in range(len(VALUES)):
        body += [ldx(2, i), *make, stx(i, 2)]
    return body


def jmp_matrix(opcode: int) -> list[Instruction]:
    """r4 = 1 when the jump is taken, 0 otherwise, for every pair of values."""
    body: list[Instruction] = []
    pairs = (
        [(i, j, 0) for i in range(len(VALUES)) for j in SOURCES]
        if opcode & Source.X
        else [(i, 0, imm) for i in range(len(VALUES)) for imm in IMMS]
    )
    for k, (i, j, imm) in enumerate(pairs):
        body += [
            ldx(2, i),
            ldx(3, j),
            Instruction(0xB7, 4, 0, 0, 1),
            Instruction(opcode, 2, 3 if opcode & Source.X else 0, 1, imm),
            Instruction(0xB7, 4, 0, 0, 0),
            stx(k, 4),
        ]
    return body


def raw_program(body: list[Instruction]) -> list[Instruction]:
    """r1 points at the memory block (the run_raw model)."""
    return [Instruction(0xBF, 9, 1), *body, Instruction(0xB7, 0, 0, 0, 0), Instruction(0x95)]


XDP_LINEAR_MAX = 4096 - 256 - 320  # test runs put more than this in fragments


def xdp_program(body: list[Instruction], size: int) -> list[Instruction]:
    """The same body in XDP: r9 = data once `size` bytes are known to be in the packet."""
    assert size <= XDP_LINEAR_MAX
    prologue = [
        Instruction(0x61, 2, 1, 0),  # r2 = ctx->data
        Instruction(0x61, 3, 1, 4),  # r3 = ctx->data_end
        Instruction(0xBF, 9, 2),  # r9 = r2
        Instruction(0xBF, 4, 2),  # r4 = r2
        Instruction(0x07, 4, 0, 0, size),  # r4 += size
        Instruction(0x2D, 4, 3, len(body)),  # if r4 > r3 goto out
    ]
    return [*prologue, *body, Instruction(0xB7, 0, 0, 0, 2), Instruction(0x95)]


def matrices(kernel: bool = False) -> list[tuple[str, list[Instruction]]]:
    """One program per opcode; for the kernel without the immediates its verifier refuses at
    load time (division by a constant zero, shifts by a constant not below the width)."""
    out: list[tuple[str, list[Instruction]]] = []
    nonzero = [i for i in IMMS if i != 0] if kernel else IMMS
    for cls in (InsnClass.ALU64, InsnClass.ALU):
        width = "64" if cls == InsnClass.ALU64 else "32"
        bits = 64 if cls == InsnClass.ALU64 else 32
        for op in ALU_OPS:
            imms = nonzero if op in (AluOp.DIV, AluOp.MOD) else IMMS
            if kernel and op in (AluOp.LSH, AluOp.RSH, AluOp.ARSH):
                imms = [i for i in IMMS if 0 <= i < bits]
            for src in (Source.X, Source.K):
                out.append(
                    (f"{op.name.lower()}{width}_{src.name}", alu_matrix(cls | op | src, 0, imms))
                )
        for op in (AluOp.DIV, AluOp.MOD):
            for src in (Source.X, Source.K):
                name = f"s{op.name.lower()}{width}_{src.name}"
                out.append((name, alu_matrix(cls | op | src, off=1, imms=nonzero)))
        out.append((f"neg{width}", unary_matrix([Instruction(cls | AluOp.NEG, 2)])))
        out.append((f"mov{width}_X", unary_matrix([Instruction(cls | AluOp.MOV | Source.X, 2, 2)])))
        out.append((f"mov{width}_K", alu_matrix(cls | AluOp.MOV | Source.K)))
        for bits in (8, 16, 32) if cls == InsnClass.ALU64 else (8, 16):
            movsx = Instruction(cls | AluOp.MOV | Source.X, 2, 2, bits)
            out.append((f"movsx{bits}_{width}", unary_matrix([movsx])))
    for kind, opcode in (
        (EndKind.TO_LE, InsnClass.ALU | AluOp.END),
        (EndKind.TO_BE, InsnClass.ALU | AluOp.END | Source.X),
        (EndKind.BSWAP, InsnClass.ALU64 | AluOp.END),
    ):
        for bits in (16, 32, 64):
            out.append(
                (f"{kind.name.lower()}{bits}", unary_matrix([Instruction(opcode, 2, 0, 0, bits)]))
            )
    for cls in (InsnClass.JMP, InsnClass.JMP32):
        width = "" if cls == InsnClass.JMP else "32"
        for op in JmpOp:
            if op in (JmpOp.JA, JmpOp.CALL, JmpOp.EXIT):
                continue
            for src in (Source.X, Source.K):
                out.append((f"{op.name.lower()}{width}_{src.name}", jmp_matrix(cls | op | src)))
    return out


MATRICES = matrices()
KERNEL_MATRICES = dict(matrices(kernel=True))


def out_size(body: list[Instruction]) -> int:
    stores = sum(1 for i in body if i.opcode == InsnClass.STX | Mode.MEM | Size.DW)
    return OUT + 8 * stores


def kernel_output(body: list[Instruction], memory: bytes) -> bytes:
    from ebpy.kernel import load_program
    from ebpy.spec import ProgramType

    with load_program(xdp_program(body, len(memory)), ProgramType.XDP, name="jit_matrix") as p:
        return p.test_run(memory).data_out


@pytest.mark.parametrize("name,body", MATRICES, ids=[m[0] for m in MATRICES])
def test_opcode_matrix(name: str, body: list[Instruction]) -> None:
    """Equal to the interpreter, and (where bpf() works) to the kernel on the same bytes."""
    memory = INPUT.ljust(out_size(body), b"\0")
    insns = raw_program(body)
    # Checked mode differs only in how loads and stores are emitted (tested below), so the
    # matrices run in the normal mode.
    ours = jit_run(insns, memory, checked=False)
    assert ours == vm_run(insns, memory)
    if KERNEL_REASON is not None:
        return
    kbody = KERNEL_MATRICES[name]
    if kbody != body:
        memory = INPUT.ljust(out_size(kbody), b"\0")
        ours = jit_run(raw_program(kbody), memory, checked=False)
    assert kernel_output(kbody, memory) == ours[1]


# ---- the interpreter's semantics tests, on the JIT ---------------------------------------------
def _vm_cases() -> list[tuple[str, str, int]]:
    from test_vm_semantics import CASES

    return list(CASES)


VM_CASES = _vm_cases()


@pytest.mark.parametrize("checked", [False, True], ids=["native", "checked"])
@pytest.mark.parametrize("name,text,expected", VM_CASES, ids=[c[0] for c in VM_CASES])
def test_interpreter_cases(name: str, text: str, expected: int, checked: bool) -> None:
    assert jit_run(assemble(text), checked=checked)[0] == expected


MEM = bytes(range(1, 17))


def r0(text: str, memory: bytes | None = None, checked: bool = False) -> int:
    return jit_run(assemble(text), memory, checked=checked)[0]


@pytest.mark.parametrize("checked", [False, True], ids=["native", "checked"])
def test_loads_stores_and_sign_extension(checked: bool) -> None:
    assert r0("ldxb %r0, [%r1+1]\nexit", MEM, checked) == 2
    assert r0("ldxh %r0, [%r1+1]\nexit", MEM, checked) == 0x0302
    assert r0("ldxw %r0, [%r1+0]\nexit", MEM, checked) == 0x04030201
    assert r0("ldxdw %r0, [%r1+8]\nexit", MEM, checked) == 0x100F0E0D0C0B0A09
    mem = bytes([0x80, 0xFF, 0x00, 0x80, 0x01, 0x02, 0x03, 0x04])
    assert r0("ldxsb %r0, [%r1+0]\nexit", mem, checked) == (-128) & M64
    assert r0("ldxsh %r0, [%r1+0]\nexit", mem, checked) == (-128) & M64
    assert r0("ldxsw %r0, [%r1+0]\nexit", mem, checked) == 0x8000FF80 | (0xFFFFFFFF << 32)
    prog = assemble("lddw %r2, 0x1122334455667788\nstxh [%r1+2], %r2\nstb [%r1+0], 0x1ff\nexit")
    assert jit_run(prog, bytes(8), checked=checked)[1] == bytes([0xFF, 0, 0x88, 0x77, 0, 0, 0, 0])


ATOMICS = """
    mov %r2, 5
    lock add [%r1+0], %r2
    mov %r3, 3
    lock fetch add [%r1+0], %r3
    lddw %r4, 0xffffffff00000001
    lock fetch or32 [%r1+8], %r4
    mov %r5, 0x0f
    lock and [%r1+16], %r5
    mov %r6, 0xff
    lock fetch xor32 [%r1+24], %r6
    mov %r7, 77
    lock xchg [%r1+32], %r7
    mov %r0, 40
    mov %r8, 99
    lock cmpxchg [%r1+40], %r8
    lddw %r0, 0xffffffff00000007
    mov %r8, 9
    lock cmpxchg32 [%r1+48], %r8
    add %r0, %r3
    add %r0, %r4
    add %r0, %r6
    add %r0, %r7
    exit
"""


@pytest.mark.parametrize("checked", [False, True], ids=["native", "checked"])
@pytest.mark.parametrize("on_stack", [False, True], ids=["memory", "stack"])
def test_atomics(checked: bool, on_stack: bool) -> None:
    """Every atomic, 32 and 64 bit, on memory (LLVM atomics) and on the frame (plain ops)."""
    text = ATOMICS
    memory = struct.pack("<7Q", 10, 0xF0, 0xAA, 0x5A5A, 4, 40, 7)
    if on_stack:
        # Copy the block to the frame, run there, copy back: same results expected.
        copy_in = "".join(
            f"ldxdw %r2, [%r1+{8 * i}]\nstxdw [%r10-{64 - 8 * i}], %r2\n" for i in range(7)
        )
        copy_out = "".join(
            f"ldxdw %r2, [%r10-{64 - 8 * i}]\nstxdw [%r9+{8 * i}], %r2\n" for i in range(7)
        )
        body = text.replace("[%r1+", "[%r9+").replace("exit", "")
        body = body.replace("[%r9+", "[%r10-64+")
        # Frame offsets: r10-64+N is written as r10-(64-N).
        for n in range(0, 56, 8):
            body = body.replace(f"[%r10-64+{n}]", f"[%r10-{64 - n}]")
        text = f"mov %r9, %r1\n{copy_in}{body}{copy_out}exit"
    insns = assemble(text)
    assert jit_run(insns, memory, checked=checked) == vm_run(insns, memory)


def test_frame_pointer_copies_and_merges() -> None:
    """Stack pointers copied, offset, merged from two paths and passed around stay exact."""
    text = """
        mov %r0, 0
        mov %r2, %r10
        add %r2, -16
        stdw [%r2+0], 7
        stdw [%r2+8], 11
        jeq %r1, 0, +2
        mov %r3, %r2
        ja +2
        mov %r3, %r10
        add %r3, -8
        ldxdw %r0, [%r3+0]
        mov %r4, %r10
        sub %r4, %r3
        add %r0, %r4
        exit
    """
    insns = assemble(text)
    for mem in (None, b"\1" * 8):
        assert jit_run(insns, mem) == vm_run(insns, mem)
