"""Scalar bounds: keeping the tnum and the four ranges of a register consistent, the effect of
ALU operations on them, and what a conditional jump teaches about them.

This is a port of the kernel verifier's range logic (reg_bounds_sync, adjust_scalar_min_max_vals,
is_branch_taken, regs_refine_cond_op) so that our abstract values match the kernel's; C's
wrapping arithmetic is spelled out with masks.
"""

from __future__ import annotations

from typing import Any

from ebpy.verifier import tnum
from ebpy.verifier.ops import (
    ALU_ADD,
    ALU_AND,
    ALU_ARSH,
    ALU_LSH,
    ALU_MUL,
    ALU_NEG,
    ALU_OR,
    ALU_RSH,
    ALU_SUB,
    ALU_XOR,
    JMP_JEQ,
    JMP_JGE,
    JMP_JGT,
    JMP_JLE,
    JMP_JLT,
    JMP_JNE,
    JMP_JSET,
    JMP_JSGE,
    JMP_JSGT,
    JMP_JSLE,
    JMP_JSLT,
)
from ebpy.verifier.regs import (
    S32_MAX,
    S32_MIN,
    S64_MAX,
    S64_MIN,
    SCALAR,
    U32,
    U64,
    Reg,
    mark_known,
    mark_known32,
    mark_unbounded,
    mark_unbounded32,
    mark_unbounded64,
    mark_unknown,
    s32,
    s64,
    set_known,
)

# ---- keeping the bounds in sync -------------------------------------------------------------


def update_bounds32(r: Reg) -> None:
    v = r.vv & U32
    m = r.vm & U32
    r.s32min = max(r.s32min, s32(v | (m & 0x80000000)))
    r.s32max = min(r.s32max, s32(v | (m & 0x7FFFFFFF)))
    r.u32min = max(r.u32min, v)
    r.u32max = min(r.u32max, v | m)


def update_bounds64(r: Reg) -> None:
    v, m = r.vv, r.vm
    r.smin = max(r.smin, s64(v | (m & (1 << 63))))
    r.smax = min(r.smax, s64(v | (m & S64_MAX)))
    r.umin = max(r.umin, v)
    r.umax = min(r.umax, v | m)


def update_bounds(r: Reg) -> None:
    update_bounds32(r)
    update_bounds64(r)


def _deduce32(r: Reg) -> None:
    umin, umax, smin, smax = r.umin, r.umax, r.smin, r.smax
    if (umin >> 32) == (umax >> 32):
        r.u32min = max(r.u32min, umin & U32)
        r.u32max = min(r.u32max, umax & U32)
        if s32(umin) <= s32(umax):
            r.s32min = max(r.s32min, s32(umin))
            r.s32max = min(r.s32max, s32(umax))
    if (smin >> 32) == (smax >> 32):
        if (smin & U32) <= (smax & U32):
            r.u32min = max(r.u32min, smin & U32)
            r.u32max = min(r.u32max, smax & U32)
        if s32(smin) <= s32(smax):
            r.s32min = max(r.s32min, s32(smin))
            r.s32max = min(r.s32max, s32(smax))
    # upper halves that are two consecutive numbers while the lower half crosses zero
    if ((umin >> 32) + 1) & U32 == (umax >> 32) & U32 and s32(umin) < 0 and s32(umax) >= 0:
        r.s32min = max(r.s32min, s32(umin))
        r.s32max = min(r.s32max, s32(umax))
    if (((smin & U64) >> 32) + 1) & U32 == ((smax & U64) >> 32) & U32 and (
        s32(smin) < 0 and s32(smax) >= 0
    ):
        r.s32min = max(r.s32min, s32(smin))
        r.s32max = min(r.s32max, s32(smax))
    if s32(r.u32min) <= s32(r.u32max):
        r.s32min = max(r.s32min, s32(r.u32min))
        r.s32max = min(r.s32max, s32(r.u32max))
    if (r.s32min & U32) <= (r.s32max & U32):
        r.u32min = max(r.s32min & U32, r.u32min)
        r.u32max = min(r.s32max & U32, r.u32max)


def _deduce64(r: Reg) -> None:
    if s64(r.umin) <= s64(r.umax):
        r.smin = max(r.smin, s64(r.umin))
        r.smax = min(r.smax, s64(r.umax))
    if (r.smin & U64) <= (r.smax & U64):
        r.umin = max(r.smin & U64, r.umin)
        r.umax = min(r.smax & U64, r.umax)
    else:
        # the signed range wraps; it may overlap the unsigned range on one side only
        if r.umax < (r.smin & U64):
            r.smin = s64(r.umin)
            r.umax = min(r.umax, r.smax & U64)
        elif (r.smax & U64) < r.umin:
            r.smax = s64(r.umax)
            r.umin = max(r.umin, r.smin & U64)


def _deduce_mixed(r: Reg) -> None:
    new_umin = (r.umin & ~U32 & U64) | r.u32min
    new_umax = (r.umax & ~U32 & U64) | r.u32max
    r.umin = max(r.umin, new_umin)
    r.umax = min(r.umax, new_umax)
    new_smin = s64((r.smin & ~U32 & U64) | r.u32min)
    new_smax = s64((r.smax & ~U32 & U64) | r.u32max)
    r.smin = max(r.smin, new_smin)
    r.smax = min(r.smax, new_smax)
    if r.s32min >= 0 and r.smin >= S32_MIN and r.smax <= S32_MAX:
        r.smin = r.s32min
        r.smax = r.s32max
        r.umin = r.s32min
        r.umax = r.s32max
        r.vv, r.vm = tnum.intersect((r.vv, r.vm), tnum.trange(r.smin, r.smax))


def deduce_bounds(r: Reg) -> None:
    _deduce32(r)
    _deduce64(r)
    _deduce_mixed(r)


