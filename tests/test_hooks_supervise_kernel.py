"""The kernel as the oracle for the example policies: its verifier accepts them as raw
tracepoint programs (the type ebpy gives hook programs), and BPF_PROG_TEST_RUN over the same
struct seccomp_data returns what ebpy's engines return. In a test run the kernel's
bpf_probe_read_user reads this test process, so ebpy's engines read it too (process_vm_readv
of our own pid), and both see the same strings and socket addresses."""

from __future__ import annotations

import ctypes
import os
import socket
import struct
from pathlib import Path
from typing import Any

import pytest

from ebpy import load_spec
from ebpy.helpers.env import Task
from ebpy.hooks.hook_program import MapEntry, load_hook
from ebpy.hooks.syscalls import SeccompAction, syscall_number
from ebpy.hooks.syscalls.target import RemoteMemory
from ebpy.hooks.syscalls.uapi import AUDIT_ARCH_X86_64
from ebpy.spec import ProgramType

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.skipif(os.uname().machine != "x86_64", reason="x86_64 system call numbers"),
]

POLICIES = Path(__file__).resolve().parent.parent / "examples" / "policies"
ALLOW = int(SeccompAction.ALLOW)
AT_FDCWD = -100 & (2**64 - 1)
O_WRONLY, O_CREAT = 0o1, 0o100


class KernelPolicy:
    """A policy loaded into the kernel with its maps (constants set, entries stored)."""

    def __init__(self, name: str, constants: dict[str, Any], entries: list[MapEntry]) -> None:
        from ebpy.kernel import create_map_from_spec, load_program

        spec = load_spec(str(POLICIES / f"{name}.o"))
        for k, v in constants.items():
            spec.constants[k] = v
        pspec = spec.program(name)
        self.maps: dict[str, Any] = {}
        for ref in pspec.map_refs:
            if ref.map in self.maps:
                continue
            mspec = spec.maps[ref.map]
            m = create_map_from_spec(mspec)
            if mspec.data is not None:
                m.update(0, bytes(mspec.data))
                if mspec.freeze:
                    m.freeze()
            self.maps[ref.map] = m
        for e in entries:
            self.maps[e.map][e.key] = e.value
        insns = list(pspec.instructions)
        index, slot = {}, 0
        for i, insn in enumerate(insns):
            index[slot] = i
            slot += insn.slots
        for ref in pspec.map_refs:
            i = index[ref.slot]
            fd = self.maps[ref.map].fd.fileno()
            insns[i] = insns[i].with_imm64(fd | ((ref.offset or 0) << 32))
        self.prog = load_program(insns, ProgramType.RAW_TRACEPOINT, name=name[:15])

    def run(self, ctx: bytes) -> int:
        return self.prog.test_run(ctx=ctx.ljust(96, b"\0")).retval

    def close(self) -> None:
        self.prog.close()
        for m in self.maps.values():
            m.close()


def both(name: str, engine: str, constants: dict[str, Any] | None = None, entries=()):
    constants = constants or {}
    kernel = KernelPolicy(name, constants, list(entries))
    hook = load_hook(
        str(POLICIES / f"{name}.o"),
        section="seccomp",
        ctx_size=64,
        engine=engine,
        constants=constants,
        entries=entries,
    )
    memory = RemoteMemory()
    memory.pid = os.getpid()
    hook.collection.env.user_memory = memory
    hook.collection.env.task = Task.current()
    return kernel, hook


def ctx(nr: int, *args: int, arch: int = AUDIT_ARCH_X86_64) -> bytes:
    full = [*args, 0, 0, 0, 0, 0, 0][:6]
    return struct.pack("<iIQ6Q", nr, arch, 0, *full)


def agree(kernel: KernelPolicy, hook: Any, data: bytes) -> int:
    hook.bound.ctx[:64] = data
    ours = hook.bound() & 0xFFFFFFFF
    assert ours == kernel.run(data)
    return ours


