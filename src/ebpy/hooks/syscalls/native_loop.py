"""The supervisor's notification loop in native code, for policies the JIT runs natively.

A supervised system call costs two context switches in the kernel (the caller stops, the
supervisor wakes; the answer wakes the caller) plus what the supervisor does in between. In
Python that is receive, decode, look the task up, run the program, decide, answer: a few
microseconds on top of the switches. This loop does the common case without Python:

    receive (waiting in the ioctl, the GIL released) -> the caller's task from the native task
    table -> the record the program's task helpers read -> the program (its ebpy_run) ->
    allow, log or errno: answer -> receive the next one

and returns to Python, with the notification in its buffer, for everything else: a caller
whose task is not in the table (Python reads /proc and adds it), the setup process before
its execve, calls that change or create tasks (Python keeps the table right), another
architecture, decisions that kill or trap, a run that stopped early, a failed ioctl. Python
then finishes that notification exactly as its own loop would (supervisor.py) and calls the
loop again. Counts of the calls answered here are kept per decision and merged by Python.

The program is called natively when every helper it calls is native (JitProgram.native_entry),
which the hook record makes true for the task and user-memory helpers (ebpy.jit.hook_helpers).
Any other policy (the interpreter's, a JIT program with Python helpers) runs through a
`PythonRun`: its entry is a native trampoline that calls back into Python for the run only,
with the notification already received, its context copied and the task found; the answer is
still sent here. The callback costs about 0.3 us; going round the Python loop instead (receive,
decode, look-up and answer from Python) adds about 6 us per call on a VM (bench_supervise.py).
"""

from __future__ import annotations

import ctypes
import errno
from collections.abc import Callable
from enum import IntEnum
from functools import cache
from typing import Any

import llvmlite.binding as llvm

from ebpy.hooks.syscalls import uapi
from ebpy.jit import backend
from ebpy.jit.abi import FIELD_OFFSETS as F
from ebpy.jit.abi import Abort, RunState
from ebpy.jit.hook_helpers import TASK_LOAD_IR

SPECIAL_SIZE = 512  # system call numbers below this are looked up in `special`


class Stop(IntEnum):
    """Why the loop returned to Python."""

    RECV_FAILED = 1  # `err` says why (ENOENT: no caller, or the filter is unused; EINTR)
    PENDING = 2  # a notification is in `notif`, not decided: Python handles all of it
    DECIDED = 3  # the program ran (`r0`), the notification is still valid: Python answers
    STOPPED = 4  # the program's run set abort: Python finds out why, then answers
    SEND_FAILED = 5  # answering failed with `err` (not ENOENT)
    VALID_FAILED = 6  # SECCOMP_IOCTL_NOTIF_ID_VALID failed with `err` (not ENOENT)


class LoopState(ctypes.Structure):
    _fields_ = [
        ("listener", ctypes.c_int64),
        ("setup_pid", ctypes.c_int64),  # its calls go to Python (0: none)
        ("audit", ctypes.c_int64),  # the host's AUDIT_ARCH
        ("notif", ctypes.c_uint64),  # struct seccomp_notif buffer
        ("resp", ctypes.c_uint64),  # struct seccomp_notif_resp buffer
        ("ctx", ctypes.c_uint64),  # the program's context (struct seccomp_data)
        ("state", ctypes.c_uint64),  # the program's run state and ebpy_run
        ("run", ctypes.c_uint64),
        ("record", ctypes.c_uint64),  # the HookRecord the task helpers read
        ("tasks", ctypes.c_uint64),  # TaskEntry[TASK_SLOTS]
        ("special", ctypes.c_uint64),  # u8[SPECIAL_SIZE]: non-zero sends the call to Python
        ("allowed", ctypes.c_uint64),  # calls answered here, by decision
        ("logged", ctypes.c_uint64),
        ("failed", ctypes.c_uint64),
        ("r0", ctypes.c_uint64),
        ("err", ctypes.c_int64),
    ]


