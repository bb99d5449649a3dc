"""Context layouts: the struct a program's r1 points to, per program type.

Each field says where it is, how wide, and what a load of it yields: a scalar, or a pointer
(packet start, packet end, packet metadata, a socket). The verifier reads these tables to check
context accesses; the userspace engines use them to build contexts for test runs and hooks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ebpy.spec.types import ProgramType


class FieldKind(Enum):
    SCALAR = "scalar"
    PACKET = "pkt"  # the first byte of packet data
    PACKET_END = "pkt_end"  # one past the last byte
    PACKET_META = "pkt_meta"  # the first byte of metadata (<= data)
    SOCKET = "sock"  # struct bpf_sock * (may be NULL)
    FLOW_KEYS = "flow_keys"


@dataclass(frozen=True, slots=True)
class CtxField:
    name: str
    offset: int
    size: int  # bytes of one element
    count: int = 1  # array length (cb[5], remote_ip6[4])
    kind: FieldKind = FieldKind.SCALAR
    writable: bool = False
    narrow: bool = True  # loads narrower than the field are allowed

    @property
    def end(self) -> int:
        return self.offset + self.size * self.count


@dataclass(frozen=True)
class ContextLayout:
    name: str  # the C struct
    size: int
    fields: tuple[CtxField, ...]

    def field_at(self, offset: int) -> CtxField | None:
        for f in self.fields:
            if f.offset <= offset < f.end:
                return f
        return None

    def field(self, name: str) -> CtxField:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def _u32s(names: str, start: int = 0) -> list[CtxField]:
    return [CtxField(n, start + 4 * i, 4) for i, n in enumerate(names.split())]


K = FieldKind

XDP_MD = ContextLayout(
    "xdp_md",
    24,
    (
        CtxField("data", 0, 4, kind=K.PACKET, narrow=False),
        CtxField("data_end", 4, 4, kind=K.PACKET_END, narrow=False),
        CtxField("data_meta", 8, 4, kind=K.PACKET_META, narrow=False),
        CtxField("ingress_ifindex", 12, 4),
        CtxField("rx_queue_index", 16, 4),
        CtxField("egress_ifindex", 20, 4),
    ),
)

SK_BUFF = ContextLayout(
    "__sk_buff",
    192,
    (
        *_u32s(
            "len pkt_type mark queue_mapping protocol vlan_present vlan_tci vlan_proto priority"
        ),
        CtxField("ingress_ifindex", 36, 4),
        CtxField("ifindex", 40, 4),
        CtxField("tc_index", 44, 4),
        CtxField("cb", 48, 4, count=5),
        CtxField("hash", 68, 4),
        CtxField("tc_classid", 72, 4),
        CtxField("data", 76, 4, kind=K.PACKET, narrow=False),
        CtxField("data_end", 80, 4, kind=K.PACKET_END, narrow=False),
        CtxField("napi_id", 84, 4),
        CtxField("family", 88, 4),
        CtxField("remote_ip4", 92, 4),
        CtxField("local_ip4", 96, 4),
        CtxField("remote_ip6", 100, 4, count=4),
        CtxField("local_ip6", 116, 4, count=4),
        CtxField("remote_port", 132, 4),
        CtxField("local_port", 136, 4),
        CtxField("data_meta", 140, 4, kind=K.PACKET_META, narrow=False),
        CtxField("flow_keys", 144, 8, kind=K.FLOW_KEYS, narrow=False),
        CtxField("tstamp", 152, 8),
        CtxField("wire_len", 160, 4),
        CtxField("gso_segs", 164, 4),
        CtxField("sk", 168, 8, kind=K.SOCKET, narrow=False),
        CtxField("gso_size", 176, 4),
        CtxField("tstamp_type", 180, 1),
        CtxField("hwtstamp", 184, 8),
    ),
)

# Fields of __sk_buff a program may write, by program type (the kernel's *_is_valid_access).
SK_BUFF_WRITABLE: dict[ProgramType, frozenset[str]] = {
    ProgramType.SOCKET_FILTER: frozenset({"cb"}),
    ProgramType.CGROUP_SKB: frozenset({"mark", "priority", "cb", "tstamp"}),
    ProgramType.SCHED_CLS: frozenset(
        {"mark", "tc_index", "priority", "cb", "tc_classid", "queue_mapping", "tstamp"}
    ),
    ProgramType.SCHED_ACT: frozenset(
        {"mark", "tc_index", "priority", "cb", "tc_classid", "queue_mapping", "tstamp"}
    ),
}

BPF_SOCK_ADDR = ContextLayout(
    "bpf_sock_addr",
    72,
    (
        CtxField("user_family", 0, 4),
        CtxField("user_ip4", 4, 4, writable=True),
        CtxField("user_ip6", 8, 4, count=4, writable=True),
        CtxField("user_port", 24, 4, writable=True),
        CtxField("family", 28, 4),
        CtxField("type", 32, 4),
        CtxField("protocol", 36, 4),
        CtxField("msg_src_ip4", 40, 4, writable=True),
        CtxField("msg_src_ip6", 44, 4, count=4, writable=True),
        CtxField("sk", 64, 8, kind=K.SOCKET, narrow=False),
    ),
)

BPF_SK_LOOKUP = ContextLayout(
    "bpf_sk_lookup",
    72,
    (
        CtxField("sk", 0, 8, kind=K.SOCKET, narrow=False),
        CtxField("family", 8, 4),
        CtxField("protocol", 12, 4),
        CtxField("remote_ip4", 16, 4),
        CtxField("remote_ip6", 20, 4, count=4),
        CtxField("remote_port", 36, 2),
        CtxField("local_ip4", 40, 4),
        CtxField("local_ip6", 44, 4, count=4),
        CtxField("local_port", 60, 4),
        CtxField("ingress_ifindex", 64, 4),
    ),
)

# struct seccomp_data: the context of ebpy's system-call hook (see include/ebpy/seccomp.h).
SECCOMP_DATA = ContextLayout(
    "seccomp_data",
    64,
    (
        CtxField("nr", 0, 4),
        CtxField("arch", 4, 4),
        CtxField("instruction_pointer", 8, 8),
        CtxField("args", 16, 8, count=6),
    ),
)

LAYOUTS: dict[ProgramType, ContextLayout] = {
    ProgramType.XDP: XDP_MD,
    ProgramType.SOCKET_FILTER: SK_BUFF,
    ProgramType.SCHED_CLS: SK_BUFF,
    ProgramType.SCHED_ACT: SK_BUFF,
    ProgramType.CGROUP_SKB: SK_BUFF,
    ProgramType.LWT_IN: SK_BUFF,
    ProgramType.LWT_OUT: SK_BUFF,
    ProgramType.LWT_XMIT: SK_BUFF,
    ProgramType.SK_SKB: SK_BUFF,
    ProgramType.CGROUP_SOCK_ADDR: BPF_SOCK_ADDR,
    ProgramType.SK_LOOKUP: BPF_SK_LOOKUP,
}


def layout_for(ptype: ProgramType) -> ContextLayout | None:
    """The context struct of a program type, or None when the context is raw bytes
    (tracepoint records, raw tracepoint argument arrays, perf events, embedding)."""
    return LAYOUTS.get(ptype)
