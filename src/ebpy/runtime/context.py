"""Contexts for test runs: what r1 points to, built from (data, ctx) as BPF_PROG_TEST_RUN does.

One builder per family of program types. Each follows the kernel's bpf_prog_test_run_* for the
same input (headroom, which ctx_in fields may be set, what ctx_out reports), so a test run on
a userspace engine answers what the kernel answers.
"""

from __future__ import annotations

import ctypes
import socket
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ebpy.errors import EbpyError
from ebpy.helpers.env import RegionKind
from ebpy.helpers.skb import SkbState
from ebpy.helpers.socket import SKB_CONTEXT_TYPES, Sock
from ebpy.runtime.address_space import CTX_KEY, PACKET_KEY, SOCKET_KEY, AddressSpace
from ebpy.runtime.packet import (
    ETH_HLEN,
    PAGE_SIZE,
    SKB_SHARED_INFO,
    XDP_FRAME_SIZE,
    XDP_METADATA_MAX,
    XDP_PACKET_HEADROOM,
    PacketBuffer,
)
from ebpy.spec.contexts import BPF_SOCK, SK_BUFF, XDP_MD
from ebpy.spec.types import ProgramType

P = ProgramType
SKB_TYPES = SKB_CONTEXT_TYPES  # the types test-run with an sk_buff
L2_TYPES = frozenset({P.SCHED_CLS, P.SCHED_ACT})
LOOPBACK_IFINDEX = 1
NET_SKB_PAD = 64  # max(32, L1_CACHE_BYTES) + NET_IP_ALIGN (0 on x86)
ETH_P_IP = 0x0800
ETH_P_IPV6 = 0x86DD
AF_INET = 2
AF_INET6 = 10
IPV4_HLEN = 20  # sizeof(struct iphdr)
IPV6_HLEN = 40  # sizeof(struct ipv6hdr)
GSO_LEGACY_MAX_SIZE = 65536

# __sk_buff fields BPF_PROG_TEST_RUN accepts from ctx_in (everything else must be zero).
SKB_CTX_IN_FIELDS = (
    "mark",
    "priority",
    "ingress_ifindex",
    "ifindex",
    "cb",
    "tstamp",
    "wire_len",
    "gso_segs",
    "gso_size",
    "hwtstamp",
)


class TestRunError(EbpyError):
    """Input a test run refuses (the kernel's -EINVAL for the same input)."""


@dataclass
class RunSlot:
    """Buffers one program's test runs reuse: the packet's memory (a block the engine
    allocated, mapped at the same address run after run) and the context's bytes. Every run
    still starts as a fresh one: the packet buffer is zeroed and loaded, the context rebuilt,
    the input checked the same way."""

    packet: PacketBuffer | None = None
    ctx: bytearray | None = None
    ctx_addr: int = 0  # where `ctx` was mapped as CTX_KEY
    zeros: bytes = b""
    sock: bytearray | None = None  # struct bpf_sock of the socket behind an sk_buff
    sock_addr: int = 0  # where `sock` was mapped as SOCKET_KEY
    # The packet region this slot last mapped, and the (meta, end) it was mapped for: while
    # PACKET_KEY still maps that very view, a run over the same bounds needs no remap.
    packet_view: memoryview | None = None
    packet_bounds: tuple[int, int] = (0, 0)
    # XDP: the last run's PreparedRun, its (ingress seen, ingress, rx queue) and its refresh.
    run: PreparedRun | None = None
    run_key: tuple[int, int, int] = (0, 0, 0)
    refresh: Callable[[], None] | None = None


