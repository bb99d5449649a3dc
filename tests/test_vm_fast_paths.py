"""The interpreter's fast paths against the general ones they stand for.

- frame accesses at a constant offset from r10 (typed views of the frame) against the region
  lookup every other access takes (translate.FAST_FRAMES off), results and faults alike;
- functions that never name r10 skip zeroing their frame: a run still never sees the last one's;
- run_entry (a plain function) against calling the program, with tail calls and faults;
- the map helpers made per environment (cached map records, the keyed read, the native
  builtins of ebpy.maps.native.fastcall) against the general helper and the maps' own API;
- test runs that skip the packet remap and reuse their PreparedRun against fresh collections;
- RunResult filled without its __init__ against RunResult(...).
"""

from __future__ import annotations

import ctypes
import dataclasses
import errno
import random
from typing import Any

import pytest

import ebpy
from ebpy.errors import MapError, MemoryFault, RuntimeFault
from ebpy.helpers import HELPERS, HelperEnv, bind
from ebpy.helpers.env import RegionKind
from ebpy.isa import Instruction
from ebpy.isa.asm import assemble
from ebpy.maps import create_map
from ebpy.maps.native import fastcall, get_lib
from ebpy.runtime.address_space import AddressSpace
from ebpy.runtime.collection import _run_result, checked_reader
from ebpy.spec import MapSpec, MapType, RunResult
from ebpy.vm import run_raw, translate
from ebpy.vm.machine import CompiledProgram

LOOKUP, UPDATE, DELETE = 1, 2, 3

FRAME_PROGRAMS = {
    "dword round trip": "mov %r1, 7\nstxdw [%r10-8], %r1\nldxdw %r0, [%r10-8]\nexit",
    "every width": "stdw [%r10-16], -1\nstw [%r10-16], 0x12345678\nsth [%r10-14], 0x9abc\n"
    "stb [%r10-9], 0x7f\nldxdw %r0, [%r10-16]\nldxb %r1, [%r10-9]\nadd %r0, %r1\n"
    "ldxh %r1, [%r10-14]\nadd %r0, %r1\nldxw %r1, [%r10-12]\nadd %r0, %r1\nexit",
    "unaligned": "lddw %r1, 0x1122334455667788\nstxdw [%r10-13], %r1\nldxw %r0, [%r10-11]\nexit",
    "store truncates": "lddw %r1, 0x1ffffffff\nstxw [%r10-4], %r1\nldxw %r0, [%r10-4]\nexit",
    "lowest slot": "mov %r1, 3\nstxdw [%r10-512], %r1\nldxdw %r0, [%r10-512]\nexit",
    "below the frame": "mov %r1, 1\nstxdw [%r10-520], %r1\nexit",
    "above the frame": "ldxdw %r0, [%r10+0]\nexit",
    "straddles the top": "ldxw %r0, [%r10-2]\nexit",
    "through a copy": "mov %r2, %r10\nstdw [%r2-8], 5\nldxdw %r0, [%r10-8]\nexit",
    "sign-extending": "stb [%r10-1], -1\nldxsb %r0, [%r10-1]\nexit",
    "atomic on the frame": "stdw [%r10-8], 40\nmov %r1, 2\nlock add [%r10-8], %r1\n"
    "ldxdw %r0, [%r10-8]\nexit",
    "r10 written (unverified)": "mov %r1, %r10\nsub %r1, 8\nmov %r10, %r1\nstdw [%r10-8], 9\n"
    "ldxdw %r0, [%r10-8]\nexit",
    "uninitialised read": "ldxdw %r0, [%r10-8]\nexit",
    "subprogram frame": "mov %r1, 5\nstxdw [%r10-8], %r1\ncall local f\nldxdw %r1, [%r10-8]\n"
    "add %r0, %r1\nexit\nf:\nldxdw %r0, [%r10-8]\nstdw [%r10-8], 100\nadd %r0, 1\nexit",
}


def outcome(text: str) -> tuple[str, Any]:
    """r0, or the fault (type, instruction, address, size, region) a run of `text` ends with."""
    try:
        return "r0", run_raw(assemble(text))[0]
    except MemoryFault as e:
        return "fault", (e.insn, e.address, e.size, e.region, str(e))
    except RuntimeFault as e:
        return "error", str(e)


