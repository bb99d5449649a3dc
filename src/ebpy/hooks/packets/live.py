"""The live hook: an XDP program inline between two network interfaces, over AF_PACKET.

Every frame that arrives on either interface runs through the program with
`xdp_md.ingress_ifindex` set to the interface it came in on; then

- XDP_PASS sends it out the other interface (the bridge's "up the stack" is the peer),
- XDP_TX sends it back out the interface it came in on,
- XDP_REDIRECT sends it out the interface bpf_redirect() or a devmap entry names,
- XDP_DROP and XDP_ABORTED (and verdicts outside enum xdp_action) drop it.

Virtual devices (veth, tap) hand frames over with the TCP/UDP checksum left for hardware
that never comes (CHECKSUM_PARTIAL); the bridge completes it before the program sees the
frame, and puts back VLAN tags the kernel moved into metadata, so the program sees what a
driver would have given it. Frames the bridge itself sends are not received again.
"""

from __future__ import annotations

import contextlib
import errno
import os
import selectors
import signal
import socket
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from ebpy.errors import EbpyError
from ebpy.hooks.closing import Closing
from ebpy.hooks.packets.frames import complete_l4_checksum
from ebpy.hooks.packets.process import BatchResult, FrameProcessor, frame_processor
from ebpy.hooks.packets.verdicts import VerdictCounts, XdpAction

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_ADD_MEMBERSHIP = 1
PACKET_AUXDATA = 8
PACKET_IGNORE_OUTGOING = 23
PACKET_MR_PROMISC = 1
PACKET_OUTGOING = 4
TP_STATUS_CSUMNOTREADY = 1 << 3
TP_STATUS_VLAN_VALID = 1 << 4
TP_STATUS_VLAN_TPID_VALID = 1 << 6
ETH_P_8021Q = 0x8100
# struct tpacket_auxdata: status, len, snaplen, mac, net (u32/u16), vlan_tci, vlan_tpid (u16)
_AUXDATA = struct.Struct("=IIIHHHH")
RECV_SIZE = 65536 + 4  # the largest frame (GSO included) plus a VLAN tag we put back
BATCH_MAX = 64  # frames read from one interface before running them


class LiveError(EbpyError):
    """An interface the bridge cannot use."""


@dataclass
class BridgeStats:
    """What the bridge did, per direction and in total."""

    verdicts: VerdictCounts = field(default_factory=VerdictCounts)
    received: dict[str, int] = field(default_factory=dict)  # per ingress interface
    sent: dict[str, int] = field(default_factory=dict)  # per egress interface
    send_errors: int = 0
    redirect_failed: int = 0  # no target, or a target that is not an interface here
    program_errors: int = 0  # frames the program failed on (counted as aborted)
    last_error: str = ""

    @property
    def frames(self) -> int:
        return sum(self.received.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "frames": self.frames,
            **self.verdicts.as_json(),
            "received": dict(self.received),
            "sent": sum(self.sent.values()),
            "sent_by_interface": dict(self.sent),
            "send_errors": self.send_errors,
            "redirect_failed": self.redirect_failed,
            "program_errors": self.program_errors,
            "last_error": self.last_error or None,
        }


class _Port:
    """One interface: its AF_PACKET socket, bound, promiscuous."""

    def __init__(self, name: str) -> None:
        try:
            self.ifindex = socket.if_nametoindex(name)
        except OSError:
            raise LiveError(f"interface {name!r}: no such interface") from None
        self.name = name
        try:
            sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        except PermissionError:
            raise LiveError(
                f"interface {name}: AF_PACKET sockets need CAP_NET_RAW (run as root)"
            ) from None
        try:
            sock.bind((name, ETH_P_ALL))
            mreq = struct.pack("iHH8s", self.ifindex, PACKET_MR_PROMISC, 0, b"")
            sock.setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq)
            sock.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
            with contextlib.suppress(OSError):  # Linux 4.20+; older ones are filtered by type
                sock.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
            sock.setblocking(False)
        except OSError as e:
            sock.close()
            raise LiveError(f"interface {name}: {e.strerror}") from None
        self.sock = sock

    def receive(self) -> Iterator[bytes]:
        """Frames waiting on the socket, at most BATCH_MAX, as a driver would give them."""
        aux_size = socket.CMSG_SPACE(_AUXDATA.size)
        for _ in range(BATCH_MAX):
            try:
                data, anc, _flags, addr = self.sock.recvmsg(RECV_SIZE, aux_size)
            except (BlockingIOError, InterruptedError):
                return
            if addr[2] == PACKET_OUTGOING:
                continue
            frame = bytearray(data)
            for level, kind, payload in anc:
                if level == SOL_PACKET and kind == PACKET_AUXDATA:
                    _fix_up(frame, payload)
            yield bytes(frame)

    def send(self, frame: bytes) -> None:
        self.sock.send(frame)

    def close(self) -> None:
        self.sock.close()


