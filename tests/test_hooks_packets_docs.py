"""docs/hooks/packets.md as a reader follows it (the live bridge's blocks are illustrations;
tests/test_hooks_packets_live.py runs the bridge)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebpy.hooks.packets import read_capture
from test_embed_docs import run_doc

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "xdp"


def test_packets_doc_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_doc(ROOT / "docs" / "hooks" / "packets.md", tmp_path)
    out = capsys.readouterr().out.split("\n")
    # ttl_rewrite: the echo request goes back (TX), the rest passes; 8 IPv4 frames changed.
    assert out[0] == "{'aborted': 0, 'drop': 0, 'pass': 11, 'tx': 1, 'redirect': 0} 12 8"
    assert out[1] == "{0: 0, 1: 0, 2: 11, 3: 1, 4: 0}"
    assert out[2] == "1700000000000000000 63"
    assert len(read_capture(tmp_path / "passed.pcap")) == 10
    assert (tmp_path / "port_filter.o").is_file()


def test_example_capture_is_what_its_script_writes(tmp_path: Path) -> None:
    import runpy

    script = runpy.run_path(str(EXAMPLES / "traffic.py"))
    shipped = [(f.data, f.timestamp_ns) for f in read_capture(EXAMPLES / "traffic.pcap")]
    assert shipped == [(f.data, f.timestamp_ns) for f in script["traffic"]()]
