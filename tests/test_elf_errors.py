"""Bad objects: every one raises ObjectError saying `file: section: what`, never a Python error."""

from __future__ import annotations

import contextlib
import struct
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebpy import load_spec
from ebpy.elf.reader import read_elf
from ebpy.errors import EbpyError, ObjectError
from ebpy.isa import Instruction

PROGRAMS = Path(__file__).parent / "programs"

EXIT = Instruction(0x95).encode()
MOV0 = Instruction(0xB7, 0, 0, 0, 0).encode()  # r0 = 0
LDDW = Instruction.lddw(1, 0).encode()
CALL_LOCAL = Instruction(0x85, 0, 1, 0, -1).encode()

SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB, SHT_NOBITS, SHT_REL = 1, 2, 3, 8, 9
SHF_WRITE, SHF_ALLOC, SHF_EXEC = 1, 2, 4
STT_NOTYPE, STT_OBJECT, STT_FUNC, STT_SECTION = 0, 1, 2, 3
STB_LOCAL, STB_GLOBAL = 0, 1
R_BPF_64_64, R_BPF_64_ABS64, R_BPF_64_32 = 1, 2, 10


@dataclass
class Sec:
    name: str
    data: bytes
    type: int = SHT_PROGBITS
    flags: int = SHF_ALLOC | SHF_EXEC
    relocs: list[tuple[int, str, int]] = field(default_factory=list)  # (offset, symbol, type)


@dataclass
class Sym:
    name: str
    section: str | None  # None: undefined
    value: int = 0
    size: int = 0
    type: int = STT_FUNC
    bind: int = STB_GLOBAL


def build_elf(sections: list[Sec], symbols: list[Sym], machine: int = 247) -> bytes:
    """A minimal relocatable ELF64 little-endian object, laid out like LLVM's."""
    strtab = bytearray(b"\0")

    def string(s: str) -> int:
        off = len(strtab)
        strtab.extend(s.encode() + b"\0")
        return off

    all_secs: list[
        tuple[str, int, int, bytes, int, int, int]
    ] = []  # name, type, flags, data, link, info, entsize
    index = {s.name: i + 2 for i, s in enumerate(sections)}  # 0 null, 1 .strtab
    ordered = sorted(symbols, key=lambda s: s.bind != STB_LOCAL)
    sym_index = {s.name: i + 1 for i, s in enumerate(ordered)}
    symtab_index = 2 + len(sections)
    symtab = bytearray(bytes(24))
    for s in ordered:
        shndx = index[s.section] if s.section else 0
        symtab += struct.pack(
            "<IBBHQQ", string(s.name), (s.bind << 4) | s.type, 0, shndx, s.value, s.size
        )
    first_global = 1 + sum(1 for s in ordered if s.bind == STB_LOCAL)
    for s in sections:
        all_secs.append((s.name, s.type, s.flags, s.data, 0, 0, 0))
    all_secs.append((".symtab", SHT_SYMTAB, 0, bytes(symtab), 1, first_global, 24))
    for s in sections:
        if s.relocs:
            rel = b"".join(
                struct.pack("<QQ", off, (sym_index[name] << 32) | t) for off, name, t in s.relocs
            )
            all_secs.append((".rel" + s.name, SHT_REL, 0, rel, symtab_index, index[s.name], 16))
    names = [string(n) for n, *_ in all_secs]
    strtab_name = string(".strtab")
    body = bytearray()
    headers = [bytes(64)]
    offset = 64
    entries = [(strtab_name, SHT_STRTAB, 0, bytes(strtab), 0, 0, 0)] + [
        (names[i], t, f, d, link, info, es)
        for i, (_, t, f, d, link, info, es) in enumerate(all_secs)
    ]
    for name_off, t, flags, data, link, info, entsize in entries:
        stored = b"" if t == SHT_NOBITS else data
        headers.append(
            struct.pack(
                "<IIQQQQIIQQ", name_off, t, flags, 0, offset, len(data), link, info, 8, entsize
            )
        )
        body += stored
        offset += len(stored)
    shoff = 64 + len(body)
    ehdr = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    ehdr += struct.pack(
        "<HHIQQQIHHHHHH", 1, machine, 1, 0, 0, shoff, 0, 64, 0, 0, 64, len(headers), 1
    )
    return ehdr + bytes(body) + b"".join(headers)


def prog_section(code: bytes, relocs=(), name: str = "xdp") -> Sec:
    return Sec(name, code, relocs=list(relocs))


def simple(code: bytes, relocs=(), extra_secs=(), extra_syms=()) -> bytes:
    secs = [
        prog_section(code, relocs),
        Sec("license", b"GPL\0", flags=SHF_ALLOC | SHF_WRITE),
        *extra_secs,
    ]
    syms = [Sym("prog", "xdp", 0, len(code)), *extra_syms]
    return build_elf(secs, syms)


