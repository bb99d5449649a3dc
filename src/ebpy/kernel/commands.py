"""Thin typed wrappers for the bpf() commands beyond maps and program loading: pinning,
attaching, links, raw tracepoints, statistics, ids. The kernel engine builds on these."""

from __future__ import annotations

import ctypes
import errno
import os
from enum import StrEnum

from ebpy.errors import KernelError
from ebpy.kernel.attr import (
    EnableStatsAttr,
    GetIdAttr,
    LinkCreateAttr,
    LinkDetachAttr,
    LinkUpdateAttr,
    ObjPinAttr,
    ProgAttachAttr,
    ProgBindMapAttr,
    ProgQueryAttr,
    RawTracepointAttr,
)
from ebpy.kernel.fd import Fd, FdLike, fd_number
from ebpy.kernel.syscall import address, bpf, bpf_fd, c_string
from ebpy.kernel.uapi import AttachFlags, Cmd, ObjFlags, StatsType
from ebpy.spec.types import AttachType

PathLike = str | os.PathLike[str]


def obj_pin(obj: FdLike, path: PathLike) -> None:
    """BPF_OBJ_PIN: give the object a name on a BPF filesystem; it lives until unlinked."""
    name = c_string(os.fspath(path))
    attr = ObjPinAttr(pathname=address(name), bpf_fd=fd_number(obj))
    bpf(Cmd.OBJ_PIN, attr, what=f"pinning fd {fd_number(obj)} at {os.fspath(path)}")


def obj_get(path: PathLike, flags: ObjFlags | int = ObjFlags.NONE) -> Fd:
    """BPF_OBJ_GET: a new fd for the object pinned at `path`."""
    name = c_string(os.fspath(path))
    attr = ObjPinAttr(pathname=address(name), file_flags=int(flags))
    return bpf_fd(Cmd.OBJ_GET, attr, what=f"opening pinned object {os.fspath(path)}")


def prog_attach(
    prog: FdLike,
    target: FdLike,
    attach_type: AttachType | int,
    flags: AttachFlags | int = AttachFlags.NONE,
    *,
    replace: FdLike | None = None,
    relative: FdLike | None = None,
    expected_revision: int = 0,
) -> None:
    """BPF_PROG_ATTACH: attach to `target` (a cgroup fd, or an ifindex for tcx)."""
    attr = ProgAttachAttr(
        attach_bpf_fd=fd_number(prog),
        attach_type=int(attach_type),
        attach_flags=int(flags),
        expected_revision=expected_revision,
    )
    attr.target_fd = fd_number(target)
    if replace is not None:
        attr.replace_bpf_fd = fd_number(replace)
    if relative is not None:
        attr.relative_fd = fd_number(relative)
    bpf(Cmd.PROG_ATTACH, attr, what=f"attaching program ({_attach_name(attach_type)})")


def prog_detach(target: FdLike, attach_type: AttachType | int, prog: FdLike | None = None) -> None:
    """BPF_PROG_DETACH: detach `prog` (or the only program) from `target`."""
    attr = ProgAttachAttr(attach_type=int(attach_type))
    attr.target_fd = fd_number(target)
    if prog is not None:
        attr.attach_bpf_fd = fd_number(prog)
    bpf(Cmd.PROG_DETACH, attr, what=f"detaching program ({_attach_name(attach_type)})")


def prog_query(
    target: FdLike, attach_type: AttachType | int, flags: int = 0, max_progs: int = 64
) -> list[int]:
    """BPF_PROG_QUERY: ids of the programs attached at `target` for `attach_type`."""
    ids = (ctypes.c_uint32 * max_progs)()
    attr = ProgQueryAttr(attach_type=int(attach_type), query_flags=flags, prog_ids=address(ids))
    attr.target_fd = fd_number(target)
    attr.prog_cnt = max_progs
    bpf(Cmd.PROG_QUERY, attr, what=f"querying programs ({_attach_name(attach_type)})")
    return list(ids[: min(attr.prog_cnt, max_progs)])


def link_create(
    prog: FdLike,
    target: FdLike,
    attach_type: AttachType | int,
    flags: int = 0,
    *,
    target_btf_id: int = 0,
    relative: FdLike | None = None,
    expected_revision: int = 0,
    cookie: int = 0,
) -> Fd:
    """BPF_LINK_CREATE: attach through a link, owned by the returned fd (closing it detaches
    unless the link is pinned). `target` is an ifindex (XDP, tcx, netkit), a cgroup fd, or a
    perf event fd; `relative`/`expected_revision` order tcx, netkit and cgroup programs;
    `cookie` is the perf event's bpf_cookie; `target_btf_id` names a tracing target."""
    attr = LinkCreateAttr(attach_type=int(attach_type), flags=flags)
    attr.prog_fd = fd_number(prog)
    attr.target_fd = fd_number(target)
    # The target-specific part is a union: write only the member this attach type reads.
    kind = int(attach_type)
    if relative is not None or expected_revision:
        if kind in (AttachType.TCX_INGRESS, AttachType.TCX_EGRESS):
            rel = attr.tcx
        elif kind in (AttachType.NETKIT_PRIMARY, AttachType.NETKIT_PEER):
            rel = attr.netkit
        else:
            rel = attr.cgroup
        if relative is not None:
            rel.relative_fd = fd_number(relative)
        rel.expected_revision = expected_revision
    if kind == AttachType.PERF_EVENT:
        attr.perf_event.bpf_cookie = cookie
    elif target_btf_id or cookie:
        attr.tracing.target_btf_id = target_btf_id
        attr.tracing.cookie = cookie
    return bpf_fd(Cmd.LINK_CREATE, attr, what=f"creating link ({_attach_name(attach_type)})")


