"""ProgramSpec: one program's linked instructions and what they refer to."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from ebpy.isa import Instruction, slot_map
from ebpy.spec.types import AttachType, ProgramType


@dataclass(frozen=True, slots=True)
class MapReference:
    """An lddw at `slot` that stands for map `map`: its address (offset None) or, for global
    data and direct value access, the address of byte `offset` of its first value.

    load_spec leaves that lddw as the kernel expects it before the fd is known: src MAP_FD
    (or MAP_VALUE with `offset` in the second half's imm) and imm 0, for an engine to fill in."""

    slot: int
    map: str
    offset: int | None = None


@dataclass(frozen=True, slots=True)
class LineInfo:
    """Source position of the instruction at `slot` (from .BTF.ext line info)."""

    slot: int
    file: str
    line: int
    column: int
    text: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.text.strip()}" if self.text else where


@dataclass(frozen=True, slots=True)
class FuncInfo:
    """A function starting at `slot` (from .BTF.ext func info), with its BTF FUNC type id."""

    slot: int
    name: str
    type_id: int


@dataclass(frozen=True, slots=True)
class CoreRelocation:
    """A CO-RE relocation (struct bpf_core_relo) on the instruction at `slot`."""

    slot: int
    type_id: int
    access: str  # access string, e.g. "0:1:2"
    kind: int  # enum bpf_core_relo_kind


@dataclass
class ProgramSpec:
    """A program as linked from an object: its own code followed by the subprograms it calls."""

    name: str
    section: str
    type: ProgramType
    instructions: list[Instruction]
    attach_type: AttachType | None = None
    attach_to: str = (
        ""  # what the section names after its prefix (e.g. "syscalls/sys_enter_openat")
    )
    license: str = ""
    kernel_version: int = 0
    sleepable: bool = False
    map_refs: list[MapReference] = field(default_factory=list)
    func_info: list[FuncInfo] = field(default_factory=list)
    line_info: list[LineInfo] = field(default_factory=list)
    core_relos: list[CoreRelocation] = field(default_factory=list)
    btf: Any = None  # the object's ebpy.btf.Spec, shared between programs
    object_path: str | None = None

    @property
    def slots(self) -> dict[int, Instruction]:
        return slot_map(self.instructions)

    def line_at(self, slot: int) -> LineInfo | None:
        """The source line an instruction belongs to (the last line info at or before it)."""
        best = None
        for li in self.line_info:
            if li.slot <= slot:
                best = li
            else:
                break
        return best

    def function_at(self, slot: int) -> FuncInfo | None:
        best = None
        for fi in self.func_info:
            if fi.slot <= slot:
                best = fi
            else:
                break
        return best

    def copy(self) -> ProgramSpec:
        btf, self.btf = self.btf, None
        try:
            dup = copy.deepcopy(self)
        finally:
            self.btf = btf
        dup.btf = btf
        return dup
