"""sk_buff helpers on the userspace engines, compared with the kernel's BPF_PROG_TEST_RUN.

One tc program (tests/programs/skb/skb_ops.c) runs up to four helper calls described in a map
and records what each returned, the __sk_buff fields the helpers change (len, protocol, the
VLAN tag, the hash, pkt_type, data_end - data) and the first bytes at the MAC and network
headers. Every case runs on the interpreter, the JIT and the kernel; return values, the packet
after the run and that record must be equal. Errors for bad flags, offsets and lengths are
cases like any other.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from diff.engines import load
from ebpy import load_spec
from ebpy.helpers.skb import (
    csum_replace2,
    csum_replace4,
    csum_replace_by_diff,
)

ROOT = Path(__file__).resolve().parent
SKB_OPS = (ROOT / "programs" / "skb" / "skb_ops.c").read_text()
ENGINES = ("interp", "jit", "kernel")
RESULT = struct.Struct("<4q8I2q16s16s8s")

# step ops (skb_ops.c)
L3, L4, CSUM_UPDATE, PULL, TAIL, HEAD, ROOM, PUSH, POP, PROTO, TYPE = range(1, 12)
SET_HASH, HASH_INVALID, HASH_RECALC, CSUM_LEVEL, LOAD_REL, CLONE, STORE, LOAD = range(12, 20)
ENOTSUPP = 524


def htons(v: int) -> int:
    return int.from_bytes(v.to_bytes(2, "big"), "little")


def htonl(v: int) -> int:
    return int.from_bytes(v.to_bytes(4, "big"), "little")


def ip_checksum(header: bytes) -> int:
    total = sum(struct.unpack(f"!{len(header) // 2}H", header))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ether(proto: int, payload: bytes, dst: bytes = b"\x02\0\0\0\0\x01") -> bytes:
    return dst + b"\x02\0\0\0\0\x02" + proto.to_bytes(2, "big") + payload


def ipv4_udp(payload: bytes = bytes(range(20)), udp_check: int | None = None) -> bytes:
    src, dst = bytes([10, 0, 0, 1]), bytes([192, 168, 7, 200])
    ip = bytearray(
        struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28 + len(payload), 1, 0, 64, 17, 0, src, dst)
    )
    struct.pack_into("!H", ip, 10, ip_checksum(bytes(ip)))
    udp = struct.pack(
        "!HHHH", 1000, 53, 8 + len(payload), 0x1234 if udp_check is None else udp_check
    )
    return ether(0x0800, bytes(ip) + udp + payload)


def ipv6_tcp() -> bytes:
    ip = struct.pack(
        "!IHBB16s16s", 0x60000000, 24, 6, 64, bytes(range(1, 17)), bytes(range(0xF0, 0x100))
    )
    tcp = struct.pack("!HHIIBBHHH", 443, 5555, 1, 2, 0x50, 0x10, 100, 0xBEEF, 0) + bytes(4)
    return ether(0x86DD, ip + tcp)


def vlan(inner: bytes, tci: int = 5, tpid: int = 0x8100) -> bytes:
    return inner[:12] + struct.pack("!HH", tpid, tci) + inner[12:]


FRAMES = {
    "ipv4": ipv4_udp(),
    "ipv4_nocsum": ipv4_udp(udp_check=0),
    "ipv6": ipv6_tcp(),
    "arp": ether(0x0806, bytes(range(28))),
    "vlan": vlan(ipv4_udp()),
    "qinq": vlan(vlan(ipv4_udp(), 7), 9, 0x88A8),
    "short_vlan": ether(0x8100, b"\0\x05"),
    "bcast": ether(0x0800, ipv4_udp()[14:], dst=b"\xff" * 6),
}


@dataclass(frozen=True)
class Step:
    op: int
    a: int = 0
    b: int = 0
    c: int = 0
    d: int = 0

    def pack(self) -> bytes:
        m64 = (1 << 64) - 1
        return struct.pack(
            "<IIQQQ", self.op, self.a & 0xFFFFFFFF, self.b & m64, self.c & m64, self.d & m64
        )


@dataclass
class Outcome:
    retval: int
    data: bytes
    rets: tuple[int, ...]
    fields: tuple[int, ...]  # len protocol vlan_present vlan_tci vlan_proto hash pkt_type data_len
    mac: tuple[int, bytes]
    net: tuple[int, bytes]
    loaded: bytes


def _args(steps: tuple[Step, ...]) -> bytes:
    return b"".join(s.pack() for s in steps).ljust(128, b"\0")


class Runner:
    """skb_ops loaded on one engine; run(frame, steps) -> Outcome."""

    def __init__(self, coll: Any, engine: str) -> None:
        self.coll = coll
        self.prog = coll.programs["skb_ops"]
        # The kernel needs room for packets a helper grew (up to BPF_SKB_MAX_LEN).
        self.options = {"data_out_size": 16384} if engine == "kernel" else {}

    def run(self, frame: bytes, steps: tuple[Step, ...]) -> Outcome:
        key = bytes(4)
        self.coll.maps["args"]._update(key, _args(steps), 0)
        self.coll.maps["results"]._update(key, bytes(RESULT.size), 0)
        res = self.prog.test_run(frame, **self.options)
        raw = self.coll.maps["results"]._lookup(key)
        r = RESULT.unpack(raw)
        return Outcome(
            res.retval, res.data_out, r[0:4], r[4:12], (r[12], r[14]), (r[13], r[15]), r[16]
        )


@pytest.fixture(scope="module")
def runners(compile_bpf: Any) -> Iterator[dict[str, Runner]]:
    spec = load_spec(compile_bpf(SKB_OPS, "skb_ops"))
    colls = {}
    try:
        for engine in ENGINES:
            colls[engine] = load(spec, engine)
        yield {e: Runner(c, e) for e, c in colls.items()}
    finally:
        for c in colls.values():
            c.close()


def same_everywhere(runners: dict[str, Runner], frame: bytes, *steps: Step) -> Outcome:
    """Run on every engine; assert they agree with the kernel; the kernel's outcome."""
    out = {e: r.run(frame, steps) for e, r in runners.items()}
    ref = out["kernel"]
    for engine in ("interp", "jit"):
        assert out[engine] == ref, f"{engine} differs from the kernel for {steps}"
    return ref


