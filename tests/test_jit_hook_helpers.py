"""The hook helpers the JIT runs natively (ebpy.jit.hook_helpers) against their reference, the
Python helpers (the interpreter with the same environment), and against the kernel, whose
BPF_PROG_TEST_RUN of a raw tracepoint program runs in this thread: its bpf_probe_read_user
reads this process and its current task is this thread, which is what the hook environment
is set to here (a RemoteMemory of our own pid, Task.current())."""

from __future__ import annotations

import ctypes
import mmap
import os
import struct
from pathlib import Path
from typing import Any

import pytest

from ebpy import load_spec
from ebpy.errors import EbpyError
from ebpy.helpers.env import Task
from ebpy.hooks.hook_program import load_hook
from ebpy.hooks.syscalls.target import RemoteMemory
from ebpy.jit.hook_helpers import MEMORY_HELPERS, TASK_HELPERS, HookRecord
from ebpy.spec import ProgramType

PAGE = mmap.PAGESIZE
BUF = 320
M64 = 2**64 - 1

PROBE = f"""
#include <ebpy/seccomp.h>
struct out {{
    __s64 ret;
    __u64 pid_tgid;
    __u64 uid_gid;
    char comm[16];
    char buf[{BUF}];
}};
struct {{ __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct out); }} out SEC(".maps");
char _license[] SEC("license") = "GPL";

/* args[0]: what to call, args[1]: source address, args[2]: size */
SEC("seccomp") int probe(struct seccomp_data *ctx)
{{
    __u32 k = 0;
    __u64 what = ctx->args[0], src = ctx->args[1], size = ctx->args[2];
    struct out *o = bpf_map_lookup_elem(&out, &k);
    if (!o)
        return 0;
    if (size > sizeof(o->buf))
        size = sizeof(o->buf);
    if (what == 0)
        o->ret = bpf_probe_read_user(o->buf, size, (const void *)src);
    else if (what == 1)
        o->ret = bpf_probe_read_user_str(o->buf, size, (const void *)src);
    else if (what == 2)
        o->ret = bpf_get_current_comm(o->comm, 16);
    else if (what == 3)
        o->ret = bpf_get_current_comm(o->comm, 4);
    else if (what == 4)
        o->ret = bpf_get_current_comm(o->comm, 1);
    o->pid_tgid = bpf_get_current_pid_tgid();
    o->uid_gid = bpf_get_current_uid_gid();
    return 0;
}}
"""
OUT = struct.Struct(f"<qQQ16s{BUF}s")
READ, READ_STR = 0, 1
FILL = b"\xaa" * OUT.size  # the value before each run: shows which bytes a helper wrote


class Pages:
    """`mapped` readable pages followed by one that is not (PROT_NONE)."""

    def __init__(self, mapped: int) -> None:
        self.mm = mmap.mmap(-1, (mapped + 1) * PAGE)
        self.base = ctypes.addressof(ctypes.c_char.from_buffer(self.mm))
        libc = ctypes.CDLL(None, use_errno=True)
        guard = self.base + mapped * PAGE
        assert libc.mprotect(ctypes.c_void_p(guard), PAGE, 0) == 0
        self.end = guard  # first unreadable address

    def put(self, at: int, data: bytes) -> int:
        self.mm[at - self.base : at - self.base + len(data)] = data
        return at


class Runner:
    """The probe program on one engine, in this process's hook environment."""

    def __init__(self, obj: Path, engine: str) -> None:
        self.record = HookRecord(remote_memory=True) if engine == "jit" else None
        self.hook = load_hook(
            str(obj), section="seccomp", ctx_size=64, engine=engine, hook_record=self.record
        )
        env = self.hook.collection.env
        self.memory = RemoteMemory()
        self.memory.pid = os.getpid()
        env.user_memory = self.memory
        env.task = Task.current()

    def run(self, what: int, src: int = 0, size: int = 0) -> bytes:
        m = self.hook.collection.maps["out"]
        m.update(0, FILL)
        self.hook.bound.ctx[:64] = struct.pack("<iIQ6Q", 0, 0, 0, what, src & M64, size, 0, 0, 0)
        self.hook.bound()
        return bytes(m._lookup(bytes(4)) or b"")

    def close(self) -> None:
        self.hook.close()


class KernelRunner:
    def __init__(self, obj: Path) -> None:
        spec = load_spec(str(obj))
        spec.programs["probe"].type = ProgramType.RAW_TRACEPOINT
        self.coll = spec.load(engine="kernel")

    def run(self, what: int, src: int = 0, size: int = 0) -> bytes:
        m = self.coll.maps["out"]
        m.update(0, FILL)
        ctx = struct.pack("<iIQ6Q", 0, 0, 0, what, src & M64, size, 0, 0, 0).ljust(96, b"\0")
        self.coll.programs["probe"].test_run(ctx=ctx)
        return bytes(m._lookup(bytes(4)) or b"")

    def close(self) -> None:
        self.coll.close()


@pytest.fixture(scope="module")
def probe_obj(compile_bpf: Any) -> Path:
    return compile_bpf(PROBE, "hook_helpers_probe")


@pytest.fixture(scope="module")
def pages() -> Pages:
    return Pages(2)


