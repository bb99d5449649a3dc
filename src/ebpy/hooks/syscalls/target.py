"""The process a notification comes from: who it is (/proc) and its memory (process_vm_readv).

Both are read while the target waits in its system call; the supervisor checks afterwards that
the notification is still valid (SECCOMP_IOCTL_NOTIF_ID_VALID), which proves the pid still named
the same waiting task while we read.
"""

from __future__ import annotations

import ctypes
import os
from typing import Protocol

from ebpy.errors import MemoryFault
from ebpy.helpers.env import Task

PAGE = os.sysconf("SC_PAGE_SIZE")


def read_task(tid: int) -> Task | None:
    """pid, tgid, real uid/gid and comm of thread `tid`, or None when it is gone."""
    try:
        with open(f"/proc/{tid}/status", "rb") as f:
            status = f.read()
        with open(f"/proc/{tid}/comm", "rb") as f:
            comm = f.read()
    except OSError:
        return None
    tgid = uid = gid = -1
    for line in status.split(b"\n"):
        if line.startswith(b"Tgid:"):
            tgid = int(line.split()[1])
        elif line.startswith(b"Uid:"):
            uid = int(line.split()[1])  # real uid, as bpf_get_current_uid_gid reports
        elif line.startswith(b"Gid:"):
            gid = int(line.split()[1])
    if tgid < 0 or uid < 0 or gid < 0:
        return None
    return Task(tid, tgid, uid, gid, comm.rstrip(b"\n")[:15])


class TaskMirror(Protocol):
    """A copy of the cache somewhere else (the native loop's task table)."""

    def put(self, task: Task) -> None: ...
    def forget(self, tid: int) -> None: ...
    def clear(self) -> None: ...


class TaskCache:
    """Tasks by thread id. The supervisor forgets an entry when its task may have changed
    (execve, prctl, set*id) and everything when a new task may reuse an old id (clone, fork).
    A `mirror` gets every task handed out and every forget."""

    def __init__(self, mirror: TaskMirror | None = None) -> None:
        self._tasks: dict[int, Task] = {}
        self.mirror = mirror

    def get(self, tid: int) -> Task | None:
        task = self._tasks.get(tid)
        if task is None:
            task = read_task(tid)
            if task is None:
                return None
            self._tasks[tid] = task
        if self.mirror is not None:  # again on a hit: the mirror may have lost it
            self.mirror.put(task)
        return task

    def cached_task(self, tid: int) -> Task | None:
        """The cached task of `tid` (nothing read, nothing mirrored)."""
        return self._tasks.get(tid)

    def cached(self, tid: int) -> bool:
        return tid in self._tasks

    def forget(self, tid: int) -> None:
        self._tasks.pop(tid, None)
        if self.mirror is not None:
            self.mirror.forget(tid)

    def clear(self) -> None:
        self._tasks.clear()
        if self.mirror is not None:
            self.mirror.clear()


class _Iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class RemoteMemory:
    """Reads another process's memory with process_vm_readv (same permission as ptrace)."""

    def __init__(self, buffer_size: int = 4 * PAGE) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.process_vm_readv
        fn.restype = ctypes.c_ssize_t
        fn.argtypes = [
            ctypes.c_int,
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
        ]
        self._readv = fn
        self._buf = ctypes.create_string_buffer(buffer_size)
        self._local = _Iovec(ctypes.addressof(self._buf), buffer_size)
        self._remote = (_Iovec * (buffer_size // PAGE + 2))()
        self.pid = 0  # whose memory: set per notification
        self.reads = 0  # reads since the supervisor last looked (it validates after any)

    def __call__(self, address: int, size: int) -> bytes:
        """The readable prefix of [address, address+size) in process `pid` (MemoryFault if
        not even the first byte is). A read stops at the first page that is not mapped, as the
        kernel's copy_from_user does, so a string just before an unmapped page is found."""
        self.reads += 1
        if size <= 0:
            return b""
        if address <= 0 or address + size > 1 << 64:
            raise MemoryFault(-1, address, size, "user memory (bad address)")
        if size > len(self._buf):
            return self._read_large(address, size)
        count = self._split(self._remote, address, size)
        self._local.len = size
        got = self._readv(
            self.pid,
            ctypes.addressof(self._local),
            1,
            ctypes.addressof(self._remote),
            count,
            0,
        )
        if got <= 0:
            raise MemoryFault(-1, address, size, f"user memory of process {self.pid}")
        return ctypes.string_at(self._local.base, got)

    def _read_large(self, address: int, size: int) -> bytes:
        out = bytearray()
        while len(out) < size:
            step = min(len(self._buf) - PAGE, size - len(out))
            try:
                chunk = self(address + len(out), step)
            except MemoryFault:
                if out:
                    break
                raise
            out += chunk
            if len(chunk) < step:
                break
        return bytes(out)

    @staticmethod
    def _split(iov: ctypes.Array, address: int, size: int) -> int:
        """One remote iovec per page, so a fault ends the read at a page boundary."""
        count = 0
        end = address + size
        while address < end:
            stop = min(end, (address // PAGE + 1) * PAGE)
            iov[count].base = address
            iov[count].len = stop - address
            count += 1
            address = stop
        return count
