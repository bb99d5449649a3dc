"""Network hooks: XDP and tcx on an interface, socket filters, sk_lookup on a network
namespace. Each returns a Link."""

from __future__ import annotations

import errno
import os
import socket
from enum import IntFlag
from typing import TYPE_CHECKING, Any

from ebpy.errors import KernelError, LoadError
from ebpy.kernel.commands import link_create
from ebpy.kernel.link import SO_ATTACH_BPF, BpfLink, Link, SocketFilterLink, setsockopt_int
from ebpy.spec.types import AttachType

if TYPE_CHECKING:
    from ebpy.kernel.program import KernelProgram


class XdpFlags(IntFlag):
    """XDP_FLAGS_*: how an XDP program is attached."""

    NONE = 0
    UPDATE_IF_NOEXIST = 1 << 0
    SKB_MODE = 1 << 1  # generic XDP: in the network stack, any device
    DRV_MODE = 1 << 2  # native XDP: in the driver
    HW_MODE = 1 << 3  # offloaded to the NIC
    REPLACE = 1 << 4


XDP_MODES = {
    "native": XdpFlags.DRV_MODE,
    "driver": XdpFlags.DRV_MODE,
    "generic": XdpFlags.SKB_MODE,
    "skb": XdpFlags.SKB_MODE,
    "offload": XdpFlags.HW_MODE,
}


def interface(iface: str | int) -> tuple[int, str]:
    """(ifindex, name) of an interface given by name or index, in this network namespace."""
    if isinstance(iface, bool):
        raise LoadError(f"not an interface: {iface!r}")
    if isinstance(iface, int) or (isinstance(iface, str) and iface.isdigit()):
        index = int(iface)
        try:
            return index, socket.if_indextoname(index)
        except OSError:
            raise LoadError(f"no interface with index {index} in this network namespace") from None
    try:
        return socket.if_nametoindex(iface), iface
    except OSError:
        raise LoadError(f"no interface named {iface!r} in this network namespace") from None


def attach_xdp(program: KernelProgram, iface: str | int, mode: str | None = None) -> Link:
    """XDP through a BPF link: `mode` native (driver), generic (skb) or offload; None lets
    the kernel choose (native when the driver has it)."""
    flags = XdpFlags.NONE
    if mode is not None:
        found = XDP_MODES.get(mode.lower())
        if found is None:
            raise LoadError(f"unknown XDP mode {mode!r} (native, generic or offload)")
        flags = found
    index, name = interface(iface)
    target = f"{name} (ifindex {index}{', ' + mode if mode else ''})"
    try:
        fd = link_create(program, index, AttachType.XDP, int(flags))
    except KernelError as e:
        if e.errno == errno.EOPNOTSUPP and flags & XdpFlags.DRV_MODE:
            raise KernelError(
                e.errno, f"attaching XDP to {name}", "the driver has no native XDP: use generic"
            ) from None
        raise KernelError(e.errno or 0, f"attaching XDP program to {target}", e.hint) from None
    return BpfLink(fd, program, "xdp", target)


_TC_DIRECTIONS = {"ingress": AttachType.TCX_INGRESS, "egress": AttachType.TCX_EGRESS}


def attach_tcx(program: KernelProgram, iface: str | int, direction: str | AttachType) -> Link:
    """tc (tcx) on an interface's ingress or egress, through a BPF link (kernel >= 6.6)."""
    if isinstance(direction, str):
        found = _TC_DIRECTIONS.get(direction.lower())
        if found is None:
            raise LoadError(f"tc direction must be ingress or egress, not {direction!r}")
        direction = found
    index, name = interface(iface)
    side = "ingress" if direction == AttachType.TCX_INGRESS else "egress"
    target = f"{name} (ifindex {index}) {side}"
    try:
        fd = link_create(program, index, direction)
    except KernelError as e:
        raise KernelError(e.errno or 0, f"attaching tc program to {target}", e.hint) from None
    return BpfLink(fd, program, "tcx", target)


def attach_socket(program: KernelProgram, sock: Any) -> Link:
    """A socket filter on `sock` (a socket object or fd) with SO_ATTACH_BPF."""
    try:
        number = sock.fileno() if hasattr(sock, "fileno") else int(sock)
    except (TypeError, ValueError, OSError):
        raise LoadError(f"not a socket: {sock!r}") from None
    setsockopt_int(
        number, SO_ATTACH_BPF, program.fileno(), f"attaching socket filter to fd {number}"
    )
    return SocketFilterLink(sock, program)


def attach_netns(program: KernelProgram, netns: str | int | None = None) -> Link:
    """sk_lookup (and flow dissector) on a network namespace: a path such as
    /proc/<pid>/ns/net or /run/netns/<name>, an open fd, or None for this thread's."""
    attach_type = program.expected_attach_type or AttachType.SK_LOOKUP
    if isinstance(netns, int):
        return _netns_link(program, netns, attach_type, f"netns fd {netns}")
    path = netns or "/proc/thread-self/ns/net"  # this thread's namespace
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        raise LoadError(f"network namespace {path}: {e.strerror}") from None
    try:
        return _netns_link(program, fd, attach_type, f"netns {path}")
    finally:
        os.close(fd)  # the link holds the namespace


def _netns_link(
    program: KernelProgram, fd: int, attach_type: AttachType | int, target: str
) -> Link:
    try:
        link = link_create(program, fd, attach_type)
    except KernelError as e:
        raise KernelError(e.errno or 0, f"attaching to {target}", e.hint) from None
    return BpfLink(link, program, "netns", target)
