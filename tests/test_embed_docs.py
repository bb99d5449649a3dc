"""docs/embedding.md as a reader follows it: its Python and shell blocks run in order.

`run_doc` is shared with tests/test_hooks_packets_docs.py: ```python blocks are executed in one
namespace, ```sh blocks line by line with bash (status 0 expected), both in a scratch folder
where `examples/` and `benchmarks/` are the repository's; other blocks are illustrations.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.S | re.M)


def run_doc(doc: Path, workdir: Path) -> None:
    for name in ("examples", "benchmarks"):
        (workdir / name).symlink_to(ROOT / name)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    namespace: dict[str, object] = {"__name__": "__doc__"}
    cwd = Path.cwd()
    os.chdir(workdir)
    try:
        for lang, body in _BLOCK.findall(doc.read_text()):
            if lang == "python":
                exec(compile(body, f"{doc.name} block", "exec"), namespace)
            elif lang == "sh":
                for line in body.splitlines():
                    if line.strip() and not line.lstrip().startswith("#"):
                        proc = subprocess.run(
                            ["bash", "-c", line], capture_output=True, text=True, env=env,
                            timeout=300,
                        )  # fmt: skip
                        assert proc.returncode == 0, f"{line}\n{proc.stderr}"
    finally:
        os.chdir(cwd)


def test_embedding_doc_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_doc(ROOT / "docs" / "embedding.md", tmp_path)
    out = capsys.readouterr().out.split("\n")
    assert out[:5] == ["84 72", "1", "0", "0", "{0: 2, 1: 1}"]
    assert out[5] == "['bpf_map_lookup_elem']"
    # The C text in the doc is the example application's context, comments and all.
    shipped = ROOT / "examples" / "http_filter" / "request.h"
    assert (tmp_path / "request.h").read_text() == shipped.read_text()
