"""Which stack slots may still be read: a backward dataflow over the control flow graph.

Reads through pointers are only known while walking, so each check records the slots an
instruction reads (per frame, relative to the reading frame) and the dataflow is recomputed
on demand (incrementally). A state is cleaned only once its whole subtree has been walked, and every read of
that subtree has been recorded by then, which is what makes the dead slots truly dead for it.
Writes kill a slot only when static (8-byte stores through r10), which is the safe direction.
"""

from __future__ import annotations

from ebpy.verifier.cfg import SYNC_CALLBACK_HELPERS, Cfg
from ebpy.verifier.program import Program


class StackLiveness:
    def __init__(self, prog: Program, cfg: Cfg) -> None:
        self.prog = prog
        self.cfg = cfg
        n = prog.n
        self.own: list[int] = [0] * n  # slots of the reading frame read at insn
        self.outer = 0  # slots of caller frames read anywhere (reads through stack pointers)
        self._live: list[int] = [0] * n
        # instructions whose inputs grew since the last solution (with no reads recorded,
        # nothing is live: the all-zero start is the solution)
        self._dirty: list[int] = []
        self._graph: tuple[list[int], list[list[int]], list[bool], list[int]] | None = None

    def _build(self) -> tuple[list[int], list[list[int]], list[bool], list[int]]:
        """kill, predecessors, is_call and the call instructions: built on first use (many
        programs never read the stack)."""
        prog = self.prog
        n = prog.n
        succ = self.cfg.succ
        kill = [0] * n
        pred: list[list[int]] = [[] for _ in range(n)]
        is_call = [False] * n
        for i, insn in enumerate(prog.insns):
            if insn is None:
                continue
            for w in succ[i]:
                pred[w].append(i)
            code = insn.opcode
            if code in (0x7A, 0x7B) and insn.dst == 10 and insn.off < 0 and insn.off % 8 == 0:
                kill[i] = 1 << ((-insn.off - 1) // 8)
            if code == 0x85 and (insn.src == 1 or insn.imm in SYNC_CALLBACK_HELPERS):
                is_call[i] = True
        calls = [i for i in range(n) if is_call[i]]
        self._graph = (kill, pred, is_call, calls)
        return self._graph

    def record(self, insn: int, delta: int, mask: int) -> None:
        if delta == 0:
            if mask & ~self.own[insn]:
                self.own[insn] |= mask
                self._dirty.append(insn)
        elif mask & ~self.outer:
            self.outer |= mask
            graph = self._graph or self._build()
            self._dirty.extend(graph[3])

    def live_in(self, insn: int) -> int:
        """Slots of the frame executing `insn` that may be read from `insn` on."""
        if self._dirty:
            self._compute()
        return self._live[insn]

    def _compute(self) -> None:
        # Reads only ever add bits, so the new solution lies above the old one: propagating
        # from the instructions whose reads grew, backwards until nothing changes, reaches
        # the same least fixed point as solving from scratch.
        live = self._live
        kill, pred, is_call, _ = self._graph or self._build()
        own, succ, outer = self.own, self.cfg.succ, self.outer
        work = self._dirty
        while work:
            i = work.pop()
            out = 0
            for w in succ[i]:
                out |= live[w]
            new = own[i] | (out & ~kill[i])
            if is_call[i]:
                new |= outer
            if new != live[i]:
                live[i] = new
                work.extend(pred[i])
