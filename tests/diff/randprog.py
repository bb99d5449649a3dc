"""Random XDP programs that the kernel's verifier accepts by construction.

A program is a prologue and a row of independent *segments*, each a random program of its
own: it sets its registers, stack and map value from the packet's input area (or from
constants), runs a random body, and dumps everything it can touch into its own output area of
the packet. One XDP program of a dozen segments costs the JIT one compilation instead of a
dozen (compiling, not running, is what costs), and the three engines compare every segment's
registers (all 64 bits of each, r0 included), stack, packet scratch and map value at once.

What makes every program verifiable (privileged):
- r1 always holds the packet's data pointer, bounds-checked once in the prologue for every byte
  the program touches; it is never a random operand. The map value pointer (looked up and
  null-checked once) and the packet pointer are spilled at fp-8 and fp-16; a map access is
  `r1 = map value; access; r1 = packet`. The random registers r0, r2-r9 only hold scalars.
- Every register and stack byte is written before the body runs (the kernel's stack is not
  zeroed, the interpreter's is), stack accesses are aligned to their size (the verifier insists
  on it for the stack), atomics are aligned and never on the packet (not allowed there).
- Immediate divisors are non-zero and immediate shift amounts below the width (the verifier
  refuses the others); register operands may hold anything.
- Jumps go forward, to a boundary of the block they are in, so there is no unreachable code;
  `ja`/`gotol` only close the `then` part of an if/else. Loops count a register (that the body
  may read but not write) down from a constant of at most 4.

Two shapes are left out because they trigger kernel bugs on this machine (pinned in
tests/test_diff_kernel_bugs.py with the kernel's answer and the RFC's):
- a 32-bit cmpxchg can leave r0's upper half set when the verifier pruned the path, so every
  32-bit cmpxchg is preceded by `w0 = w0` (r0's upper half is then zero either way);
- a stack slot first read by an atomic fetch after a branch join is treated as dead by
  pruning, so a later branch can be decided from a stale constant. Atomics therefore only work
  on an area of the stack that plain stores never write and that starts out unknown to the
  verifier (loaded from the packet), so no path knows a constant there to go stale.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from diff.chooser import Chooser
from ebpy.isa import AluOp, AtomicOp, InsnClass, Instruction, JmpOp, Mode, PseudoSrc, Size, Source
from ebpy.spec import CollectionSpec, MapReference, MapSpec, MapType, ProgramSpec, ProgramType

M64 = (1 << 64) - 1
REGS = (0, 2, 3, 4, 5, 6, 7, 8, 9)  # the random registers
PKT = 1  # always the packet's data pointer
FP = 10
MAP_SPILL = -8  # the map value pointer
PKT_SPILL = -16  # the packet pointer
PLAIN = 32  # stack bytes for plain loads and stores
PLAIN_OFF = PKT_SPILL - PLAIN
ATOMIC = 16  # stack bytes only atomics write (see the module docstring)
ATOMIC_OFF = PLAIN_OFF - ATOMIC
VALUE = 16  # map value bytes
SCRATCH = 24  # packet bytes each segment loads and stores
NREGS = len(REGS)

# Input area (shared by all segments): register words, then plain, atomic and value images.
IN_REGS = 0
IN_PLAIN = IN_REGS + 8 * NREGS
IN_ATOMIC = IN_PLAIN + PLAIN
IN_VALUE = IN_ATOMIC + ATOMIC
IN_SIZE = IN_VALUE + VALUE
# Output area of a segment, relative to its start.
OUT_SCRATCH = 0
OUT_REGS = OUT_SCRATCH + SCRATCH
OUT_PLAIN = OUT_REGS + 8 * NREGS
OUT_ATOMIC = OUT_PLAIN + PLAIN
OUT_VALUE = OUT_ATOMIC + ATOMIC
OUT_SIZE = OUT_VALUE + VALUE
XDP_LINEAR_MAX = 4096 - 256 - 320  # longer test-run packets go into fragments
MAX_SEGMENTS = (XDP_LINEAR_MAX - IN_SIZE) // OUT_SIZE
MAP_NAME = "vals"
PROGRAM_NAME = "diff"

EDGES32 = (0, 1, -1, 2, -2, 7, 31, 32, 33, 63, 64, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000,
           0xFFFF, 0x7FFFFFFF, -0x80000000, -0x7FFFFFFF)  # fmt: skip
EDGES64 = (0, 1, 2, 31, 32, 63, 64, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF,
           0x80000000, 0xFFFFFFFF, 0x100000000, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, M64,
           M64 - 1, 0xFFFFFFFF80000000, 0x00000000FFFFFFFF, 0x8000000080000000)  # fmt: skip
COND_OPS = tuple(o for o in JmpOp if o not in (JmpOp.JA, JmpOp.CALL, JmpOp.EXIT))
SIZES = {Size.B: 1, Size.H: 2, Size.W: 4, Size.DW: 8}


# ---- a tiny assembler: instructions, labels and jumps to labels -------------------------------
@dataclass(frozen=True)
class Label:
    name: object


@dataclass(frozen=True)
class Jump:
    """A jump (conditional, ja, or gotol with its offset in imm) to a label."""

    insn: Instruction
    label: object


@dataclass(frozen=True)
class PacketAccess:
    """A packet load or store with an offset relative to its segment's scratch bytes."""

    insn: Instruction


