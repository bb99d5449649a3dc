"""NativeSpace: the JIT's address space. Addresses are real; regions are only for checking.

It has the interface of `ebpy.runtime.address_space.AddressSpace`, so the shared loader,
contexts and helpers work unchanged: `map_region` returns the buffer's real address, and
`view`/`read`/`write`/`read_cstr` only touch memory inside a known region (a context, a packet,
a map value, global data, a ring buffer record, the running program's frames), so a helper such
as bpf_probe_read cannot read or write arbitrary process memory. Checked mode compiles the same
region table into the native check before every load and store.
"""

from __future__ import annotations

import bisect
import ctypes
from typing import Any

from ebpy.errors import MemoryFault
from ebpy.jit.abi import RegionEntry
from ebpy.jit.lowmem import buffer_address
from ebpy.runtime.address_space import (
    FIRST_DYNAMIC_KEY,
    FUNC_KEY,
    REGION_SHIFT,
    AddressSpace,
    Region,
    RegionKind,
    native_view,
)
from ebpy.spec import MapType

# How far past a region's end an address is still described as "that region, offset N".
_DESCRIBE_SLACK = 1 << 16


class RegionTable(ctypes.Structure):
    """What checked code reads: how many regions, and where their sorted rows are."""

    _fields_ = [("count", ctypes.c_uint64), ("rows", ctypes.c_uint64)]


