"""The LLVM syntax: the text llvm-objdump prints and clang's assembler reads, plus the
kernel verifier log's spelling of the same instructions.

    r0 = *(u32 *)(r1 + 4)        if w1 s< -5 goto -2        lock *(u64 *)(r10 - 8) += r1
    r1 = 0x123456789 ll          r0 = *(u16 *)skb[r1 + 2]    w0 = cmpxchg32_32(r10 - 8, w0, w1)

Formatting follows llvm-objdump character for character for every encoding LLVM 14 knows;
for the v4 encodings it does not (sdiv/smod, movsx, sign-extending loads, bswap, gotol,
store-immediate, 32-bit atomics other than add, callx in dst) it follows current LLVM.
Three encodings print differently from objdump because objdump's text loses what they mean:
local calls (`call pc+5`, the verifier log's form), kfunc calls (`call kernel-function#7`)
and the 64-bit loads with a pseudo source, written with RFC 9669's names:
`r1 = map_by_fd(3) ll`, `r1 = map_val(map_by_fd(3)) + 16 ll`, `var_addr`, `code_addr`,
`map_by_idx`. `objdump=True` prints objdump's own text for those (`call 5`, `ld_pseudo`).
"""

from __future__ import annotations

import re

from ebpy.isa.asm_tokens import IMM32, IMM64, INT16, INT32, Cursor, Fixup, Parsed, s32
from ebpy.isa.instruction import Instruction
from ebpy.isa.opcodes import (
    LDDW,
    AluOp,
    AtomicOp,
    CallSrc,
    EndKind,
    InsnClass,
    JmpOp,
    Mode,
    PseudoSrc,
    Size,
)

ALU_OPS = {
    AluOp.ADD: "+=",
    AluOp.SUB: "-=",
    AluOp.MUL: "*=",
    AluOp.DIV: "/=",
    AluOp.OR: "|=",
    AluOp.AND: "&=",
    AluOp.LSH: "<<=",
    AluOp.RSH: ">>=",
    AluOp.MOD: "%=",
    AluOp.XOR: "^=",
    AluOp.MOV: "=",
    AluOp.ARSH: "s>>=",
}
_SIGNED_ALU = {AluOp.DIV: "s/=", AluOp.MOD: "s%="}
JMP_OPS = {
    JmpOp.JEQ: "==",
    JmpOp.JGT: ">",
    JmpOp.JGE: ">=",
    JmpOp.JSET: "&",
    JmpOp.JNE: "!=",
    JmpOp.JSGT: "s>",
    JmpOp.JSGE: "s>=",
    JmpOp.JLT: "<",
    JmpOp.JLE: "<=",
    JmpOp.JSLT: "s<",
    JmpOp.JSLE: "s<=",
}
_ATOMIC_ASSIGN = {AtomicOp.ADD: "+=", AtomicOp.OR: "|=", AtomicOp.AND: "&=", AtomicOp.XOR: "^="}
_FETCH_NAME = {
    AtomicOp.FETCH_ADD: "add",
    AtomicOp.FETCH_OR: "or",
    AtomicOp.FETCH_AND: "and",
    AtomicOp.FETCH_XOR: "xor",
}
_UNSIGNED = {Size.B: "u8", Size.H: "u16", Size.W: "u32", Size.DW: "u64"}
_SIGNED = {Size.B: "s8", Size.H: "s16", Size.W: "s32"}
_MOVSX = {8: "s8", 16: "s16", 32: "s32"}
_END_NAME = {EndKind.TO_LE: "le", EndKind.TO_BE: "be", EndKind.BSWAP: "bswap"}
_PSEUDO_NAME = {
    PseudoSrc.MAP_FD: "map_by_fd",
    PseudoSrc.BTF_ID: "var_addr",
    PseudoSrc.FUNC: "code_addr",
    PseudoSrc.MAP_IDX: "map_by_idx",
}
_PSEUDO_VALUE = {PseudoSrc.MAP_VALUE: "map_by_fd", PseudoSrc.MAP_IDX_VALUE: "map_by_idx"}

UNKNOWN = "<unknown>"