def cstr(text: str, keep: list) -> int:
    buf = ctypes.create_string_buffer(text.encode())
    keep.append(buf)
    return ctypes.addressof(buf)


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_deny_writes_decides_as_the_kernel_runs_it(engine: str) -> None:
    kernel, hook = both("deny_writes", engine, {"protected_dir": "/srv/data"})
    keep: list = []
    inside, outside, near = (cstr(p, keep) for p in ("/srv/data/x", "/srv/database", "/srv/data"))
    openat, unlink, rename = (syscall_number(n) for n in ("openat", "unlink", "rename"))
    eacces = int(SeccompAction.ERRNO) | 13
    try:
        cases = [
            (ctx(openat, AT_FDCWD, inside, O_WRONLY | O_CREAT, 0o644), eacces),
            (ctx(openat, AT_FDCWD, inside, 0), ALLOW),  # read only
            (ctx(openat, AT_FDCWD, outside, O_WRONLY), ALLOW),  # a longer name is not under it
            (ctx(unlink, near), eacces),
            (ctx(rename, outside, inside), eacces),  # the second path counts too
            (ctx(unlink, 16), ALLOW),  # unreadable: left to the kernel (EFAULT)
            (ctx(syscall_number("getpid")), ALLOW),
            (ctx(openat, arch=0x40000003), int(SeccompAction.ERRNO) | 38),  # i386: refused
        ]
        for data, want in cases:
            assert agree(kernel, hook, data) == want
    finally:
        kernel.close()
        hook.close()


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_kill_exec_and_net_allow_as_the_kernel_runs_them(engine: str) -> None:
    keep: list = []
    kernel, hook = both("kill_exec", engine, entries=[MapEntry("denied_exec", "/usr/bin/wget")])
    try:
        execve = syscall_number("execve")
        assert agree(kernel, hook, ctx(execve, cstr("/usr/bin/wget", keep))) == int(
            SeccompAction.KILL_PROCESS
        )
        assert agree(kernel, hook, ctx(execve, cstr("/usr/bin/curl", keep))) == ALLOW
    finally:
        kernel.close()
        hook.close()
    entry = MapEntry("allowed", {"addr": [127, 0, 0, 1], "port": 8080})
    kernel, hook = both("net_allow", engine, entries=[entry])
    try:
        connect = syscall_number("connect")

        def sockaddr(host: str, port: int) -> int:
            raw = struct.pack("<H", socket.AF_INET) + struct.pack(">H", port)
            raw += socket.inet_aton(host) + bytes(8)
            buf = ctypes.create_string_buffer(raw, len(raw))
            keep.append(buf)
            return ctypes.addressof(buf)

        refused = int(SeccompAction.ERRNO) | 111
        assert agree(kernel, hook, ctx(connect, 3, sockaddr("127.0.0.1", 8080), 16)) == ALLOW
        assert agree(kernel, hook, ctx(connect, 3, sockaddr("127.0.0.1", 8081), 16)) == refused
        assert agree(kernel, hook, ctx(connect, 3, sockaddr("10.0.0.1", 8080), 16)) == refused
        unix = ctypes.create_string_buffer(struct.pack("<H", socket.AF_UNIX) + b"/x\0", 8)
        assert agree(kernel, hook, ctx(connect, 3, ctypes.addressof(unix), 8)) == ALLOW
    finally:
        kernel.close()
        hook.close()


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_count_syscalls_counts_as_the_kernel_does(engine: str) -> None:
    kernel, hook = both("count_syscalls", engine)
    try:
        for nr in (0, 1, 1, 257, 257, 257):
            assert agree(kernel, hook, ctx(nr)) == ALLOW
        ours = dict(hook.collection.maps["syscall_counts"].items())
        theirs = dict(kernel.maps["syscall_counts"].items())
        assert ours == theirs
        assert {k["nr"]: v for k, v in ours.items()} == {0: 1, 1: 2, 257: 3}
        assert {k["pid"] for k in ours} == {os.getpid()}
    finally:
        kernel.close()
        hook.close()
