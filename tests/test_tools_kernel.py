"""The reference tools on the kernel, each watching activity the test itself causes: a known
binary exec'd, known files opened, system calls counted in a child, a TCP connection to a
local server, UDP over a veth pair into a network namespace. Each tool runs as `ebpy tool`
in its own process; the test waits for its "Tracing ..." line before acting."""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ebpy.testing import kernel_unavailable
from ebpy.tools.objects import object_path

pytestmark = pytest.mark.kernel

READY_TIMEOUT = 60.0  # generous: a stuck tool fails the test instead of hanging it


@pytest.fixture(autouse=True)
def _kernel_engine():
    reason = kernel_unavailable()
    if reason is not None:
        pytest.skip(reason)


class Tool:
    """`ebpy tool ARGS` in a child process."""

    def __init__(self, *args: str) -> None:
        self.args = args
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ebpy", "tool", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._out = bytearray()  # read from stdout's fd, not yet a whole line
        self._err = bytearray()

    def _line(self, stream: object, pending: bytearray, deadline: float) -> str | None:
        """The next line of `stream`, read from its fd (not its buffered file object, which
        would hide lines from select); None when it ends."""
        fd = stream.fileno()  # type: ignore[attr-defined]
        while b"\n" not in pending:
            if time.monotonic() > deadline:
                raise AssertionError(f"ebpy tool {' '.join(self.args)}: timed out")
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    return None
                pending += chunk
        line, _, rest = bytes(pending).partition(b"\n")
        pending[:] = rest
        return line.decode()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            line = self._line(self.proc.stderr, self._err, deadline)
            if line is None:
                _, err = self.proc.communicate()
                raise AssertionError(f"ebpy tool {' '.join(self.args)} did not start: {err}")
            if line.startswith("Tracing"):
                return

    def read_until(self, done: Callable[[list[str]], bool]) -> list[str]:
        """Read stdout lines until `done(lines)`; fails if the tool ends or stalls first."""
        deadline = time.monotonic() + READY_TIMEOUT
        while not done(self.lines):
            line = self._line(self.proc.stdout, self._out, deadline)
            if line is None:
                raise AssertionError(f"the tool ended; it printed {self.lines}")
            self.lines.append(line)
        return self.lines

    def finish(self, interrupt: bool = True) -> tuple[str, str]:
        """Stop it (SIGINT, as Ctrl-C) unless it ends by itself; (stdout, stderr) after."""
        if interrupt and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            out, err = self.proc.communicate(timeout=READY_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            raise AssertionError(f"ebpy tool {' '.join(self.args)} did not stop: {err}") from None
        assert self.proc.returncode == 0, err
        return "\n".join([*self.lines, self._out.decode() + out]), self._err.decode() + err

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()


@pytest.fixture
def tool() -> Iterator[Callable[..., Tool]]:
    started: list[Tool] = []

    def start(*args: str) -> Tool:
        t = Tool(*args)
        started.append(t)
        t.wait_ready()
        return t

    yield start
    for t in started:
        t.kill()


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


# ---- tracepoint tools ----------------------------------------------------------------------------


def test_execsnoop_sees_a_known_binary_with_its_arguments(tool):
    mark = f"ebpy-exec-{uuid.uuid4().hex[:8]}"
    t = tool("execsnoop", "--json", "--filter", f"args =~ '{mark}'", "--max-events", "2")
    subprocess.run(["/bin/echo", mark, "two words"], check=True, stdout=subprocess.DEVNULL)
    with contextlib.suppress(FileNotFoundError):
        subprocess.run([f"/nonexistent/{mark}"])
    out, _ = t.finish(interrupt=False)  # it stops by itself after two events
    ok, failed = json_lines(out)
    assert ok["comm"] == "echo" and ok["retval"] == 0
    assert ok["argv"] == ["/bin/echo", mark, "two words"]
    assert ok["args"] == f"/bin/echo {mark} two words"
    assert failed["retval"] == -2 and failed["argv"] == [f"/nonexistent/{mark}"]
    assert failed["pid"] != ok["pid"]


def test_opensnoop_filters_by_process_in_the_kernel(tool, tmp_path):
    target = tmp_path / "opened.txt"
    target.write_text("x")
    missing = tmp_path / "missing.txt"
    t = tool(
        "opensnoop", "--pid", str(os.getpid()), "--json",
        "--filter", f"path =~ '^{tmp_path}'", "--max-events", "2",
    )  # fmt: skip
    subprocess.run(["/bin/cat", str(target)], check=True, stdout=subprocess.DEVNULL)  # not us
    with open(target) as f:
        f.read()
    with contextlib.suppress(FileNotFoundError):
        open(missing)  # noqa: SIM115
    out, _ = t.finish(interrupt=False)
    opened, failed = json_lines(out)
    assert opened["path"] == str(target) and opened["ret"] >= 0 and opened["pid"] == os.getpid()
    assert failed["path"] == str(missing) and failed["ret"] == -2


def test_opensnoop_table(tool, tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("")
    t = tool("opensnoop", "--pid", str(os.getpid()), "--failed", "--max-events", "1")
    with contextlib.suppress(FileNotFoundError):
        open(tmp_path / "nope")  # noqa: SIM115
    open(target).close()  # succeeds: not shown with --failed
    out, _ = t.finish(interrupt=False)
    header, row = out.strip().splitlines()
    assert header.split() == ["PID", "COMM", "FD", "ERR", "PATH"]
    assert row.split()[2:] == ["-1", "2", str(tmp_path / "nope")]


def test_syscount_counts_a_child_exactly(tool):
    calls = 500
    child = subprocess.Popen(
        [sys.executable, "-S", "-c",
         f"import os, sys\nsys.stdin.readline()\nfor _ in range({calls}): os.getppid()"],
        stdin=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        t = tool("syscount", "--pid", str(child.pid), "--json", "-n", "0")
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.close()
        assert child.wait(timeout=READY_TIMEOUT) == 0
        out, _ = t.finish()
    finally:
        if child.poll() is None:
            child.kill()
    rows = {r["key"]: r["value"] for r in json_lines(out)[-1]["rows"]}
    assert rows["getppid"] == calls
    assert "execve" not in rows  # it started before the tool: only what came after counts


def test_syscount_by_process_every_interval(tool):
    t = tool("syscount", "-P", "--interval", "0.3", "--count", "2", "--style", "bcc")
    out, _ = t.finish(interrupt=False)  # two intervals, then it stops
    blocks = [b for b in out.split("\n\n") if b.strip()]
    assert len(blocks) == 2
    for block in blocks:
        lines = block.strip().splitlines()
        assert lines[0][2] == ":" and lines[1].split() == ["PID", "COMM", "COUNT", "%"]


def test_tcptracer_follows_a_local_connection(tool):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    try:
        t = tool("tcptracer", "--port", str(port), "--json")
        client = socket.create_connection(("127.0.0.1", port))
        conn, _ = server.accept()
        client_port = client.getsockname()[1]
        client.close()
        conn.close()

        def seen(lines: list[str]) -> bool:
            kinds = [json.loads(line)["event"] for line in lines]
            return {"connect", "established", "accept"} <= set(kinds) and kinds.count("close") >= 2

        t.read_until(seen)
        out, _ = t.finish()
    finally:
        server.close()
    events = json_lines(out)
    connect = next(e for e in events if e["event"] == "connect")
    # the local port is chosen after SYN_SENT is entered: the connect event has none yet
    assert (connect["daddr"], connect["dport"]) == ("127.0.0.1", port)
    assert connect["pid"] == os.getpid() and connect["oldstate"] == "CLOSE"
    assert connect["newstate"] == "SYN_SENT" and connect["ip"] == 4
    established = next(e for e in events if e["event"] == "established")
    assert established["skaddr"] == connect["skaddr"]
    assert (established["sport"], established["dport"]) == (client_port, port)
    accept = next(e for e in events if e["event"] == "accept")
    assert (accept["sport"], accept["dport"]) == (port, client_port)
    assert accept["saddr"] == "127.0.0.1"


# ---- XDP tools on a veth pair into a network namespace ------------------------------------------


def ip(*args: str, ns: str | None = None) -> None:
    cmd = ["ip", *args] if ns is None else ["ip", "netns", "exec", ns, "ip", *args]
    subprocess.run(cmd, check=True, capture_output=True)


class Veth:
    """`host` (in this namespace, address .1) paired with a peer in namespace `ns` (.2)."""

    def __init__(self) -> None:
        n = os.getpid() % 100000
        self.ns = f"ebpyt{n}"
        self.host = f"ebt{n}h"
        self.peer = f"ebt{n}p"
        net = 10 + (os.getpid() % 200)
        self.host_addr = f"10.203.{net}.1"
        self.peer_addr = f"10.203.{net}.2"

    def up(self) -> None:
        ip("netns", "add", self.ns)
        ip("link", "add", self.host, "type", "veth", "peer", "name", self.peer)
        ip("link", "set", self.peer, "netns", self.ns)
        ip("addr", "add", f"{self.host_addr}/24", "dev", self.host)
        ip("link", "set", self.host, "up")
        ip("addr", "add", f"{self.peer_addr}/24", "dev", self.peer, ns=self.ns)
        ip("link", "set", self.peer, "up", ns=self.ns)
        # no IPv6 chatter (router solicitations, MLD) from the peer: only the test's frames
        subprocess.run(
            ["ip", "netns", "exec", self.ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"],
            check=True,
        )

    def down(self) -> None:
        subprocess.run(["ip", "link", "del", self.host], capture_output=True)
        subprocess.run(["ip", "netns", "del", self.ns], capture_output=True)

    def send_udp(self, port: int, sizes: list[int]) -> None:
        """UDP datagrams of these payload sizes from the namespace to the host side."""
        code = (
            "import socket, sys\n"
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
            f"for n in {sizes!r}: s.sendto(b'x' * n, ({self.host_addr!r}, {port}))\n"
        )
        subprocess.run(
            ["ip", "netns", "exec", self.ns, sys.executable, "-S", "-c", code], check=True
        )


@pytest.fixture
def veth() -> Iterator[Veth]:
    v = Veth()
    v.down()  # leftovers of an interrupted run
    try:
        v.up()
        yield v
    finally:
        v.down()


def test_pktsize_histograms_frames_sent_over_veth(tool, veth):
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind((veth.host_addr, 0))
    port = receiver.getsockname()[1]
    try:
        t = tool("pktsize", "--iface", veth.host, "--json")
        veth.send_udp(port, [100] * 5 + [1000] * 3)  # frames of 142 and 1042 bytes
        receiver.settimeout(READY_TIMEOUT)
        for _ in range(8):  # every datagram went through the XDP program before arriving
            receiver.recv(2048)
        out, _ = t.finish()
    finally:
        receiver.close()
    (snapshot,) = json_lines(out)
    hists = {h["labels"]["proto"]: h for h in snapshot["histograms"]}
    udp = {b["low"]: b["count"] for b in hists["udp"]["buckets"] if b["count"]}
    assert udp == {128: 5, 1024: 3}
    assert "tcp" not in hists


def test_firewall_blocks_unblocks_and_detaches_on_veth(veth, tmp_path):
    pin_dir = f"/sys/fs/bpf/ebpy-test-{uuid.uuid4().hex[:8]}"
    common = ["--iface", veth.host, "--pin-dir", pin_dir]

    def fw(*args: str) -> dict:
        proc = subprocess.run(
            [sys.executable, "-m", "ebpy", "tool", "firewall", *common, "--json", *args],
            capture_output=True, text=True, timeout=READY_TIMEOUT,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind((veth.host_addr, 0))
    port = receiver.getsockname()[1]
    try:
        started = fw("--block", f"{veth.peer_addr}/32", "--block", "2001:db8::/32")
        assert started["running"] and f"attached to {veth.host}" in started["notes"][0]
        assert os.path.exists(f"{pin_dir}/{veth.host}/link")

        veth.send_udp(port, [50, 50, 50])
        rules = fw("--list")["rules"]  # a second process reads the running firewall
        assert rules[0] == {"prefix": f"{veth.peer_addr}/32", "packets": 3, "bytes": 3 * 92}
        receiver.setblocking(False)
        with pytest.raises(BlockingIOError):
            receiver.recv(2048)  # dropped before the stack saw them

        # ebpy top reads the same pinned maps, typed through the object's BTF, and prints once
        obj = str(object_path("firewall"))
        top = subprocess.run(
            [sys.executable, "-m", "ebpy", "top", obj, "--pinned", f"{pin_dir}/{veth.host}",
             "--map", "blocklist4", "--value-field", "packets", "--json"],
            capture_output=True, text=True, timeout=READY_TIMEOUT,
        )  # fmt: skip
        assert top.returncode == 0, top.stderr
        (row,) = json.loads(top.stdout)["rows"]
        assert row["value"] == 3 and row["key"]["prefixlen"] == 32

        unblocked = fw("--unblock", f"{veth.peer_addr}/32")
        assert [r["prefix"] for r in unblocked["rules"]] == ["2001:db8::/32"]
        assert unblocked["verdicts"]["drop"] == 3
        veth.send_udp(port, [60])
        receiver.settimeout(READY_TIMEOUT)
        assert receiver.recv(2048) == b"x" * 60

        detached = fw("--detach")
        assert not detached["running"]
        assert set(detached["removed"]) == {"link", "blocklist4", "blocklist6", "verdicts"}
        assert not os.path.exists(f"{pin_dir}/{veth.host}")
        link = subprocess.run(["ip", "link", "show", veth.host], capture_output=True, text=True)
        assert "xdp" not in link.stdout
    finally:
        receiver.close()
        subprocess.run(["rm", "-rf", pin_dir])
    assert not Path(pin_dir).exists()
