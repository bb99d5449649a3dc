"""Checked mode: unverified programs on the JIT fault like on the interpreter.

Every load and store is checked against the region table before it happens; a bad one raises
the same MemoryFault the interpreter raises: the same slot, size, region description and
reason. Unverified programs only (verify=False), as checked mode is for.
"""

from __future__ import annotations

from typing import Any

import pytest

import ebpy
from ebpy.errors import MemoryFault
from ebpy.isa.asm import assemble
from ebpy.spec import CollectionSpec, ProgramSpec, ProgramType

PKT = bytes(range(64))


def fault_on(spec: CollectionSpec, name: str, engine: str, data: bytes = PKT) -> MemoryFault:
    options: dict[str, Any] = {"verify": False}
    if engine == "jit":
        options["checked"] = True
    with spec.load(engine=engine, **options) as coll, pytest.raises(MemoryFault) as e:
        coll.programs[name].test_run(data)
    return e.value


def xdp(text: str) -> CollectionSpec:
    return CollectionSpec(programs={"p": ProgramSpec("p", "xdp", ProgramType.XDP, assemble(text))})


CASES = {
    "packet past the end": "ldxw %r2, [%r1+0]\nldxw %r0, [%r2+62]\nexit",
    "packet before the start": "ldxw %r2, [%r1+0]\nldxb %r0, [%r2-1]\nexit",
    "context past its end": "ldxw %r0, [%r1+24]\nexit",
    "context write": "stw [%r1+28], 1\nexit",
    "frame overflow": "mov %r0, 0\nldxdw %r0, [%r10+0]\nexit",
    "frame underflow": "mov %r0, 0\nstdw [%r10-520], 1\nexit",
    "computed frame pointer": "mov %r2, %r10\nadd %r2, %r1\nldxb %r0, [%r2+0]\nexit",
    "null": "mov %r2, 0\nldxdw %r0, [%r2+8]\nexit",
    "scalar as pointer": "mov %r2, 12345678\nstw [%r2+0], 1\nexit",
    "atomic past the end": "ldxw %r2, [%r1+0]\nmov %r3, 1\nlock add [%r2+60], %r3\nexit",
}


@pytest.mark.parametrize("name", list(CASES))
def test_faults_match_the_interpreter(name: str) -> None:
    spec = xdp(CASES[name])
    interp = fault_on(spec, "p", "interp")
    jit = fault_on(spec, "p", "jit")
    assert (jit.insn, jit.size, jit.reason) == (interp.insn, interp.size, interp.reason)
    if name not in ("computed frame pointer", "scalar as pointer", "frame underflow"):
        # Where the address is a real one (the JIT) or a region key (the interpreter) the
        # description can differ only for addresses outside every region.
        assert jit.region == interp.region


MAPS_C = r"""
#include "bpf_helpers.h"
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } vals SEC(".maps");
const volatile __u32 limit = 7;

SEC("xdp") int past_value(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&vals, &k);
	if (!v)
		return 0;
	return *(volatile __u32 *)((char *)v + 8); /* one past the 8-byte value */
}

SEC("xdp") int missing_key(struct xdp_md *ctx)
{
	__u32 k = 5;
	__u64 *v = bpf_map_lookup_elem(&vals, &k);
	return *(volatile __u64 *)v; /* NULL: no check */
}

SEC("xdp") int write_rodata(struct xdp_md *ctx)
{
	*(volatile __u32 *)&limit = 1;
	return 2;
}
"""


@pytest.mark.parametrize("program", ["past_value", "missing_key", "write_rodata"])
def test_map_and_global_data_faults(compile_bpf: Any, program: str) -> None:
    spec = ebpy.load_spec(compile_bpf(MAPS_C, "jit_checked_maps"))
    interp = fault_on(spec, program, "interp")
    jit = fault_on(spec, program, "jit")
    assert (jit.insn, jit.size, jit.region, jit.reason) == (
        interp.insn,
        interp.size,
        interp.region,
        interp.reason,
    )


def test_checked_mode_runs_good_programs_unchanged(bench_dir: Any) -> None:
    good = xdp("ldxw %r2, [%r1+0]\nldxw %r3, [%r1+4]\nsub %r3, %r2\nmov %r0, %r3\nexit")
    with good.load(engine="jit", verify=False, checked=True) as coll:
        assert coll.programs["p"].test_run(PKT).retval == 64
    spec = ebpy.load_spec(bench_dir / "xdp_firewall.o")
    frame = (bench_dir / "pkt64.bin").read_bytes()
    results = []
    for checked in (False, True):
        with spec.load(engine="jit", checked=checked) as coll:
            r = coll.programs["xdp_firewall"].test_run(frame, repeat=3)
            maps = {name: sorted(m.items()) for name, m in coll.maps.items()}
            results.append((r.retval, r.data_out, maps))
    assert results[0] == results[1]
    assert results[1][2]["verdicts"][2] == (2, 3)
