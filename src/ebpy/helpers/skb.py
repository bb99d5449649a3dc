"""sk_buff helpers: checksums, moving the head and tail, VLAN tags, the flow hash, clones.

They follow net/core/filter.c for a packet as BPF_PROG_TEST_RUN builds it: linear, not
cloned, not GSO, with ip_summed CHECKSUM_NONE. The packet lives in a PacketBuffer
(ebpy.runtime.packet) whose `mac`/`network` indices are the sk_buff's header offsets; the rest
of the sk_buff is `SkbState`: the fields programs read from struct __sk_buff (protocol, the
VLAN tag, the hash, pkt_type) live in the context's own bytes, the hidden ones here.
Every helper that moves data re-maps the packet, which rewrites __sk_buff data/data_end/len.
"""

from __future__ import annotations

import errno
import hashlib
import os
import socket
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ebpy.errors import RuntimeFault
from ebpy.helpers.registry import helper
from ebpy.helpers.socket import SKB_CONTEXT_TYPES
from ebpy.spec.contexts import SK_BUFF
from ebpy.spec.helper_ids import HELPER_IDS
from ebpy.spec.helper_protos import PROGRAM_HELPERS
from ebpy.spec.types import ProgramType

M16, M32 = 0xFFFF, 0xFFFFFFFF
ENOTSUPP = 524  # the kernel's internal "operation not supported" (not in errno)
ETH_HLEN, ETH_ALEN, VLAN_HLEN = 14, 6, 4
ETH_P_IP, ETH_P_IPV6, ETH_P_8021Q, ETH_P_8021AD = 0x0800, 0x86DD, 0x8100, 0x88A8
ETH_P_802_3, ETH_P_802_2, ETH_P_802_3_MIN = 0x0001, 0x0004, 0x0600
IPV4_HLEN, IPV6_HLEN = 20, 40
BPF_SKB_MAX_LEN = 4 * 4096 - 320  # SKB_MAX_ALLOC: four pages less skb_shared_info
PACKET_OTHERHOST = 3  # the last pkt_type bpf_skb_change_type may set or leave

# ip_summed
CHECKSUM_NONE, CHECKSUM_UNNECESSARY, CHECKSUM_COMPLETE, CHECKSUM_PARTIAL = range(4)
SKB_MAX_CSUM_LEVEL = 3
CSUM_MANGLED_0 = 0xFFFF

# flags
BPF_F_RECOMPUTE_CSUM, BPF_F_INVALIDATE_HASH = 1, 2
BPF_F_HDR_FIELD_MASK = 0xF
BPF_F_PSEUDO_HDR, BPF_F_MARK_MANGLED_0, BPF_F_MARK_ENFORCE, BPF_F_IPV6 = 0x10, 0x20, 0x40, 0x80
BPF_F_INGRESS = 1
BPF_HDR_START_MAC, BPF_HDR_START_NET = 0, 1
BPF_CSUM_LEVEL_QUERY, BPF_CSUM_LEVEL_INC, BPF_CSUM_LEVEL_DEC, BPF_CSUM_LEVEL_RESET = range(4)
BPF_ADJ_ROOM_NET, BPF_ADJ_ROOM_MAC = 0, 1
ADJ_FIXED_GSO, ADJ_ENCAP_L3_IPV4, ADJ_ENCAP_L3_IPV6 = 1 << 0, 1 << 1, 1 << 2
ADJ_ENCAP_L4_GRE, ADJ_ENCAP_L4_UDP, ADJ_NO_CSUM_RESET = 1 << 3, 1 << 4, 1 << 5
ADJ_ENCAP_L2_ETH, ADJ_DECAP_L3_IPV4, ADJ_DECAP_L3_IPV6 = 1 << 6, 1 << 7, 1 << 8
ADJ_ENCAP_L2_SHIFT = 56
ADJ_ENCAP_L3 = ADJ_ENCAP_L3_IPV4 | ADJ_ENCAP_L3_IPV6
ADJ_DECAP_L3 = ADJ_DECAP_L3_IPV4 | ADJ_DECAP_L3_IPV6
ADJ_ROOM_MASK = (
    ADJ_FIXED_GSO
    | ADJ_ENCAP_L3
    | ADJ_ENCAP_L4_GRE
    | ADJ_ENCAP_L4_UDP
    | ADJ_ENCAP_L2_ETH
    | (0xFF << ADJ_ENCAP_L2_SHIFT)
    | ADJ_DECAP_L3
)
# ARPHRD_* of devices that carry no link-layer header (dev_is_mac_header_xmit is false).
_NO_MAC_DEVICES = frozenset({0, 519, 768, 769, 776, 778, 783, 784, 823, 0xFFFE, 0xFFFF})
# The flow hash is keyed per process, as the kernel keys it per boot (hashrnd).
_HASH_KEY = os.urandom(16)

