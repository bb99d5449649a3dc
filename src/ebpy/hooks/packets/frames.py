"""Building and checking Ethernet frames: test traffic, and checksums the live hook completes.

    udp4(src="10.0.0.1", dst="10.0.0.2", sport=1234, dport=53, payload=b"hi")
    tcp4(..., flags=TcpFlags.SYN), icmp4_echo(...), udp6(...), arp_request(...)

Every builder returns complete bytes with correct IPv4 header and L4 checksums, padded to
the 60-byte Ethernet minimum unless `pad=False`.
"""

from __future__ import annotations

import ipaddress
import struct
from enum import IntEnum, IntFlag

ETH_HLEN = 14
ETH_ZLEN = 60  # minimum frame without FCS
ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
ETH_P_IPV6 = 0x86DD
DEFAULT_SRC_MAC = bytes.fromhex("020000000001")
DEFAULT_DST_MAC = bytes.fromhex("020000000002")


class IpProto(IntEnum):
    ICMP = 1
    TCP = 6
    UDP = 17
    ICMPV6 = 58


class TcpFlags(IntFlag):
    FIN = 0x01
    SYN = 0x02
    RST = 0x04
    PSH = 0x08
    ACK = 0x10


def checksum(data: bytes | bytearray | memoryview, initial: int = 0) -> int:
    """The Internet checksum (RFC 1071) of `data`, folded and complemented."""
    raw = bytes(data)
    if len(raw) % 2:
        raw += b"\0"
    total = initial + sum(struct.unpack(f"!{len(raw) // 2}H", raw))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _mac(value: bytes | str | None, default: bytes) -> bytes:
    if value is None:
        return default
    if isinstance(value, str):
        raw = bytes.fromhex(value.replace(":", "").replace("-", ""))
    else:
        raw = bytes(value)
    if len(raw) != 6:
        raise ValueError(f"a MAC address has 6 bytes, got {len(raw)}")
    return raw


def ethernet(
    ethertype: int,
    payload: bytes,
    src: bytes | str | None = None,
    dst: bytes | str | None = None,
    pad: bool = True,
) -> bytes:
    frame = _mac(dst, DEFAULT_DST_MAC) + _mac(src, DEFAULT_SRC_MAC)
    frame += struct.pack("!H", ethertype) + payload
    if pad and len(frame) < ETH_ZLEN:
        frame += bytes(ETH_ZLEN - len(frame))
    return frame


def _pseudo4(src: bytes, dst: bytes, proto: int, length: int) -> int:
    return sum(struct.unpack("!4H", src + dst)) + proto + length


def _pseudo6(src: bytes, dst: bytes, proto: int, length: int) -> int:
    return sum(struct.unpack("!16H", src + dst)) + (length >> 16) + (length & 0xFFFF) + proto


def ipv4(
    proto: int,
    l4: bytes,
    src: str = "10.0.0.1",
    dst: str = "10.0.0.2",
    ttl: int = 64,
    ident: int = 0,
) -> bytes:
    """An IPv4 header (no options) with its checksum, then `l4`."""
    s, d = ipaddress.IPv4Address(src).packed, ipaddress.IPv4Address(dst).packed
    head = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), ident, 0x4000, ttl, proto, 0, s, d)
    return head[:10] + struct.pack("!H", checksum(head)) + head[12:] + l4


def _l4_checksummed(l4: bytearray, csum_at: int, pseudo: int, proto: int) -> bytes:
    value = checksum(l4, pseudo)
    if proto == IpProto.UDP and value == 0:
        value = 0xFFFF  # 0 means "no checksum" in UDP
    struct.pack_into("!H", l4, csum_at, value)
    return bytes(l4)


def udp4(
    src: str = "10.0.0.1",
    dst: str = "10.0.0.2",
    sport: int = 1024,
    dport: int = 53,
    payload: bytes = b"",
    src_mac: bytes | str | None = None,
    dst_mac: bytes | str | None = None,
    ttl: int = 64,
    pad: bool = True,
) -> bytes:
    l4 = bytearray(struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload)
    s, d = ipaddress.IPv4Address(src).packed, ipaddress.IPv4Address(dst).packed
    seg = _l4_checksummed(l4, 6, _pseudo4(s, d, IpProto.UDP, len(l4)), IpProto.UDP)
    return ethernet(ETH_P_IP, ipv4(IpProto.UDP, seg, src, dst, ttl), src_mac, dst_mac, pad)


def tcp4(
    src: str = "10.0.0.1",
    dst: str = "10.0.0.2",
    sport: int = 1024,
    dport: int = 80,
    payload: bytes = b"",
    flags: int = TcpFlags.ACK,
    seq: int = 1,
    ack: int = 0,
    src_mac: bytes | str | None = None,
    dst_mac: bytes | str | None = None,
    ttl: int = 64,
    pad: bool = True,
) -> bytes:
    head = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, int(flags), 65535, 0, 0)
    l4 = bytearray(head + payload)
    s, d = ipaddress.IPv4Address(src).packed, ipaddress.IPv4Address(dst).packed
    seg = _l4_checksummed(l4, 16, _pseudo4(s, d, IpProto.TCP, len(l4)), IpProto.TCP)
    return ethernet(ETH_P_IP, ipv4(IpProto.TCP, seg, src, dst, ttl), src_mac, dst_mac, pad)


