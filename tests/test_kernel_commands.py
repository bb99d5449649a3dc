"""Pinning, attaching, links, raw tracepoints, statistics and ids (ebpy.kernel.commands).

Network attachments happen in a private network namespace (this thread only), so nothing on
the host's interfaces changes; traffic is UDP to 127.0.0.1 inside it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import socket
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ebpy.errors import KernelError
from ebpy.isa import Instruction as I
from ebpy.isa import PseudoSrc
from ebpy.kernel import commands
from ebpy.kernel.commands import ObjectKind
from ebpy.kernel.maps import KernelMapFd, create_map
from ebpy.kernel.program import KernelProgram, load_program
from ebpy.spec.types import AttachType, MapType, ProgramType

pytestmark = pytest.mark.kernel

LIBC = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000
MNT_DETACH = 2
TCX_NEXT = -1


def counting(map_fd: int, prog_type: ProgramType, retval: int) -> KernelProgram:
    """A program that adds 1 to slot 0 of an array map and returns `retval`."""
    insns = [
        I(0x62, 10, 0, -4, 0),
        I(0xBF, 2, 10),
        I(0x07, 2, 0, 0, -4),
        I.lddw(1, map_fd, PseudoSrc.MAP_FD),
        I(0x85, 0, 0, 0, 1),
        I(0x15, 0, 0, 2, 0),
        I(0xB7, 1, 0, 0, 1),
        I(0xDB, 0, 1, 0, 0),  # lock *(u64 *)(r0 + 0) += r1
        I(0xB7, 0, 0, 0, retval),
        I(0x95),
    ]
    return load_program(insns, prog_type)


def count(m: KernelMapFd) -> int:
    return int(m[0])


@pytest.fixture
def counter() -> Iterator[KernelMapFd]:
    with create_map(MapType.ARRAY, 4, 8, 1) as m:
        yield m


# ---- network namespace ------------------------------------------------------------------------
def _set_lo_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(s, 0x8913, ifreq))[1]  # SIOCGIFFLAGS
        fcntl.ioctl(s, 0x8914, struct.pack("16sH14x", b"lo", flags | 1))  # SIOCSIFFLAGS IFF_UP


@pytest.fixture
def private_netns() -> Iterator[int]:
    """Move this thread into a new network namespace (with lo up); yields lo's ifindex."""
    saved = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        if LIBC.unshare(CLONE_NEWNET) != 0:
            pytest.skip(f"unshare(CLONE_NEWNET): {os.strerror(ctypes.get_errno())}")
        try:
            _set_lo_up()
            yield socket.if_nametoindex("lo")
        finally:
            if LIBC.setns(saved, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns back to the original network namespace")
    finally:
        os.close(saved)


def send_udp(n: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        for _ in range(n):
            s.sendto(b"ping", s.getsockname())


# ---- links on an interface ----------------------------------------------------------------------
def test_xdp_link_counts_update_and_detach(private_netns: int, counter: KernelMapFd) -> None:
    ifindex = private_netns
    with create_map(MapType.ARRAY, 4, 8, 1) as other:
        first = counting(counter.fileno(), ProgramType.XDP, 2)
        second = counting(other.fileno(), ProgramType.XDP, 2)
        with first, second, commands.link_create(first, ifindex, AttachType.XDP) as link:
            send_udp(3)
            assert count(counter) == 3
            with pytest.raises(KernelError) as info:  # one XDP link per interface
                commands.link_create(second, ifindex, AttachType.XDP)
            assert info.value.errno in (errno.EBUSY, errno.EEXIST)
            commands.link_update(link, second, old_prog=first)
            send_udp(2)
            assert (count(counter), count(other)) == (3, 2)
            with pytest.raises(KernelError) as info:  # BPF_F_REPLACE: `first` is not attached
                commands.link_update(link, first, old_prog=first)
            assert info.value.errno == errno.EPERM
            commands.link_detach(link)
            send_udp(2)
            assert (count(counter), count(other)) == (3, 2)


def test_tcx_link_and_query(private_netns: int, counter: KernelMapFd) -> None:
    ifindex = private_netns
    with counting(counter.fileno(), ProgramType.SCHED_CLS, TCX_NEXT) as prog:
        prog_id = prog.info().id
        with commands.link_create(prog, ifindex, AttachType.TCX_INGRESS):
            assert commands.prog_query(ifindex, AttachType.TCX_INGRESS) == [prog_id]
            send_udp(4)
            assert count(counter) == 4
        assert commands.prog_query(ifindex, AttachType.TCX_INGRESS) == []
        send_udp(1)
        assert count(counter) == 4


def test_link_to_missing_interface() -> None:
    with load_program([I(0xB7, 0, 0, 0, 2), I(0x95)], ProgramType.XDP) as prog:
        with pytest.raises(KernelError) as info:
            commands.link_create(prog, 0x7FFFFFF0, AttachType.XDP)
        assert info.value.errno == errno.EINVAL  # pinned: no such device is EINVAL here
        assert "creating link (XDP)" in str(info.value)


# ---- cgroups ------------------------------------------------------------------------------------
def _cgroup2_root() -> Path | None:
    with open("/proc/mounts") as f:
        for line in f:
            parts = line.split()
            if parts[2] == "cgroup2":
                return Path(parts[1])
    return None


@pytest.fixture
def cgroup_fd() -> Iterator[int]:
    root = _cgroup2_root()
    if root is None:
        pytest.skip("no cgroup2 mount")
    path = Path(tempfile.mkdtemp(prefix="ebpy-test-", dir=root))
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield fd
    finally:
        os.close(fd)
        path.rmdir()


def test_cgroup_prog_attach_query_detach(cgroup_fd: int) -> None:
    ok = [I(0xB7, 0, 0, 0, 1), I(0x95)]
    with (
        load_program(ok, ProgramType.CGROUP_SKB) as p1,
        load_program(ok, ProgramType.CGROUP_SKB) as p2,
    ):
        kind = AttachType.CGROUP_INET_INGRESS
        commands.prog_attach(p1, cgroup_fd, kind)
        assert commands.prog_query(cgroup_fd, kind) == [p1.info().id]
        # Without BPF_F_ALLOW_MULTI the slot holds one program: a second attach replaces it.
        commands.prog_attach(p2, cgroup_fd, kind)
        assert commands.prog_query(cgroup_fd, kind) == [p2.info().id]
        # Pinned: in this single-program mode detach ignores which program it names.
        commands.prog_detach(cgroup_fd, kind, p1)
        assert commands.prog_query(cgroup_fd, kind) == []
        with pytest.raises(KernelError) as info:
            commands.prog_detach(cgroup_fd, kind, p2)
        assert info.value.errno == errno.ENOENT
        assert "no program is attached" in str(info.value)


def test_cgroup_link(cgroup_fd: int) -> None:
    with load_program([I(0xB7, 0, 0, 0, 1), I(0x95)], ProgramType.CGROUP_SKB) as prog:
        kind = AttachType.CGROUP_INET_EGRESS
        with commands.link_create(prog, cgroup_fd, kind):
            assert commands.prog_query(cgroup_fd, kind) == [prog.info().id]
        assert commands.prog_query(cgroup_fd, kind) == []


# ---- raw tracepoints ------------------------------------------------------------------------------
def test_raw_tracepoint_counts_system_calls(counter: KernelMapFd) -> None:
    with counting(counter.fileno(), ProgramType.RAW_TRACEPOINT, 0) as prog:
        with commands.raw_tracepoint_open("sys_enter", prog):
            for _ in range(5):
                os.getppid()
            assert count(counter) >= 5
        # Closing the fd detached it: our own system calls no longer count.
        settled = count(counter)
        for _ in range(5):
            os.getppid()
        assert count(counter) == settled
        with pytest.raises(KernelError) as info:
            commands.raw_tracepoint_open("no_such_tracepoint_ebpy", prog)
        assert info.value.errno == errno.ENOENT


# ---- pinning ------------------------------------------------------------------------------------
@pytest.fixture
def bpffs() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="ebpy-bpffs-"))
    if LIBC.mount(b"bpf", bytes(path), b"bpf", 0, None) != 0:
        path.rmdir()
        pytest.skip(f"mount -t bpf: {os.strerror(ctypes.get_errno())}")
    try:
        yield path
    finally:
        LIBC.umount2(bytes(path), MNT_DETACH)
        path.rmdir()