# ---- the checksum arithmetic against RFC 1624 ---------------------------------------------------
def test_csum_replace_matches_recomputing_the_checksum() -> None:
    header = bytearray(ipv4_udp()[14:34])
    old_check = struct.unpack_from("!H", header, 10)[0]
    old_ttl_proto = struct.unpack_from("!H", header, 8)[0]
    old_dst = struct.unpack_from("!I", header, 16)[0]
    header[8] -= 1
    header[16:20] = bytes([172, 16, 0, 9])
    new_ttl_proto = struct.unpack_from("!H", header, 8)[0]
    new_dst = struct.unpack_from("!I", header, 16)[0]
    # The helpers work on the field as the CPU loads it (little-endian words of BE bytes).
    check = htons(old_check)
    check = csum_replace2(check, htons(old_ttl_proto), htons(new_ttl_proto))
    check = csum_replace4(check, htonl(old_dst), htonl(new_dst))
    struct.pack_into("!H", header, 10, 0)
    assert htons(check) == ip_checksum(bytes(header))
    diff = (htonl(new_dst) + (~htonl(old_dst) & 0xFFFFFFFF)) % 0xFFFFFFFF
    assert csum_replace_by_diff(htons(old_check), diff) != htons(old_check)


# ---- differential cases ----------------------------------------------------------------------------
IP_CHECK = 14 + 10
UDP_CHECK = 14 + 20 + 6
DST = htonl(0xC0A807C8)  # 192.168.7.200 as loaded from the packet
NEW_DST = htonl(0xAC100009)  # 172.16.0.9

