"""Text for the verifier log: registers, states and instructions, in the kernel's notation.

The kernel's log format is what people search for and compare against, so we print the same
thing: `R1=ctx() R2=pkt(r=14) R3=scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=...)`
and `12: (61) r2 = *(u32 *)(r1 +4)`.
"""

from __future__ import annotations

from collections.abc import Callable

from ebpy.isa import Instruction
from ebpy.spec.helper_ids import HELPER_NAMES
from ebpy.verifier import tnum
from ebpy.verifier.regs import (
    ADD_CONST,
    BASE_MASK,
    CONST_PTR_TO_MAP,
    NOT_INIT,
    PTR_TO_MAP_KEY,
    PTR_TO_MAP_VALUE,
    PTR_TO_MEM,
    PTR_TO_PACKET,
    PTR_TO_PACKET_META,
    PTR_TO_STACK,
    S32_MAX,
    S32_MIN,
    S64_MAX,
    S64_MIN,
    SCALAR,
    U32,
    U64,
    Reg,
    s64,
    type_str,
)
from ebpy.verifier.state import SLOT_CHAR, STACK_INVALID, STACK_SPILL, FuncState


def unum(v: int) -> str:
    v &= U64
    return str(v) if v <= 0xFFFF else f"{v:#x}"


def snum(v: int) -> str:
    v = s64(v)
    return str(v) if -32768 <= v <= 32767 else f"{v & U64:#x}"


def _is_snum_decimal(v: int) -> bool:
    return -32768 <= v <= 32767


def _ranges(r: Reg) -> list[str]:
    s32min = r.s32min if _is_snum_decimal(r.s32min) else r.s32min & U32
    s32max = r.s32max if _is_snum_decimal(r.s32max) else r.s32max & U32
    names = ("smin", "smax", "umin", "umax", "smin32", "smax32", "umin32", "umax32")
    vals = (r.smin, r.smax, r.umin, r.umax, s32min, s32max, r.u32min, r.u32max)
    # A field at its type's default bound is not printed; equal values of the same
    # sign share one entry ("smin=umin=5"), as print_scalar_ranges does.
    done = [
        r.smin == S64_MIN,
        r.smax == S64_MAX,
        r.umin == 0,
        r.umax == U64,
        r.s32min == S32_MIN,
        r.s32max == S32_MAX,
        r.u32min == 0,
        r.u32max == U32,
    ]
    out = []
    for i, name1 in enumerate(names):
        if done[i]:
            continue
        v1 = vals[i]
        neg1 = name1[0] == "s" and s64(v1) < 0
        text = name1 + "="
        for j in range(i + 2, len(names), 2):
            name2 = names[j]
            if done[j] or (vals[j] & U64) != (v1 & U64):
                continue
            neg2 = name2[0] == "s" and s64(vals[j]) < 0
            if neg2 != neg1:
                continue
            done[j] = True
            text += name2 + "="
        text += snum(v1) if name1[0] == "s" else unum(v1)
        out.append(text)
    return out


def reg_str(r: Reg, frameno: int) -> str:
    """One register as the kernel prints it (print_reg_state)."""
    t = r.type
    prefix = "P" if t == SCALAR and r.precise else ""
    if t == SCALAR and r.vm == 0:
        return prefix + snum(r.vv)
    text = prefix + type_str(t)
    base = t & BASE_MASK
    if base == PTR_TO_STACK:
        if r.frameno != frameno:
            text += f"[{r.frameno}]"
        if r.vm == 0:
            return text + snum(r.vv + r.off)
    parts: list[str] = []
    if r.id:
        parts.append(f"id={r.id & ~ADD_CONST}" + (f"{r.off:+d}" if r.id & ADD_CONST else ""))
    if r.ref_obj_id:
        parts.append(f"ref_obj_id={r.ref_obj_id}")
    if base in (CONST_PTR_TO_MAP, PTR_TO_MAP_VALUE, PTR_TO_MAP_KEY) and r.map is not None:
        if r.map.name:
            parts.append(f"map={r.map.name}")
        parts.append(f"ks={r.map.key_size},vs={r.map.value_size}")
    if t != SCALAR and r.off:
        parts.append(f"off={snum(r.off)}")
    if base in (PTR_TO_PACKET, PTR_TO_PACKET_META):
        parts.append(f"r={unum(r.range)}")
    if base == PTR_TO_MEM:
        parts.append(f"sz={unum(r.mem_size)}")
    if r.vm == 0:
        if r.vv:
            parts.append(f"imm={snum(r.vv)}")
    else:
        parts.extend(_ranges(r))
        if (r.vv, r.vm) != tnum.UNKNOWN:
            parts.append(f"var_off={tnum.fmt((r.vv, r.vm))}")
    return text + "(" + ",".join(parts) + ")"


def frame_str(f: FuncState, regs: set[int] | None = None, slots: set[int] | None = None) -> str:
    """The registers and stack slots of a frame: all of them, or those named."""
    out = []
    for i, r in enumerate(f.regs):
        if r.type == NOT_INIT or (regs is not None and i not in regs):
            continue
        out.append(f"R{i}={reg_str(r, f.frameno)}")
    for spi, s in enumerate(f.stack):
        if slots is not None and spi not in slots:
            continue
        if all(b == STACK_INVALID for b in s.types):
            continue
        off = -(spi + 1) * 8
        if s.types[7] == STACK_SPILL and s.reg is not None:
            out.append(f"fp{off}={reg_str(s.reg, f.frameno)}")
        else:
            out.append(f"fp{off}=" + "".join(SLOT_CHAR[b] for b in s.types))
    return " ".join(out)


