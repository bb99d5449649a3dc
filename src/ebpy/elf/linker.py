"""Link one program: its own instructions, then every subprogram it reaches, like libbpf.

libbpf's bpf_object__reloc_code appends each called subprogram once, depth-first in the order
calls are met, after the program's own code, and rewrites the call (`call` with src=1) and
function-address (`lddw` with src=4) immediates to offsets within the linked program. Map and
global-data relocations become MapReferences; their lddw gets the kernel's pseudo source
(MAP_FD, or MAP_VALUE with the offset in the second half) and an immediate of 0, which an engine
replaces with its map handle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ebpy.btf.ext import BtfExt
from ebpy.elf.code import CodeSection, Function
from ebpy.elf.reader import SHN_UNDEF, Relocation, RelocType, Symbol
from ebpy.isa import CallSrc, Instruction, PseudoSrc
from ebpy.spec import CoreRelocation, FuncInfo, LineInfo, MapReference

# (symbol, addend, where) -> (map name, offset into its value or None for the map itself)
MapResolver = Callable[[Symbol, int, str], tuple[str, int | None]]


@dataclass
class LinkedProgram:
    instructions: list[Instruction] = field(default_factory=list)
    map_refs: list[MapReference] = field(default_factory=list)
    func_info: list[FuncInfo] = field(default_factory=list)
    line_info: list[LineInfo] = field(default_factory=list)
    core_relos: list[CoreRelocation] = field(default_factory=list)
    functions: list[tuple[Function, int]] = field(default_factory=list)  # (function, base slot)


@dataclass
class _Fixup:
    index: int  # position in the instruction list
    slot: int  # slot in the linked program
    target: Function
    target_slot: int  # slot of the target within its section


class Linker:
    def __init__(
        self, code: dict[int, CodeSection], resolve_map: MapResolver, ext: BtfExt | None
    ) -> None:
        self.code = code
        self.resolve_map = resolve_map
        self.ext = ext

    def link(self, entry: Function) -> LinkedProgram:
        out = LinkedProgram()
        bases: dict[int, int] = {}  # id(function) -> base slot in the linked program
        fixups: list[_Fixup] = []
        size = 0

        def place(f: Function) -> list[tuple[int, int, int]]:
            """Copy a function's instructions; return (index, linked slot, section slot)."""
            nonlocal size
            bases[id(f)] = size
            out.functions.append((f, size))
            placed = []
            for s in range(f.start, f.end):
                insn = f.code.insns.get(s)
                if insn is None:
                    continue
                placed.append((len(out.instructions), size, s))
                out.instructions.append(insn)
                size += insn.slots
            return placed

        # Depth-first like libbpf: a callee is appended when its first call is met, and its
        # own calls are followed before the caller's remaining ones.
        stack = [(entry, iter(place(entry)))]
        while stack:
            f, it = stack[-1]
            for index, slot, s in it:
                target = self._relocate(f, index, slot, s, out)
                if target is None:
                    continue
                tf, tslot = target
                fixups.append(_Fixup(index, slot, tf, tslot))
                if id(tf) not in bases:
                    stack.append((tf, iter(place(tf))))
                    break
            else:
                stack.pop()
        for fx in fixups:
            rel = bases[id(fx.target)] + (fx.target_slot - fx.target.start) - fx.slot - 1
            insn = out.instructions[fx.index]
            if insn.is_lddw:
                out.instructions[fx.index] = Instruction(
                    insn.opcode, insn.dst, int(PseudoSrc.FUNC), 0, rel, 0
                )
            else:
                out.instructions[fx.index] = Instruction(
                    insn.opcode, insn.dst, int(CallSrc.LOCAL), insn.off, rel, 0
                )
        out.map_refs.sort(key=lambda r: r.slot)
        self._ext_info(out)
        return out

    def _relocate(
        self, f: Function, index: int, slot: int, s: int, out: LinkedProgram
    ) -> tuple[Function, int] | None:
        """Handle the instruction at section slot `s`; return a call/function target if any."""
        code = f.code
        insn = out.instructions[index]
        reloc = code.relocs.get(s)
        if reloc is None:
            if insn.is_local_call or (insn.is_lddw and insn.src == PseudoSrc.FUNC):
                # Already resolved by the compiler: relative to this section.
                return self._target(code, code, s + insn.imm + 1, s, "call")
            return None
        sym = reloc.symbol
        where = f"insn {s}"
        if reloc.type == RelocType.R_64_32:
            if not insn.is_call:
                raise code.error(
                    f"{where}: call relocation against {sym.name!r} on a non-call instruction"
                )
            target_code = self._code_of(code, sym, where)
            if sym.value % 8:
                raise code.error(f"{where}: call target {sym.name!r} is not instruction-aligned")
            return self._target(code, target_code, sym.value // 8 + insn.imm + 1, s, "call")
        if reloc.type == RelocType.R_64_64:
            if not insn.is_lddw:
                raise code.error(
                    f"{where}: relocation against {sym.name!r} on a non-lddw instruction "
                    f"(opcode {insn.opcode:#04x})"
                )
            if sym.shndx in self.code:
                # The address of a function (a bpf_loop callback, say).
                target_code = self.code[sym.shndx]
                byte = sym.value + insn.imm
                if byte % 8:
                    raise code.error(
                        f"{where}: function address {sym.name!r}+{insn.imm} is not an instruction"
                    )
                return self._target(code, target_code, byte // 8, s, "function reference")
            name, offset = self.resolve_map(sym, insn.imm, f"{code.name}: {where}")
            out.map_refs.append(MapReference(slot, name, offset))
            if offset is None:
                out.instructions[index] = Instruction(insn.opcode, insn.dst, int(PseudoSrc.MAP_FD))
            else:
                out.instructions[index] = Instruction(
                    insn.opcode, insn.dst, int(PseudoSrc.MAP_VALUE), 0, 0, offset
                )
            return None
        raise code.error(
            f"{where}: unsupported relocation type {_reloc_name(reloc)} against {sym.name!r}"
        )

    def _code_of(self, code: CodeSection, sym: Symbol, where: str) -> CodeSection:
        if sym.shndx == SHN_UNDEF:
            raise code.error(
                f"{where}: call to undefined function {sym.name!r} (kfuncs and externs are "
                "not supported)"
            )
        target = self.code.get(sym.shndx)
        if target is None:
            raise code.error(f"{where}: call target {sym.name!r} is not in an executable section")
        return target

    def _target(
        self, code: CodeSection, target: CodeSection, tslot: int, s: int, what: str
    ) -> tuple[Function, int]:
        f = target.function_at(tslot)
        if f is None or tslot not in target.insns:
            raise code.error(
                f"insn {s}: {what} target is slot {tslot} of {target.name}, which is not an "
                "instruction of any function"
            )
        return f, tslot

    def _ext_info(self, out: LinkedProgram) -> None:
        """func_info, line_info and CO-RE relocations of every placed function, re-slotted."""
        if self.ext is None:
            return
        for f, base in out.functions:
            sec = f.code.name

            def moved(slot: int, f: Function = f, base: int = base) -> int | None:
                return base + slot - f.start if f.start <= slot < f.end else None

            for fi in self.ext.func_info.get(sec, []):
                new = moved(fi.slot)
                if new is not None:
                    out.func_info.append(FuncInfo(new, fi.name, fi.type_id))
            for li in self.ext.line_info.get(sec, []):
                new = moved(li.slot)
                if new is not None:
                    out.line_info.append(LineInfo(new, li.file, li.line, li.column, li.text))
            for cr in self.ext.core_relos.get(sec, []):
                new = moved(cr.slot)
                if new is not None:
                    out.core_relos.append(CoreRelocation(new, cr.type_id, cr.access, cr.kind))
        out.func_info.sort(key=lambda x: x.slot)
        out.line_info.sort(key=lambda x: x.slot)
        out.core_relos.sort(key=lambda x: x.slot)


def _reloc_name(r: Relocation) -> str:
    try:
        return f"R_BPF_{RelocType(r.type).name.removeprefix('R_')}"
    except ValueError:
        return str(r.type)
