"""Batch runs: one XDP program over many frames in one native call, equal to running each
frame through test_run (verdicts, output frames, map side effects)."""

from __future__ import annotations

from typing import Any

import pytest

import ebpy
from ebpy.errors import EbpyError
from ebpy.jit.batch import BatchFault, FrameBatch, pack, run_batch

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


SPIN_C = r"""
#include "bpf_helpers.h"

SEC("xdp") int spin(struct xdp_md *ctx)
{
	unsigned char *d = (void *)(long)ctx->data, *e = (void *)(long)ctx->data_end;
	volatile int x = 0;
	if (d + 1 > e)
		return XDP_DROP;
	if (d[0] == 0xAA)
		for (;;)
			x++;
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


def test_frames_with_gaps_in_read_only_memory(spec: Any, tmp_path: Any) -> None:
    """(buffer, starts, lengths): frames read where they are, e.g. a capture file mapped
    read-only with record headers between them; the source is never written."""
    import mmap

    items = frames()
    blob = bytearray()
    starts, lengths = [], []
    for i, f in enumerate(items):
        blob += bytes([0xEE]) * (16 + i)  # a "record header" of its own size before each
        starts.append(len(blob))
        lengths.append(len(f))
        blob += f
    path = tmp_path / "frames.bin"
    path.write_bytes(bytes(blob))
    kept = [i for i, f in enumerate(items) if len(f) >= 14]
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        with spec.load(engine="jit") as coll:
            result = run_batch(
                coll.programs["swap"], (mm, [starts[i] for i in kept], [lengths[i] for i in kept])
            )
            assert result.native
            assert as_list(result) == one_by_one(coll, "swap", [items[i] for i in kept])
        assert bytes(mm[:]) == bytes(blob)
    counts = [0] * 6
    for v in result.verdicts:
        counts[min(v, 5)] += 1
    assert list(result.counts) == counts


@pytest.mark.parametrize(
    ("starts", "lengths", "message"),
    [
        ([0, 10], [20, 20], "frame 1 is out of order"),  # overlaps the frame before
        ([30, 0], [20, 20], "frame 1 is out of order"),
        ([0, 90], [20, 20], "frame 1 is out of order or past the buffer"),
        ([0], [20, 20], "1 starts but 2 lengths"),
        ([-1], [20], "batch starts"),
        ([0], [1 << 32], "batch lengths"),
    ],
)
def test_bad_frame_positions_are_named(
    spec: Any, starts: list[int], lengths: list[int], message: str
) -> None:
    with spec.load(engine="jit") as coll, pytest.raises(EbpyError, match=message):
        run_batch(coll.programs["swap"], (bytes(100), starts, lengths))


def test_a_failing_frame_is_named_and_the_others_run(compile_bpf: Any) -> None:
    """An unverified program spins on frames starting with 0xAA: its instruction budget ends
    that frame's run. Strict runs raise naming the frame (those before it ran); others give it
    XDP_ABORTED and go on. Each frame has a budget of its own, as each test run."""
    spec = ebpy.load_spec(compile_bpf(SPIN_C, "jit_batch_spin"))
    items = [bytes([1]) * 60, bytes([2]) * 60, bytes([0xAA]) * 60, bytes([3]) * 60]
    with spec.load(engine="jit", verify=False, budget=10_000) as coll:
        prog = coll.programs["spin"]
        with pytest.raises(BatchFault, match=r"frame 2: insn \d+: instruction budget") as caught:
            run_batch(prog, items)
        assert caught.value.index == 2
        result = run_batch(prog, items, strict=False)
        assert result.native and list(result.verdicts) == [2, 2, 0, 2]
        assert [i for i, _ in result.errors] == [2]
        assert list(result.counts) == [1, 0, 3, 0, 0, 0]
        # many frames, each well within its own budget
        assert set(run_batch(prog, [items[0]] * 5000).verdicts) == {2}


def test_results_keep_their_frames_while_alive(spec: Any) -> None:
    """Staging memory goes back to the pool only when its result is gone."""
    items = frames()
    kept = [f for f in items if len(f) >= 14]
    with spec.load(engine="jit") as coll:
        prog = coll.programs["swap"]
        first = run_batch(prog, kept)
        expected = [first.frame(i) for i in range(len(first))]
        for _ in range(3):
            run_batch(prog, [bytes(len(f)) for f in kept])
        assert [first.frame(i) for i in range(len(first))] == expected
        batch = FrameBatch.of(kept)
        assert (batch.short, batch.long, batch.disorder) == (None, None, None)
        assert bytes(batch.frame(1)) == kept[1]


def test_the_packet_hook_names_the_failing_frame(compile_bpf: Any) -> None:
    """The hooks' batch seam: a failure is the exact frame (not a range of the batch);
    non-strict batches abort that frame and go on."""
    from ebpy.hooks.packets.process import FrameFault, JitBatchProcessor

    spec = ebpy.load_spec(compile_bpf(SPIN_C, "jit_batch_spin"))
    items = [bytes([1]) * 60, bytes([2]) * 60, bytes([0xAA]) * 60, bytes([3]) * 60]
    with spec.load(engine="jit", verify=False, budget=10_000) as coll:
        proc = JitBatchProcessor(coll.programs["spin"])
        with pytest.raises(FrameFault) as caught:
            proc.process(items)
        assert (caught.value.index, caught.value.last) == (2, None)
        out = proc.process(items, strict=False)
        assert list(out.actions) == [2, 2, 0, 2] and [e.index for e in out.errors] == [2]
        assert out.output(2) is None and out.output(3) == items[3]
        assert out.counts is not None and list(out.counts)[:3] == [1, 0, 3]