CASES: dict[str, tuple[str, tuple[Step, ...]]] = {
    "l3_size4": ("ipv4", (Step(L3, IP_CHECK, DST, NEW_DST, 4),)),
    "l3_size2": ("ipv4", (Step(L3, IP_CHECK, htons(0x4011), htons(0x3F11), 2),)),
    "l3_diff": ("ipv4", (Step(L3, IP_CHECK, 0, 0x12345678, 0),)),
    "l3_diff_from_set": ("ipv4", (Step(L3, IP_CHECK, 1, 0x1234, 0),)),
    "l3_size3": ("ipv4", (Step(L3, IP_CHECK, 0, 1, 3),)),
    "l3_bad_flag": ("ipv4", (Step(L3, IP_CHECK, 0, 1, 0x14),)),
    "l3_odd_offset": ("ipv4", (Step(L3, IP_CHECK + 1, 1, 2, 2),)),
    "l3_past_end": ("ipv4", (Step(L3, len(FRAMES["ipv4"]) - 1, 1, 2, 2),)),
    "l3_huge_offset": ("ipv4", (Step(L3, 0x10000, 1, 2, 2),)),
    "l4_pseudo": ("ipv4", (Step(L4, UDP_CHECK, DST, NEW_DST, 4 | 0x10),)),
    "l4_size2": ("ipv4", (Step(L4, UDP_CHECK, htons(53), htons(5353), 2),)),
    "l4_diff": ("ipv4", (Step(L4, UDP_CHECK, 0, 0xABCD0000, 0x10),)),
    "l4_diff_ipv6": ("ipv6", (Step(L4, 14 + 40 + 16, 0, 0xABCD0000, 0x10 | 0x80),)),
    "l4_mangled0_zero": ("ipv4_nocsum", (Step(L4, UDP_CHECK, DST, NEW_DST, 4 | 0x30),)),
    "l4_mangled0_enforce": ("ipv4_nocsum", (Step(L4, UDP_CHECK, DST, NEW_DST, 4 | 0x70),)),
    "l4_mangled0_result0": ("ipv4", (Step(L4, UDP_CHECK, 0, htons(0x1234), 0x22),)),
    "l4_mangled0_nonzero": ("ipv4", (Step(L4, UDP_CHECK, htons(53), htons(54), 2 | 0x20),)),
    "l4_bad_flag": ("ipv4", (Step(L4, UDP_CHECK, 0, 1, 1 << 8),)),
    "l4_size1": ("ipv4", (Step(L4, UDP_CHECK, 0, 1, 1),)),
    "l4_odd": ("ipv4", (Step(L4, UDP_CHECK + 1, 0, 1, 2),)),
    "csum_update": ("ipv4", (Step(CSUM_UPDATE, 5),)),
    "csum_level": (
        "ipv4",
        (Step(CSUM_LEVEL, 0), Step(CSUM_LEVEL, 1), Step(CSUM_LEVEL, 0), Step(CSUM_LEVEL, 1)),
    ),
    "csum_level_dec": (
        "ipv4",
        (Step(CSUM_LEVEL, 1), Step(CSUM_LEVEL, 2), Step(CSUM_LEVEL, 2), Step(CSUM_LEVEL, 0)),
    ),
    "csum_level_max": (
        "ipv4",
        (Step(CSUM_LEVEL, 1), Step(CSUM_LEVEL, 1), Step(CSUM_LEVEL, 9), Step(CSUM_LEVEL, 3)),
    ),
    "pull": ("ipv4", (Step(PULL, 0), Step(PULL, 20), Step(PULL, 62), Step(PULL, 63))),
    "tail_grow": ("ipv4", (Step(TAIL, 100),)),
    "tail_trim": ("ipv4", (Step(TAIL, 30),)),
    "tail_min": ("ipv4", (Step(TAIL, 14), Step(TAIL, 13))),
    "tail_flags": ("ipv4", (Step(TAIL, 40, 1),)),
    "tail_max": ("ipv4", (Step(TAIL, 16064), Step(TAIL, 16065))),
    "head": ("ipv4", (Step(HEAD, 14),)),
    "head_big": ("ipv4", (Step(HEAD, 200), Step(HEAD, 3))),
    "head_flags": ("ipv4", (Step(HEAD, 4, 2),)),
    "head_overflow": ("ipv4", (Step(HEAD, 0xFFFFFFFF),)),
    "room_net_grow": ("ipv4", (Step(ROOM, 8, 0),)),
    "room_net_shrink": ("ipv4", (Step(ROOM, -8, 0),)),
    "room_mac_grow": ("ipv4", (Step(ROOM, 20, 1),)),
    "room_mac_shrink_ipv6": ("ipv6", (Step(ROOM, -4, 1),)),
    "room_too_much": ("ipv4", (Step(ROOM, -29, 0), Step(ROOM, -28, 1))),
    "room_huge": ("ipv4", (Step(ROOM, 0x1000, 0),)),
    "room_bad_mode": ("ipv4", (Step(ROOM, 4, 2),)),
    "room_bad_flags": ("ipv4", (Step(ROOM, 4, 0, 1 << 9),)),
    "room_not_ip": ("arp", (Step(ROOM, 4, 0),)),
    "room_csum_reset": ("ipv4", (Step(CSUM_LEVEL, 1), Step(ROOM, 4, 0), Step(CSUM_LEVEL, 0))),
    "room_no_csum_reset": (
        "ipv4",
        (Step(CSUM_LEVEL, 1), Step(ROOM, 4, 0, 1 << 5), Step(CSUM_LEVEL, 0)),
    ),
    "room_encap": ("ipv4", (Step(ROOM, 20, 1, 1 << 1), Step(ROOM, 20, 1, 1 << 1), Step(TAIL, 100))),
    "room_encap_v6": ("ipv4", (Step(ROOM, 40, 1, 1 << 2),)),
    "room_encap_both": ("ipv4", (Step(ROOM, 40, 1, 0b110),)),
    "room_decap": ("ipv6", (Step(ROOM, -20, 1, 1 << 7),)),
    "room_decap_on_grow": ("ipv4", (Step(ROOM, 20, 1, 1 << 7),)),
    "push": ("ipv4", (Step(PUSH, htons(0x8100), 7),)),
    "push_twice": ("ipv4", (Step(PUSH, htons(0x88A8), 7), Step(PUSH, htons(0x8100), 9))),
    "push_thrice": (
        "ipv4",
        (Step(PUSH, htons(0x88A8), 7), Step(PUSH, htons(0x8100), 9), Step(PUSH, 1, 0x1FFFF)),
    ),
    "push_bad_proto": ("ipv4", (Step(PUSH, htons(0x0800), 7),)),
    "pop_untagged": ("ipv4", (Step(POP),)),
    "pop_tagged": ("vlan", (Step(POP),)),
    "pop_qinq": ("qinq", (Step(POP), Step(POP), Step(POP))),
    "push_pop": (
        "ipv4",
        (Step(PUSH, htons(0x8100), 3), Step(PUSH, htons(0x8100), 4), Step(POP), Step(POP)),
    ),
    "pop_short": ("short_vlan", (Step(POP),)),
    "proto_4to6": ("ipv4", (Step(PROTO, htons(0x86DD)),)),
    "proto_6to4": ("ipv6", (Step(PROTO, htons(0x0800)),)),
    "proto_same": ("ipv4", (Step(PROTO, htons(0x0800)),)),
    "proto_flags": ("ipv4", (Step(PROTO, htons(0x86DD), 1),)),
    "proto_hash": ("ipv4", (Step(SET_HASH, 77), Step(PROTO, htons(0x86DD)))),
    "type": ("ipv4", (Step(TYPE, 1), Step(TYPE, 4), Step(TYPE, 3))),
    "type_bcast": ("bcast", (Step(TYPE, 0),)),
    "hash": ("ipv4", (Step(SET_HASH, 0xDEADBEEF), Step(HASH_RECALC))),
    "hash_invalid": ("ipv4", (Step(SET_HASH, 0xDEADBEEF), Step(HASH_INVALID))),
    "store_invalidates_hash": ("ipv4", (Step(SET_HASH, 5), Step(STORE, 30, 2, 0x1122334455667788))),
    "store_keeps_hash": ("ipv4", (Step(SET_HASH, 5), Step(STORE, 30, 1, 0x1122334455667788))),
    "store_bad_flags": ("ipv4", (Step(STORE, 30, 4, 1),)),
    "store_past_end": ("ipv4", (Step(STORE, len(FRAMES["ipv4"]) - 7, 0, 1),)),
    "store_huge_offset": ("ipv4", (Step(STORE, 0x10000, 0, 1),)),
    "load_huge_offset": ("ipv4", (Step(LOAD, 0x80000000),)),
    "load_rel_mac": ("ipv4", (Step(LOAD_REL, 6, 0),)),
    "load_rel_net": ("ipv4", (Step(LOAD_REL, 12, 1),)),
    "load_rel_bad_start": ("ipv4", (Step(LOAD_REL, 0, 2),)),
    "load_rel_past_end": ("ipv4", (Step(LOAD_REL, len(FRAMES["ipv4"]) - 21, 1),)),
    "load_rel_huge": ("ipv4", (Step(LOAD_REL, 0x10000, 0),)),
    "clone_bad_flags": ("ipv4", (Step(CLONE, 1, 2),)),
    "clone_no_device": ("ipv4", (Step(CLONE, 0x7FFFFFF0, 0),)),
    "head_then_room": ("ipv4", (Step(HEAD, 6), Step(ROOM, 4, 1), Step(TAIL, 40))),
}


