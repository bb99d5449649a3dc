"""The Python map API on native maps: every type, typed keys and values, errors, lifetime."""

from __future__ import annotations

import ctypes
import errno
import ipaddress
import struct
from typing import Any

import pytest

from ebpy.errors import EbpyError, LoadError, MapError
from ebpy.maps import (
    Batch,
    BatchError,
    Info,
    LpmKey,
    Map,
    MapKeyError,
    PerCpu,
    create_map,
    map_at,
    possible_cpus,
    value_view,
)
from ebpy.maps.cpus import parse_cpu_list
from ebpy.spec import MapFlags, MapSpec, MapType, UpdateFlags

NCPU = possible_cpus()


def make(
    t: MapType, key_size: int = 4, value_size: int = 8, max_entries: int = 16, **kw: Any
) -> Map:
    return create_map(MapSpec(kw.pop("name", "m"), t, key_size, value_size, max_entries, **kw))


def errno_of(fn: Any, *args: Any) -> int:
    with pytest.raises(MapError) as e:
        fn(*args)
    assert e.value.errno is not None
    return e.value.errno


# ---- hash maps ------------------------------------------------------------------------------------


@pytest.mark.parametrize("t", [MapType.HASH, MapType.LRU_HASH])
def test_hash_is_dict_like(t: MapType) -> None:
    with make(t) as m:
        m[1] = 10
        m.update(2, 20, UpdateFlags.NOEXIST)
        m.update(2, 21, UpdateFlags.EXIST)
        assert m[1] == 10 and m[2] == 21 and m.get(3) is None and m.get(3, -1) == -1
        assert 1 in m and 3 not in m and len(m) == 2
        assert sorted(m) == [1, 2] and sorted(m.values()) == [10, 21]
        assert dict(m.items()) == {1: 10, 2: 21}
        assert errno_of(m.update, 1, 0, UpdateFlags.NOEXIST) == errno.EEXIST
        assert errno_of(m.update, 3, 0, UpdateFlags.EXIST) == errno.ENOENT
        assert errno_of(m.update, 3, 0, 7) == errno.EINVAL
        assert m.lookup_and_delete(1) == 10 and 1 not in m
        del m[2]
        with pytest.raises(KeyError):
            del m[2]
        with pytest.raises(KeyError):
            m[2]
        assert len(m) == 0 and m.next_key() is None


def test_hash_full_is_e2big_and_a_freed_slot_is_reused() -> None:
    with make(MapType.HASH, max_entries=3) as m:
        for k in range(3):
            m[k] = k
        assert errno_of(m.update, 9, 9) == errno.E2BIG
        m[0] = 100  # replacing an existing key is fine when full
        del m[1]
        m[9] = 9
        assert dict(m.items()) == {0: 100, 2: 2, 9: 9}


def test_keys_of_other_sizes_are_bytes_and_sizes_are_checked() -> None:
    with make(MapType.HASH, key_size=3, value_size=5) as m:
        m[b"abc"] = b"hello"
        assert m[b"abc"] == b"hello" and list(m) == [b"abc"]
        with pytest.raises(MapError) as e:
            m[b"ab"] = b"hello"
        assert e.value.errno == errno.EINVAL
        assert "map 'm'" in str(e.value) and "3 bytes" in str(e.value) and "got 2" in str(e.value)
        with pytest.raises(MapError, match="value must be 5 bytes"):
            m[b"abc"] = b"hi"
        with pytest.raises(MapError, match="must be 3 bytes, got str"):
            m["abc"] = b"hello"
        with pytest.raises(MapError, match="key is 2 bytes, expected 3"):
            m._update(b"ab", b"hello", 0)  # the byte level checks sizes too


def test_int_keys_and_values() -> None:
    with make(MapType.HASH, key_size=2, value_size=1) as m:
        m[0xFFFF] = 255
        m[-1] = -1  # two's complement
        assert dict(m.items()) == {0xFFFF: 255}
        with pytest.raises(MapError, match="does not fit"):
            m[0x10000] = 0
        with pytest.raises(MapError, match="must be an int"):
            m[1.5] = 0
        m[bytes([1, 0])] = bytes([7])
        assert m[1] == 7


def test_hash_iteration_while_deleting_restarts_like_the_kernel() -> None:
    with make(MapType.HASH, max_entries=64, flags=MapFlags.ZERO_SEED) as m:
        for k in range(40):
            m[k] = k
        for k in list(m):
            del m[k]
        assert len(m) == 0


