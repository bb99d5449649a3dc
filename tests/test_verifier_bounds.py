"""Scalar tracking, property by property: every abstract operation keeps every concrete value
its inputs allowed (soundness), the fused reg_bounds_sync equals the kernel's step-by-step
version, and branch decisions are never wrong."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ebpy.isa import AluOp, JmpOp
from ebpy.verifier import bounds, tnum
from ebpy.verifier.regs import SCALAR, Reg, s32, s64

U64 = (1 << 64) - 1
U32 = (1 << 32) - 1


@st.composite
def abstract(draw: st.DrawFn) -> tuple[Reg, int]:
    """A scalar register and one concrete value it allows."""
    x = draw(st.one_of(st.integers(0, U64), st.sampled_from([0, 1, U64, 1 << 63, U32, 1 << 31])))
    r = Reg()
    r.type = SCALAR
    mask = draw(st.one_of(st.just(0), st.just(U64), st.integers(0, U64), st.integers(0, 255)))
    r.vv, r.vm = x & ~mask, mask
    r.umin = draw(st.integers(0, x))
    r.umax = draw(st.integers(x, U64))
    sx = s64(x)
    r.smin = draw(st.integers(-(1 << 63), sx))
    r.smax = draw(st.integers(sx, (1 << 63) - 1))
    lo = x & U32
    r.u32min = draw(st.integers(0, lo))
    r.u32max = draw(st.integers(lo, U32))
    r.s32min = draw(st.integers(-(1 << 31), s32(lo)))
    r.s32max = draw(st.integers(s32(lo), (1 << 31) - 1))
    bounds.sync(r)
    return r, x


def contains(r: Reg, v: int) -> bool:
    v &= U64
    lo = v & U32
    return (
        tnum.tin((r.vv, r.vm), (v, 0))
        and r.umin <= v <= r.umax
        and r.smin <= s64(v) <= r.smax
        and r.u32min <= lo <= r.u32max
        and r.s32min <= s32(lo) <= r.s32max
    )


def concrete(op: int, a: int, b: int, alu32: bool) -> int:
    bits = 32 if alu32 else 64
    mask = (1 << bits) - 1
    a &= mask
    b &= mask
    if op == AluOp.ADD:
        v = a + b
    elif op == AluOp.SUB:
        v = a - b
    elif op == AluOp.MUL:
        v = a * b
    elif op == AluOp.AND:
        v = a & b
    elif op == AluOp.OR:
        v = a | b
    elif op == AluOp.XOR:
        v = a ^ b
    elif op == AluOp.LSH:
        v = a << b
    elif op == AluOp.RSH:
        v = a >> b
    elif op == AluOp.ARSH:
        v = (a - (1 << bits) if a >> (bits - 1) else a) >> b
    elif op == AluOp.DIV:
        v = a // b if b else 0
    elif op == AluOp.MOD:
        v = a % b if b else a
    else:
        raise AssertionError(op)
    return v & mask


@given(abstract())
@settings(max_examples=200, deadline=None)
def test_abstract_values_contain_their_member(rx: tuple[Reg, int]) -> None:
    r, x = rx
    assert contains(r, x) or not bounds.sane(r)


@given(abstract())
@settings(max_examples=200, deadline=None)
def test_fused_sync_equals_kernel_steps(rx: tuple[Reg, int]) -> None:
    r, _ = rx
    r.umax = min(U64, r.umax + 5)  # loosen so that there is something to learn
    a, b = r.copy(), r.copy()
    bounds.clear_caches()
    bounds.sync(a)
    bounds.sync_reference(b)
    assert a.same_numbers(b), (a, b)


OPS = [AluOp.ADD, AluOp.SUB, AluOp.MUL, AluOp.AND, AluOp.OR, AluOp.XOR, AluOp.DIV, AluOp.MOD]


@given(abstract(), abstract(), st.sampled_from(OPS), st.booleans())
@settings(max_examples=300, deadline=None)
def test_alu_is_sound(dx: tuple[Reg, int], sx: tuple[Reg, int], op: int, alu32: bool) -> None:
    (d, a), (s, b) = dx, sx
    if not (bounds.sane(d) and bounds.sane(s)):
        return
    bounds.alu_scalar(d, s, op, alu32)
    assert contains(d, concrete(op, a, b, alu32)), (op, alu32, a, b, d)


@given(abstract(), st.integers(0, 63), st.sampled_from([AluOp.LSH, AluOp.RSH, AluOp.ARSH]))
@settings(max_examples=200, deadline=None)
def test_shifts_by_constant_are_sound(dx: tuple[Reg, int], k: int, op: int) -> None:
    d, a = dx
    if not bounds.sane(d):
        return
    for alu32 in (False, True):
        if alu32 and k >= 32:
            continue
        r = d.copy()
        s = Reg()
        s.type = SCALAR
        from ebpy.verifier.regs import mark_known

        mark_known(s, k)
        bounds.alu_scalar(r, s, op, alu32)
        assert contains(r, concrete(op, a, k, alu32)), (op, alu32, a, k, r)


@given(abstract(), st.sampled_from([16, 32, 64]), st.booleans())
@settings(max_examples=300, deadline=None)
def test_byte_swap_is_sound(dx: tuple[Reg, int], width: int, swap: bool) -> None:
    d, a = dx
    if not bounds.sane(d):
        return
    bounds.byte_swap(d, width, swap)
    n = width // 8
    low = a & ((1 << width) - 1)
    want = int.from_bytes(low.to_bytes(n, "little"), "big") if swap else low
    assert contains(d, want)


JMPS = [
    JmpOp.JEQ,
    JmpOp.JNE,
    JmpOp.JGT,
    JmpOp.JGE,
    JmpOp.JLT,
    JmpOp.JLE,
    JmpOp.JSGT,
    JmpOp.JSGE,
    JmpOp.JSLT,
    JmpOp.JSLE,
    JmpOp.JSET,
]


def holds(op: int, a: int, b: int, is32: bool) -> bool:
    bits = 32 if is32 else 64
    mask = (1 << bits) - 1
    a &= mask
    b &= mask

    def sg(v: int) -> int:
        return v - (1 << bits) if v >> (bits - 1) else v

    return {
        JmpOp.JEQ: a == b,
        JmpOp.JNE: a != b,
        JmpOp.JGT: a > b,
        JmpOp.JGE: a >= b,
        JmpOp.JLT: a < b,
        JmpOp.JLE: a <= b,
        JmpOp.JSGT: sg(a) > sg(b),
        JmpOp.JSGE: sg(a) >= sg(b),
        JmpOp.JSLT: sg(a) < sg(b),
        JmpOp.JSLE: sg(a) <= sg(b),
        JmpOp.JSET: bool(a & b),
    }[op]


@given(abstract(), abstract(), st.sampled_from(JMPS), st.booleans())
@settings(max_examples=300, deadline=None)
def test_branch_decisions_and_refinements_are_sound(
    ax: tuple[Reg, int], bx: tuple[Reg, int], op: int, is32: bool
) -> None:
    (r1, a), (r2, b) = ax, bx
    if not (bounds.sane(r1) and bounds.sane(r2)):
        return
    truth = holds(op, a, b, is32)
    taken = bounds.scalar_branch_taken(r1, r2, op, is32)
    assert taken in (-1, int(truth)), (op, is32, a, b, r1, r2)
    t1, t2, f1, f2 = r1.copy(), r2.copy(), r1.copy(), r2.copy()
    bounds.set_min_max(t1, t2, f1, f2, op, is32)
    kept1, kept2 = (t1, t2) if truth else (f1, f2)
    assert contains(kept1, a) and contains(kept2, b), (op, is32, a, b, kept1, kept2)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0x1234, 0x3412), (0xFF0F, 0x0FFF)],
)
def test_byte_swap_of_constants(value: int, text: int) -> None:
    r = Reg()
    r.type = SCALAR
    from ebpy.verifier.regs import mark_known

    mark_known(r, value)
    bounds.byte_swap(r, 16, True)
    assert (r.vv, r.vm, r.umin, r.umax) == (text, 0, text, text)
