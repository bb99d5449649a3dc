"""Tristate numbers: the bits of a 64-bit value that are known 0, known 1, or unknown.

A tnum is a pair (value, mask): bits set in `mask` are unknown, the other bits are those of
`value` (value & mask is always 0). The operations follow the kernel's kernel/bpf/tnum.c so our
abstract values agree with the kernel verifier's bit for bit.
"""

from __future__ import annotations

U64 = (1 << 64) - 1
U32 = (1 << 32) - 1

Tnum = tuple[int, int]

UNKNOWN: Tnum = (0, U64)


def const(value: int) -> Tnum:
    return (value & U64, 0)


def trange(lo: int, hi: int) -> Tnum:
    """The smallest tnum holding every value in [lo, hi] (unsigned)."""
    lo &= U64
    hi &= U64
    bits = (lo ^ hi).bit_length()
    if bits > 63:
        return UNKNOWN
    delta = (1 << bits) - 1
    return (lo & ~delta & U64, delta)


def lshift(a: Tnum, shift: int) -> Tnum:
    return ((a[0] << shift) & U64, (a[1] << shift) & U64)


def rshift(a: Tnum, shift: int) -> Tnum:
    return (a[0] >> shift, a[1] >> shift)


def _s(v: int, bits: int) -> int:
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def arshift(a: Tnum, shift: int, bits: int) -> Tnum:
    """Arithmetic shift right of a `bits`-wide tnum (the mask's sign bit spreads too)."""
    m = (1 << bits) - 1
    return ((_s(a[0], bits) >> shift) & m, (_s(a[1], bits) >> shift) & m)


def add(a: Tnum, b: Tnum) -> Tnum:
    sm = (a[1] + b[1]) & U64
    sv = (a[0] + b[0]) & U64
    sigma = (sm + sv) & U64
    chi = sigma ^ sv
    mu = chi | a[1] | b[1]
    return (sv & ~mu & U64, mu)


def sub(a: Tnum, b: Tnum) -> Tnum:
    dv = (a[0] - b[0]) & U64
    alpha = (dv + a[1]) & U64
    beta = (dv - b[1]) & U64
    chi = alpha ^ beta
    mu = chi | a[1] | b[1]
    return (dv & ~mu & U64, mu)


def neg(a: Tnum) -> Tnum:
    return sub((0, 0), a)


def tand(a: Tnum, b: Tnum) -> Tnum:
    alpha = a[0] | a[1]
    beta = b[0] | b[1]
    v = a[0] & b[0]
    return (v, alpha & beta & ~v & U64)


def tor(a: Tnum, b: Tnum) -> Tnum:
    v = a[0] | b[0]
    mu = a[1] | b[1]
    return (v, mu & ~v & U64)


def xor(a: Tnum, b: Tnum) -> Tnum:
    v = a[0] ^ b[0]
    mu = a[1] | b[1]
    return (v & ~mu & U64, mu)


def mul(a: Tnum, b: Tnum) -> Tnum:
    acc_v = (a[0] * b[0]) & U64
    acc_m: Tnum = (0, 0)
    av, am = a
    bv, bm = b
    while av or am:
        if av & 1:
            acc_m = add(acc_m, (0, bm))
        elif am & 1:
            acc_m = add(acc_m, (0, bv | bm))
        av >>= 1
        am >>= 1
        bv = (bv << 1) & U64
        bm = (bm << 1) & U64
    return add((acc_v, 0), acc_m)


def overlap(a: Tnum, b: Tnum) -> bool:
    """True when the bits both know agree (the two sets may share a value)."""
    mu = ~a[1] & ~b[1] & U64
    return (a[0] & mu) == (b[0] & mu)


def intersect(a: Tnum, b: Tnum) -> Tnum:
    v = a[0] | b[0]
    mu = a[1] & b[1]
    return (v & ~mu & U64, mu)


def cast(a: Tnum, size: int) -> Tnum:
    m = (1 << (size * 8)) - 1
    return (a[0] & m, a[1] & m)


def is_aligned(a: Tnum, size: int) -> bool:
    if not size:
        return True
    return not ((a[0] | a[1]) & (size - 1))


def tin(a: Tnum, b: Tnum) -> bool:
    """True when every value of `b` is a value of `a`."""
    if b[1] & ~a[1] & U64:
        return False
    return a[0] == (b[0] & ~a[1] & U64)


def subreg(a: Tnum) -> Tnum:
    return (a[0] & U32, a[1] & U32)


def clear_subreg(a: Tnum) -> Tnum:
    return (a[0] & ~U32 & U64, a[1] & ~U32 & U64)


def with_subreg(reg: Tnum, sub32: Tnum) -> Tnum:
    return tor(clear_subreg(reg), subreg(sub32))


def const_subreg(a: Tnum, value: int) -> Tnum:
    return with_subreg(a, (value & U32, 0))


def is_const(a: Tnum) -> bool:
    return a[1] == 0


def subreg_is_const(a: Tnum) -> bool:
    return (a[1] & U32) == 0


def fmt(a: Tnum) -> str:
    return f"({a[0]:#x}; {a[1]:#x})"
