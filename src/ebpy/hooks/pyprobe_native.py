"""Python function probes without Python per event: native event handlers for the JIT.

The Python path (pyprobe.py) costs several microseconds per event: a Python callback, the
arguments through `frame.f_locals` (a dict built per access), packing the context, calling
the program. Here the handlers are native code (compiled once per process with llvmlite,
against the CPython C API like the JIT's call bridge, ebpy.jit.pybridge), one per way Python
reports events:

- Python 3.11: a C-level profile function registered with PyEval_SetProfile, called for every
  call and return of the thread (`NativeProfile`);
- Python 3.12+: builtins (METH_FASTCALL, like the bridge) registered as sys.monitoring
  callbacks, one per event kind, called with (code, offset[, value]) for the probed code only
  (`NativeMonitoring`); the running frame is the thread state's current frame.

Both hand the event to one native core:

    code object -> the code table (Python's `_seen`, natively: function id, argument count, or
    "not probed") -> the thread's task in the hook record (ebpy.jit.hook_helpers) -> the
    context: timestamp (clock_gettime), thread id (from the thread state), integer arguments
    read from the frame's fast locals, the integer return value -> the JIT-compiled program's
    ebpy_run -> return

Everything else goes to the Python path with the event, unchanged: an unknown code object
while "module:qualname" names are still unmatched, a thread whose task is not in the table yet,
a function whose arguments live in cells (captured by a closure), a frame that is not the
one reported, the context in use by a Python-path run of another thread. A run that stopped
early calls `stopped()`, which turns it into the probe's error count. Code not probed gets
sys.monitoring.DISABLE on 3.12+, as from the Python callbacks. So the semantics are the
Python path's, which tests/test_hooks_pyprobe_native*.py check event by event.

One context and one run state serve every thread. Native events run under the GIL without
letting it go, so they cannot interleave; what can is Python code: a Python-path run (between
packing the context and the run, the GIL can pass to another thread) and the handling of a
run that stopped. Both hold `busy` meanwhile (the Python path claims it atomically through
`claim`), and a native event that finds it set goes to the Python path, which waits its turn.

The frame and thread-state offsets are CPython's private layout: ebpy.hooks.pyprobe_layout
finds them by checking live frames, and answers None where they cannot be trusted.
"""

from __future__ import annotations

import ctypes
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from types import CodeType, FrameType
from typing import Any

from ebpy.hooks.pyprobe_layout import FrameLayout, frame_layout
from ebpy.jit.hook_helpers import TASK_LOAD_IR
from ebpy.maps.native.fastcall import METH_FASTCALL, MethodDef

__all__ = [
    "CodeTable",
    "FrameLayout",
    "Kind",
    "NativeMonitoring",
    "NativeProfile",
    "NativeState",
    "Target",
    "frame_layout",
]

PY_TRACE_CALL, PY_TRACE_RETURN = 0, 3
NOT_PROBED = 0xFFFFFFFF
MAX_ARGS = 6
RET_INT, UNWIND = 1 << 0, 1 << 1  # as pyprobe's (struct pyprobe_ctx flags)
_LONG_SUBCLASS = 1 << 24  # Py_TPFLAGS_LONG_SUBCLASS: isinstance(v, int)
_CLOCK_MONOTONIC = 1


# ---- the code table ---------------------------------------------------------------------------
class CodeEntry(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_uint64),  # the code object's address (0: empty slot)
        ("fid", ctypes.c_uint32),  # function id, NOT_PROBED for code seen but not probed
        ("nargs", ctypes.c_uint16),  # co_argcount
        ("python", ctypes.c_uint16),  # non-zero: its events go to the Python path
    ]


def _slot(address: int, mask: int) -> int:
    return ((address >> 4) ^ (address >> 12)) & mask


