"""Clocks, randomness and the CPU number."""

from __future__ import annotations

import time
from typing import Any

from ebpy.helpers.registry import helper

_BOOT = getattr(time, "CLOCK_BOOTTIME", time.CLOCK_MONOTONIC)
_COARSE = getattr(time, "CLOCK_MONOTONIC_COARSE", time.CLOCK_MONOTONIC)
_TAI = getattr(time, "CLOCK_TAI", time.CLOCK_REALTIME)
HZ = 1000


@helper("bpf_ktime_get_ns")
def ktime_get_ns(env: Any, *_: int) -> int:
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


@helper("bpf_ktime_get_boot_ns")
def ktime_get_boot_ns(env: Any, *_: int) -> int:
    return time.clock_gettime_ns(_BOOT)


@helper("bpf_ktime_get_coarse_ns")
def ktime_get_coarse_ns(env: Any, *_: int) -> int:
    return time.clock_gettime_ns(_COARSE)


@helper("bpf_ktime_get_tai_ns")
def ktime_get_tai_ns(env: Any, *_: int) -> int:
    return time.clock_gettime_ns(_TAI)


@helper("bpf_jiffies64")
def jiffies64(env: Any, *_: int) -> int:
    return time.clock_gettime_ns(_BOOT) * HZ // 1_000_000_000


@helper("bpf_get_prandom_u32")
def get_prandom_u32(env: Any, *_: int) -> int:
    return int(env.rng.getrandbits(32))


@helper("bpf_get_smp_processor_id")
def get_smp_processor_id(env: Any, *_: int) -> int:
    return int(env.cpu)


@helper("bpf_get_numa_node_id")
def get_numa_node_id(env: Any, *_: int) -> int:
    return 0
