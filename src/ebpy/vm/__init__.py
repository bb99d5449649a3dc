"""The reference interpreter: eBPF translated to Python, every memory access checked."""

from ebpy.vm.engine import InterpreterEngine, load_collection
from ebpy.vm.machine import CompiledProgram, ExecState, TailCall
from ebpy.vm.raw import run_raw

__all__ = [
    "CompiledProgram",
    "ExecState",
    "InterpreterEngine",
    "TailCall",
    "load_collection",
    "run_raw",
]
