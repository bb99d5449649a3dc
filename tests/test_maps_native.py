"""The native map code: shipped IR up to date and portable, compiled and cached, linkable."""

from __future__ import annotations

import ctypes
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ebpy.maps import create_map, native
from ebpy.maps.native import build
from ebpy.spec import MapSpec, MapType


def test_shipped_ir_is_up_to_date_with_maps_c() -> None:
    """maps.ll records the hash of the maps.c it came from; with the same clang, rebuilding
    gives the same text. (Another clang version would give other, equally valid IR: then only
    the source hash is checked.)"""
    shipped = native.ir_text()
    assert build.recorded(shipped, "source-sha256") == build.source_hash(), (
        "maps.c changed: run python -m ebpy.maps.native.build"
    )
    if importlib.util.find_spec("ziglang") is None:
        pytest.skip("ziglang (a dev dependency) is not installed")
    if build.clang_version() != build.recorded(shipped, "clang"):
        pytest.skip("another clang version than the one maps.ll was built with")
    assert build.build() == shipped


def test_ir_is_portable() -> None:
    ir = native.ir_text()
    for tied in (
        "target triple",
        "target datalayout",
        '"target-cpu"',
        '"target-features"',
        '"tune-cpu"',
    ):
        assert tied not in ir
    assert "<4 x" not in ir and "<2 x" not in ir  # no vectors


def test_every_export_is_declared_and_resolves() -> None:
    ir = native.ir_text()
    exported = set(re.findall(r"^define dso_local [^@]*@(\w+)\(", ir, re.M))
    assert exported == set(native.PROTOTYPES)
    lib = native.get_lib()
    for name in native.PROTOTYPES:
        address = native.symbol_address(name)
        assert address and ctypes.cast(getattr(lib, name), ctypes.c_void_p).value == address
    with pytest.raises(Exception, match="no function"):
        native.symbol_address("nope")


def test_downlevel_rules_keep_the_ir_valid() -> None:
    """The fallback for an older llvmlite must still produce IR that parses."""
    lowered = build.downlevel(native.ir_text())
    assert "captures(" not in lowered and "nuw" not in lowered.split("getelementptr")[1][:20]
    assert build.parse_error(lowered) is None


def _load_in_subprocess(cache: Path) -> dict[str, object]:
    code = (
        "import json; from ebpy.maps import native; native.get_lib(); "
        "s = native.load_stats(); print(json.dumps({'cached': s.cached, 'path': s.cache_path}))"
    )
    env = {**os.environ, "EBPY_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_object_code_is_cached_and_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    first = _load_in_subprocess(tmp_path)
    assert first["cached"] is False and Path(str(first["path"])).exists()
    assert _load_in_subprocess(tmp_path)["cached"] is True
    Path(str(first["path"])).write_bytes(b"ebpy-maps-object\0" + b"\0" * 100)
    assert _load_in_subprocess(tmp_path)["cached"] is False  # recompiled, not crashed
    assert _load_in_subprocess(tmp_path)["cached"] is True


def test_the_jit_can_link_the_ir_and_inline_a_lookup() -> None:
    """What the JIT does: its module calls ebpy_map_lookup, the map IR is linked in."""
    import llvmlite.binding as llvm

    caller = llvm.parse_assembly(
        """
        declare ptr @ebpy_map_lookup(ptr, ptr, i32)
        define ptr @prog_lookup(ptr %map, ptr %key) {
          %v = call ptr @ebpy_map_lookup(ptr %map, ptr %key, i32 0)
          ret ptr %v
        }
        """
    )
    caller.link_in(llvm.parse_assembly(native.ir_text()))
    target = llvm.Target.from_default_triple()
    machine = target.create_target_machine(codemodel="jitdefault")
    caller.triple = machine.triple
    caller.data_layout = str(machine.target_data)
    engine = llvm.create_mcjit_compiler(caller, machine)
    engine.finalize_object()
    fn = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p)(
        engine.get_function_address("prog_lookup")
    )
    with create_map(MapSpec("h", MapType.HASH, 4, 8, 8)) as m:
        m[3] = 33
        key = (3).to_bytes(4, "little")
        assert fn(m.address, key) == m.lookup_ptr(key) != 0
        assert fn(m.address, (4).to_bytes(4, "little")) is None


def test_jhash_is_the_kernels() -> None:
    """Spot values of the kernel's jhash/jhash2 (include/linux/jhash.h); the kernel
    comparison tests check the resulting bucket order end to end."""
    lib = native.get_lib()
    assert lib.ebpy_jhash(b"", 0, 0) == 0xDEADBEEF
    # jhash2 over whole words equals jhash over the same bytes on little-endian hosts.
    for data in (b"abcd", b"0123456789ab", b"0123456789abcdefghij"):
        assert lib.ebpy_jhash(data, len(data), 7) == lib.ebpy_jhash2(data, len(data) // 4, 7)
    assert lib.ebpy_jhash(b"abc", 3, 0) != lib.ebpy_jhash(b"abd", 3, 0)
