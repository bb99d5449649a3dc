"""pcap and pcapng reading and writing: both byte orders, both timestamp resolutions, pcapng
sections, interfaces and block kinds, and one-line errors for broken or foreign files."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from ebpy.hooks.packets import (
    CaptureError,
    CaptureFormat,
    CaptureReader,
    CaptureWriter,
    Frame,
    read_capture,
    write_capture,
)
from ebpy.hooks.packets import frames as F

FRAMES = [
    Frame(F.udp4(sport=1), 1_700_000_000_123_456_789),
    Frame(F.tcp4(payload=b"x" * 100), 1_700_000_001_000_000_001),
    Frame(F.arp_request(), 5),
    Frame(F.udp6(payload=b"y" * 1400), 0),
]


def _pcap(
    order: str, magic: int, records: list[tuple[int, int, bytes, int]], link: int = 1
) -> bytes:
    out = struct.pack(order + "IHHiIII", magic, 2, 4, 0, 0, 65535, link)
    for sec, frac, data, orig in records:
        out += struct.pack(order + "IIII", sec, frac, len(data), orig) + data
    return out


def _block(order: str, kind: int, body: bytes) -> bytes:
    body += bytes(-len(body) % 4)
    return (
        struct.pack(order + "II", kind, 12 + len(body))
        + body
        + struct.pack(order + "I", 12 + len(body))
    )


def _option(order: str, code: int, value: bytes) -> bytes:
    return struct.pack(order + "HH", code, len(value)) + value + bytes(-len(value) % 4)


def _shb(order: str) -> bytes:
    return _block(order, 0x0A0D0D0A, struct.pack(order + "IHHq", 0x1A2B3C4D, 1, 0, -1))


def _idb(order: str, link: int = 1, snaplen: int = 0, options: bytes = b"") -> bytes:
    if options:
        options += _option(order, 0, b"")
    return _block(order, 1, struct.pack(order + "HHI", link, 0, snaplen) + options)


def _epb(order: str, iface: int, ticks: int, data: bytes, orig: int | None = None) -> bytes:
    head = struct.pack(
        order + "IIIII", iface, ticks >> 32, ticks & 0xFFFFFFFF, len(data), orig or len(data)
    )
    return _block(order, 6, head + data)


def _spb(order: str, data: bytes, orig: int | None = None) -> bytes:
    return _block(order, 3, struct.pack(order + "I", orig or len(data)) + data)


# ---- round trips --------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", list(CaptureFormat))
def test_round_trip_keeps_frames_and_timestamps(tmp_path: Path, fmt: CaptureFormat) -> None:
    path = tmp_path / f"t.{fmt.value}"
    write_capture(path, FRAMES, fmt)
    with CaptureReader(path) as reader:
        assert reader.format == fmt and reader.link_type == 1
        back = list(reader)
    assert [f.data for f in back] == [f.data for f in FRAMES]
    # Microsecond pcap keeps microseconds; the others keep every nanosecond.
    step = 1000 if fmt == CaptureFormat.PCAP else 1
    assert [f.timestamp_ns for f in back] == [(f.timestamp_ns or 0) // step * step for f in FRAMES]
    assert [f.wire_len for f in back] == [len(f.data) for f in FRAMES]


def test_pcap_bytes_are_the_documented_layout(tmp_path: Path) -> None:
    path = tmp_path / "one.pcap"
    with CaptureWriter(path, CaptureFormat.PCAP, snaplen=1500) as w:
        w.write(b"\xaa" * 20, 3_000_004_999, orig_len=60)
    raw = path.read_bytes()
    assert raw[:24] == struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 1500, 1)
    assert raw[24:40] == struct.pack("<IIII", 3, 4, 20, 60)
    assert raw[40:] == b"\xaa" * 20


@pytest.mark.parametrize("order", ["<", ">"])
@pytest.mark.parametrize("magic,scale", [(0xA1B2C3D4, 1000), (0xA1B23C4D, 1)])
def test_pcap_both_byte_orders_and_resolutions(
    tmp_path: Path, order: str, magic: int, scale: int
) -> None:
    data = [F.udp4(), F.tcp4()[:40]]
    path = tmp_path / "x.pcap"
    path.write_bytes(_pcap(order, magic, [(10, 20, data[0], len(data[0])), (11, 5, data[1], 54)]))
    frames = read_capture(path)
    assert [f.data for f in frames] == data
    assert [f.timestamp_ns for f in frames] == [10 * 10**9 + 20 * scale, 11 * 10**9 + 5 * scale]
    assert frames[1].orig_len == 54 and frames[1].wire_len == 54  # snapped capture


@pytest.mark.parametrize("order", ["<", ">"])
def test_pcapng_sections_interfaces_and_block_kinds(tmp_path: Path, order: str) -> None:
    a, b, c, d = F.udp4(sport=1), F.udp4(sport=2), F.tcp4(), F.arp_request()
    ms = _option(order, 9, b"\x03")  # if_tsresol 10^-3
    pow2 = _option(order, 9, b"\x8a") + _option(order, 14, struct.pack(order + "q", 100))
    raw = (
        _shb(order)
        + _idb(order, options=ms)
        + _block(order, 4, b"\x00" * 8)  # a name resolution block: skipped
        + _idb(order, snaplen=30, options=pow2)
        + _epb(order, 0, 1500, a)  # 1.5 s in milliseconds
        + _epb(order, 1, 3 * 1024, b)  # 3 s in 1/1024 s, plus the 100 s offset
        + _spb(order, c, len(c))  # simple packet: interface 0, no timestamp
        + _block(order, 0x40000BAD, b"custom")  # a custom block: skipped
        + _shb(order)  # a new section: interfaces restart
        + _idb(order)
        + _epb(order, 0, 7_000_001, d, 100)  # default resolution: microseconds
    )
    path = tmp_path / "x.pcapng"
    path.write_bytes(raw)
    frames = read_capture(path)
    assert [f.data for f in frames] == [a, b, c, d]
    assert [f.timestamp_ns for f in frames] == [1_500_000_000, 103 * 10**9, None, 7_000_001_000]
    assert [f.interface for f in frames] == [0, 1, 0, 0]
    assert frames[3].wire_len == 100


def test_pcapng_simple_packet_is_cut_at_the_interface_snaplen(tmp_path: Path) -> None:
    data = F.udp4(payload=b"z" * 100)
    path = tmp_path / "s.pcapng"
    path.write_bytes(_shb("<") + _idb("<", snaplen=64) + _spb("<", data))
    (frame,) = read_capture(path)
    assert frame.data == data[:64] and frame.wire_len == len(data)


def test_pcapng_writer_keeps_missing_timestamps_as_simple_packets(tmp_path: Path) -> None:
    path = tmp_path / "w.pcapng"
    with CaptureWriter(path, CaptureFormat.PCAPNG) as w:
        w.write(b"\x01" * 17, None)
        w.write(b"\x02" * 18, 42)
    assert [(f.data, f.timestamp_ns) for f in read_capture(path)] == [
        (b"\x01" * 17, None),
        (b"\x02" * 18, 42),
    ]


def test_writer_abort_and_failure_leave_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "out.pcap"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError), CaptureWriter(path) as w:
        w.write(F.udp4())
        raise RuntimeError("boom")
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pcap"]
    with pytest.raises(CaptureError, match="No such file or directory"):
        CaptureWriter(tmp_path / "missing" / "out.pcap")


def test_writer_refuses_timestamps_it_cannot_store(tmp_path: Path) -> None:
    with CaptureWriter(tmp_path / "t.pcap") as w:
        w.write(b"x" * 14, -5)  # before 1970: written as 0
        with pytest.raises(CaptureError, match="is past 2106"):
            w.write(b"x" * 14, (1 << 32) * 10**9)
    assert [f.timestamp_ns for f in read_capture(tmp_path / "t.pcap")] == [0]


def test_reader_streams_large_captures(tmp_path: Path) -> None:
    path = tmp_path / "many.pcap"
    with CaptureWriter(path) as w:
        for i in range(20000):
            w.write(F.udp4(sport=i % 65536), i)
    with CaptureReader(path) as reader:
        n = sum(1 for _ in reader)
        assert reader.frames_read == n == 20000


# ---- bad files ----------------------------------------------------------------------------------
def _bad(tmp_path: Path, raw: bytes) -> str:
    path = tmp_path / "bad.cap"
    path.write_bytes(raw)
    with pytest.raises(CaptureError) as e:
        read_capture(path)
    text = str(e.value)
    assert "\n" not in text and text.startswith(str(path))
    return text


def test_bad_files_give_one_line_that_says_where(tmp_path: Path) -> None:
    good = _pcap("<", 0xA1B2C3D4, [(1, 2, F.udp4(), 60), (1, 3, F.udp4(), 60)])
    assert "too short" in _bad(tmp_path, b"")
    assert "not a pcap or pcapng capture (starts with 7f454c46)" in _bad(
        tmp_path, b"\x7fELF" + bytes(60)
    )
    assert "truncated pcap header (10 of 24 bytes)" in _bad(tmp_path, good[:10])
    assert "frame 1, byte 100: truncated record header (5 of 16 bytes)" in _bad(
        tmp_path, good[:105]
    )
    assert "frame 1, byte 100: truncated frame (10 of 60 bytes)" in _bad(tmp_path, good[:126])
    assert "link type 113 is not Ethernet" in _bad(tmp_path, _pcap("<", 0xA1B2C3D4, [], link=113))
    assert "pcap version 3.4" in _bad(tmp_path, b"\xd4\xc3\xb2\xa1\x03\x00" + good[6:])
    huge = _pcap("<", 0xA1B2C3D4, [(0, 0, b"", 0)])[:24] + struct.pack("<IIII", 0, 0, 1 << 20, 0)
    assert "record length 1048576 is larger than any Ethernet capture allows" in _bad(
        tmp_path, huge
    )


def test_bad_pcapng_gives_one_line_that_says_where(tmp_path: Path) -> None:
    shb, idb = _shb("<"), _idb("<")
    epb = _epb("<", 0, 1, F.udp4())
    assert "truncated pcapng block" in _bad(tmp_path, shb + idb + epb[:-8])
    assert "bad pcapng block length 13" in _bad(
        tmp_path, shb + struct.pack("<II", 6, 13) + bytes(8)
    )
    broken = bytearray(shb + idb + epb)
    broken[-4:] = struct.pack("<I", 999)
    assert "does not match its trailer 999" in _bad(tmp_path, bytes(broken))
    assert "frame 0, byte 48: packet names interface 2, but only 1 are described" in _bad(
        tmp_path, shb + idb + _epb("<", 2, 1, F.udp4())
    )
    assert "interface 0 has link type 101, not Ethernet" in _bad(
        tmp_path, shb + _idb("<", link=101) + epb
    )
    assert "bad pcapng byte-order magic" in _bad(tmp_path, shb[:8] + b"\x00" * 4 + shb[12:])
    over = _block("<", 6, struct.pack("<IIIII", 0, 0, 0, 500, 500) + bytes(8))
    assert "captured length 500 runs past the end of its block" in _bad(tmp_path, shb + idb + over)


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(CaptureError, match="No such file or directory"):
        read_capture(tmp_path / "nope.pcap")
    with pytest.raises(CaptureError, match="Is a directory"):
        read_capture(tmp_path)
