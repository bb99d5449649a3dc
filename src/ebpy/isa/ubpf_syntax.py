"""The uBPF / bpf_conformance syntax: a mnemonic, then operands separated by commas.

    add32 %r0, -3        ldxh %r3, [%r1+12]       jeq %r1, 0x10, +3      lock fetch add [%r10-8], %r1
    lddw %r0, 0x123456789    call local func1     ja32 +70000            movsx1632 %r1, %r2

Formatting prints bpf_conformance's disassembler spellings (numbers outside -10..10 in hex
unless negative); `bswap16`, `ldxsb`, `callx %r1` and `ldabsw 12` are uBPF's names for what
bpf_conformance spells `swap16`, `ldxbsx`, `call %r1` and (nothing); parsing accepts both,
registers with or without `%`, labels, and bpf_conformance's implicit `exit` label.
Pseudo-source lddw uses RFC 9669's names: `lddw %r1, map_val(map_by_fd(3)) + 16`.
"""

from __future__ import annotations

from ebpy.isa.asm_tokens import IMM32, IMM64, INT16, INT32, Cursor, Fixup, Parsed, s32
from ebpy.isa.instruction import Instruction
from ebpy.isa.llvm_syntax import ANNOTATION, format_pseudo, parse_pseudo
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

ALU_NAMES = {
    AluOp.ADD: "add",
    AluOp.SUB: "sub",
    AluOp.MUL: "mul",
    AluOp.DIV: "div",
    AluOp.OR: "or",
    AluOp.AND: "and",
    AluOp.LSH: "lsh",
    AluOp.RSH: "rsh",
    AluOp.MOD: "mod",
    AluOp.XOR: "xor",
    AluOp.MOV: "mov",
    AluOp.ARSH: "arsh",
}
_SIGNED_NAMES = {AluOp.DIV: "sdiv", AluOp.MOD: "smod"}
JMP_NAMES = {
    JmpOp.JEQ: "jeq",
    JmpOp.JGT: "jgt",
    JmpOp.JGE: "jge",
    JmpOp.JSET: "jset",
    JmpOp.JNE: "jne",
    JmpOp.JSGT: "jsgt",
    JmpOp.JSGE: "jsge",
    JmpOp.JLT: "jlt",
    JmpOp.JLE: "jle",
    JmpOp.JSLT: "jslt",
    JmpOp.JSLE: "jsle",
}
_SIZE = {Size.B: "b", Size.H: "h", Size.W: "w", Size.DW: "dw"}
_END = {EndKind.TO_LE: "le", EndKind.TO_BE: "be", EndKind.BSWAP: "bswap"}
_ATOMIC_NAMES = {AtomicOp.ADD: "add", AtomicOp.OR: "or", AtomicOp.AND: "and", AtomicOp.XOR: "xor"}

UNKNOWN = "unknown"


# ==== formatting ===============================================================================
def imm_text(imm: int) -> str:
    """bpf_conformance's rule: small or negative numbers in decimal, the rest in hex."""
    if (imm < 0 and imm != -(1 << 31)) or -10 <= imm <= 10:
        return str(imm)
    return f"{imm & 0xFFFFFFFF:#x}"


def _mem(reg: int, off: int) -> str:
    return f"[%r{reg}{off:+d}]" if off else f"[%r{reg}]"


def format_ubpf(insn: Instruction) -> str:
    """The instruction in uBPF / bpf_conformance syntax; `unknown 0x..` if invalid."""
    if not insn.valid:
        return f"{UNKNOWN} {insn.opcode:#04x}"
    cls = insn.cls
    if cls in (InsnClass.ALU, InsnClass.ALU64):
        return _format_alu(insn)
    if cls in (InsnClass.JMP, InsnClass.JMP32):
        return _format_jmp(insn)
    size = _SIZE[insn.size]
    if cls == InsnClass.LDX:
        s = "s" if insn.mode == Mode.MEMSX else ""
        return f"ldx{s}{size} %r{insn.dst}, {_mem(insn.src, insn.off)}"
    if cls == InsnClass.ST:
        return f"st{size} {_mem(insn.dst, insn.off)}, {imm_text(insn.imm)}"
    if cls == InsnClass.STX:
        if insn.mode == Mode.MEM:
            return f"stx{size} {_mem(insn.dst, insn.off)}, %r{insn.src}"
        return _format_atomic(insn)
    if insn.opcode == LDDW:
        if insn.src == PseudoSrc.IMM64:
            return f"lddw %r{insn.dst}, {insn.imm64:#x}"
        return f"lddw %r{insn.dst}, {format_pseudo(insn)}"
    if insn.mode == Mode.ABS:
        return f"ldabs{size} {imm_text(insn.imm)}"
    return f"ldind{size} %r{insn.src}, {imm_text(insn.imm)}"


