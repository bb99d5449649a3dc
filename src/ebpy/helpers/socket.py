"""Sockets programs can see, and the helpers that work on them.

A test run of an sk_buff program gets a socket behind its packet (`__sk_buff->sk`), as the
kernel's bpf_prog_test_run_skb gives one: a socket that was never bound or connected, whose
family and addresses come from the frame. `Sock` is that socket; its `struct bpf_sock` bytes
are what loads through the pointer read, and the helpers below answer from it.
"""

from __future__ import annotations

import itertools
import os
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ebpy.errors import MemoryFault, RuntimeFault
from ebpy.helpers.registry import helper
from ebpy.spec.contexts import BPF_SOCK, SK_BUFF
from ebpy.spec.types import ProgramType

P = ProgramType
TCP_TIME_WAIT = 6
TCP_CLOSE = 7
TCP_LISTEN = 10
TCP_NEW_SYN_RECV = 12
IPPROTO_TCP = 6
OVERFLOW_UID = 65534  # what bpf_get_socket_uid answers without a full socket
ROOT_CGROUP_ID = 1
SK_OFFSET = SK_BUFF.field("sk").offset
# Program types whose context is an sk_buff: bpf_get_socket_cookie and friends take one.
SKB_CONTEXT_TYPES = frozenset(
    {
        P.SOCKET_FILTER,
        P.SCHED_CLS,
        P.SCHED_ACT,
        P.CGROUP_SKB,
        P.LWT_IN,
        P.LWT_OUT,
        P.LWT_XMIT,
        P.LWT_SEG6LOCAL,
        P.SK_SKB,
    }
)

# sock_gen_cookie: one counter for every socket this process makes, a cookie given on first use.
_cookies = itertools.count(1)


@dataclass
class Sock:
    """One socket as programs see it. Addresses are in network byte order (packet bytes)."""

    family: int = 0
    src_ip4: bytes = bytes(4)
    dst_ip4: bytes = bytes(4)
    src_ip6: bytes = bytes(16)
    dst_ip6: bytes = bytes(16)
    bound_dev_if: int = 0
    type: int = 0
    protocol: int = 0
    mark: int = 0
    priority: int = 0
    src_port: int = 0  # host byte order
    dst_port: int = 0  # host byte order here; stored in network byte order
    state: int = TCP_CLOSE
    # -1: no receive queue recorded. The kernel gives a u16/u32 load of it as a 64-bit -1 (its
    # rewrite moves -1 into the register); plain memory gives 0xffff/0xffffffff (see
    # tests/test_skb_socket.py). Loads a C program does (an int compared with -1) agree.
    rx_queue_mapping: int = -1
    uid: int = 0  # sock_init_data without a struct socket: uid 0 in the socket's namespace
    cgroup: str | None = None  # cgroup v2 path of the task that made it; None: read on first use
    cookie: int = 0  # 0 until a program asks for one
    address: int = 0  # where its struct bpf_sock is mapped for the run in progress

    @property
    def full(self) -> bool:
        """sk_fullsock: everything but time-wait and request sockets."""
        return self.state not in (TCP_TIME_WAIT, TCP_NEW_SYN_RECV)

    def pack_into(self, buf: bytearray) -> None:
        """Write this socket's struct bpf_sock into `buf` (BPF_SOCK.size bytes)."""
        f = BPF_SOCK.field
        buf[: BPF_SOCK.size] = bytes(BPF_SOCK.size)
        for name in ("bound_dev_if", "family", "type", "protocol", "mark", "priority"):
            struct.pack_into("<I", buf, f(name).offset, getattr(self, name) & 0xFFFFFFFF)
        struct.pack_into("<I", buf, f("src_port").offset, self.src_port & 0xFFFF)
        struct.pack_into(">H", buf, f("dst_port").offset, self.dst_port & 0xFFFF)
        struct.pack_into("<I", buf, f("state").offset, self.state)
        struct.pack_into("<i", buf, f("rx_queue_mapping").offset, self.rx_queue_mapping)
        for name in ("src_ip4", "dst_ip4", "src_ip6", "dst_ip6"):
            start = f(name).offset
            value: bytes = getattr(self, name)
            buf[start : start + len(value)] = value

    def gen_cookie(self) -> int:
        if not self.cookie:
            self.cookie = next(_cookies)
        return self.cookie


# ---- finding the socket a program names ----------------------------------------------------------
def _sock_at(env: Any, address: int) -> Sock:
    """The socket whose struct bpf_sock is at `address` (the verifier lets only such pointers
    reach these helpers; an unverified program can pass anything)."""
    sock: Sock | None = getattr(env, "socket", None)
    if sock is None or not address or address != sock.address:
        raise MemoryFault(-1, address, 0, env.space.describe(address, 0), "not a socket")
    return sock


def _skb_sock(env: Any, ctx: int) -> Sock | None:
    """skb->sk of the sk_buff at `ctx`: None when the packet has no socket."""
    if env.prog_type not in SKB_CONTEXT_TYPES:
        name = env.prog_type.name.lower() if env.prog_type is not None else "this"
        raise RuntimeFault(f"socket helpers of {name} programs are not modelled by ebpy")
    address = int.from_bytes(env.read(ctx + SK_OFFSET, 8), "little")
    return _sock_at(env, address) if address else None


