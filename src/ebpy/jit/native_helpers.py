"""Helpers the JIT runs as native code instead of calling back into Python.

Each is an internal function `i64 @ebpy_h<id>(ptr %st, i64 r1..r5)` added to the program's
module, so LLVM can inline it. They do what the shared Python helpers (ebpy.helpers) do, over
the same memory: clocks through clock_gettime, the CPU number from the run state. Map helpers
call the map implementation (ebpy.maps.native: the same compiled C the Python API uses) by its
symbols, so a program and Python see the same bytes at once.
"""

from __future__ import annotations

import errno
import hashlib
import threading
from collections.abc import Iterable
from functools import cache

import llvmlite.binding as llvm

from ebpy.jit import hook_helpers
from ebpy.jit.abi import FIELD_OFFSETS as F
from ebpy.jit.abi import MAX_TAIL_CALLS, Abort
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


def _cpu32() -> str:
    return f"""\
  %cpup = getelementptr i8, ptr %st, i64 {F["cpu"]}
  %cpu64 = load i64, ptr %cpup, align 8
  %cpu = trunc i64 %cpu64 to i32
"""


# Map and ring buffer helpers: the maps' own C functions (ebpy.maps.native), called with the
# map's address, which is what lddw of a map gives a JIT program (NativeSpace.map_handle).
# They do exactly what ebpy.helpers.maps does around the same calls, minus the copying.
_MAP_BODIES: dict[int, str] = {
    HELPER_IDS["bpf_map_lookup_elem"]: _cpu32()
    + """\
  %m = inttoptr i64 %a1 to ptr
  %k = inttoptr i64 %a2 to ptr
  %p = call ptr @ebpy_map_lookup(ptr %m, ptr %k, i32 %cpu)
  %r = ptrtoint ptr %p to i64
  ret i64 %r
""",
    HELPER_IDS["bpf_map_update_elem"]: _cpu32()
    + """\
  %m = inttoptr i64 %a1 to ptr
  %k = inttoptr i64 %a2 to ptr
  %v = inttoptr i64 %a3 to ptr
  %r = call i64 @ebpy_map_update(ptr %m, ptr %k, ptr %v, i64 %a4, i32 %cpu)
  ret i64 %r
""",
    HELPER_IDS["bpf_map_delete_elem"]: """\
  %m = inttoptr i64 %a1 to ptr
  %k = inttoptr i64 %a2 to ptr
  %r = call i64 @ebpy_map_delete(ptr %m, ptr %k)
  ret i64 %r
""",
    HELPER_IDS["bpf_ringbuf_output"]: """\
  %m = inttoptr i64 %a1 to ptr
  %d = inttoptr i64 %a2 to ptr
  %r = call i64 @ebpy_ringbuf_output(ptr %m, ptr %d, i64 %a3, i64 %a4)
  ret i64 %r
""",
    HELPER_IDS["bpf_ringbuf_reserve"]: """\
  %m = inttoptr i64 %a1 to ptr
  %p = call ptr @ebpy_ringbuf_reserve(ptr %m, i64 %a2, i64 %a3)
  %r = ptrtoint ptr %p to i64
  ret i64 %r
""",
    HELPER_IDS["bpf_ringbuf_submit"]: """\
  %d = inttoptr i64 %a1 to ptr
  call void @ebpy_ringbuf_submit(ptr %d, i64 %a2)
  ret i64 0
""",
    HELPER_IDS["bpf_ringbuf_discard"]: """\
  %d = inttoptr i64 %a1 to ptr
  call void @ebpy_ringbuf_discard(ptr %d, i64 %a2)
  ret i64 0
""",
    HELPER_IDS["bpf_ringbuf_query"]: """\
  %m = inttoptr i64 %a1 to ptr
  %r = call i64 @ebpy_ringbuf_query(ptr %m, i64 %a2)
  ret i64 %r
""",
}

