"""The reference interpreter: eBPF translated to Python, every memory access checked."""

from ebpy.vm.machine import CompiledProgram, ExecState, TailCall
from ebpy.vm.raw import run_raw

__all__ = ["CompiledProgram", "ExecState", "TailCall", "run_raw"]
