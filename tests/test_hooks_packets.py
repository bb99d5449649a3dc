"""The capture hook: XDP programs over pcap/pcapng files on the interpreter and the JIT,
checked frame by frame against BPF_PROG_TEST_RUN in the kernel, and `ebpy xdp` as a user
runs it."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import ebpy
from ebpy.hooks.packets import (
    CaptureFormat,
    CaptureReader,
    Frame,
    FrameFault,
    frame_processor,
    read_capture,
    run_capture,
    write_capture,
)
from ebpy.hooks.packets import frames as F
from ebpy.hooks.packets.verdicts import XdpAction
from ebpy.runtime.xdp_frames import PAGE_FRAME_MAX, XdpFrameRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "xdp"
BENCH = ROOT / "benchmarks" / "programs"
ENGINES = ["interp", "jit"]


def _vlan(frame: bytes, vid: int) -> bytes:
    return frame[:12] + struct.pack("!HH", 0x8100, vid) + frame[12:]


def mixed_frames() -> list[bytes]:
    """Traffic of every kind the examples tell apart, all at least an Ethernet header long."""
    return [
        F.udp4(dport=9999, payload=b"blocked"),
        F.udp4(dport=53, payload=b"q" * 30),
        F.icmp4_echo(payload=b"ping" * 8),
        F.icmp4_echo(reply=True),
        F.tcp4(flags=F.TcpFlags.SYN),
        F.tcp4(payload=b"d" * 1400, src="192.168.1.7"),
        F.arp_request(),
        F.udp6(payload=b"v6"),
        _vlan(F.udp4(dport=9999, pad=False), 42),
        _vlan(F.tcp4(pad=False), 7),
        F.udp4(dport=7, payload=b"echo"),
        F.ethernet(0x0800, b"\x45\x00", pad=False),  # IPv4 cut short after 2 bytes
        F.udp4(ttl=1),
        F.ethernet(0x88B5, b"experimental" * 10),
    ]


def example(name: str) -> Path:
    return EXAMPLES / f"{name}.o"


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    path = tmp_path / "in.pcap"
    write_capture(
        path, [Frame(f, 1_000_000_000 * i + 123_456_000) for i, f in enumerate(mixed_frames())]
    )
    return path


def load(path: Path, engine: str, **options: object):
    return ebpy.load_spec(path).load(engine=engine, **options)


# ---- the examples are what their sources say ---------------------------------------------------
@pytest.mark.parametrize("name", ["port_filter", "ttl_rewrite", "vlan_pop", "redirect"])
def test_example_objects_are_built_from_their_sources(compile_bpf, name: str) -> None:
    fresh = ebpy.load_spec(compile_bpf((EXAMPLES / f"{name}.c").read_text(), name))
    shipped = ebpy.load_spec(example(name))
    assert fresh.programs[name].instructions == shipped.programs[name].instructions
    assert {n: (m.type, m.key_size, m.value_size) for n, m in fresh.maps.items()} == {
        n: (m.type, m.key_size, m.value_size) for n, m in shipped.maps.items()
    }


# ---- the per-frame runner answers what a test run answers ---------------------------------------
GROW = r"""
#include <ebpy/xdp.h>
SEC("xdp") int grow(struct xdp_md *ctx) {
    if (bpf_xdp_adjust_tail(ctx, 64)) return XDP_ABORTED;
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    if (data + 15 > end) return XDP_DROP;
    ((unsigned char *)data)[14] = ctx->ingress_ifindex;
    if (bpf_xdp_adjust_head(ctx, -8)) return XDP_ABORTED;
    return XDP_TX;
}
char _license[] SEC("license") = "GPL";
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_frame_runner_matches_test_run(compile_bpf, engine: str) -> None:
    """Growing the tail and the head needs the same room as in a fresh test run: a page with
    256 bytes of headroom; a frame too big for the page goes on in fragments, and its tail
    grows into the last one."""
    coll = load(compile_bpf(GROW, "grow"), engine)
    prog = coll.programs["grow"]
    runner = XdpFrameRunner(prog)
    sizes = [14, 60, 1514, PAGE_FRAME_MAX - 64, PAGE_FRAME_MAX - 63, PAGE_FRAME_MAX, 5000, 60]
    for size in sizes:
        frame = bytes((i * 7) & 0xFF for i in range(size))
        expected = prog.test_run(data=frame)
        assert runner.run(frame) == expected.retval, size
        got = runner.output() if expected.retval == XdpAction.TX else frame
        want = expected.data_out if expected.retval == XdpAction.TX else frame
        assert got == want, size
    assert [prog.test_run(data=bytes(s)).retval for s in (PAGE_FRAME_MAX - 63, 5000)] == [0, 3]
    runner.set_ingress(9)
    assert runner.run(bytes(60)) == XdpAction.TX and runner.output()[8 + 14] == 9


