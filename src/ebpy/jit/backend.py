"""LLVM through llvmlite: the host target, the optimisation pipeline, native code in memory.

Code is generated for the host CPU and its features (what `-march=native` would use). Each
program's module is optimised with the new pass manager's O3 pipeline and compiled by its own
MCJIT engine; the engine owns the code (and its target machine), so the code lives as long as
the `NativeCode` that holds it.
"""

from __future__ import annotations

import ctypes
import threading
import time
from dataclasses import dataclass, field
from functools import cache

import llvmlite.binding as llvm

from ebpy.errors import LoadError

OPT_LEVEL = 3
_lock = threading.Lock()


@cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None)


@cache
def _host() -> tuple[str, str]:
    """(cpu name, features) of the host; initialises LLVM on first use."""
    llvm.initialize_native_target()
    llvm.initialize_native_asmprinter()
    # Symbols generated code calls, under names of our own so they cannot clash.
    clock = ctypes.cast(_libc().clock_gettime, ctypes.c_void_p).value
    assert clock is not None
    llvm.add_symbol("ebpy_clock_gettime", clock)
    # Long straight-line programs made the instruction schedulers' memory-dependency graphs
    # quadratic (a 2,000-instruction block took 0.5 s to schedule); capping the region they
    # track brings it to 50 ms and leaves ordinary programs' code unchanged. (A process-wide
    # LLVM option: it only bounds scheduling effort.)
    llvm.set_option("", "-dag-maps-huge-region=64")
    return llvm.get_host_cpu_name(), llvm.get_host_cpu_features().flatten()


def target_machine() -> llvm.TargetMachine:
    """A new target machine for the host CPU and its features.

    New each time: an MCJIT engine takes ownership of the target machine it is given and frees
    it with itself, so two engines cannot share one (making one costs under a millisecond).
    """
    cpu, features = _host()
    target = llvm.Target.from_default_triple()
    return target.create_target_machine(
        cpu=cpu, features=features, opt=OPT_LEVEL, jit=True, codemodel="jitdefault"
    )


@cache
def triple() -> str:
    return str(target_machine().triple)


@cache
def datalayout() -> str:
    return str(target_machine().target_data)


@dataclass
class NativeCode:
    """Compiled code in memory and the addresses of its entry points."""

    engine: llvm.ExecutionEngine
    addresses: dict[str, int]
    ir: str  # the IR as generated (before optimisation), for debugging
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase

    def address(self, name: str) -> int:
        return self.addresses[name]


def compile_ir(text: str, exports: list[str]) -> NativeCode:
    """Parse, optimise and compile IR text; `exports` are the functions whose addresses we need."""
    tm = target_machine()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    with _lock:  # LLVM's global context is not thread-safe
        try:
            mod = llvm.parse_assembly(text)
            mod.verify()
        except RuntimeError as exc:
            raise LoadError(f"LLVM rejected the generated IR: {str(exc).strip()}") from None
        t1 = time.perf_counter()
        timings["parse"] = t1 - t0
        pto = llvm.create_pipeline_tuning_options(speed_level=OPT_LEVEL)
        pb = llvm.create_pass_builder(tm, pto)
        pm = pb.getModulePassManager()
        pm.run(mod, pb)
        t2 = time.perf_counter()
        timings["optimise"] = t2 - t1
        engine = llvm.create_mcjit_compiler(mod, tm)
        engine.finalize_object()
        addresses = {name: engine.get_function_address(name) for name in exports}
        timings["codegen"] = time.perf_counter() - t2
    missing = [n for n, a in addresses.items() if not a]
    if missing:
        raise LoadError(f"compiled module lacks {', '.join(missing)}")
    return NativeCode(engine, addresses, text, timings)
