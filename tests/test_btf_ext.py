""".BTF.ext: function info, line info and CO-RE relocations, and what the ELF loader makes of them."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from ebpy import btf, load_spec
from ebpy.btf import CoreReloKind, Enum, Struct
from ebpy.elf.reader import read_elf
from ebpy.errors import ObjectError

PROGRAMS = Path(__file__).parent / "programs"


def sections(path: Path) -> tuple[btf.Spec, bytes]:
    elf = read_elf(path.read_bytes(), str(path))
    spec = btf.parse(elf.section(".BTF").data)
    return spec, elf.section(".BTF.ext").data


@pytest.fixture(scope="module")
def calls_obj(compile_bpf) -> Path:
    return compile_bpf((PROGRAMS / "elf_calls.c").read_text(), "elf_calls")


@pytest.fixture(scope="module")
def core_obj(compile_bpf) -> Path:
    return compile_bpf((PROGRAMS / "btf_core.c").read_text(), "btf_core")


def test_func_info_per_section_matches_function_symbols(calls_obj: Path) -> None:
    spec, raw = sections(calls_obj)
    ext = btf.parse_ext(raw, spec)
    elf = read_elf(calls_obj.read_bytes(), str(calls_obj))
    for section, records in ext.func_info.items():
        sec = elf.section(section)
        funcs = sorted(
            (s.value // 8, s.name)
            for s in elf.symbols
            if sec is not None and s.shndx == sec.index and s.type == 2
        )
        assert [(r.slot, r.name) for r in records] == funcs
        for r in records:
            assert spec.types[r.type_id].name == r.name


def test_line_info_is_the_source_text(calls_obj: Path) -> None:
    spec, raw = sections(calls_obj)
    ext = btf.parse_ext(raw, spec)
    assert set(ext.line_info) == {".text", "xdp", "tc"}
    for records in ext.line_info.values():
        for li in records:
            source = Path(li.file).read_text().splitlines()
            assert li.text == source[li.line - 1], f"{li.file}:{li.line}"
            assert 0 <= li.column <= len(li.text) + 1


def test_linked_programs_carry_func_and_line_info(calls_obj: Path) -> None:
    spec = load_spec(calls_obj)
    raw_btf, raw_ext = sections(calls_obj)
    ext = btf.parse_ext(raw_ext, raw_btf)
    elf = read_elf(calls_obj.read_bytes(), str(calls_obj))
    symbols = {s.name: s for s in elf.symbols if s.type == 2}
    prog = spec.programs["calls_a"]
    assert [f.name for f in prog.func_info] == ["calls_a", "add_triple", "triple", "in_section"]
    assert prog.line_info[0].slot == 0
    assert all(a.slot < b.slot for a, b in zip(prog.func_info, prog.func_info[1:]))
    assert all(a.slot <= b.slot for a, b in zip(prog.line_info, prog.line_info[1:]))
    bounds = [f.slot for f in prog.func_info] + [sum(i.slots for i in prog.instructions)]
    for fi, end in zip(prog.func_info, bounds[1:]):
        # The function's records, moved from its section to where it now starts.
        sym = symbols[fi.name]
        section = elf.sections[sym.shndx].name
        start = sym.value // 8
        original = [
            (li.slot - start, li.line, li.text)
            for li in ext.line_info[section]
            if start <= li.slot < start + sym.size // 8
        ]
        moved = [
            (li.slot - fi.slot, li.line, li.text)
            for li in prog.line_info
            if fi.slot <= li.slot < end
        ]
        assert moved == original, fi.name
        assert prog.function_at(fi.slot) == fi and prog.function_at(end - 1) == fi
        if fi.name != "calls_a":  # one-line subprograms: their first line names them
            line = prog.line_at(fi.slot)
            assert line is not None and fi.name in line.text


def test_core_relocations(core_obj: Path) -> None:
    spec = load_spec(core_obj)
    prog = spec.program("core")
    relos = [(r.access, CoreReloKind(r.kind)) for r in prog.core_relos]
    assert relos == [
        ("0:2", CoreReloKind.FIELD_BYTE_OFFSET),  # t->prio: member 2 of *t
        ("0:0", CoreReloKind.FIELD_EXISTS),
        ("0:1:1:1", CoreReloKind.FIELD_BYTE_SIZE),  # t->times[1].end
        ("0:2", CoreReloKind.FIELD_SIGNED),
        ("0", CoreReloKind.TYPE_SIZE),
        ("1", CoreReloKind.ENUMVAL_EXISTS),  # SLEEPING is value #1
    ]
    task = spec.btf.types[prog.core_relos[0].type_id]
    assert isinstance(task, Struct) and task.name == "task"
    assert isinstance(spec.btf.types[prog.core_relos[-1].type_id], Enum)
    # Each relocation sits on the instruction that loads the value it patches.
    for r in prog.core_relos:
        assert r.slot in prog.slots


def ext_blob(func: bytes = b"", line: bytes = b"", core: bytes = b"", hdr_len: int = 32) -> bytes:
    body = func + line + core
    head = struct.pack(
        "<HBBIIIIIII", 0xEB9F, 1, 0, hdr_len, 0, len(func), len(func), len(line),
        len(func) + len(line), len(core),
    )  # fmt: skip
    return head[:hdr_len] + body


@pytest.fixture(scope="module")
def small_btf() -> btf.Spec:
    u32 = btf.Int("unsigned int", 4)
    fn = btf.Func("f", btf.FuncProto(u32, []), btf.FuncLinkage.GLOBAL)
    spec = btf.Spec.from_types([u32, fn])
    blob, _ = spec.encode_with_strings(["xdp", "f.c", "return 0;", "0:1"])
    return btf.parse(blob)


def _off(spec: btf.Spec, text: str) -> int:
    raw = spec._strings
    return raw.index(text.encode() + b"\0")


def test_parse_ext_hand_made(small_btf: btf.Spec) -> None:
    xdp, fc, line, acc = (_off(small_btf, s) for s in ("xdp", "f.c", "return 0;", "0:1"))
    func = struct.pack("<I", 8) + struct.pack("<II", xdp, 1) + struct.pack("<II", 16, 2)
    lines = (
        struct.pack("<I", 16)
        + struct.pack("<II", xdp, 1)
        + struct.pack("<IIII", 16, fc, line, (7 << 10) | 3)
    )
    core = struct.pack("<I", 16) + struct.pack("<II", xdp, 1) + struct.pack("<IIII", 24, 1, acc, 0)
    ext = btf.parse_ext(ext_blob(func, lines, core), small_btf)
    assert ext.func_info["xdp"][0].slot == 2 and ext.func_info["xdp"][0].name == "f"
    li = ext.line_info["xdp"][0]
    assert (li.slot, li.file, li.line, li.column, li.text) == (2, "f.c", 7, 3, "return 0;")
    cr = ext.core_relos["xdp"][0]
    assert (cr.slot, cr.type_id, cr.access, cr.kind) == (
        3,
        1,
        "0:1",
        CoreReloKind.FIELD_BYTE_OFFSET,
    )
    # A 24-byte header (no CO-RE part) is fine too.
    assert btf.parse_ext(ext_blob(func, lines, hdr_len=24), small_btf).core_relos == {}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda o: b"\x9f\xeb\x01", "too short"),
        (lambda o: b"\x00\x00" + ext_blob()[2:], "bad magic"),
        (
            lambda o: ext_blob(struct.pack("<I", 8) + struct.pack("<II", o["xdp"], 5)),
            "run past the end",
        ),
        (lambda o: ext_blob(struct.pack("<I", 4)), "bad record size"),
        (lambda o: ext_blob(struct.pack("<I", 8) + struct.pack("<II", 999, 0)), "section name"),
        (
            lambda o: ext_blob(struct.pack("<I", 8) + struct.pack("<IIII", o["xdp"], 1, 3, 2)),
            "not a multiple of 8",
        ),
        (
            lambda o: ext_blob(struct.pack("<I", 8) + struct.pack("<IIII", o["xdp"], 1, 0, 9)),
            "type id 9 does not exist",
        ),
        (
            lambda o: ext_blob(struct.pack("<I", 8) + struct.pack("<IIII", o["xdp"], 1, 0, 1)),
            "not FUNC",
        ),
        (
            lambda o: ext_blob(
                b"",
                struct.pack("<I", 16)
                + struct.pack("<II", o["xdp"], 1)
                + struct.pack("<IIII", 0, 999, 0, 0),
            ),
            "string offset 999",
        ),
        (
            lambda o: ext_blob(
                b"",
                b"",
                struct.pack("<I", 16)
                + struct.pack("<II", o["xdp"], 1)
                + struct.pack("<IIII", 0, 1, 0, 77),
            ),
            "unknown relocation kind 77",
        ),
        (lambda o: ext_blob(struct.pack("<I", 8))[:-2], "past the end"),
    ],
)
def test_malformed_ext(small_btf: btf.Spec, make, message: str) -> None:
    offsets = {"xdp": _off(small_btf, "xdp")}
    with pytest.raises(ObjectError, match=message):
        btf.parse_ext(make(offsets), small_btf)