# ---- captures -----------------------------------------------------------------------------------
def _firewall_verdict(frame: bytes) -> int:
    """What benchmarks/programs/xdp_firewall.c decides, written again in Python."""
    if len(frame) < 14:
        return XdpAction.DROP
    if frame[12:14] != b"\x08\x00":
        return XdpAction.PASS
    if len(frame) < 34 or (frame[14] & 0xF) * 4 < 20:
        return XdpAction.DROP
    hl = (frame[14] & 0xF) * 4
    if frame[23] in (6, 17) and len(frame) < 14 + hl + 4:
        return XdpAction.DROP
    return XdpAction.PASS


@pytest.mark.parametrize("engine", ENGINES)
def test_firewall_over_a_capture(tmp_path: Path, capture: Path, engine: str) -> None:
    out = tmp_path / "out.pcap"
    with load(BENCH / "xdp_firewall.o", engine) as coll:
        result = run_capture(coll.programs["xdp_firewall"], capture, out, batch_size=5)
        verdicts = dict(coll.maps["verdicts"].items())
    frames = read_capture(capture)
    expected = [_firewall_verdict(f.data) for f in frames]
    counts = result.verdicts.as_dict()
    assert counts["pass"] == expected.count(XdpAction.PASS) and counts["drop"] == expected.count(
        XdpAction.DROP
    )
    assert counts["drop"] == 1 and result.frames == len(frames) == result.verdicts.total
    assert verdicts[XdpAction.PASS] == counts["pass"] and verdicts[XdpAction.DROP] == 1
    written = read_capture(out)
    passed = [f for f, v in zip(frames, expected) if v == XdpAction.PASS]
    assert written == passed  # same bytes, same timestamps
    assert result.written == len(passed) and result.modified == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_rewritten_frames_are_written_as_the_program_left_them(
    tmp_path: Path, capture: Path, engine: str
) -> None:
    out = tmp_path / "out.pcap"
    with load(example("ttl_rewrite"), engine) as coll:
        result = run_capture(coll.programs["ttl_rewrite"], capture, out)
    frames = read_capture(capture)
    written = read_capture(out)
    by_ts = {f.timestamp_ns: f for f in frames}
    echo = F.icmp4_echo(payload=b"ping" * 8)
    reply = F.icmp4_echo(
        src="10.0.0.2", dst="10.0.0.1", payload=b"ping" * 8, reply=True,
        src_mac=F.DEFAULT_DST_MAC, dst_mac=F.DEFAULT_SRC_MAC,
    )  # fmt: skip
    assert result.verdicts.tx == 1 and result.verdicts.drop == 1  # the echo; TTL 1
    for f in written:
        original = by_ts[f.timestamp_ns].data
        if original == echo:
            assert f.data == reply  # the checksum the program patched is the right one
        elif original[12:14] == b"\x08\x00" and len(original) >= 34:
            assert f.data[22] == original[22] - 1  # TTL
            assert f.data[:22] == original[:22] and f.data[23] == original[23]
            assert f.data[26:] == original[26:]
            assert F.checksum(f.data[14:34]) == 0  # header checksum still adds up
        else:
            assert f.data == original
    assert (
        result.modified
        == sum(1 for f in frames if f.data[12:14] == b"\x08\x00" and len(f.data) >= 34) - 1
    )  # all complete IPv4 frames but the one dropped for its TTL


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt", [CaptureFormat.PCAPNG, CaptureFormat.PCAP_NS])
def test_adjust_head_and_tail_round_trip(tmp_path: Path, engine: str, fmt: CaptureFormat) -> None:
    inner = [F.udp4(dport=9999, pad=False), F.tcp4(payload=b"t" * 200)]
    frames = [
        Frame(_vlan(inner[0], 42), 1_500_000_000_000_000_001),
        Frame(_vlan(inner[1], 7), 1_500_000_000_000_000_002),
        Frame(F.udp4(pad=True), 3),  # padded to 60: trimmed to 42
        Frame(F.udp4(pad=True)[:50], 4, orig_len=60),  # snapped: the 10 missing bytes stay missing
    ]
    src, out = tmp_path / "in.cap", tmp_path / "out.cap"
    write_capture(src, frames, fmt)
    with load(example("vlan_pop"), engine) as coll:
        result = run_capture(coll.programs["vlan_pop"], src, out)
        vlans = dict(coll.maps["vlans"].items())
    with CaptureReader(out) as reader:
        assert reader.format == fmt
        back = list(reader)
    assert vlans == {42: 1, 7: 1}
    assert [f.data for f in back] == [inner[0], inner[1], F.udp4(pad=False), F.udp4()[:42]]
    assert [f.timestamp_ns for f in back] == [f.timestamp_ns for f in frames]
    assert [f.wire_len for f in back] == [len(inner[0]), len(inner[1]), 42, 52]
    assert result.modified == 4 and result.verdicts.passed == 4


