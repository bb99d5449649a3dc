"""Parse BTF bytes (header, type section, string section) into a Spec.

Every malformed input raises ObjectError naming the type id and what is wrong: bad magic,
truncation, type ids or string offsets out of range, unknown kinds, and reference loops that do
not pass through a pointer (a struct containing itself, a typedef of itself, ...).
"""

from __future__ import annotations

import gc
import struct
import sys
from array import array
from typing import Any

from ebpy.btf.spec import Spec
from ebpy.btf.types import (
    VOID,
    Array,
    Const,
    Datasec,
    DeclTag,
    Enum,
    Enum64,
    EnumValue,
    Float,
    Func,
    FuncLinkage,
    FuncParam,
    FuncProto,
    Fwd,
    Int,
    IntEncoding,
    Kind,
    Member,
    Pointer,
    Restrict,
    Struct,
    Type,
    Typedef,
    TypeTag,
    Union,
    Var,
    VarLinkage,
    VarSecinfo,
    Volatile,
)
from ebpy.errors import ObjectError

MAGIC = 0xEB9F
HEADER = struct.Struct("<HBBIIIII")  # magic, version, flags, hdr_len, type/str off and len


def read_string(strings: bytes, offset: int, source: str = "BTF") -> str:
    """The NUL-terminated string at `offset` of a BTF string table."""
    if not 0 <= offset < len(strings):
        raise ObjectError(
            f"{source}: string offset {offset} is outside the string table ({len(strings)} bytes)"
        )
    end = strings.find(b"\0", offset)
    if end < 0:
        raise ObjectError(f"{source}: string at offset {offset} is not NUL-terminated")
    return strings[offset:end].decode("utf-8", "replace")


def parse_header(data: bytes, source: str) -> tuple[int, int, int, int, int]:
    """(hdr_len, type_off, type_len, str_off, str_len), validated against the data size."""
    if len(data) < HEADER.size:
        raise ObjectError(f"{source}: {len(data)} bytes is too short for a BTF header")
    magic, version, _flags, hdr_len, type_off, type_len, str_off, str_len = HEADER.unpack_from(data)
    if magic != MAGIC:
        if magic == 0x9FEB:
            raise ObjectError(f"{source}: big-endian BTF is not supported")
        raise ObjectError(f"{source}: bad BTF magic {magic:#06x} (expected {MAGIC:#06x})")
    if version != 1:
        raise ObjectError(f"{source}: unsupported BTF version {version}")
    if not HEADER.size <= hdr_len <= len(data):
        raise ObjectError(f"{source}: bad BTF header length {hdr_len}")
    total = len(data) - hdr_len
    if type_off + type_len > total or str_off + str_len > total:
        raise ObjectError(
            f"{source}: truncated: type section {type_off}+{type_len} and string section "
            f"{str_off}+{str_len} do not fit in {total} bytes after the header"
        )
    if type_off % 4 or type_len % 4:
        raise ObjectError(f"{source}: type section is not 4-byte aligned")
    return hdr_len, type_off, type_len, str_off, str_len


def parse(data: bytes | bytearray | memoryview, source: str = "BTF") -> Spec:
    """Parse a .BTF blob (or /sys/kernel/btf/vmlinux) into a Spec."""
    buf = bytes(data)
    hdr_len, type_off, type_len, str_off, str_len = parse_header(buf, source)
    strings = buf[hdr_len + str_off : hdr_len + str_off + str_len]
    if strings and (strings[0] != 0 or strings[-1] != 0):
        raise ObjectError(f"{source}: string table must start and end with a NUL byte")
    if not strings:
        strings = b"\0"
    start = hdr_len + type_off
    # Kernel BTF makes ~300,000 objects that all stay alive; pausing the cyclic GC while they
    # are made saves it from scanning them again and again (about a third of the time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        types, refs = _read_types(buf, start, start + type_len, strings, source)
        _link(types, refs, source)
        _check_loops(types, refs, source)
    finally:
        if was_enabled:
            gc.enable()
    return Spec(types, strings, source)


