"""Test runs of one program reuse its packet buffer and context bytes (runtime.context.RunSlot),
and each run must still be exactly a fresh one: a program that dirties the headroom, moves
the packet, grows the tail or writes context fields must not see any of it in its next run.
Every run is compared with the same run in a collection loaded just for it."""

from __future__ import annotations

import struct
from typing import Any

import pytest

import ebpy
from ebpy.runtime.context import TestRunError as RefusedInput

ENGINES = ["interp", "jit"]

DIRTY = """
#include "diff/diff.h"
char _license[] SEC("license") = "GPL";

/* Reads 16 bytes of headroom (zero in a fresh run), then dirties them and the packet. */
SEC("xdp") int xdp_dirty(struct xdp_md *ctx)
{
    if (bpf_xdp_adjust_head(ctx, -16))
        return 100;
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    if (data + 24 > end)
        return 101;
    __u64 seen = *(__u64 *)data | *(__u64 *)(data + 8);
    *(__u64 *)data = 0x1111111111111111ULL;
    *(__u64 *)(data + 8) = 0x2222222222222222ULL;
    *(__u8 *)(data + 16) ^= 0xff;
    if (bpf_xdp_adjust_head(ctx, 16))
        return 102;
    /* The grown tail (in data_out) shows what the buffer held there: zeros in a fresh run,
     * even where a longer frame of an earlier run was. */
    bpf_xdp_adjust_tail(ctx, 32);
    return seen == 0 ? 2 : 1;
}

SEC("tc") int tc_marks(struct __sk_buff *skb)
{
    __u32 seen = skb->mark | skb->cb[0] | skb->cb[4] | skb->priority | skb->tc_index;
    skb->mark = 7;
    skb->cb[0] = 9;
    skb->cb[4] = 11;
    skb->priority = 3;
    skb->tc_index = 5;
    return seen;
}
"""


def frames() -> list[bytes]:
    eth = bytes(12) + b"\x08\x00"
    return [
        eth + bytes(range(50)),
        eth + b"\xab" * 200,
        eth + bytes(range(20)),  # shorter than the run before
        eth + b"\x01" * 5000,  # longer than the linear part: fragments
        eth + bytes(range(60)),
    ]


@pytest.fixture(scope="module")
def dirty(compile_bpf: Any) -> Any:
    return ebpy.load_spec(str(compile_bpf(DIRTY, "test_run_reuse")))


def fresh(spec: Any, engine: str, name: str, data: bytes, ctx: bytes | None = None) -> Any:
    with spec.load(engine=engine) as coll:
        return coll.programs[name].test_run(data, ctx=ctx)


@pytest.mark.parametrize("engine", ENGINES)
def test_each_xdp_run_is_a_fresh_one(dirty: Any, engine: str) -> None:
    with dirty.load(engine=engine) as coll:
        prog = coll.programs["xdp_dirty"]
        for data in frames() + frames():
            got = prog.test_run(data)
            want = fresh(dirty, engine, "xdp_dirty", data)
            assert (got.retval, got.data_out, got.ctx_out) == (
                want.retval,
                want.data_out,
                want.ctx_out,
            )
            assert got.retval == 2  # clean headroom and tail, every time


@pytest.mark.parametrize("engine", ENGINES)
def test_each_skb_run_is_a_fresh_one(dirty: Any, engine: str) -> None:
    with dirty.load(engine=engine) as coll:
        prog = coll.programs["tc_marks"]
        for data in frames()[:3] * 2:
            got = prog.test_run(data)
            want = fresh(dirty, engine, "tc_marks", data)
            assert (got.retval, got.data_out, got.ctx_out) == (
                want.retval,
                want.data_out,
                want.ctx_out,
            )
            assert got.retval == 0  # no field kept from the run before


@pytest.mark.parametrize("engine", ENGINES)
def test_refused_input_in_between_changes_nothing(dirty: Any, engine: str) -> None:
    with dirty.load(engine=engine) as coll:
        prog, other = coll.programs["xdp_dirty"], coll.programs["tc_marks"]
        first = prog.test_run(frames()[0])
        with pytest.raises(RefusedInput, match="shorter than an Ethernet header"):
            prog.test_run(b"\x00" * 5)
        with pytest.raises(RefusedInput, match="metadata length"):
            bad_meta = struct.pack("<6I", 3, len(frames()[0]), 0, 0, 0, 0)  # not 4-aligned
            prog.test_run(frames()[0], ctx=bad_meta)
        other.test_run(frames()[1])  # another program's run maps its own packet and context
        again = prog.test_run(frames()[0])
        assert (again.retval, again.data_out) == (first.retval, first.data_out)


@pytest.mark.kernel
def test_reused_runs_agree_with_the_kernel(dirty: Any) -> None:
    with dirty.load(engine="kernel") as kernel, dirty.load(engine="jit") as jit:
        for name in ("xdp_dirty", "tc_marks"):
            for data in frames()[:3] * 2:
                ours = jit.programs[name].test_run(data)
                theirs = kernel.programs[name].test_run(data)
                assert (ours.retval, ours.data_out) == (theirs.retval, theirs.data_out), name