def test_output_format_can_differ_from_the_input(tmp_path: Path, capture: Path) -> None:
    out = tmp_path / "out.pcapng"
    with load(example("port_filter"), "interp") as coll:
        run_capture(coll.programs["port_filter"], capture, out, out_format=CaptureFormat.PCAPNG)
    with CaptureReader(out) as reader:
        assert reader.format == CaptureFormat.PCAPNG
        assert [f.timestamp_ns for f in reader][:2] == [1_123_456_000, 2_123_456_000]


@pytest.mark.parametrize("engine", ENGINES)
def test_redirects_are_counted_by_target_and_not_written(
    tmp_path: Path, capture: Path, engine: str
) -> None:
    out = tmp_path / "out.pcap"
    with load(example("redirect"), engine) as coll:
        coll.maps["ports"][3] = 1  # devmap slot 3 -> loopback (a device every namespace has)
        coll.maps["egress"][5] = 3  # frames arriving on ifindex 5 go to slot 3
        coll.maps["egress"][6] = 4  # slot 4 is empty: bpf_redirect_map falls back to XDP_PASS
        prog = coll.programs["redirect"]
        r5 = run_capture(prog, capture, out, ingress_ifindex=5)
        r6 = run_capture(prog, capture, None, ingress_ifindex=6)
    n = len(mixed_frames())  # one UDP echo (sent back), one cut IPv4 header (dropped)
    assert r5.verdicts.tx == 1 and r5.verdicts.drop == 1 and r5.verdicts.redirect == n - 2
    assert r5.verdicts.redirect_targets == {1: n - 2}
    assert [f.data for f in read_capture(out)] == [F.udp4(dport=7, payload=b"echo")]
    assert r6.verdicts.passed == n - 2 and r6.verdicts.redirect == 0


FAULTY = r"""
#include <ebpy/xdp.h>
SEC("xdp") int faulty(struct xdp_md *ctx) {
    unsigned char *data = (void *)(long)ctx->data;
    /* no bounds check: the verifier rejects it; unverified, frame 2 (20 bytes) faults */
    return data[30] == 0xab ? XDP_DROP : XDP_PASS;
}
char _license[] SEC("license") = "GPL";
"""


def test_a_fault_names_the_frame_and_leaves_no_output(tmp_path: Path, compile_bpf) -> None:
    src, out = tmp_path / "in.pcap", tmp_path / "out.pcap"
    write_capture(src, [bytes(60), bytes(60), bytes(20), bytes(60)])
    coll = load(compile_bpf(FAULTY, "faulty"), "interp", verify=False)
    with pytest.raises(FrameFault) as e:
        run_capture(coll.programs["faulty"], src, out, batch_size=2)
    assert e.value.index == 2 and str(e.value).startswith("frame 2: insn ")
    assert "packet" in str(e.value) and not out.exists()
    assert list(tmp_path.iterdir()) == [src]