# ==== formatting ===============================================================================
def format_llvm(insn: Instruction, *, objdump: bool = False) -> str:
    """The instruction in LLVM syntax (without a jump annotation); `<unknown>` if invalid."""
    if not insn.valid:
        return UNKNOWN
    cls = insn.cls
    if cls in (InsnClass.ALU, InsnClass.ALU64):
        return _format_alu(insn)
    if cls in (InsnClass.JMP, InsnClass.JMP32):
        return _format_jmp(insn, objdump)
    if cls == InsnClass.LDX:
        kind = _SIGNED if insn.mode == Mode.MEMSX else _UNSIGNED
        return f"r{insn.dst} = *({kind[insn.size]} *){_mem(insn.src, insn.off)}"
    if cls == InsnClass.ST:
        return f"*({_UNSIGNED[insn.size]} *){_mem(insn.dst, insn.off)} = {insn.imm}"
    if cls == InsnClass.STX:
        if insn.mode == Mode.MEM:
            return f"*({_UNSIGNED[insn.size]} *){_mem(insn.dst, insn.off)} = r{insn.src}"
        return _format_atomic(insn)
    return _format_ld(insn, objdump)


def _mem(reg: int, off: int) -> str:
    sign = "-" if off < 0 else "+"
    return f"(r{reg} {sign} {abs(off)})"


def _format_alu(insn: Instruction) -> str:
    r = "r" if insn.is_alu64 else "w"
    d = f"{r}{insn.dst}"
    op = insn.alu_op
    if op == AluOp.END:
        # LLVM names the 64-bit register even for the 32-bit class's be/le.
        return f"r{insn.dst} = {_END_NAME[insn.end_kind]}{insn.imm} r{insn.dst}"
    if op == AluOp.NEG:
        return f"{d} = -{d}"
    sym = _SIGNED_ALU[op] if insn.off == 1 and op in _SIGNED_ALU else ALU_OPS[op]
    if not insn.uses_reg:
        return f"{d} {sym} {insn.imm}"
    cast = f"({_MOVSX[insn.off]})" if op == AluOp.MOV and insn.off else ""
    return f"{d} {sym} {cast}{r}{insn.src}"


def _format_jmp(insn: Instruction, objdump: bool) -> str:
    op = insn.jmp_op
    if insn.opcode == 0x05:
        return f"goto {insn.off:+d}"
    if insn.opcode == 0x06:
        return f"gotol {insn.imm:+d}"
    if insn.is_exit:
        return "exit"
    if insn.is_callx:
        return f"callx r{insn.dst}"
    if insn.is_call:
        if insn.src == CallSrc.HELPER or objdump:
            return f"call {insn.imm}"
        if insn.src == CallSrc.LOCAL:
            return f"call pc{insn.imm:+d}"
        return f"call kernel-function#{insn.imm}"
    r = "w" if insn.cls == InsnClass.JMP32 else "r"
    rhs = f"{r}{insn.src}" if insn.uses_reg else str(insn.imm)
    return f"if {r}{insn.dst} {JMP_OPS[op]} {rhs} goto {insn.off:+d}"


def _format_atomic(insn: Instruction) -> str:
    op = insn.atomic_op
    size = _UNSIGNED[insn.size]
    is64 = insn.size == Size.DW
    r = "r" if is64 else "w"
    addr = _mem(insn.dst, insn.off)
    if op in _ATOMIC_ASSIGN:
        # LLVM 14's default decoder knows the 32-bit add only in its r-register form; the
        # other 32-bit ones exist only in the alu32 (w-register) form.
        reg = "r" if is64 or op == AtomicOp.ADD else "w"
        return f"lock *({size} *){addr} {_ATOMIC_ASSIGN[op]} {reg}{insn.src}"
    if op in _FETCH_NAME:
        return f"{r}{insn.src} = atomic_fetch_{_FETCH_NAME[op]}(({size} *){addr}, {r}{insn.src})"
    bare = addr[1:-1]
    if op == AtomicOp.XCHG:
        name = "xchg_64" if is64 else "xchg32_32"
        return f"{r}{insn.src} = {name}({bare}, {r}{insn.src})"
    name = "cmpxchg_64" if is64 else "cmpxchg32_32"
    return f"{r}0 = {name}({bare}, {r}0, {r}{insn.src})"


