"""Writes traffic.pcap: a dozen frames of mixed traffic for trying the XDP examples.

python examples/xdp/traffic.py [OUT]
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from ebpy.hooks.packets import Frame, write_capture
from ebpy.hooks.packets import frames as F

START_NS = 1_700_000_000_000_000_000


def vlan(frame: bytes, vid: int) -> bytes:
    return frame[:12] + struct.pack("!HH", 0x8100, vid) + frame[12:]


def traffic() -> list[Frame]:
    frames = [
        F.udp4(dport=9999, payload=b"to the blocked port"),
        F.udp4(
            dport=53, payload=b"\x12\x34\x01\x00\x00\x01" + bytes(6) + b"\x07example\x03com\x00"
        ),
        F.icmp4_echo(payload=b"ping" * 8),
        F.icmp4_echo(reply=True, src="10.0.0.2", dst="10.0.0.1"),
        F.tcp4(flags=F.TcpFlags.SYN, sport=40000, dport=80),
        F.tcp4(sport=80, dport=40000, src="10.0.0.2", dst="10.0.0.1", payload=b"x" * 1400),
        F.arp_request(),
        F.udp6(payload=b"over IPv6"),
        vlan(F.udp4(dport=9999, pad=False), 42),
        vlan(F.tcp4(pad=False), 7),
        F.udp4(dport=7, payload=b"echo me"),
        F.udp4(dport=9999, sport=2048, payload=b"again"),
    ]
    return [Frame(f, START_NS + i * 1_250_000) for i, f in enumerate(frames)]


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("traffic.pcap")
    write_capture(out, traffic())
