"""Running bare instruction streams on the JIT: r1 points at a block of memory, r2 its length.

The bpf_conformance plugin's model. The stream has not been through the verifier, so by default
it runs in checked mode (every access checked, a bad one a MemoryFault) with an instruction
budget, like the interpreter's run_raw.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ebpy.isa import Instruction
from ebpy.jit.lowmem import packet_pool
from ebpy.jit.program import JitProgram
from ebpy.jit.space import NativeSpace
from ebpy.runtime.address_space import MEMORY_KEY, RegionKind


def run_raw(
    insns: list[Instruction],
    memory: bytes | bytearray | None = None,
    *,
    helpers: Mapping[int, Callable[..., int]] | None = None,
    budget: int | None = 1_000_000,
    checked: bool = True,
) -> tuple[int, bytes]:
    """Run a program on a copy of `memory`; returns (r0, memory after the run)."""
    space = NativeSpace()
    data = bytes(memory or b"")
    addr = 0
    buf = None
    if memory:
        # Low memory, as packets: programs may keep the pointer in 32 bits.
        buf = packet_pool().allocate(len(data))
        buf[: len(data)] = data
        addr = space.map_region(buf[: len(data)], "memory", RegionKind.MEMORY, key=MEMORY_KEY)
    prog = JitProgram(insns, space, helpers, name="raw", budget=budget, checked=checked)
    r0 = prog(addr, len(data))
    return r0, bytes(buf[: len(data)]) if buf is not None else b""