_F = {f.name: f for f in SK_BUFF.fields}


def _types(name: str) -> frozenset[ProgramType]:
    """The sk_buff program types the kernel lets call helper `name` (its func_proto tables)."""
    hid = HELPER_IDS[name]
    return frozenset(t for t in SKB_CONTEXT_TYPES if hid in PROGRAM_HELPERS.get(t, ()))


@dataclass
class CloneRedirect:
    """A copy of the packet bpf_clone_redirect sent (recorded; the original goes on)."""

    ifindex: int
    flags: int
    data: bytes


@dataclass
class SkbState:
    """The parts of an sk_buff the helpers change that are not packet bytes.

    `ctx` is the run's struct __sk_buff: protocol, vlan_*, hash and pkt_type are read and
    written there, so a program's next load sees what a helper did, as with the kernel's
    context rewrite."""

    ctx: bytearray
    ip_summed: int = CHECKSUM_NONE
    csum: int = 0
    csum_level: int = 0
    l4_hash: bool = False
    sw_hash: bool = False
    encapsulation: bool = False
    clones: list[CloneRedirect] = field(default_factory=list)

    def get(self, name: str) -> int:
        f = _F[name]
        return int.from_bytes(self.ctx[f.offset : f.offset + f.size], "little")

    def put(self, name: str, value: int) -> None:
        f = _F[name]
        self.ctx[f.offset : f.offset + f.size] = (value & M32).to_bytes(f.size, "little")

    # Ethertypes are __be16 in the sk_buff: their bytes in memory are in network order.
    def _be16(self, name: str) -> int:
        off = _F[name].offset
        return int.from_bytes(self.ctx[off : off + 2], "big")

    def _set_be16(self, name: str, value: int) -> None:
        off = _F[name].offset
        self.ctx[off : off + 4] = (value & M16).to_bytes(2, "big") + bytes(2)

    @property
    def protocol(self) -> int:
        return self._be16("protocol")

    @protocol.setter
    def protocol(self, value: int) -> None:
        self._set_be16("protocol", value)

    @property
    def vlan_present(self) -> bool:
        return bool(self.get("vlan_present"))

    def put_vlan(self, proto: int, tci: int) -> None:
        """__vlan_hwaccel_put_tag; proto 0 clears the tag (vlan_all = 0)."""
        self._set_be16("vlan_proto", proto)
        self.put("vlan_tci", tci & M16)
        self.put("vlan_present", 1 if proto else 0)

    def clear_hash(self) -> None:
        self.put("hash", 0)
        self.l4_hash = self.sw_hash = False

    def reset_checksum_unnecessary(self) -> None:
        if self.ip_summed == CHECKSUM_UNNECESSARY:
            self.ip_summed, self.csum_level = CHECKSUM_NONE, 0


# ---- ones'-complement arithmetic as include/net/checksum.h does it (on native-order words) ----
def csum_add(a: int, b: int) -> int:
    s = (a & M32) + (b & M32)
    return (s + (s >> 32)) & M32