def link_update(link: FdLike, new_prog: FdLike, *, old_prog: FdLike | None = None) -> None:
    """BPF_LINK_UPDATE: swap the link's program atomically (only if it is `old_prog`, when
    given: BPF_F_REPLACE)."""
    attr = LinkUpdateAttr(link_fd=fd_number(link))
    attr.new_prog_fd = fd_number(new_prog)
    if old_prog is not None:
        attr.old_prog_fd = fd_number(old_prog)
        attr.flags = AttachFlags.REPLACE
    bpf(Cmd.LINK_UPDATE, attr, what=f"updating link fd {fd_number(link)}")


def link_detach(link: FdLike) -> None:
    """BPF_LINK_DETACH: detach now; the link fd stays valid but defunct."""
    attr = LinkDetachAttr(link_fd=fd_number(link))
    bpf(Cmd.LINK_DETACH, attr, what=f"detaching link fd {fd_number(link)}")


def raw_tracepoint_open(name: str | None, prog: FdLike, cookie: int = 0) -> Fd:
    """BPF_RAW_TRACEPOINT_OPEN: attach a raw tracepoint program to tracepoint `name` (None for
    tracing programs whose target was fixed at load); the fd holds the attachment."""
    name_buf = c_string(name) if name is not None else None
    attr = RawTracepointAttr(name=address(name_buf), prog_fd=fd_number(prog), cookie=cookie)
    return bpf_fd(Cmd.RAW_TRACEPOINT_OPEN, attr, what=f"attaching to raw tracepoint {name}")


def enable_stats(kind: StatsType = StatsType.RUN_TIME) -> Fd:
    """BPF_ENABLE_STATS: programs count run_cnt / run_time_ns while the returned fd is open."""
    attr = EnableStatsAttr(type=int(kind))
    return bpf_fd(Cmd.ENABLE_STATS, attr, what=f"enabling {kind.name} statistics")


def prog_bind_map(prog: FdLike, map_fd: FdLike) -> None:
    """BPF_PROG_BIND_MAP: keep a map alive as long as the program (maps it does not use)."""
    attr = ProgBindMapAttr(prog_fd=fd_number(prog), map_fd=fd_number(map_fd))
    bpf(Cmd.PROG_BIND_MAP, attr, what="binding map to program")


class ObjectKind(StrEnum):
    """The kinds of kernel object that have global ids."""

    PROG = "prog"
    MAP = "map"
    BTF = "btf"
    LINK = "link"


_BY_ID = {
    ObjectKind.PROG: (Cmd.PROG_GET_FD_BY_ID, Cmd.PROG_GET_NEXT_ID),
    ObjectKind.MAP: (Cmd.MAP_GET_FD_BY_ID, Cmd.MAP_GET_NEXT_ID),
    ObjectKind.BTF: (Cmd.BTF_GET_FD_BY_ID, Cmd.BTF_GET_NEXT_ID),
    ObjectKind.LINK: (Cmd.LINK_GET_FD_BY_ID, Cmd.LINK_GET_NEXT_ID),
}


def fd_by_id(kind: ObjectKind, obj_id: int, flags: ObjFlags | int = ObjFlags.NONE) -> Fd:
    """BPF_{PROG,MAP,BTF,LINK}_GET_FD_BY_ID (needs CAP_SYS_ADMIN)."""
    attr = GetIdAttr(open_flags=int(flags))
    attr.start_id = obj_id
    return bpf_fd(_BY_ID[kind][0], attr, what=f"opening {kind} id {obj_id}")


def ids(kind: ObjectKind) -> list[int]:
    """Every id of `kind` in the kernel now, in order, with BPF_*_GET_NEXT_ID."""
    out: list[int] = []
    current = 0
    while True:
        attr = GetIdAttr()
        attr.start_id = current
        try:
            bpf(_BY_ID[kind][1], attr, what=f"listing {kind} ids")
        except KernelError as e:
            if e.errno == errno.ENOENT:  # no id after `current`
                return out
            raise
        current = attr.next_id
        out.append(current)


def _attach_name(attach_type: AttachType | int) -> str:
    try:
        return AttachType(attach_type).name
    except ValueError:
        return f"attach type {int(attach_type)}"
