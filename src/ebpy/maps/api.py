"""MapAPI: the Python face of every map, over a handful of byte-level primitives.

Subclasses implement the primitives (`_lookup`, `_update`, `_delete`, `_next_key`, ... on
raw bytes, with the kernel's error codes); this class adds everything else: dict-like
access, typed keys and values (see ebpy.maps.codec), per-CPU values as lists, iteration,
batches, push/pop/peek, context management. `ebpy.maps.Map` implements the primitives over
native memory; the kernel engine implements them over bpf().

Raw values are what bpf() exchanges: `value_size` bytes, or for per-CPU maps one value per
possible CPU, each padded to 8 bytes. Values of program arrays and map-in-maps are whatever
the subclass stores (`_encode_program` / `_encode_inner_map` convert).
"""

from __future__ import annotations

import contextlib
import errno
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from numbers import Number
from types import TracebackType
from typing import Any

from ebpy.errors import MapError
from ebpy.maps.codec import Codec, make_codec
from ebpy.maps.kinds import ENOTSUPP, MAP_SLOTS, PROGRAM_SLOTS, VALUE_ONLY
from ebpy.maps.layout import round8
from ebpy.spec.map_spec import MapSpec
from ebpy.spec.types import MapType, UpdateFlags

_ERRNO_TEXT = {
    errno.ENOENT: "no such element",
    errno.EEXIST: "the element exists (BPF_NOEXIST)",
    errno.E2BIG: "the map is full, or the index is out of range",
    errno.EPERM: "not permitted (the map is frozen or read-only for userspace)",
    errno.EBADF: "the map is closed",
    errno.ENOSPC: "no space left",
    ENOTSUPP: "the operation is not supported by this map type (ENOTSUPP)",
    errno.EOPNOTSUPP: "the operation is not supported by this map type",
}


def errno_text(err: int) -> str:
    return _ERRNO_TEXT.get(err) or os.strerror(err)


class MapKeyError(MapError, KeyError):
    """ENOENT for a key: also a KeyError, so dict-style code (`except KeyError`) works."""

    def __str__(self) -> str:
        return MapError.__str__(self)


class BatchError(MapError):
    """A batch operation that stopped at an error; `count` elements were done before it."""

    def __init__(self, err: int, message: str, count: int) -> None:
        super().__init__(err, message)
        self.count = count


def map_error(err: int, name: str, op: str) -> MapError:
    """The exception for errno `err` from operation `op` on map `name`."""
    cls = MapKeyError if err == errno.ENOENT else MapError
    return cls(err, f"map {name!r}: {op}: {errno_text(err)}")


class PerCpu(list[Any]):
    """The values of a per-CPU element, one per possible CPU, in CPU order."""

    def sum(self) -> Any:
        """The total over CPUs: numbers add up; dicts (BTF structs) add up field by field."""
        return _sum_values(list(self))


def _sum_values(values: list[Any]) -> Any:
    if not values:
        return 0
    first = values[0]
    if isinstance(first, Number) and not isinstance(first, bool):
        return sum(values)
    if isinstance(first, dict):
        return {k: _sum_values([v[k] for v in values]) for k in first}
    if isinstance(first, list):
        return [_sum_values([v[i] for v in values]) for i in range(len(first))]
    raise MapError(errno.EINVAL, f"per-CPU values of type {type(first).__name__} do not add up")


@dataclass
class RawBatch:
    """One batch at the byte level: entries, and the cursor for the next call (None: done)."""

    keys: list[bytes]
    values: list[bytes]
    cursor: bytes | None


@dataclass
class Batch:
    """Decoded entries of one lookup batch; pass `cursor` to the next call (None: done)."""

    items: list[tuple[Any, Any]] = field(default_factory=list)
    cursor: bytes | None = None

    @property
    def done(self) -> bool:
        return self.cursor is None


