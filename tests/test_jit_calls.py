"""Calls on the JIT: bpf-to-bpf calls, callx, the frame limit, helpers called back in Python
(bpf_loop calling into the program), tail calls, the instruction budget, legacy packet loads.

Each program also runs on the interpreter; the two must agree on everything observable.
"""

from __future__ import annotations

from typing import Any

import pytest

import ebpy
from ebpy.errors import MemoryFault, RuntimeFault
from ebpy.isa import Instruction, PseudoSrc
from ebpy.isa.asm import assemble
from ebpy.jit import JitProgram
from ebpy.jit import run_raw as jit_run
from ebpy.spec import CollectionSpec, ProgramSpec, ProgramType
from ebpy.vm import run_raw as vm_run

HEADER = '#include "bpf_helpers.h"\n'
PKT = bytes(range(64))


def on_both(path: Any, program: str, data: bytes = PKT, **load: Any) -> list[tuple[Any, ...]]:
    """(retval, data_out, maps) of one test run on the interpreter and on the JIT."""
    spec = ebpy.load_spec(path)
    results = []
    for engine in ("interp", "jit"):
        with spec.load(engine=engine, **load) as coll:
            r = coll.programs[program].test_run(data)
            maps = {name: dict(m.items()) for name, m in coll.maps.items()}
            results.append((r.retval, r.data_out, maps))
    return results


CALLS_C = (
    HEADER
    + r"""
static __noinline int fill(__u32 *arr, int n)
{
	for (int i = 0; i < 8; i++)
		arr[i] = i < n ? i * i + n : 7;
	return n * 2;
}

static __noinline __u64 sum(__u32 *arr, __u64 seed)
{
	__u64 s = seed;
	for (int i = 0; i < 8; i++)
		s = s * 31 + arr[i];
	return s;
}

SEC("xdp") int calls(struct xdp_md *ctx)
{
	__u32 a[8];
	int n = (ctx->data_end - ctx->data) & 7;
	int twice = fill(a, n);
	return (sum(a, twice) & 0xffff) + 3;
}
"""
)


def test_calls_pass_the_callers_stack(compile_bpf: Any) -> None:
    interp, jit = on_both(compile_bpf(CALLS_C, "jit_calls"), "calls", bytes(61))
    assert interp == jit
    assert interp[0] > 3  # the call chain really computed something


LOOP_C = (
    HEADER
    + r"""
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } out SEC(".maps");

static long step(__u32 i, void *data)
{
	__u64 *acc = data;
	*acc = *acc * 3 + i;
	return *acc > 100000;
}

SEC("xdp") int loops(struct xdp_md *ctx)
{
	__u64 acc = 1;
	__u32 zero = 0;
	long n = bpf_loop(50, step, &acc, 0);
	bpf_map_update_elem(&out, &zero, &acc, BPF_ANY);
	return n;
}
"""
)


def test_bpf_loop_calls_back_into_native_code(compile_bpf: Any) -> None:
    """A Python helper (bpf_loop) calls a program function that writes the caller's frame."""
    interp, jit = on_both(compile_bpf(LOOP_C, "jit_loop"), "loops")
    assert interp == jit
    retval, _, maps = jit
    assert 0 < retval < 50 and maps["out"][0] > 100000


TAIL_C = (
    HEADER
    + r"""
struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u32); } jumps SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } hits SEC(".maps");

static __always_inline void hit(__u32 k)
{
	__u64 *v = bpf_map_lookup_elem(&hits, &k);
	if (v)
		*v += 1;
}

SEC("xdp") int first(struct xdp_md *ctx)
{
	hit(0);
	bpf_tail_call(ctx, &jumps, 1);
	return 10; /* only when the slot is empty */
}

SEC("xdp") int second(struct xdp_md *ctx)
{
	hit(1);
	return 20;
}

SEC("xdp") int again(struct xdp_md *ctx)
{
	hit(2);
	bpf_tail_call(ctx, &jumps, 2); /* itself, until the engine stops it */
	return 30;
}
"""
)


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_tail_calls(compile_bpf: Any, engine: str) -> None:
    spec = ebpy.load_spec(compile_bpf(TAIL_C, "jit_tail"))
    with spec.load(engine=engine) as coll:
        first = coll.programs["first"]
        assert first.test_run(PKT).retval == 10  # empty slot: the call fails, first goes on
        coll.maps["jumps"][1] = coll.programs["second"]
        assert first.test_run(PKT).retval == 20
        assert first.test_run(PKT, repeat=5).retval == 20  # natively repeated on the JIT
        assert coll.maps["hits"][0] == 7 and coll.maps["hits"][1] == 6
        coll.maps["jumps"][2] = coll.programs["again"]
        # As in the kernel, the 34th tail call fails and the program goes on.
        assert coll.programs["again"].test_run(PKT).retval == 30
        assert coll.maps["hits"][2] == 34  # the first run and 33 tail calls


