"""Python function probes without Python per event: a C-level profile function (Python 3.11).

`sys.setprofile` calls a Python function for every call and return of the thread, probed or
not, and the probe then reads the arguments through `frame.f_locals` (a dict built per
access), packs the context and calls the program: several microseconds per event. Here the
profile function is native code registered with PyEval_SetProfile (compiled once per process
with llvmlite, against the CPython C API like the JIT's call bridge, ebpy.jit.pybridge):

    call or return event -> the frame's code object -> the code table (Python's `_seen`,
    natively: function id, argument count, or "not probed") -> the thread's task in the hook
    record (ebpy.jit.hook_helpers) -> the context: timestamp (clock_gettime), thread id
    (PyThread_get_thread_native_id), integer arguments read from the frame's fast locals,
    the integer return value -> the JIT-compiled program's ebpy_run -> return

Everything else is handed to the Python path with the event (`slow(frame, what, arg)`): an
unknown code object while "module:qualname" names are still unmatched, a thread whose task
is not in the table yet, a function whose arguments live in cells (captured by a closure). A
run that stopped early calls `stopped()`, which turns it into the probe's error count. So the
semantics are the Python path's (pyprobe.py), which tests/test_hooks_pyprobe_native.py
checks event by event.

Reading the fast locals needs CPython 3.11's frame layout (PyFrameObject.f_frame, and
_PyInterpreterFrame's f_code and localsplus): `frame_layout()` finds the offsets on this
interpreter by checking them against live frames, and answers None elsewhere (other versions,
debug builds), where the probe keeps the Python path.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from types import CodeType, FrameType
from typing import Any

from ebpy.jit.hook_helpers import TASK_LOAD_IR

PY_TRACE_CALL, PY_TRACE_RETURN = 0, 3
NOT_PROBED = 0xFFFFFFFF
MAX_ARGS = 6
_LONG_SUBCLASS = 1 << 24  # Py_TPFLAGS_LONG_SUBCLASS: isinstance(v, int)
_CLOCK_MONOTONIC = 1


@dataclass(frozen=True)
class FrameLayout:
    """Where CPython 3.11 keeps what the profile function reads (byte offsets)."""

    ob_type: int  # PyObject.ob_type
    f_frame: int  # PyFrameObject.f_frame: the _PyInterpreterFrame
    f_code: int  # _PyInterpreterFrame.f_code
    frame_obj: int  # _PyInterpreterFrame.frame_obj
    localsplus: int  # _PyInterpreterFrame.localsplus: the fast locals, arguments first
    # PyThreadState.native_thread_id (-1: unknown, ask PyThread_get_thread_native_id, which
    # is a gettid system call, ~0.3 us on a VM: more than the rest of an event)
    native_thread_id: int = -1


_CANDIDATE = FrameLayout(ob_type=8, f_frame=24, f_code=32, frame_obj=40, localsplus=72)
_THREAD_ID, _NATIVE_THREAD_ID = 152, 160  # PyThreadState.thread_id, .native_thread_id (3.11)


def _word(address: int) -> int:
    return ctypes.c_void_p.from_address(address).value or 0


def _check(layout: FrameLayout, frame: FrameType, args: tuple[Any, ...]) -> bool:
    """Does `layout` find this live frame's code, frame object and arguments?"""
    ifr = _word(id(frame) + layout.f_frame)
    if not ifr:
        return False
    if _word(ifr + layout.f_code) != id(frame.f_code) or _word(ifr + layout.frame_obj) != id(frame):
        return False
    return all(_word(ifr + layout.localsplus + 8 * i) == id(a) for i, a in enumerate(args))


def _sample(a: Any, b: Any, c: Any, layout: FrameLayout) -> bool:
    return _check(layout, sys._getframe(), (a, b, c))


