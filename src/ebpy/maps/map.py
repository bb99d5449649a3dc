"""Map: a map in native memory, operated by the C in ebpy/maps/native (one layout per type).

Python reaches the bytes through the same compiled functions the interpreter's helpers call
and the JIT inlines, so all three see the same map at once. For the engines:

- `address`: the map header's address, stable for the map's life (what a program's map
  pointer holds; `ebpy.maps.registry.map_at(address)` finds the Map again);
- `lookup_ptr(key, cpu)`: bpf_map_lookup_elem() as a program sees it (a native pointer or 0);
- `native.lib` (or `Map.lib`): the raw C functions, e.g. `lib.ebpy_map_update(m.address,
  key, value, flags, cpu)` with key and value read from program memory.

Lifetime: `close()` drops the user's reference; the memory goes when nothing else holds the
map (a map-in-map holding it as an inner map, an engine that called `hold()`), like a kernel
map whose fd is closed while a program or outer map still uses it.
"""

from __future__ import annotations

import ctypes
import errno
import os
import socket
import threading
import weakref
from typing import Any

from ebpy.errors import LoadError, MapError
from ebpy.maps import native, registry
from ebpy.maps.access import AccessChecks
from ebpy.maps.api import MapAPI, RawBatch, map_error
from ebpy.maps.cpus import possible_cpus
from ebpy.maps.kinds import (
    DEVICE_MAPS,
    ENOTSUPP,
    HASHES,
    MAP_SLOTS,
    PROGRAM_SLOTS,
    VALUE_ONLY,
    BatchOp,
    batch_ops,
)
from ebpy.maps.layout import Info
from ebpy.maps.memory import PAGE_SIZE, MapMemory
from ebpy.maps.perf import PerfEventArray
from ebpy.maps.ringbuf import RingBuffer
from ebpy.maps.validate import check_spec
from ebpy.spec.map_spec import MapSpec
from ebpy.spec.types import MapFlags, MapType, UpdateFlags

ALL_CPUS = native.ALL_CPUS
_ENOENT = -errno.ENOENT
# maps.c's EBPY_F_NO_DEVICE: the devmap value's ifindex names no network device here.
_F_NO_DEVICE = 1 << 63


def _device_flags(name: str, value: bytes, flags: int) -> int:
    """A devmap update names a device of this network namespace, as the kernel requires
    (dev_get_by_index); the C fails it with EINVAL at the kernel's point when it does not."""
    if len(value) >= 8 and int.from_bytes(value[4:8], "little", signed=True) > 0:
        raise MapError(
            errno.EINVAL,
            f"map {name!r}: update: devmap entries with a program (bpf_prog.fd) are not "
            "supported by the userspace engines",
        )
    ifindex = int.from_bytes(value[:4], "little")
    try:
        socket.if_indextoname(ifindex)
    except OSError:
        return flags | _F_NO_DEVICE
    return flags


def value_view(ptr: int, size: int) -> memoryview:
    """A writable memoryview of `size` bytes of native memory at `ptr` (e.g. a value pointer
    from lookup_ptr). Valid only while the map lives."""
    if not ptr:
        raise MapError(errno.EFAULT, "value_view of a NULL pointer")
    return memoryview((ctypes.c_char * size).from_address(ptr)).cast("B")


