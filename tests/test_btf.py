"""ebpy.btf: parsing every kind, lookups, the printer, encoding, vmlinux, malformed input."""

from __future__ import annotations

import contextlib
import json
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebpy import btf
from ebpy.btf import (
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
    Spec,
    Struct,
    Typedef,
    TypeTag,
    Union,
    Var,
    VarLinkage,
    Volatile,
)
from ebpy.elf.reader import read_elf
from ebpy.errors import CodecError, EbpyError, ObjectError
from ebpy.spec import AttachType, MapType, ProgramType

PROGRAMS = Path(__file__).parent / "programs"
VMLINUX = Path("/sys/kernel/btf/vmlinux")


def raw_section(path: Path, name: str) -> bytes:
    sec = read_elf(path.read_bytes(), str(path)).section(name)
    assert sec is not None, f"{path} has no {name}"
    return sec.data


@pytest.fixture(scope="module")
def zoo_obj(compile_bpf) -> Path:
    return compile_bpf((PROGRAMS / "btf_types.c").read_text(), "btf_types")


@pytest.fixture(scope="module")
def zoo(zoo_obj) -> Spec:
    return btf.parse(raw_section(zoo_obj, ".BTF"), source="btf_types.o")


# ---- parsing: every kind -----------------------------------------------------------------------


def test_type_zero_is_void_and_ids_index_types(zoo: Spec) -> None:
    assert zoo.types[0] is VOID
    assert zoo.type_by_id(0) is VOID
    for i, t in enumerate(zoo.types):
        assert zoo.type_id(t) == i
    with pytest.raises(ObjectError, match="no type with id"):
        zoo.type_by_id(len(zoo))


def test_every_kind_clang_emits_is_parsed(zoo: Spec) -> None:
    kinds = {t.kind for t in zoo.types[1:]}
    expected = set(Kind) - {Kind.UNKN}
    assert kinds == expected, f"missing kinds: {expected - kinds}"


def test_struct_with_bitfields(zoo: Spec) -> None:
    bits = zoo.find("bits", Struct)
    assert isinstance(bits, Struct)
    assert bits.size == 8
    assert bits.has_bitfields
    layout = [(m.name, m.offset, m.bitfield_size) for m in bits.members]
    assert layout == [
        ("a", 0, 3),
        ("b", 3, 5),
        ("c", 32, 9),
        ("col", 41, 4),
        ("flag", 45, 1),
        ("tail", 48, 0),
    ]
    assert isinstance(bits.member("col").type.resolve(), Enum)


def test_struct_members_anonymous_and_lookup(zoo: Spec) -> None:
    nested = zoo.find("nested", Kind.STRUCT)
    assert isinstance(nested, Struct)
    assert nested.size == 176
    # Members of anonymous structs/unions are found like C finds them.
    member, bit_offset = nested.find_member("y")
    assert member.name == "y" and bit_offset == 16
    member, bit_offset = nested.find_member("bytes")
    assert bit_offset == 32 and isinstance(member.type, Array)
    assert nested.find_member("nope") is None
    with pytest.raises(CodecError, match="no member 'nope'"):
        nested.member("nope")


def test_enums_signed_unsigned_and_64(zoo: Spec) -> None:
    color = zoo.find("color", Enum)
    assert isinstance(color, Enum)
    assert not color.signed and color.size == 4
    assert [(v.name, v.value) for v in color.values] == [("RED", 0), ("GREEN", 5), ("BLUE", 6)]
    sign = zoo.find("sign", Kind.ENUM)
    assert isinstance(sign, Enum) and sign.signed
    assert sign.value_of("NEG") == -2 and sign.name_of(3) == "POS"
    big = zoo.find("big", Enum64)
    assert isinstance(big, Enum64) and big.size == 8
    assert big.value_of("HUGE") == 0x123456789


