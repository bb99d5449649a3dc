"""The assembler: both syntaxes, labels, comments, clang's and the kernel's text, errors."""

from __future__ import annotations

import random
import re
import subprocess
import sys

import pytest
from elftools.elf.elffile import ELFFile
from hypothesis import given, settings
from hypothesis import strategies as st

from ebpy.errors import AssemblyError
from ebpy.isa import (
    Instruction,
    Syntax,
    assemble,
    detect_syntax,
    disassemble,
    encode,
    format_instruction,
)
from ebpy.isa.catalog import forms, random_instruction
from ebpy.spec.types import ProgramType

Insn = Instruction
FORMS = forms()


# ---- round trips ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("syntax", ["llvm", "ubpf"])
def test_every_form_round_trips_through_text(syntax):
    rng = random.Random(7)
    for form in FORMS:
        for insn in [form.example()] + [form.sample(rng) for _ in range(20)]:
            text = format_instruction(insn, syntax=syntax)
            assert assemble(text, syntax) == [insn], text


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(1, 30), st.sampled_from(["llvm", "ubpf"]))
def test_random_programs_round_trip(rng, n, syntax):
    prog = [random_instruction(rng) for _ in range(n)]
    text = "\n".join(disassemble(prog, syntax=syntax))
    assert assemble(text, syntax) == prog
    if detect_syntax(text) is Syntax(syntax):  # unless every line reads the same in both
        assert assemble(text) == prog


def test_annotated_text_reads_back():
    prog = assemble("f: r0 = 0\nloop: r0 += 1\nif r0 < 9 goto loop\ngoto +0\nexit")
    for syntax in ("llvm", "ubpf"):
        lines = disassemble(prog, syntax=syntax, symbols={0: "f", 1: "loop"})
        assert lines[2].endswith(" <loop>") and lines[3].endswith(" <loop+0x18>")
        assert assemble("\n".join(lines), syntax) == prog