@cache
def frame_layout() -> FrameLayout | None:
    """The verified layout on this interpreter, or None where the native profile cannot run
    (only CPython 3.11 release builds on 64-bit hosts are read this way)."""
    if sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11):
        return None
    if hasattr(sys, "gettotalrefcount") or ctypes.sizeof(ctypes.c_void_p) != 8:
        return None  # debug builds have another object header
    if object().__sizeof__() != 16 or _word(id(_CANDIDATE) + 8) != id(FrameLayout):
        return None
    marks = (object(), object(), object())
    if not _sample(*marks, _CANDIDATE) or not _sample(3, "x", None, _CANDIDATE):
        return None
    if _thread_ids_found() and _in_new_thread(_thread_ids_found):
        return replace(_CANDIDATE, native_thread_id=_NATIVE_THREAD_ID)
    return _CANDIDATE


_thread_state = ctypes.pythonapi.PyThreadState_Get
_thread_state.restype = ctypes.c_void_p
_thread_state.argtypes = []


def _thread_ids_found() -> bool:
    """Does this thread's PyThreadState hold its ids where 3.11 keeps them?"""
    ts = _thread_state() or 0
    ident = ctypes.c_uint64.from_address(ts + _THREAD_ID).value
    native = ctypes.c_uint64.from_address(ts + _NATIVE_THREAD_ID).value
    return ident == threading.get_ident() and native == threading.get_native_id()


def _in_new_thread(check: Callable[[], bool]) -> bool:
    found: list[bool] = []
    thread = threading.Thread(target=lambda: found.append(check()), name="ebpy-layout-check")
    thread.start()
    thread.join()
    return found == [True]


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
    native profile function. The probe's `_seen` keeps the code objects alive."""

    def __init__(self) -> None:
        self._entries: dict[int, tuple[int, int, int]] = {}
        self.rows: Any = None
        self.mask = 0
        self._build(16)

    def add(self, code: CodeType, fid: int | None) -> None:
        nargs = code.co_argcount
        # Arguments a closure captures are cells once the function runs: the Python path
        # reads them through f_locals, which looks inside the cells.
        cells = set(code.co_cellvars) & set(code.co_varnames[: min(nargs, MAX_ARGS)])
        python = int(bool(cells) or nargs > 0xFFFF)
        row = (NOT_PROBED if fid is None else fid, min(nargs, 0xFFFF), python)
        self._entries[id(code)] = row
        if 2 * len(self._entries) > self.mask + 1:
            self._build(2 * (self.mask + 1))
        else:
            self._put(id(code), row)

    def _build(self, size: int) -> None:
        self.rows = (CodeEntry * size)()
        self.mask = size - 1
        for address, row in self._entries.items():
            self._put(address, row)

    def _put(self, address: int, row: tuple[int, int, int]) -> None:
        i = _slot(address, self.mask)
        while self.rows[i].code not in (0, address):
            i = (i + 1) & self.mask
        entry = self.rows[i]
        entry.code = address
        entry.fid, entry.nargs, entry.python = row

    @property
    def address(self) -> int:
        return ctypes.addressof(self.rows)


# ---- the native state and the profile function --------------------------------------------------
class ProfileState(ctypes.Structure):
    _fields_ = [
        ("active", ctypes.c_uint64),  # 0 after detach: every event returns at once
        ("table", ctypes.c_uint64),  # CodeEntry[mask + 1]
        ("mask", ctypes.c_uint64),
        ("by_name", ctypes.c_uint64),  # names still unmatched: unknown code goes to Python
        ("ctx", ctypes.c_uint64),  # struct pyprobe_ctx of the bound program
        ("state", ctypes.c_uint64),  # the program's run state and ebpy_run
        ("run", ctypes.c_uint64),
        ("record", ctypes.c_uint64),  # the HookRecord its task helpers read
        ("tasks", ctypes.c_uint64),  # TaskEntry[TASK_SLOTS]: the threads' tasks
        ("slow", ctypes.c_uint64),  # PyObject*: slow(frame, what, arg)
        ("stopped", ctypes.c_uint64),  # PyObject*: stopped()
        ("call_event", ctypes.c_uint64),  # PyObject*: the ints 0 and 3, for `what`
        ("return_event", ctypes.c_uint64),
        ("none", ctypes.c_uint64),  # PyObject*: None, for a missing return value
        ("events", ctypes.c_uint64),  # events whose program ran here
    ]