def test_qualifiers_typedefs_and_resolve(zoo: Spec) -> None:
    nested = zoo.find("nested", Struct)
    assert isinstance(nested, Struct)
    handle = nested.member("handle").type
    assert isinstance(handle, Const) and isinstance(handle.type, Volatile)
    assert isinstance(handle.strip_qualifiers(), Typedef)
    resolved = handle.resolve()
    assert isinstance(resolved, Int) and resolved.name == "unsigned int"
    assert handle.size == 4
    rp = nested.member("rp").type
    assert isinstance(rp, Restrict) and isinstance(rp.type, Pointer)
    user = nested.member("user_ptr").type
    assert isinstance(user, Pointer) and isinstance(user.target, TypeTag)
    assert user.target.name == "user"


def test_function_prototypes_and_variadic(zoo: Spec) -> None:
    nested = zoo.find("nested", Struct)
    assert isinstance(nested, Struct)
    printk = nested.member("printk").type
    assert isinstance(printk, Pointer)
    proto = printk.target
    assert isinstance(proto, FuncProto) and proto.variadic
    assert len(proto.params) == 2  # fmt, size, ...
    func = zoo.find("tagged_func", Func)
    assert isinstance(func, Func) and func.linkage == FuncLinkage.GLOBAL
    assert isinstance(func.type, FuncProto) and [p.name for p in func.type.params] == ["x"]


def test_decl_tags_point_at_components(zoo: Spec) -> None:
    tags = {t.name: t for t in zoo.types if isinstance(t, DeclTag)}
    assert tags["param_tag"].component_idx == 0
    assert isinstance(tags["param_tag"].type, Func)
    assert tags["var_tag"].component_idx == -1 and isinstance(tags["var_tag"].type, Var)
    assert tags["bits_tag"].type is zoo.find("bits", Struct)


def test_other_kinds(zoo: Spec) -> None:
    nested = zoo.find("nested", Struct)
    assert isinstance(nested, Struct)
    assert isinstance(nested.member("ratio").type, Float) and nested.member("ratio").type.size == 8
    hidden = nested.member("hidden").type
    assert isinstance(hidden, Pointer) and isinstance(hidden.target, Fwd)
    wide = nested.member("wide").type.resolve()
    assert isinstance(wide, Int) and wide.size == 16 and wide.signed
    grid = nested.member("grid").type
    assert isinstance(grid, Array) and grid.nelems == 2 and grid.size == 12
    var = zoo.find("tagged_var", Var)
    assert isinstance(var, Var) and var.linkage == VarLinkage.GLOBAL
    assert any(isinstance(t, Datasec) and t.name == ".bss" for t in zoo.types)


def test_find_get_and_kinds(zoo: Spec) -> None:
    assert zoo.get("no_such_type") is None
    with pytest.raises(ObjectError, match="no STRUCT named 'color'"):
        zoo.find("color", Kind.STRUCT)
    assert zoo.find("color") is zoo.find("color", Enum)
    assert zoo.find_all("bits", Kind.DECL_TAG) == []
    assert [t.kind for t in zoo.find_all("bits")] == [Kind.STRUCT]


def test_sizes_of_sizeless_types_raise(zoo: Spec) -> None:
    for t in (VOID, zoo.find("tagged_func"), zoo.find("opaque")):
        assert not t.has_size
        with pytest.raises(CodecError, match="has no size"):
            _ = t.size


# ---- compare with bpftool's reading of the same bytes --------------------------------------------

_INT_ENC = {0: "(none)", 1: "SIGNED", 2: "CHAR", 4: "BOOL"}
_LINKAGE = {0: "static", 1: "global", 2: "extern"}


