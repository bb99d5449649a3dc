"""Value codecs: Python values <-> bytes through BTF types, checked against the compiler's layout."""

from __future__ import annotations

import math
import struct
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebpy import btf, load_spec
from ebpy.btf import (
    Array,
    Const,
    Datasec,
    Enum,
    EnumValue,
    Float,
    Int,
    IntEncoding,
    Member,
    Pointer,
    Struct,
    Typedef,
    Union,
    Var,
    VarSecinfo,
    Volatile,
)
from ebpy.errors import CodecError

PROGRAMS = Path(__file__).parent / "programs"

U8 = Int("unsigned char", 1)
S8 = Int("signed char", 1, IntEncoding.SIGNED)
CHAR = Int("char", 1, IntEncoding.SIGNED)
U16 = Int("unsigned short", 2)
U32 = Int("unsigned int", 4)
S32 = Int("int", 4, IntEncoding.SIGNED)
U64 = Int("unsigned long long", 8)
S64 = Int("long long", 8, IntEncoding.SIGNED)
BOOL = Int("_Bool", 1, IntEncoding.BOOL)
U128 = Int("unsigned __int128", 16)
S128 = Int("__int128", 16, IntEncoding.SIGNED)


@pytest.fixture(scope="module")
def zoo(compile_bpf):
    obj = compile_bpf((PROGRAMS / "btf_types.c").read_text(), "btf_types")
    return load_spec(obj)


# ---- integers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("t", [U8, S8, U16, U32, S32, U64, S64, U128, S128])
def test_int_extremes_round_trip(t: Int) -> None:
    bits = t.size * 8
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if t.signed else (0, (1 << bits) - 1)
    for v in (lo, hi, 0, 1):
        raw = t.encode(v)
        assert len(raw) == t.size
        assert raw == (v % (1 << bits)).to_bytes(t.size, "little")
        assert t.decode(raw) == v
    with pytest.raises(CodecError, match=r"does not fit in .* \(-?\d+\.\.\d+\)"):
        t.encode(hi + 1)
    with pytest.raises(CodecError, match="does not fit"):
        t.encode(lo - 1)


@given(st.integers(0, (1 << 64) - 1))
def test_u64_any_value(v: int) -> None:
    assert U64.decode(U64.encode(v)) == v
    assert U64.encode(v) == struct.pack("<Q", v)


def test_bool_and_wrong_python_types() -> None:
    assert BOOL.decode(b"\x01") is True and BOOL.decode(b"\x00") is False
    assert BOOL.encode(True) == b"\x01"
    with pytest.raises(CodecError, match="expected an integer for unsigned int, got str"):
        U32.encode("7")
    with pytest.raises(CodecError, match="expected 4 bytes, got 3"):
        U32.decode(b"\0\0\0")


def test_typedefs_and_qualifiers_are_transparent() -> None:
    t = Const(Volatile(Typedef("__u32", U32)))
    assert t.size == 4
    assert t.encode(7) == b"\x07\0\0\0" and t.decode(b"\xff\xff\xff\xff") == 0xFFFFFFFF
    with pytest.raises(CodecError, match="does not fit in const volatile __u32"):
        t.encode(-1)


# ---- enums, pointers, floats ----------------------------------------------------------------------


def test_enums_decode_to_int_and_encode_names() -> None:
    color = Enum("color", 4, [EnumValue("RED", 0), EnumValue("BLUE", 6)])
    assert color.encode("BLUE") == b"\x06\0\0\0"
    assert color.encode(6) == color.encode("BLUE")
    assert color.decode(b"\x06\0\0\0") == 6
    with pytest.raises(CodecError, match="has no member 'GREEN'"):
        color.encode("GREEN")
    signed = Enum("sign", 4, [EnumValue("NEG", -2)], signed=True)
    assert signed.decode(signed.encode("NEG")) == -2
    with pytest.raises(CodecError, match="does not fit"):
        color.encode(-2)


def test_pointers_are_u64() -> None:
    p = Pointer(U32)
    assert p.size == 8
    assert p.decode(p.encode(0xFFFF_8000_0000_1000)) == 0xFFFF_8000_0000_1000
    with pytest.raises(CodecError):
        p.encode(-1)


