"""Native maps against the kernel: the same random operations on both, every result compared.

Each test runs a random sequence (hypothesis) on a native map and on a kernel map created
with the same attributes, comparing every errno and returned value, then the final contents.
With BPF_F_ZERO_SEED the hash maps use the kernel's jhash and bucket order, so key order is
compared too (LPM tries and arrays always have a defined order). LRU maps are sized so the
kernel's approximate eviction never runs (our own eviction policy is tested elsewhere).
"""

from __future__ import annotations

import ctypes
import errno
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebpy.errors import MapError
from ebpy.maps import Map, create_map, possible_cpus
from ebpy.maps.layout import round8
from ebpy.spec import MapFlags, MapSpec, MapType
from test_maps_oracle import ENOTSUPP, KernelMap

pytestmark = pytest.mark.kernel

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
NCPU = possible_cpus()


def ours(fn: Callable[..., Any], *args: Any) -> tuple[int, Any]:
    """Our primitive's answer in the kernel wrapper's shape: (errno, result)."""
    try:
        result = fn(*args)
    except MapError as e:
        return e.errno or -1, None
    return 0, result


def ours_lookup(fn: Callable[..., bytes | None], *args: Any) -> tuple[int, bytes | None]:
    err, value = ours(fn, *args)
    if err == 0 and value is None:
        return errno.ENOENT, None
    return err, value


def pair(
    t: MapType, key_size: int, value_size: int, max_entries: int, flags: int = 0, map_extra: int = 0
) -> tuple[KernelMap, Map]:
    k = KernelMap.new(int(t), key_size, value_size, max_entries, flags=flags, map_extra=map_extra)
    m = create_map(
        MapSpec("diff", t, key_size, value_size, max_entries, flags=flags, map_extra=map_extra)
    )
    return k, m


def value_bytes(t: MapType, value_size: int) -> st.SearchStrategy[bytes]:
    if t.is_percpu:  # one value per CPU, each padded to 8 bytes with zeroes
        one = st.binary(min_size=value_size, max_size=value_size).map(
            lambda b: b.ljust(round8(value_size), b"\0")
        )
        return st.lists(one, min_size=NCPU, max_size=NCPU).map(b"".join)
    return st.binary(min_size=value_size, max_size=value_size)


def keyed_ops(
    keys: st.SearchStrategy[bytes], values: st.SearchStrategy[bytes]
) -> st.SearchStrategy[list[tuple[Any, ...]]]:
    op = st.one_of(
        st.tuples(st.just("update"), keys, values, st.sampled_from([0, 0, 0, 1, 2, 4, 8])),
        st.tuples(st.just("delete"), keys),
        st.tuples(st.just("lookup"), keys),
        st.tuples(st.just("next"), st.one_of(st.none(), keys)),
        st.tuples(st.just("lookup_and_delete"), keys),
    )
    return st.lists(op, max_size=60)


def run_keyed(k: KernelMap, m: Map, ops: list[tuple[Any, ...]]) -> None:
    for i, op in enumerate(ops):
        name = op[0]
        if name == "update":
            got = ours(m._update, op[1], op[2], op[3])[0]
            want = k.update(op[1], op[2], op[3])
        elif name == "delete":
            got = ours(m._delete, op[1])[0]
            want = k.delete(op[1])
        elif name == "lookup":
            got = ours_lookup(m._lookup, op[1])
            want = k.lookup(op[1])
        elif name == "next":
            got = ours_lookup(m._next_key, op[1])
            want = k.next_key(op[1])
        else:
            got = ours_lookup(m._lookup_and_delete, op[1])
            want = k.lookup_and_delete(op[1])
        assert got == want, f"op {i} {op}: ours {got}, kernel {want}"


def final_state(k: KernelMap, m: Map, ordered: bool) -> None:
    ours_keys = list(m._raw_keys())
    kernel_keys = k.keys()
    if ordered:
        assert ours_keys == kernel_keys
    else:
        assert sorted(ours_keys) == sorted(kernel_keys)
    assert {key: m._lookup(key) for key in ours_keys} == k.items()


