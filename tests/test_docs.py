"""Every example in the docs runs: fenced blocks marked `test` are executed in order, per page,
in a fresh folder that links the repository's examples/ and benchmarks/.

Marks on a fence's info string (after the language):
- `test`: run it (sh: bash -euo pipefail; python: the venv's Python); `exit=N` expects that
  status; `kernel`: needs the kernel engine (skipped with the reason where it cannot run);
  `cwd=DIR`: run in DIR of the repository instead (e.g. `tests`, for its helper packages);
  `env=NAME=VALUE`: run with NAME set to VALUE, also where the block assigns it (how a long
  fuzzing command runs small here);
- `file=NAME`: not run; written to NAME before the page's blocks run, so a program's source
  can come after the commands that use it;
- `expect`: a text block whose lines must each appear, in order, inside lines of the output
  of the test block just before it (trailing spaces aside; skipped with that block);
- `cleanup`: run at the end of the page even when a block failed (undoes what a kernel
  example left attached);
- `synopsis`: command lines the suite does not run (a usage summary, a benchmark that takes
  minutes). For `ebpy ...` every option named exists with those choices, and unless the
  lines say `[...]` they name every option the command has; for `python SCRIPT.py ...` the
  script exists and defines every option named;
- `ci`: set-up commands; each is one `.ci/run` runs (the suite cannot run itself);
- `illustration`: not an example (a diagram, a sketch, a shortened copy); ILLUSTRATIONS
  lists them so they stay few.

Pages in OTHER_RUNNERS are run by their own test file instead (every plain ```python and ```sh
block, in order). Every other fenced block of every page must carry one of the marks above.
The API pages (docs/api) must be what `python -m ebpy.tools.apidoc docs/api` generates."""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import re
import shlex
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^(`{3,})(.*)$")
BLOCK_TIMEOUT = 300
# Kernel examples attach to shared interfaces (lo): one page at a time across test workers.
KERNEL_LOCK = Path("/tmp/ebpy-docs-kernel.lock")

# ---- the pages, in one place ----------------------------------------------------------------
# Every documentation page: the README and docs/ but the generated API reference.
PAGES = sorted(
    [ROOT / "README.md", *(p for p in (ROOT / "docs").rglob("*.md") if "api" not in p.parts)]
)
# Pages whose examples another test file runs (in one Python namespace, with its own checks).
OTHER_RUNNERS = {
    "docs/embedding.md": "tests/test_embed_docs.py",
    "docs/hooks/packets.md": "tests/test_hooks_packets_docs.py",
}
# The README's first blocks: its set-up commands, which
# test_setup_commands_at_the_top_of_the_readme_stay_true checks (they install the project).
README_SETUP = 2
# Blocks that are not examples, by page: a new one is a decision, made here.
ILLUSTRATIONS = {
    "docs/design.md": 2,  # the pipeline diagram; the API sketch of the design
    "docs/embedding.md": 2,  # a shortened copy of the example plugin; the HTTP session
    "docs/hooks/packets.md": 2,  # the command's printed table; the live bridge (needs two NICs)
}


def _name(page: Path) -> str:
    return page.relative_to(ROOT).as_posix() if page.is_relative_to(ROOT) else page.as_posix()


@dataclass
class Block:
    path: Path
    line: int  # of the opening fence
    lang: str
    marks: set[str] = field(default_factory=set)
    options: dict[str, str] = field(default_factory=dict)
    text: str = ""
    info: str = ""  # the whole info string after the ticks

    @property
    def where(self) -> str:
        return f"{_name(self.path)}:{self.line}"

    @property
    def runs(self) -> bool:
        return "test" in self.marks or "cleanup" in self.marks


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
        block = Block(
            path, i + 1, info[0] if info else "", text="\n".join(body) + "\n", info=m.group(2)
        )
        for word in info[1:]:
            key, sep, value = word.partition("=")
            if sep:
                block.options[key] = value
            else:
                block.marks.add(word)
        out.append(block)
        i = j + 1
    return out


def _runnable_pages() -> list[Path]:
    return [p for p in PAGES if _name(p) not in OTHER_RUNNERS and any(b.runs for b in blocks(p))]


DOCS = _runnable_pages()


# ---- running a page ---------------------------------------------------------------------------
def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "100"
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_ADDOPTS", None)
    # A test run an example starts (`pytest -n auto`) stays in one process: the suite around
    # it already uses every core.
    env["PYTEST_XDIST_AUTO_NUM_WORKERS"] = "0"
    return env


def _run(block: Block, cwd: Path) -> subprocess.CompletedProcess[str]:
    env, text = _env(), block.text
    if "env" in block.options:
        name, _, value = block.options["env"].partition("=")
        env[name] = value
        text = re.sub(rf"\b{re.escape(name)}=\S*", f"{name}={value}", text)
    if block.lang in ("sh", "bash", "console"):
        cmd = ["bash", "-euo", "pipefail", "-c", text]
    elif block.lang == "python":
        cmd = [sys.executable, "-c", text]
    else:
        raise AssertionError(f"{block.where}: cannot run a {block.lang!r} block")
    if "cwd" in block.options:
        cwd = ROOT / block.options["cwd"]
    return subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=BLOCK_TIMEOUT
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


@contextlib.contextmanager
def _kernel_lock():
    with open(KERNEL_LOCK, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _write_files(found: list[Block], cwd: Path) -> None:
    for block in found:
        if "file" in block.options:
            target = cwd / block.options["file"]
            assert not target.exists(), f"{block.where}: {target.name} is written twice"
            target.write_text(block.text)


@pytest.mark.parametrize("doc", DOCS, ids=_name)
def test_doc_examples_run(doc: Path, tmp_path: Path):
    from ebpy.testing import kernel_unavailable

    found = blocks(doc)
    cwd = _workdir(tmp_path)
    needs_kernel = any("kernel" in b.marks for b in found if b.runs)
    reason = kernel_unavailable() if needs_kernel else None
    lock = _kernel_lock() if needs_kernel and reason is None else contextlib.nullcontext()
    skipped = []
    _write_files(found, cwd)
    with lock:
        try:
            last_output: str | None = ""  # None: the block before was skipped
            for block in found:
                if "expect" in block.marks:
                    if last_output is not None:
                        _check_expect(block, last_output)
                elif "test" in block.marks:
                    if "kernel" in block.marks and reason is not None:
                        skipped.append(block.where)
                        last_output = None
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


# ---- every block is accounted for -------------------------------------------------------------
CHECKED = {"test", "cleanup", "expect", "synopsis", "ci", "illustration"}


def _unaccounted(page: Path) -> list[str]:
    """Blocks of `page` that no test runs or checks and that are not marked illustrations."""
    found = blocks(page)
    if _name(page) in OTHER_RUNNERS:
        # run_doc runs plain ```python and ```sh blocks; anything else must be marked.
        return [
            b.where
            for b in found
            if b.info not in ("python", "sh") and "illustration" not in b.marks
        ]
    if _name(page) == "README.md":
        found = found[README_SETUP:]
    bad = [b.where for b in found if not (b.marks & CHECKED or "file" in b.options)]
    previous: Block | None = None
    for b in found:
        if "expect" in b.marks and (previous is None or "test" not in previous.marks):
            bad.append(f"{b.where} (expect without a test block before it)")
        if "file" not in b.options:
            previous = b
    return bad


def test_every_page_is_known():
    names = {_name(p) for p in PAGES}
    assert {"README.md", "docs/tour.md", "docs/kernel.md", "docs/hooks/syscalls.md"} <= names
    assert set(OTHER_RUNNERS) <= names
    for page, runner in OTHER_RUNNERS.items():
        assert Path(page).name in (ROOT / runner).read_text(), f"{runner} does not run {page}"
    # Pages with blocks to run are parametrised; a page with none is not (no skipped cases).
    assert "docs/tools/index.md" in names and ROOT / "docs/tools/index.md" not in DOCS


def test_every_block_is_run_or_marked():
    bad = [where for page in PAGES for where in _unaccounted(page)]
    assert not bad, "fenced blocks no test runs and not marked `illustration`: " + ", ".join(bad)


def test_illustrations_stay_few():
    found = Counter(_name(p) for p in PAGES for b in blocks(p) if "illustration" in b.marks)
    assert dict(found) == ILLUSTRATIONS


# ---- synopses and set-up blocks ---------------------------------------------------------------
SYNOPSES = [b for p in PAGES for b in blocks(p) if "synopsis" in b.marks]
# An option, and the choices written after it (`--engine jit|interp`).
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)(?:[ =]([\w-]+(?:\|[\w-]+)+))?")
WORD = re.compile(r"[a-z][a-z0-9_-]*")


def _command_parser(words: list[str]) -> argparse.ArgumentParser:
    from ebpy.cli.main import build_parser

    parser = build_parser()
    for word in words:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[word]
    return parser


def _lines(text: str) -> list[str]:
    """Command lines: indented lines and lines after a backslash continue the line before."""
    lines: list[str] = []
    joined = False
    for line in text.splitlines():
        if (joined or line[:1].isspace()) and lines:
            lines[-1] += " " + line.strip()
        elif line.strip():
            lines.append(line.strip())
        joined = line.endswith("\\")
        if joined:
            lines[-1] = lines[-1][:-1].rstrip()
    return lines


def _synopsis_commands(block: Block) -> dict[tuple[str, ...], list[str]]:
    """`ebpy` lines of the synopsis by command (`("tool", "firewall")`)."""
    commands: dict[tuple[str, ...], list[str]] = {}
    for line in _lines(block.text):
        head, *rest = line.split()
        if head != "ebpy":
            continue
        words = []
        for token in rest:
            if not WORD.fullmatch(token):
                break
            words.append(token)
        commands.setdefault(tuple(words), []).append(line)
    return commands


def _check_script_line(block: Block, line: str) -> None:
    words = line.split()
    assert words[0] == "python" and words[1].endswith(".py"), (
        f"{block.where}: a synopsis line is `ebpy ...` or `python SCRIPT.py ...`: {line!r}"
    )
    script = ROOT / words[1]
    assert script.is_file(), f"{block.where}: no script {words[1]}"
    source = script.read_text()
    for option, _ in OPTION.findall(line):
        assert f'"{option}"' in source, f"{block.where}: {words[1]} has no option {option}"


@pytest.mark.parametrize("block", SYNOPSES, ids=lambda b: b.where)
def test_synopsis_matches_the_command(block: Block):
    for line in _lines(block.text):
        if not line.startswith("ebpy "):
            _check_script_line(block, line)
    for words, lines in _synopsis_commands(block).items():
        parser = _command_parser(list(words))
        name = " ".join(("ebpy", *words))
        actions = {s: a for a in parser._actions for s in a.option_strings}
        named = set()
        for line in lines:
            for option, choices in OPTION.findall(line):
                assert option in actions, f"{block.where}: {name} has no option {option}"
                action = actions[option]
                named.add(action)
                if choices:
                    assert set(choices.split("|")) == {str(c) for c in action.choices or ()}, (
                        f"{block.where}: {name} {option} takes {action.choices}, not {choices}"
                    )
        if not any("[...]" in line for line in lines):
            missing = [
                a.option_strings[-1]
                for a in parser._actions
                if a.option_strings and a.dest != "help" and a not in named
            ]
            assert not missing, f"{block.where}: {name}'s synopsis lacks {missing} (or `[...]`)"


def _commands(text: str) -> set[tuple[str, ...]]:
    """Shell commands of a script as words; `pip` is `python -m pip`, `-q` does not count."""
    out = set()
    for line in _lines(text):
        words = [w for w in shlex.split(line, comments=True) if w != "-q"]
        while words:
            command = words[: words.index("&&")] if "&&" in words else words
            words = words[len(command) + 1 :]
            if command[:1] == ["pip"]:
                command = ["python", "-m", *command]
            out.add(tuple(command))
    return out


def test_setup_blocks_are_what_ci_runs():
    ci = _commands((ROOT / ".ci" / "run").read_text())
    setup = [b for p in PAGES for b in blocks(p) if "ci" in b.marks]
    assert setup, "development.md's set-up block is marked `ci`"
    for block in setup:
        extra = sorted(" ".join(c) for c in _commands(block.text) - ci)
        assert not extra, f"{block.where}: .ci/run does not run {extra}"


def test_setup_commands_at_the_top_of_the_readme_stay_true(tmp_path):
    """The two set-up commands: the files they name exist and what they run after installing
    works here (the install itself is what `.ci/run` does on a clean clone)."""
    setup = blocks(ROOT / "README.md")[:README_SETUP]
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


# ---- generated pages and links ----------------------------------------------------------------
def test_api_reference_is_up_to_date():
    from ebpy.tools import apidoc

    stale = apidoc.stale(ROOT / "docs" / "api")
    assert not stale, f"regenerate with `python -m ebpy.tools.apidoc docs/api`: {stale}"


def test_doc_links_point_at_files():
    """Relative links in every page and in docs/api name files that exist."""
    for page in [*PAGES, *(ROOT / "docs" / "api").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text()):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (page.parent / target).exists(), f"{_name(page)}: broken link {target}"


# ---- the checks themselves --------------------------------------------------------------------
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


def test_blocks_no_test_accounts_for_are_found(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nx = 1\n```\n"  # 1: unmarked
        "```c file=a.c\nint a;\n```\n"
        "```text expect\nx\n```\n"  # 7: nothing ran before it
        "```sh test\necho x\n```\n```text expect\nx\n```\n"
        "```text illustration\na -> b\n```\n"
    )
    where = f"{page.as_posix()}:"
    assert _unaccounted(page) == [f"{where}1", f"{where}7 (expect without a test block before it)"]


