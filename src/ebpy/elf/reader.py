"""The ELF container: sections, symbols and relocations as plain records.

This is the one place that talks to pyelftools. Everything is read eagerly and checked, so the
rest of the loader works on validated records and never sees a pyelftools exception.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field
from enum import IntEnum

from ebpy.errors import ObjectError

EM_BPF = 247
ET_REL = 1
SHF_WRITE = 0x1
SHF_ALLOC = 0x2
SHF_EXECINSTR = 0x4
SHN_UNDEF = 0
SHN_LORESERVE = 0xFF00
SHN_ABS = 0xFFF1
SHN_COMMON = 0xFFF2


class SectionType(IntEnum):
    NULL = 0
    PROGBITS = 1
    SYMTAB = 2
    STRTAB = 3
    RELA = 4
    NOBITS = 8
    REL = 9


class SymbolType(IntEnum):
    NOTYPE = 0
    OBJECT = 1
    FUNC = 2
    SECTION = 3
    FILE = 4


class SymbolBind(IntEnum):
    LOCAL = 0
    GLOBAL = 1
    WEAK = 2


class RelocType(IntEnum):
    """R_BPF_* relocation types."""

    NONE = 0
    R_64_64 = 1  # lddw of a map or global data address
    R_64_ABS64 = 2  # 64-bit data pointer (e.g. `values` of .maps)
    R_64_ABS32 = 3
    R_64_NODYLD32 = 4  # in .BTF/.BTF.ext, for linkers only
    R_64_32 = 10  # bpf-to-bpf call


@dataclass(frozen=True, slots=True)
class Section:
    index: int
    name: str
    type: int  # SectionType value (other values kept as is)
    flags: int
    size: int
    data: bytes  # zeros for NOBITS sections
    link: int
    info: int

    @property
    def is_exec(self) -> bool:
        return bool(self.flags & SHF_EXECINSTR) and self.type == SectionType.PROGBITS

    @property
    def is_nobits(self) -> bool:
        return self.type == SectionType.NOBITS


@dataclass(frozen=True, slots=True)
class Symbol:
    index: int
    name: str
    value: int
    size: int
    type: int  # SymbolType value
    bind: int  # SymbolBind value
    shndx: int  # section index, or SHN_UNDEF / SHN_ABS / SHN_COMMON

    @property
    def is_function(self) -> bool:
        return self.type == SymbolType.FUNC

    @property
    def is_global(self) -> bool:
        return self.bind in (SymbolBind.GLOBAL, SymbolBind.WEAK)


@dataclass(frozen=True, slots=True)
class Relocation:
    offset: int  # byte offset in the target section
    symbol: Symbol
    type: int  # RelocType value


@dataclass
class ElfFile:
    source: str
    sections: list[Section] = field(default_factory=list)
    symbols: list[Symbol] = field(default_factory=list)
    relocations: dict[int, list[Relocation]] = field(default_factory=dict)  # by section index

    def section(self, name: str) -> Section | None:
        for s in self.sections:
            if s.name == name:
                return s
        return None

    def section_at(self, index: int) -> Section | None:
        if 0 < index < len(self.sections):
            return self.sections[index]
        return None


_IDENT = struct.Struct("<4sBBB")
_EHDR_TAIL = struct.Struct("<HHIQQQIHHHHHH")  # e_type .. e_shstrndx, after the 16-byte ident
_SHDR = struct.Struct("<IIQQQQIIQQ")


def read_elf(data: bytes, source: str) -> ElfFile:
    """Check the ELF header and read every section, symbol and relocation."""
    _check_header(data, source)
    _check_section_headers(data, source)
    try:
        return _read(data, source)
    except ObjectError:
        raise
    except Exception as e:
        # pyelftools raises many kinds of exceptions on corrupt input (its own, construct's,
        # struct.error, IndexError, UnicodeDecodeError, ...); they all mean "malformed object".
        raise ObjectError(f"{source}: malformed ELF: {e or type(e).__name__}") from None


def _check_header(data: bytes, source: str) -> None:
    if len(data) < 64:
        if data[:4] == b"\x7fELF":
            raise ObjectError(f"{source}: truncated ELF header ({len(data)} bytes)")
        raise ObjectError(f"{source}: not an ELF file")
    magic, ei_class, ei_data, _version = _IDENT.unpack_from(data)
    if magic != b"\x7fELF":
        raise ObjectError(f"{source}: not an ELF file")
    if ei_class != 2:
        raise ObjectError(f"{source}: 32-bit ELF file; BPF objects are 64-bit")
    if ei_data == 2:
        raise ObjectError(
            f"{source}: big-endian ELF (bpfeb); only little-endian BPF objects are supported"
        )
    if ei_data != 1:
        raise ObjectError(f"{source}: unknown ELF data encoding {ei_data}")
    e_type, e_machine = struct.unpack_from("<HH", data, 16)
    if e_machine not in (EM_BPF, 0):
        raise ObjectError(f"{source}: ELF machine is {e_machine}, not BPF ({EM_BPF})")
    if e_type != ET_REL:
        raise ObjectError(f"{source}: ELF type {e_type} is not a relocatable object (ET_REL)")


def _check_section_headers(data: bytes, source: str) -> None:
    fields = _EHDR_TAIL.unpack_from(data, 16)
    e_shoff, e_shentsize, e_shnum, e_shstrndx = fields[5], fields[10], fields[11], fields[12]
    if e_shnum == 0:
        raise ObjectError(f"{source}: ELF file has no section headers")
    if e_shentsize != _SHDR.size:
        raise ObjectError(f"{source}: bad section header size {e_shentsize}")
    if e_shoff + e_shnum * _SHDR.size > len(data):
        raise ObjectError(f"{source}: truncated: section headers end past the end of the file")
    if e_shstrndx >= e_shnum:
        raise ObjectError(f"{source}: section name table index {e_shstrndx} out of range")
    for i in range(1, e_shnum):
        _name, sh_type, _flags, _addr, sh_offset, sh_size, *_ = _SHDR.unpack_from(
            data, e_shoff + i * _SHDR.size
        )
        if sh_type != SectionType.NOBITS and sh_offset + sh_size > len(data):
            raise ObjectError(
                f"{source}: truncated: section #{i} ({sh_size} bytes at {sh_offset}) ends past "
                f"the end of the file ({len(data)} bytes)"
            )


def _enum_value(raw: object, table: dict[str, int]) -> int:
    """pyelftools gives known enum values as names and unknown ones as ints."""
    if isinstance(raw, int):
        return raw
    return table.get(str(raw), -1)


_SHT = {f"SHT_{t.name}": t.value for t in SectionType}
_STT = {f"STT_{t.name}": t.value for t in SymbolType}
_STB = {f"STB_{t.name}": t.value for t in SymbolBind}
_SHN = {"SHN_UNDEF": SHN_UNDEF, "SHN_ABS": SHN_ABS, "SHN_COMMON": SHN_COMMON}


def _read(data: bytes, source: str) -> ElfFile:
    from elftools.elf.elffile import ELFFile  # imported here: keeps `import ebpy` cheap

    elf = ELFFile(io.BytesIO(data))
    out = ElfFile(source)
    symtab_index = -1
    for i in range(elf.num_sections()):
        sec = elf.get_section(i)
        sh_type = _enum_value(sec["sh_type"], _SHT)
        size = sec["sh_size"]
        raw = bytes(size) if sh_type == SectionType.NOBITS or i == 0 else sec.data()
        if len(raw) != size:
            raise ObjectError(f"{source}: section {sec.name!r} is truncated")
        out.sections.append(
            Section(
                i, sec.name, sh_type, sec["sh_flags"], size, raw, sec["sh_link"], sec["sh_info"]
            )
        )
        if sh_type == SectionType.SYMTAB:
            if symtab_index >= 0:
                raise ObjectError(f"{source}: more than one symbol table")
            symtab_index = i
    if symtab_index < 0:
        raise ObjectError(f"{source}: no symbol table (was the object stripped?)")
    symtab = elf.get_section(symtab_index)
    for i, sym in enumerate(symtab.iter_symbols()):  # type: ignore[attr-defined]
        info = sym["st_info"]
        shndx = sym["st_shndx"]
        out.symbols.append(
            Symbol(
                i,
                sym.name,
                sym["st_value"],
                sym["st_size"],
                _enum_value(info["type"], _STT),
                _enum_value(info["bind"], _STB),
                shndx if isinstance(shndx, int) else _SHN.get(str(shndx), SHN_LORESERVE),
            )
        )
    for rel in out.sections:
        if rel.type == SectionType.RELA:
            raise ObjectError(
                f"{source}: section {rel.name!r}: RELA relocations are not used by BPF"
            )
        if rel.type != SectionType.REL:
            continue
        if rel.link != symtab_index:
            raise ObjectError(f"{source}: section {rel.name!r} uses another symbol table")
        target = rel.info
        if not 0 < target < len(out.sections):
            raise ObjectError(f"{source}: section {rel.name!r} relocates section #{target}")
        relocs = out.relocations.setdefault(target, [])
        for off in range(0, len(rel.data) - len(rel.data) % 16, 16):
            r_offset, r_info = struct.unpack_from("<QQ", rel.data, off)
            sym_index, r_type = r_info >> 32, r_info & 0xFFFFFFFF
            if sym_index >= len(out.symbols):
                raise ObjectError(
                    f"{source}: section {rel.name!r}: relocation at {r_offset:#x} refers to "
                    f"symbol #{sym_index}, but there are {len(out.symbols)}"
                )
            relocs.append(Relocation(r_offset, out.symbols[sym_index], r_type))
        if len(rel.data) % 16:
            raise ObjectError(f"{source}: section {rel.name!r} has a partial relocation entry")
    return out
