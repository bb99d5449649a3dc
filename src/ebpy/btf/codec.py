"""Values <-> bytes through BTF types (little-endian, as BPF is here).

The rules, chosen so that `encode(decode(b)) == b` and `encode` accepts what `decode` returns:

- integers decode to `int` (signedness from the INT encoding), `_Bool` to `bool`; enums to
  `int` (encode also takes a member name); pointers to `int`; floats to `float`;
- arrays of `char` decode to `str` when they hold UTF-8 text followed only by NUL bytes, else to
  `bytes`; encode takes either (shorter values are NUL-padded, longer ones rejected);
- arrays of other 1-byte integers (`__u8`, `unsigned char`, ...) decode to `bytes`; encode also
  takes a list of ints;
- other arrays decode to lists; structs and unions to `Record`s (read-only dicts that are
  hashable, so they serve as keys of Python dicts and sets, and readable as `flow.saddr`),
  data sections to dicts; both keyed by member (variable) name, members of anonymous structs/unions merged into their parent like C's
  `a.b` access. Encode takes dicts with any subset of the keys (missing ones are zero);
  unknown keys are errors. Union members are written in declaration order, floating-point
  ones first (they are the only views that can lose bits, such as NaN payloads).

Values that do not fit raise CodecError naming the field (`flow.sport: 70000 does not fit in
__u16 (0..65535)`).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from typing import Any

from ebpy.btf.types import (
    POINTER_SIZE,
    Array,
    Composite,
    Datasec,
    EnumBase,
    Float,
    Int,
    Member,
    Pointer,
    Type,
    Union,
    Var,
)
from ebpy.errors import CodecError

MAX_VALUE_SIZE = 1 << 28  # refuse to build absurd buffers from hostile sizes
_FLOAT_FORMATS = {2: "<e", 4: "<f", 8: "<d"}


class Record(dict[str, Any]):
    """A decoded struct or union: a read-only dict, hashable and readable by attribute."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple((k, _frozen(v)) for k, v in self.items()))

    def __repr__(self) -> str:
        return "Record(" + ", ".join(f"{k}={v!r}" for k, v in self.items()) + ")"

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a decoded struct is read-only; copy it with dict(record) to change it")

    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only

    def __reduce__(self) -> Any:
        return (Record, (dict(self),))


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict) and not isinstance(value, Record):
        return tuple((k, _frozen(v)) for k, v in value.items())
    return value


def decode(t: Type, data: bytes | bytearray | memoryview) -> Any:
    """Decode exactly `t.size` bytes."""
    size = t.size
    raw = bytes(data)
    if len(raw) != size:
        raise CodecError(f"{t}: expected {size} bytes, got {len(raw)}")
    try:
        return _decode(t, raw, 0, "")
    except RecursionError:  # only hand-made BTF nests this deep
        raise CodecError(f"{t}: types nest too deeply to decode") from None


def encode(t: Type, value: Any) -> bytes:
    """Encode a value to exactly `t.size` bytes."""
    size = t.size
    if size > MAX_VALUE_SIZE:
        raise CodecError(f"{t}: {size} bytes is too large to encode")
    buf = bytearray(size)
    try:
        _encode(t, value, buf, 0, "")
    except RecursionError:  # only hand-made BTF (or values) nest this deep
        raise CodecError(f"{t}: types nest too deeply to encode") from None
    return bytes(buf)


def _where(path: str) -> str:
    return f"{path}: " if path else ""


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


# ---- decoding ---------------------------------------------------------------------------------


def _decode(t: Type, buf: bytes, off: int, path: str) -> Any:
    t = t.resolve()
    if isinstance(t, Int):
        raw = int.from_bytes(buf[off : off + t.byte_size], "little")
        return _int_value(t, raw >> t.offset, t.bits)
    if isinstance(t, EnumBase):
        _check_enum_size(t, path)
        return int.from_bytes(buf[off : off + t.byte_size], "little", signed=t.signed)
    if isinstance(t, Pointer):
        return int.from_bytes(buf[off : off + POINTER_SIZE], "little")
    if isinstance(t, Array):
        return _decode_array(t, buf, off, path)
    if isinstance(t, Composite):
        out: dict[str, Any] = {}
        _decode_members(t, buf, off, path, out)
        return Record(out)
    if isinstance(t, Datasec):
        return _decode_datasec(t, buf, off, path)
    if isinstance(t, Float):
        fmt = _FLOAT_FORMATS.get(t.byte_size)
        if fmt is None:
            return bytes(buf[off : off + t.byte_size])
        return struct.unpack_from(fmt, buf, off)[0]
    if isinstance(t, Var):
        return _decode(t.type, buf, off, path)
    raise CodecError(f"{_where(path)}{t} has no value")


