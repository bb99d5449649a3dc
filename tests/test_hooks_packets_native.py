"""The capture hook's native path (pcap_native) gives what its ordinary path gives: the same
counts, the same output file byte for byte, the same errors at the same frames, for classic
pcap in both byte orders and both timestamp units, with runts, jumbo frames, snapped frames,
odd timestamps, faults and damaged records."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

import ebpy
from ebpy.hooks.packets import CaptureError, FrameFault, frame_processor, pcap_native, run_capture
from ebpy.hooks.packets import frames as F
from ebpy.hooks.packets.process import FrameProcessor, JitBatchProcessor

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "xdp"
MAGIC = {False: 0xA1B2C3D4, True: 0xA1B23C4D}  # microseconds, nanoseconds


class Relay(FrameProcessor):
    """Hands batches to the JIT's processor: run_capture takes its ordinary path."""

    def __init__(self, inner: FrameProcessor) -> None:
        self.inner = inner
        self.engine = inner.engine
        self.batched = inner.batched

    def process(self, frames: Any, ingress_ifindex: int = 1, strict: bool = True) -> Any:
        return self.inner.process(frames, ingress_ifindex, strict)


Record = tuple[int, int, bytes, int]  # seconds, fraction, captured bytes, wire length


def pcap(path: Path, records: list[Record], order: str = "<", ns: bool = False) -> Path:
    out = bytearray(struct.pack(order + "IHHiIII", MAGIC[ns], 2, 4, 0, 0, 65535, 1))
    for sec, frac, data, wire in records:
        out += struct.pack(order + "IIII", sec, frac, len(data), wire) + data
    path.write_bytes(bytes(out))
    return path


def traffic() -> list[Record]:
    frames = [
        F.udp4(dport=9999, payload=b"blocked"),
        F.udp4(dport=53, payload=b"q" * 30, ttl=9),
        F.tcp4(payload=b"d" * 1400, src="192.168.1.7"),
        F.icmp4_echo(payload=b"ping" * 8),
        F.arp_request(),
        F.udp4(ttl=1),
        bytes(10),  # a runt: counted, not run
        F.udp6(payload=b"v6"),
        F.tcp4(flags=F.TcpFlags.SYN),
    ]
    records: list[Record] = []
    for i, f in enumerate(frames * 5):
        wire = len(f) + (100 if i % 4 == 0 else 0)  # some frames snapped
        frac = 999_999 + i if i % 7 == 0 else 1000 * i  # some fractions past a second
        records.append((1_700_000_000 + i, frac, f, wire))
    return records


