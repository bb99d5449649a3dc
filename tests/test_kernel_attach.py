"""Attaching kernel programs (ebpy.kernel.attach, Link) and reading their events (ring buffers,
perf event arrays), with real traffic and real system calls:

- XDP on a veth pair between two network namespaces the test creates (addresses only inside
  them), counting and dropping UDP datagrams sent across it;
- a tracepoint, a raw tracepoint and a BTF tracepoint counting this thread's system calls;
- uprobes and uretprobes on a binary compiled here, with and without a pid filter;
- a cgroup/connect4 program balancing connections of a process in a child cgroup;
- socket filters, tcx and sk_lookup in a private network namespace;
- hooks this kernel lacks (kprobes, fentry, LSM) failing with one clear message.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import errno
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import CACHE, ROOT, TEST_PROGRAMS

import ebpy
from ebpy.btf import load_vmlinux
from ebpy.errors import KernelError, LoadError
from ebpy.kernel import KernelCollection
from ebpy.kernel.attach import Targets, attach, needs
from ebpy.kernel.link import BpfLink, LinkInfo, SocketFilterLink
from ebpy.kernel.perf_buffer import DATA_HEAD, DATA_OFFSET, DATA_SIZE, DATA_TAIL
from ebpy.kernel.perf_event import PerfEventAttr
from ebpy.kernel.uapi import LinkType
from ebpy.kernel.uprobe import parse_target, resolve

pytestmark = pytest.mark.kernel

KERNEL = TEST_PROGRAMS / "kernel"
LIBC = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000


def load(compile_bpf, name: str, **options) -> KernelCollection:
    spec = ebpy.load_spec(compile_bpf((KERNEL / f"{name}.c").read_text(), name))
    constants = options.pop("constants", {})
    for key, value in constants.items():
        spec.constants[key] = value
    return spec.load(engine="kernel", **options)


# ---- network namespaces -------------------------------------------------------------------------------
@contextlib.contextmanager
def in_netns(path: str) -> Iterator[None]:
    """Run this thread in the network namespace at `path`, then come back."""
    saved = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    target = os.open(path, os.O_RDONLY)
    try:
        if LIBC.setns(target, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {path}")
        yield
    finally:
        os.close(target)
        if LIBC.setns(saved, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns back")
        os.close(saved)


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


@pytest.fixture
def veth_pair() -> Iterator[tuple[str, str]]:
    """Namespaces A and B joined by a veth (a0 10.199.0.1 <-> b0 10.199.0.2); yields their
    /run/netns paths. Removed afterwards, with everything in them."""
    if shutil.which("ip") is None:
        pytest.skip("iproute2 (ip) is not installed")
    a, b = f"ebpy-{os.getpid()}-a", f"ebpy-{os.getpid()}-b"
    try:
        ip("netns", "add", a)
        ip("netns", "add", b)
        ip("link", "add", "a0", "netns", a, "type", "veth", "peer", "name", "b0", "netns", b)
        for ns, dev, addr in ((a, "a0", "10.199.0.1/24"), (b, "b0", "10.199.0.2/24")):
            ip("-n", ns, "addr", "add", addr, "dev", dev)
            ip("-n", ns, "link", "set", dev, "up")
            ip("-n", ns, "link", "set", "lo", "up")
        yield f"/run/netns/{a}", f"/run/netns/{b}"
    finally:
        for ns in (a, b):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)


@pytest.fixture
def private_netns() -> Iterator[str]:
    """This thread in a new network namespace with lo up; yields the namespace's path."""
    saved = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        if LIBC.unshare(CLONE_NEWNET) != 0:
            pytest.skip(f"unshare(CLONE_NEWNET): {os.strerror(ctypes.get_errno())}")
        try:
            netns = f"/proc/{os.getpid()}/task/{threading.get_native_id()}/ns/net"
            subprocess.run(  # ip runs in our (the thread's) namespace
                ["nsenter", f"--net={netns}", "ip", "link", "set", "lo", "up"],
                check=True,
                capture_output=True,
            )
            yield "/proc/thread-self/ns/net"
        finally:
            LIBC.setns(saved, CLONE_NEWNET)
    finally:
        os.close(saved)


