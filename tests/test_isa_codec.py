"""Decoding and encoding: every instruction form round-trips, invalid encodings are
DecodeErrors naming their slot, and the kernel agrees on what is valid."""

from __future__ import annotations

import dataclasses
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ebpy.errors import DecodeError, KernelError, VerifierError
from ebpy.isa import Instruction, decode, encode, get_instructions, slot_count, slot_map
from ebpy.isa.catalog import Form, forms, random_instruction
from ebpy.spec.types import MapType, ProgramType

FORMS = forms()
VALID_OPCODES = {f.opcode for f in FORMS}


def _random_program(rng: random.Random, n: int) -> list[Instruction]:
    return [random_instruction(rng) for _ in range(n)]


# ---- the catalogue itself ------------------------------------------------------------------------
def test_catalogue_covers_rfc9669():
    # 171 forms under 126 opcode bytes: RFC 9669's table plus callx.
    assert len(FORMS) == 171
    assert len(VALID_OPCODES) == 126
    assert len({(f.opcode, f.src, f.off, f.imm) for f in FORMS}) == len(FORMS)
    for form in FORMS:
        assert form.example().valid, form


def test_only_catalogued_opcodes_are_valid():
    for op in range(256):
        candidates = [Instruction(op, *fields) for fields in _field_choices()]
        assert any(i.valid for i in candidates) == (op in VALID_OPCODES), hex(op)


def _field_choices():
    for src in (0, 1, 2, 4):
        for off in (0, 1, 8):
            for imm in (0, 1, 16, 0xE1):
                yield (0, src, off, imm)


# ---- round trips ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f"{f.opcode:02x}-{f.src}-{f.off}-{f.imm}")
def test_every_form_round_trips(form: Form):
    rng = random.Random(form.opcode * 1000 + form.src * 100 + form.off + (form.imm or 0))
    for insn in [form.example()] + [form.sample(rng) for _ in range(30)]:
        data = insn.encode()
        assert len(data) == 8 * insn.slots
        assert decode(data) == [insn]
        assert encode(decode(data)) == data


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(0, 40))
def test_random_programs_round_trip(rng, n):
    prog = _random_program(rng, n)
    data = encode(prog)
    assert decode(data) == prog
    assert encode(decode(data)) == data
    assert slot_count(prog) * 8 == len(data)
    assert [s for s, _ in get_instructions(data)] == list(slot_map(prog))


@settings(max_examples=500, deadline=None)
@given(st.binary(min_size=0, max_size=64))
def test_arbitrary_bytes_decode_or_fail_cleanly(data):
    """Any byte string either decodes (and re-encodes to itself) or raises DecodeError."""
    try:
        insns = decode(data)
    except DecodeError as e:
        assert len(data) % 8 or e.slot is not None
        return
    assert encode(insns) == data
    assert all(i.valid for i in insns)


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=8, max_size=8).filter(lambda b: b[0] != 0x18))
def test_lenient_decoding_agrees_with_strict(slot):
    ((_, insn),) = get_instructions(slot, strict=False)
    try:
        decode(slot)
    except DecodeError as e:
        assert not insn.valid and e.slot == 0
    else:
        assert insn.valid


# ---- invalid encodings ------------------------------------------------------------------------------
GOOD = Instruction(0xB7, 0, 0, 0, 0).encode()  # r0 = 0
EXIT = Instruction(0x95).encode()


def _error(data: bytes) -> DecodeError:
    with pytest.raises(DecodeError) as info:
        decode(data)
    return info.value


@pytest.mark.parametrize("opcode", [0x00, 0x01, 0x0D, 0x8E, 0xE4, 0xE5, 0xF7, 0xFF, 0xC2, 0x9B])
def test_unknown_opcode_names_its_slot(opcode):
    e = _error(GOOD * 2 + bytes([opcode]) + bytes(7) + EXIT)
    assert e.slot == 2
    assert str(e).startswith("slot 2: unknown opcode")
    assert f"{opcode:#04x}" in str(e)


