"""Userspace attach points: where ebpy runs programs outside the kernel.

- `ebpy.hooks.packets`: XDP programs over pcap/pcapng captures or inline between two live
  interfaces (AF_PACKET).
- `ebpy.embed`: any Python application hosting programs as plugins.

Programs for these hooks include the C headers ebpy ships (`include_dir()`, or
`ebpy include-dir` on the command line): `ebpy/bpf.h` for everything, `ebpy/xdp.h` for packets.
"""

from __future__ import annotations

from pathlib import Path


def include_dir() -> Path:
    """The folder holding ebpy's C headers (pass it to clang with -I)."""
    return Path(__file__).resolve().parent.parent / "include"


__all__ = ["include_dir"]
