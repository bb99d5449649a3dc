"""The capture hook's native path: a classic pcap file run and written with no Python object
per frame.

It applies when the program runs in the JIT's native batch loop (a JitBatchProcessor), the
capture is classic pcap (either byte order, micro- or nanosecond timestamps) and the output,
if any, has the input's format:

1. each batch's records are indexed natively (where each frame starts in the mapped file, its
   length) and run by ebpy.jit.batch straight from there: no copy of the file, no bytes
   object per frame. A damaged record stops the run as on the ordinary path: the batches
   before it ran, its own does not, and the reader's error names it;
2. verdicts are counted natively, and the frames passed or sent back are encoded as
   CaptureWriter encodes them (its byte order, the input's timestamps and wire lengths, the
   frame as the program left it), natively, into one buffer written at once.

Frames shorter than an Ethernet header are left out and counted, as the ordinary path does;
a batch holding a frame longer than a page holds runs through the ordinary per-frame code.
What comes out is what the ordinary path gives (tests compare both); only the time differs.
"""

from __future__ import annotations

import ctypes
import time
from array import array
from collections.abc import Callable, Iterator
from functools import cache
from itertools import islice
from typing import Any

from ebpy.hooks.packets.capture import (
    MAX_FRAME,
    PCAP_HEADER,
    CaptureError,
    CaptureFormat,
    CaptureReader,
    CaptureWriter,
    Frame,
)
from ebpy.hooks.packets.process import FrameFault, FrameProcessor, JitBatchProcessor
from ebpy.runtime.packet import ETH_HLEN

