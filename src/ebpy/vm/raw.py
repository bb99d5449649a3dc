"""Running bare instruction streams: r1 points at a block of memory, r2 holds its length.

This is the bpf_conformance plugin's model, and the simplest way to embed a program.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ebpy.helpers.env import RegionKind
from ebpy.isa import Instruction
from ebpy.runtime.address_space import MEMORY_KEY, AddressSpace
from ebpy.vm.machine import CompiledProgram


def run_raw(
    insns: list[Instruction],
    memory: bytes | bytearray | None = None,
    *,
    helpers: Mapping[int, Callable[..., int]] | None = None,
    budget: int | None = 1_000_000,
) -> tuple[int, bytes]:
    """Run a program on a copy of `memory`; returns (r0, memory after the run)."""
    space = AddressSpace()
    buf = bytearray(memory or b"")
    addr = space.map_region(buf, "memory", RegionKind.MEMORY, key=MEMORY_KEY) if memory else 0
    prog = CompiledProgram(insns, space, helpers, name="raw", budget=budget)
    r0 = prog(addr, len(buf))
    return r0, bytes(buf)
