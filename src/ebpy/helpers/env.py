"""HelperEnv: everything a helper may touch while a program runs on a userspace engine."""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ebpy.errors import MemoryFault

M64 = (1 << 64) - 1


class RegionKind(Enum):
    """What a region of program-visible memory is (for fault messages and access rules)."""

    CTX = "context"
    PACKET = "packet"
    STACK = "stack"
    MAP_VALUE = "map value"
    GLOBAL_DATA = "global data"
    RINGBUF_RECORD = "ring buffer record"
    MEMORY = "memory"
    SCRATCH = "helper scratch"
    SOCKET = "socket"


class TailCall(Exception):
    """Raised by bpf_tail_call on success: the engine runs `program` next with the same ctx."""

    def __init__(self, program: Any, ctx: int) -> None:
        self.program = program
        self.ctx = ctx


@dataclass
class Task:
    """The process a hook runs for (bpf_get_current_pid_tgid, _uid_gid, _comm)."""

    pid: int  # thread id, the kernel's task->pid
    tgid: int  # process id
    uid: int
    gid: int
    comm: bytes  # up to 15 bytes

    @classmethod
    def current(cls) -> Task:
        """This Python process and thread."""
        try:
            with open("/proc/self/comm", "rb") as f:
                comm = f.read().strip()[:15]
        except OSError:
            comm = b"python"
        return cls(threading.get_native_id(), os.getpid(), os.getuid(), os.getgid(), comm)


@dataclass
class Redirect:
    """What bpf_redirect / bpf_redirect_map asked for (recorded; the hook acts on it)."""

    ifindex: int
    flags: int
    map: Any = None
    key: int | None = None


@dataclass
class TraceLog:
    """bpf_trace_printk output: kept, readable, optionally echoed somewhere."""

    lines: list[str] = field(default_factory=list)
    echo: Callable[[str], None] | None = None
    limit: int = 10_000

    def write(self, line: str) -> None:
        if len(self.lines) >= self.limit:
            del self.lines[: self.limit // 2]
        self.lines.append(line)
        if self.echo is not None:
            self.echo(line)

    def take(self) -> list[str]:
        out, self.lines = self.lines, []
        return out


class HelperEnv:
    """State shared by the helpers of one collection; per-run parts are set by the runner."""

    def __init__(self, space: Any, state: Any, ncpu: int = 1) -> None:
        self.space = space  # AddressSpace (interp) or NativeSpace (jit)
        self.state = state  # ExecState: call depth, tail calls, per-run extras
        self.ncpu = ncpu
        self.cpu = 0
        self.task = Task.current()
        self.trace = TraceLog()
        self.rng = random.Random()
        self._maps_by_address: dict[int, Any] = {}
        self._address_of_map: dict[int, int] = {}
        self.programs: dict[int, Any] = {}  # program handle -> runnable, for tail calls
        # Per run:
        self.packet: Any = None  # runtime.packet.PacketBuffer
        self.socket: Any = None  # helpers.socket.Sock behind the packet (__sk_buff->sk), if any
        self.ctx_addr = 0
        self.prog_type: Any = None
        self.redirect: Redirect | None = None
        self.call_function: Callable[..., int] | None = None  # call a function of the program
        # Reading another process's memory (supervised system calls); None: our address space.
        # Returns the readable prefix of the range (shorter when it runs into unmapped memory)
        # or raises MemoryFault when nothing is readable.
        self.user_memory: Callable[[int, int], bytes] | None = None

    # ---- maps -------------------------------------------------------------------------------
    def register_map(self, m: Any, address: int) -> None:
        self._maps_by_address[address] = m
        self._address_of_map[id(m)] = address

    def map_at(self, address: int) -> Any:
        m = self._maps_by_address.get(address)
        if m is None:
            raise MemoryFault(-1, address, 0, "not a map pointer")
        return m

    def address_of_map(self, m: Any) -> int:
        address = self._address_of_map.get(id(m))
        if address is None:
            raise MemoryFault(-1, 0, 0, f"map {getattr(m, 'name', '?')} is not loaded here")
        return address

    # ---- memory -----------------------------------------------------------------------------
    def read(self, address: int, size: int) -> bytes:
        return bytes(self.space.read(address, size)) if size else b""

    def write(self, address: int, data: bytes) -> None:
        if data:
            self.space.write(address, data)

    def read_user(self, address: int, size: int) -> bytes:
        if self.user_memory is not None:
            return self.user_memory(address, size)
        return self.read(address, size)
