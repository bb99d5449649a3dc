"""Kernel maps: BPF_MAP_CREATE, and the MapAPI primitives over the fd it returns.

`KernelMapFd` is an `ebpy.maps.MapAPI`: the same dict-like, typed Python API as the userspace
engines' maps (`m[k] = v`, `items()`, per-CPU lists, batches, push/pop), with the primitives
(`_lookup`, `_update`, ...) done by bpf() on raw bytes. Failures are KernelMapError (a
KernelError with the hint, and the MapError every engine raises for that errno);
KernelMapKeyError (also a KeyError) for ENOENT, KernelBatchError (with `count`) for batches.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import mmap
from typing import Any

from ebpy.errors import LoadError, MapError
from ebpy.kernel.attr import MapBatchAttr, MapCreateAttr, MapElemAttr, check_u32, object_name
from ebpy.kernel.fd import Fd, FdLike, OwnsFd, fd_number
from ebpy.kernel.info import MapInfo, map_info
from ebpy.kernel.syscall import CData, KernelMapError, address, bpf, bpf_fd, byte_buffer
from ebpy.kernel.system import page_size
from ebpy.kernel.uapi import Cmd
from ebpy.maps.api import BatchError, MapAPI, MapKeyError, RawBatch
from ebpy.maps.cpus import possible_cpus
from ebpy.maps.layout import round8
from ebpy.spec.map_spec import MapSpec
from ebpy.spec.types import MapFlags, MapType

Buffer = ctypes.Array[ctypes.c_char]

# Types whose elements carry no key through bpf(): the key pointer is NULL.
_KEYLESS = frozenset({MapType.QUEUE, MapType.STACK, MapType.BLOOM_FILTER})


class KernelMapKeyError(KernelMapError, MapKeyError):
    """ENOENT from a kernel map: a KernelMapError that is also MapKeyError (and KeyError)."""


class KernelBatchError(KernelMapError, BatchError):
    """A kernel batch operation that stopped: `count` elements were done before the error."""

    def __init__(self, err: int, what: str, hint: str, count: int) -> None:
        KernelMapError.__init__(self, err, what, hint)
        self.count = count


class KernelMapFd(OwnsFd, MapAPI):
    """A map in the kernel, reached through its fd (owned: close() releases it).

    Per-CPU values travel as one slot per possible CPU, each padded to 8 bytes
    (`value_buffer_size` raw bytes); MapAPI turns them into lists. Program arrays and
    map-in-maps take fds (a KernelProgram / KernelMapFd or a number) and read back ids.
    """

    def __init__(self, fd: Fd, spec: MapSpec) -> None:
        super().__init__(spec, possible_cpus())
        self.fd = fd
        self.value_stride = round8(spec.value_size) if self.percpu else spec.value_size
        self.value_buffer_size = self.value_stride * (self.ncpu if self.percpu else 1)
        self.btf: Any = None  # the object's ebpy.btf.Spec, when loaded from one (record types)
        self._mmap: mmap.mmap | None = None

    # ---- construction from an existing object --------------------------------------------
    @classmethod
    def from_fd(cls, fd: Fd) -> KernelMapFd:
        """Wrap an fd (taking ownership), learning the map's shape from the kernel."""
        try:
            info = map_info(fd)
            try:
                mtype = MapType(info.type)
            except ValueError:
                raise LoadError(
                    f"map {info.name!r}: map type {info.type} unknown to ebpy"
                ) from None
            spec = MapSpec(
                info.name,
                mtype,
                info.key_size,
                info.value_size,
                info.max_entries,
                flags=info.map_flags,
                map_extra=info.map_extra,
            )
            return map_class(mtype)(fd, spec) if cls is KernelMapFd else cls(fd, spec)
        except BaseException:
            fd.close()
            raise

    # ---- ownership -------------------------------------------------------------------------
    def _close(self) -> None:
        mm, self._mmap = self._mmap, None
        if mm is not None:
            # A memoryview still exported keeps the mapping (and the map) alive until it goes.
            with contextlib.suppress(BufferError):
                mm.close()
        self.fd.close()

    def close(self) -> None:
        self._close()

    # ---- memory-mapped arrays (global data) ---------------------------------------------------
    def memory(self) -> memoryview:
        """The map's values as a memoryview of its mmap (BPF_F_MMAPABLE arrays, e.g. .data and
        .bss): reads and writes go straight to the memory programs use. Frozen maps (.rodata)
        are mapped read-only. Valid until the map is closed."""
        if self._mmap is None:
            if not self.flags & MapFlags.MMAPABLE or self.type != MapType.ARRAY:
                raise MapError(
                    errno.EINVAL, f"{self._label}: not an mmapable array (BPF_F_MMAPABLE)"
                )
            length = self.max_entries * round8(self.value_size)
            size = -(-length // page_size()) * page_size()
            fd = self.fd.fileno()
            try:
                self._mmap = mmap.mmap(fd, size, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
            except PermissionError:  # frozen, or read-only for user space
                self._mmap = mmap.mmap(fd, size, mmap.MAP_SHARED, mmap.PROT_READ)
            except OSError as e:
                raise MapError(
                    e.errno or errno.EINVAL, f"{self._label}: mmap: {e.strerror}"
                ) from None
        return memoryview(self._mmap)[: self.max_entries * round8(self.value_size)]

    def info(self) -> MapInfo:
        return map_info(self.fd)

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"fd {self.fd.fileno()}"
        return f"<KernelMapFd {self.name or '(anonymous)'} {self.type.name} {state}>"

    # ---- calling bpf() -----------------------------------------------------------------------
    @property
    def _label(self) -> str:
        return f"map {self.name!r}" if self.name else "map"

    def _call(self, cmd: Cmd, attr: CData, op: str, *, absent_ok: bool = False) -> bool:
        """Run a map command; False when the kernel said ENOENT and `absent_ok`."""
        try:
            bpf(cmd, attr, what=f"{op} {self._label}", error=KernelMapError)
        except KernelMapError as e:
            if e.errno != errno.ENOENT:
                raise
            if absent_ok:
                return False
            raise KernelMapKeyError(errno.ENOENT, e.what, e.hint) from None
        return True

    def _key(self, key: bytes | None) -> Buffer | None:
        if self.type in _KEYLESS or self.key_size == 0:
            return None
        if key is None or len(key) != self.key_size:
            got = "no key" if key is None else f"{len(key)} bytes"
            raise MapError(
                errno.EINVAL, f"{self._label}: key must be {self.key_size} bytes, got {got}"
            )
        return byte_buffer(key)

    def _value(self, value: bytes) -> Buffer:
        if len(value) != self.value_buffer_size:
            raise MapError(
                errno.EINVAL,
                f"{self._label}: raw value must be {self.value_buffer_size} bytes, got {len(value)}",
            )
        return byte_buffer(value)

    def _elem(
        self,
        cmd: Cmd,
        op: str,
        key: Buffer | None,
        value: Buffer | None,
        flags: int = 0,
        *,
        absent_ok: bool = False,
    ) -> bool:
        attr = MapElemAttr(map_fd=self.fd.fileno(), key=address(key), flags=flags)
        attr.value = address(value)
        return self._call(cmd, attr, op, absent_ok=absent_ok)

    # ---- MapAPI primitives -----------------------------------------------------------------------
    def _lookup(self, key: bytes) -> bytes | None:
        out = ctypes.create_string_buffer(self.value_buffer_size)
        found = self._elem(Cmd.MAP_LOOKUP_ELEM, "lookup in", self._key(key), out, absent_ok=True)
        return out.raw if found else None

    def _update(self, key: bytes, value: bytes, flags: int) -> None:
        self._elem(Cmd.MAP_UPDATE_ELEM, "update of", self._key(key), self._value(value), flags)

    def _delete(self, key: bytes) -> None:
        self._elem(Cmd.MAP_DELETE_ELEM, "delete in", self._key(key), None)

    def _next_key(self, key: bytes | None) -> bytes | None:
        kbuf = None if key is None else self._key(key)
        out = ctypes.create_string_buffer(self.key_size)
        attr = MapElemAttr(map_fd=self.fd.fileno(), key=address(kbuf))
        attr.next_key = address(out)
        found = self._call(Cmd.MAP_GET_NEXT_KEY, attr, "next key in", absent_ok=True)
        return out.raw if found else None

    def _lookup_and_delete(self, key: bytes | None) -> bytes | None:
        kbuf = None if key is None else self._key(key)
        out = ctypes.create_string_buffer(self.value_buffer_size)
        op = "lookup-and-delete in"
        found = self._elem(Cmd.MAP_LOOKUP_AND_DELETE_ELEM, op, kbuf, out, absent_ok=True)
        return out.raw if found else None

    def _push(self, value: bytes, flags: int) -> None:
        self._elem(Cmd.MAP_UPDATE_ELEM, "push to", None, self._value(value), flags)

    def _pop(self) -> bytes | None:
        return self._lookup_and_delete(None)

    def _peek(self, value: bytes | None) -> bytes | None:
        if self.type == MapType.BLOOM_FILTER:
            # The kernel reads the value to test from the value buffer: 0 or ENOENT.
            vbuf = self._value(value if value is not None else b"")
            found = self._elem(Cmd.MAP_LOOKUP_ELEM, "lookup in", None, vbuf, absent_ok=True)
            return vbuf.raw if found else None
        out = ctypes.create_string_buffer(self.value_buffer_size)
        found = self._elem(Cmd.MAP_LOOKUP_ELEM, "peek in", None, out, absent_ok=True)
        return out.raw if found else None

    def _freeze(self) -> None:
        self._call(Cmd.MAP_FREEZE, MapElemAttr(map_fd=self.fd.fileno()), "freezing")

    def _lookup_batch(self, cursor: bytes | None, count: int, delete: bool) -> RawBatch:
        keys = ctypes.create_string_buffer(count * self.key_size)
        values = ctypes.create_string_buffer(count * self.value_buffer_size)
        in_batch = byte_buffer(cursor) if cursor is not None else None
        # Hash maps keep a u32 bucket index in the cursor, arrays a key: room for either.
        out_batch = ctypes.create_string_buffer(max(self.key_size, 4))
        attr = MapBatchAttr(
            in_batch=address(in_batch),
            out_batch=address(out_batch),
            keys=address(keys),
            values=address(values),
            count=count,
            map_fd=self.fd.fileno(),
        )
        cmd = Cmd.MAP_LOOKUP_AND_DELETE_BATCH if delete else Cmd.MAP_LOOKUP_BATCH
        op = "batch lookup-and-delete in" if delete else "batch lookup in"
        # ENOENT ends the walk and still carries the last entries.
        more = self._call(cmd, attr, op, absent_ok=True)
        n, ks, vs = attr.count, self.key_size, self.value_buffer_size
        return RawBatch(
            [keys.raw[i * ks : (i + 1) * ks] for i in range(n)],
            [values.raw[i * vs : (i + 1) * vs] for i in range(n)],
            out_batch.raw if more else None,
        )

    def _update_batch(self, entries: list[tuple[bytes, bytes]], elem_flags: int) -> int:
        if not entries:
            return 0
        keys = byte_buffer(b"".join(self._key_bytes(k) for k, _ in entries))
        values = byte_buffer(b"".join(self._value(v).raw for _, v in entries))
        return self._write_batch(
            Cmd.MAP_UPDATE_BATCH, "batch update of", keys, values, len(entries), elem_flags
        )

    def _delete_batch(self, keys: list[bytes]) -> int:
        if not keys:
            return 0
        kbuf = byte_buffer(b"".join(self._key_bytes(k) for k in keys))
        return self._write_batch(Cmd.MAP_DELETE_BATCH, "batch delete in", kbuf, None, len(keys), 0)

    def _key_bytes(self, key: bytes) -> bytes:
        kbuf = self._key(key)
        return kbuf.raw if kbuf is not None else b""

    def _write_batch(
        self, cmd: Cmd, op: str, keys: Buffer, values: Buffer | None, count: int, elem_flags: int
    ) -> int:
        attr = MapBatchAttr(
            keys=address(keys),
            values=address(values),
            count=count,
            map_fd=self.fd.fileno(),
            elem_flags=elem_flags,
        )
        try:
            bpf(cmd, attr, what=f"{op} {self._label}", error=KernelMapError)
        except KernelMapError as e:
            what = f"{e.what} (after {attr.count} of {count})"
            raise KernelBatchError(e.errno or 0, what, e.hint, attr.count) from None
        return attr.count

    # ---- fd-valued slots --------------------------------------------------------------------------
    def _encode_program(self, program: Any) -> bytes:
        return self._fd_value(program, "a program")

    def _decode_program(self, raw: bytes) -> Any:
        return int.from_bytes(raw[:4], "little")  # the kernel answers with the program's id

    def _encode_inner_map(self, inner: Any) -> bytes:
        return self._fd_value(inner, "a map")

    def _decode_inner_map(self, raw: bytes) -> Any:
        return int.from_bytes(raw[:4], "little")  # the inner map's id

    def _fd_value(self, obj: Any, what: str) -> bytes:
        try:
            number = fd_number(obj)
        except (AttributeError, TypeError):
            number = -1
        if isinstance(obj, bool) or number < 0:
            raise MapError(
                errno.EBADF, f"{self._label}: a value must be {what} or its fd, got {obj!r}"
            )
        return number.to_bytes(4, "little").ljust(self.value_buffer_size, b"\0")


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
    spec = MapSpec(
        name,
        _map_type(type),
        key_size,
        value_size,
        max_entries,
        flags=int(flags),
        map_extra=map_extra,
    )
    if numa_node is not None:
        spec.numa_node = numa_node
        spec.flags |= MapFlags.NUMA_NODE
    return create_map_from_spec(
        spec,
        inner_map=inner_map,
        btf=btf,
        key_type_id=key_type_id,
        value_type_id=value_type_id,
        vmlinux_value_type_id=vmlinux_value_type_id,
        ifindex=ifindex,
    )


def create_map_from_spec(
    spec: MapSpec,
    *,
    inner_map: FdLike | None = None,
    btf: FdLike | None = None,
    key_type_id: int = 0,
    value_type_id: int = 0,
    vmlinux_value_type_id: int = 0,
    ifindex: int = 0,
    kernel_name: str | None = None,
) -> KernelMapFd:
    """BPF_MAP_CREATE for a MapSpec. A map-in-map without `inner_map` gets a template made
    from `spec.inner` for the call (and closed after). `kernel_name` is the name the kernel
    gets when it should differ from `spec.name` (libbpf's names of global data maps)."""
    kind = spec.type.name if isinstance(spec.type, MapType) else str(int(spec.type))
    label = f"{kind} map {spec.name!r}" if spec.name else f"{kind} map"
    what = f"creating {label}"
    attr = MapCreateAttr(
        map_type=check_u32(int(spec.type), "map type", what),
        key_size=check_u32(spec.key_size, "key_size", what),
        value_size=check_u32(spec.value_size, "value_size", what),
        max_entries=check_u32(spec.max_entries, "max_entries", what),
        map_flags=check_u32(int(spec.flags), "flags", what),
        map_name=object_name(spec.name if kernel_name is None else kernel_name),
        map_ifindex=check_u32(ifindex, "ifindex", what),
        btf_key_type_id=check_u32(key_type_id, "key type id", what),
        btf_value_type_id=check_u32(value_type_id, "value type id", what),
        btf_vmlinux_value_type_id=check_u32(vmlinux_value_type_id, "vmlinux value type id", what),
        numa_node=check_u32(spec.numa_node, "numa_node", what),
    )
    if not 0 <= spec.map_extra < 1 << 64:
        raise LoadError(f"{what}: map_extra {spec.map_extra} does not fit in 64 bits")
    attr.map_extra = spec.map_extra
    if btf is not None:
        attr.btf_fd = fd_number(btf)
    template: KernelMapFd | None = None
    try:
        if inner_map is None and spec.inner is not None:
            template = create_map_from_spec(spec.inner)
            inner_map = template
        if inner_map is not None:
            attr.inner_map_fd = fd_number(inner_map)
        fd = bpf_fd(Cmd.MAP_CREATE, attr, what=what)
    finally:
        if template is not None:
            template.close()
    try:
        return map_class(spec.type)(fd, spec)
    except BaseException:
        fd.close()
        raise


def map_class(mtype: MapType | int) -> type[KernelMapFd]:
    """The KernelMapFd subclass for a map type: ring buffers and perf event arrays have
    readers; every other type is a plain KernelMapFd."""
    if mtype == MapType.RINGBUF:
        from ebpy.kernel.ringbuf import KernelRingBufMap

        return KernelRingBufMap
    if mtype == MapType.PERF_EVENT_ARRAY:
        from ebpy.kernel.perf_buffer import KernelPerfEventArray

        return KernelPerfEventArray
    return KernelMapFd


def _map_type(value: MapType | int) -> MapType:
    try:
        return MapType(value)
    except ValueError:
        raise LoadError(f"unknown map type {int(value)}") from None


__all__ = [
    "KernelBatchError",
    "KernelMapError",
    "KernelMapFd",
    "KernelMapKeyError",
    "create_map",
    "create_map_from_spec",
]
