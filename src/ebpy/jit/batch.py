"""Running one XDP program over many frames (a whole capture) in one native call.

Frames come as a list; as one buffer with n+1 offsets (frame i is buf[off[i]:off[i+1]]); or
as one buffer with a start and a length per frame, for frames with gaps between them (the
records of a capture file, mapped: the buffer is read where it is, read-only memory too).

A native pass first checks every frame (in order, inside the buffer, at least an Ethernet
header, at most what a test run keeps linear) and names the first bad one; nothing runs when a
frame would be refused, as with test runs. A native loop then copies each frame into a
staging area below 4 GiB (xdp_md holds 32-bit pointers), points a test run's context at it
(the kernel's XDP test-run context: loopback ingress, no metadata) and runs the program on it;
the frame stays there as the program left it, so outputs cost nothing unless read. Verdicts
(r0 as the kernel's test run reports it, 32 bits) come back in an array and counted per
verdict; the loop is timed natively (thread CPU time, as repeated test runs). Per frame
nothing is a Python object.

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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from ebpy.errors import EbpyError
from ebpy.jit.loops import batch_check, batch_loop
from ebpy.jit.lowmem import buffer_address, packet_pool
from ebpy.jit.program import JitProgram
from ebpy.runtime.context import TestRunError, prepare_run
from ebpy.runtime.packet import ETH_HLEN, PAGE_SIZE, SKB_SHARED_INFO, XDP_PACKET_HEADROOM
from ebpy.spec import ProgramType

# What one page holds of a frame in a test run; the rest goes into fragments, which the native
# loop (one linear copy per frame) does not make: batches with longer frames go frame by frame.
LINEAR_MAX = PAGE_SIZE - XDP_PACKET_HEADROOM - SKB_SHARED_INFO
M32 = 0xFFFFFFFF
OTHER = 5  # counts[5]: verdicts outside enum xdp_action
Frames = (
    Sequence[bytes | bytearray | memoryview]
    | tuple[Any, Sequence[int]]  # (buffer, n + 1 offsets)
    | tuple[Any, Sequence[int], Sequence[int]]  # (buffer, starts, lengths)
)


def _u64s(values: Sequence[int], what: str) -> array:
    if isinstance(values, array) and values.typecode == "Q":
        return values
    try:
        return array("Q", values)
    except (OverflowError, TypeError) as e:
        raise EbpyError(f"batch {what}: {e}") from None


def _u32s(values: Sequence[int], what: str) -> array:
    if isinstance(values, array) and values.typecode == "I":
        return values
    try:
        return array("I", values)
    except (OverflowError, TypeError) as e:
        raise EbpyError(f"batch {what}: {e}") from None


class BatchFault(EbpyError):
    """The program failed on frame `index` of a batch (a fault, a helper's error); the frames
    before it ran, the ones after it did not."""

    def __init__(self, index: int, error: BaseException) -> None:
        self.index = index
        self.error = error
        super().__init__(f"frame {index}: {error}")


@dataclass
class FrameBatch:
    """Frames checked for a batch run: where each one is, and the first bad ones."""

    source: Any  # the buffer holding the frames (kept alive as long as the batch)
    address: int  # of its first byte
    size: int
    starts: array  # 'Q': frame i starts at starts[i] in source
    lengths: array  # 'I'
    places: array  # 'Q': where frame i goes in the staging area
    staging_size: int
    disorder: int | None  # first frame out of order, overlapping the one before or past the end
    short: int | None  # first frame shorter than an Ethernet header
    long: int | None  # first frame longer than LINEAR_MAX

    @classmethod
    def of(cls, frames: Frames) -> FrameBatch:
        """Check `frames`: a list of frames, (buffer, n + 1 offsets) or (buffer, starts,
        lengths)."""
        lens_in: array | None = None
        if (
            isinstance(frames, tuple)
            and len(frames) in (2, 3)
            and not isinstance(frames[1], bytes | bytearray | memoryview)
        ):
            source = frames[0]
            starts = _u64s(frames[1], "offsets" if len(frames) == 2 else "starts")
            if len(frames) == 2:
                if not starts:
                    raise EbpyError("batch offsets need one entry more than there are frames")
                n = len(starts) - 1
            else:
                lens_in = _u32s(frames[2], "lengths")
                n = len(starts)
                if len(lens_in) != n:
                    raise EbpyError(
                        f"batch: {n} starts but {len(lens_in)} lengths (one of each per frame)"
                    )
        else:
            items: Sequence[Any] = frames
            source = b"".join(items)  # the join and the sums loop in C
            starts = array("Q", accumulate(map(len, items), initial=0))
            n = len(items)
        view = memoryview(source)
        size = view.nbytes
        address = buffer_address(view) if size else 0
        lengths = array("I", [0]) * n
        places = array("Q", [0]) * n
        found = array("Q", [n, n, n])
        staging = 0
        if n:
            staging = batch_check()(
                starts.buffer_info()[0],
                lens_in.buffer_info()[0] if lens_in is not None else None,
                n,
                size,
                ETH_HLEN,
                LINEAR_MAX,
                lengths.buffer_info()[0],
                places.buffer_info()[0],
                found.buffer_info()[0],
            )
        disorder, short, long = (None if f == n else f for f in found)
        return cls(view, address, size, starts, lengths, places, staging, disorder, short, long)

    def __len__(self) -> int:
        return len(self.lengths)

    def frame(self, i: int) -> memoryview:
        """Frame i as given (before any run)."""
        start = self.starts[i]
        return self.source[start : start + self.lengths[i]]

    def refuse(self) -> None:
        """Raise for what no frame of the batch may run with (all or nothing, as test runs)."""
        if self.disorder is not None:
            raise EbpyError(
                f"batch offsets: frame {self.disorder} is out of order or past the buffer "
                f"({self.size} bytes)"
            )
        if self.short is not None:
            raise TestRunError(
                f"frame {self.short}: data_in of {self.lengths[self.short]} bytes is shorter "
                "than an Ethernet header"
            )


@dataclass
class BatchResult:
    """Per frame: the verdict (r0, 32 bits as test_run reports it) and the output frame."""

    verdicts: array  # 'I', one per frame
    lengths: array  # 'I', bytes of each output frame
    data: Any  # a buffer holding the output frames
    offsets: array  # 'Q', frame i starts at offsets[i] in `data`
    duration_ns: int  # the whole batch (native loop, or the sum of the test runs)
    native: bool  # True when the native loop ran it
    counts: array  # 'Q': frames per verdict 0..4 (enum xdp_action), counts[5] any other
    # Runs with strict=False: (frame, error) the program failed on; their verdict is 0.
    errors: list[tuple[int, EbpyError]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.verdicts)

    def frame(self, i: int) -> bytes:
        start = self.offsets[i]
        return bytes(memoryview(self.data)[start : start + self.lengths[i]])


def pack(frames: Sequence[bytes | bytearray | memoryview]) -> tuple[bytearray, array]:
    """Frames as one buffer and n+1 offsets."""
    # map/accumulate/join loop in C: per-frame Python here would cost more than the native run.
    offsets = array("Q", accumulate(map(len, frames), initial=0))
    return bytearray(b"".join(frames)), offsets


def run_batch(program: Any, frames: Frames | FrameBatch, strict: bool = True) -> BatchResult:
    """Run a loaded XDP program (a UserspaceProgram on the JIT) over every frame.

    `frames`: a list of frames, (buffer, n + 1 offsets), (buffer, starts, lengths), or a
    FrameBatch already made of one of those. A frame the program fails on raises BatchFault
    naming it; with `strict` False its verdict is XDP_ABORTED (0), the error is kept in
    `errors` and the batch goes on.
    """
    batch = frames if isinstance(frames, FrameBatch) else FrameBatch.of(frames)
    batch.refuse()
    exe = program.executable
    if len(batch) and batch.long is None and _native_ok(program, exe):
        return _run_native(program, exe, batch, strict)
    return _run_each(program, batch, strict)


def _native_ok(program: Any, exe: Any) -> bool:
    return (
        isinstance(exe, JitProgram)
        and program.type == ProgramType.XDP
        and not exe.compiled.python_helpers
        and not exe.checked
    )


def _failed(index: int, error: EbpyError, strict: bool, errors: list[tuple[int, EbpyError]]) -> int:
    """A frame the program failed on: raise, or record it and give it XDP_ABORTED."""
    if strict:
        raise BatchFault(index, error) from None
    errors.append((index, error))
    return 0


def _run_native(program: Any, exe: JitProgram, batch: FrameBatch, strict: bool) -> BatchResult:
    coll = program.collection
    n = len(batch)
    # A test run's context (its packet stays unused: frames run in the staging area).
    prepared = prepare_run(
        ProgramType.XDP, coll.space, bytes(ETH_HLEN), None, coll.engine.allocate_packet
    )
    assert prepared.ctx is not None
    ctx = (ctypes.c_char * len(prepared.ctx)).from_buffer(prepared.ctx)
    stage = packet_pool().allocate(batch.staging_size, zero=False)
    verdicts = array("I", [0]) * n
    counts = array("Q", [0]) * (OTHER + 1)
    errors: list[tuple[int, EbpyError]] = []
    loop = batch_loop()
    st = exe._prepare()
    total = 0
    done = 0
    while done < n:
        done = loop(
            ctypes.addressof(st),
            exe.run_address,
            ctypes.addressof(ctx),
            stage.address,
            batch.address,
            batch.starts.buffer_info()[0],
            batch.lengths.buffer_info()[0],
            batch.places.buffer_info()[0],
            done,
            n,
            verdicts.buffer_info()[0],
            counts.buffer_info()[0],
        )
        total += st.duration_ns
        if done < n:  # that frame stopped early: the program's own handling decides
            try:
                verdict = exe._after_stop() & M32
            except EbpyError as e:
                verdict = _failed(done, e, strict, errors)
            verdicts[done] = verdict
            counts[min(verdict, OTHER)] += 1
            done += 1
    del ctx
    return BatchResult(verdicts, batch.lengths, stage, batch.places, total, True, counts, errors)


def _run_each(program: Any, batch: FrameBatch, strict: bool) -> BatchResult:
    n = len(batch)
    verdicts = array("I", [0]) * n
    outputs: list[bytes] = []
    errors: list[tuple[int, EbpyError]] = []
    t0 = time.perf_counter_ns()
    for i in range(n):
        frame = bytes(batch.frame(i))
        try:
            result = program.test_run(frame)
        except EbpyError as e:
            verdicts[i] = _failed(i, e, strict, errors)
            outputs.append(frame)
            continue
        verdicts[i] = result.retval & M32
        outputs.append(result.data_out)
    duration = time.perf_counter_ns() - t0
    out, offsets = pack(outputs)
    lengths = array("I", map(len, outputs))
    counts = array("Q", [0]) * (OTHER + 1)
    for verdict, times in Counter(verdicts).items():
        counts[min(verdict, OTHER)] += times
    return BatchResult(verdicts, lengths, out, offsets, duration, False, counts, errors)
