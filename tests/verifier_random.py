"""Random XDP programs for the verifier's property tests: some safe, many not.

Unlike tests/diff/randprog.py (programs the kernel accepts by construction), these mix the
checks a program needs with the mistakes people make: packet loads with and without a bound
(right, short by one, on another pointer), map value accesses with and without the null
check and with variable indexes bounded well or badly, stack accesses at fixed and variable
offsets, scalar arithmetic that keeps or loses bounds, branches, and small counted loops.
The verifier decides; the tests then check that what it accepts never faults in the
interpreter (soundness) and how often it agrees with the kernel (precision).

Registers: r6 ctx, r7 packet data, r8 packet end, r9 map value (or NULL), r2-r5 scalars.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ebpy.isa import assemble
from ebpy.spec import CollectionSpec, MapReference, MapSpec, MapType, ProgramSpec, ProgramType

VALUE_SIZE = 64
SCALARS = ("r2", "r3", "r4", "r5")
ALU_OPS = ("+=", "-=", "*=", "&=", "|=", "^=", "<<=", ">>=", "s>>=", "/=", "%=")
CMP_OPS = (">", ">=", "<", "<=", "s>", "s>=", "s<", "s<=", "==", "!=")
SIZES = ((1, "u8"), (2, "u16"), (4, "u32"), (8, "u64"))


@dataclass
class Generated:
    text: str
    seed: int

    def spec(self) -> CollectionSpec:
        insns = assemble(self.text)
        slot = 0
        ref = None
        for insn in insns:
            if insn.is_lddw and insn.src == 1:
                ref = slot
            slot += insn.slots
        assert ref is not None
        prog = ProgramSpec(
            "rand",
            "xdp",
            ProgramType.XDP,
            insns,
            license="GPL",
            map_refs=[MapReference(ref, "vals")],
        )
        vals = MapSpec("vals", MapType.ARRAY, 4, VALUE_SIZE, 1)
        return CollectionSpec(maps={"vals": vals}, programs={"rand": prog}, license="GPL")


def _at(base: str, off: int) -> str:
    return f"({base} + {off})" if off >= 0 else f"({base} - {-off})"


class _Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.lines: list[str] = []
        self.labels = 0

    def label(self) -> str:
        self.labels += 1
        return f"l{self.labels}"

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def scalar(self) -> str:
        return self.rng.choice(SCALARS)

    def imm(self) -> int:
        r = self.rng.random()
        if r < 0.4:
            return self.rng.randint(0, 16)
        if r < 0.6:
            return self.rng.choice((63, 64, 65, 255, 256, 0xFFFF, -1, -8, 0x7FFFFFFF))
        return self.rng.randint(-(1 << 31), (1 << 31) - 1)

    # ---- items ---------------------------------------------------------------------------------
    def alu(self) -> None:
        d = self.scalar()
        op = self.rng.choice(ALU_OPS)
        w = self.rng.random() < 0.25
        reg = ("w" if w else "r") + d[1:]
        if self.rng.random() < 0.4:
            s = self.scalar()
            src = ("w" if w else "r") + s[1:]
            self.emit(f"{reg} {op} {src}")
            return
        imm = self.imm()
        if op in ("<<=", ">>=", "s>>="):
            imm = self.rng.randint(0, 31 if w else 63)
        if op in ("/=", "%=") and imm == 0:
            imm = 7
        self.emit(f"{reg} {op} {imm}")

    def bound(self, out: str) -> None:
        """`if rX op K goto out`: a check that may or may not bound a later index."""
        x = self.scalar()
        op = self.rng.choice(CMP_OPS)
        k = self.rng.choice((0, 7, 15, 31, 56, 60, 63, 64, 100, -1))
        w = "w" if self.rng.random() < 0.2 else "r"
        self.emit(f"if {w}{x[1:]} {op} {k} goto {out}")

    def packet(self, out: str) -> None:
        r = self.rng.random()
        n = self.rng.choice((1, 2, 4, 8, 14, 20, 34))
        if r < 0.85:
            # a bound check, sometimes a byte short, sometimes on a copy of data_end
            k = n + self.rng.choice((0, 0, 0, 2, 8, 34)) - (1 if self.rng.random() < 0.1 else 0)
            self.emit("r0 = r7", f"r0 += {k}", f"if r0 > r8 goto {out}")
        size, name = self.rng.choice(SIZES)
        off = self.rng.choice((0, 0, 0, 2, 4, 6, n - size, n - size, n))
        if self.rng.random() < 0.3:
            x = self.scalar()
            mask = self.rng.choice((1, 3, 7, 15))
            self.emit(f"r1 = {x}", f"r1 &= {mask}", "r0 = r7", "r0 += r1")
            self.emit(f"{self.scalar()} = *({name} *){_at('r0', off)}")
        else:
            self.emit(f"{self.scalar()} = *({name} *){_at('r7', off)}")

    def map_value(self, out: str) -> None:
        if self.rng.random() < 0.9:
            self.emit(f"if r9 == 0 goto {out}")
        size, name = self.rng.choice(SIZES)
        off = self.rng.choice((0, 0, 8, 16, VALUE_SIZE - size, VALUE_SIZE - size + 1, -1))
        if self.rng.random() < 0.4:
            x = self.scalar()
            self.emit("r0 = r9", f"r0 += {x}")
            base = "r0"
        else:
            base = "r9"
        if self.rng.random() < 0.5:
            self.emit(f"{self.scalar()} = *({name} *){_at(base, off)}")
        else:
            self.emit(f"*({name} *){_at(base, off)} = {self.scalar()}")

    def stack(self) -> None:
        size, name = self.rng.choice(SIZES)
        off = -8 * self.rng.randint(3, 8) + self.rng.choice((0, 0, 0, size, 4))
        if self.rng.random() < 0.25:
            x = self.scalar()
            self.emit(f"r1 = {x}", "r1 &= 15", "r0 = r10", "r0 += -48", "r0 += r1")
            self.emit(f"{self.scalar()} = *(u8 *)(r0 + 0)")
        elif self.rng.random() < 0.5:
            self.emit(f"*({name} *){_at('r10', off)} = {self.scalar()}")
        else:
            self.emit(f"{self.scalar()} = *({name} *){_at('r10', off)}")

    def branch(self, depth: int, out: str) -> None:
        skip = self.label()
        x, y = self.scalar(), self.scalar()
        op = self.rng.choice(CMP_OPS)
        if self.rng.random() < 0.5:
            self.emit(f"if {x} {op} {y} goto {skip}")
        else:
            self.emit(f"if {x} {op} {self.rng.choice((0, 1, 16, -1))} goto {skip}")
        self.body(self.rng.randint(1, 4), depth + 1, out)
        self.emit(f"{skip}:")

    def loop(self, depth: int, out: str) -> None:
        head = self.label()
        self.emit(f"r1 = {self.rng.randint(1, 4)}", "*(u64 *)(r10 - 8) = r1", f"{head}:")
        self.body(self.rng.randint(1, 3), depth + 1, out, loops=False)
        self.emit(
            "r1 = *(u64 *)(r10 - 8)", "r1 -= 1", "*(u64 *)(r10 - 8) = r1", f"if r1 != 0 goto {head}"
        )

    def body(self, n: int, depth: int, out: str, loops: bool = True) -> None:
        for _ in range(n):
            r = self.rng.random()
            if r < 0.3:
                self.alu()
            elif r < 0.42:
                self.bound(out)
            elif r < 0.6:
                self.packet(out)
            elif r < 0.75:
                self.map_value(out)
            elif r < 0.87:
                self.stack()
            elif r < 0.95 and depth < 2:
                self.branch(depth, out)
            elif loops and depth < 1:
                self.loop(depth, out)
            else:
                self.alu()


def generate(seed: int) -> Generated:
    g = _Gen(seed)
    g.emit(
        "r6 = r1",
        "call 7",
        "*(u64 *)(r10 - 16) = r0",
        "*(u32 *)(r10 - 4) = 0",
        "r2 = r10",
        "r2 += -4",
        "r1 = map_by_fd(0) ll",
        "call 1",
        "r9 = r0",
        "r7 = *(u32 *)(r6 + 0)",
        "r8 = *(u32 *)(r6 + 4)",
        "r2 = *(u64 *)(r10 - 16)",
        f"r3 = {g.rng.randint(0, 100)}",
        "r4 = r2",
        "r4 &= 63",
        "r5 = 0",
    )
    for off in range(24, 72, 8):
        if g.rng.random() < 0.8:
            g.emit(f"*(u64 *)(r10 - {off}) = r5")
    g.body(g.rng.randint(3, 14), 0, "out")
    g.emit("r0 = r2", "r0 &= 3", "exit", "out:", "r0 = 1", "exit")
    return Generated("\n".join(g.lines) + "\n", seed)


def packet(seed: int) -> bytes:
    rng = random.Random(seed)
    # XDP test runs need an Ethernet header; the bounds mistakes are past it
    return rng.randbytes(rng.choice((14, 15, 16, 20, 21, 33, 34, 35, 40, 48, 64, 100)))
