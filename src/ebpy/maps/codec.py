"""Keys and values: bytes at the bottom, Python values at the top.

A codec turns a Python value into exactly `size` bytes and back. The choice, per key or
value of a map:

- the map's BTF type (`MapSpec.key_type` / `value_type`) when it has encode/decode and the
  right size;
- LPM trie keys: `LpmKey(prefixlen, data)`; an `ipaddress` network or a (prefixlen, data)
  tuple is accepted too;
- else `int` for sizes 1, 2, 4 and 8 (little-endian, decoded unsigned; negative ints are
  accepted in two's complement), and `bytes` otherwise.

Every codec also accepts bytes (bytearray, memoryview) of exactly the right size.
"""

from __future__ import annotations

import errno
import ipaddress
from typing import Any, NamedTuple, Protocol

from ebpy.errors import EbpyError, MapError

_BYTES = (bytes, bytearray, memoryview)


class Codec(Protocol):
    size: int

    def encode(self, value: Any) -> bytes: ...

    def decode(self, data: bytes) -> Any: ...


class LpmKey(NamedTuple):
    """An LPM trie key: `struct bpf_lpm_trie_key_u8 { __u32 prefixlen; __u8 data[]; }`."""

    prefixlen: int
    data: bytes


class _Where:
    """Names the map and the part ("key", "value") in error messages."""

    def __init__(self, map_name: str, part: str) -> None:
        self.map_name = map_name
        self.part = part

    def error(self, text: str) -> MapError:
        return MapError(errno.EINVAL, f"map {self.map_name!r}: {self.part} {text}")


def _exact_bytes(value: Any, size: int, where: _Where) -> bytes | None:
    if not isinstance(value, _BYTES):
        return None
    raw = bytes(value)
    if len(raw) != size:
        raise where.error(f"must be {size} bytes, got {len(raw)}")
    return raw


class IntCodec:
    def __init__(self, size: int, where: _Where) -> None:
        self.size = size
        self._where = where
        self._limit = 1 << (8 * size)

    def encode(self, value: Any) -> bytes:
        if type(value) is int and 0 <= value < self._limit:  # the common case, first
            return value.to_bytes(self.size, "little")
        raw = _exact_bytes(value, self.size, self._where)
        if raw is not None:
            return raw
        if not isinstance(value, int):
            raise self._where.error(
                f"must be an int or {self.size} bytes, got {type(value).__name__}"
            )
        bits = self.size * 8
        if not -(1 << (bits - 1)) <= value < (1 << bits):
            raise self._where.error(f"{value} does not fit in {self.size} bytes")
        return (value & ((1 << bits) - 1)).to_bytes(self.size, "little")

    def decode(self, data: bytes) -> int:
        return int.from_bytes(data, "little")


class BytesCodec:
    def __init__(self, size: int, where: _Where) -> None:
        self.size = size
        self._where = where

    def encode(self, value: Any) -> bytes:
        raw = _exact_bytes(value, self.size, self._where)
        if raw is None:
            raise self._where.error(f"must be {self.size} bytes, got {type(value).__name__}")
        return raw

    def decode(self, data: bytes) -> bytes:
        return bytes(data)


class LpmKeyCodec:
    def __init__(self, size: int, where: _Where) -> None:
        self.size = size
        self.data_size = size - 4
        self._where = where

    def encode(self, value: Any) -> bytes:
        raw = _exact_bytes(value, self.size, self._where)
        if raw is not None:
            return raw
        if isinstance(value, (ipaddress.IPv4Network, ipaddress.IPv6Network)):
            value = (value.prefixlen, value.network_address.packed)
        if not (isinstance(value, tuple) and len(value) == 2):
            raise self._where.error(
                f"must be an LpmKey(prefixlen, data), an IP network or {self.size} bytes"
            )
        prefixlen, data = value
        if isinstance(data, int):
            if not 0 <= data < (1 << (8 * self.data_size)):
                raise self._where.error(f"data {data} does not fit in {self.data_size} bytes")
            data = data.to_bytes(self.data_size, "big")
        if not isinstance(data, _BYTES) or len(data) != self.data_size:
            raise self._where.error(f"data must be {self.data_size} bytes")
        if not isinstance(prefixlen, int) or not 0 <= prefixlen < (1 << 32):
            raise self._where.error(f"prefixlen must be a u32, got {prefixlen!r}")
        return prefixlen.to_bytes(4, "little") + bytes(data)

    def decode(self, data: bytes) -> LpmKey:
        return LpmKey(int.from_bytes(data[:4], "little"), bytes(data[4:]))


class BtfCodec:
    """Through a BTF type's encode/decode; bytes of the right size pass unchanged."""

    def __init__(self, btf_type: Any, size: int, where: _Where) -> None:
        self.size = size
        self.type = btf_type
        self._where = where

    def encode(self, value: Any) -> bytes:
        raw = _exact_bytes(value, self.size, self._where)
        if raw is not None:
            return raw
        try:
            out = bytes(self.type.encode(value))
        except (EbpyError, ValueError, TypeError, OverflowError) as e:
            raise self._where.error(f"does not encode as {self.type}: {e}") from None
        if len(out) != self.size:
            raise self._where.error(f"encodes to {len(out)} bytes, expected {self.size}")
        return out

    def decode(self, data: bytes) -> Any:
        try:
            return self.type.decode(data)
        except (EbpyError, ValueError, TypeError) as e:
            raise self._where.error(f"does not decode as {self.type}: {e}") from None


def _btf_size(btf_type: Any) -> int | None:
    if btf_type is None or not all(hasattr(btf_type, a) for a in ("encode", "decode")):
        return None
    try:
        size = btf_type.size
    except (EbpyError, AttributeError, ValueError, TypeError):
        return None
    return size if isinstance(size, int) else None


def make_codec(size: int, btf_type: Any, map_name: str, part: str, lpm: bool = False) -> Codec:
    """The codec for a key or value of `size` bytes (see the module docstring)."""
    where = _Where(map_name, part)
    if _btf_size(btf_type) == size:
        return BtfCodec(btf_type, size, where)
    if lpm:
        return LpmKeyCodec(size, where)
    if size in (1, 2, 4, 8):
        return IntCodec(size, where)
    return BytesCodec(size, where)
