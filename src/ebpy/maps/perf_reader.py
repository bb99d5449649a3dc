"""Reading a userspace perf event array: the kernel PerfBuffer's API over ebpy's CPU queues.

`PerfReader` attaches one queue per online CPU (below max_entries) to the array, as the
kernel's reader stores one perf event fd per CPU, and offers what ebpy.kernel.perf_buffer's
PerfBuffer does: `samples()` (PerfSample(cpu, data)), `records()`/iteration/`read()`,
`poll(callback, timeout)`, `stream(timeout)`, `lost`, plus `async for`. Producers are
programs in this process, so waiting is a short sleep between looks.
"""

from __future__ import annotations

import errno
import time
from abc import abstractmethod
from collections.abc import Callable, Iterator
from typing import Any

from ebpy.errors import LoadError, MapError
from ebpy.maps.cpus import parse_cpu_list
from ebpy.maps.event_reader import FIRST_PAUSE, LONGEST_PAUSE, EventReader
from ebpy.maps.memory import PAGE_SIZE
from ebpy.maps.perf import CpuQueue, PerfEventArray, PerfSample
from ebpy.maps.records import Decoder, RecordType, make_decoder

ONLINE = "/sys/devices/system/cpu/online"


def online_cpus() -> list[int]:
    """The CPUs a reader opens a ring for (the kernel's reader does the same)."""
    try:
        with open(ONLINE) as f:
            return parse_cpu_list(f.read()) or [0]
    except (OSError, ValueError):
        return [0]


class SampleReader(EventReader):
    """What every perf buffer reader offers over its `samples()` and `wait()`: records,
    iteration, `read()`, `poll()`, `stream()`, `async for`, a context manager. The kernel's
    PerfBuffer (ebpy.kernel.perf_buffer) and ebpy's own (`PerfReader`) share it."""

    @abstractmethod
    def samples(self) -> Iterator[PerfSample]:
        """Consume and yield every sample there now, without waiting."""

    @abstractmethod
    def wait(self, timeout: float | None = None) -> bool:
        """Block until samples may be there (or `timeout` seconds pass): False on timeout."""

    def records(self) -> Iterator[Any]:
        """The samples' data (decoded), without waiting."""
        for sample in self.samples():
            yield sample.data

    def __iter__(self) -> Iterator[Any]:
        return self.records()

    def read(self) -> list[Any]:
        return list(self.records())

    def poll(self, callback: Callable[[Any], Any], timeout: float | None = None) -> int:
        """Wait up to `timeout` seconds for samples; hand each one's data to `callback`."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            count = 0
            for record in self.records():
                callback(record)
                count += 1
            if count:
                return count
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return 0
            self.wait(remaining)

    def stream(self, timeout: float | None = None) -> Iterator[Any]:
        """Records as they arrive, until `timeout` seconds pass without one (None: forever)."""
        while True:
            got = False
            for record in self.records():
                got = True
                yield record
            if not got and not self.wait(timeout):
                return


class PerfReader(SampleReader):
    """Samples of one userspace perf event array, decoded by `record_type`; `lost` counts
    samples dropped because a CPU's queue was full. A context manager."""

    def __init__(
        self,
        array: PerfEventArray,
        record_type: RecordType = None,
        *,
        pages: int = 8,
        lost: Callable[[int, int], Any] | None = None,
    ) -> None:
        if not isinstance(pages, int) or pages < 1 or pages & (pages - 1):
            raise LoadError(f"perf buffer pages must be a power of 2, not {pages}")
        array._check_open()
        self.map = array
        self.name = array.name
        self.decode: Decoder | None = make_decoder(record_type, array.btf)
        self.lost = 0
        self._lost_callback = lost
        self._queues: dict[int, CpuQueue] = {}
        self._closed = False
        for cpu in online_cpus():
            if cpu >= array.max_entries:
                break  # the map has no slot for it
            queue = CpuQueue(cpu, pages * PAGE_SIZE)
            array.attach(cpu, queue)
            self._queues[cpu] = queue

    # ---- state --------------------------------------------------------------------------------
    @property
    def closed(self) -> bool:
        return self._closed or self.map.closed

    @property
    def cpus(self) -> list[int]:
        return sorted(self._queues)

    def _pending(self) -> bool:
        return any(q.records for q in self._queues.values())

    # ---- reading ------------------------------------------------------------------------------
    def samples(self) -> Iterator[PerfSample]:
        """Consume and yield every sample there now, CPU by CPU, without waiting."""
        if self.closed:
            raise MapError(errno.EBADF, "the perf buffer is closed")
        for cpu, queue in list(self._queues.items()):
            for item in queue.take():
                if isinstance(item, int):
                    self.lost += item
                    if self._lost_callback is not None:
                        self._lost_callback(cpu, item)
                    continue
                yield PerfSample(cpu, self.decode(item) if self.decode is not None else item)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until a CPU's queue holds records (or `timeout` seconds pass)."""
        if self.closed:
            raise MapError(errno.EBADF, "the perf buffer is closed")
        deadline = None if timeout is None else time.monotonic() + max(timeout, 0.0)
        pause = FIRST_PAUSE
        while not self._pending():
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            time.sleep(pause if remaining is None else min(pause, remaining))
            pause = min(pause * 2, LONGEST_PAUSE)
        return True

    # ---- lifetime -----------------------------------------------------------------------------
    def close(self) -> None:
        queues, self._queues = self._queues, {}
        for cpu, queue in queues.items():
            self.map.detach(cpu, queue)  # the slot no longer feeds a closed reader
        self._closed = True

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"CPUs {self.cpus}"
        return f"<PerfReader {self.name!r} {state}>"