class FakeBtfStruct:
    """The duck-typed contract of an ebpy.btf type: size, encode, decode."""

    size = 8

    def encode(self, value: dict[str, int]) -> bytes:
        return struct.pack("<II", value.get("packets", 0), value.get("bytes", 0))

    def decode(self, data: bytes) -> dict[str, int]:
        packets, nbytes = struct.unpack("<II", data)
        return {"packets": packets, "bytes": nbytes}

    def __str__(self) -> str:
        return "struct counters"


def test_btf_typed_values_and_per_cpu_sums() -> None:
    spec = MapSpec("stats", MapType.PERCPU_HASH, 4, 8, 8, value_type=FakeBtfStruct())
    with create_map(spec) as m:
        m[1] = {"packets": 1, "bytes": 100}
        value = m[1]
        assert isinstance(value, PerCpu) and len(value) == NCPU
        assert m.sum(1) == {"packets": NCPU, "bytes": 100 * NCPU}
        m[2] = [{"packets": c, "bytes": 0} for c in range(NCPU)]
        assert m[2].sum()["packets"] == sum(range(NCPU))
        m[3] = bytes(8)  # raw bytes of the value size still work
        assert m.sum(3) == {"packets": 0, "bytes": 0}


def test_btf_type_of_the_wrong_size_is_ignored() -> None:
    class Small(FakeBtfStruct):
        size = 4

    with create_map(MapSpec("m", MapType.HASH, 4, 8, 4, value_type=Small())) as m:
        m[1] = 5
        assert m[1] == 5


# ---- arrays -----------------------------------------------------------------------------------------


def test_array_semantics() -> None:
    with make(MapType.ARRAY, value_size=4, max_entries=4) as m:
        assert len(m) == 4 and list(m) == [0, 1, 2, 3] and m[3] == 0
        m[2] = 7
        assert dict(m.items()) == {0: 0, 1: 0, 2: 7, 3: 0}
        assert errno_of(m.update, 4, 1) == errno.E2BIG
        assert errno_of(m.update, 1, 1, UpdateFlags.NOEXIST) == errno.EEXIST
        assert errno_of(m.delete, 1) == errno.EINVAL
        with pytest.raises(KeyError):
            m[4]
        assert 3 in m and 4 not in m
        assert m.next_key(2) == 3 and m.next_key(3) is None and m.next_key(99) == 0
        m.clear()
        assert m[2] == 0


def test_percpu_array_takes_a_list_or_one_value() -> None:
    with make(MapType.PERCPU_ARRAY, value_size=4, max_entries=2) as m:
        m[0] = 5
        assert m[0] == [5] * NCPU and m.sum(0) == 5 * NCPU
        m[1] = list(range(NCPU))
        assert m[1] == list(range(NCPU))
        # A program on CPU 0 sees its own slot.
        assert value_view(m.lookup_ptr((1).to_bytes(4, "little"), cpu=0), 4).tobytes() == bytes(4)
        assert m.lookup_ptr((1).to_bytes(4, "little"), cpu=NCPU) == 0


def test_mmapable_array_memoryview_shares_the_values() -> None:
    with make(MapType.ARRAY, value_size=4, max_entries=8, flags=MapFlags.MMAPABLE) as m:
        view = m.memoryview()
        assert len(view) == 8 * 8
        m[1] = 0x11223344
        assert view[8:12].tobytes() == (0x11223344).to_bytes(4, "little")
        view[16:20] = (7).to_bytes(4, "little")
        assert m[2] == 7
        assert errno_of(m.freeze) == errno.EBUSY  # a writable view is alive
        del view
        import gc

        gc.collect()
        m.freeze()
        ro = m.memoryview()
        assert ro.readonly and ro[8:12].tobytes() == (0x11223344).to_bytes(4, "little")
    with make(MapType.ARRAY) as plain:
        assert errno_of(plain.memoryview) == errno.ENODEV


def test_views_outlive_the_map_safely() -> None:
    m = make(MapType.ARRAY, value_size=8, max_entries=512, flags=MapFlags.MMAPABLE)
    m[3] = 42
    view = m.memoryview()
    m.close()
    assert view[24:32].tobytes() == (42).to_bytes(8, "little")  # its own mapping: no crash