# ---- hash maps --------------------------------------------------------------------------------

HASH_CASES = [
    (MapType.HASH, 4, 8, 6),
    (MapType.HASH, 3, 5, 6),
    (MapType.PERCPU_HASH, 4, 4, 6),
    (MapType.LRU_HASH, 6, 8, 1024),
    (MapType.LRU_PERCPU_HASH, 4, 12, 1024),
]


@pytest.mark.parametrize("t,key_size,value_size,max_entries", HASH_CASES, ids=lambda v: str(v))
@SETTINGS
@given(data=st.data())
def test_hash_maps_match_the_kernel(
    data: st.DataObject, t: MapType, key_size: int, value_size: int, max_entries: int
) -> None:
    keys = st.integers(0, 11).map(lambda i: i.to_bytes(key_size, "little"))
    ops = data.draw(keyed_ops(keys, value_bytes(t, value_size)))
    k, m = pair(t, key_size, value_size, max_entries, flags=MapFlags.ZERO_SEED)
    with k, m:
        run_keyed(k, m, ops)
        final_state(k, m, ordered=True)
        assert len(m) == len(k.keys())


# ---- arrays --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "t,value_size", [(MapType.ARRAY, 12), (MapType.ARRAY, 1), (MapType.PERCPU_ARRAY, 4)]
)
@SETTINGS
@given(data=st.data())
def test_arrays_match_the_kernel(data: st.DataObject, t: MapType, value_size: int) -> None:
    keys = st.integers(0, 7).map(lambda i: i.to_bytes(4, "little"))
    ops = data.draw(keyed_ops(keys, value_bytes(t, value_size)))
    k, m = pair(t, 4, value_size, 5)
    with k, m:
        run_keyed(k, m, ops)
        final_state(k, m, ordered=True)


# ---- LPM trie ------------------------------------------------------------------------------------


@pytest.mark.parametrize("data_size", [1, 2, 5])
@SETTINGS
@given(data=st.data())
def test_lpm_trie_matches_the_kernel(data: st.DataObject, data_size: int) -> None:
    max_prefixlen = data_size * 8
    # Few distinct data bytes so prefixes share bits; prefix lengths include invalid ones.
    key = st.tuples(
        st.integers(0, max_prefixlen + 1),
        st.lists(
            st.sampled_from([0x00, 0x0F, 0x80, 0xC0, 0xFF, 0xA5]),
            min_size=data_size,
            max_size=data_size,
        ),
    ).map(lambda t: t[0].to_bytes(4, "little") + bytes(t[1]))
    ops = data.draw(keyed_ops(key, value_bytes(MapType.LPM_TRIE, 4)))
    k, m = pair(MapType.LPM_TRIE, 4 + data_size, 4, 10, flags=MapFlags.NO_PREALLOC)
    with k, m:
        run_keyed(k, m, ops)
        final_state(k, m, ordered=True)


# ---- queue and stack --------------------------------------------------------------------------


@pytest.mark.parametrize("t", [MapType.QUEUE, MapType.STACK])
@SETTINGS
@given(data=st.data())
def test_queue_and_stack_match_the_kernel(data: st.DataObject, t: MapType) -> None:
    op = st.one_of(
        st.tuples(
            st.just("push"), st.binary(min_size=3, max_size=3), st.sampled_from([0, 0, 1, 2, 3])
        ),
        st.tuples(st.just("pop")),
        st.tuples(st.just("peek")),
        st.tuples(st.just("next")),
        st.tuples(st.just("delete")),
    )
    ops = data.draw(st.lists(op, max_size=40))
    k, m = pair(t, 0, 3, 4)
    with k, m:
        for i, o in enumerate(ops):
            if o[0] == "push":
                got, want = ours(m._push, o[1], o[2])[0], k.update(None, o[1], o[2])
            elif o[0] == "pop":
                got, want = ours_lookup(m._pop), k.lookup_and_delete(None)
            elif o[0] == "peek":
                got, want = ours_lookup(m._peek, None), k.lookup(None)
            elif o[0] == "next":
                got, want = ours(m._next_key, None)[0], k.next_key(None)[0]
            else:
                got, want = ours(m.lib.ebpy_map_delete, m.address, None)[1], -k.delete(None)
            assert got == want, f"op {i} {o}: ours {got}, kernel {want}"


