"""pytest-ebpy: fixtures to compile, load and test-run your eBPF programs on every engine.

Installed with ebpy (entry point `pytest11: ebpy`), so a test only names the fixtures:

    def test_drops_blocked(bpf_compile, bpf_load, bpf_engine):
        obj = bpf_compile(SOURCE)                 # C text or a .c Path -> cached object
        coll = bpf_load(obj, constants={"port": 80})
        r = coll.programs["xdp_prog"].test_run(data=frame)
        assert r.retval == XDP_DROP

- `bpf_engine`: the test runs once per engine, "interp", "jit" and "kernel"; the kernel
  run is skipped, with the reason, where the kernel's eBPF is not usable (not root, not
  Linux, no bpf()). `--ebpy-engines=interp,jit` narrows the set for a whole run; the
  `@pytest.mark.ebpy_engines("interp", "jit")` marker narrows it for one test.
- `bpf_compile(source, name="prog", cflags=())`: C to a BPF object with zig's clang (or
  clang, or $EBPY_CC), ebpy's headers on the include path, cached by content hash in
  pytest's cache folder (or `--ebpy-cache DIR`). Skips the test when there is no compiler.
- `bpf_load(obj, engine=None, constants=None, **options)`: a loaded collection on
  `engine` (default: the test's `bpf_engine`, else "interp"), closed after the test.
- `ebpy_cli(*args, check=True)`: the `ebpy` command run in this process, its output
  captured: `CliResult(returncode, stdout, stderr)` (`check` fails the test on a non-zero
  exit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ebpy.testing.compiler import CompileError, Compiler, find_compiler
from ebpy.testing.kernel import kernel_unavailable

ENGINES = ("interp", "jit", "kernel")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ebpy", "eBPF programs (pytest-ebpy)")
    group.addoption(
        "--ebpy-engines",
        default=",".join(ENGINES),
        metavar="LIST",
        help="engines the bpf_engine fixture runs tests on (default interp,jit,kernel)",
    )
    group.addoption(
        "--ebpy-cache",
        default=None,
        metavar="DIR",
        help="folder for compiled BPF objects (default: in pytest's cache folder)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "ebpy_engines(*names): run this test's bpf_engine only on these engines"
    )
    _selected(config)  # a bad --ebpy-engines is a usage error before collection


def _selected(config: pytest.Config) -> list[str]:
    names = [n.strip() for n in str(config.getoption("--ebpy-engines")).split(",") if n.strip()]
    unknown = [n for n in names if n not in ENGINES]
    if unknown:
        raise pytest.UsageError(
            f"--ebpy-engines: unknown engine {unknown[0]!r} (engines: {', '.join(ENGINES)})"
        )
    return names


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "bpf_engine" not in metafunc.fixturenames:
        return
    engines = _selected(metafunc.config)
    marker = metafunc.definition.get_closest_marker("ebpy_engines")
    if marker is not None:
        wanted = list(marker.args)
        unknown = [n for n in wanted if n not in ENGINES]
        if unknown:
            raise pytest.UsageError(
                f"{metafunc.definition.nodeid}: ebpy_engines: unknown engine {unknown[0]!r}"
            )
        engines = [e for e in engines if e in wanted]
    metafunc.parametrize("bpf_engine", engines, indirect=True, ids=engines)


@pytest.fixture
def bpf_engine(request: pytest.FixtureRequest) -> str:
    """The engine this run of the test uses ("interp", "jit" or "kernel")."""
    engine = str(getattr(request, "param", "interp"))
    if engine == "kernel":
        reason = kernel_unavailable()
        if reason is not None:
            pytest.skip(f"kernel engine: {reason}")
    return engine


@pytest.fixture(scope="session")
def bpf_compile(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """bpf_compile(source, name="prog", cflags=()) -> Path of the compiled object."""
    folder = request.config.getoption("--ebpy-cache")
    pytest_cache = getattr(request.config, "cache", None)
    if folder:
        cache = Path(folder)
    elif pytest_cache is not None:
        cache = pytest_cache.mkdir("ebpy-objects")
    else:  # the cache plugin is disabled (-p no:cacheprovider)
        cache = Path(request.config.rootpath) / ".ebpy-objects"
    compiler = Compiler(cache)
    if compiler.command is None:
        pytest.skip("no C compiler for BPF: pip install ziglang, install clang, or set EBPY_CC")

    def compile_bpf(
        source: str | Path, name: str = "prog", cflags: tuple[str, ...] | list[str] = ()
    ) -> Path:
        try:
            return compiler.compile(source, name, cflags)
        except CompileError as e:
            pytest.fail(str(e), pytrace=False)

    return compile_bpf


@pytest.fixture
def bpf_load(request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """bpf_load(obj, engine=None, constants=None, **options) -> a loaded collection."""
    from ebpy import load_spec
    from ebpy.spec import CollectionSpec

    loaded: list[Any] = []

    def load(
        obj: str | Path | bytes | CollectionSpec,
        engine: str | None = None,
        constants: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> Any:
        if engine is None:
            if "bpf_engine" in request.fixturenames:
                engine = str(request.getfixturevalue("bpf_engine"))
            else:
                engine = "interp"
        elif engine == "kernel":
            reason = kernel_unavailable()
            if reason is not None:
                pytest.skip(f"kernel engine: {reason}")
        if isinstance(obj, CollectionSpec):
            spec = obj.copy()
        else:
            spec = load_spec(str(obj) if isinstance(obj, Path) else obj)
        for name, value in (constants or {}).items():
            spec.constants[name] = value
        coll = spec.load(engine=engine, **options)
        loaded.append(coll)
        return coll

    yield load
    for coll in reversed(loaded):
        coll.close()


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def ebpy_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """ebpy_cli(*args, check=True) -> CliResult of `ebpy ARGS` run in this process."""
    from ebpy.cli.main import main

    def run(*args: str, check: bool = True) -> CliResult:
        capsys.readouterr()  # what the test printed before is not the command's
        try:
            code = main(list(args))
        except SystemExit as e:  # usage errors (2) and --help (0) exit through argparse
            code = e.code if isinstance(e.code, int) else 1
        out, err = capsys.readouterr()
        if check and code != 0:
            pytest.fail(f"ebpy {' '.join(args)} exited {code}: {err.strip()}", pytrace=False)
        return CliResult(code, out, err)

    return run


__all__ = [
    "ENGINES",
    "CliResult",
    "bpf_compile",
    "bpf_engine",
    "bpf_load",
    "ebpy_cli",
    "find_compiler",
]
