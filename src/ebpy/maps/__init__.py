"""Every map type in native memory, with the kernel's semantics.

    from ebpy.maps import create_map
    m = create_map(MapSpec("flows", MapType.HASH, key_size=4, value_size=8, max_entries=1024))
    m[1] = 10; m.update(2, 20, UpdateFlags.NOEXIST); dict(m.items())

The operations are C (ebpy/maps/native/maps.c, compiled through LLVM at run time) shared by
Python, the interpreter and the JIT; `MapAPI` is the Python face that the kernel engine's
maps share. Layouts and the differences from the kernel: ebpy.maps.layout.
"""

from ebpy.maps.api import Batch, BatchError, MapAPI, MapKeyError, PerCpu, RawBatch
from ebpy.maps.codec import LpmKey
from ebpy.maps.cpus import possible_cpus
from ebpy.maps.kinds import ENOTSUPP, SUPPORTED
from ebpy.maps.layout import Info
from ebpy.maps.map import Map, RingBufMap, create_map, value_view
from ebpy.maps.perf import PerfEventArray, PerfSample
from ebpy.maps.perf_reader import PerfReader
from ebpy.maps.registry import map_at
from ebpy.maps.ringbuf import RingBuffer

__all__ = [
    "ENOTSUPP",
    "SUPPORTED",
    "Batch",
    "BatchError",
    "Info",
    "LpmKey",
    "Map",
    "MapAPI",
    "MapKeyError",
    "PerCpu",
    "PerfEventArray",
    "PerfReader",
    "PerfSample",
    "RawBatch",
    "RingBufMap",
    "RingBuffer",
    "create_map",
    "map_at",
    "possible_cpus",
    "value_view",
]
