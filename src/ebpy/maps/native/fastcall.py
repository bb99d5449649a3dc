"""Native map functions as builtins CPython calls directly (METH_FASTCALL): a tenth of ctypes.

A ctypes call converts every argument through its argtype and the result through its restype,
about half a microsecond even with prebuilt prototypes. The userspace engines' map helpers call
ebpy_map_lookup / _update / _delete once per helper call, so each of those gets a small native
wrapper (LLVM IR compiled once per process with llvmlite) that Python calls like any builtin:
integers are taken with PyLong_AsUnsignedLongLongMask (wrapping modulo 2**64, as registers do),
bytes with PyBytes_AsString, and the result comes back as an int (0 for a NULL pointer).

The C functions read as many bytes as the map's key or value size: a caller passes bytes of
exactly that size (the helpers read them from program memory with that size). Where the wrapper
cannot be built (no llvmlite target, say), `function` gives the ctypes callable instead, with a
NULL pointer also returned as 0.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import Any

from ebpy.maps import native

METH_FASTCALL = 0x0080

# name -> the Python kind of each argument: "i" an int, "b" bytes (a pointer to their data).
ARGUMENTS: dict[str, str] = {
    "ebpy_map_lookup": "ibi",
    "ebpy_map_update": "ibbii",
    "ebpy_map_delete": "ib",
}

_IR_TYPE = {
    ctypes.c_void_p: "ptr",
    ctypes.c_uint32: "i32",
    ctypes.c_uint64: "i64",
    ctypes.c_int64: "i64",
}
_C_API = (
    "PyLong_AsUnsignedLongLongMask",
    "PyLong_FromUnsignedLongLong",
    "PyLong_FromLongLong",
    "PyBytes_AsString",
    "PyErr_Occurred",
    "PyErr_SetString",
)


class MethodDef(ctypes.Structure):
    """CPython's PyMethodDef: how native code becomes a builtin (also the JIT's and the
    probes' bridges)."""

    _fields_ = [
        ("ml_name", ctypes.c_char_p),
        ("ml_meth", ctypes.c_void_p),
        ("ml_flags", ctypes.c_int),
        ("ml_doc", ctypes.c_char_p),
    ]


def _address(fn: Any) -> int:
    value = ctypes.cast(fn, ctypes.c_void_p).value
    assert value is not None
    return value


def _call(api: dict[str, int], name: str, ret: str, args: str) -> str:
    return f"call {ret} inttoptr (i64 {api[name]} to ptr)({args})"


