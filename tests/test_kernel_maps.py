"""Kernel maps (ebpy.kernel.maps): every operation and errno, asked of the kernel itself."""

from __future__ import annotations

import errno
import os
import struct

import pytest

from ebpy.errors import KernelError, MapError
from ebpy.isa import Instruction as I
from ebpy.isa import PseudoSrc
from ebpy.kernel.maps import KernelMapFd, create_map
from ebpy.kernel.program import load_program
from ebpy.kernel.syscall import KernelMapError
from ebpy.kernel.system import possible_cpus
from ebpy.spec.types import MapFlags, MapType, ProgramType, UpdateFlags

pytestmark = pytest.mark.kernel


def u32(v: int) -> bytes:
    return struct.pack("<I", v)


def u64(v: int) -> bytes:
    return struct.pack("<Q", v)


def errno_of(fn, *args, **kwargs) -> int:
    with pytest.raises(KernelMapError) as info:
        fn(*args, **kwargs)
    assert isinstance(info.value, MapError) and isinstance(info.value, KernelError)
    return info.value.errno


# ---- hash -------------------------------------------------------------------------------------
def test_hash_insert_lookup_delete_and_errnos() -> None:
    with create_map(MapType.HASH, 4, 8, 2, name="flows") as m:
        m.update(u32(1), u64(10))
        m.update(u32(2), u64(20), UpdateFlags.NOEXIST)
        assert m.lookup(u32(1)) == u64(10)
        assert errno_of(m.update, u32(3), u64(30)) == errno.E2BIG  # full
        assert errno_of(m.update, u32(1), u64(11), UpdateFlags.NOEXIST) == errno.EEXIST
        assert errno_of(m.update, u32(9), u64(11), UpdateFlags.EXIST) == errno.ENOENT
        m.update(u32(1), u64(11), UpdateFlags.EXIST)
        assert m.lookup(u32(1)) == u64(11)
        assert sorted(m.keys()) == [u32(1), u32(2)]
        assert m.lookup_and_delete(u32(2)) == u64(20)
        assert errno_of(m.lookup, u32(2)) == errno.ENOENT
        assert m.get(u32(2)) is None
        assert errno_of(m.delete, u32(2)) == errno.ENOENT
        m.delete(u32(1))
        assert m.next_key(None) is None


def test_errors_say_what_and_why() -> None:
    with create_map(MapType.HASH, 4, 4, 1, name="flows") as m:
        with pytest.raises(KernelMapError) as info:
            m.lookup(u32(5))
        text = str(info.value)
        assert text.startswith("lookup in map 'flows': ENOENT")
        assert "no such key" in text


def test_next_key_walks_every_key_once() -> None:
    with create_map(MapType.HASH, 4, 4, 100) as m:
        for i in range(50):
            m.update(u32(i), u32(i * i))
        assert sorted(struct.unpack("<I", k)[0] for k in m) == list(range(50))
        assert m.next_key(u32(12345)) is not None  # unknown key: the kernel restarts


# ---- array ------------------------------------------------------------------------------------
def test_array_semantics() -> None:
    with create_map(MapType.ARRAY, 4, 4, 4) as m:
        assert m.lookup(u32(3)) == bytes(4)  # preallocated, zeroed
        assert errno_of(m.lookup, u32(4)) == errno.ENOENT
        assert errno_of(m.update, u32(4), u32(1)) == errno.E2BIG
        assert errno_of(m.update, u32(0), u32(1), UpdateFlags.NOEXIST) == errno.EEXIST
        assert errno_of(m.delete, u32(0)) == errno.EINVAL
        m.update(u32(2), u32(7))
        assert list(m.keys()) == [u32(i) for i in range(4)]
        assert m.lookup(u32(2)) == u32(7)


def test_frozen_map_refuses_user_writes() -> None:
    with create_map(MapType.ARRAY, 4, 4, 1) as m:
        m.update(u32(0), u32(1))
        m.freeze()
        assert errno_of(m.update, u32(0), u32(2)) == errno.EPERM
        assert m.lookup(u32(0)) == u32(1)  # reads still work
        assert errno_of(m.freeze) == errno.EPERM  # pinned: freezing twice is EPERM


def test_read_only_map_flag() -> None:
    with create_map(MapType.HASH, 4, 4, 2, MapFlags.RDONLY) as m:
        assert errno_of(m.update, u32(0), u32(2)) == errno.EPERM


# ---- per-CPU ----------------------------------------------------------------------------------
def test_percpu_values_are_one_padded_slot_per_possible_cpu() -> None:
    ncpus = possible_cpus()
    assert ncpus == len(os.sched_getaffinity(0)) or ncpus >= os.cpu_count()  # type: ignore[operator]
    with create_map(MapType.PERCPU_HASH, 4, 4, 4, name="pc") as m:
        assert (m.value_stride, m.value_buffer_size) == (8, 8 * ncpus)
        values = [u32(100 + cpu) for cpu in range(ncpus)]
        m.update_percpu(u32(1), values)
        assert m.lookup_percpu(u32(1)) == values
        raw = m.lookup(u32(1))
        assert raw == b"".join(v + bytes(4) for v in values)
        with pytest.raises(MapError, match="per CPU"):
            m.update(u32(2), u32(1))
        with pytest.raises(MapError, match="possible CPUs"):
            m.update_percpu(u32(2), [u32(1)] * (ncpus + 1))


