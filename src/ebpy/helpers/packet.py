"""Packet helpers: moving the head, tail and metadata, reading and writing skb bytes, redirects."""

from __future__ import annotations

import errno
from typing import Any

from ebpy.helpers.env import Redirect
from ebpy.helpers.registry import helper
from ebpy.spec.types import ProgramType

XDP_ABORTED, XDP_REDIRECT = 0, 4
TC_ACT_SHOT, TC_ACT_REDIRECT = 2, 7
M64 = (1 << 64) - 1
INT_MAX = (1 << 31) - 1
BPF_F_RECOMPUTE_CSUM, BPF_F_INVALIDATE_HASH = 1, 2


def _signed32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >> 31 else v


@helper("bpf_xdp_adjust_head")
def xdp_adjust_head(env: Any, ctx: int, delta: int, *_: int) -> int:
    return int(env.packet.adjust_head(_signed32(delta)))


@helper("bpf_xdp_adjust_tail")
def xdp_adjust_tail(env: Any, ctx: int, delta: int, *_: int) -> int:
    return int(env.packet.adjust_tail(_signed32(delta)))


@helper("bpf_xdp_adjust_meta")
def xdp_adjust_meta(env: Any, ctx: int, delta: int, *_: int) -> int:
    return int(env.packet.adjust_meta(_signed32(delta)))


@helper("bpf_skb_load_bytes")
def skb_load_bytes(env: Any, skb: int, offset: int, to: int, length: int, *_: int) -> int:
    pkt = env.packet
    off = offset & 0xFFFFFFFF
    if off > INT_MAX or pkt.data + off + length > pkt.end or length == 0:
        if length:
            env.write(to, bytes(length))
        return -errno.EFAULT
    env.write(to, bytes(pkt.buf[pkt.data + off : pkt.data + off + length]))
    return 0


@helper("bpf_skb_store_bytes")
def skb_store_bytes(env: Any, skb: int, offset: int, src: int, length: int, flags: int) -> int:
    pkt = env.packet
    if flags & ~(BPF_F_RECOMPUTE_CSUM | BPF_F_INVALIDATE_HASH):
        return -errno.EINVAL
    off = offset & 0xFFFFFFFF
    if off > INT_MAX or pkt.data + off + length > pkt.end:
        return _moved(pkt, -errno.EFAULT)
    pkt.buf[pkt.data + off : pkt.data + off + length] = env.read(src, length)
    state = getattr(pkt, "skb", None)
    if flags & BPF_F_INVALIDATE_HASH and state is not None:
        state.clear_hash()
    return _moved(pkt, 0)


def _moved(pkt: Any, ret: int) -> int:
    """bpf_try_make_writable ends with bpf_compute_data_pointers, whatever it answered."""
    if getattr(pkt, "skb", None) is not None:
        pkt.remap()
    return ret


@helper("bpf_redirect")
def redirect(env: Any, ifindex: int, flags: int, *_: int) -> int:
    xdp = env.prog_type == ProgramType.XDP
    if flags & ~1 if not xdp else flags:
        return XDP_ABORTED if xdp else TC_ACT_SHOT
    env.redirect = Redirect(ifindex & 0xFFFFFFFF, flags)
    return XDP_REDIRECT if xdp else TC_ACT_REDIRECT