def test_builder_makes_loadable_objects() -> None:
    data = simple(
        LDDW + MOV0 + EXIT,
        relocs=[(0, "counter", R_BPF_64_64)],
        extra_secs=[Sec(".data", struct.pack("<I", 5), flags=SHF_ALLOC | SHF_WRITE)],
        extra_syms=[Sym("counter", ".data", 0, 4, STT_OBJECT)],
    )
    spec = load_spec(data, name="built.o")
    prog = spec.program()
    assert prog.name == "prog" and prog.license == "GPL" and len(prog.instructions) == 3
    assert spec.variables["counter"] == 5  # no BTF: variables come from symbols
    assert spec.maps[".data"].variables["counter"].type is None


# ---- crafted objects ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (simple(EXIT + LDDW[:8]), "bad.o: xdp: slot 1: lddw without its second slot"),
        (simple(EXIT + b"\0\0\0"), "bad.o: xdp: size 11 is not a whole number"),
        (
            simple(MOV0 + EXIT, [(64, "prog", R_BPF_64_64)]),
            "bad.o: xdp: relocation against 'prog' at byte 64 is not an instruction",
        ),
        (simple(LDDW + EXIT, [(8, "prog", R_BPF_64_64)]), "second half of an lddw"),
        (
            simple(
                MOV0 + EXIT,
                [(0, "license_sym", R_BPF_64_64)],
                extra_syms=[Sym("license_sym", "license", type=STT_OBJECT)],
            ),
            "bad.o: xdp: insn 0: relocation against 'license_sym' on a non-lddw instruction",
        ),
        (
            simple(LDDW + EXIT, [(0, "prog", 7)]),
            "bad.o: xdp: insn 0: unsupported relocation type 7 against 'prog'",
        ),
        (
            simple(
                LDDW + EXIT,
                [(0, "ext", R_BPF_64_64)],
                extra_syms=[Sym("ext", None, type=STT_NOTYPE)],
            ),
            "bad.o: xdp: insn 0: relocation against undefined symbol 'ext'",
        ),
        (
            simple(
                CALL_LOCAL + EXIT,
                [(0, "kfunc", R_BPF_64_32)],
                extra_syms=[Sym("kfunc", None, type=STT_NOTYPE)],
            ),
            "call to undefined function 'kfunc'",
        ),
        (
            simple(
                LDDW + EXIT,
                [(0, "lic", R_BPF_64_64)],
                extra_syms=[Sym("lic", "license", type=STT_OBJECT)],
            ),
            "in section 'license', which is neither a map nor global data",
        ),
        (
            simple(Instruction(0x85, 0, 1, 0, 40).encode() + EXIT),
            "bad.o: xdp: insn 0: call target is slot 41 of xdp, which is not an instruction of any function",
        ),
        (
            simple(MOV0 + EXIT, [(0, "prog", R_BPF_64_32)]),
            "call relocation against 'prog' on a non-call instruction",
        ),
        (
            simple(
                LDDW + EXIT,
                [(0, "d", R_BPF_64_64)],
                extra_secs=[Sec(".data", bytes(4), flags=SHF_ALLOC | SHF_WRITE)],
                extra_syms=[Sym("d", ".data", 64, 0, STT_NOTYPE)],
            ),
            "points 64 bytes into .data",
        ),
        (
            simple(
                MOV0 + EXIT,
                extra_secs=[
                    Sec(
                        ".data",
                        bytes(8),
                        flags=SHF_ALLOC | SHF_WRITE,
                        relocs=[(0, "prog", R_BPF_64_ABS64)],
                    )
                ],
            ),
            "bad.o: .data: pointer to 'prog' at byte 0: global data holding addresses is not supported",
        ),
        (
            simple(
                MOV0 + EXIT,
                extra_secs=[
                    Sec("maps", struct.pack("<5I", 99, 4, 4, 1, 0), flags=SHF_ALLOC | SHF_WRITE)
                ],
                extra_syms=[Sym("m", "maps", 0, 20, STT_OBJECT)],
            ),
            "bad.o: maps: map 'm': unknown map type 99",
        ),
        (
            simple(
                MOV0 + EXIT,
                extra_secs=[
                    Sec("maps", struct.pack("<5I", 0, 4, 4, 1, 0), flags=SHF_ALLOC | SHF_WRITE)
                ],
                extra_syms=[Sym("m", "maps", 0, 20, STT_OBJECT)],
            ),
            "map type is not specified",
        ),
        (
            simple(
                MOV0 + EXIT,
                extra_secs=[Sec("maps", bytes(41), flags=SHF_ALLOC | SHF_WRITE)],
                extra_syms=[
                    Sym("a", "maps", 0, 20, STT_OBJECT),
                    Sym("b", "maps", 20, 20, STT_OBJECT),
                ],
            ),
            "41 bytes do not divide into 2 map definitions",
        ),
        (
            simple(
                MOV0 + EXIT,
                extra_secs=[
                    Sec(
                        "maps",
                        struct.pack("<9I", 1, 4, 4, 1, 0, 0, 7, 0, 0),
                        flags=SHF_ALLOC | SHF_WRITE,
                    )
                ],
                extra_syms=[Sym("m", "maps", 0, 36, STT_OBJECT)],
            ),
            "custom pinning 7",
        ),
        (
            simple(
                MOV0 + EXIT,
                extra_secs=[
                    Sec(
                        "maps",
                        struct.pack("<9I", 12, 4, 4, 1, 0, 1, 0, 5, 0),
                        flags=SHF_ALLOC | SHF_WRITE,
                    )
                ],
                extra_syms=[Sym("m", "maps", 0, 36, STT_OBJECT)],
            ),
            "names inner map id 5, which no map has",
        ),
        (
            simple(MOV0 + EXIT, extra_secs=[Sec(".maps", bytes(8), flags=SHF_ALLOC | SHF_WRITE)]),
            "bad.o: .maps: BTF-defined maps need the object's BTF",
        ),
        (
            simple(MOV0 + EXIT, extra_secs=[Sec("version", b"\1\2", flags=SHF_ALLOC | SHF_WRITE)]),
            "bad.o: version: 2 bytes",
        ),
        (
            build_elf([prog_section(MOV0 + EXIT)], [Sym("prog", "xdp", 4, 8)]),
            "function 'prog' at byte 4 is not instruction-aligned",
        ),
        (
            build_elf([prog_section(MOV0 + EXIT)], [Sym("prog", "xdp", 0, 64)]),
            "function 'prog' extends past the end",
        ),
        (
            build_elf([prog_section(MOV0 + EXIT)], [Sym("prog", "xdp", 0, 16)], machine=62),
            "bad.o: ELF machine is 62, not BPF (247)",
        ),
    ],
)
def test_crafted_bad_objects(data: bytes, message: str) -> None:
    with pytest.raises(ObjectError) as info:
        load_spec(data, name="bad.o")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_object_without_symbol_table() -> None:
    data = build_elf([prog_section(MOV0 + EXIT)], [])
    # Drop the .symtab header's type: the object then has no symbol table at all.
    elf = bytearray(data)
    shoff = struct.unpack_from("<Q", elf, 40)[0]
    for i in range(struct.unpack_from("<H", elf, 60)[0]):
        if struct.unpack_from("<I", elf, shoff + i * 64 + 4)[0] == SHT_SYMTAB:
            struct.pack_into("<I", elf, shoff + i * 64 + 4, SHT_PROGBITS)
    with pytest.raises(ObjectError, match=r"bad\.o: no symbol table"):
        load_spec(bytes(elf), name="bad.o")


