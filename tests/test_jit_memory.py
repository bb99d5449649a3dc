"""The JIT's memory: packet buffers below 4 GiB from a reused pool, NativeSpace regions with
real addresses and checked helper access, the compile cache, compile errors."""

from __future__ import annotations

import ctypes
import gc

import pytest

from ebpy.errors import LoadError, MemoryFault
from ebpy.isa import Instruction
from ebpy.isa.asm import assemble
from ebpy.jit import JitProgram, NativeSpace
from ebpy.jit.cache import CODE_CACHE
from ebpy.jit.lowmem import LowMemoryPool, buffer_address
from ebpy.runtime.address_space import RegionKind


def test_packet_buffers_are_below_4gib_zeroed_and_reused() -> None:
    pool = LowMemoryPool(arena_size=1 << 16)
    buf = pool.allocate(3000)
    assert len(buf) == 3000 and bytes(buf[:3000]) == bytes(3000)
    addr = buffer_address(buf)
    assert addr + 3000 <= 1 << 32
    buf[0:4] = b"abcd"
    assert ctypes.string_at(addr, 4) == b"abcd"  # the memory programs see
    del buf
    gc.collect()
    again = pool.allocate(2000)  # same page count: the block comes back, zeroed
    assert buffer_address(again) == addr and bytes(again[:4]) == bytes(4)
    big = pool.allocate(200_000)  # larger than an arena: mapped on its own, still low
    assert buffer_address(big) + 200_000 <= 1 << 32
    assert pool.arenas == 2


def test_regions_have_real_addresses_and_checked_access() -> None:
    space = NativeSpace()
    ctx = bytearray(b"0123456789abcdef")
    addr = space.map_region(ctx, "ctx", RegionKind.CTX)
    assert addr == buffer_address(ctx)
    assert ctypes.string_at(addr + 4, 4) == b"4567"
    assert space.read(addr + 10, 6) == b"abcdef"
    space.write(addr, b"XY")
    assert ctx[:2] == b"XY"
    assert space.read_cstr(addr + 12, 100) == b"cdef"
    with pytest.raises(MemoryFault, match="context 'ctx' of 16 bytes, offset 12"):
        space.read(addr + 12, 8)
    with pytest.raises(MemoryFault, match="null pointer"):
        space.read(0, 1)
    with pytest.raises(MemoryFault, match="no region"):
        space.read(id(object()), 8)  # real memory, but not a region: refused
    frozen = space.map_region(memoryview(b"constant").toreadonly(), "ro", RegionKind.GLOBAL_DATA)
    assert space.read(frozen, 8) == b"constant"
    with pytest.raises(MemoryFault, match="read-only global data 'ro'"):
        space.write(frozen, b"x")
    key = next(k for k, r in space.regions.items() if r.name == "ctx")
    space.unmap(key)
    with pytest.raises(MemoryFault):
        space.read(addr, 1)


def test_native_regions_and_scratch() -> None:
    space = NativeSpace()
    block = (ctypes.c_ubyte * 32)()
    ptr = ctypes.addressof(block)
    assert space.native_region(ptr, 32, "value", RegionKind.MAP_VALUE) == ptr
    assert space.native_pointer(ptr + 8) == ptr + 8
    space.write(ptr + 30, b"zz")
    assert bytes(block[30:]) == b"zz"
    scratch = bytearray(8)
    at = space.scratch_region(scratch, "key")
    space.write(at, b"12345678")
    assert scratch == b"12345678"
    space.unmap(at >> 24)  # how helpers written for keyed addresses release it
    with pytest.raises(MemoryFault):
        space.read(at, 1)


def test_program_frames_are_readable_by_helpers_during_a_run() -> None:
    """A helper called back in Python reads the program's stack through the space."""
    space = NativeSpace()
    got = []

    def helper(r1: int, r2: int, *_: int) -> int:
        got.append(space.read(r1, r2))
        got.append(r1)
        return 0

    text = "lddw %r1, 0x1122334455667788\nstxdw [%r10-8], %r1\nmov %r1, %r10\nadd %r1, -8\nmov %r2, 8\ncall 6\nexit"
    prog = JitProgram(assemble(text), space, {6: helper}, native=False)
    prog()
    assert got[0] == (0x1122334455667788).to_bytes(8, "little")
    with pytest.raises(MemoryFault):  # once the helper returned, the frame is not a region
        space.read(got[1], 8)


def test_compile_cache_by_content() -> None:
    CODE_CACHE.clear()
    text = "mov %r0, 7\nadd %r0, %r1\nexit"
    a = JitProgram(assemble(text))
    b = JitProgram(assemble(text))
    assert a.compiled is b.compiled and CODE_CACHE.stats.hits == 1
    c = JitProgram(assemble(text.replace("7", "8")))
    assert c.compiled is not a.compiled
    d = JitProgram(assemble(text), checked=True, space=NativeSpace())
    assert d.compiled is not a.compiled  # other options, other code
    assert (a(1), c(1), d(1)) == (8, 9, 8)
    # Resolved constants (map addresses) are part of the key.
    lddw = [Instruction.lddw(0, 0, src=1), Instruction(0x95)]
    e = JitProgram(lddw, lddw=lambda slot, insn: 0x1000)
    f = JitProgram(lddw, lddw=lambda slot, insn: 0x2000)
    assert (e(), f()) == (0x1000, 0x2000)


def test_compile_errors_name_the_instruction() -> None:
    with pytest.raises(LoadError, match=r"slot 1: kfunc calls"):
        JitProgram([Instruction(0xB7), Instruction(0x85, 0, 2, 0, 99), Instruction(0x95)])
    with pytest.raises(LoadError, match=r"slot 0: program calls helper bpf_trace_printk#6"):
        JitProgram([Instruction(0x85, 0, 0, 0, 6), Instruction(0x95)])
    with pytest.raises(LoadError, match=r"slot 0: lddw of a MAP_FD needs maps"):
        JitProgram([Instruction.lddw(1, 3, src=1), Instruction(0x95)])
    with pytest.raises(LoadError, match="outside the program"):
        JitProgram([Instruction(0xB7)])


def test_an_instruction_llvm_cannot_take_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever fails while translating an instruction is reported with its slot and text."""
    from ebpy.jit import codegen

    def broken(*_: object) -> str:
        raise ValueError("no lowering")

    monkeypatch.setattr(codegen.FunctionCodegen, "_divmod", broken)
    CODE_CACHE.clear()
    with pytest.raises(LoadError, match=r"slot 1: cannot compile `r1 /= r2`: no lowering"):
        JitProgram(assemble("mov %r0, 0\ndiv %r1, %r2\nexit"))
