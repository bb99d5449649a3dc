"""Native helpers for hook programs: the current task and the memory of a supervised process.

The system-call and Python-function hooks run a program per event for a task that changes
from event to event. In Python, the helpers read it from the collection's HelperEnv
(`env.task`, `env.user_memory`, see ebpy.helpers.task and .memory: the reference semantics).
For the JIT the hook also fills a `HookRecord` in native memory, and a program loaded with
one (`spec.load(engine="jit", hook=record)`) runs these helpers as native code reading it:

- bpf_get_current_pid_tgid, _uid_gid, _comm: the record's task fields;
- bpf_probe_read_user, bpf_probe_read_user_str (only with `remote_memory`): process_vm_readv
  of the record's `mem_pid`, one page at a time, so a read stops at the first unmapped page
  exactly as ebpy.hooks.syscalls.target.RemoteMemory's does; `reads` counts the calls (the
  supervisor validates the notification after any).

So no helper of such a program calls back into Python, and the hooks' own native loops can
run it. The record follows the environment: `sync(env)` (called before each run from Python)
rewrites it when `env.task` is another object (or another thread's task was copied in
natively from a TaskTable) and sets the memory's pid.
"""

from __future__ import annotations

import ctypes
import errno
import os
import threading
from typing import Any

import llvmlite.binding as llvm

from ebpy.errors import EbpyError
from ebpy.jit.abi import FIELD_OFFSETS as F
from ebpy.spec.helper_ids import HELPER_IDS

PAGE = os.sysconf("SC_PAGE_SIZE")
COMM_LEN = 16  # the kernel's TASK_COMM_LEN


class RecordFields(ctypes.Structure):
    """The native record (its layout is what the helper bodies below read)."""

    _fields_ = [
        ("pid", ctypes.c_uint32),  # thread id (the kernel's task->pid)
        ("tgid", ctypes.c_uint32),  # process id
        ("uid", ctypes.c_uint32),
        ("gid", ctypes.c_uint32),
        ("comm", ctypes.c_uint8 * COMM_LEN),
        ("comm_len", ctypes.c_uint32),
        ("mem_pid", ctypes.c_int32),  # the process bpf_probe_read_user* read
        ("reads", ctypes.c_uint64),  # bpf_probe_read_user* calls since last reset
    ]


R = {f[0]: getattr(RecordFields, f[0]).offset for f in RecordFields._fields_}

TASK_HELPERS = frozenset(
    HELPER_IDS[n]
    for n in ("bpf_get_current_pid_tgid", "bpf_get_current_uid_gid", "bpf_get_current_comm")
)
MEMORY_HELPERS = frozenset(
    HELPER_IDS[n] for n in ("bpf_probe_read_user", "bpf_probe_read_user_str")
)
M32 = 0xFFFFFFFF


def store_task(fields: Any, task: Any) -> None:
    """A Task's fields into a RecordFields (or a struct that starts like one)."""
    fields.pid = task.pid & M32
    fields.tgid = task.tgid & M32
    fields.uid = task.uid & M32
    fields.gid = task.gid & M32
    comm = bytes(task.comm)[:COMM_LEN]
    ctypes.memmove(ctypes.addressof(fields) + R["comm"], comm, len(comm))
    fields.comm_len = len(comm)


class TaskEntry(ctypes.Structure):
    """One slot of a TaskTable: a record's task fields, then padding."""

    _fields_ = [*RecordFields._fields_[:6], ("pad", ctypes.c_uint32)]


TASK_FIELDS_SIZE = RecordFields.mem_pid.offset  # what native code copies from an entry
TASK_SLOTS = 1024


class TaskTable:
    """Tasks by thread id for native code (the hooks' native loops), which copies an entry's
    first TASK_FIELDS_SIZE bytes into the record. Direct-mapped: a task that lost its slot
    to another only sends its events back to Python, which puts it again. The owner forgets
    a thread (or clears the table) before putting another task for it."""

    def __init__(self) -> None:
        self.table = (TaskEntry * TASK_SLOTS)()
        self.address = ctypes.addressof(self.table)

    def put(self, task: Any) -> None:
        entry = self.table[task.pid & (TASK_SLOTS - 1)]
        # The slot already holds this thread: its owner replaces a thread's task only after
        # forgetting it (or clearing the table), so it holds this task.
        if entry.pid != task.pid & M32 or not task.pid:
            store_task(entry, task)

    def forget(self, tid: int) -> None:
        entry = self.table[tid & (TASK_SLOTS - 1)]
        if entry.pid == tid:
            entry.pid = 0  # no thread has id 0

    def clear(self) -> None:
        ctypes.memset(self.table, 0, ctypes.sizeof(self.table))