@pytest.mark.parametrize(
    ("insn", "words"),
    [
        (Instruction(0x07, 1, 2, 0, 5), "non-zero src"),  # r1 += 5 with a src register
        (Instruction(0x0F, 1, 2, 0, 5), "non-zero imm"),  # r1 += r2 with an imm
        (Instruction(0x07, 1, 0, 3, 5), "non-zero offset"),
        (Instruction(0x3F, 1, 2, 2, 0), "non-zero offset"),  # div offset other than 1
        (Instruction(0xBC, 1, 2, 32, 0), "non-zero offset"),  # (s32) on 32-bit registers
        (Instruction(0x95, 0, 0, 0, 1), "exit uses reserved"),
        (Instruction(0x05, 0, 0, 1, 1), "goto uses reserved"),
        (Instruction(0x06, 0, 0, 1, 1), "gotol uses reserved"),
        (Instruction(0x85, 1, 0, 0, 1), "call uses reserved"),
        (Instruction(0x85, 0, 3, 0, 1), "call with unknown source"),
        (Instruction(0x8D, 1, 0, 0, 1), "callx uses reserved"),
        (Instruction(0x87, 1, 0, 0, 1), "neg uses reserved"),
        (Instruction(0xDC, 1, 0, 0, 8), "byte swap of 8 bits"),
        (Instruction(0x61, 1, 2, 0, 1), "load uses reserved"),
        (Instruction(0x62, 1, 2, 0, 1), "store uses reserved"),
        (Instruction(0x63, 1, 2, 0, 1), "store uses reserved"),
        (Instruction(0xDB, 1, 2, 0, 0x10), "unknown atomic operation"),
        (Instruction(0xD3, 1, 2, 0, 0), "atomic of 1 or 2 bytes"),
        (Instruction(0x20, 1, 0, 0, 0), "legacy packet load uses reserved"),
        (Instruction(0x07, 11, 0, 0, 0), "invalid destination register r11"),
        (Instruction(0x0F, 1, 12, 0, 0), "invalid source register r12"),
        (Instruction(0x18, 1, 7, 0, 0), "lddw with unknown source 7"),
    ],
)
def test_reserved_fields_name_their_slot(insn, words):
    e = _error(GOOD + insn.encode() + EXIT)
    assert e.slot == 1
    assert words in str(e)


def test_lddw_without_its_second_slot():
    e = _error(GOOD + Instruction.lddw(1, 5).encode()[:8])
    assert (e.slot, str(e)) == (1, "slot 1: lddw without its second slot")


def test_lddw_second_slot_with_reserved_fields():
    data = bytearray(Instruction.lddw(1, 5).encode() + EXIT)
    data[8] = 0x95  # an opcode in the second half
    e = _error(bytes(data))
    assert e.slot == 1 and "second slot of lddw" in str(e)


@pytest.mark.parametrize("size", [1, 7, 9, 15, 17])
def test_stream_not_a_multiple_of_8(size):
    e = _error(bytes(size))
    assert e.slot is None
    assert str(e) == f"{size} bytes is not a whole number of 8-byte instructions"


def test_lenient_decoding_yields_invalid_instructions():
    data = GOOD + bytes([0xFF]) + bytes(7) + EXIT
    insns = [i for _, i in get_instructions(data, strict=False)]
    assert [i.valid for i in insns] == [True, False, True]
    assert encode(insns) == data


def test_fields_keep_their_signs():
    (insn,) = decode(bytes.fromhex("16 0a 00 80 00 00 00 80"))  # if w10 == INT_MIN goto -32768
    assert (insn.dst, insn.src, insn.off, insn.imm) == (10, 0, -32768, -(1 << 31))
    (wide,) = decode(Instruction.lddw(3, (1 << 64) - 1).encode())
    assert (wide.imm, wide.imm_hi, wide.imm64) == (-1, -1, (1 << 64) - 1)


# ---- the kernel's opinion --------------------------------------------------------------------------
PROLOGUE = [Instruction(0xBF, 6, 1)] + [
    Instruction(0xB7, r) for r in (0, 1, 2, 3, 4, 5, 7, 8, 9)
] + [Instruction(0x7B, 10, 0, -8), Instruction(0x7B, 10, 0, -16)]  # fmt: skip
RETURN = [Instruction(0xB7, 0), Instruction(0x95)]


@pytest.fixture(scope="module")
def array_map():
    from ebpy.kernel import create_map  # only the kernel tests need the kernel layer

    with create_map(MapType.ARRAY, 4, 8, 1) as m:
        yield m.fileno()


def _kernel_load(insns: list[Instruction], fd_array: list[int] | None = None) -> str | None:
    """Load a socket filter; None if the verifier accepts it, else why not."""
    from ebpy.kernel import load_program

    try:
        with load_program(insns, ProgramType.SOCKET_FILTER, fd_array=fd_array or ()):
            return None
    except VerifierError as e:
        return e.message
    except KernelError as e:
        return str(e)