def bound_offset(r: Reg) -> None:
    var64 = tnum.intersect((r.vv, r.vm), tnum.trange(r.umin, r.umax))
    var32 = tnum.intersect(tnum.subreg(var64), tnum.trange(r.u32min, r.u32max))
    r.vv, r.vm = tnum.tor(tnum.clear_subreg(var64), var32)


def sync(r: Reg) -> None:
    """reg_bounds_sync: learn from the tnum, the sign bits and back, to a fixed point.

    This is the hottest function of the verifier, so the kernel's __update_reg_bounds,
    __reg_deduce_bounds (three rounds) and __reg_bound_offset are fused here on local
    variables; tests/test_verifier_bounds.py checks it against the step-by-step version.
    """
    vv = r.vv
    vm = r.vm
    if vm == 0:
        _sync(r)  # a constant: decided at once, not worth a cache entry
        return
    key = (vv, vm, r.smin, r.smax, r.umin, r.umax, r.s32min, r.s32max, r.u32min, r.u32max)
    hit = _SYNC_CACHE.get(key)
    if hit is not None:
        r.vv, r.vm, r.smin, r.smax, r.umin, r.umax, r.s32min, r.s32max, r.u32min, r.u32max = hit
        return
    _sync(r)
    if len(_SYNC_CACHE) >= _ALU_CACHE_MAX:
        _SYNC_CACHE.clear()
    _SYNC_CACHE[key] = (
        r.vv,
        r.vm,
        r.smin,
        r.smax,
        r.umin,
        r.umax,
        r.s32min,
        r.s32max,
        r.u32min,
        r.u32max,
    )


_SYNC_CACHE: dict[tuple[int, ...], tuple[int, ...]] = {}


def _sync(r: Reg) -> None:
    vv = r.vv
    vm = r.vm
    if vm == 0:
        # A constant: every bound is the value, unless the bounds already exclude it
        # (a contradiction the general path turns into the kernel's invariant violation).
        sv = vv - (1 << 64) if vv >> 63 else vv
        lo = vv & 0xFFFFFFFF
        slo = lo - (1 << 32) if lo >> 31 else lo
        if (
            r.umin <= vv <= r.umax
            and r.smin <= sv <= r.smax
            and r.u32min <= lo <= r.u32max
            and r.s32min <= slo <= r.s32max
        ):
            r.umin = r.umax = vv
            r.smin = r.smax = sv
            r.u32min = r.u32max = lo
            r.s32min = r.s32max = slo
            return
    smin, smax, umin, umax = r.smin, r.smax, r.umin, r.umax
    s32min, s32max, u32min, u32max = r.s32min, r.s32max, r.u32min, r.u32max
    # __update_reg_bounds (32 then 64)
    v32 = vv & 0xFFFFFFFF
    m32 = vm & 0xFFFFFFFF
    t = v32 | (m32 & 0x80000000)
    t = t - 0x100000000 if t >> 31 else t
    if t > s32min:
        s32min = t
    t = v32 | (m32 & 0x7FFFFFFF)
    t = t - 0x100000000 if t >> 31 else t
    if t < s32max:
        s32max = t
    if v32 > u32min:
        u32min = v32
    t = v32 | m32
    if t < u32max:
        u32max = t
    t = vv | (vm & 0x8000000000000000)
    t = t - 0x10000000000000000 if t >> 63 else t
    if t > smin:
        smin = t
    t = vv | (vm & 0x7FFFFFFFFFFFFFFF)
    t = t - 0x10000000000000000 if t >> 63 else t
    if t < smax:
        smax = t
    if vv > umin:
        umin = vv
    t = vv | vm
    if t < umax:
        umax = t
    for _ in range(3):
        before = (smin, smax, umin, umax, s32min, s32max, u32min, u32max)
        # __reg32_deduce_bounds
        if (umin >> 32) == (umax >> 32):
            a = umin & 0xFFFFFFFF
            b = umax & 0xFFFFFFFF
            if a > u32min:
                u32min = a
            if b < u32max:
                u32max = b
            sa = a - 0x100000000 if a >> 31 else a
            sb = b - 0x100000000 if b >> 31 else b
            if sa <= sb:
                if sa > s32min:
                    s32min = sa
                if sb < s32max:
                    s32max = sb
        if (smin >> 32) == (smax >> 32):
            a = smin & 0xFFFFFFFF
            b = smax & 0xFFFFFFFF
            if a <= b:
                if a > u32min:
                    u32min = a
                if b < u32max:
                    u32max = b
            sa = a - 0x100000000 if a >> 31 else a
            sb = b - 0x100000000 if b >> 31 else b
            if sa <= sb:
                if sa > s32min:
                    s32min = sa
                if sb < s32max:
                    s32max = sb
        a = umin & 0xFFFFFFFF
        b = umax & 0xFFFFFFFF
        sa = a - 0x100000000 if a >> 31 else a
        sb = b - 0x100000000 if b >> 31 else b
        if ((umin >> 32) + 1) & 0xFFFFFFFF == (umax >> 32) & 0xFFFFFFFF and sa < 0 <= sb:
            if sa > s32min:
                s32min = sa
            if sb < s32max:
                s32max = sb
        a = smin & 0xFFFFFFFF
        b = smax & 0xFFFFFFFF
        sa = a - 0x100000000 if a >> 31 else a
        sb = b - 0x100000000 if b >> 31 else b
        if (((smin >> 32) + 1) & 0xFFFFFFFF) == (smax >> 32) & 0xFFFFFFFF and sa < 0 <= sb:
            if sa > s32min:
                s32min = sa
            if sb < s32max:
                s32max = sb
        sa = u32min - 0x100000000 if u32min >> 31 else u32min
        sb = u32max - 0x100000000 if u32max >> 31 else u32max
        if sa <= sb:
            if sa > s32min:
                s32min = sa
            if sb < s32max:
                s32max = sb
        a = s32min & 0xFFFFFFFF
        b = s32max & 0xFFFFFFFF
        if a <= b:
            if a > u32min:
                u32min = a
            if b < u32max:
                u32max = b
        # __reg64_deduce_bounds
        sa = umin - 0x10000000000000000 if umin >> 63 else umin
        sb = umax - 0x10000000000000000 if umax >> 63 else umax
        if sa <= sb:
            if sa > smin:
                smin = sa
            if sb < smax:
                smax = sb
        a = smin & 0xFFFFFFFFFFFFFFFF
        b = smax & 0xFFFFFFFFFFFFFFFF
        if a <= b:
            if a > umin:
                umin = a
            if b < umax:
                umax = b
        elif umax < a:
            smin = umin - 0x10000000000000000 if umin >> 63 else umin
            if b < umax:
                umax = b
        elif b < umin:
            smax = umax - 0x10000000000000000 if umax >> 63 else umax
            if a > umin:
                umin = a
        # __reg_deduce_mixed_bounds
        t = (umin & 0xFFFFFFFF00000000) | u32min
        if t > umin:
            umin = t
        t = (umax & 0xFFFFFFFF00000000) | u32max
        if t < umax:
            umax = t
        t = (smin & 0xFFFFFFFF00000000) | u32min
        t = t - 0x10000000000000000 if t >> 63 else t
        if t > smin:
            smin = t
        t = (smax & 0xFFFFFFFF00000000) | u32max
        t = t - 0x10000000000000000 if t >> 63 else t
        if t < smax:
            smax = t
        if s32min >= 0 and smin >= -0x80000000 and smax <= 0x7FFFFFFF:
            smin = umin = s32min
            smax = umax = s32max
            vv, vm = tnum.intersect((vv, vm), tnum.trange(smin, smax))
        if before == (smin, smax, umin, umax, s32min, s32max, u32min, u32max):
            break
    # __reg_bound_offset
    v64, m64 = tnum.intersect((vv, vm), tnum.trange(umin, umax))
    v32, m32 = tnum.intersect((v64 & 0xFFFFFFFF, m64 & 0xFFFFFFFF), tnum.trange(u32min, u32max))
    hv = v64 & 0xFFFFFFFF00000000
    hm = m64 & 0xFFFFFFFF00000000
    vv = hv | v32
    vm = (hm | m32) & ~vv & 0xFFFFFFFFFFFFFFFF
    # __update_reg_bounds again
    v32 = vv & 0xFFFFFFFF
    m32 = vm & 0xFFFFFFFF
    t = v32 | (m32 & 0x80000000)
    t = t - 0x100000000 if t >> 31 else t
    if t > s32min:
        s32min = t
    t = v32 | (m32 & 0x7FFFFFFF)
    t = t - 0x100000000 if t >> 31 else t
    if t < s32max:
        s32max = t
    if v32 > u32min:
        u32min = v32
    t = v32 | m32
    if t < u32max:
        u32max = t
    t = vv | (vm & 0x8000000000000000)
    t = t - 0x10000000000000000 if t >> 63 else t
    if t > smin:
        smin = t
    t = vv | (vm & 0x7FFFFFFFFFFFFFFF)
    t = t - 0x10000000000000000 if t >> 63 else t
    if t < smax:
        smax = t
    if vv > umin:
        umin = vv
    t = vv | vm
    if t < umax:
        umax = t
    r.vv, r.vm = vv, vm
    r.smin, r.smax, r.umin, r.umax = smin, smax, umin, umax
    r.s32min, r.s32max, r.u32min, r.u32max = s32min, s32max, u32min, u32max