def bpftool_view(spec: Spec, t: btf.Type) -> dict:
    """Our parse of a type in the shape of `bpftool -j btf dump` output."""
    tid = spec.type_id
    out: dict = {"id": tid(t), "kind": t.kind.name, "name": t.name or "(anon)"}
    if isinstance(t, Int):
        out |= {"size": t.size, "bits_offset": t.offset, "nr_bits": t.bits}
        out["encoding"] = _INT_ENC[int(t.encoding)]
    elif isinstance(t, (Pointer,)):
        out["type_id"] = tid(t.target)
    elif isinstance(t, (Typedef, Const, Volatile, Restrict, TypeTag)):
        out["type_id"] = tid(t.type)
    elif isinstance(t, Array):
        out |= {"type_id": tid(t.type), "index_type_id": tid(t.index_type), "nr_elems": t.nelems}
    elif isinstance(t, (Struct, Union)):
        members = []
        for m in t.members:
            rec = {"name": m.name or "(anon)", "type_id": tid(m.type), "bits_offset": m.offset}
            if m.bitfield_size:
                rec["bitfield_size"] = m.bitfield_size
            members.append(rec)
        out |= {"size": t.size, "vlen": len(t.members), "members": members}
    elif isinstance(t, (Enum, Enum64)):
        out["encoding"] = "SIGNED" if t.signed else "UNSIGNED"
        out |= {"size": t.size, "vlen": len(t.values)}
        out["values"] = [{"name": v.name, "val": v.value} for v in t.values]
    elif isinstance(t, Fwd):
        out["fwd_kind"] = "union" if t.is_union else "struct"
    elif isinstance(t, Func):
        out |= {"type_id": tid(t.type), "linkage": _LINKAGE[int(t.linkage)]}
    elif isinstance(t, FuncProto):
        params = [{"name": p.name or "(anon)", "type_id": tid(p.type)} for p in t.params]
        if t.variadic:
            params.append({"name": "(anon)", "type_id": 0})
        out |= {"ret_type_id": tid(t.return_type), "vlen": len(params), "params": params}
    elif isinstance(t, Var):
        out |= {"type_id": tid(t.type), "linkage": _LINKAGE[int(t.linkage)]}
    elif isinstance(t, Datasec):
        out |= {"size": t.size, "vlen": len(t.vars)}
        out["vars"] = [{"type_id": tid(v.type), "offset": v.offset, "size": v.size} for v in t.vars]
    elif isinstance(t, Float):
        out["size"] = t.size
    elif isinstance(t, DeclTag):
        out |= {"type_id": tid(t.type), "component_idx": t.component_idx}
    return out


def bpftool_dump(path: Path) -> list[dict]:
    tool = shutil.which("bpftool")
    if tool is None:
        pytest.skip("bpftool is not installed (apt-get install bpftool)")
    proc = subprocess.run([tool, "-j", "btf", "dump", "file", str(path)], capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)["types"]


def _normalise(rec: dict) -> dict:
    # bpftool 7.1 sign-extends 32-bit values of *unsigned* enums (0xefffffff prints as
    # 18446744073441116159); the kernel reads them as u32, as we do.
    if rec["kind"] == "ENUM" and rec["encoding"] == "UNSIGNED":
        rec = dict(rec)
        rec["values"] = [{**v, "val": v["val"] & 0xFFFFFFFF} for v in rec["values"]]
    return rec


def assert_same_as_bpftool(spec: Spec, dump: list[dict]) -> None:
    assert len(dump) == len(spec) - 1
    for rec in dump:
        ours = bpftool_view(spec, spec.types[rec["id"]])
        assert ours == _normalise(rec), f"type [{rec['id']}] differs"


def test_types_match_bpftool_for_compiled_objects(zoo_obj, zoo, compile_bpf, bench_dir) -> None:
    assert_same_as_bpftool(zoo, bpftool_dump(zoo_obj))
    for name in ("elf_maps", "elf_globals", "elf_calls"):
        obj = compile_bpf((PROGRAMS / f"{name}.c").read_text(), name)
        assert_same_as_bpftool(btf.parse(raw_section(obj, ".BTF")), bpftool_dump(obj))
    fw = bench_dir / "xdp_firewall.o"
    assert_same_as_bpftool(btf.parse(raw_section(fw, ".BTF")), bpftool_dump(fw))


