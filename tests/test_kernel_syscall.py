"""The bpf() layer: the syscall, errno hints, fd ownership, system facts (ebpy.kernel)."""

from __future__ import annotations

import ctypes
import errno
import gc
import os
import subprocess
import sys
import warnings

import pytest

from conftest import unprivileged_bpf_lock
from ebpy.errors import KernelError
from ebpy.kernel import hints, syscall
from ebpy.kernel.attr import MapCreateAttr, object_name
from ebpy.kernel.fd import Fd
from ebpy.kernel.hints import explain, required_capabilities
from ebpy.kernel.maps import create_map
from ebpy.kernel.system import Capability
from ebpy.kernel.uapi import Cmd
from ebpy.spec.types import MapType, ProgramType


def fd_count() -> int:
    return len(os.listdir("/proc/self/fd"))


def fd_is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


# ---- the syscall ------------------------------------------------------------------------------
def test_syscall_numbers_for_the_main_architectures() -> None:
    assert syscall.SYSCALL_NUMBERS["x86_64"] == 321
    assert syscall.SYSCALL_NUMBERS["aarch64"] == 280


@pytest.mark.kernel
def test_bpf_returns_an_fd_and_raises_kernel_error_with_errno() -> None:
    attr = MapCreateAttr(map_type=MapType.ARRAY, key_size=4, value_size=4, max_entries=1)
    with syscall.bpf_fd(Cmd.MAP_CREATE, attr) as fd:
        assert fd.fileno() >= 0 and fd_is_open(fd.fileno())
    attr.key_size = 3
    with pytest.raises(KernelError) as info:
        syscall.bpf(Cmd.MAP_CREATE, attr, what="creating test map")
    assert info.value.errno == errno.EINVAL
    assert str(info.value).startswith("creating test map: EINVAL (Invalid argument); ")


@pytest.mark.kernel
def test_unknown_nonzero_attr_bytes_are_e2big() -> None:
    # bpf() accepts a longer attr than its union only if the extra bytes are zero.
    class Longer(ctypes.Structure):
        _fields_ = [("attr", MapCreateAttr), ("future", ctypes.c_uint8 * 512)]

    attr = Longer()
    attr.attr = MapCreateAttr(map_type=MapType.ARRAY, key_size=4, value_size=4, max_entries=1)
    with syscall.bpf_fd(Cmd.MAP_CREATE, attr):
        pass
    attr.future[500] = 1
    with pytest.raises(KernelError) as info:
        syscall.bpf(Cmd.MAP_CREATE, attr)
    assert info.value.errno == errno.E2BIG
    assert "this kernel does not know" in info.value.hint


def test_unknown_architecture_is_enosys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(syscall, "BPF_NR", None)
    with pytest.raises(KernelError) as info:
        syscall.bpf(Cmd.MAP_CREATE, MapCreateAttr(), what="creating map")
    assert info.value.errno == errno.ENOSYS
    assert "syscall number" in info.value.hint


# ---- hints ------------------------------------------------------------------------------------
def test_capabilities_each_command_needs() -> None:
    assert required_capabilities(Cmd.MAP_CREATE) == (Capability.CAP_BPF,)
    xdp = required_capabilities(Cmd.PROG_LOAD, ProgramType.XDP)
    assert set(xdp) == {Capability.CAP_BPF, Capability.CAP_NET_ADMIN}
    kprobe = required_capabilities(Cmd.PROG_LOAD, ProgramType.KPROBE)
    assert set(kprobe) == {Capability.CAP_BPF, Capability.CAP_PERFMON}
    assert set(required_capabilities(Cmd.PROG_LOAD, ProgramType.SOCKET_FILTER)) == {
        Capability.CAP_BPF
    }
    assert required_capabilities(Cmd.ENABLE_STATS) == (Capability.CAP_SYS_ADMIN,)


def test_eperm_hint_names_missing_capabilities(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hints, "missing_capabilities", lambda wanted: list(wanted))
    text = explain(Cmd.PROG_LOAD, errno.EPERM, prog_type=ProgramType.TRACEPOINT)
    assert "missing CAP_BPF, CAP_PERFMON" in text


def test_eperm_hint_blames_memlock_on_old_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hints, "missing_capabilities", lambda wanted: [])
    monkeypatch.setattr(hints, "memlock_matters", lambda: True)
    monkeypatch.setattr(hints, "memlock_limit", lambda: 65536)
    assert "RLIMIT_MEMLOCK is 65536 bytes" in explain(Cmd.MAP_CREATE, errno.EPERM)
    monkeypatch.setattr(hints, "memlock_matters", lambda: False)
    assert "capabilities this needs" in explain(Cmd.MAP_CREATE, errno.EPERM)


