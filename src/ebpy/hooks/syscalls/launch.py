"""Starting a command with every system call sent to us: fork, install the filter, hand over
the listener, exec.

The child sets no_new_privs (so an unprivileged user may install a filter, and the command
cannot gain privileges through setuid binaries), installs the classic-BPF filter with
SECCOMP_FILTER_FLAG_NEW_LISTENER and sends the listener fd to the parent over a socket pair
with the one sendmsg the filter lets through (see uapi.notify_filter). From then on every system
call of the child and of everything it starts waits for the supervisor, including the execve of
the command itself. Everything the child needs after fork is prepared before it, so between
installing the filter and handing over the listener it only stores the fd number in the
prepared message and calls sendmsg: nothing that makes a system call of its own (which would
wait for a supervisor that has no listener yet; a 10 s timeout in the parent covers that).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import select
import shutil
import signal
import socket
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ebpy.errors import EbpyError
from ebpy.hooks.syscalls import uapi

HANDOVER_TIMEOUT_S = 10.0
_SOL_SOCKET = 1
_SCM_RIGHTS = 1
_EXEC_FAILED = struct.Struct("<ii")  # (stage, errno) the child reports before exec


class _Iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class _Msghdr(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_void_p),
        ("namelen", ctypes.c_uint32),
        ("iov", ctypes.POINTER(_Iovec)),
        ("iovlen", ctypes.c_size_t),
        ("control", ctypes.c_void_p),
        ("controllen", ctypes.c_size_t),
        ("flags", ctypes.c_int),
    ]


class _Cmsg(ctypes.Structure):
    _fields_ = [
        ("len", ctypes.c_size_t),
        ("level", ctypes.c_int),
        ("type", ctypes.c_int),
        ("fd", ctypes.c_int),
        ("pad", ctypes.c_int),
    ]


@dataclass
class Launched:
    """A started command: its pid, a pidfd for it, and the seccomp listener of its tree."""

    pid: int
    pidfd: int
    listener: int
    status_pipe: int  # readable: EOF when exec succeeded, (stage, errno) when it failed

    def close(self) -> None:
        for fd in (self.pidfd, self.listener, self.status_pipe):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.pidfd = self.listener = self.status_pipe = -1


def resolve_command(argv: Sequence[str], env: Mapping[str, str] | None = None) -> str:
    """The path of the program `argv[0]` names, as a shell would find it; EbpyError if none."""
    if not argv:
        raise EbpyError("no command to supervise (give it after --)")
    name = argv[0]
    if "/" in name:
        if not os.path.exists(name):
            raise EbpyError(f"{name}: no such file")
        if os.path.isdir(name) or not os.access(name, os.X_OK):
            raise EbpyError(f"{name}: not an executable file")
        return name
    path = (env or os.environ).get("PATH", os.defpath)
    found = shutil.which(name, path=path)
    if found is None:
        raise EbpyError(f"{name}: command not found")
    return found


def spawn(
    argv: Sequence[str],
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
) -> Launched:
    """Start `argv` under a seccomp listener; the caller must serve its notifications at once
    (the child's execve is the first one)."""
    path = resolve_command(argv, env)
    arch = uapi.host_arch()
    libc = ctypes.CDLL(None, use_errno=True)
    syscall = libc.syscall
    syscall.restype = ctypes.c_long
    syscall.argtypes = [ctypes.c_long] * 7
    prctl = libc.prctl
    prctl.restype = ctypes.c_int
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]

    cookie = secrets.randbits(64)
    fprog, _array = uapi.filter_program(uapi.notify_filter(arch, cookie))
    parent_sock, child_sock = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    status_r, status_w = os.pipe()
    byte = ctypes.create_string_buffer(b"L", 1)
    iov = _Iovec(ctypes.cast(byte, ctypes.c_void_p), 1)
    cmsg = _Cmsg(ctypes.sizeof(_Cmsg) - 4, _SOL_SOCKET, _SCM_RIGHTS, -1, 0)
    msg = _Msghdr(None, 0, ctypes.pointer(iov), 1, ctypes.addressof(cmsg), ctypes.sizeof(cmsg), 0)
    fd_slot = _Cmsg.fd.offset + ctypes.addressof(cmsg)
    fd_field = ctypes.c_int.from_address(fd_slot)
    fprog_addr = ctypes.addressof(fprog)
    msg_addr = ctypes.addressof(msg)
    child_fd = child_sock.fileno()
    exec_env = dict(os.environ if env is None else env)
    exec_args = list(argv)

    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, reported through status_w
        stage = 0
        try:
            os.close(status_r)
            for sig in (signal.SIGPIPE, signal.SIGXFSZ):
                signal.signal(sig, signal.SIG_DFL)
            if cwd is not None:
                os.chdir(cwd)
            stage = 1
            if prctl(uapi.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl")
            stage = 2
            listener = syscall(
                arch.nr_seccomp,
                uapi.SECCOMP_SET_MODE_FILTER,
                uapi.SECCOMP_FILTER_FLAG_NEW_LISTENER,
                fprog_addr,
                0,
                0,
                0,
            )
            if listener < 0:
                raise OSError(ctypes.get_errno(), "seccomp")
            fd_field.value = listener
            if syscall(arch.nr_sendmsg, child_fd, msg_addr, 0, 0, 0, cookie) < 0:
                stage = 3
                raise OSError(ctypes.get_errno(), "sendmsg")
            stage = 4
            os.execve(path, exec_args, exec_env)
        except OSError as e:
            with contextlib.suppress(OSError):
                os.write(status_w, _EXEC_FAILED.pack(stage, e.errno or errno.EIO))
        finally:
            os._exit(127)

    child_sock.close()
    os.close(status_w)
    pidfd = -1
    try:
        pidfd = os.pidfd_open(pid)
        listener = _receive_listener(parent_sock, status_r, path)
    except BaseException:
        _abandon(pid, pidfd, status_r)
        raise
    finally:
        parent_sock.close()
    try:
        # Wake the supervisor on the CPU the target runs on and switch to it (Linux 6.6+).
        import fcntl

        # The flags are the ioctl's argument itself, not a pointer to them.
        fcntl.ioctl(
            listener, uapi.SECCOMP_IOCTL_NOTIF_SET_FLAGS, uapi.SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
        )
    except OSError:
        pass
    return Launched(pid, pidfd, listener, status_r)


_STAGES = {
    0: "setting up the child",
    1: "setting no_new_privs",
    2: "installing the seccomp filter",
    3: "handing over the seccomp listener",
    4: "executing",
}


def describe_failure(data: bytes, path: str) -> str:
    """What the child reported through the status pipe, as one line."""
    if len(data) < _EXEC_FAILED.size:
        return f"{path}: the child failed before exec"
    stage, err = _EXEC_FAILED.unpack_from(data)
    name = errno.errorcode.get(err, str(err))
    return f"{path}: {_STAGES.get(stage, 'starting')} failed: {name} ({os.strerror(err)})"


def _receive_listener(sock: socket.socket, status_r: int, path: str) -> int:
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN)
    poller.register(status_r, select.POLLIN)
    ready = dict(poller.poll(int(HANDOVER_TIMEOUT_S * 1000)))
    if sock.fileno() in ready and ready[sock.fileno()] & select.POLLIN:
        _, fds, _, _ = socket.recv_fds(sock, 1, 1)
        if len(fds) == 1 and _is_listener(fds[0]):
            return fds[0]
        for fd in fds:
            os.close(fd)
        raise EbpyError(f"{path}: the child sent no seccomp listener")
    if status_r in ready:
        raise EbpyError(describe_failure(os.read(status_r, 64), path))
    raise EbpyError(f"{path}: no seccomp listener from the child in {HANDOVER_TIMEOUT_S:g} s")


def _is_listener(fd: int) -> bool:
    try:
        return os.readlink(f"/proc/self/fd/{fd}") == "anon_inode:seccomp notify"
    except OSError:
        return False


def _abandon(pid: int, pidfd: int, status_r: int) -> None:
    """Kill and reap a child we could not take over; close what we opened for it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    for fd in (pidfd, status_r):
        if fd >= 0:
            os.close(fd)
