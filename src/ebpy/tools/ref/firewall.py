"""firewall: an XDP blocklist of IPv4/IPv6 source prefixes, managed from the command line.

On an interface (kernel, root) the program stays attached after the command exits: its link
and maps are pinned in a folder per interface, so a later `--block`/`--unblock`/`--list`
changes or reads the running firewall and `--detach` removes it. Over a capture (`--pcap`)
the same object runs in userspace with the prefixes given.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import os
from collections.abc import Mapping
from typing import Any

from ebpy.errors import EbpyError
from ebpy.tools import options

NAME = "firewall"
HELP = "an XDP blocklist of source prefixes (LPM tries), managed while it runs"
DESCRIPTION = """\
Drop frames whose IPv4/IPv6 source address is inside a blocked prefix, counting the frames
and bytes each prefix dropped and every verdict.

On an interface (kernel, root): the first call attaches it, and it keeps running after the
command exits (its link and maps are pinned in --pin-dir/IFACE); later calls manage it.
  ebpy tool firewall --iface eth0 --block 10.0.0.0/8 --block 2001:db8::/32
  ebpy tool firewall --iface eth0 --unblock 10.0.0.0/8 --list
  ebpy tool firewall --iface eth0 --detach

Over a capture (userspace, ebpy's packet hook), optionally writing the frames that pass:
  ebpy tool firewall --pcap in.pcap --block 192.0.2.0/24 --out passed.pcap
"""

DEFAULT_PIN_DIR = "/sys/fs/bpf/ebpy-firewall"
LINK_PIN = "link"
MAPS = ("blocklist4", "blocklist6", "verdicts")
VERDICTS = ("aborted", "drop", "pass", "tx", "redirect")


def add_arguments(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--iface", metavar="IF", help="the interface (kernel)")
    where.add_argument("--pcap", metavar="FILE", help="run over this capture (userspace)")
    p.add_argument("--block", action="append", default=[], metavar="PREFIX", help="drop a prefix")
    p.add_argument(
        "--unblock", action="append", default=[], metavar="PREFIX", help="stop dropping a prefix"
    )
    p.add_argument("--list", action="store_true", help="print the rules and counters")
    p.add_argument("--detach", action="store_true", help="remove the firewall from --iface")
    p.add_argument("--pin-dir", default=DEFAULT_PIN_DIR, metavar="DIR", help="bpffs folder")
    p.add_argument("--xdp-mode", choices=("native", "generic"), help="with --iface, when attaching")
    p.add_argument("--out", metavar="FILE", help="with --pcap: write the frames that pass")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    options.add_engine_argument(p)


def parse_prefix(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError as e:
        raise EbpyError(f"{text!r} is not an IP prefix: {e}") from None


def lpm_key(net: ipaddress.IPv4Network | ipaddress.IPv6Network) -> dict[str, Any]:
    return {"prefixlen": net.prefixlen, "addr": net.network_address.packed}


def key_prefix(key: Any) -> str:
    """A blocklist key as text: a Record {prefixlen, addr} (typed) or an LpmKey (untyped)."""
    if isinstance(key, Mapping):
        prefixlen, data = key["prefixlen"], key["addr"]
    else:
        prefixlen, data = key.prefixlen, key.data
    return str(ipaddress.ip_network((ipaddress.ip_address(bytes(data)), prefixlen)))


def _table(net: ipaddress.IPv4Network | ipaddress.IPv6Network) -> str:
    return "blocklist4" if net.version == 4 else "blocklist6"


def apply(maps: Mapping[str, Any], block: list[str], unblock: list[str]) -> list[str]:
    """Add and remove prefixes (the counters of a prefix already blocked are kept)."""
    notes = []
    for text in block:
        net = parse_prefix(text)
        m = maps[_table(net)]
        key = lpm_key(net)
        if m.get(key) is None:
            m[key] = {"packets": 0, "bytes": 0}
            notes.append(f"blocked {net}")
        else:
            notes.append(f"{net} was already blocked")
    for text in unblock:
        net = parse_prefix(text)
        m = maps[_table(net)]
        try:
            del m[lpm_key(net)]
            notes.append(f"unblocked {net}")
        except KeyError:
            raise EbpyError(f"{net} is not blocked") from None
    return notes


def rules(maps: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name in ("blocklist4", "blocklist6"):
        for key, stats in maps[name].items():
            out.append(
                {"prefix": key_prefix(key), "packets": stats["packets"], "bytes": stats["bytes"]}
            )
    return sorted(out, key=lambda r: (ipaddress.ip_network(r["prefix"]).version, r["prefix"]))


def verdicts(maps: Mapping[str, Any]) -> dict[str, int]:
    m = maps["verdicts"]
    return {name: int(sum(m[i])) for i, name in enumerate(VERDICTS)}


def report(maps: Mapping[str, Any], head: dict[str, Any], as_json: bool) -> None:
    data = {**head, "rules": rules(maps), "verdicts": verdicts(maps)}
    if as_json:
        print(json.dumps(data))
        return
    for note in data.get("notes", []):
        print(note)
    width = max([18, *(len(r["prefix"]) for r in data["rules"])])
    print(f"{'PREFIX':<{width}} {'PACKETS':>10} {'BYTES':>12}")
    for r in data["rules"]:
        print(f"{r['prefix']:<{width}} {r['packets']:>10} {r['bytes']:>12}")
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in data["verdicts"].items()))


def run(args: argparse.Namespace) -> int:
    for text in [*args.block, *args.unblock]:
        parse_prefix(text)  # bad input fails before anything is loaded
    if args.pcap:
        if args.detach:
            raise EbpyError("--detach goes with --iface")
        return _run_capture(args)
    if args.out:
        raise EbpyError("--out goes with --pcap")
    return _run_iface(args)


def _run_capture(args: argparse.Namespace) -> int:
    from ebpy.hooks.packets import run_capture
    from ebpy.tools.ref import common

    spec = common.load_tool_spec("firewall")
    for m in spec.maps.values():
        m.pinning = type(m.pinning)(0)  # nothing to pin in userspace
    with spec.load(engine=args.engine, programs=["firewall"]) as coll:
        notes = apply(coll.maps, args.block, args.unblock)
        result = run_capture(coll.programs["firewall"], args.pcap, args.out)
        head: dict[str, Any] = {"capture": args.pcap, "frames": result.frames, "notes": notes}
        if args.out:
            head["written"] = result.written
        report(coll.maps, head, args.json)
    return 0


def _folder(args: argparse.Namespace) -> str:
    if "/" in args.iface or args.iface in (".", ".."):
        raise EbpyError(f"--iface {args.iface!r} is not an interface name")
    return os.path.join(args.pin_dir, args.iface)


def _run_iface(args: argparse.Namespace) -> int:
    from ebpy.tools.ref import common

    common.require_kernel("--iface")
    folder = _folder(args)
    link_path = os.path.join(folder, LINK_PIN)
    if args.detach:
        return _detach(args, folder, link_path)
    spec = common.load_tool_spec("firewall")
    if os.path.exists(link_path):
        from ebpy.tools.sources import open_pinned

        pinned = open_pinned(spec, folder)
        try:
            notes = apply(pinned.maps, args.block, args.unblock)
            report(pinned.maps, {"iface": args.iface, "running": True, "notes": notes}, args.json)
        finally:
            pinned.close()
        return 0
    from ebpy.kernel.pinning import ensure_bpffs

    ensure_bpffs(folder)
    before = set(os.listdir(folder))
    targets: dict[str, Any] = {"iface": args.iface}
    if args.xdp_mode:
        targets["xdp_mode"] = args.xdp_mode
    try:
        with spec.load(engine="kernel", pin_path=folder) as coll:
            notes = apply(coll.maps, args.block, args.unblock)
            link = coll.programs["firewall"].attach(**targets)
            link.pin(link_path)  # the firewall outlives this process; --detach removes the pin
            notes.insert(0, f"attached to {args.iface}; pinned in {folder}")
            report(coll.maps, {"iface": args.iface, "running": True, "notes": notes}, args.json)
    except BaseException:
        for name in set(os.listdir(folder)) - before:  # pins this call made
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))
        with contextlib.suppress(OSError):
            os.rmdir(folder)
        raise
    return 0


def _detach(args: argparse.Namespace, folder: str, link_path: str) -> int:
    if not os.path.isdir(folder):
        raise EbpyError(f"no firewall on {args.iface} (nothing pinned in {folder})")
    removed = []
    for name in (LINK_PIN, *MAPS):
        path = os.path.join(folder, name)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # the last reference to the link: the program detaches
            removed.append(name)
    with contextlib.suppress(OSError):
        os.rmdir(folder)  # only when empty: other files there are not ours
    if args.json:
        print(json.dumps({"iface": args.iface, "running": False, "removed": removed}))
    else:
        print(f"detached from {args.iface}; removed {', '.join(removed) or 'nothing'}")
    return 0
