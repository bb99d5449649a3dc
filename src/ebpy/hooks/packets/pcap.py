"""The capture hook: an XDP program over every frame of a pcap/pcapng file.

Frames the program passes (XDP_PASS) or sends back (XDP_TX) are written to the output
capture as the program left them (rewritten bytes, a moved head or tail), with their original
timestamps; dropped, aborted and redirected frames are only counted.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

from ebpy.hooks.packets import pcap_native
from ebpy.hooks.packets.capture import CaptureFormat, CaptureReader, CaptureWriter, Frame
from ebpy.hooks.packets.process import FrameFault, FrameProcessor, frame_processor
from ebpy.hooks.packets.verdicts import VerdictCounts, XdpAction
from ebpy.runtime.packet import ETH_HLEN

DEFAULT_BATCH = 4096


@dataclass
class CaptureRun:
    """What one pass over a capture did."""

    frames: int = 0
    verdicts: VerdictCounts = field(default_factory=VerdictCounts)
    short: int = 0  # frames shorter than an Ethernet header: not run, not written
    written: int = 0
    modified: int = 0  # written frames whose bytes the program changed (counted with `out`)
    bytes_in: int = 0
    seconds: float = 0.0  # wall time of the whole pass (reading, running, writing)
    run_seconds: float = 0.0  # time inside the program runs only
    engine: str = ""
    batched: bool = False

    @property
    def frames_per_second(self) -> float:
        return self.frames / self.seconds if self.seconds > 0 else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "frames": self.frames,
            **self.verdicts.as_json(),
            "short_frames": self.short,
            "written": self.written,
            "modified": self.modified,
            "bytes_in": self.bytes_in,
            "seconds": round(self.seconds, 6),
            "frames_per_second": round(self.frames_per_second, 1),
        }


def run_capture(
    program: Any,
    source: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    *,
    out_format: CaptureFormat | None = None,
    ingress_ifindex: int = 1,
    batch_size: int = DEFAULT_BATCH,
    processor: FrameProcessor | None = None,
) -> CaptureRun:
    """Run a loaded XDP `program` (interp or jit) over the capture at `source`.

    With `out`, passed and transmitted frames are written there, in `out_format` (default:
    the input's format). A program failure on a frame raises FrameFault naming the frame
    (counted from 0 in the file); the output file is then not created.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    proc = processor if processor is not None else frame_processor(program)
    result = CaptureRun(engine=proc.engine, batched=proc.batched)
    t0 = time.perf_counter()
    with CaptureReader(source) as reader:
        writer = CaptureWriter(out, out_format or reader.format) if out is not None else None
        try:

            def run_frames(frames: list[Frame]) -> None:
                _run_batch(proc, frames, ingress_ifindex, writer, result)

            # The JIT's native batches over a classic pcap run without Python per frame.
            native = pcap_native.run_mapped(
                proc, reader, writer, ingress_ifindex, batch_size, result, run_frames
            )
            if not native:
                batch: list[Frame] = []
                for frame in reader:
                    batch.append(frame)
                    if len(batch) >= batch_size:
                        _run_batch(proc, batch, ingress_ifindex, writer, result)
                        batch = []
                if batch:
                    _run_batch(proc, batch, ingress_ifindex, writer, result)
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        if writer is not None:
            writer.close()
    result.seconds = time.perf_counter() - t0
    return result


def _run_batch(
    proc: FrameProcessor,
    batch: list[Frame],
    ingress: int,
    writer: CaptureWriter | None,
    result: CaptureRun,
) -> None:
    first = result.frames
    result.frames += len(batch)
    result.bytes_in += sum(len(f.data) for f in batch)
    # No driver hands XDP a frame shorter than an Ethernet header, and the kernel's test run
    # refuses one: such frames (a capture's runts) are counted and left out.
    if any(len(f.data) < ETH_HLEN for f in batch):
        index = [i for i, f in enumerate(batch) if len(f.data) >= ETH_HLEN]
        result.short += len(batch) - len(index)
        batch = [batch[i] for i in index]
    else:
        index = None
    datas = [f.data for f in batch]
    t0 = time.perf_counter()
    try:
        out = proc.process(datas, ingress)
    except FrameFault as e:
        at = e.index if index is None else index[e.index]
        last = e.last if index is None or e.last is None else index[e.last]
        raise FrameFault(first + at, e.error, None if last is None else first + last) from None
    result.run_seconds += time.perf_counter() - t0
    result.verdicts.add_all(out.actions, out.redirects)
    if writer is None:
        return
    for i, action in enumerate(out.actions):
        if action != XdpAction.PASS and action != XdpAction.TX:
            continue
        data = out.output(i)
        if data is None:
            continue
        frame = batch[i]
        if data != frame.data:
            result.modified += 1
        # The wire length follows the program's changes; a snapped frame stays snapped.
        writer.write(data, frame.timestamp_ns, len(data) + frame.wire_len - len(frame.data))
        result.written += 1