@pytest.mark.parametrize("name", sorted(FRAME_PROGRAMS))
def test_typed_frame_accesses_match_the_general_path(name: str, monkeypatch: Any) -> None:
    fast = outcome(FRAME_PROGRAMS[name])
    monkeypatch.setattr(translate, "FAST_FRAMES", False)
    assert outcome(FRAME_PROGRAMS[name]) == fast


def test_typed_frame_accesses_are_used_where_they_can_be() -> None:
    def source(text: str) -> str:
        return CompiledProgram(assemble(text), AddressSpace()).translation.source

    assert "F64[63] = r1" in source(FRAME_PROGRAMS["dword round trip"])
    assert "F64" not in source(FRAME_PROGRAMS["unaligned"])
    assert "F64" not in source(FRAME_PROGRAMS["r10 written (unverified)"])
    assert "STACKS" not in source("mov %r0, 1\nexit")  # names no r10: no frame to zero


def test_every_run_starts_with_a_zeroed_frame() -> None:
    """The first run dirties the frame; the second reads it without writing, through a
    subprogram that never names r10 (no zeroing) calling one that does."""
    text = (
        "ldxdw %r0, [%r10-8]\nstdw [%r10-8], 77\ncall local f\nadd %r0, %r6\nexit\n"
        "f:\nmov %r0, 0\ncall local g\nexit\n"
        "g:\nldxdw %r0, [%r10-16]\nstdw [%r10-16], 5\nexit"
    )
    space = AddressSpace()
    prog = CompiledProgram(assemble(text), space)
    assert [prog(), prog(), prog.run_entry()] == [0, 0, 0]


def test_run_entry_is_the_program() -> None:
    text = "mov %r0, %r1\nadd %r0, %r2\nadd %r0, %r5\nexit"
    prog = CompiledProgram(assemble(text), AddressSpace())
    assert prog.run_entry(1, 2, 3, 4, 5) == prog(1, 2, 3, 4, 5) == 8
    assert prog.run_entry() == prog() == 0


def test_run_entry_locates_faults_and_keeps_the_budget() -> None:
    space = AddressSpace()
    prog = CompiledProgram(assemble("mov %r0, 0\nmov %r1, 0\nldxw %r0, [%r1+8]\nexit"), space)
    with pytest.raises(MemoryFault) as e:
        prog.run_entry()
    assert (e.value.insn, e.value.address, e.value.region) == (2, 8, "null pointer")
    loop = CompiledProgram(assemble("mov %r0, 0\nl:\nadd %r0, 1\nja l"), space, budget=1000)
    for run in (loop, loop.run_entry):  # each run gets the whole budget again
        with pytest.raises(RuntimeFault, match="budget of 1000"):
            run()


# ---- tail calls through run_entry ------------------------------------------------------------
TAIL = """
#include "diff/diff.h"
char _license[] SEC("license") = "GPL";
struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(max_entries, 2);
         __type(key, __u32); __type(value, __u32); } jumps SEC(".maps");

SEC("xdp") int second(struct xdp_md *ctx) { return 3; }
SEC("xdp") int again(struct xdp_md *ctx) { bpf_tail_call(ctx, &jumps, 1); return 1; }
SEC("xdp") int first(struct xdp_md *ctx) { bpf_tail_call(ctx, &jumps, 0); return 2; }
"""


def test_tail_calls_through_run_entry(compile_bpf: Any) -> None:
    spec = ebpy.load_spec(str(compile_bpf(TAIL, "fast_paths_tail")))
    frame = bytes(12) + b"\x08\x00" + bytes(50)
    with spec.load(engine="interp") as coll:
        coll.maps["jumps"][0] = coll.programs["second"]
        assert coll.programs["first"].test_run(frame).retval == 3
        coll.maps["jumps"][0] = coll.programs["again"]
        coll.maps["jumps"][1] = coll.programs["again"]
        # again -> again -> ... until the 33 tail calls run out; then it returns 1
        assert coll.programs["first"].test_run(frame).retval == 1
        assert coll.programs["first"].test_run(frame).retval == 1  # the count starts again
        del coll.maps["jumps"][0]
        assert coll.programs["first"].test_run(frame).retval == 2


# ---- native builtins --------------------------------------------------------------------------
def map_of(kind: MapType, key_size: int = 4, value_size: int = 8, flags: int = 0) -> Any:
    return create_map(
        MapSpec(
            name="m",
            type=kind,
            key_size=key_size,
            value_size=value_size,
            max_entries=8,
            flags=flags,
        )
    )