# For native code using a TaskTable: copy thread `tid`'s task into a record; false when the
# table does not have it.
TASK_LOAD_IR = f"""\
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define internal i1 @ebpy_task_load(ptr %tasks, i32 %tid, ptr %rec) {{
entry:
  %t64 = zext i32 %tid to i64
  %slot = and i64 %t64, {TASK_SLOTS - 1}
  %off = mul i64 %slot, {ctypes.sizeof(TaskEntry)}
  %p = getelementptr i8, ptr %tasks, i64 %off
  %pid = load i32, ptr %p, align 4
  %hit = icmp eq i32 %pid, %tid
  br i1 %hit, label %copy, label %miss
copy:
  call void @llvm.memcpy.p0.p0.i64(ptr %rec, ptr %p, i64 {TASK_FIELDS_SIZE}, i1 false)
  ret i1 true
miss:
  ret i1 false
}}
"""


class HookRecord:
    """A hook's native record and what was last written to it."""

    def __init__(self, *, remote_memory: bool = False) -> None:
        self.fields = RecordFields()
        self.address = ctypes.addressof(self.fields)
        self.remote_memory = remote_memory
        self.task: Any = None  # the Task last written; None: rewrite at the next sync

    @property
    def helper_ids(self) -> frozenset[int]:
        """The helpers a program loaded with this record runs natively."""
        return TASK_HELPERS | (MEMORY_HELPERS if self.remote_memory else frozenset())

    def write_task(self, task: Any) -> None:
        store_task(self.fields, task)
        self.task = task

    def sync(self, env: Any) -> None:
        """Make the record say what `env` says (before a run from Python)."""
        task = env.task
        # Native loops copy other threads' tasks in (TaskTable): the pid tells.
        if task is not self.task or self.fields.pid != task.pid & M32:
            self.write_task(task)
        if self.remote_memory:
            pid = getattr(env.user_memory, "pid", None)
            if not isinstance(pid, int):
                raise EbpyError(
                    "this program reads user memory natively from a process: "
                    "env.user_memory must name one (a RemoteMemory with its pid)"
                )
            self.fields.mem_pid = pid


_HEAD = "define internal i64 @ebpy_h{id}(ptr %st, i64 %a1, i64 %a2, i64 %a3, i64 %a4, i64 %a5) {attrs} {{"

_RECORD = f"""\
  %hp = getelementptr i8, ptr %st, i64 {F["hook"]}
  %h = load ptr, ptr %hp, align 8
"""


def _pair(hi: str, lo: str) -> str:
    return f"""\
  %hip = getelementptr i8, ptr %h, i64 {R[hi]}
  %hi32 = load i32, ptr %hip, align 4
  %lop = getelementptr i8, ptr %h, i64 {R[lo]}
  %lo32 = load i32, ptr %lop, align 4
  %hi = zext i32 %hi32 to i64
  %lo = zext i32 %lo32 to i64
  %his = shl i64 %hi, 32
  %r = or i64 %his, %lo
  ret i64 %r
"""


# bpf_get_current_comm(buf, size): as ebpy.helpers.task: -EINVAL for size 0, else the comm
# cut to size-1 bytes and zeros to `size`.
_COMM = f"""\
  %empty = icmp eq i64 %a2, 0
  br i1 %empty, label %inval, label %go
inval:
  ret i64 -{errno.EINVAL}
go:
{_RECORD}\
  %lenp = getelementptr i8, ptr %h, i64 {R["comm_len"]}
  %len32 = load i32, ptr %lenp, align 4
  %len = zext i32 %len32 to i64
  %max = sub i64 %a2, 1
  %short = icmp ult i64 %len, %max
  %n = select i1 %short, i64 %len, i64 %max
  %buf = inttoptr i64 %a1 to ptr
  %src = getelementptr i8, ptr %h, i64 {R["comm"]}
  call void @llvm.memcpy.p0.p0.i64(ptr %buf, ptr %src, i64 %n, i1 false)
  %rest = getelementptr i8, ptr %buf, i64 %n
  %rn = sub i64 %a2, %n
  call void @llvm.memset.p0.i64(ptr %rest, i8 0, i64 %rn, i1 false)
  ret i64 0
"""

