"""Native loops shared by every program, compiled once per process.

- `ebpy_repeat`: n runs of a program (its ebpy_run, with its run state), timed, for test runs
  with repeat (as BPF_PROG_TEST_RUN, nothing is reset between runs);
- `ebpy_batch_xdp`: one XDP program over many frames (see batch.py).

They call the program through its entry's address, as the kernel's test run does; keeping them
out of each program's module keeps them out of each program's compile time. Time is the
thread's CPU time: like the kernel's test-run timer, which stops while the task is
rescheduled, the figure leaves out time the machine spent elsewhere.
"""

from __future__ import annotations

import ctypes
from functools import cache
from typing import Any

from ebpy.jit import backend
from ebpy.jit.abi import FIELD_OFFSETS as F

CLOCK_THREAD_CPUTIME_ID = 3

_LOOPS_IR = f"""\
declare i32 @ebpy_clock_gettime(i32, ptr)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define internal i64 @now() {{
  %ts = alloca [2 x i64], align 8
  %r = call i32 @ebpy_clock_gettime(i32 {CLOCK_THREAD_CPUTIME_ID}, ptr %ts)
  %s = load i64, ptr %ts, align 8
  %nsp = getelementptr i8, ptr %ts, i64 8
  %ns = load i64, ptr %nsp, align 8
  %sns = mul i64 %s, 1000000000
  %t = add i64 %sns, %ns
  ret i64 %t
}}

; `count` runs (at least one); stops at a run that set `abort`. Returns the last r0; the state
; gets the time taken and the runs completed.
define i64 @ebpy_repeat(ptr %st, ptr %fn, i64 %a1, i64 %a2, i64 %a3, i64 %a4, i64 %a5,
                        i64 %count) {{
entry:
  %cp = getelementptr i8, ptr %st, i64 {F["count"]}
  %tcp = getelementptr i8, ptr %st, i64 {F["tail_calls"]}
  %abortp = getelementptr i8, ptr %st, i64 {F["abort"]}
  %t0 = call i64 @now()
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %next ]
  store i64 0, ptr %cp, align 8
  store i64 0, ptr %tcp, align 8
  %r = call i64 %fn(ptr %st, i64 %a1, i64 %a2, i64 %a3, i64 %a4, i64 %a5)
  %ab = load i64, ptr %abortp, align 8
  %stop = icmp ne i64 %ab, 0
  br i1 %stop, label %out, label %next
next:
  %i1 = add i64 %i, 1
  %more = icmp ult i64 %i1, %count
  br i1 %more, label %loop, label %out
out:
  %runs = phi i64 [ %i, %loop ], [ %i1, %next ]
  %t1 = call i64 @now()
  %dt = sub i64 %t1, %t0
  %durp = getelementptr i8, ptr %st, i64 {F["duration_ns"]}
  store i64 %dt, ptr %durp, align 8
  %runsp = getelementptr i8, ptr %st, i64 {F["runs"]}
  store i64 %runs, ptr %runsp, align 8
  ret i64 %r
}}

; Frames [first, n): returns the index of the first frame not done (n when all ran).
define i64 @ebpy_batch_xdp(ptr %st, ptr %fn, ptr %ctx, ptr %data, ptr %buf, ptr %off,
                           i64 %first, i64 %n, ptr %verdicts, ptr %lengths) {{
entry:
  %tcp = getelementptr i8, ptr %st, i64 {F["tail_calls"]}
  %abortp = getelementptr i8, ptr %st, i64 {F["abort"]}
  %ctxaddr = ptrtoint ptr %ctx to i64
  %dataaddr = ptrtoint ptr %data to i64
  %d32 = trunc i64 %dataaddr to i32
  %endp = getelementptr i8, ptr %ctx, i64 4
  %metap = getelementptr i8, ptr %ctx, i64 8
  %t0 = call i64 @now()
  %empty = icmp uge i64 %first, %n
  br i1 %empty, label %done, label %loop
loop:
  %i = phi i64 [ %first, %entry ], [ %i1, %next ]
  %op = getelementptr i64, ptr %off, i64 %i
  %start = load i64, ptr %op, align 8
  %i1 = add i64 %i, 1
  %op1 = getelementptr i64, ptr %off, i64 %i1
  %stop = load i64, ptr %op1, align 8
  %len = sub i64 %stop, %start
  %src = getelementptr i8, ptr %buf, i64 %start
  call void @llvm.memcpy.p0.p0.i64(ptr %data, ptr %src, i64 %len, i1 false)
  store i32 %d32, ptr %ctx, align 4
  %end = add i64 %dataaddr, %len
  %e32 = trunc i64 %end to i32
  store i32 %e32, ptr %endp, align 4
  store i32 %d32, ptr %metap, align 4
  store i64 0, ptr %abortp, align 8
  store i64 0, ptr %tcp, align 8
  %r = call i64 %fn(ptr %st, i64 %ctxaddr, i64 0, i64 0, i64 0, i64 0)
  %ab = load i64, ptr %abortp, align 8
  %bad = icmp ne i64 %ab, 0
  br i1 %bad, label %done, label %next
next:
  %r32 = trunc i64 %r to i32
  %vp = getelementptr i32, ptr %verdicts, i64 %i
  store i32 %r32, ptr %vp, align 4
  %len32 = trunc i64 %len to i32
  %lp = getelementptr i32, ptr %lengths, i64 %i
  store i32 %len32, ptr %lp, align 4
  call void @llvm.memcpy.p0.p0.i64(ptr %src, ptr %data, i64 %len, i1 false)
  %more = icmp ult i64 %i1, %n
  br i1 %more, label %loop, label %done
done:
  %at = phi i64 [ %first, %entry ], [ %i, %loop ], [ %n, %next ]
  %t1 = call i64 @now()
  %dt = sub i64 %t1, %t0
  %durp = getelementptr i8, ptr %st, i64 {F["duration_ns"]}
  store i64 %dt, ptr %durp, align 8
  ret i64 %at
}}
"""

_P = ctypes.c_void_p
_U64 = ctypes.c_uint64
REPEAT_FN = ctypes.CFUNCTYPE(_U64, _P, _P, _U64, _U64, _U64, _U64, _U64, _U64)
BATCH_FN = ctypes.CFUNCTYPE(_U64, _P, _P, _P, _P, _P, _P, _U64, _U64, _P, _P)


@cache
def _loops() -> tuple[backend.NativeCode, Any, Any]:
    code = backend.compile_ir(_LOOPS_IR, ["ebpy_repeat", "ebpy_batch_xdp"])
    return (
        code,
        REPEAT_FN(code.address("ebpy_repeat")),
        BATCH_FN(code.address("ebpy_batch_xdp")),
    )


def repeat_loop() -> Any:
    """ebpy_repeat(state, run_fn, r1..r5, count) -> r0."""
    return _loops()[1]


def batch_loop() -> Any:
    """ebpy_batch_xdp(state, run_fn, ctx, data, frames, offsets, first, n, verdicts, lengths)."""
    return _loops()[2]
