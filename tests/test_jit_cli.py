"""The JIT through the command line: `ebpy conformance-plugin --engine jit`, `ebpy run -e jit`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import BENCH

from ebpy.isa import encode
from ebpy.isa.asm import assemble


def ebpy(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ebpy", *args], capture_output=True, text=True, input=stdin
    )


def test_conformance_plugin_protocol() -> None:
    prog = encode(assemble("ldxh %r0, [%r1+1]\nadd %r0, %r2\nexit")).hex()
    out = ebpy("conformance-plugin", "--engine", "jit", "01 02 03", stdin=prog)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"{0x0302 + 3:x}"
    interp = ebpy("conformance-plugin", "01 02 03", stdin=prog)
    assert interp.stdout == out.stdout


def test_conformance_plugin_reports_a_fault_in_one_line() -> None:
    prog = encode(assemble("ldxdw %r0, [%r1+0]\nexit")).hex()
    out = ebpy("conformance-plugin", "--engine", "jit", "01", stdin=prog)
    assert out.returncode == 1 and out.stdout == ""
    (line,) = out.stderr.strip().splitlines()
    assert "insn 0: invalid 8-byte access" in line and "memory 'memory' of 1 bytes" in line


def test_run_on_the_jit() -> None:
    obj, pkt = BENCH / "xdp_firewall.o", BENCH / "pkt64.bin"
    out = ebpy("run", str(obj), "-e", "jit", "--data-in", str(pkt), "--repeat", "100", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["engine"] == "jit" and result["retval"] == 2 and result["repeat"] == 100
    assert bytes.fromhex(result["data_out"]) == Path(pkt).read_bytes()
    assert result["duration_ns"] > 0