def sync_reference(r: Reg) -> None:
    """reg_bounds_sync step by step, as the kernel writes it (the specification of sync)."""
    update_bounds(r)
    deduce_bounds(r)
    deduce_bounds(r)
    deduce_bounds(r)
    bound_offset(r)
    update_bounds(r)


def sane(r: Reg) -> bool:
    """reg_bounds_sanity_check: False when the bounds contradict each other (a dead branch the
    kernel's range logic could not rule out); the kernel then forgets the bounds."""
    if r.umin > r.umax or r.smin > r.smax or r.u32min > r.u32max or r.s32min > r.s32max:
        return False
    if r.vm == 0:
        u = r.vv
        if r.umin != u or r.umax != u or r.smin != s64(u) or r.smax != s64(u):
            return False
    if r.vm & U32 == 0:
        u = r.vv & U32
        if r.u32min != u or r.u32max != u or r.s32min != s32(u) or r.s32max != s32(u):
            return False
    return True


def sanity_fix(r: Reg) -> None:
    if not sane(r):
        mark_unbounded(r)


def assign_32_into_64(r: Reg) -> None:
    r.umin = r.u32min
    r.umax = r.u32max
    if 0 <= r.s32min <= S32_MAX and 0 <= r.s32max <= S32_MAX:
        r.smin = r.s32min
        r.smax = r.s32max
    else:
        r.smin = 0
        r.smax = U32


def zext_32_to_64(r: Reg) -> None:
    r.vv &= U32
    r.vm &= U32
    assign_32_into_64(r)


def coerce_to_size(r: Reg, size: int) -> None:
    """Truncate to `size` bytes (< 8), as a zero-extending load does."""
    r.vv, r.vm = tnum.cast((r.vv, r.vm), size)
    mask = (1 << (size * 8)) - 1
    if (r.umin & ~mask) == (r.umax & ~mask):
        r.umin &= mask
        r.umax &= mask
    else:
        r.umin = 0
        r.umax = mask
    r.smin = r.umin
    r.smax = r.umax
    if size < 4:
        mark_unbounded32(r)
    sync(r)


def _bswap(v: int, size: int) -> int:
    return int.from_bytes((v & ((1 << (size * 8)) - 1)).to_bytes(size, "little"), "big")