# ---- the LLVM syntax ----------------------------------------------------------------------------------
LLVM = [
    ("r0 = *(u32 *)(r1 + 4)", Insn(0x61, 0, 1, 4)),
    ("*(u64 *)(r10 - 8) = r1", Insn(0x7B, 10, 1, -8)),
    ("*(u32 *)(r10 - 8) = 5", Insn(0x62, 10, 0, -8, 5)),
    ("if r1 > r2 goto +3", Insn(0x2D, 1, 2, 3)),
    ("if w1 s< -5 goto -2", Insn(0xC6, 1, 0, -2, -5)),
    ("if r3 & 16 goto +1", Insn(0x45, 3, 0, 1, 16)),
    ("w0 += 1", Insn(0x04, 0, 0, 0, 1)),
    ("r0 = -r0", Insn(0x87)),
    ("w3 = -w3", Insn(0x84, 3)),
    ("r1 = be16 r1", Insn(0xDC, 1, 0, 0, 16)),
    ("r1 = le64 r1", Insn(0xD4, 1, 0, 0, 64)),
    ("r1 = bswap32 r1", Insn(0xD7, 1, 0, 0, 32)),
    ("r1 = (s8)r2", Insn(0xBF, 1, 2, 8)),
    ("w1 = (s16)w2", Insn(0xBC, 1, 2, 16)),
    ("r1 = *(s8 *)(r2 + 0)", Insn(0x91, 1, 2, 0)),
    ("r1 s/= r2", Insn(0x3F, 1, 2, 1)),
    ("r1 s%= 3", Insn(0x97, 1, 0, 1, 3)),
    ("w2 s>>= 31", Insn(0xC4, 2, 0, 0, 31)),
    ("lock *(u64 *)(r10 - 8) += r1", Insn(0xDB, 10, 1, -8, 0x00)),
    ("r0 = atomic_fetch_add((u64 *)(r1 + 0), r0)", Insn(0xDB, 1, 0, 0, 0x01)),
    ("w0 = atomic_fetch_or((u32 *)(r1 + 0), w0)", Insn(0xC3, 1, 0, 0, 0x41)),
    ("r1 = xchg_64(r10 - 8, r1)", Insn(0xDB, 10, 1, -8, 0xE1)),
    ("w1 = xchg32_32(r10 - 8, w1)", Insn(0xC3, 10, 1, -8, 0xE1)),
    ("r0 = cmpxchg_64(r10 - 8, r0, r1)", Insn(0xDB, 10, 1, -8, 0xF1)),
    ("w0 = cmpxchg32_32(r10 - 8, w0, w1)", Insn(0xC3, 10, 1, -8, 0xF1)),
    ("call 1", Insn(0x85, 0, 0, 0, 1)),
    ("call pc-5", Insn(0x85, 0, 1, 0, -5)),
    ("call kernel-function#42", Insn(0x85, 0, 2, 0, 42)),
    ("callx r1", Insn(0x8D, 1)),
    ("exit", Insn(0x95)),
    ("goto +3", Insn(0x05, 0, 0, 3)),
    ("gotol +70000", Insn(0x06, 0, 0, 0, 70000)),
    ("r1 = 4886718345 ll", Insn.lddw(1, 0x123456789)),
    ("r0 = *(u8 *)skb[12]", Insn(0x30, 0, 0, 0, 12)),
    ("r0 = *(u16 *)skb[r1 + 2]", Insn(0x48, 0, 1, 0, 2)),
    ("r1 = map_by_fd(3) ll", Insn(0x18, 1, 1, 0, 3)),
    ("r1 = map_val(map_by_fd(3)) + 16 ll", Insn(0x18, 1, 2, 0, 3, 16)),
]
# Other spellings of the same instructions: clang's alu32 forms, hex, the verifier log ...
LLVM_ALSO = [
    ("r1 = 0x123456789 ll", Insn.lddw(1, 0x123456789)),
    ("r1 = 0x123456789", Insn.lddw(1, 0x123456789)),  # the log omits `ll` for big values
    ("r2 = 5 ll", Insn.lddw(2, 5)),
    ("r2 = -1 ll", Insn.lddw(2, -1)),
    ("w1 = 0xffffffff", Insn(0xB4, 1, 0, 0, -1)),
    ("w1 = *(u32 *)(r2 + 4)", Insn(0x61, 1, 2, 4)),
    ("*(u16 *)(r1 + 0) = w2", Insn(0x6B, 1, 2, 0)),
    ("lock *(u32 *)(r1 + 0) += w2", Insn(0xC3, 1, 2, 0, 0)),
    ("r1 = w2", Insn(0xBC, 1, 2)),  # clang -S: a 32-bit move into a 64-bit value
    ("r0 = *(u64 *)(r1)", Insn(0x79, 0, 1, 0)),
    ("*(u32 *)(r10 -8) = r1", Insn(0x63, 10, 1, -8)),  # the verifier log's spacing
    ("goto pc+3", Insn(0x05, 0, 0, 3)),
    ("if r1 == 0xfffffffb goto pc-1", Insn(0x15, 1, 0, -1, -5)),
    ("r0 = *(u8 *)skb[r1]", Insn(0x50, 0, 1, 0, 0)),
    ("call bpf_map_lookup_elem#1", Insn(0x85, 0, 0, 0, 1)),
    ("call pc+2#sub", Insn(0x85, 0, 1, 0, 2)),
    ("ld_pseudo r1, 2, 3", Insn(0x18, 1, 2, 0, 3)),
    ("r1 = atomic64_fetch_add((u64 *)(r10 -8), r1)", Insn(0xDB, 10, 1, -8, 0x01)),
    ("r1 = atomic_fetch_xor((u32 *)(r10 -16), r1)", Insn(0xC3, 10, 1, -16, 0xA1)),
    ("r1 = atomic64_xchg((u64 *)(r10 -8), r1)", Insn(0xDB, 10, 1, -8, 0xE1)),
    ("r0 = atomic_cmpxchg((u32 *)(r10 -16), r0, r1)", Insn(0xC3, 10, 1, -16, 0xF1)),
    ("lock *(u32 *)(r10 -16) |= r2", Insn(0xC3, 10, 2, -16, 0x40)),
    ("12: (b7) r0 = 0", Insn(0xB7)),
    ("  3: 0123..6789 (07) r1 += -8", Insn(0x07, 1, 0, 0, -8)),
    ("4: (18) r1 = 0x5", Insn.lddw(1, 5)),
    ("if r0 == 0 goto +108 <xdp_firewall+0x3c8>", Insn(0x15, 0, 0, 108, 0)),
]