def test_call_depth_limit_and_eight_frames() -> None:
    deep = assemble("call local f\nexit\nf:\ncall local f\nexit")
    for checked in (False, True):
        with pytest.raises(RuntimeFault, match="deeper than 8") as e:
            jit_run(deep, checked=checked)
        assert e.value.insn == 2  # the function the ninth frame would run
    eight = assemble(
        "mov %r1, 7\ncall local f\nexit\nf:\nmov %r0, 0\njeq %r1, 1, +3\nsub %r1, 1\n"
        "call local f\nadd %r0, 1\nexit"
    )
    assert jit_run(eight, checked=False)[0] == 6


def test_callx_and_function_pointers() -> None:
    # r3 = &f, or &g when the memory is not empty (r2 = its length); callx r3.
    insns = [
        Instruction.lddw(3, 6, src=PseudoSrc.FUNC),  # slots 0-1: &f (slot 7)
        Instruction(0x15, 2, 0, 2, 0),  # slot 2: if r2 == 0 goto +2
        Instruction.lddw(3, 5, src=PseudoSrc.FUNC),  # slots 3-4: &g (slot 9)
        Instruction(0x8D, 3),  # slot 5: callx r3
        Instruction(0x95),  # slot 6
        *assemble("mov %r0, 42\nexit"),  # f: slots 7-8
        *assemble("mov %r0, 43\nexit"),  # g: slots 9-10
    ]
    assert jit_run(insns, None, checked=False) == vm_run(insns, None) == (42, b"")
    assert jit_run(insns, b"x", checked=False) == vm_run(insns, b"x") == (43, b"x")
    bad = [*assemble("mov %r2, 1234"), Instruction(0x8D, dst=2), Instruction(0x95)]
    with pytest.raises(RuntimeFault, match=r"call to 0x4d2, which is not a function") as e:
        jit_run(bad, checked=False)
    assert e.value.insn == 1


def test_budget_stops_where_the_interpreter_does() -> None:
    loop = assemble("mov %r0, 0\nloop:\nadd %r0, 1\njlt %r0, 1000, loop\nmov %r1, 0\nja -2")
    for run in (vm_run, jit_run):
        with pytest.raises(RuntimeFault, match="budget of 5000") as e:
            run(loop, budget=5000)
        assert e.value.insn == 4  # the `ja` back to the second loop


def test_budget_counts_like_the_interpreter() -> None:
    from ebpy.runtime.address_space import AddressSpace
    from ebpy.vm import CompiledProgram

    text = """
        mov %r0, 0
        mov %r1, 0
    loop:
        add %r0, %r1
        add %r1, 1
        jlt %r1, 37, loop
        call local f
        exit
    f:
        mov %r0, 5
        exit
    """
    insns = assemble(text)
    vm = CompiledProgram(insns, AddressSpace(), budget=10_000)
    jit = JitProgram(insns, budget=10_000)
    assert jit() == vm()
    assert jit.state.count == vm.state.count == 2 + 37 * 3 + 2 + 2


def test_helper_exceptions_become_faults_at_the_call() -> None:
    prog = assemble("mov %r1, 1\ncall 7\nexit")

    def raises(*_: int) -> int:
        raise ValueError("bad thing")

    with pytest.raises(RuntimeFault, match="bad thing") as e:
        JitProgram(prog, helpers={7: raises}, native=False)()
    assert e.value.insn == 1

    def faults(*_: int) -> int:
        raise MemoryFault(-1, 0x10, 4, "no region")

    with pytest.raises(MemoryFault) as f:
        JitProgram(prog, helpers={7: faults}, native=False)()
    assert (f.value.insn, f.value.address, f.value.size) == (1, 0x10, 4)
    seen = []
    program = JitProgram(prog, helpers={7: lambda *a: seen.append(a) or 77}, native=False)
    assert program() == 77 and seen == [(1, 0, 0, 0, 0)]


