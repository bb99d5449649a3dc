"""Exact semantics of every instruction family in the reference interpreter (RFC 9669).

Expected values come from the RFC's definitions, worked by hand; the differential tests compare
the interpreter with the kernel on random programs.
"""

from __future__ import annotations

import pytest

from ebpy.errors import MemoryFault, RuntimeFault
from ebpy.isa import Instruction, PseudoSrc
from ebpy.isa.asm import assemble
from ebpy.vm import run_raw

M64 = (1 << 64) - 1
INT64_MIN = 1 << 63


def r0_of(text: str, memory: bytes | None = None) -> int:
    return run_raw(assemble(text), memory)[0]


CASES: list[tuple[str, str, int]] = [
    # name, program (uBPF syntax), expected r0
    ("add64 wraps", "lddw %r0, 0xffffffffffffffff\nadd %r0, 2\nexit", 1),
    ("add32 zero-extends", "lddw %r0, 0x1ffffffff\nadd32 %r0, 1\nexit", 0),
    ("sub32 negative", "mov %r0, 0\nsub32 %r0, 1\nexit", 0xFFFFFFFF),
    ("sub64 negative", "mov %r0, 0\nsub %r0, 1\nexit", M64),
    ("mov imm sign-extends", "mov %r0, -1\nexit", M64),
    ("mov32 imm zero-extends", "mov32 %r0, -1\nexit", 0xFFFFFFFF),
    ("mov32 reg truncates", "lddw %r1, 0x123456789\nmov32 %r0, %r1\nexit", 0x23456789),
    (
        "mul64 wraps",
        "lddw %r0, 0x100000001\nlddw %r1, 0x100000001\nmul %r0, %r1\nexit",
        0x200000001,
    ),
    ("mul32", "mov %r0, 0x10000\nmul32 %r0, 0x10000\nexit", 0),
    ("div64 by zero reg", "mov %r0, 7\nmov %r1, 0\ndiv %r0, %r1\nexit", 0),
    ("div32 by zero reg upper bits", "lddw %r1, 0x100000000\nmov %r0, 7\ndiv32 %r0, %r1\nexit", 0),
    ("div64 imm unsigned", "mov %r0, -1\ndiv %r0, 2\nexit", M64 // 2),
    ("div64 imm negative is huge", "mov %r0, 7\ndiv %r0, -1\nexit", 0),
    ("div32 imm unsigned 32", "mov32 %r0, -1\ndiv32 %r0, -1\nexit", 1),
    ("mod64 by zero keeps dst", "mov %r0, 7\nmov %r1, 0\nmod %r0, %r1\nexit", 7),
    ("mod32 by zero zero-extends", "lddw %r0, 0x100000007\nmov %r1, 0\nmod32 %r0, %r1\nexit", 7),
    ("mod64", "mov %r0, 17\nmod %r0, 5\nexit", 2),
    ("sdiv64 truncates", "mov %r0, -7\nsdiv %r0, 2\nexit", (-3) & M64),
    ("sdiv64 by zero", "mov %r0, -7\nmov %r1, 0\nsdiv %r0, %r1\nexit", 0),
    ("sdiv64 INT_MIN/-1", "lddw %r0, 0x8000000000000000\nsdiv %r0, -1\nexit", INT64_MIN),
    ("sdiv32 INT_MIN/-1", "mov32 %r0, 0x80000000\nsdiv32 %r0, -1\nexit", 0x80000000),
    ("sdiv32 negative", "mov32 %r0, -9\nsdiv32 %r0, 2\nexit", (-4) & 0xFFFFFFFF),
    ("smod64 sign of dividend", "mov %r0, -7\nsmod %r0, 3\nexit", (-1) & M64),
    ("smod64 negative divisor", "mov %r0, 7\nsmod %r0, -3\nexit", 1),
    ("smod64 INT_MIN % -1", "lddw %r0, 0x8000000000000000\nsmod %r0, -1\nexit", 0),
    ("smod64 by zero keeps", "mov %r0, -7\nmov %r1, 0\nsmod %r0, %r1\nexit", (-7) & M64),
    (
        "smod32 by zero zero-extends",
        "mov %r0, -7\nmov %r1, 0\nsmod32 %r0, %r1\nexit",
        (-7) & 0xFFFFFFFF,
    ),
    ("lsh64 masks amount", "mov %r0, 1\nmov %r1, 65\nlsh %r0, %r1\nexit", 2),
    ("lsh32 masks amount", "mov %r0, 1\nmov %r1, 33\nlsh32 %r0, %r1\nexit", 2),
    ("rsh64", "mov %r0, -1\nrsh %r0, 60\nexit", 0xF),
    ("rsh32 uses low half", "mov %r0, -1\nrsh32 %r0, 28\nexit", 0xF),
    ("arsh64", "mov %r0, -16\narsh %r0, 2\nexit", (-4) & M64),
    ("arsh32 sign of bit 31", "mov32 %r0, 0x80000000\narsh32 %r0, 4\nexit", 0xF8000000),
    ("arsh32 ignores upper half", "lddw %r0, 0x8000000070000000\narsh32 %r0, 4\nexit", 0x07000000),
    ("neg64", "mov %r0, 1\nneg %r0\nexit", M64),
    ("neg32", "mov %r0, 1\nneg32 %r0\nexit", 0xFFFFFFFF),
    ("and/or/xor", "mov %r0, 0xf0\nor %r0, 0x0f\nand %r0, 0x3c\nxor %r0, 0xff\nexit", 0xC3),
    ("xor32 zero-extends", "mov %r0, -1\nxor32 %r0, 0\nexit", 0xFFFFFFFF),
    ("movsx8 64", "mov %r1, 0x80\nmovsx864 %r0, %r1\nexit", (-128) & M64),
    ("movsx16 64", "mov %r1, 0x7fff\nmovsx1664 %r0, %r1\nexit", 0x7FFF),
    ("movsx32 64", "mov32 %r1, 0x80000000\nmovsx3264 %r0, %r1\nexit", (-(1 << 31)) & M64),
    ("movsx8 32", "mov %r1, 0xff\nmovsx832 %r0, %r1\nexit", 0xFFFFFFFF),
    ("movsx16 32", "mov %r1, 0x8000\nmovsx1632 %r0, %r1\nexit", 0xFFFF8000),
    ("be16", "lddw %r0, 0x1122334455667788\nbe16 %r0\nexit", 0x8877),
    ("be32", "lddw %r0, 0x1122334455667788\nbe32 %r0\nexit", 0x88776655),
    ("be64", "lddw %r0, 0x1122334455667788\nbe64 %r0\nexit", 0x8877665544332211),
    ("le16 truncates", "lddw %r0, 0x1122334455667788\nle16 %r0\nexit", 0x7788),
    ("le32 truncates", "lddw %r0, 0x1122334455667788\nle32 %r0\nexit", 0x55667788),
    ("le64 keeps", "lddw %r0, 0x1122334455667788\nle64 %r0\nexit", 0x1122334455667788),
    ("bswap16", "lddw %r0, 0x1122334455667788\nbswap16 %r0\nexit", 0x8877),
    ("bswap64", "lddw %r0, 0x1122334455667788\nbswap64 %r0\nexit", 0x8877665544332211),
    ("jsgt signed", "mov %r0, 0\nmov %r1, -1\njsgt %r1, 0, +1\nmov %r0, 1\nexit", 1),
    ("jgt unsigned", "mov %r0, 0\nmov %r1, -1\njgt %r1, 0, +1\nmov %r0, 1\nexit", 0),
    ("jslt imm", "mov %r0, 0\nmov %r1, -5\njslt %r1, -4, +1\nmov %r0, 1\nexit", 0),
    ("jsle reg", "mov %r0, 0\nmov %r1, -5\nmov %r2, -5\njsle %r1, %r2, +1\nmov %r0, 1\nexit", 0),
    ("jset", "mov %r0, 0\nmov %r1, 6\njset %r1, 2, +1\nmov %r0, 1\nexit", 0),
    ("jne", "mov %r0, 0\njne %r0, 0, +1\nmov %r0, 1\nexit", 1),
    (
        "jlt jle jge",
        "mov %r0, 3\njlt %r0, 3, +3\njle %r0, 3, +1\nexit\njge %r0, 4, +1\nmov %r0, 9\nexit",
        9,
    ),
    (
        "jeq32 ignores upper",
        "lddw %r1, 0x100000005\nmov %r0, 0\njeq32 %r1, 5, +1\nmov %r0, 1\nexit",
        0,
    ),
    ("jgt32 unsigned", "mov %r0, 0\nmov32 %r1, -1\njgt32 %r1, 1, +1\nmov %r0, 1\nexit", 0),
    ("jsgt32 signed", "mov %r0, 0\nmov32 %r1, -1\njsgt32 %r1, 1, +1\nmov %r0, 1\nexit", 1),
    (
        "jslt32 ignores upper",
        "lddw %r1, 0x7fffffff80000000\nmov %r0, 0\njslt32 %r1, 0, +1\nmov %r0, 1\nexit",
        0,
    ),
    ("ja", "mov %r0, 1\nja +1\nmov %r0, 2\nexit", 1),
    ("gotol (llvm syntax)", "r0 = 1\ngotol +1\nr0 = 2\nexit", 1),
    ("lddw", "lddw %r0, 0xdeadbeefcafef00d\nexit", 0xDEADBEEFCAFEF00D),
    (
        "loop sums 1..10",
        "mov %r0, 0\nmov %r1, 10\nloop:\nadd %r0, %r1\nsub %r1, 1\njne %r1, 0, loop\nexit",
        55,
    ),
    (
        "local call keeps r6-r9 and gets its own stack",
        "mov %r6, 5\nstxdw [%r10-8], %r6\nmov %r1, 3\ncall local fn\nldxdw %r1, [%r10-8]\nadd %r0, %r1\nadd %r0, %r6\nexit\n"
        "fn:\nmov %r6, 100\nstxdw [%r10-8], %r6\nmov %r0, %r1\nexit",
        13,
    ),
]


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_instruction_semantics(name: str, text: str, expected: int) -> None:
    assert r0_of(text) == expected


MEM = bytes(range(1, 17))


def test_loads_are_little_endian_and_zero_extended() -> None:
    assert r0_of("ldxb %r0, [%r1+1]\nexit", MEM) == 2
    assert r0_of("ldxh %r0, [%r1+1]\nexit", MEM) == 0x0302
    assert r0_of("ldxw %r0, [%r1+0]\nexit", MEM) == 0x04030201
    assert r0_of("ldxdw %r0, [%r1+8]\nexit", MEM) == 0x100F0E0D0C0B0A09


def test_sign_extending_loads() -> None:
    mem = bytes([0x80, 0xFF, 0x00, 0x80, 0x01, 0x02, 0x03, 0x04])
    assert r0_of("ldxsb %r0, [%r1+0]\nexit", mem) == (-128) & M64
    assert r0_of("ldxsh %r0, [%r1+0]\nexit", mem) == (-128) & M64
    assert r0_of("ldxsw %r0, [%r1+0]\nexit", mem) == 0x8000FF80 | (0xFFFFFFFF << 32)


def test_stores_truncate_to_their_width() -> None:
    _, out = run_raw(
        assemble("lddw %r2, 0x1122334455667788\nstxh [%r1+2], %r2\nstb [%r1+0], 0x1ff\nexit"),
        bytes(8),
    )
    assert out == bytes([0xFF, 0, 0x88, 0x77, 0, 0, 0, 0])


def test_atomics_64_and_32() -> None:
    prog = """
        mov %r2, 5
        lock add [%r1+0], %r2
        mov %r3, 3
        lock fetch add [%r1+0], %r3
        mov %r0, %r3
        exit
    """
    r0, out = run_raw(assemble(prog), (10).to_bytes(8, "little"))
    assert r0 == 15
    assert int.from_bytes(out, "little") == 18
    prog32 = """
        lddw %r2, 0xffffffff00000001
        lock fetch or32 [%r1+0], %r2
        mov %r0, %r2
        exit
    """
    r0, out = run_raw(assemble(prog32), (0xF0).to_bytes(4, "little") + b"\xaa" * 4)
    assert r0 == 0xF0  # old value, zero-extended
    assert out == (0xF1).to_bytes(4, "little") + b"\xaa" * 4  # neighbours untouched


def test_xchg_and_cmpxchg() -> None:
    prog = """
        mov %r2, 7
        lock xchg [%r1+0], %r2
        mov %r0, 1
        mov %r3, 9
        lock cmpxchg [%r1+0], %r3
        exit
    """
    r0, out = run_raw(assemble(prog), (4).to_bytes(8, "little"))
    assert r0 == 7  # cmpxchg returns the old value; 1 != 7 so nothing stored
    assert int.from_bytes(out, "little") == 7
    prog_eq = "mov %r0, 7\nmov %r3, 9\nlock cmpxchg [%r1+0], %r3\nexit"
    r0, out = run_raw(assemble(prog_eq), (7).to_bytes(8, "little"))
    assert (r0, int.from_bytes(out, "little")) == (7, 9)


def test_cmpxchg32_zero_extends_r0() -> None:
    # The RFC: 32-bit cmpxchg loads r0 with the zero-extended old value (the kernel may leave
    # r0's upper half set when its verifier pruned the path; we follow the RFC).
    prog = "lddw %r0, 0xffffffff00000007\nmov %r3, 9\nlock cmpxchg32 [%r1+0], %r3\nexit"
    r0, out = run_raw(assemble(prog), (7).to_bytes(4, "little"))
    assert r0 == 7
    assert int.from_bytes(out, "little") == 9


def test_stack_is_512_bytes_per_frame() -> None:
    assert r0_of("mov %r1, 1\nstxdw [%r10-512], %r1\nldxdw %r0, [%r10-512]\nexit") == 1
    with pytest.raises(MemoryFault) as e:
        r0_of("mov %r1, 1\nstxdw [%r10-520], %r1\nexit")
    assert e.value.insn == 1 and e.value.size == 8


def test_out_of_bounds_names_insn_address_size_region() -> None:
    with pytest.raises(MemoryFault) as e:
        run_raw(assemble("mov %r0, 0\nldxw %r0, [%r1+14]\nexit"), bytes(16))
    fault = e.value
    assert fault.insn == 1 and fault.size == 4
    assert "memory" in fault.region and "16 bytes" in fault.region


def test_null_and_scalar_pointers_fault() -> None:
    with pytest.raises(MemoryFault, match="null pointer"):
        r0_of("mov %r1, 0\nldxdw %r0, [%r1+0]\nexit")
    with pytest.raises(MemoryFault):
        r0_of("mov %r1, 12345678\nstw [%r1+0], 1\nexit")


def test_budget_stops_infinite_loops() -> None:
    with pytest.raises(RuntimeFault, match="budget"):
        run_raw(assemble("mov %r0, 0\nloop:\nadd %r0, 1\nja loop"), budget=10_000)


def test_call_depth_limit() -> None:
    with pytest.raises(RuntimeFault, match="deeper than 8"):
        r0_of("call local f\nexit\nf:\ncall local f\nexit")


def test_eight_frames_are_allowed() -> None:
    # main + 7 nested calls = 8 frames
    prog = "mov %r1, 7\ncall local f\nexit\nf:\nmov %r0, 0\njeq %r1, 1, +3\nsub %r1, 1\ncall local f\nadd %r0, 1\nexit"
    assert r0_of(prog) == 6


def test_callx_through_function_pointer() -> None:
    # lddw src=4 (BPF_PSEUDO_FUNC): imm is the function's offset from the next slot.
    insns = [
        Instruction.lddw(2, 3, src=PseudoSrc.FUNC),  # slots 0-1: r2 = &fn (slot 4)
        Instruction(0x8D, dst=2),  # callx r2
        Instruction(0x95),  # exit
        *assemble("mov %r0, 42\nexit"),  # fn
    ]
    assert run_raw(insns)[0] == 42


def test_callx_to_a_non_function_faults() -> None:
    insns = [*assemble("mov %r2, 1234"), Instruction(0x8D, dst=2), Instruction(0x95)]
    with pytest.raises(RuntimeFault, match="not a function"):
        run_raw(insns)