@pytest.fixture(autouse=True)
def paths_taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each run_capture took the native path, in order."""
    taken: list[bool] = []
    real = pcap_native.run_mapped

    def spy(*args: Any) -> bool:
        done = real(*args)
        taken.append(done)
        return done

    monkeypatch.setattr(pcap_native, "run_mapped", spy)
    return taken


def both(
    program: Any, src: Path, tmp_path: Path, batch_size: int = 4, **kw: Any
) -> tuple[Any, bytes, Any, bytes]:
    """(run, output bytes) natively and the ordinary way."""
    out_n, out_o = tmp_path / "native.pcap", tmp_path / "ordinary.pcap"
    proc = frame_processor(program)
    assert isinstance(proc, JitBatchProcessor)
    native = run_capture(program, src, out_n, batch_size=batch_size, processor=proc, **kw)
    ordinary = run_capture(program, src, out_o, batch_size=batch_size, processor=Relay(proc), **kw)
    return native, out_n.read_bytes(), ordinary, out_o.read_bytes()


def same(native: Any, ordinary: Any) -> None:
    keys = ("frames", "short", "written", "modified", "bytes_in")
    assert {k: getattr(native, k) for k in keys} == {k: getattr(ordinary, k) for k in keys}
    assert native.verdicts == ordinary.verdicts


PROGRAMS = {
    "ttl_rewrite": EXAMPLES / "ttl_rewrite.o",  # rewrites frames
    "port_filter": EXAMPLES / "port_filter.o",
    "xdp_parse": ROOT / "benchmarks" / "programs" / "xdp_parse.o",  # per-CPU and LRU maps
}


@pytest.mark.parametrize("name", list(PROGRAMS))
@pytest.mark.parametrize(("order", "ns"), [("<", False), (">", False), ("<", True), (">", True)])
def test_native_and_ordinary_paths_agree(
    tmp_path: Path, name: str, order: str, ns: bool, paths_taken: list[bool]
) -> None:
    src = pcap(tmp_path / "in.pcap", traffic(), order, ns)
    with ebpy.load_spec(PROGRAMS[name]).load(engine="jit") as coll:
        native, out_n, ordinary, out_o = both(coll.programs[name], src, tmp_path)
    assert paths_taken == [True, False]
    same(native, ordinary)
    assert out_n == out_o
    assert native.short == 5 and native.written > 0
    if name == "ttl_rewrite":
        assert native.modified > 0


def test_jumbo_frames_take_the_ordinary_code_for_their_batch(tmp_path: Path) -> None:
    records = traffic()
    records.insert(11, (1_700_000_100, 5, F.udp4(payload=bytes(5000)), 5042))
    src = pcap(tmp_path / "in.pcap", records)
    with ebpy.load_spec(EXAMPLES / "ttl_rewrite.o").load(engine="jit") as coll:
        native, out_n, ordinary, out_o = both(coll.programs["ttl_rewrite"], src, tmp_path)
    same(native, ordinary)
    assert out_n == out_o


def test_no_output_file_counts_the_same(tmp_path: Path, paths_taken: list[bool]) -> None:
    src = pcap(tmp_path / "in.pcap", traffic())
    with ebpy.load_spec(EXAMPLES / "port_filter.o").load(engine="jit") as coll:
        prog = coll.programs["port_filter"]
        proc = frame_processor(prog)
        native = run_capture(prog, src, None, batch_size=8, processor=proc)
        ordinary = run_capture(prog, src, None, batch_size=8, processor=Relay(proc))
    same(native, ordinary)
    assert paths_taken == [True, False]


def test_other_formats_and_interfaces_take_the_ordinary_path(
    tmp_path: Path, paths_taken: list[bool]
) -> None:
    from ebpy.hooks.packets import CaptureFormat, write_capture

    src = pcap(tmp_path / "in.pcap", traffic())
    ng = tmp_path / "in.pcapng"
    write_capture(ng, [r[2] for r in traffic()], CaptureFormat.PCAPNG)
    with ebpy.load_spec(EXAMPLES / "port_filter.o").load(engine="jit") as coll:
        prog = coll.programs["port_filter"]
        run_capture(prog, ng, tmp_path / "a.pcapng")
        run_capture(prog, src, tmp_path / "b.pcapng", out_format=CaptureFormat.PCAPNG)
        run_capture(prog, src, None, ingress_ifindex=3)
        run_capture(prog, src, tmp_path / "c.pcap")
    assert paths_taken == [False, False, False, True]


@pytest.mark.parametrize("cut", [3, 30, 100])
def test_damaged_records_fail_where_the_reader_says(tmp_path: Path, cut: int) -> None:
    """A truncated record: the batches before it ran on both paths, with the same maps
    afterwards, and the same error."""
    src = tmp_path / "in.pcap"
    data = pcap(src, traffic()).read_bytes()
    src.write_bytes(data[:-cut])
    errors, maps = [], []
    for relay in (False, True):
        with ebpy.load_spec(ROOT / "benchmarks" / "programs" / "xdp_firewall.o").load(
            engine="jit"
        ) as coll:
            prog = coll.programs["xdp_firewall"]
            proc = frame_processor(prog)
            with pytest.raises(CaptureError) as caught:
                run_capture(prog, src, tmp_path / "out.pcap", batch_size=8,
                            processor=Relay(proc) if relay else proc)  # fmt: skip
            errors.append(str(caught.value))
            maps.append(sorted(coll.maps["verdicts"].items()))
        assert not (tmp_path / "out.pcap").exists()
    assert errors[0] == errors[1] and "truncated" in errors[0]
    assert maps[0] == maps[1]


def test_a_fault_names_the_frame_in_the_file(tmp_path: Path, compile_bpf: Any) -> None:
    """Runts are left out of the batch the program sees; the fault still names the frame by
    its place in the file."""
    source = r"""
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
    spec = ebpy.load_spec(compile_bpf(source, "packets_native_spin"))
    frames = [bytes([1]) * 60, bytes(5), bytes([2]) * 60, bytes(3), bytes([0xAA]) * 60]
    src = pcap(tmp_path / "in.pcap", [(1, 0, f, len(f)) for f in frames * 3])
    with spec.load(engine="jit", verify=False, budget=10_000) as coll:
        prog = coll.programs["spin"]
        for processor in (frame_processor(prog), Relay(frame_processor(prog))):
            with pytest.raises(FrameFault) as caught:
                run_capture(prog, src, tmp_path / "o.pcap", batch_size=4, processor=processor)
            assert caught.value.index == 4
    assert not (tmp_path / "o.pcap").exists()