_IR = """\
declare i32 @llvm.bswap.i32(i32)
declare void @llvm.prefetch.p0(ptr, i32, i32, i32)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare i32 @ebpy_memcmp(ptr, ptr, i64)

define internal i32 @u32(ptr %p, i64 %swap) {
  %raw = load i32, ptr %p, align 1
  %sw = call i32 @llvm.bswap.i32(i32 %raw)
  %is = icmp ne i64 %swap, 0
  %v = select i1 %is, i32 %sw, i32 %raw
  ret i32 %v
}

; Classic pcap records from offset %off: each frame's offset in the file (after its 16-byte
; record header) and captured length, into %starts and %lens unless they are null. Stops at
; the end of the file, after %max records, or at a record that is truncated or longer than
; %limit. %out[0] = where it stopped, %out[1] = 1 when at a bad record, %out[2] = the bytes
; of the frames indexed. Returns the records.
define i64 @ebpy_pcap_index(ptr %buf, i64 %size, i64 %off, i64 %swap, i64 %limit, i64 %max,
                            ptr %starts, ptr %lens, ptr %out) {
entry:
  %store = icmp ne ptr %starts, null
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %cont ]
  %at = phi i64 [ %off, %entry ], [ %next, %cont ]
  %bytes = phi i64 [ 0, %entry ], [ %bytes1, %cont ]
  %end = icmp uge i64 %at, %size
  %full = icmp uge i64 %i, %max
  %stop = or i1 %end, %full
  br i1 %stop, label %finished, label %record
record:
  %body = add i64 %at, 16
  %short_head = icmp ugt i64 %body, %size
  br i1 %short_head, label %bad, label %read
read:
  %hp = getelementptr i8, ptr %buf, i64 %at
  ; each record's place depends on the one before: fetch ahead along the file, or every
  ; step waits for memory
  %ahead = getelementptr i8, ptr %hp, i64 4096
  call void @llvm.prefetch.p0(ptr %ahead, i32 0, i32 0, i32 1)
  %lp = getelementptr i8, ptr %hp, i64 8
  %incl32 = call i32 @u32(ptr %lp, i64 %swap)
  %incl = zext i32 %incl32 to i64
  %huge = icmp ugt i64 %incl, %limit
  %next = add i64 %body, %incl
  %cut = icmp ugt i64 %next, %size
  %broken = or i1 %huge, %cut
  br i1 %broken, label %bad, label %good
good:
  %i1 = add i64 %i, 1
  %bytes1 = add i64 %bytes, %incl
  br i1 %store, label %keep, label %cont
keep:
  %sp = getelementptr i64, ptr %starts, i64 %i
  store i64 %body, ptr %sp, align 8
  %lenp = getelementptr i32, ptr %lens, i64 %i
  store i32 %incl32, ptr %lenp, align 4
  br label %cont
cont:
  br label %loop
finished:
  store i64 %at, ptr %out, align 8
  %s0 = getelementptr i64, ptr %out, i64 1
  store i64 0, ptr %s0, align 8
  %b0 = getelementptr i64, ptr %out, i64 2
  store i64 %bytes, ptr %b0, align 8
  ret i64 %i
bad:
  store i64 %at, ptr %out, align 8
  %s1 = getelementptr i64, ptr %out, i64 1
  store i64 1, ptr %s1, align 8
  %b1 = getelementptr i64, ptr %out, i64 2
  store i64 %bytes, ptr %b1, align 8
  ret i64 %i
}

; The records CaptureWriter would write (little endian, the input's timestamp unit) for the
; frames of a batch whose verdict is 2 (pass) or 3 (tx): the input record's timestamp (seconds
; carried from an oversized fraction as the writer does), the captured length, the wire length
; (at least the captured one) and the frame as the program left it (%stage + places[i]).
; %stats[0] += records, [1] += frames whose bytes the program changed, [2] = the first frame
; whose timestamp does not fit 32-bit seconds (n: none; nothing is written from it on).
; Returns the bytes written to %out.
define i64 @ebpy_pcap_emit(ptr %buf, ptr %starts, ptr %lens, ptr %stage, ptr %places,
                           ptr %verdicts, i64 %n, i64 %swap, i64 %unit, ptr %out,
                           ptr %stats) {
entry:
  %changedp = getelementptr i64, ptr %stats, i64 1
  %badp = getelementptr i64, ptr %stats, i64 2
  store i64 %n, ptr %badp, align 8
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %done, label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %next ]
  %pos = phi i64 [ 0, %entry ], [ %pos1, %next ]
  %vp = getelementptr i32, ptr %verdicts, i64 %i
  %v = load i32, ptr %vp, align 4
  %is_pass = icmp eq i32 %v, 2
  %is_tx = icmp eq i32 %v, 3
  %sends = or i1 %is_pass, %is_tx
  br i1 %sends, label %emit, label %skip
emit:
  %sp = getelementptr i64, ptr %starts, i64 %i
  %s = load i64, ptr %sp, align 8
  %hs = sub i64 %s, 16
  %hp = getelementptr i8, ptr %buf, i64 %hs
  %secp = getelementptr i8, ptr %hp, i64 0
  %fracp = getelementptr i8, ptr %hp, i64 4
  %origp = getelementptr i8, ptr %hp, i64 12
  %sec = call i32 @u32(ptr %secp, i64 %swap)
  %frac = call i32 @u32(ptr %fracp, i64 %swap)
  %orig = call i32 @u32(ptr %origp, i64 %swap)
  %lenp = getelementptr i32, ptr %lens, i64 %i
  %len32 = load i32, ptr %lenp, align 4
  %len = zext i32 %len32 to i64
  %sec64 = zext i32 %sec to i64
  %frac64 = zext i32 %frac to i64
  %ns_s = mul i64 %sec64, 1000000000
  %ns_f = mul i64 %frac64, %unit
  %ts = add i64 %ns_s, %ns_f
  %sec2 = udiv i64 %ts, 1000000000
  %rem = urem i64 %ts, 1000000000
  %frac2 = udiv i64 %rem, %unit
  %late = icmp ugt i64 %sec2, 4294967295
  br i1 %late, label %too_late, label %write
write:
  %wider = icmp ugt i32 %orig, %len32
  %wire = select i1 %wider, i32 %orig, i32 %len32
  %rp = getelementptr i8, ptr %out, i64 %pos
  %sec32 = trunc i64 %sec2 to i32
  %frac32 = trunc i64 %frac2 to i32
  store i32 %sec32, ptr %rp, align 1
  %r4 = getelementptr i8, ptr %rp, i64 4
  store i32 %frac32, ptr %r4, align 1
  %r8 = getelementptr i8, ptr %rp, i64 8
  store i32 %len32, ptr %r8, align 1
  %r12 = getelementptr i8, ptr %rp, i64 12
  store i32 %wire, ptr %r12, align 1
  %dp = getelementptr i8, ptr %rp, i64 16
  %pp = getelementptr i64, ptr %places, i64 %i
  %place = load i64, ptr %pp, align 8
  %frame = getelementptr i8, ptr %stage, i64 %place
  call void @llvm.memcpy.p0.p0.i64(ptr %dp, ptr %frame, i64 %len, i1 false)
  %inp = getelementptr i8, ptr %buf, i64 %s
  %cmp = call i32 @ebpy_memcmp(ptr %inp, ptr %frame, i64 %len)
  %diff = icmp ne i32 %cmp, 0
  %c = load i64, ptr %changedp, align 8
  %inc = zext i1 %diff to i64
  %c1 = add i64 %c, %inc
  store i64 %c1, ptr %changedp, align 8
  %w = load i64, ptr %stats, align 8
  %w1 = add i64 %w, 1
  store i64 %w1, ptr %stats, align 8
  %grown = add i64 %pos, 16
  %pos2 = add i64 %grown, %len
  br label %next
skip:
  br label %next
next:
  %pos1 = phi i64 [ %pos2, %write ], [ %pos, %skip ]
  %i1 = add i64 %i, 1
  %more = icmp ult i64 %i1, %n
  br i1 %more, label %loop, label %done
too_late:
  store i64 %i, ptr %badp, align 8
  br label %done
done:
  %used = phi i64 [ 0, %entry ], [ %pos1, %next ], [ %pos, %too_late ]
  ret i64 %used
}
"""