def test_legacy_packet_loads() -> None:
    """LD_ABS / LD_IND: big-endian packet loads; out of range ends the program with 0."""
    text = """
        ldabsh 12
        mov %r6, %r0
        mov %r7, 2
        ldindw %r7, 14
        add %r6, %r0
        ldabsb 0
        add %r0, %r6
        exit
    """
    insns = assemble(text)
    prog = ProgramSpec("legacy", "socket", ProgramType.SOCKET_FILTER, insns)
    spec = CollectionSpec(programs={"legacy": prog})
    # Not an IP ethertype: the 17-byte frame below would be refused as a cut IPv4 header.
    frame = bytes(12) + b"\x88\xb5" + bytes(range(1, 40))
    results = []
    for engine in ("interp", "jit"):
        with spec.load(engine=engine, verify=False) as coll:
            p = coll.programs["legacy"]
            results.append((p.test_run(frame).retval, p.test_run(frame[:17]).retval))
    assert results[0] == results[1]
    # A socket filter's data starts after the Ethernet header: offset 12 is bytes 13, 14.
    assert results[1][0] == 0x0D0E + 0x11121314 + 1
    assert results[1][1] == 0  # past the end: the program returns 0


TAIL_LOOP_C = (
    HEADER
    + r"""
struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u32); } next SEC(".maps");

static long triple(__u32 i, void *data)
{
	__u64 *acc = data;
	*acc = *acc * 3 + i;
	return 0;
}

SEC("xdp") int start(struct xdp_md *ctx)
{
	__u64 acc = 5;
	bpf_loop(3, triple, &acc, 0); /* this program's own callback */
	if (acc == 0)
		return 0;
	bpf_tail_call(ctx, &next, 0);
	return 1;
}

static long square(__u32 i, void *data)
{
	__u64 *acc = data;
	*acc = *acc * *acc + i;
	return 0;
}

SEC("xdp") int finish(struct xdp_md *ctx)
{
	__u64 acc = 2;
	bpf_loop(3, square, &acc, 0); /* callbacks of the program the tail call reached */
	return acc & 0xffff;
}

SEC("xdp") int faulty(struct xdp_md *ctx)
{
	return *(volatile __u32 *)(long)(ctx->data_end + 4096); /* past the packet */
}
"""
)


def test_native_tail_calls_run_the_target_program(compile_bpf: Any) -> None:
    spec = ebpy.load_spec(compile_bpf(TAIL_LOOP_C, "jit_tail_loop"))
    results = []
    for engine in ("interp", "jit"):
        with spec.load(engine=engine, programs=["start", "finish"]) as coll:
            if engine == "jit":  # the tail call itself never calls back into Python
                assert 12 not in coll.programs["start"].executable.compiled.python_helpers
            coll.maps["next"][0] = coll.programs["finish"]
            results.append(coll.programs["start"].test_run(PKT, repeat=3).retval)
    assert results[0] == results[1] == ((2 * 2 + 0) ** 2 + 1) ** 2 + 2


def test_a_fault_in_the_target_of_a_tail_call(compile_bpf: Any) -> None:
    spec = ebpy.load_spec(compile_bpf(TAIL_LOOP_C, "jit_tail_loop"))
    faults = []
    for engine in ("interp", "jit"):
        options: dict[str, Any] = {"verify": False}
        if engine == "jit":
            options["checked"] = True
        with spec.load(engine=engine, **options) as coll:
            coll.maps["next"][0] = coll.programs["faulty"]
            with pytest.raises(MemoryFault) as e:
                coll.programs["start"].test_run(PKT)
            faults.append((e.value.insn, e.value.size))
    assert faults[0] == faults[1]


@pytest.mark.parametrize("ptype", [ProgramType.SOCKET_FILTER, ProgramType.SCHED_CLS])
def test_legacy_loads_from_the_network_and_link_layer_headers(ptype: ProgramType) -> None:
    """Negative offsets from SKF_NET_OFF / SKF_LL_OFF count from those headers."""
    loads = [
        "ldabsb -1048576",  # SKF_NET_OFF: the first byte of the IP header
        "ldabsh -2097140",  # SKF_LL_OFF + 12: the EtherType
        "ldabsw 2",
        "ldabsb -1",  # below SKF_NET_OFF's window and not from data: ends the run
    ]
    frame = bytes(12) + b"\x08\x00" + bytes(range(0x45, 0x45 + 40))
    results = []
    for engine in ("interp", "jit"):
        values = []
        for load in loads:
            prog = ProgramSpec("p", "socket", ptype, assemble(f"{load}\nadd %r0, 1\nexit"))
            with CollectionSpec(programs={"p": prog}).load(engine=engine, verify=False) as coll:
                values.append(coll.programs["p"].test_run(frame).retval)
        results.append(values)
    assert results[0] == results[1]
    assert results[1][0] == 0x45 + 1 and results[1][1] == 0x0800 + 1 and results[1][3] == 0
