"""`ebpy disasm` against llvm-objdump (LLVM 14, installed) and current LLVM (zig's clang).

For every encoding LLVM 14 knows, our listing equals `llvm-objdump -d` character for
character. For the ones it does not know (or prints wrongly) our text is current LLVM's
syntax: pinned here, and checked by assembling it with zig's clang (LLVM 18+) back to the
same bytes, and against the text clang -S prints for v4 programs.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile

from ebpy.cli.main import main
from ebpy.isa import Instruction, assemble, decode, encode, format_instruction
from ebpy.isa.catalog import forms
from ebpy.isa.opcodes import AluOp, AtomicOp, InsnClass, JmpOp, Mode, Size

FORMS = forms()
LINE = re.compile(r"^ *(\d+):\t([0-9a-f ]+?)\t(.*)$")


# ---- where LLVM 14 says something else ------------------------------------------------------
def llvm14_differs(insn: Instruction) -> bool:
    """True where llvm-objdump 14 prints `<unknown>` or text that does not match the bytes."""
    cls = insn.cls
    if cls in (InsnClass.ALU, InsnClass.ALU64):
        op = insn.alu_op
        if op == AluOp.MOD:  # LLVM 14 has no modulo at all
            return True
        if op == AluOp.DIV and insn.off == 1:  # sdiv
            return True
        if op == AluOp.MOV and insn.off:  # movsx
            return True
        return insn.opcode == 0xD7  # bswap
    if cls in (InsnClass.JMP, InsnClass.JMP32):
        if insn.opcode == 0x06:  # gotol
            return True
        if insn.opcode == 0x8D:  # LLVM 14 reads callx's register from imm
            return insn.dst != 0
        return insn.is_cond_jump and insn.jmp_op == JmpOp.JSET
    if cls == InsnClass.LDX:
        return insn.mode == Mode.MEMSX
    if cls == InsnClass.ST:
        return True
    if insn.is_atomic:
        return insn.size == Size.W and insn.imm != AtomicOp.ADD
    if insn.is_legacy_packet_load:
        return insn.mode == Mode.IND and insn.imm != 0  # LLVM drops the imm
    return False


Insn = Instruction
# Current LLVM's text for every form LLVM 14 does not print (BPFInstrInfo.td, LLVM 18+).
MODERN = [
    (Insn(0x3F, 1, 2, 1), "r1 s/= r2"),
    (Insn(0x37, 1, 0, 1, -5), "r1 s/= -5"),
    (Insn(0x3C, 1, 2, 1), "w1 s/= w2"),
    (Insn(0x34, 1, 0, 1, 7), "w1 s/= 7"),
    (Insn(0x9F, 1, 2, 0), "r1 %= r2"),
    (Insn(0x97, 1, 0, 0, -7), "r1 %= -7"),
    (Insn(0x9C, 1, 2, 0), "w1 %= w2"),
    (Insn(0x94, 1, 0, 0, 10), "w1 %= 10"),
    (Insn(0x9F, 1, 2, 1), "r1 s%= r2"),
    (Insn(0x97, 1, 0, 1, 3), "r1 s%= 3"),
    (Insn(0x9C, 1, 2, 1), "w1 s%= w2"),
    (Insn(0x94, 1, 0, 1, 3), "w1 s%= 3"),
    (Insn(0xBF, 1, 2, 8), "r1 = (s8)r2"),
    (Insn(0xBF, 1, 2, 16), "r1 = (s16)r2"),
    (Insn(0xBF, 1, 2, 32), "r1 = (s32)r2"),
    (Insn(0xBC, 1, 2, 8), "w1 = (s8)w2"),
    (Insn(0xBC, 1, 2, 16), "w1 = (s16)w2"),
    (Insn(0x91, 1, 2, 0), "r1 = *(s8 *)(r2 + 0)"),
    (Insn(0x89, 1, 2, -2), "r1 = *(s16 *)(r2 - 2)"),
    (Insn(0x81, 1, 2, 4), "r1 = *(s32 *)(r2 + 4)"),
    (Insn(0xD7, 1, 0, 0, 16), "r1 = bswap16 r1"),
    (Insn(0xD7, 1, 0, 0, 32), "r1 = bswap32 r1"),
    (Insn(0xD7, 1, 0, 0, 64), "r1 = bswap64 r1"),
    (Insn(0x06, 0, 0, 0, 70000), "gotol +70000"),
    (Insn(0x06, 0, 0, 0, -3), "gotol -3"),
    (Insn(0x62, 10, 0, -8, 5), "*(u32 *)(r10 - 8) = 5"),
    (Insn(0x6A, 1, 0, 2, -1), "*(u16 *)(r1 + 2) = -1"),
    (Insn(0x72, 1, 0, 0, 255), "*(u8 *)(r1 + 0) = 255"),
    (Insn(0x7A, 10, 0, -8, 7), "*(u64 *)(r10 - 8) = 7"),
    (Insn(0xC3, 1, 2, -8, 0x40), "lock *(u32 *)(r1 - 8) |= w2"),
    (Insn(0xC3, 1, 2, -8, 0x50), "lock *(u32 *)(r1 - 8) &= w2"),
    (Insn(0xC3, 1, 2, -8, 0xA0), "lock *(u32 *)(r1 - 8) ^= w2"),
    (Insn(0xC3, 1, 0, 0, 0x01), "w0 = atomic_fetch_add((u32 *)(r1 + 0), w0)"),
    (Insn(0xC3, 1, 0, 0, 0x41), "w0 = atomic_fetch_or((u32 *)(r1 + 0), w0)"),
    (Insn(0xC3, 1, 3, 0, 0x51), "w3 = atomic_fetch_and((u32 *)(r1 + 0), w3)"),
    (Insn(0xC3, 1, 3, 0, 0xA1), "w3 = atomic_fetch_xor((u32 *)(r1 + 0), w3)"),
    (Insn(0xC3, 10, 1, -8, 0xE1), "w1 = xchg32_32(r10 - 8, w1)"),
    (Insn(0xC3, 10, 1, -8, 0xF1), "w0 = cmpxchg32_32(r10 - 8, w0, w1)"),
    (Insn(0x45, 1, 0, 3, 5), "if r1 & 5 goto +3"),
    (Insn(0x4D, 1, 2, -1), "if r1 & r2 goto -1"),
    (Insn(0x46, 1, 0, 3, 5), "if w1 & 5 goto +3"),
    (Insn(0x4E, 1, 2, 0), "if w1 & w2 goto +0"),
    (Insn(0x8D, 1), "callx r1"),
    (Insn(0x40, 0, 1, 0, 2), "r0 = *(u32 *)skb[r1 + 2]"),
    (Insn(0x48, 0, 1, 0, -2), "r0 = *(u16 *)skb[r1 - 2]"),
    (Insn(0x50, 0, 3, 0, 100), "r0 = *(u8 *)skb[r3 + 100]"),
]
# Where LLVM's text loses the meaning, the default text differs from objdump's.
ROUND_TRIPPABLE = [
    (Insn(0x85, 0, 1, 0, 5), "call pc+5", "call 5"),
    (Insn(0x85, 0, 1, 0, -1), "call pc-1", "call -1"),
    (Insn(0x85, 0, 2, 0, 77), "call kernel-function#77", "call 77"),
    (Insn(0x18, 1, 1, 0, 3), "r1 = map_by_fd(3) ll", "ld_pseudo\tr1, 1, 3"),
    (Insn(0x18, 1, 1, 0, 3, 9), "r1 = map_by_fd(3) + 9 ll", "ld_pseudo\tr1, 1, 3"),
    (Insn(0x18, 1, 2, 0, 3, 16), "r1 = map_val(map_by_fd(3)) + 16 ll", "ld_pseudo\tr1, 2, 3"),
    (Insn(0x18, 2, 3, 0, 7), "r2 = var_addr(7) ll", "ld_pseudo\tr2, 3, 7"),
    (Insn(0x18, 2, 4, 0, 4), "r2 = code_addr(4) ll", "ld_pseudo\tr2, 4, 4"),
    (Insn(0x18, 3, 5, 0, 0), "r3 = map_by_idx(0) ll", "ld_pseudo\tr3, 5, 0"),
    (Insn(0x18, 3, 6, 0, -1, 0), "r3 = map_val(map_by_idx(-1)) + 0 ll", "ld_pseudo\tr3, 6, 4294967295"),
]  # fmt: skip


@pytest.mark.parametrize(("insn", "text"), MODERN, ids=[t for _, t in MODERN])
def test_modern_syntax_is_pinned(insn, text):
    assert llvm14_differs(insn)
    assert format_instruction(insn) == text
    assert format_instruction(insn, objdump=True) == text
    assert assemble(text) == [insn]


@pytest.mark.parametrize(
    ("insn", "text", "objdump"), ROUND_TRIPPABLE, ids=[t for _, t, _ in ROUND_TRIPPABLE]
)
def test_texts_that_objdump_would_lose(insn, text, objdump):
    assert format_instruction(insn) == text
    assert format_instruction(insn, objdump=True) == objdump
    assert assemble(text) == [insn]


def _form_of(insn: Instruction):
    return next(
        f
        for f in FORMS
        if f.opcode == insn.opcode
        and ("src" in f.free or f.src == insn.src)
        and ("off" in f.free or f.off == insn.off)
        and ("imm" in f.free or (f.imm or 0) == insn.imm)
    )


def test_every_form_llvm14_misprints_is_pinned():
    pinned = {_form_of(insn) for insn, _ in MODERN}
    missing = [f for f in FORMS if llvm14_differs(f.example()) and f not in pinned]
    assert missing == []
    assert len(pinned) == 45  # of the 171 forms


# ---- objects built from raw bytes --------------------------------------------------------------------
def _llvm_mc() -> str:
    path = shutil.which("llvm-mc")
    if path is None:
        pytest.skip("llvm-mc is not installed")
    return path


def _object(tmp: Path, name: str, sections: dict[str, list[str]]) -> Path:
    """An object whose sections hold the given assembler lines (`.byte`s and labels)."""
    src = tmp / f"{name}.s"
    lines = []
    for sec, body in sections.items():
        lines.append(f'.section {sec},"ax",@progbits')
        lines.extend(body)
    src.write_text("\n".join(lines) + "\n")
    out = tmp / f"{name}.o"
    subprocess.run(
        [_llvm_mc(), "-triple", "bpfel", "-filetype=obj", str(src), "-o", str(out)], check=True
    )
    return out


def _bytes(insn: Instruction) -> str:
    return ".byte " + ",".join(str(b) for b in insn.encode())


def _ours(path: Path, capsys, *extra: str) -> str:
    capsys.readouterr()
    assert main(["disasm", str(path), *extra]) == 0
    return capsys.readouterr().out


def _objdump(llvm_objdump: str, path: Path, *extra: str) -> str:
    return subprocess.run(
        [llvm_objdump, "-d", *extra, str(path)], check=True, capture_output=True, text=True
    ).stdout


def _compare(ours: str, theirs: str) -> tuple[int, int]:
    """Equal line by line, except the text of instructions LLVM 14 misprints.

    Returns (lines equal, instruction lines where LLVM 14 differs)."""
    a, b = ours.splitlines(), theirs.splitlines()
    assert len(a) == len(b), "\n".join([*a[-5:], "---", *b[-5:]])
    same = differ = 0
    for mine, theirs_ in zip(a, b):
        if mine == theirs_:
            same += 1
            continue
        m, t = LINE.match(mine), LINE.match(theirs_)
        assert m and t, (mine, theirs_)
        assert m.group(1, 2) == t.group(1, 2), (mine, theirs_)
        (insn,) = decode(bytes.fromhex(m.group(2)))
        assert llvm14_differs(insn), f"\nours:    {mine}\nobjdump: {theirs_}"
        differ += 1
    return same, differ


def _exhaustive_instructions() -> list[Instruction]:
    rng = random.Random(9669)
    insns = []
    for form in FORMS:
        insns.append(form.example())
        insns.extend(form.sample(rng) for _ in range(4))
    insns += [Insn(0x05, off=-32768), Insn(0x05, off=32767), Insn(0x0F, 10, 10), Insn(0x07, 1, imm=-(1 << 31)),
              Insn(0x79, 1, 2, -32768), Insn(0x18, 1, 0, 0, 0, -(1 << 31)), Insn(0x18, 9, 0, 0, -1, -1)]  # fmt: skip
    return insns


def test_every_encoding_against_llvm_objdump(tmp_path, llvm_objdump, capsys):
    insns = _exhaustive_instructions()
    third, two_thirds = len(insns) // 3, 2 * len(insns) // 3
    body = [".globl f", ".type f,@function", "f:"]
    for i, insn in enumerate(insns):
        if i == third:
            body += ["inner:"]  # a local label: objdump's annotations use it too
        if i == two_thirds:
            body += [".globl g", ".type g,@function", "g:", "g_alias:"]  # two at one address
        body.append(_bytes(insn))
    path = _object(tmp_path, "all", {"xdp": body})
    same, differ = _compare(_ours(path, capsys), _objdump(llvm_objdump, path))
    assert same > 600 and differ > 200  # 651 and 221 today


def test_symbols_headers_and_annotations(tmp_path, llvm_objdump, capsys):
    jumps = [Insn(0x05, off=1), Insn(0x15, 1, 0, -2, 0), Insn(0x05, off=-3), Insn(0x95)]
    sections = {
        "nosym": [_bytes(i) for i in jumps],  # objdump names the code after the section
        "late": [_bytes(Insn(0xB7))] + ["late_fn:"] + [_bytes(i) for i in jumps],
        "pair": ["b:", "a:", _bytes(Insn(0x05, off=-1)), _bytes(Insn(0x95))],
    }
    path = _object(tmp_path, "syms", sections)
    ours, theirs = _ours(path, capsys), _objdump(llvm_objdump, path)
    assert ours == theirs
    assert "<nosym>:" in ours and "goto -1 <b>" in ours


# ---- compiled programs -----------------------------------------------------------------------------------
PROGRAMS = Path(__file__).resolve().parent.parent / "benchmarks" / "programs"


@pytest.mark.parametrize("obj", sorted(p.name for p in PROGRAMS.glob("*.o")))
def test_benchmark_objects_match_objdump_exactly(obj, bench_dir, llvm_objdump, capsys):
    path = bench_dir / obj
    assert _ours(path, capsys) == _objdump(llvm_objdump, path)


C_PROGRAM = r"""
#include "bpf_mini.h"
struct { int type; int max_entries; int *key; long *value; } counts SEC(".maps");
long total;
static __attribute__((noinline)) long widen(signed char *p, short *q, int *r, long a, long b) {
  long s = *p + *q + *r;
  s += (signed char)a + (short)b + (int)(a ^ b);
#if __BPF_CPU_VERSION__ >= 4
  s += a / b + a % 13 + (long)((int)a / (int)b) + (long)((int)a % 7);
#endif
  s += (unsigned long)a / (unsigned long)b + (unsigned)a / 3 + (unsigned long)a % 13;
  s += __builtin_bswap16(a) + __builtin_bswap32(b) + __builtin_bswap64(a);
  return s;
}
static __attribute__((noinline)) int pick(int x, int y) {
  switch (x) { case 0: return y + 11; case 1: return y * 22; case 2: return y - 35; case 3: return y ^ 47;
    case 4: return y | 51; case 5: return y & 63; case 6: return 71; case 7: return y << 3;
    case 8: return y >> 2; case 9: return (unsigned)y >> 5; default: return -1; }
}
SEC("xdp") int prog(struct xdp_md *ctx) {
  signed char c = ctx->data; short h = ctx->data_end; int w = ctx->ingress_ifindex;
  int key = 0, i, acc = 0;
  long *v = bpf_map_lookup_elem(&counts, &key);
  for (i = 0; i < (int)(ctx->rx_queue_index & 15); i++) acc += pick(i, w);
  long r = widen(&c, &h, &w, ctx->data, ctx->data_end | 1) + acc;
  if (v) {
    __sync_fetch_and_add(v, 1);
#if __BPF_CPU_VERSION__ >= 3
    r += __sync_fetch_and_or(v, 2); r += __sync_fetch_and_and(v, 3);
    r += __sync_fetch_and_xor(v, 4); r += __sync_val_compare_and_swap(v, 5, r);
    r += __atomic_exchange_n(v, 6, __ATOMIC_SEQ_CST);
    int *p32 = (int *)v;
    __sync_fetch_and_add(p32, 1); r += __sync_fetch_and_or(p32, 2); r += __sync_fetch_and_xor(p32, 3);
    r += __sync_val_compare_and_swap(p32, 5, 7); r += __atomic_exchange_n(p32, 9, __ATOMIC_SEQ_CST);
    __sync_fetch_and_and(p32, 4); __sync_fetch_and_or(p32, 8);
#endif
  }
  total += r;
  return r > 1000 ? XDP_DROP : XDP_PASS;
}
char _license[] SEC("license") = "GPL";
"""


@pytest.mark.parametrize("cpu", ["v1", "v2", "v3", "v4"])
def test_compiled_program_against_objdump(cpu, compile_bpf, llvm_objdump, capsys):
    path = compile_bpf(C_PROGRAM, f"disasm-{cpu}", (f"-mcpu={cpu}",))
    same, differ = _compare(_ours(path, capsys), _objdump(llvm_objdump, path))
    assert same > 150
    assert (differ > 0) == (cpu in ("v3", "v4"))  # 32-bit atomics from v3, more from v4
    for name in ("pick", "prog"):
        one = _ours(path, capsys, "--program", name)
        _compare(one, _objdump(llvm_objdump, path, f"--disassemble-symbols={name}"))


def test_v4_text_is_what_current_clang_prints(compile_bpf, capsys, tmp_path):
    """clang -S prints LLVM's own text: every v4 instruction we list appears there."""
    path = compile_bpf(C_PROGRAM, "disasm-v4", ("-mcpu=v4",))
    listing = _ours(path, capsys)
    asm = tmp_path / "prog.s"
    src = tmp_path / "prog.c"
    src.write_text(C_PROGRAM)
    include = Path(__file__).resolve().parent / "programs"
    subprocess.run(
        [sys.executable, "-m", "ziglang", "cc", "-target", "bpfel-freestanding", "-O2", "-mcpu=v4",
         f"-I{include}", "-S", str(src), "-o", str(asm)],
        check=True, capture_output=True,
    )  # fmt: skip
    printed = {line.strip() for line in asm.read_text().splitlines()}
    checked = 0
    for line in listing.splitlines():
        m = LINE.match(line)
        if m is None:
            continue
        (insn,) = decode(bytes.fromhex(m.group(2)))
        if llvm14_differs(insn) and not insn.is_branch:
            assert m.group(3) in printed, m.group(3)
            checked += 1
    assert checked >= 15