def test_pin_and_get(bpffs: Path, tmp_path: Path) -> None:
    with create_map(MapType.HASH, 4, 4, 4, name="pinned") as m:
        pin = bpffs / "pinned"
        commands.obj_pin(m, pin)
        assert pin.exists()
        with KernelMapFd.from_fd(commands.obj_get(pin)) as again:
            again[1] = 2
            assert m[1] == 2
            assert again.name == "pinned"
        with pytest.raises(KernelError) as info:
            commands.obj_pin(m, pin)
        assert info.value.errno == errno.EEXIST
        with pytest.raises(KernelError) as info:
            commands.obj_pin(m, tmp_path / "not-bpffs")
        assert info.value.errno == errno.EPERM
        assert "BPF filesystem" in info.value.hint
        pin.unlink()
    with pytest.raises(KernelError) as info:
        commands.obj_get(pin)
    assert info.value.errno == errno.ENOENT
    assert "nothing is pinned" in str(info.value)


# ---- statistics, ids, binding -------------------------------------------------------------------
def test_enable_stats_counts_runs() -> None:
    with load_program([I(0xB7, 0, 0, 0, 2), I(0x95)], ProgramType.XDP) as prog:
        with commands.enable_stats():
            prog.test_run(bytes(14), repeat=10)
        info = prog.info()
        assert info.run_cnt >= 10
        assert info.run_time_ns > 0


def test_ids_and_fd_by_id() -> None:
    with create_map(MapType.ARRAY, 4, 4, 1, name="by_id") as m:
        map_id = m.info().id
        assert map_id in commands.ids(ObjectKind.MAP)
        with KernelMapFd.from_fd(commands.fd_by_id(ObjectKind.MAP, map_id)) as again:
            assert again.info().id == map_id and again.name == "by_id"
    with load_program([I(0xB7), I(0x95)], ProgramType.SOCKET_FILTER) as prog:
        prog_id = prog.info().id
        assert prog_id in commands.ids(ObjectKind.PROG)
        with commands.fd_by_id(ObjectKind.PROG, prog_id) as fd:
            assert fd.fileno() != prog.fileno()
    with pytest.raises(KernelError) as info:
        commands.fd_by_id(ObjectKind.MAP, 0x7FFFFFFF)
    assert info.value.errno == errno.ENOENT


def test_prog_bind_map_keeps_a_map_with_the_program() -> None:
    with load_program([I(0xB7), I(0x95)], ProgramType.SOCKET_FILTER) as prog:
        with create_map(MapType.ARRAY, 4, 4, 1) as m:
            map_id = m.info().id
            commands.prog_bind_map(prog, m)
        # Our fd is gone; the program's reference keeps the map alive.
        assert prog.info().map_ids == (map_id,)
        with contextlib.closing(commands.fd_by_id(ObjectKind.MAP, map_id)):
            pass
