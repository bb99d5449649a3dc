"""Packet memory with head- and tailroom, as the kernel's xdp_buff and sk_buff give programs.

The program sees [meta, end) as one region; `data` lies inside it. Moving the head, tail or
metadata (bpf_xdp_adjust_head/tail/meta, bpf_skb_change_*) re-maps the region and rewrites the
context's pointer fields, so pointers computed before the move stop being valid, as in the
kernel. An sk_buff's buffer grows when a helper needs more head- or tailroom than it has (the
kernel's pskb_expand_head): the bytes move to a bigger block and every offset follows.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Any

from ebpy.helpers.env import RegionKind
from ebpy.runtime.address_space import PACKET_KEY, REGION_SHIFT, AddressSpace

XDP_PACKET_HEADROOM = 256
# Metadata in front of an XDP frame: a multiple of 4 bytes up to what skb_shared_info's u8
# meta_len holds (xdp_metalen_invalid() since Linux 6.0; it was 32 before).
XDP_METADATA_MAX = 255
# The kernel's test_run puts the packet in one page with room for skb_shared_info after it.
PAGE_SIZE = 4096
SKB_SHARED_INFO = 320
ETH_HLEN = 14
# struct xdp_frame sits at the start of the headroom; data and metadata cannot move into it.
XDP_FRAME_SIZE = 40
# pskb_expand_head grows the headroom in steps of NET_SKB_PAD (max(32, L1_CACHE_BYTES)).
NET_SKB_PAD = 64


class PacketBuffer:
    def __init__(
        self,
        space: AddressSpace,
        data: bytes,
        headroom: int = XDP_PACKET_HEADROOM,
        tailroom: int | None = None,
        meta_len: int = 0,
        allocate: Callable[[int], memoryview | bytearray] = bytearray,
    ) -> None:
        if tailroom is None:
            tailroom = max(0, PAGE_SIZE - headroom - len(data) - SKB_SHARED_INFO)
        self.space = space
        self.allocate = allocate
        self.buf = allocate(headroom + len(data) + tailroom)
        # `data` starts with meta_len bytes of metadata (XDP test runs pass it that way).
        self.meta = headroom
        self.data = headroom + meta_len
        self.end = headroom + len(data)
        self.buf[self.meta : self.end] = data
        self.on_move: list[Callable[[], None]] = []
        # Where the network header starts in `buf` (sk_buff packets): LD_ABS/LD_IND offsets
        # from SKF_NET_OFF and SKF_LL_OFF count from it and from the 14 bytes before it.
        self.network: int | None = None
        # sk_buff packets: where the MAC header starts in `buf` (None: never set), and the
        # helpers' view of the rest of the sk_buff (ebpy.helpers.skb.SkbState).
        self.mac: int | None = None
        self.skb: Any = None
        # XDP fragments: what did not fit in the page, one page each as the kernel's test run
        # lays them out. Programs cannot load them directly; they are part of the output.
        self.frags: list[bytearray] = []
        self.remap()

    def add_frags(self, data: bytes) -> None:
        self.frags = [bytearray(data[i : i + PAGE_SIZE]) for i in range(0, len(data), PAGE_SIZE)]

    def reload(
        self, data: bytes | bytearray | memoryview, headroom: int = XDP_PACKET_HEADROOM
    ) -> bool:
        """Put a new frame in this buffer (no metadata), as a fresh buffer would hold it.

        For hooks that run one program over many frames: the buffer, its region key and the
        context stay; only the bytes and the bounds change. False when the frame does not fit
        (the caller allocates a bigger buffer).
        """
        end = headroom + len(data)
        if end > len(self.buf):
            return False
        self.buf[headroom:end] = data
        self.meta = self.data = headroom
        self.end = end
        self.frags = []
        self.mac = self.network = None
        self.skb = None
        self.remap()
        return True

    # ---- addresses -----------------------------------------------------------------------------
    def remap(self) -> None:
        view = memoryview(self.buf)[self.meta : self.end]
        self.base = self.space.map_region(view, "packet", RegionKind.PACKET, key=PACKET_KEY)
        for callback in self.on_move:
            callback()

    @property
    def meta_addr(self) -> int:
        return self.base

    @property
    def data_addr(self) -> int:
        return self.base + (self.data - self.meta)

    @property
    def end_addr(self) -> int:
        return self.base + (self.end - self.meta)

    @property
    def data_offset(self) -> int:
        """Where data starts inside the mapped region (after the metadata)."""
        return self.data - self.meta

    @property
    def key(self) -> int:
        return self.base >> REGION_SHIFT

    # ---- contents ------------------------------------------------------------------------------
    def payload(self) -> bytes:
        return bytes(self.buf[self.data : self.end])

    def with_meta(self) -> bytes:
        return bytes(self.buf[self.meta : self.end]) + b"".join(self.frags)

    # ---- moves (return 0 or -errno as the helpers do) ----------------------------------------
    def adjust_head(self, delta: int, min_len: int = ETH_HLEN) -> int:
        """bpf_xdp_adjust_head: move data by delta, keeping metadata in front of it."""
        meta_len = self.data - self.meta
        new_data = self.data + delta
        new_meta = new_data - meta_len
        if new_meta < XDP_FRAME_SIZE or new_data > self.end - min_len:
            return -errno.EINVAL
        if meta_len:
            self.buf[new_meta:new_data] = self.buf[self.meta : self.data]
        self.data, self.meta = new_data, new_meta
        self.remap()
        return 0

    def adjust_tail(self, delta: int, min_len: int = ETH_HLEN) -> int:
        if self.frags:
            return self._adjust_frags_tail(delta, min_len)
        new_end = self.end + delta
        if new_end > len(self.buf) or new_end < self.data + min_len:
            return -errno.EINVAL
        if delta > 0:
            self.buf[self.end : new_end] = bytes(delta)  # grown tail reads as zeros
        self.end = new_end
        self.remap()
        return 0

    def _adjust_frags_tail(self, delta: int, min_len: int) -> int:
        """bpf_xdp_adjust_tail on a fragmented frame: growing fills the last fragment's page,
        shrinking takes from the fragments first and from the linear part once none is left."""
        if delta >= 0:
            last = self.frags[-1]
            if delta > PAGE_SIZE - len(last):
                return -errno.EINVAL
            last += bytes(delta)
            return 0
        cut = -delta
        if cut > self.end - self.data + sum(len(f) for f in self.frags) - min_len:
            return -errno.EINVAL
        while cut and self.frags:
            last = self.frags[-1]
            take = min(cut, len(last))
            del last[len(last) - take :]
            cut -= take
            if not last:
                self.frags.pop()
        if cut:
            self.end -= cut
            self.remap()
        return 0

    def adjust_meta(self, delta: int) -> int:
        new_meta = self.meta + delta
        meta_len = self.data - new_meta
        if new_meta < XDP_FRAME_SIZE or new_meta > self.data:
            return -errno.EINVAL
        if meta_len > XDP_METADATA_MAX or meta_len % 4:
            return -errno.EACCES
        self.meta = new_meta
        self.remap()
        return 0

    # ---- sk_buff moves (bpf_skb_*: the caller checks limits and keeps meta == data) ---------
    @property
    def headroom(self) -> int:
        return self.meta

    @property
    def tailroom(self) -> int:
        return len(self.buf) - self.end

    def reserve(self, head: int = 0, tail: int = 0) -> None:
        """Make sure of `head` bytes of headroom and `tail` of tailroom, moving the packet to
        a bigger buffer when it has less (headroom grows in NET_SKB_PAD steps, as the
        kernel's skb_cow does)."""
        extra_head = 0 if head <= self.meta else -(-(head - self.meta) // NET_SKB_PAD) * NET_SKB_PAD
        extra_tail = max(0, tail - self.tailroom)
        if not extra_head and not extra_tail:
            return
        old = self.buf
        new = self.allocate(len(old) + extra_head + extra_tail)
        new[extra_head : extra_head + len(old)] = old[0 : len(old)]
        self.buf = new
        self.meta += extra_head
        self.data += extra_head
        self.end += extra_head
        if self.mac is not None:
            self.mac += extra_head
        if self.network is not None:
            self.network += extra_head

    def move(self, dst: int, src: int, size: int) -> None:
        """memmove inside the buffer (indices into `buf`)."""
        if size > 0 and dst != src:
            self.buf[dst : dst + size] = bytes(self.buf[src : src + size])

    def zero(self, start: int, size: int) -> None:
        if size > 0:
            self.buf[start : start + size] = bytes(size)

    def push(self, size: int) -> None:
        """skb_push: `size` more bytes in front of data (the caller reserved the headroom)."""
        self.data -= size
        self.meta = self.data

    def pull(self, size: int) -> None:
        self.data += size
        self.meta = self.data

    def set_end(self, end: int) -> None:
        """Grow (zero-filled; the caller reserved the tailroom) or trim the packet's tail."""
        if end > self.end:
            self.zero(self.end, end - self.end)
        self.end = end