def byte_swap(r: Reg, width: int, swap: bool) -> None:
    """BPF_END on a scalar, as Linux 6.18 tracks it: a conversion to little endian (this
    machine's order) truncates to `width` bits like a narrowing load (le64 changes nothing);
    a swap (be*, bswap*) swaps the bytes of the truncated tnum, and the bounds follow from
    the swapped tnum alone."""
    size = width // 8
    if not swap:
        if size < 8:
            r.id = 0
            coerce_to_size(r, size)
        return
    r.id = 0
    r.vv, r.vm = _bswap(r.vv, size), _bswap(r.vm, size)
    mark_unbounded(r)
    sync(r)


def _sext(v: int, bits: int) -> int:
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def _sext_default(r: Reg, size: int) -> None:
    bits = size * 8
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    r.smin = r.s32min = lo
    r.smax = r.s32max = hi
    r.umin = r.u32min = 0
    r.umax = U64
    r.u32max = U32
    r.vv, r.vm = tnum.UNKNOWN


def coerce_to_size_sx(r: Reg, size: int) -> None:
    """Sign-extend the low `size` bytes into all 64 bits (ldsx, movsx)."""
    bits = size * 8
    if r.vm == 0:
        c = _sext(r.vv, bits) & U64
        r.vv, r.vm = c, 0
        r.smin = r.smax = s64(c)
        r.umin = r.umax = c
        r.s32min = r.s32max = s32(c)
        r.u32min = r.u32max = c & U32
        return
    top_max = ((r.smax & U64) >> bits) << bits
    top_min = ((r.smin & U64) >> bits) << bits
    if top_max == top_min:
        a, b = _sext(r.smax, bits), _sext(r.smin, bits)
        hi, lo = max(a, b), min(a, b)
        if (hi >= 0) == (lo >= 0):
            r.s32min = r.smin = lo
            r.s32max = r.smax = hi
            r.u32min = lo & U32
            r.umin = lo & U64
            r.u32max = hi & U32
            r.umax = hi & U64
            r.vv, r.vm = tnum.trange(lo, hi)
            return
    _sext_default(r, size)


def coerce_subreg_to_size_sx(r: Reg, size: int) -> None:
    """Sign-extend the low `size` bytes into the low 32 bits (32-bit movsx)."""
    bits = size * 8
    if r.vm & U32 == 0:
        c = _sext(r.vv, bits) & U32
        r.vv, r.vm = c, 0
        r.s32min = r.s32max = s32(c)
        r.u32min = r.u32max = c
        return
    top_max = ((r.s32max & U32) >> bits) << bits
    top_min = ((r.s32min & U32) >> bits) << bits
    if top_max == top_min:
        a, b = _sext(r.s32max, bits), _sext(r.s32min, bits)
        hi, lo = max(a, b), min(a, b)
        if (hi >= 0) == (lo >= 0):
            r.s32min = lo
            r.s32max = hi
            r.u32min = lo & U32
            r.u32max = hi & U32
            r.vv, r.vm = tnum.subreg(tnum.trange(lo & U32, hi & U32))
            return
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    r.s32min, r.s32max = lo, hi
    r.u32min, r.u32max = 0, U32
    r.vv, r.vm = tnum.subreg(tnum.UNKNOWN)


# ---- ALU operations on scalars ----------------------------------------------------------------


def _add_s(a: int, b: int, lo: int, hi: int) -> tuple[int, bool]:
    v = a + b
    return v, not lo <= v <= hi


def _wrap_s(v: int, bits: int) -> int:
    return _sext(v, bits)


def _add32(d: Reg, s: Reg) -> None:
    smin = d.s32min + s.s32min
    smax = d.s32max + s.s32max
    if not (S32_MIN <= smin <= S32_MAX) or not (S32_MIN <= smax <= S32_MAX):
        d.s32min, d.s32max = S32_MIN, S32_MAX
    else:
        d.s32min, d.s32max = smin, smax
    umin = d.u32min + s.u32min
    umax = d.u32max + s.u32max
    min_ovf, max_ovf = umin > U32, umax > U32
    if not min_ovf and max_ovf:
        d.u32min, d.u32max = 0, U32
    else:
        d.u32min, d.u32max = umin & U32, umax & U32


def _add64(d: Reg, s: Reg) -> None:
    smin = d.smin + s.smin
    smax = d.smax + s.smax
    if not (S64_MIN <= smin <= S64_MAX) or not (S64_MIN <= smax <= S64_MAX):
        d.smin, d.smax = S64_MIN, S64_MAX
    else:
        d.smin, d.smax = smin, smax
    umin = d.umin + s.umin
    umax = d.umax + s.umax
    min_ovf, max_ovf = umin > U64, umax > U64
    if not min_ovf and max_ovf:
        d.umin, d.umax = 0, U64
    else:
        d.umin, d.umax = umin & U64, umax & U64


def _sub32(d: Reg, s: Reg) -> None:
    smin = d.s32min - s.s32max
    smax = d.s32max - s.s32min
    if not (S32_MIN <= smin <= S32_MAX) or not (S32_MIN <= smax <= S32_MAX):
        d.s32min, d.s32max = S32_MIN, S32_MAX
    else:
        d.s32min, d.s32max = smin, smax
    umin = d.u32min - s.u32max
    umax = d.u32max - s.u32min
    min_unf, max_unf = umin < 0, umax < 0
    if min_unf and not max_unf:
        d.u32min, d.u32max = 0, U32
    else:
        d.u32min, d.u32max = umin & U32, umax & U32