def _format_alu(insn: Instruction) -> str:
    suffix = "" if insn.is_alu64 else "32"
    op = insn.alu_op
    if op == AluOp.END:
        return f"{_END[insn.end_kind]}{insn.imm} %r{insn.dst}"
    if op == AluOp.NEG:
        return f"neg{suffix} %r{insn.dst}"
    if op == AluOp.MOV and insn.off:
        return f"movsx{insn.off}{'64' if insn.is_alu64 else '32'} %r{insn.dst}, %r{insn.src}"
    name = _SIGNED_NAMES[op] if insn.off == 1 and op in _SIGNED_NAMES else ALU_NAMES[op]
    rhs = f"%r{insn.src}" if insn.uses_reg else imm_text(insn.imm)
    return f"{name}{suffix} %r{insn.dst}, {rhs}"


def _format_jmp(insn: Instruction) -> str:
    if insn.opcode == 0x05:
        return f"ja {insn.off:+d}"
    if insn.opcode == 0x06:
        return f"ja32 {insn.imm:+d}"
    if insn.is_exit:
        return "exit"
    if insn.is_callx:
        return f"callx %r{insn.dst}"
    if insn.is_call:
        if insn.src == CallSrc.LOCAL:
            return f"call local {insn.imm:+d}"
        if insn.src == CallSrc.KFUNC:
            return f"call runtime {insn.imm}"
        return f"call {insn.imm}"
    suffix = "32" if insn.cls == InsnClass.JMP32 else ""
    rhs = f"%r{insn.src}" if insn.uses_reg else imm_text(insn.imm)
    return f"{JMP_NAMES[insn.jmp_op]}{suffix} %r{insn.dst}, {rhs}, {insn.off:+d}"


def _format_atomic(insn: Instruction) -> str:
    width = "" if insn.size == Size.DW else "32"
    op = insn.atomic_op
    if op == AtomicOp.XCHG:
        name = "xchg"
    elif op == AtomicOp.CMPXCHG:
        name = "cmpxchg"
    else:
        name = ("fetch " if op.fetch else "") + _ATOMIC_NAMES[op.base]
    return f"lock {name}{width} {_mem(insn.dst, insn.off)}, %r{insn.src}"


# ==== parsing ====================================================================================
_ALU_BY_NAME = {v: k for k, v in ALU_NAMES.items()}
_SIGNED_BY_NAME = {v: k for k, v in _SIGNED_NAMES.items()}
_JMP_BY_NAME = {v: k for k, v in JMP_NAMES.items()}
_SIZE_BY_NAME = {v: k for k, v in _SIZE.items()}
_END_CODES = {"le": 0xD4, "be": 0xDC, "bswap": 0xD7, "swap": 0xD7}
_ATOMIC_BY_NAME = {v: k for k, v in _ATOMIC_NAMES.items()}
_PSEUDO_NAMES = {"map_by_fd", "map_by_idx", "var_addr", "code_addr", "map_val"}

# Every mnemonic this syntax knows, for auto-detection.
MNEMONICS = frozenset(
    [
        f"{n}{w}"
        for n in [*ALU_NAMES.values(), *_SIGNED_NAMES.values(), "neg"]
        for w in ("", "32", "64")
    ]
    + [f"{n}{w}" for n in JMP_NAMES.values() for w in ("", "32")]
    + [f"movsx{b}{w}" for b in (8, 16, 32) for w in ("32", "64")]
    + [f"{e}{b}" for e in _END_CODES for b in (16, 32, 64)]
    + [f"ldx{s}" for s in _SIZE.values()]
    + [f"ldxs{s}" for s in ("b", "h", "w")]
    + [f"ldx{s}sx" for s in ("b", "h", "w")]
    + [f"st{s}" for s in _SIZE.values()]
    + [f"stx{s}" for s in _SIZE.values()]
    + [f"ldabs{s}" for s in ("b", "h", "w")]
    + [f"ldind{s}" for s in ("b", "h", "w")]
    + ["lddw", "ja", "ja32", "call", "callx", "exit", "lock"]
)