class CodeTable:
    """Code objects by address (open addressing, linear probing, at most half full), for the
    native handlers. The probe's `_seen` keeps the code objects alive.

    One block: entry 0 holds the mask in `code`, the slots follow. Native code reads the block
    through one pointer (`address`), so a table that grew is published with one store, and a
    slot is written code last: a handler never sees a half-made table or entry."""

    def __init__(self) -> None:
        self._entries: dict[int, tuple[int, int, int]] = {}
        self._lock = threading.Lock()  # threads may add code objects at once
        self.block: Any = None
        self.mask = 0
        self._build(16)

    def add(self, code: CodeType, fid: int | None) -> None:
        nargs = code.co_argcount
        # Arguments a closure captures are cells once the function runs: the Python path
        # reads them through f_locals, which looks inside the cells.
        cells = set(code.co_cellvars) & set(code.co_varnames[: min(nargs, MAX_ARGS)])
        python = int(bool(cells) or nargs > 0xFFFF)
        row = (NOT_PROBED if fid is None else fid, min(nargs, 0xFFFF), python)
        with self._lock:
            self._entries[id(code)] = row
            if 2 * len(self._entries) > self.mask + 1:
                self._build(2 * (self.mask + 1))
            else:
                self._put(self.block, self.mask, id(code), row)

    def _build(self, size: int) -> None:
        block = (CodeEntry * (size + 1))()
        block[0].code = size - 1
        for address, row in self._entries.items():
            self._put(block, size - 1, address, row)
        self.block, self.mask = block, size - 1

    @staticmethod
    def _put(block: Any, mask: int, address: int, row: tuple[int, int, int]) -> None:
        i = _slot(address, mask)
        while block[1 + i].code not in (0, address):
            i = (i + 1) & mask
        entry = block[1 + i]
        entry.fid, entry.nargs, entry.python = row
        entry.code = address

    @property
    def address(self) -> int:
        return ctypes.addressof(self.block)


# ---- the native state -------------------------------------------------------------------------
class Kind(IntEnum):
    """The sys.monitoring callbacks (PY_YIELD shares RETURN's)."""

    START = 0
    RESUME = 1
    THROW = 2
    RETURN = 3
    UNWIND = 4


class NativeState(ctypes.Structure):
    _fields_ = [
        ("active", ctypes.c_uint64),  # 0 after detach: every event returns at once
        ("table", ctypes.c_uint64),  # the CodeTable's block
        ("by_name", ctypes.c_uint64),  # names still unmatched: unknown code goes to Python
        ("ctx", ctypes.c_uint64),  # struct pyprobe_ctx of the bound program
        ("state", ctypes.c_uint64),  # the program's run state and ebpy_run
        ("run", ctypes.c_uint64),
        ("record", ctypes.c_uint64),  # the HookRecord its task helpers read
        ("tasks", ctypes.c_uint64),  # TaskEntry[TASK_SLOTS]: the threads' tasks
        ("stopped", ctypes.c_uint64),  # PyObject*: stopped()
        ("none", ctypes.c_uint64),  # PyObject*: None
        ("disable", ctypes.c_uint64),  # PyObject*: sys.monitoring.DISABLE (3.12+)
        ("events", ctypes.c_uint64),  # events whose program ran here
        ("busy", ctypes.c_uint64),  # the context and run state are in use (see the docstring)
        ("disabled", ctypes.c_uint64),  # a callback returned DISABLE (3.12+)
        ("python", ctypes.c_uint64),  # PyObject*: the Python profile function (3.11)
        ("call_event", ctypes.c_uint64),  # PyObject*: "call" and "return", for it
        ("return_event", ctypes.c_uint64),
        ("callbacks", ctypes.c_uint64 * len(Kind)),  # PyObject*: Python callbacks (3.12+)
    ]


S = {f[0]: getattr(NativeState, f[0]).offset for f in NativeState._fields_}


class Result(IntEnum):
    """What the core did with an event."""

    RAN = 0  # the program ran (or the probe is detached)
    UNPROBED = 1  # code not probed
    PYTHON = 2  # the Python path must handle it
    ERROR = -1  # stopped() raised: an exception is set


