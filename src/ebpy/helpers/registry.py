"""Helper implementations by kernel id, shared by the interpreter and the JIT's slow path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ebpy.spec.helper_ids import HELPER_IDS
from ebpy.spec.types import ProgramType

HelperFn = Callable[..., int]
HELPERS: dict[int, HelperFn] = {}
# Helpers ebpy can give only to some program types (the rest refuse them at load, not at run).
PROGRAM_TYPES: dict[int, frozenset[ProgramType]] = {}


def helper(
    name: str, program_types: Iterable[ProgramType] | None = None
) -> Callable[[HelperFn], HelperFn]:
    """Register `fn(env, r1, r2, r3, r4, r5) -> int` as the kernel helper `name`, for every
    program type or only `program_types`."""
    hid = HELPER_IDS[name]

    def register(fn: HelperFn) -> HelperFn:
        HELPERS[hid] = fn
        if program_types is not None:
            PROGRAM_TYPES[hid] = frozenset(program_types)
        return fn

    return register


def provides(hid: int, program_type: ProgramType | None) -> bool:
    """Can the userspace engines give helper `hid` to a program of `program_type`?"""
    if hid not in HELPERS:
        return False
    only = PROGRAM_TYPES.get(hid)
    return only is None or program_type in only


def bind(env: Any, ids: Iterable[int] | None = None) -> dict[int, Callable[..., int]]:
    """Helpers bound to `env`, as the engines call them: h(r1, r2, r3, r4, r5) -> int."""
    wanted = HELPERS if ids is None else {i: HELPERS[i] for i in ids if i in HELPERS}
    return {hid: _bound(fn, env) for hid, fn in wanted.items()}


def _bound(fn: HelperFn, env: Any) -> Callable[..., int]:
    def call(r1: int = 0, r2: int = 0, r3: int = 0, r4: int = 0, r5: int = 0) -> int:
        return fn(env, r1, r2, r3, r4, r5)

    call.__name__ = fn.__name__
    return call
