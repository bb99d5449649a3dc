"""Context layouts: the struct a program's r1 points to, per program type.

Each field says where it is, how wide, and what a load of it yields: a scalar, or a pointer
(packet start, packet end, packet metadata, a socket). The verifier reads these tables to check
context accesses; the userspace engines use them to build contexts for test runs and hooks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ebpy.spec.types import AttachType, ProgramType


class FieldKind(Enum):
    SCALAR = "scalar"
    PACKET = "pkt"  # the first byte of packet data
    PACKET_END = "pkt_end"  # one past the last byte
    PACKET_META = "pkt_meta"  # the first byte of metadata (<= data)
    SOCKET = "sock"  # struct bpf_sock * (may be NULL)
    SOCK_COMMON = "sock_common"  # struct bpf_sock * seen as sock_common (__sk_buff->sk)
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

# struct bpf_sock: what a socket pointer (__sk_buff->sk, bpf_sk_fullsock, bpf_sk_lookup_*)
# lets a program read. Not a context, but checked and laid out the same way.
BPF_SOCK = ContextLayout(
    "bpf_sock",
    80,
    (
        *_u32s("bound_dev_if family type protocol mark priority src_ip4"),
        CtxField("src_ip6", 28, 4, count=4),
        CtxField("src_port", 44, 4),  # host byte order
        CtxField("dst_port", 48, 2),  # network byte order, then two bytes of padding
        CtxField("dst_ip4", 52, 4),
        CtxField("dst_ip6", 56, 4, count=4),
        CtxField("state", 72, 4),
        CtxField("rx_queue_mapping", 76, 4),  # signed: -1 when none was recorded
    ),
)

# struct bpf_tcp_sock (bpf_tcp_sock): u32 counters, then two u64 byte counts, then u32 again.
BPF_TCP_SOCK = ContextLayout(
    "bpf_tcp_sock",
    112,
    (
        *_u32s(
            "snd_cwnd srtt_us rtt_min snd_ssthresh rcv_nxt snd_nxt snd_una mss_cache ecn_flags "
            "rate_delivered rate_interval_us packets_out retrans_out total_retrans segs_in "
            "data_segs_in segs_out data_segs_out lost_out sacked_out"
        ),
        CtxField("bytes_received", 80, 8),
        CtxField("bytes_acked", 88, 8),
        *_u32s("dsack_dups delivered delivered_ce icsk_retransmits", 96),
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


# ---- access rules: which bytes of the context a program type may load or store, at which
# sizes, and what a load yields (the kernel's <type>_is_valid_access functions, as data) ------


@dataclass(frozen=True, slots=True)
class AccessRule:
    """Loads and stores a program may do inside [start, end) of its context.

    `read`/`write` are the access sizes allowed; an access must also be aligned to its size
    (off % size == 0) and stay inside the rule. `kind` is what a load yields.
    """

    name: str
    start: int
    end: int
    read: frozenset[int] = frozenset()
    write: frozenset[int] = frozenset()
    kind: FieldKind = FieldKind.SCALAR
    nullable: bool = False  # a SOCKET load may be NULL
    # Loads must start at `start` (the kernel's `case offsetof(...)` labels, which let a narrow
    # load read a field's first bytes only), not anywhere inside the rule.
    anchored: bool = False


@dataclass(frozen=True)
class CtxAccess:
    """The access rules of one program type's context."""

    name: str
    size: int
    rules: tuple[AccessRule, ...]

    def rule_at(self, off: int) -> AccessRule | None:
        for r in self.rules:
            if r.start <= off < r.end:
                return r
        return None

    def check(self, off: int, size: int, write: bool) -> AccessRule | None:
        """The rule that allows this access, or None when the kernel would refuse it."""
        if off < 0 or size <= 0 or off + size > self.size or off % size:
            return None
        # Rules may overlap (one field, two ways to load it): any rule that allows it will do.
        for rule in self.rules:
            if not rule.start <= off < rule.end or off + size > rule.end:
                continue
            if rule.anchored and off != rule.start:
                continue
            if size in (rule.write if write else rule.read):
                return rule
        return None


NARROW = frozenset({1, 2, 4})
ANY = frozenset({1, 2, 4, 8})
W4 = frozenset({4})
W8 = frozenset({8})
NONE: frozenset[int] = frozenset()

# __sk_buff fields in groups that the per-type rules refer to.
_SKB_DEFAULT_U32 = (
    *("len", "pkt_type", "mark", "queue_mapping", "protocol", "vlan_present", "vlan_tci"),
    *("vlan_proto", "priority", "ingress_ifindex", "ifindex", "tc_index", "hash", "tc_classid"),
    *("napi_id", "remote_port", "local_port", "wire_len", "gso_segs", "gso_size", "family"),
)
_SKB_WORD_ONLY = ("remote_ip4", "local_ip4", "remote_ip6", "local_ip6")