# ---- the IR -----------------------------------------------------------------------------------
_DECLARATIONS = f"""\
declare ptr @ebpy_PyLong_AsVoidPtr(ptr)
declare i64 @ebpy_PyThread_get_thread_native_id()
declare ptr @ebpy_PyThreadState_Get()
declare i64 @ebpy_PyType_GetFlags(ptr)
declare i64 @ebpy_PyLong_AsUnsignedLongLongMask(ptr)
declare ptr @ebpy_PyObject_Vectorcall(ptr, ptr, i64, ptr)
declare void @ebpy_Py_IncRef(ptr)
declare void @ebpy_Py_DecRef(ptr)
declare i32 @ebpy_clock_gettime(i32, ptr)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
{TASK_LOAD_IR}
define internal ptr @field(ptr %s, i64 %off) {{
  %p = getelementptr i8, ptr %s, i64 %off
  %v = load ptr, ptr %p, align 8
  ret ptr %v
}}

define internal i64 @now() {{
  %ts = alloca [2 x i64], align 8
  %r = call i32 @ebpy_clock_gettime(i32 {_CLOCK_MONOTONIC}, ptr %ts)
  %s = load i64, ptr %ts, align 8
  %nsp = getelementptr i8, ptr %ts, i64 8
  %ns = load i64, ptr %nsp, align 8
  %sns = mul i64 %s, 1000000000
  %t = add i64 %sns, %ns
  ret i64 %t
}}
"""


def _is_int(layout: FrameLayout) -> str:
    return f"""\
define internal i1 @is_int(ptr %v) {{
entry:
  %null = icmp eq ptr %v, null
  br i1 %null, label %no, label %look
look:
  %tp = getelementptr i8, ptr %v, i64 {layout.ob_type}
  %t = load ptr, ptr %tp, align 8
  %fl = call i64 @ebpy_PyType_GetFlags(ptr %t)
  %bit = and i64 %fl, {_LONG_SUBCLASS}
  %yes = icmp ne i64 %bit, 0
  ret i1 %yes
no:
  ret i1 false
}}
"""


def _thread_id(layout: FrameLayout) -> str:
    """IR setting %tid to the thread's native id (%tstate: the thread state, if needed)."""
    if layout.native_thread_id < 0:
        return "  %tid = call i64 @ebpy_PyThread_get_thread_native_id()\n"
    return f"""\
  %tidp = getelementptr i8, ptr %tstate, i64 {layout.native_thread_id}
  %tid = load i64, ptr %tidp, align 8
"""