@pytest.mark.skipif(not VMLINUX.exists(), reason="no kernel BTF at /sys/kernel/btf/vmlinux")
def test_vmlinux_matches_bpftool() -> None:
    assert_same_as_bpftool(btf.load_vmlinux(), bpftool_dump(VMLINUX))


# ---- the printer ----------------------------------------------------------------------------------


def test_format_struct_single_and_multiline(zoo: Spec) -> None:
    bits = zoo.find("bits")
    assert bits.format() == (
        "struct bits { __u32 a : 3; __s32 b : 5; __u16 c : 9; enum color col : 4; "
        "bool flag : 1; __u8 tail; }"
    )
    text = zoo.find("nested").format(multiline=True)
    lines = text.splitlines()
    assert lines[0] == "struct nested {" and lines[-1] == "}"
    for expected in (
        "    struct { __u16 x; __u16 y; };",
        "    union { __u32 word; __u8 bytes[4]; };",
        "    char name[12];",
        "    __s16 grid[2][3];",
        "    struct opaque *hidden;",
        "    int (*cb)(void *, __u32);",
        "    long (*printk)(const char *, __u32, ...);",
        "    const volatile handle_t handle;",
        "    int *restrict rp;",
        "    unsigned __int128 uwide;",
    ):
        assert expected in lines


def test_type_names_and_declarations(zoo: Spec) -> None:
    nested = zoo.find("nested", Struct)
    assert isinstance(nested, Struct)
    assert str(nested) == "struct nested"
    assert str(nested.member("name").type) == "char [12]"
    assert str(nested.member("cb").type) == "int (*)(void *, __u32)"
    assert btf.declaration(nested.member("grid").type, "g") == "__s16 g[2][3]"
    assert str(zoo.find("tagged_func")) == "int tagged_func(int x)"
    assert zoo.find("color").format() == "enum color { RED = 0, GREEN = 5, BLUE = 6 }"
    assert zoo.find("handle_t").format() == "typedef __u32 handle_t"
    assert repr(nested) == "<STRUCT struct nested size=176>"


def test_declarators_of_hand_built_types() -> None:
    i32 = Int("int", 4, IntEncoding.SIGNED)
    arr = Array(i32, i32, 4)
    assert btf.declaration(Pointer(arr), "p") == "int (*p)[4]"
    assert btf.declaration(Array(Pointer(i32), i32, 3), "a") == "int *a[3]"
    assert btf.declaration(Const(Pointer(i32)), "p") == "int *const p"
    assert btf.declaration(Pointer(Const(i32)), "p") == "const int *p"
    fn = FuncProto(Pointer(i32), [FuncParam("", Pointer(VOID))])
    assert btf.declaration(Pointer(fn), "f") == "int *(*f)(void *)"
    assert btf.declaration(FuncProto(VOID, []), "g") == "void g(void)"
    anon = Struct("", 4, [Member("v", i32)])
    assert btf.type_name(Pointer(anon)) == "struct { int v; } *"


def test_printer_survives_cyclic_anonymous_graphs() -> None:
    s = Struct("", 8, [])
    s.members.append(Member("self", Pointer(s)))  # impossible in C, possible in bytes
    assert "struct" in s.format()
    assert "..." in btf.type_name(Pointer(s)) or "{" in btf.type_name(Pointer(s))


# ---- encoding -------------------------------------------------------------------------------------


def canonical(spec: Spec) -> list[dict]:
    return [bpftool_view(spec, t) for t in spec.types[1:]]


def test_encode_round_trip_of_compiled_btf(zoo: Spec) -> None:
    blob = zoo.encode()
    again = btf.parse(blob)
    assert canonical(again) == canonical(zoo)
    assert again.encode() == blob  # encoding is deterministic


@pytest.mark.skipif(not VMLINUX.exists(), reason="no kernel BTF at /sys/kernel/btf/vmlinux")
def test_encode_round_trip_of_vmlinux() -> None:
    spec = btf.load_vmlinux()
    blob = spec.encode()
    again = btf.parse(blob)
    assert len(again) == len(spec)
    # Every type compared would take seconds; a spread of a thousand or so says as much.
    for i in range(1, len(spec), 97):
        assert bpftool_view(again, again.types[i]) == bpftool_view(spec, spec.types[i])
    assert again.encode() == blob