def wrapper_ir(name: str, api: dict[str, int], target: int) -> str:
    """IR of `<name>_fast(self, args, nargs)` calling the C function at `target`."""
    restype, argtypes = native.PROTOTYPES[name]
    kinds = ARGUMENTS[name]
    n = len(kinds)
    message = f"{name}() takes {n} arguments\0".encode()
    lines = [
        f'@{name}_msg = private constant [{len(message)} x i8] c"{message.decode()[:-1]}\\00"',
        f"define ptr @{name}_fast(ptr %self, ptr %args, i64 %nargs) {{",
        "entry:",
        f"  %count_ok = icmp eq i64 %nargs, {n}",
        "  br i1 %count_ok, label %a0, label %bad_count",
    ]
    params = []
    for i, (kind, ctype) in enumerate(zip(kinds, argtypes, strict=True)):
        nxt = f"a{i + 1}"
        lines += [
            f"a{i}:",
            f"  %p{i} = getelementptr ptr, ptr %args, i64 {i}",
            f"  %o{i} = load ptr, ptr %p{i}, align 8",
        ]
        if kind == "b":
            lines += [
                f"  %v{i} = {_call(api, 'PyBytes_AsString', 'ptr', f'ptr %o{i}')}",
                f"  %null{i} = icmp eq ptr %v{i}, null",
                f"  br i1 %null{i}, label %fail, label %{nxt}",
            ]
            params.append(f"ptr %v{i}")
            continue
        lines += [
            f"  %v{i} = {_call(api, 'PyLong_AsUnsignedLongLongMask', 'i64', f'ptr %o{i}')}",
            f"  %maybe{i} = icmp eq i64 %v{i}, -1",
            f"  br i1 %maybe{i}, label %check{i}, label %{nxt}",
            f"check{i}:",
            f"  %err{i} = {_call(api, 'PyErr_Occurred', 'ptr', '')}",
            f"  %bad{i} = icmp ne ptr %err{i}, null",
            f"  br i1 %bad{i}, label %fail, label %{nxt}",
        ]
        ir_type = _IR_TYPE[ctype]  # pointers and u32 are converted from %v in the last block
        params.append(f"i64 %v{i}" if ir_type == "i64" else f"{ir_type} %x{i}")
    lines.append(f"a{n}:")
    for i, (kind, ctype) in enumerate(zip(kinds, argtypes, strict=True)):
        if kind == "i" and _IR_TYPE[ctype] == "ptr":
            lines.append(f"  %x{i} = inttoptr i64 %v{i} to ptr")
        elif kind == "i" and _IR_TYPE[ctype] == "i32":
            lines.append(f"  %x{i} = trunc i64 %v{i} to i32")
    ret_ir = _IR_TYPE.get(restype, "void") if restype is not None else "void"
    call = f"call {ret_ir} inttoptr (i64 {target} to ptr)({', '.join(params)})"
    if ret_ir == "ptr":
        lines += [f"  %r = {call}", "  %ri = ptrtoint ptr %r to i64"]
        result = _call(api, "PyLong_FromUnsignedLongLong", "ptr", "i64 %ri")
    elif restype is ctypes.c_int64:
        lines.append(f"  %ri = {call}")
        result = _call(api, "PyLong_FromLongLong", "ptr", "i64 %ri")
    else:
        raise ValueError(f"{name}: no fast wrapper for a {restype} result")
    lines += [
        f"  %res = {result}",
        "  ret ptr %res",
        "bad_count:",
        f"  {_call(api, 'PyErr_SetString', 'void', f'ptr inttoptr (i64 {id(TypeError)} to ptr), ptr @{name}_msg')}",
        "  ret ptr null",
        "fail:",
        "  ret ptr null",
        "}",
    ]
    return "\n".join(lines) + "\n"


class _Wrappers:
    """The compiled wrappers of every function in ARGUMENTS, alive for the process."""

    def __init__(self) -> None:
        import llvmlite.binding as llvm

        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        api = {name: _address(getattr(ctypes.pythonapi, name)) for name in _C_API}
        ir = "".join(wrapper_ir(n, api, native.symbol_address(n)) for n in ARGUMENTS)
        machine = llvm.Target.from_default_triple().create_target_machine(
            opt=2, codemodel="jitdefault"
        )
        module = llvm.parse_assembly(ir)
        module.verify()
        self._engine = llvm.create_mcjit_compiler(module, machine)
        self._engine.finalize_object()
        new = ctypes.pythonapi.PyCFunction_NewEx
        new.restype = ctypes.py_object
        new.argtypes = [ctypes.c_void_p, ctypes.py_object, ctypes.py_object]
        self._defs: list[MethodDef] = []  # CPython keeps pointers to these: keep them alive
        self.functions: dict[str, Callable[..., int]] = {}
        for name in ARGUMENTS:
            address = self._engine.get_function_address(f"{name}_fast")
            method = MethodDef(name.encode(), address, METH_FASTCALL, None)
            self._defs.append(method)
            self.functions[name] = new(ctypes.addressof(method), None, None)


_lock = threading.Lock()
_wrappers: _Wrappers | None = None
_failed = False


def function(name: str) -> Callable[..., int]:
    """`name` (a key of ARGUMENTS) as a fast builtin, or its ctypes callable if none can be
    built; either returns an int (0 for a NULL pointer)."""
    global _wrappers, _failed
    if name not in ARGUMENTS:
        raise KeyError(f"no fast wrapper for {name!r}")
    if _wrappers is None and not _failed:
        with _lock:
            if _wrappers is None and not _failed:
                try:
                    _wrappers = _Wrappers()
                except (ImportError, RuntimeError, OSError):
                    _failed = True  # a slower call, never a failure: ctypes below
    if _wrappers is not None:
        return _wrappers.functions[name]
    slow = getattr(native.get_lib(), name)

    def call(*args: Any) -> int:
        return int(slow(*args) or 0)

    return call