class PythonRunState(ctypes.Structure):
    """What the trampoline runs with: a run state where the loop clears and reads `abort`
    (its `hook` is the loop's record, which holds the caller's thread id), then the Python
    callable (a borrowed PyObject*: PythonRun keeps it alive)."""

    _fields_ = [("run", RunState), ("callable", ctypes.c_uint64)]


S = {f[0]: getattr(LoopState, f[0]).offset for f in LoopState._fields_}
CALLABLE = PythonRunState.callable.offset
ALLOW = int(uapi.SeccompAction.ALLOW)
LOG = int(uapi.SeccompAction.LOG)
ERRNO = int(uapi.SeccompAction.ERRNO)


def _ir() -> str:
    from ebpy.jit.hook_helpers import R as rf

    data = uapi.NOTIF.size  # struct seccomp_data inside struct seccomp_notif
    return f"""\
declare i32 @ebpy_ioctl(i32, i64, ...)
declare ptr @ebpy_errno_location()
declare ptr @ebpy_PyEval_SaveThread()
declare void @ebpy_PyEval_RestoreThread(ptr)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare ptr @ebpy_PyLong_FromLong(i64)
declare ptr @ebpy_PyObject_Vectorcall(ptr, ptr, i64, ptr)
declare i64 @ebpy_PyLong_AsUnsignedLongLongMask(ptr)
declare void @ebpy_Py_DecRef(ptr)
{TASK_LOAD_IR}
define internal i64 @field(ptr %s, i64 %off) {{
  %p = getelementptr i8, ptr %s, i64 %off
  %v = load i64, ptr %p, align 8
  ret i64 %v
}}

define internal void @bump(ptr %s, i64 %off) {{
  %p = getelementptr i8, ptr %s, i64 %off
  %v = load i64, ptr %p, align 8
  %v1 = add i64 %v, 1
  store i64 %v1, ptr %p, align 8
  ret void
}}

define internal i64 @fail(ptr %s, i64 %code) {{
  %ep = call ptr @ebpy_errno_location()
  %e = load i32, ptr %ep, align 4
  %e64 = sext i32 %e to i64
  %p = getelementptr i8, ptr %s, i64 {S["err"]}
  store i64 %e64, ptr %p, align 8
  ret i64 %code
}}

define internal i1 @gone() {{
  %ep = call ptr @ebpy_errno_location()
  %e = load i32, ptr %ep, align 4
  %g = icmp eq i32 %e, {errno.ENOENT}
  ret i1 %g
}}

define i64 @ebpy_supervise(ptr %s) {{
entry:
  %fd64 = call i64 @field(ptr %s, i64 {S["listener"]})
  %fd = trunc i64 %fd64 to i32
  %setup = call i64 @field(ptr %s, i64 {S["setup_pid"]})
  %audit = call i64 @field(ptr %s, i64 {S["audit"]})
  %notif.i = call i64 @field(ptr %s, i64 {S["notif"]})
  %notif = inttoptr i64 %notif.i to ptr
  %resp.i = call i64 @field(ptr %s, i64 {S["resp"]})
  %resp = inttoptr i64 %resp.i to ptr
  %ctx.i = call i64 @field(ptr %s, i64 {S["ctx"]})
  %ctx = inttoptr i64 %ctx.i to ptr
  %st.i = call i64 @field(ptr %s, i64 {S["state"]})
  %st = inttoptr i64 %st.i to ptr
  %run.i = call i64 @field(ptr %s, i64 {S["run"]})
  %run = inttoptr i64 %run.i to ptr
  %rec.i = call i64 @field(ptr %s, i64 {S["record"]})
  %rec = inttoptr i64 %rec.i to ptr
  %tasks.i = call i64 @field(ptr %s, i64 {S["tasks"]})
  %tasks = inttoptr i64 %tasks.i to ptr
  %special.i = call i64 @field(ptr %s, i64 {S["special"]})
  %special = inttoptr i64 %special.i to ptr
  %tidp = getelementptr i8, ptr %notif, i64 8
  %nrp = getelementptr i8, ptr %notif, i64 {data}
  %archp = getelementptr i8, ptr %notif, i64 {data + 4}
  %data = getelementptr i8, ptr %notif, i64 {data}
  %abortp = getelementptr i8, ptr %st, i64 {F["abort"]}
  %tcp = getelementptr i8, ptr %st, i64 {F["tail_calls"]}
  %pidp = getelementptr i8, ptr %rec, i64 {rf["mem_pid"]}
  %readsp = getelementptr i8, ptr %rec, i64 {rf["reads"]}
  %r0p = getelementptr i8, ptr %s, i64 {S["r0"]}
  %rerrp = getelementptr i8, ptr %resp, i64 16
  %rflagsp = getelementptr i8, ptr %resp, i64 20
  br label %recv

recv:
  call void @llvm.memset.p0.i64(ptr %notif, i8 0, i64 {uapi.NOTIF_SIZE}, i1 false)
  %ts = call ptr @ebpy_PyEval_SaveThread()
  %got = call i32 (i32, i64, ...) @ebpy_ioctl(i32 %fd, i64 {uapi.SECCOMP_IOCTL_NOTIF_RECV}, ptr %notif)
  %bad = icmp slt i32 %got, 0
  br i1 %bad, label %recv_failed, label %received

recv_failed:
  %code = call i64 @fail(ptr %s, i64 {int(Stop.RECV_FAILED)})
  call void @ebpy_PyEval_RestoreThread(ptr %ts)
  ret i64 %code

received:
  call void @ebpy_PyEval_RestoreThread(ptr %ts)
  %tid = load i32, ptr %tidp, align 4
  %tid64 = zext i32 %tid to i64
  %nr = load i32, ptr %nrp, align 4
  %arch = load i32, ptr %archp, align 4
  %arch64 = zext i32 %arch to i64
  %is_setup = icmp eq i64 %tid64, %setup
  %other_arch = icmp ne i64 %arch64, %audit
  %high = icmp uge i32 %nr, {SPECIAL_SIZE}
  %c1 = or i1 %is_setup, %other_arch
  %c2 = or i1 %c1, %high
  br i1 %c2, label %pending, label %look_nr

look_nr:
  %nr64 = zext i32 %nr to i64
  %sp = getelementptr i8, ptr %special, i64 %nr64
  %sv = load i8, ptr %sp, align 1
  %is_special = icmp ne i8 %sv, 0
  br i1 %is_special, label %pending, label %look_task

look_task:
  %known = call i1 @ebpy_task_load(ptr %tasks, i32 %tid, ptr %rec)
  br i1 %known, label %run_it, label %pending

pending:
  ret i64 {int(Stop.PENDING)}

run_it:
  store i32 %tid, ptr %pidp, align 4
  store i64 0, ptr %readsp, align 8
  call void @llvm.memcpy.p0.p0.i64(ptr %ctx, ptr %data, i64 {uapi.SECCOMP_DATA_SIZE}, i1 false)
  store i64 0, ptr %abortp, align 8
  store i64 0, ptr %tcp, align 8
  %r0 = call i64 %run(ptr %st, i64 %ctx.i, i64 0, i64 0, i64 0, i64 0)
  store i64 %r0, ptr %r0p, align 8
  %ab = load i64, ptr %abortp, align 8
  %stopped = icmp ne i64 %ab, 0
  br i1 %stopped, label %stop, label %check_reads

stop:
  ret i64 {int(Stop.STOPPED)}

check_reads:
  %reads = load i64, ptr %readsp, align 8
  %read_any = icmp ne i64 %reads, 0
  br i1 %read_any, label %validate, label %decide

validate:
  %v = call i32 (i32, i64, ...) @ebpy_ioctl(i32 %fd, i64 {uapi.SECCOMP_IOCTL_NOTIF_ID_VALID}, ptr %notif)
  %vbad = icmp slt i32 %v, 0
  br i1 %vbad, label %invalid, label %decide

invalid:
  %vgone = call i1 @gone()
  br i1 %vgone, label %recv, label %valid_failed

valid_failed:
  %vcode = call i64 @fail(ptr %s, i64 {int(Stop.VALID_FAILED)})
  ret i64 %vcode

decide:
  %id = load i64, ptr %notif, align 8
  store i64 %id, ptr %resp, align 8
  %ret = trunc i64 %r0 to i32
  %action = and i32 %ret, {uapi.SECCOMP_RET_ACTION_FULL - (1 << 32)}
  switch i32 %action, label %python [ i32 {ALLOW}, label %allow
                                      i32 {LOG}, label %log
                                      i32 {ERRNO}, label %errno ]

python:
  ret i64 {int(Stop.DECIDED)}

allow:
  call void @bump(ptr %s, i64 {S["allowed"]})
  br label %continue

log:
  call void @bump(ptr %s, i64 {S["logged"]})
  br label %continue

continue:
  store i32 0, ptr %rerrp, align 4
  store i32 {uapi.SECCOMP_USER_NOTIF_FLAG_CONTINUE}, ptr %rflagsp, align 4
  br label %send

errno:
  call void @bump(ptr %s, i64 {S["failed"]})
  %edata = and i32 %ret, {uapi.SECCOMP_RET_DATA}
  %big = icmp ugt i32 %edata, {uapi.MAX_ERRNO}
  %eno = select i1 %big, i32 {uapi.MAX_ERRNO}, i32 %edata
  %neg = sub i32 0, %eno
  store i32 %neg, ptr %rerrp, align 4
  store i32 0, ptr %rflagsp, align 4
  br label %send

send:
  %valp = getelementptr i8, ptr %resp, i64 8
  store i64 0, ptr %valp, align 8
  %sent = call i32 (i32, i64, ...) @ebpy_ioctl(i32 %fd, i64 {uapi.SECCOMP_IOCTL_NOTIF_SEND}, ptr %resp)
  %sbad = icmp slt i32 %sent, 0
  br i1 %sbad, label %send_error, label %recv

send_error:
  %sgone = call i1 @gone()
  br i1 %sgone, label %recv, label %send_failed

send_failed:
  %scode = call i64 @fail(ptr %s, i64 {int(Stop.SEND_FAILED)})
  ret i64 %scode
}}

; A program's entry for the loop that calls the PythonRunState's callable with the caller's
; thread id (the GIL is held: the loop took it back after receiving) and returns the int it
; returns. A call that raised leaves the exception set and stops the run: the loop returns
; STOPPED and ctypes raises the exception from serve().
define i64 @ebpy_python_run(ptr %st, i64 %ctx, i64 %a2, i64 %a3, i64 %a4, i64 %a5) {{
entry:
  %argv = alloca ptr, align 8
  %fnp = getelementptr i8, ptr %st, i64 {CALLABLE}
  %fn = load ptr, ptr %fnp, align 8
  %hp = getelementptr i8, ptr %st, i64 {F["hook"]}
  %h = load ptr, ptr %hp, align 8
  %tidp = getelementptr i8, ptr %h, i64 {rf["mem_pid"]}
  %tid = load i32, ptr %tidp, align 4
  %tid64 = zext i32 %tid to i64
  %arg = call ptr @ebpy_PyLong_FromLong(i64 %tid64)
  %noarg = icmp eq ptr %arg, null
  br i1 %noarg, label %raised, label %call

call:
  store ptr %arg, ptr %argv, align 8
  %res = call ptr @ebpy_PyObject_Vectorcall(ptr %fn, ptr %argv, i64 1, ptr null)
  call void @ebpy_Py_DecRef(ptr %arg)
  %nores = icmp eq ptr %res, null
  br i1 %nores, label %raised, label %done

done:
  %r0 = call i64 @ebpy_PyLong_AsUnsignedLongLongMask(ptr %res)
  call void @ebpy_Py_DecRef(ptr %res)
  ret i64 %r0

raised:
  %abortp = getelementptr i8, ptr %st, i64 {F["abort"]}
  store i64 {int(Abort.EXCEPTION)}, ptr %abortp, align 8
  ret i64 0
}}
"""


