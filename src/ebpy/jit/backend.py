"""LLVM through llvmlite: the host target, the optimisation pipelines, native code in memory.

Code is generated for the host CPU and its features (what `-march=native` would use). IR text
becomes an object file, kept by `objcache` (in memory and on disk, keyed by the IR, the LLVM
version, the CPU and the pipeline), and each object is linked into its own MCJIT engine, which
owns the code: it lives as long as the `NativeCode` that holds it. Linking binds the object's
external globals to addresses of this process (a program's table of map addresses), so one
object serves every load of the same program.

Two pipelines:

- `Pipeline.FULL`: the new pass manager's O3 and SelectionDAG instruction selection, for code
  compiled once per process (the shared loops, the Python bridge, the hooks' loops).
- `Pipeline.PROGRAM`: eBPF programs, whose compile time is measured. Their code comes from
  clang -O2 already: what LLVM has to do is turn our register and frame allocas into SSA
  values (SROA), clean the translation up (InstCombine, SimplifyCFG) and inline the native
  helpers; programs with loops (a cycle in their control flow) also get loop rotation and
  unrolling and InstCombine again. The code generator itself drops the stores to the frame
  that DSE found dead (zeros over the zeroed frame, see codegen.FunctionCodegen._frame_effect).
  Instructions are selected by FastISel. On the benchmark programs O3 and the
  SelectionDAG took two to three times as long for the same run time (see
  benchmarks/bench_jit.py, which measures both).
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from functools import cache

import llvmlite
import llvmlite.binding as llvm

from ebpy.errors import LoadError
from ebpy.jit.objcache import ObjectCache, default_folder, object_key

OPT_LEVEL = 3
PROGRAM_CODEGEN_LEVEL = 3
PIPELINE_VERSION = 3  # bump when a pipeline changes the code it makes
# Check each module LLVM is given (about 1% of a compile): generated IR that LLVM would
# reject becomes a LoadError instead of undefined behaviour inside LLVM.
VERIFY = True
_lock = threading.RLock()  # LLVM's global context and options are not thread-safe


class Pipeline(Enum):
    FULL = "full"
    PROGRAM = "program"


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

    An MCJIT engine takes ownership of the target machine it is given and frees it with
    itself, so each engine gets its own (making one costs a tenth of a millisecond).
    """
    cpu, features = _host()
    target = llvm.Target.from_default_triple()
    return target.create_target_machine(
        cpu=cpu, features=features, opt=OPT_LEVEL, jit=True, codemodel="jitdefault"
    )


@cache
def _emitter(pipeline: Pipeline = Pipeline.FULL) -> llvm.TargetMachine:
    """The target machine that turns a pipeline's modules into object files.

    Programs are position-independent code in the small code model: calls reach external
    functions through stubs and globals through the GOT, both made when the object is
    loaded. FastISel handles calls and global addresses only in that model; in the large
    model MCJIT otherwise uses, every call and every load from the constants table made it
    fall back to the SelectionDAG (half the instruction selection time of a parser).
    """
    if pipeline == Pipeline.FULL:
        return target_machine()
    cpu, features = _host()
    target = llvm.Target.from_default_triple()
    return target.create_target_machine(
        cpu=cpu, features=features, opt=PROGRAM_CODEGEN_LEVEL, reloc="pic", codemodel="small"
    )


@cache
def triple() -> str:
    return str(_emitter().triple)


@cache
def datalayout() -> str:
    return str(_emitter().target_data)


@cache
def host_id() -> tuple[str, ...]:
    """What compiled code depends on besides its IR (part of the object cache key)."""
    cpu, features = _host()
    llvm_version = ".".join(map(str, llvm.llvm_version_info))
    return (
        llvmlite.__version__,
        llvm_version,
        triple(),
        cpu,
        features,
        f"O{OPT_LEVEL}",
        str(_emitter(Pipeline.PROGRAM).target_data),
        f"pipelines v{PIPELINE_VERSION}",
    )


OBJECT_CACHE = ObjectCache(default_folder())


@dataclass
class NativeCode:
    """Compiled code in memory and the addresses of its entry points."""

    engine: llvm.ExecutionEngine
    addresses: dict[str, int]
    ir: str  # the IR as generated (before optimisation), for debugging
    timings: dict[str, float] = field(default_factory=dict)  # CPU seconds per phase
    source: str = "compiled"  # or where the object came from: "memory", "disk"

    def address(self, name: str) -> int:
        return self.addresses[name]


def compile_ir(
    text: str,
    exports: list[str],
    *,
    pipeline: Pipeline = Pipeline.FULL,
    loops: bool = False,
    globals: Mapping[str, int] | None = None,
) -> NativeCode:
    """Native code for IR text; `exports` are the functions whose addresses we need.

    `loops`: the program has loops (the PROGRAM pipeline then runs its loop passes).
    `globals`: addresses for the module's external globals (`@name = external global ...`),
    bound in this code's engine only.
    """
    timings: dict[str, float] = {}
    flavour = f"{pipeline.value}{'+loops' if loops else ''}"
    key = object_key(text, host_id(), flavour)
    before = OBJECT_CACHE.stats.memory_hits
    obj = OBJECT_CACHE.get(key)
    if obj is None:
        obj = _compile(text, pipeline, loops, timings)
        OBJECT_CACHE.put(key, obj)
        source = "compiled"
    else:
        source = "memory" if OBJECT_CACHE.stats.memory_hits > before else "disk"
    t0 = time.thread_time()
    engine, addresses = link(obj, exports, globals or {})
    timings["link"] = time.thread_time() - t0
    return NativeCode(engine, addresses, text, timings, source)