Op = Instruction | Label | Jump | PacketAccess


def assemble(ops: Iterable[Op]) -> list[Instruction]:
    ops = list(ops)
    where: dict[object, int] = {}
    slot = 0
    for op in ops:
        if isinstance(op, Label):
            where[op.name] = slot
        else:
            slot += op.insn.slots if isinstance(op, Jump) else op.slots
    out: list[Instruction] = []
    slot = 0
    for op in ops:
        if isinstance(op, Label):
            continue
        if isinstance(op, Jump):
            delta = where[op.label] - slot - 1
            i = op.insn
            if i.opcode == InsnClass.JMP32 | JmpOp.JA:  # gotol: the offset is in imm
                out.append(Instruction(i.opcode, 0, 0, 0, delta))
            else:
                out.append(Instruction(i.opcode, i.dst, i.src, delta, i.imm))
            slot += 1
        else:
            out.append(op)
            slot += op.slots
    return out


# ---- the structure of a segment (kept as a tree so a failing one can be shrunk) ---------------
@dataclass
class Simple:
    """One random instruction with whatever it needs around it (a pointer swap, `w0 = w0`)."""

    ops: list[Op]


@dataclass
class Skip:
    """A conditional jump forward to boundary `target` (an item index) of its block."""

    insn: Instruction
    target: int


@dataclass
class IfElse:
    cond: Instruction
    then: list[Item]
    orelse: list[Item]
    gotol: bool = False


@dataclass
class Loop:
    counter: int
    count: int
    body: list[Item]
    step: Instruction  # counter -= 1, in some form
    back: Instruction  # the condition jumping back to the head while the counter is not 0


Item = Simple | Skip | IfElse | Loop


@dataclass
class Segment:
    init: list[Op]
    body: list[Item]


@dataclass(frozen=True)
class Features:
    """Which kinds of instruction the bodies contain."""

    alu: bool = True
    jumps: bool = False
    loops: bool = False
    stack: bool = False
    packet: bool = False
    map_value: bool = False
    atomics: bool = False
    max_items: int = 40

    @classmethod
    def everything(cls) -> Features:
        return cls(True, True, True, True, True, True, True)


@dataclass
class RandomProgram:
    segments: list[Segment]
    features: Features = field(default_factory=Features)

    @property
    def packet_size(self) -> int:
        return IN_SIZE + OUT_SIZE * len(self.segments)

    def instructions(self) -> list[Instruction]:
        return assemble(program_ops(self.segments))

    def spec(self) -> CollectionSpec:
        insns = self.instructions()
        slot = next(s for s, i in _slots(insns) if i.is_lddw and i.src == PseudoSrc.MAP_FD)
        prog = ProgramSpec(
            PROGRAM_NAME,
            "xdp",
            ProgramType.XDP,
            insns,
            license="GPL",
            map_refs=[MapReference(slot, MAP_NAME)],
        )
        vals = MapSpec(MAP_NAME, MapType.ARRAY, 4, VALUE, 1)
        return CollectionSpec(maps={MAP_NAME: vals}, programs={PROGRAM_NAME: prog}, license="GPL")

    def only(self, indexes: Iterable[int]) -> RandomProgram:
        return replace(self, segments=[self.segments[i] for i in indexes])


def _slots(insns: list[Instruction]) -> Iterable[tuple[int, Instruction]]:
    slot = 0
    for insn in insns:
        yield slot, insn
        slot += insn.slots


