"""The native map code: maps.ll compiled once per process for the host, callable from Python.

maps.ll is maps.c compiled to portable LLVM IR at development time (see `build`). The first
use in a process compiles it with llvmlite's MCJIT for the host CPU and caches the object code
on disk (keyed by the IR, llvmlite/LLVM versions and the host CPU), so later processes only
load the object. Three ways in:

- `lib`: the C functions as ctypes callables that keep the GIL (cheapest from Python);
  `lib_nogil` the same functions releasing the GIL (for true parallelism);
- `symbol_address(name)`: the compiled function's address, for the JIT to call;
- `ir_text()`: the IR itself, for the JIT to link into its modules so LLVM can inline.

`EBPY_CACHE_DIR` overrides the cache folder (default `$XDG_CACHE_HOME/ebpy` or
`~/.cache/ebpy`); the cache is an optimisation only and any error with it is ignored.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebpy.errors import LoadError

IR_PATH = Path(__file__).resolve().with_name("maps.ll")

_P = ctypes.c_void_p
_U32 = ctypes.c_uint32
_U64 = ctypes.c_uint64
_I64 = ctypes.c_int64

# name -> (return type, argument types); every function maps.c exports.
PROTOTYPES: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "ebpy_jhash": (_U32, (_P, _U32, _U32)),
    "ebpy_jhash2": (_U32, (_P, _U32, _U32)),
    "ebpy_map_memory_size": (_U64, (_U32, _U32, _U32, _U32, _U32, _U32, _U64, _U32)),
    "ebpy_map_init": (_I64, (_P, _U32, _U32, _U32, _U32, _U32, _U32, _U64, _U32, _U32)),
    "ebpy_map_set_inner": (None, (_P, _U32, _U32, _U32, _U32, _U32)),
    "ebpy_map_info": (_U64, (_P, _U32)),
    "ebpy_prog_array_get": (_U64, (_P, _U32)),
    "ebpy_map_lookup": (_P, (_P, _P, _U32)),
    "ebpy_map_lookup_copy": (_I64, (_P, _P, _P, _U32)),
    "ebpy_map_update": (_I64, (_P, _P, _P, _U64, _U32)),
    "ebpy_map_delete": (_I64, (_P, _P)),
    "ebpy_map_get_next_key": (_I64, (_P, _P, _P)),
    "ebpy_map_lookup_and_delete": (_I64, (_P, _P, _P, _U32)),
    "ebpy_map_push": (_I64, (_P, _P, _U64)),
    "ebpy_map_pop": (_I64, (_P, _P)),
    "ebpy_map_peek": (_I64, (_P, _P)),
    "ebpy_map_lookup_batch": (_I64, (_P, _P, _P, _P, _P, _P, _U32)),
    "ebpy_map_clear": (_I64, (_P,)),
    "ebpy_ringbuf_reserve": (_P, (_P, _U64, _U64)),
    "ebpy_ringbuf_submit": (None, (_P, _U64)),
    "ebpy_ringbuf_discard": (None, (_P, _U64)),
    "ebpy_ringbuf_output": (_I64, (_P, _P, _U64, _U64)),
    "ebpy_ringbuf_query": (_U64, (_P, _U64)),
    "ebpy_load_acquire_u64": (_U64, (_P,)),
    "ebpy_load_acquire_u32": (_U32, (_P,)),
    "ebpy_store_release_u64": (None, (_P, _U64)),
}

ALL_CPUS = 0xFFFFFFFF  # the `cpu` argument for userspace calls on per-CPU maps


@dataclass(frozen=True)
class LoadStats:
    """How this process got its native code (for `ebpy` diagnostics and benchmarks)."""

    cached: bool  # object code came from the disk cache
    compile_ms: float  # parsing + code generation (0 when cached)
    load_ms: float  # total, including loading the object
    cache_path: str | None


class NativeLib:
    """The C functions as attributes: `lib.ebpy_map_update(addr, key, value, flags, cpu)`."""

    def __init__(self, engine: _Engine, release_gil: bool) -> None:
        factory = ctypes.CFUNCTYPE if release_gil else ctypes.PYFUNCTYPE
        for name, (restype, argtypes) in PROTOTYPES.items():
            setattr(self, name, factory(restype, *argtypes)(engine.address(name)))

    def __getattr__(self, name: str) -> Any:  # only reached for names that do not exist
        raise AttributeError(f"maps.c exports no function {name!r}")


class _Engine:
    """The MCJIT engine holding the compiled object; alive for the whole process."""

    def __init__(self) -> None:
        import llvmlite
        import llvmlite.binding as llvm

        start = time.perf_counter()
        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        target = llvm.Target.from_default_triple()
        cpu = llvm.get_host_cpu_name()
        features = llvm.get_host_cpu_features().flatten()
        self.machine = target.create_target_machine(
            cpu=cpu, features=features, opt=3, codemodel="jitdefault"
        )
        ir = ir_text()
        key = hashlib.sha256(
            "\0".join(
                [
                    ir,
                    llvmlite.__version__,
                    ".".join(map(str, llvm.llvm_version_info)),
                    self.machine.triple,
                    cpu,
                    features,
                ]
            ).encode()
        ).hexdigest()[:32]
        folder = _cache_dir()
        path = folder / f"maps-{key}.o" if folder is not None else None
        obj = _read(path)
        compile_ms = 0.0
        if obj is None:
            t0 = time.perf_counter()
            obj = self._compile(llvm, ir)
            compile_ms = (time.perf_counter() - t0) * 1000
            _write(path, obj)
        empty = llvm.parse_assembly("")
        empty.triple = self.machine.triple
        self.engine = llvm.create_mcjit_compiler(empty, self.machine)
        self.engine.add_object_file(llvm.ObjectFileRef.from_data(obj))
        self.engine.finalize_object()
        self.stats = LoadStats(
            cached=compile_ms == 0.0,
            compile_ms=compile_ms,
            load_ms=(time.perf_counter() - start) * 1000,
            cache_path=str(path) if path is not None else None,
        )

    def _compile(self, llvm: Any, ir: str) -> bytes:
        try:
            module = llvm.parse_assembly(ir)
            module.verify()
        except RuntimeError as e:
            raise LoadError(
                f"llvmlite cannot read {IR_PATH.name} (LLVM version skew?): {e}; "
                "rebuild it with python -m ebpy.maps.native.build"
            ) from None
        module.triple = self.machine.triple
        module.data_layout = str(self.machine.target_data)
        return bytes(self.machine.emit_object(module))

    def address(self, name: str) -> int:
        addr = int(self.engine.get_function_address(name))
        if not addr:
            raise LoadError(f"the native map code has no symbol {name!r}")
        return addr


def _cache_dir() -> Path | None:
    env = os.environ.get("EBPY_CACHE_DIR")
    if env:
        return Path(env) / "native"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not base or base.startswith("~"):
        return None
    return Path(base) / "ebpy" / "native"


_CACHE_MAGIC = b"ebpy-maps-object\0"


def _read(path: Path | None) -> bytes | None:
    """The cached object code, or None when absent, truncated or corrupt (checksummed, so
    LLVM is never handed a damaged object)."""
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_CACHE_MAGIC)
    if not data.startswith(_CACHE_MAGIC) or len(data) <= head + 32:
        return None
    digest, obj = data[head : head + 32], data[head + 32 :]
    return obj if hashlib.sha256(obj).digest() == digest else None


def _write(path: Path | None, data: bytes) -> None:
    """Store atomically (another process may be reading); a failure only costs speed."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".maps-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_CACHE_MAGIC + hashlib.sha256(data).digest() + data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


