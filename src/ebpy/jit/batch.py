"""Running one XDP program over many frames (a whole capture) in one native call.

The frames are packed in one buffer with an offsets array (frame i is
data[offsets[i]:offsets[i+1]]). A native loop, compiled once per process, copies each frame into
the packet buffer of a test run (the kernel's geometry: 256 bytes of headroom), points the
context's data/data_end/data_meta at it, runs the program through its run state and copies the
packet back; verdicts (r0 as the kernel's test run reports it, 32 bits) and lengths come back in
arrays, the whole batch timed natively (thread CPU time, as repeated test runs). Frames are independent: each starts from its own bytes.

The native loop is only right when nothing can move the packet behind its back and every frame
fits the page a test run gives it: a program that calls helpers in Python (bpf_xdp_adjust_head
and friends are), runs in checked mode or is not XDP, and a batch with a frame longer than a
page's linear part (the rest would be fragments), run frame by frame through `test_run`
instead, with the same result.
"""

from __future__ import annotations

import ctypes
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, islice
from operator import le, sub
from typing import Any

from ebpy.errors import EbpyError
from ebpy.jit.loops import batch_loop
from ebpy.jit.lowmem import buffer_address
from ebpy.jit.program import JitProgram
from ebpy.runtime.context import TestRunError, prepare_run
from ebpy.runtime.packet import ETH_HLEN, PAGE_SIZE, SKB_SHARED_INFO, XDP_PACKET_HEADROOM
from ebpy.spec import ProgramType

# What one page holds of a frame in a test run; the rest goes into fragments, which the native
# loop (one linear copy per frame) does not make: batches with longer frames go frame by frame.
LINEAR_MAX = PAGE_SIZE - XDP_PACKET_HEADROOM - SKB_SHARED_INFO


@dataclass
class BatchResult:
    """Per frame: the verdict (r0, 32 bits as test_run reports it) and the output frame."""

    verdicts: array  # 'I', one per frame
    lengths: array  # 'I', bytes of each output frame
    data: bytearray  # the output frames, packed
    offsets: array  # 'Q', frame i starts at offsets[i] in `data`
    duration_ns: int  # the whole batch (native loop, or the sum of the test runs)
    native: bool  # True when the native loop ran it

    def __len__(self) -> int:
        return len(self.verdicts)

    def frame(self, i: int) -> bytes:
        start = self.offsets[i]
        return bytes(self.data[start : start + self.lengths[i]])


def pack(frames: Sequence[bytes | bytearray | memoryview]) -> tuple[bytearray, array]:
    """Frames as one buffer and n+1 offsets."""
    # map/accumulate/join loop in C: per-frame Python here would cost more than the native run.
    offsets = array("Q", accumulate(map(len, frames), initial=0))
    return bytearray(b"".join(frames)), offsets


def run_batch(
    program: Any,
    frames: Sequence[bytes | bytearray | memoryview] | tuple[bytes | bytearray, Sequence[int]],
) -> BatchResult:
    """Run a loaded XDP program (a UserspaceProgram on the JIT) over every frame.

    `frames` is a list of frames, or (buffer, offsets) with len(frames) + 1 offsets.
    """
    if isinstance(frames, tuple) and len(frames) == 2 and not isinstance(frames[1], bytes):
        buf_in, offs = frames
        data = bytearray(buf_in)
        if isinstance(offs, array) and offs.typecode == "Q":
            offsets = offs
        else:
            offsets = array("Q", map(int, offs))
        _check_offsets(offsets, len(data))
    else:
        data, offsets = pack(frames)
    exe = program.executable
    n = len(offsets) - 1
    _check_lengths(offsets)
    verdicts = array("I", bytes(4 * n))
    lengths = array("I", bytes(4 * n))
    if _native_ok(program, exe) and _longest(offsets) <= LINEAR_MAX:
        duration = _run_native(program, exe, data, offsets, verdicts, lengths)
        return BatchResult(verdicts, lengths, data, offsets, duration, True)
    return _run_each(program, data, offsets, verdicts, lengths)


def _check_offsets(offsets: array, size: int) -> None:
    if not offsets:
        raise EbpyError("batch offsets need one entry more than there are frames")
    if offsets[-1] <= size and all(map(le, offsets, islice(offsets, 1, None))):
        return  # the common case, checked without a Python loop; else find the bad one
    prev = 0
    for i, o in enumerate(offsets):
        if o < prev or o > size:
            raise EbpyError(
                f"batch offsets: offset {i} ({o}) is out of order or past the buffer ({size} bytes)"
            )
        prev = o


def _check_lengths(offsets: array) -> None:
    """As test runs: a frame shorter than an Ethernet header is refused. All or nothing: no
    frame runs when one would be refused (checked in C in the common case)."""
    sizes = map(sub, islice(offsets, 1, None), offsets)
    if min(sizes, default=ETH_HLEN) >= ETH_HLEN:
        return
    for i, size in enumerate(map(sub, islice(offsets, 1, None), offsets)):
        if size < ETH_HLEN:
            raise TestRunError(
                f"frame {i}: data_in of {size} bytes is shorter than an Ethernet header"
            )


def _longest(offsets: array) -> int:
    return max(map(sub, islice(offsets, 1, None), offsets), default=0)


def _native_ok(program: Any, exe: Any) -> bool:
    return (
        isinstance(exe, JitProgram)
        and program.type == ProgramType.XDP
        and not exe.compiled.python_helpers
        and not exe.checked
    )


def _run_native(
    program: Any, exe: JitProgram, data: bytearray, offsets: array, verdicts: array, lengths: array
) -> int:
    coll = program.collection
    n = len(offsets) - 1
    longest = _longest(offsets)
    prepared = prepare_run(
        ProgramType.XDP, coll.space, bytes(longest), None, coll.engine.allocate_packet
    )
    pkt = prepared.packet
    assert pkt is not None and prepared.ctx is not None
    ctx_buf = (ctypes.c_char * len(prepared.ctx)).from_buffer(prepared.ctx)
    packet_data = buffer_address(pkt.buf) + pkt.data
    data_buf = (ctypes.c_char * max(1, len(data))).from_buffer(data) if data else None
    loop = batch_loop()
    st = exe._prepare()
    total = 0
    done = 0
    while done < n:
        done = loop(
            ctypes.addressof(st),
            exe.run_address,
            ctypes.addressof(ctx_buf),
            packet_data,
            ctypes.addressof(data_buf) if data_buf is not None else None,
            offsets.buffer_info()[0],
            done,
            n,
            verdicts.buffer_info()[0],
            lengths.buffer_info()[0],
        )
        total += st.duration_ns
        if done < n:  # that frame stopped early: the program's own handling decides
            verdicts[done] = exe._after_stop() & 0xFFFFFFFF
            start, stop = offsets[done], offsets[done + 1]
            lengths[done] = stop - start
            data[start:stop] = pkt.buf[pkt.data : pkt.data + stop - start]
            done += 1
    del ctx_buf, data_buf
    return total


def _run_each(
    program: Any, data: bytearray, offsets: array, verdicts: array, lengths: array
) -> BatchResult:
    outputs = []
    t0 = time.perf_counter_ns()
    for i in range(len(offsets) - 1):
        result = program.test_run(bytes(data[offsets[i] : offsets[i + 1]]))
        verdicts[i] = result.retval & 0xFFFFFFFF
        lengths[i] = len(result.data_out)
        outputs.append(result.data_out)
    duration = time.perf_counter_ns() - t0
    out, out_offsets = pack(outputs)
    return BatchResult(verdicts, lengths, out, out_offsets, duration, False)
