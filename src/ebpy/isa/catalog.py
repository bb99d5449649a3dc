"""Every valid instruction form of RFC 9669, for tests and random program generators.

A *form* is an opcode byte plus the fields that select a different instruction under the
same byte: the signed division flag, the movsx width, the byte-swap width, the atomic
operation, the call kind and the lddw source. `forms()` lists them all; `sample` fills a
form's free fields (registers, offsets, immediates) from a random generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ebpy.isa.instruction import MAX_REG, Instruction
from ebpy.isa.opcodes import (
    CALL,
    CALLX,
    CONDITIONAL_JUMPS,
    EXIT,
    GOTOL,
    JA,
    LDDW,
    AluOp,
    AtomicOp,
    CallSrc,
    InsnClass,
    Mode,
    PseudoSrc,
    Size,
)

# The free fields of a form.
ALU_IMM = frozenset({"dst", "imm"})
ALU_REG = frozenset({"dst", "src"})
DST = frozenset({"dst"})
JUMP_IMM = frozenset({"dst", "imm", "off"})
REG_REG_OFF = frozenset({"dst", "src", "off"})  # register jumps, loads, register stores
OFF = frozenset({"off"})
IMM = frozenset({"imm"})
NONE: frozenset[str] = frozenset()
STORE_IMM = frozenset({"dst", "off", "imm"})
WIDE = frozenset({"dst", "imm", "imm_hi"})
PACKET_IND = frozenset({"src", "imm"})


@dataclass(frozen=True, slots=True)
class Form:
    opcode: int
    free: frozenset[str]
    src: int = 0  # fixed src (call kind, lddw source)
    off: int = 0  # fixed off (sdiv/smod, movsx width)
    imm: int | None = None  # fixed imm (byte-swap width, atomic operation)

    def sample(self, rng: random.Random) -> Instruction:
        """An instance of this form with random free fields."""
        free = self.free
        dst = rng.randint(0, MAX_REG) if "dst" in free else 0
        src = rng.randint(0, MAX_REG) if "src" in free else self.src
        off = _s16(rng) if "off" in free else self.off
        imm = _s32(rng) if "imm" in free else (self.imm or 0)
        imm_hi = _s32(rng) if "imm_hi" in free else 0
        return Instruction(self.opcode, dst, src, off, imm, imm_hi)

    def example(self) -> Instruction:
        """A fixed, readable instance (r1, r2, offset -8, immediate 5 where free)."""
        free = self.free
        dst = 1 if "dst" in free else 0
        src = 2 if "src" in free else self.src
        off = -8 if "off" in free else self.off
        imm = 5 if "imm" in free else (self.imm or 0)
        imm_hi = 1 if "imm_hi" in free and self.src == PseudoSrc.IMM64 else 0
        return Instruction(self.opcode, dst, src, off, imm, imm_hi)


def _s16(rng: random.Random) -> int:
    return rng.choice((0, 1, -1, rng.randint(-(1 << 15), (1 << 15) - 1)))


def _s32(rng: random.Random) -> int:
    return rng.choice((0, 1, -1, 16, rng.randint(-(1 << 31), (1 << 31) - 1)))


def forms() -> list[Form]:
    """Every valid instruction form, in opcode order."""
    out: list[Form] = []
    for cls in (InsnClass.ALU, InsnClass.ALU64):
        for op in AluOp:
            code = cls | op
            if op == AluOp.END:
                for kind in (0x00, 0x08) if cls == InsnClass.ALU else (0x00,):
                    out += [Form(code | kind, DST, imm=bits) for bits in (16, 32, 64)]
                continue
            if op == AluOp.NEG:
                out.append(Form(code, DST))
                continue
            out.append(Form(code, ALU_IMM))
            out.append(Form(code | 0x08, ALU_REG))
            if op in (AluOp.DIV, AluOp.MOD):
                out.append(Form(code, ALU_IMM, off=1))
                out.append(Form(code | 0x08, ALU_REG, off=1))
            if op == AluOp.MOV:
                widths = (8, 16, 32) if cls == InsnClass.ALU64 else (8, 16)
                out += [Form(code | 0x08, ALU_REG, off=w) for w in widths]
    for cls in (InsnClass.JMP, InsnClass.JMP32):
        for cond in sorted(CONDITIONAL_JUMPS):
            out.append(Form(cls | cond, JUMP_IMM))
            out.append(Form(cls | cond | 0x08, REG_REG_OFF))
    out.append(Form(JA, OFF))
    out.append(Form(GOTOL, IMM))
    out += [Form(CALL, IMM, src=kind) for kind in CallSrc]
    out.append(Form(CALLX, DST))
    out.append(Form(EXIT, NONE))
    for size in Size:
        out.append(Form(InsnClass.LDX | Mode.MEM | size, REG_REG_OFF))
        if size != Size.DW:
            out.append(Form(InsnClass.LDX | Mode.MEMSX | size, REG_REG_OFF))
        out.append(Form(InsnClass.ST | Mode.MEM | size, STORE_IMM))
        out.append(Form(InsnClass.STX | Mode.MEM | size, REG_REG_OFF))
    for size in (Size.W, Size.DW):
        out += [
            Form(InsnClass.STX | Mode.ATOMIC | size, REG_REG_OFF, imm=atomic) for atomic in AtomicOp
        ]
    out += [Form(LDDW, WIDE, src=source) for source in PseudoSrc]
    for size in (Size.W, Size.H, Size.B):
        out.append(Form(InsnClass.LD | Mode.ABS | size, IMM))
        out.append(Form(InsnClass.LD | Mode.IND | size, PACKET_IND))
    return sorted(out, key=lambda f: (f.opcode, f.src, f.off, f.imm or 0))


def random_instruction(rng: random.Random) -> Instruction:
    """A random valid instruction: a uniformly chosen form with random operands."""
    return rng.choice(_FORMS).sample(rng)


_FORMS = forms()
