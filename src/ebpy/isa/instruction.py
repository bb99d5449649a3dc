"""The `Instruction` record: one eBPF instruction as its raw fields, plus what they mean."""

from __future__ import annotations

from dataclasses import dataclass

from ebpy.errors import DecodeError
from ebpy.isa.opcodes import (
    CONDITIONAL_JUMPS,
    LDDW,
    SIZE_BYTES,
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

MAX_REG = 10  # r0..r10; r10 is the read-only frame pointer
_ALU_OPS = frozenset(AluOp)
_JMP_OPS = frozenset(JmpOp)
_ATOMIC_OPS = frozenset(AtomicOp)
_PSEUDO = frozenset(PseudoSrc)


@dataclass(frozen=True, slots=True)
class Instruction:
    """One instruction as encoded: opcode, registers, offset and immediate.

    A 64-bit immediate load (lddw) spans two 8-byte slots; its upper 32 bits live in
    `imm_hi` and `slots` is 2. `off` and `imm` hold the signed values of their fields.
    """

    opcode: int
    dst: int = 0
    src: int = 0
    off: int = 0
    imm: int = 0
    imm_hi: int = 0

    # ---- the opcode's fields -------------------------------------------------------------
    @property
    def cls(self) -> InsnClass:
        return InsnClass(self.opcode & 0x07)

    @property
    def source(self) -> Source:
        return Source(self.opcode & 0x08)

    @property
    def uses_reg(self) -> bool:
        """True for the register (X) form of an ALU or jump instruction."""
        return bool(self.opcode & 0x08)

    @property
    def alu_op(self) -> AluOp:
        return AluOp(self.opcode & 0xF0)

    @property
    def jmp_op(self) -> JmpOp:
        return JmpOp(self.opcode & 0xF0)

    @property
    def size(self) -> Size:
        return Size(self.opcode & 0x18)

    @property
    def nbytes(self) -> int:
        """Access width in bytes of a load, store or atomic."""
        return SIZE_BYTES[Size(self.opcode & 0x18)]

    @property
    def mode(self) -> Mode:
        return Mode(self.opcode & 0xE0)

    @property
    def atomic_op(self) -> AtomicOp:
        return AtomicOp(self.imm)

    @property
    def end_kind(self) -> EndKind:
        if self.opcode & 0x07 == InsnClass.ALU64:
            return EndKind.BSWAP
        return EndKind.TO_BE if self.opcode & 0x08 else EndKind.TO_LE

    # ---- what kind of instruction this is ------------------------------------------------
    @property
    def slots(self) -> int:
        return 2 if self.opcode == LDDW else 1

    @property
    def is_lddw(self) -> bool:
        return self.opcode == LDDW

    @property
    def is_alu(self) -> bool:
        return self.opcode & 0x07 in (InsnClass.ALU, InsnClass.ALU64)

    @property
    def is_alu64(self) -> bool:
        return self.opcode & 0x07 == InsnClass.ALU64

    @property
    def is_jump_class(self) -> bool:
        return self.opcode & 0x07 in (InsnClass.JMP, InsnClass.JMP32)

    @property
    def is_exit(self) -> bool:
        return self.opcode == 0x95

    @property
    def is_call(self) -> bool:
        return self.opcode == 0x85

    @property
    def is_callx(self) -> bool:
        return self.opcode == 0x8D

    @property
    def is_helper_call(self) -> bool:
        return self.opcode == 0x85 and self.src == CallSrc.HELPER

    @property
    def is_local_call(self) -> bool:
        return self.opcode == 0x85 and self.src == CallSrc.LOCAL

    @property
    def is_kfunc_call(self) -> bool:
        return self.opcode == 0x85 and self.src == CallSrc.KFUNC

    @property
    def is_ja(self) -> bool:
        """An unconditional jump: `goto` (JMP JA, offset in off) or `gotol` (JMP32 JA, in imm)."""
        return self.opcode in (0x05, 0x06)

    @property
    def is_cond_jump(self) -> bool:
        return self.is_jump_class and (self.opcode & 0xF0) in CONDITIONAL_JUMPS

    @property
    def is_branch(self) -> bool:
        """Any instruction that transfers control by a pc-relative offset."""
        return self.is_ja or self.is_cond_jump

    @property
    def jump_offset(self) -> int:
        """The pc-relative jump distance (gotol keeps it in imm)."""
        return self.imm if self.opcode == 0x06 else self.off

    @property
    def is_load(self) -> bool:
        return self.opcode & 0x07 == InsnClass.LDX

    @property
    def is_store(self) -> bool:
        cls = self.opcode & 0x07
        return cls == InsnClass.ST or (cls == InsnClass.STX and self.opcode & 0xE0 == Mode.MEM)

    @property
    def is_atomic(self) -> bool:
        return self.opcode & 0x07 == InsnClass.STX and self.opcode & 0xE0 == Mode.ATOMIC

    @property
    def is_legacy_packet_load(self) -> bool:
        return self.opcode & 0x07 == InsnClass.LD and self.opcode & 0xE0 in (Mode.ABS, Mode.IND)

    @property
    def imm64(self) -> int:
        """The 64-bit immediate of lddw, unsigned."""
        return (self.imm & 0xFFFFFFFF) | ((self.imm_hi & 0xFFFFFFFF) << 32)

    @property
    def pseudo(self) -> PseudoSrc:
        return PseudoSrc(self.src)

    # ---- encoding --------------------------------------------------------------------------
    def encode(self) -> bytes:
        first = _pack(self.opcode, self.dst, self.src, self.off, self.imm)
        if self.opcode == LDDW:
            return first + _pack(0, 0, 0, 0, self.imm_hi)
        return first

    def validate(self, slot: int | None = None) -> None:
        """Raise DecodeError if this is not a valid RFC 9669 instruction."""
        problem = _problem(self)
        if problem:
            raise DecodeError(f"{problem} (opcode {self.opcode:#04x})", slot)

    @property
    def valid(self) -> bool:
        return _problem(self) is None

    # ---- constructors ------------------------------------------------------------------------
    @classmethod
    def lddw(cls, dst: int, imm64: int, src: int = PseudoSrc.IMM64) -> Instruction:
        imm64 &= 0xFFFFFFFFFFFFFFFF
        return cls(LDDW, dst, src, 0, _s32(imm64 & 0xFFFFFFFF), _s32(imm64 >> 32))

    def with_imm64(self, imm64: int) -> Instruction:
        imm64 &= 0xFFFFFFFFFFFFFFFF
        return Instruction(
            self.opcode, self.dst, self.src, self.off, _s32(imm64 & 0xFFFFFFFF), _s32(imm64 >> 32)
        )


def _s32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v


def _pack(opcode: int, dst: int, src: int, off: int, imm: int) -> bytes:
    return bytes(
        (
            opcode & 0xFF,
            (dst & 0xF) | ((src & 0xF) << 4),
            off & 0xFF,
            (off >> 8) & 0xFF,
        )
    ) + (imm & 0xFFFFFFFF).to_bytes(4, "little")


def _problem(insn: Instruction) -> str | None:
    """What is wrong with an instruction's encoding, or None."""
    op, dst, src, off, imm = insn.opcode, insn.dst, insn.src, insn.off, insn.imm
    if dst > MAX_REG:
        return f"invalid destination register r{dst}"
    if src > MAX_REG and not (op == LDDW or op == 0x85):
        return f"invalid source register r{src}"
    cls = op & 0x07
    if cls in (InsnClass.ALU, InsnClass.ALU64):
        return _alu_problem(op, src, off, imm)
    if cls in (InsnClass.JMP, InsnClass.JMP32):
        return _jmp_problem(op, dst, src, off, imm)
    mode, size = op & 0xE0, op & 0x18
    if cls == InsnClass.LD:
        if op == LDDW:
            if src not in _PSEUDO:
                return f"lddw with unknown source {src}"
            if off:
                return "lddw with non-zero offset"
            return None
        if mode in (Mode.ABS, Mode.IND):
            if size == Size.DW:
                return "legacy packet load of 8 bytes"
            if dst or off or (mode == Mode.ABS and src):
                return "legacy packet load uses reserved fields"
            return None
        return "unknown opcode"
    if cls == InsnClass.LDX:
        if mode == Mode.MEM or (mode == Mode.MEMSX and size != Size.DW):
            return "load uses reserved field imm" if imm else None
        return "unknown opcode"
    if cls == InsnClass.ST:
        if mode != Mode.MEM:
            return "unknown opcode"
        return "store uses reserved field src" if src else None
    # STX
    if mode == Mode.MEM:
        return "store uses reserved field imm" if imm else None
    if mode == Mode.ATOMIC:
        if size not in (Size.W, Size.DW):
            return "atomic of 1 or 2 bytes"
        if imm not in _ATOMIC_OPS:
            return f"unknown atomic operation {imm:#x}"
        return None
    return "unknown opcode"


def _alu_problem(op: int, src: int, off: int, imm: int) -> str | None:
    code = op & 0xF0
    if code not in _ALU_OPS:
        return "unknown opcode"
    is64 = op & 0x07 == InsnClass.ALU64
    x = bool(op & 0x08)
    if code == AluOp.END:
        if is64 and x:
            return "unknown opcode"
        if src or off:
            return "byte swap uses reserved fields"
        if imm not in (16, 32, 64):
            return f"byte swap of {imm} bits"
        return None
    if code == AluOp.NEG:
        if x or src or off or imm:
            return "neg uses reserved fields"
        return None
    if x and imm:
        return "register operand with non-zero imm"
    if not x and src:
        return "immediate operand with non-zero src"
    if off:
        if code in (AluOp.DIV, AluOp.MOD) and off == 1:
            return None
        if code == AluOp.MOV and x and off in ((8, 16, 32) if is64 else (8, 16)):
            return None
        return "non-zero offset"
    return None


def _jmp_problem(op: int, dst: int, src: int, off: int, imm: int) -> str | None:
    code = op & 0xF0
    if code not in _JMP_OPS:
        return "unknown opcode"
    is32 = op & 0x07 == InsnClass.JMP32
    x = bool(op & 0x08)
    if code == JmpOp.JA:
        if x:
            return "unknown opcode"
        if is32:
            return "gotol uses reserved fields" if (dst or src or off) else None
        return "goto uses reserved fields" if (dst or src or imm) else None
    if code == JmpOp.CALL:
        if is32:
            return "unknown opcode"
        if x:
            return "callx uses reserved fields" if (src or off or imm) else None
        if src not in (CallSrc.HELPER, CallSrc.LOCAL, CallSrc.KFUNC):
            return f"call with unknown source {src}"
        return "call uses reserved fields" if (dst or off) else None
    if code == JmpOp.EXIT:
        if is32 or x:
            return "unknown opcode"
        return "exit uses reserved fields" if (dst or src or off or imm) else None
    if x and imm:
        return "register operand with non-zero imm"
    if not x and src:
        return "immediate operand with non-zero src"
    return None
