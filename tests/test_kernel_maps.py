"""Kernel maps (ebpy.kernel.maps): the MapAPI over bpf(), every operation and errno asked of
the kernel itself."""

from __future__ import annotations

import errno
import ipaddress
import os

import pytest

from ebpy.errors import KernelError, LoadError, MapError
from ebpy.isa import Instruction as I
from ebpy.isa import PseudoSrc
from ebpy.kernel.maps import (
    KernelBatchError,
    KernelMapFd,
    KernelMapKeyError,
    create_map,
    create_map_from_spec,
)
from ebpy.kernel.program import load_program
from ebpy.kernel.syscall import KernelMapError
from ebpy.maps import BatchError, LpmKey, MapAPI, MapKeyError, PerCpu, possible_cpus
from ebpy.spec.map_spec import MapSpec
from ebpy.spec.types import MapFlags, MapType, ProgramType, UpdateFlags

pytestmark = pytest.mark.kernel

ENOTSUPP = 524


def errno_of(fn, *args, **kwargs) -> int:
    """The errno of the KernelMapError `fn` raises (it is a KernelError and a MapError)."""
    with pytest.raises(KernelMapError) as info:
        fn(*args, **kwargs)
    assert isinstance(info.value, MapError) and isinstance(info.value, KernelError)
    return info.value.errno


# ---- the shared API ----------------------------------------------------------------------------
def test_kernel_map_is_a_map_api() -> None:
    with create_map(MapType.HASH, 4, 8, 8, name="flows") as m:
        assert isinstance(m, MapAPI)
        m[1] = 10
        m.update(2, 20, UpdateFlags.NOEXIST)
        m[b"\x03\x00\x00\x00"] = (30).to_bytes(8, "little")  # raw bytes work too
        assert m[1] == 10 and 2 in m and 7 not in m
        assert dict(m.items()) == {1: 10, 2: 20, 3: 30}
        assert sorted(m) == [1, 2, 3] and len(m) == 3
        del m[3]
        assert m.get(3) is None and m.get(3, -1) == -1
        assert m.lookup_and_delete(2) == 20
        m.clear()
        assert len(m) == 0
    assert m.closed


def test_hash_errnos() -> None:
    with create_map(MapType.HASH, 4, 8, 2, name="flows") as m:
        m[1], m[2] = 10, 20
        assert errno_of(m.update, 3, 30) == errno.E2BIG  # full
        assert errno_of(m.update, 1, 11, UpdateFlags.NOEXIST) == errno.EEXIST
        assert errno_of(m.update, 9, 11, UpdateFlags.EXIST) == errno.ENOENT
        m.update(1, 11, UpdateFlags.EXIST)
        assert m[1] == 11
        with pytest.raises(KernelMapKeyError) as info:
            del m[9]
        assert isinstance(info.value, KeyError) and isinstance(info.value, MapKeyError)
        with pytest.raises(KeyError):
            m.lookup(9)


def test_errors_say_what_and_why() -> None:
    with create_map(MapType.HASH, 4, 4, 1, name="flows") as m:
        with pytest.raises(KernelMapError) as info:
            m.update(1, 1, UpdateFlags.EXIST)
        text = str(info.value)
        assert text.startswith("update of map 'flows': ENOENT")
        assert "BPF_EXIST" in text


def test_next_key_walks_every_key_once() -> None:
    with create_map(MapType.HASH, 4, 4, 100) as m:
        for i in range(50):
            m[i] = i * i
        assert sorted(m.keys()) == list(range(50))
        assert m.next_key(12345) is not None  # an unknown key restarts the walk
        assert dict(m.items())[7] == 49


# ---- array ----------------------------------------------------------------------------------------
def test_array_semantics() -> None:
    with create_map(MapType.ARRAY, 4, 4, 4) as m:
        assert m[3] == 0  # preallocated, zeroed
        assert errno_of(m.update, 4, 1) == errno.E2BIG
        assert errno_of(m.update, 0, 1, UpdateFlags.NOEXIST) == errno.EEXIST
        assert errno_of(m.delete, 0) == errno.EINVAL
        with pytest.raises(KeyError):
            m.lookup(4)
        m[2] = 7
        assert list(m.keys()) == [0, 1, 2, 3] and m[2] == 7
        m.clear()  # arrays cannot delete: clearing zeroes
        assert m[2] == 0


def test_frozen_map_refuses_user_writes() -> None:
    with create_map(MapType.ARRAY, 4, 4, 1) as m:
        m[0] = 1
        m.freeze()
        assert errno_of(m.update, 0, 2) == errno.EPERM
        assert m[0] == 1  # reads still work
        assert errno_of(m.freeze) == errno.EPERM  # pinned: freezing twice is EPERM


def test_read_only_map_flag() -> None:
    with create_map(MapType.HASH, 4, 4, 2, MapFlags.RDONLY) as m:
        assert errno_of(m.update, 0, 2) == errno.EPERM