# ---- against the kernel -----------------------------------------------------------------------
@pytest.mark.kernel
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["port_filter", "ttl_rewrite", "vlan_pop", "xdp_firewall"])
def test_verdicts_and_frames_match_the_kernel(capture: Path, engine: str, name: str) -> None:
    from ebpy.hooks.packets.kernel_ref import KernelFrameProcessor, KernelXdp

    path = BENCH / "xdp_firewall.o" if name == "xdp_firewall" else example(name)
    spec = ebpy.load_spec(path)
    frames = [f.data for f in read_capture(capture)]
    with KernelXdp(spec) as kernel, spec.load(engine=engine) as coll:
        ours = run_capture(coll.programs[name], capture)
        theirs = run_capture(None, capture, processor=KernelFrameProcessor(kernel))
        assert ours.verdicts == theirs.verdicts
        runner = XdpFrameRunner(coll.programs[name])
        for frame in frames:  # frame by frame: verdict and bytes
            k = kernel.test_run(frame)
            assert runner.run(frame) == k.retval
            assert runner.output() == k.data_out
        for map_name, kmap in kernel.maps.items():
            if not map_name.startswith("."):
                assert dict(coll.maps[map_name].items()) == dict(kmap.items()), map_name


@pytest.mark.kernel
@pytest.mark.parametrize("engine", ENGINES)
def test_growing_frames_matches_the_kernel(compile_bpf, engine: str) -> None:
    from ebpy.hooks.packets.kernel_ref import KernelXdp

    spec = ebpy.load_spec(compile_bpf(GROW, "grow"))
    with KernelXdp(spec) as kernel, spec.load(engine=engine) as coll:
        runner = XdpFrameRunner(coll.programs["grow"])
        sizes = (14, 60, 1514, PAGE_FRAME_MAX - 64, PAGE_FRAME_MAX - 63, PAGE_FRAME_MAX)
        for size in (*sizes, PAGE_FRAME_MAX + 1, 5000, 9000):
            frame = bytes((i * 13) & 0xFF for i in range(size))
            k = kernel.test_run(frame)
            assert runner.run(frame) == k.retval, size
            if k.retval == XdpAction.TX:
                assert runner.output() == k.data_out


# ---- the command --------------------------------------------------------------------------------
def ebpy_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ebpy", *args], capture_output=True, text=True, timeout=120
    )