_LOOP_FN = ctypes.PYFUNCTYPE(ctypes.c_int64, ctypes.c_void_p)  # keeps the GIL on entry


@cache
def _compiled() -> tuple[backend.NativeCode, Any]:
    backend.target_machine()  # initialises LLVM
    libc = ctypes.CDLL(None)
    symbols = {
        "ebpy_ioctl": libc.ioctl,
        "ebpy_errno_location": libc.__errno_location,
        "ebpy_PyEval_SaveThread": ctypes.pythonapi.PyEval_SaveThread,
        "ebpy_PyEval_RestoreThread": ctypes.pythonapi.PyEval_RestoreThread,
    }
    for name in ("PyLong_FromLong", "PyObject_Vectorcall", "PyLong_AsUnsignedLongLongMask"):
        symbols[f"ebpy_{name}"] = getattr(ctypes.pythonapi, name)
    symbols["ebpy_Py_DecRef"] = ctypes.pythonapi.Py_DecRef
    for name, fn in symbols.items():
        address = ctypes.cast(fn, ctypes.c_void_p).value
        assert address is not None
        llvm.add_symbol(name, address)
    code = backend.compile_ir(_ir(), ["ebpy_supervise", "ebpy_python_run"])
    return code, _LOOP_FN(code.address("ebpy_supervise"))


