"""Memory: the per-entry budget, sharing with another process, and concurrent use."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from ebpy.maps import Info, create_map, native, possible_cpus
from ebpy.maps.layout import round8
from ebpy.maps.memory import PAGE_SIZE
from ebpy.spec import MapFlags, MapSpec, MapType

FIXED = 2 * PAGE_SIZE  # the header and the rounding of the whole map to pages


def budget(max_entries: int, key_size: int, value_size: int) -> int:
    return max_entries * (key_size + value_size + 32) + FIXED


def test_a_65536_entry_hash_fits_the_budget() -> None:
    with create_map(MapSpec("flows", MapType.HASH, 4, 8, 65536)) as m:
        assert m.memory_bytes <= budget(65536, 4, 8)
        # 4 (bucket) + 8 (link) + 4 (key) + 8 (value) bytes per entry, plus the header page.
        assert m.memory_bytes == 65536 * 24 + PAGE_SIZE


@pytest.mark.parametrize("t", [MapType.HASH, MapType.LRU_HASH, MapType.HASH_OF_MAPS, MapType.ARRAY])
@pytest.mark.parametrize("key_size,value_size", [(1, 1), (3, 5), (4, 4), (5, 9), (16, 64), (13, 1)])
@pytest.mark.parametrize("max_entries", [1, 7, 1000, 1025, 4096])
def test_every_shape_fits_the_budget(
    t: MapType, key_size: int, value_size: int, max_entries: int
) -> None:
    if t == MapType.ARRAY:
        key_size = 4
    inner = MapSpec("inner", MapType.ARRAY, 4, 4, 1) if t == MapType.HASH_OF_MAPS else None
    if inner is not None:
        value_size = 4
    with create_map(MapSpec("m", t, key_size, value_size, max_entries, inner=inner)) as m:
        assert m.memory_bytes <= budget(max_entries, key_size, value_size)


def test_per_cpu_values_count_once_per_cpu() -> None:
    ncpu = possible_cpus()
    with create_map(MapSpec("m", MapType.PERCPU_HASH, 4, 4, 1000)) as m:
        assert m.memory_bytes <= budget(1000, 4, ncpu * round8(4))


def test_another_process_sees_the_same_bytes() -> None:
    """The memfd maps in another process: values written here are read there."""
    with create_map(MapSpec("shared", MapType.ARRAY, 4, 8, 4)) as m:
        m[2] = 0x1122334455667788
        offset = m.info(Info.OFF_VALUES) + 2 * 8
        code = (
            "import mmap, sys; fd, off = int(sys.argv[1]), int(sys.argv[2]); "
            "mm = mmap.mmap(fd, 0, mmap.MAP_SHARED, mmap.PROT_READ); "
            "print(int.from_bytes(mm[off:off + 8], 'little'))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(m.fd), str(offset)],
            pass_fds=[m.fd],
            capture_output=True,
            text=True,
            check=True,
        )
        assert int(out.stdout) == 0x1122334455667788


# ---- concurrency: the C runs without the GIL here, so the threads really overlap ------------------


def _run(threads: list[threading.Thread]) -> None:
    for t in threads:
        t.start()
    for t in threads:
        t.join()


@pytest.mark.parametrize("t", [MapType.HASH, MapType.LRU_HASH, MapType.PERCPU_HASH])
def test_two_threads_updating_one_hash(t: MapType) -> None:
    lib = native.get_lib(release_gil=True)
    with create_map(MapSpec("m", t, 4, 8, 4096)) as m:
        value_size = len(m.encode_value(0))

        def writer(base: int) -> None:
            for round_ in range(4):
                for k in range(base, base + 1000):
                    key = k.to_bytes(4, "little")
                    value = (k + round_).to_bytes(8, "little") * (value_size // 8)
                    assert lib.ebpy_map_update(m.address, key, value, 0, 0xFFFFFFFF) == 0
                    if k % 3 == round_ % 3:
                        assert lib.ebpy_map_delete(m.address, key) == 0
                        assert lib.ebpy_map_update(m.address, key, value, 1, 0xFFFFFFFF) == 0

        _run([threading.Thread(target=writer, args=(b,)) for b in (0, 1000)])
        expected = {k: k + 3 for k in range(2000)}
        got = {k: v if isinstance(v, int) else v[0] for k, v in m.items()}
        assert got == expected and len(m) == 2000


def test_threads_contending_on_the_same_keys_keep_the_map_consistent() -> None:
    lib = native.get_lib(release_gil=True)
    with create_map(MapSpec("m", MapType.LRU_HASH, 4, 8, 64)) as m:

        def churn(seed: int) -> None:
            for i in range(20000):
                key = ((i * 7 + seed) % 200).to_bytes(4, "little")
                if i % 5 == 0:
                    lib.ebpy_map_delete(m.address, key)
                else:
                    assert lib.ebpy_map_update(m.address, key, bytes(8), 0, 0) == 0
                    lib.ebpy_map_lookup(m.address, key, 0)

        _run([threading.Thread(target=churn, args=(s,)) for s in (0, 1, 2)])
        keys = list(m)
        assert len(keys) == len(set(keys)) == len(m) <= 64
        assert all(m.get(k) is not None for k in keys)


def test_queue_producer_and_consumer_threads_lose_nothing() -> None:
    lib = native.get_lib(release_gil=True)
    with create_map(MapSpec("q", MapType.QUEUE, 0, 4, 128)) as q:
        n = 5000
        got: list[int] = []

        def produce() -> None:
            for i in range(n):
                value = i.to_bytes(4, "little")
                while lib.ebpy_map_push(q.address, value, 0) != 0:
                    pass

        def consume() -> None:
            import ctypes

            buf = ctypes.create_string_buffer(4)
            while len(got) < n:
                if lib.ebpy_map_pop(q.address, buf) == 0:
                    got.append(int.from_bytes(buf.raw, "little"))

        _run([threading.Thread(target=produce), threading.Thread(target=consume)])
        assert got == list(range(n))


def test_ring_buffer_producers_in_parallel() -> None:
    lib = native.get_lib(release_gil=True)
    with create_map(MapSpec("rb", MapType.RINGBUF, 0, 0, 16 * PAGE_SIZE)) as rb:
        reader = rb.reader()  # type: ignore[attr-defined]
        received: list[bytes] = []
        per_thread = 3000

        def produce(tag: int) -> None:
            for i in range(per_thread):
                record = bytes([tag]) + i.to_bytes(4, "little") + bytes([tag]) * (i % 40)
                while lib.ebpy_ringbuf_output(rb.address, record, len(record), 0) != 0:
                    pass

        producers = [threading.Thread(target=produce, args=(t,)) for t in (1, 2)]
        for t in producers:
            t.start()
        while len(received) < 2 * per_thread:
            received.extend(reader.read())
        for t in producers:
            t.join()
        for tag in (1, 2):
            mine = [r for r in received if r[0] == tag]
            assert [int.from_bytes(r[1:5], "little") for r in mine] == list(range(per_thread))
            assert all(r[5:] == bytes([tag]) * (len(r) - 5) for r in mine)


def test_bloom_filter_concurrent_adds() -> None:
    lib = native.get_lib(release_gil=True)
    with create_map(MapSpec("b", MapType.BLOOM_FILTER, 0, 4, 4000, flags=MapFlags.ZERO_SEED)) as b:

        def add(base: int) -> None:
            for v in range(base, base + 2000):
                assert lib.ebpy_map_push(b.address, v.to_bytes(4, "little"), 0) == 0

        _run([threading.Thread(target=add, args=(x,)) for x in (0, 2000)])
        assert all(b.peek(v) for v in range(4000))