@pytest.mark.parametrize(("text", "insn"), LLVM, ids=[t for t, _ in LLVM])
def test_llvm_syntax(text, insn):
    assert assemble(text, "llvm") == [insn]
    assert assemble(text) == [insn]
    assert format_instruction(insn) == text


@pytest.mark.parametrize(("text", "insn"), LLVM_ALSO, ids=[t for t, _ in LLVM_ALSO])
def test_llvm_syntax_variants(text, insn):
    assert assemble(text) == [insn]


# ---- the uBPF / bpf_conformance syntax ------------------------------------------------------------------
UBPF = [
    ("add32 %r0, -3", Insn(0x04, 0, 0, 0, -3)),
    ("mov %r0, 1", Insn(0xB7, 0, 0, 0, 1)),
    ("ldxh %r3, [%r1+12]", Insn(0x69, 3, 1, 12)),
    ("stxdw [%r10-8], %r1", Insn(0x7B, 10, 1, -8)),
    ("stw [%r1+4], 7", Insn(0x62, 1, 0, 4, 7)),
    ("jeq %r1, 0x10, +3", Insn(0x15, 1, 0, 3, 16)),
    ("jsle32 %r1, %r2, -1", Insn(0xDE, 1, 2, -1)),
    ("ja +1", Insn(0x05, 0, 0, 1)),
    ("ja32 +70000", Insn(0x06, 0, 0, 0, 70000)),
    ("be16 %r0", Insn(0xDC, 0, 0, 0, 16)),
    ("le32 %r0", Insn(0xD4, 0, 0, 0, 32)),
    ("bswap64 %r2", Insn(0xD7, 2, 0, 0, 64)),
    ("lddw %r0, 0x123456789", Insn.lddw(0, 0x123456789)),
    ("call 1", Insn(0x85, 0, 0, 0, 1)),
    ("call local +2", Insn(0x85, 0, 1, 0, 2)),
    ("call runtime 42", Insn(0x85, 0, 2, 0, 42)),
    ("callx %r1", Insn(0x8D, 1)),
    ("exit", Insn(0x95)),
    ("neg %r0", Insn(0x87)),
    ("neg32 %r4", Insn(0x84, 4)),
    ("lock add [%r10-8], %r1", Insn(0xDB, 10, 1, -8, 0x00)),
    ("lock fetch add [%r10-8], %r1", Insn(0xDB, 10, 1, -8, 0x01)),
    ("lock fetch or32 [%r1], %r2", Insn(0xC3, 1, 2, 0, 0x41)),
    ("lock xchg [%r1], %r2", Insn(0xDB, 1, 2, 0, 0xE1)),
    ("lock cmpxchg [%r1], %r2", Insn(0xDB, 1, 2, 0, 0xF1)),
    ("lock cmpxchg32 [%r1], %r2", Insn(0xC3, 1, 2, 0, 0xF1)),
    ("sdiv %r1, %r2", Insn(0x3F, 1, 2, 1)),
    ("smod32 %r1, 3", Insn(0x94, 1, 0, 1, 3)),
    ("movsx864 %r1, %r2", Insn(0xBF, 1, 2, 8)),
    ("movsx1632 %r1, %r2", Insn(0xBC, 1, 2, 16)),
    ("movsx3264 %r1, %r2", Insn(0xBF, 1, 2, 32)),
    ("ldxsb %r1, [%r2-1]", Insn(0x91, 1, 2, -1)),
    ("ldabsw 0xc", Insn(0x20, 0, 0, 0, 12)),
    ("ldindh %r1, 2", Insn(0x48, 0, 1, 0, 2)),
    ("lddw %r1, map_val(map_by_idx(0)) + 16", Insn(0x18, 1, 6, 0, 0, 16)),
    ("arsh %r1, 0x80000000", Insn(0xC7, 1, 0, 0, -(1 << 31))),
]
UBPF_ALSO = [
    ("swap16 %r0", Insn(0xD7, 0, 0, 0, 16)),  # bpf_conformance's disassembler
    ("ldxbsx %r1, [%r2]", Insn(0x91, 1, 2, 0)),  # bpf_conformance's assembler
    ("call %r2", Insn(0x8D, 2)),
    ("call helper %r2", Insn(0x8D, 2)),
    ("call helper 5", Insn(0x85, 0, 0, 0, 5)),
    ("add64 %r1, %r2", Insn(0x0F, 1, 2)),
    ("mov r2, 1", Insn(0xB7, 2, 0, 0, 1)),  # registers without %
    ("stw [%r1], -1", Insn(0x62, 1, 0, 0, -1)),
    ("jne %r1, 0xffffffff, +1", Insn(0x55, 1, 0, 1, -1)),
    ("lddw %r0, 0xffffffffffffffff", Insn.lddw(0, -1)),
    ("lddw %r0, -2", Insn.lddw(0, -2)),
]