# ---- bloom filter ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value_size,hashes,max_entries", [(4, 0, 100), (3, 3, 50), (8, 1, 7), (13, 15, 300)]
)
@settings(max_examples=20, deadline=None, derandomize=True)
@given(data=st.data())
def test_bloom_filter_bits_match_the_kernel(
    data: st.DataObject, value_size: int, hashes: int, max_entries: int
) -> None:
    """Same jhash, same bitset size: with a zero seed every answer is the kernel's, false
    positives included."""
    values = data.draw(
        st.lists(st.binary(min_size=value_size, max_size=value_size), max_size=max_entries)
    )
    probes = data.draw(
        st.lists(st.binary(min_size=value_size, max_size=value_size), min_size=50, max_size=200)
    )
    k, m = pair(
        MapType.BLOOM_FILTER, 0, value_size, max_entries, flags=MapFlags.ZERO_SEED, map_extra=hashes
    )
    with k, m:
        for v in values:
            assert ours(m._push, v, 0)[0] == k.update(None, v, 0) == 0
        for v in values + probes:
            assert (m._peek(v) is not None) == (k.peek_value(v) == 0)
        assert ours(m._push, values[0] if values else bytes(value_size), 2)[0] == k.update(
            None, bytes(value_size), 2
        )


# ---- batches -------------------------------------------------------------------------------------


@pytest.mark.parametrize("t", [MapType.HASH, MapType.PERCPU_HASH, MapType.LRU_HASH])
@settings(max_examples=30, deadline=None, derandomize=True)
@given(data=st.data())
def test_hash_lookup_batches_match_the_kernel(data: st.DataObject, t: MapType) -> None:
    """Bucket cursors, whole buckets per batch, ENOSPC and the final ENOENT, with and
    without delete."""
    keys = data.draw(st.sets(st.integers(0, 500), max_size=40))
    count = data.draw(st.integers(1, 12))
    delete = data.draw(st.booleans())
    k, m = pair(t, 4, 8, 64, flags=MapFlags.ZERO_SEED)
    with k, m:
        for key in keys:
            value = key.to_bytes(8, "little") * (NCPU if t.is_percpu else 1)
            assert k.update(key.to_bytes(4, "little"), value) == 0
            m._update(key.to_bytes(4, "little"), value, 0)
        cursor = None
        for _ in range(200):
            err, kk, kv, out = k.lookup_batch(cursor, count, delete)
            try:
                raw = m._lookup_batch(cursor, count, delete)
            except MapError as e:
                assert (e.errno, []) == (err, kk)
                count += 1  # a bucket did not fit: retry with room for it
                continue
            assert (raw.keys, raw.values) == (kk, kv)
            if err == errno.ENOENT:
                assert raw.cursor is None
                break
            assert err == 0 and raw.cursor == out
            cursor = out
        final_state(k, m, ordered=True)


@pytest.mark.parametrize("t", [MapType.ARRAY, MapType.LPM_TRIE])
@settings(max_examples=20, deadline=None, derandomize=True)
@given(count=st.integers(1, 9), cursor_index=st.one_of(st.none(), st.integers(0, 12)))
def test_generic_lookup_batches_match_the_kernel(
    t: MapType, count: int, cursor_index: int | None
) -> None:
    if t == MapType.ARRAY:
        k, m = pair(t, 4, 4, 10)
        entries = [(i.to_bytes(4, "little"), (i * 7).to_bytes(4, "little")) for i in range(10)]
    else:
        k, m = pair(t, 5, 4, 16, flags=MapFlags.NO_PREALLOC)
        entries = [
            (bytes([p, 0, 0, 0, d]), bytes([p, d, 0, 0]))
            for p, d in [(8, 0x80), (4, 0x80), (1, 0), (8, 0x81), (0, 0)]
        ]
    with k, m:
        for key, value in entries:
            assert k.update(key, value) == 0
            m._update(key, value, 0)
        cursor = None if cursor_index is None else entries[cursor_index % len(entries)][0]
        while True:
            err, kk, kv, out = k.lookup_batch(cursor, count, cursor_size=m.key_size)
            raw = m._lookup_batch(cursor, count, False)
            assert (raw.keys, raw.values) == (kk, kv)
            if err:
                assert err == errno.ENOENT and raw.cursor is None
                break
            assert raw.cursor == out
            cursor = out