def test_build_btf_from_new_types() -> None:
    u32 = Int("unsigned int", 4)
    u8 = Int("unsigned char", 1)
    flow = Struct(
        "flow",
        12,
        [
            Member("saddr", u32, 0),
            Member("flags", u32, 32, 3),
            Member("mac", Array(u8, u32, 4), 64),
        ],
    )
    e = Enum64("wide", 8, [EnumValue("NEG", -1), EnumValue("BIG", 1 << 40)], signed=True)
    spec = Spec.from_types([flow, e])
    assert spec.types[1] is flow and spec.types[2] is e
    parsed = btf.parse(spec.encode())
    assert (
        parsed.find("flow").format()
        == "struct flow { unsigned int saddr; unsigned int flags : 3; unsigned char mac[4]; }"
    )
    wide = parsed.find("wide", Enum64)
    assert isinstance(wide, Enum64)
    assert [(v.name, v.value) for v in wide.values] == [("NEG", -1), ("BIG", 1 << 40)]


def test_encode_with_extra_strings(zoo: Spec) -> None:
    blob, offsets = zoo.encode_with_strings(["hello.c", "return 0;", "int"])
    parsed = btf.parse(blob)
    for text, off in offsets.items():
        assert parsed.string_at(off) == text
    assert canonical(parsed) == canonical(zoo)


# ---- vmlinux --------------------------------------------------------------------------------------


@pytest.mark.skipif(not VMLINUX.exists(), reason="no kernel BTF at /sys/kernel/btf/vmlinux")
@pytest.mark.parametrize(
    ("enum_name", "prefix", "ours"),
    [
        ("bpf_prog_type", "BPF_PROG_TYPE_", ProgramType),
        ("bpf_map_type", "BPF_MAP_TYPE_", MapType),
        ("bpf_attach_type", "BPF_", AttachType),
    ],
)
def test_kernel_enums_agree_with_spec_types(enum_name: str, prefix: str, ours) -> None:
    kernel = btf.load_vmlinux().find(enum_name, Enum)
    assert isinstance(kernel, Enum)
    values = {v.name.removeprefix(prefix): v.value for v in kernel.values}
    for member in ours:
        assert values.get(member.name) == member.value, f"{enum_name}: {member.name}"


@pytest.mark.skipif(not VMLINUX.exists(), reason="no kernel BTF at /sys/kernel/btf/vmlinux")
def test_load_vmlinux_is_cached_and_useful() -> None:
    spec = btf.load_vmlinux()
    assert btf.load_vmlinux() is spec
    xdp_md = spec.find("xdp_md", Struct)
    assert isinstance(xdp_md, Struct) and xdp_md.size == 24
    assert [m.name for m in xdp_md.members][:2] == ["data", "data_end"]
    task = spec.find("task_struct", Struct)
    assert isinstance(task, Struct) and task.find_member("pid") is not None


def test_load_vmlinux_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ObjectError, match="cannot read kernel BTF"):
        btf.load_vmlinux(str(tmp_path / "nope"))


# ---- malformed BTF --------------------------------------------------------------------------------


def blob(types: bytes, strings: bytes = b"\0int\0", **header) -> bytes:
    fields = {"magic": 0xEB9F, "version": 1, "hdr_len": 24, "type_off": 0, "str_off": len(types)}
    fields |= header
    head = struct.pack(
        "<HBBIIIII",
        fields["magic"], fields["version"], 0, fields["hdr_len"], fields["type_off"],
        fields.get("type_len", len(types)), fields["str_off"], fields.get("str_len", len(strings)),
    )  # fmt: skip
    return head + types + strings