def icmp4_echo(
    src: str = "10.0.0.1",
    dst: str = "10.0.0.2",
    ident: int = 1,
    seq: int = 1,
    payload: bytes = b"",
    reply: bool = False,
    src_mac: bytes | str | None = None,
    dst_mac: bytes | str | None = None,
    pad: bool = True,
) -> bytes:
    body = bytearray(struct.pack("!BBHHH", 0 if reply else 8, 0, 0, ident, seq) + payload)
    struct.pack_into("!H", body, 2, checksum(body))
    return ethernet(ETH_P_IP, ipv4(IpProto.ICMP, bytes(body), src, dst), src_mac, dst_mac, pad)


def udp6(
    src: str = "fd00::1",
    dst: str = "fd00::2",
    sport: int = 1024,
    dport: int = 53,
    payload: bytes = b"",
    src_mac: bytes | str | None = None,
    dst_mac: bytes | str | None = None,
    pad: bool = True,
) -> bytes:
    s, d = ipaddress.IPv6Address(src).packed, ipaddress.IPv6Address(dst).packed
    l4 = bytearray(struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload)
    seg = _l4_checksummed(l4, 6, _pseudo6(s, d, IpProto.UDP, len(l4)), IpProto.UDP)
    head = struct.pack("!IHBB16s16s", 6 << 28, len(seg), IpProto.UDP, 64, s, d)
    return ethernet(ETH_P_IPV6, head + seg, src_mac, dst_mac, pad)


def arp_request(
    sender_ip: str = "10.0.0.1",
    target_ip: str = "10.0.0.2",
    src_mac: bytes | str | None = None,
) -> bytes:
    mac = _mac(src_mac, DEFAULT_SRC_MAC)
    body = struct.pack(
        "!HHBBH6s4s6s4s",
        1,
        ETH_P_IP,
        6,
        4,
        1,
        mac,
        ipaddress.IPv4Address(sender_ip).packed,
        bytes(6),
        ipaddress.IPv4Address(target_ip).packed,
    )
    return ethernet(ETH_P_ARP, body, mac, b"\xff" * 6)


# ---- completing checksums ------------------------------------------------------------------
def complete_l4_checksum(frame: bytearray, l3_offset: int = ETH_HLEN) -> bool:
    """Recompute the TCP/UDP checksum of an IPv4 or IPv6 frame in place.

    For frames a socket hands over before the checksum was filled in (CHECKSUM_PARTIAL:
    veth and other virtual devices leave it to the hardware that never comes). Returns
    False when the frame is not IPv4/IPv6 TCP/UDP (left as it was).
    """
    if len(frame) < l3_offset + 20:
        return False
    ethertype = struct.unpack_from("!H", frame, l3_offset - 2)[0]
    if ethertype == ETH_P_IP and frame[l3_offset] >> 4 == 4:
        ihl = (frame[l3_offset] & 0xF) * 4
        proto = frame[l3_offset + 9]
        total = struct.unpack_from("!H", frame, l3_offset + 2)[0]
        frag = struct.unpack_from("!H", frame, l3_offset + 6)[0]
        if frag & 0x3FFF:  # a fragment: the checksum covers the whole datagram
            return False
        start, end = l3_offset + ihl, min(len(frame), l3_offset + total)
        src, dst = frame[l3_offset + 12 : l3_offset + 16], frame[l3_offset + 16 : l3_offset + 20]
        pseudo = _pseudo4(bytes(src), bytes(dst), proto, end - start)
    elif ethertype == ETH_P_IPV6 and len(frame) >= l3_offset + 40:
        proto = frame[l3_offset + 6]
        plen = struct.unpack_from("!H", frame, l3_offset + 4)[0]
        start, end = l3_offset + 40, min(len(frame), l3_offset + 40 + plen)
        src, dst = frame[l3_offset + 8 : l3_offset + 24], frame[l3_offset + 24 : l3_offset + 40]
        pseudo = _pseudo6(bytes(src), bytes(dst), proto, end - start)
    else:
        return False
    csum_at = {int(IpProto.TCP): 16, int(IpProto.UDP): 6}.get(proto)
    if csum_at is None or end - start < csum_at + 2:
        return False
    struct.pack_into("!H", frame, start + csum_at, 0)
    value = checksum(frame[start:end], pseudo)
    if proto == IpProto.UDP and value == 0:
        value = 0xFFFF
    struct.pack_into("!H", frame, start + csum_at, value)
    return True
