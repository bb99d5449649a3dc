"""Verifier states: the registers and stack of every frame, and the bookkeeping of a path.

Stack slots are shared between states and never changed in place: a write builds a new `Slot`
(copy on write), so copying a state for a branch copies lists of references, not the stack.
Registers are mutable and copied with the state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from ebpy.verifier.regs import NOT_INIT, PTR_TO_STACK, SCALAR, Reg, mark_not_init, new_ptr

_copy_reg = Reg.copy

MAX_BPF_STACK = 512
REG_SIZE = 8
FP = 10


class SlotType(IntEnum):
    """What one byte of a stack slot holds (the kernel's STACK_*)."""

    INVALID = 0
    SPILL = 1
    MISC = 2
    ZERO = 3


STACK_INVALID = 0
STACK_SPILL = 1
STACK_MISC = 2
STACK_ZERO = 3
SLOT_CHAR = "?rm0"


class Slot:
    """One 8-byte stack slot: a type per byte and the spilled register, if any.

    `types[j]` describes the byte at offset 7 - j from the slot's lowest address (the kernel's
    order, so `types[7]` is the lowest byte and marks a spill). Immutable once stored.
    """

    __slots__ = ("reg", "types")

    def __init__(self, types: bytes, reg: Reg | None = None) -> None:
        self.types = types
        self.reg = reg

    @property
    def is_spill(self) -> bool:
        return self.types[7] == STACK_SPILL

    @property
    def is_spilled_scalar(self) -> bool:
        return self.types[7] == STACK_SPILL and self.reg is not None and self.reg.type == SCALAR

    @property
    def is_spilled_scalar64(self) -> bool:
        return self.is_spilled_scalar and self.types == SPILL8

    def spilled(self) -> Reg:
        """The spilled register (NOT_INIT when nothing is spilled here)."""
        if self.reg is None:
            r = Reg()
            mark_not_init(r)
            return r
        return self.reg


INVALID8 = bytes(8)
SPILL8 = bytes([STACK_SPILL] * 8)
MISC8 = bytes([STACK_MISC] * 8)
ZERO8 = bytes([STACK_ZERO] * 8)
EMPTY_SLOT = Slot(INVALID8)


@dataclass(eq=False, slots=True)
class FuncState:
    """One frame: registers, stack, and where it was called from."""

    regs: list[Reg]
    stack: list[Slot]
    frameno: int
    subprogno: int
    callsite: int  # insn of the call that created this frame; -1 for the main program
    in_callback: bool = False
    callback_ret: tuple[int, int] = (0, 1)  # allowed r0 range at exit of a callback
    callback_depth: int = 0  # iterations of a callback-calling loop simulated so far
    async_entry_cnt: int = 0

    def copy(self) -> FuncState:
        return FuncState(
            list(map(_copy_reg, self.regs)),
            list(self.stack),
            self.frameno,
            self.subprogno,
            self.callsite,
            self.in_callback,
            self.callback_ret,
            self.callback_depth,
            self.async_entry_cnt,
        )

    @property
    def allocated_stack(self) -> int:
        return len(self.stack) * REG_SIZE

    def grow_stack(self, size: int) -> None:
        slots = (size + REG_SIZE - 1) // REG_SIZE
        if slots > len(self.stack):
            self.stack.extend([EMPTY_SLOT] * (slots - len(self.stack)))


def new_frame(frameno: int, subprogno: int, callsite: int) -> FuncState:
    regs = []
    for _ in range(11):
        r = Reg()
        mark_not_init(r)
        regs.append(r)
    fp = new_ptr(PTR_TO_STACK)
    fp.frameno = frameno
    regs[FP] = fp
    return FuncState(regs, [], frameno, subprogno, callsite)


@dataclass(frozen=True)
class Ref:
    """An acquired reference (socket, ring buffer record) that must be released."""

    id: int
    insn: int
    kind: str = "ptr"


# One trail entry: [insn_idx, flags, linked, composed]. `flags` carries a stack access
# (frame, spi) of a spill or fill and which operands of a conditional jump were stack
# pointers; `linked` lists the registers tied by scalar ids at a conditional jump, as
# (frame, is_reg, regno_or_spi); `composed` caches precision backtracking over the entries
# before it (see precision.py).
HistEntry = list[Any]
HIST_STACK = 1 << 9
HIST_SRC_STACK = 1 << 10
HIST_DST_STACK = 1 << 11


def stack_flags(frameno: int, spi: int) -> int:
    return HIST_STACK | (spi << 12) | frameno


def hist_spi(flags: int) -> int:
    return (flags >> 12) & 0x3F


def hist_frame(flags: int) -> int:
    return flags & 0x7


@dataclass(eq=False, slots=True)
class State:
    """A verifier state: all frames plus the path bookkeeping used for pruning and precision."""

    frames: list[FuncState]
    refs: list[Ref] = field(default_factory=list)
    parent: State | None = None
    first_insn_idx: int = 0
    last_insn_idx: int = -1
    insn_idx: int = 0
    branches: int = 1
    trail: list[HistEntry] = field(default_factory=list)  # insns walked since `parent`
    hist_cnt: int = 0  # entries the kernel would keep in its jump history
    active_lock: int = 0  # id of the held spin lock (0: none)
    active_lock_map: Any = None
    cleaned: bool = False
    hit_cnt: int = 0
    miss_cnt: int = 0
    callback_unroll_depth: int = 0
    in_free_list: bool = False
    # On a path the CPU may only take by mispredicting a branch (explored for loaders
    # without CAP_PERFMON, to find Spectre v1 gadgets).
    speculative: bool = False
    dfs_depth: int = 0  # checkpoints on the path to this state (find_prev_entry)
    # Where the last state compared with this one (as an explored state) differed from it:
    # (frame, register) or (frame, -1 - stack slot); states_equal looks there first.
    miss_hint: tuple[int, int] | None = None
    loop_hint: int = 0  # the register states_maybe_looping found different last time

    @property
    def curframe(self) -> int:
        return len(self.frames) - 1

    @property
    def cur(self) -> FuncState:
        return self.frames[-1]

    def copy(self) -> State:
        return State(
            [f.copy() for f in self.frames],
            list(self.refs),  # Refs are immutable: shared
            self.parent,
            self.first_insn_idx,
            self.last_insn_idx,
            self.insn_idx,
            1,
            list(self.trail),
            self.hist_cnt,
            self.active_lock,
            self.active_lock_map,
            False,
            0,
            0,
            self.callback_unroll_depth,
            False,
            self.speculative,
            self.dfs_depth,
        )

    def all_regs(self) -> list[Reg]:
        """Every register and spilled register, for read-only scans."""
        out: list[Reg] = []
        for f in self.frames:
            out.extend(f.regs)
            for s in f.stack:
                if s.types[7] == STACK_SPILL and s.reg is not None:
                    out.append(s.reg)
        return out

    def update_regs(self, fn: Any) -> None:
        """Apply `fn(reg) -> bool` (True when it changed the reg) to every register and spilled
        register; spilled ones are changed on a copy, stored back as a new slot."""
        for f in self.frames:
            for r in f.regs:
                if r.type != NOT_INIT:
                    fn(r)
            stack = f.stack
            for i, s in enumerate(stack):
                if s.types[7] == STACK_SPILL and s.reg is not None:
                    r = s.reg.copy()
                    if fn(r):
                        stack[i] = Slot(s.types, r)