def _packet(
    space: AddressSpace,
    data: bytes,
    headroom: int,
    meta_len: int,
    allocate: Callable[[int], Any],
    slot: RunSlot | None,
) -> PacketBuffer:
    """PacketBuffer(space, data, headroom=headroom, meta_len=meta_len, allocate=allocate),
    in the slot's buffer when it has one of the size a new one would get."""
    size = headroom + len(data) + max(0, PAGE_SIZE - headroom - len(data) - SKB_SHARED_INFO)
    pkt = slot.packet if slot is not None else None
    if pkt is None or len(pkt.buf) != size or pkt.space is not space:
        pkt = PacketBuffer(space, data, headroom=headroom, meta_len=meta_len, allocate=allocate)
        if slot is not None:
            slot.packet = pkt
            slot.zeros = bytes(size)
            slot.packet_view = space.mem.get(PACKET_KEY)
            slot.packet_bounds = (pkt.meta, pkt.end)
        return pkt
    assert slot is not None
    buf = pkt.buf
    pkt.meta, pkt.data, pkt.end = headroom, headroom + meta_len, headroom + len(data)
    address = getattr(buf, "address", None)  # native memory (the JIT's): one call each
    if address is not None:
        ctypes.memset(address, 0, size)  # as a new buffer is: zeros around the data
        ctypes.memmove(address + headroom, data, len(data))
    else:
        buf[0:size] = slot.zeros
        buf[pkt.meta : pkt.end] = data
    pkt.on_move = []
    pkt.network = pkt.mac = None
    pkt.skb = None
    pkt.frags = []
    bounds = (pkt.meta, pkt.end)
    view = slot.packet_view
    # The region is the very view mapped for these bounds (a move during a run, another
    # program's run or an unmap replace it): same key, same base, nothing to do.
    if view is None or space.mem.get(PACKET_KEY) is not view or slot.packet_bounds != bounds:
        pkt.remap()
        slot.packet_view = space.mem.get(PACKET_KEY)
        slot.packet_bounds = bounds
    return pkt


def _still_mapped(space: AddressSpace, buf: bytearray, name: str, key: int, known: int) -> bool:
    """Is `buf` still what `key` maps, at `known` (no other program's run mapped its own since)?"""
    if not known:
        return False
    mapped = space.mem.get(key)
    region = space.regions.get(key)
    return mapped is not None and mapped.obj is buf and region is not None and region.name == name


def _map_ctx(space: AddressSpace, buf: bytearray, name: str, slot: RunSlot | None) -> int:
    """space.map_region(buf, name, CTX, key=CTX_KEY), unless the slot's context bytes are
    still mapped there."""
    if (
        slot is not None
        and slot.ctx is buf
        and _still_mapped(space, buf, name, CTX_KEY, slot.ctx_addr)
    ):
        return slot.ctx_addr
    addr = space.map_region(buf, name, RegionKind.CTX, key=CTX_KEY)
    if slot is not None:
        slot.ctx_addr = addr if slot.ctx is buf else 0
    return addr


def _map_sock(space: AddressSpace, sock: Sock, slot: RunSlot | None) -> int:
    """Map `sock`'s struct bpf_sock read-only as SOCKET_KEY (in the slot's bytes when it has
    them, mapped once); returns its address, which is also kept in `sock.address`."""
    buf = slot.sock if slot is not None else None
    if buf is None:
        buf = bytearray(BPF_SOCK.size)
        if slot is not None:
            slot.sock, slot.sock_addr = buf, 0
    sock.pack_into(buf)
    if slot is not None and _still_mapped(space, buf, "bpf_sock", SOCKET_KEY, slot.sock_addr):
        sock.address = slot.sock_addr
    else:
        # Programs may only read a socket: the verifier refuses stores, the region too.
        view = memoryview(buf).toreadonly()
        sock.address = space.map_region(view, "bpf_sock", RegionKind.SOCKET, key=SOCKET_KEY)
        if slot is not None:
            slot.sock_addr = sock.address
    return sock.address


def _ctx_bytes(size: int, slot: RunSlot | None, zero: bool = True) -> bytearray:
    """`size` zero bytes for the context, the slot's when it has them (`zero=False`: the
    caller writes every byte, the slot's bytes are left as they are)."""
    buf = slot.ctx if slot is not None else None
    if buf is None or len(buf) != size:
        buf = bytearray(size)
        if slot is not None:
            slot.ctx = buf
        return buf
    if zero:
        buf[:] = bytes(size)
    return buf


@dataclass
class PreparedRun:
    """A context ready in an address space; `finish()` gives (data_out, ctx_out) after the run."""

    ctx_addr: int
    args: tuple[int, ...] = ()
    packet: PacketBuffer | None = None
    ctx: bytearray | None = None
    finish: Callable[[], tuple[bytes, bytes | None]] = field(default=lambda: (b"", None))
    info: dict[str, Any] = field(default_factory=dict)
    socket: Sock | None = None  # the socket behind the packet (__sk_buff->sk)


