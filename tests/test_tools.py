"""The reference tools: shipped objects up to date, tracepoint layouts against the kernel's
format files, and the userspace variants (supervised commands, captures) end to end.

The kernel runs of every tool are in test_tools_kernel.py."""

from __future__ import annotations

import ipaddress
import json
import os
import struct
import sys
from pathlib import Path

import pytest

import ebpy
from ebpy.btf import Composite
from ebpy.tools import objects

TRACEFS = Path("/sys/kernel/tracing")


# ---- the shipped objects ------------------------------------------------------------------------


def test_shipped_objects_are_up_to_date():
    pytest.importorskip("ziglang")
    stale = objects.stale()
    assert not stale, f"rebuild with `python -m ebpy.tools.objects`: {stale}"


def test_every_source_has_its_object_and_the_package_ships_them():
    import tomllib

    names = {p.stem for p in objects.sources()}
    assert names == {p.stem for p in objects.BPF_DIR.glob("*.o")}
    assert {"execsnoop", "opensnoop", "syscount", "tcptracer", "pktsize", "firewall"} <= names
    data = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    shipped = data["tool"]["setuptools"]["package-data"]["ebpy"]
    assert {"tools/bpf/*.c", "tools/bpf/*.h", "tools/bpf/*.o"} <= set(shipped)
    with pytest.raises(ebpy.errors.EbpyError, match=r"no shipped object nope\.o"):
        objects.object_path("nope")


def _format_offsets(event: str) -> dict[str, tuple[int, int]]:
    """field -> (offset, size) from a tracepoint's format file."""
    out = {}
    for line in (TRACEFS / "events" / event / "format").read_text().splitlines():
        line = line.strip()
        if not line.startswith("field:"):
            continue
        parts = dict(p.strip().split(":", 1) for p in line.split(";") if ":" in p)
        name = parts["field"].split()[-1].split("[")[0]
        out[name] = (int(parts["offset"]), int(parts["size"]))
    return out


# tracepoint -> (tool object, program, the context struct's fields checked)
TRACEPOINTS = {
    "raw_syscalls/sys_enter": ("syscount", "syscount_enter", ["id", "args"]),
    "syscalls/sys_enter_execve": ("execsnoop", "execsnoop_enter", ["filename", "argv", "envp"]),
    "syscalls/sys_exit_execve": ("execsnoop", "execsnoop_exit", ["ret"]),
    "syscalls/sys_enter_openat": ("opensnoop", "opensnoop_enter", ["filename", "flags", "mode"]),
    "sock/inet_sock_set_state": (
        "tcptracer",
        "tcptracer_state",
        [
            "skaddr",
            "oldstate",
            "newstate",
            "sport",
            "dport",
            "family",
            "protocol",
            "saddr",
            "daddr",
            "saddr_v6",
            "daddr_v6",
        ],
    ),
}


