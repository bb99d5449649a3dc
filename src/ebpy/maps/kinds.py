"""What each map type supports, as the kernel defines it (which ops, keys, batches)."""

from __future__ import annotations

from enum import Flag, auto

from ebpy.spec.types import MapType

# bpf() returns the kernel-internal ENOTSUPP (524) for operations a map type lacks.
ENOTSUPP = 524

SUPPORTED = frozenset(
    {
        MapType.HASH,
        MapType.ARRAY,
        MapType.PROG_ARRAY,
        MapType.PERCPU_HASH,
        MapType.PERCPU_ARRAY,
        MapType.LRU_HASH,
        MapType.LRU_PERCPU_HASH,
        MapType.LPM_TRIE,
        MapType.ARRAY_OF_MAPS,
        MapType.HASH_OF_MAPS,
        MapType.QUEUE,
        MapType.STACK,
        MapType.RINGBUF,
        MapType.BLOOM_FILTER,
        MapType.DEVMAP,
        MapType.DEVMAP_HASH,
    }
)
# Types whose values name a network device (struct bpf_devmap_val: ifindex first).
DEVICE_MAPS = frozenset({MapType.DEVMAP, MapType.DEVMAP_HASH})

HASHES = frozenset(
    {
        MapType.HASH,
        MapType.PERCPU_HASH,
        MapType.LRU_HASH,
        MapType.LRU_PERCPU_HASH,
        MapType.HASH_OF_MAPS,
    }
)
ARRAYS = frozenset({MapType.ARRAY, MapType.PERCPU_ARRAY, MapType.PROG_ARRAY, MapType.ARRAY_OF_MAPS})
# Types whose values are programs or maps (a u64 slot natively, an fd in bpf()).
PROGRAM_SLOTS = frozenset({MapType.PROG_ARRAY})
MAP_SLOTS = frozenset({MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS})
# Types without keys: values go in with push and out with pop/peek.
VALUE_ONLY = frozenset({MapType.QUEUE, MapType.STACK, MapType.BLOOM_FILTER})


class BatchOp(Flag):
    NONE = 0
    LOOKUP = auto()
    LOOKUP_AND_DELETE = auto()
    UPDATE = auto()
    DELETE = auto()


_ALL = BatchOp.LOOKUP | BatchOp.LOOKUP_AND_DELETE | BatchOp.UPDATE | BatchOp.DELETE
_GENERIC = BatchOp.LOOKUP | BatchOp.UPDATE | BatchOp.DELETE

# The batch operations each type's bpf_map_ops provides (ENOTSUPP for the others).
BATCH_OPS: dict[MapType, BatchOp] = {
    MapType.HASH: _ALL,
    MapType.PERCPU_HASH: _ALL,
    MapType.LRU_HASH: _ALL,
    MapType.LRU_PERCPU_HASH: _ALL,
    MapType.HASH_OF_MAPS: _ALL,
    MapType.ARRAY: BatchOp.LOOKUP | BatchOp.UPDATE,
    MapType.PERCPU_ARRAY: BatchOp.LOOKUP | BatchOp.UPDATE,
    MapType.ARRAY_OF_MAPS: BatchOp.LOOKUP | BatchOp.UPDATE,
    MapType.LPM_TRIE: _GENERIC,
}


def batch_ops(t: MapType) -> BatchOp:
    return BATCH_OPS.get(t, BatchOp.NONE)