def prepare_run(
    ptype: ProgramType,
    space: AddressSpace,
    data: bytes = b"",
    ctx: bytes | None = None,
    allocate: Callable[[int], Any] = bytearray,
    slot: RunSlot | None = None,
) -> PreparedRun:
    """Build the context of `ptype` for one run over `data`/`ctx` in `space` (in the buffers
    of `slot`, when given, which the previous run of the same program used)."""
    if ptype == P.XDP:
        return _prepare_xdp(space, data, ctx, allocate, slot)
    if ptype in SKB_TYPES:
        return _prepare_skb(ptype, space, data, ctx, allocate, slot)
    return _prepare_raw(space, data, ctx)


_xdp_md = struct.Struct("<6I")
_pack_xdp_md = _xdp_md.pack_into


# ---- XDP ---------------------------------------------------------------------------------------
def _prepare_xdp(
    space: AddressSpace,
    data: bytes,
    ctx: bytes | None,
    allocate: Callable[[int], Any],
    slot: RunSlot | None = None,
) -> PreparedRun:
    meta_len, ingress, rxq, c_end = 0, 0, 0, len(data)
    if len(data) < ETH_HLEN:
        raise TestRunError(f"data_in of {len(data)} bytes is shorter than an Ethernet header")
    if ctx is not None:
        raw = bytes(ctx).ljust(XDP_MD.size, b"\0")
        if len(ctx) > XDP_MD.size and any(ctx[XDP_MD.size :]):
            raise TestRunError("ctx_in: bytes after struct xdp_md must be zero")
        c_data, c_end, c_meta, ingress, rxq, egress = struct.unpack_from("<6I", raw)
        if c_meta or c_end > len(data) or c_data > c_end:
            raise TestRunError(
                "ctx_in: xdp_md needs data_meta == 0, data_end <= len(data) and data <= data_end"
            )
        if c_data % 4 or c_data > XDP_METADATA_MAX:
            raise TestRunError(
                f"ctx_in: metadata length {c_data} is not a multiple of 4 up to {XDP_METADATA_MAX}"
            )
        if c_data > XDP_PACKET_HEADROOM - XDP_FRAME_SIZE:
            # The metadata comes out of the headroom, which must still hold a struct xdp_frame.
            raise TestRunError(
                f"ctx_in: metadata length {c_data} leaves less than {XDP_FRAME_SIZE} bytes of headroom"
            )
        if len(data) - c_data < ETH_HLEN:
            raise TestRunError(
                f"ctx_in: {len(data) - c_data} bytes after the metadata, fewer than an Ethernet header"
            )
        if egress:
            raise TestRunError("ctx_in: egress_ifindex must be zero")
        if not ingress and rxq:
            raise TestRunError("ctx_in: rx_queue_index needs ingress_ifindex")
        if ingress:
            _check_rx_queue(ingress, rxq)
        meta_len = c_data
    # The program sees the loopback device unless ctx_in names one; ctx_out keeps what was given.
    seen_ingress = ingress or LOOPBACK_IFINDEX
    # One page holds the headroom (less the metadata), the frame and skb_shared_info; the
    # rest of a longer frame goes into fragments. A ctx_in's data_end asks for a shorter
    # linear part: the bytes after it become fragments too.
    linear = PAGE_SIZE - (XDP_PACKET_HEADROOM - meta_len) - SKB_SHARED_INFO
    if ctx is not None:
        linear = min(linear, c_end)
    # (metadata comes out of the headroom)
    pkt = _packet(space, data[:linear], XDP_PACKET_HEADROOM - meta_len, meta_len, allocate, slot)
    if len(data) > linear:
        pkt.add_frags(data[linear:])
    # refresh() below writes all of struct xdp_md (six u32) before the program runs.
    buf = _ctx_bytes(XDP_MD.size, slot, zero=_xdp_md.size != XDP_MD.size)
    addr = _map_ctx(space, buf, "xdp_md", slot)
    if slot is not None:
        # The last run's PreparedRun and closures serve again when they are over the same
        # packet, context and device (they read everything else from pkt when called).
        last = slot.run
        if (
            last is not None
            and last.packet is pkt
            and last.ctx is buf
            and last.ctx_addr == addr
            and slot.run_key == (seen_ingress, ingress, rxq)
            and slot.refresh is not None
        ):
            pkt.on_move.append(slot.refresh)
            slot.refresh()
            return last

    def refresh() -> None:
        base, meta = pkt.base, pkt.meta  # (pkt.data_addr etc., without three property calls)
        _pack_xdp_md(
            buf, 0, base + pkt.data - meta, base + pkt.end - meta, base, seen_ingress, rxq, 0
        )

    pkt.on_move.append(refresh)
    refresh()

    def finish() -> tuple[bytes, bytes | None]:
        out = _xdp_md.pack(pkt.data - pkt.meta, pkt.end - pkt.meta, 0, ingress, rxq, 0)
        return pkt.with_meta(), out

    prepared = PreparedRun(addr, (addr,), pkt, buf, finish)
    if slot is not None:
        slot.run, slot.run_key, slot.refresh = prepared, (seen_ingress, ingress, rxq), refresh
    return prepared


