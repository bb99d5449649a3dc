"""Helper implementations by kernel id, shared by the interpreter and the JIT's slow path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
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


Reader = Callable[[int, int], bytes]
# Helpers that prepare per-environment state once (cached map records) and return the
# function the engines call; `make(env, read)` where read(address, size) -> bytes is checked.
FACTORIES: dict[int, Callable[[Any, Reader], Callable[..., int]]] = {}


def bound_helper(
    name: str, program_types: Iterable[ProgramType] | None = None
) -> Callable[
    [Callable[[Any, Reader], Callable[..., int]]], Callable[[Any, Reader], Callable[..., int]]
]:
    """Register `make(env, read) -> h(r1, r2, r3, r4, r5)` as the kernel helper `name`: the
    engines call what `make` returns (see `bind`); HELPERS gets the same code, made per call."""

    def register(
        make: Callable[[Any, Reader], Callable[..., int]],
    ) -> Callable[[Any, Reader], Callable[..., int]]:
        def unbound(env: Any, *regs: int) -> int:
            return make(env, env.read)(*regs)

        unbound.__name__ = make.__name__
        helper(name, program_types)(unbound)
        FACTORIES[HELPER_IDS[name]] = make
        return make

    return register


def bind(
    env: Any, ids: Iterable[int] | None = None, read: Reader | None = None
) -> dict[int, Callable[..., int]]:
    """Helpers bound to `env`, as the engines call them: h(r1, r2, r3, r4, r5) -> int.

    `read` is the engine's fastest checked read of program memory (default `env.read`); it
    must fault exactly as env.read does."""
    wanted = HELPERS if ids is None else {i: HELPERS[i] for i in ids if i in HELPERS}
    reader = env.read if read is None else read
    out: dict[int, Callable[..., int]] = {}
    for hid, fn in wanted.items():
        make = FACTORIES.get(hid)
        # partial is C: one Python frame less per helper call than a closure.
        out[hid] = make(env, reader) if make is not None else partial(fn, env)
    return out