class NativeLoop:
    """The loop's state for one supervised command; `serve()` runs it until it stops."""

    def __init__(
        self,
        listener: int,
        notif: Any,
        resp: Any,
        ctx_address: int,
        entry: tuple[int, int],
        record: Any,
        tasks: Any,
        special: Any,
        audit: int,
        keep: Any = None,
    ) -> None:
        self._fn = _compiled()[1]
        s = self.state = LoopState()
        s.listener = listener
        s.audit = audit
        s.notif = ctypes.addressof(notif)
        s.resp = ctypes.addressof(resp)
        s.ctx = ctx_address
        s.state, s.run = entry
        s.record = record.address
        s.tasks = tasks.address
        s.special = ctypes.addressof(special)
        self._keep = (notif, resp, record, tasks, special, keep)
        self._address = ctypes.addressof(s)

    def serve(self, setup_pid: int) -> Stop:
        self.state.setup_pid = setup_pid
        return Stop(self._fn(self._address))

    def result(self) -> int:
        """r0 of the program's last run in the loop."""
        return int(self.state.r0)

    def take_counts(self) -> tuple[int, int, int]:
        """(allowed, logged, failed) answered since the last call."""
        s = self.state
        counts = s.allowed, s.logged, s.failed
        s.allowed = s.logged = s.failed = 0
        return counts


class PythonRun:
    """A policy run from Python inside the native loop. `entry` goes where a JIT program's
    native entry would: the loop calls `fn(tid)` for each call it does not send back to
    Python and treats the int returned as the program's r0. `fn` must not raise: it hands
    what its run raised to `stop()`, and the loop returns STOPPED, where `after_stop()`
    raises it again for the supervisor to handle as any run's failure."""

    def __init__(self, fn: Callable[[int], int], record: Any) -> None:
        state = self.state = PythonRunState()
        state.run.hook = record.address
        state.callable = id(fn)
        self._keep = (fn, record)
        self._stopped: BaseException | None = None
        self.entry = (ctypes.addressof(state), _compiled()[0].address("ebpy_python_run"))

    def stop(self, exc: BaseException) -> None:
        self._stopped = exc
        self.state.run.abort = Abort.EXCEPTION

    def after_stop(self) -> int:
        exc, self._stopped = self._stopped, None
        if exc is None:  # pragma: no cover - the loop stops only after stop()
            raise RuntimeError("the policy's run stopped without an exception")
        raise exc
