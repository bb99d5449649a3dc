"""The userspace engines' view of memory: regions with addresses, and checked access to them.

An address is `key << REGION_SHIFT | offset`. Each region (a context, a packet, a stack frame, a
map value, a ring buffer record, global data) has its own key and a memoryview of exactly its
bytes, so a bounds check is the memoryview's own length check and finding the region is one dict
lookup. Packet regions get keys below 256 so their addresses fit the 32-bit `data`/`data_end`
fields of `xdp_md` and `__sk_buff`, as the kernel's do after its context rewrite.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

from ebpy.errors import MemoryFault
from ebpy.helpers.env import RegionKind

REGION_SHIFT = 24
REGION_SIZE = 1 << REGION_SHIFT  # largest region: 16 MiB
OFFSET_MASK = REGION_SIZE - 1

# Fixed keys. Packet data must stay below 256 (32-bit addresses).
PACKET_KEY = 1
CTX_KEY = 2
MEMORY_KEY = 3  # the plain memory block of raw runs (conformance plugin)
SOCKET_KEY = 4  # the socket behind a test run's packet (__sk_buff->sk)
STACK_KEY0 = 16  # frames 0..7 use keys 16..23
FIRST_DYNAMIC_KEY = 256
MAP_HANDLE_KEY0 = 1 << 20  # map pointers: addresses that name a map and hold no bytes
FUNC_KEY = (1 << 21) + 1  # function pointers (lddw src=4): FUNC_KEY << shift | slot


@dataclass
class Region:
    name: str
    kind: RegionKind
    size: int
    writable: bool = True


def native_view(address: int, size: int, writable: bool = True) -> memoryview:
    """A memoryview over `size` bytes of native memory at `address`."""
    view = memoryview((ctypes.c_ubyte * size).from_address(address)).cast("B")
    return view if writable else view.toreadonly()


class AddressSpace:
    """Regions by key, shared by the generated code (through `mem`) and the helpers."""

    def __init__(self) -> None:
        self.mem: dict[int, memoryview] = {}
        self.regions: dict[int, Region] = {}
        self._next_key = FIRST_DYNAMIC_KEY
        self._native: dict[tuple[int, int], int] = {}
        self._native_by_key: dict[int, int] = {}
        self._map_handles: dict[int, int] = {}

    # ---- regions ------------------------------------------------------------------------------
    def map_region(
        self,
        view: memoryview | bytearray,
        name: str,
        kind: RegionKind,
        key: int | None = None,
        offset: int = 0,
    ) -> int:
        """Make `view` addressable; returns the address of its first byte (plus `offset`)."""
        mv = view if isinstance(view, memoryview) else memoryview(view)
        if mv.format != "B" or mv.ndim != 1:
            mv = mv.cast("B")
        if len(mv) > REGION_SIZE:
            raise ValueError(f"{name}: region of {len(mv)} bytes is larger than {REGION_SIZE}")
        if key is None:
            key = self._next_key
            self._next_key += 1
        self.mem[key] = mv
        self.regions[key] = Region(name, kind, len(mv), not mv.readonly)
        return (key << REGION_SHIFT) + offset

    def unmap(self, key: int) -> None:
        self.mem.pop(key, None)
        self.regions.pop(key, None)

    def native_region(
        self, pointer: int, size: int, name: str, kind: RegionKind, writable: bool = True
    ) -> int:
        """The address of native memory (a map value, a ring buffer record), mapped once."""
        key = self._native.get((pointer, size))
        if key is None:
            key = self._next_key
            self._next_key += 1
            self._native[(pointer, size)] = key
            self._native_by_key[key] = pointer
            self.map_region(native_view(pointer, size, writable), name, kind, key=key)
        return key << REGION_SHIFT

    def map_handle(self, m: Any) -> int:
        """The address a program holds for map `m` (lddw of a map): names it, holds no bytes."""
        handle = self._map_handles.get(id(m))
        if handle is None:
            handle = (MAP_HANDLE_KEY0 + len(self._map_handles)) << REGION_SHIFT
            self._map_handles[id(m)] = handle
        return handle

    def value_address(self, m: Any, index: int) -> int:
        """The address of value `index` of an array map (global data, direct value access)."""
        pointer = m.lookup_ptr(int(index).to_bytes(4, "little"))
        if not pointer:
            raise MemoryFault(-1, 0, 0, f"map {m.name} has no value {index}")
        kind = RegionKind.GLOBAL_DATA if m.spec.is_global_data else RegionKind.MAP_VALUE
        return self.native_region(pointer, m.value_size, m.name, kind, writable=not m.frozen)

    def scratch_region(self, buf: bytearray, name: str) -> int:
        """Map a helper's temporary buffer (e.g. the key for_each_map_elem passes); unmap it
        with `unmap(address >> REGION_SHIFT)` when done."""
        return self.map_region(buf, name, RegionKind.SCRATCH)

    def native_pointer(self, address: int) -> int:
        """The native address behind a program address of a native region (ring buffer records)."""
        key, off = address >> REGION_SHIFT, address & OFFSET_MASK
        pointer = self._native_by_key.get(key)
        if pointer is None:
            raise MemoryFault(-1, address, 0, self.describe(address, 0))
        return pointer + off

    def region_of(self, address: int) -> tuple[Region, int] | None:
        key = address >> REGION_SHIFT
        region = self.regions.get(key)
        return None if region is None else (region, address & OFFSET_MASK)

    def describe(self, address: int, size: int) -> str:
        """Which region an address falls in, for fault messages."""
        if address == 0 or 0 < address < 4096:
            return "null pointer"
        found = self.region_of(address)
        if found is None:
            if address >> REGION_SHIFT >= MAP_HANDLE_KEY0:
                return "not memory (a map or function pointer)"
            return "no region"
        region, off = found
        if off + size > region.size:
            return f"{region.kind.value} {region.name!r} of {region.size} bytes, offset {off}"
        if not region.writable:
            return f"read-only {region.kind.value} {region.name!r}"
        return f"{region.kind.value} {region.name!r}, offset {off}"

    # ---- checked access for helpers -------------------------------------------------------------
    def view(self, address: int, size: int, write: bool = False, insn: int = -1) -> memoryview:
        """A view of [address, address+size) inside one region, or MemoryFault."""
        key, off = address >> REGION_SHIFT, address & OFFSET_MASK
        mv = self.mem.get(key)
        if mv is None or address < 0 or off + size > len(mv) or (write and mv.readonly):
            raise MemoryFault(insn, address, size, self.describe(address, size))
        return mv[off : off + size]

    def read(self, address: int, size: int) -> bytes:
        return bytes(self.view(address, size))

    def write(self, address: int, data: bytes) -> None:
        self.view(address, len(data), write=True)[:] = data

    def read_cstr(self, address: int, max_size: int) -> bytes:
        """Bytes up to (not including) the first NUL, reading at most max_size bytes."""
        key, off = address >> REGION_SHIFT, address & OFFSET_MASK
        mv = self.mem.get(key)
        if mv is None or address < 0 or off >= len(mv):
            raise MemoryFault(-1, address, 1, self.describe(address, 1))
        chunk = bytes(mv[off : off + max_size])
        nul = chunk.find(b"\0")
        return chunk if nul < 0 else chunk[:nul]
