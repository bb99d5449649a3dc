"""Calling native code from Python without ctypes' per-call cost.

A ctypes call converts each argument through Python objects and costs about a microsecond plus
a few hundred nanoseconds per argument. Instead, one small native function written against the
CPython C API (compiled once per process) is wrapped as a builtin with METH_FASTCALL: Python
calls it like any builtin, it converts r1..r5 with PyLong_AsUnsignedLongLongMask (wrapping
modulo 2**64, as registers do), calls the program's `ebpy_run` with its run state (both in
the program's ProgramRecord, the builtin's `self`), and returns r0 as an int. When the run stopped early it raises `NativeStop` instead and the caller
looks at the run state.
"""

from __future__ import annotations

import ctypes
from functools import cache
from typing import Any

from ebpy.jit import backend
from ebpy.jit.abi import FIELD_OFFSETS as F
from ebpy.maps.native.fastcall import METH_FASTCALL, MethodDef


class NativeStop(Exception):
    """Raised by the bridge when a run set `abort`; the run state says why."""


_C_API = (
    "PyLong_AsUnsignedLongLongMask",
    "PyLong_FromUnsignedLongLong",
    "PyLong_AsVoidPtr",
    "PyErr_Occurred",
    "PyErr_SetNone",
)


def _bridge_ir() -> str:
    args = []
    lines = [
        "define ptr @ebpy_py_call(ptr %self, ptr %args, i64 %nargs) {",
        "entry:",
        "  %rec = call ptr @ebpy_PyLong_AsVoidPtr(ptr %self)",
        "  %st = load ptr, ptr %rec, align 8",
        "  %fnp = getelementptr i8, ptr %rec, i64 8",
        "  %fn = load ptr, ptr %fnp, align 8",
        "  br label %a0",
    ]
    for i in range(5):
        nxt = f"a{i + 1}" if i < 4 else "call"
        lines += [
            f"a{i}:",
            f"  %has{i} = icmp sgt i64 %nargs, {i}",
            f"  br i1 %has{i}, label %conv{i}, label %none{i}",
            f"conv{i}:",
            f"  %p{i} = getelementptr ptr, ptr %args, i64 {i}",
            f"  %o{i} = load ptr, ptr %p{i}, align 8",
            f"  %c{i} = call i64 @ebpy_PyLong_AsUnsignedLongLongMask(ptr %o{i})",
            f"  %m{i} = icmp eq i64 %c{i}, -1",
            f"  br i1 %m{i}, label %chk{i}, label %none{i}",
            f"chk{i}:",
            "  %e" + str(i) + " = call ptr @ebpy_PyErr_Occurred()",
            f"  %bad{i} = icmp ne ptr %e{i}, null",
            f"  br i1 %bad{i}, label %fail, label %none{i}",
            f"none{i}:",
            f"  %v{i} = phi i64 [ 0, %a{i} ], [ %c{i}, %conv{i} ], [ -1, %chk{i} ]",
            f"  br label %{nxt}",
        ]
        args.append(f"i64 %v{i}")
    lines += [
        "call:",
        f"  %abortp = getelementptr i8, ptr %st, i64 {F['abort']}",
        "  store i64 0, ptr %abortp, align 8",
        f"  %tcp = getelementptr i8, ptr %st, i64 {F['tail_calls']}",
        "  store i64 0, ptr %tcp, align 8",
        f"  %r = call i64 %fn(ptr %st, {', '.join(args)})",
        "  %ab = load i64, ptr %abortp, align 8",
        "  %stopped = icmp ne i64 %ab, 0",
        "  br i1 %stopped, label %stop, label %ok",
        "ok:",
        "  %res = call ptr @ebpy_PyLong_FromUnsignedLongLong(i64 %r)",
        "  ret ptr %res",
        "stop:",
        "  call void @ebpy_PyErr_SetNone(ptr @ebpy_py_stop)",
        "  ret ptr null",
        "fail:",
        "  ret ptr null",
        "}",
    ]
    decls = [
        "declare i64 @ebpy_PyLong_AsUnsignedLongLongMask(ptr)",
        "declare ptr @ebpy_PyLong_FromUnsignedLongLong(i64)",
        "declare ptr @ebpy_PyLong_AsVoidPtr(ptr)",
        "declare ptr @ebpy_PyErr_Occurred()",
        "declare void @ebpy_PyErr_SetNone(ptr)",
        "@ebpy_py_stop = external global i8",
    ]
    return "\n".join(decls + lines) + "\n"


class _Bridge:
    def __init__(self) -> None:
        import llvmlite.binding as llvm

        backend.target_machine()  # initialises LLVM
        for name in _C_API:
            llvm.add_symbol(f"ebpy_{name}", _address(getattr(ctypes.pythonapi, name)))
        # The symbol's address is the exception class object itself.
        llvm.add_symbol("ebpy_py_stop", id(NativeStop))
        self.code = backend.compile_ir(_bridge_ir(), ["ebpy_py_call"])
        self.method = MethodDef(
            b"ebpy_run", self.code.address("ebpy_py_call"), METH_FASTCALL, b"run the program"
        )
        new = ctypes.pythonapi.PyCFunction_NewEx
        new.restype = ctypes.py_object
        new.argtypes = [ctypes.c_void_p, ctypes.py_object, ctypes.py_object]
        self._new = new

    def function(self, record_address: int) -> Any:
        """A builtin f(r1, r2, r3, r4, r5) -> r0 running the program of a ProgramRecord (the
        caller keeps the record alive as long as the builtin)."""
        return self._new(ctypes.addressof(self.method), record_address, None)


def _address(fn: Any) -> int:
    value = ctypes.cast(fn, ctypes.c_void_p).value
    assert value is not None
    return value


@cache
def bridge() -> _Bridge:
    return _Bridge()
