"""The JIT's compile pipeline: object code reused across maps and processes, what the code
generator simplifies itself (rotates, 32-bit round trips), loops, and the disk cache's care."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ebpy.isa import Instruction, slot_map
from ebpy.isa.asm import assemble
from ebpy.jit import backend
from ebpy.jit.codegen import CodegenOptions
from ebpy.jit.module import build_module
from ebpy.jit.objcache import ObjectCache, _prune, object_key
from ebpy.jit.program import JitProgram, forget_compiled
from ebpy.vm import run_raw as vm_run

M64 = (1 << 64) - 1
INPUTS = [0, 1, 0x80000000, 0xFFFFFFFF, 0x0123456789ABCDEF, 0x8000000000000001, M64]


@pytest.fixture
def memory_only(monkeypatch: pytest.MonkeyPatch) -> ObjectCache:
    """An object cache of this test's own, without a folder."""
    cache = ObjectCache(None)
    monkeypatch.setattr(backend, "OBJECT_CACHE", cache)
    forget_compiled()
    return cache


def _reference(insns: list[Instruction], r1: int) -> int:
    """The interpreter's r0 for r1 = `r1` (mov r1 into place ahead of the program)."""
    head = [Instruction.lddw(1, r1)]
    r0, _ = vm_run(head + insns, None, budget=None)
    return r0


def test_other_maps_reuse_the_object_and_link_it_again(memory_only: ObjectCache) -> None:
    """Map addresses are read from a table bound at link time: a program loaded with other
    maps is not compiled again, yet each load sees its own addresses."""
    lddw = [Instruction.lddw(0, 0, src=1), Instruction(0x95)]
    first = JitProgram(lddw, lddw=lambda slot, insn: 0x1000)
    misses = memory_only.stats.misses
    second = JitProgram(lddw, lddw=lambda slot, insn: 0xFFFF_FFFF_FFFF_0000)
    zero = JitProgram(lddw, lddw=lambda slot, insn: 0)
    assert first.compiled is not second.compiled
    assert first.compiled.native.source == "compiled"
    assert second.compiled.native.source == "memory"
    assert zero.compiled.native.source == "memory"
    assert memory_only.stats.misses == misses
    assert (first(), second(), zero()) == (0x1000, 0xFFFF_FFFF_FFFF_0000, 0)
    assert "ebpy_consts" in first.ir and "0x1000" not in first.ir and "4096" not in first.ir


def test_collections_with_maps_share_compiled_objects(memory_only: ObjectCache) -> None:
    from ebpy.isa import PseudoSrc

    # r0 = *(u64 *)(map value + 8), twice through two map-value lddws
    insns = [
        Instruction.lddw(1, 0, src=PseudoSrc.MAP_VALUE),
        Instruction(0x79, 0, 1, 8, 0),
        Instruction.lddw(2, 0, src=PseudoSrc.MAP_VALUE),
        Instruction(0x79, 2, 2, 0, 0),
        Instruction(0x0F, 0, 2),
        Instruction(0x95),
    ]
    import ctypes

    a = (ctypes.c_uint64 * 2)(5, 7)
    b = (ctypes.c_uint64 * 2)(100, 200)

    def at(table: ctypes.Array[ctypes.c_uint64]) -> object:
        return lambda slot, insn: ctypes.addressof(table)

    pa = JitProgram(insns, lddw=at(a))
    pb = JitProgram(insns, lddw=at(b))
    assert (pa(), pb()) == (7 + 5, 200 + 100)
    assert pb.compiled.native.source == "memory"


def test_disk_cache_gives_another_process_the_object(tmp_path: Path) -> None:
    code = (
        "import json; from ebpy.isa.asm import assemble; from ebpy.jit.program import JitProgram;"
        "p = JitProgram(assemble('mov %r0, %r1\\nmul %r0, 3\\nadd %r0, 11\\nexit'));"
        "print(json.dumps([p.compiled.native.source, p(5)]))"
    )
    env = {**os.environ, "EBPY_CACHE_DIR": str(tmp_path)}
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(2)
    ]
    assert runs == [["compiled", 26], ["disk", 26]]
    assert len(list((tmp_path / "native" / "jit").glob("*.o"))) >= 1


def test_a_damaged_cache_file_is_compiled_again(tmp_path: Path, monkeypatch) -> None:
    cache = ObjectCache(tmp_path)
    monkeypatch.setattr(backend, "OBJECT_CACHE", cache)
    forget_compiled()
    text = "mov %r0, %r1\nxor %r0, 0x5a\nexit"
    JitProgram(assemble(text))
    (obj,) = tmp_path.glob("*.o")
    obj.write_bytes(obj.read_bytes()[:-7] + b"garbage")  # checksummed: reads as a miss
    cache.clear()
    forget_compiled()
    again = JitProgram(assemble(text))
    assert again.compiled.native.source == "compiled"
    assert again(0x0F) == 0x55