_lock = threading.Lock()
_engine: _Engine | None = None
_libs: dict[bool, NativeLib] = {}


def _get_engine() -> _Engine:
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                _engine = _Engine()
    return _engine


def ir_text() -> str:
    """The portable IR of maps.c (no target triple or data layout: the linker's module sets them)."""
    try:
        return IR_PATH.read_text()
    except OSError as e:
        raise LoadError(f"cannot read the native map code {IR_PATH}: {e.strerror}") from None


def symbol_address(name: str) -> int:
    """Address of a compiled maps.c function in this process."""
    if name not in PROTOTYPES:
        raise LoadError(f"maps.c exports no function {name!r}")
    return _get_engine().address(name)


def load_stats() -> LoadStats:
    return _get_engine().stats


def get_lib(release_gil: bool = False) -> NativeLib:
    lib = _libs.get(release_gil)
    if lib is None:
        engine = _get_engine()
        with _lock:
            lib = _libs.get(release_gil)
            if lib is None:
                lib = _libs[release_gil] = NativeLib(engine, release_gil)
    return lib


def __getattr__(name: str) -> Any:
    # `native.lib` / `native.lib_nogil` compile on first use, not at import.
    if name == "lib":
        return get_lib(False)
    if name == "lib_nogil":
        return get_lib(True)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ALL_CPUS",
    "IR_PATH",
    "PROTOTYPES",
    "LoadStats",
    "NativeLib",
    "get_lib",
    "ir_text",
    "load_stats",
    "symbol_address",
]
