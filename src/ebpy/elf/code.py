"""Executable sections of an object: their instructions, functions and relocations."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ebpy.elf.reader import ElfFile, Relocation, Section, SymbolType
from ebpy.errors import DecodeError, ObjectError
from ebpy.isa import Instruction, get_instructions


@dataclass(eq=False)
class Function:
    """A function symbol's instructions: slots [start, end) of its section."""

    code: CodeSection
    name: str
    start: int
    end: int
    is_global: bool

    @property
    def section(self) -> str:
        return self.code.name


@dataclass(eq=False)
class CodeSection:
    section: Section
    source: str
    insns: dict[int, Instruction] = field(default_factory=dict)  # by slot in the section
    slots: int = 0
    functions: list[Function] = field(default_factory=list)  # sorted by start
    relocs: dict[int, Relocation] = field(default_factory=dict)  # by instruction slot
    _starts: list[int] = field(default_factory=list, repr=False)

    @property
    def name(self) -> str:
        return self.section.name

    @property
    def index(self) -> int:
        return self.section.index

    def error(self, message: str) -> ObjectError:
        return ObjectError(f"{self.source}: {self.name}: {message}")

    def function_at(self, slot: int) -> Function | None:
        """The function whose instructions include `slot`."""
        if len(self._starts) != len(self.functions):
            self._starts = [f.start for f in self.functions]
        i = bisect.bisect_right(self._starts, slot) - 1
        if i >= 0 and self.functions[i].start <= slot < self.functions[i].end:
            return self.functions[i]
        return None


def read_code_sections(elf: ElfFile) -> dict[int, CodeSection]:
    """Every executable section with code, by section index."""
    out: dict[int, CodeSection] = {}
    for sec in elf.sections:
        if not sec.is_exec or sec.size == 0:
            continue
        code = CodeSection(sec, elf.source)
        if sec.size % 8:
            raise code.error(f"size {sec.size} is not a whole number of 8-byte instructions")
        try:
            code.insns = dict(get_instructions(sec.data, strict=False))
        except DecodeError as e:
            raise code.error(str(e)) from None
        code.slots = sec.size // 8
        code.functions = _functions(elf, code)
        code.relocs = _relocations(elf, code)
        out[sec.index] = code
    return out


def _functions(elf: ElfFile, code: CodeSection) -> list[Function]:
    syms = [s for s in elf.symbols if s.shndx == code.index and s.type == SymbolType.FUNC]
    if not syms:
        # Hand-written or very old objects: the whole section is one function, named after a
        # global symbol at its start when there is one.
        label = next(
            (s for s in elf.symbols if s.shndx == code.index and s.value == 0 and s.is_global
             and s.type == SymbolType.NOTYPE and s.name),
            None,
        )  # fmt: skip
        return [Function(code, label.name if label else code.name, 0, code.slots, True)]
    syms.sort(key=lambda s: (s.value, not s.is_global))
    funcs: list[Function] = []
    for i, s in enumerate(syms):
        if s.value % 8 or s.size % 8:
            raise code.error(f"function {s.name!r} at byte {s.value} is not instruction-aligned")
        start = s.value // 8
        if funcs and funcs[-1].start == start:
            continue  # an alias of the previous symbol
        if s.size:
            end = start + s.size // 8
        else:
            nxt = next((x.value // 8 for x in syms[i + 1 :] if x.value // 8 > start), code.slots)
            end = nxt
        if end > code.slots or start >= code.slots:
            raise code.error(f"function {s.name!r} extends past the end of the section")
        if funcs and start < funcs[-1].end:
            raise code.error(f"function {s.name!r} overlaps function {funcs[-1].name!r}")
        if start in code.insns and end < code.slots and end not in code.insns:
            raise code.error(f"function {s.name!r} ends inside an instruction")
        if start not in code.insns:
            raise code.error(f"function {s.name!r} starts inside an instruction")
        funcs.append(Function(code, s.name, start, end, s.is_global))
    return funcs


def _relocations(elf: ElfFile, code: CodeSection) -> dict[int, Relocation]:
    out: dict[int, Relocation] = {}
    for r in elf.relocations.get(code.index, []):
        if r.offset % 8 or r.offset // 8 >= code.slots:
            raise code.error(
                f"relocation against {r.symbol.name!r} at byte {r.offset} is not an instruction"
            )
        slot = r.offset // 8
        if slot not in code.insns:
            raise code.error(
                f"insn {slot}: relocation against {r.symbol.name!r} points into the second half "
                "of an lddw"
            )
        if slot in out:
            raise code.error(f"insn {slot}: two relocations")
        out[slot] = r
    return out
