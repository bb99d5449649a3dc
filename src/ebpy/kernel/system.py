"""Facts about the running system that bpf() users need: CPUs, capabilities, limits, version."""

from __future__ import annotations

import errno
import functools
import os
import re
import resource
from enum import IntEnum

from ebpy.errors import KernelError

POSSIBLE_CPUS = "/sys/devices/system/cpu/possible"


class Capability(IntEnum):
    """The capabilities bpf() checks (bit numbers from <linux/capability.h>)."""

    CAP_NET_ADMIN = 12
    CAP_SYS_ADMIN = 21
    CAP_PERFMON = 38
    CAP_BPF = 39


def parse_cpu_list(text: str) -> list[int]:
    """'0-3,5,7-8' -> [0, 1, 2, 3, 5, 7, 8] (the kernel's cpulist format)."""
    cpus: list[int] = []
    for part in text.strip().split(","):
        if not part:
            continue
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", part.strip())
        if m is None:
            raise ValueError(f"bad CPU list {text.strip()!r}")
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        cpus.extend(range(lo, hi + 1))
    return cpus


@functools.cache
def possible_cpus() -> int:
    """How many CPUs the kernel may ever bring up: the number of copies a per-CPU map holds.

    Per-CPU values travel through bpf() as one slot per *possible* CPU (not online), so this
    reads the possible mask like libbpf does.
    """
    try:
        with open(POSSIBLE_CPUS) as f:
            text = f.read()
    except OSError as e:
        raise KernelError(e.errno or errno.EIO, f"reading {POSSIBLE_CPUS}") from None
    try:
        count = len(parse_cpu_list(text))
    except ValueError as e:
        raise KernelError(errno.EINVAL, f"reading {POSSIBLE_CPUS}", str(e)) from None
    if count == 0:
        raise KernelError(errno.EINVAL, f"reading {POSSIBLE_CPUS}", "no possible CPUs listed")
    return count


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