@pytest.mark.parametrize(("text", "insn"), UBPF, ids=[t for t, _ in UBPF])
def test_ubpf_syntax(text, insn):
    assert assemble(text, "ubpf") == [insn]
    assert format_instruction(insn, syntax="ubpf") == text
    if text not in ("exit", "call 1"):  # these read the same in both syntaxes
        assert detect_syntax(text) is Syntax.UBPF


@pytest.mark.parametrize(("text", "insn"), UBPF_ALSO, ids=[t for t, _ in UBPF_ALSO])
def test_ubpf_syntax_variants(text, insn):
    assert assemble(text) == [insn]


def test_conformance_style_program():
    text = """\
# r1-r5 are arguments
mov %r0, 0
mov %r1, 1
stdw [%r10-8], 0x44332211
call local func1
jne %r0, 1, failed
ldxw %r6, [%r10-8]
jeq %r6, 0x44332211, exit   # bpf_conformance's implicit label: the first exit
failed:
mov %r0, -1
exit
func1:
mov %r0, %r1
exit
"""
    prog = assemble(text)
    assert prog[3] == Insn(0x85, 0, 1, 0, 5)  # to func1 at slot 9
    assert prog[4] == Insn(0x55, 0, 0, 2, 1)  # to failed at slot 7
    assert prog[6] == Insn(0x15, 6, 0, 1, 0x44332211)  # to the first exit, slot 8


# ---- labels, comments, layout -------------------------------------------------------------------------
def test_labels_comments_and_blank_lines():
    text = """
    ; a comment line
    // and another
    # and one more
    start:  r0 = 0          ; comment after an instruction
    loop:                   // label alone
        r0 += 1             # hash comment
        if r0 < 10 goto loop
        if r0 > 100 goto done
        r1 = 0 ll
        goto loop
    done: end: exit
    """
    prog = assemble(text)
    assert prog == [
        Insn(0xB7), Insn(0x07, 0, 0, 0, 1), Insn(0xA5, 0, 0, -2, 10), Insn(0x25, 0, 0, 3, 100),
        Insn.lddw(1, 0), Insn(0x05, 0, 0, -6), Insn(0x95),
    ]  # fmt: skip


def test_calls_and_function_addresses_by_label():
    prog = assemble("call sub\nr1 = code_addr(sub) ll\ngotol sub\nexit\nsub: r0 = 1\nexit")
    assert prog[0] == Insn(0x85, 0, 1, 0, 4)
    assert prog[1] == Insn(0x18, 1, 4, 0, 3)  # the kernel's BPF_PSEUDO_FUNC: from the lddw
    assert prog[2] == Insn(0x06, 0, 0, 0, 1)


def test_assembles_clang_s_output_to_clangs_bytes(tmp_path):
    """clang -S text (directives, comments, labels, `call f`) -> the bytes clang -c makes."""
    src = tmp_path / "p.c"
    src.write_text(
        "static __attribute__((noinline)) long sub1(long a, long b) { return a * 3 + b / 7; }\n"
        "static __attribute__((noinline)) int sub2(int x) { int s = 0;"
        " for (int i = 0; i < x; i++) s += i ^ x; return s; }\n"
        "long entry(long *p, int n) { long v = *p; if (v > 100) return sub1(v, n);"
        " return sub2(n) + sub1(n, v) + (signed char)v + __builtin_bswap32(v)"
        " + __sync_fetch_and_add(p, 3); }\n"
    )
    zig = [
        sys.executable,
        "-m",
        "ziglang",
        "cc",
        "-target",
        "bpfel-freestanding",
        "-O2",
        "-mcpu=v4",
    ]
    subprocess.run(
        [*zig, "-S", str(src), "-o", str(tmp_path / "p.s")], check=True, capture_output=True
    )
    subprocess.run(
        [*zig, "-c", str(src), "-o", str(tmp_path / "p.o")], check=True, capture_output=True
    )
    with (tmp_path / "p.o").open("rb") as f:
        expected = ELFFile(f).get_section_by_name(".text").data()
    assert encode(assemble((tmp_path / "p.s").read_text())) == expected


