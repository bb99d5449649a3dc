"""The live hook with real traffic: `ebpy xdp --iface/--peer` bridging two network namespaces
over veth pairs, the program deciding what gets through.

    ns A: a1 10.77.x.1 ── veth ── a0 ┐
                                     ├ ns BR: ebpy xdp OBJ --iface a0 --peer b0
    ns B: b1 10.77.x.2 ── veth ── b0 ┘

Addresses exist only inside the namespaces the test creates; the namespaces (and with them
the veth pairs) are deleted whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "xdp"

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("ip") is None,
    reason="live bridge tests need root and iproute2 (network namespaces, veth pairs)",
)


def sh(*args: str, check: bool = True, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=check, timeout=timeout)


@dataclass
class Net:
    a: str  # namespace of host A (interface a1)
    b: str  # namespace of host B (interface b1)
    br: str  # namespace of the bridge (a0, b0)
    ip_a: str
    ip_b: str

    def run(self, ns: str, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
        return sh("ip", "netns", "exec", ns, *args, check=False, timeout=timeout)

    def ifindex(self, name: str) -> int:
        out = self.run(self.br, "cat", f"/sys/class/net/{name}/ifindex").stdout
        return int(out)

    def python(self, ns: str, code: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
        return self.run(ns, sys.executable, "-c", textwrap.dedent(code), timeout=timeout)

    def popen_python(self, ns: str, code: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            ["ip", "netns", "exec", ns, sys.executable, "-c", textwrap.dedent(code)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


@pytest.fixture
def net() -> Iterator[Net]:
    tag = f"{os.getpid() % 100000}{time.monotonic_ns() % 1000}"
    third = int(tag) % 250
    n = Net(f"ebpyA{tag}", f"ebpyB{tag}", f"ebpyR{tag}", f"10.77.{third}.1", f"10.77.{third}.2")
    try:
        for ns in (n.a, n.b, n.br):
            sh("ip", "netns", "add", ns)
        sh(
            "ip",
            "-n",
            n.br,
            "link",
            "add",
            "a0",
            "type",
            "veth",
            "peer",
            "name",
            "a1",
            "netns",
            n.a,
        )
        sh(
            "ip",
            "-n",
            n.br,
            "link",
            "add",
            "b0",
            "type",
            "veth",
            "peer",
            "name",
            "b1",
            "netns",
            n.b,
        )
        n.run(n.br, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1")
        for ns, dev, addr in ((n.a, "a1", n.ip_a), (n.b, "b1", n.ip_b)):
            sh("ip", "-n", ns, "addr", "add", f"{addr}/24", "dev", dev)
            sh("ip", "-n", ns, "link", "set", dev, "up")
            sh("ip", "-n", ns, "link", "set", "lo", "up")
        for dev in ("a0", "b0"):
            sh("ip", "-n", n.br, "link", "set", dev, "up")
        yield n
    finally:
        for ns in (n.a, n.b, n.br):
            sh("ip", "netns", "del", ns, check=False)


class BridgeProcess:
    """`ebpy xdp OBJ --iface a0 --peer b0 --json` running in the bridge namespace."""

    def __init__(self, net: Net, obj: Path, *extra: str) -> None:
        cmd = [
            "ip", "netns", "exec", net.br, sys.executable, "-m", "ebpy", "xdp", str(obj),
            "--iface", "a0", "--peer", "b0", "--json", *extra,
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert self.proc.stderr is not None
        line = self.proc.stderr.readline()  # the bridge says when its sockets are open
        if not line.startswith("bridging a0 <-> b0"):
            self.proc.kill()
            out, err = self.proc.communicate(timeout=30)
            raise AssertionError(f"bridge did not start: {line}{err}{out}")

    def stop(self, sig: int = signal.SIGINT) -> dict:
        self.proc.send_signal(sig)
        out, err = self.proc.communicate(timeout=30)
        assert self.proc.returncode == 0, err
        assert "Traceback" not in err
        return json.loads(out)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate(timeout=30)


PING = """
    import os, socket, struct, time

    def checksum(data):
        total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
        while total >> 16:
            total = (total & 0xFFFF) + (total >> 16)
        return ~total & 0xFFFF

    # ICMP echo over a raw socket (no ping binary needed): prints how many replies came back.
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    s.settimeout(0.2)
    ident, replies = os.getpid() & 0xFFFF, set()
    for seq in range({count}):
        body = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"ebpy-ping!"  # an even length
        body = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
        s.sendto(body, ("{ip}", 0))
        deadline = time.monotonic() + {wait}
        while time.monotonic() < deadline and seq not in replies:
            try:
                packet = s.recv(2048)
            except TimeoutError:
                continue
            icmp = packet[(packet[0] & 15) * 4 :]
            kind, _, _, rid, rseq = struct.unpack("!BBHHH", icmp[:8])
            if kind == 0 and rid == ident:
                replies.add(rseq)
    print(len(replies))
