"""The ctypes layouts of ebpy.kernel against the running kernel's own description of them.

The kernel's BTF (/sys/kernel/btf/vmlinux) holds `union bpf_attr`, `struct bpf_prog_info`,
`enum bpf_cmd`, ...; a minimal BTF reader here (independent of ebpy.btf) walks them and every
field of our structures must sit at the same offset with the same size.
"""

from __future__ import annotations

import ctypes
import struct
from dataclasses import dataclass
from pathlib import Path

import pytest

from ebpy.kernel import attr as A
from ebpy.kernel.uapi import Cmd, LinkType
from ebpy.spec.types import AttachType, MapType, ProgramType

VMLINUX = Path("/sys/kernel/btf/vmlinux")

pytestmark = pytest.mark.skipif(not VMLINUX.exists(), reason="no kernel BTF at " + str(VMLINUX))

# BTF kinds (include/uapi/linux/btf.h)
INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT = range(1, 12)
FUNC, FUNC_PROTO, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG, ENUM64 = range(12, 20)


@dataclass
class BtfType:
    kind: int
    name: str
    size_or_type: int
    vlen: int
    kflag: bool
    members: list[tuple[str, int, int, int]]  # name, type id, bit offset, bitfield size
    enum_values: dict[str, int]
    array: tuple[int, int] | None = None  # (element type, count)


class MiniBtf:
    """Just enough of BTF to find named structs, unions and enums and lay them out."""

    def __init__(self, raw: bytes) -> None:
        magic, _version, _flags, hdr_len = struct.unpack_from("<HBBI", raw)
        assert magic == 0xEB9F
        type_off, type_len, str_off, str_len = struct.unpack_from("<IIII", raw, 8)
        types = raw[hdr_len + type_off : hdr_len + type_off + type_len]
        self.strings = raw[hdr_len + str_off : hdr_len + str_off + str_len]
        self.types: list[BtfType | None] = [None]  # id 0 is void
        pos = 0
        while pos < len(types):
            name_off, info, size = struct.unpack_from("<III", types, pos)
            pos += 12
            kind, vlen, kflag = (info >> 24) & 0x1F, info & 0xFFFF, bool(info >> 31)
            t = BtfType(kind, self._str(name_off), size, vlen, kflag, [], {})
            if kind == INT or kind in (VAR, DECL_TAG):
                pos += 4
            elif kind == ARRAY:
                elem, _index, count = struct.unpack_from("<III", types, pos)
                t.array = (elem, count)
                pos += 12
            elif kind in (STRUCT, UNION):
                for _ in range(vlen):
                    m_name, m_type, m_off = struct.unpack_from("<III", types, pos)
                    pos += 12
                    bits = m_off >> 24 if kflag else 0
                    offset = m_off & 0xFFFFFF if kflag else m_off
                    t.members.append((self._str(m_name), m_type, offset, bits))
            elif kind == ENUM:
                for _ in range(vlen):
                    e_name, e_val = struct.unpack_from("<Ii", types, pos)
                    pos += 8
                    t.enum_values[self._str(e_name)] = e_val
            elif kind == FUNC_PROTO:
                pos += 8 * vlen
            elif kind in (DATASEC, ENUM64):
                pos += 12 * vlen
            self.types.append(t)
        self.by_name: dict[tuple[int, str], BtfType] = {}
        for t in self.types:
            if t is not None and t.name:
                self.by_name.setdefault((t.kind, t.name), t)

    def _str(self, off: int) -> str:
        end = self.strings.index(b"\0", off)
        return self.strings[off:end].decode()

    def size_of(self, type_id: int) -> int:
        t = self.types[type_id]
        assert t is not None
        if t.kind in (INT, STRUCT, UNION, ENUM, ENUM64, FLOAT):
            return t.size_or_type
        if t.kind == PTR:
            return 8
        if t.kind == ARRAY:
            assert t.array is not None
            return self.size_of(t.array[0]) * t.array[1]
        return self.size_of(t.size_or_type)  # typedef, const, volatile, ...

    def resolve(self, type_id: int) -> BtfType:
        t = self.types[type_id]
        assert t is not None
        while t.kind in (TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG):
            t = self.types[t.size_or_type]
            assert t is not None
        return t

    def flatten(self, t: BtfType, base: int = 0, prefix: str = "") -> dict[str, tuple[int, int]]:
        """name -> (bit offset, bit size) for every leaf member; anonymous members are merged
        into their parent, named struct/union members become `outer.inner`."""
        out: dict[str, tuple[int, int]] = {}
        for name, type_id, offset, bits in t.members:
            inner = self.resolve(type_id)
            if inner.kind in (STRUCT, UNION):
                out.update(
                    self.flatten(inner, base + offset, f"{prefix}{name}." if name else prefix)
                )
            else:
                out[prefix + name] = (base + offset, bits or self.size_of(type_id) * 8)
        return out