# ---- per-CPU -----------------------------------------------------------------------------------
def test_percpu_values_are_one_padded_slot_per_possible_cpu() -> None:
    ncpu = possible_cpus()
    with create_map(MapType.PERCPU_HASH, 4, 4, 4, name="pc") as m:
        assert (m.value_stride, m.value_buffer_size) == (8, 8 * ncpu)
        m[1] = [100 + cpu for cpu in range(ncpu)]
        value = m[1]
        assert isinstance(value, PerCpu) and value == [100 + cpu for cpu in range(ncpu)]
        assert m.sum(1) == sum(100 + cpu for cpu in range(ncpu))
        m[2] = 5  # one value: every CPU gets it
        assert m[2] == [5] * ncpu
        raw = m._lookup((1).to_bytes(4, "little"))
        assert raw == b"".join((100 + c).to_bytes(4, "little") + bytes(4) for c in range(ncpu))


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
        assert m.sum(0) == 7
        assert len(m[0]) == possible_cpus()


# ---- LRU, LPM ----------------------------------------------------------------------------------
def test_lru_hash_evicts_instead_of_failing() -> None:
    with create_map(MapType.LRU_HASH, 4, 4, 4, MapFlags.NO_COMMON_LRU) as m:
        for i in range(40):
            m[i] = i
        assert 0 < len(m) <= 4 * possible_cpus()
        assert m[39] == 39  # the newest survives
        assert 0 not in m  # the oldest went


def test_lpm_trie_longest_prefix_match() -> None:
    with create_map(MapType.LPM_TRIE, 8, 4, 16, MapFlags.NO_PREALLOC) as m:
        m[ipaddress.ip_network("10.0.0.0/8")] = 8
        m[LpmKey(16, bytes([10, 1, 0, 0]))] = 16
        assert m[LpmKey(32, bytes([10, 1, 2, 3]))] == 16
        assert m[LpmKey(32, bytes([10, 2, 2, 3]))] == 8
        assert LpmKey(32, bytes([11, 0, 0, 1])) not in m
        assert sorted(m.keys()) == [
            LpmKey(8, bytes([10, 0, 0, 0])),
            LpmKey(16, bytes([10, 1, 0, 0])),
        ]
        del m[LpmKey(16, bytes([10, 1, 0, 0]))]
        assert m[LpmKey(32, bytes([10, 1, 2, 3]))] == 8


def test_lpm_trie_needs_no_prealloc() -> None:
    with pytest.raises(KernelError) as info:
        create_map(MapType.LPM_TRIE, 8, 4, 16)
    assert info.value.errno == errno.EINVAL


# ---- queue, stack, bloom filter, ring buffer ---------------------------------------------------
def test_queue_is_fifo_and_stack_is_lifo() -> None:
    with create_map(MapType.QUEUE, 0, 4, 2) as q, create_map(MapType.STACK, 0, 4, 2) as s:
        for m in (q, s):
            m.push(1)
            m.push(2)
            assert errno_of(m.push, 3) == errno.E2BIG
        assert (q.peek(), q.pop(), q.pop()) == (1, 1, 2)
        assert (s.peek(), s.pop(), s.pop()) == (2, 2, 1)
        with pytest.raises(KeyError):
            q.pop()
        q.push(1)
        q.push(2)
        q.push(3, UpdateFlags.EXIST)  # BPF_EXIST: overwrite the oldest when full
        assert (q.pop(), q.pop()) == (2, 3)
        with pytest.raises(MapError, match="no keys"):
            q.update(0, 1)


def test_bloom_filter_membership() -> None:
    with create_map(MapType.BLOOM_FILTER, 0, 4, 100, map_extra=3) as m:
        m.push(1234)
        assert m.peek(1234) and 1234 in m
        assert not m.peek(99) and 99 not in m


def test_ringbuf_has_no_user_space_element_ops() -> None:
    with create_map(MapType.RINGBUF, 0, 0, 4096) as m:
        assert m.info().max_entries == 4096
        assert errno_of(m._lookup, b"") == ENOTSUPP
    with pytest.raises(KernelError) as info:
        create_map(MapType.RINGBUF, 0, 0, 4000)  # not a power-of-2 number of pages
    assert info.value.errno == errno.EINVAL


# ---- batches -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kind", [MapType.HASH, MapType.ARRAY, MapType.PERCPU_HASH], ids=lambda t: t.name
)
def test_batch_update_lookup_delete(kind: MapType) -> None:
    n = 40
    with create_map(kind, 4, 8, n) as m:
        entries = {i: i * 3 for i in range(n)}
        assert m.update_batch(entries) == n
        got = {k: (v.sum() if m.percpu else v) for chunk in m.batches(7) for k, v in chunk}
        ncpu = possible_cpus() if m.percpu else 1
        assert got == {k: v * ncpu for k, v in entries.items()}
        first = m.lookup_batch(5)
        # Hash maps hand out whole buckets, so a batch may hold fewer than asked for.
        assert 1 <= len(first.items) <= 5 and not first.done
        if kind == MapType.ARRAY:
            assert errno_of(m.delete_batch, [0, 1, 2]) == ENOTSUPP  # pinned for arrays
            return
        assert m.delete_batch(range(10)) == 10
        assert sorted(m) == list(range(10, n))
        taken = m.lookup_and_delete_batch(n)
        assert sorted(k for k, _ in taken.items) == list(range(10, n)) and taken.done
        assert len(m) == 0


