"""Translate eBPF to Python source: one Python function per eBPF function.

Registers are the function's local variables r0..r10, always holding values in [0, 2**64).
Each chain of basic blocks (see cfg.superblocks) becomes straight-line Python; a chain that
jumps back to its own head becomes a `while` loop. Control moves between chains through a
binary `if pc < N` dispatch. Each eBPF instruction starts a new source line and the line table
maps lines back to slots, so a fault is located from the traceback at no cost while running.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from ebpy.errors import LoadError
from ebpy.isa import AluOp, AtomicOp, EndKind, Instruction, JmpOp, Mode, PseudoSrc, Size
from ebpy.isa.cfg import Block, Function, build_function, function_entries, superblocks
from ebpy.isa.opcodes import SIGNED_JUMPS
from ebpy.runtime.address_space import FUNC_KEY, OFFSET_MASK, REGION_SHIFT

M64 = (1 << 64) - 1
M32 = (1 << 32) - 1
S64 = 1 << 63
S32 = 1 << 31
MAX_CALL_DEPTH = 8
STACK_SIZE = 512
# Frame accesses at a constant offset from r10 go straight to typed views of the frame
# (FRAMES8..64 hold, per depth, its bytes as unsigned 8..64-bit little-endian items).
FAST_FRAMES = sys.byteorder == "little"

_ALU_SYM = {
    AluOp.ADD: "+",
    AluOp.SUB: "-",
    AluOp.MUL: "*",
    AluOp.OR: "|",
    AluOp.AND: "&",
    AluOp.XOR: "^",
}
_CMP_SYM = {
    JmpOp.JEQ: "==",
    JmpOp.JNE: "!=",
    JmpOp.JGT: ">",
    JmpOp.JGE: ">=",
    JmpOp.JLT: "<",
    JmpOp.JLE: "<=",
    JmpOp.JSGT: ">",
    JmpOp.JSGE: ">=",
    JmpOp.JSLT: "<",
    JmpOp.JSLE: "<=",
}
_SIZE_CODE = {Size.B: "8", Size.H: "16", Size.W: "32", Size.DW: "64"}
_MASK = {Size.B: 0xFF, Size.H: 0xFFFF, Size.W: M32, Size.DW: M64}
_ATOMIC_SYM = {AtomicOp.ADD: "+", AtomicOp.OR: "|", AtomicOp.AND: "&", AtomicOp.XOR: "^"}

# Helper ids whose implementation calls back into the program (they need the call depth).
CALLBACK_HELPERS = frozenset(
    {181, 164, 180, 209}
)  # loop, for_each_map_elem, find_vma, user_ringbuf_drain


@dataclass
class Options:
    count: bool = False  # count executed instructions into env.count
    budget: bool = False  # stop when env.count would exceed env.budget (implies count)
    lddw: Callable[[int, Instruction], int] | None = None  # resolves pseudo lddw to a value
    helper_ids: frozenset[int] = frozenset()  # helpers the engine provides


@dataclass
class Translation:
    source: str
    line_slots: dict[int, int] = field(default_factory=dict)  # source line -> slot
    entries: list[int] = field(default_factory=list)
    helpers_used: set[int] = field(default_factory=set)


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.line_slots: dict[int, int] = {}

    def emit(self, indent: int, text: str, slot: int | None = None) -> None:
        self.lines.append("    " * indent + text)
        if slot is not None:
            self.line_slots[len(self.lines)] = slot


def translate(code: dict[int, Instruction], nslots: int, options: Options) -> Translation:
    w = _Writer()
    entries = function_entries(code)
    helpers: set[int] = set()
    for entry in entries:
        fn = build_function(code, entry, nslots)
        _FunctionWriter(w, code, fn, options, helpers).write()
    return Translation("\n".join(w.lines) + "\n", w.line_slots, entries, helpers)


class _FunctionWriter:
    def __init__(
        self,
        w: _Writer,
        code: dict[int, Instruction],
        fn: Function,
        options: Options,
        helpers: set[int],
    ) -> None:
        self.w = w
        self.code = code
        self.fn = fn
        self.opt = options
        self.counting = options.count or options.budget
        self.helpers = helpers

    # ---- structure ------------------------------------------------------------------------------
    def write(self) -> None:
        w, fn = self.w, self.fn
        w.emit(0, f"def f{fn.entry}(r1, r2, r3, r4, r5, depth):")
        w.emit(1, "r0 = r6 = r7 = r8 = r9 = 0")
        w.emit(1, f"if depth >= {MAX_CALL_DEPTH}: raise CallTooDeep({fn.entry})", fn.entry)
        self.frame: dict[int, tuple[int, int]] = {}  # slot -> (bits, index) of a typed access
        if _uses_frame(self.code, fn):
            # Only r10 reaches this frame: a function that never names it cannot see its
            # frame, so it skips zeroing (a third of an empty program's run).
            w.emit(1, "STACKS[depth][:] = ZERO_STACK")
            w.emit(1, "r10 = STACK_TOP[depth]")
            if FAST_FRAMES and not _writes_r10(self.code, fn):
                self.frame = _frame_accesses(self.code, fn)
                for bits in sorted({bits for bits, _ in self.frame.values()}):
                    w.emit(1, f"F{bits} = FRAMES{bits}[depth]")
        if self.counting:
            w.emit(1, "n = 0")
            if self.opt.budget:
                w.emit(1, "lim = E.budget - E.count")
        chains = superblocks(fn)
        self.chain_heads = {c[0].start for c in chains}
        if len(chains) == 1 and not self._loops_to_self(chains[0]):
            self._chain(chains[0], 1, in_loop=False, dispatch=False)
            return
        w.emit(1, f"pc = {fn.entry}")
        w.emit(1, "while True:")
        self._dispatch(sorted(chains, key=lambda c: c[0].start), 2)

    def _dispatch(self, chains: list[list[Block]], indent: int) -> None:
        if len(chains) == 1:
            self._chain_or_loop(chains[0], indent)
            return
        mid = len(chains) // 2
        self.w.emit(indent, f"if pc < {chains[mid][0].start}:")
        self._dispatch(chains[:mid], indent + 1)
        self.w.emit(indent, "else:")
        self._dispatch(chains[mid:], indent + 1)

    def _loops_to_self(self, chain: list[Block]) -> bool:
        head = chain[0].start
        return any(head in b.succs for b in chain)

    def _chain_or_loop(self, chain: list[Block], indent: int) -> None:
        if self._loops_to_self(chain):
            self.w.emit(indent, "while True:")
            self._chain(chain, indent + 1, in_loop=True, dispatch=True)
        else:
            self._chain(chain, indent, in_loop=False, dispatch=True)

    def _chain(self, chain: list[Block], indent: int, in_loop: bool, dispatch: bool) -> None:
        head = chain[0].start
        executed = 0  # instructions executed since the chain's head, for counting
        for bi, block in enumerate(chain):
            for slot in block.slots:
                insn = self.code[slot]
                executed += 1
                last = slot == block.slots[-1]
                if last and (insn.is_branch or insn.is_exit):
                    break
                self._insn(slot, insn, indent)
            last_slot = block.slots[-1]
            insn = self.code[last_slot]
            chained_next = chain[bi + 1].start if bi + 1 < len(chain) else None
            if insn.is_exit:
                if self.counting:
                    self.w.emit(indent, f"E.count += n + {executed}", last_slot)
                self.w.emit(indent, "return r0", last_slot)
                return
            if insn.is_cond_jump and block.succs[0] == block.succs[1]:
                pass  # a conditional jump to the next instruction decides nothing
            elif insn.is_cond_jump:
                taken, fall = block.succs
                self.w.emit(indent, f"if {self._condition(insn)}:", last_slot)
                self._goto(taken, head, indent + 1, executed, in_loop, dispatch, last_slot)
                if chained_next == fall:
                    continue
                self._goto(fall, head, indent, executed, in_loop, dispatch, last_slot)
                return
            target = block.succs[0]
            if chained_next == target:
                continue
            self._goto(target, head, indent, executed, in_loop, dispatch, last_slot)
            return

    def _goto(
        self,
        target: int,
        head: int,
        indent: int,
        executed: int,
        in_loop: bool,
        dispatch: bool,
        slot: int,
    ) -> None:
        backward = target <= slot
        self._count(indent, executed, slot, check=backward)
        if in_loop and target == head:
            self.w.emit(indent, "continue", slot)
        elif in_loop:
            self.w.emit(indent, f"pc = {target}; break", slot)
        else:
            self.w.emit(indent, f"pc = {target}; continue", slot)

    def _count(self, indent: int, executed: int, slot: int, check: bool = False) -> None:
        if not self.counting:
            return
        self.w.emit(indent, f"n += {executed}", slot)
        if check and self.opt.budget:
            self.w.emit(indent, f"if n > lim: raise BudgetExceeded({slot})", slot)

    # ---- instructions ---------------------------------------------------------------------------
    def _insn(self, slot: int, insn: Instruction, indent: int) -> None:
        text = self._text(slot, insn)
        for line in text.split("\n"):
            self.w.emit(indent, line, slot)

    def _text(self, slot: int, insn: Instruction) -> str:
        typed = self.frame.get(slot)
        if typed is not None:
            return _frame_access(insn, *typed)
        if insn.is_alu:
            return _alu(insn)
        if insn.is_lddw:
            return f"r{insn.dst} = {self._lddw(slot, insn)}"
        if insn.is_load:
            return _load(insn)
        if insn.is_atomic:
            return _atomic(insn)
        if insn.is_store:
            return _store(insn)
        if insn.is_legacy_packet_load:
            return _legacy_load(insn)
        if insn.is_helper_call:
            return self._helper_call(slot, insn)
        if insn.is_local_call:
            return self._flush_around(f"r0 = f{slot + 1 + insn.imm}(r1, r2, r3, r4, r5, depth + 1)")
        if insn.is_callx:
            return self._flush_around(
                f"r0 = CALLX(r{insn.dst}, {slot})(r1, r2, r3, r4, r5, depth + 1)"
            )
        if insn.is_kfunc_call:
            raise LoadError(
                f"slot {slot}: kfunc calls (BTF id {insn.imm}) are not supported by this engine"
            )
        raise LoadError(f"slot {slot}: cannot execute opcode {insn.opcode:#04x}")

    def _flush_around(self, call: str) -> str:
        if not self.counting:
            return call
        refresh = "; lim = E.budget - E.count" if self.opt.budget else ""
        return f"E.count += n; n = 0\n{call}{refresh}"

    def _helper_call(self, slot: int, insn: Instruction) -> str:
        hid = insn.imm
        if hid not in self.opt.helper_ids:
            raise LoadError(
                f"slot {slot}: program calls helper {_helper_name(hid)}#{hid}, which this engine does not provide"
            )
        self.helpers.add(hid)
        call = f"r0 = H{hid}(r1, r2, r3, r4, r5) & {M64:#x}"
        if hid == 12:  # tail_call: a successful one does not return here
            call = f"E.count += n; n = 0\n{call}" if self.counting else call
        if hid in CALLBACK_HELPERS:
            return self._flush_around(f"E.depth = depth\n{call}")
        return call

    def _lddw(self, slot: int, insn: Instruction) -> str:
        if insn.src == PseudoSrc.IMM64:
            return hex(insn.imm64)
        if insn.src == PseudoSrc.FUNC:
            return hex((FUNC_KEY << REGION_SHIFT) | (slot + 1 + insn.imm))
        if self.opt.lddw is None:
            raise LoadError(
                f"slot {slot}: lddw of a {insn.pseudo.name} needs maps, and none were given"
            )
        return hex(self.opt.lddw(slot, insn) & M64)

    def _condition(self, insn: Instruction) -> str:
        op = insn.jmp_op
        is32 = insn.cls == 6
        d = f"(r{insn.dst} & {M32:#x})" if is32 else f"r{insn.dst}"
        if insn.uses_reg:
            s = f"(r{insn.src} & {M32:#x})" if is32 else f"r{insn.src}"
        else:
            s = hex(insn.imm & (M32 if is32 else M64))
        if op == JmpOp.JSET:
            return f"{d} & {s}"
        if op in SIGNED_JUMPS:
            sign = S32 if is32 else S64
            if insn.uses_reg:
                s = f"({s} ^ {sign:#x})"
            else:
                s = hex(int(s, 16) ^ sign)
            d = f"({d} ^ {sign:#x})"
        return f"{d} {_CMP_SYM[op]} {s}"


def _uses_frame(code: dict[int, Instruction], fn: Function) -> bool:
    """Does any instruction of `fn` name r10 (the only way to its stack frame)?"""
    return any(
        code[slot].dst == 10 or code[slot].src == 10
        for block in fn.blocks.values()
        for slot in block.slots
    )


def _writes_r10(code: dict[int, Instruction], fn: Function) -> bool:
    """Can an instruction of `fn` change r10 (only unverified code does)? Over-approximated:
    any instruction naming r10 as its destination but a store or a compare, and any atomic
    naming it at all."""
    for block in fn.blocks.values():
        for slot in block.slots:
            insn = code[slot]
            if insn.is_atomic:
                if insn.dst == 10 or insn.src == 10:
                    return True
            elif insn.dst == 10 and not (insn.is_store or insn.is_cond_jump):
                return True
    return False


def _frame_accesses(code: dict[int, Instruction], fn: Function) -> dict[int, tuple[int, int]]:
    """Loads and stores of `fn` at an aligned constant offset from an unchanging r10, inside
    the frame: slot -> (bits, item index). They cannot fault, so they skip the region lookup."""
    out: dict[int, tuple[int, int]] = {}
    for block in fn.blocks.values():
        for slot in block.slots:
            insn = code[slot]
            load = insn.is_load and insn.mode == Mode.MEM and insn.src == 10
            store = insn.is_store and not insn.is_atomic and insn.dst == 10
            if not (load or store):
                continue
            n = insn.nbytes
            at = STACK_SIZE + insn.off
            if at >= 0 and at + n <= STACK_SIZE and at % n == 0:
                out[slot] = (8 * n, at // n)
    return out


def _frame_access(insn: Instruction, bits: int, index: int) -> str:
    if insn.is_load:
        return f"r{insn.dst} = F{bits}[{index}]"
    return f"F{bits}[{index}] = {_stored_value(insn)}"


def _helper_name(hid: int) -> str:
    from ebpy.spec.helper_ids import HELPER_NAMES

    return HELPER_NAMES.get(hid, "unknown")


# ---- ALU ---------------------------------------------------------------------------------------
def _alu(insn: Instruction) -> str:
    op = insn.alu_op
    is64 = insn.is_alu64
    d = f"r{insn.dst}"
    mask = M64 if is64 else M32
    mk = hex(mask)
    x = insn.uses_reg
    src = f"r{insn.src}"
    # The operand as an unsigned value of the operation's width (imm sign-extends to 64 bits).
    s = src if x else hex(insn.imm & mask)
    s32 = f"({src} & {mk})" if (x and not is64) else s

    if op == AluOp.END:
        return _end(insn)
    if op == AluOp.NEG:
        return f"{d} = -{d} & {mk}"
    if op == AluOp.MOV:
        if x and insn.off:
            bits = insn.off
            sign = 1 << (bits - 1)
            return f"{d} = ((({src} & {(1 << bits) - 1:#x}) ^ {sign:#x}) - {sign:#x}) & {mk}"
        return f"{d} = {src} & {mk}" if (x and not is64) else f"{d} = {s}"
    if op in (AluOp.ADD, AluOp.SUB, AluOp.MUL):
        return f"{d} = ({d} {_ALU_SYM[op]} {s}) & {mk}"
    if op in (AluOp.OR, AluOp.AND, AluOp.XOR):
        if is64:
            return f"{d} {_ALU_SYM[op]}= {s}"
        return f"{d} = ({d} {_ALU_SYM[op]} {s}) & {mk}"
    bits = 64 if is64 else 32
    shmask = bits - 1
    if op in (AluOp.LSH, AluOp.RSH, AluOp.ARSH):
        amount = f"({src} & {shmask})" if x else str(insn.imm & shmask)
        if op == AluOp.LSH:
            return f"{d} = ({d} << {amount}) & {mk}"
        if op == AluOp.RSH:
            return f"{d} >>= {amount}" if is64 else f"{d} = ({d} & {mk}) >> {amount}"
        sbit = hex(S64 if is64 else S32)
        val = d if is64 else f"({d} & {mk})"
        return f"{d} = ((({val} ^ {sbit}) - {sbit}) >> {amount}) & {mk}"
    dv = d if is64 else f"({d} & {mk})"
    signed = insn.off == 1
    if op == AluOp.DIV:
        if signed:
            return f"{d} = SDIV{bits}({dv}, {s32})"
        if not x:
            divisor = insn.imm & mask
            return f"{d} = {dv} // {divisor:#x}" if divisor else f"{d} = 0"
        return f"{d} = {dv} // {s32} if {s32} else 0"
    if op == AluOp.MOD:
        if signed:
            return f"{d} = SMOD{bits}({dv}, {s32})"
        if not x:
            divisor = insn.imm & mask
            return f"{d} = {dv} % {divisor:#x}" if divisor else f"{d} = {dv}"
        return f"{d} = {dv} % {s32} if {s32} else {dv}"
    raise LoadError(f"unknown ALU operation {insn.opcode:#04x}")


def _end(insn: Instruction) -> str:
    d = f"r{insn.dst}"
    width = insn.imm
    if insn.end_kind == EndKind.TO_LE:
        return f"{d} &= {(1 << width) - 1:#x}" if width < 64 else "pass"
    return f"{d} = BSWAP{width}({d})"


# ---- memory ------------------------------------------------------------------------------------
def _addr(reg: int, off: int) -> tuple[str, str]:
    """(region lookup, offset) expressions for reg + off; binds `a` when off != 0."""
    if off == 0:
        return f"MEM[r{reg} >> {REGION_SHIFT}]", f"r{reg} & {OFFSET_MASK:#x}"
    return f"MEM[(a := r{reg} + {off}) >> {REGION_SHIFT}]", f"a & {OFFSET_MASK:#x}"


def _load(insn: Instruction) -> str:
    region, off = _addr(insn.src, insn.off)
    size = _SIZE_CODE[insn.size]
    if insn.mode == Mode.MEMSX:
        return f"r{insn.dst} = LS{size}({region}, {off})[0] & {M64:#x}"
    return f"r{insn.dst} = L{size}({region}, {off})[0]"


def _store(insn: Instruction) -> str:
    region, off = _addr(insn.dst, insn.off)
    size = _SIZE_CODE[insn.size]
    return f"S{size}({region}, {off}, {_stored_value(insn)})"


def _stored_value(insn: Instruction) -> str:
    """What a store writes, already in its width's range."""
    mask = _MASK[insn.size]
    if insn.cls == 3:  # STX
        return f"r{insn.src}" if insn.size == Size.DW else f"r{insn.src} & {mask:#x}"
    return hex(insn.imm & mask)


def _atomic(insn: Instruction) -> str:
    region, off = _addr(insn.dst, insn.off)
    size = _SIZE_CODE[insn.size]
    mask = hex(_MASK[insn.size])
    s = f"r{insn.src}"
    head = f"v = {region}; o = {off}; old = L{size}(v, o)[0]; "
    aop = insn.atomic_op
    if aop == AtomicOp.XCHG:
        return head + f"S{size}(v, o, {s} & {mask}); {s} = old"
    if aop == AtomicOp.CMPXCHG:
        return head + f"S{size}(v, o, {s} & {mask} if old == (r0 & {mask}) else old); r0 = old"
    base = aop.base
    new = f"(old {_ATOMIC_SYM[base]} {s}) & {mask}"
    text = head + f"S{size}(v, o, {new})"
    if aop.fetch:
        text += f"; {s} = old"
    return text


def _legacy_load(insn: Instruction) -> str:
    size = insn.nbytes
    if insn.mode == Mode.ABS:
        return f"r0 = LDPKT({insn.imm}, {size})"
    return f"r0 = LDPKT((r{insn.src} + {insn.imm}) & {M32:#x}, {size})"
