"""Facts about the running system that bpf() users need: capabilities, limits, version."""

from __future__ import annotations

import functools
import os
import re
import resource
from enum import IntEnum


class Capability(IntEnum):
    """The capabilities bpf() checks (bit numbers from <linux/capability.h>)."""

    CAP_NET_ADMIN = 12
    CAP_SYS_ADMIN = 21
    CAP_PERFMON = 38
    CAP_BPF = 39


def effective_capabilities() -> int | None:
    """The CapEff bit mask of this process, or None when /proc does not say."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("CapEff:"):
                    return int(line.split()[1], 16)
    except (OSError, ValueError, IndexError):
        return None
    return None


def missing_capabilities(wanted: tuple[Capability, ...]) -> list[Capability]:
    """Which of `wanted` this process lacks (empty when it has them all or cannot tell).

    CAP_SYS_ADMIN stands in for CAP_BPF and CAP_PERFMON, as it does in the kernel.
    """
    caps = effective_capabilities()
    if caps is None:
        return []

    def has(cap: Capability) -> bool:
        return bool(caps >> cap & 1)

    missing = []
    for cap in wanted:
        if has(cap):
            continue
        if cap in (Capability.CAP_BPF, Capability.CAP_PERFMON) and has(Capability.CAP_SYS_ADMIN):
            continue
        missing.append(cap)
    return missing


@functools.cache
def kernel_version() -> tuple[int, int, int]:
    """(major, minor, patch) of the running kernel, from uname."""
    m = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", os.uname().release)
    if m is None:
        return (0, 0, 0)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))


def kernel_version_code() -> int:
    """KERNEL_VERSION(a, b, c) of the running kernel, what kprobe programs once had to pass."""
    major, minor, patch = kernel_version()
    return (major << 16) + (minor << 8) + min(patch, 255)


def memlock_limit() -> int | None:
    """The soft RLIMIT_MEMLOCK in bytes, or None when unlimited."""
    soft, _ = resource.getrlimit(resource.RLIMIT_MEMLOCK)
    return None if soft == resource.RLIM_INFINITY else soft


def memlock_matters() -> bool:
    """Kernels before 5.11 charge maps and programs to RLIMIT_MEMLOCK instead of the memcg."""
    return kernel_version() < (5, 11, 0)


@functools.cache
def page_size() -> int:
    return os.sysconf("SC_PAGE_SIZE")
