""".BTF.ext: function info, line info and CO-RE relocations, per ELF section.

Instruction positions in the file are byte offsets from the start of their section; the records
here hold instruction slots (byte offset / 8) instead.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from enum import IntEnum

from ebpy.btf.reader import MAGIC
from ebpy.btf.spec import Spec
from ebpy.btf.types import Func
from ebpy.errors import ObjectError

_HEADER = struct.Struct("<HBBIIIII")  # magic, version, flags, hdr_len, func/line off+len
_CORE = struct.Struct("<II")  # core_relo_off, core_relo_len (when hdr_len allows)


class CoreReloKind(IntEnum):
    """enum bpf_core_relo_kind."""

    FIELD_BYTE_OFFSET = 0
    FIELD_BYTE_SIZE = 1
    FIELD_EXISTS = 2
    FIELD_SIGNED = 3
    FIELD_LSHIFT_U64 = 4
    FIELD_RSHIFT_U64 = 5
    TYPE_ID_LOCAL = 6
    TYPE_ID_TARGET = 7
    TYPE_EXISTS = 8
    TYPE_SIZE = 9
    ENUMVAL_EXISTS = 10
    ENUMVAL_VALUE = 11
    TYPE_MATCHES = 12


@dataclass(frozen=True, slots=True)
class FuncInfoRecord:
    slot: int  # instruction slot within the ELF section
    type_id: int  # a FUNC type of the object's BTF
    name: str


@dataclass(frozen=True, slots=True)
class LineInfoRecord:
    slot: int
    file: str
    line: int
    column: int
    text: str  # the source line, as the compiler recorded it


@dataclass(frozen=True, slots=True)
class CoreReloRecord:
    slot: int
    type_id: int
    access: str  # e.g. "0:1:2"
    kind: CoreReloKind


@dataclass
class BtfExt:
    """All .BTF.ext records, keyed by the ELF section they describe."""

    func_info: dict[str, list[FuncInfoRecord]] = field(default_factory=dict)
    line_info: dict[str, list[LineInfoRecord]] = field(default_factory=dict)
    core_relos: dict[str, list[CoreReloRecord]] = field(default_factory=dict)


def parse_ext(data: bytes | bytearray | memoryview, btf: Spec, source: str = ".BTF.ext") -> BtfExt:
    """Parse .BTF.ext; strings and type ids refer to `btf` (the object's .BTF)."""
    buf = bytes(data)
    if len(buf) < _HEADER.size:
        raise ObjectError(f"{source}: {len(buf)} bytes is too short for a header")
    magic, version, _flags, hdr_len, f_off, f_len, l_off, l_len = _HEADER.unpack_from(buf)
    if magic != MAGIC:
        raise ObjectError(f"{source}: bad magic {magic:#06x} (expected {MAGIC:#06x})")
    if version != 1:
        raise ObjectError(f"{source}: unsupported version {version}")
    if not _HEADER.size <= hdr_len <= len(buf):
        raise ObjectError(f"{source}: bad header length {hdr_len}")
    c_off = c_len = 0
    if hdr_len >= _HEADER.size + _CORE.size:
        c_off, c_len = _CORE.unpack_from(buf, _HEADER.size)
    body = buf[hdr_len:]
    ext = BtfExt()
    for off, length, what in ((f_off, f_len, "func_info"), (l_off, l_len, "line_info"),
                              (c_off, c_len, "core_relo")):  # fmt: skip
        if off + length > len(body):
            raise ObjectError(f"{source}: {what} section {off}+{length} is past the end")
    for sec, rec, raw in _sections(body[f_off : f_off + f_len], 8, btf, f"{source}: func_info"):
        ext.func_info.setdefault(sec, []).extend(
            _func_info(r, btf, f"{source}: func_info of {sec}") for r in _records(raw, rec)
        )
    for sec, rec, raw in _sections(body[l_off : l_off + l_len], 16, btf, f"{source}: line_info"):
        ext.line_info.setdefault(sec, []).extend(
            _line_info(r, btf, f"{source}: line_info of {sec}") for r in _records(raw, rec)
        )
    for sec, rec, raw in _sections(body[c_off : c_off + c_len], 16, btf, f"{source}: core_relo"):
        ext.core_relos.setdefault(sec, []).extend(
            _core_relo(r, btf, f"{source}: CO-RE relocation of {sec}") for r in _records(raw, rec)
        )
    return ext


def _sections(blob: bytes, min_rec: int, btf: Spec, where: str) -> list[tuple[str, int, bytes]]:
    """Split one info section into (ELF section name, record size, records bytes)."""
    if not blob:
        return []
    if len(blob) < 4:
        raise ObjectError(f"{where}: truncated record size")
    (rec_size,) = struct.unpack_from("<I", blob)
    if rec_size < min_rec or rec_size % 4:
        raise ObjectError(f"{where}: bad record size {rec_size}")
    out = []
    pos = 4
    while pos < len(blob):
        if pos + 8 > len(blob):
            raise ObjectError(f"{where}: truncated section header at byte {pos}")
        name_off, count = struct.unpack_from("<II", blob, pos)
        pos += 8
        try:
            sec = btf.string_at(name_off)
        except ObjectError as e:
            raise ObjectError(f"{where}: section name: {e}") from None
        end = pos + count * rec_size
        if end > len(blob):
            raise ObjectError(f"{where}: {count} records of section {sec!r} run past the end")
        out.append((sec, rec_size, blob[pos:end]))
        pos = end
    return out


def _records(raw: bytes, rec_size: int) -> list[tuple[int, ...]]:
    """The first four u32 fields of each record (func_info records have two: pad the end)."""
    padded = raw + bytes(8)
    return [struct.unpack_from("<IIII", padded, i) for i in range(0, len(raw), rec_size)]


def _slot(insn_off: int, where: str) -> int:
    if insn_off % 8:
        raise ObjectError(f"{where}: instruction offset {insn_off} is not a multiple of 8")
    return insn_off // 8


def _func_info(r: tuple[int, ...], btf: Spec, where: str) -> FuncInfoRecord:
    insn_off, type_id = r[0], r[1]
    slot = _slot(insn_off, where)
    if not 0 < type_id < len(btf):
        raise ObjectError(f"{where}: type id {type_id} does not exist")
    t = btf.types[type_id]
    if not isinstance(t, Func):
        raise ObjectError(f"{where}: type [{type_id}] is {t.kind.name}, not FUNC")
    return FuncInfoRecord(slot, type_id, t.name)


def _line_info(r: tuple[int, ...], btf: Spec, where: str) -> LineInfoRecord:
    insn_off, file_off, line_off, line_col = r
    slot = _slot(insn_off, where)
    try:
        file = btf.string_at(file_off)
        text = btf.string_at(line_off)
    except ObjectError as e:
        raise ObjectError(f"{where}: {e}") from None
    return LineInfoRecord(slot, file, line_col >> 10, line_col & 0x3FF, text)


def _core_relo(r: tuple[int, ...], btf: Spec, where: str) -> CoreReloRecord:
    insn_off, type_id, access_off, kind = r
    slot = _slot(insn_off, where)
    if not 0 < type_id < len(btf):
        raise ObjectError(f"{where}: type id {type_id} does not exist")
    try:
        access = btf.string_at(access_off)
        relo_kind = CoreReloKind(kind)
    except ObjectError as e:
        raise ObjectError(f"{where}: {e}") from None
    except ValueError:
        raise ObjectError(f"{where}: unknown relocation kind {kind}") from None
    return CoreReloRecord(slot, type_id, access, relo_kind)