# bpf_tail_call, as ebpy.helpers.maps.tail_call does it: an empty slot (or an index past the
# end, or a handle of no program, or MAX_TAIL_CALLS calls already made, as the kernel's
# MAX_TAIL_CALL_CNT) is -ENOENT and the program goes on; otherwise the named program runs
# natively with the same run state (its ebpy_run, from the state's table by handle) and its
# result ends the run.
_TAIL_CALL = f"""\
  %m = inttoptr i64 %a2 to ptr
  %idx = trunc i64 %a3 to i32
  %h = call i64 @ebpy_prog_array_get(ptr %m, i32 %idx)
  %np = getelementptr i8, ptr %st, i64 {F["nprograms"]}
  %n = load i64, ptr %np, align 8
  %known = icmp ult i64 %h, %n
  br i1 %known, label %look, label %missing
look:
  %tp = getelementptr i8, ptr %st, i64 {F["programs"]}
  %tab = load ptr, ptr %tp, align 8
  %fp = getelementptr i64, ptr %tab, i64 %h
  %fn = load ptr, ptr %fp, align 8
  %none = icmp eq ptr %fn, null
  br i1 %none, label %missing, label %count
count:
  %cp = getelementptr i8, ptr %st, i64 {F["tail_calls"]}
  %c = load i64, ptr %cp, align 8
  %over = icmp uge i64 %c, {MAX_TAIL_CALLS}
  br i1 %over, label %missing, label %go
go:
  %c1 = add i64 %c, 1
  store i64 %c1, ptr %cp, align 8
  %r = call i64 %fn(ptr %st, i64 %a1, i64 0, i64 0, i64 0, i64 0)
  %ap = getelementptr i8, ptr %st, i64 {F["abort"]}
  %ab = load i64, ptr %ap, align 8
  %failed = icmp ne i64 %ab, 0
  br i1 %failed, label %stopped, label %finished
finished:
  %rp = getelementptr i8, ptr %st, i64 {F["tail_result"]}
  store i64 %r, ptr %rp, align 8
  store i64 {int(Abort.TAIL_DONE)}, ptr %ap, align 8
  ret i64 0
stopped:
  ret i64 0
missing:
  ret i64 -{errno.ENOENT}
"""
_MAP_BODIES[HELPER_IDS["bpf_tail_call"]] = _TAIL_CALL

# The maps' C functions the bodies call, as LLVM declarations.
_MAP_FUNCTIONS = {
    "ebpy_map_lookup": "declare ptr @ebpy_map_lookup(ptr, ptr, i32)",
    "ebpy_map_update": "declare i64 @ebpy_map_update(ptr, ptr, ptr, i64, i32)",
    "ebpy_map_delete": "declare i64 @ebpy_map_delete(ptr, ptr)",
    "ebpy_ringbuf_output": "declare i64 @ebpy_ringbuf_output(ptr, ptr, i64, i64)",
    "ebpy_ringbuf_reserve": "declare ptr @ebpy_ringbuf_reserve(ptr, i64, i64)",
    "ebpy_ringbuf_submit": "declare void @ebpy_ringbuf_submit(ptr, i64)",
    "ebpy_ringbuf_discard": "declare void @ebpy_ringbuf_discard(ptr, i64)",
    "ebpy_ringbuf_query": "declare i64 @ebpy_ringbuf_query(ptr, i64)",
    "ebpy_prog_array_get": "declare i64 @ebpy_prog_array_get(ptr, i32)",
}
# Helpers whose result depends on the CPU the run is on (the run state's `cpu`).
CPU_HELPERS = frozenset(
    {
        HELPER_IDS["bpf_map_lookup_elem"],
        HELPER_IDS["bpf_map_update_elem"],
        HELPER_IDS["bpf_get_smp_processor_id"],
    }
)
_symbols_lock = threading.Lock()
_symbols_done = False


def _register_map_symbols() -> None:
    """Make the maps' compiled functions resolvable from JIT modules (once per process)."""
    global _symbols_done
    with _symbols_lock:
        if _symbols_done:
            return
        from ebpy.maps import native

        for name in _MAP_FUNCTIONS:
            llvm.add_symbol(name, native.symbol_address(name))
        _symbols_done = True


def available(checked: bool) -> frozenset[int]:
    """Helper ids the JIT can run natively. Checked mode keeps map access in Python, where
    each value a lookup returns becomes a region the checks know exactly."""
    if checked:
        return frozenset(_BODIES) | {HELPER_IDS["bpf_tail_call"]}
    return frozenset(_BODIES) | frozenset(_MAP_BODIES)


def ir_for(ids: Iterable[int]) -> str:
    out: list[str] = []
    ids = sorted(ids)
    if any(hid in _MAP_BODIES for hid in ids):
        _register_map_symbols()
        out.extend(_MAP_FUNCTIONS.values())
    for hid in ids:
        body = _BODIES.get(hid) or _MAP_BODIES.get(hid)
        if body is not None:
            out.append(_HEAD.format(id=hid) + "\n" + body + "}\n")
    out.extend(hook_helpers.ir_for(set(ids)))  # for programs loaded with a hook record
    return "\n".join(out)


@cache
def version() -> str:
    """Changes when the native helpers' code does (part of the compile cache key; their
    bodies are constants of this module and hook_helpers, so once per process)."""
    text = "".join(f"{k}:{v}" for k, v in sorted({**_BODIES, **_MAP_BODIES}.items()))
    text += hook_helpers.version_text()
    return hashlib.sha256(text.encode()).hexdigest()[:16]
