"""Perf event arrays (BPF_MAP_TYPE_PERF_EVENT_ARRAY) read from Python.

bpf_perf_event_output() writes a sample into the perf event stored in the map at the current
CPU's index. A reader opens one PERF_COUNT_SW_BPF_OUTPUT event per online CPU, maps its ring
(one metadata page and 2^n data pages), stores the event fds in the map and waits on all of
them with epoll. Records are PERF_RECORD_SAMPLE (u32 size, then the program's bytes, padded to
8) and PERF_RECORD_LOST (how many samples the kernel dropped because the ring was full).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import select
import struct
from collections.abc import Callable, Iterator
from typing import Any

from ebpy.errors import KernelError, LoadError, MapError
from ebpy.kernel.fd import Fd
from ebpy.kernel.mapping import PROT_READ, PROT_WRITE, Mapping
from ebpy.kernel.maps import KernelMapFd
from ebpy.kernel.perf_event import (
    PERF_EVENT_IOC_ENABLE,
    PerfEventAttr,
    PerfType,
    SampleType,
    SoftwareEvent,
    ioctl,
    perf_event_open,
)
from ebpy.kernel.system import page_size
from ebpy.maps import native
from ebpy.maps.perf import PerfSample  # one record type for every engine's perf samples
from ebpy.maps.perf_reader import SampleReader, online_cpus
from ebpy.maps.records import Decoder, RecordType, make_decoder

# struct perf_event_mmap_page: where the ring's positions live in the metadata page.
DATA_HEAD = 1024
DATA_TAIL = 1032
DATA_OFFSET = 1040
DATA_SIZE = 1048

PERF_RECORD_LOST = 2
PERF_RECORD_SAMPLE = 9
_HEADER = 8  # struct perf_event_header { u32 type; u16 misc; u16 size; }
_RECORD_HEADER = struct.Struct("<IHH")
_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")


class KernelPerfEventArray(KernelMapFd):
    """A BPF_MAP_TYPE_PERF_EVENT_ARRAY; `reader()` opens the per-CPU events and reads them."""

    def reader(
        self,
        record_type: RecordType = None,
        *,
        pages: int = 8,
        lost: Callable[[int, int], Any] | None = None,
    ) -> PerfBuffer:
        """Per-CPU rings of `pages` pages (a power of 2) each; `lost(cpu, count)` is called
        for lost-sample records (they are also counted in `PerfBuffer.lost`)."""
        return PerfBuffer(self, record_type, pages=pages, lost=lost)


class _CpuRing:
    """One CPU's perf event and its mapped ring."""

    def __init__(self, cpu: int, pages: int, label: str) -> None:
        page = page_size()
        attr = PerfEventAttr(
            type=PerfType.SOFTWARE,
            config=SoftwareEvent.BPF_OUTPUT,
            sample_type=SampleType.RAW,
            sample_period=1,
            wakeup_events=1,
        )
        self.cpu = cpu
        self.fd: Fd = perf_event_open(attr, pid=-1, cpu=cpu, what=f"{label}: opening CPU {cpu}")
        try:
            self.region = Mapping(
                self.fd, (1 + pages) * page, PROT_READ | PROT_WRITE, 0, what=f"{label}: CPU {cpu}"
            )
            ioctl(self.fd, PERF_EVENT_IOC_ENABLE, what=f"{label}: enabling CPU {cpu}")
        except BaseException:
            self.fd.close()
            raise
        base = self.region.address
        offset = ctypes.c_uint64.from_address(base + DATA_OFFSET).value
        size = ctypes.c_uint64.from_address(base + DATA_SIZE).value
        # Kernels before 4.1 leave data_offset/size 0: the data starts at the second page.
        self.data = base + (offset or page)
        self.size = size or pages * page

    def close(self) -> None:
        self.region.close()
        self.fd.close()