def _sub64(d: Reg, s: Reg) -> None:
    smin = d.smin - s.smax
    smax = d.smax - s.smin
    if not (S64_MIN <= smin <= S64_MAX) or not (S64_MIN <= smax <= S64_MAX):
        d.smin, d.smax = S64_MIN, S64_MAX
    else:
        d.smin, d.smax = smin, smax
    umin = d.umin - s.umax
    umax = d.umax - s.umin
    min_unf, max_unf = umin < 0, umax < 0
    if min_unf and not max_unf:
        d.umin, d.umax = 0, U64
    else:
        d.umin, d.umax = umin & U64, umax & U64


def _mul32(d: Reg, s: Reg) -> None:
    umax = d.u32max * s.u32max
    umin = d.u32min * s.u32min
    if umax > U32 or umin > U32:
        d.u32min, d.u32max = 0, U32
    else:
        d.u32min, d.u32max = umin, umax
    prods = (
        d.s32min * s.s32min,
        d.s32min * s.s32max,
        d.s32max * s.s32min,
        d.s32max * s.s32max,
    )
    if any(not S32_MIN <= p <= S32_MAX for p in prods):
        d.s32min, d.s32max = S32_MIN, S32_MAX
    else:
        d.s32min, d.s32max = min(prods), max(prods)


def _mul64(d: Reg, s: Reg) -> None:
    umax = d.umax * s.umax
    umin = d.umin * s.umin
    if umax > U64 or umin > U64:
        d.umin, d.umax = 0, U64
    else:
        d.umin, d.umax = umin, umax
    prods = (d.smin * s.smin, d.smin * s.smax, d.smax * s.smin, d.smax * s.smax)
    if any(not S64_MIN <= p <= S64_MAX for p in prods):
        d.smin, d.smax = S64_MIN, S64_MAX
    else:
        d.smin, d.smax = min(prods), max(prods)


def _signed_from_u32(d: Reg) -> None:
    if s32(d.u32min) <= s32(d.u32max):
        d.s32min, d.s32max = s32(d.u32min), s32(d.u32max)
    else:
        d.s32min, d.s32max = S32_MIN, S32_MAX


def _signed_from_u64(d: Reg) -> None:
    if s64(d.umin) <= s64(d.umax):
        d.smin, d.smax = s64(d.umin), s64(d.umax)
    else:
        d.smin, d.smax = S64_MIN, S64_MAX


def _and32(d: Reg, s: Reg) -> None:
    if s.vm & U32 == 0 and d.vm & U32 == 0:
        mark_known32(d, d.vv & U32)
        return
    d.u32min = d.vv & U32
    d.u32max = min(d.u32max, s.u32max)
    _signed_from_u32(d)


def _and64(d: Reg, s: Reg) -> None:
    if s.vm == 0 and d.vm == 0:
        mark_known(d, d.vv)
        return
    d.umin = d.vv
    d.umax = min(d.umax, s.umax)
    _signed_from_u64(d)
    update_bounds(d)


def _or32(d: Reg, s: Reg) -> None:
    if s.vm & U32 == 0 and d.vm & U32 == 0:
        mark_known32(d, d.vv & U32)
        return
    d.u32min = max(d.u32min, s.u32min)
    d.u32max = (d.vv | d.vm) & U32
    _signed_from_u32(d)


def _or64(d: Reg, s: Reg) -> None:
    if s.vm == 0 and d.vm == 0:
        mark_known(d, d.vv)
        return
    d.umin = max(d.umin, s.umin)
    d.umax = d.vv | d.vm
    _signed_from_u64(d)
    update_bounds(d)


def _xor32(d: Reg, s: Reg) -> None:
    if s.vm & U32 == 0 and d.vm & U32 == 0:
        mark_known32(d, d.vv & U32)
        return
    d.u32min = d.vv & U32
    d.u32max = (d.vv | d.vm) & U32
    _signed_from_u32(d)


def _xor64(d: Reg, s: Reg) -> None:
    if s.vm == 0 and d.vm == 0:
        mark_known(d, d.vv)
        return
    d.umin = d.vv
    d.umax = d.vv | d.vm
    _signed_from_u64(d)
    update_bounds(d)


def _lsh32_bounds(d: Reg, umin: int, umax: int) -> None:
    d.s32min, d.s32max = S32_MIN, S32_MAX
    if umax > 31 or d.u32max > (1 << (31 - umax)):
        d.u32min, d.u32max = 0, U32
    else:
        d.u32min = (d.u32min << umin) & U32
        d.u32max = (d.u32max << umax) & U32


def _lsh32(d: Reg, s: Reg) -> None:
    sub = tnum.subreg((d.vv, d.vm))
    _lsh32_bounds(d, s.u32min, s.u32max)
    d.vv, d.vm = tnum.subreg(tnum.lshift(sub, s.u32min))
    mark_unbounded64(d)
    update_bounds32(d)


def _lsh64(d: Reg, s: Reg) -> None:
    umin, umax = s.umin, s.umax
    if umin == 32 and umax == 32 and d.s32max >= 0:
        d.smax = d.s32max << 32
    else:
        d.smax = S64_MAX
    if umin == 32 and umax == 32 and d.s32min >= 0:
        d.smin = d.s32min << 32
    else:
        d.smin = S64_MIN
    if d.umax > (1 << (63 - umax)):
        d.umin, d.umax = 0, U64
    else:
        d.umin = (d.umin << umin) & U64
        d.umax = (d.umax << umax) & U64
    _lsh32_bounds(d, umin, umax)
    d.vv, d.vm = tnum.lshift((d.vv, d.vm), umin)
    update_bounds(d)


def _rsh32(d: Reg, s: Reg) -> None:
    sub = tnum.subreg((d.vv, d.vm))
    d.s32min, d.s32max = S32_MIN, S32_MAX
    d.vv, d.vm = tnum.rshift(sub, s.u32min)
    d.u32min >>= s.u32max
    d.u32max >>= s.u32min
    mark_unbounded64(d)
    update_bounds32(d)


