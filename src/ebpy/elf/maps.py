"""Map definitions: BTF-defined maps in `.maps` and legacy `struct bpf_map_def` in `maps`.

BTF-defined maps follow libbpf's parse_btf_map_def: each variable in `.maps` is a struct whose
members encode the attributes in their types (`__uint(name, n)` is a pointer to an array of n
ints, `__type(name, T)` a pointer to T, `__array(values, T)` an empty array of pointers to T).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ebpy.btf import Array, Composite, EnumBase, FuncProto, Pointer, Spec, Struct, Type, Var
from ebpy.btf import Datasec as BtfDatasec
from ebpy.elf.reader import ElfFile, RelocType, Symbol, SymbolType
from ebpy.errors import CodecError, ObjectError
from ebpy.spec import MapSpec, MapType, PinType

BTF_MAPS_SECTION = ".maps"
LEGACY_MAPS_SECTION = "maps"
_LEGACY_FIELDS = 5  # struct bpf_map_def: type, key_size, value_size, max_entries, map_flags
_IPROUTE2_FIELDS = 9  # struct bpf_elf_map adds id, pinning, inner_id, inner_idx
_INT_FIELDS = ("type", "max_entries", "map_flags", "numa_node", "key_size", "value_size", "pinning")


@dataclass
class MapDefinition:
    """A map and where its definition lives in the object (to resolve relocations)."""

    spec: MapSpec
    section: int  # ELF section index
    offset: int  # byte offset of the definition in that section
    size: int
    values_offset: int | None = None  # byte offset of `values` within the definition
    id: int = 0  # iproute2's map id (legacy definitions only)
    inner_id: int = 0
    inner_idx: int = 0xFFFFFFFF


def _map_type(value: int, where: str) -> MapType:
    if value == 0:
        raise ObjectError(f"{where}: map type is not specified")
    try:
        return MapType(value)
    except ValueError:
        raise ObjectError(f"{where}: unknown map type {value}") from None


# ---- BTF-defined maps (.maps) -------------------------------------------------------------------


def btf_maps(elf: ElfFile, btf: Spec | None) -> list[MapDefinition]:
    sec = elf.section(BTF_MAPS_SECTION)
    if sec is None:
        return []
    where = f"{elf.source}: {BTF_MAPS_SECTION}"
    if btf is None:
        raise ObjectError(f"{where}: BTF-defined maps need the object's BTF (compile with -g)")
    datasec = btf.get(BTF_MAPS_SECTION, BtfDatasec)
    if not isinstance(datasec, BtfDatasec):
        if sec.size == 0:
            return []
        raise ObjectError(f"{where}: no DATASEC for the section in BTF")
    out = []
    for vsi in datasec.vars:
        var = vsi.type
        if not isinstance(var, Var):
            raise ObjectError(f"{where}: entry {var.name!r} is {var.kind.name}, not a variable")
        mwhere = f"{where}: map {var.name!r}"
        definition = var.type.resolve()
        if not isinstance(definition, Struct):
            raise ObjectError(f"{mwhere}: definition is {definition.kind.name}, not a struct")
        # Initialised `values` make the variable longer than its struct type.
        size = max(definition.byte_size, vsi.size)
        if vsi.offset + size > sec.size:
            raise ObjectError(f"{mwhere}: definition ends past the end of the section")
        spec, values_offset = _parse_btf_map(var.name, definition, mwhere, inner_allowed=True)
        out.append(MapDefinition(spec, sec.index, vsi.offset, size, values_offset))
    return out


def _uint(member_type: Type, field: str, where: str) -> int:
    """The n of `__uint(field, n)`: a pointer to an array of n elements."""
    ptr = member_type.resolve()
    if isinstance(ptr, Pointer):
        arr = ptr.target.resolve()
        if isinstance(arr, Array):
            return arr.nelems
    raise ObjectError(f"{where}: field {field!r} is not declared with __uint (got {member_type})")


def _ulong(member_type: Type, field: str, where: str) -> int:
    """`__ulong(field, n)` (an enum holding n) or `__uint(field, n)`."""
    t = member_type.resolve()
    if isinstance(t, EnumBase):
        if not t.values:
            raise ObjectError(f"{where}: field {field!r} is an empty enum")
        return t.values[0].value & 0xFFFFFFFFFFFFFFFF
    return _uint(member_type, field, where)


def _pointee(member_type: Type, field: str, where: str) -> Type:
    ptr = member_type.resolve()
    if not isinstance(ptr, Pointer):
        raise ObjectError(
            f"{where}: field {field!r} is not declared with __type (got {member_type})"
        )
    return ptr.target


def _sized(t: Type, field: str, where: str) -> int:
    try:
        return t.size
    except CodecError as e:
        raise ObjectError(f"{where}: {field} type: {e}") from None


def _parse_btf_map(
    name: str, definition: Struct, where: str, inner_allowed: bool
) -> tuple[MapSpec, int | None]:
    ints: dict[str, int] = {}
    key_type = value_type = None
    key_size = value_size = None
    map_extra = 0
    inner: MapSpec | None = None
    values_offset: int | None = None
    has_values = False
    for m in definition.members:
        field = m.name
        if not field:
            raise ObjectError(f"{where}: unnamed field in map definition")
        if field in _INT_FIELDS:
            ints[field] = _uint(m.type, field, where)
            if field == "type":
                _map_type(ints[field], where)  # an unknown type is the first thing to report
        elif field == "map_extra":
            map_extra = _ulong(m.type, field, where)
        elif field == "key":
            key_type = _pointee(m.type, field, where)
            key_size = _sized(key_type, "key", where)
        elif field == "value":
            value_type = _pointee(m.type, field, where)
            value_size = _sized(value_type, "value", where)
        elif field == "values":
            has_values = True
            values_offset = m.offset // 8
            inner = _parse_values(name, m.type, ints.get("type", 0), where, inner_allowed)
        else:
            raise ObjectError(f"{where}: unknown field {field!r} in map definition")
    mtype = _map_type(ints.get("type", 0), where)
    for explicit, size_name in ((key_size, "key_size"), (value_size, "value_size")):
        given = ints.get(size_name)
        if explicit is not None and given is not None and explicit != given:
            raise ObjectError(
                f"{where}: {size_name} {given} conflicts with the size of its type ({explicit})"
            )
    ksize = key_size if key_size is not None else ints.get("key_size", 0)
    vsize = value_size if value_size is not None else ints.get("value_size", 0)
    if has_values:
        if mtype not in (MapType.PROG_ARRAY, MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS):
            raise ObjectError(
                f"{where}: `values` needs a prog array or map-in-map, not {mtype.name}"
            )
        if vsize not in (0, 4):
            raise ObjectError(f"{where}: value size of {mtype.name} must be 4, not {vsize}")
        vsize = 4  # map fds and program fds are u32
    pinning = ints.get("pinning", 0)
    if pinning not in (PinType.NONE, PinType.BY_NAME):
        raise ObjectError(f"{where}: invalid pinning value {pinning}")
    spec = MapSpec(
        name=name,
        type=mtype,
        key_size=ksize,
        value_size=vsize,
        max_entries=ints.get("max_entries", 0),
        flags=ints.get("map_flags", 0),
        inner=inner,
        pinning=PinType(pinning),
        numa_node=ints.get("numa_node", 0),
        map_extra=map_extra,
        key_type=key_type,
        value_type=value_type,
    )
    return spec, values_offset


def _parse_values(
    name: str, member_type: Type, map_type: int, where: str, inner_allowed: bool
) -> MapSpec | None:
    """`__array(values, T)`: T is a function prototype (prog arrays) or an inner map struct."""
    arr = member_type.resolve()
    if not isinstance(arr, Array):
        raise ObjectError(f"{where}: `values` must be an array (declare it with __array)")
    if arr.nelems:
        raise ObjectError(f"{where}: `values` must be an array of size 0, not {arr.nelems}")
    ptr = arr.type.resolve()
    if not isinstance(ptr, Pointer):
        raise ObjectError(f"{where}: `values` must be an array of pointers")
    target = ptr.target.resolve()
    if map_type == MapType.PROG_ARRAY:
        if not isinstance(target, FuncProto):
            raise ObjectError(f"{where}: `values` of a prog array must point to functions")
        return None
    if map_type not in (MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS):
        raise ObjectError(
            f"{where}: `values` needs the map type declared first (prog array or map-in-map)"
        )
    if not isinstance(target, Composite):
        raise ObjectError(f"{where}: inner map definition is {target.kind.name}, not a struct")
    if not inner_allowed:
        raise ObjectError(f"{where}: an inner map cannot have inner maps itself")
    assert isinstance(target, Struct)
    inner, _ = _parse_btf_map(f"{name}.inner", target, f"{where}: inner map", inner_allowed=False)
    return inner


# ---- legacy maps (maps) -------------------------------------------------------------------------


def legacy_maps(elf: ElfFile) -> list[MapDefinition]:
    sec = elf.section(LEGACY_MAPS_SECTION)
    if sec is None or sec.size == 0:
        return []
    where = f"{elf.source}: {LEGACY_MAPS_SECTION}"
    syms = [
        s for s in elf.symbols
        if s.shndx == sec.index and s.type != SymbolType.SECTION and s.name
    ]  # fmt: skip
    if not syms:
        raise ObjectError(f"{where}: map definitions without symbols")
    def_size = sec.size // len(syms)
    if def_size * len(syms) != sec.size:
        raise ObjectError(
            f"{where}: {sec.size} bytes do not divide into {len(syms)} map definitions"
        )
    if def_size < 16:
        raise ObjectError(f"{where}: map definitions of {def_size} bytes are too small")
    out = []
    for sym in sorted(syms, key=lambda s: s.value):
        mwhere = f"{where}: map {sym.name!r}"
        if sym.value + def_size > sec.size:
            raise ObjectError(f"{mwhere}: definition ends past the end of the section")
        raw = sec.data[sym.value : sym.value + def_size]
        out.append(_legacy_map(sym, raw, sec.index, mwhere))
    _link_iproute2_inner_maps(out, where)
    return out


def _legacy_map(sym: Symbol, raw: bytes, section: int, where: str) -> MapDefinition:
    n = len(raw) // 4
    words = list(struct.unpack_from(f"<{n}I", raw))
    iproute2 = n >= _IPROUTE2_FIELDS
    known = _IPROUTE2_FIELDS if iproute2 else _LEGACY_FIELDS
    if any(words[known:]) or any(raw[n * 4 :]):
        raise ObjectError(f"{where}: definition has unknown non-zero fields")
    words += [0] * (known - len(words))
    pinning = PinType.NONE
    if iproute2:
        pin = words[6]
        if pin > 2:
            raise ObjectError(f"{where}: iproute2 custom pinning {pin} is not supported")
        # PIN_OBJECT_NS (1) and PIN_GLOBAL_NS (2) both pin the map under its name.
        pinning = PinType.BY_NAME if pin else PinType.NONE
    spec = MapSpec(
        name=sym.name,
        type=_map_type(words[0], where),
        key_size=words[1],
        value_size=words[2],
        max_entries=words[3],
        flags=words[4],
        pinning=pinning,
    )
    d = MapDefinition(spec, section, sym.value, len(raw))
    if iproute2:
        d.id, d.inner_id, d.inner_idx = words[5], words[7], words[8]
    return d


def _link_iproute2_inner_maps(defs: list[MapDefinition], where: str) -> None:
    """iproute2: an outer map names its inner map by `inner_id`; the inner map (with that `id`)
    goes into the outer one at index `inner_idx` unless that is -1."""
    for outer in defs:
        if not outer.inner_id or not outer.spec.type.is_map_in_map:
            continue
        inner = next((d for d in defs if d.id == outer.inner_id and not d.inner_id), None)
        if inner is None:
            raise ObjectError(
                f"{where}: map {outer.spec.name!r} names inner map id {outer.inner_id}, "
                "which no map has"
            )
        outer.spec.inner = inner.spec.copy()
        outer.spec.inner.name = f"{outer.spec.name}.inner"
        if outer.spec.value_size == 0:
            outer.spec.value_size = 4
        if inner.inner_idx != 0xFFFFFFFF:
            outer.spec.contents.append((inner.inner_idx, inner.spec.name))


# ---- initial values of prog arrays and maps-in-maps (relocations in .maps) ---------------------


def apply_values(
    elf: ElfFile, defs: list[MapDefinition], program_of: dict[tuple[int, int], str]
) -> None:
    """`.values = { [i] = &prog_or_map }` in `.maps`: relocations become MapSpec.contents.

    `program_of` maps (section index, byte offset) of program entry points to program names.
    """
    sec = elf.section(BTF_MAPS_SECTION)
    if sec is None:
        return
    where = f"{elf.source}: {BTF_MAPS_SECTION}"
    by_offset = {d.offset: d for d in defs if d.section == sec.index}
    for r in elf.relocations.get(sec.index, []):
        sym = r.symbol
        if r.type not in (RelocType.R_64_ABS64, RelocType.R_64_64):
            raise ObjectError(f"{where}: unsupported relocation type {r.type} against {sym.name!r}")
        d = next((x for x in by_offset.values() if x.offset <= r.offset < x.offset + x.size), None)
        if d is None:
            raise ObjectError(f"{where}: relocation at byte {r.offset} is outside every map")
        mwhere = f"{where}: map {d.spec.name!r}"
        if d.values_offset is None or r.offset < d.offset + d.values_offset:
            raise ObjectError(f"{mwhere}: relocation at byte {r.offset} is not in `values`")
        rel = r.offset - d.offset - d.values_offset
        if rel % 8:
            raise ObjectError(f"{mwhere}: relocation at byte {r.offset} is not a `values` slot")
        index = rel // 8
        if d.spec.max_entries and index >= d.spec.max_entries:
            raise ObjectError(f"{mwhere}: `values` index {index} is past max_entries")
        if d.spec.type == MapType.PROG_ARRAY:
            name = program_of.get((sym.shndx, sym.value))
            if name is None:
                raise ObjectError(
                    f"{mwhere}: values[{index}] = {sym.name!r}, which is not a program"
                )
        else:
            target = by_offset.get(sym.value) if sym.shndx == sec.index else None
            if target is None:
                raise ObjectError(f"{mwhere}: values[{index}] = {sym.name!r}, which is not a map")
            name = target.spec.name
        d.spec.contents.append((index, name))
    for d in defs:
        d.spec.contents.sort(key=lambda kv: kv[0])