def _skb_access(
    name: str, forbidden: set[str], writable: set[str], pointers: bool, extra: dict[str, AccessRule]
) -> CtxAccess:
    """bpf_skb_is_valid_access plus one program type's forbidden and writable fields."""
    rules: list[AccessRule] = []
    for f in SK_BUFF.fields:
        if f.name in forbidden:
            continue
        if f.name in extra:
            rules.append(extra[f.name])
            continue
        w = f.name in writable
        if f.name == "cb":
            rules.append(AccessRule("cb", f.offset, f.end, ANY, ANY if w else NONE))
        elif f.name in ("data", "data_end", "data_meta"):
            if pointers:
                rules.append(AccessRule(f.name, f.offset, f.end, W4, NONE, f.kind))
        elif f.name in _SKB_WORD_ONLY:
            rules.append(AccessRule(f.name, f.offset, f.end, W4, W4 if w else NONE))
        elif f.name == "tstamp":
            rules.append(AccessRule(f.name, f.offset, f.end, W8, W8 if w else NONE))
        elif f.name == "hwtstamp":
            rules.append(AccessRule(f.name, f.offset, f.end, W8, NONE))
        elif f.name == "sk":
            rules.append(
                AccessRule("sk", f.offset, f.end, W8, NONE, FieldKind.SOCK_COMMON, nullable=True)
            )
        elif f.name in ("flow_keys", "tstamp_type"):
            continue
        else:
            rules.append(AccessRule(f.name, f.offset, f.end, NARROW, W4 if w else NONE))
    return CtxAccess(name, SK_BUFF.size, tuple(rules))


_FAMILY_TILL_LOCAL_PORT = {
    "family",
    "remote_ip4",
    "local_ip4",
    "remote_ip6",
    "local_ip6",
    "remote_port",
    "local_port",
}

SOCKET_FILTER_ACCESS = _skb_access(
    "__sk_buff (socket filter)",
    {"tc_classid", "data", "data_meta", "data_end", "tstamp", "wire_len", "hwtstamp"}
    | _FAMILY_TILL_LOCAL_PORT,
    {"cb"},
    pointers=False,
    extra={},
)
TC_ACCESS = _skb_access(
    "__sk_buff (tc)",
    set(_FAMILY_TILL_LOCAL_PORT),
    {"mark", "tc_index", "priority", "tc_classid", "cb", "tstamp", "queue_mapping"},
    pointers=True,
    extra={"tstamp_type": AccessRule("tstamp_type", 180, 181, frozenset({1}), NONE)},
)
LWT_ACCESS = _skb_access(
    "__sk_buff (lwt)",
    {"tc_classid", "data_meta", "tstamp", "wire_len", "hwtstamp"} | _FAMILY_TILL_LOCAL_PORT,
    {"mark", "priority", "cb"},
    pointers=True,
    extra={},
)
SK_SKB_ACCESS = _skb_access(
    "__sk_buff (sk_skb)",
    {"tc_classid", "data_meta", "tstamp", "wire_len", "hwtstamp", "mark"},
    {"tc_index", "priority"},
    pointers=True,
    extra={},
)


def _cgroup_skb_access(bpf_capable: bool) -> CtxAccess:
    forbidden = {"tc_classid", "data_meta", "wire_len"}
    writable = {"mark", "priority", "cb"}
    if bpf_capable:
        writable.add("tstamp")
    else:
        forbidden |= {"data", "data_end"}
    return _skb_access("__sk_buff (cgroup_skb)", forbidden, writable, True, {})


CGROUP_SKB_ACCESS = _cgroup_skb_access(True)
CGROUP_SKB_ACCESS_UNPRIV = _cgroup_skb_access(False)

FLOW_DISSECTOR_ACCESS = CtxAccess(
    "__sk_buff (flow dissector)",
    SK_BUFF.size,
    (
        AccessRule("data", 76, 80, W4, NONE, FieldKind.PACKET),
        AccessRule("data_end", 80, 84, W4, NONE, FieldKind.PACKET_END),
        AccessRule("flow_keys", 144, 152, W8, NONE, FieldKind.FLOW_KEYS),
    ),
)


def _xdp_access(devmap: bool) -> CtxAccess:
    rules = [AccessRule(f.name, f.offset, f.end, W4, NONE, f.kind) for f in XDP_MD.fields]
    if not devmap:
        rules = [r for r in rules if r.name != "egress_ifindex"]
    return CtxAccess("xdp_md", XDP_MD.size, tuple(rules))