def _rsh64(d: Reg, s: Reg) -> None:
    d.smin, d.smax = S64_MIN, S64_MAX
    d.vv, d.vm = tnum.rshift((d.vv, d.vm), s.umin)
    d.umin >>= s.umax
    d.umax >>= s.umin
    mark_unbounded32(d)
    update_bounds(d)


def _arsh32(d: Reg, s: Reg) -> None:
    sh = s.u32min
    d.s32min = s32((d.s32min >> sh) & U32)
    d.s32max = s32((d.s32max >> sh) & U32)
    d.vv, d.vm = tnum.arshift(tnum.subreg((d.vv, d.vm)), sh, 32)
    d.u32min, d.u32max = 0, U32
    mark_unbounded64(d)
    update_bounds32(d)


def _arsh64(d: Reg, s: Reg) -> None:
    sh = s.umin
    d.smin >>= sh
    d.smax >>= sh
    d.vv, d.vm = tnum.arshift((d.vv, d.vm), sh, 64)
    d.umin, d.umax = 0, U64
    mark_unbounded32(d)
    update_bounds(d)


_COMPUTABLE = frozenset({ALU_ADD, ALU_SUB, ALU_NEG, ALU_AND, ALU_XOR, ALU_OR, ALU_MUL})
_SHIFTS = frozenset({ALU_LSH, ALU_RSH, ALU_ARSH})


def _src_const(s: Reg, alu32: bool) -> bool:
    if alu32:
        return s.vm & U32 == 0 and s.s32min == s.s32max and s.u32min == s.u32max
    return s.vm == 0 and s.smin == s.smax and s.umin == s.umax


def alu_scalar(d: Reg, s: Reg, op: int, alu32: bool, precise_unknown: bool = False) -> bool:
    """adjust_scalar_min_max_vals: the result of `d = d op s` on two scalars, in place on d;
    returns whether d's bounds are consistent afterwards (sane(d)).

    `s` is not modified. Operations whose result the kernel does not track (div, mod, shifts by
    a non-constant) give an unknown scalar.
    """
    if op not in _COMPUTABLE and not (
        op in _SHIFTS and _src_const(s, alu32) and s.umax < (32 if alu32 else 64)
    ):
        mark_unknown(d, precise_unknown)
        return True
    if d.vm == 0 and s.vm == 0:
        # Two constants: the tnum is exact and every range holds the result, so the kernel's
        # range logic ends with all bounds equal to the value; compute it directly.
        value = _const_op(d.vv, s.vv, op, alu32)
        if value is not None:
            if op == ALU_NEG:
                mark_known(d, value)
            else:
                set_known(d, value)
            return True
    key = (
        op,
        alu32,
        d.vv,
        d.vm,
        d.smin,
        d.smax,
        d.umin,
        d.umax,
        d.s32min,
        d.s32max,
        d.u32min,
        d.u32max,
        s.vv,
        s.vm,
        s.smin,
        s.smax,
        s.umin,
        s.umax,
        s.s32min,
        s.s32max,
        s.u32min,
        s.u32max,
    )
    hit = _ALU_CACHE.get(key)
    if hit is not None:
        (d.vv, d.vm, d.smin, d.smax, d.umin, d.umax, d.s32min, d.s32max, d.u32min, d.u32max, ok) = (
            hit
        )
        return ok
    _alu_compute(d, s, op, alu32)
    ok = sane(d)
    if len(_ALU_CACHE) >= _ALU_CACHE_MAX:
        _ALU_CACHE.clear()
    _ALU_CACHE[key] = (
        d.vv,
        d.vm,
        d.smin,
        d.smax,
        d.umin,
        d.umax,
        d.s32min,
        d.s32max,
        d.u32min,
        d.u32max,
        ok,
    )
    return ok


# The result of a scalar ALU operation depends only on the numbers of its operands, and
# loops repeat the same operations on the same abstract values: remembering results makes
# a long walk several times faster.
_ALU_CACHE: dict[tuple[int | bool, ...], tuple[Any, ...]] = {}  # numbers of d, then sane
_ALU_CACHE_MAX = 1 << 16


def clear_caches() -> None:
    _ALU_CACHE.clear()
    _SYNC_CACHE.clear()


def _alu_compute(d: Reg, s: Reg, op: int, alu32: bool) -> None:
    if op == ALU_ADD:
        _add32(d, s)
        _add64(d, s)
        d.vv, d.vm = tnum.add((d.vv, d.vm), (s.vv, s.vm))
    elif op == ALU_SUB:
        _sub32(d, s)
        _sub64(d, s)
        d.vv, d.vm = tnum.sub((d.vv, d.vm), (s.vv, s.vm))
    elif op == ALU_NEG:
        old = d.copy()
        mark_known(d, 0)
        _sub32(d, old)
        _sub64(d, old)
        d.vv, d.vm = tnum.neg((old.vv, old.vm))
    elif op == ALU_MUL:
        d.vv, d.vm = tnum.mul((d.vv, d.vm), (s.vv, s.vm))
        _mul32(d, s)
        _mul64(d, s)
    elif op == ALU_AND:
        d.vv, d.vm = tnum.tand((d.vv, d.vm), (s.vv, s.vm))
        _and32(d, s)
        _and64(d, s)
    elif op == ALU_OR:
        d.vv, d.vm = tnum.tor((d.vv, d.vm), (s.vv, s.vm))
        _or32(d, s)
        _or64(d, s)
    elif op == ALU_XOR:
        d.vv, d.vm = tnum.xor((d.vv, d.vm), (s.vv, s.vm))
        _xor32(d, s)
        _xor64(d, s)
    elif op == ALU_LSH:
        (_lsh32 if alu32 else _lsh64)(d, s)
    elif op == ALU_RSH:
        (_rsh32 if alu32 else _rsh64)(d, s)
    elif op == ALU_ARSH:
        (_arsh32 if alu32 else _arsh64)(d, s)
    if alu32:
        zext_32_to_64(d)
    sync(d)