@pytest.mark.parametrize("t", [MapType.HASH, MapType.ARRAY, MapType.LPM_TRIE, MapType.QUEUE])
def test_update_and_delete_batches_match_the_kernel(t: MapType) -> None:
    if t == MapType.QUEUE:
        k, m = pair(t, 0, 4, 4)
        with k, m:
            assert (ours(m._update_batch, [], 0)[0], ours(m._delete_batch, [])[0]) == (
                k.update_batch([])[0],
                k.delete_batch([])[0],
            )
        return
    key_size = 5 if t == MapType.LPM_TRIE else 4
    flags = (
        MapFlags.NO_PREALLOC
        if t == MapType.LPM_TRIE
        else MapFlags.ZERO_SEED
        if t == MapType.HASH
        else 0
    )
    k, m = pair(t, key_size, 4, 4, flags=flags)
    entries = [
        (
            bytes([8 * (i % 2), 0, 0, 0, i]) if t == MapType.LPM_TRIE else i.to_bytes(4, "little"),
            bytes([i] * 4),
        )
        for i in range(6)
    ]
    with k, m:
        for batch, elem_flags in (
            (entries[:2], 0),
            (entries[:2], 1),
            (entries[:2], 4),
            (entries, 0),
        ):
            want = k.update_batch(batch, elem_flags)
            try:
                got = (0, m._update_batch(batch, elem_flags))
            except MapError as e:
                got = (e.errno, getattr(e, "count", 0))
            if elem_flags:  # refused before any element: the kernel leaves count as given
                assert got[0] == want[0] == errno.EINVAL
            else:
                assert got == want, (batch, elem_flags)
        keys = [entries[1][0], entries[0][0], entries[5][0], entries[2][0]]
        want = k.delete_batch(keys)
        try:
            got = (0, m._delete_batch(keys))
        except MapError as e:
            got = (e.errno, getattr(e, "count", 0))
        if want[0] == ENOTSUPP:  # refused before any element: count left as given
            assert got[0] == want[0]
        else:
            assert got == want
        final_state(k, m, ordered=True)


def test_batch_support_per_type_matches_the_kernel() -> None:
    """Which types have which batch commands (ENOTSUPP for the rest)."""
    cases = [
        (MapType.HASH, 4, 4, 8, 0),
        (MapType.ARRAY, 4, 4, 8, 0),
        (MapType.PERCPU_ARRAY, 4, 4, 8, 0),
        (MapType.LPM_TRIE, 5, 4, 8, MapFlags.NO_PREALLOC),
        (MapType.QUEUE, 0, 4, 8, 0),
        (MapType.BLOOM_FILTER, 0, 4, 8, 0),
    ]
    for t, ks, vs, n, flags in cases:
        k, m = pair(t, ks, vs, n, flags=flags)
        with k, m:
            for delete in (False, True):
                want = k.lookup_batch(None, 4, delete, cursor_size=max(ks, 4))[0]
                err, raw = ours(m._lookup_batch, None, 4, delete)
                got = err or (errno.ENOENT if raw.cursor is None else 0)
                assert got == want, (t, delete)


# ---- updates from programs on per-CPU maps -------------------------------------------------------