def _int_value(t: Int, raw: int, bits: int) -> Any:
    raw &= (1 << bits) - 1
    if t.signed and raw >> (bits - 1):
        raw -= 1 << bits
    if t.is_bool:
        return bool(raw)
    return raw


def _decode_array(t: Array, buf: bytes, off: int, path: str) -> Any:
    elem = t.type.resolve()
    n = t.nelems
    if isinstance(elem, Int) and elem.byte_size == 1 and not elem.is_bool:
        raw = bytes(buf[off : off + n])
        if elem.is_char:
            return _char_text(raw)
        return raw
    size = t.type.size
    return [_decode(t.type, buf, off + i * size, f"{path}[{i}]") for i in range(n)]


def _char_text(raw: bytes) -> str | bytes:
    nul = raw.find(b"\0")
    text = raw if nul < 0 else raw[:nul]
    if nul >= 0 and raw[nul:].count(0) != len(raw) - nul:
        return raw  # bytes after the terminator: not a plain string, keep everything
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return raw


def _bitfield(m: Member, base_bit: int) -> tuple[int, int]:
    """(bit offset, bit count) of a member; count 0 for ordinary (byte-aligned) members."""
    bo = base_bit + m.offset
    bits = m.bitfield_size
    if not bits:
        inner = m.type.resolve()
        if isinstance(inner, Int) and (inner.offset or inner.bits != inner.byte_size * 8):
            return bo + inner.offset, inner.bits  # old-style bitfield (no kind_flag)
        if bo % 8 and isinstance(inner, (Int, EnumBase)):
            return bo, inner.byte_size * 8
    return bo, bits


def _member_path(path: str, m: Member) -> str:
    return _join(path, m.name or "(anon)")