def test_percpu_array_counts_runs_of_a_program() -> None:
    with create_map(MapType.PERCPU_ARRAY, 4, 8, 1) as m:
        prog_insns = [
            I(0x62, 10, 0, -4, 0),
            I(0xBF, 2, 10),
            I(0x07, 2, 0, 0, -4),
            I.lddw(1, m.fileno(), PseudoSrc.MAP_FD),
            I(0x85, 0, 0, 0, 1),
            I(0x15, 0, 0, 3, 0),
            I(0x79, 1, 0, 0),
            I(0x07, 1, 0, 0, 1),
            I(0x7B, 0, 1, 0),
            I(0xB7, 0, 0, 0, 2),
            I(0x95),
        ]
        with load_program(prog_insns, ProgramType.XDP) as prog:
            prog.test_run(bytes(14), repeat=7)
        per_cpu = [struct.unpack("<Q", v)[0] for v in m.lookup_percpu(u32(0))]
        assert sum(per_cpu) == 7
        assert len(per_cpu) == possible_cpus()


# ---- LRU, LPM ---------------------------------------------------------------------------------
def test_lru_hash_evicts_instead_of_failing() -> None:
    with create_map(MapType.LRU_HASH, 4, 4, 4, MapFlags.NO_COMMON_LRU) as m:
        for i in range(40):
            m.update(u32(i), u32(i))
        keys = list(m.keys())
        assert 0 < len(keys) <= 4 * possible_cpus()
        assert m.lookup(u32(39)) == u32(39)  # the newest survives
        assert m.get(u32(0)) is None  # the oldest went


def lpm_key(prefix: int, *octets: int) -> bytes:
    return u32(prefix) + bytes(octets)


def test_lpm_trie_longest_prefix_match() -> None:
    with create_map(MapType.LPM_TRIE, 8, 4, 16, MapFlags.NO_PREALLOC) as m:
        m.update(lpm_key(8, 10, 0, 0, 0), b"net8")
        m.update(lpm_key(16, 10, 1, 0, 0), b"ne16")
        assert m.lookup(lpm_key(32, 10, 1, 2, 3)) == b"ne16"
        assert m.lookup(lpm_key(32, 10, 2, 2, 3)) == b"net8"
        assert errno_of(m.lookup, lpm_key(32, 11, 0, 0, 1)) == errno.ENOENT
        assert sorted(m.keys()) == sorted([lpm_key(8, 10, 0, 0, 0), lpm_key(16, 10, 1, 0, 0)])
        m.delete(lpm_key(16, 10, 1, 0, 0))
        assert m.lookup(lpm_key(32, 10, 1, 2, 3)) == b"net8"


def test_lpm_trie_needs_no_prealloc() -> None:
    with pytest.raises(KernelError) as info:
        create_map(MapType.LPM_TRIE, 8, 4, 16)
    assert info.value.errno == errno.EINVAL


# ---- queue, stack, bloom filter, ring buffer ----------------------------------------------------
def test_queue_is_fifo_and_stack_is_lifo() -> None:
    with create_map(MapType.QUEUE, 0, 4, 2) as q, create_map(MapType.STACK, 0, 4, 2) as s:
        for m in (q, s):
            m.push(b"aaaa")
            m.push(b"bbbb")
            assert errno_of(m.push, b"cccc") == errno.E2BIG
        assert (q.peek(), q.pop(), q.pop()) == (b"aaaa", b"aaaa", b"bbbb")
        assert (s.peek(), s.pop(), s.pop()) == (b"bbbb", b"bbbb", b"aaaa")
        assert errno_of(q.pop) == errno.ENOENT
        q.push(b"1111")
        q.push(b"2222")
        q.push(b"3333", UpdateFlags.EXIST)  # BPF_EXIST: overwrite the oldest when full
        assert (q.pop(), q.pop()) == (b"2222", b"3333")
        with pytest.raises(MapError, match="no keys"):
            q.lookup(u32(0))


def test_bloom_filter_membership() -> None:
    with create_map(MapType.BLOOM_FILTER, 0, 4, 100, map_extra=3) as m:
        m.push(b"seen")
        assert m.contains_value(b"seen")
        assert not m.contains_value(b"nope")


def test_ringbuf_has_no_user_space_element_ops() -> None:
    with create_map(MapType.RINGBUF, 0, 0, 4096) as m:
        assert m.info().max_entries == 4096
        assert errno_of(m.lookup, None) == 524  # ENOTSUPP
    with pytest.raises(KernelError) as info:
        create_map(MapType.RINGBUF, 0, 0, 4000)  # not a power-of-2 number of pages
    assert info.value.errno == errno.EINVAL


