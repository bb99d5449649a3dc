"""Shared fixtures: kernel availability, compiling C to BPF objects."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "programs"
CACHE = ROOT / ".cache" / "bpf-objects"
TEST_PROGRAMS = Path(__file__).resolve().parent / "programs"


def _kernel_bpf_reason() -> str | None:
    """Why kernel tests cannot run here, or None when bpf() works."""
    if sys.platform != "linux":
        return "bpf() needs Linux"
    if os.geteuid() != 0:
        return "kernel eBPF tests need root (CAP_BPF, CAP_NET_ADMIN, CAP_PERFMON)"
    libc = ctypes.CDLL(None, use_errno=True)
    # BPF_PROG_LOAD with a zeroed attr fails with EINVAL when bpf() exists, ENOSYS when it does not.
    attr = ctypes.create_string_buffer(128)
    nr = {"x86_64": 321, "aarch64": 280}.get(os.uname().machine)
    if nr is None:
        return f"unknown bpf() syscall number on {os.uname().machine}"
    res = libc.syscall(nr, 5, attr, 128)
    err = ctypes.get_errno()
    if res < 0 and err in (38, 1):  # ENOSYS, EPERM
        return f"bpf() unavailable: {os.strerror(err)}"
    if res >= 0:
        os.close(res)
    return None


KERNEL_REASON = _kernel_bpf_reason()


@contextlib.contextmanager
def unprivileged_bpf_lock(exclusive: bool) -> Iterator[None]:
    """Serialise tests around kernel.unprivileged_bpf_disabled across pytest-xdist workers.

    The unprivileged verifier comparison sets the sysctl to 0 for a moment (exclusive); tests
    that expect EPERM without capabilities hold it shared, so they never see that moment.
    """
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with open(CACHE.parent / "unprivileged-bpf.lock", "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if KERNEL_REASON is None:
        return
    skip = pytest.mark.skip(reason=f"kernel test skipped: {KERNEL_REASON}")
    for item in items:
        if "kernel" in item.keywords:
            item.add_marker(skip)


def compile_c(source: str, name: str = "prog", cflags: tuple[str, ...] = ()) -> Path:
    """Compile C source to a BPF object with zig's clang, cached by content hash."""
    key = hashlib.sha256((source + "\0" + " ".join(cflags)).encode()).hexdigest()[:20]
    out = CACHE / f"{name}-{key}.o"
    if out.exists():
        return out
    CACHE.mkdir(parents=True, exist_ok=True)
    src = CACHE / f"{name}-{key}.c"
    src.write_text(source)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    cmd = [
        sys.executable, "-m", "ziglang", "cc", "-target", "bpfel-freestanding", "-O2", "-g",
        f"-I{TEST_PROGRAMS}", f"-I{ROOT / 'src' / 'ebpy' / 'include'}", *cflags,
        "-c", str(src), "-o", str(tmp),
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"compiling {name} failed:\n{proc.stderr}")
    tmp.replace(out)
    return out


@pytest.fixture(scope="session")
def compile_bpf():
    """compile_bpf(source, name="prog", cflags=()) -> Path of the compiled object."""
    return compile_c


@pytest.fixture(scope="session")
def bench_dir() -> Path:
    if not BENCH.is_dir():
        pytest.skip(f"benchmark programs not found at {BENCH}")
    return BENCH


@pytest.fixture(scope="session")
def llvm_objdump() -> str:
    path = shutil.which("llvm-objdump")
    if path is None:
        pytest.skip("llvm-objdump is not installed")
    return path
