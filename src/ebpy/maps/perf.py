"""BPF_MAP_TYPE_PERF_EVENT_ARRAY for the userspace engines.

In the kernel each slot of the array holds a perf event (a PERF_COUNT_SW_BPF_OUTPUT event
opened on one CPU, with a ring mapped by a reader); bpf_perf_event_output() writes a sample
into the slot's ring. Here a slot holds a `CpuQueue` that a reader attached: a bounded
per-CPU queue of records that costs exactly what the kernel's ring charges for them (an
8-byte header, a u32 size, the data padded to 8), so the same samples fit and the same ones
are lost. A dropped sample bumps the queue's lost count; the next sample that fits is
preceded by a PERF_RECORD_LOST carrying it, as perf_output_begin() does.

What users see matches bpf() on this type: lookups are ENOTSUPP, keys iterate like an array,
delete detaches a slot (ENOENT when empty, E2BIG past the end), updates take perf event fds,
which do not exist here, so an update is EBADF (flags other than BPF_ANY are EINVAL first).
"""

from __future__ import annotations

import errno
import threading
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ebpy.errors import LoadError, MapError
from ebpy.maps.access import AccessChecks
from ebpy.maps.api import MapAPI, RawBatch, map_error
from ebpy.maps.cpus import possible_cpus
from ebpy.maps.kinds import ENOTSUPP
from ebpy.maps.records import RecordType
from ebpy.spec.map_spec import MapSpec
from ebpy.spec.types import MapFlags, MapType

if TYPE_CHECKING:
    from collections.abc import Callable

    from ebpy.maps.perf_reader import PerfReader

BPF_F_INDEX_MASK = 0xFFFFFFFF
BPF_F_CURRENT_CPU = BPF_F_INDEX_MASK
BPF_F_CTXLEN_MASK = 0xFFFFF << 32

HEADER_SIZE = 8  # struct perf_event_header
LOST_RECORD_SIZE = 24  # header, u64 id, u64 lost
_MAX_RECORD = 0xFFFF  # perf_event_header.size is a u16

# fd_array_map_alloc_check + array_map_alloc_check: what BPF_MAP_CREATE accepts for this type.
_CREATE_FLAGS = MapFlags.NUMA_NODE | MapFlags.RDONLY | MapFlags.WRONLY | MapFlags.PRESERVE_ELEMS


@dataclass(frozen=True)
class PerfSample:
    """One sample: the CPU it was written on and its data (decoded when a type was given)."""

    cpu: int
    data: Any


def sample_size(size: int) -> int:
    """Bytes a sample of `size` data bytes takes in a perf ring (header, u32 size, padding)."""
    return HEADER_SIZE + ((size + 4 + 7) & ~7)


class CpuQueue:
    """One CPU's ring, as the records in it: ("sample", bytes) or ("lost", count)."""

    def __init__(self, cpu: int, capacity: int) -> None:
        self.cpu = cpu
        self.capacity = capacity
        self.used = 0
        self.pending_lost = 0  # samples dropped since the last lost record was written
        self.records: deque[tuple[int, bytes | int]] = deque()
        self.lock = threading.Lock()

    def put(self, data: bytes) -> int:
        """perf_output_begin(): 0, or -ENOSPC (counted as lost) when the record does not fit.
        The ring never fills completely (CIRC_SPACE keeps one byte free)."""
        size = sample_size(len(data))
        with self.lock:
            lost = self.pending_lost
            need = size + (LOST_RECORD_SIZE if lost else 0)
            if self.used + need > self.capacity - 1:
                self.pending_lost += 1
                return -errno.ENOSPC
            if lost:
                self.records.append((LOST_RECORD_SIZE, lost))
                self.pending_lost = 0
            # The kernel pads the raw data so the record ends 8-aligned; readers get the
            # padding (zeros) as part of the sample.
            self.records.append((size, data + bytes(size - HEADER_SIZE - 4 - len(data))))
            self.used += need
            return 0

    def take(self) -> list[bytes | int]:
        """Everything written so far (samples as bytes, lost records as counts), consumed."""
        with self.lock:
            out = [payload for _size, payload in self.records]
            self.records.clear()
            self.used = 0
        return out