def _compile(text: str, pipeline: Pipeline, loops: bool, timings: dict[str, float]) -> bytes:
    """Parse, optimise and emit an object file."""
    with _lock:
        t0 = time.thread_time()
        try:
            mod = llvm.parse_assembly(text)
            if VERIFY:
                mod.verify()
        except RuntimeError as exc:
            raise LoadError(f"LLVM rejected the generated IR: {str(exc).strip()}") from None
        t1 = time.thread_time()
        timings["parse"] = t1 - t0
        tm = _emitter(pipeline)
        if pipeline == Pipeline.PROGRAM:
            _optimise_program(mod, tm, loops)
        else:
            pb = llvm.create_pass_builder(
                tm, llvm.create_pipeline_tuning_options(speed_level=OPT_LEVEL)
            )
            pb.getModulePassManager().run(mod, pb)
        t2 = time.thread_time()
        timings["optimise"] = t2 - t1
        with _codegen_options(pipeline, loops):
            obj = bytes(tm.emit_object(mod))
        timings["codegen"] = time.thread_time() - t2
    return obj


# The PROGRAM pipeline's function passes (llvmlite's `add_<name>_pass`), and what programs
# with loops get after them.
PROGRAM_PASSES = ("sroa", "instruction_combine", "simplify_cfg")
LOOP_PASSES = ("loop_rotate", "loop_unroll", "instruction_combine", "simplify_cfg")


def _optimise_program(mod: llvm.ModuleRef, tm: llvm.TargetMachine, loops: bool) -> None:
    pb = llvm.create_pass_builder(tm, llvm.create_pipeline_tuning_options(speed_level=2))
    mpm = llvm.create_new_module_pass_manager()
    mpm.add_always_inliner_pass()  # the native helpers (module.py marks them)
    mpm.add_global_dead_code_eliminate_pass()  # and drops them once inlined
    mpm.run(mod, pb)
    fpm = llvm.create_new_function_pass_manager()
    for name in PROGRAM_PASSES + (LOOP_PASSES if loops else ()):
        getattr(fpm, f"add_{name}_pass")()
    for fn in mod.functions:
        if not fn.is_declaration:
            fpm.run(fn, pb)


_maps_ready = False


# LLVM options the PROGRAM pipeline's code generation runs with, and their values otherwise:
# FastISel; no list scheduling after register allocation (it only reorders for in-order
# pipelines, a tenth of code generation here). Both are read when LLVM builds a code
# generator, from process-wide options, so they are set for each program's compile only.
# (Once given, post-RA-scheduler=true forces that scheduler on where the CPU's own default
# might not: it changes how much time the once-per-process modules take to compile, not what
# they do.)
PROGRAM_OPTIONS = (
    ("-fast-isel=true", "-fast-isel=false"),
    ("-post-RA-scheduler=false", "-post-RA-scheduler=true"),
)
# And for programs without loops, where each instruction runs at most once a run: no machine
# scheduler before register allocation (a tenth of xdp_parse's code generation, its run time
# unchanged; xdp_compute's loop ran 4-6% slower without it).
STRAIGHT_LINE_OPTIONS = (("-enable-misched=false", "-enable-misched=true"),)


@contextmanager
def _codegen_options(pipeline: Pipeline, loops: bool = True) -> Iterator[None]:
    """PROGRAM_OPTIONS around one compile (under the lock). The maps' native code, which LLVM
    compiles outside our lock, is made first so it never sees them."""
    global _maps_ready
    if pipeline != Pipeline.PROGRAM:
        yield
        return
    if not _maps_ready:
        from ebpy.maps import native

        native.load_stats()
        _maps_ready = True
    options = PROGRAM_OPTIONS if loops else PROGRAM_OPTIONS + STRAIGHT_LINE_OPTIONS
    for on, _ in options:
        llvm.set_option("", on)
    try:
        yield
    finally:
        for _, off in options:
            llvm.set_option("", off)


def link(
    obj: bytes, exports: list[str], globals: Mapping[str, int]
) -> tuple[llvm.ExecutionEngine, dict[str, int]]:
    """Load an object into a new engine, its external globals bound to `globals`."""
    decls = [f'target triple = "{triple()}"', f'target datalayout = "{datalayout()}"']
    decls += [f"@{name} = external global i8" for name in globals]
    with _lock:
        holder = llvm.parse_assembly("\n".join(decls))
        engine = llvm.create_mcjit_compiler(holder, target_machine())
        for name, address in globals.items():
            engine.add_global_mapping(holder.get_global_variable(name), address)
        engine.add_object_file(llvm.ObjectFileRef.from_data(obj))
        engine.finalize_object()
        addresses = {name: engine.get_function_address(name) for name in exports}
    missing = [n for n, a in addresses.items() if not a]
    if missing:
        raise LoadError(f"compiled module lacks {', '.join(missing)}")
    return engine, addresses