@pytest.fixture(scope="module")
def btf() -> MiniBtf:
    return MiniBtf(VMLINUX.read_bytes())


def ctypes_fields(cls: type, base: int = 0, prefix: str = "") -> dict[str, tuple[int, int]]:
    """The same flattening for a ctypes Structure/Union (bit offsets and sizes)."""
    out: dict[str, tuple[int, int]] = {}
    anonymous = set(getattr(cls, "_anonymous_", ()))
    for spec in cls._fields_:  # type: ignore[attr-defined]
        name, ftype = spec[0], spec[1]
        desc = getattr(cls, name)
        offset = base + desc.offset * 8
        if isinstance(ftype, type) and issubclass(ftype, ctypes.Structure | ctypes.Union):
            out.update(
                ctypes_fields(ftype, offset, prefix if name in anonymous else f"{prefix}{name}.")
            )
        elif len(spec) == 3:  # bit field: ctypes packs (bit offset << 16 | width) in size
            out[prefix + name] = (offset + (desc.size & 0xFFFF), desc.size >> 16)
        else:
            out[prefix + name] = (offset, ctypes.sizeof(ftype) * 8)
    return out


def attr_member(btf: MiniBtf, key: str) -> BtfType:
    """A member of union bpf_attr: by name (`test`), or the anonymous struct whose first
    field is `@name`."""
    union = btf.by_name[(UNION, "bpf_attr")]
    for name, type_id, _offset, _bits in union.members:
        inner = btf.resolve(type_id)
        if key.startswith("@"):
            if not name and inner.members and _first_leaf(btf, inner) == key[1:]:
                return inner
        elif name == key:
            return inner
    raise AssertionError(f"union bpf_attr has no member {key}")


def _first_leaf(btf: MiniBtf, t: BtfType) -> str:
    name, type_id, _, _ = t.members[0]
    inner = btf.resolve(type_id)
    if not name and inner.kind in (STRUCT, UNION):
        return _first_leaf(btf, inner)
    return name


ATTR_LAYOUTS = {
    A.MapCreateAttr: "@map_type",
    A.MapElemAttr: "@map_fd",
    A.MapBatchAttr: "batch",
    A.ProgLoadAttr: "@prog_type",
    A.ObjPinAttr: "@pathname",
    A.ProgAttachAttr: "@target_fd",
    A.ProgRunAttr: "test",
    A.GetIdAttr: "@start_id",
    A.InfoAttr: "info",
    A.ProgQueryAttr: "query",
    A.RawTracepointAttr: "raw_tracepoint",
    A.BtfLoadAttr: "@btf",
    A.LinkCreateAttr: "link_create",
    A.LinkUpdateAttr: "link_update",
    A.LinkDetachAttr: "link_detach",
    A.EnableStatsAttr: "enable_stats",
    A.IterCreateAttr: "iter_create",
    A.ProgBindMapAttr: "prog_bind_map",
}