def _format_ld(insn: Instruction, objdump: bool) -> str:
    if insn.opcode == LDDW:
        if insn.src == PseudoSrc.IMM64:
            value = insn.imm64
            value = value - (1 << 64) if value >> 63 else value
            return f"r{insn.dst} = {value} ll"
        if objdump:
            return f"ld_pseudo\tr{insn.dst}, {insn.src}, {insn.imm & 0xFFFFFFFF}"
        return f"r{insn.dst} = {format_pseudo(insn)} ll"
    size = _UNSIGNED[insn.size]
    if insn.mode == Mode.ABS:
        return f"r0 = *({size} *)skb[{insn.imm}]"
    if insn.imm == 0:
        return f"r0 = *({size} *)skb[r{insn.src}]"
    sign = "-" if insn.imm < 0 else "+"
    return f"r0 = *({size} *)skb[r{insn.src} {sign} {abs(insn.imm)}]"


def format_pseudo(insn: Instruction) -> str:
    """The RFC 9669 name of a pseudo-source lddw's value: `map_val(map_by_fd(3)) + 16`."""
    src = PseudoSrc(insn.src)
    if src in _PSEUDO_VALUE:
        return f"map_val({_PSEUDO_VALUE[src]}({insn.imm})) + {insn.imm_hi}"
    text = f"{_PSEUDO_NAME[src]}({insn.imm})"
    # The upper half is unused by these sources; keep it visible so the text round-trips.
    return f"{text} + {insn.imm_hi}" if insn.imm_hi else text


# ==== parsing ====================================================================================
# `12: (b7) ` of the verifier log; recent kernels put register liveness (`0123..6789`)
# between the index and the opcode in the listing that opens a level-2 log.
_VERIFIER_PREFIX = re.compile(r"\s*[0-9]+:\s*(?:[0-9.]{10}\s+)?(?:\(([0-9a-fA-F]{2})\)\s*)?")
ANNOTATION = re.compile(r"\s*<[^<>]*>\s*$")  # objdump's ` <func+0x18>` after a jump
_ASSIGN_OPS = {v: k for k, v in ALU_OPS.items() if k != AluOp.MOV}
_SIGNED_ASSIGN = {v: k for k, v in _SIGNED_ALU.items()}
_JMP_BY_SYM = {v: k for k, v in JMP_OPS.items()}
_UNSIGNED_BY_NAME = {v: k for k, v in _UNSIGNED.items()}
_SIGNED_BY_NAME = {v: k for k, v in _SIGNED.items()}
_MOVSX_BY_NAME = {v: k for k, v in _MOVSX.items()}
_ATOMIC_BY_SYM = {v: k for k, v in _ATOMIC_ASSIGN.items()}
_END_BY_NAME = {
    f"{name}{bits}": (kind, bits) for kind, name in _END_NAME.items() for bits in (16, 32, 64)
}
_FETCH_BY_NAME = {f"atomic_fetch_{v}": k for k, v in _FETCH_NAME.items()}
_FETCH_BY_NAME.update({f"atomic64_fetch_{v}": k for k, v in _FETCH_NAME.items()})
_PSEUDO_BY_NAME = {v: k for k, v in _PSEUDO_NAME.items()}
_XCHG_NAMES = ("xchg_64", "xchg32_32", "atomic_xchg", "atomic64_xchg")
_CMPXCHG_NAMES = ("cmpxchg_64", "cmpxchg32_32", "atomic_cmpxchg", "atomic64_cmpxchg")
_VALUE_NAMES = frozenset(
    [*_FETCH_BY_NAME, *_XCHG_NAMES, *_CMPXCHG_NAMES, *_PSEUDO_BY_NAME, "map_val"]
)


def split_prefix(text: str) -> tuple[str, int | None]:
    """Remove a verifier-log `12: (b7) ` prefix; return the rest and the opcode it names."""
    m = _VERIFIER_PREFIX.match(text)
    if m is None:
        return text, None
    op = m.group(1)
    return text[m.end() :], (int(op, 16) if op else None)