XDP_ACCESS = _xdp_access(False)
XDP_DEVMAP_ACCESS = _xdp_access(True)

PT_REGS_SIZE = 168  # struct pt_regs on x86_64
PERF_MAX_TRACE_SIZE = 8192
MAX_BPF_FUNC_ARGS = 12

KPROBE_ACCESS = CtxAccess("pt_regs", PT_REGS_SIZE, (AccessRule("regs", 0, PT_REGS_SIZE, ANY),))
TRACEPOINT_ACCESS = CtxAccess(
    "tracepoint record", PERF_MAX_TRACE_SIZE, (AccessRule("fields", 8, PERF_MAX_TRACE_SIZE, ANY),)
)
RAW_TRACEPOINT_ACCESS = CtxAccess(
    "bpf_raw_tracepoint_args",
    8 * MAX_BPF_FUNC_ARGS,
    (AccessRule("args", 0, 8 * MAX_BPF_FUNC_ARGS, ANY),),
)
PERF_EVENT_ACCESS = CtxAccess(
    "bpf_perf_event_data",
    PT_REGS_SIZE + 16,
    (
        AccessRule("regs", 0, PT_REGS_SIZE, W8),
        AccessRule("sample_period", PT_REGS_SIZE, PT_REGS_SIZE + 8, ANY),
        AccessRule("addr", PT_REGS_SIZE + 8, PT_REGS_SIZE + 16, ANY),
    ),
)
SK_LOOKUP_ACCESS = CtxAccess(
    "bpf_sk_lookup",
    BPF_SK_LOOKUP.size,
    (
        AccessRule("sk", 0, 8, W8, NONE, FieldKind.SOCKET, nullable=True),
        AccessRule("family", 8, 12, NARROW),
        AccessRule("protocol", 12, 16, NARROW),
        AccessRule("remote_ip4", 16, 20, NARROW),
        AccessRule("remote_ip6", 20, 36, NARROW),
        AccessRule("remote_port", 36, 38, frozenset({1, 2, 4})),
        AccessRule("pad", 38, 40, frozenset({1, 2})),
        AccessRule("local_ip4", 40, 44, NARROW),
        AccessRule("local_ip6", 44, 60, NARROW),
        AccessRule("local_port", 60, 64, NARROW),
        AccessRule("ingress_ifindex", 64, 68, NARROW),
    ),
)


# ---- socket pointers: what loads through a PTR_TO_SOCK_COMMON, PTR_TO_SOCKET, PTR_TO_TCP_SOCK or
# PTR_TO_XDP_SOCK may read (bpf_sock_common/bpf_sock/bpf_tcp_sock/bpf_xdp_sock_is_valid_access).
# The kernel lets narrow loads of family, type, protocol, src_port, state and rx_queue_mapping
# start only at the field's first byte, and of the addresses anywhere inside them; everything
# else is read whole. A sock_common may not be asked for type .. priority (bpf_sk_fullsock first).
_SOCK_ANCHORED = ("family", "type", "protocol", "src_port", "state", "rx_queue_mapping")
_SOCK_ADDRESSES = ("src_ip4", "src_ip6", "dst_ip4", "dst_ip6")
_FULLSOCK_ONLY = ("type", "protocol", "mark", "priority")


def _sock_access(name: str, common: bool) -> CtxAccess:
    rules: list[AccessRule] = []
    for f in BPF_SOCK.fields:
        if common and f.name in _FULLSOCK_ONLY:
            continue
        if f.name in _SOCK_ANCHORED:
            rules.append(AccessRule(f.name, f.offset, f.end, NARROW, anchored=True))
        elif f.name in _SOCK_ADDRESSES:
            rules.append(AccessRule(f.name, f.offset, f.end, NARROW))
        elif f.name == "dst_port":
            # Bytes of the port itself, or a whole u32 with the padding (read as zeros).
            rules.append(AccessRule(f.name, f.offset, f.end, frozenset({1, 2})))
            rules.append(AccessRule(f.name, f.offset, f.offset + 4, W4, anchored=True))
        else:
            rules.append(AccessRule(f.name, f.offset, f.end, W4))
    return CtxAccess(name, BPF_SOCK.size, tuple(rules))


SOCK_ACCESS = _sock_access("bpf_sock", common=False)
SOCK_COMMON_ACCESS = _sock_access("bpf_sock (sock_common)", common=True)


