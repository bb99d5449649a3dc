"""What both assembly syntaxes share: splitting a line into tokens, reading numbers and
registers with clear errors, and the record of an instruction still waiting for a label."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ebpy.errors import AssemblyError
from ebpy.isa.instruction import MAX_REG, Instruction

INT16 = (-(1 << 15), (1 << 15) - 1)
INT32 = (-(1 << 31), (1 << 31) - 1)
# An imm field takes a signed or an unsigned 32-bit value (the kernel log prints 0xfffffffb).
IMM32 = (-(1 << 31), (1 << 32) - 1)
IMM64 = (-(1 << 63), (1 << 64) - 1)

# Operators are tried before names so that `s>=` is one token; a name never starts with
# one of them because the character after `s` is punctuation.
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<num>0[xX][0-9a-fA-F]+|[0-9]+)
  | (?P<op>s>>=|s/=|s%=|s>=|s<=|s>|s<|<<=|>>=|\+=|-=|\*=|/=|%=|\|=|&=|\^=|==|!=|>=|<=
           |[<>=()\[\]*+\-,&:#%])
  | (?P<name>[A-Za-z_.$][A-Za-z0-9_.$]*)
    """,
    re.VERBOSE,
)
_REG = re.compile(r"([rw])([0-9]+)")
LABEL = re.compile(r"[A-Za-z_.$][A-Za-z0-9_.$]*")


class Kind(Enum):
    NUM = "num"
    OP = "op"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str


def strip_comment(line: str) -> str:
    """Drop `;` and `//` comments, and `#` comments that start a word.

    `#` inside a word is part of the verifier log's `call bpf_map_lookup_elem#1`.
    """
    for marker in (";", "//"):
        at = line.find(marker)
        if at >= 0:
            line = line[:at]
    m = re.search(r"(?:^|\s)#", line)
    if m:
        line = line[: m.start()]
    return line.strip()


class Cursor:
    """The tokens of one statement, read left to right, with errors that name the line."""

    def __init__(self, text: str, line: int) -> None:
        self.line = line
        self.tokens: list[Token] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None:
                raise AssemblyError(f"unexpected character {text[pos]!r}", line)
            pos = m.end()
            kind = m.lastgroup
            if kind != "ws":
                self.tokens.append(Token(Kind(kind), m.group()))
        self.pos = 0

    # ---- looking -------------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token | None:
        i = self.pos + ahead
        return self.tokens[i] if i < len(self.tokens) else None

    def at(self, *texts: str, ahead: int = 0) -> bool:
        tok = self.peek(ahead)
        return tok is not None and tok.text in texts

    def at_end(self) -> bool:
        return self.pos >= len(self.tokens)

    # ---- taking --------------------------------------------------------------------------
    def next(self, what: str) -> Token:
        tok = self.peek()
        if tok is None:
            raise self.error(what)
        self.pos += 1
        return tok

    def accept(self, *texts: str) -> Token | None:
        if self.at(*texts):
            return self.next("")
        return None

    def expect(self, text: str, what: str | None = None) -> Token:
        if not self.at(text):
            raise self.error(what or f"'{text}'")
        return self.next("")

    def name(self, what: str) -> str:
        tok = self.peek()
        if tok is None or tok.kind is not Kind.NAME:
            raise self.error(what)
        self.pos += 1
        return tok.text

    def end(self) -> None:
        if not self.at_end():
            tok = self.tokens[self.pos]
            raise self.fail(f"unexpected '{tok.text}'{self._after()}")

    # ---- errors --------------------------------------------------------------------------
    def _after(self) -> str:
        return f" after '{self.tokens[self.pos - 1].text}'" if self.pos > 0 else ""

    def error(self, what: str) -> AssemblyError:
        tok = self.peek()
        got = f"'{tok.text}'" if tok is not None else "end of line"
        return AssemblyError(f"expected {what}{self._after()}, got {got}", self.line)

    def fail(self, message: str) -> AssemblyError:
        return AssemblyError(message, self.line)

    # ---- values ----------------------------------------------------------------------------
    def integer(self, what: str, bounds: tuple[int, int]) -> int:
        """An optionally signed decimal or hex number within `bounds` (inclusive)."""
        start = self.pos
        sign = 1
        if self.accept("-"):
            sign = -1
        elif self.accept("+"):
            pass
        tok = self.peek()
        if tok is None or tok.kind is not Kind.NUM:
            self.pos = start
            raise self.error(what)
        self.pos += 1
        if len(tok.text) > 1 and tok.text[0] == "0" and tok.text[1] not in "xX":
            # LLVM reads 010 as octal, bpf_conformance as decimal: refuse to guess.
            raise self.fail(f"{tok.text}: write numbers without leading zeros (or in hex)")
        value = sign * int(tok.text, 0)
        lo, hi = bounds
        if not lo <= value <= hi:
            text = "".join(t.text for t in self.tokens[start : self.pos])
            raise self.fail(f"{what} {text} does not fit in [{lo}, {hi}]")
        return value

    def at_integer(self) -> bool:
        tok = self.peek()
        if tok is not None and tok.text in ("+", "-"):
            tok = self.peek(1)
        return tok is not None and tok.kind is Kind.NUM

    def register(self, what: str = "a register", prefix: str = "") -> tuple[int, bool]:
        """A register `rN` or `wN` (with `prefix`, e.g. `%`, before it): (number, is 32-bit)."""
        start = self.pos
        if prefix:
            if not self.at(prefix):
                raise self.error(what)
            self.pos += 1
        tok = self.peek()
        m = _REG.fullmatch(tok.text) if tok is not None and tok.kind is Kind.NAME else None
        if m is None:
            self.pos = start
            raise self.error(what)
        self.pos += 1
        num = int(m.group(2))
        if num > MAX_REG:
            raise self.fail(f"{prefix}{tok.text if tok else ''} is not a register (r0 to r10)")
        return num, m.group(1) == "w"

    def at_register(self, prefix: str = "") -> bool:
        ahead = 0
        if prefix:
            if not self.at(prefix):
                return False
            ahead = 1
        tok = self.peek(ahead)
        return tok is not None and tok.kind is Kind.NAME and _REG.fullmatch(tok.text) is not None


def s32(value: int) -> int:
    """A 32-bit field value as the signed number the Instruction record holds."""
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


class Fixup(Enum):
    """Which field of a pending instruction receives a label's pc-relative distance."""

    OFF = "off"  # jumps: the 16-bit offset
    IMM = "imm"  # gotol, local calls and lddw code_addr(label): the 32-bit imm


@dataclass(slots=True)
class Parsed:
    """One parsed instruction; `label` names the target still to be resolved."""

    insn: Instruction
    label: str | None = None
    fixup: Fixup = Fixup.OFF
    opcode_hint: int | None = None  # the `(b7)` of a verifier-log line, checked later
