"""Batch runs: one XDP program over many frames in one native call, equal to running each
frame through test_run (verdicts, output frames, map side effects)."""

from __future__ import annotations

from typing import Any

import pytest

import ebpy
from ebpy.errors import EbpyError
from ebpy.jit.batch import pack, run_batch

PROGRAMS_C = r"""
#include "bpf_helpers.h"
static long (*bpf_xdp_adjust_head)(struct xdp_md *ctx, int delta) = (void *)44;

SEC("xdp") int swap(struct xdp_md *ctx)
{
	unsigned char *d = (void *)(long)ctx->data, *e = (void *)(long)ctx->data_end;
	if (d + 12 > e)
		return XDP_DROP;
	for (int i = 0; i < 6; i++) {
		unsigned char t = d[i];
		d[i] = d[i + 6];
		d[i + 6] = t;
	}
	return (e - d) & 1 ? XDP_PASS : XDP_TX;
}

SEC("xdp") int shrink(struct xdp_md *ctx)
{
	if (bpf_xdp_adjust_head(ctx, 4))
		return XDP_ABORTED;
	return XDP_PASS;
}
"""


def frames() -> list[bytes]:
    sizes = [64, 14, 1500, 15, 99, 40]
    return [bytes((i * 7 + j) & 0xFF for j in range(n)) for i, n in enumerate(sizes)]


def one_by_one(coll: Any, name: str, items: list[bytes]) -> list[tuple[int, bytes]]:
    prog = coll.programs[name]
    return [(r.retval, r.data_out) for r in (prog.test_run(f) for f in items)]


def as_list(result: Any) -> list[tuple[int, bytes]]:
    return [(result.verdicts[i], result.frame(i)) for i in range(len(result))]


@pytest.fixture(scope="module")
def spec(compile_bpf: Any) -> Any:
    return ebpy.load_spec(compile_bpf(PROGRAMS_C, "jit_batch"))


def test_native_batch_equals_test_runs(spec: Any) -> None:
    items = frames()
    with spec.load(engine="jit") as coll:
        result = run_batch(coll.programs["swap"], items)
        assert result.native and result.duration_ns > 0
        assert as_list(result) == one_by_one(coll, "swap", items)
    assert (result.verdicts[0], result.verdicts[3]) == (3, 2)  # XDP_TX for even lengths
    assert result.frame(0)[:6] == items[0][6:12]


def test_packed_frames_in_one_buffer(spec: Any) -> None:
    items = frames()
    data, offsets = pack(items)
    with spec.load(engine="jit") as coll:
        result = run_batch(coll.programs["swap"], (bytes(data), list(offsets)))
        assert as_list(result) == one_by_one(coll, "swap", items)
        with pytest.raises(EbpyError, match="out of order or past the buffer"):
            run_batch(coll.programs["swap"], (bytes(data), [0, 64, 10]))
        # As a test run, a frame shorter than an Ethernet header is refused; none runs.
        with pytest.raises(EbpyError, match="frame 1: data_in of 13 bytes is shorter"):
            run_batch(coll.programs["swap"], [items[0], bytes(13)])


def test_programs_with_python_helpers_run_frame_by_frame(spec: Any) -> None:
    items = frames()
    with spec.load(engine="jit") as coll:
        result = run_batch(coll.programs["shrink"], items)
        assert not result.native
        assert as_list(result) == one_by_one(coll, "shrink", items)
    assert result.lengths[0] == 60  # the head moved by 4 bytes


def test_map_side_effects_match(bench_dir: Any) -> None:
    spec = ebpy.load_spec(bench_dir / "xdp_firewall.o")
    pkt = (bench_dir / "pkt64.bin").read_bytes()
    items = [pkt, pkt[:20], pkt, bytes(14), pkt]
    maps = []
    for batched in (True, False):
        with spec.load(engine="jit") as coll:
            if batched:
                run_batch(coll.programs["xdp_firewall"], items)
            else:
                one_by_one(coll, "xdp_firewall", items)
            maps.append({name: sorted(m.items()) for name, m in coll.maps.items()})
    assert maps[0] == maps[1]
    assert dict(maps[0]["verdicts"]) == {0: 0, 1: 1, 2: 4, 3: 0, 4: 0}


def test_frames_longer_than_a_page_go_frame_by_frame(spec: Any) -> None:
    """A test run keeps 3520 bytes linear and the rest in fragments; the batch does the same."""
    items = [*frames(), bytes(range(256)) * 16]
    with spec.load(engine="jit") as coll:
        result = run_batch(coll.programs["swap"], items)
        assert not result.native
        assert as_list(result) == one_by_one(coll, "swap", items)