def test_freeze_blocks_userspace_writes_only() -> None:
    with make(MapType.HASH) as m:
        m[1] = 1
        m.freeze()
        assert m.frozen
        assert errno_of(m.update, 1, 2) == errno.EPERM
        assert errno_of(m.delete, 1) == errno.EPERM
        assert errno_of(m.freeze) == errno.EPERM
        assert errno_of(m.clear) == errno.EPERM
        assert m[1] == 1
        # A program can still write.
        assert (
            m.lib.ebpy_map_update(
                m.address, (1).to_bytes(4, "little"), (5).to_bytes(8, "little"), 0, 0
            )
            == 0
        )
        assert m[1] == 5


def test_read_only_and_write_only_maps() -> None:
    with make(MapType.HASH, flags=MapFlags.RDONLY) as m:
        assert errno_of(m.update, 1, 1) == errno.EPERM
        assert m.get(1) is None
    with make(MapType.HASH, flags=MapFlags.WRONLY) as m:
        m[1] = 1
        assert errno_of(m.lookup, 1) == errno.EPERM
        assert errno_of(m.next_key) == errno.EPERM


# ---- LPM trie ----------------------------------------------------------------------------------------


def test_lpm_trie_longest_prefix_match() -> None:
    with make(
        MapType.LPM_TRIE, key_size=8, value_size=4, max_entries=4, flags=MapFlags.NO_PREALLOC
    ) as m:
        m[ipaddress.ip_network("10.0.0.0/8")] = 8
        m[ipaddress.ip_network("10.1.0.0/16")] = 16
        m[(24, bytes([10, 1, 2, 0]))] = 24
        m[LpmKey(0, bytes(4))] = 0
        assert m[LpmKey(32, bytes([10, 1, 2, 3]))] == 24
        assert m[LpmKey(32, bytes([10, 1, 9, 9]))] == 16
        assert m[LpmKey(32, bytes([10, 9, 9, 9]))] == 8
        assert m[LpmKey(32, bytes([11, 0, 0, 0]))] == 0
        assert m[LpmKey(12, bytes([10, 1, 2, 3]))] == 8  # the key's own prefix limits the match
        assert errno_of(m.update, LpmKey(1, bytes(4)), 1) == errno.ENOSPC
        assert errno_of(m.update, LpmKey(33, bytes(4)), 1) == errno.EINVAL
        # Post-order: more specific first.
        assert [k.prefixlen for k in m] == [24, 16, 8, 0]
        del m[ipaddress.ip_network("10.1.0.0/16")]
        assert m[LpmKey(32, bytes([10, 1, 9, 9]))] == 8
        assert errno_of(m.delete, LpmKey(16, bytes([10, 1, 0, 0]))) == errno.ENOENT
        with pytest.raises(MapError, match="LpmKey"):
            m["10.0.0.0"] = 1


# ---- queue, stack, bloom filter ---------------------------------------------------------------------


def test_queue_and_stack_orders_and_overwrite() -> None:
    with make(MapType.QUEUE, 0, 4, 3) as q, make(MapType.STACK, 0, 4, 3) as s:
        for m in (q, s):
            for v in (1, 2, 3):
                m.push(v)
            assert errno_of(m.push, 4) == errno.E2BIG
            m.push(4, UpdateFlags.EXIST)  # drops the oldest
            assert len(m) == 3
            assert errno_of(m.push, 5, UpdateFlags.NOEXIST) == errno.EINVAL
        assert [q.peek(), q.pop(), q.pop(), q.pop()] == [2, 2, 3, 4]
        assert [s.peek(), s.pop(), s.pop(), s.pop()] == [4, 4, 3, 2]
        for m in (q, s):
            with pytest.raises(KeyError):
                m.pop()
            assert errno_of(m.peek) == errno.ENOENT
            m.update(None, 9)
            assert m.lookup() == 9 and m.lookup_and_delete() == 9
            assert errno_of(m.update, 1, 9) == errno.EINVAL
            m.push(1)
            m.clear()
            assert len(m) == 0
            assert errno_of(m.next_key) == errno.EINVAL


def test_bloom_filter() -> None:
    with make(MapType.BLOOM_FILTER, 0, 4, 100, map_extra=3) as b:
        assert b.info(Info.NR_HASH_FUNCS) == 3
        for v in range(0, 100, 2):
            b.push(v)
        assert all(b.peek(v) for v in range(0, 100, 2))
        assert 4 in b
        false_positives = sum(1 for v in range(1, 10_000, 2) if b.peek(v))
        assert false_positives < 500  # a 1024-bit filter with 50 values: ~1%
        assert errno_of(b.push, 1, UpdateFlags.EXIST) == errno.EINVAL
        assert errno_of(b.pop) == 524
        assert errno_of(b.delete, 1) == errno.EINVAL  # no keys
        b.clear()
        assert not b.peek(0)