def _const_op(a: int, b: int, op: int, alu32: bool) -> int | None:
    if alu32:
        a &= U32
        b &= U32
        mask = U32
        bits = 32
    else:
        mask = U64
        bits = 64
    if op == ALU_ADD:
        v = a + b
    elif op == ALU_SUB:
        v = a - b
    elif op == ALU_MUL:
        v = a * b
    elif op == ALU_AND:
        v = a & b
    elif op == ALU_OR:
        v = a | b
    elif op == ALU_XOR:
        v = a ^ b
    elif op == ALU_NEG:
        v = -a
    elif op == ALU_LSH:
        v = a << b
    elif op == ALU_RSH:
        v = a >> b
    elif op == ALU_ARSH:
        v = _sext(a, bits) >> b
    else:
        return None
    return v & mask


def add_const(d: Reg, delta: int) -> None:
    """d += delta on the numbers of d (used to re-derive linked registers)."""
    k = Reg()
    k.type = SCALAR
    set_known(k, delta)
    _add32(d, k)
    _add64(d, k)
    d.vv, d.vm = tnum.add((d.vv, d.vm), (k.vv, k.vm))


# ---- conditional jumps -------------------------------------------------------------------------

FLIP = {
    JMP_JEQ: JMP_JEQ,
    JMP_JNE: JMP_JNE,
    JMP_JSET: JMP_JSET,
    JMP_JGE: JMP_JLE,
    JMP_JGT: JMP_JLT,
    JMP_JLE: JMP_JGE,
    JMP_JLT: JMP_JGT,
    JMP_JSGE: JMP_JSLE,
    JMP_JSGT: JMP_JSLT,
    JMP_JSLE: JMP_JSGE,
    JMP_JSLT: JMP_JSGT,
}

# The negation of JSET has no opcode; like the kernel we mark it with the X bit.
JSET_NOT = int(JMP_JSET) | 0x08

REVERSE = {
    JMP_JEQ: JMP_JNE,
    JMP_JNE: JMP_JEQ,
    JMP_JSET: JSET_NOT,
    JSET_NOT: JMP_JSET,
    JMP_JGE: JMP_JLT,
    JMP_JGT: JMP_JLE,
    JMP_JLE: JMP_JGT,
    JMP_JLT: JMP_JGE,
    JMP_JSGE: JMP_JSLT,
    JMP_JSGT: JMP_JSLE,
    JMP_JSLE: JMP_JSGT,
    JMP_JSLT: JMP_JSGE,
}


def is_const(r: Reg, is32: bool) -> bool:
    if r.type != SCALAR:
        return False
    return (r.vm & U32) == 0 if is32 else r.vm == 0


def const_value(r: Reg, is32: bool) -> int:
    return r.vv & U32 if is32 else r.vv


def scalar_branch_taken(r1: Reg, r2: Reg, op: int, is32: bool) -> int:
    """1 if `r1 op r2` is always true, 0 if always false, -1 if it depends."""
    if is32:
        t1 = (r1.vv & U32, r1.vm & U32)
        t2 = (r2.vv & U32, r2.vm & U32)
        umin1, umax1, smin1, smax1 = r1.u32min, r1.u32max, r1.s32min, r1.s32max
        umin2, umax2, smin2, smax2 = r2.u32min, r2.u32max, r2.s32min, r2.s32max
    else:
        t1 = (r1.vv, r1.vm)
        t2 = (r2.vv, r2.vm)
        umin1, umax1, smin1, smax1 = r1.umin, r1.umax, r1.smin, r1.smax
        umin2, umax2, smin2, smax2 = r2.umin, r2.umax, r2.smin, r2.smax
    if op in (JMP_JEQ, JMP_JNE):
        eq = op == JMP_JEQ
        if t1[1] == 0 and t2[1] == 0:
            return int((t1[0] == t2[0]) == eq)
        differ = (
            not tnum.overlap(t1, t2)
            or umin1 > umax2
            or umax1 < umin2
            or smin1 > smax2
            or smax1 < smin2
            or (
                not is32
                and (
                    r1.u32min > r2.u32max
                    or r1.u32max < r2.u32min
                    or r1.s32min > r2.s32max
                    or r1.s32max < r2.s32min
                )
            )
        )
        if differ:
            return 0 if eq else 1
        return -1
    if op == JMP_JSET:
        if not is_const(r2, is32):
            r1, r2 = r2, r1
            t1, t2 = t2, t1
        if not is_const(r2, is32):
            return -1
        if (~t1[1] & t1[0]) & t2[0]:
            return 1
        if not ((t1[1] | t1[0]) & t2[0]):
            return 0
        return -1
    if op == JMP_JGT:
        if umin1 > umax2:
            return 1
        if umax1 <= umin2:
            return 0
    elif op == JMP_JSGT:
        if smin1 > smax2:
            return 1
        if smax1 <= smin2:
            return 0
    elif op == JMP_JLT:
        if umax1 < umin2:
            return 1
        if umin1 >= umax2:
            return 0
    elif op == JMP_JSLT:
        if smax1 < smin2:
            return 1
        if smin1 >= smax2:
            return 0
    elif op == JMP_JGE:
        if umin1 >= umax2:
            return 1
        if umax1 < umin2:
            return 0
    elif op == JMP_JSGE:
        if smin1 >= smax2:
            return 1
        if smax1 < smin2:
            return 0
    elif op == JMP_JLE:
        if umax1 <= umin2:
            return 1
        if umin1 > umax2:
            return 0
    elif op == JMP_JSLE:
        if smax1 <= smin2:
            return 1
        if smin1 > smax2:
            return 0
    return -1


