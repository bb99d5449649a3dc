"""libbpf's section-name conventions: which program type and attach type a section implies."""

from __future__ import annotations

from dataclasses import dataclass

from ebpy.spec.types import AttachType, ProgramType

P = ProgramType
A = AttachType


@dataclass(frozen=True, slots=True)
class SectionDef:
    """One libbpf section rule. `prefix` rules match `name` followed by `/...` (libbpf's `+`)."""

    name: str
    type: ProgramType
    attach_type: AttachType | None = None
    prefix: bool = False
    sleepable: bool = False


# Order matters: more specific names first, as in libbpf's section_defs[].
SECTION_DEFS: tuple[SectionDef, ...] = (
    SectionDef("socket", P.SOCKET_FILTER),
    SectionDef("sk_reuseport/migrate", P.SK_REUSEPORT, A.SK_REUSEPORT_SELECT_OR_MIGRATE),
    SectionDef("sk_reuseport", P.SK_REUSEPORT, A.SK_REUSEPORT_SELECT),
    SectionDef("kprobe", P.KPROBE, prefix=True),
    SectionDef("uprobe", P.KPROBE, prefix=True),
    SectionDef("uprobe.s", P.KPROBE, prefix=True, sleepable=True),
    SectionDef("kretprobe", P.KPROBE, prefix=True),
    SectionDef("uretprobe", P.KPROBE, prefix=True),
    SectionDef("uretprobe.s", P.KPROBE, prefix=True, sleepable=True),
    SectionDef("kprobe.multi", P.KPROBE, A.TRACE_KPROBE_MULTI, prefix=True),
    SectionDef("kretprobe.multi", P.KPROBE, A.TRACE_KPROBE_MULTI, prefix=True),
    SectionDef("kprobe.session", P.KPROBE, A.TRACE_KPROBE_SESSION, prefix=True),
    SectionDef("uprobe.multi", P.KPROBE, A.TRACE_UPROBE_MULTI, prefix=True),
    SectionDef("uretprobe.multi", P.KPROBE, A.TRACE_UPROBE_MULTI, prefix=True),
    SectionDef("uprobe.session", P.KPROBE, A.TRACE_UPROBE_SESSION, prefix=True),
    SectionDef("ksyscall", P.KPROBE, prefix=True),
    SectionDef("kretsyscall", P.KPROBE, prefix=True),
    SectionDef("usdt", P.KPROBE, prefix=True),
    SectionDef("tc/ingress", P.SCHED_CLS, A.TCX_INGRESS),
    SectionDef("tc/egress", P.SCHED_CLS, A.TCX_EGRESS),
    SectionDef("tcx/ingress", P.SCHED_CLS, A.TCX_INGRESS),
    SectionDef("tcx/egress", P.SCHED_CLS, A.TCX_EGRESS),
    SectionDef("tc", P.SCHED_CLS, prefix=True),
    SectionDef("classifier", P.SCHED_CLS, prefix=True),
    SectionDef("action", P.SCHED_ACT, prefix=True),
    SectionDef("netkit/primary", P.SCHED_CLS, A.NETKIT_PRIMARY),
    SectionDef("netkit/peer", P.SCHED_CLS, A.NETKIT_PEER),
    SectionDef("tracepoint", P.TRACEPOINT, prefix=True),
    SectionDef("tp", P.TRACEPOINT, prefix=True),
    SectionDef("raw_tracepoint", P.RAW_TRACEPOINT, prefix=True),
    SectionDef("raw_tp", P.RAW_TRACEPOINT, prefix=True),
    SectionDef("raw_tracepoint.w", P.RAW_TRACEPOINT_WRITABLE, prefix=True),
    SectionDef("raw_tp.w", P.RAW_TRACEPOINT_WRITABLE, prefix=True),
    SectionDef("tp_btf", P.TRACING, A.TRACE_RAW_TP, prefix=True),
    SectionDef("fentry", P.TRACING, A.TRACE_FENTRY, prefix=True),
    SectionDef("fmod_ret", P.TRACING, A.MODIFY_RETURN, prefix=True),
    SectionDef("fexit", P.TRACING, A.TRACE_FEXIT, prefix=True),
    SectionDef("fentry.s", P.TRACING, A.TRACE_FENTRY, prefix=True, sleepable=True),
    SectionDef("fmod_ret.s", P.TRACING, A.MODIFY_RETURN, prefix=True, sleepable=True),
    SectionDef("fexit.s", P.TRACING, A.TRACE_FEXIT, prefix=True, sleepable=True),
    SectionDef("freplace", P.EXT, prefix=True),
    SectionDef("lsm", P.LSM, A.LSM_MAC, prefix=True),
    SectionDef("lsm.s", P.LSM, A.LSM_MAC, prefix=True, sleepable=True),
    SectionDef("lsm_cgroup", P.LSM, A.LSM_CGROUP, prefix=True),
    SectionDef("iter", P.TRACING, A.TRACE_ITER, prefix=True),
    SectionDef("iter.s", P.TRACING, A.TRACE_ITER, prefix=True, sleepable=True),
    SectionDef("syscall", P.SYSCALL, sleepable=True),
    SectionDef("xdp.frags/devmap", P.XDP, A.XDP_DEVMAP),
    SectionDef("xdp/devmap", P.XDP, A.XDP_DEVMAP),
    SectionDef("xdp.frags/cpumap", P.XDP, A.XDP_CPUMAP),
    SectionDef("xdp/cpumap", P.XDP, A.XDP_CPUMAP),
    SectionDef("xdp.frags", P.XDP, A.XDP),
    SectionDef("xdp", P.XDP, A.XDP, prefix=True),
    SectionDef("perf_event", P.PERF_EVENT),
    SectionDef("lwt_in", P.LWT_IN),
    SectionDef("lwt_out", P.LWT_OUT),
    SectionDef("lwt_xmit", P.LWT_XMIT),
    SectionDef("lwt_seg6local", P.LWT_SEG6LOCAL),
    SectionDef("sockops", P.SOCK_OPS, A.CGROUP_SOCK_OPS),
    SectionDef("sk_skb/stream_parser", P.SK_SKB, A.SK_SKB_STREAM_PARSER),
    SectionDef("sk_skb/stream_verdict", P.SK_SKB, A.SK_SKB_STREAM_VERDICT),
    SectionDef("sk_skb/verdict", P.SK_SKB, A.SK_SKB_VERDICT),
    SectionDef("sk_skb", P.SK_SKB),
    SectionDef("sk_msg", P.SK_MSG, A.SK_MSG_VERDICT),
    SectionDef("lirc_mode2", P.LIRC_MODE2, A.LIRC_MODE2),
    SectionDef("flow_dissector", P.FLOW_DISSECTOR, A.FLOW_DISSECTOR),
    SectionDef("cgroup_skb/ingress", P.CGROUP_SKB, A.CGROUP_INET_INGRESS),
    SectionDef("cgroup_skb/egress", P.CGROUP_SKB, A.CGROUP_INET_EGRESS),
    SectionDef("cgroup/skb", P.CGROUP_SKB),
    SectionDef("cgroup/sock_create", P.CGROUP_SOCK, A.CGROUP_INET_SOCK_CREATE),
    SectionDef("cgroup/sock_release", P.CGROUP_SOCK, A.CGROUP_INET_SOCK_RELEASE),
    SectionDef("cgroup/sock", P.CGROUP_SOCK, A.CGROUP_INET_SOCK_CREATE),
    SectionDef("cgroup/post_bind4", P.CGROUP_SOCK, A.CGROUP_INET4_POST_BIND),
    SectionDef("cgroup/post_bind6", P.CGROUP_SOCK, A.CGROUP_INET6_POST_BIND),
    SectionDef("cgroup/bind4", P.CGROUP_SOCK_ADDR, A.CGROUP_INET4_BIND),
    SectionDef("cgroup/bind6", P.CGROUP_SOCK_ADDR, A.CGROUP_INET6_BIND),
    SectionDef("cgroup/connect4", P.CGROUP_SOCK_ADDR, A.CGROUP_INET4_CONNECT),
    SectionDef("cgroup/connect6", P.CGROUP_SOCK_ADDR, A.CGROUP_INET6_CONNECT),
    SectionDef("cgroup/connect_unix", P.CGROUP_SOCK_ADDR, A.CGROUP_UNIX_CONNECT),
    SectionDef("cgroup/sendmsg4", P.CGROUP_SOCK_ADDR, A.CGROUP_UDP4_SENDMSG),
    SectionDef("cgroup/sendmsg6", P.CGROUP_SOCK_ADDR, A.CGROUP_UDP6_SENDMSG),
    SectionDef("cgroup/sendmsg_unix", P.CGROUP_SOCK_ADDR, A.CGROUP_UNIX_SENDMSG),
    SectionDef("cgroup/recvmsg4", P.CGROUP_SOCK_ADDR, A.CGROUP_UDP4_RECVMSG),
    SectionDef("cgroup/recvmsg6", P.CGROUP_SOCK_ADDR, A.CGROUP_UDP6_RECVMSG),
    SectionDef("cgroup/recvmsg_unix", P.CGROUP_SOCK_ADDR, A.CGROUP_UNIX_RECVMSG),
    SectionDef("cgroup/getpeername4", P.CGROUP_SOCK_ADDR, A.CGROUP_INET4_GETPEERNAME),
    SectionDef("cgroup/getpeername6", P.CGROUP_SOCK_ADDR, A.CGROUP_INET6_GETPEERNAME),
    SectionDef("cgroup/getpeername_unix", P.CGROUP_SOCK_ADDR, A.CGROUP_UNIX_GETPEERNAME),
    SectionDef("cgroup/getsockname4", P.CGROUP_SOCK_ADDR, A.CGROUP_INET4_GETSOCKNAME),
    SectionDef("cgroup/getsockname6", P.CGROUP_SOCK_ADDR, A.CGROUP_INET6_GETSOCKNAME),
    SectionDef("cgroup/getsockname_unix", P.CGROUP_SOCK_ADDR, A.CGROUP_UNIX_GETSOCKNAME),
    SectionDef("cgroup/sysctl", P.CGROUP_SYSCTL, A.CGROUP_SYSCTL),
    SectionDef("cgroup/getsockopt", P.CGROUP_SOCKOPT, A.CGROUP_GETSOCKOPT),
    SectionDef("cgroup/setsockopt", P.CGROUP_SOCKOPT, A.CGROUP_SETSOCKOPT),
    SectionDef("cgroup/dev", P.CGROUP_DEVICE, A.CGROUP_DEVICE),
    SectionDef("struct_ops", P.STRUCT_OPS, prefix=True),
    SectionDef("struct_ops.s", P.STRUCT_OPS, prefix=True, sleepable=True),
    SectionDef("sk_lookup", P.SK_LOOKUP, A.SK_LOOKUP),
    SectionDef("netfilter", P.NETFILTER, A.NETFILTER),
    # ebpy's userspace hooks. Their contexts are small read-only structs (struct seccomp_data,
    # struct pyprobe_ctx) and they call the tracing helpers: the kernel's raw tracepoint type
    # has exactly those rules, so the verifier and the kernel check them as raw tracepoints.
    SectionDef("seccomp", P.RAW_TRACEPOINT),
    SectionDef("pyprobe", P.RAW_TRACEPOINT),
)

