"""Native loops shared by every program, compiled once per process.

- `ebpy_repeat`: n runs of a program (its ebpy_run, with its run state), timed, for test runs
  with repeat (as BPF_PROG_TEST_RUN, nothing is reset between runs);
- `ebpy_batch_check` and `ebpy_batch_xdp`: one XDP program over many frames (see batch.py).

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

; A batch's frames, checked before any runs. Frame i starts at starts[i] in the source
; buffer (%size bytes); its length is lens[i], or with %lens null starts[i+1] - starts[i] (n+1
; packed offsets). Writes each length to %lens_out and the frame's place in the staging area to
; %places (8-byte aligned, one after the other), and to %found[0..2] the first frame out of
; order, overlapping the one before or past the buffer, the first shorter than %min and the
; first longer than %max (n where there is none). Returns the staging area's size.
define i64 @ebpy_batch_check(ptr %starts, ptr %lens, i64 %n, i64 %size, i64 %min, i64 %max,
                             ptr %lens_out, ptr %places, ptr %found) {{
entry:
  %packed = icmp eq ptr %lens, null
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %done, label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %have ]
  %prev = phi i64 [ 0, %entry ], [ %end, %have ]
  %place = phi i64 [ 0, %entry ], [ %place1, %have ]
  %f0 = phi i64 [ %n, %entry ], [ %g0, %have ]
  %f1 = phi i64 [ %n, %entry ], [ %g1, %have ]
  %f2 = phi i64 [ %n, %entry ], [ %g2, %have ]
  %sp = getelementptr i64, ptr %starts, i64 %i
  %s = load i64, ptr %sp, align 8
  %i1 = add i64 %i, 1
  br i1 %packed, label %from_next, label %from_lens
from_next:
  %np = getelementptr i64, ptr %starts, i64 %i1
  %e_next = load i64, ptr %np, align 8
  br label %have
from_lens:
  %lp = getelementptr i32, ptr %lens, i64 %i
  %l32 = load i32, ptr %lp, align 4
  %l64 = zext i32 %l32 to i64
  %e_lens = add i64 %s, %l64
  br label %have
have:
  %end = phi i64 [ %e_next, %from_next ], [ %e_lens, %from_lens ]
  %len = sub i64 %end, %s
  ; in order (packed: s <= end; with lengths: no overlap with the frame before, no wrap),
  ; inside the buffer
  %before = icmp ult i64 %s, %prev
  %wrapped = icmp ult i64 %end, %s
  %past = icmp ugt i64 %end, %size
  %o1 = or i1 %before, %wrapped
  %disorder = or i1 %o1, %past
  %short = icmp ult i64 %len, %min
  %long = icmp ugt i64 %len, %max
  %first0 = icmp eq i64 %f0, %n
  %first1 = icmp eq i64 %f1, %n
  %first2 = icmp eq i64 %f2, %n
  %c0 = and i1 %disorder, %first0
  %c1 = and i1 %short, %first1
  %c2 = and i1 %long, %first2
  %g0 = select i1 %c0, i64 %i, i64 %f0
  %g1 = select i1 %c1, i64 %i, i64 %f1
  %g2 = select i1 %c2, i64 %i, i64 %f2
  %len32 = trunc i64 %len to i32
  %lo = getelementptr i32, ptr %lens_out, i64 %i
  store i32 %len32, ptr %lo, align 4
  %pp = getelementptr i64, ptr %places, i64 %i
  store i64 %place, ptr %pp, align 8
  %len7 = add i64 %len, 7
  %aligned = and i64 %len7, -8
  %place1 = add i64 %place, %aligned
  %more = icmp ult i64 %i1, %n
  br i1 %more, label %loop, label %done
done:
  %r0 = phi i64 [ %n, %entry ], [ %g0, %have ]
  %r1 = phi i64 [ %n, %entry ], [ %g1, %have ]
  %r2 = phi i64 [ %n, %entry ], [ %g2, %have ]
  %total = phi i64 [ 0, %entry ], [ %place1, %have ]
  store i64 %r0, ptr %found, align 8
  %fp1 = getelementptr i64, ptr %found, i64 1
  store i64 %r1, ptr %fp1, align 8
  %fp2 = getelementptr i64, ptr %found, i64 2
  store i64 %r2, ptr %fp2, align 8
  ret i64 %total
}}

; Frames [first, n) of a checked batch: copy frame i from %src + starts[i] to %stage +
; places[i] (memory below 4 GiB: xdp_md holds 32-bit pointers), point the context at it and
; run the program there; the frame stays in the staging area as the program left it. Verdicts
; (r0 as 32 bits) go to %verdicts and are counted in %counts[0..5] (5: any other value).
; Returns the index of the first frame not done (n when all ran): a run that set `abort`
; stops the loop before its verdict is stored. The state gets the time taken.
define i64 @ebpy_batch_xdp(ptr %st, ptr %fn, ptr %ctx, ptr %stage, ptr %src, ptr %starts,
                           ptr %lens, ptr %places, i64 %first, i64 %n, ptr %verdicts,
                           ptr %counts) {{
entry:
  %cp = getelementptr i8, ptr %st, i64 {F["count"]}
  %tcp = getelementptr i8, ptr %st, i64 {F["tail_calls"]}
  %abortp = getelementptr i8, ptr %st, i64 {F["abort"]}
  %ctxaddr = ptrtoint ptr %ctx to i64
  %endp = getelementptr i8, ptr %ctx, i64 4
  %metap = getelementptr i8, ptr %ctx, i64 8
  %t0 = call i64 @now()
  %empty = icmp uge i64 %first, %n
  br i1 %empty, label %done, label %loop
loop:
  %i = phi i64 [ %first, %entry ], [ %i1, %next ]
  %sp = getelementptr i64, ptr %starts, i64 %i
  %s = load i64, ptr %sp, align 8
  %lp = getelementptr i32, ptr %lens, i64 %i
  %l32 = load i32, ptr %lp, align 4
  %len = zext i32 %l32 to i64
  %pp = getelementptr i64, ptr %places, i64 %i
  %place = load i64, ptr %pp, align 8
  %from = getelementptr i8, ptr %src, i64 %s
  %data = getelementptr i8, ptr %stage, i64 %place
  call void @llvm.memcpy.p0.p0.i64(ptr %data, ptr %from, i64 %len, i1 false)
  %daddr = ptrtoint ptr %data to i64
  %d32 = trunc i64 %daddr to i32
  %e32 = add i32 %d32, %l32
  store i32 %d32, ptr %ctx, align 4
  store i32 %e32, ptr %endp, align 4
  store i32 %d32, ptr %metap, align 4
  store i64 0, ptr %abortp, align 8
  store i64 0, ptr %cp, align 8  ; each frame its own instruction budget, as a test run
  store i64 0, ptr %tcp, align 8
  %r = call i64 %fn(ptr %st, i64 %ctxaddr, i64 0, i64 0, i64 0, i64 0)
  %ab = load i64, ptr %abortp, align 8
  %bad = icmp ne i64 %ab, 0
  %i1 = add i64 %i, 1
  br i1 %bad, label %done, label %next
next:
  %r32 = trunc i64 %r to i32
  %vp = getelementptr i32, ptr %verdicts, i64 %i
  store i32 %r32, ptr %vp, align 4
  %known = icmp ult i32 %r32, 5
  %k = select i1 %known, i32 %r32, i32 5
  %kp = getelementptr i64, ptr %counts, i32 %k
  %c = load i64, ptr %kp, align 8
  %c1 = add i64 %c, 1
  store i64 %c1, ptr %kp, align 8
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
CHECK_FN = ctypes.CFUNCTYPE(_U64, _P, _P, _U64, _U64, _U64, _U64, _P, _P, _P)
BATCH_FN = ctypes.CFUNCTYPE(_U64, _P, _P, _P, _P, _P, _P, _P, _P, _U64, _U64, _P, _P)


@cache
def _loops() -> tuple[backend.NativeCode, Any, Any, Any]:
    code = backend.compile_ir(_LOOPS_IR, ["ebpy_repeat", "ebpy_batch_check", "ebpy_batch_xdp"])
    return (
        code,
        REPEAT_FN(code.address("ebpy_repeat")),
        CHECK_FN(code.address("ebpy_batch_check")),
        BATCH_FN(code.address("ebpy_batch_xdp")),
    )


def repeat_loop() -> Any:
    """ebpy_repeat(state, run_fn, r1..r5, count) -> r0."""
    return _loops()[1]


def batch_check() -> Any:
    """ebpy_batch_check(starts, lens or None, n, size, min, max, lens_out, places, found)."""
    return _loops()[2]


def batch_loop() -> Any:
    """ebpy_batch_xdp(state, run_fn, ctx, stage, src, starts, lens, places, first, n,
    verdicts, counts)."""
    return _loops()[3]
