"""One collection API over three engines: events, global variables and lifetime read the same on
interp, jit and kernel (the kernel is the reference where it runs)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import ebpy
from ebpy.errors import LoadError, MapError
from ebpy.testing import kernel_unavailable

ROOT = Path(__file__).resolve().parent.parent
FRAME = (ROOT / "examples" / "pkt64.bin").read_bytes()
ENGINES = ["interp", "jit", pytest.param("kernel", marks=pytest.mark.kernel)]

SOURCE = r"""
#include <ebpy/xdp.h>
char _license[] SEC("license") = "GPL";
struct event { __u32 len; __u16 proto; __u8 dest[6]; };
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } events SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32);
         __type(value, __u64); } counts SEC(".maps");
const volatile __u32 min_len = 10;
const struct event *unused_event __attribute__((unused));
__u64 seen = 0;
__u32 last_len = 0;

SEC("xdp") int watch(struct xdp_md *x) {
	void *data = (void *)(long)x->data, *end = (void *)(long)x->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end)
		return XDP_ABORTED;
	__u32 len = end - data;
	if (len < min_len)
		return XDP_DROP;
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->len = len;
		e->proto = bpf_ntohs(eth->h_proto);
		__builtin_memcpy(e->dest, eth->h_dest, 6);
		bpf_ringbuf_submit(e, 0);
	}
	__sync_fetch_and_add(&seen, len);
	last_len = len;
	return XDP_PASS;
}
"""


@pytest.fixture(scope="module")
def obj(compile_bpf) -> Path:
    return compile_bpf(SOURCE, "watch")


def _load(obj: Path, engine: str, **constants: int):
    if engine == "kernel" and (reason := kernel_unavailable()):
        pytest.skip(reason)
    spec = ebpy.load_spec(obj)
    for name, value in constants.items():
        spec.constants[name] = value
    return spec.load(engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_events_and_variables_read_the_same_everywhere(obj: Path, engine: str) -> None:
    with _load(obj, engine, min_len=20) as coll:
        events = coll.ring_buffer("events", "struct event")
        coll.variables["seen"] = 1000  # written where the program reads it
        prog = coll.programs["watch"]
        assert prog.test_run(FRAME).retval == 2
        assert prog.test_run(FRAME[:18]).retval == 1  # shorter than min_len: no event
        assert prog.test_run(FRAME[:30]).retval == 2
        got = events.read()
        assert [(e.len, e.proto, e.dest) for e in got] == [
            (64, 0x0800, FRAME[:6]),
            (30, 0x0800, FRAME[:6]),
        ]
        assert events.read() == []  # consumed
        assert coll.variables["seen"] == 1000 + 64 + 30
        assert coll.variables["last_len"] == 30
        assert coll.variables["min_len"] == 20
        with pytest.raises(LoadError, match=r"min_len is a constant .* spec.constants"):
            coll.variables["min_len"] = 1
        raw = coll.reader("events")  # bytes without a record type
        prog.test_run(FRAME)
        (record,) = raw.read()
        assert isinstance(record, bytes) and record[:4] == (64).to_bytes(4, "little")


@pytest.mark.parametrize("engine", ENGINES)
def test_readers_close_with_the_collection(obj: Path, engine: str) -> None:
    coll = _load(obj, engine)
    reader = coll.ring_buffer("events")
    assert not coll.closed
    coll.close()
    assert coll.closed and reader.closed
    with pytest.raises(MapError):
        reader.read()


@pytest.mark.parametrize("engine", ENGINES)
def test_reader_errors_name_the_map(obj: Path, engine: str) -> None:
    with _load(obj, engine) as coll:
        with pytest.raises(LoadError, match=r"no map 'nope' \(maps: .*events"):
            coll.ring_buffer("nope")
        with pytest.raises(LoadError, match=r"map 'counts' is a ARRAY map, not RINGBUF"):
            coll.ring_buffer("counts")
        with pytest.raises(LoadError, match=r"record type 'struct nope' is not a sized type"):
            coll.ring_buffer("events", "struct nope")


@pytest.mark.parametrize("engine", ENGINES)
def test_stream_and_async_iteration(obj: Path, engine: str) -> None:
    with _load(obj, engine) as coll:
        reader = coll.ring_buffer("events", "struct event")
        prog = coll.programs["watch"]
        prog.test_run(FRAME)
        assert [e.len for e in reader.stream(timeout=0.05)] == [64]

        async def first_two() -> list[int]:
            got = []
            async for event in reader:
                got.append(event.len)
                if len(got) == 1:
                    prog.test_run(FRAME[:40])  # the next record arrives while we wait
                if len(got) == 2:
                    return got
            return got

        prog.test_run(FRAME[:50])
        assert asyncio.run(asyncio.wait_for(first_two(), timeout=10)) == [50, 40]


def test_the_collections_share_their_public_api() -> None:
    """What a kernel collection offers, a userspace one does too, except what only the kernel
    has (attaching, the system's trace pipe); perf event arrays are read on every engine."""
    from ebpy.kernel.collection import KernelCollection
    from ebpy.runtime.collection import UserspaceCollection

    def public(cls: type) -> set[str]:
        return {n for n in dir(cls) if not n.startswith("_")}

    kernel_only = {"attach_all", "trace_pipe", "engine"}  # engine: an attribute
    assert public(KernelCollection) - public(UserspaceCollection) == kernel_only