def udp_across(ns_from: str, ns_to: str, port: int, count: int) -> int:
    """Send `count` datagrams from namespace A to 10.199.0.2:port in B; how many arrived."""
    with in_netns(ns_to):
        rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with in_netns(ns_from):
        tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with rx, tx:
        rx.bind(("10.199.0.2", port))
        rx.settimeout(0.5)
        for i in range(count):
            tx.sendto(b"x%d" % i, ("10.199.0.2", port))
        got = 0
        with contextlib.suppress(TimeoutError):
            while got < count:
                rx.recv(64)
                got += 1
                rx.settimeout(0.2)
        return got


# ---- XDP on a veth between two namespaces ---------------------------------------------------------------
@pytest.mark.parametrize("mode", ["native", "generic"])
def test_xdp_counts_and_drops_real_packets(compile_bpf, veth_pair, mode: str) -> None:
    ns_a, ns_b = veth_pair
    with load(compile_bpf, "xdp_count") as coll:
        with in_netns(ns_b):
            link = coll.programs["xdp_count"].attach(iface="b0", xdp_mode=mode)
        assert isinstance(link, BpfLink) and link.kind == "xdp" and "b0" in link.target
        assert link.info().type == LinkType.XDP
        assert link.info().prog_id == coll.programs["xdp_count"].info().id
        assert udp_across(ns_a, ns_b, 9000, 5) == 5
        assert coll.maps["by_proto"][17] == 5
        # Drop datagrams to port 9001 by writing the program's .bss from Python.
        coll.variables["drop_port"] = 9001
        assert udp_across(ns_a, ns_b, 9001, 4) == 0
        assert coll.variables["dropped"] == 4 and coll.maps["by_proto"][17] == 9
        assert udp_across(ns_a, ns_b, 9000, 2) == 2
        link.close()
        assert udp_across(ns_a, ns_b, 9001, 3) == 3  # detached: nothing counts or drops
        assert coll.maps["by_proto"][17] == 11
        assert coll.links == [link]


def test_xdp_link_pinned_outlives_its_fd(compile_bpf, veth_pair) -> None:
    ns_a, ns_b = veth_pair
    pin = f"/sys/fs/bpf/ebpy-link-{os.getpid()}"
    with load(compile_bpf, "xdp_count") as coll:
        with in_netns(ns_b):
            link = coll.attach_all(iface=socket.if_nametoindex("b0"))[0]  # by index
        assert link.target.startswith("b0 (ifindex ")
        try:
            link.pin(pin)
            link.close()  # the pin keeps the attachment
            coll.variables["drop_port"] = 9002
            assert udp_across(ns_a, ns_b, 9002, 2) == 0
            link.unpin()
            assert not os.path.exists(pin)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(pin)
        # The last reference went with the pin; the kernel detaches in a work item.
        assert any(udp_across(ns_a, ns_b, 9002, 1) == 1 for _ in range(20))


def test_attach_errors_name_what_is_missing(compile_bpf) -> None:
    with load(compile_bpf, "xdp_count") as coll:
        prog = coll.programs["xdp_count"]
        assert needs(prog) == "iface"
        with pytest.raises(LoadError, match="needs iface="):
            prog.attach()
        with pytest.raises(LoadError, match="cannot attach every program: xdp_count needs iface="):
            coll.attach_all()
        with pytest.raises(LoadError, match="no interface named 'nope0'"):
            prog.attach(iface="nope0")
        with pytest.raises(LoadError, match="unknown XDP mode"):
            prog.attach(iface="lo", xdp_mode="turbo")
        with pytest.raises(LoadError, match="unknown attach option"):
            prog.attach(interface="lo")
        assert coll.links == []
    with pytest.raises(LoadError):
        Targets.from_options({"colour": 1})