def csum_sub(a: int, b: int) -> int:
    return csum_add(a, ~b & M32)


def csum_fold(s: int) -> int:
    s = (s & M16) + (s >> 16)
    s = (s & M16) + (s >> 16)
    return ~s & M16


def csum16_add(a: int, b: int) -> int:
    res = ((a & M16) + (b & M16)) & M16
    return (res + (res < (b & M16))) & M16


def csum_replace4(check: int, old: int, new: int) -> int:
    return csum_fold(csum_add(csum_sub(~check & M32, old), new))


def csum_replace2(check: int, old: int, new: int) -> int:
    return ~csum16_add(csum16_add(~check & M16, ~old & M16), new) & M16


def csum_replace_by_diff(check: int, diff: int) -> int:
    return csum_fold(csum_add(diff, ~check & M32))


# ---- finding the sk_buff ----------------------------------------------------------------------
def _skb(env: Any) -> tuple[Any, SkbState]:
    pkt = env.packet
    st = getattr(pkt, "skb", None)
    if st is None:
        raise RuntimeFault("sk_buff helpers need a packet run as an sk_buff (a test run)")
    return pkt, st


def _s32(v: int) -> int:
    return ((v & M32) ^ 0x80000000) - 0x80000000


def _may_pull(pkt: Any, size: int) -> bool:
    """pskb_may_pull on a linear sk_buff: are `size` bytes there from data on?"""
    return size <= pkt.end - pkt.data


def _done(pkt: Any, ret: int = 0) -> int:
    """bpf_compute_data_pointers: the context's data/data_end/len follow the packet."""
    pkt.remap()
    return ret


# ---- checksums --------------------------------------------------------------------------------
def _csum_field(pkt: Any, offset: int) -> int | None:
    """Where the checksum at `offset` is (a buf index), or None for -EFAULT."""
    off = offset & M32
    if off > 0xFFFF or off & 1 or not _may_pull(pkt, off + 2):
        return None
    return int(pkt.data + off)


def _get16(pkt: Any, at: int) -> int:
    return int.from_bytes(pkt.buf[at : at + 2], "little")


def _put16(pkt: Any, at: int, value: int) -> None:
    pkt.buf[at : at + 2] = (value & M16).to_bytes(2, "little")


@helper("bpf_l3_csum_replace", _types("bpf_l3_csum_replace"))
def l3_csum_replace(env: Any, ctx: int, offset: int, frm: int, to: int, flags: int) -> int:
    pkt = _skb(env)[0]
    if flags & ~BPF_F_HDR_FIELD_MASK:
        return -errno.EINVAL
    at = _csum_field(pkt, offset)
    if at is None:
        return _done(pkt, -errno.EFAULT)
    check = _get16(pkt, at)
    size = flags & BPF_F_HDR_FIELD_MASK
    if size == 0:
        if frm:
            return _done(pkt, -errno.EINVAL)
        check = csum_replace_by_diff(check, to & M32)
    elif size == 2:
        check = csum_replace2(check, frm & M16, to & M16)
    elif size == 4:
        check = csum_replace4(check, frm & M32, to & M32)
    else:
        return _done(pkt, -errno.EINVAL)
    _put16(pkt, at, check)
    return _done(pkt)


