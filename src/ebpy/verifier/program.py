"""What the verifier knows about a program before walking it: instructions by slot, the maps
its lddw instructions name, subprograms, and source lines."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ebpy.errors import VerifierError
from ebpy.isa import Instruction, PseudoSrc
from ebpy.isa.opcodes import LDDW
from ebpy.spec import MapSpec, ProgramSpec
from ebpy.spec.program_spec import LineInfo
from ebpy.spec.types import AttachType, MapFlags, MapType, ProgramType

BPF_MAXINSNS = 4096  # program size limit without CAP_BPF
BPF_COMPLEXITY_LIMIT_INSNS = 1_000_000  # program size and processed-insn limit
BPF_MAX_VAR_OFF = 1 << 29


@dataclass(frozen=True)
class MapInfo:
    """A map as the verifier sees it (sizes, type, flags, and contents of frozen maps)."""

    name: str
    type: MapType
    key_size: int
    value_size: int
    max_entries: int
    flags: int = 0
    inner: MapInfo | None = None
    frozen: bool = False
    data: bytes | None = None  # initial value of a global-data map
    spin_lock_off: int | None = None  # offset of a struct bpf_spin_lock in the value

    @property
    def rdonly(self) -> bool:
        """Contents can be trusted as constants (BPF_F_RDONLY_PROG and frozen)."""
        return bool(self.flags & MapFlags.RDONLY_PROG) and self.frozen

    @property
    def can_read(self) -> bool:
        return not self.flags & MapFlags.WRONLY_PROG

    @property
    def can_write(self) -> bool:
        return not self.flags & MapFlags.RDONLY_PROG

    @classmethod
    def from_spec(cls, spec: MapSpec) -> MapInfo:
        try:
            mtype = MapType(spec.type)
        except ValueError:
            mtype = MapType.UNSPEC
        inner = cls.from_spec(spec.inner) if spec.inner is not None else None
        data = bytes(spec.data) if spec.data is not None else None
        return cls(
            name=spec.name[:15],
            type=mtype,
            key_size=spec.key_size,
            value_size=spec.value_size,
            max_entries=spec.max_entries,
            flags=spec.flags,
            inner=inner,
            frozen=bool(spec.freeze),
            data=data,
            spin_lock_off=_spin_lock_offset(spec.value_type),
        )


def _spin_lock_offset(vtype: Any) -> int | None:
    """Where a `struct bpf_spin_lock` sits in a BTF value type (top level only)."""
    members = getattr(vtype, "members", None)
    if not members:
        return None
    for m in members:
        t = getattr(m, "type", None)
        while t is not None and getattr(t, "name", None) in (None, "") and hasattr(t, "type"):
            t = t.type
        if getattr(t, "name", None) == "bpf_spin_lock":
            return int(getattr(m, "offset", 0)) // 8
    return None


@dataclass(frozen=True)
class MapRef:
    map: MapInfo
    offset: int | None  # None: the map itself; int: address of byte `offset` of its value


@dataclass
class Program:
    """A program laid out by slot, ready to be checked."""

    name: str
    type: ProgramType
    attach_type: AttachType | None
    gpl: bool
    sleepable: bool
    insns: list[Instruction | None]  # by slot; None for the second half of lddw
    map_refs: dict[int, MapRef] = field(default_factory=dict)
    func_refs: dict[int, int] = field(default_factory=dict)  # lddw slot -> callback start
    subprogs: list[int] = field(default_factory=list)  # start slots, then len(insns)
    subprog_names: list[str] = field(default_factory=list)
    lines: list[LineInfo] = field(default_factory=list)
    _line_slots: list[int] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.insns)

    def subprog_of(self, slot: int) -> int:
        return bisect.bisect_right(self.subprogs, slot) - 1

    def find_subprog(self, start: int) -> int:
        i = bisect.bisect_left(self.subprogs, start)
        if i < len(self.subprogs) - 1 and self.subprogs[i] == start:
            return i
        return -1

    def line_at(self, slot: int) -> LineInfo | None:
        i = bisect.bisect_right(self._line_slots, slot) - 1
        return self.lines[i] if i >= 0 else None

    def source(self, slot: int | None) -> str | None:
        if slot is None:
            return None
        li = self.line_at(slot)
        return str(li) if li is not None else None


LICENSES_GPL = frozenset(
    {"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL"}
)


def fail(message: str, prog: str, insn: int | None = None, source: str | None = None) -> None:
    raise VerifierError(message, insn=insn, source=source, log=message + "\n", program=prog)


def layout(
    spec: ProgramSpec,
    maps: Mapping[str, MapSpec] | None,
    ptype: ProgramType,
    bpf_capable: bool,
) -> Program:
    """Lay the program out by slot and resolve its lddw map references (the kernel's
    bpf_prog_load size checks and resolve_pseudo_ldimm64)."""
    name = spec.name
    insns: list[Instruction | None] = []
    for insn in spec.instructions:
        insns.append(insn)
        if insn.opcode == LDDW:
            insns.append(None)
    limit = BPF_COMPLEXITY_LIMIT_INSNS if bpf_capable else BPF_MAXINSNS
    if not insns:
        fail("program has no instructions", name)
    if len(insns) > limit:
        fail(
            f"program is too large: {len(insns)} instructions, the limit is {limit}"
            + ("" if bpf_capable else " without CAP_BPF"),
            name,
        )
    lines = sorted(spec.line_info, key=lambda li: li.slot)
    prog = Program(
        name=name,
        type=ptype,
        attach_type=spec.attach_type,
        gpl=(spec.license or "") in LICENSES_GPL,
        sleepable=spec.sleepable,
        insns=insns,
        lines=lines,
        _line_slots=[li.slot for li in lines],
    )
    _resolve_maps(prog, spec, maps or {})
    return prog


def _resolve_maps(prog: Program, spec: ProgramSpec, maps: Mapping[str, MapSpec]) -> None:
    infos: dict[str, MapInfo] = {}

    def info(name: str) -> MapInfo:
        if name not in infos:
            infos[name] = MapInfo.from_spec(maps[name])
        return infos[name]

    by_slot = {ref.slot: ref for ref in spec.map_refs}
    ordered = list(maps)
    for slot, insn in enumerate(prog.insns):
        if insn is None or insn.opcode != LDDW:
            continue
        src = insn.src
        ref = by_slot.get(slot)
        if ref is not None:
            if ref.map not in maps:
                fail(
                    f"lddw at insn {slot} refers to map '{ref.map}', which is not defined",
                    prog.name,
                    slot,
                    prog.source(slot),
                )
            mi = info(ref.map)
            if ref.offset is not None:
                _check_direct_value(prog, slot, mi, ref.offset)
            prog.map_refs[slot] = MapRef(mi, ref.offset)
            continue
        if src == PseudoSrc.IMM64:
            continue
        if src == PseudoSrc.FUNC:
            prog.func_refs[slot] = slot + insn.imm + 1
            continue
        if src == PseudoSrc.BTF_ID:
            fail(
                f"lddw at insn {slot} loads a kernel variable by BTF id, which ebpy's "
                "verifier does not model",
                prog.name,
                slot,
                prog.source(slot),
            )
        if src in (
            PseudoSrc.MAP_FD,
            PseudoSrc.MAP_IDX,
            PseudoSrc.MAP_VALUE,
            PseudoSrc.MAP_IDX_VALUE,
        ):
            if src in (PseudoSrc.MAP_FD, PseudoSrc.MAP_IDX) and insn.imm_hi != 0:
                fail("unrecognized bpf_ld_imm64 insn", prog.name, slot, prog.source(slot))
            idx = insn.imm
            if not 0 <= idx < len(ordered):
                fail(
                    f"fd {idx} is not pointing to valid bpf_map (lddw at insn {slot} names map "
                    f"#{idx}; the program was given {len(ordered)} maps)",
                    prog.name,
                    slot,
                    prog.source(slot),
                )
            mi = info(ordered[idx])
            off = None
            if src in (PseudoSrc.MAP_VALUE, PseudoSrc.MAP_IDX_VALUE):
                off = insn.imm_hi & 0xFFFFFFFF
                _check_direct_value(prog, slot, mi, off)
            prog.map_refs[slot] = MapRef(mi, off)
            continue
        fail("unrecognized bpf_ld_imm64 insn", prog.name, slot, prog.source(slot))


def _check_direct_value(prog: Program, slot: int, mi: MapInfo, off: int) -> None:
    if off >= BPF_MAX_VAR_OFF:
        fail(f"direct value offset of {off} is not allowed", prog.name, slot)
    if mi.type != MapType.ARRAY:
        fail("no direct value access support for this map type", prog.name, slot)
    if mi.max_entries != 1 or off >= mi.value_size:
        fail(
            f"invalid access to map value pointer, value_size={mi.value_size} off={off}",
            prog.name,
            slot,
        )