def test_batch_update_reports_progress_on_failure() -> None:
    with create_map(MapType.HASH, 4, 4, 3) as m:
        with pytest.raises(KernelBatchError) as info:
            m.update_batch({i: i for i in range(5)})
        assert isinstance(info.value, BatchError)
        assert info.value.errno == errno.E2BIG and info.value.count == 3
        assert "after 3 of 5" in str(info.value)


# ---- fd-valued slots, info, from_fd, specs -------------------------------------------------------
def test_map_in_map_takes_fds_and_reads_ids() -> None:
    with (
        create_map(MapType.HASH, 4, 4, 1) as inner,
        create_map(MapType.ARRAY_OF_MAPS, 4, 4, 2, inner_map=inner) as outer,
    ):
        outer[0] = inner
        assert outer[0] == inner.info().id  # user space reads back the id, not an fd
        with pytest.raises(MapError, match="must be a map"):
            outer[1] = "inner"


def test_map_in_map_from_spec_makes_its_template() -> None:
    inner = MapSpec("inner", MapType.ARRAY, 4, 8, 1)
    spec = MapSpec("outer", MapType.HASH_OF_MAPS, 4, 4, 4, inner=inner)
    before = len(os.listdir("/proc/self/fd"))
    with create_map_from_spec(spec) as outer, create_map_from_spec(inner) as member:
        outer[7] = member
        assert outer[7] == member.info().id
    assert len(os.listdir("/proc/self/fd")) == before


def test_prog_array_takes_program_fds() -> None:
    with (
        create_map(MapType.PROG_ARRAY, 4, 4, 2) as jumps,
        load_program([I(0xB7), I(0x95)], ProgramType.XDP) as prog,
    ):
        jumps[0] = prog
        assert jumps[0] == prog.info().id


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
        with KernelMapFd.from_fd(m.fd.dup()) as again:
            again[5] = b"x" * 16
            assert m[5] == b"x" * 16
            assert again.name == "conn_table" and again.type == MapType.HASH


def test_numa_node_sets_the_flag() -> None:
    with create_map(MapType.HASH, 4, 4, 4, numa_node=0) as m:
        assert m.info().map_flags & MapFlags.NUMA_NODE


# ---- bad input -----------------------------------------------------------------------------------
def test_bad_keys_and_values_are_map_errors_before_any_syscall() -> None:
    with create_map(MapType.HASH, 4, 8, 4, name="m") as m:
        with pytest.raises(MapError, match="must be 4 bytes"):
            m[b"ab"] = 0
        with pytest.raises(MapError, match="does not fit"):
            m[1] = 1 << 64
        with pytest.raises(MapError, match="must be 4 bytes"):
            m._update(b"ab", bytes(8), 0)
        with pytest.raises(MapError, match="raw value must be 8 bytes"):
            m._update(bytes(4), bytes(4), 0)


@pytest.mark.parametrize(
    ("args", "err"),
    [
        ((MapType.HASH, 0, 4, 4), errno.EINVAL),  # hash keys cannot be empty
        ((MapType.ARRAY, 8, 4, 4), errno.EINVAL),  # array keys are u32
        ((MapType.HASH, 4, 4, 0), errno.EINVAL),  # max_entries 0
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


def test_values_that_do_not_fit_the_attr_are_load_errors() -> None:
    with pytest.raises(LoadError, match="unknown map type 9999"):
        create_map(9999, 4, 4, 4)
    with pytest.raises(LoadError, match=r"max_entries .* 32 bits"):
        create_map(MapType.HASH, 4, 4, 1 << 32)
    with pytest.raises(LoadError, match="key_size -1"):
        create_map(MapType.HASH, -1, 4, 4)


def test_closed_map_is_an_error_not_a_crash() -> None:
    m = create_map(MapType.HASH, 4, 4, 4)
    m.close()
    m.close()  # no double close
    with pytest.raises(KernelError) as info:
        m.lookup(0)
    assert info.value.errno == errno.EBADF


def test_creating_and_closing_many_maps_leaks_no_fd() -> None:
    before = len(os.listdir("/proc/self/fd"))
    for i in range(1000):
        with create_map(MapType.ARRAY, 4, 4, 1 + i % 7) as m:
            m[0] = i
    assert len(os.listdir("/proc/self/fd")) == before