# ---- tracing ---------------------------------------------------------------------------------------------
def test_tracepoint_counts_this_threads_openat_calls(compile_bpf) -> None:
    tid = threading.get_native_id()
    with load(
        compile_bpf, "tracing", programs=["count_openat"], constants={"target_tid": tid}
    ) as coll:
        (link,) = coll.attach_all()
        assert link.kind == "tracepoint" and link.target == "syscalls/sys_enter_openat"
        assert link.info().type == LinkType.PERF_EVENT
        for _ in range(25):
            os.close(os.open("/proc/self/stat", os.O_RDONLY))  # one openat each
        assert coll.variables["openat_calls"] == 25
        link.close()
        os.close(os.open("/proc/self/stat", os.O_RDONLY))
        assert coll.variables["openat_calls"] == 25


def test_raw_and_btf_tracepoints_count_getppid(compile_bpf) -> None:
    if os.uname().machine != "x86_64":
        pytest.skip("the syscall number below is x86_64's")
    tid = threading.get_native_id()
    constants = {"target_tid": tid, "watched_syscall": 110}  # __NR_getppid
    with load(
        compile_bpf, "tracing", programs=["count_raw", "count_btf"], constants=constants
    ) as coll:
        links = coll.attach_all()
        assert [link.kind for link in links] == ["raw_tracepoint", "tracing"]
        for _ in range(7):
            os.getppid()
        assert coll.variables["raw_calls"] == 7
        assert coll.variables["btf_calls"] == 7
        assert links[0].info().type == LinkType.RAW_TRACEPOINT
    with (
        load(compile_bpf, "tracing", programs=["count_raw"]) as coll,
        pytest.raises(LoadError, match="does not exist"),
    ):
        coll.programs["count_raw"].attach(tracepoint="no_such_tracepoint")


def test_tracepoint_errors(compile_bpf) -> None:
    with load(compile_bpf, "tracing", programs=["count_openat"]) as coll:
        prog = coll.programs["count_openat"]
        with pytest.raises(LoadError, match="does not exist on this kernel"):
            prog.attach(tracepoint="syscalls/sys_enter_nothing")
        with pytest.raises(LoadError, match="expected CATEGORY/NAME"):
            prog.attach(tracepoint="sys_enter_openat")


def test_tracepoint_through_the_ioctl_on_older_kernels(compile_bpf, monkeypatch) -> None:
    """Kernels before 5.15 have no perf event links: PERF_EVENT_IOC_SET_BPF instead."""
    from ebpy.kernel.attach import trace
    from ebpy.kernel.link import PerfEventIoctlLink

    def no_perf_links(*args, **kwargs):
        raise KernelError(errno.EINVAL, "creating link (PERF_EVENT)")

    monkeypatch.setattr(trace, "link_create", no_perf_links)
    tid = threading.get_native_id()
    with load(
        compile_bpf, "tracing", programs=["count_openat"], constants={"target_tid": tid}
    ) as coll:
        (link,) = coll.attach_all()
        assert isinstance(link, PerfEventIoctlLink)
        with pytest.raises(LoadError, match="cannot be pinned"):
            link.pin("/sys/fs/bpf/nope")
        for _ in range(3):
            os.close(os.open("/proc/self/stat", os.O_RDONLY))
        link.close()
        os.close(os.open("/proc/self/stat", os.O_RDONLY))
        assert coll.variables["openat_calls"] == 3


def test_trace_pipe_shows_bpf_trace_printk(compile_bpf) -> None:
    magic = 424242 + os.getpid()
    source = (
        '#include "bpf_helpers.h"\n'
        'SEC("xdp") int hello(struct xdp_md *ctx)\n'
        f'{{ char fmt[] = "ebpy-trace %d"; bpf_trace_printk(fmt, sizeof(fmt), {magic}); return 2; }}\n'
        'char _license[] SEC("license") = "GPL";\n'
    )
    with ebpy.load_spec(compile_bpf(source, "trace_hello")).load(engine="kernel") as coll:
        with coll.trace_pipe() as pipe:
            coll.programs["hello"].test_run(bytes(64))
            found = next(m for m in pipe.lines(timeout=10) if m.message == f"ebpy-trace {magic}")
            assert found.pid == os.getpid() and found.cpu >= 0
        assert pipe.closed