@pytest.mark.parametrize("layout", list(ATTR_LAYOUTS), ids=lambda c: c.__name__)
def test_bpf_attr_member_matches_kernel(btf: MiniBtf, layout: type) -> None:
    kernel = btf.flatten(attr_member(btf, ATTR_LAYOUTS[layout]))
    ours = ctypes_fields(layout)
    assert ours, layout
    for name, where in ours.items():
        assert name in kernel, f"{layout.__name__}.{name} is not in the kernel's bpf_attr"
        assert where == kernel[name], (
            f"{layout.__name__}.{name}: ours {where}, kernel {kernel[name]}"
        )


def test_attr_layouts_fit_in_the_kernels_union(btf: MiniBtf) -> None:
    # bpf() refuses (E2BIG) an attr longer than its union whose extra bytes are not zero:
    # every field we define must be one this kernel reads.
    union_size = btf.by_name[(UNION, "bpf_attr")].size_or_type
    for layout in ATTR_LAYOUTS:
        assert ctypes.sizeof(layout) <= union_size, layout.__name__


@pytest.mark.parametrize(
    ("layout", "struct_name"),
    [
        (A.ProgInfoStruct, "bpf_prog_info"),
        (A.MapInfoStruct, "bpf_map_info"),
        (A.BtfInfoStruct, "bpf_btf_info"),
        (A.FuncInfoRecord, "bpf_func_info"),
        (A.LineInfoRecord, "bpf_line_info"),
    ],
)
def test_info_struct_matches_kernel(btf: MiniBtf, layout: type, struct_name: str) -> None:
    kernel_struct = btf.by_name[(STRUCT, struct_name)]
    kernel = btf.flatten(kernel_struct)
    ours = ctypes_fields(layout)
    for name, where in ours.items():
        assert where == kernel.get(name), (
            f"{struct_name}.{name}: ours {where}, kernel {kernel.get(name)}"
        )
    # Everything up to our last field is ours too: no kernel field skipped in between.
    end = max(off + size for off, size in ours.values())
    skipped = [n for n, (off, _) in kernel.items() if off < end and n not in ours]
    assert not skipped, f"{struct_name}: fields missing from our layout: {skipped}"


def test_prog_load_attr_has_every_field_up_to_fd_array_cnt(btf: MiniBtf) -> None:
    kernel = btf.flatten(attr_member(btf, "@prog_type"))
    ours = ctypes_fields(A.ProgLoadAttr)
    end = max(off + size for off, size in ours.values())
    assert [n for n, (off, _) in kernel.items() if off < end and n not in ours] == []
    for required in ("log_true_size", "prog_btf_fd", "func_info", "line_info", "fd_array",
                     "attach_btf_id", "expected_attach_type", "prog_flags"):  # fmt: skip
        assert required in ours


def _enum(btf: MiniBtf, name: str) -> dict[str, int]:
    return btf.by_name[(ENUM, name)].enum_values


def test_cmd_enum_matches_kernel(btf: MiniBtf) -> None:
    kernel = _enum(btf, "bpf_cmd")
    for cmd in Cmd:
        assert kernel[f"BPF_{cmd.name}"] == cmd.value, cmd


@pytest.mark.parametrize(
    ("enum", "kernel_name", "prefix"),
    [
        (ProgramType, "bpf_prog_type", "BPF_PROG_TYPE_"),
        (MapType, "bpf_map_type", "BPF_MAP_TYPE_"),
        (AttachType, "bpf_attach_type", "BPF_"),
        (LinkType, "bpf_link_type", "BPF_LINK_TYPE_"),
    ],
)
def test_type_enums_match_kernel(btf: MiniBtf, enum: type, kernel_name: str, prefix: str) -> None:
    # The kernel layer passes these numbers straight to bpf(); a wrong one loads the wrong type.
    kernel = _enum(btf, kernel_name)
    known = {k: v for k, v in kernel.items() if not k.startswith("__")}
    for member in enum:  # type: ignore[attr-defined]
        key = prefix + member.name
        if key in known:
            assert known[key] == member.value, key
        else:  # newer than this kernel: appended after everything it knows
            assert member.value > max(known.values()), key