def test_detects_the_syntax_from_the_first_decisive_line():
    assert detect_syntax("exit") is Syntax.LLVM
    assert detect_syntax("; comment\nexit\ncall 1\nmov %r0, 1") is Syntax.UBPF
    assert detect_syntax("exit\nlock add [%r1], %r2") is Syntax.UBPF
    assert detect_syntax("exit\nlock *(u64 *)(r1 + 0) += r2") is Syntax.LLVM
    assert detect_syntax("0: (95) exit") is Syntax.LLVM
    assert detect_syntax("lddw r1, 5") is Syntax.UBPF
    assert detect_syntax("r0 = *(u8 *)skb[12]") is Syntax.LLVM


def test_jump_just_within_16_bits_assembles():
    text = "goto far\n" + "r1 = 0 ll\n" * 16383 + "r0 = 0\nfar: exit"
    prog = assemble(text)
    assert prog[0] == Insn(0x05, 0, 0, 32767)


# ---- errors ------------------------------------------------------------------------------------------
ERRORS = [
    (
        "r0 = 1\nr1 = 2\nr0 = x",
        3,
        "expected a register, a number or a memory operand after '=', got 'x'",
    ),
    ("exit\nfoo r1", 2, "unknown instruction 'foo'"),
    ("goto +40000", 1, "a jump offset +40000 does not fit in [-32768, 32767]"),
    ("r0 = @", 1, "unexpected character '@'"),
    ("w1 += r2", 1, "w1 += needs a w register"),
    ("if r1 > w2 goto +1", 1, "a comparison cannot mix w and r registers"),
    ("r11 = 1", 1, "r11 is not a register (r0 to r10)"),
    ("lock *(u8 *)(r1 + 0) += r2", 1, "expected u32 or u64 after '(', got 'u8'"),
    ("r0 = *(u32 *)(r1 + 4", 1, "expected ')' after '4', got end of line"),
    ("r0 = *(u32 *)(r1 + 40000)", 1, "an offset +40000 does not fit in [-32768, 32767]"),
    ("r0 = 0x1ffffffffffffffff", 1, "a number 0x1ffffffffffffffff does not fit"),
    ("w0 = 0x100000000", 1, "4294967296 does not fit in 32 bits"),
    ("r1 = be16 r2", 1, "byte swap must name r1 on both sides"),
    ("r1 = -r2", 1, "negation must name r1 on both sides"),
    ("r1 = cmpxchg_64(r10 - 8, r2, r3)", 1, "cmpxchg_64 compares and loads r0"),
    ("r2 = *(u8 *)skb[1]", 1, "packet loads always write r0"),
    ("w1 = (s32)w2", 1, "(s32) sign extension needs 64-bit registers"),
    ("r1 = map_val(var_addr(1)) + 0 ll", 1, "map_val takes map_by_fd(...) or map_by_idx(...)"),
    ("0: (b4) r0 = 0", 1, "the log names opcode (b4) but the instruction is (b7)"),
    ("exit\ngoto nowhere", 2, "undefined label 'nowhere'"),
    ("x:\nx: exit", 2, "label 'x' is already defined on line 1"),
    (".byte 1", 1, "unsupported directive '.byte'"),
    ("add %r0", 1, "expected ',' after 'r0', got end of line"),
    ("mov %w1, 1", 1, "w1 is not a uBPF register (write %r1)"),
    ("mov %r1, %r16", 1, "%r16 is not a register (r0 to r10)"),
    ("lock fetch xchg [%r1], %r2", 1, "'lock fetch xchg': xchg always fetches"),
    ("movsx3232 %r1, %r2", 1, "movsx3232 does not exist"),
    ("stdw [%r1+4, 1", 1, "expected ']' after '4', got ','"),
    ("ja32 label", 1, "undefined label 'label'"),
    ("r1 += 010", 1, "010: write numbers without leading zeros (or in hex)"),
]