@pytest.mark.parametrize("kind", [MapType.HASH, MapType.ARRAY, MapType.PERCPU_HASH])
def test_fastcall_agrees_with_ctypes(kind: MapType) -> None:
    lib = get_lib()
    fast = {n: fastcall.function(n) for n in fastcall.ARGUMENTS}
    rng = random.Random(7)
    maps = [map_of(kind), map_of(kind)]  # one driven each way, compared step by step
    try:
        for _ in range(300):
            key = rng.randrange(10).to_bytes(4, "little")
            value = rng.randrange(1 << 64).to_bytes(8, "little")
            flags = rng.choice([0, 1, 2, 4])
            op = rng.choice(["lookup", "update", "delete"])
            a, b = maps[0].address, maps[1].address
            if op == "lookup":
                got, want = fast["ebpy_map_lookup"](a, key, 0), lib.ebpy_map_lookup(b, key, 0) or 0
                assert bool(got) == bool(want)
                if got:
                    assert ctypes.string_at(got, 8) == ctypes.string_at(want, 8)
            elif op == "update":
                got = fast["ebpy_map_update"](a, key, value, flags, 0)
                assert got == lib.ebpy_map_update(b, key, value, flags, 0)
            else:
                assert fast["ebpy_map_delete"](a, key) == lib.ebpy_map_delete(b, key)
        assert dict(maps[0].items()) == dict(maps[1].items())
    finally:
        for m in maps:
            m.close()


def test_fastcall_refuses_bad_arguments() -> None:
    m = map_of(MapType.HASH)
    lookup = fastcall.function("ebpy_map_lookup")
    try:
        with pytest.raises(TypeError, match="takes 3 arguments"):
            lookup(m.address, bytes(4))
        with pytest.raises(TypeError):
            lookup(m.address, "key!", 0)
        with pytest.raises(TypeError):
            lookup(m.address, bytes(4), None)
        assert lookup(m.address, bytes(4), 0) == 0  # NULL is 0, as ints all the way
        with pytest.raises(KeyError):
            fastcall.function("ebpy_map_clear")
    finally:
        m.close()


# ---- map helpers: made per environment against the general helper ------------------------------
MAPS = """
#include "diff/diff.h"
char _license[] SEC("license") = "GPL";
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 4);
         __type(key, __u32); __type(value, __u64); } table SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 2);
         __type(key, __u32); __type(value, __u64); } per_cpu SEC(".maps");
SEC("xdp") int touch(struct xdp_md *ctx)
{
    __u32 k = 0;
    __u64 *v = bpf_map_lookup_elem(&table, &k);
    __u64 *p = bpf_map_lookup_elem(&per_cpu, &k);
    return (v ? 1 : 0) + (p ? 2 : 0);
}
"""


def helper_outcome(fn: Any, *regs: int) -> tuple[str, Any]:
    try:
        return "r0", fn(*regs)
    except MemoryFault as e:
        return "fault", str(e)


class HelperRig:
    """A collection of MAPS with a scratch buffer for keys and values, driven by the bound
    helpers (`fast`) or by the general ones called per call (`fast=False`)."""

    def __init__(self, spec: Any, fast: bool) -> None:
        self.coll = spec.load(engine="interp")
        env, space = self.coll.env, self.coll.space
        if fast:
            self.helpers = bind(env, {LOOKUP, UPDATE, DELETE}, checked_reader(space, env))
        else:
            self.helpers = {
                hid: (lambda *r, h=hid: HELPERS[h](env, *r)) for hid in (LOOKUP, UPDATE, DELETE)
            }
        self.buf = bytearray(32)
        self.scratch = space.scratch_region(self.buf, "test keys")
        self.handles = [space.map_handle(m) for m in self.coll.maps.values()]

    def call(self, hid: int, regs: tuple[int, ...]) -> tuple[str, Any]:
        kind, r0 = helper_outcome(self.helpers[hid], *regs)
        if kind == "r0" and hid == LOOKUP and r0:  # a value's address: compare what it holds
            found = self.coll.space.region_of(r0)
            assert found is not None and found[0].kind == RegionKind.MAP_VALUE
            return "value", bytes(self.coll.space.read(r0, 8))
        return kind, r0