def _tcp_sock_access() -> CtxAccess:
    rules: list[AccessRule] = []
    for f in BPF_TCP_SOCK.fields:
        if f.size == 8:
            # A u32 load of a u64 counter's upper half passes the kernel's check but not its
            # rewrite ("verifier bug: error during ctx access conversion"): refused here too.
            rules.append(AccessRule(f.name, f.offset, f.end, W8, anchored=True))
        else:
            rules.append(AccessRule(f.name, f.offset, f.end, W4))
    return CtxAccess("bpf_tcp_sock", BPF_TCP_SOCK.size, tuple(rules))


TCP_SOCK_ACCESS = _tcp_sock_access()
XDP_SOCK_ACCESS = CtxAccess("bpf_xdp_sock", 4, (AccessRule("queue_id", 0, 4, W4),))

_SOCK_ADDR_IP4 = {
    AttachType.CGROUP_INET4_BIND,
    AttachType.CGROUP_INET4_CONNECT,
    AttachType.CGROUP_INET4_GETPEERNAME,
    AttachType.CGROUP_INET4_GETSOCKNAME,
    AttachType.CGROUP_UDP4_SENDMSG,
    AttachType.CGROUP_UDP4_RECVMSG,
}
_SOCK_ADDR_IP6 = {
    AttachType.CGROUP_INET6_BIND,
    AttachType.CGROUP_INET6_CONNECT,
    AttachType.CGROUP_INET6_GETPEERNAME,
    AttachType.CGROUP_INET6_GETSOCKNAME,
    AttachType.CGROUP_UDP6_SENDMSG,
    AttachType.CGROUP_UDP6_RECVMSG,
}


def _sock_addr_access(attach: AttachType | None) -> CtxAccess:
    rules: list[AccessRule] = []
    ro = frozenset({4})
    for f in BPF_SOCK_ADDR.fields:
        if f.name == "user_ip4" and attach not in _SOCK_ADDR_IP4:
            continue
        if f.name == "user_ip6" and attach not in _SOCK_ADDR_IP6:
            continue
        if f.name == "msg_src_ip4" and attach != AttachType.CGROUP_UDP4_SENDMSG:
            continue
        if f.name == "msg_src_ip6" and attach != AttachType.CGROUP_UDP6_SENDMSG:
            continue
        if f.name in ("user_ip6", "msg_src_ip6"):
            rules.append(AccessRule(f.name, f.offset, f.end, ANY, frozenset({4, 8})))
        elif f.name in ("user_ip4", "msg_src_ip4", "user_port"):
            rules.append(AccessRule(f.name, f.offset, f.end, NARROW, W4))
        elif f.name == "sk":
            rules.append(AccessRule("sk", f.offset, f.end, W8, NONE, FieldKind.SOCKET))
        else:
            rules.append(AccessRule(f.name, f.offset, f.end, ro, NONE))
    return CtxAccess("bpf_sock_addr", BPF_SOCK_ADDR.size, tuple(rules))


def access_rules(
    ptype: ProgramType, attach: AttachType | None = None, bpf_capable: bool = True
) -> CtxAccess | None:
    """The context access rules of a program type, or None when ebpy does not model them."""
    if ptype == ProgramType.XDP:
        return XDP_DEVMAP_ACCESS if attach == AttachType.XDP_DEVMAP else XDP_ACCESS
    if ptype == ProgramType.SOCKET_FILTER:
        return SOCKET_FILTER_ACCESS
    if ptype in (ProgramType.SCHED_CLS, ProgramType.SCHED_ACT):
        return TC_ACCESS
    if ptype == ProgramType.CGROUP_SKB:
        return CGROUP_SKB_ACCESS if bpf_capable else CGROUP_SKB_ACCESS_UNPRIV
    if ptype in (ProgramType.LWT_IN, ProgramType.LWT_OUT, ProgramType.LWT_XMIT):
        return LWT_ACCESS
    if ptype == ProgramType.SK_SKB:
        return SK_SKB_ACCESS
    if ptype == ProgramType.FLOW_DISSECTOR:
        return FLOW_DISSECTOR_ACCESS
    if ptype == ProgramType.KPROBE:
        return KPROBE_ACCESS
    if ptype == ProgramType.TRACEPOINT:
        return TRACEPOINT_ACCESS
    if ptype in (ProgramType.RAW_TRACEPOINT, ProgramType.RAW_TRACEPOINT_WRITABLE):
        return RAW_TRACEPOINT_ACCESS
    if ptype == ProgramType.PERF_EVENT:
        return PERF_EVENT_ACCESS
    if ptype == ProgramType.SK_LOOKUP:
        return SK_LOOKUP_ACCESS
    if ptype == ProgramType.CGROUP_SOCK_ADDR:
        return _sock_addr_access(attach)
    return None
