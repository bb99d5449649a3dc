"""Which stack slots may still be read: a backward dataflow over the control flow graph.

Reads through pointers are only known while walking, so each check records the slots an
instruction reads (per frame, relative to the reading frame) and the dataflow is recomputed
on demand. A state is cleaned only once its whole subtree has been walked, and every read of
that subtree has been recorded by then, which is what makes the dead slots truly dead for it.
Writes kill a slot only when static (8-byte stores through r10), which is the safe direction.
"""

from __future__ import annotations

from ebpy.verifier.cfg import SYNC_CALLBACK_HELPERS, Cfg, successors
from ebpy.verifier.program import Program


class StackLiveness:
    def __init__(self, prog: Program, cfg: Cfg) -> None:
        self.prog = prog
        n = prog.n
        self.own: list[int] = [0] * n  # slots of the reading frame read at insn
        self.outer = 0  # slots of caller frames read anywhere (reads through stack pointers)
        self.kill: list[int] = [0] * n
        self.is_call: list[bool] = [False] * n
        self.succ: list[tuple[int, ...]] = [()] * n
        for i, insn in enumerate(prog.insns):
            if insn is None:
                continue
            self.succ[i] = tuple(w for w in successors(prog, i) if w < n)
            code = insn.opcode
            if code in (0x7A, 0x7B) and insn.dst == 10 and insn.off < 0 and insn.off % 8 == 0:
                self.kill[i] = 1 << ((-insn.off - 1) // 8)
            if code == 0x85 and (insn.src == 1 or insn.imm in SYNC_CALLBACK_HELPERS):
                self.is_call[i] = True
        self.generation = 0
        self._computed = -1
        self._live: list[int] = [0] * n
        order = []
        for i in range(n - 1, -1, -1):
            if prog.insns[i] is not None:
                order.append(i)
        self._order = order

    def record(self, insn: int, delta: int, mask: int) -> None:
        if delta == 0:
            if mask & ~self.own[insn]:
                self.own[insn] |= mask
                self.generation += 1
        elif mask & ~self.outer:
            self.outer |= mask
            self.generation += 1

    def live_in(self, insn: int) -> int:
        """Slots of the frame executing `insn` that may be read from `insn` on."""
        if self._computed != self.generation:
            self._compute()
        return self._live[insn]

    def _compute(self) -> None:
        live = self._live
        own, kill, succ, is_call, outer = self.own, self.kill, self.succ, self.is_call, self.outer
        changed = True
        while changed:
            changed = False
            for i in self._order:
                out = 0
                for w in succ[i]:
                    out |= live[w]
                new = own[i] | (out & ~kill[i])
                if is_call[i]:
                    new |= outer
                if new != live[i]:
                    live[i] = new
                    changed = True
        self._computed = self.generation
