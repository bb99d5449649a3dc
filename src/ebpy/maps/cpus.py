"""How many per-CPU values a map holds: the kernel's possible CPUs."""

from __future__ import annotations

import functools
import os

POSSIBLE = "/sys/devices/system/cpu/possible"


def parse_cpu_list(text: str) -> list[int]:
    """CPUs of a kernel cpulist such as "0-3,8,10-11"."""
    cpus: list[int] = []
    for part in text.strip().split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        cpus.extend(range(int(first), int(last or first) + 1))
    return cpus


@functools.cache
def possible_cpus() -> int:
    """num_possible_cpus(): the number of values a per-CPU map exchanges with userspace.

    The kernel sizes per-CPU buffers by possible CPUs, which can exceed online ones; reading
    the same file keeps our per-CPU values interchangeable with a kernel map's. Without
    it (not Linux, no sysfs), os.cpu_count().
    """
    try:
        with open(POSSIBLE) as f:
            cpus = parse_cpu_list(f.read())
    except (OSError, ValueError):
        cpus = []
    return len(cpus) or os.cpu_count() or 1
