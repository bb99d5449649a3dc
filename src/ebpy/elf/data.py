"""Global data: .rodata, .data, .bss and their named variants become single-entry array maps."""

from __future__ import annotations

from ebpy.btf import Datasec, Spec, Var, VarLinkage
from ebpy.elf.reader import ElfFile, Section, Symbol, SymbolType
from ebpy.errors import ObjectError
from ebpy.spec import DataVariable, MapFlags, MapSpec, MapType

_BASES = (".rodata", ".data", ".bss")


def is_data_section(name: str) -> bool:
    return any(name == b or name.startswith(b + ".") for b in _BASES)


def is_rodata(name: str) -> bool:
    return name == ".rodata" or name.startswith(".rodata.")


def fixup_datasecs(elf: ElfFile, btf: Spec) -> None:
    """Fill in what the compiler leaves to the loader, as libbpf's btf_fixup_datasec does: each
    DATASEC's size is its ELF section's size, each global variable's offset its symbol's value,
    and variables are sorted by offset (the kernel requires it)."""
    for t in btf.types:
        if not isinstance(t, Datasec):
            continue
        sec = elf.section(t.name)
        if sec is None:
            continue  # extern sections (.kconfig, .ksyms) have no ELF section
        where = f"{elf.source}: .BTF: DATASEC {t.name!r}"
        t.byte_size = sec.size
        for vsi in t.vars:
            var = vsi.type
            if not isinstance(var, Var):
                continue
            sym = _symbol(elf, sec, var.name)
            if sym is not None:
                vsi.offset = sym.value
                if not vsi.size:
                    vsi.size = sym.size
            elif var.linkage == VarLinkage.GLOBAL:
                raise ObjectError(f"{where}: no symbol for variable {var.name!r}")
            if vsi.offset + vsi.size > sec.size:
                raise ObjectError(
                    f"{where}: variable {var.name!r} ends past the end of the section"
                )
        t.vars.sort(key=lambda v: v.offset)


def _symbol(elf: ElfFile, sec: Section, name: str) -> Symbol | None:
    for s in elf.symbols:
        if (
            s.shndx == sec.index
            and s.name == name
            and s.type in (SymbolType.OBJECT, SymbolType.NOTYPE)
        ):
            return s
    return None


def data_maps(elf: ElfFile, btf: Spec | None) -> dict[int, MapSpec]:
    """One ARRAY map (key u32, one entry) per non-empty global data section, by section index."""
    out: dict[int, MapSpec] = {}
    for sec in elf.sections:
        if not is_data_section(sec.name) or sec.size == 0 or sec.is_exec:
            continue
        datasec = btf.get(sec.name, Datasec) if btf is not None else None
        rodata = is_rodata(sec.name)
        variables = _variables(elf, sec, datasec if isinstance(datasec, Datasec) else None, rodata)
        flags = 0
        if rodata:
            flags |= (
                MapFlags.RDONLY_PROG
            )  # the program may not write it; lets the verifier trust it
        # libbpf makes the three standard sections mmapable always, and named ones when they
        # hold a global (non-static) variable.
        if sec.name in _BASES or _has_global(datasec):
            flags |= MapFlags.MMAPABLE
        out[sec.index] = MapSpec(
            name=sec.name,
            type=MapType.ARRAY,
            key_size=4,
            value_size=sec.size,
            max_entries=1,
            flags=flags,
            value_type=datasec if isinstance(datasec, Datasec) else None,
            section=sec.name,
            data=bytearray(sec.data),
            variables=variables,
            freeze=rodata,
        )
    return out


def _has_global(datasec: object) -> bool:
    if not isinstance(datasec, Datasec):
        return False
    return any(
        isinstance(v.type, Var) and v.type.linkage != VarLinkage.STATIC for v in datasec.vars
    )


def _variables(
    elf: ElfFile, sec: Section, datasec: Datasec | None, rodata: bool
) -> dict[str, DataVariable]:
    out: dict[str, DataVariable] = {}
    if datasec is not None:
        for vsi in datasec.vars:
            var = vsi.type
            if isinstance(var, Var):
                out[var.name] = DataVariable(var.name, vsi.offset, vsi.size, var.type, rodata)
        return out
    # No BTF: the symbols still give names, offsets and sizes.
    for s in elf.symbols:
        if s.shndx == sec.index and s.type == SymbolType.OBJECT and s.size and s.name:
            if s.value + s.size > sec.size:
                raise ObjectError(
                    f"{elf.source}: {sec.name}: variable {s.name!r} ends past the section"
                )
            out[s.name] = DataVariable(s.name, s.value, s.size, None, rodata)
    return out
