"""Testing eBPF programs with pytest: the `pytest-ebpy` plugin and what it is made of.

The plugin (`ebpy.testing.plugin`, registered as the `pytest11` entry point `ebpy`) gives
tests the fixtures `bpf_compile`, `bpf_load` and `bpf_engine`; see its docstring and
docs/tour.md. Outside pytest, `Compiler` compiles C to BPF objects with a content-hash cache
and `kernel_unavailable()` says why the kernel engine cannot be used here (None if it can).
"""

from ebpy.testing.compiler import CompileError, Compiler, find_compiler
from ebpy.testing.kernel import kernel_unavailable

__all__ = ["CompileError", "Compiler", "find_compiler", "kernel_unavailable"]
