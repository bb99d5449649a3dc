"""Encode types back to BTF bytes (what BPF_BTF_LOAD takes)."""

from __future__ import annotations

import struct
from collections.abc import Iterable

from ebpy.btf.reader import HEADER, MAGIC
from ebpy.btf.types import (
    VOID,
    Array,
    Composite,
    Datasec,
    DeclTag,
    EnumBase,
    Float,
    Func,
    FuncProto,
    Fwd,
    Int,
    Kind,
    Pointer,
    Qualifier,
    Type,
    Typedef,
    TypeTag,
    Var,
    Void,
)
from ebpy.errors import ObjectError


def collect(types: Iterable[Type]) -> list[Type]:
    """`types` in order (void first), followed by every type they reach that is not listed."""
    out: list[Type] = [VOID]
    seen = {id(VOID)}
    roots = list(types)
    for t in roots:
        if id(t) not in seen and not isinstance(t, Void):
            seen.add(id(t))
            out.append(t)
    # Breadth-first over references so that hand-built graphs get stable, compact ids.
    i = 0
    while i < len(out):
        for child in out[i].children():
            if id(child) not in seen:
                if isinstance(child, Void):
                    continue
                seen.add(id(child))
                out.append(child)
        i += 1
    return out


def encode_types(types: Iterable[Type]) -> bytes:
    """BTF for `types` with ids in list order (void is id 0; referenced types are appended)."""
    return encode_with_strings(types)[0]


def encode_with_strings(
    types: Iterable[Type], strings: Iterable[str] = ()
) -> tuple[bytes, dict[str, int]]:
    """BTF for `types` whose string table also holds `strings`, and the offset of each of them
    (for records that point into it, like the line info passed to BPF_PROG_LOAD).

    Types keep their position in `types` as their id; a referenced type that is not listed
    gets the next free id when it is first met.
    """
    ordered: list[Type] = [VOID]
    ids: dict[int, int] = {id(VOID): 0}
    for t in types:
        if id(t) not in ids and not isinstance(t, Void):
            ids[id(t)] = len(ordered)
            ordered.append(t)
    str_offsets: dict[str, int] = {"": 0}
    str_parts: list[bytes] = [b"\0"]
    str_size = 1

    def string(text: str) -> int:
        nonlocal str_size
        off = str_offsets.get(text)
        if off is None:
            raw = text.encode() + b"\0"
            off = str_offsets[text] = str_size
            str_parts.append(raw)
            str_size += len(raw)
        return off

    def ref(t: Type) -> int:
        found = ids.get(id(t))
        if found is None:
            if isinstance(t, Void):
                return 0
            found = ids[id(t)] = len(ordered)
            ordered.append(t)
        return found

    out = bytearray()
    pack3 = struct.Struct("<III").pack
    pack2 = struct.Struct("<II").pack
    pack1 = struct.Struct("<I").pack
    i = 1
    # This loop runs once per type (130,000 times for vmlinux): ordered by how common each kind
    # is, and with the header packed inline.
    while i < len(ordered):
        t = ordered[i]
        i += 1
        k = t.kind << 24
        if isinstance(t, Func):
            out += pack3(string(t.name), k | int(t.linkage), ref(t.type))
        elif isinstance(t, FuncProto):
            params = [(p.name, ref(p.type)) for p in t.params]
            if t.variadic:
                params.append(("", 0))
            _check_vlen(t, len(params))
            out += pack3(string(t.name), k | len(params), ref(t.return_type))
            for name, tid in params:
                out += pack2(string(name), tid)
        elif isinstance(t, Pointer):
            out += pack3(string(t.name), k, ref(t.target))
        elif isinstance(t, Composite):
            kflag = t.has_bitfields
            _check_vlen(t, len(t.members))
            out += pack3(string(t.name), (kflag << 31) | k | len(t.members), t.byte_size)
            for m in t.members:
                off = (m.bitfield_size << 24) | m.offset if kflag else m.offset
                out += pack3(string(m.name), ref(m.type), off)
        elif isinstance(t, (Typedef, Qualifier)):
            out += pack3(string(t.name), k, ref(t.type))
        elif isinstance(t, Array):
            out += pack3(string(t.name), k, 0)
            out += pack3(ref(t.type), ref(t.index_type), t.nelems)
        elif isinstance(t, EnumBase):
            _check_vlen(t, len(t.values))
            out += pack3(string(t.name), (t.signed << 31) | k | len(t.values), t.byte_size)
            wide = t.kind == Kind.ENUM64
            for ev in t.values:
                raw = ev.value & 0xFFFFFFFFFFFFFFFF
                if wide:
                    out += pack3(string(ev.name), raw & 0xFFFFFFFF, raw >> 32)
                else:
                    out += pack2(string(ev.name), raw & 0xFFFFFFFF)
        elif isinstance(t, Int):
            out += pack3(string(t.name), k, t.byte_size)
            out += pack1((int(t.encoding) << 24) | ((t.offset & 0xFF) << 16) | t.bits)
        elif isinstance(t, Var):
            out += pack3(string(t.name), k, ref(t.type))
            out += pack1(int(t.linkage))
        elif isinstance(t, Datasec):
            _check_vlen(t, len(t.vars))
            out += pack3(string(t.name), k | len(t.vars), t.byte_size)
            for v in t.vars:
                out += pack3(ref(v.type), v.offset, v.size)
        elif isinstance(t, Fwd):
            out += pack3(string(t.name), (t.is_union << 31) | k, 0)
        elif isinstance(t, TypeTag):
            out += pack3(string(t.name), (t.kind_flag << 31) | k, ref(t.type))
        elif isinstance(t, Float):
            out += pack3(string(t.name), k, t.byte_size)
        elif isinstance(t, DeclTag):
            out += pack3(string(t.name), (t.kind_flag << 31) | k, ref(t.type))
            out += struct.pack("<i", t.component_idx)
        else:
            raise ObjectError(f"cannot encode {t!r}: unknown type record")
    offsets = {text: string(text) for text in strings}
    string_blob = b"".join(str_parts)
    head = HEADER.pack(MAGIC, 1, 0, HEADER.size, 0, len(out), len(out), len(string_blob))
    return head + bytes(out) + string_blob, offsets


def _check_vlen(t: Type, n: int) -> None:
    if n > 0xFFFF:
        raise ObjectError(f"cannot encode {t!r}: {n} entries (at most 65535)")
