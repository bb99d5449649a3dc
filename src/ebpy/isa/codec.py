"""Decode and encode streams of 8-byte instruction slots."""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator

from ebpy.errors import DecodeError
from ebpy.isa.instruction import Instruction
from ebpy.isa.opcodes import LDDW

SLOT = 8
_SLOT = struct.Struct("<BBhi")


def get_instructions(
    data: bytes | bytearray | memoryview, strict: bool = True
) -> Iterator[tuple[int, Instruction]]:
    """Yield (slot, Instruction) for each instruction in `data`.

    With strict=True (the default) an invalid encoding raises DecodeError naming its slot;
    with strict=False it is yielded as is (`insn.valid` is False) so tools can still show it.
    A stream whose length is not a multiple of 8, or an lddw without its second slot, is
    always an error.
    """
    buf = bytes(data)
    if len(buf) % SLOT:
        raise DecodeError(f"{len(buf)} bytes is not a whole number of 8-byte instructions")
    count = len(buf) // SLOT
    slot = 0
    while slot < count:
        opcode, regs, off, imm = _SLOT.unpack_from(buf, slot * SLOT)
        imm_hi = 0
        if opcode == LDDW:
            if slot + 1 >= count:
                raise DecodeError("lddw without its second slot", slot)
            op2, regs2, off2, imm_hi = _SLOT.unpack_from(buf, (slot + 1) * SLOT)
            if op2 or regs2 or off2:
                raise DecodeError("second slot of lddw has non-zero reserved fields", slot + 1)
        insn = Instruction(opcode, regs & 0xF, regs >> 4, off, imm, imm_hi)
        if strict:
            insn.validate(slot)
        yield slot, insn
        slot += insn.slots


def decode(data: bytes | bytearray | memoryview, strict: bool = True) -> list[Instruction]:
    """Decode a whole instruction stream."""
    return [insn for _, insn in get_instructions(data, strict)]


def encode(insns: Iterable[Instruction]) -> bytes:
    """Encode instructions back to bytes; decode(encode(x)) == x and encode(decode(b)) == b."""
    return b"".join(insn.encode() for insn in insns)


def slot_map(insns: Iterable[Instruction]) -> dict[int, Instruction]:
    """Instructions keyed by the slot they start at (jump targets are slot numbers)."""
    out: dict[int, Instruction] = {}
    slot = 0
    for insn in insns:
        out[slot] = insn
        slot += insn.slots
    return out


def slot_count(insns: Iterable[Instruction]) -> int:
    return sum(insn.slots for insn in insns)