def _device_name(ifindex: int) -> str:
    """The kernel looks devices named in ctx_in up in the running system (-ENODEV if absent)."""
    try:
        return socket.if_indextoname(ifindex)
    except OSError:
        raise TestRunError(f"ctx_in: no network device with ifindex {ifindex}") from None


def _check_rx_queue(ifindex: int, rxq: int) -> None:
    """An XDP ctx_in's receive queue must exist on its device (-EINVAL otherwise)."""
    name = _device_name(ifindex)
    queues = len(list(Path(f"/sys/class/net/{name}/queues").glob("rx-*"))) or 1
    if rxq >= queues:
        raise TestRunError(f"ctx_in: {name} has {queues} receive queue(s), not {rxq + 1}")


# ---- sk_buff -----------------------------------------------------------------------------------
def _prepare_skb(
    ptype: ProgramType,
    space: AddressSpace,
    data: bytes,
    ctx: bytes | None,
    allocate: Callable[[int], Any],
    slot: RunSlot | None = None,
) -> PreparedRun:
    if len(data) < ETH_HLEN:
        raise TestRunError(f"data_in of {len(data)} bytes is shorter than an Ethernet header")
    buf = _ctx_bytes(SK_BUFF.size, slot)
    if ctx is not None:
        raw = bytes(ctx)
        if len(raw) > SK_BUFF.size and any(raw[SK_BUFF.size :]):
            raise TestRunError("ctx_in: bytes after struct __sk_buff must be zero")
        raw = raw[: SK_BUFF.size].ljust(SK_BUFF.size, b"\0")
        allowed = [SK_BUFF.field(n) for n in SKB_CTX_IN_FIELDS]
        for off in range(SK_BUFF.size):
            if raw[off] and not any(f.offset <= off < f.end for f in allowed):
                at = SK_BUFF.field_at(off)
                name = at.name if at else f"offset {off}"
                raise TestRunError(f"ctx_in: __sk_buff field {name} cannot be set by a test run")
        buf[:] = raw
    is_l2 = ptype in L2_TYPES
    proto = int.from_bytes(data[12:14], "big")
    sock = _test_run_sock(proto, data[ETH_HLEN:])  # (refuses a cut IP header before any mapping)
    pkt = _packet(space, data, NET_SKB_PAD, 0, allocate, slot)
    pkt.network = pkt.data + ETH_HLEN
    pkt.mac = pkt.data  # eth_type_trans set it before pulling the header
    if not is_l2:  # eth_type_trans pulled the Ethernet header
        pkt.data += ETH_HLEN
        pkt.meta = pkt.data
        pkt.remap()
    f = SK_BUFF.field
    defaults = {
        "pkt_type": _pkt_type(data),
        "protocol": int.from_bytes(proto.to_bytes(2, "big"), "little"),
        "ifindex": LOOPBACK_IFINDEX,
    }
    for name, value in defaults.items():
        if not _get(buf, f(name)):
            _put(buf, f(name), value)
    _put(buf, f("sk"), _map_sock(space, sock, slot))
    # cgroup_skb programs read these __sk_buff fields from the socket.
    _put(buf, f("family"), sock.family)
    buf[f("local_ip4").offset : f("local_ip4").end] = sock.src_ip4
    buf[f("remote_ip4").offset : f("remote_ip4").end] = sock.dst_ip4
    buf[f("local_ip6").offset : f("local_ip6").end] = sock.src_ip6
    buf[f("remote_ip6").offset : f("remote_ip6").end] = sock.dst_ip6
    if ctx is not None:
        # The kernel sets the wire length only from a ctx_in: 0 there means the packet's
        # length, less than that (or more than a legacy GSO packet) is -EINVAL.
        wire_len = _get(buf, f("wire_len"))
        if not wire_len:
            _put(buf, f("wire_len"), pkt.end - pkt.data)
        elif not pkt.end - pkt.data <= wire_len <= GSO_LEGACY_MAX_SIZE:
            raise TestRunError(
                f"ctx_in: wire_len {wire_len} outside {pkt.end - pkt.data}..{GSO_LEGACY_MAX_SIZE}"
            )
        ifindex = _get(buf, f("ifindex"))
        if ifindex != LOOPBACK_IFINDEX:
            _device_name(ifindex)
    addr = _map_ctx(space, buf, "__sk_buff", slot)
    pkt.skb = SkbState(buf)

    def refresh() -> None:
        _put(buf, f("len"), pkt.end - pkt.data)
        _put(buf, f("data"), pkt.data_addr)
        _put(buf, f("data_end"), pkt.end_addr)
        _put(buf, f("data_meta"), pkt.meta_addr)

    pkt.on_move.append(refresh)
    refresh()

    def finish() -> tuple[bytes, bytes | None]:
        if not is_l2:  # the kernel pushes the header back as zeros, not as it was
            pkt.reserve(head=ETH_HLEN)
            pkt.data -= ETH_HLEN
            pkt.meta = pkt.data
            pkt.buf[pkt.data : pkt.data + ETH_HLEN] = bytes(ETH_HLEN)
        out = bytearray(SK_BUFF.size)
        for name in SKB_CTX_IN_FIELDS:
            fl = f(name)
            out[fl.offset : fl.end] = buf[fl.offset : fl.end]
        return pkt.payload(), bytes(out)

    return PreparedRun(addr, (addr,), pkt, buf, finish, {"l2": is_l2}, sock)


