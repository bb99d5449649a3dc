"""tcptracer: TCP connections as they change state (kernel tracepoint sock/inet_sock_set_state)."""

from __future__ import annotations

import argparse
import ipaddress
from typing import TYPE_CHECKING, Any

from ebpy.errors import EbpyError
from ebpy.tools import options

if TYPE_CHECKING:
    from ebpy.btf.codec import Record
    from ebpy.tools.events import Column

NAME = "tcptracer"
HELP = "TCP connections: connect, accept, established, close, with addresses and ports (kernel)"
DESCRIPTION = """\
Print TCP sockets changing state: who connects where (connect), connections accepted
(accept), set up (established) and closed (close), with both addresses and ports and every
other state change. The sock/inet_sock_set_state tracepoint and a ring buffer; needs root.
The PID and COMM are of the task running when the state changed: the connecting process for
connect, often another task (or none) for changes made by incoming packets.

  ebpy tool tcptracer --port 443
  ebpy tool tcptracer --filter 'event == "connect"' --json
"""

# include/net/tcp_states.h
TCP_STATES = {
    1: "ESTABLISHED",
    2: "SYN_SENT",
    3: "SYN_RECV",
    4: "FIN_WAIT1",
    5: "FIN_WAIT2",
    6: "TIME_WAIT",
    7: "CLOSE",
    8: "CLOSE_WAIT",
    9: "LAST_ACK",
    10: "LISTEN",
    11: "CLOSING",
    12: "NEW_SYN_RECV",
}
AF_INET, AF_INET6 = 2, 10


def state_name(value: int) -> str:
    return TCP_STATES.get(value, str(value))


def event_kind(old: int, new: int) -> str:
    """What the change means for the connection."""
    if new == 2:
        return "connect"
    if new == 1:
        return "established" if old == 2 else "accept"
    if new == 7:
        return "close"
    if new == 10:
        return "listen"
    return "state"


def address(raw: Any, family: int) -> str:
    data = raw if isinstance(raw, bytes) else bytes(raw)
    if family == AF_INET:
        return str(ipaddress.IPv4Address(data[:4]))
    if family == AF_INET6:
        return str(ipaddress.IPv6Address(data[:16]))
    return data.hex()


def derived(event: Record) -> dict[str, Any]:
    return {
        "saddr": address(event.saddr, event.family),
        "daddr": address(event.daddr, event.family),
        "oldstate": state_name(event.oldstate),
        "newstate": state_name(event.newstate),
        "event": event_kind(event.oldstate, event.newstate),
        "ip": 6 if event.family == AF_INET6 else 4,
    }


def columns() -> list[Column]:
    from ebpy.tools.events import Column

    return [
        Column("pid", "PID", 7, align=">"),
        Column("comm", "COMM", 16),
        Column("event", "EVENT", 11),
        Column("ip", "IP", 2, align=">"),
        Column("saddr", "SADDR", 15),
        Column("sport", "SPORT", 5, align=">"),
        Column("daddr", "DADDR", 15),
        Column("dport", "DPORT", 5, align=">"),
        Column("oldstate", "OLDSTATE", 11),
        Column("newstate", "NEWSTATE"),
    ]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", type=int, metavar="N", help="only connections with this port")
    options.add_stream_arguments(p)


def run(args: argparse.Namespace) -> int:
    from ebpy.tools import events as ev
    from ebpy.tools.ref import common

    constants: dict[str, Any] = {}
    if args.port is not None:
        if not 0 < args.port < 1 << 16:
            raise EbpyError(f"--port {args.port}: not a port number")
        constants["targ_port"] = args.port
    with common.kernel("tcptracer", constants) as source:
        decoder = ev.EventDecoder.from_spec(source.collection.spec, "tcp_event", derived)
        return common.stream_events(
            source, decoder, columns(), args, banner="TCP state changes", drop_fields=("pad",)
        )