class NativeSpace(AddressSpace):
    """Regions of real memory, found by address."""

    def __init__(self) -> None:
        super().__init__()
        self._starts: list[tuple[int, int]] = []  # (start, key), sorted
        self._start_of: dict[int, int] = {}  # key -> start
        self._views: dict[int, memoryview] = {}  # key -> the bytes, kept alive here
        self.table = RegionTable()
        self._rows: Any = None
        self._table_stale = False
        self._map_handles_native: dict[int, Any] = {}
        # Maps' whole storage, (start, end, map) sorted: native map helpers hand programs
        # pointers into it without telling us, so helpers called in Python must accept them.
        # Checked mode maps values one by one instead (`exact`).
        self._map_ranges: list[tuple[int, int, Any]] = []
        self.exact = False
        self._scratch: dict[int, list[int]] = {}  # address >> REGION_SHIFT -> keys
        # The run in progress: its state says where its frames are (see RunState.stack_lo/hi).
        self.active_state: Any = None

    # ---- regions ------------------------------------------------------------------------------
    def map_region(
        self,
        view: memoryview | bytearray,
        name: str,
        kind: RegionKind,
        key: int | None = None,
        offset: int = 0,
    ) -> int:
        mv = view if isinstance(view, memoryview) else memoryview(view)
        if mv.format != "B" or mv.ndim != 1:
            mv = mv.cast("B")
        start = buffer_address(mv) if len(mv) else 0
        if key is None:
            key = self._next_key
            self._next_key += 1
        region = Region(name, kind, len(mv), not mv.readonly)
        if self._start_of.get(key) == start:
            # The same memory under the same key (test runs reuse their buffers): the sorted
            # starts stand, only the view and the region's record change.
            self.mem[key] = mv
            self.regions[key] = region
            self._rebuild_table()
        else:
            self._add(key, start, mv, region)
        return start + offset

    def _add(self, key: int, start: int, mv: memoryview, region: Region) -> None:
        if key in self._start_of:
            self._remove(key)
        self.mem[key] = mv
        self.regions[key] = region
        self._start_of[key] = start
        bisect.insort(self._starts, (start, key))
        self._rebuild_table()

    def _remove(self, key: int) -> None:
        start = self._start_of.pop(key)
        i = bisect.bisect_left(self._starts, (start, key))
        if i < len(self._starts) and self._starts[i] == (start, key):
            del self._starts[i]
        self.mem.pop(key, None)
        self.regions.pop(key, None)

    def unmap(self, key: int) -> None:
        """Remove a region by key, or a scratch region by `address >> REGION_SHIFT` (helpers
        written for the interpreter's keyed addresses unmap scratch buffers that way)."""
        scratch = self._scratch.get(key)
        if scratch:
            real = scratch.pop()
            if not scratch:
                del self._scratch[key]
            key = real
        if key in self._start_of:
            self._remove(key)
            self._rebuild_table()

    def scratch_region(self, buf: bytearray, name: str) -> int:
        key = self._next_key
        address = self.map_region(buf, name, RegionKind.SCRATCH)
        self._scratch.setdefault(address >> REGION_SHIFT, []).append(key)
        return address

    def native_region(
        self, pointer: int, size: int, name: str, kind: RegionKind, writable: bool = True
    ) -> int:
        """Native memory (a map value, a ring buffer record) as a region; its address is itself."""
        key = self._native.get((pointer, size))
        if key is None:
            key = self._next_key
            self._next_key += 1
            self._native[(pointer, size)] = key
            self._native_by_key[key] = pointer
            view = native_view(pointer, size, writable)
            self._add(key, pointer, view, Region(name, kind, size, writable))
        return pointer

    def map_handle(self, m: Any) -> int:
        """A map's native address: native helpers take it as is, Python helpers look it up."""
        address = getattr(m, "address", None)
        if address is None:
            return super().map_handle(m)
        address = int(address)
        if address not in self._map_handles_native:
            self._map_handles_native[address] = m
            size = int(getattr(m, "memory_bytes", 0))
            if int(getattr(m, "type", 0)) == MapType.RINGBUF:
                size += int(m.max_entries)  # the data area is mapped twice in a row
            bisect.insort(self._map_ranges, (address, address + size, id(m)))
        return address

    def native_pointer(self, address: int) -> int:
        if self._find(address, 0) is None and self._in_map(address, 0) is None:
            raise MemoryFault(-1, address, 0, self.describe(address, 0))
        return address

    def _rebuild_table(self) -> None:
        """Refresh the native region table; only checked code reads it, so it is rebuilt
        eagerly only when checked code runs in this space (`exact`), else on demand."""
        if not self.exact:
            self._table_stale = True
            return
        self._table_stale = False
        rows = (RegionEntry * max(1, len(self._starts)))()
        for i, (start, key) in enumerate(self._starts):
            region = self.regions[key]
            rows[i].start = start
            rows[i].end = start + region.size
            rows[i].writable = int(region.writable)
        self._rows = rows  # the old table stays valid until this point: keep the new one alive
        self.table.rows = ctypes.addressof(rows)
        self.table.count = len(self._starts)

    @property
    def table_address(self) -> int:
        if self._table_stale:
            self.exact = True
            self._rebuild_table()
        return ctypes.addressof(self.table)

    # ---- finding ------------------------------------------------------------------------------
    def _find(self, address: int, size: int, write: bool = False) -> tuple[int, int] | None:
        """(key, offset) of a region holding [address, address+size), or None."""
        i = bisect.bisect_right(self._starts, (address, 1 << 62))
        while i > 0:
            i -= 1
            start, key = self._starts[i]
            region = self.regions[key]
            if address + size <= start + region.size and (region.writable or not write):
                return key, address - start
        return None

    def _in_map(self, address: int, size: int) -> tuple[int, int] | None:
        """(map address, offset) when [address, address+size) is inside a map's storage."""
        if self.exact:
            return None
        i = bisect.bisect_right(self._map_ranges, (address, 1 << 64, 0))
        if i == 0:
            return None
        start, end, _ = self._map_ranges[i - 1]
        if address + size <= end:
            return start, address - start
        return None

    def _in_frames(self, address: int, size: int) -> bool:
        st = self.active_state
        if st is None or address <= 0:
            return False
        return bool(st.stack_lo) and st.stack_lo <= address and address + size <= st.stack_hi

    def region_of(self, address: int) -> tuple[Region, int] | None:
        found = self._find(address, 0)
        if found is None:
            near = self._nearest(address)
            if near is None:
                return None
            key, off = near
            return self.regions[key], off
        key, off = found
        return self.regions[key], off

    def _nearest(self, address: int) -> tuple[int, int] | None:
        """The region starting closest below `address`, if it is near enough to name."""
        i = bisect.bisect_right(self._starts, (address, 1 << 62))
        if i == 0:
            return None
        start, key = self._starts[i - 1]
        if address - start > self.regions[key].size + _DESCRIBE_SLACK:
            return None
        return key, address - start

    def describe(self, address: int, size: int) -> str:
        if address == 0 or 0 < address < 4096:
            return "null pointer"
        if address >> REGION_SHIFT == FUNC_KEY:
            return "not memory (a map or function pointer)"
        if address in self._map_handles_native:
            return "not memory (a map or function pointer)"
        if self._in_frames(address, size):
            return "stack of the running program"
        if (in_map := self._in_map(address, size)) is not None:
            start, off = in_map
            m = self._map_handles_native[start]
            return f"{RegionKind.MAP_VALUE.value} in map {getattr(m, 'name', '?')!r}, offset {off}"
        found = self._find(address, size) or self._find(address, 0) or self._nearest(address)
        if found is None:
            return "no region"
        key, off = found
        region = self.regions[key]
        if off + size > region.size:
            return f"{region.kind.value} {region.name!r} of {region.size} bytes, offset {off}"
        if not region.writable:
            return f"read-only {region.kind.value} {region.name!r}"
        return f"{region.kind.value} {region.name!r}, offset {off}"

    # ---- checked access for helpers -------------------------------------------------------------
    def view(self, address: int, size: int, write: bool = False, insn: int = -1) -> memoryview:
        found = self._find(address, size, write) if address > 0 else None
        if found is not None:
            key, off = found
            return self.mem[key][off : off + size]
        if size >= 0 and (self._in_frames(address, size) or self._in_map(address, size)):
            return native_view(address, size)
        raise MemoryFault(insn, address, size, self.describe(address, size))

    def read_cstr(self, address: int, max_size: int) -> bytes:
        found = self._find(address, 1) if address > 0 else None
        if found is not None:
            key, off = found
            mv = self.mem[key]
            chunk = bytes(mv[off : off + max_size])
        elif self._in_frames(address, 1):
            st = self.active_state
            chunk = bytes(native_view(address, min(max_size, st.stack_hi - address)))
        elif (in_map := self._in_map(address, 1)) is not None:
            start, _ = in_map
            m = self._map_handles_native[start]
            end = start + int(m.memory_bytes)
            chunk = bytes(native_view(address, min(max_size, end - address)))
        else:
            raise MemoryFault(-1, address, 1, self.describe(address, 1))
        nul = chunk.find(b"\0")
        return chunk if nul < 0 else chunk[:nul]


__all__ = ["FIRST_DYNAMIC_KEY", "NativeSpace", "RegionTable"]