def _names(strings: bytes, source: str) -> Any:
    """A fast name lookup: one split of the table, falling back to a scan for odd offsets."""
    cache: dict[int, str] = {}
    pos = 0
    for raw in strings.split(b"\0"):
        cache[pos] = raw.decode("utf-8", "replace")
        pos += len(raw) + 1
    get = cache.get

    def name(off: int) -> str:
        found = get(off)
        if found is None:
            found = read_string(strings, off, source)
        return found

    return name


_FUNC_LINKAGE = tuple(FuncLinkage)
_VAR_LINKAGE = tuple(VarLinkage)
_INT_ENCODING = tuple(IntEncoding(i) for i in range(8))
# Plain ints: this loop runs once per type (about 130,000 times for vmlinux), so it avoids enum
# lookups and is ordered by how common each kind is in kernel BTF.
_K_INT, _K_PTR, _K_ARRAY, _K_STRUCT, _K_UNION, _K_ENUM, _K_FWD, _K_TYPEDEF = 1, 2, 3, 4, 5, 6, 7, 8
_K_VOLATILE, _K_CONST, _K_RESTRICT, _K_FUNC, _K_FUNC_PROTO, _K_VAR, _K_DATASEC = (
    9,
    10,
    11,
    12,
    13,
    14,
    15,
)
_K_FLOAT, _K_DECL_TAG, _K_TYPE_TAG, _K_ENUM64 = 16, 17, 18, 19


def _truncated(source: str, tid: int, kind: int) -> ObjectError:
    return ObjectError(f"{source}: type [{tid}] {Kind(kind).name} is truncated")


def _words(buf: bytes, start: int, end: int) -> array:
    """The type section as little-endian u32 words (indexing beats struct.unpack here)."""
    words = array("I")
    if words.itemsize != 4:  # pragma: no cover - no mainstream platform
        words = array("L")
    words.frombytes(buf[start:end])
    if sys.byteorder != "little":  # pragma: no cover - BTF here is little-endian
        words.byteswap()
    return words


