"""Every example in the docs runs: fenced blocks marked `test` are executed in order, per file,
in a fresh folder that links the repository's examples/ and benchmarks/.

Marks on a fence's info string (after the language):
- `test`: run it (sh: bash -euo pipefail; python: the venv's Python); `exit=N` expects that
  status; `kernel`: needs the kernel engine (skipped with the reason where it cannot run);
- `file=NAME`: not run; written to NAME for the blocks after it;
- `expect`: a text block whose lines must each appear, in order, inside lines of the output
  of the test block just before it (trailing spaces aside);
- `cleanup`: run at the end of the file even when a block failed (undoes what a kernel
  example left attached).
The API pages (docs/api) must be what `python -m ebpy.tools.apidoc docs/api` generates."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted(
    [ROOT / "README.md", *(ROOT / "docs").glob("tour.md"), *(ROOT / "docs" / "tools").glob("*.md"),
     *(ROOT / "docs" / "hooks").glob("index.md")]
)  # fmt: skip
FENCE = re.compile(r"^(`{3,})(.*)$")
BLOCK_TIMEOUT = 300
# Kernel examples attach to shared interfaces (lo): one file at a time across test workers.
KERNEL_LOCK = Path("/tmp/ebpy-docs-kernel.lock")


@dataclass
class Block:
    path: Path
    line: int  # of the opening fence
    lang: str
    marks: set[str] = field(default_factory=set)
    options: dict[str, str] = field(default_factory=dict)
    text: str = ""

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def blocks(path: Path) -> list[Block]:
    out: list[Block] = []
    lines = path.read_text().splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        ticks, info = m.group(1), m.group(2).split()
        body = []
        j = i + 1
        while j < len(lines) and lines[j].strip() != ticks:
            body.append(lines[j])
            j += 1
        block = Block(path, i + 1, info[0] if info else "", text="\n".join(body) + "\n")
        for word in info[1:]:
            key, sep, value = word.partition("=")
            if sep:
                block.options[key] = value
            else:
                block.marks.add(word)
        out.append(block)
        i = j + 1
    return out


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "100"
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_ADDOPTS", None)
    return env


def _run(block: Block, cwd: Path) -> subprocess.CompletedProcess[str]:
    if block.lang in ("sh", "bash", "console"):
        cmd = ["bash", "-euo", "pipefail", "-c", block.text]
    elif block.lang == "python":
        cmd = [sys.executable, "-c", block.text]
    else:
        raise AssertionError(f"{block.where}: cannot run a {block.lang!r} block")
    return subprocess.run(
        cmd, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=BLOCK_TIMEOUT
    )


def _check_expect(expect: Block, output: str) -> None:
    pos = 0
    for want in expect.text.rstrip("\n").splitlines():
        want = want.rstrip()
        found = -1
        for k, line in enumerate(output.splitlines()[pos:], start=pos):
            if want.strip() in line:
                found = k
                break
        assert found >= 0, f"{expect.where}: expected line {want!r} in:\n{output}"
        pos = found  # the next expected text may be later in the same line


def _workdir(tmp_path: Path) -> Path:
    for name in ("examples", "benchmarks"):
        (tmp_path / name).symlink_to(ROOT / name)
    return tmp_path


def _lock_kernel() -> contextlib.AbstractContextManager[None]:
    @contextlib.contextmanager
    def held():
        with open(KERNEL_LOCK, "w") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    return held()


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_doc_examples_run(doc: Path, tmp_path: Path):
    from ebpy.testing import kernel_unavailable

    found = blocks(doc)
    runnable = [b for b in found if "test" in b.marks or "cleanup" in b.marks]
    if not runnable:
        pytest.skip(f"{doc.name} has no examples to run")
    cwd = _workdir(tmp_path)
    needs_kernel = any("kernel" in b.marks for b in runnable)
    reason = kernel_unavailable() if needs_kernel else None
    lock = _lock_kernel() if needs_kernel and reason is None else contextlib.nullcontext()
    skipped = []
    with lock:
        try:
            last_output = ""
            for block in found:
                if "file" in block.options:
                    (cwd / block.options["file"]).write_text(block.text)
                elif "expect" in block.marks:
                    _check_expect(block, last_output)
                elif "test" in block.marks:
                    if "kernel" in block.marks and reason is not None:
                        skipped.append(block.where)
                        last_output = ""
                        continue
                    proc = _run(block, cwd)
                    want = int(block.options.get("exit", "0"))
                    last_output = proc.stdout + proc.stderr
                    assert proc.returncode == want, (
                        f"{block.where}: exit {proc.returncode}, expected {want}\n"
                        f"{block.text}\n--- stdout:\n{proc.stdout}\n--- stderr:\n{proc.stderr}"
                    )
        finally:
            for block in found:
                if "cleanup" in block.marks and ("kernel" not in block.marks or reason is None):
                    _run(block, cwd)
    if skipped:
        pytest.skip(f"kernel examples at {', '.join(skipped)} skipped: {reason}")


def test_every_doc_page_is_checked():
    """Pages with examples are in DOCS; a new page under docs/tools is picked up by itself."""
    names = {p.relative_to(ROOT).as_posix() for p in DOCS}
    assert {"README.md", "docs/tour.md", "docs/hooks/index.md"} <= names
    tools = {p.stem for p in (ROOT / "docs" / "tools").glob("*.md")}
    assert {"execsnoop", "opensnoop", "syscount", "tcptracer", "pktsize", "firewall"} <= tools


def test_setup_commands_at_the_top_of_the_readme_stay_true(tmp_path):
    """The two set-up commands: the files they name exist and what they run after installing
    works here (the install itself is what `.ci/run` does on a clean clone)."""
    readme = blocks(ROOT / "README.md")
    setup = [b for b in readme[:2]]
    assert all(b.lang == "sh" for b in setup)
    first = setup[0].text.strip()
    assert first.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install . && ")
    run = first.split(" && ")[-1]
    assert run.startswith("ebpy ")
    proc = subprocess.run(
        ["bash", "-c", run], cwd=_workdir(tmp_path), env=_env(), capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    second = setup[1].text.strip()
    assert "pip install -e '.[dev]'" in second and "python -m pytest" in second


def test_api_reference_is_up_to_date():
    from ebpy.tools import apidoc

    stale = apidoc.stale(ROOT / "docs" / "api")
    assert not stale, f"regenerate with `python -m ebpy.tools.apidoc docs/api`: {stale}"


def test_doc_links_point_at_files():
    """Relative links in the pages checked here and in docs/api name files that exist."""
    pages = [*DOCS, *(ROOT / "docs" / "api").glob("*.md")]
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text()):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (page.parent / target).exists(), (
                f"{page.relative_to(ROOT)}: broken link {target}"
            )


def test_block_parser(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```sh test exit=1 kernel\nfalse\n```\ntext\n````c file=a.c\nint x;\n````\n")
    a, b = blocks(page)
    assert (a.lang, a.marks, a.options, a.text) == (
        "sh",
        {"test", "kernel"},
        {"exit": "1"},
        "false\n",
    )
    assert (b.lang, b.options, b.text, b.line) == ("c", {"file": "a.c"}, "int x;\n", 5)