_P = ctypes.c_void_p
_U64 = ctypes.c_uint64
_INDEX = ctypes.CFUNCTYPE(_U64, _P, _U64, _U64, _U64, _U64, _U64, _P, _P, _P)
_EMIT = ctypes.CFUNCTYPE(_U64, _P, _P, _P, _P, _P, _P, _U64, _U64, _U64, _P, _P)


@cache
def _native() -> tuple[Any, Any, Any]:
    import llvmlite.binding as llvm

    from ebpy.jit import backend

    backend.target_machine()  # initialises LLVM
    memcmp = ctypes.cast(ctypes.CDLL(None).memcmp, ctypes.c_void_p).value
    assert memcmp is not None
    llvm.add_symbol("ebpy_memcmp", memcmp)
    code = backend.compile_ir(_IR, ["ebpy_pcap_index", "ebpy_pcap_emit"])
    return code, _INDEX(code.address("ebpy_pcap_index")), _EMIT(code.address("ebpy_pcap_emit"))


def _applies(
    proc: FrameProcessor, reader: CaptureReader, writer: CaptureWriter | None, ingress: int
) -> bool:
    return (
        isinstance(proc, JitBatchProcessor)
        and ingress == 1
        and reader.format in (CaptureFormat.PCAP, CaptureFormat.PCAP_NS)
        and (writer is None or writer.format == reader.format)
    )


