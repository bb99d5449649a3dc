"""Opcode fields of the eBPF instruction set (RFC 9669)."""

from __future__ import annotations

from enum import IntEnum


class InsnClass(IntEnum):
    """The low three bits of the opcode."""

    LD = 0x00
    LDX = 0x01
    ST = 0x02
    STX = 0x03
    ALU = 0x04
    JMP = 0x05
    JMP32 = 0x06
    ALU64 = 0x07


class Source(IntEnum):
    """Bit 3 of arithmetic and jump opcodes: immediate (K) or register (X) operand."""

    K = 0x00
    X = 0x08


class AluOp(IntEnum):
    """Bits 4-7 of ALU and ALU64 opcodes."""

    ADD = 0x00
    SUB = 0x10
    MUL = 0x20
    DIV = 0x30
    OR = 0x40
    AND = 0x50
    LSH = 0x60
    RSH = 0x70
    NEG = 0x80
    MOD = 0x90
    XOR = 0xA0
    MOV = 0xB0
    ARSH = 0xC0
    END = 0xD0


class JmpOp(IntEnum):
    """Bits 4-7 of JMP and JMP32 opcodes."""

    JA = 0x00
    JEQ = 0x10
    JGT = 0x20
    JGE = 0x30
    JSET = 0x40
    JNE = 0x50
    JSGT = 0x60
    JSGE = 0x70
    CALL = 0x80
    EXIT = 0x90
    JLT = 0xA0
    JLE = 0xB0
    JSLT = 0xC0
    JSLE = 0xD0


class Size(IntEnum):
    """Bits 3-4 of load and store opcodes."""

    W = 0x00
    H = 0x08
    B = 0x10
    DW = 0x18

    @property
    def nbytes(self) -> int:
        return SIZE_BYTES[self]


SIZE_BYTES = {Size.W: 4, Size.H: 2, Size.B: 1, Size.DW: 8}
SIZE_OF_BYTES = {v: k for k, v in SIZE_BYTES.items()}


class Mode(IntEnum):
    """Bits 5-7 of load and store opcodes."""

    IMM = 0x00
    ABS = 0x20
    IND = 0x40
    MEM = 0x60
    MEMSX = 0x80
    ATOMIC = 0xC0


class AtomicOp(IntEnum):
    """The imm field of atomic instructions."""

    ADD = 0x00
    OR = 0x40
    AND = 0x50
    XOR = 0xA0
    FETCH_ADD = 0x01
    FETCH_OR = 0x41
    FETCH_AND = 0x51
    FETCH_XOR = 0xA1
    XCHG = 0xE1
    CMPXCHG = 0xF1

    @property
    def fetch(self) -> bool:
        return bool(self & FETCH)

    @property
    def base(self) -> AtomicOp:
        """The operation without its FETCH flag (XCHG and CMPXCHG are their own)."""
        if self in (AtomicOp.XCHG, AtomicOp.CMPXCHG):
            return self
        return AtomicOp(self & ~FETCH)


FETCH = 0x01


class PseudoSrc(IntEnum):
    """The src field of the 64-bit immediate load (lddw): what the immediate means."""

    IMM64 = 0
    MAP_FD = 1
    MAP_VALUE = 2
    BTF_ID = 3
    FUNC = 4
    MAP_IDX = 5
    MAP_IDX_VALUE = 6


class CallSrc(IntEnum):
    """The src field of a CALL instruction."""

    HELPER = 0
    LOCAL = 1
    KFUNC = 2


class EndKind(IntEnum):
    """Byte-order conversion flavour, from the class and source bit of an END opcode."""

    TO_LE = 0
    TO_BE = 1
    BSWAP = 2


# Whole-byte opcodes that appear often enough to deserve names.
LDDW = InsnClass.LD | Mode.IMM | Size.DW  # 0x18
CALL = InsnClass.JMP | JmpOp.CALL  # 0x85
CALLX = InsnClass.JMP | JmpOp.CALL | Source.X  # 0x8d
EXIT = InsnClass.JMP | JmpOp.EXIT  # 0x95
JA = InsnClass.JMP | JmpOp.JA  # 0x05
GOTOL = InsnClass.JMP32 | JmpOp.JA  # 0x06

# Conditional jump ops (everything in JmpOp but JA, CALL, EXIT).
CONDITIONAL_JUMPS = frozenset(op for op in JmpOp if op not in (JmpOp.JA, JmpOp.CALL, JmpOp.EXIT))
SIGNED_JUMPS = frozenset({JmpOp.JSGT, JmpOp.JSGE, JmpOp.JSLT, JmpOp.JSLE})