S = {f[0]: getattr(ProfileState, f[0]).offset for f in ProfileState._fields_}


def _thread_id(layout: FrameLayout) -> str:
    """IR setting %tid to the thread's native id."""
    if layout.native_thread_id < 0:
        return "  %tid = call i64 @ebpy_PyThread_get_thread_native_id()\n"
    return f"""\
  %tstate = call ptr @ebpy_PyThreadState_Get()
  %tidp = getelementptr i8, ptr %tstate, i64 {layout.native_thread_id}
  %tid = load i64, ptr %tidp, align 8
"""


def _ir(layout: FrameLayout) -> str:
    from ebpy.jit.abi import FIELD_OFFSETS as F

    return f"""\
declare ptr @ebpy_PyLong_AsVoidPtr(ptr)
declare i64 @ebpy_PyThread_get_thread_native_id()
declare ptr @ebpy_PyThreadState_Get()
declare i64 @ebpy_PyType_GetFlags(ptr)
declare i64 @ebpy_PyLong_AsUnsignedLongLongMask(ptr)
declare ptr @ebpy_PyObject_Vectorcall(ptr, ptr, i64, ptr)
declare void @ebpy_Py_DecRef(ptr)
declare i32 @ebpy_clock_gettime(i32, ptr)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
{TASK_LOAD_IR}
define internal ptr @field(ptr %s, i64 %off) {{
  %p = getelementptr i8, ptr %s, i64 %off
  %v = load ptr, ptr %p, align 8
  ret ptr %v
}}

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
  %tab = call ptr @field(ptr %s, i64 {S["table"]})
  %maskp = getelementptr i8, ptr %s, i64 {S["mask"]}
  %mask = load i64, ptr %maskp, align 8
  %h1 = lshr i64 %code, 4
  %h2 = lshr i64 %code, 12
  %h = xor i64 %h1, %h2
  %i0 = and i64 %h, %mask
  br label %probe

probe:
  %i = phi i64 [ %i0, %look ], [ %inext, %next ]
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
  %ask = and i1 %pending, %is_call
  br i1 %ask, label %slow, label %done

found:
  %fidp = getelementptr i8, ptr %ep, i64 8
  %fid = load i32, ptr %fidp, align 4
  %np = getelementptr i8, ptr %ep, i64 12
  %n16 = load i16, ptr %np, align 2
  %pyp = getelementptr i8, ptr %ep, i64 14
  %py = load i16, ptr %pyp, align 2
  %unprobed = icmp eq i32 %fid, {NOT_PROBED - (1 << 32)}
  br i1 %unprobed, label %done, label %probed

probed:
  %to_python = icmp ne i16 %py, 0
  br i1 %to_python, label %slow, label %thread

thread:
{_thread_id(layout)}  %tid32 = trunc i64 %tid to i32
  %rec = call ptr @field(ptr %s, i64 {S["record"]})
  %rpid = load i32, ptr %rec, align 4
  %same = icmp eq i32 %rpid, %tid32
  br i1 %same, label %fill, label %other

other:
  %tasks = call ptr @field(ptr %s, i64 {S["tasks"]})
  %known = call i1 @ebpy_task_load(ptr %tasks, i32 %tid32, ptr %rec)
  br i1 %known, label %fill, label %slow

fill:
  %ctx = call ptr @field(ptr %s, i64 {S["ctx"]})
  %ev = zext i1 %is_ret to i32
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
  br i1 %is_call, label %args, label %retval

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
  %risint = call i1 @is_int(ptr %arg)
  br i1 %risint, label %rint, label %rnone

rint:
  %rv = call i64 @ebpy_PyLong_AsUnsignedLongLongMask(ptr %arg)
  %retd = getelementptr i8, ptr %ctx, i64 72
  store i64 %rv, ptr %retd, align 8
  store i32 1, ptr %flagsd, align 4
  br label %run

rnone:
  store i32 0, ptr %flagsd, align 4
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
  br i1 %ok, label %done, label %stopped

stopped:
  %stopfn = call ptr @field(ptr %s, i64 {S["stopped"]})
  %sres = call ptr @ebpy_PyObject_Vectorcall(ptr %stopfn, ptr null, i64 0, ptr null)
  br label %result

slow:
  %slowfn = call ptr @field(ptr %s, i64 {S["slow"]})
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
  %pres = call ptr @ebpy_PyObject_Vectorcall(ptr %slowfn, ptr %argv, i64 3, ptr null)
  br label %result

result:
  %res = phi ptr [ %sres, %stopped ], [ %pres, %slow ]
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


_C_API = (
    "PyLong_AsVoidPtr",
    "PyThread_get_thread_native_id",
    "PyThreadState_Get",
    "PyType_GetFlags",
    "PyLong_AsUnsignedLongLongMask",
    "PyObject_Vectorcall",
    "Py_DecRef",
)


@cache
def _profile_function(layout: FrameLayout) -> tuple[Any, int]:
    """The compiled profile function's (code, address), once per process."""
    import llvmlite.binding as llvm

    from ebpy.jit import backend

    backend.target_machine()  # initialises LLVM (and registers ebpy_clock_gettime)
    for name in _C_API:
        fn = getattr(ctypes.pythonapi, name)
        llvm.add_symbol(f"ebpy_{name}", ctypes.cast(fn, ctypes.c_void_p).value or 0)
    code = backend.compile_ir(_ir(layout), ["ebpy_pyprobe_trace"])
    return code, code.address("ebpy_pyprobe_trace")