def _core(layout: FrameLayout) -> str:
    """@event(state, tstate, code, frame, is_entry, value, flags, may_match) -> Result: one
    event of `code` running in the _PyInterpreterFrame `frame`; `value` is the returned
    object (null: none), `flags` the return's flags besides RET_INT, `may_match`: a call
    whose unknown code object the Python path must look up by name."""
    from ebpy.jit.abi import FIELD_OFFSETS as F

    return f"""\
define internal i32 @event(ptr %s, ptr %tstate, i64 %code, ptr %ifr, i1 %is_entry,
                           ptr %value, i32 %flags0, i1 %may_match) {{
entry:
  %blk = call ptr @field(ptr %s, i64 {S["table"]})
  %mask = load i64, ptr %blk, align 8
  %tab = getelementptr i8, ptr %blk, i64 {ctypes.sizeof(CodeEntry)}
  %h1 = lshr i64 %code, 4
  %h2 = lshr i64 %code, 12
  %h = xor i64 %h1, %h2
  %i0 = and i64 %h, %mask
  br label %probe

probe:
  %i = phi i64 [ %i0, %entry ], [ %inext, %next ]
  %eoff = shl i64 %i, 4
  %ep = getelementptr i8, ptr %tab, i64 %eoff
  %ec = load i64, ptr %ep, align 8
  %hit = icmp eq i64 %ec, %code
  br i1 %hit, label %found, label %check_empty

check_empty:
  %empty = icmp eq i64 %ec, 0
  br i1 %empty, label %missing, label %next

next:
  %i1 = add i64 %i, 1
  %inext = and i64 %i1, %mask
  br label %probe

missing:
  %bynamep = getelementptr i8, ptr %s, i64 {S["by_name"]}
  %byname = load i64, ptr %bynamep, align 8
  %pending = icmp ne i64 %byname, 0
  %ask = and i1 %pending, %may_match
  br i1 %ask, label %python, label %unprobed

found:
  %fidp = getelementptr i8, ptr %ep, i64 8
  %fid = load i32, ptr %fidp, align 4
  %np = getelementptr i8, ptr %ep, i64 12
  %n16 = load i16, ptr %np, align 2
  %pyp = getelementptr i8, ptr %ep, i64 14
  %py = load i16, ptr %pyp, align 2
  %notprobed = icmp eq i32 %fid, {NOT_PROBED - (1 << 32)}
  br i1 %notprobed, label %unprobed, label %probed

probed:
  %to_python = icmp ne i16 %py, 0
  %busyp = getelementptr i8, ptr %s, i64 {S["busy"]}
  %busy = load i64, ptr %busyp, align 8
  %inuse = icmp ne i64 %busy, 0
  %either = or i1 %to_python, %inuse
  br i1 %either, label %python, label %thread

thread:
{_thread_id(layout)}  %tid32 = trunc i64 %tid to i32
  %rec = call ptr @field(ptr %s, i64 {S["record"]})
  %rpid = load i32, ptr %rec, align 4
  %same = icmp eq i32 %rpid, %tid32
  br i1 %same, label %fill, label %other

other:
  %tasks = call ptr @field(ptr %s, i64 {S["tasks"]})
  %known = call i1 @ebpy_task_load(ptr %tasks, i32 %tid32, ptr %rec)
  br i1 %known, label %fill, label %python

fill:
  %ctx = call ptr @field(ptr %s, i64 {S["ctx"]})
  %ev = select i1 %is_entry, i32 0, i32 1
  store i32 %ev, ptr %ctx, align 4
  %fidd = getelementptr i8, ptr %ctx, i64 4
  store i32 %fid, ptr %fidd, align 4
  %ts = call i64 @now()
  %tsd = getelementptr i8, ptr %ctx, i64 8
  store i64 %ts, ptr %tsd, align 8
  %tidd = getelementptr i8, ptr %ctx, i64 16
  store i64 %tid, ptr %tidd, align 8
  %argsd = getelementptr i8, ptr %ctx, i64 24
  call void @llvm.memset.p0.i64(ptr %argsd, i8 0, i64 56, i1 false)
  %nargs = zext i16 %n16 to i32
  %nargsd = getelementptr i8, ptr %ctx, i64 80
  store i32 %nargs, ptr %nargsd, align 4
  %flagsd = getelementptr i8, ptr %ctx, i64 84
  br i1 %is_entry, label %args, label %retval

args:
  %n64 = zext i16 %n16 to i64
  %few = icmp ult i64 %n64, {MAX_ARGS}
  %count = select i1 %few, i64 %n64, i64 {MAX_ARGS}
  %locals = getelementptr i8, ptr %ifr, i64 {layout.localsplus}
  br label %aloop

aloop:
  %k = phi i64 [ 0, %args ], [ %k1, %anext ]
  %fl = phi i32 [ 0, %args ], [ %fl2, %anext ]
  %more = icmp ult i64 %k, %count
  br i1 %more, label %abody, label %args_done

abody:
  %lp = getelementptr ptr, ptr %locals, i64 %k
  %v = load ptr, ptr %lp, align 8
  %isint = call i1 @is_int(ptr %v)
  br i1 %isint, label %aint, label %anext

aint:
  %val = call i64 @ebpy_PyLong_AsUnsignedLongLongMask(ptr %v)
  %dp = getelementptr i64, ptr %argsd, i64 %k
  store i64 %val, ptr %dp, align 8
  %k32 = trunc i64 %k to i32
  %sh = add i32 %k32, 8
  %bit = shl i32 1, %sh
  %fl1 = or i32 %fl, %bit
  br label %anext

anext:
  %fl2 = phi i32 [ %fl1, %aint ], [ %fl, %abody ]
  %k1 = add i64 %k, 1
  br label %aloop

args_done:
  store i32 %fl, ptr %flagsd, align 4
  br label %run

retval:
  %risint = call i1 @is_int(ptr %value)
  br i1 %risint, label %rint, label %rother

rint:
  %rv = call i64 @ebpy_PyLong_AsUnsignedLongLongMask(ptr %value)
  %retd = getelementptr i8, ptr %ctx, i64 72
  store i64 %rv, ptr %retd, align 8
  %rfl = or i32 %flags0, {RET_INT}
  store i32 %rfl, ptr %flagsd, align 4
  br label %run

rother:
  store i32 %flags0, ptr %flagsd, align 4
  br label %run

run:
  %evp = getelementptr i8, ptr %s, i64 {S["events"]}
  %evn = load i64, ptr %evp, align 8
  %evn1 = add i64 %evn, 1
  store i64 %evn1, ptr %evp, align 8
  %st = call ptr @field(ptr %s, i64 {S["state"]})
  %abortp = getelementptr i8, ptr %st, i64 {F["abort"]}
  store i64 0, ptr %abortp, align 8
  %tcp = getelementptr i8, ptr %st, i64 {F["tail_calls"]}
  store i64 0, ptr %tcp, align 8
  %runfn = call ptr @field(ptr %s, i64 {S["run"]})
  %ctxi = ptrtoint ptr %ctx to i64
  %r0 = call i64 %runfn(ptr %st, i64 %ctxi, i64 0, i64 0, i64 0, i64 0)
  %ab = load i64, ptr %abortp, align 8
  %ok = icmp eq i64 %ab, 0
  br i1 %ok, label %ran, label %stopped

stopped:
  ; Python looks at the run state and the context: hold them (other threads' events go to
  ; the Python path, which waits for busy to clear).
  store i64 1, ptr %busyp, align 8
  %stopfn = call ptr @field(ptr %s, i64 {S["stopped"]})
  %sres = call ptr @ebpy_PyObject_Vectorcall(ptr %stopfn, ptr null, i64 0, ptr null)
  store i64 0, ptr %busyp, align 8
  %failed = icmp eq ptr %sres, null
  br i1 %failed, label %error, label %release

release:
  call void @ebpy_Py_DecRef(ptr %sres)
  br label %ran

ran:
  ret i32 {Result.RAN}

unprobed:
  ret i32 {Result.UNPROBED}

python:
  ret i32 {Result.PYTHON}

error:
  ret i32 {Result.ERROR}
}}

define i64 @ebpy_pyprobe_claim(ptr %s) {{
  %busyp = getelementptr i8, ptr %s, i64 {S["busy"]}
  %busy = load i64, ptr %busyp, align 8
  %free = icmp eq i64 %busy, 0
  br i1 %free, label %take, label %no
take:
  store i64 1, ptr %busyp, align 8
  ret i64 1
no:
  ret i64 0
}}
"""