# ---- cgroups: the socket belongs to the cgroup of the task that made it -------------------------
def _own_cgroup() -> str:
    """This thread's cgroup v2 path ("/" for the root), from /proc."""
    try:
        text = Path("/proc/thread-self/cgroup").read_text()
    except OSError:
        return "/"
    for line in text.splitlines():
        if line.startswith("0::"):
            return line[3:].strip() or "/"
    return "/"  # no cgroup v2 hierarchy: sockets fall back to the default (root) cgroup


@cache
def _cgroup2_mount() -> str | None:
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split(" - ", 1)
        if len(fields) == 2 and fields[1].split()[0] == "cgroup2":
            return fields[0].split()[4]
    return None


def cgroup_id(path: str) -> int:
    """The id of a cgroup v2 (its directory's inode in cgroupfs; the root's is 1)."""
    if path == "/":
        return ROOT_CGROUP_ID
    mount = _cgroup2_mount()
    if mount is None:
        raise RuntimeFault(f"cgroup {path}: no cgroup2 file system is mounted to find its id")
    try:
        return os.stat(mount + path).st_ino
    except OSError as e:
        raise RuntimeFault(f"cgroup {path}: {e.strerror}") from None


def ancestor_cgroup_id(path: str, level: int) -> int:
    """cgroup_ancestor: the cgroup `level` steps below the root on the way to `path`, 0 when
    `path` is not that deep."""
    parts = [p for p in path.split("/") if p]
    if level < 0 or level > len(parts):
        return 0
    return cgroup_id("/" + "/".join(parts[:level]))


def _sock_cgroup(sock: Sock) -> str:
    # A test run's socket is made by this thread; its cgroup is read when first asked for.
    if sock.cgroup is None:
        sock.cgroup = _own_cgroup()
    return sock.cgroup


# ---- helpers -------------------------------------------------------------------------------------
def _int(v: int) -> int:
    """A C int argument (the low 32 bits of the register, signed)."""
    return ((v & 0xFFFFFFFF) ^ 0x80000000) - 0x80000000


@helper("bpf_sk_fullsock", SKB_CONTEXT_TYPES)
def sk_fullsock(env: Any, sk: int, *_: int) -> int:
    return sk if _sock_at(env, sk).full else 0


@helper("bpf_tcp_sock", SKB_CONTEXT_TYPES)
def tcp_sock(env: Any, sk: int, *_: int) -> int:
    sock = _sock_at(env, sk)
    if not sock.full or sock.protocol != IPPROTO_TCP:
        return 0
    raise RuntimeFault("bpf_tcp_sock: TCP sockets are not modelled by ebpy")


@helper("bpf_get_listener_sock", SKB_CONTEXT_TYPES)
def get_listener_sock(env: Any, sk: int, *_: int) -> int:
    sock = _sock_at(env, sk)
    # A full socket in TCP_LISTEN is a TCP listener, which the kernel frees by RCU.
    return sk if sock.full and sock.state == TCP_LISTEN else 0


@helper("bpf_get_socket_cookie", SKB_CONTEXT_TYPES)
def get_socket_cookie(env: Any, ctx: int, *_: int) -> int:
    sock = _skb_sock(env, ctx)
    return sock.gen_cookie() if sock is not None else 0


@helper("bpf_get_socket_uid", SKB_CONTEXT_TYPES)
def get_socket_uid(env: Any, ctx: int, *_: int) -> int:
    sock = _skb_sock(env, ctx)
    return sock.uid if sock is not None and sock.full else OVERFLOW_UID


@helper("bpf_skb_cgroup_id", SKB_CONTEXT_TYPES)
def skb_cgroup_id(env: Any, ctx: int, *_: int) -> int:
    sock = _skb_sock(env, ctx)
    return cgroup_id(_sock_cgroup(sock)) if sock is not None and sock.full else 0


@helper("bpf_skb_ancestor_cgroup_id", SKB_CONTEXT_TYPES)
def skb_ancestor_cgroup_id(env: Any, ctx: int, level: int, *_: int) -> int:
    sock = _skb_sock(env, ctx)
    if sock is None or not sock.full:
        return 0
    return ancestor_cgroup_id(_sock_cgroup(sock), _int(level))


@helper("bpf_sk_cgroup_id", SKB_CONTEXT_TYPES)
def sk_cgroup_id(env: Any, sk: int, *_: int) -> int:
    sock = _sock_at(env, sk)
    return cgroup_id(_sock_cgroup(sock)) if sock.full else 0


@helper("bpf_sk_ancestor_cgroup_id", SKB_CONTEXT_TYPES)
def sk_ancestor_cgroup_id(env: Any, sk: int, level: int, *_: int) -> int:
    sock = _sock_at(env, sk)
    return ancestor_cgroup_id(_sock_cgroup(sock), _int(level)) if sock.full else 0