@pytest.mark.skipif(NCPU < 2, reason="needs two CPUs")
@pytest.mark.parametrize("t", [MapType.PERCPU_HASH, MapType.LRU_PERCPU_HASH, MapType.PERCPU_ARRAY])
def test_program_update_of_a_new_percpu_element_zeroes_other_cpus(t: MapType) -> None:
    """A program (running on CPU 1) that inserts an element sets its CPU's value and
    zeroes the others; updating an existing one touches only its CPU."""
    import os

    from test_maps_oracle import (
        F_SLEEPABLE,
        PROG_TYPE_SYSCALL,
        add64_imm,
        call,
        exit_insn,
        ld_map_fd,
        ldx,
        mov64_imm,
        mov64_reg,
        prog_load,
        prog_run,
        stx,
    )

    k, m = pair(t, 4, 8, 8)
    # ctx: u32 key at 0, u64 value at 8. Copy both to the stack, then bpf_map_update_elem.
    code = (
        mov64_reg(6, 1)
        + ldx("w", 2, 6, 0) + stx("w", 10, 2, -8)
        + ldx("dw", 3, 6, 8) + stx("dw", 10, 3, -16)
        + ld_map_fd(1, k.fd)
        + mov64_reg(2, 10) + add64_imm(2, -8)
        + mov64_reg(3, 10) + add64_imm(3, -16)
        + mov64_imm(4, 0)
        + call(2)
        + exit_insn()
    )  # fmt: skip
    old = os.sched_getaffinity(0)
    fd = prog_load(PROG_TYPE_SYSCALL, code, F_SLEEPABLE)
    try:
        os.sched_setaffinity(0, {1})
        key = (3).to_bytes(4, "little")
        stale = b"".join((100 + c).to_bytes(8, "little") for c in range(NCPU))
        for value in (11, 22):
            if value == 22:  # an existing element: only CPU 1 changes
                assert k.update(key, stale) == 0
                m._update(key, stale, 0)
            ctx = key + bytes(4) + value.to_bytes(8, "little")
            assert prog_run(fd, ctx=ctx) == 0
            ret = m.lib.ebpy_map_update(m.address, key, value.to_bytes(8, "little"), 0, 1)
            assert ret == 0
            assert m._lookup(key) == k.lookup(key)[1]
    finally:
        os.sched_setaffinity(0, old)
        os.close(fd)
        k.close()
        m.close()


# ---- freezing, access flags ---------------------------------------------------------------------


def _access_steps(k: KernelMap, m: Map) -> list[tuple[str, Callable[[], int], Callable[[], int]]]:
    key, value = (1).to_bytes(4, "little"), bytes(4)
    return [
        ("update", lambda: k.update(key, value), lambda: ours(m._update, key, value, 0)[0]),
        ("lookup", lambda: k.lookup(key)[0], lambda: ours_lookup(m._lookup, key)[0]),
        ("next", lambda: k.next_key(None)[0], lambda: ours_lookup(m._next_key, None)[0]),
        ("freeze", k.freeze, lambda: ours(m._freeze)[0]),
        ("update2", lambda: k.update(key, value), lambda: ours(m._update, key, value, 0)[0]),
        ("delete", lambda: k.delete(key), lambda: ours(m._delete, key)[0]),
        ("lookup2", lambda: k.lookup(key)[0], lambda: ours_lookup(m._lookup, key)[0]),
        ("freeze2", k.freeze, lambda: ours(m._freeze)[0]),
        (
            "lookup_and_delete",
            lambda: k.lookup_and_delete(key)[0],
            lambda: ours_lookup(m._lookup_and_delete, key)[0],
        ),
    ]


@pytest.mark.parametrize("flags", [0, MapFlags.RDONLY, MapFlags.WRONLY])
def test_freeze_and_access_flags_match_the_kernel(flags: int) -> None:
    k, m = pair(MapType.HASH, 4, 4, 4, flags=flags)
    with k, m:
        for name, kernel, native in _access_steps(k, m):
            assert native() == kernel(), name


# ---- program arrays and map-in-maps -----------------------------------------------------------------