class MapAPI(ABC):
    """Everything a map offers in Python, over byte-level primitives."""

    def __init__(self, spec: MapSpec, ncpu: int) -> None:
        self.spec = spec
        self.name = spec.name
        self.type = MapType(spec.type)
        self.key_size = spec.key_size
        self.value_size = spec.value_size
        self.max_entries = spec.max_entries
        self.flags = spec.flags
        self.ncpu = ncpu  # possible CPUs: the number of values of a per-CPU element
        self.percpu = self.type.is_percpu
        self._key_codec: Codec | None = None
        self._value_codec: Codec | None = None
        if self.type not in VALUE_ONLY and self.key_size:
            lpm = self.type == MapType.LPM_TRIE
            self._key_codec = make_codec(self.key_size, spec.key_type, self.name, "key", lpm=lpm)
        if self.type not in PROGRAM_SLOTS | MAP_SLOTS and self.value_size:
            self._value_codec = make_codec(self.value_size, spec.value_type, self.name, "value")

    # ---- primitives: bytes in, bytes out, kernel errnos ------------------------------------------
    @abstractmethod
    def _lookup(self, key: bytes) -> bytes | None:
        """The raw value for `key`, None when absent (ENOENT)."""

    @abstractmethod
    def _update(self, key: bytes, value: bytes, flags: int) -> None: ...

    @abstractmethod
    def _delete(self, key: bytes) -> None: ...

    @abstractmethod
    def _next_key(self, key: bytes | None) -> bytes | None:
        """The key after `key` (the first for None); None at the end (ENOENT)."""

    def _lookup_and_delete(self, key: bytes | None) -> bytes | None:
        raise map_error(ENOTSUPP, self.name, "lookup_and_delete")

    def _push(self, value: bytes, flags: int) -> None:
        raise map_error(errno.EINVAL, self.name, "push")

    def _pop(self) -> bytes | None:
        raise map_error(errno.EINVAL, self.name, "pop")

    def _peek(self, value: bytes | None) -> bytes | None:
        """Queue/stack: the next value; bloom filter: `value` if it may be present; else None."""
        raise map_error(errno.EINVAL, self.name, "peek")

    def _count(self) -> int | None:
        """Elements in the map if known cheaply, else None (then iteration counts)."""
        return None

    def _freeze(self) -> None:
        raise map_error(ENOTSUPP, self.name, "freeze")

    @abstractmethod
    def _close(self) -> None:
        """Release the map (idempotent)."""

    def _lookup_batch(self, cursor: bytes | None, count: int, delete: bool) -> RawBatch:
        """generic_map_lookup_batch(): walk with next_key; the cursor is the last key."""
        if delete:
            raise map_error(ENOTSUPP, self.name, "lookup_and_delete_batch")
        keys: list[bytes] = []
        values: list[bytes] = []
        prev = cursor
        while len(keys) < count:
            key = self._next_key(prev)
            if key is None:
                return RawBatch(keys, values, None)
            value = self._lookup(key)
            if value is not None:  # gone meanwhile (or an empty slot): skip, as the kernel
                keys.append(key)
                values.append(value)
            prev = key
        return RawBatch(keys, values, prev)

    def _update_batch(self, entries: list[tuple[bytes, bytes]], elem_flags: int) -> int:
        """generic_map_update_batch(): stop at the first error, telling how many were done."""
        for done, (key, value) in enumerate(entries):
            try:
                self._update(key, value, elem_flags)
            except MapError as e:
                raise BatchError(
                    e.errno or errno.EINVAL, f"{e.strerror} (after {done})", done
                ) from None
        return len(entries)

    def _delete_batch(self, keys: list[bytes]) -> int:
        """generic_map_delete_batch()."""
        for done, key in enumerate(keys):
            try:
                self._delete(key)
            except MapError as e:
                raise BatchError(
                    e.errno or errno.EINVAL, f"{e.strerror} (after {done})", done
                ) from None
        return len(keys)

    # ---- typed keys and values ------------------------------------------------------------------
    def encode_key(self, key: Any) -> bytes:
        if self._key_codec is None:
            raise MapError(errno.EINVAL, f"map {self.name!r}: {self.type.name} maps have no keys")
        return self._key_codec.encode(key)

    def decode_key(self, raw: bytes) -> Any:
        return self._key_codec.decode(raw) if self._key_codec is not None else raw

    def encode_value(self, value: Any) -> bytes:
        if self.type in PROGRAM_SLOTS:
            return self._encode_program(value)
        if self.type in MAP_SLOTS:
            return self._encode_inner_map(value)
        codec = self._value_codec
        if codec is None:
            raise MapError(errno.EINVAL, f"map {self.name!r}: {self.type.name} maps have no values")
        if not self.percpu:
            return codec.encode(value)
        if isinstance(value, (list, tuple)) and len(value) == self.ncpu:
            values = list(value)
        else:
            values = [value] * self.ncpu
        stride = round8(self.value_size)
        return b"".join(codec.encode(v).ljust(stride, b"\0") for v in values)

    def decode_value(self, raw: bytes) -> Any:
        if self.type in PROGRAM_SLOTS:
            return self._decode_program(raw)
        if self.type in MAP_SLOTS:
            return self._decode_inner_map(raw)
        codec = self._value_codec
        if codec is None:
            return raw
        if not self.percpu:
            return codec.decode(raw)
        stride = round8(self.value_size)
        return PerCpu(
            codec.decode(raw[i * stride : i * stride + self.value_size]) for i in range(self.ncpu)
        )

    def _encode_program(self, program: Any) -> bytes:
        """A program array value: a program (anything with an int `handle`) or a handle."""
        handle = getattr(program, "handle", program)
        if isinstance(handle, bool) or not isinstance(handle, int) or not 0 < handle < 1 << 64:
            raise MapError(
                errno.EBADF,
                f"map {self.name!r}: a program array takes programs or positive handles, "
                f"got {program!r}",
            )
        return handle.to_bytes(8, "little")

    def _decode_program(self, raw: bytes) -> Any:
        return int.from_bytes(raw, "little")

    def _encode_inner_map(self, inner: Any) -> bytes:
        raise map_error(ENOTSUPP, self.name, "store an inner map")

    def _decode_inner_map(self, raw: bytes) -> Any:
        raise map_error(ENOTSUPP, self.name, "read an inner map")

    def _keyless(self) -> bool:
        return self.type in VALUE_ONLY or self._key_codec is None

    # ---- dict-like --------------------------------------------------------------------------------
    def lookup(self, key: Any = None) -> Any:
        """The value for `key` (MapKeyError when absent); queue/stack: peek."""
        if self.type in VALUE_ONLY:
            return self.peek() if key is None else self.peek(key)
        raw = self._lookup(self.encode_key(key))
        if raw is None:
            raise MapKeyError(errno.ENOENT, f"map {self.name!r}: no element for key {key!r}")
        return self.decode_value(raw)

    def get(self, key: Any, default: Any = None) -> Any:
        raw = self._lookup(self.encode_key(key))
        return default if raw is None else self.decode_value(raw)

    def update(self, key: Any, value: Any, flags: UpdateFlags | int = UpdateFlags.ANY) -> None:
        """Insert or replace (BPF_ANY), insert only (BPF_NOEXIST), replace only (BPF_EXIST)."""
        flags = _flags(flags, self.name)
        if self.type in VALUE_ONLY:
            if key is not None:
                raise MapError(
                    errno.EINVAL, f"map {self.name!r}: {self.type.name} maps have no keys"
                )
            self._push(self.encode_value(value), flags)
            return
        self._update(self.encode_key(key), self.encode_value(value), flags)

    def delete(self, key: Any) -> None:
        self._delete(self.encode_key(key))

    def lookup_and_delete(self, key: Any = None) -> Any:
        """Remove and return: a hash map's element, or a queue/stack's next value (pop)."""
        if self.type in VALUE_ONLY:
            if key is not None:
                raise MapError(
                    errno.EINVAL, f"map {self.name!r}: {self.type.name} maps have no keys"
                )
            return self.pop()
        raw = self._lookup_and_delete(self.encode_key(key))
        if raw is None:
            raise MapKeyError(errno.ENOENT, f"map {self.name!r}: no element for key {key!r}")
        return self.decode_value(raw)

    def next_key(self, key: Any = None) -> Any:
        """The key after `key` in the map's order (the first for None); None at the end."""
        raw = self._next_key(None if key is None else self.encode_key(key))
        return None if raw is None else self.decode_key(raw)

    def __getitem__(self, key: Any) -> Any:
        return self.lookup(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        self.update(key, value)

    def __delitem__(self, key: Any) -> None:
        self.delete(key)

    def __contains__(self, key: Any) -> bool:
        if self.type == MapType.BLOOM_FILTER:
            return self._peek(self.encode_value(key)) is not None
        try:
            raw_key = self.encode_key(key)
        except MapError:
            return False
        return self._lookup(raw_key) is not None

    def __len__(self) -> int:
        count = self._count()
        if count is None:
            count = sum(1 for _ in self._raw_keys())
        return count

    def __iter__(self) -> Iterator[Any]:
        return self.keys()

    def __bool__(self) -> bool:
        return True  # a map is an object, not a container that is false when empty

    def _raw_keys(self) -> Iterator[bytes]:
        key = self._next_key(None)
        while key is not None:
            yield key
            key = self._next_key(key)

    def keys(self) -> Iterator[Any]:
        """Keys in the map's order (bpf's get_next_key walk)."""
        for raw in self._raw_keys():
            yield self.decode_key(raw)

    def values(self) -> Iterator[Any]:
        for _, value in self.items():
            yield value

    def items(self) -> Iterator[tuple[Any, Any]]:
        """(key, value) pairs; elements deleted during the walk (or empty slots) are skipped."""
        for raw in self._raw_keys():
            value = self._lookup(raw)
            if value is not None:
                yield self.decode_key(raw), self.decode_value(value)

    def sum(self, key: Any) -> Any:
        """A per-CPU element's total over CPUs."""
        value = self.lookup(key)
        return value.sum() if isinstance(value, PerCpu) else value

    # ---- queue, stack, bloom filter ---------------------------------------------------------------
    def push(self, value: Any, flags: UpdateFlags | int = UpdateFlags.ANY) -> None:
        """Queue/stack: add (BPF_EXIST makes room by dropping the oldest); bloom: add."""
        self._push(self.encode_value(value), _flags(flags, self.name))

    def pop(self) -> Any:
        raw = self._pop()
        if raw is None:
            raise MapKeyError(errno.ENOENT, f"map {self.name!r}: pop: the map is empty")
        return self.decode_value(raw)

    def peek(self, value: Any = None) -> Any:
        """Queue/stack: the next value without removing it. Bloom filter: whether `value`
        may have been added (True) or surely was not (False)."""
        if self.type == MapType.BLOOM_FILTER:
            return self._peek(self.encode_value(value)) is not None
        raw = self._peek(None)
        if raw is None:
            raise MapKeyError(errno.ENOENT, f"map {self.name!r}: peek: the map is empty")
        return self.decode_value(raw)

    # ---- batches -----------------------------------------------------------------------------------
    def lookup_batch(self, count: int = 64, cursor: bytes | None = None) -> Batch:
        """Up to `count` entries after `cursor`, as BPF_MAP_LOOKUP_BATCH (hash maps return
        whole buckets: ENOSPC when the first one does not fit in `count`)."""
        return self._batch(count, cursor, delete=False)

    def lookup_and_delete_batch(self, count: int = 64, cursor: bytes | None = None) -> Batch:
        return self._batch(count, cursor, delete=True)

    def _batch(self, count: int, cursor: bytes | None, delete: bool) -> Batch:
        if not isinstance(count, int) or count < 0:
            raise MapError(
                errno.EINVAL, f"map {self.name!r}: batch count must be >= 0, got {count!r}"
            )
        if count == 0:
            return Batch([], cursor)
        raw = self._lookup_batch(None if cursor is None else bytes(cursor), count, delete)
        items = [(self.decode_key(k), self.decode_value(v)) for k, v in zip(raw.keys, raw.values)]
        return Batch(items, raw.cursor)

    def batches(self, count: int = 64) -> Iterator[list[tuple[Any, Any]]]:
        """Every entry, `count` (or a bucket more) at a time."""
        cursor: bytes | None = None
        while True:
            batch = self.lookup_batch(count, cursor)
            if batch.items:
                yield batch.items
            if batch.cursor is None:
                return
            cursor = batch.cursor

    def update_batch(
        self, entries: Mapping[Any, Any] | Iterable[tuple[Any, Any]], elem_flags: int = 0
    ) -> int:
        """BPF_MAP_UPDATE_BATCH: every entry with BPF_ANY (elem_flags may only hold
        BPF_F_LOCK). Stops at the first error with a BatchError telling how many were done."""
        pairs = entries.items() if isinstance(entries, Mapping) else entries
        raw = [(self.encode_key(k), self.encode_value(v)) for k, v in pairs]
        return self._update_batch(raw, _flags(elem_flags, self.name))

    def delete_batch(self, keys: Iterable[Any]) -> int:
        """BPF_MAP_DELETE_BATCH: stops at the first missing key (BatchError, ENOENT)."""
        return self._delete_batch([self.encode_key(k) for k in keys])

    # ---- lifetime -----------------------------------------------------------------------------------
    def freeze(self) -> None:
        """Make the map read-only for userspace (updates then fail with EPERM); programs
        can still write. Like BPF_MAP_FREEZE: EBUSY when already frozen."""
        self._freeze()

    def clear(self) -> None:
        """Remove every element (arrays: zero every value); queue/stack: empty them."""
        if self.type in (MapType.QUEUE, MapType.STACK):
            while self._pop() is not None:
                pass
        elif self.type in (MapType.ARRAY, MapType.PERCPU_ARRAY):
            zero = bytes(len(self.encode_value(bytes(self.value_size))))
            for key in list(self._raw_keys()):
                self._update(key, zero, 0)
        elif self.type in (MapType.BLOOM_FILTER, MapType.RINGBUF):
            raise map_error(ENOTSUPP, self.name, "clear")
        else:
            for key in list(self._raw_keys()):
                with contextlib.suppress(MapKeyError):  # deleted meanwhile
                    self._delete(key)

    def close(self) -> None:
        self._close()

    def __enter__(self) -> MapAPI:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self.name!r} {self.type.name} key={self.key_size} "
            f"value={self.value_size} max_entries={self.max_entries}>"
        )


def _flags(flags: Any, name: str) -> int:
    if isinstance(flags, bool) or not isinstance(flags, int) or not 0 <= flags < 1 << 64:
        raise MapError(errno.EINVAL, f"map {name!r}: flags must be a u64, got {flags!r}")
    return int(flags)