class PerfBuffer(SampleReader):
    """Reads a perf event array: `read()`, `poll(callback, timeout)`, `samples()`, iteration,
    `async for` (ebpy.maps.perf_reader.SampleReader). Records are decoded by `record_type`;
    `lost` counts samples the kernel dropped."""

    def __init__(
        self,
        array: KernelMapFd,
        record_type: RecordType = None,
        *,
        pages: int = 8,
        lost: Callable[[int, int], Any] | None = None,
    ) -> None:
        if pages < 1 or pages & (pages - 1):
            raise LoadError(f"perf buffer pages must be a power of 2, not {pages}")
        self.map = array
        self.decode: Decoder | None = make_decoder(record_type, array.btf)
        self.lost = 0
        self._lost_callback = lost
        self._lib = native.get_lib()
        self._rings: dict[int, _CpuRing] = {}
        self._epoll: select.epoll | None = select.epoll()
        label = f"perf buffer {array.name!r}"
        try:
            for cpu in online_cpus():
                if cpu >= array.max_entries:
                    break  # the map has no slot for it (max_entries below the CPU count)
                ring = _CpuRing(cpu, pages, label)
                self._rings[cpu] = ring
                array.update(cpu, ring.fd.fileno())
                self._epoll.register(ring.fd.fileno(), select.EPOLLIN)
        except BaseException:
            self.close()
            raise

    @property
    def closed(self) -> bool:
        return self._epoll is None

    @property
    def cpus(self) -> list[int]:
        return sorted(self._rings)

    def fileno(self) -> int:
        if self._epoll is None:
            raise MapError(errno.EBADF, "the perf buffer is closed")
        return self._epoll.fileno()

    # ---- reading --------------------------------------------------------------------------------
    def _read_ring(self, ring: _CpuRing) -> Iterator[PerfSample]:
        lib = self._lib
        meta = ring.region.address
        head = int(lib.ebpy_load_acquire_u64(meta + DATA_HEAD))
        tail = ctypes.c_uint64.from_address(meta + DATA_TAIL).value
        if tail >= head:
            return
        # One copy of everything written since the last read (records may wrap around the
        # ring's end), then the space is handed back before the records are parsed.
        chunk = self._bytes(ring, tail & (ring.size - 1), head - tail)
        lib.ebpy_store_release_u64(meta + DATA_TAIL, head)
        view = memoryview(chunk)
        pos = 0
        while pos + _HEADER <= len(chunk):
            rtype, _misc, size = _RECORD_HEADER.unpack_from(chunk, pos)
            if size < _HEADER or pos + size > len(chunk):
                raise MapError(errno.EIO, f"perf buffer CPU {ring.cpu}: corrupt record size {size}")
            if rtype == PERF_RECORD_SAMPLE:
                # The kernel writes a sample over 64 KiB with its u16 size wrapped around.
                length = _U32.unpack_from(chunk, pos + _HEADER)[0] if size >= _HEADER + 4 else -1
                if length < 0 or _HEADER + 4 + length > size:
                    raise MapError(
                        errno.EIO, f"perf buffer CPU {ring.cpu}: sample larger than its record"
                    )
                raw = bytes(view[pos + _HEADER + 4 : pos + _HEADER + 4 + length])
                yield PerfSample(ring.cpu, self.decode(raw) if self.decode else raw)
            elif rtype == PERF_RECORD_LOST and size >= _HEADER + 16:
                (count,) = _U64.unpack_from(chunk, pos + _HEADER + 8)
                self.lost += count
                if self._lost_callback is not None:
                    self._lost_callback(ring.cpu, count)
            pos += size

    @staticmethod
    def _bytes(ring: _CpuRing, start: int, length: int) -> bytes:
        first = min(length, ring.size - start)
        out = ctypes.string_at(ring.data + start, first)
        if first < length:  # wraps around the end of the ring
            out += ctypes.string_at(ring.data, length - first)
        return out

    def samples(self) -> Iterator[PerfSample]:
        """Consume and yield every sample there now, CPU by CPU, without waiting."""
        if self._epoll is None or self.map.closed:
            raise MapError(errno.EBADF, "the perf buffer is closed")
        for ring in list(self._rings.values()):
            yield from self._read_ring(ring)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until a CPU's ring signals data (or `timeout` seconds pass)."""
        if self._epoll is None:
            raise MapError(errno.EBADF, "the perf buffer is closed")
        return bool(self._epoll.poll(-1 if timeout is None else max(timeout, 0.0)))

    # ---- lifetime --------------------------------------------------------------------------------
    def close(self) -> None:
        epoll, self._epoll = self._epoll, None
        if epoll is not None:
            epoll.close()
        for cpu, ring in self._rings.items():
            if not self.map.closed:
                with contextlib.suppress(KernelError, MapError):
                    self.map.delete(cpu)  # the map no longer points at a closed event
            ring.close()
        self._rings.clear()

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"CPUs {self.cpus}"
        return f"<PerfBuffer {self.map.name!r} {state}>"
