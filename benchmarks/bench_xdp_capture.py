"""The packet hook's speed: frames per second over a generated capture, engines side by side.

    python benchmarks/bench_xdp_capture.py [--frames 1000000] [--interp-frames 20000]
                                           [--kernel-frames 200000] [--json]

Generates a capture of --frames frames (pcap, in a temporary folder): simple IMIX sizes
(7:4:1 of 64, 594 and 1518 bytes on the wire, i.e. 60/590/1514 captured), 50% TCP, 35% UDP,
15% other (IPv6, ARP), drawn from 4096 flows of which 1/16 have a blocked source. Then runs
benchmarks/programs/xdp_firewall.o (with those sources in its `blocked` map) over it:

- JIT, native batch: ebpy.jit.batch.run_batch over the frames in chunks, one native call per
  chunk (the wall time of the calls, and the loop's own native timer);
- JIT, capture end to end: `ebpy xdp --pcap IN --out OUT` as a library call (reading the
  pcap, running, writing the passed frames);
- JIT and interpreter frame by frame (the per-frame path every engine has);
- the kernel: the same program and maps, BPF_PROG_TEST_RUN once per frame (a syscall each;
  the kernel's own run-time figure beside it). BPF_F_TEST_XDP_LIVE_FRAMES is not comparable
  (it sends frames out) and is not used.

Slower paths run over a prefix of the capture (--interp-frames, --kernel-frames); frames per
second are per path, by wall time and by the thread's CPU time (user + system: a syscall's
kernel time counts), and the ratio to the kernel's per-frame test runs uses CPU time, which a
busy machine does not distort. Verdict counts of every path over the same frames are checked
equal.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ebpy
from ebpy.hooks.packets import CaptureReader, CaptureWriter, run_capture
from ebpy.hooks.packets import frames as F
from ebpy.hooks.packets.process import FrameProcessor, PerFrameProcessor, frame_processor
from ebpy.hooks.packets.verdicts import VerdictCounts

PROGRAM = Path(__file__).resolve().parent / "programs" / "xdp_firewall.o"
FLOWS = 4096
CHUNK = 65536
IMIX = ((60, 7), (590, 4), (1514, 1))  # captured sizes (wire size minus the FCS), weights


def make_flows(seed: int = 7) -> tuple[list[bytes], list[int]]:
    """Frame templates (one per flow) and the blocked source addresses (u32 as in memory)."""
    rng = random.Random(seed)
    sizes = [s for s, _ in IMIX]
    weights = [w for _, w in IMIX]
    templates, blocked = [], []
    for i in range(FLOWS):
        size = rng.choices(sizes, weights)[0]
        src = f"10.{i % 16}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        kind = rng.random()
        if kind < 0.50:
            frame = F.tcp4(src=src, sport=rng.randrange(1024, 65536), dport=443,
                           payload=bytes(max(0, size - 54)))  # fmt: skip
        elif kind < 0.85:
            frame = F.udp4(src=src, sport=rng.randrange(1024, 65536), dport=53,
                           payload=bytes(max(0, size - 42)))  # fmt: skip
        elif kind < 0.95:
            frame = F.udp6(sport=rng.randrange(1024, 65536), payload=bytes(max(0, size - 62)))
        else:
            frame = F.arp_request(target_ip=f"10.0.0.{rng.randrange(1, 255)}")
        templates.append(frame)
        if i % 16 == 0 and frame[12:14] == b"\x08\x00":
            blocked.append(int.from_bytes(frame[26:30], "little"))
    return templates, blocked


def write_capture(path: Path, n: int, templates: list[bytes], seed: int = 11) -> None:
    rng = random.Random(seed)
    picks = rng.choices(range(len(templates)), k=n)
    with CaptureWriter(path) as w:
        for i, k in enumerate(picks):
            w.write(templates[k], 1_700_000_000_000_000_000 + i * 1000)


def load(engine: str, blocked: list[int]) -> Any:
    coll = ebpy.load_spec(PROGRAM).load(engine=engine)
    for addr in blocked:
        coll.maps["blocked"][addr] = 1
    return coll


class Span:
    """Wall time and this thread's CPU time (user and system) of one path. On a busy machine
    the wall time includes time spent waiting for a CPU; the CPU time does not."""

    def __init__(self) -> None:
        self.wall0, self.cpu0 = time.perf_counter(), time.thread_time()
        self.wall = self.cpu = 0.0

    def stop(self) -> Span:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.thread_time() - self.cpu0
        return self

    @classmethod
    def of(cls, seconds: float) -> Span:
        """A figure from a timer of its own (the JIT's native loop, the kernel's test run)."""
        span = cls()
        span.wall = span.cpu = seconds
        return span


def timed(fn: Callable[[], Any]) -> tuple[Any, Span]:
    span = Span()
    out = fn()
    return out, span.stop()


def add_counts(counts: VerdictCounts, native: Any) -> None:
    """Verdict counts a native batch made (frames per verdict 0..4, then any other value)."""
    for verdict, n in enumerate(native):
        if n:
            counts.add(verdict, None, n)


def jit_native_batch(frames: list[bytes], blocked: list[int]) -> tuple[VerdictCounts, Span, int]:
    """run_batch over the frames packed in chunks (packing not timed: the bench's frames are
    a list; a capture's come mapped, see jit_mapped_batch)."""
    from ebpy.jit.batch import pack, run_batch

    with load("jit", blocked) as coll:
        prog = coll.programs["xdp_firewall"]
        chunks = [pack(frames[i : i + CHUNK]) for i in range(0, len(frames), CHUNK)]
        counts = VerdictCounts()
        native_ns = 0
        span = Span()
        for chunk in chunks:
            r = run_batch(prog, chunk)
            native_ns += r.duration_ns
            add_counts(counts, r.counts)
        span.stop()
        assert r.native, "the firewall's helpers are all native: the batch must run natively"
    return counts, span, native_ns


def record_index(path: Path) -> tuple[list[int], list[int]]:
    """Where each frame of a classic little-endian pcap starts, and its length (not timed)."""
    data = path.read_bytes()
    starts, lengths = [], []
    off = 24
    while off < len(data):
        incl = int.from_bytes(data[off + 8 : off + 12], "little")
        starts.append(off + 16)
        lengths.append(incl)
        off += 16 + incl
    return starts, lengths


def jit_mapped_batch(path: Path, blocked: list[int]) -> tuple[VerdictCounts, Span]:
    """run_batch straight over the mapped capture file: (mmap, starts, lengths) per chunk."""
    import mmap
    from array import array

    from ebpy.jit.batch import run_batch

    starts, lengths = record_index(path)
    chunks = [
        (array("Q", starts[i : i + CHUNK]), array("I", lengths[i : i + CHUNK]))
        for i in range(0, len(starts), CHUNK)
    ]
    with (
        load("jit", blocked) as coll,
        open(path, "rb") as f,
        mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm,
    ):
        prog = coll.programs["xdp_firewall"]
        counts = VerdictCounts()
        span = Span()
        for chunk_starts, chunk_lengths in chunks:
            r = run_batch(prog, (mm, chunk_starts, chunk_lengths))
            add_counts(counts, r.counts)
        span.stop()
        del r
    return counts, span


class Relay(FrameProcessor):
    """Hands batches to another processor: run_capture then takes its ordinary path (a
    Python object per frame), for comparison with its native one."""

    def __init__(self, inner: FrameProcessor) -> None:
        self.inner = inner
        self.engine = inner.engine
        self.batched = inner.batched

    def process(self, frames: Any, ingress_ifindex: int = 1, strict: bool = True) -> Any:
        return self.inner.process(frames, ingress_ifindex, strict)


def per_frame(engine: str, frames: list[bytes], blocked: list[int]) -> tuple[VerdictCounts, Span]:
    with load(engine, blocked) as coll:
        proc = PerFrameProcessor(coll.programs["xdp_firewall"])
        counts = VerdictCounts()
        span = Span()
        for i in range(0, len(frames), CHUNK):
            counts.add_all(proc.process(frames[i : i + CHUNK]).actions)
        return counts, span.stop()


def kernel(frames: list[bytes], blocked: list[int]) -> tuple[VerdictCounts, Span, int] | str:
    try:
        from ebpy.hooks.packets.kernel_ref import KernelXdp

        k = KernelXdp(ebpy.load_spec(PROGRAM))
    except Exception as e:  # no bpf() here: report why instead of a figure
        return f"kernel unavailable: {e}"
    with k:
        for addr in blocked:
            k.maps["blocked"][addr] = 1
        counts = VerdictCounts()
        in_kernel = 0
        run = k.test_run
        span = Span()
        for frame in frames:
            r = run(frame)
            counts.add(r.retval)
            in_kernel += r.duration_ns
        return counts, span.stop(), in_kernel


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=1_000_000)
    ap.add_argument("--interp-frames", type=int, default=20_000)
    ap.add_argument("--kernel-frames", type=int, default=200_000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    n = args.frames
    templates, blocked = make_flows()
    rows: list[dict[str, Any]] = []

    def row(path: str, frames: int, span: Span, counts: VerdictCounts | None) -> None:
        rows.append({
            "path": path, "frames": frames, "seconds": round(span.wall, 4),
            "cpu_seconds": round(span.cpu, 4),
            "frames_per_second": round(frames / span.wall) if span.wall > 0 else None,
            "frames_per_cpu_second": round(frames / span.cpu) if span.cpu > 0 else None,
            "verdicts": counts.as_dict() if counts is not None else None,
        })  # fmt: skip

    with tempfile.TemporaryDirectory(prefix="ebpy-bench-") as tmp:
        src, out = Path(tmp) / "in.pcap", Path(tmp) / "out.pcap"
        _, gen = timed(lambda: write_capture(src, n, templates))

        def read_all() -> list[bytes]:
            with CaptureReader(src) as reader:
                return [f.data for f in reader]

        frames, read_s = timed(read_all)
        row("capture read (pcap -> frames)", n, read_s, None)

        counts, wall, native_ns = jit_native_batch(frames, blocked)
        row("JIT, run_batch over packed chunks (calls)", n, wall, counts)
        row("JIT, run_batch (its native timer)", n, Span.of(native_ns / 1e9), counts)
        full = counts

        mapped, mapped_s = jit_mapped_batch(src, blocked)
        row("JIT, run_batch over the mapped capture", n, mapped_s, mapped)
        assert mapped.as_dict() == full.as_dict()

        with load("jit", blocked) as coll:
            result, e2e = timed(lambda: run_capture(coll.programs["xdp_firewall"], src, out))
        row("JIT, capture end to end (read, run, write)", n, e2e, result.verdicts)
        assert result.verdicts.as_dict() == full.as_dict()

        m = min(n, args.kernel_frames)
        prefix = Path(tmp) / "prefix.pcap"
        with CaptureWriter(prefix) as w:
            for frame in frames[:m]:
                w.write(frame)
        with load("jit", blocked) as coll:
            prog = coll.programs["xdp_firewall"]
            relay = Relay(frame_processor(prog))
            ordinary, ordinary_s = timed(lambda: run_capture(prog, prefix, out, processor=relay))
        row("JIT, capture end to end, Python per frame", m, ordinary_s, ordinary.verdicts)
        jit_counts, jit_s = per_frame("jit", frames[:m], blocked)
        row("JIT, frame by frame", m, jit_s, jit_counts)

        k = min(n, args.interp_frames)
        interp_counts, interp_s = per_frame("interp", frames[:k], blocked)
        row("interpreter, frame by frame", k, interp_s, interp_counts)

        kres = kernel(frames[:m], blocked)
        if isinstance(kres, str):
            note = kres
        else:
            note = ""
            kcounts, kwall, kns = kres
            row("kernel, BPF_PROG_TEST_RUN per frame", m, kwall, kcounts)
            row("kernel, in-kernel run time (its timer)", m, Span.of(kns / 1e9), kcounts)
            assert kcounts.as_dict() == jit_counts.as_dict(), (kcounts, jit_counts)
            prefix = VerdictCounts()
            with load("interp", blocked) as coll:
                prefix.add_all(PerFrameProcessor(coll.programs["xdp_firewall"]).process(
                    frames[:k]).actions)  # fmt: skip
            assert prefix.as_dict() == interp_counts.as_dict()
    if args.json:
        print(json.dumps({"frames": n, "generate_seconds": round(gen.wall, 2), "rows": rows,
                          "note": note}, indent=2))  # fmt: skip
        return
    print(f"xdp_firewall over a {n:,}-frame capture (generated in {gen.wall:.1f} s); "
          f"verdicts {full.as_dict()}")  # fmt: skip
    kernel_fps = next(
        (r["frames_per_cpu_second"] for r in rows if r["path"].startswith("kernel, BPF")), None
    )
    print(f"{'path':<46}{'frames':>11}{'wall s':>9}{'frames/s':>13}{'CPU s':>9}"
          f"{'frames/CPU s':>14}{'vs kernel':>11}")  # fmt: skip
    for r in rows:
        fps, cfps = r["frames_per_second"], r["frames_per_cpu_second"]
        ratio = f"{cfps / kernel_fps:.2f}x" if kernel_fps and cfps else ""
        print(f"{r['path']:<46}{r['frames']:>11,}{r['seconds']:>9.3f}{fps:>13,}"
              f"{r['cpu_seconds']:>9.3f}{cfps:>14,}{ratio:>11}")  # fmt: skip
    print("vs kernel: frames per CPU second against BPF_PROG_TEST_RUN per frame (CPU time "
          "holds on a busy machine; wall time does not)")  # fmt: skip
    if note:
        print(note)


if __name__ == "__main__":
    main()