def refine_cond(r1: Reg, r2: Reg, op: int, is32: bool) -> None:
    """regs_refine_cond_op: narrow r1 and r2 given that `r1 op r2` holds."""
    if op in (JMP_JGE, JMP_JGT, JMP_JSGE, JMP_JSGT):
        op = FLIP[op]
        r1, r2 = r2, r1
    if op == JMP_JEQ:
        if is32:
            r1.u32min = max(r1.u32min, r2.u32min)
            r1.u32max = min(r1.u32max, r2.u32max)
            r1.s32min = max(r1.s32min, r2.s32min)
            r1.s32max = min(r1.s32max, r2.s32max)
            r2.u32min, r2.u32max = r1.u32min, r1.u32max
            r2.s32min, r2.s32max = r1.s32min, r1.s32max
            t = tnum.intersect(tnum.subreg((r1.vv, r1.vm)), tnum.subreg((r2.vv, r2.vm)))
            r1.vv, r1.vm = tnum.with_subreg((r1.vv, r1.vm), t)
            r2.vv, r2.vm = tnum.with_subreg((r2.vv, r2.vm), t)
        else:
            r1.umin = max(r1.umin, r2.umin)
            r1.umax = min(r1.umax, r2.umax)
            r1.smin = max(r1.smin, r2.smin)
            r1.smax = min(r1.smax, r2.smax)
            r2.umin, r2.umax = r1.umin, r1.umax
            r2.smin, r2.smax = r1.smin, r1.smax
            r1.vv, r1.vm = tnum.intersect((r1.vv, r1.vm), (r2.vv, r2.vm))
            r2.vv, r2.vm = r1.vv, r1.vm
    elif op == JMP_JNE:
        if not is_const(r2, is32):
            r1, r2 = r2, r1
        if not is_const(r2, is32):
            return
        val = const_value(r2, is32)
        if is32:
            if r1.u32min == val:
                r1.u32min += 1
            if r1.u32max == val:
                r1.u32max -= 1
            if r1.s32min == s32(val):
                r1.s32min += 1
            if r1.s32max == s32(val):
                r1.s32max -= 1
        else:
            if r1.umin == val:
                r1.umin += 1
            if r1.umax == val:
                r1.umax -= 1
            if r1.smin == s64(val):
                r1.smin += 1
            if r1.smax == s64(val):
                r1.smax -= 1
    elif op == JMP_JSET:
        if not is_const(r2, is32):
            r1, r2 = r2, r1
        if not is_const(r2, is32):
            return
        val = const_value(r2, is32)
        if val == 0 or val & (val - 1):
            return
        if is32:
            t = tnum.tor(tnum.subreg((r1.vv, r1.vm)), (val, 0))
            r1.vv, r1.vm = tnum.with_subreg((r1.vv, r1.vm), t)
        else:
            r1.vv, r1.vm = tnum.tor((r1.vv, r1.vm), (val, 0))
    elif op == JSET_NOT:
        if not is_const(r2, is32):
            r1, r2 = r2, r1
        if not is_const(r2, is32):
            return
        val = const_value(r2, is32)
        mark_unbounded(r1)
        if is32:
            t = tnum.tand(tnum.subreg((r1.vv, r1.vm)), (~val & U64, 0))
            r1.vv, r1.vm = tnum.with_subreg((r1.vv, r1.vm), t)
        else:
            r1.vv, r1.vm = tnum.tand((r1.vv, r1.vm), (~val & U64, 0))
    elif op == JMP_JLE:
        if is32:
            r1.u32max = min(r1.u32max, r2.u32max)
            r2.u32min = max(r1.u32min, r2.u32min)
        else:
            r1.umax = min(r1.umax, r2.umax)
            r2.umin = max(r1.umin, r2.umin)
    elif op == JMP_JLT:
        if is32:
            r1.u32max = min(r1.u32max, (r2.u32max - 1) & U32)
            r2.u32min = max((r1.u32min + 1) & U32, r2.u32min)
        else:
            r1.umax = min(r1.umax, (r2.umax - 1) & U64)
            r2.umin = max((r1.umin + 1) & U64, r2.umin)
    elif op == JMP_JSLE:
        if is32:
            r1.s32max = min(r1.s32max, r2.s32max)
            r2.s32min = max(r1.s32min, r2.s32min)
        else:
            r1.smax = min(r1.smax, r2.smax)
            r2.smin = max(r1.smin, r2.smin)
    elif op == JMP_JSLT:
        if is32:
            r1.s32max = min(r1.s32max, _wrap_s(r2.s32max - 1, 32))
            r2.s32min = max(_wrap_s(r1.s32min + 1, 32), r2.s32min)
        else:
            r1.smax = min(r1.smax, _wrap_s(r2.smax - 1, 64))
            r2.smin = max(_wrap_s(r1.smin + 1, 64), r2.smin)


def set_min_max_k(true1: Reg, false1: Reg, k: Reg, op: int, is32: bool) -> None:
    """set_min_max for `if r1 op K`: the constant's side is a scratch register on each
    branch, refined and then dropped, so only r1's sides are synced and checked."""
    if false1.type != SCALAR:
        return
    refine_cond(false1, k.copy(), REVERSE[op], is32)
    sync(false1)
    refine_cond(true1, k.copy(), op, is32)
    sync(true1)
    sanity_fix(true1)
    sanity_fix(false1)


def set_min_max(true1: Reg, true2: Reg, false1: Reg, false2: Reg, op: int, is32: bool) -> None:
    """reg_set_min_max: refine both branches of `if r1 op r2` (scalars only)."""
    if false1.type != SCALAR or false2.type != SCALAR:
        return
    refine_cond(false1, false2, REVERSE[op], is32)
    sync(false1)
    sync(false2)
    refine_cond(true1, true2, op, is32)
    sync(true1)
    sync(true2)
    for r in (true1, true2, false1, false2):
        sanity_fix(r)