def _profile_ir(layout: FrameLayout) -> str:
    """The 3.11 profile function: int f(PyObject *obj, PyFrameObject *frame, int what,
    PyObject *arg), `obj` the ProfileHandle (an int: the NativeState's address)."""
    tstate = "  %tstate = call ptr @ebpy_PyThreadState_Get()\n"
    return f"""\
define i32 @ebpy_pyprobe_trace(ptr %obj, ptr %frame, i32 %what, ptr %arg) {{
entry:
  %argv = alloca [3 x ptr], align 8
  %is_call = icmp eq i32 %what, {PY_TRACE_CALL}
  %is_ret = icmp eq i32 %what, {PY_TRACE_RETURN}
  %mine = or i1 %is_call, %is_ret
  br i1 %mine, label %go, label %done

go:
  %s = call ptr @ebpy_PyLong_AsVoidPtr(ptr %obj)
  %activep = getelementptr i8, ptr %s, i64 {S["active"]}
  %active = load i64, ptr %activep, align 8
  %on = icmp ne i64 %active, 0
  br i1 %on, label %look, label %done

look:
  %ifrp = getelementptr i8, ptr %frame, i64 {layout.f_frame}
  %ifr = load ptr, ptr %ifrp, align 8
  %codep = getelementptr i8, ptr %ifr, i64 {layout.f_code}
  %code = load i64, ptr %codep, align 8
{tstate if layout.native_thread_id >= 0 else ""}\
  %r = call i32 @event(ptr %s, ptr {"%tstate" if layout.native_thread_id >= 0 else "null"}, i64 %code, ptr %ifr, i1 %is_call, ptr %arg,
                       i32 0, i1 %is_call)
  switch i32 %r, label %done [ i32 {Result.PYTHON}, label %slow
                               i32 {Result.ERROR}, label %fail ]

slow:
  %pyfn = call ptr @field(ptr %s, i64 {S["python"]})
  %callev = call ptr @field(ptr %s, i64 {S["call_event"]})
  %retev = call ptr @field(ptr %s, i64 {S["return_event"]})
  %evobj = select i1 %is_call, ptr %callev, ptr %retev
  %none = call ptr @field(ptr %s, i64 {S["none"]})
  %noarg = icmp eq ptr %arg, null
  %argobj = select i1 %noarg, ptr %none, ptr %arg
  store ptr %frame, ptr %argv, align 8
  %a1 = getelementptr ptr, ptr %argv, i64 1
  store ptr %evobj, ptr %a1, align 8
  %a2 = getelementptr ptr, ptr %argv, i64 2
  store ptr %argobj, ptr %a2, align 8
  %res = call ptr @ebpy_PyObject_Vectorcall(ptr %pyfn, ptr %argv, i64 3, ptr null)
  %failed = icmp eq ptr %res, null
  br i1 %failed, label %fail, label %release

release:
  call void @ebpy_Py_DecRef(ptr %res)
  br label %done

done:
  ret i32 0

fail:
  ret i32 -1
}}
"""