def test_object_keys_follow_the_ir_the_host_and_the_pipeline() -> None:
    host = backend.host_id()
    k = object_key("ir", host, "program")
    assert k == object_key("ir", host, "program")
    assert k != object_key("ir2", host, "program")
    assert k != object_key("ir", host, "full")
    assert k != object_key("ir", (*host[:-1], "other"), "program")


def test_pruning_keeps_the_newest(tmp_path: Path) -> None:
    for i in range(6):
        path = tmp_path / f"{i}.o"
        path.write_bytes(b"x")
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "keep.txt").write_text("not an object")
    _prune(tmp_path, 4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2.o", "3.o", "4.o", "5.o", "keep.txt"]


@pytest.mark.parametrize(
    ("text", "rotates"),
    [
        # 64-bit rotate left by 13, either operand order
        ("mov %r0, %r1\nlsh %r0, 13\nmov %r2, %r1\nrsh %r2, 51\nor %r0, %r2\nexit", True),
        ("mov %r0, %r1\nrsh %r0, 51\nmov %r2, %r1\nlsh %r2, 13\nor %r0, %r2\nexit", True),
        # 32-bit rotate (the upper half of r1 must not leak in)
        ("mov32 %r0, %r1\nlsh32 %r0, 5\nmov32 %r2, %r1\nrsh32 %r2, 27\nor32 %r0, %r2\nexit", True),
        # not rotates: amounts that do not add up, two sources, an arithmetic shift
        ("mov %r0, %r1\nlsh %r0, 13\nmov %r2, %r1\nrsh %r2, 50\nor %r0, %r2\nexit", False),
        (
            "mov %r0, %r1\nlsh %r0, 13\nmov %r2, %r1\nadd %r2, 1\nrsh %r2, 51\nor %r0, %r2\nexit",
            False,
        ),
        ("mov %r0, %r1\nlsh %r0, 13\nmov %r2, %r1\narsh %r2, 51\nor %r0, %r2\nexit", False),
        ("mov32 %r0, %r1\nlsh32 %r0, 5\nmov %r2, %r1\nrsh %r2, 27\nor32 %r0, %r2\nexit", False),
    ],
)
def test_rotates_are_found_and_only_rotates(text: str, rotates: bool) -> None:
    insns = assemble(text)
    prog = JitProgram(insns)
    assert ("@llvm.fshl" in prog.ir.split("define internal fastcc")[1]) == rotates
    for value in INPUTS:
        assert prog(value) == _reference(insns, value), (text, hex(value))


@pytest.mark.parametrize(
    "text",
    [
        # a 64-bit value seen through 32-bit moves and operations (zero extension each time)
        "lddw %r0, -1\nmov32 %r0, %r0\nadd %r0, %r1\nexit",
        "mov %r0, %r1\nadd32 %r0, 1\nmov32 %r2, %r0\nlsh %r2, 32\nor %r0, %r2\nexit",
        "mov32 %r0, %r1\nadd32 %r0, -1\nmov %r2, %r0\nadd %r2, %r0\nmov32 %r0, %r2\nexit",
        # narrow loads, then 32- and 64-bit arithmetic on them
        "stxdw [%r10-8], %r1\nldxb %r0, [%r10-7]\nadd32 %r0, 0xff\nldxh %r2, [%r10-8]\n"
        "mul %r2, %r0\nmov32 %r0, %r2\nneg32 %r0\nexit",
        # sign-extending moves between widths
        "movsx832 %r0, %r1\nadd %r0, 1\nmovsx1664 %r2, %r0\nxor %r0, %r2\nexit",
        "mov32 %r0, %r1\narsh32 %r0, 3\nmovsx3264 %r0, %r0\nrsh %r0, 1\nexit",
    ],
)
def test_32_bit_round_trips_keep_their_meaning(text: str) -> None:
    insns = assemble(text)
    prog = JitProgram(insns)
    for value in INPUTS:
        assert prog(value) == _reference(insns, value), (text, hex(value))


def test_loops_are_told_to_the_pipeline() -> None:
    def module(text: str) -> bool:
        insns = assemble(text)
        return build_module(insns, slot_map(insns), len(insns), [], CodegenOptions()).loops

    assert not module("mov %r0, 1\njeq %r1, 0, +1\nmov %r0, 2\nexit")
    # A jump back to code that does not lead to the jump again (clang shares return paths so)
    # is no loop: such programs skip the loop passes.
    shared = "mov %r0, 1\njeq %r1, 0, +2\nadd %r0, 10\nexit\nmov %r0, 5\nja -4"
    assert not module(shared)
    assert [JitProgram(assemble(shared))(n) for n in (0, 1)] == [15, 11]
    looped = "mov %r0, 0\nadd %r0, 1\njlt %r0, %r1, -2\nexit"
    assert module(looped)
    prog = JitProgram(assemble(looped))
    assert [prog(n) for n in (0, 1, 10, 1000)] == [1, 1, 10, 1000]