def _decode_members(t: Composite, buf: bytes, off: int, path: str, out: dict[str, Any]) -> None:
    for m in t.members:
        mpath = _member_path(path, m)
        bo, bits = _bitfield(m, 0)
        if bits:
            if not m.name:
                continue  # unnamed padding bitfield
            out[m.name] = _read_bitfield(m, buf, off, bo, bits, t, mpath)
            continue
        if bo % 8:
            raise CodecError(f"{mpath}: member at bit {bo} is not byte-aligned")
        moff = off + bo // 8
        _check_inside(t, m, bo // 8, mpath)
        if not m.name:
            inner = m.type.resolve()
            if isinstance(inner, Composite):
                _decode_members(inner, buf, moff, path, out)
            continue
        out[m.name] = _decode(m.type, buf, moff, mpath)


def _check_inside(t: Composite, m: Member, byte_off: int, path: str) -> None:
    end = byte_off + m.type.size
    if end > t.byte_size:
        raise CodecError(f"{path}: member ends at byte {end}, past the end of {t} ({t.byte_size})")


def _bitfield_signed(m: Member, path: str) -> tuple[bool, bool]:
    inner = m.type.resolve()
    if isinstance(inner, Int):
        return inner.signed, inner.is_bool
    if isinstance(inner, EnumBase):
        return inner.signed, False
    raise CodecError(f"{path}: bitfield of {inner} (only integers and enums can be bitfields)")


def _bitfield_span(t: Composite, bo: int, bits: int, path: str) -> tuple[int, int]:
    lo, hi = bo // 8, (bo + bits + 7) // 8
    if hi > t.byte_size:
        raise CodecError(f"{path}: bitfield ends past the end of {t} ({t.byte_size} bytes)")
    return lo, hi


def _read_bitfield(
    m: Member, buf: bytes, off: int, bo: int, bits: int, t: Composite, path: str
) -> Any:
    signed, is_bool = _bitfield_signed(m, path)
    lo, hi = _bitfield_span(t, bo, bits, path)
    raw = int.from_bytes(buf[off + lo : off + hi], "little") >> (bo % 8)
    raw &= (1 << bits) - 1
    if signed and raw >> (bits - 1):
        raw -= 1 << bits
    return bool(raw) if is_bool else raw


def _decode_datasec(t: Datasec, buf: bytes, off: int, path: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for v in t.vars:
        vpath = _join(path, v.type.name)
        size = v.type.size
        if v.offset + size > t.byte_size:
            raise CodecError(f"{vpath}: variable ends past the end of section {t.name}")
        out[v.type.name] = _decode(v.type, buf, off + v.offset, vpath)
    return out


def _check_enum_size(t: EnumBase, path: str) -> None:
    if t.byte_size not in (1, 2, 4, 8):
        raise CodecError(f"{_where(path)}enum {t.name or '(anon)'} has size {t.byte_size}")


# ---- encoding ---------------------------------------------------------------------------------


def _int_range(signed: bool, bits: int) -> tuple[int, int]:
    if signed:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


def _as_int(value: Any, t: Type, path: str) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    raise CodecError(f"{_where(path)}expected an integer for {t}, got {type(value).__name__}")


def _fit(value: int, signed: bool, bits: int, t: Type, path: str) -> int:
    lo, hi = _int_range(signed, bits)
    if not lo <= value <= hi:
        raise CodecError(f"{_where(path)}{value} does not fit in {t} ({lo}..{hi})")
    return value & ((1 << bits) - 1)


def _encode(t: Type, value: Any, buf: bytearray, off: int, path: str) -> None:
    shown = t
    t = t.resolve()
    if isinstance(t, Int):
        v = _fit(_as_int(value, shown, path), t.signed, t.bits, shown, path)
        if t.offset or t.bits != t.byte_size * 8:
            old = int.from_bytes(buf[off : off + t.byte_size], "little")
            mask = ((1 << t.bits) - 1) << t.offset
            v = (old & ~mask) | (v << t.offset)
        buf[off : off + t.byte_size] = v.to_bytes(t.byte_size, "little")
    elif isinstance(t, EnumBase):
        _check_enum_size(t, path)
        if isinstance(value, str):
            found = t.value_of(value)
            if found is None:
                names = ", ".join(v.name for v in t.values)
                raise CodecError(f"{_where(path)}{shown} has no member {value!r} ({names})")
            value = found
        v = _fit(_as_int(value, shown, path), t.signed, t.byte_size * 8, shown, path)
        buf[off : off + t.byte_size] = v.to_bytes(t.byte_size, "little")
    elif isinstance(t, Pointer):
        v = _fit(_as_int(value, shown, path), False, 64, shown, path)
        buf[off : off + POINTER_SIZE] = v.to_bytes(POINTER_SIZE, "little")
    elif isinstance(t, Array):
        _encode_array(t, value, buf, off, path, shown)
    elif isinstance(t, Composite):
        if not isinstance(value, Mapping):
            raise CodecError(
                f"{_where(path)}expected a dict for {shown}, got {type(value).__name__}"
            )
        unknown = set(value) - _member_names(t)
        if unknown:
            names = ", ".join(sorted(_member_names(t)))
            bad = ", ".join(repr(k) for k in sorted(unknown, key=str))
            raise CodecError(f"{_where(path)}{shown} has no member {bad} (members: {names})")
        _encode_members(t, value, buf, off, path)
    elif isinstance(t, Datasec):
        _encode_datasec(t, value, buf, off, path)
    elif isinstance(t, Float):
        fmt = _FLOAT_FORMATS.get(t.byte_size)
        if fmt is None:
            _put_bytes(value, buf, off, t.byte_size, shown, path)
            return
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise CodecError(
                f"{_where(path)}expected a number for {shown}, got {type(value).__name__}"
            )
        try:
            struct.pack_into(fmt, buf, off, value)
        except (OverflowError, struct.error) as e:
            raise CodecError(f"{_where(path)}{value} does not fit in {shown} ({e})") from None
    elif isinstance(t, Var):
        _encode(t.type, value, buf, off, path)
    else:
        raise CodecError(f"{_where(path)}{shown} has no value")


def _put_bytes(value: Any, buf: bytearray, off: int, n: int, t: Type, path: str) -> None:
    if isinstance(value, str):
        raw = value.encode()
    elif isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
    else:
        raise CodecError(f"{_where(path)}expected bytes for {t}, got {type(value).__name__}")
    if len(raw) > n:
        raise CodecError(f"{_where(path)}{len(raw)} bytes do not fit in {t} ({n} bytes)")
    buf[off : off + n] = raw.ljust(n, b"\0")


def _encode_array(t: Array, value: Any, buf: bytearray, off: int, path: str, shown: Type) -> None:
    elem = t.type.resolve()
    n = t.nelems
    is_bytes = isinstance(elem, Int) and elem.byte_size == 1 and not elem.is_bool
    if is_bytes and isinstance(value, (str, bytes, bytearray, memoryview)):
        if isinstance(value, str) and not (isinstance(elem, Int) and elem.is_char):
            raise CodecError(f"{_where(path)}expected bytes for {shown}, got str")
        _put_bytes(value, buf, off, n, shown, path)
        return
    if isinstance(value, (str, bytes, bytearray, Mapping)) or not hasattr(value, "__len__"):
        raise CodecError(f"{_where(path)}expected a list for {shown}, got {type(value).__name__}")
    if len(value) > n:
        raise CodecError(f"{_where(path)}{len(value)} elements do not fit in {shown} ({n})")
    size = t.type.size
    for i, item in enumerate(value):
        _encode(t.type, item, buf, off + i * size, f"{path}[{i}]")


def _member_names(t: Composite) -> set[str]:
    names: set[str] = set()
    for m in t.members:
        if m.name:
            names.add(m.name)
        else:
            inner = m.type.resolve()
            if isinstance(inner, Composite):
                names |= _member_names(inner)
    return names


def _encode_members(
    t: Composite, value: Mapping[str, Any], buf: bytearray, off: int, path: str
) -> None:
    members = t.members
    if isinstance(t, Union):
        # All members of a decoded union describe the same bytes; floats are the only lossy
        # views (NaN payloads), so write them first and let exact views have the last word.
        members = sorted(members, key=lambda m: not isinstance(m.type.resolve(), Float))
    for m in members:
        mpath = _member_path(path, m)
        bo, bits = _bitfield(m, 0)
        if not m.name:
            inner = m.type.resolve()
            if not bits and isinstance(inner, Composite) and not bo % 8:
                _check_inside(t, m, bo // 8, mpath)
                _encode_members(inner, value, buf, off + bo // 8, path)
            continue
        if m.name not in value:
            continue
        item = value[m.name]
        if bits:
            _write_bitfield(m, item, buf, off, bo, bits, t, mpath)
            continue
        if bo % 8:
            raise CodecError(f"{mpath}: member at bit {bo} is not byte-aligned")
        _check_inside(t, m, bo // 8, mpath)
        if isinstance(t, Union):
            # Members overlap: clear this member's bytes so the value written is exactly it.
            size = m.type.size
            buf[off + bo // 8 : off + bo // 8 + size] = bytes(size)
        _encode(m.type, item, buf, off + bo // 8, mpath)


def _write_bitfield(
    m: Member, value: Any, buf: bytearray, off: int, bo: int, bits: int, t: Composite, path: str
) -> None:
    signed, _ = _bitfield_signed(m, path)
    inner = m.type.resolve()
    if isinstance(inner, EnumBase) and isinstance(value, str):
        found = inner.value_of(value)
        if found is None:
            raise CodecError(f"{path}: {inner} has no member {value!r}")
        value = found
    v = _as_int(value, m.type, path)
    lo_v, hi_v = _int_range(signed, bits)
    if not lo_v <= v <= hi_v:
        raise CodecError(f"{path}: {v} does not fit in a {bits}-bit bitfield ({lo_v}..{hi_v})")
    v &= (1 << bits) - 1
    lo, hi = _bitfield_span(t, bo, bits, path)
    shift = bo % 8
    old = int.from_bytes(buf[off + lo : off + hi], "little")
    mask = ((1 << bits) - 1) << shift
    new = (old & ~mask) | (v << shift)
    buf[off + lo : off + hi] = new.to_bytes(hi - lo, "little")


def _encode_datasec(t: Datasec, value: Any, buf: bytearray, off: int, path: str) -> None:
    if not isinstance(value, Mapping):
        raise CodecError(f"{_where(path)}expected a dict for section {t.name}")
    by_name = {v.type.name: v for v in t.vars}
    unknown = set(value) - set(by_name)
    if unknown:
        bad = ", ".join(repr(k) for k in sorted(unknown, key=str))
        raise CodecError(f"{_where(path)}section {t.name} has no variable {bad}")
    for name, item in value.items():
        v = by_name[name]
        size = v.type.size
        if v.offset + size > t.byte_size:
            raise CodecError(f"{_join(path, name)}: variable ends past the end of section {t.name}")
        _encode(v.type, item, buf, off + v.offset, _join(path, name))