@pytest.mark.kernel
@pytest.mark.parametrize("event", sorted(TRACEPOINTS))
def test_tracepoint_layouts_match_the_kernel(event):
    if not (TRACEFS / "events").is_dir():
        from ebpy.kernel.tracefs import tracefs_root

        tracefs_root()  # mounts tracefs when it is not
    kernel = _format_offsets(event)
    obj, prog, fields = TRACEPOINTS[event]
    spec = ebpy.load_spec(objects.object_path(obj))
    func = spec.btf.get(prog)
    ctx = func.type.params[0].type.resolve().target.resolve()
    assert isinstance(ctx, Composite)
    ours = {}
    for m in ctx.members:
        ours[m.name] = (m.offset // 8, m.type.size)
    assert ours["ent"] == (0, 8)
    for name in fields:
        assert ours[name] == kernel[name], f"{event}: {name}"


# ---- userspace variants ------------------------------------------------------------------------

GETPPID_CALLS = 321


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_syscount_counts_a_supervised_command(ebpy_cli, engine):
    code = f"import os\nfor _ in range({GETPPID_CALLS}): os.getppid()"
    out = ebpy_cli(
        "tool",
        "syscount",
        "-e",
        engine,
        "-n",
        "0",
        "--json",
        "--",
        sys.executable,
        "-S",
        "-c",
        code,
    ).stdout
    rows = {r["key"]: r["value"] for r in json.loads(out.splitlines()[-1])["rows"]}
    assert rows["getppid"] == GETPPID_CALLS
    assert rows["execve"] == 1


def test_syscount_by_process_names_each_process():
    from ebpy.btf.codec import Record
    from ebpy.tools.ref.syscount import rows

    items = [
        (Record(pid=7, nr=59), Record(count=1, comm="sh")),
        (Record(pid=7, nr=0), Record(count=9, comm="cat")),
        (Record(pid=8, nr=0), Record(count=2, comm="sh")),
    ]
    assert [(r.key, r.value) for r in rows(items, True, None)] == [("7 cat", 10), ("8 sh", 2)]
    assert [(r.key, r.value) for r in rows(items, False, 1)] == [("read", 11)]


def test_syscount_supervised_text(ebpy_cli):
    out = ebpy_cli("tool", "syscount", "-e", "interp", "-P", "--style", "bcc", "--", "/bin/true")
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["PID", "COMM", "COUNT", "%"]
    assert any(line.split()[1] == "true" for line in lines[1:])
    assert "Tracing system calls of /bin/true..." in out.stderr


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_opensnoop_sees_a_supervised_command_open_files(ebpy_cli, tmp_path, engine):
    target = tmp_path / "hello.txt"
    target.write_text("hi\n")
    out = ebpy_cli(
        "tool", "opensnoop", "-e", engine, "--comm", "cat", "--json",
        "--filter", f"path == '{target}'", "--", "/bin/cat", str(target),
    ).stdout  # fmt: skip
    events = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert len(events) == 1
    (ev,) = events
    assert ev["comm"] == "cat" and ev["path"] == str(target) and "ret" not in ev
    assert ev["flags"] & 0o3 == os.O_RDONLY


def test_opensnoop_supervised_table_and_comm_filter(ebpy_cli, tmp_path):
    target = tmp_path / "x.txt"
    target.write_text("")
    # --comm sh: cat's opens are filtered out in the program (a const volatile), before the ring
    out = ebpy_cli(
        "tool", "opensnoop", "-e", "interp", "--comm", "sh", "--",
        "/bin/sh", "-c", f"/bin/cat {target} > {tmp_path / 'y.txt'}",
    ).stdout  # fmt: skip
    lines = out.splitlines()
    assert lines[0].split() == ["PID", "COMM", "FLAGS", "PATH"]
    rows = [line.split() for line in lines[1:]]
    assert all(r[1] == "sh" for r in rows)
    assert any(r[-1] == str(tmp_path / "y.txt") and int(r[2], 8) & os.O_CREAT for r in rows)
    assert not any(r[-1] == str(target) for r in rows)


def test_opensnoop_errors(ebpy_cli):
    proc = ebpy_cli("tool", "opensnoop", "--failed", "--", "/bin/true", check=False)
    assert proc.returncode == 1 and "--failed needs the kernel" in proc.stderr
    proc = ebpy_cli("tool", "opensnoop", "--comm", "x" * 16, "--", "/bin/true", check=False)
    assert proc.returncode == 1 and "a command name is 1 to 15 bytes" in proc.stderr


# ---- captures: pktsize and firewall ------------------------------------------------------------


def _eth(proto: int) -> bytes:
    return bytes(6) + bytes.fromhex("020000000001") + struct.pack("!H", proto)


def _ipv4(src: str, proto: int, payload: int) -> bytes:
    total = 20 + payload
    hdr = struct.pack(
        "!BBHHHBBH4s4s", 0x45, 0, total, 1, 0, 64, proto, 0,
        ipaddress.IPv4Address(src).packed, ipaddress.IPv4Address("192.0.2.1").packed,
    )  # fmt: skip
    return _eth(0x0800) + hdr + bytes(payload)


def _ipv6(src: str, proto: int, payload: int) -> bytes:
    hdr = struct.pack("!IHBB", 6 << 28, payload, proto, 64)
    hdr += ipaddress.IPv6Address(src).packed + ipaddress.IPv6Address("2001:db8:ffff::1").packed
    return _eth(0x86DD) + hdr + bytes(payload)


FRAMES = [
    _ipv4("10.1.2.3", 6, 26),  # 60 bytes, tcp
    _ipv4("10.9.9.9", 6, 50),  # 84, tcp
    _ipv4("192.0.2.7", 17, 86),  # 120, udp
    _ipv4("192.0.2.8", 17, 1486),  # 1520, udp
    _ipv6("2001:db8::5", 17, 100),  # 154, udp over IPv6
    _ipv6("2001:db9::5", 58, 10),  # 64, icmpv6
    _eth(0x0806) + bytes(28),  # 42, ARP: "other"
]


@pytest.fixture
def frames_pcap(tmp_path) -> Path:
    from ebpy.hooks.packets import write_capture

    path = tmp_path / "frames.pcap"
    write_capture(path, FRAMES)
    return path


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_pktsize_over_a_capture(ebpy_cli, frames_pcap, engine):
    out = ebpy_cli("tool", "pktsize", "--pcap", str(frames_pcap), "-e", engine, "--json").stdout
    hists = {
        h["labels"]["proto"]: {b["low"]: b["count"] for b in h["buckets"] if b["count"]}
        for h in json.loads(out)["histograms"]
    }
    assert hists == {
        "other": {32: 1},
        "tcp": {32: 1, 64: 1},
        "udp": {64: 1, 128: 1, 1024: 1},
        "icmpv6": {64: 1},
    }


def test_pktsize_text_sections_and_combined(ebpy_cli, frames_pcap):
    out = ebpy_cli("tool", "pktsize", "--pcap", str(frames_pcap), "--style", "bcc").stdout
    assert "\nproto = tcp\n     bytes               : count     distribution\n" in out
    assert "\nproto = udp\n" in out
    out = ebpy_cli("tool", "pktsize", "--pcap", str(frames_pcap), "--combine", "--style", "bcc")
    lines = out.stdout.splitlines()
    assert lines[0] == "     bytes               : count     distribution"
    assert "        64 -> 127        : 3        |****************************************|" in lines


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_firewall_over_a_capture(ebpy_cli, frames_pcap, tmp_path, engine):
    from ebpy.hooks.packets import read_capture

    passed = tmp_path / "passed.pcap"
    out = ebpy_cli(
        "tool", "firewall", "--pcap", str(frames_pcap), "-e", engine, "--json",
        "--block", "10.0.0.0/8", "--block", "2001:db8::/32", "--block", "192.0.2.8",
        "--out", str(passed),
    ).stdout  # fmt: skip
    report = json.loads(out)
    assert report["frames"] == 7 and report["written"] == 3
    assert report["verdicts"] == {"aborted": 0, "drop": 4, "pass": 3, "tx": 0, "redirect": 0}
    assert report["rules"] == [
        {"prefix": "10.0.0.0/8", "packets": 2, "bytes": 60 + 84},
        {"prefix": "192.0.2.8/32", "packets": 1, "bytes": 1520},
        {"prefix": "2001:db8::/32", "packets": 1, "bytes": 154},
    ]
    kept = [f.data for f in read_capture(passed)]
    assert kept == [FRAMES[2], FRAMES[5], FRAMES[6]]


def test_firewall_text_and_errors(ebpy_cli, frames_pcap):
    out = ebpy_cli("tool", "firewall", "--pcap", str(frames_pcap), "--block", "10.1.0.0/16").stdout
    lines = out.splitlines()
    assert lines[0] == "blocked 10.1.0.0/16"
    assert lines[1].split() == ["PREFIX", "PACKETS", "BYTES"]
    assert lines[2].split() == ["10.1.0.0/16", "1", "60"]
    assert lines[3] == "verdicts: aborted 0, drop 1, pass 6, tx 0, redirect 0"
    for args, message in [
        (["--block", "10.0.0.300/8"], "'10.0.0.300/8' is not an IP prefix"),
        (["--unblock", "10.0.0.0/8"], "10.0.0.0/8 is not blocked"),
        (["--detach"], "--detach goes with --iface"),
    ]:
        proc = ebpy_cli("tool", "firewall", "--pcap", str(frames_pcap), *args, check=False)
        assert proc.returncode == 1 and message in proc.stderr, proc.stderr


def test_tool_list_and_usage(ebpy_cli):
    proc = ebpy_cli("tool", "--help", check=False)
    assert proc.returncode == 0
    for name in ("execsnoop", "opensnoop", "syscount", "tcptracer", "pktsize", "firewall"):
        assert name in proc.stdout
    proc = ebpy_cli("tool", "pktsize", check=False)
    assert proc.returncode == 2 and "one of the arguments --iface --pcap is required" in proc.stderr