class PerfEventArray(AccessChecks, MapAPI):
    """A perf event array in userspace: slots hold the CPU queues of readers (`reader()`)."""

    def __init__(self, spec: MapSpec, *, ncpu: int | None = None) -> None:
        if spec.max_entries == 0:
            spec = spec.copy()  # libbpf sizes it to the possible CPUs
            spec.max_entries = possible_cpus()
        _check_spec(spec)
        super().__init__(spec, ncpu or possible_cpus())
        self.btf: Any = None  # the object's BTF, set by the collection (for record types)
        self._slots: dict[int, CpuQueue] = {}
        self._open = True
        self._frozen = False
        self._lock = threading.Lock()

    # ---- checks -----------------------------------------------------------------------------
    def _index(self, key: bytes, op: str) -> int:
        if len(key) != 4:
            raise MapError(
                errno.EINVAL, f"map {self.name!r}: {op}: key is {len(key)} bytes, expected 4"
            )
        return int.from_bytes(key, "little")

    # ---- primitives -------------------------------------------------------------------------
    def _lookup(self, key: bytes) -> bytes | None:
        self._check_read("lookup")
        raise map_error(ENOTSUPP, self.name, "lookup")

    def _update(self, key: bytes, value: bytes, flags: int) -> None:
        self._check_write("update")
        index = self._index(bytes(key), "update")
        if flags:
            raise map_error(errno.EINVAL, self.name, "update")
        if index >= self.max_entries:
            raise map_error(errno.E2BIG, self.name, "update")
        raise MapError(
            errno.EBADF,
            f"map {self.name!r}: update: values are perf event fds, which the userspace "
            "engines do not have; open a reader (map.reader() or coll.perf_buffer()) instead",
        )

    def _delete(self, key: bytes) -> None:
        self._check_write("delete")
        index = self._index(bytes(key), "delete")
        if index >= self.max_entries:
            raise map_error(errno.E2BIG, self.name, "delete")
        with self._lock:
            if self._slots.pop(index, None) is None:
                raise map_error(errno.ENOENT, self.name, "delete")

    def _next_key(self, key: bytes | None) -> bytes | None:
        self._check_read("next_key")
        index = 0 if key is None else self._index(bytes(key), "next_key") + 1
        if key is not None and index > self.max_entries:
            index = 0  # array_map_get_next_key: a key past the end restarts
        if index >= self.max_entries:
            return None
        return index.to_bytes(4, "little")

    def _lookup_and_delete(self, key: bytes | None) -> bytes | None:
        self._check_open()
        raise map_error(ENOTSUPP, self.name, "lookup_and_delete")

    def _lookup_batch(self, cursor: bytes | None, count: int, delete: bool) -> RawBatch:
        self._check_open()
        raise map_error(
            ENOTSUPP, self.name, "lookup_and_delete_batch" if delete else "lookup_batch"
        )

    def _update_batch(self, entries: list[tuple[bytes, bytes]], elem_flags: int) -> int:
        self._check_open()
        raise map_error(ENOTSUPP, self.name, "update_batch")

    def _delete_batch(self, keys: list[bytes]) -> int:
        self._check_open()
        raise map_error(ENOTSUPP, self.name, "delete_batch")

    def _freeze(self) -> None:
        self._check_write("freeze")  # frozen already: no write permission left, EPERM
        self._frozen = True

    def _close(self) -> None:
        with self._lock:
            self._open = False
            self._slots.clear()

    # ---- for readers ------------------------------------------------------------------------
    def attach(self, index: int, queue: CpuQueue) -> None:
        """Put a reader's queue in slot `index` (what storing a perf event fd does)."""
        self._check_open()
        if index >= self.max_entries:
            raise map_error(errno.E2BIG, self.name, "attach")
        with self._lock:
            self._slots[index] = queue

    def detach(self, index: int, queue: CpuQueue) -> None:
        """Empty slot `index` if it still holds `queue` (a closing reader)."""
        with self._lock:
            if self._slots.get(index) is queue:
                del self._slots[index]

    def reader(
        self,
        record_type: RecordType = None,
        *,
        pages: int = 8,
        lost: Callable[[int, int], Any] | None = None,
    ) -> PerfReader:
        """Per-CPU queues the size of `pages` pages (a power of 2) each, as the kernel's
        PerfBuffer maps; `lost(cpu, count)` is called for lost-sample records."""
        from ebpy.maps.perf_reader import PerfReader

        return PerfReader(self, record_type, pages=pages, lost=lost)

    # ---- for programs -----------------------------------------------------------------------
    def output(self, cpu: int, flags: int, data: bytes) -> int:
        """__bpf_perf_event_output() for a program on `cpu`: 0 or a negative errno."""
        index = flags & BPF_F_INDEX_MASK
        if index == BPF_F_CURRENT_CPU:
            index = cpu
        if index >= self.max_entries:
            return -errno.E2BIG
        queue = self._slots.get(index)
        if queue is None:
            return -errno.ENOENT
        if queue.cpu != cpu:  # the event lives on another CPU
            return -errno.EOPNOTSUPP
        if sample_size(len(data)) > _MAX_RECORD:
            return -errno.E2BIG
        return queue.put(data)


def _check_spec(spec: MapSpec) -> None:
    label = f"map {spec.name!r} (BPF_MAP_TYPE_PERF_EVENT_ARRAY)"
    if spec.type != MapType.PERF_EVENT_ARRAY:
        raise LoadError(f"{label}: the spec is a {spec.type!r} map")
    problems = [
        (spec.key_size != 4, f"key_size must be 4, not {spec.key_size}"),
        (spec.value_size != 4, f"value_size must be 4 (a perf event fd), not {spec.value_size}"),
        (not 0 < spec.max_entries <= 0xFFFFFFFF, f"max_entries {spec.max_entries} is out of range"),
        (
            bool(spec.flags & ~int(_CREATE_FLAGS)),
            f"flags {spec.flags:#x} are not valid for this type",
        ),
        (
            spec.flags & (MapFlags.RDONLY | MapFlags.WRONLY) == MapFlags.RDONLY | MapFlags.WRONLY,
            "BPF_F_RDONLY with BPF_F_WRONLY",
        ),
        (spec.map_extra != 0, "map_extra must be 0"),
    ]
    for bad, text in problems:
        if bad:
            raise MapError(errno.EINVAL, f"{label}: {text}")