# ---- program arrays and map-in-maps -------------------------------------------------------------------


class Program:
    def __init__(self, handle: int) -> None:
        self.handle = handle


def test_program_array_holds_handles() -> None:
    with make(MapType.PROG_ARRAY, 4, 4, 4) as pa:
        pa[0] = Program(7)
        pa[2] = 9
        assert pa[0] == 7 and pa[2] == 9 and 1 not in pa
        assert dict(pa.items()) == {0: 7, 2: 9}
        assert pa.lib.ebpy_prog_array_get(pa.address, 2) == 9
        assert pa.lib.ebpy_prog_array_get(pa.address, 1) == 0
        assert errno_of(pa.update, 1, 5, UpdateFlags.NOEXIST) == errno.EINVAL
        assert errno_of(pa.update, 4, 5) == errno.E2BIG
        assert errno_of(pa.update, 1, Program(0)) == errno.EBADF
        del pa[2]
        assert errno_of(pa.delete, 2) == errno.ENOENT
        assert errno_of(pa.delete, 7) == errno.E2BIG


@pytest.mark.parametrize("outer_type", [MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS])
def test_map_in_map_stores_and_keeps_inner_maps(outer_type: MapType) -> None:
    inner_spec = MapSpec("inner", MapType.HASH, 4, 4, 8)
    outer = create_map(MapSpec("outer", outer_type, 4, 4, 4, inner=inner_spec))
    inner = create_map(inner_spec)
    inner[1] = 11
    outer[0] = inner
    assert outer[0] is inner
    # A program's lookup in the outer map gives the inner map's address.
    assert outer.lookup_ptr((0).to_bytes(4, "little")) == inner.address
    with create_map(MapSpec("other", MapType.HASH, 4, 8, 8)) as wrong:
        assert errno_of(outer.update, 1, wrong) == errno.EINVAL
    assert errno_of(outer.update, 1, "not a map") == errno.EBADF
    address = inner.address
    inner.close()  # the outer map still holds it, as the kernel's refcount does
    assert inner.closed and map_at(address) is inner
    assert errno_of(inner.lookup, 1) == errno.EBADF
    assert (
        inner.lib.ebpy_map_lookup_copy(
            address, (1).to_bytes(4, "little"), ctypes.create_string_buffer(4), 0
        )
        == 0
    )
    del outer[0]  # the last reference: memory released
    with pytest.raises(MapError):
        map_at(address)
    outer.close()


def test_map_in_map_needs_an_inner_spec_and_nesting_is_refused() -> None:
    assert errno_of(make, MapType.ARRAY_OF_MAPS, 4, 4, 4) == errno.EBADF
    nested = MapSpec(
        "x", MapType.ARRAY_OF_MAPS, 4, 4, 1, inner=MapSpec("i", MapType.ARRAY, 4, 4, 1)
    )
    assert errno_of(lambda: make(MapType.HASH_OF_MAPS, 4, 4, 4, inner=nested)) == errno.EINVAL


# ---- batches ----------------------------------------------------------------------------------------------


def test_batches_typed() -> None:
    with make(MapType.HASH, max_entries=64) as m:
        assert m.update_batch({k: k * 2 for k in range(20)}) == 20
        seen: dict[int, int] = {}
        for items in m.batches(count=8):
            seen.update(items)
        assert seen == {k: k * 2 for k in range(20)}
        first = m.lookup_batch(count=64)
        assert isinstance(first, Batch) and first.done and len(first.items) == 20
        assert m.lookup_batch(count=0) == Batch([], None)
        with pytest.raises(BatchError) as e:
            m.delete_batch([1, 2, 99, 3])
        assert e.value.errno == errno.ENOENT and e.value.count == 2
        drained = m.lookup_and_delete_batch(count=64)
        assert len(drained.items) == 18 and len(m) == 0
        assert errno_of(m.update_batch, {1: 1}, 1) == errno.EINVAL
    with make(MapType.ARRAY, value_size=4, max_entries=4) as a:
        assert errno_of(a.delete_batch, [0]) == 524
        assert errno_of(a.lookup_and_delete_batch, 4) == 524
        batch = a.lookup_batch(count=3)
        assert [k for k, _ in batch.items] == [0, 1, 2] and batch.cursor == (2).to_bytes(
            4, "little"
        )
        assert a.lookup_batch(count=3, cursor=batch.cursor).done