def test_program_array_slots_match_the_kernel() -> None:
    import os

    from test_maps_oracle import trivial_program

    prog = trivial_program()
    k, m = pair(MapType.PROG_ARRAY, 4, 4, 4)
    handle = (7).to_bytes(8, "little")
    try:
        with k, m:
            for i in (0, 3, 4):
                for flags in (0, 1, 2):
                    key = i.to_bytes(4, "little")
                    assert ours(m._update, key, handle, flags)[0] == k.update(
                        key, prog.to_bytes(4, "little"), flags
                    )
            for i in (0, 1, 4):
                key = i.to_bytes(4, "little")
                assert ours_lookup(m._lookup, key)[0] == k.lookup(key)[0]
                assert ours(m._delete, key)[0] == k.delete(key)
                assert ours(m._delete, key)[0] == k.delete(key)
            assert list(m._raw_keys()) == k.keys()
    finally:
        os.close(prog)


@pytest.mark.parametrize("outer", [MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS])
def test_inner_map_compatibility_matches_the_kernel(outer: MapType) -> None:
    """bpf_map_meta_equal: type, key/value size, flags; max_entries for arrays unless
    BPF_F_INNER_MAP."""
    template = (MapType.ARRAY, 4, 8, 4, 0)
    candidates = [
        template,
        (MapType.ARRAY, 4, 8, 5, 0),
        (MapType.ARRAY, 4, 16, 4, 0),
        (MapType.HASH, 4, 8, 4, 0),
        (MapType.ARRAY, 4, 8, 4, MapFlags.RDONLY_PROG),
    ]
    for inner_flags in (0, MapFlags.INNER_MAP):
        t0, ks, vs, n, fl = template
        kt = KernelMap.new(int(t0), ks, vs, n, flags=fl | inner_flags)
        ko = KernelMap.new(int(outer), 4, 4, 4, inner_fd=kt.fd)
        inner_spec = MapSpec("inner", t0, ks, vs, n, flags=fl | inner_flags)
        o = create_map(MapSpec("outer", outer, 4, 4, 4, inner=inner_spec))
        try:
            for i, (t, cks, cvs, cn, cfl) in enumerate(candidates):
                if t == MapType.ARRAY:
                    cfl |= inner_flags
                ki = KernelMap.new(int(t), cks, cvs, cn, flags=cfl)
                ni = create_map(MapSpec("cand", t, cks, cvs, cn, flags=cfl))
                key = i.to_bytes(4, "little")
                want = ko.update(key, ki.fd.to_bytes(4, "little"))
                got = ours(o.update, key, ni)[0]
                assert got == want, (outer, int(inner_flags), i)
                ki.close()
                ni.close()
            assert ours(o.delete, (0).to_bytes(4, "little"))[0] == ko.delete(
                (0).to_bytes(4, "little")
            )
            assert ours(o.delete, (0).to_bytes(4, "little"))[0] == ko.delete(
                (0).to_bytes(4, "little")
            )
        finally:
            for km in (ko, kt):
                km.close()
            o.close()


# ---- creation -----------------------------------------------------------------------------------