def read_cases(p: Pages) -> list[tuple[str, int, int, int]]:
    """(name, helper, source, size): inside a page, across pages, up to and past the end of
    what is readable, and addresses the helpers refuse before reading."""
    mid = p.put(p.base + 100, b"hello\0world")
    across = p.put(p.base + PAGE - 10, b"0123456789abcdefghij\0")
    at_end = p.put(p.end - 6, b"tail!\0")
    no_nul = p.put(p.end - 8, b"ABCDEFGH")
    return [
        ("str inside a page", READ_STR, mid, 100),
        ("str cut to size-1", READ_STR, mid, 3),
        ("str of exactly size", READ_STR, mid, 5),
        ("str room for the NUL", READ_STR, mid, 6),
        ("str size 1", READ_STR, mid, 1),
        ("str size 0", READ_STR, mid, 0),
        ("str across pages", READ_STR, across, 64),
        ("str ends on the last readable byte", READ_STR, at_end, 200),
        ("str runs into an unreadable page", READ_STR, no_nul, 200),
        ("str ends right at the unreadable page", READ_STR, no_nul, 8),
        ("str at address 0", READ_STR, 0, 10),
        ("str past 2**64", READ_STR, M64 - 3, 10),
        ("str in an unreadable page", READ_STR, p.end + 16, 10),
        ("read inside a page", READ, mid, 11),
        ("read across pages", READ, across, 21),
        ("read up to the last readable byte", READ, p.end - 6, 6),
        ("read one byte too far", READ, p.end - 6, 7),
        ("read size 0", READ, mid, 0),
        ("read the largest", READ, p.base + 3, BUF),
        ("read at address 0", READ, 0, 8),
        ("read past 2**64", READ, M64 - 3, 8),
    ]


def test_native_reads_and_task_helpers_equal_the_python_helpers(
    probe_obj: Path, pages: Pages
) -> None:
    interp, jit = Runner(probe_obj, "interp"), Runner(probe_obj, "jit")
    try:
        assert jit.record is not None
        for name, what, src, size in read_cases(pages):
            ours, ref = jit.run(what, src, size), interp.run(what, src, size)
            assert ours == ref, name  # every byte, including those after the string's NUL
        assert jit.record.fields.reads > 0
        for what in (2, 3, 4):
            assert jit.run(what) == interp.run(what)
    finally:
        interp.close()
        jit.close()


def test_the_jit_runs_them_natively(probe_obj: Path) -> None:
    jit = Runner(probe_obj, "jit")
    plain = load_hook(str(probe_obj), section="seccomp", ctx_size=64, engine="jit")
    try:
        exe = jit.hook.program.executable
        assert not exe.compiled.python_helpers  # every helper is native: no call into Python
        assert exe.native_entry() is not None
        for hid in TASK_HELPERS | MEMORY_HELPERS:
            assert f"define internal i64 @ebpy_h{hid}(" in exe.ir
        # without a record they stay the Python helpers
        assert (
            set(plain.program.executable.compiled.python_helpers) == TASK_HELPERS | MEMORY_HELPERS
        )
        assert plain.program.executable.native_entry() is None
    finally:
        jit.close()
        plain.close()


@pytest.mark.kernel
def test_reads_agree_with_the_kernel(probe_obj: Path, pages: Pages) -> None:
    """Return values and the bytes up to the string's end. (After a NUL the kernel may write
    zeros in the rest of the last word it copied; ebpy writes nothing there.)"""
    kernel, jit = KernelRunner(probe_obj), Runner(probe_obj, "jit")
    try:
        for name, what, src, size in read_cases(pages):
            ret, _, _, _, got = OUT.unpack(jit.run(what, src, size))
            k_ret, _, _, _, k_got = OUT.unpack(kernel.run(what, src, size))
            assert ret == k_ret, name
            n = ret if what == READ_STR and ret > 0 else (size if what == READ else 0)
            assert got[:n] == k_got[:n], name
            if ret < 0:
                assert got[:size] == k_got[:size] == bytes(size), name  # zeroed on a fault
    finally:
        kernel.close()
        jit.close()


@pytest.mark.kernel
def test_task_helpers_agree_with_the_kernel(probe_obj: Path) -> None:
    kernel, jit = KernelRunner(probe_obj), Runner(probe_obj, "jit")
    try:
        for what in (2, 3, 4):
            assert OUT.unpack(jit.run(what))[:4] == OUT.unpack(kernel.run(what))[:4]
    finally:
        kernel.close()
        jit.close()


def test_the_record_follows_the_environment(probe_obj: Path) -> None:
    jit = Runner(probe_obj, "jit")
    try:
        env = jit.hook.collection.env
        env.task = Task(1234, 99, 7, 8, b"a-very-long-command-name"[:15])
        _, pid_tgid, uid_gid, comm, _ = OUT.unpack(jit.run(2))
        assert pid_tgid == (99 << 32) | 1234 and uid_gid == (8 << 32) | 7
        assert comm == b"a-very-long-com\0"
        env.task.comm = b"x"  # the same object changed: the hook writes it again itself
        jit.record.write_task(env.task)
        assert OUT.unpack(jit.run(3))[3][:4] == b"x\0\0\0"
        env.user_memory = None  # the native reads need a process to read
        with pytest.raises(EbpyError, match="reads user memory natively"):
            jit.run(0)
    finally:
        jit.close()
