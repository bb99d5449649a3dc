"""Maps shared between JIT code and Python: the same native bytes, seen at once both ways.

The JIT calls the maps' C functions natively (lookups return pointers into map memory), so an
update by a program is in `coll.maps[...]` right after the run, and a Python update is what the
next run reads. Ring buffer records the program writes are read by the Python consumer.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pytest

import ebpy

HEADER = '#include "bpf_helpers.h"\n'

COUNTER_C = (
    HEADER
    + r"""
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 64); __type(key, __u32); __type(value, __u64); } counts SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } config SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } percpu SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __uint(max_entries, 2); __type(key, __u32); __type(value, __u32); } recent SEC(".maps");

SEC("xdp") int count(struct xdp_md *ctx)
{
	__u32 zero = 0, one = 1;
	__u64 *step = bpf_map_lookup_elem(&config, &zero);
	__u64 add = step ? *step : 1;
	__u32 key = (ctx->data_end - ctx->data) & 0xff;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);
	if (v)
		__sync_fetch_and_add(v, add);
	else
		bpf_map_update_elem(&counts, &key, &add, BPF_NOEXIST);
	__u64 *pc = bpf_map_lookup_elem(&percpu, &zero);
	if (pc)
		*pc += 1;
	__u32 seen = key;
	bpf_map_update_elem(&recent, &key, &seen, BPF_ANY);
	__u64 *gone = bpf_map_lookup_elem(&config, &one);
	if (gone && *gone) {
		__u32 victim = *gone;
		bpf_map_delete_elem(&counts, &victim);
	}
	return XDP_PASS;
}
"""
)


@pytest.fixture(scope="module")
def counter(compile_bpf: Any) -> Any:
    return ebpy.load_spec(compile_bpf(COUNTER_C, "jit_maps_counter"))


def test_updates_are_visible_both_ways(counter: Any) -> None:
    with counter.load(engine="jit") as coll:
        prog = coll.programs["count"]
        counts, config = coll.maps["counts"], coll.maps["config"]
        config[0] = 1
        prog.test_run(bytes(20))
        assert dict(counts.items()) == {20: 1}  # created by the program, read by Python
        config[0] = 5  # Python writes, the next run reads it
        prog.test_run(bytes(20), repeat=3)
        assert counts[20] == 16
        counts[30] = 100  # a Python entry the program then increments natively
        prog.test_run(bytes(30))
        assert counts[30] == 105
        config[1] = 20  # ask the program to delete key 20
        prog.test_run(bytes(30))
        assert 20 not in counts and counts[30] == 110
        # The bytes are shared, not copied: a lookup pointer sees the program's next write.
        pointer = counts.lookup_ptr((30).to_bytes(4, "little"))
        before = ctypes.c_uint64.from_address(pointer).value
        config[1] = 0
        prog.test_run(bytes(30))
        assert (before, ctypes.c_uint64.from_address(pointer).value) == (110, 115)


def test_same_maps_as_the_interpreter(counter: Any) -> None:
    """Every map ends as the interpreter leaves it after the same runs (LRU eviction too)."""
    sizes = [20, 30, 20, 40, 50, 20, 60, 30]
    final = []
    for engine in ("interp", "jit"):
        with counter.load(engine=engine) as coll:
            coll.maps["config"][0] = 3
            for n in sizes:
                coll.programs["count"].test_run(bytes(n))
            final.append({name: sorted(m.items()) for name, m in coll.maps.items()})
    assert final[0] == final[1]
    assert dict(final[1]["recent"]) == {30: 30, 60: 60}  # the LRU kept the two most recent


def test_percpu_value_of_the_env_cpu(counter: Any) -> None:
    with counter.load(engine="jit") as coll:
        if coll.maps["percpu"].ncpu < 2:
            pytest.skip("one possible CPU")
        prog = coll.programs["count"]
        prog.test_run(bytes(20))
        coll.env.cpu = 1
        prog.test_run(bytes(20), repeat=2)
        values = coll.maps["percpu"][0]
        assert values[0] == 1 and values[1] == 2


RINGBUF_C = (
    HEADER
    + r"""
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } events SEC(".maps");
static void *(*bpf_ringbuf_reserve)(void *ringbuf, __u64 size, __u64 flags) = (void *)131;
static void (*bpf_ringbuf_submit)(void *data, __u64 flags) = (void *)132;
static void (*bpf_ringbuf_discard)(void *data, __u64 flags) = (void *)133;

struct event { __u32 len; __u32 first; };

SEC("xdp") int report(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	if (data + 4 > end)
		return XDP_DROP;
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return XDP_ABORTED;
	e->len = end - data;
	e->first = *(__u32 *)data;
	if (e->len == 99)
		bpf_ringbuf_discard(e, 0);
	else
		bpf_ringbuf_submit(e, 0);
	struct event copy = { 7, 7 };
	bpf_ringbuf_output(&events, &copy, sizeof(copy), 0);
	return XDP_PASS;
}
"""
)


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_ring_buffer_records_reach_python(compile_bpf: Any, engine: str) -> None:
    spec = ebpy.load_spec(compile_bpf(RINGBUF_C, "jit_ringbuf"))
    with spec.load(engine=engine) as coll:
        prog = coll.programs["report"]
        for frame in (b"\x01\x02\x03\x04" + bytes(60), bytes(99), b"\xff" * 20):
            assert prog.test_run(frame).retval == 2
        records = [bytes(r) for r in coll.maps["events"].reader().read()]
    ints = [(int.from_bytes(r[:4], "little"), int.from_bytes(r[4:8], "little")) for r in records]
    assert ints == [(64, 0x04030201), (7, 7), (7, 7), (20, 0xFFFFFFFF), (7, 7)]