@pytest.mark.kernel
@pytest.mark.parametrize("case", list(CASES))
def test_helper_agrees_with_kernel(runners: dict[str, Runner], case: str) -> None:
    frame, steps = CASES[case]
    same_everywhere(runners, FRAMES[frame], *steps)


# ---- ebpy/skb.h against the kernel's BTF -----------------------------------------------------------
VMLINUX = Path("/sys/kernel/btf/vmlinux")
needs_btf = pytest.mark.skipif(not VMLINUX.exists(), reason=f"no kernel BTF at {VMLINUX}")
HEADER_USE = """
#include <ebpy/skb.h>
struct __sk_buff skb_; struct bpf_sock sock_; struct bpf_tcp_sock tcp_;
SEC("tc") int f(struct __sk_buff *skb) { return TC_ACT_OK; }
"""


def _layout(t: Any, base: int = 0) -> dict[str, tuple[int, int, int]]:
    """Every named member of a struct, through anonymous unions: (bit offset, size, bits)."""
    out = {}
    for m in t.members:
        inner = m.type.resolve()
        if not m.name:
            if hasattr(inner, "members"):
                out.update(_layout(inner, base + m.offset))
            continue
        out[m.name] = (base + m.offset, inner.size, m.bitfield_size)
    return out


@needs_btf
@pytest.mark.parametrize("name", ["__sk_buff", "bpf_sock", "bpf_tcp_sock"])
def test_skb_h_structs_match_the_kernel(compile_bpf: Any, name: str) -> None:
    from ebpy.btf import load_vmlinux
    from ebpy.btf.types import Struct

    ours = load_spec(compile_bpf(HEADER_USE, "skb_h")).btf.find(name, Struct)
    kernel = load_vmlinux().find(name, Struct)
    assert ours.byte_size == kernel.byte_size
    assert _layout(ours) == _layout(kernel)