# ---- LRU eviction (our documented policy: exact LRU) ------------------------------------------------------


def test_lru_evicts_the_least_recently_used() -> None:
    with make(MapType.LRU_HASH, max_entries=4) as m:
        for k in range(4):
            m[k] = k
        m.lookup_ptr((0).to_bytes(4, "little"))  # a program's lookup is a use
        m[4] = 4  # evicts 1, the least recently used
        assert sorted(m) == [0, 2, 3, 4]
        m[2] = 20  # an update is a use
        assert m[3] == 3  # a userspace lookup is not (as the kernel's syscall path)
        m[5] = 5  # evicts 3
        assert sorted(m) == [0, 2, 4, 5]
        assert errno_of(m.update, 6, 6, UpdateFlags.EXIST) == errno.ENOENT
        assert len(m) == 4  # a failed update evicts nothing
        del m[0]
        m[6] = 6  # a free slot: no eviction
        assert sorted(m) == [2, 4, 5, 6]


def test_lru_percpu_hash() -> None:
    with make(MapType.LRU_PERCPU_HASH, value_size=4, max_entries=2) as m:
        m[1] = 1
        m[2] = 2
        m[3] = 3
        assert sorted(m) == [2, 3] and m.sum(3) == 3 * NCPU


# ---- engines' view ----------------------------------------------------------------------------------------


def test_lookup_ptr_and_native_calls_share_the_bytes() -> None:
    with make(MapType.HASH, max_entries=8) as m:
        m[5] = 1
        ptr = m.lookup_ptr((5).to_bytes(4, "little"))
        view = value_view(ptr, 8)
        view[:] = (99).to_bytes(8, "little")
        assert m[5] == 99
        assert m.lookup_ptr((6).to_bytes(4, "little")) == 0
        assert map_at(m.address) is m
        assert m.info(Info.TYPE) == MapType.HASH and m.info(Info.COUNT) == 1
        assert m.info(Info.N_BUCKETS) == 8 and m.info(Info.HEADER_SIZE) == 256
    with pytest.raises(MapError):
        value_view(0, 8)


def test_close_and_context_manager() -> None:
    m = make(MapType.HASH)
    m[1] = 1
    m.close()
    m.close()
    assert m.closed
    assert errno_of(m.lookup, 1) == errno.EBADF
    assert errno_of(m.update, 1, 1) == errno.EBADF
    assert errno_of(m.hold) == errno.EBADF
    with pytest.raises(MapError):
        map_at(m.address)


def test_hold_keeps_memory_until_release() -> None:
    m = make(MapType.ARRAY, value_size=4, max_entries=2)
    m.hold()
    m.close()
    assert map_at(m.address) is m and m.lookup_ptr((1).to_bytes(4, "little")) != 0
    m.release()
    with pytest.raises(MapError):
        m.lookup_ptr((1).to_bytes(4, "little"))


# ---- creation --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "t", [MapType.STACK_TRACE, MapType.XSKMAP, MapType.SOCKMAP, MapType.CPUMAP]
)
def test_types_only_the_kernel_has_raise_load_error_naming_them(t: MapType) -> None:
    with pytest.raises(LoadError, match=f"BPF_MAP_TYPE_{t.name}"):
        make(t, 4, 4, 4)


def test_bad_specs_say_what_and_where() -> None:
    with pytest.raises(MapError) as e:
        create_map(MapSpec("flows", MapType.ARRAY, 8, 4, 4))
    assert (
        e.value.errno == errno.EINVAL
        and "map 'flows'" in str(e.value)
        and "key_size must be 4" in str(e.value)
    )
    with pytest.raises(MapError, match="out of range"):
        create_map(MapSpec("neg", MapType.HASH, -1, 4, 4))
    with pytest.raises(LoadError):
        create_map(MapSpec("bad", 999, 4, 4, 4))  # type: ignore[arg-type]
    assert isinstance(e.value, EbpyError) and isinstance(e.value, OSError)


def test_cpu_lists() -> None:
    assert parse_cpu_list("0-3,8,10-11\n") == [0, 1, 2, 3, 8, 10, 11]
    assert parse_cpu_list("0") == [0]
    assert NCPU >= 1


def test_map_key_error_is_both() -> None:
    with make(MapType.HASH) as m, pytest.raises(MapKeyError) as e:
        m[42]
    assert isinstance(e.value, KeyError) and isinstance(e.value, MapError)
    assert str(e.value).startswith("ENOENT: map 'm'")
