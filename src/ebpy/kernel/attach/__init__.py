"""Attaching kernel programs: one entry point that picks the hook from the program's type and
section name (libbpf's auto-attach), with targets given where the section cannot say.

    link = attach(prog, iface="eth0")                 # xdp
    link = attach(prog, iface="eth0", direction="ingress")  # tc / tcx
    link = attach(prog, cgroup="/sys/fs/cgroup/unified/app")  # cgroup/connect4, ...
    link = attach(prog)                               # tracepoint/..., raw_tp/..., uprobe/path:func
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from ebpy.errors import LoadError
from ebpy.kernel.attach.cgroup import attach_cgroup, cgroup2_root
from ebpy.kernel.attach.net import attach_netns, attach_socket, attach_tcx, attach_xdp, interface
from ebpy.kernel.attach.trace import (
    attach_kprobe,
    attach_raw_tracepoint,
    attach_tracepoint,
    attach_tracing,
    attach_uprobe,
)
from ebpy.kernel.link import Link
from ebpy.kernel.uprobe import parse_target
from ebpy.spec.sections import match_section
from ebpy.spec.types import AttachType, ProgramType

if TYPE_CHECKING:
    from ebpy.kernel.program import KernelProgram

P = ProgramType

CGROUP_TYPES = frozenset(
    {
        P.CGROUP_SKB,
        P.CGROUP_SOCK,
        P.CGROUP_SOCK_ADDR,
        P.CGROUP_SOCKOPT,
        P.CGROUP_SYSCTL,
        P.CGROUP_DEVICE,
        P.SOCK_OPS,
    }
)
_TCX = (AttachType.TCX_INGRESS, AttachType.TCX_EGRESS)


@dataclass
class Targets:
    """What a hook needs beyond the section name. Unused fields are ignored."""

    iface: str | int | None = None  # xdp, tc
    xdp_mode: str | None = None  # native | generic | offload
    direction: str | None = None  # tc: ingress | egress (when the section does not say)
    sock: Any = None  # socket filters: a socket or its fd
    cgroup: str | int | None = None  # cgroup programs: a cgroup v2 folder or fd
    attach_type: AttachType | int | None = None  # cgroup hook, when the section does not say
    netns: str | int | None = None  # sk_lookup: /proc/<pid>/ns/net, /run/netns/<name>, an fd
    tracepoint: str | None = None  # tracepoint "cat/name" or raw tracepoint name
    binary: str | None = None  # uprobes
    symbol: str | None = None
    offset: int = 0
    pid: int | None = None
    retprobe: bool | None = None
    function: str | None = None  # kprobes
    cookie: int = 0

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> Targets:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise LoadError(
                f"unknown attach option(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})"
            )
        return cls(**options)


def _section(program: KernelProgram) -> tuple[str, str, str]:
    """(section, rule, what follows the rule) of a program loaded from an object."""
    spec = getattr(program, "spec", None)
    if spec is None:
        return "", "", ""
    match = match_section(spec.section)
    return spec.section, match.rule if match else "", spec.attach_to


def needs(program: KernelProgram) -> str | None:
    """The target option a program cannot be auto-attached without (None: it can be)."""
    ptype = program.type
    _, rule, rest = _section(program)
    if ptype == P.XDP:
        return "iface"
    if ptype == P.SCHED_CLS:
        return "iface"
    if ptype == P.SOCKET_FILTER:
        return "sock"
    if ptype in CGROUP_TYPES:
        return "cgroup"
    if ptype in (P.TRACEPOINT, P.RAW_TRACEPOINT, P.RAW_TRACEPOINT_WRITABLE):
        return None if rest else "tracepoint"
    if ptype == P.KPROBE:
        if rule in ("uprobe", "uretprobe", "uprobe.s", "uretprobe.s"):
            return None if rest else "binary"
        return None if rest else "function"
    if ptype in (P.SK_LOOKUP, P.TRACING, P.LSM):
        return None
    return "unsupported"


def attach(program: KernelProgram, **options: Any) -> Link:
    """Attach `program` where its section says, with `options` (see Targets) for the rest."""
    t = Targets.from_options(options)
    ptype = program.type
    section, rule, rest = _section(program)
    label = f"program {program.name}" + (f" (section {section!r})" if section else "")

    def need(value: Any, option: str, example: str) -> Any:
        if value is None:
            raise LoadError(f"{label}: attaching needs {option}= ({example})")
        return value

    if ptype == P.XDP:
        return attach_xdp(program, need(t.iface, "iface", "an interface name or index"), t.xdp_mode)
    if ptype == P.SCHED_CLS:
        iface = need(t.iface, "iface", "an interface name or index")
        if t.direction is not None:
            return attach_tcx(program, iface, t.direction)
        expected = program.expected_attach_type
        if expected in _TCX:
            return attach_tcx(program, iface, AttachType(expected))
        need(None, "direction", "ingress or egress")
    if ptype == P.SOCKET_FILTER:
        return attach_socket(program, need(t.sock, "sock", "a socket or its fd"))
    if ptype in CGROUP_TYPES:
        cgroup = need(t.cgroup, "cgroup", f"a cgroup v2 folder such as {_cgroup_hint()}")
        return attach_cgroup(program, cgroup, t.attach_type)
    if ptype == P.SK_LOOKUP:
        return attach_netns(program, t.netns)
    if ptype == P.TRACEPOINT:
        name = t.tracepoint or rest
        return attach_tracepoint(
            program, need(name or None, "tracepoint", "CATEGORY/NAME"), t.cookie
        )
    if ptype in (P.RAW_TRACEPOINT, P.RAW_TRACEPOINT_WRITABLE):
        name = t.tracepoint or rest
        return attach_raw_tracepoint(
            program, need(name or None, "tracepoint", "a raw tracepoint"), t.cookie
        )
    if ptype in (P.TRACING, P.LSM, P.EXT):
        return attach_tracing(program, rest or section or program.name)
    if ptype == P.KPROBE:
        return _attach_probe(program, t, rule, rest, label)
    kind = ptype.name.lower() if isinstance(ptype, ProgramType) else str(ptype)
    raise LoadError(f"{label}: ebpy cannot attach {kind} programs")


def _attach_probe(program: KernelProgram, t: Targets, rule: str, rest: str, label: str) -> Link:
    is_uprobe = t.binary is not None or rule.startswith(("uprobe", "uretprobe"))
    if is_uprobe:
        retprobe = t.retprobe if t.retprobe is not None else rule.startswith("uretprobe")
        if t.binary is not None:
            binary, symbol, offset = t.binary, t.symbol, t.offset
        elif rest:
            binary, symbol, offset = parse_target(rest)
        else:
            raise LoadError(f"{label}: attaching needs binary= and symbol= (or uprobe/PATH:FUNC)")
        return attach_uprobe(
            program, binary, symbol, offset=offset, pid=t.pid, retprobe=retprobe, cookie=t.cookie
        )
    if rule in ("kprobe", "kretprobe", "") or t.function is not None:
        function = t.function or rest
        if not function:
            raise LoadError(f"{label}: attaching needs function= (a kernel function)")
        retprobe = t.retprobe if t.retprobe is not None else rule == "kretprobe"
        name, _, off = function.partition("+")
        return attach_kprobe(program, name, offset=int(off, 0) if off else 0, retprobe=retprobe)
    raise LoadError(f"{label}: ebpy cannot attach {rule} programs")


def _cgroup_hint() -> str:
    try:
        return cgroup2_root()
    except LoadError:
        return "/sys/fs/cgroup"


__all__ = [
    "Targets",
    "attach",
    "attach_cgroup",
    "attach_kprobe",
    "attach_netns",
    "attach_raw_tracepoint",
    "attach_socket",
    "attach_tcx",
    "attach_tracepoint",
    "attach_tracing",
    "attach_uprobe",
    "attach_xdp",
    "cgroup2_root",
    "interface",
    "needs",
]