# ---- instruction helpers -----------------------------------------------------------------------
def ldx(size: Size, dst: int, src: int, off: int, sx: bool = False) -> Instruction:
    return Instruction(InsnClass.LDX | (Mode.MEMSX if sx else Mode.MEM) | size, dst, src, off)


def stx(size: Size, dst: int, src: int, off: int) -> Instruction:
    return Instruction(InsnClass.STX | Mode.MEM | size, dst, src, off)


def st(size: Size, dst: int, off: int, imm: int) -> Instruction:
    return Instruction(InsnClass.ST | Mode.MEM | size, dst, 0, off, imm)


def mov64(dst: int, src: int) -> Instruction:
    return Instruction(InsnClass.ALU64 | AluOp.MOV | Source.X, dst, src)


def alu64_imm(op: AluOp, dst: int, imm: int) -> Instruction:
    return Instruction(InsnClass.ALU64 | op, dst, 0, 0, imm)


TO_MAP = ldx(Size.DW, PKT, FP, MAP_SPILL)  # r1 = the map value
TO_PKT = ldx(Size.DW, PKT, FP, PKT_SPILL)  # r1 = the packet again
ZEXT_R0 = Instruction(InsnClass.ALU | AluOp.MOV | Source.X, 0, 0)  # w0 = w0
EXIT = Instruction(InsnClass.JMP | JmpOp.EXIT)


# ---- laying a program out ----------------------------------------------------------------------
def program_ops(segments: list[Segment]) -> list[Op]:
    total = IN_SIZE + OUT_SIZE * len(segments)
    ops: list[Op] = [
        mov64(6, 1),  # r6 = ctx
        st(Size.W, FP, MAP_SPILL, 0),  # key 0
        mov64(2, FP),
        alu64_imm(AluOp.ADD, 2, MAP_SPILL),
        Instruction.lddw(1, 0, PseudoSrc.MAP_FD),
        Instruction(InsnClass.JMP | JmpOp.CALL, 0, 0, 0, 1),  # bpf_map_lookup_elem
        Jump(Instruction(InsnClass.JMP | JmpOp.JEQ, 0, 0, 0, 0), "fail"),
        stx(Size.DW, FP, 0, MAP_SPILL),
        ldx(Size.W, 2, 6, 0),  # data
        ldx(Size.W, 3, 6, 4),  # data_end
        mov64(1, 2),
        alu64_imm(AluOp.ADD, 1, total),
        Jump(Instruction(InsnClass.JMP | JmpOp.JGT | Source.X, 1, 3), "fail"),
        mov64(PKT, 2),
        stx(Size.DW, FP, PKT, PKT_SPILL),
    ]
    for k, seg in enumerate(segments):
        ops += seg.init
        ops += block_ops(seg.body, (k,), IN_SIZE + k * OUT_SIZE + OUT_SCRATCH)
        ops += dump_ops(IN_SIZE + k * OUT_SIZE)
    ops += [EXIT, Label("fail"), Instruction(InsnClass.ALU64 | AluOp.MOV, 0, 0, 0, 0), EXIT]
    return ops


def block_ops(items: list[Item], path: tuple[object, ...], scratch: int) -> list[Op]:
    """A block's instructions, with a label at every item boundary (path identifies the block);
    packet accesses are relative to the segment's scratch bytes at `scratch`."""
    ops: list[Op] = []
    for i, item in enumerate(items):
        ops.append(Label((*path, i)))
        here = (*path, i)
        if isinstance(item, Simple):
            for op in item.ops:
                if isinstance(op, PacketAccess):
                    ops.append(replace(op.insn, off=op.insn.off + scratch))
                else:
                    ops.append(op)
        elif isinstance(item, Skip):
            ops.append(Jump(item.insn, (*path, min(item.target, len(items)))))
        elif isinstance(item, IfElse):
            ops.append(Jump(item.cond, (*here, "else")))
            ops += block_ops(item.then, (*here, "then"), scratch)
            close = Instruction(InsnClass.JMP32 | JmpOp.JA) if item.gotol else Instruction(0x05)
            ops.append(Jump(close, (*here, "end")))
            ops.append(Label((*here, "else")))
            ops += block_ops(item.orelse, (*here, "orelse"), scratch)
            ops.append(Label((*here, "end")))
        else:
            ops.append(Instruction(InsnClass.ALU64 | AluOp.MOV, item.counter, 0, 0, item.count))
            ops.append(Label((*here, "head")))
            ops += block_ops(item.body, (*here, "body"), scratch)
            ops.append(item.step)
            ops.append(Jump(item.back, (*here, "head")))
    ops.append(Label((*path, len(items))))
    return ops