_set_profile = ctypes.pythonapi.PyEval_SetProfile
_set_profile.argtypes = [ctypes.c_void_p, ctypes.py_object]
_set_profile.restype = None


class ProfileHandle(int):
    """What sys.getprofile() returns while the native profile is set: its value is the
    address of the ProfileState (the profile function finds its state through it), and it
    owns that state, so the memory lives as long as any thread still holds the handle.
    Called like a Python profile function (threads started later get it through
    threading.setprofile, and code that saves and restores profilers may set it again), it
    switches the calling thread to the native function and passes the event on."""

    state: ProfileState
    keep: tuple[Any, ...]
    function: int
    python: Callable[[FrameType, str, Any], None]

    def install(self) -> None:
        """Make the native function this thread's profiler."""
        _set_profile(self.function, self)

    def __call__(self, frame: FrameType, event: str, arg: Any) -> None:
        if self.state.active:
            self.install()
        self.python(frame, event, arg)


class NativeProfile:
    """The native profile function's state for one attached probe."""

    def __init__(
        self,
        layout: FrameLayout,
        entry: tuple[int, int],
        ctx_address: int,
        record: Any,
        tasks: Any,
        table: CodeTable,
        slow: Callable[[FrameType, int, Any], None],
        stopped: Callable[[], None],
        python: Callable[[FrameType, str, Any], None],
    ) -> None:
        _, function = _profile_function(layout)
        self.table = table
        s = ProfileState()
        s.state, s.run = entry
        s.ctx = ctx_address
        s.record = record.address
        s.tasks = tasks.address
        keep = (slow, stopped, PY_TRACE_CALL, PY_TRACE_RETURN, None, record, tasks, table)
        s.slow, s.stopped = id(slow), id(stopped)
        s.call_event, s.return_event, s.none = id(PY_TRACE_CALL), id(PY_TRACE_RETURN), id(None)
        self.state = s
        self.sync_table()
        handle = ProfileHandle(ctypes.addressof(s))
        handle.state = s
        handle.keep = keep
        handle.function = function
        handle.python = python
        self.handle = handle

    def sync_table(self) -> None:
        """After the code table grew (a new array): point the native state at it."""
        self.state.table = self.table.address
        self.state.mask = self.table.mask

    def start(self, by_name: bool) -> None:
        self.state.by_name = int(by_name)
        self.state.active = 1
        self.handle.install()

    def stop(self) -> None:
        self.state.active = 0

    @property
    def events(self) -> int:
        return int(self.state.events)
