"""The eBPF instruction set: opcodes, the Instruction record, decoding and encoding, text."""

from ebpy.isa.asm import Syntax, assemble, detect_syntax
from ebpy.isa.codec import decode, encode, get_instructions, slot_count, slot_map
from ebpy.isa.disasm import disassemble, format_instruction
from ebpy.isa.instruction import Instruction
from ebpy.isa.opcodes import (
    AluOp,
    AtomicOp,
    CallSrc,
    EndKind,
    InsnClass,
    JmpOp,
    Mode,
    PseudoSrc,
    Size,
    Source,
)

__all__ = [
    "AluOp",
    "AtomicOp",
    "CallSrc",
    "EndKind",
    "InsnClass",
    "Instruction",
    "JmpOp",
    "Mode",
    "PseudoSrc",
    "Size",
    "Source",
    "Syntax",
    "assemble",
    "decode",
    "detect_syntax",
    "disassemble",
    "encode",
    "format_instruction",
    "get_instructions",
    "slot_count",
    "slot_map",
]