def run_mapped(
    proc: FrameProcessor,
    reader: CaptureReader,
    writer: CaptureWriter | None,
    ingress: int,
    batch_size: int,
    result: Any,
    run_frames: Callable[[list[Frame]], None],
) -> bool:
    """Run the whole capture natively into `result` (a CaptureRun) when this path applies;
    False, having done nothing, when it does not. `run_frames(frames)` runs a list of Frame
    objects the ordinary way (batches with frames too long for the native loop)."""
    if not _applies(proc, reader, writer, ingress):
        return False
    assert isinstance(proc, JitBatchProcessor)
    _, index, emit = _native()
    buf = reader.buffer
    size = len(buf)
    address = _address(buf)
    swap = int(reader.byte_order == ">")
    unit = 1 if reader.format == CaptureFormat.PCAP_NS else 1000
    slow = _Frames(reader)
    out = bytearray()
    status = array("Q", [0, 0, 0])
    off = PCAP_HEADER
    while off < size:
        starts = array("Q", [0]) * batch_size
        lens = array("I", [0]) * batch_size
        n = index(
            address,
            size,
            off,
            swap,
            MAX_FRAME,
            batch_size,
            starts.buffer_info()[0],
            lens.buffer_info()[0],
            status.buffer_info()[0],
        )
        first = result.frames
        if status[1]:
            # A damaged record: as on the ordinary path, the batch it falls in does not run
            # and the reader names it (walking the file up to it in Python: errors only).
            slow.take(first + n, 1)
            raise CaptureError(f"{reader.path}: damaged record at byte {status[0]}")
        off = status[0]
        del starts[n:], lens[n:]
        _run_batch(
            proc, buf, starts, lens, status[2], first, writer, result, slow, run_frames, emit,
            swap, unit, out,
        )  # fmt: skip
    return True


def _run_batch(
    proc: JitBatchProcessor,
    buf: memoryview,
    starts: array,
    lens: array,
    nbytes: int,
    first: int,
    writer: CaptureWriter | None,
    result: Any,
    slow: _Frames,
    run_frames: Callable[[list[Frame]], None],
    emit: Any,
    swap: int,
    unit: int,
    out: bytearray,
) -> None:
    from ebpy.jit.batch import FrameBatch

    n = len(starts)
    batch = FrameBatch.of((buf, starts, lens))
    if batch.long is not None:  # no fragments in the native loop: the ordinary way
        run_frames(slow.take(first, n))
        return
    result.frames += n
    result.bytes_in += nbytes
    kept: list[int] | None = None
    if batch.short is not None:  # runts are counted and left out, as the ordinary path does
        kept = [i for i in range(n) if lens[i] >= ETH_HLEN]
        result.short += n - len(kept)
        starts = array("Q", (starts[i] for i in kept))
        lens = array("I", (lens[i] for i in kept))
        if not kept:
            return
        batch = FrameBatch.of((buf, starts, lens))
    t0 = time.perf_counter()
    try:
        ran = proc.process_batch(batch)
    except FrameFault as e:
        at = e.index if kept is None else kept[e.index]
        raise FrameFault(first + at, e.error) from None
    result.run_seconds += time.perf_counter() - t0
    assert ran is not None and ran.counts is not None
    for verdict, count in enumerate(ran.counts):
        if count:
            result.verdicts.add(verdict, None, count)
    if writer is None:
        return
    r = ran.native
    need = 16 * n + nbytes  # every frame of the batch written: the most it can take
    if len(out) < need:
        out.extend(bytes(need - len(out)))
    stats = array("Q", [0, 0, 0])
    used = emit(
        _address(buf),
        batch.starts.buffer_info()[0],
        r.lengths.buffer_info()[0],
        _address(r.data),
        r.offsets.buffer_info()[0],
        r.verdicts.buffer_info()[0],
        len(r),
        swap,
        unit,
        _address(out),
        stats.buffer_info()[0],
    )
    writer.write_records(memoryview(out)[:used], stats[0])
    result.written += stats[0]
    result.modified += stats[1]
    if stats[2] < len(r):
        # A timestamp pcap cannot hold: the writer itself refuses it, with its own words.
        late = stats[2] if kept is None else kept[stats[2]]
        (frame,) = slow.take(first + late, 1)
        writer.write(frame.data, frame.timestamp_ns, frame.orig_len)
        raise CaptureError(f"{writer.path}: frame {first + late}: timestamp out of range")


class _Frames:
    """The reader's own frames, advanced only when a batch needs the ordinary way."""

    def __init__(self, reader: CaptureReader) -> None:
        self._it: Iterator[Frame] = iter(reader)
        self._at = 0

    def take(self, first: int, n: int) -> list[Frame]:
        frames = list(islice(self._it, first - self._at, first - self._at + n))
        self._at = first + n
        return frames


def _address(buffer: Any) -> int:
    from ebpy.jit.lowmem import buffer_address

    return buffer_address(buffer)


__all__ = ["run_mapped"]
