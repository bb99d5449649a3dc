"""load_spec: an object file to a CollectionSpec, following libbpf's conventions. No side effects."""

from __future__ import annotations

import os
import struct

from ebpy.btf import BtfExt, Spec, parse, parse_ext
from ebpy.elf.code import CodeSection, Function, read_code_sections
from ebpy.elf.data import data_maps, fixup_datasecs
from ebpy.elf.linker import Linker
from ebpy.elf.maps import (
    BTF_MAPS_SECTION,
    LEGACY_MAPS_SECTION,
    MapDefinition,
    apply_values,
    btf_maps,
    legacy_maps,
)
from ebpy.elf.reader import SHN_LORESERVE, SHN_UNDEF, ElfFile, Symbol, read_elf
from ebpy.errors import ObjectError
from ebpy.spec import CollectionSpec, MapSpec, ProgramSpec, ProgramType, match_section

TEXT = ".text"
Source = str | bytes | bytearray | memoryview | os.PathLike[str]


def load_spec(source: Source, name: str | None = None) -> CollectionSpec:
    """Read a BPF object (a path or its bytes) into a CollectionSpec.

    `name` labels error messages when bytes are given (a path labels itself).
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        path = None
        label = name or "<bytes>"
    else:
        path = os.fspath(source)
        label = name or path
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            raise ObjectError(f"{path}: cannot read: {e.strerror}") from None
    return _Loader(read_elf(data, label), path).load()


class _Loader:
    def __init__(self, elf: ElfFile, path: str | None) -> None:
        self.elf = elf
        self.path = path
        self.source = elf.source

    def error(self, message: str) -> ObjectError:
        return ObjectError(f"{self.source}: {message}")

    def load(self) -> CollectionSpec:
        elf = self.elf
        license = self._license()
        version = self._kernel_version()
        btf, ext = self._btf()
        if btf is not None:
            fixup_datasecs(elf, btf)
        defs = legacy_maps(elf) + btf_maps(elf, btf)
        data = data_maps(elf, btf)
        for index, relocs in elf.relocations.items():
            if index in data and relocs:
                r = relocs[0]
                raise self.error(
                    f"{data[index].name}: pointer to {r.symbol.name!r} at byte {r.offset}: "
                    "global data holding addresses is not supported"
                )
        maps: dict[str, MapSpec] = {}
        for m in [d.spec for d in defs] + list(data.values()):
            if m.name in maps:
                raise self.error(f"two maps named {m.name!r}")
            maps[m.name] = m
        self.defs = defs
        self.data = data
        code = read_code_sections(elf)
        entries = self._entry_points(code)
        linker = Linker(code, self._resolve_map, ext)
        programs: dict[str, ProgramSpec] = {}
        for f in entries:
            linked = linker.link(f)
            match = match_section(f.section) if f.section != TEXT else None
            programs[f.name] = ProgramSpec(
                name=f.name,
                section=f.section,
                type=match.type if match else ProgramType.UNSPEC,
                instructions=linked.instructions,
                attach_type=match.attach_type if match else None,
                attach_to=match.attach_to if match else "",
                license=license,
                kernel_version=version,
                sleepable=match.sleepable if match else False,
                map_refs=linked.map_refs,
                func_info=linked.func_info,
                line_info=linked.line_info,
                core_relos=linked.core_relos,
                btf=btf,
                object_path=self.path,
            )
        program_of = {(f.code.index, f.start * 8): f.name for f in entries}
        apply_values(elf, defs, program_of)
        return CollectionSpec(
            maps=maps,
            programs=programs,
            btf=btf,
            license=license,
            kernel_version=version,
            path=self.path,
        )

    # ---- small sections ----------------------------------------------------------------------
    def _license(self) -> str:
        sec = self.elf.section("license")
        if sec is None:
            return ""
        return sec.data.split(b"\0", 1)[0].decode("utf-8", "replace")

    def _kernel_version(self) -> int:
        sec = self.elf.section("version")
        if sec is None:
            return 0
        if sec.size != 4:
            raise self.error(f"version: {sec.size} bytes, expected a 4-byte kernel version")
        return int(struct.unpack("<I", sec.data)[0])

    def _btf(self) -> tuple[Spec | None, BtfExt | None]:
        sec = self.elf.section(".BTF")
        if sec is None:
            return None, None
        btf = parse(sec.data, source=f"{self.source}: .BTF")
        ext_sec = self.elf.section(".BTF.ext")
        ext = parse_ext(ext_sec.data, btf, f"{self.source}: .BTF.ext") if ext_sec else None
        return btf, ext

    # ---- programs ----------------------------------------------------------------------------
    def _entry_points(self, code: dict[int, CodeSection]) -> list[Function]:
        """Global functions of program sections; of .text when there are no program sections."""
        sections = [c for c in code.values() if c.name != TEXT]
        if not sections:
            sections = [c for c in code.values() if c.name == TEXT]
        entries = [f for c in sections for f in c.functions if f.is_global]
        seen: set[str] = set()
        for f in entries:
            if f.name in seen:
                raise self.error(f"{f.section}: two programs named {f.name!r}")
            seen.add(f.name)
        return entries

    def _resolve_map(self, sym: Symbol, addend: int, where: str) -> tuple[str, int | None]:
        """What an lddw relocation against `sym` (+ addend) loads: a map, or global data."""
        if sym.shndx == SHN_UNDEF:
            raise self.error(
                f"{where}: relocation against undefined symbol {sym.name!r} "
                "(externs such as __kconfig and __ksym are not supported)"
            )
        if sym.shndx >= SHN_LORESERVE:
            raise self.error(
                f"{where}: relocation against {sym.name!r} in a special section "
                "(an uninitialised common symbol? compile with -fno-common)"
            )
        sec = self.elf.section_at(sym.shndx)
        sec_name = sec.name if sec else f"#{sym.shndx}"
        data = self.data.get(sym.shndx)
        offset = sym.value + addend
        if data is not None:
            if not 0 <= offset <= data.value_size:
                raise self.error(
                    f"{where}: relocation against {sym.name!r} points {offset} bytes into "
                    f"{sec_name} ({data.value_size} bytes)"
                )
            return data.name, offset
        if sec_name in (BTF_MAPS_SECTION, LEGACY_MAPS_SECTION):
            d = self._map_at(sym.shndx, offset)
            if d is None:
                raise self.error(
                    f"{where}: relocation against {sym.name!r} at byte {offset} of {sec_name} "
                    "is not the start of a map"
                )
            return d.spec.name, None
        raise self.error(
            f"{where}: relocation against {sym.name!r} in section {sec_name!r}, which is neither "
            "a map nor global data"
        )

    def _map_at(self, section: int, offset: int) -> MapDefinition | None:
        for d in self.defs:
            if d.section == section and d.offset == offset:
                return d
        return None