# ---- instructions -----------------------------------------------------------------------------

_ALU = {
    0x00: "+=",
    0x10: "-=",
    0x20: "*=",
    0x30: "/=",
    0x40: "|=",
    0x50: "&=",
    0x60: "<<=",
    0x70: ">>=",
    0x90: "%=",
    0xA0: "^=",
    0xB0: "=",
    0xC0: "s>>=",
}
_JMP = {
    0x10: "==",
    0x20: ">",
    0x30: ">=",
    0x40: "&",
    0x50: "!=",
    0x60: "s>",
    0x70: "s>=",
    0xA0: "<",
    0xB0: "<=",
    0xC0: "s<",
    0xD0: "s<=",
}
_SIZE = {0x00: "u32", 0x08: "u16", 0x10: "u8", 0x18: "u64"}
_SSIZE = {0x00: "s32", 0x08: "s16", 0x10: "s8", 0x18: "s64"}
_ATOMIC_ALU = {0x00: "add", 0x40: "or", 0x50: "and", 0xA0: "xor"}


def insn_str(insn: Instruction, ld_imm: Callable[[Instruction], str] | None = None) -> str:
    """The kernel's rendering of one instruction (kernel/bpf/disasm.c), with its opcode."""
    code = insn.opcode
    head = f"({code:02x}) "
    cls = code & 7
    d, s, off, imm = insn.dst, insn.src, insn.off, insn.imm
    if cls in (4, 7):  # ALU, ALU64
        c = "r" if cls == 7 else "w"
        op = code & 0xF0
        if op == 0xD0:
            if cls == 7:
                return head + f"r{d} = bswap{imm} r{d}"
            kind = "be" if code & 8 else "le"
            return head + f"r{d} = {kind}{imm} r{d}"
        if op == 0x80:
            return head + f"{c}{d} = -{c}{d}"
        name = _ALU.get(op, "?")
        if off == 1 and op in (0x30, 0x90):
            name = "s" + name
        if code & 8:
            if op == 0xB0 and off in (8, 16, 32):
                return head + f"{c}{d} = (s{off}){c}{s}"
            return head + f"{c}{d} {name} {c}{s}"
        return head + f"{c}{d} {name} {imm}"
    if cls == 3:  # STX
        mode = code & 0xE0
        sz = _SIZE[code & 0x18]
        if mode == 0x60:
            return head + f"*({sz} *)(r{d} {off:+d}) = r{s}"
        if mode == 0xC0:
            w = "64" if code & 0x18 == 0x18 else ""
            reg = "r" if code & 0x18 == 0x18 else "w"
            base = imm & ~1
            if imm in _ATOMIC_ALU:
                return head + f"lock *({sz} *)(r{d} {off:+d}) {_ALU[imm]} {reg}{s}"
            if imm & 1 and base in _ATOMIC_ALU:
                name = _ATOMIC_ALU[base]
                return head + f"r{s} = atomic{w}_fetch_{name}(({sz} *)(r{d} {off:+d}), r{s})"
            if imm == 0xF1:
                return head + f"r0 = atomic{w}_cmpxchg(({sz} *)(r{d} {off:+d}), r0, r{s})"
            if imm == 0xE1:
                return head + f"r{s} = atomic{w}_xchg(({sz} *)(r{d} {off:+d}), r{s})"
        return head + "BUG_stx"
    if cls == 2:  # ST
        return head + f"*({_SIZE[code & 0x18]} *)(r{d} {off:+d}) = {imm}"
    if cls == 1:  # LDX
        sizes = _SSIZE if code & 0xE0 == 0x80 else _SIZE
        return head + f"r{d} = *({sizes[code & 0x18]} *)(r{s} {off:+d})"
    if cls == 0:  # LD
        mode = code & 0xE0
        sz = _SIZE[code & 0x18]
        if mode == 0x20:
            return head + f"r0 = *({sz} *)skb[{imm}]"
        if mode == 0x40:
            return head + f"r0 = *({sz} *)skb[r{s} + {imm}]"
        if insn.is_lddw:
            if ld_imm is not None:
                return head + f"r{d} = {ld_imm(insn)}"
            return head + f"r{d} = {insn.imm64:#x}"
        return head + "BUG_ld"
    # JMP, JMP32
    op = code & 0xF0
    if op == 0x80:
        if s == 1:
            return head + f"call pc{imm:+d}"
        if s == 2:
            return head + f"call kernel-function#{imm}"
        name = HELPER_NAMES.get(imm, "unknown")
        return head + f"call {name}#{imm}"
    if op == 0x90:
        return head + "exit"
    if op == 0x00:
        if cls == 6:
            return head + f"gotol pc{imm:+d}"
        return head + f"goto pc{off:+d}"
    c = "w" if cls == 6 else "r"
    name = _JMP.get(op, "?")
    if code & 8:
        return head + f"if {c}{d} {name} {c}{s} goto pc{off:+d}"
    return head + f"if {c}{d} {name} {imm & U32:#x} goto pc{off:+d}"
