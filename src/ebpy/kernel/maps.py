"""Kernel maps: BPF_MAP_CREATE and the byte-level element operations on the fd it returns."""

from __future__ import annotations

import ctypes
import errno
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType

from ebpy.errors import KernelError, MapError
from ebpy.kernel.attr import MapBatchAttr, MapCreateAttr, MapElemAttr, object_name
from ebpy.kernel.fd import Fd, FdLike, fd_number
from ebpy.kernel.info import MapInfo, map_info
from ebpy.kernel.syscall import KernelMapError, address, bpf, bpf_fd, byte_buffer
from ebpy.kernel.system import possible_cpus
from ebpy.kernel.uapi import Cmd
from ebpy.spec.types import MapFlags, MapType, UpdateFlags

Bytes = bytes | bytearray | memoryview

# Types whose elements carry no key through bpf(): the key pointer must be NULL.
_KEYLESS = frozenset({MapType.QUEUE, MapType.STACK, MapType.BLOOM_FILTER})


@dataclass(frozen=True)
class MapBatch:
    """One BPF_MAP_LOOKUP_BATCH answer: entries, and the cursor for the next call (None at
    the end of the map)."""

    keys: list[bytes]
    values: list[bytes]
    cursor: bytes | None


def _map_type(value: int) -> MapType | int:
    try:
        return MapType(value)
    except ValueError:
        return value