@dataclass(frozen=True)
class _KindIR:
    entry: bool  # an entry event (arguments read), else a return
    nargs: int  # arguments sys.monitoring passes
    local: bool  # a local event: code not probed gets DISABLE (global ones cannot)
    may_match: bool  # PY_START of code not seen yet may match a name
    flags: int  # a return's flags besides RET_INT


_KINDS = {
    Kind.START: _KindIR(True, 2, True, True, 0),
    Kind.RESUME: _KindIR(True, 2, True, False, 0),
    Kind.THROW: _KindIR(True, 3, False, False, 0),
    Kind.RETURN: _KindIR(False, 3, True, False, 0),
    Kind.UNWIND: _KindIR(False, 3, False, False, UNWIND),
}


def _callback_name(kind: Kind) -> str:
    return f"ebpy_pymon_{kind.name.lower()}"


def _monitoring_ir(layout: FrameLayout, kind: Kind) -> str:
    """A sys.monitoring callback: PyObject *f(PyObject *self, PyObject *const *args,
    Py_ssize_t nargs) (METH_FASTCALL), `self` the NativeMonitoring's handle (an int: the
    NativeState's address). The Python callback of the kind gets the same arguments when
    the event goes to the Python path, and its result is returned as is."""
    k = _KINDS[kind]
    frame_loads = []
    prev = "%tstate"
    for n, offset in enumerate(layout.current_frame):
        frame_loads.append(f"  %fp{n} = getelementptr i8, ptr {prev}, i64 {offset}")
        frame_loads.append(f"  %f{n} = load ptr, ptr %fp{n}, align 8")
        prev = f"%f{n}"
    loads = "\n".join(frame_loads)
    returned = not k.entry and kind != Kind.UNWIND
    value = "  %vp = getelementptr ptr, ptr %args, i64 2\n  %v = load ptr, ptr %vp, align 8\n"
    unprobed = "disable" if k.local else "none"
    return f"""\
define ptr @{_callback_name(kind)}(ptr %self, ptr %args, i64 %nargs) {{
entry:
  %s = call ptr @ebpy_PyLong_AsVoidPtr(ptr %self)
  %enough = icmp sge i64 %nargs, {k.nargs}
  br i1 %enough, label %active, label %python

active:
  %activep = getelementptr i8, ptr %s, i64 {S["active"]}
  %on = load i64, ptr %activep, align 8
  %isoff = icmp eq i64 %on, 0
  br i1 %isoff, label %none, label %frame

frame:
  %tstate = call ptr @ebpy_PyThreadState_Get()
{loads}
  %noframe = icmp eq ptr {prev}, null
  br i1 %noframe, label %python, label %check

check:
  %codeobj = load ptr, ptr %args, align 8
  %code = ptrtoint ptr %codeobj to i64
  %fcp = getelementptr i8, ptr {prev}, i64 {layout.f_code}
  %fcode = load i64, ptr %fcp, align 8
  %same = icmp eq i64 %fcode, %code
  br i1 %same, label %event, label %python

event:
{value if returned else ""}\
  %r = call i32 @event(ptr %s, ptr %tstate, i64 %code, ptr {prev}, i1 {int(k.entry)},
                       ptr {"%v" if returned else "null"}, i32 {k.flags}, i1 {int(k.may_match)})
  switch i32 %r, label %none [ i32 {Result.UNPROBED}, label %{unprobed}
                               i32 {Result.PYTHON}, label %python
                               i32 {Result.ERROR}, label %fail ]

disable:
  %disabledp = getelementptr i8, ptr %s, i64 {S["disabled"]}
  store i64 1, ptr %disabledp, align 8
  %dis = call ptr @field(ptr %s, i64 {S["disable"]})
  call void @ebpy_Py_IncRef(ptr %dis)
  ret ptr %dis

none:
  %nn = call ptr @field(ptr %s, i64 {S["none"]})
  call void @ebpy_Py_IncRef(ptr %nn)
  ret ptr %nn

python:
  %cb = call ptr @field(ptr %s, i64 {S["callbacks"] + 8 * kind})
  %res = call ptr @ebpy_PyObject_Vectorcall(ptr %cb, ptr %args, i64 %nargs, ptr null)
  ret ptr %res

fail:
  ret ptr null
}}
"""