def test_skb_h_sk_buff_matches_ebpy_context_layout(compile_bpf: Any) -> None:
    """The header and the engines' context (ebpy.spec.contexts.SK_BUFF) agree field by field."""
    from ebpy.btf.types import Struct
    from ebpy.spec.contexts import SK_BUFF

    ours = _layout(load_spec(compile_bpf(HEADER_USE, "skb_h")).btf.find("__sk_buff", Struct))
    assert SK_BUFF.size == 192
    for f in SK_BUFF.fields:
        bit, size, _ = ours[f.name]
        assert (bit // 8, size) == (f.offset, f.size * f.count), f.name


@needs_btf
def test_skb_h_constants_match_the_kernel() -> None:
    """Every BPF_* flag the header names has the kernel's value (uapi enums in vmlinux BTF)."""
    import re

    from ebpy.btf import load_vmlinux
    from ebpy.btf.types import EnumBase
    from ebpy.hooks import include_dir

    text = "".join((include_dir() / "ebpy" / h).read_text() for h in ("skb.h", "net.h"))
    ours = {
        name: eval(value.replace("ULL", ""))  # (1ULL << n), hex and decimal literals only
        for name, value in re.findall(
            r"^\s*(BPF_\w+|TC_ACT_\w+|PACKET_\w+)\s*=\s*([^,/]+),", text, re.M
        )
    }
    kernel = {v.name: v.value for t in load_vmlinux() if isinstance(t, EnumBase) for v in t.values}
    known = {n for n in ours if n.startswith("BPF_")}
    assert len(known) >= 25
    assert {n: ours[n] for n in known} == {n: kernel[n] for n in known}
    # The rest are #defines in the kernel (linux/pkt_cls.h, linux/if_packet.h).
    assert ours["TC_ACT_REDIRECT"] == 7 and ours["TC_ACT_SHOT"] == 2 and ours["TC_ACT_UNSPEC"] == -1
    assert ours["PACKET_OTHERHOST"] == 3


# ---- packet pointers after a helper that may move the packet ----------------------------------------
STALE = """
#include <ebpy/skb.h>
SEC("SECTION") int stale(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	__u64 v = 0;

	if (data + 14 > end)
		return 0;
	CALL;
	return *(__u8 *)data; /* the pointer checked before the call */
}
"""
MOVING_CALLS = {
    "bpf_skb_store_bytes": "bpf_skb_store_bytes(skb, 0, &v, 2, 0)",
    "bpf_l3_csum_replace": "bpf_l3_csum_replace(skb, 24, 0, 1, 0)",
    "bpf_l4_csum_replace": "bpf_l4_csum_replace(skb, 40, 0, 1, 0)",
    "bpf_clone_redirect": "bpf_clone_redirect(skb, 1, 0)",
    "bpf_skb_vlan_push": "bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), 1)",
    "bpf_skb_vlan_pop": "bpf_skb_vlan_pop(skb)",
    "bpf_skb_change_proto": "bpf_skb_change_proto(skb, bpf_htons(ETH_P_IPV6), 0)",
    "bpf_skb_change_tail": "bpf_skb_change_tail(skb, 60, 0)",
    "bpf_skb_pull_data": "bpf_skb_pull_data(skb, 0)",
    "bpf_skb_change_head": "bpf_skb_change_head(skb, 14, 0)",
    "bpf_skb_adjust_room": "bpf_skb_adjust_room(skb, 4, BPF_ADJ_ROOM_NET, 0)",
}
STILL_VALID_CALLS = {
    "bpf_skb_change_type": "bpf_skb_change_type(skb, PACKET_HOST)",
    "bpf_set_hash": "bpf_set_hash(skb, 1)",
    "bpf_csum_level": "bpf_csum_level(skb, BPF_CSUM_LEVEL_INC)",
    "bpf_skb_load_bytes": "bpf_skb_load_bytes(skb, 0, &v, 8)",
    "bpf_get_hash_recalc": "bpf_get_hash_recalc(skb)",
}


def _verdicts(compile_bpf: Any, call: str, section: str = "tc") -> tuple[str, str]:
    """(kernel, ebpy) verdicts on STALE with `call`: "ok" or the rejection's first line."""
    from ebpy.errors import VerifierError
    from ebpy.verifier import verify

    spec = load_spec(compile_bpf(STALE.replace("SECTION", section).replace("CALL", call), "stale"))
    try:
        load(spec, "kernel").close()
        kernel = "ok"
    except VerifierError as e:
        kernel = str(e).splitlines()[0]
    try:
        verify(spec.programs["stale"], maps=spec.maps)
        mine = "ok"
    except VerifierError as e:
        mine = str(e).splitlines()[0]
    return kernel, mine


@pytest.mark.kernel
@pytest.mark.parametrize("helper", list(MOVING_CALLS))
def test_packet_pointers_die_at_helpers_that_move_the_packet(compile_bpf: Any, helper: str) -> None:
    kernel, mine = _verdicts(compile_bpf, MOVING_CALLS[helper])
    assert kernel != "ok" and mine != "ok"
    assert "invalid mem access 'scalar'" in kernel and "invalid mem access 'scalar'" in mine


@pytest.mark.kernel
@pytest.mark.parametrize("helper", list(STILL_VALID_CALLS))
def test_packet_pointers_live_through_other_helpers(compile_bpf: Any, helper: str) -> None:
    assert _verdicts(compile_bpf, STILL_VALID_CALLS[helper]) == ("ok", "ok")


@pytest.mark.kernel
@pytest.mark.parametrize("helper", ["bpf_l3_csum_replace", "bpf_skb_change_tail", "bpf_set_hash"])
def test_socket_filters_may_not_call_tc_helpers(compile_bpf: Any, helper: str) -> None:
    """The kernel refuses these in a socket filter; so do ebpy's verifier and, without it, the
    userspace loader (by the helper's registration), naming the helper."""
    from ebpy.errors import LoadError

    call = {**MOVING_CALLS, **STILL_VALID_CALLS}[helper]
    kernel, mine = _verdicts(compile_bpf, call, "socket")
    assert kernel != "ok" and mine != "ok"
    source = STALE.replace("SECTION", "socket").replace("CALL", call)
    spec = load_spec(compile_bpf(source, "stale"))
    for engine in ("interp", "jit"):
        with pytest.raises(LoadError, match=helper):
            load(spec, engine)


# ---- the hash ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_hash_recalc_is_a_flow_hash(runners: dict[str, Runner], engine: str) -> None:
    """Without a set hash the kernel's answer depends on a per-boot seed; ebpy's is keyed per
    process: not zero, stored in skb->hash, equal for both directions of a flow, different
    for another flow."""
    run = runners[engine].run
    there = run(FRAMES["ipv4"], (Step(HASH_RECALC), Step(HASH_RECALC))).rets[:2]
    frame = bytearray(FRAMES["ipv4"])
    frame[26:30], frame[30:34] = FRAMES["ipv4"][30:34], FRAMES["ipv4"][26:30]  # swap addresses
    frame[34:36], frame[36:38] = FRAMES["ipv4"][36:38], FRAMES["ipv4"][34:36]  # and ports
    back = run(bytes(frame), (Step(HASH_RECALC),))
    other = run(FRAMES["ipv6"], (Step(HASH_RECALC),))
    assert there[0] and there[0] == there[1] == back.rets[0] == back.fields[5] & 0xFFFFFFFF
    assert other.rets[0] != there[0]


# ---- clones -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_clone_redirect_records_the_copy(runners: dict[str, Runner], engine: str) -> None:
    """The copy is kept as the packet was at the call; the program goes on with its own."""
    coll = runners[engine].coll
    steps = (Step(CLONE, 1, 0), Step(TAIL, 20), Step(CLONE, 1, 1))
    out = runners[engine].run(FRAMES["ipv4"], steps)
    assert out.rets[:3] == (0, 0, 0) and out.data == FRAMES["ipv4"][:20]
    clones = coll.env.packet.skb.clones
    assert [(c.ifindex, c.flags, c.data) for c in clones] == [
        (1, 0, FRAMES["ipv4"]),
        (1, 1, FRAMES["ipv4"][:20]),
    ]


@pytest.mark.kernel
def test_clone_redirect_to_loopback_succeeds_in_the_kernel(runners: dict[str, Runner]) -> None:
    out = runners["kernel"].run(FRAMES["ipv4"], (Step(CLONE, 1, 0),))
    assert out.rets[0] == 0 and out.data == FRAMES["ipv4"]


# ---- socket filters and cgroup_skb: data starts at the network header --------------------------------
RELATIVE = """
#include <ebpy/skb.h>
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[48]);
} seen SEC(".maps");

SEC("SECTION") int relative(struct __sk_buff *skb)
{
	__u32 k = 0;
	__u8 *v = bpf_map_lookup_elem(&seen, &k);

	if (!v)
		return 0;
	v[0] = bpf_skb_load_bytes_relative(skb, 0, v + 8, 16, BPF_HDR_START_MAC) == 0;
	v[1] = bpf_skb_load_bytes_relative(skb, 0, v + 24, 16, BPF_HDR_START_NET) == 0;
	v[2] = bpf_skb_load_bytes(skb, 0, v + 40, 8) == 0;
	v[3] = bpf_skb_load_bytes_relative(skb, 60, v + 40, 8, BPF_HDR_START_NET) == 0;
	return RET;
}
"""


@pytest.mark.kernel
@pytest.mark.parametrize(
    ("section", "ret"),
    [("socket", "skb->len - 4"), ("cgroup_skb/ingress", "1"), ("tc", "TC_ACT_SHOT")],
)
def test_relative_loads_per_program_type(compile_bpf: Any, section: str, ret: str) -> None:
    from diff.engines import assert_same, run_all

    source = RELATIVE.replace("SECTION", section).replace("RET", ret)
    spec = load_spec(compile_bpf(source, "relative"))
    frames = [(FRAMES["ipv4"], None), (FRAMES["ipv6"], None), (FRAMES["vlan"], None)]
    results = run_all(spec, "relative", frames, destructive=False)
    assert_same(results, section)
    ((_key, value),) = results["kernel"][-1].maps["seen"]
    assert value[:4] == b"\x01\x01\x01\x00" and value[8:24] == FRAMES["vlan"][:16]


# ---- examples/tc/dnat.c: a NAT that keeps both checksums right ----------------------------------------
DNAT = ROOT.parent / "examples" / "tc" / "dnat.c"
SERVICE, BACKEND = bytes([192, 168, 7, 200]), bytes([10, 1, 2, 3])


def l4_checksum(frame: bytes) -> int:
    """TCP/UDP checksum of an IPv4 frame over the pseudo-header, as a receiver checks it."""
    ip = frame[14:34]
    seg = bytearray(frame[34:])
    at = 16 if ip[9] == 6 else 6
    seg[at : at + 2] = b"\0\0"
    pseudo = ip[12:20] + struct.pack("!BBH", 0, ip[9], len(seg))
    data = pseudo + bytes(seg) + b"\0" * (len(seg) % 2)
    value = ip_checksum(data)
    return value if ip[9] == 6 or value else 0xFFFF


def tcp4(dport: int = 80) -> bytes:
    src, dst = bytes([10, 0, 0, 1]), SERVICE
    tcp = bytearray(
        struct.pack("!HHIIBBHHH", 40000, dport, 7, 0, 0x50, 0x02, 1024, 0, 0) + b"hello"
    )
    ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 9, 0, 64, 6, 0, src, dst))
    struct.pack_into("!H", ip, 10, ip_checksum(bytes(ip)))
    frame = ether(0x0800, bytes(ip) + bytes(tcp))
    struct.pack_into("!H", tcp, 16, l4_checksum(frame))
    return ether(0x0800, bytes(ip) + bytes(tcp))