# ---- uprobes ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def uprobe_binary() -> Path:
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed")
    if os.uname().machine != "x86_64":
        pytest.skip("the test programs read x86_64 pt_regs")
    source = (KERNEL / "uprobe_target.c").read_text()
    out = CACHE / f"uprobe_target-{hashlib.sha256(source.encode()).hexdigest()[:16]}"
    if not out.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        src = out.with_suffix(".c")
        src.write_text(source)
        tmp = out.with_suffix(f".{os.getpid()}.tmp")
        subprocess.run(["gcc", "-O1", "-g", "-o", str(tmp), str(src)], check=True)
        tmp.replace(out)
    return out


def start(binary: Path, n: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(binary), str(n)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def finish(proc: subprocess.Popen[str]) -> int:
    out, _ = proc.communicate("go\n", timeout=10)
    return int(out)


def test_uprobe_symbol_offsets_from_the_elf(uprobe_binary: Path) -> None:
    target = resolve(str(uprobe_binary), "add")
    nm = subprocess.run(["nm", str(uprobe_binary)], capture_output=True, text=True)
    if nm.returncode == 0:  # cross-check the address (this is a PIE: offset == address)
        (addr,) = [
            int(line.split()[0], 16) for line in nm.stdout.splitlines() if line.endswith(" add")
        ]
        assert target.offset == addr
    with open(uprobe_binary, "rb") as f:
        f.seek(target.offset)
        assert f.read(1) != b""  # inside the file
    assert resolve(str(uprobe_binary), "add", 4).offset == target.offset + 4
    assert parse_target("/bin/x:main+0x10") == ("/bin/x", "main", 16)
    with pytest.raises(LoadError, match=r"no function 'ad'.*did you mean add"):
        resolve(str(uprobe_binary), "ad")
    with pytest.raises(LoadError, match="not an ELF"):
        resolve(str(KERNEL / "uprobe.c"), "add")
    with pytest.raises(LoadError, match="cannot find"):
        resolve("no-such-binary-here", "main")


def test_uprobe_and_uretprobe_with_a_pid_filter(compile_bpf, uprobe_binary: Path) -> None:
    n = 40
    with load(compile_bpf, "uprobe") as coll:
        watched = start(uprobe_binary, n)
        other = start(uprobe_binary, 5)
        try:
            for name in ("on_add", "on_add_return"):
                link = coll.programs[name].attach(
                    binary=str(uprobe_binary), symbol="add", pid=watched.pid
                )
                assert f"pid {watched.pid}" in link.target
            assert coll.links[1].kind == "uretprobe"
            assert finish(other) == sum(range(5)) + 5 * 7  # not watched
            assert finish(watched) == sum(range(n)) + n * 7
        finally:
            for proc in (watched, other):
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        v = coll.variables
        assert (v["calls"], v["arg_sum"]) == (n, sum(range(n)))
        assert (v["returns"], v["ret_sum"]) == (n, sum(range(n)) + 7 * n)


def test_uprobe_from_the_section_name(compile_bpf, uprobe_binary: Path) -> None:
    # A copy of its own (uprobes follow the inode), so other tests running the binary at the
    # same time in other workers are not counted by this system-wide probe.
    binary = uprobe_binary.with_name(uprobe_binary.name + "-section")
    if not binary.exists():
        tmp = binary.with_suffix(f".{os.getpid()}.tmp")
        shutil.copy2(uprobe_binary, tmp)
        tmp.replace(binary)
    source = (
        (KERNEL / "uprobe.c").read_text().replace('SEC("uprobe")', f'SEC("uprobe/{binary}:add")')
    )
    spec = ebpy.load_spec(compile_bpf(source, "uprobe_section"))
    with spec.load(engine="kernel", programs=["on_add"]) as coll:
        (link,) = coll.attach_all()  # every process running the binary
        assert link.target == f"{binary}:add"
        assert finish(start(binary, 9)) == sum(range(9)) + 63
        assert coll.variables["calls"] == 9


# ---- cgroup connect4: connect-time load balancing --------------------------------------------------------
@pytest.fixture
def child_cgroup() -> Iterator[Path]:
    from ebpy.kernel.attach import cgroup2_root

    try:
        root = Path(cgroup2_root())
    except LoadError as e:
        pytest.skip(str(e))
    path = root / f"ebpy-test-{os.getpid()}"
    path.mkdir()
    try:
        yield path
    finally:
        for _ in range(50):  # the client may still be leaving the cgroup
            try:
                path.rmdir()
                break
            except OSError:
                time.sleep(0.02)


def be32(addr: str) -> int:
    """An IPv4 address as the u32 a bpf_sock_addr field holds (network order in memory)."""
    return int.from_bytes(socket.inet_aton(addr), "little")


def be16(port: int) -> int:
    return int.from_bytes(port.to_bytes(2, "big"), "little")


def test_connect4_sends_the_service_address_to_a_backend(compile_bpf, child_cgroup: Path) -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.sendall(b"backend\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    constants = {
        "service_ip": be32("10.99.99.99"),
        "service_port": be16(80),
        "backend_ip": be32("127.0.0.1"),
        "backend_port": be16(port),
    }
    client = (
        "import socket; s = socket.create_connection(('10.99.99.99', 80), timeout=5); "
        "print(s.recv(64).decode().strip())"
    )
    with server, load(compile_bpf, "connect4", constants=constants) as coll:
        link = coll.programs["lb_connect4"].attach(cgroup=str(child_cgroup))
        assert link.kind == "cgroup" and "cgroup_inet4_connect" in link.target
        proc = subprocess.run(
            [
                "sh",
                "-c",
                f'echo $$ > {child_cgroup}/cgroup.procs && exec "$0" -c "$1"',
                sys.executable,
                client,
            ],
            capture_output=True,
            text=True,
            timeout=20,
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == "backend"
        assert coll.variables["rewrites"] == 1
        # This process is not in the cgroup: its connects are not rewritten.
        with socket.socket() as s:
            s.settimeout(0.2)
            with contextlib.suppress(OSError):
                s.connect(("10.99.99.99", 80))
        assert coll.variables["rewrites"] == 1
    thread.join(timeout=5)


def test_cgroup_attach_errors(compile_bpf, tmp_path: Path) -> None:
    with load(compile_bpf, "connect4") as coll:
        prog = coll.programs["lb_connect4"]
        assert needs(prog) == "cgroup"
        with pytest.raises(LoadError, match="not a cgroup v2 folder"):
            prog.attach(cgroup=str(tmp_path))
        with pytest.raises(LoadError, match="No such file"):
            prog.attach(cgroup=str(tmp_path / "missing"))


# ---- socket filters, tcx and sk_lookup in a private namespace ------------------------------------------
def test_socket_filter_attach_detach_and_drop(compile_bpf) -> None:
    with load(compile_bpf, "net_hooks", programs=["count_socket", "drop_socket"]) as coll:
        with (
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx,
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx,
        ):
            rx.bind(("127.0.0.1", 0))
            rx.settimeout(0.3)
            dest = rx.getsockname()
            link = coll.programs["count_socket"].attach(sock=rx)
            assert isinstance(link, SocketFilterLink)
            for _ in range(3):
                tx.sendto(b"abc", dest)
                assert rx.recv(16) == b"abc"
            assert coll.variables["filtered"] == 3
            link.close()
            tx.sendto(b"def", dest)
            assert rx.recv(16) == b"def"
            assert coll.variables["filtered"] == 3
            with pytest.raises(LoadError, match="cannot be pinned"):
                link.pin("/sys/fs/bpf/nope")
            with coll.programs["drop_socket"].attach(sock=rx.fileno()):
                tx.sendto(b"ghi", dest)
                with pytest.raises(TimeoutError):
                    rx.recv(16)
            tx.sendto(b"jkl", dest)
            assert rx.recv(16) == b"jkl"
        not_a_socket = os.open("/dev/null", os.O_RDONLY)
        try:
            with pytest.raises(KernelError) as info:
                coll.programs["count_socket"].attach(sock=not_a_socket)
            assert info.value.errno == errno.ENOTSOCK
        finally:
            os.close(not_a_socket)


def send_udp_local(count: int, port: int = 0) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx:
        rx.bind(("127.0.0.1", port))
        rx.settimeout(0.5)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
            for _ in range(count):
                tx.sendto(b"x", rx.getsockname())
        for _ in range(count):
            rx.recv(8)
        return rx.getsockname()[1]


def test_tcx_ingress_and_sk_lookup(compile_bpf, private_netns: str) -> None:
    port = 9123
    with load(
        compile_bpf,
        "net_hooks",
        programs=["tc_count", "count_lookups"],
        constants={"lookup_port": port},
    ) as coll:
        links = coll.attach_all(iface="lo", netns=private_netns)
        assert [link.kind for link in links] == ["tcx", "netns"]
        assert "lo" in links[0].target and "ingress" in links[0].target
        assert links[1].info().type == LinkType.NETNS
        send_udp_local(4, port)
        assert coll.variables["tc_packets"] == 4
        assert coll.variables["lookups"] == 4
        for link in links:
            link.close()
        send_udp_local(2, port)
        assert (coll.variables["tc_packets"], coll.variables["lookups"]) == (4, 4)


# ---- hooks this kernel lacks -----------------------------------------------------------------------------
def test_unavailable_hooks_say_so(compile_bpf) -> None:
    spec = ebpy.load_spec(compile_bpf((KERNEL / "unavailable.c").read_text(), "unavailable"))
    with spec.load(engine="kernel", programs=["on_kprobe"]) as coll:
        if os.path.exists("/sys/bus/event_source/devices/kprobe"):
            pytest.skip("this kernel has kprobes")
        with pytest.raises(LoadError, match="kprobes are not available on this kernel"):
            coll.attach_all()
    for name, kind in (("on_fentry", "fentry"), ("on_fexit", "fexit"), ("on_lsm", "lsm")):
        try:
            coll = spec.load(engine="kernel", programs=[name])
        except LoadError as e:
            assert f"{kind} programs are not available on this kernel" in str(e)
            assert "EPERM" in str(e)
        else:  # a kernel with trampolines / the BPF LSM
            coll.close()


# ---- ring buffers and perf event arrays --------------------------------------------------------------------
def test_ring_buffer_records_callbacks_and_decoding(compile_bpf) -> None:
    with load(compile_bpf, "events", programs=["ring"]) as coll:
        raw = coll.ring_buffer("events")
        typed = coll.ring_buffer("events", "struct event")
        assert typed.read() == []  # nothing yet, no wait
        coll.programs["ring"].test_run(bytes(60), repeat=3)
        records = typed.read()
        assert [(r.seq, r.len, r.magic) for r in records] == [(i, 60, 0xEB9F00D) for i in range(3)]
        assert raw.read() == []  # one consumer position: the records are gone
        coll.programs["ring"].test_run(bytes(64), repeat=2)
        seen = []
        assert raw.poll(seen.append, timeout=1) == 2
        assert len(seen[0]) == 16 and int.from_bytes(seen[0][:4], "little") == 3
        assert raw.poll(seen.append, timeout=0.05) == 0  # timeout, nothing there

        def later() -> None:
            time.sleep(0.05)
            coll.programs["ring"].test_run(bytes(61))

        threading.Thread(target=later).start()
        record = next(typed.stream(timeout=10))  # woken by epoll
        assert record.len == 61
        with pytest.raises(LoadError, match="record type 'nope'"):
            coll.ring_buffer("events", "nope")


def test_ring_buffer_fills_and_recovers(compile_bpf) -> None:
    with load(compile_bpf, "events", programs=["ring"]) as coll:
        reader = coll.ring_buffer("events")
        coll.programs["ring"].test_run(bytes(64), repeat=5000)  # 64 KiB holds 2730 records
        got = len(reader.read())
        assert got + coll.variables["full"] == 5000 and 2000 < got < 5000
        coll.programs["ring"].test_run(bytes(64), repeat=10)
        assert len(reader.read()) == 10


def test_ring_buffer_in_asyncio(compile_bpf) -> None:
    with load(compile_bpf, "events", programs=["ring"]) as coll:
        reader = coll.ring_buffer("events", "event")

        async def main() -> list[int]:
            loop = asyncio.get_running_loop()
            produce = loop.run_in_executor(
                None,
                lambda: [
                    coll.programs["ring"].test_run(bytes(64))
                    for _ in range(5)
                    if not time.sleep(0.01)
                ],
            )
            out = []
            async for record in reader:
                out.append(record.seq)
                if len(out) == 5:
                    break
            await produce
            return out

        assert asyncio.run(asyncio.wait_for(main(), 10)) == [0, 1, 2, 3, 4]


def test_perf_event_array_samples_and_lost_records(compile_bpf) -> None:
    # One CPU for every run: the kernel writes a LOST record into the ring of the CPU that
    # lost samples, when that CPU next writes one.
    affinity = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(affinity)})
    try:
        _perf_samples_and_lost_records(compile_bpf)
    finally:
        os.sched_setaffinity(0, affinity)