def _ir(layout: FrameLayout) -> tuple[str, list[str]]:
    """The module's text and exported functions for this interpreter."""
    parts = [_DECLARATIONS, _is_int(layout), _core(layout)]
    exports = ["ebpy_pyprobe_claim"]
    if layout.current_frame:
        for kind in Kind:
            parts.append(_monitoring_ir(layout, kind))
            exports.append(_callback_name(kind))
    else:
        parts.append(_profile_ir(layout))
        exports.append("ebpy_pyprobe_trace")
    return "\n".join(parts), exports


_C_API = (
    "PyLong_AsVoidPtr",
    "PyThread_get_thread_native_id",
    "PyThreadState_Get",
    "PyType_GetFlags",
    "PyLong_AsUnsignedLongLongMask",
    "PyObject_Vectorcall",
    "Py_IncRef",
    "Py_DecRef",
)

_CLAIM = ctypes.PYFUNCTYPE(ctypes.c_uint64, ctypes.c_void_p)  # holds the GIL: atomic


@dataclass(frozen=True)
class Compiled:
    code: Any  # the NativeCode, kept alive
    functions: Mapping[str, int]  # exported name -> address
    claim: Callable[[int], int]


@cache
def compiled(layout: FrameLayout) -> Compiled:
    """The native handlers for this interpreter, compiled once per process."""
    import llvmlite.binding as llvm

    from ebpy.jit import backend

    backend.target_machine()  # initialises LLVM (and registers ebpy_clock_gettime)
    for name in _C_API:
        fn = getattr(ctypes.pythonapi, name)
        llvm.add_symbol(f"ebpy_{name}", ctypes.cast(fn, ctypes.c_void_p).value or 0)
    text, exports = _ir(layout)
    code = backend.compile_ir(text, exports)
    functions = {name: code.address(name) for name in exports}
    return Compiled(code, functions, _CLAIM(functions["ebpy_pyprobe_claim"]))


# ---- the Python side --------------------------------------------------------------------------
class Handle(int):
    """The native handlers' `self`: its value is the NativeState's address, and it owns the
    state (and what the state points to), so the memory lives as long as anything that can
    still call a handler holds the handle: a thread's profile, a registered callback, a
    callback running in another thread while the probe detaches."""

    state: NativeState
    keep: tuple[Any, ...]


@dataclass(frozen=True)
class Target:
    """What the handlers of one probe work on."""

    layout: FrameLayout
    entry: tuple[int, int]  # the program's run state and ebpy_run (JitProgram.native_entry)
    ctx_address: int  # its bound context
    record: Any  # the HookRecord its task helpers read
    tasks: Any  # the TaskTable of the probe's threads
    table: CodeTable
    stopped: Callable[[], None]  # called after a run that stopped early