def _read_types(
    buf: bytes, start: int, end: int, strings: bytes, source: str
) -> tuple[list[Type], list[Any]]:
    """First pass: one record per type, with references still as type ids (fixed by _link)."""
    name = _names(strings, source)
    w = _words(buf, start, end)
    n = len(w)
    types: list[Type] = [VOID]
    refs: list[Any] = [None]  # per type: the ids it refers to, shaped per kind
    append_type = types.append
    append_ref = refs.append
    void = VOID
    pos = 0
    while pos < n:
        if pos + 3 > n:
            raise ObjectError(f"{source}: type [{len(types)}] is truncated")
        info = w[pos + 1]
        size_or_type = w[pos + 2]
        kind = (info >> 24) & 0x1F
        vlen = info & 0xFFFF
        kflag = info >> 31 == 1
        try:
            tname = name(w[pos])
        except ObjectError as e:
            raise ObjectError(f"{source}: type [{len(types)}]: {e}") from None
        pos += 3
        t: Type
        ref: Any = size_or_type
        if kind == _K_FUNC:
            if vlen > 2:
                raise ObjectError(
                    f"{source}: type [{len(types)}] FUNC {tname!r}: bad linkage {vlen}"
                )
            t = Func(tname, void, _FUNC_LINKAGE[vlen])
        elif kind == _K_FUNC_PROTO:
            stop = pos + 2 * vlen
            if stop > n:
                raise _truncated(source, len(types), kind)
            params = [FuncParam(name(w[i]), void) for i in range(pos, stop, 2)]
            prefs = w[pos + 1 : stop : 2].tolist()
            pos = stop
            variadic = vlen > 0 and prefs[-1] == 0 and not params[-1].name
            if variadic:
                params.pop()
                prefs.pop()
            t, ref = FuncProto(void, params, variadic, tname), (size_or_type, prefs)
        elif kind == _K_PTR:
            t = Pointer(void, tname)
        elif kind in (_K_STRUCT, _K_UNION):
            stop = pos + 3 * vlen
            if stop > n:
                raise _truncated(source, len(types), kind)
            if kflag:
                members = [
                    Member(name(w[i]), void, w[i + 2] & 0xFFFFFF, w[i + 2] >> 24)
                    for i in range(pos, stop, 3)
                ]
            else:
                members = [Member(name(w[i]), void, w[i + 2]) for i in range(pos, stop, 3)]
            ref = w[pos + 1 : stop : 3].tolist()
            pos = stop
            t = (Struct if kind == _K_STRUCT else Union)(tname, size_or_type, members)
        elif kind == _K_CONST:
            t = Const(void, tname)
        elif kind == _K_ARRAY:
            if pos + 3 > n:
                raise _truncated(source, len(types), kind)
            t, ref = Array(void, void, w[pos + 2], tname), (w[pos], w[pos + 1])
            pos += 3
        elif kind == _K_TYPEDEF:
            t = Typedef(tname, void)
        elif kind == _K_ENUM:
            stop = pos + 2 * vlen
            if stop > n:
                raise _truncated(source, len(types), kind)
            values = []
            for i in range(pos, stop, 2):
                v_val = w[i + 1]
                if kflag and v_val & 0x80000000:
                    v_val -= 1 << 32
                values.append(EnumValue(name(w[i]), v_val))
            pos = stop
            t, ref = Enum(tname, size_or_type, values, kflag), None
        elif kind == _K_INT:
            if pos + 1 > n:
                raise _truncated(source, len(types), kind)
            v = w[pos]
            pos += 1
            bits, off, enc = v & 0xFF, (v >> 16) & 0xFF, (v >> 24) & 0x0F
            if size_or_type not in (1, 2, 4, 8, 16) or off + bits > size_or_type * 8:
                raise ObjectError(
                    f"{source}: type [{len(types)}] INT {tname!r}: bad size {size_or_type} / "
                    f"{bits} bits at offset {off}"
                )
            t = Int(tname, size_or_type, _INT_ENCODING[enc & 7], bits or size_or_type * 8, off)
            ref = None
        elif kind == _K_VAR:
            if pos + 1 > n:
                raise _truncated(source, len(types), kind)
            linkage = w[pos]
            pos += 1
            if linkage > 2:
                raise ObjectError(
                    f"{source}: type [{len(types)}] VAR {tname!r}: bad linkage {linkage}"
                )
            t = Var(tname, void, _VAR_LINKAGE[linkage])
        elif kind == _K_DATASEC:
            stop = pos + 3 * vlen
            if stop > n:
                raise _truncated(source, len(types), kind)
            secinfo = [VarSecinfo(void, w[i + 1], w[i + 2]) for i in range(pos, stop, 3)]
            ref = w[pos:stop:3].tolist()
            pos = stop
            t = Datasec(tname, size_or_type, secinfo)
        elif kind == _K_VOLATILE:
            t = Volatile(void, tname)
        elif kind == _K_RESTRICT:
            t = Restrict(void, tname)
        elif kind == _K_FWD:
            t, ref = Fwd(tname, kflag), None
        elif kind == _K_ENUM64:
            stop = pos + 3 * vlen
            if stop > n:
                raise _truncated(source, len(types), kind)
            values = []
            for i in range(pos, stop, 3):
                v_val = w[i + 1] | (w[i + 2] << 32)
                if kflag and v_val & (1 << 63):
                    v_val -= 1 << 64
                values.append(EnumValue(name(w[i]), v_val))
            pos = stop
            t, ref = Enum64(tname, size_or_type, values, kflag), None
        elif kind == _K_FLOAT:
            t, ref = Float(tname, size_or_type), None
        elif kind == _K_DECL_TAG:
            if pos + 1 > n:
                raise _truncated(source, len(types), kind)
            component = w[pos] - (1 << 32) if w[pos] & 0x80000000 else w[pos]
            pos += 1
            t = DeclTag(tname, void, component, kflag)
        elif kind == _K_TYPE_TAG:
            t = TypeTag(tname, void, kflag)
        else:
            raise ObjectError(f"{source}: type [{len(types)}] has unknown kind {kind}")
        append_type(t)
        append_ref(ref)
    return types, refs