def test_relocation_symbol_out_of_range() -> None:
    data = bytearray(simple(LDDW + EXIT, [(0, "prog", R_BPF_64_64)]))
    # The .relxdp entry is the last 16 bytes before the section headers.
    shoff = struct.unpack_from("<Q", data, 40)[0]
    struct.pack_into("<I", data, shoff - 16 + 12, 999)  # r_info's symbol index (high half)
    with pytest.raises(ObjectError, match=r"relocation at 0x0 refers to symbol #999"):
        load_spec(bytes(data), name="bad.o")


# ---- real objects, patched ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(compile_bpf) -> bytes:
    return compile_bpf((PROGRAMS / "elf_calls.c").read_text(), "elf_calls").read_bytes()


@pytest.fixture(scope="module")
def real_maps(compile_bpf) -> bytes:
    return compile_bpf((PROGRAMS / "elf_maps.c").read_text(), "elf_maps").read_bytes()


def patched(data: bytes, offset: int, raw: bytes) -> bytes:
    out = bytearray(data)
    out[offset : offset + len(raw)] = raw
    return bytes(out)


def section_offset(data: bytes, name: str) -> int:
    elf = read_elf(data, "x")
    sec = elf.section(name)
    assert sec is not None
    shoff = struct.unpack_from("<Q", data, 40)[0]
    return struct.unpack_from("<Q", data, shoff + sec.index * 64 + 24)[0]


