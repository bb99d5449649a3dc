"""tracefs: where tracepoints are described (their ids) and where bpf_trace_printk writes.

tracefs lives at /sys/kernel/tracing (or under debugfs on old systems); when neither is
mounted and we may, it is mounted at /sys/kernel/tracing.
"""

from __future__ import annotations

import errno
import os
import re
import select
import time
from collections.abc import Iterator
from dataclasses import dataclass

from ebpy.errors import KernelError, LoadError
from ebpy.kernel.mounts import mount, statfs_type

TRACEFS = "/sys/kernel/tracing"
DEBUGFS_TRACING = "/sys/kernel/debug/tracing"
TRACEFS_MAGIC = 0x74726163
DEBUGFS_MAGIC = 0x64626720
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def tracefs_root(*, mount_if_missing: bool = True) -> str:
    """The tracefs directory; mounts tracefs at /sys/kernel/tracing when none is mounted."""
    for path in (TRACEFS, DEBUGFS_TRACING):
        if os.path.isdir(os.path.join(path, "events")):
            return path
    if mount_if_missing and os.path.isdir(TRACEFS) and statfs_type(TRACEFS) != TRACEFS_MAGIC:
        mount("tracefs", TRACEFS, "tracefs", what=f"mounting tracefs at {TRACEFS}")
        if os.path.isdir(os.path.join(TRACEFS, "events")):
            return TRACEFS
    raise KernelError(
        errno.ENOENT,
        "finding tracefs",
        f"tracefs is not mounted (mount -t tracefs nodev {TRACEFS})",
    )


def tracepoint_id(category: str, name: str) -> int:
    """The id of tracepoint `category/name` (events/<category>/<name>/id in tracefs)."""
    for part in (category, name):
        if not _NAME.match(part):
            raise LoadError(f"tracepoint {category}/{name}: {part!r} is not a tracepoint name")
    root = tracefs_root()
    path = os.path.join(root, "events", category, name, "id")
    try:
        with open(path) as f:
            return int(f.read().strip())
    except FileNotFoundError:
        raise LoadError(
            f"tracepoint {category}/{name} does not exist on this kernel (no {path}; "
            f"see {root}/available_events)"
        ) from None
    except (OSError, ValueError) as e:
        raise LoadError(f"tracepoint {category}/{name}: cannot read {path}: {e}") from None


@dataclass(frozen=True)
class TraceLine:
    """One line of trace_pipe, split like `bpftool prog tracelog` shows it."""

    task: str  # "python3-1234"
    cpu: int
    timestamp: float
    message: str  # the text after "bpf_trace_printk: "
    raw: str

    @property
    def pid(self) -> int | None:
        _, _, pid = self.task.rpartition("-")
        return int(pid) if pid.isdigit() else None


# "  python3-1234    [001] d..31  5.123456: bpf_trace_printk: hello"
_LINE = re.compile(r"^\s*(.+?)\s+\[(\d+)\]\s+\S+\s+([\d.]+):\s+(?:bpf_trace_printk:\s?)?(.*)$")


def parse_trace_line(raw: str) -> TraceLine | None:
    m = _LINE.match(raw)
    if m is None:
        return None
    return TraceLine(m.group(1), int(m.group(2)), float(m.group(3)), m.group(4), raw)


class TracePipe:
    """Reads trace_pipe (every bpf_trace_printk of the system, consumed on read).

    `lines(timeout)` yields parsed lines until `timeout` seconds pass without one; `close()`
    releases the pipe. Only one reader gets each line, as with `cat trace_pipe`.
    """

    def __init__(self) -> None:
        path = os.path.join(tracefs_root(), "trace_pipe")
        try:
            self._fd: int | None = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as e:
            raise KernelError(e.errno or errno.EIO, f"opening {path}") from None
        self._buf = b""

    @property
    def closed(self) -> bool:
        return self._fd is None

    def fileno(self) -> int:
        if self._fd is None:
            raise KernelError(errno.EBADF, "reading a closed trace pipe")
        return self._fd

    def lines(self, timeout: float | None = 0.0) -> Iterator[TraceLine]:
        """Lines as they come; stops after `timeout` seconds without one (None: never)."""
        while True:
            while b"\n" in self._buf:
                line, self._buf = self._buf.split(b"\n", 1)
                parsed = parse_trace_line(line.decode(errors="replace"))
                if parsed is not None:
                    yield parsed
            if not self._fill(timeout):
                return

    def _fill(self, timeout: float | None) -> bool:
        fd = self.fileno()
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                chunk = None
            if chunk:
                self._buf += chunk
                return True
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            select.select([fd], [], [], remaining)

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    def __enter__(self) -> TracePipe:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
