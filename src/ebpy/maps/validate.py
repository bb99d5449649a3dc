"""The kernel's checks when a map is created (map_create() and each type's alloc_check).

A bad spec raises MapError with the errno bpf(BPF_MAP_CREATE) would return and a message
naming the map; a type ebpy does not store natively raises LoadError naming the type.
"""

from __future__ import annotations

import errno

from ebpy.errors import LoadError, MapError
from ebpy.maps.kinds import ENOTSUPP, HASHES, MAP_SLOTS, SUPPORTED
from ebpy.maps.layout import round8
from ebpy.spec.map_spec import MapSpec
from ebpy.spec.types import MapFlags, MapType

F = MapFlags
ACCESS = F.RDONLY | F.WRONLY | F.RDONLY_PROG | F.WRONLY_PROG
HASH_FLAGS = F.NO_PREALLOC | F.NO_COMMON_LRU | F.NUMA_NODE | ACCESS | F.ZERO_SEED
ARRAY_FLAGS = F.NUMA_NODE | F.MMAPABLE | ACCESS | F.PRESERVE_ELEMS | F.INNER_MAP
LPM_FLAGS = F.NO_PREALLOC | F.NUMA_NODE | ACCESS
QUEUE_FLAGS = F.NUMA_NODE | ACCESS
BLOOM_FLAGS = F.NUMA_NODE | F.ZERO_SEED | ACCESS
RINGBUF_FLAGS = F.NUMA_NODE
DEVMAP_FLAGS = F.NUMA_NODE | F.RDONLY | F.WRONLY

KMALLOC_MAX_SIZE = 1 << 22  # 4 MiB with 4 KiB pages
PCPU_MIN_UNIT_SIZE = 32 << 10
HTAB_ELEM_SIZE = 48  # sizeof(struct htab_elem) on 64-bit
LPM_DATA_SIZE_MAX = 256
LPM_VALUE_SIZE_MAX = KMALLOC_MAX_SIZE - LPM_DATA_SIZE_MAX - 40
INT_MAX = (1 << 31) - 1
U32_MAX = (1 << 32) - 1


def type_name(t: MapType | int) -> str:
    return f"BPF_MAP_TYPE_{t.name}" if isinstance(t, MapType) else f"map type {t}"


class _Check:
    def __init__(self, spec: MapSpec) -> None:
        self.spec = spec
        self.label = f"map {spec.name!r} ({type_name(spec.type)})"

    def fail(self, err: int, text: str) -> MapError:
        return MapError(err, f"{self.label}: {text}")

    def require(self, ok: bool, text: str, err: int = errno.EINVAL) -> None:
        if not ok:
            raise self.fail(err, text)

    def flags_within(self, allowed: int) -> None:
        extra = self.spec.flags & ~int(allowed)
        self.require(not extra, f"flags {extra:#x} are not valid for this type")


def check_spec(spec: MapSpec, page_size: int, inner: bool = False) -> None:
    """Raise unless the kernel would create this map (and ebpy stores the type natively)."""
    try:
        t = MapType(spec.type)
    except ValueError:
        raise LoadError(f"map {spec.name!r}: unknown map type {spec.type}") from None
    if t not in SUPPORTED:
        raise LoadError(
            f"map {spec.name!r}: {type_name(t)} is not available on the userspace engines "
            "(use engine='kernel')"
        )
    c = _Check(spec)
    for field in ("key_size", "value_size", "max_entries", "flags", "map_extra"):
        value = getattr(spec, field)
        limit = U32_MAX if field != "map_extra" else (1 << 64) - 1
        c.require(
            isinstance(value, int) and 0 <= value <= limit, f"{field} {value!r} is out of range"
        )
    flags = spec.flags
    c.require(
        flags & (F.RDONLY | F.WRONLY) != (F.RDONLY | F.WRONLY), "BPF_F_RDONLY with BPF_F_WRONLY"
    )
    c.require(
        flags & (F.RDONLY_PROG | F.WRONLY_PROG) != (F.RDONLY_PROG | F.WRONLY_PROG),
        "BPF_F_RDONLY_PROG with BPF_F_WRONLY_PROG",
    )
    c.require(
        spec.map_extra == 0 or t == MapType.BLOOM_FILTER, "map_extra is only for bloom filters"
    )
    if t in HASHES:
        _check_hash(c, t)
    elif t in (MapType.ARRAY, MapType.PERCPU_ARRAY, MapType.PROG_ARRAY, MapType.ARRAY_OF_MAPS):
        _check_array(c, t)
    elif t == MapType.LPM_TRIE:
        _check_lpm(c)
    elif t in (MapType.QUEUE, MapType.STACK):
        _check_queue(c)
    elif t == MapType.BLOOM_FILTER:
        _check_bloom(c)
    elif t == MapType.RINGBUF:
        _check_ringbuf(c, page_size)
    elif t in (MapType.DEVMAP, MapType.DEVMAP_HASH):
        _check_devmap(c)
    if t in MAP_SLOTS:
        _check_inner(c, page_size)
    if inner:
        c.require(t not in MAP_SLOTS, "a map-in-map cannot be an inner map")
        c.require(t != MapType.PROG_ARRAY, "a program array cannot be an inner map", ENOTSUPP)