@helper("bpf_l4_csum_replace", _types("bpf_l4_csum_replace"))
def l4_csum_replace(env: Any, ctx: int, offset: int, frm: int, to: int, flags: int) -> int:
    pkt = _skb(env)[0]
    allowed = BPF_F_MARK_MANGLED_0 | BPF_F_MARK_ENFORCE | BPF_F_PSEUDO_HDR | BPF_F_IPV6
    if flags & ~(allowed | BPF_F_HDR_FIELD_MASK):
        return -errno.EINVAL
    at = _csum_field(pkt, offset)
    if at is None:
        return _done(pkt, -errno.EFAULT)
    mangled_0 = bool(flags & BPF_F_MARK_MANGLED_0)
    check = _get16(pkt, at)
    if mangled_0 and not flags & BPF_F_MARK_ENFORCE and not check:
        return _done(pkt)  # a UDP datagram without a checksum keeps none
    # Not CHECKSUM_PARTIAL: the field itself is updated whatever BPF_F_PSEUDO_HDR says (it
    # only decides whether a CHECKSUM_COMPLETE skb->csum follows, which test runs never have).
    size = flags & BPF_F_HDR_FIELD_MASK
    if size == 0:
        if frm:
            return _done(pkt, -errno.EINVAL)
        check = csum_replace_by_diff(check, to & M32)
    elif size == 2:
        check = csum_replace2(check, frm & M16, to & M16)
    elif size == 4:
        check = csum_replace4(check, frm & M32, to & M32)
    else:
        return _done(pkt, -errno.EINVAL)
    if mangled_0 and not check:
        check = CSUM_MANGLED_0
    _put16(pkt, at, check)
    return _done(pkt)


@helper("bpf_csum_update", _types("bpf_csum_update"))
def csum_update(env: Any, ctx: int, csum: int, *_: int) -> int:
    st = _skb(env)[1]
    if st.ip_summed == CHECKSUM_COMPLETE:
        st.csum = csum_add(st.csum, csum)
        return st.csum
    return -ENOTSUPP


@helper("bpf_csum_level", _types("bpf_csum_level"))
def csum_level(env: Any, ctx: int, level: int, *_: int) -> int:
    st = _skb(env)[1]
    if level == BPF_CSUM_LEVEL_INC:
        if st.ip_summed == CHECKSUM_UNNECESSARY:
            st.csum_level = min(st.csum_level + 1, SKB_MAX_CSUM_LEVEL)
        elif st.ip_summed == CHECKSUM_NONE:
            st.ip_summed, st.csum_level = CHECKSUM_UNNECESSARY, 0
    elif level == BPF_CSUM_LEVEL_DEC:
        if st.ip_summed == CHECKSUM_UNNECESSARY:
            if st.csum_level == 0:
                st.ip_summed = CHECKSUM_NONE
            else:
                st.csum_level -= 1
    elif level == BPF_CSUM_LEVEL_RESET:
        st.reset_checksum_unnecessary()
    elif level == BPF_CSUM_LEVEL_QUERY:
        return st.csum_level if st.ip_summed == CHECKSUM_UNNECESSARY else -errno.EACCES
    else:
        return -errno.EINVAL
    return 0


# ---- reading and pulling ----------------------------------------------------------------------
@helper("bpf_skb_load_bytes_relative", _types("bpf_skb_load_bytes_relative"))
def skb_load_bytes_relative(
    env: Any, ctx: int, offset: int, to: int, length: int, start_header: int
) -> int:
    pkt = _skb(env)[0]
    off = offset & M32
    start = {BPF_HDR_START_MAC: pkt.mac, BPF_HDR_START_NET: pkt.network}.get(start_header & M32)
    if off > 0xFFFF or start is None or start + off + length > pkt.end:
        env.write(to, bytes(length))
        return -errno.EFAULT
    env.write(to, bytes(pkt.buf[start + off : start + off + length]))
    return 0


@helper("bpf_skb_pull_data", _types("bpf_skb_pull_data"))
def skb_pull_data(env: Any, ctx: int, length: int, *_: int) -> int:
    # A test run's packet is linear: every byte is already in the head.
    pkt = _skb(env)[0]
    size = (length & M32) or pkt.end - pkt.data
    return _done(pkt, 0 if _may_pull(pkt, size) else -errno.ENOMEM)