def parse_llvm(text: str, line: int) -> Parsed:
    """One instruction in LLVM (or verifier-log) syntax."""
    text, hint = split_prefix(text)
    text = ANNOTATION.sub("", text)
    c = Cursor(text, line)
    parsed = _statement(c)
    c.end()
    if hint == LDDW and parsed.insn.opcode == InsnClass.ALU64 | AluOp.MOV:
        # The log prints a small 64-bit immediate without `ll`: `(18) r1 = 0x5`.
        parsed = Parsed(Instruction.lddw(parsed.insn.dst, parsed.insn.imm))
    parsed.opcode_hint = hint
    return parsed


def _statement(c: Cursor) -> Parsed:
    if c.at_register():
        return _assignment(c)
    word = c.peek()
    if word is None:
        raise c.error("an instruction")
    if c.accept("exit"):
        return Parsed(Instruction(0x95))
    if c.accept("goto"):
        off, label = _target(c, INT16)
        return Parsed(Instruction(0x05, off=off), label)
    if c.accept("gotol"):
        off, label = _target(c, INT32)
        return Parsed(Instruction(0x06, imm=off), label, Fixup.IMM)
    if c.accept("if"):
        return _cond_jump(c)
    if c.accept("call"):
        return _call(c)
    if c.accept("callx"):
        reg, _ = c.register("a register after 'callx'")
        return Parsed(Instruction(0x8D, dst=reg))
    if c.accept("lock"):
        return _lock(c)
    if c.at("*"):
        return _store(c)
    if c.accept("ld_pseudo"):
        dst = _reg64(c, "a register after 'ld_pseudo'")
        c.expect(",")
        src = c.integer("a pseudo source", (1, max(PseudoSrc)))
        c.expect(",")
        imm = c.integer("an immediate", IMM32)
        return Parsed(Instruction(LDDW, dst, src, 0, s32(imm)))
    raise c.fail(f"unknown instruction '{word.text}'")


def _reg64(c: Cursor, what: str) -> int:
    reg, is32 = c.register(what)
    if is32:
        raise c.fail(f"w{reg} must be r{reg} here")
    return reg


def _target(c: Cursor, bounds: tuple[int, int]) -> tuple[int, str | None]:
    """A jump target: `+3`, `-2`, `pc+3` (verifier log) or a label."""
    if c.accept("pc"):
        if not c.at("+", "-"):
            raise c.error("'+' or '-'")
        return c.integer("a jump offset", bounds), None
    if c.at_integer():
        return c.integer("a jump offset", bounds), None
    return 0, c.name("a jump offset or a label")


def _cond_jump(c: Cursor) -> Parsed:
    dst, d32 = c.register("a register after 'if'")
    tok = c.peek()
    if tok is None or tok.text not in _JMP_BY_SYM:
        raise c.error("a comparison (==, !=, >, >=, <, <=, s>, s>=, s<, s<=, &)")
    c.next("")
    op = _JMP_BY_SYM[tok.text]
    cls = InsnClass.JMP32 if d32 else InsnClass.JMP
    if c.at_register():
        src, s32_ = c.register()
        if s32_ != d32:
            raise c.fail("a comparison cannot mix w and r registers")
        code, src_reg, imm = cls | op | 0x08, src, 0
    else:
        code, src_reg, imm = cls | op, 0, s32(c.integer("a register or a number", IMM32))
    c.expect("goto", "'goto'")
    off, label = _target(c, INT16)
    return Parsed(Instruction(code, dst, src_reg, off, imm), label)


