"""Whether tests can use the running kernel's eBPF here, and if not, why."""

from __future__ import annotations

import ctypes
import functools
import importlib
import os
import sys

_BPF_NR = {"x86_64": 321, "aarch64": 280}


@functools.cache
def kernel_unavailable() -> str | None:
    """Why the kernel engine cannot run tests here, or None when it can."""
    if sys.platform != "linux":
        return "bpf() needs Linux"
    if os.geteuid() != 0:
        return "the kernel engine needs root (CAP_BPF, CAP_NET_ADMIN, CAP_PERFMON)"
    nr = _BPF_NR.get(os.uname().machine)
    if nr is None:
        return f"unknown bpf() system call number on {os.uname().machine}"
    libc = ctypes.CDLL(None, use_errno=True)
    # BPF_PROG_LOAD with a zeroed attr: EINVAL when bpf() works, ENOSYS/EPERM when it does not.
    attr = ctypes.create_string_buffer(128)
    res = libc.syscall(nr, 5, attr, 128)
    err = ctypes.get_errno()
    if res >= 0:
        os.close(res)
    elif err in (38, 1):  # ENOSYS, EPERM
        return f"bpf() unavailable: {os.strerror(err)}"
    engine = importlib.import_module("ebpy.kernel")
    if not hasattr(engine, "load_collection"):
        return "this ebpy build has no kernel engine (ebpy.kernel.load_collection)"
    return None