# ---- the hash ---------------------------------------------------------------------------------
def _flow_hash(pkt: Any, st: SkbState) -> tuple[int, bool]:
    """A flow hash of the packet (addresses, protocol, ports) that both directions of a flow
    share, and whether it covered ports (skb->l4_hash). The kernel keys its hash with a
    per-boot random seed; this one is keyed per process: equal within a run, not across."""
    buf, net, end = pkt.buf, pkt.network, pkt.end
    proto = st.protocol
    l4, addrs, ports = 0, b"", b""
    l4_at = None
    if net is not None and proto == ETH_P_IP and net + IPV4_HLEN <= end:
        ihl = (buf[net] & 0xF) * 4
        l4 = buf[net + 9]
        a, b = bytes(buf[net + 12 : net + 16]), bytes(buf[net + 16 : net + 20])
        addrs = min(a, b) + max(a, b)
        if not int.from_bytes(buf[net + 6 : net + 8], "big") & 0x3FFF:  # not a fragment
            l4_at = net + ihl
    elif net is not None and proto == ETH_P_IPV6 and net + IPV6_HLEN <= end:
        l4 = buf[net + 6]
        a, b = bytes(buf[net + 8 : net + 24]), bytes(buf[net + 24 : net + 40])
        addrs = min(a, b) + max(a, b)
        l4_at = net + IPV6_HLEN
    if l4_at is not None and l4 in (6, 17, 132, 136) and l4_at + 4 <= end:
        p, q = bytes(buf[l4_at : l4_at + 2]), bytes(buf[l4_at + 2 : l4_at + 4])
        ports = min(p, q) + max(p, q)
    data = struct.pack("<HB", proto, l4) + addrs + ports
    digest = hashlib.blake2b(data, digest_size=4, key=_HASH_KEY).digest()
    return int.from_bytes(digest, "little") or 1, bool(ports)


@helper("bpf_get_hash_recalc", _types("bpf_get_hash_recalc"))
def get_hash_recalc(env: Any, ctx: int, *_: int) -> int:
    pkt, st = _skb(env)
    if not (st.l4_hash or st.sw_hash):
        value, st.l4_hash = _flow_hash(pkt, st)
        st.put("hash", value)
    return st.get("hash")


@helper("bpf_set_hash_invalid", _types("bpf_set_hash_invalid"))
def set_hash_invalid(env: Any, ctx: int, *_: int) -> int:
    _skb(env)[1].clear_hash()
    return 0


@helper("bpf_set_hash", _types("bpf_set_hash"))
def set_hash(env: Any, ctx: int, value: int, *_: int) -> int:
    st = _skb(env)[1]
    st.put("hash", value)
    st.l4_hash = st.sw_hash = True
    return 0


# ---- moving the head and tail -----------------------------------------------------------------
def _insert(pkt: Any, off: int, size: int) -> None:
    """bpf_skb_generic_push: `size` zero bytes at `off` from data, the bytes before moving
    to the front (the caller reserved the headroom)."""
    pkt.push(size)
    pkt.move(pkt.data, pkt.data + size, off)
    pkt.zero(pkt.data + off, size)


def _remove(pkt: Any, off: int, size: int) -> None:
    """bpf_skb_generic_pop: drop `size` bytes at `off` from data."""
    pkt.move(pkt.data + size, pkt.data, off)
    pkt.pull(size)


def _shift_headers(pkt: Any, delta: int) -> None:
    if pkt.mac is not None:
        pkt.mac += delta
    if pkt.network is not None:
        pkt.network += delta


def _mac_len(pkt: Any) -> int:
    """skb_mac_header_len: network - mac."""
    mac = pkt.mac if pkt.mac is not None else pkt.data
    return int(pkt.network - mac) if pkt.network is not None else 0


