"""The memory layout of native maps, and where it differs from the kernel.

Every map is one memfd (so another process can map it), mapped page-aligned at its full
size when the map is created (preallocated, like the kernel's default), zero-filled.
It starts with a 256-byte header (`struct ebpy_map` in native/maps.c: type, sizes, flags,
ncpu, element count, lock, offsets) followed by the type's storage. Ids of elements and
nodes are 1-based so zero-filled memory is an empty map.

=====================  ==============================================================
type                   storage after the header
=====================  ==============================================================
ARRAY                  values, `value_stride` = round_up(value_size, 8) apart; with
                       BPF_F_MMAPABLE the values start on a page boundary
PERCPU_ARRAY           ncpu values per element (`elem_stride` = ncpu * value_stride)
PROG_ARRAY             u64 program handle per index (0 = empty)
ARRAY_OF_MAPS          u64 inner map header address per index (0 = empty)
DEVMAP                 struct bpf_devmap_val per index, as ARRAY; ifindex 0 = empty
HASH, PERCPU_HASH,     buckets: u32[n_buckets] (n_buckets = roundup_pow_of_two(
LRU_HASH,              max_entries)), head element id or 0; links: {u32 next, u32 hash}
LRU_PERCPU_HASH,       per element, plus {u32 lru_prev, u32 lru_next} for LRU maps;
HASH_OF_MAPS,          keys: key_size bytes per element; values: elem_stride per element
DEVMAP_HASH            (u64 inner map address for HASH_OF_MAPS); DEVMAP_HASH's bucket
                       is the u32 key itself, as the kernel's dev_map_index_hash()
LPM_TRIE               2 * max_entries nodes {u32 child[2], u32 prefixlen, u32 value
                       slot (0 = intermediate), u8 data[key_size - 4]}, then
                       max_entries value slots of value_stride
QUEUE, STACK           a ring of max_entries + 1 values of value_size (head, tail in
                       the header), as queue_stack_maps.c
BLOOM_FILTER           bitset of the kernel's size: n * k * 7 / 5 bits rounded up to a
                       power of two (at least 64), k = map_extra & 0xf or 5
RINGBUF                the kernel's layout from the second page on: consumer position
                       page, producer position page, then max_entries bytes of data
                       mapped twice in a row so records never wrap; 8-byte record
                       headers {u32 len | BUSY << 31 | DISCARD << 30, u32 pg_off}
=====================  ==============================================================

Memory: a hash map costs a header page plus, per entry, 4 or 8 bytes of bucket, 8 bytes
of link (16 for LRU), key_size bytes of key and round_up(value_size, 8) bytes of value
per CPU: within max_entries * (key_size + value_size + 32) plus the header page. (A
65,536-entry hash with 4-byte keys and 8-byte values takes 1.5 MiB.)

Differences from the kernel, on purpose or by necessity:

- LRU maps keep one exact recency list (a program's lookup or an update moves the element
  to the front; userspace lookups do not, like the kernel's syscall path) and evict the
  least recently used element only when every element is in use, after the update's flags
  were checked. The kernel's LRU is approximate (active/inactive lists with reference
  bits, per-CPU free lists filled 128 at a time): it may evict before the map is full,
  and evicts before checking BPF_NOEXIST/BPF_EXIST.
- Updating an existing element of a (non per-CPU) hash map writes the value in place and
  moves the element to its bucket's head; the kernel swaps in a new element at the head,
  so a program holding a pointer to the old value keeps seeing the old bytes there.
- The LPM trie preallocates its nodes (the kernel allocates them, BPF_F_NO_PREALLOC being
  mandatory) and updates values in place.
- Hash maps ignore BPF_F_NO_PREALLOC (always preallocated) and BPF_F_NO_COMMON_LRU
  (one list). NUMA node requests are accepted and ignored.
- With a random seed (no BPF_F_ZERO_SEED) the bucket order, hence iteration order, differs
  from any given kernel map; with BPF_F_ZERO_SEED it is the kernel's (same jhash, same
  head insertion).
- Ring buffer records keep pg_off in 4 KiB units from the map header whatever the host page
  size; the kernel uses pages. Consumers never read pg_off.
- ncpu is the number of possible CPUs (/sys/devices/system/cpu/possible), as the kernel's
  per-CPU values from userspace; when that file is missing, os.cpu_count().
"""

from __future__ import annotations

from enum import IntEnum

HEADER_SIZE = 256
MAGIC = 0x4D595045


class Info(IntEnum):
    """Header fields readable through ebpy_map_info() (the order of `enum ebpy_info`)."""

    MAGIC = 0
    TYPE = 1
    KEY_SIZE = 2
    VALUE_SIZE = 3
    MAX_ENTRIES = 4
    FLAGS = 5
    NCPU = 6
    COUNT = 7
    TOTAL_SIZE = 8
    SLOT_SIZE = 9
    VALUE_STRIDE = 10
    ELEM_STRIDE = 11
    OFF_VALUES = 12
    OFF_CONSUMER = 13
    OFF_PRODUCER = 14
    OFF_DATA = 15
    N_BUCKETS = 16
    HASH_SEED = 17
    NR_HASH_FUNCS = 18
    BITSET_MASK = 19
    NOTIFY = 20
    HEADER_SIZE = 21
    MAP_EXTRA = 22


def round8(n: int) -> int:
    return (n + 7) & ~7
