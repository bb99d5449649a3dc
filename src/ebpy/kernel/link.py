"""Links: a program's attachment to a hook, detached when the Link is closed.

Most attachments are BPF links (an fd the kernel ties the attachment to: XDP, tcx, cgroup,
netns, raw tracepoints, perf events), which can also be pinned to outlive the process. Socket
filters are options on a socket (SO_ATTACH_BPF), detached with SO_DETACH_BPF.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ebpy.errors import KernelError, LoadError
from ebpy.kernel.attr import InfoAttr, LinkInfoStruct
from ebpy.kernel.commands import link_detach, link_update, obj_pin
from ebpy.kernel.fd import Fd, FdLike, fd_number
from ebpy.kernel.syscall import address, bpf
from ebpy.kernel.uapi import Cmd, LinkType

if TYPE_CHECKING:
    from ebpy.kernel.program import KernelProgram


@dataclass(frozen=True)
class LinkInfo:
    """struct bpf_link_info: the kind of link, its id and the program's id."""

    type: LinkType | int
    id: int
    prog_id: int
    detail: tuple[int, ...]  # the type-specific words, raw


def link_info(fd: FdLike) -> LinkInfo:
    info = LinkInfoStruct()
    attr = InfoAttr(bpf_fd=fd_number(fd), info_len=ctypes.sizeof(info), info=address(info))
    bpf(Cmd.OBJ_GET_INFO_BY_FD, attr, what=f"reading link info (fd {fd_number(fd)})")
    try:
        kind: LinkType | int = LinkType(info.type)
    except ValueError:
        kind = info.type
    return LinkInfo(kind, info.id, info.prog_id, tuple(info.detail))


class Link:
    """One attachment of `program` to `target`; close() (or `with`) detaches it."""

    kind = "link"

    def __init__(self, program: KernelProgram | None, target: str) -> None:
        self.program = program
        self.target = target  # what it is attached to, for people: "veth1 (ifindex 5)"
        self.pinned_path: str | None = None

    @property
    def closed(self) -> bool:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def pin(self, path: str | os.PathLike[str]) -> None:
        raise LoadError(f"{self.kind} attachments cannot be pinned (they are not BPF links)")

    def unpin(self) -> None:
        """Remove the pin (the attachment then ends when the last fd closes)."""
        path, self.pinned_path = self.pinned_path, None
        if path is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)

    def __enter__(self) -> Link:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        name = self.program.name if self.program is not None else "?"
        state = "closed" if self.closed else "attached"
        return f"<{type(self).__name__} {self.kind} {name} -> {self.target} {state}>"


class BpfLink(Link):
    """An attachment held by a BPF link fd: pinnable, updatable, with kernel info."""

    def __init__(self, fd: Fd, program: KernelProgram | None, kind: str, target: str) -> None:
        super().__init__(program, target)
        self.fd = fd
        self.kind = kind

    @property
    def closed(self) -> bool:
        return self.fd.closed

    def fileno(self) -> int:
        return self.fd.fileno()

    def close(self) -> None:
        """Close the link fd: the program is detached unless the link is pinned."""
        self.fd.close()

    def pin(self, path: str | os.PathLike[str]) -> None:
        """Pin the link on a BPF filesystem: the attachment outlives this process."""
        target = os.fspath(path)
        obj_pin(self.fd, target)
        self.pinned_path = target

    def detach(self) -> None:
        """Detach now (BPF_LINK_DETACH), even if pinned; the fd stays until close()."""
        link_detach(self.fd)

    def update(self, program: KernelProgram, *, old: KernelProgram | None = None) -> None:
        """Swap in `program` atomically (only if `old` is attached, when given)."""
        link_update(self.fd, program, old_prog=old)
        self.program = program

    def info(self) -> LinkInfo:
        return link_info(self.fd)


class PerfEventLink(BpfLink):
    """A program on a perf event (tracepoint, uprobe, kprobe): the link and the event fd."""

    def __init__(
        self, fd: Fd, perf_fd: Fd, program: KernelProgram | None, kind: str, target: str
    ) -> None:
        super().__init__(fd, program, kind, target)
        self.perf_fd = perf_fd

    def close(self) -> None:
        self.fd.close()
        self.perf_fd.close()


class PerfEventIoctlLink(Link):
    """The pre-5.15 way: PERF_EVENT_IOC_SET_BPF on the event; closing the event detaches."""

    def __init__(self, perf_fd: Fd, program: KernelProgram | None, kind: str, target: str) -> None:
        super().__init__(program, target)
        self.perf_fd = perf_fd
        self.kind = kind

    @property
    def closed(self) -> bool:
        return self.perf_fd.closed

    def close(self) -> None:
        self.perf_fd.close()


SOL_SOCKET = 1
SO_DETACH_FILTER = 27  # also SO_DETACH_BPF
SO_ATTACH_BPF = 50

_libc = ctypes.CDLL(None, use_errno=True)


def setsockopt_int(sock: int, option: int, value: int, what: str) -> None:
    """setsockopt(sock, SOL_SOCKET, option, &value, 4) on any socket fd."""
    val = ctypes.c_int(value)
    if _libc.setsockopt(sock, SOL_SOCKET, option, ctypes.byref(val), 4) != 0:
        err = ctypes.get_errno()
        hint = ""
        if err == errno.ENOTSOCK:
            hint = "not a socket"
        elif err == errno.ENOENT:
            hint = "no filter is attached"
        elif err == errno.EINVAL:
            hint = "the program is not a socket filter"
        raise KernelError(err, what, hint)


class SocketFilterLink(Link):
    """A socket filter attached with SO_ATTACH_BPF; close() detaches it (SO_DETACH_BPF)."""

    kind = "socket_filter"

    def __init__(self, sock: Any, program: KernelProgram | None) -> None:
        number = sock.fileno() if hasattr(sock, "fileno") else int(sock)
        super().__init__(program, f"socket fd {number}")
        self.sock = sock  # kept so the socket object outlives the attachment's owner
        self._fd: int | None = number

    @property
    def closed(self) -> bool:
        return self._fd is None

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            setsockopt_int(fd, SO_DETACH_FILTER, 0, f"detaching the filter from socket fd {fd}")
        except KernelError as e:
            # The socket is gone (closed) or has no filter any more: nothing is attached.
            if e.errno not in (errno.EBADF, errno.ENOENT, errno.ENOTSOCK):
                raise