# ---- batches ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kind", [MapType.HASH, MapType.ARRAY, MapType.PERCPU_HASH], ids=lambda t: t.name
)
def test_batch_update_lookup_delete(kind: MapType) -> None:
    n = 40
    with create_map(kind, 4, 8, n) as m:
        keys = [u32(i) for i in range(n)]
        values = [m.join_percpu([u64(i)] * m.ncpus) if m.percpu else u64(i) for i in range(n)]
        assert m.update_batch(keys, values) == n
        got = dict(m.items_batched(count=7))
        assert got == dict(zip(keys, values))
        first = m.lookup_batch(5)
        # Hash maps hand out whole buckets, so a batch may hold fewer than asked for.
        assert 1 <= len(first.keys) <= 5 and first.cursor is not None
        if kind == MapType.ARRAY:
            assert errno_of(m.delete_batch, keys[:3]) == 524  # pinned: ENOTSUPP for arrays
            return
        assert m.delete_batch(keys[:10]) == 10
        assert sorted(m.keys()) == sorted(keys[10:])
        taken = m.lookup_batch(n, delete=True)
        assert sorted(taken.keys) == sorted(keys[10:]) and taken.cursor is None
        assert list(m.keys()) == []


def test_batch_update_reports_progress_on_failure() -> None:
    with create_map(MapType.HASH, 4, 4, 3) as m:
        with pytest.raises(KernelMapError) as info:
            m.update_batch([u32(i) for i in range(5)], [u32(i) for i in range(5)])
        assert info.value.errno == errno.E2BIG
        assert "after 3 of 5" in str(info.value)


# ---- map-in-map, info, from_fd ----------------------------------------------------------------
def test_array_of_maps_holds_inner_map_fds() -> None:
    with (
        create_map(MapType.HASH, 4, 4, 1) as inner,
        create_map(MapType.ARRAY_OF_MAPS, 4, 4, 2, inner_map=inner) as outer,
    ):
        outer.update(u32(0), u32(inner.fileno()))
        # User space reads back the inner map's id, not an fd.
        assert struct.unpack("<I", outer.lookup(u32(0)))[0] == inner.info().id


def test_info_and_from_fd() -> None:
    with create_map(MapType.HASH, 8, 16, 32, MapFlags.NO_PREALLOC, name="conn_table") as m:
        info = m.info()
        assert (info.type, info.key_size, info.value_size, info.max_entries) == (
            MapType.HASH,
            8,
            16,
            32,
        )
        assert info.map_flags == MapFlags.NO_PREALLOC and info.name == "conn_table"
        again = KernelMapFd.from_fd(m.fd.dup())
        with again:
            again.update(bytes(8), bytes(16))
            assert m.lookup(bytes(8)) == bytes(16)
            assert again.name == "conn_table" and again.type == MapType.HASH


def test_numa_node_sets_the_flag() -> None:
    with create_map(MapType.HASH, 4, 4, 4, numa_node=0) as m:
        assert m.info().map_flags & MapFlags.NUMA_NODE


# ---- bad input ----------------------------------------------------------------------------------
def test_wrong_sizes_are_map_errors_before_any_syscall() -> None:
    with create_map(MapType.HASH, 4, 8, 4, name="m") as m:
        with pytest.raises(MapError, match="key is 2 bytes, want 4"):
            m.update(b"ab", u64(0))
        with pytest.raises(MapError, match="value is 4 bytes, want 8"):
            m.update(u32(0), u32(0))
        with pytest.raises(MapError, match="needs a 4-byte key"):
            m.lookup(None)
        with pytest.raises(MapError, match="3 keys but 2 values"):
            m.update_batch([u32(0)] * 3, [u64(0)] * 2)
        with pytest.raises(MapError, match="batch count"):
            m.lookup_batch(0)


@pytest.mark.parametrize(
    ("args", "err"),
    [
        ((MapType.HASH, 0, 4, 4), errno.EINVAL),  # hash keys cannot be empty
        ((MapType.ARRAY, 8, 4, 4), errno.EINVAL),  # array keys are u32
        ((MapType.HASH, 4, 4, 0), errno.EINVAL),  # max_entries 0
        ((9999, 4, 4, 4), errno.EINVAL),  # unknown type
        ((MapType.HASH, 4, 4, 4, 1 << 30), errno.EINVAL),  # unknown flag
    ],
)
def test_create_failures_are_kernel_errors(args: tuple, err: int) -> None:
    before = len(os.listdir("/proc/self/fd"))
    with pytest.raises(KernelError) as info:
        create_map(*args)
    assert info.value.errno == err
    assert str(info.value).startswith("creating ")
    assert info.value.hint
    assert len(os.listdir("/proc/self/fd")) == before


def test_closed_map_is_an_error_not_a_crash() -> None:
    m = create_map(MapType.HASH, 4, 4, 4)
    m.close()
    m.close()  # no double close
    with pytest.raises(KernelError) as info:
        m.lookup(u32(0))
    assert info.value.errno == errno.EBADF


def test_creating_and_closing_many_maps_leaks_no_fd() -> None:
    before = len(os.listdir("/proc/self/fd"))
    for i in range(1000):
        with create_map(MapType.ARRAY, 4, 4, 1 + i % 7) as m:
            m.update(u32(0), u32(i))
    assert len(os.listdir("/proc/self/fd")) == before