def _fix_up(frame: bytearray, auxdata: bytes) -> None:
    if len(auxdata) < _AUXDATA.size:
        return
    status, _len, _snap, _mac, net, tci, tpid = _AUXDATA.unpack_from(auxdata)
    if status & TP_STATUS_VLAN_VALID:
        proto = tpid if status & TP_STATUS_VLAN_TPID_VALID and tpid else ETH_P_8021Q
        frame[12:12] = struct.pack("!HH", proto, tci)
        net += 4
    if status & TP_STATUS_CSUMNOTREADY:
        complete_l4_checksum(frame, net)


class Bridge(Closing):
    """Runs a loaded XDP program between interfaces `a` and `b`. A context manager.

    `serve_until_signal()` runs until SIGINT or SIGTERM (main thread); `serve()` until
    `stop()` is called from another thread. Counts are in `stats`.
    """

    def __init__(
        self, program: Any, a: str, b: str, processor: FrameProcessor | None = None
    ) -> None:
        if a == b:
            raise LiveError(f"--iface and --peer are both {a}; bridge two different interfaces")
        self.program = program
        self.processor = processor if processor is not None else frame_processor(program)
        self.stats = BridgeStats()
        self._ports: dict[int, _Port] = {}
        self._extra: dict[int, _Port | None] = {}  # redirect targets beyond a and b
        self._wake_r, self._wake_w = socket.socketpair()
        self._stopping = threading.Event()
        try:
            self.a = _Port(a)
            self._ports[self.a.ifindex] = self.a
            self.b = _Port(b)
            self._ports[self.b.ifindex] = self.b
        except BaseException:
            self.close()
            raise
        self._peer = {self.a.ifindex: self.b, self.b.ifindex: self.a}
        for port in (self.a, self.b):
            self.stats.received[port.name] = 0
            self.stats.sent[port.name] = 0

    # ---- running ----------------------------------------------------------------------------
    def serve(self) -> None:
        """Bridge until stop() (or a signal handler calling it)."""
        with selectors.DefaultSelector() as sel:
            for port in (self.a, self.b):
                sel.register(port.sock, selectors.EVENT_READ, port)
            sel.register(self._wake_r, selectors.EVENT_READ, None)
            while not self._stopping.is_set():
                for key, _ in sel.select():
                    if key.data is None:
                        with contextlib.suppress(BlockingIOError):
                            self._wake_r.recv(64)
                        continue
                    self._handle(key.data)

    def serve_until_signal(self) -> None:
        """Bridge until SIGINT or SIGTERM, then return (the caller prints and exits 0)."""

        def on_signal(signum: int, frame: FrameType | None) -> None:
            self.stop()

        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.serve()
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)

    def stop(self) -> None:
        """Ask serve() to return (safe from signal handlers and other threads)."""
        self._stopping.set()
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")

    def _handle(self, port: _Port) -> None:
        frames = list(port.receive())
        if not frames:
            return
        self.stats.received[port.name] += len(frames)
        result = self.processor.process(frames, port.ifindex, strict=False)
        for fault in result.errors:
            self.stats.program_errors += 1
            self.stats.last_error = str(fault)
        self._deliver(port, result)

    def _deliver(self, port: _Port, result: BatchResult) -> None:
        self.stats.verdicts.add_all(result.actions, result.redirects)
        for i, (action, target) in enumerate(zip(result.actions, result.redirects)):
            data = result.output(i)
            if data is None:
                continue
            if action == XdpAction.PASS:
                self._send(self._peer[port.ifindex], data)
            elif action == XdpAction.TX:
                self._send(port, data)
            elif action == XdpAction.REDIRECT:
                out = self._port_for(target)
                if out is None:
                    self.stats.redirect_failed += 1
                else:
                    self._send(out, data)

    def _port_for(self, ifindex: int) -> _Port | None:
        port = self._ports.get(ifindex)
        if port is not None or ifindex == 0:
            return port
        if ifindex not in self._extra:
            try:
                name = socket.if_indextoname(ifindex)
                extra: _Port | None = _Port(name)
            except (OSError, LiveError):
                extra = None
            self._extra[ifindex] = extra
            if extra is not None:
                self.stats.sent.setdefault(extra.name, 0)
        return self._extra[ifindex]

    def _send(self, port: _Port, data: bytes) -> None:
        try:
            port.send(data)
        except OSError as e:
            self.stats.send_errors += 1
            self.stats.last_error = f"sending on {port.name}: {os.strerror(e.errno or errno.EIO)}"
            return
        self.stats.sent[port.name] = self.stats.sent.get(port.name, 0) + 1

    # ---- lifetime ---------------------------------------------------------------------------
    def close(self) -> None:
        for port in list(self._ports.values()) + [p for p in self._extra.values() if p]:
            port.close()
        self._ports.clear()
        self._extra.clear()
        self._wake_r.close()
        self._wake_w.close()
        self.processor.close()
