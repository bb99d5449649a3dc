"""The seccomp listener fd and its ioctls, with buffers allocated once per supervised command.

`receive()` waits in the SECCOMP_IOCTL_NOTIF_RECV ioctl itself (with the GIL released, as
every ctypes call into libc does) instead of polling first: one system call less per
notification. It returns when a notification arrives, when a signal interrupts it (EINTR),
or when no task uses the filter any more (ENOENT; `unused()` tells that apart from a caller
that went away before we read its notification). The notification stays in `notif` (the
native loop receives into the same buffer), `view` reads it without copying.
"""

from __future__ import annotations

import ctypes
import errno
import os
import select

from ebpy.hooks.syscalls import uapi

_libc = ctypes.CDLL(None, use_errno=True)
_ioctl = _libc.ioctl
_ioctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p]
_ioctl.restype = ctypes.c_int
_RECV = uapi.SECCOMP_IOCTL_NOTIF_RECV
_SEND = uapi.SECCOMP_IOCTL_NOTIF_SEND
_ID_VALID = uapi.SECCOMP_IOCTL_NOTIF_ID_VALID
_RESP = uapi.NOTIF_RESP


class Listener:
    """One listener fd (not owned: the caller closes it) and its preallocated buffers."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.notif = (ctypes.c_uint8 * uapi.NOTIF_SIZE)()
        self.resp = (ctypes.c_uint8 * _RESP.size)()
        self.view = memoryview(self.notif).cast("B")
        self._resp_view = memoryview(self.resp).cast("B")
        self._notif_at = ctypes.addressof(self.notif)
        self._resp_at = ctypes.addressof(self.resp)
        self._id = ctypes.c_uint64()
        self._id_at = ctypes.addressof(self._id)

    def receive(self) -> int:
        """Wait for a notification: 0 when one is in `notif`, else the errno."""
        ctypes.memset(self._notif_at, 0, uapi.NOTIF_SIZE)  # RECV wants a zeroed struct
        if _ioctl(self.fd, _RECV, self._notif_at) < 0:
            return ctypes.get_errno()
        return 0

    def send(self, nid: int, val: int, error: int, flags: int) -> None:
        """Answer notification `nid`; a caller that went away (ENOENT) is not an error."""
        _RESP.pack_into(self._resp_view, 0, nid, val, error, flags)
        if _ioctl(self.fd, _SEND, self._resp_at) < 0:
            err = ctypes.get_errno()
            if err != errno.ENOENT:  # ENOENT: the caller died or was interrupted
                raise OSError(err, os.strerror(err))

    def valid(self, nid: int) -> bool:
        """Is notification `nid` still waiting (its caller alive, in the same call)?"""
        self._id.value = nid
        if _ioctl(self.fd, _ID_VALID, self._id_at) < 0:
            err = ctypes.get_errno()
            if err == errno.ENOENT:
                return False
            raise OSError(err, os.strerror(err))
        return True

    def unused(self) -> bool:
        """No task uses the filter any more: nothing will ever be received again."""
        poller = select.poll()
        poller.register(self.fd, select.POLLIN)
        return any(ev & (select.POLLHUP | select.POLLERR) for _, ev in poller.poll(0))