def one_line_error(proc: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("ebpy xdp: error: ")
    return proc.stderr.strip()


def test_cli_json_report(tmp_path: Path, capture: Path) -> None:
    out = tmp_path / "passed.pcapng"
    proc = ebpy_cli(
        "xdp", str(example("port_filter")), "--pcap", str(capture), "--out", str(out),
        "--out-format", "pcapng", "--json", "--engine", "interp",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["program"] == "port_filter" and report["engine"] == "interp"
    assert report["frames"] == len(mixed_frames())
    assert report["verdicts"] == {"aborted": 0, "drop": 2, "pass": 12, "tx": 0, "redirect": 0}
    assert report["written"] == 12 == len(read_capture(out))
    maps = {m["name"]: m for m in report["maps"]}
    verdicts = {e["key"]: e["value"] for e in maps["verdicts"]["entries"]}
    assert verdicts == {0: 0, 1: 2, 2: 12, 3: 0, 4: 0}
    protocols = {e["key"]: e["value"] for e in maps["protocols"]["entries"]}
    assert protocols == {1: 2, 6: 2, 17: 4}  # ICMP, TCP, UDP (VLAN-tagged frames are not IP)
    assert maps[".rodata"]["entries"] == [{"key": "blocked_port", "value": 9999}]


def test_cli_human_report(capture: Path) -> None:
    proc = ebpy_cli("xdp", str(BENCH / "xdp_firewall.o"), "--pcap", str(capture))
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert f"{len(mixed_frames())} frames from {capture}" in text
    assert "verdicts" in text and "map flows (lru_hash)" in text and "map verdicts" in text


def test_cli_bad_inputs_give_one_line(tmp_path: Path, capture: Path) -> None:
    fw = str(BENCH / "xdp_firewall.o")
    truncated = tmp_path / "cut.pcap"
    truncated.write_bytes(capture.read_bytes()[:130])  # inside the second frame
    msg = one_line_error(ebpy_cli("xdp", fw, "--pcap", str(truncated)))
    assert "truncated frame" in msg and str(truncated) in msg
    msg = one_line_error(ebpy_cli("xdp", fw, "--pcap", str(tmp_path / "none.pcap")))
    assert "No such file or directory" in msg
    msg = one_line_error(ebpy_cli("xdp", fw, "--pcap", fw))
    assert "not a pcap or pcapng capture" in msg
    msg = one_line_error(ebpy_cli("xdp", str(capture), "--pcap", str(capture)))
    assert str(capture) in msg
    msg = one_line_error(ebpy_cli("xdp", fw, "--program", "nope", "--pcap", str(capture)))
    assert "no program 'nope'" in msg
    assert not list(tmp_path.glob("*.tmp"))


def test_cli_rejects_programs_that_are_not_xdp(tmp_path: Path, compile_bpf, capture: Path) -> None:
    obj = compile_bpf(
        '#include <ebpy/bpf.h>\nSEC("socket") int sock(void *ctx) { return 0; }\n', "sock"
    )
    msg = one_line_error(ebpy_cli("xdp", str(obj), "--pcap", str(capture)))
    assert "is socket_filter, not xdp" in msg


def test_cli_usage_errors_exit_2(capture: Path) -> None:
    fw = str(BENCH / "xdp_firewall.o")
    assert one_line_error(ebpy_cli("xdp", fw, "--iface", "lo"), 2).endswith(
        "--iface needs --peer (the interface to forward to)"
    )
    assert "--out goes with --pcap" in one_line_error(
        ebpy_cli("xdp", fw, "--iface", "lo", "--peer", "lo", "--out", "x"), 2
    )
    assert ebpy_cli("xdp", fw).returncode == 2  # neither --pcap nor --iface
    assert ebpy_cli("xdp", fw, "--pcap", str(capture), "--iface", "lo").returncode == 2


def test_cli_verifier_rejection_names_the_line(compile_bpf, capture: Path) -> None:
    obj = compile_bpf(FAULTY, "faulty")
    msg = one_line_error(ebpy_cli("xdp", str(obj), "--pcap", str(capture)))
    assert "invalid access to packet" in msg and "data[30]" in msg
    proc = ebpy_cli("xdp", str(obj), "--pcap", str(capture), "--no-verify", "--json")
    assert proc.returncode == 0, proc.stderr  # every frame here is long enough


def test_include_dir_has_the_headers() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ebpy", "include-dir"], capture_output=True, text=True, timeout=60
    )
    root = Path(proc.stdout.strip())
    assert proc.returncode == 0 and (root / "ebpy" / "xdp.h").is_file()
    assert (root / "ebpy" / "bpf.h").is_file()


# ---- the JIT's native batch loop ----------------------------------------------------------------
@pytest.mark.parametrize(
    "path,name",
    [(BENCH / "xdp_firewall.o", "xdp_firewall"), (example("port_filter"), "port_filter")],
)
def test_jit_batches_answer_as_frame_by_frame(path: Path, name: str) -> None:
    """Programs whose helpers are all native run a whole batch in one native call; the
    verdicts, frames and maps are those of running them one by one on the interpreter."""
    from ebpy.hooks.packets import JitBatchProcessor, PerFrameProcessor

    frames = mixed_frames() * 50
    with load(path, "jit") as jit, load(path, "interp") as interp:
        batch = frame_processor(jit.programs[name])
        assert isinstance(batch, JitBatchProcessor) and batch.batched
        one_by_one = PerFrameProcessor(interp.programs[name])
        a = batch.process(frames)
        b = one_by_one.process(frames)
        assert list(a.actions) == list(b.actions)
        assert [a.output(i) for i in range(len(frames))] == [
            b.output(i) for i in range(len(frames))
        ]
        for map_name in jit.maps:
            assert dict(jit.maps[map_name].items()) == dict(interp.maps[map_name].items())
        # Another ingress interface than the batch loop's goes frame by frame, same answers.
        assert list(batch.process(frames[:20], ingress_ifindex=7).actions) == list(b.actions[:20])


def test_programs_with_python_helpers_run_frame_by_frame() -> None:
    from ebpy.hooks.packets import PerFrameProcessor

    with load(example("vlan_pop"), "jit") as coll:  # bpf_xdp_adjust_head moves the packet
        assert type(frame_processor(coll.programs["vlan_pop"])) is PerFrameProcessor
    with load(BENCH / "xdp_firewall.o", "interp") as coll:
        assert type(frame_processor(coll.programs["xdp_firewall"])) is PerFrameProcessor


def test_shipped_headers_declare_helpers_by_their_kernel_ids() -> None:
    """Every helper declared in the shipped headers (bpf.h, net.h, xdp.h, skb.h) has the
    kernel's id, and each is one the userspace engines provide."""
    import re

    from ebpy.helpers import HELPERS
    from ebpy.hooks import include_dir
    from ebpy.spec.helper_ids import HELPER_IDS

    decl = re.compile(r"\(\*(bpf_\w+)\)\([^;]*?\)\s*=\s*\(void \*\)\s*(\d+);", re.S)
    found = {}
    counts = {}
    for header in ("bpf.h", "net.h", "xdp.h", "skb.h"):
        declared = decl.findall((include_dir() / "ebpy" / header).read_text())
        counts[header] = len(declared)
        found.update(declared)
    # bpf_redirect in net.h, 4 XDP helpers in xdp.h, 19 sk_buff and 9 socket helpers in skb.h
    assert counts == {"bpf.h": 36, "net.h": 1, "xdp.h": 4, "skb.h": 28}
    assert len(found) == 69  # none declared twice
    assert {name: int(i) for name, i in found.items()} == {n: HELPER_IDS[n] for n in found}
    assert {HELPER_IDS[n] for n in found} <= set(HELPERS)


@pytest.mark.parametrize("engine", ENGINES)
def test_frames_shorter_than_ethernet_are_counted_not_run(tmp_path: Path, engine: str) -> None:
    src, out = tmp_path / "in.pcap", tmp_path / "out.pcap"
    write_capture(src, [F.udp4(), b"\x01\x02", bytes(13), F.tcp4(), bytes(14)])
    with load(BENCH / "xdp_firewall.o", engine) as coll:
        result = run_capture(coll.programs["xdp_firewall"], src, out)
        runs = sum(dict(coll.maps["verdicts"].items()).values())
    assert result.frames == 5 and result.short == 2 and runs == 3
    assert result.verdicts.as_dict() == {"aborted": 0, "drop": 0, "pass": 3, "tx": 0, "redirect": 0}
    assert [f.data for f in read_capture(out)] == [F.udp4(), F.tcp4(), bytes(14)]


def test_ingress_must_be_a_u32(capture: Path) -> None:
    with (
        load(example("port_filter"), "jit") as coll,
        pytest.raises(ebpy.errors.EbpyError, match=r"xdp_md\.ingress_ifindex is a u32; -1"),
    ):
        run_capture(coll.programs["port_filter"], capture, ingress_ifindex=-1)


def test_jumbo_frames_keep_their_fragments_on_every_path(tmp_path: Path) -> None:
    """Frames longer than a page go on in fragments (as in the kernel's test run); batches
    holding one run frame by frame, and the output keeps every byte."""
    src, out = tmp_path / "in.pcap", tmp_path / "out.pcap"
    jumbo = F.udp4(payload=bytes(range(256)) * 35)  # 8,960 bytes of payload
    frames = [F.udp4(), jumbo, F.tcp4()]
    write_capture(src, frames)
    for engine in ENGINES:
        with load(BENCH / "xdp_firewall.o", engine) as coll:
            result = run_capture(coll.programs["xdp_firewall"], src, out)
        assert result.verdicts.passed == 3 and [f.data for f in read_capture(out)] == frames