def test_floats() -> None:
    f32, f64 = Float("float", 4), Float("double", 8)
    assert f64.decode(f64.encode(2.5)) == 2.5
    assert f32.encode(1.5) == struct.pack("<f", 1.5)
    assert math.isinf(f32.decode(f32.encode(math.inf)))
    with pytest.raises(CodecError, match="does not fit in float"):
        f32.encode(1e300)
    with pytest.raises(CodecError, match="expected a number"):
        f64.encode("2.5")


# ---- arrays ---------------------------------------------------------------------------------------


def test_char_arrays_are_text_when_they_hold_text() -> None:
    comm = Array(CHAR, U32, 8)
    assert comm.decode(b"bash\0\0\0\0") == "bash"
    assert comm.encode("bash") == b"bash\0\0\0\0"
    assert comm.decode(b"abcdefgh") == "abcdefgh"  # full, no terminator
    assert comm.encode("abcdefgh") == b"abcdefgh"
    garbage = b"ab\0junk!"
    assert comm.decode(garbage) == garbage  # bytes after the NUL: keep everything, as bytes
    assert comm.encode(comm.decode(garbage)) == garbage
    assert comm.decode(b"\xff\xfe\0\0\0\0\0\0") == b"\xff\xfe\0\0\0\0\0\0"  # not UTF-8
    with pytest.raises(CodecError, match="9 bytes do not fit in char \\[8\\]"):
        comm.encode("123456789")


def test_byte_arrays_are_bytes() -> None:
    mac = Array(Typedef("__u8", U8), U32, 6)
    raw = bytes.fromhex("deadbeef0001")
    assert mac.decode(raw) == raw
    assert mac.encode(raw) == raw
    assert mac.encode([0xDE, 0xAD]) == b"\xde\xad\0\0\0\0"
    with pytest.raises(CodecError, match="expected bytes for __u8 \\[6\\], got str"):
        mac.encode("dead")


def test_other_arrays_are_lists_and_nest() -> None:
    grid = Array(Array(S32, U32, 3), U32, 2)
    value = [[1, -2, 3], [-4, 5, -6]]
    raw = grid.encode(value)
    assert raw == struct.pack("<6i", 1, -2, 3, -4, 5, -6)
    assert grid.decode(raw) == value
    assert grid.encode([[1]]) == struct.pack("<6i", 1, 0, 0, 0, 0, 0)
    with pytest.raises(CodecError, match=r"^\[1\]\[2\]: 1099511627776 does not fit in int"):
        grid.encode([[0], [0, 0, 1 << 40]])
    with pytest.raises(CodecError, match="3 elements do not fit"):
        grid.encode([[0], [0], [0]])
    with pytest.raises(CodecError, match="expected a list"):
        grid.encode(5)


# ---- structs and unions ---------------------------------------------------------------------------

FLOW = Struct(
    "flow",
    16,
    [
        Member("saddr", Typedef("__u32", U32), 0),
        Member("daddr", Typedef("__u32", U32), 32),
        Member("sport", Typedef("__u16", U16), 64),
        Member("dport", Typedef("__u16", U16), 80),
        Member("proto", U8, 96),
    ],
)


def test_struct_dicts_and_missing_fields_are_zero() -> None:
    value = {"saddr": 0x0A000001, "daddr": 0x0A000002, "sport": 80, "dport": 443, "proto": 6}
    raw = FLOW.encode(value)
    assert raw == struct.pack("<IIHHB3x", 0x0A000001, 0x0A000002, 80, 443, 6)
    assert FLOW.decode(raw) == value
    assert FLOW.encode({"proto": 17}) == struct.pack("<IIHHB3x", 0, 0, 0, 0, 17)