@pytest.mark.parametrize(("text", "line", "message"), ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_errors_name_the_line(text, line, message):
    with pytest.raises(AssemblyError) as info:
        assemble(text)
    assert info.value.line == line
    assert str(info.value).startswith(f"line {line}: ")
    assert message.split(": ", 1)[-1] in str(info.value)


def test_label_too_far_for_a_jump():
    text = "r0 = 0\ngoto far\n" + "r1 = 0 ll\n" * 16384 + "far: exit"
    with pytest.raises(
        AssemblyError, match=r"^line 2: label 'far' is \+32768 instructions away.*16-bit"
    ):
        assemble(text)


def test_unknown_syntax_name():
    with pytest.raises(AssemblyError, match="unknown syntax 'intel'"):
        assemble("exit", "intel")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("rw%0123456789 ,+-*()[]=<>&|^sxluboctg#:;.ef_ \t")),
            max_size=30,
        ),
        max_size=5,
    )
)
def test_arbitrary_text_either_assembles_or_says_why(lines):
    text = "\n".join(lines)
    try:
        prog = assemble(text)
    except AssemblyError as e:
        assert re.match(r"line \d+: ", str(e)) or str(e).startswith("unknown syntax")
    else:
        assert all(i.valid for i in prog)


# ---- the kernel's verifier log ----------------------------------------------------------------------------
KERNEL_PROGRAM = """
    r6 = r1
    r0 = 0
    r2 = 7
    r3 = -5
    *(u64 *)(r10 - 8) = r2
    *(u32 *)(r10 - 16) = 5
    *(u64 *)(r10 - 24) = 9
    r2 s/= 3
    w2 s%= w3
    r4 = (s8)r3
    w4 = (s16)w3
    r4 = (s32)r3
    r5 = *(s8 *)(r10 - 8)
    r5 = *(s16 *)(r10 - 8)
    w5 = *(u32 *)(r10 - 16)
    r5 = bswap16 r5
    r5 = be32 r5
    r5 = le64 r5
    w5 = -w5
    r5 = -r5
    r5 ^= 0x7fffffff
    lock *(u64 *)(r10 - 8) += r2
    lock *(u32 *)(r10 - 16) |= w2
    r1 = atomic_fetch_add((u64 *)(r10 - 8), r1)
    w1 = atomic_fetch_xor((u32 *)(r10 - 16), w1)
    r1 = xchg_64(r10 - 8, r1)
    w1 = xchg32_32(r10 - 16, w1)
    r0 = cmpxchg_64(r10 - 8, r0, r1)
    w0 = cmpxchg32_32(r10 - 16, w0, w1)
    if r2 s> -5 goto +0
    if w2 & 0x10 goto +0
    if r2 != r3 goto +0
    r7 = 3
    r0 = *(u8 *)skb[12]
    r0 = *(u16 *)skb[r7 + 2]
    r1 = 0x123456789 ll
    r1 = 5 ll
    r1 = -1 ll
    call 5
    gotol +0
    goto +0
    r0 = 0
    exit
"""


@pytest.mark.kernel
def test_reads_the_kernels_own_listing():
    """Level-2 verifier logs open with the whole program in the kernel's spelling."""
    from ebpy.kernel import LogLevel, load_program  # only the kernel tests need the kernel layer

    prog = assemble(KERNEL_PROGRAM)
    with load_program(prog, ProgramType.SOCKET_FILTER, log_level=LogLevel.VERY_VERBOSE) as loaded:
        log = loaded.log
    listing = [line for line in log.splitlines() if re.match(r"\s*\d+: [0-9.]{10} \(", line)]
    assert len(listing) == len(prog)
    assert assemble("\n".join(listing)) == prog
    # The per-instruction trace that follows uses the same spelling without liveness.
    trace = {}
    for line in log.splitlines():
        m = re.match(r"(\d+): \([0-9a-f]{2}\) ([^;]*)", line)
        if m:
            trace.setdefault(int(m.group(1)), line)
    by_slot = dict(zip(_slots(prog), prog, strict=True))
    assert len(trace) >= len(prog) - 2
    for slot, line in trace.items():
        assert assemble(line) == [by_slot[slot]], line


def _slots(prog):
    slot = 0
    for insn in prog:
        yield slot
        slot += insn.slots