def udp4(dport: int = 53, with_checksum: bool = True) -> bytes:
    frame = bytearray(ipv4_udp(b"query", udp_check=0))
    struct.pack_into("!H", frame, 36, dport)
    if with_checksum:
        struct.pack_into("!H", frame, 40, l4_checksum(bytes(frame)))
    return bytes(frame)


def nat_entry(proto: int, port: int, to_port: int) -> tuple[bytes, bytes]:
    key = SERVICE + struct.pack("!HBB", port, proto, 0)
    return key, BACKEND + struct.pack("!HH", to_port, 0)


@pytest.mark.kernel
def test_dnat_example_rewrites_with_valid_checksums(compile_bpf: Any) -> None:
    from diff.engines import assert_same, run_all

    spec = load_spec(compile_bpf(DNAT.read_text(), "dnat"))

    def setup(coll: Any, engine: str) -> None:
        for key, value in (nat_entry(6, 80, 8080), nat_entry(17, 53, 5353)):
            coll.maps["nat"][key] = value

    frames = [tcp4(), udp4(), udp4(with_checksum=False), tcp4(dport=443), FRAMES["ipv6"]]
    results = run_all(spec, "dnat", [(f, None) for f in frames], setup=setup)
    assert_same(results, "dnat")
    out = [o.data_out for o in results["kernel"]]
    assert [o.retval for o in results["kernel"]] == [0] * 5  # TC_ACT_OK
    for frame, dport in ((out[0], 8080), (out[1], 5353), (out[2], 5353)):
        assert frame[30:34] == BACKEND and struct.unpack_from("!H", frame, 36)[0] == dport
        assert ip_checksum(frame[14:34]) == 0  # the header sums to zero with its checksum
    assert struct.unpack_from("!H", out[0], 50)[0] == l4_checksum(out[0])
    assert struct.unpack_from("!H", out[1], 40)[0] == l4_checksum(out[1])
    assert out[2][40:42] == b"\0\0"  # no UDP checksum before, none after
    assert out[3:] == frames[3:]  # no entry for port 443; not IPv4
    ((_key, count),) = results["kernel"][-1].maps["rewritten"]
    assert count == struct.pack("<Q", 3)


def test_dnat_example_object_is_built_from_its_source(compile_bpf: Any) -> None:
    """The shipped object has the program the source compiles to (users need no compiler)."""
    shipped = load_spec(DNAT.with_suffix(".o")).programs["dnat"].instructions
    assert shipped == load_spec(compile_bpf(DNAT.read_text(), "dnat")).programs["dnat"].instructions