class KernelMapFd:
    """A map in the kernel, reached through its fd. Keys and values are bytes.

    Per-CPU maps exchange one value slot per possible CPU, each rounded up to 8 bytes: the
    raw value (`lookup`, `update`) is `value_buffer_size` bytes; `lookup_percpu` and
    `update_percpu` split and join it. Errors are KernelMapError (a KernelError and a MapError)
    carrying the kernel's errno: ENOENT, EEXIST, E2BIG, EINVAL, EPERM, ...
    """

    def __init__(
        self,
        fd: Fd,
        *,
        type: MapType | int,
        key_size: int,
        value_size: int,
        max_entries: int,
        flags: int = 0,
        name: str = "",
    ) -> None:
        self.fd = fd
        self.type = type
        self.key_size = key_size
        self.value_size = value_size
        self.max_entries = max_entries
        self.flags = flags
        self.name = name
        self.percpu = isinstance(type, MapType) and type.is_percpu
        self.ncpus = possible_cpus() if self.percpu else 1
        self.value_stride = (value_size + 7) // 8 * 8 if self.percpu else value_size
        self.value_buffer_size = self.value_stride * self.ncpus

    # ---- construction from an existing object --------------------------------------------
    @classmethod
    def from_fd(cls, fd: Fd) -> KernelMapFd:
        """Wrap an fd (taking ownership), learning the map's shape from the kernel."""
        try:
            info = map_info(fd)
        except KernelError:
            fd.close()
            raise
        return cls(
            fd,
            type=info.type,
            key_size=info.key_size,
            value_size=info.value_size,
            max_entries=info.max_entries,
            flags=info.map_flags,
            name=info.name,
        )

    # ---- ownership -------------------------------------------------------------------------
    def fileno(self) -> int:
        return self.fd.fileno()

    @property
    def closed(self) -> bool:
        return self.fd.closed

    def close(self) -> None:
        self.fd.close()

    def __enter__(self) -> KernelMapFd:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        kind = self.type.name if isinstance(self.type, MapType) else str(self.type)
        state = "closed" if self.closed else f"fd {self.fd.fileno()}"
        return f"<KernelMapFd {self.name or '(anonymous)'} {kind} {state}>"

    def info(self) -> MapInfo:
        return map_info(self.fd)

    # ---- buffers -----------------------------------------------------------------------------
    @property
    def _label(self) -> str:
        return f"map {self.name!r}" if self.name else "map"

    def _key(self, key: Bytes | None) -> ctypes.Array[ctypes.c_char] | None:
        if self.key_size == 0 or self.type in _KEYLESS:
            if key:
                raise MapError(errno.EINVAL, f"{self._label} has no keys; pass None")
            return None
        if key is None:
            raise MapError(errno.EINVAL, f"{self._label} needs a {self.key_size}-byte key")
        if len(key) != self.key_size:
            raise MapError(
                errno.EINVAL, f"{self._label}: key is {len(key)} bytes, want {self.key_size}"
            )
        return byte_buffer(key)

    def _key_bytes(self, key: Bytes | None) -> bytes:
        kbuf = self._key(key)
        return kbuf.raw if kbuf is not None else b""

    def _value(self, value: Bytes) -> ctypes.Array[ctypes.c_char]:
        if len(value) != self.value_buffer_size:
            extra = ""
            if self.percpu:
                extra = (
                    f" ({self.value_stride} per CPU x {self.ncpus} possible CPUs; "
                    "see update_percpu)"
                )
            raise MapError(
                errno.EINVAL,
                f"{self._label}: value is {len(value)} bytes, want {self.value_buffer_size}{extra}",
            )
        return byte_buffer(value)

    def _elem(
        self, cmd: Cmd, what: str, key: ctypes.Array | None, value: ctypes.Array | None, flags: int
    ) -> None:
        attr = MapElemAttr(map_fd=self.fd.fileno(), key=address(key), flags=flags)
        attr.value = address(value)
        bpf(cmd, attr, what=f"{what} {self._label}", error=KernelMapError)

    # ---- element operations ------------------------------------------------------------------
    def lookup(self, key: Bytes | None = None, flags: int = 0) -> bytes:
        """The value under `key` (raw, all CPUs for per-CPU maps); ENOENT when absent.

        On a queue or stack this is peek (no key)."""
        kbuf = self._key(key)
        out = ctypes.create_string_buffer(self.value_buffer_size)
        self._elem(Cmd.MAP_LOOKUP_ELEM, "lookup in", kbuf, out, flags)
        return out.raw

    def get(self, key: Bytes | None = None, default: bytes | None = None) -> bytes | None:
        """lookup() that returns `default` instead of raising ENOENT."""
        try:
            return self.lookup(key)
        except KernelMapError as e:
            if e.errno == errno.ENOENT:
                return default
            raise

    def update(
        self, key: Bytes | None, value: Bytes, flags: UpdateFlags | int = UpdateFlags.ANY
    ) -> None:
        """Insert or replace (flags ANY / NOEXIST / EXIST, | F_LOCK); push on a queue or stack,
        add on a bloom filter (key None)."""
        self._elem(Cmd.MAP_UPDATE_ELEM, "update of", self._key(key), self._value(value), int(flags))

    def delete(self, key: Bytes) -> None:
        self._elem(Cmd.MAP_DELETE_ELEM, "delete in", self._key(key), None, 0)

    def lookup_and_delete(self, key: Bytes | None = None, flags: int = 0) -> bytes:
        """Remove and return an element (pop on a queue or stack)."""
        kbuf = self._key(key)
        out = ctypes.create_string_buffer(self.value_buffer_size)
        self._elem(Cmd.MAP_LOOKUP_AND_DELETE_ELEM, "lookup-and-delete in", kbuf, out, flags)
        return out.raw

    def next_key(self, key: Bytes | None = None) -> bytes | None:
        """The key after `key` (the first with None), or None at the end."""
        kbuf = None if key is None else self._key(key)
        out = ctypes.create_string_buffer(self.key_size)
        attr = MapElemAttr(map_fd=self.fd.fileno(), key=address(kbuf))
        attr.next_key = address(out)
        try:
            bpf(Cmd.MAP_GET_NEXT_KEY, attr, what=f"next key in {self._label}", error=KernelMapError)
        except KernelMapError as e:
            if e.errno == errno.ENOENT:
                return None
            raise
        return out.raw

    def keys(self) -> Iterator[bytes]:
        """Every key, by BPF_MAP_GET_NEXT_KEY (a hash map changed meanwhile may restart)."""
        key = self.next_key(None)
        while key is not None:
            yield key
            key = self.next_key(key)

    def __iter__(self) -> Iterator[bytes]:
        return self.keys()

    def freeze(self) -> None:
        """BPF_MAP_FREEZE: user space may no longer write (programs still may)."""
        attr = MapElemAttr(map_fd=self.fd.fileno())
        bpf(Cmd.MAP_FREEZE, attr, what=f"freezing {self._label}", error=KernelMapError)

    # ---- queue, stack, bloom filter ------------------------------------------------------------
    def push(self, value: Bytes, flags: UpdateFlags | int = UpdateFlags.ANY) -> None:
        """Queue/stack push (flags=EXIST overwrites the oldest when full)."""
        self.update(None, value, flags)

    def peek(self) -> bytes:
        return self.lookup(None)

    def pop(self) -> bytes:
        return self.lookup_and_delete(None)

    def contains_value(self, value: Bytes) -> bool:
        """Bloom filter membership: False means certainly absent, True probably present."""
        vbuf = self._value(value)
        try:
            self._elem(Cmd.MAP_LOOKUP_ELEM, "lookup in", None, vbuf, 0)
        except KernelMapError as e:
            if e.errno == errno.ENOENT:
                return False
            raise
        return True

    # ---- per-CPU values ------------------------------------------------------------------------
    def split_percpu(self, raw: bytes) -> list[bytes]:
        """One value per possible CPU from a raw per-CPU buffer (padding dropped)."""
        return [
            raw[i * self.value_stride : i * self.value_stride + self.value_size]
            for i in range(self.ncpus)
        ]

    def join_percpu(self, values: Sequence[Bytes]) -> bytes:
        """The raw per-CPU buffer for one value per possible CPU."""
        if len(values) != self.ncpus:
            raise MapError(
                errno.EINVAL, f"{self._label}: {len(values)} values for {self.ncpus} possible CPUs"
            )
        pad = self.value_stride - self.value_size
        out = bytearray()
        for i, v in enumerate(values):
            if len(v) != self.value_size:
                raise MapError(
                    errno.EINVAL,
                    f"{self._label}: value for CPU {i} is {len(v)} bytes, want {self.value_size}",
                )
            out += bytes(v) + bytes(pad)
        return bytes(out)

    def lookup_percpu(self, key: Bytes) -> list[bytes]:
        return self.split_percpu(self.lookup(key))

    def update_percpu(
        self, key: Bytes, values: Sequence[Bytes], flags: UpdateFlags | int = UpdateFlags.ANY
    ) -> None:
        self.update(key, self.join_percpu(values), flags)

    # ---- batches ---------------------------------------------------------------------------------
    def _cursor_size(self) -> int:
        # Hash maps keep a u32 bucket index in the cursor, arrays a key: room for either.
        return max(self.key_size, 8)

    def lookup_batch(
        self, count: int, cursor: bytes | None = None, *, delete: bool = False, elem_flags: int = 0
    ) -> MapBatch:
        """Up to `count` entries from `cursor` on (None: the start); with delete, also removes
        them (BPF_MAP_LOOKUP_AND_DELETE_BATCH)."""
        if count < 1:
            raise MapError(errno.EINVAL, f"{self._label}: batch count {count} < 1")
        keys = ctypes.create_string_buffer(count * self.key_size)
        values = ctypes.create_string_buffer(count * self.value_buffer_size)
        in_batch = byte_buffer(cursor) if cursor is not None else None
        out_batch = ctypes.create_string_buffer(self._cursor_size())
        attr = MapBatchAttr(
            in_batch=address(in_batch),
            out_batch=address(out_batch),
            keys=address(keys),
            values=address(values),
            count=count,
            map_fd=self.fd.fileno(),
            elem_flags=elem_flags,
        )
        cmd = Cmd.MAP_LOOKUP_AND_DELETE_BATCH if delete else Cmd.MAP_LOOKUP_BATCH
        done = False
        try:
            bpf(cmd, attr, what=f"batch lookup in {self._label}", error=KernelMapError)
        except KernelMapError as e:
            if e.errno != errno.ENOENT:
                raise
            done = True  # the kernel says ENOENT with the last (possibly empty) batch
        n = attr.count
        ks, vs = self.key_size, self.value_buffer_size
        return MapBatch(
            keys=[keys.raw[i * ks : (i + 1) * ks] for i in range(n)],
            values=[values.raw[i * vs : (i + 1) * vs] for i in range(n)],
            cursor=None if done else out_batch.raw,
        )

    def items_batched(self, count: int = 64) -> Iterator[tuple[bytes, bytes]]:
        """Every (key, raw value), fetched `count` at a time with BPF_MAP_LOOKUP_BATCH."""
        cursor: bytes | None = None
        while True:
            batch = self.lookup_batch(count, cursor)
            yield from zip(batch.keys, batch.values)
            if batch.cursor is None:
                return
            cursor = batch.cursor

    def update_batch(
        self, keys: Sequence[Bytes], values: Sequence[Bytes], elem_flags: UpdateFlags | int = 0
    ) -> int:
        """Insert or replace many entries in one call; returns how many were written."""
        if len(keys) != len(values):
            raise MapError(
                errno.EINVAL, f"{self._label}: {len(keys)} keys but {len(values)} values"
            )
        kbuf = byte_buffer(b"".join(self._key_bytes(k) for k in keys))
        vbuf = byte_buffer(b"".join(self._value(v).raw for v in values))
        return self._write_batch(
            Cmd.MAP_UPDATE_BATCH, "batch update of", kbuf, vbuf, len(keys), int(elem_flags)
        )

    def delete_batch(self, keys: Sequence[Bytes]) -> int:
        """Delete many keys in one call; returns how many were deleted."""
        kbuf = byte_buffer(b"".join(self._key_bytes(k) for k in keys))
        return self._write_batch(Cmd.MAP_DELETE_BATCH, "batch delete in", kbuf, None, len(keys), 0)

    def _write_batch(
        self,
        cmd: Cmd,
        what: str,
        keys: ctypes.Array[ctypes.c_char],
        values: ctypes.Array[ctypes.c_char] | None,
        count: int,
        elem_flags: int,
    ) -> int:
        if count == 0:
            return 0
        attr = MapBatchAttr(
            keys=address(keys),
            values=address(values),
            count=count,
            map_fd=self.fd.fileno(),
            elem_flags=elem_flags,
        )
        try:
            bpf(cmd, attr, what=f"{what} {self._label}", error=KernelMapError)
        except KernelMapError as e:
            raise KernelMapError(
                e.errno or 0, f"{e.what} (after {attr.count} of {count} entries)", e.hint
            ) from None
        return attr.count