def _call(c: Cursor) -> Parsed:
    if c.accept("pc"):  # verifier log: a call to a bpf function, pc-relative
        if not c.at("+", "-"):
            raise c.error("'+' or '-'")
        imm = c.integer("a call offset", INT32)
        if c.accept("#"):  # bpftool: call pc+5#name
            c.name("a function name")
        return Parsed(Instruction(0x85, src=CallSrc.LOCAL, imm=imm))
    if c.at_integer():
        return Parsed(Instruction(0x85, imm=s32(c.integer("a helper number", IMM32))))
    name = c.name("a helper number or a function label")
    if c.at("-") and name == "kernel" and c.at("function", ahead=1):
        c.pos += 2
        c.expect("#")
        imm = s32(c.integer("a kernel function id", IMM32))
        return Parsed(Instruction(0x85, src=CallSrc.KFUNC, imm=imm))
    if c.accept("#"):  # verifier log: call bpf_map_lookup_elem#1
        return Parsed(Instruction(0x85, imm=s32(c.integer("a helper number", IMM32))))
    return Parsed(Instruction(0x85, src=CallSrc.LOCAL), name, Fixup.IMM)


def _size(c: Cursor, table: dict[str, Size], what: str) -> Size:
    """`(u32 *)` (the opening parenthesis already read)."""
    tok = c.peek()
    if tok is None or tok.text not in table:
        raise c.error(what)
    c.next("")
    c.expect("*")
    c.expect(")")
    return table[tok.text]


def _address(c: Cursor) -> tuple[int, int]:
    """`r10 - 8` (parentheses around it are the caller's): base register and offset."""
    base = _reg64(c, "a base register")
    if c.at("+", "-"):
        return base, c.integer("an offset", INT16)
    return base, 0


def _mem_operand(c: Cursor) -> tuple[int, int]:
    c.expect("(", "'(' before the address")
    addr = _address(c)
    c.expect(")")
    return addr


def _store(c: Cursor) -> Parsed:
    c.expect("*")
    c.expect("(")
    size = _size(c, _UNSIGNED_BY_NAME, "u8, u16, u32 or u64")
    base, off = _mem_operand(c)
    c.expect("=", "'='")
    if c.at_register():
        src, is32 = c.register()
        if is32 and size == Size.DW:
            raise c.fail(f"a 64-bit store needs r{src}, not w{src}")
        return Parsed(Instruction(InsnClass.STX | Mode.MEM | size, base, src, off))
    imm = s32(c.integer("a register or a number", IMM32))
    return Parsed(Instruction(InsnClass.ST | Mode.MEM | size, base, 0, off, imm))


def _lock(c: Cursor) -> Parsed:
    c.expect("*", "'*' after 'lock'")
    c.expect("(")
    size = _size(c, {"u32": Size.W, "u64": Size.DW}, "u32 or u64")
    base, off = _mem_operand(c)
    tok = c.peek()
    if tok is None or tok.text not in _ATOMIC_BY_SYM:
        raise c.error("+=, |=, &= or ^=")
    c.next("")
    src, is32 = c.register()
    if is32 and size == Size.DW:
        raise c.fail(f"a 64-bit atomic needs r{src}, not w{src}")
    code = InsnClass.STX | Mode.ATOMIC | size
    return Parsed(Instruction(code, base, src, off, _ATOMIC_BY_SYM[tok.text]))


