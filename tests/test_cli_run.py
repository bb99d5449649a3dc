"""`ebpy run` and `ebpy maps` end to end, through `python -m ebpy`."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import BENCH


def ebpy(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ebpy", *args],
        capture_output=True,
        text=True,
        input=None if stdin is None else stdin.decode("latin-1"),
    )


ROOT = Path(__file__).resolve().parent.parent
FIREWALL = str(BENCH / "xdp_firewall.o")
PKT64 = str(BENCH / "pkt64.bin")


def test_run_json_has_the_stable_keys() -> None:
    out = ebpy("run", FIREWALL, "--data-in", PKT64, "--json", "--no-verify", "--repeat", "3")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert {"program", "engine", "retval", "duration_ns", "repeat", "data_out"} <= set(result)
    assert result["program"] == "xdp_firewall" and result["engine"] == "interp"
    assert result["retval"] == 2 and result["repeat"] == 3
    assert bytes.fromhex(result["data_out"]) == Path(PKT64).read_bytes()


def test_run_maps_shows_typed_contents() -> None:
    out = ebpy("run", FIREWALL, "--data-in", PKT64, "--json", "--maps", "--no-verify")
    maps = {m["name"]: m for m in json.loads(out.stdout)["maps"]}
    verdicts = {e["key"]: e["value"] for e in maps["verdicts"]["entries"]}
    assert verdicts == {0: 0, 1: 0, 2: 1, 3: 0, 4: 0}
    (flow,) = maps["flows"]["entries"]
    assert flow["key"]["proto"] == 6 and flow["value"] == 1


def test_maps_command_after_a_run_and_as_declared() -> None:
    out = ebpy("maps", FIREWALL, "--data-in", PKT64, "--json", "--no-verify", "--repeat", "4")
    assert out.returncode == 0, out.stderr
    maps = {m["name"]: m for m in json.loads(out.stdout)}
    assert {e["key"]: e["value"] for e in maps["verdicts"]["entries"]}[2] == 4
    declared = ebpy("maps", FIREWALL, "--no-verify")
    assert (
        declared.returncode == 0 and "flows" in declared.stdout and "struct flow" in declared.stdout
    )


def test_run_writes_data_out(tmp_path: Path) -> None:
    dest = tmp_path / "out.bin"
    out = ebpy("run", FIREWALL, "--data-in", PKT64, "--data-out", str(dest), "--no-verify")
    assert out.returncode == 0 and dest.read_bytes() == Path(PKT64).read_bytes()
    assert "retval 2" in out.stdout


@pytest.mark.parametrize(
    "args,message",
    [
        (["run", "/nonexistent.o"], "nonexistent.o"),
        (["run", FIREWALL, "--program", "nope", "--no-verify"], "no program 'nope'"),
        (["run", FIREWALL, "--repeat", "0", "--no-verify"], "--repeat"),
        (["run", FIREWALL, "--data-in", "/nonexistent.bin", "--no-verify"], "nonexistent.bin"),
        (["run", PKT64], "not an ELF"),
        (["run", FIREWALL, "--type", "bogus", "--no-verify"], "unknown program type"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(args: list[str], message: str) -> None:
    out = ebpy(*args)
    assert out.returncode == 1, out.stdout + out.stderr
    assert out.stderr.count("\n") == 1 and message in out.stderr
    assert "Traceback" not in out.stderr


def test_usage_errors_exit_2() -> None:
    assert ebpy("run").returncode == 2
    assert ebpy("run", FIREWALL, "--engine", "gpu").returncode == 2


def test_a_bug_in_ebpy_is_one_line_too(monkeypatch, capsys) -> None:
    """An exception that is not an ebpy error (a bug) still ends in one line and exit 1;
    EBPY_TRACEBACK=1 lets it through for whoever debugs it."""
    from ebpy.cli import main as cli
    from ebpy.cli.commands import disasm

    def broken(args):
        raise IndexError("list index out of range")

    monkeypatch.setattr(disasm, "run", broken)
    monkeypatch.delenv("EBPY_TRACEBACK", raising=False)
    assert cli.main(["disasm", FIREWALL]) == 1
    err = capsys.readouterr().err
    assert err == (
        "ebpy disasm: error: internal error: IndexError: list index out of range "
        "(a bug in ebpy; EBPY_TRACEBACK=1 shows where)\n"
    )
    monkeypatch.setenv("EBPY_TRACEBACK", "1")
    with pytest.raises(IndexError):
        cli.main(["disasm", FIREWALL])


def test_const_sets_a_global_before_the_run(tmp_path: Path) -> None:
    """`--const NAME=VALUE` (or `--set`) as in every command that loads an object."""
    from ebpy.hooks.packets import frames as F

    dns = tmp_path / "dns.bin"
    dns.write_bytes(F.udp4(dport=53))
    obj = str(ROOT / "examples" / "xdp" / "port_filter.o")
    default = json.loads(ebpy("run", obj, "--data-in", str(dns), "--json").stdout)
    blocked = json.loads(
        ebpy("run", obj, "--data-in", str(dns), "--const", "blocked_port=53", "--json").stdout
    )
    same = json.loads(
        ebpy("run", obj, "--data-in", str(dns), "--set", "blocked_port=0x35", "--json").stdout
    )
    assert (default["retval"], blocked["retval"], same["retval"]) == (2, 1, 1)
    out = ebpy("run", obj, "--data-in", str(dns), "--const", "nope=1")
    assert out.returncode == 1
    assert (
        out.stderr == f"ebpy run: error: {obj}: no global variable 'nope' (known: blocked_port)\n"
    )


def test_every_loading_command_takes_const() -> None:
    from ebpy.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    loading = ["run", "load", "xdp", "supervise", "pyprobe", "hist", "top", "events", "export"]
    for name in loading:
        options = {s for a in sub.choices[name]._actions for s in a.option_strings}
        assert {"--const", "--set"} <= options, name


def test_map_entry_fills_a_map_before_the_run() -> None:
    import socket
    import struct

    source = struct.unpack("<I", socket.inet_aton("10.0.0.1"))[0]  # pkt64's source address
    out = ebpy("run", FIREWALL, "--data-in", PKT64, "--map-entry", "blocked", str(source), "--json")
    assert json.loads(out.stdout)["retval"] == 1  # XDP_DROP
    bad = ebpy("run", FIREWALL, "--data-in", PKT64, "--map-entry", "nope", "1")
    assert bad.returncode == 1 and bad.stderr == (
        "ebpy run: error: no map 'nope' (maps: blocked, flows, verdicts)\n"
    )