# ---- current LLVM reads our text back to the same bytes ------------------------------------------------
def _expressible_in_llvm(insn: Instruction) -> bool:
    if insn.is_call and insn.src != 0:
        return False  # LLVM writes local calls with labels, and has no kfunc text
    if insn.is_lddw and insn.src != 0:
        return False  # pseudo sources come from relocations in LLVM
    if insn.is_legacy_packet_load and insn.mode == Mode.IND and insn.imm != 0:
        return False
    # LLVM's parser takes numeric jump targets as 16-bit.
    return not insn.is_branch or -(1 << 15) <= insn.jump_offset < (1 << 15)


def test_current_llvm_assembles_our_text_to_the_same_bytes(tmp_path):
    insns = [i for i in _exhaustive_instructions() if _expressible_in_llvm(i)]
    src = tmp_path / "ours.s"
    src.write_text("\t.text\nf:\n" + "".join(f"\t{format_instruction(i)}\n" for i in insns))
    out = tmp_path / "ours.o"
    proc = subprocess.run(
        [sys.executable, "-m", "ziglang", "cc", "-target", "bpfel-freestanding", "-c", str(src), "-o", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    with out.open("rb") as f:
        text = ELFFile(f).get_section_by_name(".text").data()
    assert len(insns) > 700
    for i, (mine, theirs) in enumerate(zip(encode(insns), text, strict=True)):
        if mine != theirs:
            bad = decode(encode(insns))[0]
            pytest.fail(f"byte {i} differs; first instruction {bad}")