# Section-name prefixes of older toolchains (libbpf before 1.0, BCC, iproute2 samples), matched
# only when no current rule does. Order matters: longest first.
LEGACY_PREFIXES: tuple[tuple[str, ProgramType, AttachType | None], ...] = (
    ("cgroup_skb/ingress", P.CGROUP_SKB, A.CGROUP_INET_INGRESS),
    ("cgroup_skb/egress", P.CGROUP_SKB, A.CGROUP_INET_EGRESS),
    ("raw_tracepoint", P.RAW_TRACEPOINT, None),
    ("tracepoint", P.TRACEPOINT, None),
    ("kretprobe", P.KPROBE, None),
    ("kprobe", P.KPROBE, None),
    ("uretprobe", P.KPROBE, None),
    ("uprobe", P.KPROBE, None),
    ("classifier", P.SCHED_CLS, None),
    ("action", P.SCHED_ACT, None),
    ("socket", P.SOCKET_FILTER, None),
    ("sockops", P.SOCK_OPS, A.CGROUP_SOCK_OPS),
    ("sk_skb", P.SK_SKB, None),
    ("sk_msg", P.SK_MSG, A.SK_MSG_VERDICT),
    ("perf_event", P.PERF_EVENT, None),
    ("xdp", P.XDP, None),
    ("tc", P.SCHED_CLS, None),
)


@dataclass(frozen=True, slots=True)
class SectionMatch:
    type: ProgramType
    attach_type: AttachType | None
    attach_to: (
        str  # what follows the rule's name ("sched/sched_switch" for tracepoint/sched/sched_switch)
    )
    rule: str
    legacy: bool = False
    sleepable: bool = False


def match_section(section: str) -> SectionMatch | None:
    """The program type a section name implies, libbpf rules first, then older conventions."""
    for d in SECTION_DEFS:
        if section == d.name:
            return SectionMatch(d.type, d.attach_type, "", d.name, sleepable=d.sleepable)
        if d.prefix and section.startswith(d.name + "/"):
            return SectionMatch(
                d.type, d.attach_type, section[len(d.name) + 1 :], d.name, sleepable=d.sleepable
            )
    for prefix, ptype, atype in LEGACY_PREFIXES:
        if section.startswith(prefix):
            rest = section[len(prefix) :].lstrip("/_")
            return SectionMatch(ptype, atype, rest, prefix, legacy=True)
    return None