class Map(AccessChecks, MapAPI):
    """A map in native memory with the kernel's semantics."""

    def __init__(self, spec: MapSpec, *, ncpu: int | None = None, seed: int | None = None) -> None:
        check_spec(spec, PAGE_SIZE)
        super().__init__(spec, ncpu or possible_cpus())
        self.lib = native.get_lib()
        lib = self.lib
        t = int(self.type)
        args = (t, spec.key_size, spec.value_size, spec.max_entries, spec.flags, self.ncpu)
        size = lib.ebpy_map_memory_size(*args, spec.map_extra, PAGE_SIZE)
        if not size:
            raise LoadError(f"map {spec.name!r}: no native layout for {self.type.name}")
        mirror = spec.max_entries if self.type == MapType.RINGBUF else 0
        self._mem = MapMemory(spec.name or self.type.name.lower(), size, mirror)
        self.address = self._mem.address
        if seed is None:
            seed = int.from_bytes(os.urandom(4), "little")
        if lib.ebpy_map_init(self.address, *args, spec.map_extra, PAGE_SIZE, seed) != 0:
            self._mem.close()
            raise LoadError(f"map {spec.name!r}: native initialisation failed")
        if spec.inner is not None and self.type in MAP_SLOTS:
            i = spec.inner
            lib.ebpy_map_set_inner(
                self.address, int(i.type), i.key_size, i.value_size, i.max_entries, i.flags
            )
        self._lock = threading.Lock()
        self._refs = 1
        self._open = True
        self._frozen = False
        self._held: dict[bytes, Map] = {}  # inner maps, by key, kept alive while stored
        self._writable_views: weakref.WeakSet[Any] = weakref.WeakSet()
        slot = self.type in PROGRAM_SLOTS | MAP_SLOTS
        self._raw_value_size = 8 if slot else int(lib.ebpy_map_info(self.address, Info.ELEM_STRIDE))
        if not self.percpu and not slot:
            self._raw_value_size = self.value_size
        self._unmap = weakref.finalize(self, self._mem.close)
        registry.register(self)

    # ---- facts -----------------------------------------------------------------------------------
    def info(self, field: Info) -> int:
        self._check_alive()
        return int(self.lib.ebpy_map_info(self.address, field))

    @property
    def fd(self) -> int:
        """The memfd behind the map: another process can mmap it (same layout)."""
        return self._mem.fd

    @property
    def memory_bytes(self) -> int:
        """Bytes of memory the map holds (header included)."""
        return self._mem.size

    # ---- checks ----------------------------------------------------------------------------------
    def _check_alive(self) -> None:
        if self._refs <= 0:
            raise MapError(errno.EBADF, f"map {self.name!r} is closed")

    def _check_key(self, key: bytes, op: str) -> bytes:
        key = bytes(key)
        if len(key) != self.key_size:
            raise MapError(
                errno.EINVAL,
                f"map {self.name!r}: {op}: key is {len(key)} bytes, expected {self.key_size}",
            )
        return key

    def _check_value(self, value: bytes, op: str) -> bytes:
        value = bytes(value)
        if len(value) != self._raw_value_size:
            raise MapError(
                errno.EINVAL,
                f"map {self.name!r}: {op}: value is {len(value)} bytes, expected {self._raw_value_size}",
            )
        return value

    def _fail(self, ret: int, op: str) -> MapError:
        return map_error(-ret, self.name, op)

    # ---- primitives ------------------------------------------------------------------------------
    def _lookup(self, key: bytes) -> bytes | None:
        if not self._open or self.flags & MapFlags.WRONLY:
            self._check_read("lookup")
        if type(key) is not bytes or len(key) != self.key_size:
            key = self._check_key(key, "lookup")
        out = ctypes.create_string_buffer(self._raw_value_size)
        ret = self.lib.ebpy_map_lookup_copy(self.address, key, out, ALL_CPUS)
        if ret == 0:
            return out.raw
        if ret == _ENOENT:
            return None
        raise self._fail(ret, "lookup")

    def _update(self, key: bytes, value: bytes, flags: int) -> None:
        if not self._open or self._frozen or self.flags & MapFlags.RDONLY:
            self._check_write("update")
        if flags & UpdateFlags.F_LOCK:  # bpf() refuses it before the map sees it
            raise MapError(
                errno.EINVAL,
                f"map {self.name!r}: update: BPF_F_LOCK needs a bpf_spin_lock in the value",
            )
        if type(key) is not bytes or len(key) != self.key_size:
            key = self._check_key(key, "update")
        if type(value) is not bytes or len(value) != self._raw_value_size:
            value = self._check_value(value, "update")
        inner = self._inner_for(value) if self.type in MAP_SLOTS else None
        if self.type in DEVICE_MAPS:
            flags = _device_flags(self.name, value, flags)
        ret = self.lib.ebpy_map_update(self.address, key, value, flags, ALL_CPUS)
        if ret != 0:
            raise self._fail(ret, "update")
        if self.type in MAP_SLOTS:
            self._hold_inner(key, inner)

    def _delete(self, key: bytes) -> None:
        self._check_write("delete")
        key = self._check_key(key, "delete")
        ret = self.lib.ebpy_map_delete(self.address, key)
        if ret != 0:
            raise self._fail(ret, "delete")
        self._hold_inner(key, None)

    def _next_key(self, key: bytes | None) -> bytes | None:
        self._check_read("next_key")
        if key is not None:
            key = self._check_key(key, "next_key")
        out = ctypes.create_string_buffer(max(self.key_size, 1))
        ret = self.lib.ebpy_map_get_next_key(self.address, key, out)
        if ret == 0:
            return out.raw[: self.key_size]
        if ret == _ENOENT:
            return None
        raise self._fail(ret, "next_key")

    def _lookup_and_delete(self, key: bytes | None) -> bytes | None:
        self._check_read("lookup_and_delete")
        self._check_write("lookup_and_delete")
        if self.type not in HASHES - MAP_SLOTS and self.type not in (MapType.QUEUE, MapType.STACK):
            raise self._fail(-ENOTSUPP, "lookup_and_delete")
        if key is not None:
            key = self._check_key(key, "lookup_and_delete")
        out = ctypes.create_string_buffer(self._raw_value_size)
        ret = self.lib.ebpy_map_lookup_and_delete(self.address, key, out, ALL_CPUS)
        if ret == 0:
            return out.raw
        if ret == _ENOENT:
            return None
        raise self._fail(ret, "lookup_and_delete")

    def _push(self, value: bytes, flags: int) -> None:
        self._check_write("push")
        if self.type not in VALUE_ONLY:
            raise self._fail(-errno.EINVAL, "push")
        ret = self.lib.ebpy_map_push(self.address, self._check_value(value, "push"), flags)
        if ret != 0:
            raise self._fail(ret, "push")

    def _pop(self) -> bytes | None:
        if self.type == MapType.BLOOM_FILTER:
            self._check_open()
            raise self._fail(-ENOTSUPP, "pop")
        return self._lookup_and_delete(None)

    def _peek(self, value: bytes | None) -> bytes | None:
        self._check_read("peek")
        if self.type not in VALUE_ONLY:
            raise self._fail(-errno.EINVAL, "peek")
        if self.type == MapType.BLOOM_FILTER:
            buf = self._check_value(value if value is not None else b"", "peek")
            ret = self.lib.ebpy_map_peek(self.address, buf)
            out = buf
        else:
            out_buf = ctypes.create_string_buffer(self._raw_value_size)
            ret = self.lib.ebpy_map_peek(self.address, out_buf)
            out = out_buf.raw
        if ret == 0:
            return out
        if ret == _ENOENT:
            return None
        raise self._fail(ret, "peek")

    def _count(self) -> int | None:
        self._check_open()
        if self.type in (MapType.BLOOM_FILTER, MapType.RINGBUF):
            raise self._fail(-ENOTSUPP, "len")
        return int(self.lib.ebpy_map_info(self.address, Info.COUNT))

    def _lookup_batch(self, cursor: bytes | None, count: int, delete: bool) -> RawBatch:
        op = "lookup_and_delete_batch" if delete else "lookup_batch"
        self._check_read(op)
        if delete:
            self._check_write(op)
        if not batch_ops(self.type) & (BatchOp.LOOKUP_AND_DELETE if delete else BatchOp.LOOKUP):
            raise self._fail(-ENOTSUPP, op)
        if self.type not in HASHES:
            return super()._lookup_batch(cursor, count, delete)
        if cursor is not None and len(cursor) != 4:
            raise MapError(errno.EINVAL, f"map {self.name!r}: {op}: a hash map cursor is 4 bytes")
        keys = ctypes.create_string_buffer(count * self.key_size)
        values = ctypes.create_string_buffer(count * self._raw_value_size)
        n = ctypes.c_uint32(count)
        out_batch = ctypes.c_uint32(0)
        in_batch = ctypes.c_uint32(int.from_bytes(cursor, "little")) if cursor is not None else None
        ret = self.lib.ebpy_map_lookup_batch(
            self.address,
            ctypes.byref(in_batch) if in_batch is not None else None,
            ctypes.byref(out_batch),
            keys,
            values,
            ctypes.byref(n),
            int(delete),
        )
        if ret not in (0, _ENOENT):
            raise self._fail(ret, op)
        ks, vs = self.key_size, self._raw_value_size
        key_list = [keys.raw[i * ks : (i + 1) * ks] for i in range(n.value)]
        value_list = [values.raw[i * vs : (i + 1) * vs] for i in range(n.value)]
        if delete:
            for key in key_list:
                self._hold_inner(key, None)
        next_cursor = None if ret == _ENOENT else out_batch.value.to_bytes(4, "little")
        return RawBatch(key_list, value_list, next_cursor)

    def _update_batch(self, entries: list[tuple[bytes, bytes]], elem_flags: int) -> int:
        self._check_write("update_batch")
        if not batch_ops(self.type) & BatchOp.UPDATE:
            raise self._fail(-ENOTSUPP, "update_batch")
        if elem_flags:  # only BPF_F_LOCK is allowed, and no value holds a bpf_spin_lock
            raise MapError(errno.EINVAL, f"map {self.name!r}: update_batch: elem_flags must be 0")
        return super()._update_batch(entries, elem_flags)

    def _delete_batch(self, keys: list[bytes]) -> int:
        self._check_write("delete_batch")
        if not batch_ops(self.type) & BatchOp.DELETE:
            raise self._fail(-ENOTSUPP, "delete_batch")
        return super()._delete_batch(keys)

    def _freeze(self) -> None:
        # map_freeze(): no write permission (read-only, or already frozen) is EPERM; a
        # writable mapping still alive is EBUSY.
        self._check_write("freeze")
        if any(True for _ in self._writable_views):
            raise MapError(
                errno.EBUSY, f"map {self.name!r}: freeze: a writable memoryview is alive"
            )
        self._frozen = True

    def clear(self) -> None:
        self._check_write("clear")
        ret = self.lib.ebpy_map_clear(self.address)
        if ret != 0:
            raise self._fail(ret, "clear")
        held, self._held = self._held, {}
        for inner in held.values():
            inner.release()

    # ---- map-in-maps -----------------------------------------------------------------------------
    def _encode_inner_map(self, inner: Any) -> bytes:
        if not isinstance(inner, Map):
            raise MapError(
                errno.EBADF, f"map {self.name!r}: an inner map must be an ebpy Map, got {inner!r}"
            )
        inner._check_open()
        return inner.address.to_bytes(8, "little")

    def _decode_inner_map(self, raw: bytes) -> Map:
        return registry.map_at(int.from_bytes(raw, "little"))

    def _inner_for(self, value: bytes) -> Map:
        try:
            return registry.map_at(int.from_bytes(value, "little"))
        except MapError:
            raise MapError(
                errno.EBADF, f"map {self.name!r}: update: the value names no live map"
            ) from None

    def _hold_inner(self, key: bytes, inner: Map | None) -> None:
        """Keep `inner` alive while it is stored under `key`; release what was there."""
        if self.type not in MAP_SLOTS:
            return
        if inner is not None:
            inner.hold()
        old = self._held.pop(key, None)
        if inner is not None:
            self._held[key] = inner
        if old is not None:
            old.release()

    # ---- for the engines -------------------------------------------------------------------------
    def lookup_ptr(self, key: bytes, cpu: int = 0) -> int:
        """bpf_map_lookup_elem() as a program on `cpu` sees it: the value's address or 0
        (map-in-maps: the inner map's address). Counts as a use for LRU maps."""
        self._check_alive()
        key = self._check_key(key, "lookup_ptr")
        return int(self.lib.ebpy_map_lookup(self.address, key, cpu) or 0)

    def memoryview(self) -> memoryview:
        """The value area of a BPF_F_MMAPABLE array (max_entries * round_up(value_size, 8)
        bytes), like mmap() of the kernel map: read-only once the map is frozen."""
        self._check_open()
        if self.type != MapType.ARRAY or not self.flags & MapFlags.MMAPABLE:
            raise MapError(
                errno.ENODEV, f"map {self.name!r}: only BPF_F_MMAPABLE arrays can be mapped"
            )
        offset = self.info(Info.OFF_VALUES)
        length = self.max_entries * self.info(Info.VALUE_STRIDE)
        writable = not self._frozen
        view = self._mem.view(offset, length, writable)
        if writable:
            self._writable_views.add(view.obj)
        return view[:length]

    def hold(self) -> None:
        """Keep the memory alive until a matching release() (for engines and outer maps)."""
        with self._lock:
            if self._refs == 0:
                raise MapError(errno.EBADF, f"map {self.name!r} is closed")
            self._refs += 1

    def release(self) -> None:
        with self._lock:
            self._refs -= 1
            last = self._refs == 0
        if last:
            self._destroy()

    def _close(self) -> None:
        """Drop the user's reference; the memory goes once nothing holds the map."""
        with self._lock:
            if not self._open:
                return
            self._open = False
        self.release()

    def _destroy(self) -> None:
        registry.unregister(self)
        held, self._held = self._held, {}
        self._unmap()
        for inner in held.values():
            inner.release()


