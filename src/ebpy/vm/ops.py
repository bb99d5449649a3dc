"""Primitive operations the generated code calls: typed memory access, byte swaps, signed division."""

from __future__ import annotations

import struct
from collections.abc import Callable

M64 = (1 << 64) - 1
M32 = (1 << 32) - 1


def _pair(fmt: str) -> tuple[Callable[..., tuple[int, ...]], Callable[..., None]]:
    s = struct.Struct(fmt)
    return s.unpack_from, s.pack_into


L8, S8 = _pair("<B")
L16, S16 = _pair("<H")
L32, S32 = _pair("<I")
L64, S64 = _pair("<Q")
LS8 = struct.Struct("<b").unpack_from
LS16 = struct.Struct("<h").unpack_from
LS32 = struct.Struct("<i").unpack_from


def BSWAP16(x: int) -> int:
    return ((x & 0xFF) << 8) | ((x >> 8) & 0xFF)


def BSWAP32(x: int) -> int:
    return int.from_bytes((x & M32).to_bytes(4, "little"), "big")


def BSWAP64(x: int) -> int:
    return int.from_bytes(x.to_bytes(8, "little"), "big")


def _signed(x: int, bits: int) -> int:
    return x - (1 << bits) if x >> (bits - 1) else x


def _sdiv(a: int, b: int, bits: int) -> int:
    mask = (1 << bits) - 1
    if b == 0:
        return 0
    sa, sb = _signed(a & mask, bits), _signed(b & mask, bits)
    q = abs(sa) // abs(sb)  # truncating division, as C
    if (sa < 0) != (sb < 0):
        q = -q
    return q & mask  # INT_MIN / -1 wraps to INT_MIN


def _smod(a: int, b: int, bits: int) -> int:
    mask = (1 << bits) - 1
    if b == 0:
        return a & mask
    sa, sb = _signed(a & mask, bits), _signed(b & mask, bits)
    r = abs(sa) % abs(sb)  # the remainder takes the dividend's sign, as C
    return (-r if sa < 0 else r) & mask


def SDIV64(a: int, b: int) -> int:
    return _sdiv(a, b, 64)


def SDIV32(a: int, b: int) -> int:
    return _sdiv(a, b, 32)


def SMOD64(a: int, b: int) -> int:
    return _smod(a, b, 64)


def SMOD32(a: int, b: int) -> int:
    return _smod(a, b, 32)


NAMESPACE = {
    "L8": L8,
    "L16": L16,
    "L32": L32,
    "L64": L64,
    "LS8": LS8,
    "LS16": LS16,
    "LS32": LS32,
    "S8": S8,
    "S16": S16,
    "S32": S32,
    "S64": S64,
    "BSWAP16": BSWAP16,
    "BSWAP32": BSWAP32,
    "BSWAP64": BSWAP64,
    "SDIV64": SDIV64,
    "SDIV32": SDIV32,
    "SMOD64": SMOD64,
    "SMOD32": SMOD32,
}