def _exercise(form: Form, map_fd: int) -> tuple[list[Instruction], int, list[int] | None] | None:
    """A program the verifier accepts when the form is valid: the candidate instruction
    (at the returned index) works on initialised registers and stack."""
    op, cls = form.opcode, form.opcode & 7
    at = len(PROLOGUE)
    tail = list(RETURN)
    fd_array = None
    insn: Instruction
    if cls in (4, 7):
        if op & 0xF0 == 0xD0:
            insn = Instruction(op, 2, 0, 0, form.imm or 0)
        elif op & 0xF0 == 0x80:
            insn = Instruction(op, 2)
        elif op & 0x08:
            insn = Instruction(op, 2, 3, form.off)
        else:
            insn = Instruction(op, 2, 0, form.off, 5)
    elif op == 0x85:
        if form.src == 0:
            insn = Instruction(0x85, imm=5)  # bpf_ktime_get_ns
        elif form.src == 1:
            insn = Instruction(0x85, src=1, imm=2)  # to the second RETURN below
            tail = RETURN + RETURN
        else:
            return None  # kfunc calls need the kernel's BTF ids
    elif op == 0x95:
        return [*PROLOGUE, Instruction(0x95)], at, None
    elif op in (0x05, 0x06, 0x8D):
        insn = Instruction(op, 2 if op == 0x8D else 0)
    elif cls in (5, 6):
        insn = Instruction(op, 2, 3 if op & 0x08 else 0, 0, 0)
    elif cls == 1:
        insn = Instruction(op, 2, 10, -8)
    elif cls == 2:
        insn = Instruction(op, 10, 0, -16, 5)
    elif cls == 3:
        insn = Instruction(op, 10, 3, -8, form.imm or 0)
    elif op == 0x18:
        if form.src in (3, 4):
            return None  # BTF variables and callbacks need BTF
        imm = map_fd if form.src in (1, 2) else 0
        if form.src in (5, 6):
            fd_array = [map_fd]
        insn = Instruction(0x18, 2, form.src, 0, imm if form.src else 5)
    else:
        insn = Instruction(op, 0, 3 if op & 0xE0 == 0x40 else 0, 0, 0)  # r6 holds the skb
    return [*PROLOGUE, insn, *tail], at, fd_array


@pytest.mark.kernel
def test_kernel_accepts_every_form(array_map):
    rejected = {}
    checked = 0
    for form in FORMS:
        built = _exercise(form, array_map)
        if built is None:
            continue
        prog, _, fd_array = built
        error = _kernel_load(prog, fd_array)
        checked += 1
        if error is not None:
            rejected[f"{form.opcode:#04x}"] = error
    assert checked == 168
    # Linux 6.18 does not implement callx; RFC 9669's companion LLVM and bpf_conformance do,
    # so ebpy keeps it valid.
    assert rejected == {"0x8d": "unknown opcode 8d"}


@pytest.mark.kernel
def test_kernel_rejects_every_other_opcode():
    accepted = []
    for op in sorted(set(range(256)) - VALID_OPCODES):
        prog = [*PROLOGUE, Instruction(op), *RETURN]
        if _kernel_load(prog) is None:
            accepted.append(op)
    # 0xe5 with zero fields is Linux's `may_goto +0` (BPF_JCOND), an extension beyond
    # RFC 9669; ebpy follows the RFC and calls it invalid.
    assert accepted == [0xE5]


@pytest.mark.kernel
def test_kernel_rejects_what_we_call_reserved(array_map):
    """Set each fixed field of each form to a value no form uses: both sides reject."""
    mutations = 0
    for form in FORMS:
        built = _exercise(form, array_map)
        if built is None or form.opcode in (0x95, 0x8D):
            continue
        prog, at, fd_array = built
        for name, bad in (("src", 1), ("off", 2), ("imm", 8), ("dst", 1), ("imm_hi", 1)):
            if name in form.free or (name == "imm_hi" and form.opcode != 0x18):
                continue
            if form.opcode in (0x85, 0x18) and name == "src":
                bad = 7
            if form.opcode & 7 == 3 and name == "imm":
                bad = 0x10
            if form.opcode & 7 == 3 and name == "dst":
                continue  # the base register is free in every store
            mutated = dataclasses.replace(prog[at], **{name: bad})
            if mutated == prog[at]:
                continue
            assert not mutated.valid, (form, name)
            error = _kernel_load([*prog[:at], mutated, *prog[at + 1 :]], fd_array)
            assert error is not None, (form, name)
            mutations += 1
    assert mutations > 250
