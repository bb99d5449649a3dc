"""Helpers the JIT runs as native code instead of calling back into Python.

Each is an internal function `i64 @ebpy_h<id>(ptr %st, i64 r1..r5)` added to the program's
module, so LLVM can inline it. They do what the shared Python helpers (ebpy.helpers) do, over
the same memory: clocks through clock_gettime, the CPU number from the run state. Map helpers
call the map implementation (ebpy.maps.native, compiled from the same C the Python API uses),
linked into the program's module so lookups inline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import llvmlite.binding as llvm

from ebpy.jit.abi import FIELD_OFFSETS as F
from ebpy.spec.helper_ids import HELPER_IDS

CLOCK_MONOTONIC = 1
CLOCK_MONOTONIC_COARSE = 6
CLOCK_BOOTTIME = 7
CLOCK_TAI = 11

_HEAD = (
    "define internal i64 @ebpy_h{id}(ptr %st, i64 %a1, i64 %a2, i64 %a3, i64 %a4, i64 %a5) #0 {{"
)


def _clock_helper(clock: int, divide: int = 1) -> str:
    body = f"  %t = call i64 @ebpy_clock_ns(i32 {clock})\n"
    if divide > 1:
        body += f"  %r = udiv i64 %t, {divide}\n  ret i64 %r\n"
    else:
        body += "  ret i64 %t\n"
    return body


_PRANDOM = f"""\
  %p = getelementptr i8, ptr %st, i64 {F["rng"]}
  %x0 = load i64, ptr %p, align 8
  %s1 = lshr i64 %x0, 12
  %x1 = xor i64 %x0, %s1
  %s2 = shl i64 %x1, 25
  %x2 = xor i64 %x1, %s2
  %s3 = lshr i64 %x2, 27
  %x3 = xor i64 %x2, %s3
  store i64 %x3, ptr %p, align 8
  %m = mul i64 %x3, 2685821657736338717
  %r = lshr i64 %m, 32
  ret i64 %r
"""

_CPU = f"""\
  %p = getelementptr i8, ptr %st, i64 {F["cpu"]}
  %c = load i64, ptr %p, align 8
  ret i64 %c
"""

# Bodies of the helpers that need nothing but the run state.
_BODIES: dict[int, str] = {
    HELPER_IDS["bpf_ktime_get_ns"]: _clock_helper(CLOCK_MONOTONIC),
    HELPER_IDS["bpf_ktime_get_boot_ns"]: _clock_helper(CLOCK_BOOTTIME),
    HELPER_IDS["bpf_ktime_get_coarse_ns"]: _clock_helper(CLOCK_MONOTONIC_COARSE),
    HELPER_IDS["bpf_ktime_get_tai_ns"]: _clock_helper(CLOCK_TAI),
    # jiffies at HZ=1000, as ebpy.helpers.time: boot ns * HZ // 1e9 == boot ns // 1e6
    HELPER_IDS["bpf_jiffies64"]: _clock_helper(CLOCK_BOOTTIME, 1_000_000),
    HELPER_IDS["bpf_get_prandom_u32"]: _PRANDOM,
    HELPER_IDS["bpf_get_smp_processor_id"]: _CPU,
    HELPER_IDS["bpf_get_numa_node_id"]: "  ret i64 0\n",
}


def available(checked: bool) -> frozenset[int]:
    """Helper ids the JIT can run natively (checked mode keeps map access in Python, where
    each value a lookup returns becomes a region the checks know)."""
    return frozenset(_BODIES)


def ir_for(ids: Iterable[int]) -> str:
    out = []
    for hid in sorted(ids):
        body = _BODIES.get(hid)
        if body is not None:
            out.append(_HEAD.format(id=hid) + "\n" + body + "}\n")
    return "\n".join(out)


def link_modules(ids: Iterable[int]) -> list[llvm.ModuleRef]:
    """Modules to link into a program using these helpers (the maps' IR, when they need it)."""
    return []


def version() -> str:
    """Changes when the native helpers' code does (part of the compile cache key)."""
    text = "".join(f"{k}:{v}" for k, v in sorted(_BODIES.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