class RingBufMap(Map):
    """A BPF_MAP_TYPE_RINGBUF: producers `output()` (or reserve/submit natively), consumers
    read through `reader()`; no keys, no lookups."""

    def reader(self, wait: Any = None) -> RingBuffer:
        """A consumer over this map's memory (see ebpy.maps.ringbuf.RingBuffer)."""
        self._check_open()
        return RingBuffer(
            self.address + self.info(Info.OFF_CONSUMER),
            self.address + self.info(Info.OFF_PRODUCER),
            self.address + self.info(Info.OFF_DATA),
            self.max_entries,
            owner=self,
            wait=wait,
        )

    def output(self, data: bytes, flags: int = 0) -> None:
        """bpf_ringbuf_output(): EAGAIN when the record does not fit."""
        self._check_open()
        data = bytes(data)
        ret = self.lib.ebpy_ringbuf_output(self.address, data, len(data), flags)
        if ret != 0:
            raise self._fail(ret, "output")

    def query(self, flag: int) -> int:
        """bpf_ringbuf_query(): BPF_RB_AVAIL_DATA (0), RING_SIZE (1), CONS_POS (2), PROD_POS (3)."""
        self._check_alive()
        return int(self.lib.ebpy_ringbuf_query(self.address, flag))

    def reserve_ptr(self, size: int, flags: int = 0) -> int:
        """bpf_ringbuf_reserve(): the record's data address, 0 when it does not fit."""
        self._check_alive()
        return int(self.lib.ebpy_ringbuf_reserve(self.address, size, flags) or 0)

    def submit(self, ptr: int, flags: int = 0) -> None:
        self._check_alive()
        self.lib.ebpy_ringbuf_submit(ptr, flags)

    def discard(self, ptr: int, flags: int = 0) -> None:
        self._check_alive()
        self.lib.ebpy_ringbuf_discard(ptr, flags)


def create_map(
    spec: MapSpec, *, ncpu: int | None = None, seed: int | None = None
) -> Map | PerfEventArray:
    """A native map for `spec` (MapError with the kernel's errno for a spec the kernel would
    refuse; LoadError for types only the kernel engine has). `seed` fixes the hash seed
    (BPF_F_ZERO_SEED zeroes it); `ncpu` overrides the number of per-CPU values. Perf event
    arrays hold readers' queues, not memory: ebpy.maps.perf."""
    if spec.type == MapType.PERF_EVENT_ARRAY:
        return PerfEventArray(spec, ncpu=ncpu)
    cls = RingBufMap if spec.type == MapType.RINGBUF else Map
    return cls(spec, ncpu=ncpu, seed=seed)