def test_struct_errors_name_the_field() -> None:
    with pytest.raises(CodecError, match=r"^sport: 70000 does not fit in __u16 \(0\.\.65535\)$"):
        FLOW.encode({"sport": 70000})
    with pytest.raises(CodecError, match=r"struct flow has no member 'port' .*members: daddr"):
        FLOW.encode({"port": 1})
    with pytest.raises(CodecError, match="expected a dict for struct flow, got list"):
        FLOW.encode([1, 2])
    outer = Struct("outer", 16, [Member("f", FLOW, 0)])
    with pytest.raises(CodecError, match=r"^f\.dport: -1 does not fit in __u16"):
        outer.encode({"f": {"dport": -1}})


def test_compiler_layout_of_bitfields(zoo) -> None:
    """init_bits was laid out by clang; decoding it must give the initialiser back."""
    data = zoo.maps[".data"]
    var = data.variables["init_bits"]
    raw = bytes(data.data[var.offset : var.offset + var.size])
    expected = {"a": 5, "b": -3, "c": 300, "col": 6, "flag": True, "tail": 0x7F}
    assert var.type.decode(raw) == expected
    assert var.type.encode(expected) == raw
    assert zoo.variables["init_bits"] == expected


def test_compiler_layout_of_nested_struct(zoo) -> None:
    data = zoo.maps[".data"]
    var = data.variables["init_nested"]
    raw = bytes(data.data[var.offset : var.offset + var.size])
    value = var.type.decode(raw)
    assert value["x"] == 1 and value["y"] == 2  # anonymous struct members, merged
    assert value["word"] == 0x04030201 and value["bytes"] == b"\x01\x02\x03\x04"
    assert value["bf"] == {"a": 7, "b": -16, "c": 511, "col": 5, "flag": False, "tail": 0}
    assert value["name"] == "hello"
    assert value["mac"] == bytes.fromhex("deadbeef0001")
    assert value["grid"] == [[1, -2, 3], [-4, 5, -6]]
    assert value["ratio"] == 2.5
    assert value["wide"] == -12345678901234567 and value["uwide"] == 98765432109876543
    assert value["ok"] is True and value["sg"] == -2 and value["bg"] == 0x123456789
    assert value["num"]["s"] == -7 and value["num"]["u"] == 0xFFFFFFF9
    assert value["ptr"] == 0
    # The whole value round-trips to the compiler's bytes (padding included: clang zeroes it).
    assert var.type.encode(value) == raw
    # A sparse dict encodes the same fields to the same places.
    sparse = {"x": 1, "y": 2, "word": 0x04030201, "name": "hello", "ratio": 2.5}
    again = var.type.decode(var.type.encode(sparse))
    assert {k: again[k] for k in sparse} == sparse


def test_bitfield_ranges() -> None:
    bits = Struct(
        "bits",
        4,
        [Member("a", U32, 0, 3), Member("b", S32, 3, 5), Member("flag", BOOL, 8, 1)],
    )
    assert bits.decode(bits.encode({"a": 7, "b": -16, "flag": True})) == {
        "a": 7,
        "b": -16,
        "flag": True,
    }
    with pytest.raises(CodecError, match=r"^a: 8 does not fit in a 3-bit bitfield \(0\.\.7\)"):
        bits.encode({"a": 8})
    with pytest.raises(CodecError, match=r"^b: 16 does not fit in a 5-bit bitfield \(-16\.\.15\)"):
        bits.encode({"b": 16})


def test_old_style_bitfields_without_kind_flag() -> None:
    # Before kind_flag, the bit offset and width lived in the INT type itself.
    three_bits = Int("unsigned int", 4, bits=3, offset=2)
    s = Struct("old", 4, [Member("v", three_bits, 0)])
    assert s.encode({"v": 5}) == (5 << 2).to_bytes(4, "little")
    assert s.decode((5 << 2).to_bytes(4, "little")) == {"v": 5}


def test_union_writes_every_view_consistently() -> None:
    num = Union(
        "number",
        4,
        [
            Member("u", U32),
            Member("s", S32),
            Member("f", Float("float", 4)),
            Member("raw", Array(U8, U32, 4)),
        ],
    )
    raw = b"\xf9\xff\xff\xff"  # a NaN as a float: the lossy view must not win
    value = num.decode(raw)
    assert value["s"] == -7 and math.isnan(value["f"]) and value["raw"] == raw
    assert num.encode(value) == raw
    assert num.encode({"f": 1.0}) == struct.pack("<f", 1.0)
    assert num.encode({"raw": b"\x01"}) == b"\x01\0\0\0"