def dump_ops(out: int) -> list[Op]:
    """Store every register, the stack areas and the map value into the segment's output."""
    ops: list[Op] = [stx(Size.DW, PKT, r, out + OUT_REGS + 8 * i) for i, r in enumerate(REGS)]
    for area, size, dest in ((PLAIN_OFF, PLAIN, OUT_PLAIN), (ATOMIC_OFF, ATOMIC, OUT_ATOMIC)):
        for w in range(0, size, 8):
            ops += [ldx(Size.DW, 2, FP, area + w), stx(Size.DW, PKT, 2, out + dest + w)]
    words = list(range(0, VALUE, 8))
    temps = [2, 3]
    ops.append(TO_MAP)
    ops += [ldx(Size.DW, temps[i], PKT, w) for i, w in enumerate(words)]
    ops.append(TO_PKT)
    ops += [stx(Size.DW, PKT, temps[i], out + OUT_VALUE + w) for i, w in enumerate(words)]
    return ops


# ---- generating --------------------------------------------------------------------------------
class Generator:
    def __init__(self, ch: Chooser, features: Features) -> None:
        self.ch = ch
        self.f = features

    # values
    def imm32(self) -> int:
        ch = self.ch
        return ch.choice(EDGES32) if ch.chance(60) else ch.int(-(1 << 31), (1 << 31) - 1)

    def imm64(self) -> int:
        ch = self.ch
        return ch.choice(EDGES64) if ch.chance(60) else ch.int(0, M64)

    def reg(self) -> int:
        return self.ch.choice(REGS)

    def size(self) -> Size:
        return self.ch.choice(tuple(SIZES))

    # segments
    def segment(self, k: int) -> Segment:
        return Segment(
            self.init_ops(k), self.block(self.ch.int(1, self.f.max_items), frozenset(), 0)
        )

    def init_ops(self, k: int) -> list[Op]:
        ch = self.ch
        ops: list[Op] = []
        # Stack: plain words from the packet or constants; atomic words always from the packet.
        for w in range(0, PLAIN, 8):
            if ch.chance(70):
                ops += [ldx(Size.DW, 2, PKT, IN_PLAIN + w), stx(Size.DW, FP, 2, PLAIN_OFF + w)]
            else:
                ops.append(st(Size.DW, FP, PLAIN_OFF + w, self.imm32()))
        for w in range(0, ATOMIC, 8):
            ops += [ldx(Size.DW, 2, PKT, IN_ATOMIC + w), stx(Size.DW, FP, 2, ATOMIC_OFF + w)]
        words = list(range(0, VALUE, 8))
        temps = [2, 3]
        ops += [ldx(Size.DW, temps[i], PKT, IN_VALUE + w) for i, w in enumerate(words)]
        ops.append(TO_MAP)
        ops += [stx(Size.DW, PKT, temps[i], w) for i, w in enumerate(words)]
        ops.append(TO_PKT)
        for i, r in enumerate(REGS):
            ops.append(self.init_reg(r, IN_REGS + 8 * i))
        return ops

    def init_reg(self, r: int, off: int) -> Instruction:
        ch = self.ch
        roll = ch.int(0, 99)
        if roll < 45:
            return ldx(Size.DW, r, PKT, off)
        if roll < 60:
            size = ch.choice((Size.B, Size.H, Size.W))
            return ldx(size, r, PKT, off, sx=ch.chance(30))
        if roll < 80:
            return Instruction.lddw(r, self.imm64())
        if roll < 90:
            return Instruction(InsnClass.ALU64 | AluOp.MOV, r, 0, 0, self.imm32())
        return Instruction(InsnClass.ALU | AluOp.MOV, r, 0, 0, self.imm32())

    def block(self, n: int, frozen: frozenset[int], depth: int) -> list[Item]:
        kinds: list[tuple[str, int]] = []
        f = self.f
        if f.alu:
            kinds.append(("alu", 45))
        if f.jumps:
            kinds.append(("skip", 12))
            if depth < 2:
                kinds.append(("ifelse", 6))
        if f.loops and depth < 2:
            kinds.append(("loop", 5))
        if f.stack:
            kinds.append(("stack", 12))
        if f.packet:
            kinds.append(("packet", 10))
        if f.map_value:
            kinds.append(("map", 6))
        if f.atomics:
            kinds.append(("atomic", 12))
        total = sum(w for _, w in kinds)
        items: list[Item] = []
        for i in range(n):
            roll = self.ch.int(0, total - 1)
            kind = kinds[-1][0]
            for name, weight in kinds:
                if roll < weight:
                    kind = name
                    break
                roll -= weight
            items.append(self.item(kind, i, n, frozen, depth))
        return items

    def item(self, kind: str, i: int, n: int, frozen: frozenset[int], depth: int) -> Item:
        ch = self.ch
        writable = tuple(r for r in REGS if r not in frozen)
        if kind == "skip":
            return Skip(self.condition(), ch.int(i + 1, n))
        if kind == "ifelse":
            return IfElse(
                self.condition(),
                self.block(ch.int(1, 5), frozen, depth + 1),
                self.block(ch.int(1, 5), frozen, depth + 1),
                gotol=ch.chance(25),
            )
        if kind == "loop":
            counter = ch.choice(writable)
            inner = frozen | {counter}
            body = self.block(ch.int(1, 6), inner, depth + 1)
            return Loop(
                counter, ch.int(1, 4), body, self.loop_step(counter), self.loop_back(counter)
            )
        if kind == "stack":
            return Simple(self.stack_access(writable))
        if kind == "packet":
            return Simple(self.packet_access(writable, i))
        if kind == "map":
            return Simple(self.map_access(writable))
        if kind == "atomic":
            return Simple(self.atomic(writable))
        return Simple([self.alu(writable)])

    def alu(self, writable: tuple[int, ...]) -> Instruction:
        ch = self.ch
        cls = ch.choice((InsnClass.ALU, InsnClass.ALU64))
        op = ch.choice(tuple(AluOp))
        dst = ch.choice(writable)
        bits = 64 if cls == InsnClass.ALU64 else 32
        if op == AluOp.END:
            opcode = ch.choice((InsnClass.ALU | AluOp.END, InsnClass.ALU | AluOp.END | Source.X,
                                InsnClass.ALU64 | AluOp.END))  # fmt: skip
            return Instruction(opcode, dst, 0, 0, ch.choice((16, 32, 64)))
        if op == AluOp.NEG:
            return Instruction(cls | op, dst)
        use_reg = ch.chance(50)
        off = 0
        if op in (AluOp.DIV, AluOp.MOD):
            off = ch.int(0, 1)  # 1: signed
        if use_reg:
            if op == AluOp.MOV:
                off = ch.choice((0, 0, 8, 16, 32) if bits == 64 else (0, 0, 8, 16))  # movsx
            return Instruction(cls | op | Source.X, dst, self.reg(), off)
        imm = self.imm32()
        if op in (AluOp.LSH, AluOp.RSH, AluOp.ARSH):
            imm = ch.int(0, bits - 1)
        elif op in (AluOp.DIV, AluOp.MOD) and imm == 0:
            imm = ch.choice((1, -1, 3))
        return Instruction(cls | op, dst, 0, off, imm)

    def condition(self) -> Instruction:
        ch = self.ch
        cls = ch.choice((InsnClass.JMP, InsnClass.JMP32))
        op = ch.choice(COND_OPS)
        if ch.chance(50):
            return Instruction(cls | op | Source.X, self.reg(), self.reg())
        return Instruction(cls | op, self.reg(), 0, 0, self.imm32())

    def loop_step(self, c: int) -> Instruction:
        return self.ch.choice(
            (
                alu64_imm(AluOp.ADD, c, -1),
                alu64_imm(AluOp.SUB, c, 1),
                Instruction(InsnClass.ALU | AluOp.ADD, c, 0, 0, -1),
            )
        )

    def loop_back(self, c: int) -> Instruction:
        cls = self.ch.choice((InsnClass.JMP, InsnClass.JMP32))
        op = self.ch.choice((JmpOp.JNE, JmpOp.JSGT, JmpOp.JGT))
        return Instruction(cls | op, c, 0, 0, 0)

    def load_or_store(self, base: int, off: int, size: Size, writable: tuple[int, ...],
                      store: bool = True) -> Instruction:  # fmt: skip
        ch = self.ch
        kinds = ["ldx", "ldxsx", "st", "stx"] if store else ["ldx", "ldxsx"]
        kind = ch.choice(kinds)
        if kind == "ldxsx" and size == Size.DW:
            kind = "ldx"
        if kind in ("ldx", "ldxsx"):
            return ldx(size, ch.choice(writable), base, off, sx=kind == "ldxsx")
        if kind == "st":
            return st(size, base, off, self.imm32())
        return stx(size, base, self.reg(), off)

    def stack_access(self, writable: tuple[int, ...]) -> list[Op]:
        ch = self.ch
        size = self.size()
        n = SIZES[size]
        if ch.chance(25):  # reads of the atomic area (plain stores never go there)
            off = ATOMIC_OFF + n * ch.int(0, ATOMIC // n - 1)
            return [self.load_or_store(FP, off, size, writable, store=False)]
        off = PLAIN_OFF + n * ch.int(0, PLAIN // n - 1)
        return [self.load_or_store(FP, off, size, writable)]

    def packet_access(self, writable: tuple[int, ...], position: int) -> list[Op]:
        # Relative to the segment's scratch bytes: where they are depends on the segment's
        # place in the program, decided when it is laid out (segments move when shrinking).
        size = self.size()
        off = self.ch.int(0, SCRATCH - SIZES[size])
        return [PacketAccess(self.load_or_store(PKT, off, size, writable))]

    def map_access(self, writable: tuple[int, ...]) -> list[Op]:
        size = self.size()
        off = self.ch.int(0, VALUE - SIZES[size])
        return [TO_MAP, self.load_or_store(PKT, off, size, writable), TO_PKT]

    def atomic(self, writable: tuple[int, ...]) -> list[Op]:
        ch = self.ch
        size = ch.choice((Size.W, Size.DW))
        n = SIZES[size]
        ops = [o for o in AtomicOp if o != AtomicOp.CMPXCHG or 0 in writable]
        aop = ch.choice(ops)
        fetches = aop.fetch or aop in (AtomicOp.XCHG, AtomicOp.CMPXCHG)
        src = ch.choice(writable) if fetches else self.reg()
        on_stack = ch.chance(60)
        if on_stack:
            base, off = FP, ATOMIC_OFF + n * ch.int(0, ATOMIC // n - 1)
        else:
            base, off = PKT, n * ch.int(0, VALUE // n - 1)
        ops: list[Op] = [] if on_stack else [TO_MAP]
        if aop == AtomicOp.CMPXCHG and ch.chance(50):
            ops += self.expect_current(size, base, off, writable)
        if aop == AtomicOp.CMPXCHG and size == Size.W:
            ops.append(ZEXT_R0)  # kernel bug 1 (module docstring)
        ops.append(Instruction(InsnClass.STX | Mode.ATOMIC | size, base, src, off, aop))
        return ops if on_stack else [*ops, TO_PKT]

    def expect_current(
        self, size: Size, base: int, off: int, writable: tuple[int, ...]
    ) -> list[Op]:
        """Make a cmpxchg likely to succeed: r0's low bytes (all of them for 64 bits) become
        the memory's current value; random values would almost never match."""
        if size == Size.DW:
            return [ldx(Size.DW, 0, base, off)]
        temps = [r for r in writable if r != 0]
        if not temps:
            return []
        t = self.ch.choice(temps)
        return [
            ldx(Size.W, t, base, off),
            alu64_imm(AluOp.RSH, 0, 32),
            alu64_imm(AluOp.LSH, 0, 32),
            Instruction(InsnClass.ALU64 | AluOp.OR | Source.X, 0, t),
        ]


def generate(ch: Chooser, features: Features, segments: int) -> RandomProgram:
    assert 1 <= segments <= MAX_SEGMENTS
    gen = Generator(ch, features)
    return RandomProgram([gen.segment(k) for k in range(segments)], features)


def packet(ch: Chooser, size: int) -> bytes:
    """An input packet: edge values and random words in the input area, random bytes after."""
    words = []
    for _ in range(IN_SIZE // 8):
        if ch.chance(50):
            words.append(ch.choice(EDGES64))
        else:
            words.append(ch.int(0, M64))
    head = b"".join(w.to_bytes(8, "little") for w in words)
    tail = random.Random(ch.int(0, 1 << 32)).randbytes(size - IN_SIZE)
    return head + tail
