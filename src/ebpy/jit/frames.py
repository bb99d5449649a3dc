"""Which registers hold "frame pointer + constant" at each block: stack accesses LLVM can see.

eBPF addresses its stack through r10 and copies of it. If every such access were an integer
turned into a pointer, LLVM would have to assume the frame escapes and keep every stack slot in
memory. Knowing that, say, r2 is r10 - 16 here lets the code generator address the frame alloca
by a constant offset instead, so LLVM promotes stack slots to registers (SROA) and drops dead
stores. A register that is a frame pointer only on some paths holds an ordinary integer value.
"""

from __future__ import annotations

from ebpy.isa import AtomicOp, InsnClass, Instruction, Mode
from ebpy.isa.cfg import Function
from ebpy.isa.opcodes import LDDW
from ebpy.jit.abi import STACK_SIZE

FrameState = dict[int, int]  # register -> offset from the frame's lowest byte
FRAME_REG = 10
_CALL, _CALLX = 0x85, 0x8D
# Plain ints: enum members cost an attribute lookup and a call per comparison.
_WRITES_DST = frozenset(map(int, (InsnClass.ALU, InsnClass.ALU64, InsnClass.LDX)))
_STX, _LD, _ATOMIC = int(InsnClass.STX), int(InsnClass.LD), int(Mode.ATOMIC)
_LEGACY = frozenset(map(int, (Mode.ABS, Mode.IND)))
_CMPXCHG, _FETCH = int(AtomicOp.CMPXCHG), 0x01


def entry_state() -> FrameState:
    return {FRAME_REG: STACK_SIZE}


_ADD_IMM64, _SUB_IMM64, _MOV_REG64 = 0x07, 0x17, 0xBF


def transfer(state: FrameState, insn: Instruction) -> None:
    """Update `state` in place for the effect of one instruction (on raw opcodes: this runs
    twice per instruction of every program compiled)."""
    op = insn.opcode
    if op in (_ADD_IMM64, _SUB_IMM64):
        base = state.get(insn.dst)
        if base is not None:
            state[insn.dst] = base + insn.imm if op == _ADD_IMM64 else base - insn.imm
        return
    if op == _MOV_REG64 and insn.off == 0:
        src = state.get(insn.src)
        if src is None:
            state.pop(insn.dst, None)
        else:
            state[insn.dst] = src
        return
    for reg in defined(insn):
        state.pop(reg, None)


def defined(insn: Instruction) -> tuple[int, ...]:
    """Registers an instruction writes."""
    op = insn.opcode
    cls = op & 0x07
    if cls in _WRITES_DST or op == LDDW:
        return (insn.dst,)
    if cls == _STX and op & 0xE0 == _ATOMIC:
        if insn.imm == _CMPXCHG:
            return (0,)
        return (insn.src,) if insn.imm & _FETCH else ()
    if cls == _LD and op & 0xE0 in _LEGACY:
        return (0,)
    if op in (_CALL, _CALLX):
        return (0,)
    return ()


def analyse(fn: Function, code: dict[int, Instruction]) -> dict[int, FrameState]:
    """The frame state at the start of every block of `fn` (a forward must-analysis)."""
    states: dict[int, FrameState] = {fn.entry: entry_state()}
    work = [fn.entry]
    while work:
        start = work.pop()
        state = dict(states[start])
        block = fn.blocks[start]
        for slot in block.slots:
            transfer(state, code[slot])
        for succ in block.succs:
            old = states.get(succ)
            if old is None:
                states[succ] = dict(state)
                work.append(succ)
                continue
            merged = {r: off for r, off in old.items() if state.get(r) == off}
            if merged != old:
                states[succ] = merged
                work.append(succ)
    return states
