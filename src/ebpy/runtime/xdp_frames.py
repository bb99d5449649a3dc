"""One XDP program over many frames, with one context and one packet buffer reused.

`UserspaceProgram.test_run` builds a fresh context and packet for every call, as the
kernel's BPF_PROG_TEST_RUN does; a hook that feeds a program thousands of frames a second
cannot pay that each time. XdpFrameRunner prepares them once and, per frame, only copies the
bytes in and moves the bounds. The packet buffer is a page like the kernel's (256 bytes of
headroom, room for skb_shared_info at the end), so bpf_xdp_adjust_head/tail allow exactly
what they allow in a test run of the same frame.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from ebpy.errors import EbpyError
from ebpy.helpers.env import Redirect, RegionKind
from ebpy.runtime.packet import PAGE_SIZE, SKB_SHARED_INFO, XDP_PACKET_HEADROOM, PacketBuffer
from ebpy.spec.types import ProgramType

if TYPE_CHECKING:
    from ebpy.runtime.collection import UserspaceProgram

# The largest frame the page holds; the rest of a bigger one goes into fragments.
PAGE_FRAME_MAX = PAGE_SIZE - XDP_PACKET_HEADROOM - SKB_SHARED_INFO
_XDP_MD = struct.Struct("<6I")  # data, data_end, data_meta, ingress, rx queue, egress


class XdpFrameRunner:
    """Runs an XDP program of a userspace collection frame by frame.

    `run(frame)` returns the program's verdict (r0 as u32); afterwards `output()` is the frame
    as the program left it and `redirect` what bpf_redirect/bpf_redirect_map asked for. Not
    thread-safe, like the collection it runs in.
    """

    def __init__(self, program: UserspaceProgram, ingress_ifindex: int = 1, rx_queue: int = 0):
        if program.type != ProgramType.XDP:
            raise EbpyError(
                f"program {program.name} is a {program.type.name.lower()} program, not xdp"
            )
        _check_u32("ingress_ifindex", ingress_ifindex)
        _check_u32("rx_queue_index", rx_queue)
        self.program = program
        coll = program.collection
        self._space = coll.space
        self._env = coll.env
        self._state = coll.state
        self._exe = program.executable
        self._ingress = ingress_ifindex
        self._rxq = rx_queue
        # The context gets a region key of its own: test runs re-map CTX_KEY for every run,
        # and a test run in between must not take our context away (the packet region is
        # mapped again for every frame anyway).
        self._ctx = bytearray(_XDP_MD.size)
        self._key = self._space._next_key
        self._space._next_key += 1
        self.ctx_address = self._space.map_region(
            self._ctx, "xdp_md", RegionKind.CTX, key=self._key
        )
        self._args = (self.ctx_address,)
        page = PacketBuffer(coll.space, bytes(PAGE_FRAME_MAX), allocate=coll.engine.allocate_packet)
        page.on_move.append(lambda: self._refresh(page))
        self.packet = page
        self._refresh(page)

    def _refresh(self, packet: PacketBuffer) -> None:
        _XDP_MD.pack_into(
            self._ctx,
            0,
            packet.data_addr,
            packet.end_addr,
            packet.meta_addr,
            self._ingress,
            self._rxq,
            0,
        )

    def set_ingress(self, ifindex: int, rx_queue: int = 0) -> None:
        """The interface (and queue) the next frames arrive on: xdp_md.ingress_ifindex."""
        _check_u32("ingress_ifindex", ifindex)
        _check_u32("rx_queue_index", rx_queue)
        self._ingress, self._rxq = ifindex, rx_queue
        self._refresh(self.packet)

    def _activate(self, packet: PacketBuffer) -> None:
        env = self._env
        env.packet = packet
        env.ctx_addr = self.ctx_address
        env.prog_type = ProgramType.XDP
        self._state.extra["packet"] = packet

    def run(self, frame: bytes | bytearray | memoryview) -> int:
        """Run the program over one frame; returns its verdict (r0 as u32)."""
        packet = self.packet
        if len(frame) <= PAGE_FRAME_MAX:
            packet.reload(frame)
        else:  # as a test run lays it out: the page holds what fits, fragments the rest
            packet.reload(frame[:PAGE_FRAME_MAX])
            packet.add_frags(bytes(frame[PAGE_FRAME_MAX:]))
        self._activate(packet)
        self._env.redirect = None
        r0 = self._exe(*self._args)
        self.program.last_r0 = r0
        return int(r0) & 0xFFFFFFFF

    def output(self) -> bytes:
        """The frame after the last run: data to data_end, then any fragments (metadata is
        not part of the frame)."""
        packet = self.packet
        if packet.frags:
            return packet.payload() + b"".join(packet.frags)
        return packet.payload()

    def close(self) -> None:
        """Unmap the context (the collection keeps running)."""
        self._space.unmap(self._key)

    @property
    def redirect(self) -> Redirect | None:
        r: Redirect | None = self._env.redirect
        return r


def _check_u32(name: str, value: int) -> None:
    if not isinstance(value, int) or not 0 <= value <= 0xFFFFFFFF:
        raise EbpyError(f"xdp_md.{name} is a u32; {value!r} does not fit")


__all__ = ["PAGE_FRAME_MAX", "XdpFrameRunner"]