def _perf_samples_and_lost_records(compile_bpf) -> None:
    lost_calls = []
    with load(compile_bpf, "events", programs=["perf"]) as coll:
        perf = coll.perf_buffer(
            "perf_events", "struct event", pages=1, lost=lambda cpu, n: lost_calls.append(n)
        )
        assert perf.cpus and set(perf.cpus) <= set(range(coll.maps["perf_events"].max_entries))
        coll.programs["perf"].test_run(bytes(70), repeat=3)
        samples = list(perf.samples())
        assert [(s.data.seq, s.data.len) for s in samples] == [(0, 70), (1, 70), (2, 70)]
        # One page holds about 127 32-byte samples: the rest are lost, and the kernel says
        # how many in a LOST record written once there is room again.
        coll.programs["perf"].test_run(bytes(70), repeat=1000)
        first = len(perf.read())
        assert 100 < first < 1000 and perf.lost == 0
        coll.programs["perf"].test_run(bytes(70))
        assert len(perf.read()) == 1
        assert perf.lost == 1000 - first and lost_calls == [1000 - first]
        got = []
        threading.Thread(
            target=lambda: (time.sleep(0.05), coll.programs["perf"].test_run(bytes(70)))
        ).start()
        assert perf.poll(got.append, timeout=10) == 1 and got[0].len == 70


