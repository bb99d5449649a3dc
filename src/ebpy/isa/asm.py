"""The assembler: text in either syntax to instructions, with labels.

    assemble('''
        r0 = 0
    loop:
        r0 += 1
        if r0 < 10 goto loop     ; comments: ;  #  //
        exit
    ''')

A file is in one syntax; `syntax="auto"` decides from the first line only one of them can
read. Every error is an AssemblyError naming the line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ebpy.errors import AssemblyError, DecodeError
from ebpy.isa.asm_tokens import INT16, INT32, LABEL, Fixup, Parsed, s32, strip_comment
from ebpy.isa.instruction import Instruction
from ebpy.isa.llvm_syntax import parse_llvm, split_prefix
from ebpy.isa.ubpf_syntax import MNEMONICS as UBPF_MNEMONICS
from ebpy.isa.ubpf_syntax import parse_ubpf


class Syntax(StrEnum):
    LLVM = "llvm"
    UBPF = "ubpf"


SYNTAXES = ("auto", "llvm", "ubpf")

_LABEL_DEF = re.compile(rf"\s*({LABEL.pattern})\s*:(?!=)")
_WORD = re.compile(r"[A-Za-z_.$][A-Za-z0-9_.$]*")
# Assembler directives clang's `-S` output carries that do not change the instructions.
_IGNORED_DIRECTIVES = frozenset(
    {".text", ".file", ".globl", ".global", ".local", ".p2align", ".align", ".type", ".size",
     ".addrsig", ".addrsig_sym", ".section", ".previous", ".hidden", ".weak"}
)  # fmt: skip
_PARSERS: dict[Syntax, Callable[[str, int], Parsed]] = {
    Syntax.LLVM: parse_llvm,
    Syntax.UBPF: parse_ubpf,
}


@dataclass(frozen=True, slots=True)
class _Statement:
    line: int
    labels: tuple[str, ...]
    text: str  # the instruction, comment and labels removed; may be empty


def assemble(text: str, syntax: str = "auto") -> list[Instruction]:
    """Assemble `text` (LLVM or uBPF syntax, or "auto" to detect) into instructions."""
    if syntax not in SYNTAXES:
        raise AssemblyError(f"unknown syntax {syntax!r} (expected auto, llvm or ubpf)")
    statements = _statements(text)
    chosen = detect_syntax(text) if syntax == "auto" else Syntax(syntax)
    parse = _PARSERS[chosen]

    labels: dict[str, tuple[int, int]] = {}  # name -> (slot, line defined)
    placed: list[tuple[int, int, Parsed]] = []  # (slot, line, parsed)
    slot = 0
    for st in statements:
        for name in st.labels:
            if name in labels:
                raise AssemblyError(
                    f"label '{name}' is already defined on line {labels[name][1]}", st.line
                )
            labels[name] = (slot, st.line)
        if st.text:
            parsed = parse(st.text, st.line)
            placed.append((slot, st.line, parsed))
            slot += parsed.insn.slots

    # bpf_conformance lets a jump name `exit`: the first exit instruction.
    if chosen is Syntax.UBPF and "exit" not in labels:
        first_exit = next((s for s, _, p in placed if p.insn.is_exit), None)
        if first_exit is not None:
            labels["exit"] = (first_exit, 0)

    out = []
    for at, line, parsed in placed:
        insn = _resolve(parsed, at, line, labels)
        if parsed.opcode_hint is not None and parsed.opcode_hint != insn.opcode:
            raise AssemblyError(
                f"the log names opcode ({parsed.opcode_hint:02x}) but the instruction "
                f"is ({insn.opcode:02x})",
                line,
            )
        try:
            insn.validate()
        except DecodeError as e:
            raise AssemblyError(f"not a valid instruction: {e}", line) from None
        out.append(insn)
    return out


def detect_syntax(text: str) -> Syntax:
    """The syntax of `text`: decided by the first instruction only one syntax can read."""
    for st in _statements(text):
        if st.text:
            found = _syntax_of(st.text)
            if found is not None:
                return found
    return Syntax.LLVM  # e.g. only `exit` and `call 1`, which read the same in both


def _syntax_of(text: str) -> Syntax | None:
    body, hint = split_prefix(text)
    if hint is not None or body != text:
        return Syntax.LLVM  # the verifier log's `0: (b7) r0 = 0`
    if "%r" in text or ("[" in text and "skb[" not in text):
        return Syntax.UBPF
    m = _WORD.match(text)
    word = m.group() if m else ""
    rest = text[len(word) :].strip()
    if word == "lock":
        return Syntax.LLVM if rest.startswith("*") else Syntax.UBPF
    if word == "call":
        if rest.split(" ", 1)[0] in ("local", "helper", "runtime"):
            return Syntax.UBPF
        return None
    if word in ("exit", "callx"):
        return None
    if word in UBPF_MNEMONICS:
        return Syntax.UBPF
    if "=" in text or word in ("if", "goto", "gotol", "ld_pseudo") or text.startswith("*"):
        return Syntax.LLVM
    return None


def _statements(text: str) -> list[_Statement]:
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        body = strip_comment(raw)
        labels = []
        while True:
            m = _LABEL_DEF.match(body)
            if m is None:
                break
            labels.append(m.group(1))
            body = body[m.end() :].strip()
        if body.startswith("."):
            directive = body.split(None, 1)[0]
            if directive in _IGNORED_DIRECTIVES or directive.startswith(".cfi_"):
                body = ""
            else:
                raise AssemblyError(f"unsupported directive '{directive}'", number)
        if labels or body:
            out.append(_Statement(number, tuple(labels), body))
    return out


def _resolve(
    parsed: Parsed, slot: int, line: int, labels: dict[str, tuple[int, int]]
) -> Instruction:
    insn = parsed.insn
    if parsed.label is None:
        return insn
    if parsed.label not in labels:
        raise AssemblyError(f"undefined label '{parsed.label}'", line)
    distance = labels[parsed.label][0] - (slot + 1)
    if parsed.fixup is Fixup.OFF:
        lo, hi = INT16
        if not lo <= distance <= hi:
            raise AssemblyError(
                f"label '{parsed.label}' is {distance:+d} instructions away, which does not "
                f"fit in the 16-bit jump offset (use gotol)",
                line,
            )
        return dataclasses.replace(insn, off=distance)
    lo, hi = INT32
    if not lo <= distance <= hi:
        raise AssemblyError(f"label '{parsed.label}' is too far away", line)
    # gotol, local calls and code_addr(label) all hold the distance in imm.
    return dataclasses.replace(insn, imm=s32(distance))
