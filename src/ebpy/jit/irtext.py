"""Writing LLVM IR as text.

The JIT writes textual IR and lets llvmlite parse it: for a program of a thousand instructions
this is about twenty times faster than building the same module with llvmlite.ir objects, and
compile time is part of what the JIT is measured on. Values are strings (`%12`, `42`).
"""

from __future__ import annotations

M64 = (1 << 64) - 1


def const(value: int, bits: int) -> str:
    """An integer constant of width `bits`, written in the signed form LLVM's parser expects."""
    mask = (1 << bits) - 1
    value &= mask
    if bits > 1 and value >> (bits - 1):
        value -= 1 << bits
    return str(value)


def c64(value: int) -> str:
    return const(value, 64)


class Emitter:
    """Lines of one function body, with fresh SSA names."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._n = 0  # labels
        self._v = -1  # values: unnamed, numbered from 0 in order of definition
        self.terminated = False
        self.current = ""  # label of the block being written
        # Values made by zext: i64 name -> (bits, the narrow value). A 32-bit operation on a
        # register a 32-bit operation wrote takes the narrow value again instead of a trunc of
        # the zext: eBPF's 32-bit code is full of such pairs, and each is work for InstCombine.
        self.narrow: dict[str, tuple[int, str]] = {}
        self._truncs: dict[tuple[str, int], str] = {}  # (value, bits) -> trunc, this block

    def fresh(self) -> str:
        """The next value's name. Values are numbered, not named: LLVM keeps no symbol table
        entry for them (parsing xdp_parse's IR, and the passes renaming values, cost ~2 ms
        less, 5%). LLVM requires the numbers in order of definition, so a value is always
        defined on the line appended when it is named (op)."""
        self._v += 1
        return f"%{self._v}"

    def op(self, text: str) -> str:
        """Emit `%N = text`; returns %N."""
        name = self.fresh()
        self.lines.append(f"  {name} = {text}")
        return name

    def do(self, text: str) -> None:
        self.lines.append(f"  {text}")

    def label(self, name: str) -> None:
        self.lines.append(f"{name}:")
        self.terminated = False
        self.current = name
        self._truncs = {}  # a trunc made in another block need not dominate this one

    def terminate(self, text: str) -> None:
        self.lines.append(f"  {text}")
        self.terminated = True

    def new_label(self, prefix: str = "L") -> str:
        self._n += 1
        return f"{prefix}{self._n}"

    # ---- common shapes ------------------------------------------------------------------------
    def field_ptr(self, state: str, offset: int) -> str:
        return self.op(f"getelementptr i8, ptr {state}, i64 {offset}")

    def load_field(self, state: str, offset: int, ty: str = "i64") -> str:
        return self.op(f"load {ty}, ptr {self.field_ptr(state, offset)}, align 8")

    def store_field(self, state: str, offset: int, value: str, ty: str = "i64") -> None:
        self.do(f"store {ty} {value}, ptr {self.field_ptr(state, offset)}, align 8")

    def trunc(self, value: str, bits: int) -> str:
        if value.lstrip("-").isdigit():
            return const(int(value), bits)
        known = self.narrow.get(value)
        if known is not None:
            width, narrow = known
            if width == bits:
                return narrow
            if width > bits:
                return self.op(f"trunc i{width} {narrow} to i{bits}")
            return self.op(f"zext i{width} {narrow} to i{bits}")
        done = self._truncs.get((value, bits))
        if done is None:
            done = self._truncs[value, bits] = self.op(f"trunc i64 {value} to i{bits}")
        return done

    def zext(self, value: str, bits: int) -> str:
        if value.lstrip("-").isdigit():
            return c64(int(value) & ((1 << bits) - 1))
        wide = self.op(f"zext i{bits} {value} to i64")
        self.narrow[wide] = (bits, value)
        return wide

    def fits(self, value: str, bits: int) -> bool:
        """Is the i64 `value` known to be zero above its low `bits` bits?"""
        known = self.narrow.get(value)
        return known is not None and known[0] <= bits

    def sext(self, value: str, bits: int) -> str:
        if value.lstrip("-").isdigit():
            return c64(int(const(int(value), bits)))
        return self.op(f"sext i{bits} {value} to i64")