def test_bound_map_helpers_agree_with_the_general_ones(compile_bpf: Any) -> None:
    spec = ebpy.load_spec(str(compile_bpf(MAPS, "fast_paths_maps")))
    fast, slow = HelperRig(spec, True), HelperRig(spec, False)
    try:
        assert fast.scratch == slow.scratch and fast.handles == slow.handles
        rng = random.Random(3)
        for _ in range(600):
            data = rng.randbytes(32)
            data = rng.randrange(6).to_bytes(4, "little") + data[4:]
            fast.buf[:] = slow.buf[:] = data
            m = rng.choice([*fast.handles, 0x4242 << 24])
            key = rng.choice([fast.scratch, fast.scratch + 30, 0, fast.scratch + 8])
            value = rng.choice([fast.scratch + 8, fast.scratch + 28, 16])
            hid = rng.choice([LOOKUP, UPDATE, DELETE])
            regs = (m, key, value, rng.choice([0, 1, 2]), 0)
            assert fast.call(hid, regs) == slow.call(hid, regs), (hid, regs)
        for name, m in fast.coll.maps.items():
            assert dict(m.items()) == dict(slow.coll.maps[name].items())
        assert len(fast.coll.maps["table"]) > 0  # the updates did something
    finally:
        fast.coll.close()
        slow.coll.close()


def test_lookup_of_a_closed_map_faults_as_before(compile_bpf: Any) -> None:
    spec = ebpy.load_spec(str(compile_bpf(MAPS, "fast_paths_maps")))
    coll = spec.load(engine="interp")
    try:
        lookup = bind(coll.env, {LOOKUP}, checked_reader(coll.space, coll.env))[LOOKUP]
        buf = bytearray(4)
        key = coll.space.scratch_region(buf, "key")
        handle = coll.space.map_handle(coll.maps["table"])
        assert lookup(handle, key) == 0
    finally:
        coll.close()
    with pytest.raises(MapError) as e:
        lookup(handle, key)
    assert e.value.errno == errno.EBADF


def test_checked_reader_is_env_read() -> None:
    spec_space = AddressSpace()
    env = HelperEnv(spec_space, None)
    read = checked_reader(spec_space, env)
    base = spec_space.map_region(bytearray(range(64)), "r", RegionKind.MEMORY)
    readonly = spec_space.map_region(memoryview(bytes(8)), "ro", RegionKind.CTX)
    rng = random.Random(5)
    for _ in range(500):
        address = rng.choice([base, readonly, 0, 4096, 1 << 24]) + rng.randrange(-4, 70)
        size = rng.randrange(0, 12)
        assert helper_outcome(read, address, size) == helper_outcome(env.read, address, size)


# ---- test runs ----------------------------------------------------------------------------------
MOVES = """
#include "diff/diff.h"
char _license[] SEC("license") = "GPL";
SEC("xdp") int shrink(struct xdp_md *ctx)
{
    if (bpf_xdp_adjust_head(ctx, 4))
        return 1;
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    if (data + 1 > end)
        return 2;
    *(__u8 *)data = 0xee;
    return 3 + (__u32)(end - data);
}
SEC("xdp") int reads(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    if (data + 20 > end)
        return 0;
    return *(__u32 *)(data + 16) + (__u32)(end - data);
}
"""


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_runs_that_skip_the_remap_are_fresh_runs(compile_bpf: Any, engine: str) -> None:
    """Runs alternate between two programs (each maps its own packet region), a program that
    moves its packet (the region is remapped) and one that does not (the remap is skipped)."""
    spec = ebpy.load_spec(str(compile_bpf(MOVES, "fast_paths_moves")))
    rng = random.Random(11)
    frames = [bytes(12) + b"\x08\x00" + rng.randbytes(n) for n in (50, 50, 6, 200, 50)]
    with spec.load(engine=engine) as coll:
        for name, frame in [(n, f) for f in frames for n in ("reads", "shrink", "reads", "reads")]:
            got = coll.programs[name].test_run(frame)
            with spec.load(engine=engine) as fresh:
                want = fresh.programs[name].test_run(frame)
            assert got == dataclasses.replace(want, duration_ns=got.duration_ns)


def test_run_result_without_init_is_a_run_result() -> None:
    fast = _run_result(2, b"ab", None, 5, 1)
    slow = RunResult(2, b"ab", None, 5, 1)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.retval = 3  # type: ignore[misc]


def test_empty_program_entry_skips_the_frame() -> None:
    insns = [Instruction(0xB7, 0, 0, 0, 2), Instruction(0x95)]
    prog = CompiledProgram(insns, AddressSpace())
    assert "ZERO_STACK" not in prog.translation.source and prog.run_entry(5) == 2
