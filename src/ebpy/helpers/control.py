"""Helpers that run program code: bpf_loop; and spin locks."""

from __future__ import annotations

import errno
from typing import Any

from ebpy.helpers.registry import helper

BPF_MAX_LOOPS = 1 << 23


@helper("bpf_loop")
def loop(env: Any, nr_loops: int, callback: int, callback_ctx: int, flags: int, *_: int) -> int:
    if flags:
        return -errno.EINVAL
    if nr_loops > BPF_MAX_LOOPS:
        return -errno.E2BIG
    call = env.call_function
    for i in range(nr_loops):
        if call(callback, i, callback_ctx) & 0xFFFFFFFFFFFFFFFF:
            return i + 1
    return nr_loops


@helper("bpf_spin_lock")
def spin_lock(env: Any, lock: int, *_: int) -> int:
    # Programs on a userspace engine run one at a time per collection (the GIL or the JIT's
    # caller); the lock word is still set so a program inspecting it sees a held lock.
    env.write(lock, (1).to_bytes(4, "little"))
    return 0


@helper("bpf_spin_unlock")
def spin_unlock(env: Any, lock: int, *_: int) -> int:
    env.write(lock, bytes(4))
    return 0