# ---- the CLI: ebpy load --------------------------------------------------------------------------------------
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_ebpy_load_streams_maps_then_cleans_up(compile_bpf, stop: int) -> None:
    obj = compile_bpf((KERNEL / "tracing.c").read_text(), "tracing")
    cmd = [sys.executable, "-m", "ebpy", "load", str(obj), "--program", "count_openat", "--attach"]
    cmd += ["--maps", "--interval", "0.2", "--json", "--set", "target_tid=1"]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        lines = []
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(json.loads(line))
            if lines[-1]["event"] == "maps":
                break
        proc.send_signal(stop)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    lines += [json.loads(line) for line in out.splitlines()]
    loaded = lines[0]
    assert loaded["event"] == "loaded" and loaded["programs"][0]["name"] == "count_openat"
    prog_id = loaded["programs"][0]["id"]
    assert lines[1] == {
        "event": "attached",
        "links": [
            {"program": "count_openat", "kind": "tracepoint", "target": "syscalls/sys_enter_openat"}
        ],
    }
    maps = {m["name"]: m for m in lines[2]["maps"]}
    assert maps[".rodata"]["entries"][0] == {"key": "target_tid", "value": 1}
    assert lines[-1]["event"] == "exit"
    # Everything was closed: the program is gone from the kernel.
    from ebpy.kernel.commands import ObjectKind, ids

    assert prog_id not in ids(ObjectKind.PROG)