def parse_ubpf(text: str, line: int) -> Parsed:
    """One instruction in uBPF / bpf_conformance syntax."""
    c = Cursor(ANNOTATION.sub("", text), line)
    mnemonic = c.name("a mnemonic")
    parsed = _statement(c, mnemonic)
    c.end()
    return parsed


def _reg(c: Cursor, what: str = "a register") -> int:
    if c.at("%"):
        reg, is32 = c.register(what, prefix="%")
    else:
        reg, is32 = c.register(what)
    if is32:
        raise c.fail(f"w{reg} is not a uBPF register (write %r{reg})")
    return reg


def _at_reg(c: Cursor) -> bool:
    return c.at_register("%") or c.at_register()


def _mem_operand(c: Cursor) -> tuple[int, int]:
    c.expect("[", "a memory operand like [%r1+8]")
    reg = _reg(c)
    off = c.integer("an offset", INT16) if c.at("+", "-") else 0
    c.expect("]")
    return reg, off


def _target(c: Cursor, bounds: tuple[int, int]) -> tuple[int, str | None]:
    if c.at_integer():
        return c.integer("a jump offset", bounds), None
    return 0, c.name("a jump offset or a label")


def _split_width(mnemonic: str) -> tuple[str, bool]:
    """`add32` -> ("add", True); `add64` and `add` -> ("add", False)."""
    if mnemonic.endswith("32"):
        return mnemonic[:-2], True
    if mnemonic.endswith("64"):
        return mnemonic[:-2], False
    return mnemonic, False


def _statement(c: Cursor, m: str) -> Parsed:
    if m not in MNEMONICS:
        raise c.fail(f"unknown instruction '{m}'")
    if m == "exit":
        return Parsed(Instruction(0x95))
    if m == "lock":
        return _lock(c)
    if m in ("ja", "ja32"):
        bounds, fixup = (INT16, Fixup.OFF) if m == "ja" else (INT32, Fixup.IMM)
        off, label = _target(c, bounds)
        insn = Instruction(0x05, off=off) if m == "ja" else Instruction(0x06, imm=off)
        return Parsed(insn, label, fixup)
    if m == "call":
        return _call(c)
    if m == "callx":
        return Parsed(Instruction(0x8D, dst=_reg(c)))
    if m == "lddw":
        return _lddw(c)
    if m.startswith(("ldabs", "ldind")):
        return _packet_load(c, m)
    if m.startswith("ldx"):
        return _load(c, m)
    if m.startswith("st"):
        return _store(c, m)
    for end, code in _END_CODES.items():
        if m.startswith(end) and m[len(end) :] in ("16", "32", "64"):
            return Parsed(Instruction(code, _reg(c), 0, 0, int(m[len(end) :])))
    base, is32 = _split_width(m)
    if base in _JMP_BY_NAME:
        return _cond_jump(c, _JMP_BY_NAME[base], is32)
    return _alu(c, m)


def _alu(c: Cursor, m: str) -> Parsed:
    if m.startswith("movsx"):
        bits, is32 = int(m[5:-2]), m.endswith("32")
        if is32 and bits == 32:
            raise c.fail("movsx3232 does not exist: 32-bit sign extension is movsx3264")
        dst = _reg(c)
        c.expect(",")
        src = _reg(c)
        cls = InsnClass.ALU if is32 else InsnClass.ALU64
        return Parsed(Instruction(cls | AluOp.MOV | 0x08, dst, src, bits))
    base, is32 = _split_width(m)
    cls = InsnClass.ALU if is32 else InsnClass.ALU64
    dst = _reg(c)
    if base == "neg":
        return Parsed(Instruction(cls | AluOp.NEG, dst))
    off = 1 if base in _SIGNED_BY_NAME else 0
    op = _SIGNED_BY_NAME[base] if off else _ALU_BY_NAME[base]
    c.expect(",")
    if _at_reg(c):
        return Parsed(Instruction(cls | op | 0x08, dst, _reg(c), off))
    imm = s32(c.integer("a register or a number", IMM32))
    return Parsed(Instruction(cls | op, dst, 0, off, imm))


