"""The disassembler: instructions to text, and llvm-objdump's listing of a code section.

`format_instruction` and `disassemble` give text the assembler reads back to the same
instructions. `list_section` + `render_section` reproduce `llvm-objdump -d` for one section
of an object: the same symbol headers, slot numbers, raw bytes, text and `<func+0x18>` jump
annotations (there the call and pseudo-lddw text is objdump's own; see llvm_syntax).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ebpy.errors import DecodeError
from ebpy.isa.codec import SLOT, get_instructions
from ebpy.isa.instruction import Instruction
from ebpy.isa.llvm_syntax import format_llvm
from ebpy.isa.opcodes import CallSrc
from ebpy.isa.ubpf_syntax import format_ubpf

SYNTAXES = ("llvm", "ubpf")
_U64 = (1 << 64) - 1


@dataclass(frozen=True, slots=True)
class Symbol:
    """A name at a byte address; `kind` is the ELF symbol type (objdump sorts by it last)."""

    addr: int
    name: str
    kind: int = 0

    def sort_key(self) -> tuple[int, bytes, int]:
        return self.addr, self.name.encode(), self.kind


class SymbolTable:
    """Symbols sorted the way llvm-objdump sorts them, for `<name+0xoff>` lookups."""

    def __init__(self, symbols: Iterable[Symbol]) -> None:
        self.symbols = sorted(symbols, key=Symbol.sort_key)
        self._addrs = [s.addr for s in self.symbols]

    @classmethod
    def from_slots(cls, names: Mapping[int, str]) -> SymbolTable:
        return cls(Symbol(slot * SLOT, name) for slot, name in names.items())

    def annotation(self, target: int) -> str:
        """` <name+0x18>` for a byte address, from the last symbol at or before it."""
        i = bisect.bisect_right(self._addrs, target)
        if i == 0:
            return ""
        sym = self.symbols[i - 1]
        disp = target - sym.addr
        return f" <{sym.name}+{disp:#x}>" if disp else f" <{sym.name}>"


def branch_target(insn: Instruction, addr: int) -> int | None:
    """The byte address a jump goes to, computed like objdump (wrapping at 2**64)."""
    if not insn.valid or not insn.is_branch:
        return None
    return (addr + SLOT + insn.jump_offset * SLOT) & _U64


def call_target(insn: Instruction, slot: int) -> int | None:
    """The slot a local (bpf-to-bpf) call goes to."""
    if insn.valid and insn.is_call and insn.src == CallSrc.LOCAL:
        return slot + 1 + insn.imm
    return None


def format_instruction(
    insn: Instruction,
    slot: int | None = None,
    syntax: str = "llvm",
    symbols: Mapping[int, str] | SymbolTable | None = None,
    *,
    objdump: bool = False,
) -> str:
    """One instruction as text.

    With `slot` and `symbols` (slot -> name, e.g. function starts) a jump is annotated like
    objdump does: `goto +3 <func+0x20>`. `objdump=True` prints llvm-objdump's own text for
    the three encodings whose objdump text loses information (see llvm_syntax).
    """
    if syntax == "llvm":
        text = format_llvm(insn, objdump=objdump)
    elif syntax == "ubpf":
        text = format_ubpf(insn)
    else:
        raise ValueError(f"unknown syntax {syntax!r} (expected llvm or ubpf)")
    if slot is not None and symbols is not None:
        table = symbols if isinstance(symbols, SymbolTable) else SymbolTable.from_slots(symbols)
        target = branch_target(insn, slot * SLOT)
        if target is not None:
            text += table.annotation(target)
    return text


def disassemble(
    insns: Iterable[Instruction],
    *,
    syntax: str = "llvm",
    symbols: Mapping[int, str] | None = None,
    objdump: bool = False,
    first_slot: int = 0,
) -> list[str]:
    """The text of each instruction, in order (an lddw is one line)."""
    table = SymbolTable.from_slots(symbols) if symbols is not None else None
    out = []
    slot = first_slot
    for insn in insns:
        out.append(
            format_instruction(
                insn, slot if table is not None else None, syntax, table, objdump=objdump
            )
        )
        slot += insn.slots
    return out


# ==== llvm-objdump's listing ========================================================================
@dataclass(frozen=True, slots=True)
class ListingLine:
    addr: int  # byte address (section address + offset)
    raw: bytes
    insn: Instruction
    text: str
    target: int | None  # byte address of a jump's target
    annotation: str

    @property
    def slot(self) -> int:
        return self.addr // SLOT

    def render(self) -> str:
        raw = " ".join(f"{b:02x}" for b in self.raw)
        return f"{self.slot:8d}:\t{raw}\t{self.text}{self.annotation}"


@dataclass(frozen=True, slots=True)
class ListingBlock:
    """The instructions from one symbol up to the next."""

    symbol: Symbol
    lines: list[ListingLine] = field(default_factory=list)


def list_section(
    data: bytes,
    name: str,
    symbols: Iterable[Symbol] = (),
    *,
    address: int = 0,
    syntax: str = "llvm",
    only: Sequence[str] | None = None,
) -> list[ListingBlock]:
    """What llvm-objdump shows for one executable section, symbol by symbol.

    Like objdump, a section without a symbol at its start gets one named after the
    section, a symbol's code runs to the next symbol, and when several symbols share an
    address only the last (by name) heads the code. `only` keeps the named symbols.
    Invalid instructions raise DecodeError with the slot (counted from the section start).
    """
    table = SymbolTable(symbols)
    heads = list(table.symbols)
    if not heads or heads[0].addr != address:
        heads.insert(0, Symbol(address, name, 2))
        table = SymbolTable(heads)
    end_addr = address + len(data)
    blocks = []
    for i, sym in enumerate(heads):
        start = sym.addr
        end = min(end_addr, heads[i + 1].addr) if i + 1 < len(heads) else end_addr
        if start < address or start >= end:
            continue
        if only is not None and sym.name not in only:
            continue
        blocks.append(ListingBlock(sym, _lines(data, address, start, end, table, syntax)))
    return blocks


def _lines(
    data: bytes, base: int, start: int, end: int, table: SymbolTable, syntax: str
) -> list[ListingLine]:
    lines = []
    addr = start
    while addr < end:
        insn = _decode_at(data, addr - base)
        raw = data[addr - base : addr - base + insn.slots * SLOT]
        text = format_instruction(insn, syntax=syntax, objdump=True)
        target = branch_target(insn, addr)
        note = table.annotation(target) if target is not None else ""
        lines.append(ListingLine(addr, raw, insn, text, target, note))
        addr += len(raw)
    return lines


def _decode_at(data: bytes, offset: int) -> Instruction:
    slot = offset // SLOT
    chunk = data[offset : offset + 2 * SLOT]
    if len(chunk) < SLOT:
        raise DecodeError(f"{len(chunk)} bytes left, not a whole instruction", slot)
    if chunk[0] != 0x18:
        chunk = chunk[:SLOT]
    try:
        _, insn = next(get_instructions(chunk))
    except DecodeError as e:
        message = str(e) if e.slot is None else str(e).split(": ", 1)[1]
        raise DecodeError(message, slot + (e.slot or 0)) from None
    return insn


def render_section(
    name: str,
    blocks: Sequence[ListingBlock],
    before: Callable[[ListingLine], Iterable[str]] | None = None,
) -> str:
    """objdump's text for one section; `before` may add lines ahead of an instruction
    (the place for source lines from debug info)."""
    if not blocks:
        return ""
    out = [f"\nDisassembly of section {name}:\n"]
    for block in blocks:
        out.append(f"\n{block.symbol.addr:016x} <{block.symbol.name}>:\n")
        for line in block.lines:
            if before is not None:
                out.extend(f"{extra}\n" for extra in before(line))
            out.append(line.render() + "\n")
    return "".join(out)


def render_lines(lines: Iterable[ListingLine]) -> str:
    return "".join(line.render() + "\n" for line in lines)


def list_raw(data: bytes, *, syntax: str = "llvm") -> list[ListingLine]:
    """The listing of a raw instruction stream (8-byte slots), without symbols."""
    if len(data) % SLOT:
        raise DecodeError(f"{len(data)} bytes is not a whole number of 8-byte instructions")
    return _lines(data, 0, 0, len(data), SymbolTable(()), syntax)


def target_slot(line: ListingLine, base: int = 0) -> int | None:
    """The slot (from the section start) a line's jump or local call goes to, if any."""
    if line.target is not None:
        return (line.target - base) // SLOT if line.target >= base else None
    return call_target(line.insn, (line.addr - base) // SLOT)