"""


def ping(net: Net, count: int = 3, wait: float = 2.0) -> int:
    """Echo replies host A gets from host B for `count` requests."""
    proc = net.python(net.a, PING.format(ip=net.ip_b, count=count, wait=wait))
    assert proc.returncode == 0, proc.stderr
    return int(proc.stdout)


UDP_RECEIVER = """
    import socket, select, time
    socks = []
    for port in (9000, 9999):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("{ip}", port))
        socks.append(s)
    print("ready", flush=True)
    got = {{9000: 0, 9999: 0}}
    deadline = time.monotonic() + {seconds}
    last = time.monotonic()
    # Until every datagram to 9000 is in and nothing came for half a second (or time is up).
    while time.monotonic() < deadline:
        if got[9000] == {count} and time.monotonic() - last > 0.5:
            break
        ready, _, _ = select.select(socks, [], [], 0.1)
        for s in ready:
            data = s.recv(2048)
            got[s.getsockname()[1]] += 1
            last = time.monotonic()
            assert data == b"hello %d" % s.getsockname()[1]
    print(got[9000], got[9999], flush=True)
"""

UDP_SENDER = """
    import socket, time
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range({count}):
        for port in (9000, 9999):
            s.sendto(b"hello %d" % port, ("{ip}", port))
        time.sleep(0.01)
"""


def test_bridge_passes_ping_and_udp_and_drops_the_blocked_port(net: Net) -> None:
    assert ping(net, count=1, wait=0.5) == 0  # nothing connects the namespaces yet
    sh("ip", "-n", net.a, "neigh", "flush", "all")  # forget the failed ARP for B
    bridge = BridgeProcess(net, EXAMPLES / "port_filter.o", "--engine", "jit")
    try:
        assert ping(net) == 3
        receiver = net.popen_python(net.b, UDP_RECEIVER.format(ip=net.ip_b, seconds=10, count=10))
        assert receiver.stdout is not None and receiver.stdout.readline().strip() == "ready"
        sent = net.python(net.a, UDP_SENDER.format(ip=net.ip_b, count=10))
        assert sent.returncode == 0, sent.stderr
        out, err = receiver.communicate(timeout=30)
        assert receiver.returncode == 0, err
        assert out.split() == ["10", "0"]  # port 9000 all through, 9999 none
        report = bridge.stop()
    finally:
        bridge.kill()
    verdicts = report["verdicts"]
    assert verdicts["drop"] == 10 and verdicts["pass"] >= 10 + 6  # UDP, echo requests/replies
    assert verdicts["aborted"] == verdicts["tx"] == verdicts["redirect"] == 0
    assert report["received"]["a0"] >= 13 and report["received"]["b0"] >= 3
    assert report["sent"] == verdicts["pass"] and report["send_errors"] == 0
    maps = {m["name"]: {e["key"]: e["value"] for e in m["entries"]} for m in report["maps"]}
    assert maps["verdicts"][1] == 10 and maps["verdicts"][2] == verdicts["pass"]
    assert maps["protocols"][17] == 20 and maps["protocols"][1] >= 6  # UDP, ICMP


TX_WATCHER = """
    import socket, struct, time
    # Raw frames on a1: the echo the bridge sends back comes in with B's MAC as destination.
    raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    raw.bind(("a1", 0))
    raw.settimeout(0.2)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.sendto(b"reflect me", ("{ip}", 7))
    deadline, seen = time.monotonic() + 5, 0
    while time.monotonic() < deadline and not seen:
        try:
            frame, addr = raw.recvfrom(2048)
        except TimeoutError:
            continue
        if addr[2] != 4 and frame[12:14] == b"\\x08\\x00" and frame[23] == 17:
            seen = struct.unpack("!H", frame[36:38])[0] == 7 and frame.endswith(b"reflect me")
    print("reflected" if seen else "lost")
"""


def test_bridge_sends_back_and_redirects_through_a_devmap(net: Net) -> None:
    a0, b0 = net.ifindex("a0"), net.ifindex("b0")
    # Frames from a0 are redirected through devmap slot 3 to b0; frames from b0 have no
    # entry and pass (to a0); UDP to port 7 goes back out where it came from.
    bridge = BridgeProcess(
        net, EXAMPLES / "redirect.o", "--engine", "interp",
        "--map-entry", "ports", "3", str(b0), "--map-entry", "egress", str(a0), "3",
    )  # fmt: skip
    try:
        assert ping(net, count=2) == 2
        watched = net.python(net.a, TX_WATCHER.format(ip=net.ip_b))
        assert watched.stdout.strip() == "reflected", watched.stderr
        report = bridge.stop(signal.SIGTERM)
    finally:
        bridge.kill()
    v = report["verdicts"]
    assert v["tx"] == 1 and v["redirect"] >= 3 and v["pass"] >= 2  # requests; ARP, replies
    assert report["redirect_targets"] == {str(b0): v["redirect"]}
    assert report["sent_by_interface"]["a0"] == v["pass"] + v["tx"]
    assert report["sent_by_interface"]["b0"] == v["redirect"]


def test_bridge_refuses_interfaces_it_cannot_use(net: Net) -> None:
    cmd = [sys.executable, "-m", "ebpy", "xdp", str(EXAMPLES / "port_filter.o")]
    proc = net.run(net.br, *cmd, "--iface", "a0", "--peer", "nothere")
    assert proc.returncode == 1 and proc.stderr.strip() == (
        "ebpy xdp: error: interface 'nothere': no such interface"
    )
    proc = net.run(net.br, *cmd, "--iface", "a0", "--peer", "a0")
    assert proc.returncode == 1 and "bridge two different interfaces" in proc.stderr