def _test_run_sock(proto: int, l3: bytes) -> Sock:
    """The socket bpf_prog_test_run_skb puts behind the packet: never bound or connected, its
    family from the ethertype and its addresses from the IP header. An IP ethertype needs a
    whole IP header after it (the kernel's -EINVAL); any other ethertype gives AF_UNSPEC."""
    if proto == ETH_P_IP:
        if len(l3) < IPV4_HLEN:
            raise TestRunError(
                f"data_in: {len(l3)} bytes after an IPv4 ethertype, fewer than an IPv4 header"
            )
        return Sock(family=AF_INET, src_ip4=l3[12:16], dst_ip4=l3[16:20])
    if proto == ETH_P_IPV6:
        if len(l3) < IPV6_HLEN:
            raise TestRunError(
                f"data_in: {len(l3)} bytes after an IPv6 ethertype, fewer than an IPv6 header"
            )
        return Sock(family=AF_INET6, src_ip6=l3[8:24], dst_ip6=l3[24:40])
    return Sock()


def _pkt_type(frame: bytes) -> int:
    """What eth_type_trans decides on the loopback device, whose address and broadcast
    address are both 00:00:00:00:00:00: a group address is never its broadcast."""
    dest = frame[:6]
    if dest[0] & 1:
        return 2  # PACKET_MULTICAST
    return 0 if dest == bytes(6) else 3  # PACKET_HOST / PACKET_OTHERHOST


def _get(buf: bytearray, f: Any) -> int:
    return int.from_bytes(buf[f.offset : f.offset + f.size], "little")


def _put(buf: bytearray, f: Any, value: int) -> None:
    buf[f.offset : f.offset + f.size] = (value & ((1 << (8 * f.size)) - 1)).to_bytes(
        f.size, "little"
    )


# ---- raw contexts ------------------------------------------------------------------------------
def _prepare_raw(space: AddressSpace, data: bytes, ctx: bytes | None) -> PreparedRun:
    """Tracepoints, raw tracepoints, syscall programs, embedding: r1 points at the ctx bytes.

    With no ctx but data, r1 points at the data and r2 holds its length (the plain memory model
    of bpf_conformance and of embedding a program over a buffer).
    """
    if ctx is None and data:
        buf = bytearray(data)
        addr = space.map_region(buf, "data", RegionKind.MEMORY, key=CTX_KEY)
        return PreparedRun(addr, (addr, len(buf)), None, buf, lambda: (bytes(buf), None))
    buf = bytearray(ctx or b"")
    addr = space.map_region(buf, "context", RegionKind.CTX, key=CTX_KEY) if buf else 0
    return PreparedRun(addr, (addr,), None, buf, lambda: (bytes(data), bytes(buf)))