def test_datasec_values_are_dicts_of_variables() -> None:
    a, b = Var("a", U32), Var("b", Array(CHAR, U32, 4))
    sec = Datasec(".data", 12, [VarSecinfo(a, 0, 4), VarSecinfo(b, 8, 4)])
    raw = sec.encode({"a": 5, "b": "hi"})
    assert raw == b"\x05\0\0\0" + bytes(4) + b"hi\0\0"
    assert sec.decode(raw) == {"a": 5, "b": "hi"}
    with pytest.raises(CodecError, match=r"section \.data has no variable 'c'"):
        sec.encode({"c": 1})


def test_values_of_sizeless_types() -> None:
    with pytest.raises(CodecError, match="void has no size"):
        btf.VOID.encode(1)


# ---- the Variables mapping of a CollectionSpec -----------------------------------------------------


@pytest.fixture()
def globals_spec(compile_bpf):
    return load_spec(compile_bpf((PROGRAMS / "elf_globals.c").read_text(), "elf_globals"))


def test_constants_rewrite_the_rodata_image(globals_spec) -> None:
    spec = globals_spec
    rodata = spec.maps[".rodata"]
    assert spec.constants["min_ttl"] == 2 and spec.constants["offset"] == -5
    assert spec.constants["cfg"] == {"port": 80, "mac": bytes([1, 2, 3, 4, 5, 6]), "flags": 3}
    assert spec.constants["banner"] == "ebpy"
    spec.constants["min_ttl"] = 9
    spec.constants["offset"] = -100
    spec.constants["cfg"] = {"port": 8080, "mac": b"\xaa" * 6}
    spec.constants["banner"] = "hi"
    v = rodata.variables
    assert rodata.data[v["min_ttl"].offset : v["min_ttl"].offset + 4] == struct.pack("<I", 9)
    assert rodata.data[v["offset"].offset : v["offset"].offset + 4] == struct.pack("<i", -100)
    cfg = rodata.data[v["cfg"].offset : v["cfg"].offset + 12]
    assert cfg == struct.pack("<I6sH", 8080, b"\xaa" * 6, 0)
    assert spec.constants["banner"] == "hi"
    # The whole section decodes through its DATASEC too.
    assert rodata.value_type.decode(bytes(rodata.data))["min_ttl"] == 9


def test_constants_and_variables_scopes(globals_spec) -> None:
    spec = globals_spec
    assert set(spec.constants) == {"min_ttl", "offset", "cfg", "banner", "limits"}
    assert {"packets", "drops", "counters", "scratch", "hidden_counter"} <= set(spec.variables)
    with pytest.raises(KeyError, match="no constant 'packets'"):
        spec.constants["packets"] = 1
    spec.variables["packets"] = 1 << 40
    assert spec.variables["packets"] == 1 << 40
    spec.variables["counters"] = [9, 8]
    assert spec.variables["counters"] == [9, 8, 0, 0]


def test_constant_errors_name_the_variable(globals_spec) -> None:
    with pytest.raises(CodecError, match=r"^min_ttl: -1 does not fit in const volatile __u32"):
        globals_spec.constants["min_ttl"] = -1
    with pytest.raises(CodecError, match=r"^cfg: port: 1099511627776 does not fit in __u32"):
        globals_spec.constants["cfg"] = {"port": 1 << 40}


def test_decoded_structs_are_hashable_read_only_records() -> None:
    from ebpy.btf.codec import Record

    rec = Record({"saddr": 1, "ports": [80, 443]})
    assert rec.saddr == 1 and rec["ports"] == [80, 443]
    assert {rec: "flow"}[Record({"saddr": 1, "ports": [80, 443]})] == "flow"
    assert rec == {"saddr": 1, "ports": [80, 443]}
    with pytest.raises(TypeError, match="read-only"):
        rec["saddr"] = 2
    with pytest.raises(AttributeError):
        _ = rec.nope
