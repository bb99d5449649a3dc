"""pytest-ebpy, tested as users meet it: test files run by pytester with the plugin loaded."""

from __future__ import annotations

import pytest

from ebpy.testing import kernel_unavailable

pytest_plugins = ["pytester"]

PROGRAM = r'''
SOURCE = r"""
#include <ebpy/xdp.h>
const volatile __u8 drop_first = 0xff;
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1);
         __type(key, __u32); __type(value, __u64); } seen SEC(".maps");
SEC("xdp") int filter(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    __u8 *p = data;
    __u32 zero = 0;
    __u64 *n = bpf_map_lookup_elem(&seen, &zero);
    if (n)
        __sync_fetch_and_add(n, 1);
    if ((void *)(p + 1) > end)
        return XDP_ABORTED;
    return *p == drop_first ? XDP_DROP : XDP_PASS;
}
char _license[] SEC("license") = "GPL";
"""
'''


@pytest.fixture
def run(pytester, monkeypatch):
    """Run pytester with only our plugin (no other entry points, no xdist)."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")

    def go(*args: str):
        return pytester.runpytest("-p", "ebpy.testing.plugin", "-rs", *args)

    return go


def test_engines_fixture_compiles_loads_and_runs(pytester, run):
    pytester.makepyfile(
        PROGRAM
        + """
def test_drop(bpf_compile, bpf_load, bpf_engine):
    obj = bpf_compile(SOURCE, "filter")
    coll = bpf_load(obj, constants={"drop_first": 7})
    prog = coll.programs["filter"]
    assert prog.test_run(data=b"\\x07" + bytes(63)).retval == 1   # XDP_DROP
    assert prog.test_run(data=b"\\x08" + bytes(63)).retval == 2   # XDP_PASS
    assert coll.maps["seen"][0] == 2
    assert getattr(coll, "engine", None) is not None
"""
    )
    result = run("-v")
    if kernel_unavailable() is None:
        result.assert_outcomes(passed=3)
    else:
        result.assert_outcomes(passed=2, skipped=1)
        result.stdout.fnmatch_lines(["*SKIPPED*kernel engine: *"])
    result.stdout.fnmatch_lines(["*test_drop?interp? PASSED*", "*test_drop?jit? PASSED*"])


def test_engine_selection_by_option_and_marker(pytester, run):
    pytester.makepyfile(
        """
import pytest

def test_any(bpf_engine):
    assert bpf_engine in ("interp", "jit", "kernel")

@pytest.mark.ebpy_engines("jit")
def test_jit_only(bpf_engine):
    assert bpf_engine == "jit"
"""
    )
    result = run("-v", "--ebpy-engines=interp,jit")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*test_any?interp?*", "*test_any?jit?*", "*test_jit_only?jit?*"])
    result = run("--ebpy-engines=interp,bogus")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--ebpy-engines: unknown engine 'bogus'*"])


def test_collections_are_closed_after_each_test(pytester, run):
    pytester.makepyfile(
        PROGRAM
        + """
held = []

def test_load(bpf_compile, bpf_load):
    coll = bpf_load(bpf_compile(SOURCE, "filter"))   # no bpf_engine: the interpreter
    assert coll.engine.name == "interp"
    held.append(coll)

def test_closed_after():
    import pytest
    from ebpy.errors import MapError
    with pytest.raises(MapError, match="closed"):
        held[0].maps["seen"][0]
"""
    )
    run().assert_outcomes(passed=2)


def test_compile_cache_and_errors(pytester, run, tmp_path):
    cache = tmp_path / "objects"
    pytester.makepyfile(
        PROGRAM
        + """
def test_cached(bpf_compile):
    first = bpf_compile(SOURCE, "filter")
    stamp = first.stat().st_mtime_ns
    again = bpf_compile(SOURCE, "filter")
    assert again == first and again.stat().st_mtime_ns == stamp
    other = bpf_compile(SOURCE, "filter", cflags=["-DX=1"])
    assert other != first

def test_broken(bpf_compile):
    bpf_compile("int main( { return 0; }", "broken")
"""
    )
    result = run(f"--ebpy-cache={cache}")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*compiling broken failed:*"])
    assert len(list(cache.glob("filter-*.o"))) == 2
    assert not list(cache.glob("*.tmp"))


def test_without_pytests_cache_plugin(pytester, run):
    pytester.makepyfile(
        PROGRAM
        + """
def test_compiles(bpf_compile):
    assert bpf_compile(SOURCE, "filter").parent.name == ".ebpy-objects"
"""
    )
    run("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_compile_from_a_file_with_local_headers(pytester, run):
    pytester.makefile(".h", local="#define VERDICT XDP_PASS\n")
    pytester.makefile(
        ".c",
        prog='#include <ebpy/xdp.h>\n#include "local.h"\n'
        'SEC("xdp") int f(struct xdp_md *c) { return VERDICT; }\n'
        'char _license[] SEC("license") = "GPL";\n',
    )
    pytester.makepyfile(
        """
from pathlib import Path

def test_file(bpf_compile, bpf_load):
    obj = bpf_compile(Path("prog.c"))
    assert obj.name.startswith("prog-")
    assert bpf_load(obj, engine="interp").programs["f"].test_run(data=bytes(14)).retval == 2
"""
    )
    run().assert_outcomes(passed=1)


def test_ebpy_cli_runs_the_command_in_process(pytester, run):
    pytester.makepyfile(
        """
def test_cli(ebpy_cli):
    ok = ebpy_cli("include-dir")
    assert ok.returncode == 0 and ok.stdout.strip().endswith("include")
    bad = ebpy_cli("run", "missing.o", check=False)
    assert bad.returncode == 1 and bad.stderr.startswith("ebpy run: error:")
    assert ebpy_cli("run", check=False).returncode == 2

def test_cli_check(ebpy_cli):
    ebpy_cli("run", "missing.o")
"""
    )
    result = run()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*ebpy run missing.o exited 1: ebpy run: error:*"])


def test_the_entry_point_is_declared():
    import tomllib
    from pathlib import Path

    data = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    assert data["project"]["entry-points"]["pytest11"] == {"ebpy": "ebpy.testing.plugin"}
