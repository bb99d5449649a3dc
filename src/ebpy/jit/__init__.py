"""The JIT: eBPF to native code through LLVM (llvmlite), with the interpreter's semantics."""

from ebpy.jit.engine import JitEngine, load_collection
from ebpy.jit.program import JitProgram
from ebpy.jit.raw import run_raw
from ebpy.jit.space import NativeSpace

__all__ = ["JitEngine", "JitProgram", "NativeSpace", "load_collection", "run_raw"]