@helper("bpf_skb_change_tail", _types("bpf_skb_change_tail"))
def skb_change_tail(env: Any, ctx: int, new_len: int, flags: int, *_: int) -> int:
    pkt, st = _skb(env)
    new_len &= M32
    min_len = (pkt.network - pkt.data) & M32 if pkt.network is not None else 0
    if flags or new_len > BPF_SKB_MAX_LEN or new_len < min_len:
        return _done(pkt, -errno.EINVAL)
    if st.encapsulation:
        return _done(pkt, -ENOTSUPP)
    end = pkt.data + new_len
    if end > pkt.end:
        pkt.reserve(tail=end - pkt.end)
    pkt.set_end(end)
    return _done(pkt)


@helper("bpf_skb_change_head", _types("bpf_skb_change_head"))
def skb_change_head(env: Any, ctx: int, head_room: int, flags: int, *_: int) -> int:
    pkt = _skb(env)[0]
    room = head_room & M32
    length = pkt.end - pkt.data
    new_len = (length + room) & M32
    if flags or new_len > BPF_SKB_MAX_LEN or new_len < length:
        return _done(pkt, -errno.EINVAL)
    pkt.reserve(head=room)
    pkt.push(room)
    pkt.zero(pkt.data, room)
    pkt.mac = pkt.data  # the new bytes are the MAC header; the network header stays
    return _done(pkt)


def _net_base_len(proto: int) -> int | None:
    return {ETH_P_IP: IPV4_HLEN, ETH_P_IPV6: IPV6_HLEN}.get(proto)


@helper("bpf_skb_adjust_room", _types("bpf_skb_adjust_room"))
def skb_adjust_room(env: Any, ctx: int, len_diff: int, mode: int, flags: int, *_: int) -> int:
    pkt, st = _skb(env)
    diff = _s32(len_diff)
    size = abs(diff) & M32
    proto = st.protocol
    if flags & ~(ADJ_ROOM_MASK | ADJ_NO_CSUM_RESET):
        return _done(pkt, -errno.EINVAL)
    if size > 0xFFF:
        return _done(pkt, -errno.EFAULT)
    base = _net_base_len(proto)
    if base is None:
        return _done(pkt, -ENOTSUPP)
    off = _mac_len(pkt)
    if mode & M32 == BPF_ADJ_ROOM_NET:
        off += base
    elif mode & M32 != BPF_ADJ_ROOM_MAC:
        return _done(pkt, -ENOTSUPP)
    length = pkt.end - pkt.data
    cur = length - (pkt.network - pkt.data)
    if diff < 0 and (size >= cur or cur - size < base):
        return _done(pkt, -ENOTSUPP)
    if diff >= 0 and length + size > BPF_SKB_MAX_LEN:
        return _done(pkt, -ENOTSUPP)
    ret = (
        _room_shrink(pkt, st, off, size, flags)
        if diff < 0
        else _room_grow(pkt, st, off, size, flags)
    )
    if not ret and not flags & ADJ_NO_CSUM_RESET:
        st.reset_checksum_unnecessary()
    return _done(pkt, ret)


def _room_grow(pkt: Any, st: SkbState, off: int, size: int, flags: int) -> int:
    inner_mac_len = (flags >> ADJ_ENCAP_L2_SHIFT) & 0xFF
    encap = bool(flags & ADJ_ENCAP_L3)
    if flags & ADJ_DECAP_L3:
        return -errno.EINVAL
    pkt.reserve(head=size)
    mac_len = _mac_len(pkt)
    if encap:
        if flags & ADJ_ENCAP_L3 == ADJ_ENCAP_L3:
            return -errno.EINVAL
        if flags & ADJ_ENCAP_L4_GRE and flags & ADJ_ENCAP_L4_UDP:
            return -errno.EINVAL
        if flags & ADJ_ENCAP_L2_ETH and inner_mac_len < ETH_HLEN:
            return -errno.EINVAL
        if st.encapsulation:
            return -errno.EALREADY
        if inner_mac_len > size:
            return -errno.EINVAL
    _insert(pkt, off, size)
    _shift_headers(pkt, -size)
    if encap:
        st.encapsulation = True
        pkt.network = pkt.data + mac_len
        if st.protocol == ETH_P_IP and flags & ADJ_ENCAP_L3_IPV6:
            st.protocol = ETH_P_IPV6
        elif st.protocol == ETH_P_IPV6 and flags & ADJ_ENCAP_L3_IPV4:
            st.protocol = ETH_P_IP
    return 0


