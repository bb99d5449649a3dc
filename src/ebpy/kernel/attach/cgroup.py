"""cgroup hooks (skb ingress/egress, sock_addr connect/bind/sendmsg, sock, sockopt, sysctl,
device, sock_ops) through BPF links on a cgroup v2 folder."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ebpy.errors import KernelError, LoadError
from ebpy.kernel.commands import link_create
from ebpy.kernel.link import BpfLink, Link
from ebpy.kernel.mounts import statfs_type
from ebpy.spec.types import AttachType

if TYPE_CHECKING:
    from ebpy.kernel.program import KernelProgram

CGROUP2_MAGIC = 0x63677270
# Hybrid systems mount cgroup v2 at .../unified; pure v2 systems at /sys/fs/cgroup.
CGROUP2_ROOTS = ("/sys/fs/cgroup/unified", "/sys/fs/cgroup")


def cgroup2_root() -> str:
    """The mount point of the cgroup v2 hierarchy."""
    for path in CGROUP2_ROOTS:
        if statfs_type(path) == CGROUP2_MAGIC:
            return path
    raise LoadError(
        "no cgroup v2 hierarchy is mounted (mount -t cgroup2 none /sys/fs/cgroup/unified)"
    )


def attach_cgroup(
    program: KernelProgram, cgroup: str | int, attach_type: AttachType | int | None = None
) -> Link:
    """Attach to the cgroup at path `cgroup` (or an open cgroup fd). The attach type is the
    program's expected one (from its section) unless given."""
    kind = attach_type if attach_type is not None else program.expected_attach_type
    if kind is None:
        raise LoadError(
            f"program {program.name}: which cgroup hook? (its section does not say: pass "
            "attach_type, e.g. CGROUP_INET_INGRESS)"
        )
    name = _attach_name(kind)
    if isinstance(cgroup, int):
        return _link(program, cgroup, kind, f"cgroup fd {cgroup} ({name})")
    path = os.fspath(cgroup)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as e:
        raise LoadError(f"cgroup {path}: {e.strerror}") from None
    try:
        if statfs_type(path) != CGROUP2_MAGIC:
            raise LoadError(f"{path} is not a cgroup v2 folder (BPF attaches to cgroup v2 only)")
        return _link(program, fd, kind, f"cgroup {path} ({name})")
    finally:
        os.close(fd)  # the link holds the cgroup


def _link(program: KernelProgram, fd: int, kind: AttachType | int, target: str) -> Link:
    try:
        link = link_create(program, fd, kind)
    except KernelError as e:
        raise KernelError(
            e.errno or 0, f"attaching program {program.name} to {target}", e.hint
        ) from None
    return BpfLink(link, program, "cgroup", target)


def _attach_name(kind: AttachType | int) -> str:
    try:
        return AttachType(kind).name.lower()
    except ValueError:
        return str(int(kind))