def _link(types: list[Type], refs: list[Any], source: str) -> None:
    """Second pass: replace type ids by the types they name."""
    n = len(types)

    def get(tid: int, owner: int, what: str) -> Type:
        if tid >= n:
            t = types[owner]
            raise ObjectError(
                f"{source}: type [{owner}] {t.kind.name} {t.name or '(anon)'}: {what} refers to "
                f"type id {tid}, but there are only {n} types"
            )
        return types[tid]

    for i in range(1, n):
        t = types[i]
        r = refs[i]
        if r is None:
            continue
        if isinstance(t, Pointer):
            t.target = get(r, i, "target")
        elif isinstance(t, (Typedef, Volatile, Const, Restrict, TypeTag, Var, DeclTag)):
            t.type = get(r, i, "type")
            if isinstance(t, DeclTag) and r == 0:
                raise ObjectError(f"{source}: type [{i}] DECL_TAG {t.name!r} tags void")
        elif isinstance(t, Func):
            proto = get(r, i, "prototype")
            if not isinstance(proto, FuncProto):
                raise ObjectError(
                    f"{source}: type [{i}] FUNC {t.name!r}: type [{r}] is {proto.kind.name}, "
                    "not FUNC_PROTO"
                )
            t.type = proto
        elif isinstance(t, Array):
            t.type = get(r[0], i, "element type")
            t.index_type = get(r[1], i, "index type")
        elif isinstance(t, (Struct, Union)):
            for m, mref in zip(t.members, r):
                m.type = get(mref, i, f"member {m.name!r}")
        elif isinstance(t, FuncProto):
            t.return_type = get(r[0], i, "return type")
            for p, pref in zip(t.params, r[1]):
                p.type = get(pref, i, f"parameter {p.name!r}")
        elif isinstance(t, Datasec):
            for v, vref in zip(t.vars, r):
                v.type = get(vref, i, "variable")


def _value_edges(t: Type, r: Any) -> Any:
    """The ids a type needs resolved to have a size or a name: every reference but pointers."""
    if r is None or isinstance(t, Pointer):
        return ()
    if isinstance(r, int):
        return (r,)
    if isinstance(t, FuncProto):
        return (r[0], *r[1])
    return r


def _check_loops(types: list[Type], refs: list[Any], source: str) -> None:
    """Reject reference cycles that do not pass through a pointer (iterative DFS)."""
    n = len(types)
    state = bytearray(n)  # 0 unseen, 1 on the current path, 2 done
    edges = [_value_edges(types[i], refs[i]) for i in range(n)]
    for root in range(1, n):
        if state[root] or not edges[root]:
            continue
        state[root] = 1
        stack = [(root, iter(edges[root]))]
        while stack:
            node, it = stack[-1]
            for nxt in it:
                s = state[nxt]
                if s == 0:
                    if edges[nxt]:
                        state[nxt] = 1
                        stack.append((nxt, iter(edges[nxt])))
                        break
                    state[nxt] = 2
                elif s == 1:
                    t = types[nxt]
                    raise ObjectError(
                        f"{source}: type [{nxt}] {t.kind.name} {t.name or '(anon)'} refers to "
                        "itself (a reference loop not through a pointer)"
                    )
            else:
                state[node] = 2
                stack.pop()