# The start of both reads: count the call, refuse address 0 and ranges past 2**64 (as
# RemoteMemory does, before any system call), find the process.
_READ_START = f"""\
{_RECORD}\
  %rp = getelementptr i8, ptr %h, i64 {R["reads"]}
  %n0 = load i64, ptr %rp, align 8
  %n1 = add i64 %n0, 1
  store i64 %n1, ptr %rp, align 8
  %pidp = getelementptr i8, ptr %h, i64 {R["mem_pid"]}
  %pid = load i32, ptr %pidp, align 4
  %dst = inttoptr i64 %a1 to ptr
  %null = icmp eq i64 %a3, 0
  %sum = call {{i64, i1}} @llvm.uadd.with.overflow.i64(i64 %a3, i64 %a2)
  %carry = extractvalue {{i64, i1}} %sum, 1
  %bad = or i1 %null, %carry
"""

# bpf_probe_read_user(dst, size, src): all `size` bytes or -EFAULT with dst zeroed.
_READ = f"""\
entry:
{_READ_START}\
  %empty = icmp eq i64 %a2, 0
  br i1 %empty, label %ok, label %check
check:
  br i1 %bad, label %fault, label %read
read:
  %all = call i1 @ebpy_read_remote(i32 %pid, ptr %dst, i64 %a3, i64 %a2)
  br i1 %all, label %ok, label %fault
fault:
  call void @llvm.memset.p0.i64(ptr %dst, i8 0, i64 %a2, i1 false)
  ret i64 -{errno.EFAULT}
ok:
  ret i64 0
"""

# bpf_probe_read_user_str(dst, size, src): the string up to its NUL (at most size-1 bytes and
# a NUL written, nothing after), its length with the NUL; -EFAULT with dst zeroed when a page
# before the end of the string cannot be read. Page by page through a scratch page, so bytes
# after the NUL in dst stay as they were.
_READ_STR = f"""\
entry:
  %scratch = alloca [{PAGE} x i8], align 16
  %liov = alloca [2 x i64], align 8
  %riov = alloca [2 x i64], align 8
  %zero = icmp eq i64 %a2, 0
  br i1 %zero, label %none, label %start
none:
  ret i64 0
start:
{_READ_START}\
  br i1 %bad, label %fault, label %loop
loop:
  %off = phi i64 [ 0, %start ], [ %off1, %more ]
  %at = add i64 %a3, %off
  %left = sub i64 %a2, %off
  %chunk = call i64 @ebpy_page_chunk(i64 %at, i64 %left)
  %got = call i64 @ebpy_read_page(i32 %pid, ptr %scratch, i64 %at, i64 %chunk, ptr %liov, ptr %riov)
  %whole = icmp eq i64 %got, %chunk
  br i1 %whole, label %scan, label %fault
scan:
  %d = getelementptr i8, ptr %dst, i64 %off
  %nulp = call ptr @ebpy_memchr(ptr %scratch, i32 0, i64 %chunk)
  %found = icmp ne ptr %nulp, null
  br i1 %found, label %ends, label %copy
ends:
  %nulat = ptrtoint ptr %nulp to i64
  %base = ptrtoint ptr %scratch to i64
  %k = sub i64 %nulat, %base
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %scratch, i64 %k, i1 false)
  %endp = getelementptr i8, ptr %d, i64 %k
  store i8 0, ptr %endp, align 1
  %len = add i64 %off, %k
  %r = add i64 %len, 1
  ret i64 %r
copy:
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %scratch, i64 %chunk, i1 false)
  %off1 = add i64 %off, %chunk
  %again = icmp ult i64 %off1, %a2
  br i1 %again, label %more, label %full
more:
  br label %loop
full:
  %last = getelementptr i8, ptr %dst, i64 %a2
  %lastb = getelementptr i8, ptr %last, i64 -1
  store i8 0, ptr %lastb, align 1
  ret i64 %a2
fault:
  call void @llvm.memset.p0.i64(ptr %dst, i8 0, i64 %a2, i1 false)
  ret i64 -{errno.EFAULT}
"""