def test_ebpy_load_events_from_a_ring_buffer(compile_bpf) -> None:
    source = (KERNEL / "events.c").read_text() + (
        'SEC("tracepoint/syscalls/sys_enter_getppid") int tp(void *ctx)\n'
        "{ struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);\n"
        "  if (e) { e->seq = seq++; e->len = 0; e->magic = 7; bpf_ringbuf_submit(e, 0); }\n"
        "  return 0; }\n"
    )
    obj = compile_bpf(source, "events_tp")
    cmd = [sys.executable, "-m", "ebpy", "load", str(obj), "--program", "tp", "--attach"]
    cmd += ["--events", "events", "--record-type", "event", "--json", "--duration", "60"]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    events = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            events.append(json.loads(line))
            if events[-1]["event"] == "attached":
                for _ in range(3):
                    os.getppid()
            if sum(e["event"] == "record" for e in events) >= 3:
                break
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    events += [json.loads(line) for line in out.splitlines()]
    records = [e for e in events if e["event"] == "record"]
    assert len(records) >= 3 and all(r["data"]["magic"] == 7 for r in records)
    assert events[-1] == {"event": "exit", "records": len(records), "lost": 0}


def test_ebpy_load_errors_are_one_line(compile_bpf) -> None:
    obj = compile_bpf((KERNEL / "xdp_count.c").read_text(), "xdp_count")
    for args, message in (
        (["--attach"], "xdp_count needs iface="),
        (["--attach", "--iface", "nope0"], "no interface named 'nope0'"),
        (["--set", "nope=1"], "no global variable 'nope'"),
        (["--events", "by_proto"], "not RINGBUF"),
    ):
        out = subprocess.run(
            [sys.executable, "-m", "ebpy", "load", str(obj), *args, "--duration", "0"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert out.returncode == 1, out.stdout
        assert out.stderr.count("\n") == 1 and message in out.stderr, out.stderr


# ---- layouts against the kernel's own BTF -------------------------------------------------------------------
def test_perf_layouts_match_the_kernel() -> None:
    vmlinux = load_vmlinux()
    attr = vmlinux.find("perf_event_attr")
    ours = {name: getattr(PerfEventAttr, name).offset for name, _ in PerfEventAttr._fields_}
    theirs = {}
    for m in attr.members:
        if m.name:
            theirs[m.name] = m.offset // 8
        else:  # the unions: every member name at the union's offset
            for inner in m.type.resolve().members:
                theirs[inner.name] = m.offset // 8
    for name, offset in ours.items():
        if name == "flags":
            assert offset == theirs["read_format"] + 8
        elif name == "reserved_2":
            assert offset == theirs["__reserved_2"]
        else:
            assert offset == theirs[name], name
    page = vmlinux.find("perf_event_mmap_page")
    offsets = {m.name: m.offset // 8 for m in page.members if m.name}
    assert (offsets["data_head"], offsets["data_tail"]) == (DATA_HEAD, DATA_TAIL)
    assert (offsets["data_offset"], offsets["data_size"]) == (DATA_OFFSET, DATA_SIZE)
    link_info = vmlinux.find("bpf_link_info")
    union = next(m for m in link_info.members if not m.name)
    assert union.offset // 8 == 16  # where LinkInfoStruct.detail starts
    assert isinstance(LinkInfo(LinkType.XDP, 1, 2, ()), LinkInfo)


def test_attach_by_function_without_a_collection(compile_bpf) -> None:
    """attach() also works on a program loaded without an object (options give the hook)."""
    from ebpy.isa import Instruction as I
    from ebpy.kernel import load_program
    from ebpy.spec import ProgramType

    with load_program([I(0xB7, 0, 0, 0, 0), I(0x95)], ProgramType.RAW_TRACEPOINT) as prog:
        with attach(prog, tracepoint="sys_enter") as link:
            assert link.info().prog_id == prog.info().id
        assert link.closed
        with pytest.raises(LoadError, match="needs tracepoint="):
            attach(prog)
