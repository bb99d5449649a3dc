"""Which registers hold "frame pointer + constant" at each block: stack accesses LLVM can see.

eBPF addresses its stack through r10 and copies of it. If every such access were an integer
turned into a pointer, LLVM would have to assume the frame escapes and keep every stack slot in
memory. Knowing that, say, r2 is r10 - 16 here lets the code generator address the frame alloca
by a constant offset instead, so LLVM promotes stack slots to registers (SROA) and drops dead
stores. A register that is a frame pointer only on some paths holds an ordinary integer value.
"""

from __future__ import annotations

from ebpy.isa import AluOp, InsnClass, Instruction, Mode
from ebpy.isa.cfg import Function
from ebpy.jit.abi import STACK_SIZE

FrameState = dict[int, int]  # register -> offset from the frame's lowest byte
FRAME_REG = 10


def entry_state() -> FrameState:
    return {FRAME_REG: STACK_SIZE}


def transfer(state: FrameState, insn: Instruction) -> None:
    """Update `state` in place for the effect of one instruction."""
    opcode = insn.opcode
    cls = opcode & 0x07
    if cls == InsnClass.ALU64 and not insn.uses_reg and insn.alu_op in (AluOp.ADD, AluOp.SUB):
        base = state.get(insn.dst)
        if base is not None:
            delta = insn.imm if insn.alu_op == AluOp.ADD else -insn.imm
            state[insn.dst] = base + delta
        return
    if cls == InsnClass.ALU64 and insn.uses_reg and insn.alu_op == AluOp.MOV and insn.off == 0:
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
    cls = insn.opcode & 0x07
    if cls in (InsnClass.ALU, InsnClass.ALU64, InsnClass.LDX) or insn.is_lddw:
        return (insn.dst,)
    if insn.is_atomic:
        op = insn.imm
        if op == 0xF1:  # cmpxchg
            return (0,)
        return (insn.src,) if op & 0x01 else ()
    if cls == InsnClass.LD and insn.mode in (Mode.ABS, Mode.IND):
        return (0,)
    if insn.is_call or insn.is_callx:
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