def _synopsis(text: str) -> Block:
    return Block(Path("page.md"), 1, "text", {"synopsis"}, text=text)


def test_synopsis_check_finds_what_the_command_does_not_have():
    load = "ebpy load OBJ [--program NAME] [--maps] [--json] [...]\n"
    test_synopsis_matches_the_command(_synopsis(load))
    wrong = [
        load.replace("--maps", "--map"),  # no such option
        load.replace(" [...]", ""),  # claims to be complete
        load.replace("[--maps]", "[--xdp-mode native|offload]"),  # other choices
        "python benchmarks/bench_jit.py --repeat 10 --no-such-option\n",
        "python benchmarks/no_such_bench.py\n",
    ]
    for text in wrong:
        with pytest.raises(AssertionError):
            test_synopsis_matches_the_command(_synopsis(text))


def test_setup_commands_are_compared_as_commands():
    text = "python3 -m venv .venv && . .venv/bin/activate  # comment\npip install -q \\\n  -e '.[dev]'\n"
    assert _commands(text) == {
        ("python3", "-m", "venv", ".venv"),
        (".", ".venv/bin/activate"),
        ("python", "-m", "pip", "install", "-e", ".[dev]"),
    }


def test_env_option_replaces_the_blocks_own_setting(tmp_path):
    block = Block(
        tmp_path / "p.md", 1, "sh", {"test"}, {"env": "N=1"}, text="N=500 bash -c 'echo $N'\n"
    )
    assert _run(block, tmp_path).stdout == "1\n"


def test_without_the_kernel_its_examples_and_their_output_are_skipped(tmp_path, monkeypatch):
    import ebpy.testing

    monkeypatch.setattr(ebpy.testing, "kernel_unavailable", lambda: "no bpf() here")
    page = tmp_path / "page.md"
    page.write_text(
        "```sh test kernel\necho kernel\n```\n```text expect\nkernel\n```\n"
        "```sh test\necho user > ran.txt; echo user\n```\n```text expect\nuser\n```\n"
    )
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(pytest.skip.Exception, match=r"page.md:1 skipped: no bpf\(\) here"):
        test_doc_examples_run(page, work)
    assert (work / "ran.txt").read_text() == "user\n"