def create_map(
    type: MapType | int,
    key_size: int,
    value_size: int,
    max_entries: int,
    flags: MapFlags | int = 0,
    name: str = "",
    *,
    inner_map: FdLike | None = None,
    btf: FdLike | None = None,
    key_type_id: int = 0,
    value_type_id: int = 0,
    vmlinux_value_type_id: int = 0,
    map_extra: int = 0,
    numa_node: int | None = None,
    ifindex: int = 0,
) -> KernelMapFd:
    """BPF_MAP_CREATE. `inner_map` is the template for map-in-map types; `btf` with the type
    ids describes keys and values (needed for spin locks, timers, local storage); `numa_node`
    pins the memory to one node (sets BPF_F_NUMA_NODE)."""
    attr = MapCreateAttr(
        map_type=int(type),
        key_size=key_size,
        value_size=value_size,
        max_entries=max_entries,
        map_flags=int(flags),
        map_name=object_name(name),
        map_ifindex=ifindex,
        btf_key_type_id=key_type_id,
        btf_value_type_id=value_type_id,
        btf_vmlinux_value_type_id=vmlinux_value_type_id,
        map_extra=map_extra,
    )
    if inner_map is not None:
        attr.inner_map_fd = fd_number(inner_map)
    if btf is not None:
        attr.btf_fd = fd_number(btf)
    if numa_node is not None:
        attr.map_flags |= MapFlags.NUMA_NODE
        attr.numa_node = numa_node
    mtype = _map_type(int(type))
    kind = mtype.name if isinstance(mtype, MapType) else str(mtype)
    label = f"{kind} map {name!r}" if name else f"{kind} map"
    fd = bpf_fd(Cmd.MAP_CREATE, attr, what=f"creating {label}")
    try:
        return KernelMapFd(
            fd,
            type=mtype,
            key_size=key_size,
            value_size=value_size,
            max_entries=max_entries,
            flags=attr.map_flags,
            name=name,
        )
    except BaseException:
        fd.close()
        raise