def _assignment(c: Cursor) -> Parsed:
    dst, d32 = c.register()
    cls = InsnClass.ALU if d32 else InsnClass.ALU64
    r = "w" if d32 else "r"
    tok = c.peek()
    if tok is not None and (tok.text in _ASSIGN_OPS or tok.text in _SIGNED_ASSIGN):
        c.next("")
        off = 1 if tok.text in _SIGNED_ASSIGN else 0
        op = _SIGNED_ASSIGN[tok.text] if off else _ASSIGN_OPS[tok.text]
        if c.at_register():
            src, s = c.register()
            if s != d32:
                raise c.fail(f"{r}{dst} {tok.text} needs a {r} register")
            return Parsed(Instruction(cls | op | 0x08, dst, src, off))
        imm = s32(c.integer("a register or a number", IMM32))
        return Parsed(Instruction(cls | op, dst, 0, off, imm))
    c.expect("=", "an assignment (=, +=, -=, ...)")

    if c.at("-") and _register_after_minus(c):
        c.next("")
        src, s = c.register()
        if (src, s) != (dst, d32):
            raise c.fail(f"negation must name {r}{dst} on both sides")
        return Parsed(Instruction(cls | AluOp.NEG, dst))
    if c.at("*"):
        return _load(c, dst, d32)
    if c.at("(") and c.at(*_MOVSX_BY_NAME, ahead=1):
        c.next("")
        bits = _MOVSX_BY_NAME[c.next("").text]
        c.expect(")")
        src, s = c.register()
        if s != d32:
            raise c.fail(f"{r}{dst} = ({_MOVSX[bits]}) needs a {r} register")
        if d32 and bits == 32:
            raise c.fail("(s32) sign extension needs 64-bit registers")
        return Parsed(Instruction(cls | AluOp.MOV | 0x08, dst, src, bits))
    word = c.peek()
    if word is not None and word.text in _END_BY_NAME:
        return _byte_swap(c, dst, d32)
    if word is not None and word.text in _VALUE_NAMES:
        return _named_value(c, dst, d32)
    if c.at_register():
        src, s = c.register()
        if s and not d32:
            # clang -S prints a 32-bit move that zero-extends into a 64-bit value this way.
            return Parsed(Instruction(InsnClass.ALU | AluOp.MOV | 0x08, dst, src))
        if s != d32:
            raise c.fail(f"{r}{dst} = needs a {r} register")
        return Parsed(Instruction(cls | AluOp.MOV | 0x08, dst, src))
    if not c.at_integer():
        raise c.error("a register, a number or a memory operand")
    value = c.integer("a number", IMM64)
    if c.accept("ll") or not (d32 or INT32[0] <= value <= INT32[1]):
        # Without `ll` a number that a 32-bit mov would sign-extend wrongly needs lddw,
        # which is how the verifier log prints it (`r1 = 0xffff888003a41000`).
        if d32:
            raise c.fail(f"a 64-bit immediate needs r{dst}, not w{dst}")
        return Parsed(Instruction.lddw(dst, value))
    if value > IMM32[1] or value < IMM32[0]:
        raise c.fail(f"{value} does not fit in 32 bits")
    return Parsed(Instruction(cls | AluOp.MOV, dst, 0, 0, s32(value)))


def _register_after_minus(c: Cursor) -> bool:
    c.pos += 1
    try:
        return c.at_register()
    finally:
        c.pos -= 1


def _byte_swap(c: Cursor, dst: int, d32: bool) -> Parsed:
    kind, bits = _END_BY_NAME[c.next("").text]
    src, s = c.register()
    if src != dst or s or d32:
        raise c.fail(f"byte swap must name r{dst} on both sides")
    code = {EndKind.TO_LE: 0xD4, EndKind.TO_BE: 0xDC, EndKind.BSWAP: 0xD7}[kind]
    return Parsed(Instruction(code, dst, 0, 0, bits))


def _load(c: Cursor, dst: int, d32: bool) -> Parsed:
    c.expect("*")
    c.expect("(")
    table = {**_UNSIGNED_BY_NAME, **_SIGNED_BY_NAME}
    tok = c.peek()
    if tok is None or tok.text not in table:
        raise c.error("u8, u16, u32, u64, s8, s16 or s32")
    signed = tok.text in _SIGNED_BY_NAME
    size = _size(c, table, "a size")
    if d32 and size == Size.DW:
        raise c.fail(f"a 64-bit load needs r{dst}, not w{dst}")
    if c.accept("skb"):
        return _packet_load(c, dst, d32, size, signed)
    base, off = _mem_operand(c)
    mode = Mode.MEMSX if signed else Mode.MEM
    return Parsed(Instruction(InsnClass.LDX | mode | size, dst, base, off))


def _packet_load(c: Cursor, dst: int, d32: bool, size: Size, signed: bool) -> Parsed:
    if signed or size == Size.DW:
        raise c.fail("packet loads read u8, u16 or u32")
    if dst != 0 or d32:
        raise c.fail("packet loads always write r0")
    c.expect("[", "'[' after 'skb'")
    if c.at_register():
        src = _reg64(c, "a register")
        imm = s32(c.integer("an offset", IMM32)) if c.at("+", "-") else 0
        c.expect("]")
        return Parsed(Instruction(InsnClass.LD | Mode.IND | size, 0, src, 0, imm))
    imm = s32(c.integer("an offset or a register", IMM32))
    c.expect("]")
    return Parsed(Instruction(InsnClass.LD | Mode.ABS | size, 0, 0, 0, imm))