def test_not_elf_and_truncated(real: bytes) -> None:
    with pytest.raises(ObjectError, match=r"^x\.o: not an ELF file$"):
        load_spec(b"hello world, this is not an object file" * 3, name="x.o")
    with pytest.raises(ObjectError, match="truncated ELF header"):
        load_spec(real[:40], name="x.o")
    for cut in (64, 200, len(real) // 2, len(real) - 1):
        with pytest.raises(ObjectError, match=r"^x\.o: truncated"):
            load_spec(real[:cut], name="x.o")


def test_wrong_class_endianness_machine_type(real: bytes) -> None:
    with pytest.raises(ObjectError, match="32-bit ELF"):
        load_spec(patched(real, 4, b"\x01"), name="x.o")
    with pytest.raises(ObjectError, match=r"big-endian ELF \(bpfeb\)"):
        load_spec(patched(real, 5, b"\x02"), name="x.o")
    with pytest.raises(ObjectError, match=r"ELF machine is 62, not BPF \(247\)"):
        load_spec(patched(real, 18, struct.pack("<H", 62)), name="x.o")
    with pytest.raises(ObjectError, match=r"ELF type 2 is not a relocatable object"):
        load_spec(patched(real, 16, struct.pack("<H", 2)), name="x.o")


def test_btf_garbage(real: bytes) -> None:
    off = section_offset(real, ".BTF")
    with pytest.raises(ObjectError, match=r"^x.o: .BTF: bad BTF magic"):
        load_spec(patched(real, off, b"\0\0"), name="x.o")
    # A member type id past the end of the types.
    ext_off = section_offset(real, ".BTF.ext")
    with pytest.raises(ObjectError, match=r"^x.o: .BTF.ext: bad magic"):
        load_spec(patched(real, ext_off, b"\x12\x34"), name="x.o")


def test_unknown_btf_map_type(real_maps: bytes) -> None:
    # m_jump says __uint(type, 3): a pointer to an ARRAY of 3 ints. Patch that ARRAY to 99.
    spec = load_spec(real_maps)
    definition = spec.btf.find("m_jump").type.resolve()
    arr = definition.member("type").type.target
    ids = spec.btf.type_id(arr.type), spec.btf.type_id(arr.index_type)
    record = struct.pack("<IIIIII", 0, 3 << 24, 0, *ids, 3)
    pos = real_maps.find(record, section_offset(real_maps, ".BTF"))
    assert pos > 0
    data = patched(real_maps, pos + 20, struct.pack("<I", 99))
    with pytest.raises(ObjectError, match=r"^x.o: \.maps: map 'm_jump': unknown map type 99$"):
        load_spec(data, name="x.o")


# ---- fuzzing --------------------------------------------------------------------------------------


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_byte_flips_only_raise_ebpy_errors(real: bytes, data: st.DataObject) -> None:
    obj = bytearray(real)
    flips = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(obj) - 1), st.integers(0, 255)), min_size=1, max_size=10
        )
    )
    for pos, value in flips:
        obj[pos] = value
    if data.draw(st.booleans()):
        obj = obj[: data.draw(st.integers(0, len(obj)))]
    load_all_the_way(bytes(obj))


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_flips_in_code_and_btf_sections_only_raise_ebpy_errors(
    real_maps: bytes, data: st.DataObject
) -> None:
    """Flips aimed at the sections the loader interprets itself (code, .maps BTF, relocations)."""
    elf = read_elf(real_maps, "x")
    targets = [
        s
        for s in elf.sections
        if s.name in ("xdp", ".BTF", ".BTF.ext", ".rel.maps", ".relxdp", ".symtab")
    ]
    sec = data.draw(st.sampled_from(targets))
    start = section_offset(real_maps, sec.name)
    obj = bytearray(real_maps)
    for _ in range(data.draw(st.integers(1, 6))):
        pos = start + data.draw(st.integers(0, max(sec.size - 1, 0)))
        obj[pos] = data.draw(st.integers(0, 255))
    load_all_the_way(bytes(obj))


def load_all_the_way(obj: bytes) -> None:
    """Parse, verify every program, and load without verifying (so the engine sees whatever
    the object holds): each step may refuse, only with an ebpy error."""
    from ebpy.verifier import verify

    with contextlib.suppress(EbpyError):
        spec = load_spec(obj, name="fuzz.o")
        for prog in spec.programs.values():
            with contextlib.suppress(EbpyError):
                verify(prog, spec.maps)
        spec.load(engine="interp", verify=False).close()


def test_invalid_instructions_are_refused_at_load() -> None:
    """Objects keep invalid encodings (disassemblers show them, the verifier names them); an
    engine told not to verify still refuses them, naming the slot."""
    from ebpy.errors import LoadError
    from ebpy.spec import CollectionSpec, ProgramSpec, ProgramType

    insns = [Instruction(0xB7, 0, 0, 0, 0), Instruction(0xA1, 1, 1, 0, 0), Instruction(0x95)]
    spec = CollectionSpec(programs={"p": ProgramSpec("p", "xdp", ProgramType.XDP, insns)})
    for engine in ("interp", "jit"):
        with pytest.raises(LoadError, match=r"^p: slot 1: unknown opcode \(opcode 0xa1\)$"):
            spec.load(engine=engine, verify=False)
