"""Control flow of a linked program: functions, basic blocks and superblocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from ebpy.errors import LoadError
from ebpy.isa.instruction import Instruction
from ebpy.isa.opcodes import CONDITIONAL_JUMPS, LDDW, InsnClass, PseudoSrc

_JUMP_CLASSES = frozenset((int(InsnClass.JMP), int(InsnClass.JMP32)))
_EXIT, _JA, _JA32 = 0x95, 0x05, 0x06


@dataclass
class Block:
    start: int  # slot of the first instruction
    slots: list[int] = field(default_factory=list)  # slots of its instructions, in order
    succs: list[int] = field(default_factory=list)  # successor block starts (taken first)
    preds: set[int] = field(default_factory=set)


@dataclass
class Function:
    entry: int
    blocks: dict[int, Block]


def _targets(slot: int, insn: Instruction, nslots: int) -> list[int]:
    """Successor slots of an instruction inside its function (calls fall through).

    On the raw opcode (every compile and verification walks every instruction through it)."""
    op = insn.opcode
    if op == LDDW:
        return [slot + 2]
    if op & 0x07 not in _JUMP_CLASSES:
        return [slot + 1]
    if op == _EXIT:
        return []
    if op == _JA:
        return [slot + 1 + insn.off]
    if op == _JA32:
        return [slot + 1 + insn.imm]
    if op & 0xF0 in CONDITIONAL_JUMPS:
        return [slot + 1 + insn.off, slot + 1]
    return [slot + 1]


def _ends_block(insn: Instruction) -> bool:
    """A branch or an exit (Instruction.is_branch or .is_exit, on the raw opcode)."""
    op = insn.opcode
    return op & 0x07 in _JUMP_CLASSES and (
        op in (_EXIT, _JA, _JA32) or op & 0xF0 in CONDITIONAL_JUMPS
    )


def function_entries(code: dict[int, Instruction]) -> list[int]:
    """Slot 0 plus every target of a local call or of a function-pointer lddw."""
    entries = {0}
    for slot, insn in code.items():
        if insn.is_local_call or (insn.is_lddw and insn.src == PseudoSrc.FUNC):
            entries.add(slot + 1 + insn.imm)
    for e in entries:
        if e not in code:
            raise LoadError(f"call target {e} is not the start of an instruction")
    return sorted(entries)


def build_function(code: dict[int, Instruction], entry: int, nslots: int) -> Function:
    """Basic blocks reachable from `entry` (without following calls)."""
    reach: list[int] = []
    seen: set[int] = set()
    leaders = {entry}
    stack = [entry]
    while stack:
        slot = stack.pop()
        while slot not in seen:
            insn = code.get(slot)
            if insn is None:
                if slot >= nslots:
                    raise LoadError(
                        f"execution falls off the end of the program after slot {slot - 1}"
                    )
                raise LoadError(f"jump into the middle of an instruction at slot {slot}")
            seen.add(slot)
            reach.append(slot)
            succ = _targets(slot, insn, nslots)
            for t in succ:
                if t not in code and not (0 <= t < nslots):
                    raise LoadError(f"slot {slot}: jump target {t} outside the program")
            if _ends_block(insn):
                leaders.update(succ)
                stack.extend(succ)
                break
            slot = succ[0]
    blocks: dict[int, Block] = {}
    current: Block | None = None
    for slot in sorted(reach):
        if current is None or slot in leaders:
            current = Block(slot)
            blocks[slot] = current
        current.slots.append(slot)
    for b in blocks.values():
        last = b.slots[-1]
        b.succs = _targets(last, code[last], nslots)
        for s in b.succs:
            blocks[s].preds.add(b.start)
    return Function(entry, blocks)


def superblocks(fn: Function) -> list[list[Block]]:
    """Chains of blocks where each later block has its chain predecessor as only predecessor.

    A chain runs straight through, leaving only by side exits; a loop whose body is one chain
    becomes a single Python `while` with no dispatch.
    """
    chained: set[int] = set()
    chains: list[list[Block]] = []
    order = sorted(fn.blocks)
    heads = [
        s
        for s in order
        if s == fn.entry or len(fn.blocks[s].preds) != 1 or _only_pred_breaks_chain(fn, s)
    ]
    for head in heads + order:
        if head in chained:
            continue
        chain = [fn.blocks[head]]
        chained.add(head)
        while True:
            tail = chain[-1]
            nxt = tail.succs[-1] if tail.succs else None  # fall-through or ja target
            if nxt is None or nxt in chained or nxt == fn.entry:
                break
            b = fn.blocks[nxt]
            if b.preds != {tail.start}:
                break
            chain.append(b)
            chained.add(nxt)
        chains.append(chain)
    return chains


def _only_pred_breaks_chain(fn: Function, start: int) -> bool:
    """A block reached only by the taken side of its predecessor's branch starts a chain."""
    (pred,) = fn.blocks[start].preds
    succs = fn.blocks[pred].succs
    return succs[-1] != start
