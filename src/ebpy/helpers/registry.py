"""Helper implementations by kernel id, shared by the interpreter and the JIT's slow path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ebpy.spec.helper_ids import HELPER_IDS

HelperFn = Callable[..., int]
HELPERS: dict[int, HelperFn] = {}


def helper(name: str) -> Callable[[HelperFn], HelperFn]:
    """Register `fn(env, r1, r2, r3, r4, r5) -> int` as the kernel helper `name`."""
    hid = HELPER_IDS[name]

    def register(fn: HelperFn) -> HelperFn:
        HELPERS[hid] = fn
        return fn

    return register


def bind(env: Any, ids: Iterable[int] | None = None) -> dict[int, Callable[..., int]]:
    """Helpers bound to `env`, as the engines call them: h(r1, r2, r3, r4, r5) -> int."""
    wanted = HELPERS if ids is None else {i: HELPERS[i] for i in ids if i in HELPERS}
    return {hid: _bound(fn, env) for hid, fn in wanted.items()}


def _bound(fn: HelperFn, env: Any) -> Callable[..., int]:
    def call(r1: int = 0, r2: int = 0, r3: int = 0, r4: int = 0, r5: int = 0) -> int:
        return fn(env, r1, r2, r3, r4, r5)

    call.__name__ = fn.__name__
    return call
