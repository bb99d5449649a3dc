"""`ebpy tool NAME`: the reference tools (execsnoop, opensnoop, syscount, tcptracer, pktsize,
firewall), each a shipped BPF object with a thin front end in ebpy.tools.ref."""

from __future__ import annotations

import argparse

NAME = "tool"
HELP = "run a reference tool: " + ", ".join(
    ("execsnoop", "opensnoop", "syscount", "tcptracer", "pktsize", "firewall")
)
DESCRIPTION = """\
The reference tools, in the style of BCC's:

  execsnoop   new processes with their arguments (kernel)
  opensnoop   files opened (kernel; -- COMMAND: a supervised command, no root)
  syscount    system calls by name or process (kernel; -- COMMAND: supervised)
  tcptracer   TCP connections changing state (kernel)
  pktsize     log2 histograms of frame sizes per protocol (--iface, or --pcap in userspace)
  firewall    an XDP prefix blocklist managed while it runs (--iface, or --pcap)

`ebpy tool NAME --help` for each one's options. Kernel modes need root.
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    from ebpy.tools.ref import TOOLS, tool_module

    p.formatter_class = argparse.RawDescriptionHelpFormatter
    sub = p.add_subparsers(dest="tool", metavar="NAME")
    sub.required = True
    for name in TOOLS:
        mod = tool_module(name)
        tp = sub.add_parser(
            mod.NAME,
            help=mod.HELP,
            description=mod.DESCRIPTION,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        mod.add_arguments(tp)
        tp.set_defaults(_tool_run=mod.run)


def run(args: argparse.Namespace) -> int:
    return int(args._tool_run(args) or 0)