def _room_shrink(pkt: Any, st: SkbState, off: int, size: int, flags: int) -> int:
    if flags & ~(ADJ_DECAP_L3 | ADJ_FIXED_GSO | ADJ_NO_CSUM_RESET):
        return -errno.EINVAL
    if flags & ADJ_DECAP_L3 == ADJ_DECAP_L3:
        return -errno.EINVAL
    if not _may_pull(pkt, off + size):
        return -errno.ENOMEM
    _remove(pkt, off, size)
    _shift_headers(pkt, size)
    if flags & ADJ_DECAP_L3_IPV4:
        st.protocol = ETH_P_IP
    elif flags & ADJ_DECAP_L3_IPV6:
        st.protocol = ETH_P_IPV6
    return 0


@helper("bpf_skb_change_proto", _types("bpf_skb_change_proto"))
def skb_change_proto(env: Any, ctx: int, proto: int, flags: int, *_: int) -> int:
    pkt, st = _skb(env)
    if flags:
        return -errno.EINVAL
    to = int.from_bytes((proto & M16).to_bytes(2, "little"), "big")  # a __be16 argument
    grow = IPV6_HLEN - IPV4_HLEN
    off = _mac_len(pkt)
    if st.protocol == ETH_P_IP and to == ETH_P_IPV6:
        pkt.reserve(head=grow)
        _insert(pkt, off, grow)
        _shift_headers(pkt, -grow)
    elif st.protocol == ETH_P_IPV6 and to == ETH_P_IP:
        if not _may_pull(pkt, off + grow):
            return _done(pkt, -errno.ENOMEM)
        _remove(pkt, off, grow)
        _shift_headers(pkt, grow)
    else:
        return _done(pkt, -ENOTSUPP)
    st.protocol = to
    st.clear_hash()
    return _done(pkt)


@helper("bpf_skb_change_type", _types("bpf_skb_change_type"))
def skb_change_type(env: Any, ctx: int, pkt_type: int, *_: int) -> int:
    st = _skb(env)[1]
    if st.get("pkt_type") > PACKET_OTHERHOST or pkt_type & M32 > PACKET_OTHERHOST:
        return -errno.EINVAL
    st.put("pkt_type", pkt_type)
    return 0


# ---- VLAN tags ---------------------------------------------------------------------------------
def _vlan_pop_inline(pkt: Any, st: SkbState) -> tuple[int, int]:
    """__skb_vlan_pop: take the tag after the MAC addresses out of the packet; (0, tci) or
    (-errno, 0)."""
    if pkt.mac is not None and pkt.data != pkt.mac:
        return -errno.EINVAL, 0
    if not _may_pull(pkt, ETH_HLEN + VLAN_HLEN):
        return -errno.ENOMEM, 0
    d = pkt.data
    tci = int.from_bytes(pkt.buf[d + ETH_HLEN : d + ETH_HLEN + 2], "big")
    inner = int.from_bytes(pkt.buf[d + ETH_HLEN + 2 : d + ETH_HLEN + 4], "big")
    if inner >= ETH_P_802_3_MIN:
        st.protocol = inner
    else:
        raw = bytes(pkt.buf[d + ETH_HLEN + 4 : d + ETH_HLEN + 6])
        st.protocol = ETH_P_802_3 if raw == b"\xff\xff" else ETH_P_802_2
    pkt.move(d + VLAN_HLEN, d, 2 * ETH_ALEN)
    pkt.pull(VLAN_HLEN)
    if pkt.mac is not None:
        pkt.mac += VLAN_HLEN
    if pkt.network is None or pkt.network - pkt.data < ETH_HLEN:
        pkt.network = pkt.data + ETH_HLEN
    return 0, tci


