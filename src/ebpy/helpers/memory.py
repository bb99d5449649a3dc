"""Reading memory the program does not own, checksums, string compares."""

from __future__ import annotations

import errno
from typing import Any

from ebpy.errors import MemoryFault
from ebpy.helpers.registry import helper

M32 = (1 << 32) - 1


def _read_into(env: Any, dst: int, size: int, src: int, user: bool) -> int:
    try:
        data = env.read_user(src, size) if user else env.read(src, size)
    except MemoryFault:
        data = b""
    if len(data) != size:  # user_memory gives the readable prefix: a fault part way
        env.write(dst, bytes(size))
        return -errno.EFAULT
    env.write(dst, data)
    return 0


def _read_str_into(env: Any, dst: int, size: int, src: int, user: bool) -> int:
    if size == 0:
        return 0
    try:
        if user and env.user_memory is not None:
            chunk = env.user_memory(src, size)
            nul = chunk.find(b"\0")
            if nul < 0 and len(chunk) < size:  # unreadable before the string ended
                raise MemoryFault(-1, src + len(chunk), 1, "user memory")
            raw = chunk if nul < 0 else chunk[:nul]
        else:
            raw = env.space.read_cstr(src, size)
    except MemoryFault:
        env.write(dst, bytes(size))
        return -errno.EFAULT
    raw = raw[: size - 1]
    env.write(dst, raw + b"\0")
    return len(raw) + 1


@helper("bpf_probe_read")
def probe_read(env: Any, dst: int, size: int, src: int, *_: int) -> int:
    return _read_into(env, dst, size, src, user=False)


@helper("bpf_probe_read_kernel")
def probe_read_kernel(env: Any, dst: int, size: int, src: int, *_: int) -> int:
    return _read_into(env, dst, size, src, user=False)


@helper("bpf_probe_read_user")
def probe_read_user(env: Any, dst: int, size: int, src: int, *_: int) -> int:
    return _read_into(env, dst, size, src, user=True)


@helper("bpf_probe_read_str")
def probe_read_str(env: Any, dst: int, size: int, src: int, *_: int) -> int:
    return _read_str_into(env, dst, size, src, user=False)


@helper("bpf_probe_read_kernel_str")
def probe_read_kernel_str(env: Any, dst: int, size: int, src: int, *_: int) -> int:
    return _read_str_into(env, dst, size, src, user=False)


@helper("bpf_probe_read_user_str")
def probe_read_user_str(env: Any, dst: int, size: int, src: int, *_: int) -> int:
    return _read_str_into(env, dst, size, src, user=True)


def csum_fold32(total: int) -> int:
    while total >> 32:
        total = (total & M32) + (total >> 32)
    return total


def csum_fold16(total: int) -> int:
    """csum_from32to16: a 32-bit ones'-complement sum folded to 16 bits (not inverted)."""
    total = (total & 0xFFFF) + (total >> 16)
    return (total & 0xFFFF) + (total >> 16)


@helper("bpf_csum_diff")
def csum_diff(env: Any, src: int, src_size: int, dst: int, dst_size: int, seed: int) -> int:
    """~from words plus to words plus seed, with end-around carry (the kernel's csum_partial),
    folded to 16 bits (csum_from32to16): the same answer on every architecture since Linux
    6.13, where it used to be the architecture's 32-bit partial sum."""
    if (src_size | dst_size) & 3 or src_size + dst_size > 512:
        return -errno.EINVAL
    old = env.read(src, src_size) if src_size else b""
    new = env.read(dst, dst_size) if dst_size else b""
    total = seed & M32
    for j in range(0, src_size, 4):
        total += ~int.from_bytes(old[j : j + 4], "little") & M32
    for j in range(0, dst_size, 4):
        total += int.from_bytes(new[j : j + 4], "little")
    return csum_fold16(csum_fold32(total))


@helper("bpf_strncmp")
def strncmp(env: Any, s1: int, s1_size: int, s2: int, *_: int) -> int:
    a = env.read(s1, s1_size)
    b = env.space.read_cstr(s2, s1_size + 1)
    for x, y in zip(a + b"\0", b + b"\0"):
        if x != y:
            return -1 if x < y else 1
        if x == 0:
            return 0
    return 0