def _cond_jump(c: Cursor, op: JmpOp, is32: bool) -> Parsed:
    cls = InsnClass.JMP32 if is32 else InsnClass.JMP
    dst = _reg(c)
    c.expect(",")
    if _at_reg(c):
        code, src, imm = cls | op | 0x08, _reg(c), 0
    else:
        code, src, imm = cls | op, 0, s32(c.integer("a register or a number", IMM32))
    c.expect(",")
    off, label = _target(c, INT16)
    return Parsed(Instruction(code, dst, src, off, imm), label)


def _call(c: Cursor) -> Parsed:
    mode = "helper"
    if c.at("helper", "local", "runtime"):
        mode = c.next("").text
    if mode == "local":
        imm, label = _target(c, INT32)
        return Parsed(Instruction(0x85, src=CallSrc.LOCAL, imm=imm), label, Fixup.IMM)
    if mode == "helper" and _at_reg(c):  # bpf_conformance's callx
        return Parsed(Instruction(0x8D, dst=_reg(c)))
    what = "a helper number" if mode == "helper" else "a kernel function id"
    imm = s32(c.integer(what, IMM32))
    return Parsed(Instruction(0x85, src=CallSrc.KFUNC if mode == "runtime" else 0, imm=imm))


def _lddw(c: Cursor) -> Parsed:
    dst = _reg(c)
    c.expect(",")
    tok = c.peek()
    if tok is not None and tok.text in _PSEUDO_NAMES:
        c.next("")
        return parse_pseudo(c, dst, tok.text)
    return Parsed(Instruction.lddw(dst, c.integer("a 64-bit number", IMM64)))


def _load(c: Cursor, m: str) -> Parsed:
    rest = m[3:]
    signed = False
    if rest.endswith("sx") and rest[:-2] in ("b", "h", "w"):
        rest, signed = rest[:-2], True
    elif rest.startswith("s") and rest[1:] in ("b", "h", "w"):
        rest, signed = rest[1:], True
    size = _SIZE_BY_NAME[rest]
    dst = _reg(c)
    c.expect(",")
    src, off = _mem_operand(c)
    mode = Mode.MEMSX if signed else Mode.MEM
    return Parsed(Instruction(InsnClass.LDX | mode | size, dst, src, off))


def _store(c: Cursor, m: str) -> Parsed:
    is_reg = m.startswith("stx")
    size = _SIZE_BY_NAME[m[3:] if is_reg else m[2:]]
    dst, off = _mem_operand(c)
    c.expect(",")
    if is_reg:
        return Parsed(Instruction(InsnClass.STX | Mode.MEM | size, dst, _reg(c), off))
    imm = s32(c.integer("a number", IMM32))
    return Parsed(Instruction(InsnClass.ST | Mode.MEM | size, dst, 0, off, imm))


def _packet_load(c: Cursor, m: str) -> Parsed:
    size = _SIZE_BY_NAME[m[5:]]
    if m.startswith("ldabs"):
        imm = s32(c.integer("an offset", IMM32))
        return Parsed(Instruction(InsnClass.LD | Mode.ABS | size, imm=imm))
    src = _reg(c)
    c.expect(",")
    imm = s32(c.integer("an offset", IMM32))
    return Parsed(Instruction(InsnClass.LD | Mode.IND | size, 0, src, 0, imm))


def _lock(c: Cursor) -> Parsed:
    fetch = c.accept("fetch") is not None
    name = c.name("add, or, and, xor, xchg or cmpxchg after 'lock'")
    base, is32 = _split_width(name)
    if base in ("xchg", "cmpxchg"):
        if fetch:
            raise c.fail(f"'lock fetch {name}': {base} always fetches, write 'lock {name}'")
        op = AtomicOp.XCHG if base == "xchg" else AtomicOp.CMPXCHG
    elif base in _ATOMIC_BY_NAME:
        op = AtomicOp(_ATOMIC_BY_NAME[base] | (0x01 if fetch else 0))
    else:
        raise c.fail(f"unknown atomic operation '{name}'")
    dst, off = _mem_operand(c)
    c.expect(",")
    src = _reg(c)
    size = Size.W if is32 else Size.DW
    return Parsed(Instruction(InsnClass.STX | Mode.ATOMIC | size, dst, src, off, op))