def _is_vlan(proto: int) -> bool:
    return proto in (ETH_P_8021Q, ETH_P_8021AD)


@helper("bpf_skb_vlan_push", _types("bpf_skb_vlan_push"))
def skb_vlan_push(env: Any, ctx: int, vlan_proto: int, vlan_tci: int, *_: int) -> int:
    pkt, st = _skb(env)
    proto = int.from_bytes((vlan_proto & M16).to_bytes(2, "little"), "big")  # a __be16
    if not _is_vlan(proto):
        proto = ETH_P_8021Q
    if st.vlan_present:
        # The tag held outside the packet goes in front of the one being pushed.
        if pkt.mac is not None and pkt.data != pkt.mac:
            return _done(pkt, -errno.EINVAL)
        old_proto, old_tci = st._be16("vlan_proto"), st.get("vlan_tci")
        pkt.reserve(head=VLAN_HLEN)
        pkt.push(VLAN_HLEN)
        pkt.move(pkt.data, pkt.data + VLAN_HLEN, 2 * ETH_ALEN)
        if pkt.mac is not None:
            pkt.mac -= VLAN_HLEN
        # The kernel moves the network header back over the tag too (skb_vlan_push), so it
        # starts at the inserted TCI: loads relative to it see the tag's last 4 bytes.
        if pkt.network is not None:
            pkt.network -= VLAN_HLEN
        tag_at = pkt.data + 2 * ETH_ALEN
        pkt.buf[tag_at : tag_at + 4] = struct.pack(">HH", old_proto, old_tci)
        st.protocol = old_proto
    st.put_vlan(proto, vlan_tci)
    return _done(pkt)


@helper("bpf_skb_vlan_pop", _types("bpf_skb_vlan_pop"))
def skb_vlan_pop(env: Any, ctx: int, *_: int) -> int:
    pkt, st = _skb(env)
    if st.vlan_present:
        st.put_vlan(0, 0)
    elif not _is_vlan(st.protocol):
        return _done(pkt)
    else:
        err, _tci = _vlan_pop_inline(pkt, st)
        if err:
            return _done(pkt, err)
    if not _is_vlan(st.protocol):  # the next tag in the packet moves out of it
        return _done(pkt)
    outer = st.protocol
    err, tci = _vlan_pop_inline(pkt, st)
    if err:
        return _done(pkt, err)
    st.put_vlan(outer, tci)
    return _done(pkt)


# ---- clones -------------------------------------------------------------------------------------
def _device_type(ifindex: int) -> int | None:
    """The ARPHRD_* type of the device with this ifindex, None when there is none."""
    try:
        name = socket.if_indextoname(ifindex)
    except OSError:
        return None
    try:
        return int(Path(f"/sys/class/net/{name}/type").read_text())
    except (OSError, ValueError):
        return 1  # ARPHRD_ETHER: a device sysfs does not describe


@helper("bpf_clone_redirect", _types("bpf_clone_redirect"))
def clone_redirect(env: Any, ctx: int, ifindex: int, flags: int, *_: int) -> int:
    """A copy of the packet goes to `ifindex`: recorded in the run's SkbState.clones (nothing
    is sent, as bpf_redirect only records its target); the program goes on with the original."""
    pkt, st = _skb(env)
    if flags & ~BPF_F_INGRESS:
        return -errno.EINVAL
    kind = _device_type(ifindex & M32)
    if kind is None:
        return -errno.EINVAL
    if kind not in _NO_MAC_DEVICES:
        mac = pkt.mac if pkt.mac is not None else pkt.data
        if pkt.network is None or mac >= pkt.network:
            return _done(pkt, -errno.ERANGE)
    st.clones.append(CloneRedirect(ifindex & M32, flags, bytes(pkt.buf[pkt.data : pkt.end])))
    return _done(pkt)