class NativeEvents:
    """What both kinds of native handlers share: the state, the code table, the counts."""

    def __init__(self, target: Target, keep: tuple[Any, ...]) -> None:
        self.compiled = compiled(target.layout)
        self.table = target.table
        s = NativeState()
        s.state, s.run = target.entry
        s.ctx = target.ctx_address
        s.record = target.record.address
        s.tasks = target.tasks.address
        s.stopped, s.none = id(target.stopped), id(None)
        self.state = s
        self.address = ctypes.addressof(s)
        self.sync_table()
        handle = Handle(self.address)
        handle.state = s
        handle.keep = (target, *keep)
        self.handle = handle

    def sync_table(self) -> None:
        """After the code table grew (a new block): point the native state at it."""
        self.state.table = self.table.address

    def claim(self) -> None:
        """Hold the context and run state for a Python-path run (and `release()` after):
        waits while another thread's stopped native run is being handled."""
        claim = self.compiled.claim
        while not claim(self.address):
            time.sleep(1e-5)  # lets the GIL go: the holder is another thread

    def release(self) -> None:
        self.state.busy = 0

    def start(self, by_name: bool) -> None:
        self.state.by_name = int(by_name)
        self.state.active = 1

    def stop(self) -> None:
        self.state.active = 0

    @property
    def events(self) -> int:
        return int(self.state.events)


_set_profile = ctypes.pythonapi.PyEval_SetProfile
_set_profile.argtypes = [ctypes.c_void_p, ctypes.py_object]
_set_profile.restype = None


class ProfileHandle(Handle):
    """What sys.getprofile() returns while the native profile is set (Python 3.11). Called
    like a Python profile function (threads started later get it through
    threading.setprofile, and code that saves and restores profilers may set it again), it
    switches the calling thread to the native function and passes the event on."""

    function: int
    python: Callable[[FrameType, str, Any], None]

    def install(self) -> None:
        """Make the native function this thread's profiler."""
        _set_profile(self.function, self)

    def __call__(self, frame: FrameType, event: str, arg: Any) -> None:
        if self.state.active:
            self.install()
        self.python(frame, event, arg)


class NativeProfile(NativeEvents):
    """The native profile function's state for one attached probe (Python 3.11): events it
    cannot handle go to `python`, the Python profile function, with the same arguments."""

    def __init__(self, target: Target, python: Callable[[FrameType, str, Any], None]) -> None:
        call, ret = "call", "return"
        super().__init__(target, (python, call, ret))
        s = self.state
        s.python, s.call_event, s.return_event = id(python), id(call), id(ret)
        handle = ProfileHandle(self.address)
        handle.state, handle.keep = s, self.handle.keep
        handle.function = self.compiled.functions["ebpy_pyprobe_trace"]
        handle.python = python
        self.handle = handle

    def start(self, by_name: bool) -> None:
        super().start(by_name)
        self.handle.install()  # type: ignore[attr-defined]


class NativeMonitoring(NativeEvents):
    """Native sys.monitoring callbacks for one attached probe (Python 3.12+): `callables`
    holds a builtin per kind, to register in place of the Python callback of that kind in
    `python`, which gets the events they cannot handle."""

    def __init__(
        self, target: Target, python: Mapping[Kind, Callable[..., Any]], disable: Any
    ) -> None:
        methods = {
            kind: MethodDef(
                kind.name.encode(),
                _callback_addresses(target.layout)[kind],
                METH_FASTCALL,
                b"ebpy probe: native sys.monitoring callback",
            )
            for kind in Kind
        }
        super().__init__(target, (tuple(python.values()), disable, methods))
        s = self.state
        s.disable = id(disable)
        for kind in Kind:
            s.callbacks[kind] = id(python[kind])
        self.callables = {
            kind: _new_function(ctypes.addressof(methods[kind]), self.handle, None) for kind in Kind
        }

    @property
    def disabled(self) -> bool:
        """Whether a callback returned DISABLE."""
        return bool(self.state.disabled)


def _callback_addresses(layout: FrameLayout) -> dict[Kind, int]:
    """The native callbacks' addresses by kind."""
    functions = compiled(layout).functions
    return {kind: functions[_callback_name(kind)] for kind in Kind}


_new_function = ctypes.pythonapi.PyCFunction_NewEx
_new_function.restype = ctypes.py_object
_new_function.argtypes = [ctypes.c_void_p, ctypes.py_object, ctypes.py_object]


def monitoring_layout() -> FrameLayout | None:
    """The layout for native sys.monitoring callbacks, or None (3.11, or not verified)."""
    layout = frame_layout()
    return layout if layout is not None and layout.current_frame else None


def profile_layout() -> FrameLayout | None:
    """The layout for the native profile function, or None (3.12+, or not verified)."""
    layout = frame_layout()
    if layout is None or layout.current_frame or hasattr(sys, "monitoring"):
        return None
    return layout