# Shared by both reads: the part of a range in its first page; one process_vm_readv of
# [src, src+n) (within one page) into `to`; and all of [src, src+size) into dst, page by
# page, stopping at the first short page.
_SHARED = f"""\
declare i64 @ebpy_process_vm_readv(i32, ptr, i64, ptr, i64, i64)
declare ptr @ebpy_memchr(ptr, i32, i64)
declare {{i64, i1}} @llvm.uadd.with.overflow.i64(i64, i64)

; How much of `left` bytes from `at` lies in at's page.
define internal i64 @ebpy_page_chunk(i64 %at, i64 %left) #0 {{
  %inpage = and i64 %at, {PAGE - 1}
  %room = sub i64 {PAGE}, %inpage
  %fits = icmp ult i64 %left, %room
  %chunk = select i1 %fits, i64 %left, i64 %room
  ret i64 %chunk
}}

define internal i64 @ebpy_read_page(i32 %pid, ptr %to, i64 %src, i64 %n, ptr %liov, ptr %riov) #1 {{
  store ptr %to, ptr %liov, align 8
  %ll = getelementptr i8, ptr %liov, i64 8
  store i64 %n, ptr %ll, align 8
  store i64 %src, ptr %riov, align 8
  %rl = getelementptr i8, ptr %riov, i64 8
  store i64 %n, ptr %rl, align 8
  %got = call i64 @ebpy_process_vm_readv(i32 %pid, ptr %liov, i64 1, ptr %riov, i64 1, i64 0)
  ret i64 %got
}}

define internal i1 @ebpy_read_remote(i32 %pid, ptr %dst, i64 %src, i64 %size) #1 {{
entry:
  %liov = alloca [2 x i64], align 8
  %riov = alloca [2 x i64], align 8
  br label %loop
loop:
  %off = phi i64 [ 0, %entry ], [ %off1, %next ]
  %at = add i64 %src, %off
  %left = sub i64 %size, %off
  %chunk = call i64 @ebpy_page_chunk(i64 %at, i64 %left)
  %d = getelementptr i8, ptr %dst, i64 %off
  %got = call i64 @ebpy_read_page(i32 %pid, ptr %d, i64 %at, i64 %chunk, ptr %liov, ptr %riov)
  %whole = icmp eq i64 %got, %chunk
  br i1 %whole, label %next, label %fail
next:
  %off1 = add i64 %off, %chunk
  %more = icmp ult i64 %off1, %size
  br i1 %more, label %loop, label %done
done:
  ret i1 true
fail:
  ret i1 false
}}
"""

# id -> (attributes, body). The reads are kept out of line: the string read's scratch page
# should not grow every program frame that inlines it.
BODIES: dict[int, tuple[str, str]] = {
    HELPER_IDS["bpf_get_current_pid_tgid"]: ("#0", _RECORD + _pair("tgid", "pid")),
    HELPER_IDS["bpf_get_current_uid_gid"]: ("#0", _RECORD + _pair("gid", "uid")),
    HELPER_IDS["bpf_get_current_comm"]: ("#0", _COMM),
    HELPER_IDS["bpf_probe_read_user"]: ("#1", _READ),
    HELPER_IDS["bpf_probe_read_user_str"]: ("#1", _READ_STR),
}

_symbols_lock = threading.Lock()
_symbols_done = False


def _register_symbols() -> None:
    """libc's process_vm_readv and memchr under names of our own (once per process)."""
    global _symbols_done
    with _symbols_lock:
        if _symbols_done:
            return
        libc = ctypes.CDLL(None)
        for name in ("process_vm_readv", "memchr"):
            address = ctypes.cast(getattr(libc, name), ctypes.c_void_p).value
            if not address:  # pragma: no cover - every Linux libc has both
                raise EbpyError(f"libc has no {name}")
            llvm.add_symbol(f"ebpy_{name}", address)
        _symbols_done = True


def ir_for(ids: set[int] | frozenset[int]) -> list[str]:
    """The IR of the hook helpers among `ids` (and what they share)."""
    wanted = sorted(hid for hid in ids if hid in BODIES)
    if not wanted:
        return []
    out: list[str] = []
    if any(hid in MEMORY_HELPERS for hid in wanted):
        _register_symbols()
        out.append(_SHARED)
    for hid in wanted:
        attrs, body = BODIES[hid]
        out.append(_HEAD.format(id=hid, attrs=attrs) + "\n" + body + "}\n")
    return out


def version_text() -> str:
    """Everything the generated code depends on, for the compile cache key."""
    return repr(sorted(BODIES.items())) + _SHARED + repr(R)