CREATE_CASES: list[tuple[MapType, int, int, int, int, int]] = [
    (MapType.HASH, 4, 8, 0, 0, 0),
    (MapType.HASH, 0, 8, 4, 0, 0),
    (MapType.HASH, 4, 0, 4, 0, 0),
    (MapType.HASH, 4, 8, 4, MapFlags.MMAPABLE, 0),
    (MapType.HASH, 4, 8, 4, MapFlags.NO_COMMON_LRU, 0),
    (MapType.HASH, 4, 8, 4, MapFlags.RDONLY | MapFlags.WRONLY, 0),
    (MapType.HASH, 4, 8, 4, MapFlags.RDONLY_PROG | MapFlags.WRONLY_PROG, 0),
    (MapType.HASH, 4, 8, 4, 0, 5),
    (MapType.LRU_HASH, 4, 8, 4, MapFlags.NO_PREALLOC, 0),
    (MapType.PERCPU_HASH, 4, 40000, 4, 0, 0),
    (MapType.ARRAY, 8, 8, 4, 0, 0),
    (MapType.ARRAY, 4, 0, 4, 0, 0),
    (MapType.ARRAY, 4, 8, 0, 0, 0),
    (MapType.ARRAY, 4, 8, 4, MapFlags.NO_PREALLOC, 0),
    (MapType.ARRAY, 4, 8, 4, MapFlags.MMAPABLE, 0),
    (MapType.PERCPU_ARRAY, 4, 8, 4, MapFlags.MMAPABLE, 0),
    (MapType.ARRAY, 4, 8, 4, MapFlags.PRESERVE_ELEMS, 0),
    (MapType.PERCPU_ARRAY, 4, 40000, 4, 0, 0),
    (MapType.PROG_ARRAY, 4, 8, 4, 0, 0),
    (MapType.PROG_ARRAY, 4, 4, 4, MapFlags.RDONLY_PROG, 0),
    (MapType.LPM_TRIE, 8, 4, 4, 0, 0),
    (MapType.LPM_TRIE, 4, 4, 4, MapFlags.NO_PREALLOC, 0),
    (MapType.LPM_TRIE, 261, 4, 4, MapFlags.NO_PREALLOC, 0),
    (MapType.LPM_TRIE, 260, 4, 4, MapFlags.NO_PREALLOC, 0),
    (MapType.LPM_TRIE, 8, 0, 4, MapFlags.NO_PREALLOC, 0),
    (MapType.QUEUE, 4, 4, 4, 0, 0),
    (MapType.QUEUE, 0, 0, 4, 0, 0),
    (MapType.STACK, 0, 4, 0, 0, 0),
    (MapType.STACK, 0, 4, 4, MapFlags.ZERO_SEED, 0),
    (MapType.BLOOM_FILTER, 4, 4, 4, 0, 0),
    (MapType.BLOOM_FILTER, 0, 4, 4, 0, 16),
    (MapType.BLOOM_FILTER, 0, 4, 4, 0, 15),
    (MapType.BLOOM_FILTER, 0, 0, 4, 0, 0),
    (MapType.RINGBUF, 0, 0, 4096, 0, 0),
    (MapType.RINGBUF, 0, 0, 4096 * 3, 0, 0),
    (MapType.RINGBUF, 0, 0, 1024, 0, 0),
    (MapType.RINGBUF, 4, 0, 4096, 0, 0),
    (MapType.RINGBUF, 0, 0, 4096, MapFlags.RDONLY, 0),
]


@pytest.mark.parametrize("t,ks,vs,n,flags,extra", CREATE_CASES)
def test_creation_checks_match_the_kernel(
    t: MapType, ks: int, vs: int, n: int, flags: int, extra: int
) -> None:
    err, k = KernelMap.create(int(t), ks, vs, n, flags=flags, map_extra=extra)
    if k is not None:
        k.close()
    try:
        create_map(MapSpec("c", t, ks, vs, n, flags=flags, map_extra=extra)).close()
        got = 0
    except MapError as e:
        got = e.errno
    assert got == err


@pytest.mark.parametrize(
    "t,value_size,max_entries",
    [
        (MapType.RINGBUF, 0, 4096),
        (MapType.QUEUE, 4, 4),
        (MapType.STACK, 4, 4),
        (MapType.BLOOM_FILTER, 4, 4),
    ],
)
def test_keyless_maps_answer_keyed_commands_like_the_kernel(
    t: MapType, value_size: int, max_entries: int
) -> None:
    """lookup/update/delete/next_key/lookup_and_delete with a NULL key, then freeze."""
    k, m = pair(t, 0, value_size, max_entries)
    value = bytes(value_size)
    lib, addr = m.lib, m.address
    out = ctypes.create_string_buffer(max(value_size, 8))
    with k, m:
        assert -lib.ebpy_map_lookup_copy(addr, None, out, 0xFFFFFFFF) == k.lookup(None)[0]
        assert -lib.ebpy_map_update(addr, None, value, 0, 0xFFFFFFFF) == k.update(None, value)
        assert -lib.ebpy_map_delete(addr, None) == k.delete(None)
        assert -lib.ebpy_map_get_next_key(addr, None, out) == k.next_key(None)[0]
        assert (
            -lib.ebpy_map_lookup_and_delete(addr, None, out, 0xFFFFFFFF)
            == k.lookup_and_delete(None)[0]
        )
        assert ours(m._freeze)[0] == k.freeze()