def test_hints_depend_on_the_command() -> None:
    assert "no such key" in explain(Cmd.MAP_LOOKUP_ELEM, errno.ENOENT)
    assert "nothing is pinned" in explain(Cmd.OBJ_GET, errno.ENOENT)
    assert "full" in explain(Cmd.MAP_UPDATE_ELEM, errno.E2BIG)
    assert "too large" in explain(Cmd.PROG_LOAD, errno.E2BIG)
    assert "bigger" in explain(Cmd.PROG_LOAD, errno.ENOSPC)
    assert "frozen" in explain(Cmd.MAP_UPDATE_ELEM, errno.EPERM)
    assert "cannot delete" in explain(Cmd.MAP_DELETE_ELEM, errno.EINVAL)
    assert "ENOTSUPP" in explain(Cmd.MAP_LOOKUP_ELEM, hints.ENOTSUPP)
    assert hints.errno_name(hints.ENOTSUPP) == "ENOTSUPP"
    assert explain(Cmd.MAP_CREATE, 12345) == ""


@pytest.mark.kernel
def test_real_eperm_without_capabilities_names_them() -> None:
    # A child whose capability bounding set lacks the BPF ones (root, but powerless).
    code = (
        "from ebpy.kernel.maps import create_map\n"
        "from ebpy.kernel.program import load_program\n"
        "from ebpy.isa import Instruction as I\n"
        "from ebpy.errors import KernelError\n"
        "for f in (lambda: create_map(2, 4, 4, 1),\n"
        "          lambda: load_program([I(0xb7), I(0x95)], 6)):\n"
        "    try:\n"
        "        f()\n"
        "    except KernelError as e:\n"
        "        print(e.errno, e)\n"
    )

    def drop_caps() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in Capability:
            if libc.prctl(24, int(cap), 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "PR_CAPBSET_DROP")

    with unprivileged_bpf_lock(exclusive=False):
        proc = subprocess.run(
            [sys.executable, "-c", code], preexec_fn=drop_caps, capture_output=True, text=True
        )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("1 creating ARRAY map: EPERM")
    assert "missing CAP_BPF (" in lines[0]
    assert lines[1].startswith("1 loading program (anonymous): EPERM")
    assert "missing CAP_BPF, CAP_NET_ADMIN" in lines[1]


# ---- Fd ---------------------------------------------------------------------------------------
def test_fd_closes_once() -> None:
    r, w = os.pipe()
    os.close(w)
    fd = Fd(r)
    assert not fd.closed and int(fd) == r
    fd.close()
    assert fd.closed and not fd_is_open(r)
    fd.close()  # a second close is a no-op, never a close(2) of a reused number
    with pytest.raises(KernelError) as info:
        fd.fileno()
    assert info.value.errno == errno.EBADF
    assert repr(fd) == "Fd(closed)"


def test_fd_context_manager_dup_and_detach() -> None:
    r, w = os.pipe()
    os.close(w)
    with Fd(r) as fd:
        copy = fd.dup()
        assert copy.fileno() != r and fd_is_open(copy.fileno())
    assert not fd_is_open(r)
    assert fd_is_open(copy.fileno())
    number = copy.detach()
    assert copy.closed and fd_is_open(number)
    os.close(number)
    with pytest.raises(ValueError):
        Fd(-1)


def test_fd_garbage_collected_is_closed_with_a_warning() -> None:
    r, w = os.pipe()
    os.close(w)
    fd = Fd(r)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del fd
        gc.collect()
    assert not fd_is_open(r)
    assert any(issubclass(c.category, ResourceWarning) for c in caught)


@pytest.mark.kernel
def test_garbage_collected_map_releases_its_fd() -> None:
    before = fd_count()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        for _ in range(50):
            create_map(MapType.ARRAY, 4, 4, 1)  # dropped without close
        gc.collect()
    assert fd_count() == before


# ---- names ---------------------------------------------------------------------
def test_object_names_are_sanitized_like_libbpf() -> None:
    assert object_name("xdp_prog") == b"xdp_prog"
    assert object_name("xdp/prog-1") == b"xdpprog1"
    assert object_name("a_very_long_function_name") == b"a_very_long_fun"
    assert object_name("naïve.map") == b"nave.map"