def _named_value(c: Cursor, dst: int, d32: bool) -> Parsed:
    """Atomic fetch/xchg/cmpxchg calls and the pseudo-source 64-bit loads."""
    name = c.next("").text
    r = "w" if d32 else "r"
    if name in _FETCH_BY_NAME or name in _XCHG_NAMES:
        op = _FETCH_BY_NAME.get(name, AtomicOp.XCHG)
        size, base, off = _atomic_address(c, name)
        c.expect(",")
        src = _same_width(c, d32, size)
        c.expect(")")
        if src != dst:
            raise c.fail(f"{name} must load into its operand {r}{src}")
        return Parsed(Instruction(InsnClass.STX | Mode.ATOMIC | size, base, src, off, op))
    if name in _CMPXCHG_NAMES:
        size, base, off = _atomic_address(c, name)
        c.expect(",")
        old = _same_width(c, d32, size)
        c.expect(",")
        src = _same_width(c, d32, size)
        c.expect(")")
        if dst != 0 or old != 0:
            raise c.fail(f"{name} compares and loads {r}0")
        code = InsnClass.STX | Mode.ATOMIC | size
        return Parsed(Instruction(code, base, src, off, AtomicOp.CMPXCHG))
    if d32:
        raise c.fail(f"a 64-bit immediate needs r{dst}, not w{dst}")
    return parse_pseudo(c, dst, name)


def _atomic_address(c: Cursor, name: str) -> tuple[Size, int, int]:
    """`(r1 + 0` of LLVM's xchg_64(r1 + 0, ...), or `((u64 *)(r1 + 0)` of LLVM's
    atomic_fetch_add and the kernel's atomic64_xchg."""
    c.expect("(", f"'(' after '{name}'")
    if name.startswith("atomic"):
        c.expect("(")
        size = _size(c, {"u32": Size.W, "u64": Size.DW}, "u32 or u64")
        base, off = _mem_operand(c)
        return size, base, off
    size = Size.DW if name.endswith("_64") else Size.W
    base, off = _address(c)
    return size, base, off


def _same_width(c: Cursor, d32: bool, size: Size) -> int:
    reg, is32 = c.register()
    if is32 and size == Size.DW:
        raise c.fail(f"a 64-bit atomic needs r{reg}, not w{reg}")
    if is32 != d32:
        raise c.fail("an atomic operation cannot mix w and r registers")
    return reg


def parse_pseudo(c: Cursor, dst: int, name: str) -> Parsed:
    """`map_by_fd(3)`, `map_val(map_by_idx(0)) + 16`, `code_addr(label)` ... then `ll`."""
    label = None
    if name == "map_val":
        c.expect("(", "'(' after 'map_val'")
        inner = c.name("map_by_fd or map_by_idx")
        if inner not in _PSEUDO_VALUE.values():
            raise c.fail(f"map_val takes map_by_fd(...) or map_by_idx(...), not {inner}")
        src = PseudoSrc.MAP_VALUE if inner == "map_by_fd" else PseudoSrc.MAP_IDX_VALUE
        c.expect("(", f"'(' after '{inner}'")
        imm = c.integer("a number", IMM32)
        c.expect(")")
        c.expect(")")
    else:
        src = _PSEUDO_BY_NAME[name]
        c.expect("(", f"'(' after '{name}'")
        if src == PseudoSrc.FUNC and not c.at_integer():
            label, imm = c.name("a number or a label"), 0
        else:
            imm = c.integer("a number", IMM32)
        c.expect(")")
    hi = c.integer("a number", IMM32) if c.accept("+") else 0
    c.accept("ll")
    insn = Instruction(LDDW, dst, src, 0, s32(imm), s32(hi))
    return Parsed(insn, label, Fixup.IMM) if label else Parsed(insn)