def _check_hash(c: _Check, t: MapType) -> None:
    s = c.spec
    lru = t in (MapType.LRU_HASH, MapType.LRU_PERCPU_HASH)
    percpu = t in (MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH)
    c.flags_within(HASH_FLAGS)
    c.require(lru or not s.flags & F.NO_COMMON_LRU, "BPF_F_NO_COMMON_LRU needs an LRU map")
    c.require(
        not (lru and s.flags & F.NO_PREALLOC), "LRU maps cannot be BPF_F_NO_PREALLOC", ENOTSUPP
    )
    c.require(s.max_entries > 0, "max_entries must be positive")
    c.require(s.key_size > 0, "key_size must be positive")
    c.require(s.value_size > 0, "value_size must be positive")
    if t == MapType.HASH_OF_MAPS:
        c.require(s.value_size == 4, "value_size must be 4 (an inner map fd)")
    c.require(
        s.key_size + s.value_size < KMALLOC_MAX_SIZE - HTAB_ELEM_SIZE,
        "key and value are too large",
        errno.E2BIG,
    )
    c.require(
        not percpu or round8(s.value_size) <= PCPU_MIN_UNIT_SIZE,
        f"per-CPU values are limited to {PCPU_MIN_UNIT_SIZE} bytes",
        errno.E2BIG,
    )
    c.require(s.max_entries <= 1 << 31, "max_entries is too large", errno.E2BIG)


def _check_array(c: _Check, t: MapType) -> None:
    s = c.spec
    if t in (MapType.PROG_ARRAY, MapType.ARRAY_OF_MAPS):
        what = "a program fd" if t == MapType.PROG_ARRAY else "an inner map fd"
        c.require(s.value_size == 4, f"value_size must be 4 ({what})")
    if t == MapType.PROG_ARRAY:
        c.require(
            not s.flags & (F.RDONLY_PROG | F.WRONLY_PROG),
            "program arrays cannot be BPF_F_RDONLY_PROG or BPF_F_WRONLY_PROG",
        )
    c.require(s.max_entries > 0, "max_entries must be positive")
    c.require(s.key_size == 4, "key_size must be 4")
    c.require(s.value_size > 0, "value_size must be positive")
    c.flags_within(ARRAY_FLAGS)
    c.require(
        t == MapType.ARRAY or not s.flags & (F.MMAPABLE | F.INNER_MAP),
        "BPF_F_MMAPABLE and BPF_F_INNER_MAP are only for BPF_MAP_TYPE_ARRAY",
    )
    c.require(not s.flags & F.PRESERVE_ELEMS, "BPF_F_PRESERVE_ELEMS is for perf event arrays")
    c.require(s.value_size <= INT_MAX, "value_size is too large", errno.E2BIG)
    c.require(
        t != MapType.PERCPU_ARRAY or round8(s.value_size) <= PCPU_MIN_UNIT_SIZE,
        f"per-CPU values are limited to {PCPU_MIN_UNIT_SIZE} bytes",
        errno.E2BIG,
    )


def _check_lpm(c: _Check) -> None:
    s = c.spec
    c.require(s.max_entries > 0, "max_entries must be positive")
    c.require(bool(s.flags & F.NO_PREALLOC), "LPM tries need BPF_F_NO_PREALLOC")
    c.flags_within(LPM_FLAGS)
    c.require(
        5 <= s.key_size <= 4 + LPM_DATA_SIZE_MAX,
        f"key_size must be 4 + 1..{LPM_DATA_SIZE_MAX} (u32 prefixlen and the data)",
    )
    c.require(1 <= s.value_size <= LPM_VALUE_SIZE_MAX, "value_size is out of range")


def _check_queue(c: _Check) -> None:
    s = c.spec
    c.require(s.max_entries > 0, "max_entries must be positive")
    c.require(s.key_size == 0, "key_size must be 0")
    c.require(s.value_size > 0, "value_size must be positive")
    c.flags_within(QUEUE_FLAGS)
    c.require(s.value_size <= KMALLOC_MAX_SIZE, "value_size is too large", errno.E2BIG)


def _check_bloom(c: _Check) -> None:
    s = c.spec
    c.require(s.value_size <= KMALLOC_MAX_SIZE, "value_size is too large", errno.E2BIG)
    c.require(s.key_size == 0, "key_size must be 0")
    c.require(s.value_size > 0, "value_size must be positive")
    c.require(s.max_entries > 0, "max_entries must be positive")
    c.flags_within(BLOOM_FLAGS)
    c.require(not s.map_extra & ~0xF, "map_extra holds the number of hash functions, 0..15")


def _check_ringbuf(c: _Check, page_size: int) -> None:
    s = c.spec
    c.flags_within(RINGBUF_FLAGS)
    c.require(s.key_size == 0 and s.value_size == 0, "key_size and value_size must be 0")
    size = s.max_entries
    c.require(
        size > 0 and size & (size - 1) == 0 and size % page_size == 0,
        f"max_entries must be a power of 2 and a multiple of the page size ({page_size})",
    )


def _check_devmap(c: _Check) -> None:
    # dev_map_alloc_check(): the value is struct bpf_devmap_val up to ifindex or bpf_prog.fd.
    s = c.spec
    c.require(s.max_entries > 0, "max_entries must be positive")
    c.require(s.key_size == 4, "key_size must be 4")
    c.require(s.value_size in (4, 8), "value_size must be 4 (ifindex) or 8 (ifindex, program)")
    c.flags_within(DEVMAP_FLAGS)


def _check_inner(c: _Check, page_size: int) -> None:
    inner = c.spec.inner
    if inner is None:
        raise c.fail(errno.EBADF, "a map-in-map needs an inner map spec (MapSpec.inner)")
    check_spec(inner, page_size, inner=True)