def rec(
    name_off: int, kind: int, vlen: int, size_or_type: int, extra: bytes = b"", kflag: int = 0
) -> bytes:
    info = (kflag << 31) | (kind << 24) | vlen
    return struct.pack("<III", name_off, info, size_or_type) + extra


INT32 = rec(1, Kind.INT, 0, 4, struct.pack("<I", (1 << 24) | 32))


def test_minimal_blob_parses() -> None:
    spec = btf.parse(blob(INT32 + rec(0, Kind.PTR, 0, 1)))
    assert str(spec.types[2]) == "int *"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x9f\xeb", "too short"),
        (blob(INT32, magic=0x1234), "bad BTF magic"),
        (blob(INT32, magic=0x9FEB), "big-endian"),
        (blob(INT32, version=2), "unsupported BTF version"),
        (blob(INT32, hdr_len=8), "bad BTF header length"),
        (blob(INT32)[:-3], "truncated"),
        (blob(INT32, type_len=8), "truncated"),
        (blob(INT32 + rec(0, Kind.PTR, 0, 9)), "refers to type id 9"),
        (blob(rec(99, Kind.INT, 0, 4, b"\x20\0\0\0")), "string offset 99"),
        (blob(INT32, strings=b"\0int"), "NUL"),
        (blob(rec(0, 25, 0, 0)), "unknown kind 25"),
        (blob(rec(1, Kind.INT, 0, 3, b"\x20\0\0\0")), "bad size"),
        (blob(rec(1, Kind.TYPEDEF, 0, 1)), "refers to itself"),
        (blob(rec(0, Kind.CONST, 0, 2) + rec(0, Kind.VOLATILE, 0, 1)), "refers to itself"),
        (blob(rec(1, Kind.STRUCT, 1, 4, struct.pack("<III", 1, 1, 0))), "refers to itself"),
        (blob(rec(0, Kind.ARRAY, 0, 0, struct.pack("<III", 1, 1, 2))), "refers to itself"),
        (blob(rec(1, Kind.STRUCT, 2, 4, struct.pack("<III", 1, 0, 0))), "truncated"),
        (blob(rec(1, Kind.FUNC, 0, 0)), "not FUNC_PROTO"),
        (blob(rec(1, Kind.FUNC, 5, 0)), "bad linkage"),
        (blob(rec(1, Kind.VAR, 0, 0, struct.pack("<I", 7))), "bad linkage"),
        (blob(rec(1, Kind.DECL_TAG, 0, 0, struct.pack("<i", -1))), "tags void"),
    ],
)
def test_malformed_btf_raises_object_error(data: bytes, message: str) -> None:
    with pytest.raises(ObjectError, match=message):
        btf.parse(data, source="bad.o: .BTF")


def test_pointer_cycles_are_allowed() -> None:
    # struct list { struct list *next; }: the loop goes through a pointer.
    types = rec(1, Kind.STRUCT, 1, 8, struct.pack("<III", 1, 2, 0)) + rec(0, Kind.PTR, 0, 1)
    spec = btf.parse(blob(types, strings=b"\0list\0"))
    assert spec.types[1].format() == "struct list { struct list *list; }"


def _fuzz_base(path: Path) -> bytes:
    return raw_section(path, ".BTF")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_btf_only_raises_object_error(zoo_obj: Path, data: st.DataObject) -> None:
    base = bytearray(_fuzz_base(zoo_obj))
    flips = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(base) - 1), st.integers(0, 255)), min_size=1, max_size=8
        )
    )
    for pos, value in flips:
        base[pos] = value
    if data.draw(st.booleans()):
        base = base[: data.draw(st.integers(0, len(base)))]
    try:
        spec = btf.parse(bytes(base))
    except ObjectError:
        return
    # Whatever parsed must be usable without Python errors leaking.
    for t in spec.types:
        str(t)
        t.format()
        repr(t)
        if t.has_size and t.size < 4096:
            with contextlib.suppress(EbpyError):
                t.decode(bytes(t.size))
    btf.parse(spec.encode())
