"""Ring buffers: the native producer, the shared consumer, and both against the kernel."""

from __future__ import annotations

import ctypes
import errno
import os
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebpy.errors import MapError
from ebpy.maps import RingBuffer, RingBufMap, create_map
from ebpy.maps.memory import PAGE_SIZE
from ebpy.maps.ringbuf import BUSY_BIT, DISCARD_BIT, record_span
from ebpy.spec import MapSpec, MapType

RB_AVAIL_DATA, RB_RING_SIZE, RB_CONS_POS, RB_PROD_POS = 0, 1, 2, 3


def ring(size: int = PAGE_SIZE) -> RingBufMap:
    m = create_map(MapSpec("events", MapType.RINGBUF, 0, 0, size))
    assert isinstance(m, RingBufMap)
    return m


def test_output_then_read_in_order() -> None:
    with ring() as m:
        r = m.reader()
        for i in range(10):
            m.output(bytes([i]) * (i + 1))
        assert r.available() == sum(record_span(i + 1) for i in range(10))
        assert r.read() == [bytes([i]) * (i + 1) for i in range(10)]
        assert r.available() == 0
        assert r.read() == []
        assert (
            m.query(RB_CONS_POS)
            == m.query(RB_PROD_POS)
            == sum(record_span(i + 1) for i in range(10))
        )


def test_reserve_submit_discard_and_busy_records_block_the_consumer() -> None:
    with ring() as m:
        r = m.reader()
        a = m.reserve_ptr(16)
        b = m.reserve_ptr(5)
        assert a and b and b == a + 24
        ctypes.memmove(b, b"later", 5)
        m.submit(b)
        assert r.read() == []  # `a` is still being written: nothing after it is visible
        ctypes.memmove(a, b"first record....", 16)
        m.submit(a)
        assert r.read() == [b"first record....", b"later"]
        c = m.reserve_ptr(8)
        m.discard(c)
        m.output(b"after discard")
        assert r.read() == [b"after discard"]


def test_full_ring_answers_eagain_and_null_and_frees_after_consuming() -> None:
    with ring() as m:
        r = m.reader()
        # The largest record is size - 8 - 8: one byte short of the whole ring.
        assert m.reserve_ptr(PAGE_SIZE) == 0
        assert m.reserve_ptr(PAGE_SIZE - 8, flags=1) == 0  # any flag: NULL, as the kernel
        n = 0
        while True:
            try:
                m.output(b"x" * 100)
            except MapError as e:
                assert e.errno == errno.EAGAIN
                break
            n += 1
        assert n == (PAGE_SIZE - 1) // 112
        assert len(r.read(limit=3)) == 3
        m.output(b"x" * 100)
        assert len(r.read()) == n - 2
        with pytest.raises(MapError) as e:
            m.output(b"", flags=4)
        assert e.value.errno == errno.EINVAL


def test_records_wrap_around_the_end_contiguously() -> None:
    """The data is mapped twice, so a record crossing the end reads back whole."""
    with ring() as m:
        r = m.reader()
        sizes = [1000, 1500, 1000]
        for round_ in range(5):
            for s in sizes:
                m.output(bytes([round_]) * s)
            assert r.read() == [bytes([round_]) * s for s in sizes]
        assert m.query(RB_PROD_POS) > 2 * PAGE_SIZE


def test_query_flags() -> None:
    with ring(2 * PAGE_SIZE) as m:
        m.output(b"abc")
        assert m.query(RB_AVAIL_DATA) == 16
        assert m.query(RB_RING_SIZE) == 2 * PAGE_SIZE
        assert m.query(RB_CONS_POS) == 0
        assert m.query(RB_PROD_POS) == 16
        assert m.query(99) == 0


def test_poll_waits_for_a_producer_thread_and_times_out() -> None:
    with ring() as m:
        r = m.reader()
        got: list[bytes] = []
        assert r.poll(got.append, timeout=0.01) == 0
        t = threading.Timer(0.02, lambda: m.output(b"late"))
        t.start()
        assert r.poll(got.append, timeout=5) == 1
        t.join()
        assert got == [b"late"]


def test_wakeups_are_counted_like_the_kernels() -> None:
    from ebpy.maps import Info

    with ring() as m:
        m.output(b"a")  # consumer caught up: wakeup
        m.output(b"b")  # not at the consumer position: none
        m.output(b"c", flags=1)  # BPF_RB_NO_WAKEUP
        m.output(b"d", flags=2)  # BPF_RB_FORCE_WAKEUP
        assert m.info(Info.NOTIFY) == 2


def test_ring_maps_have_no_keys_and_closed_readers_fail() -> None:
    m = ring()
    for op in (
        lambda: m._lookup(b""),
        lambda: m._update(b"", b"", 0),
        lambda: m._delete(b""),
        lambda: m._next_key(None),
        lambda: len(m),
    ):
        with pytest.raises(MapError) as e:
            op()
        assert e.value.errno == 524  # ENOTSUPP, as bpf() answers for ring buffers
    r = m.reader()
    m.close()
    with pytest.raises(MapError) as e:
        r.read()
    assert e.value.errno == errno.EBADF


def test_consumer_rejects_bad_sizes() -> None:
    with pytest.raises(MapError):
        RingBuffer(0, 0, 0, 3000)


def test_record_header_bits() -> None:
    assert record_span(0) == 8 and record_span(1) == 16 and record_span(8) == 16
    assert record_span(5 | BUSY_BIT) == record_span(5 | DISCARD_BIT) == 16


# ---- against the kernel -------------------------------------------------------------------------


def _programs(fd: int) -> tuple[int, int, int]:
    """(output, reserve, query) syscall programs on ring buffer map `fd`."""
    from test_maps_oracle import (
        F_SLEEPABLE,
        PROG_TYPE_SYSCALL,
        add64_imm,
        call,
        exit_insn,
        jeq_imm,
        jgt_imm,
        ld_map_fd,
        ldx,
        mov64_imm,
        mov64_reg,
        prog_load,
        stx,
    )

    # ctx {u32 size, u32 flags, u8 data[64]}: bpf_ringbuf_output(rb, data copy, size, flags)
    copy = b"".join(ldx("dw", 1, 6, 8 + 8 * i) + stx("dw", 10, 1, -64 + 8 * i) for i in range(8))
    output = (
        mov64_reg(6, 1) + copy
        + ldx("w", 3, 6, 0) + jgt_imm(3, 64, 7)
        + ldx("w", 4, 6, 4) + ld_map_fd(1, fd)
        + mov64_reg(2, 10) + add64_imm(2, -64)
        + call(130) + exit_insn()
        + mov64_imm(0, -1) + exit_insn()
    )  # fmt: skip
    # ctx {u32 discard}: reserve 24 bytes, fill them, submit or discard; 2 when reserve fails.
    reserve = (
        mov64_reg(6, 1)
        + ld_map_fd(1, fd) + mov64_imm(2, 24) + mov64_imm(3, 0) + call(131)
        + jeq_imm(0, 0, 16)
        + mov64_reg(7, 0) + mov64_imm(1, 0x5A)
        + stx("dw", 7, 1, 0) + stx("dw", 7, 1, 8) + stx("dw", 7, 1, 16)
        + ldx("w", 2, 6, 0) + mov64_reg(1, 7)
        + jeq_imm(2, 0, 4)
        + mov64_imm(2, 0) + call(133) + mov64_imm(0, 1) + exit_insn()
        + mov64_imm(2, 0) + call(132) + mov64_imm(0, 0) + exit_insn()
        + mov64_imm(0, 2) + exit_insn()
    )  # fmt: skip
    # ctx {u32 flag}: bpf_ringbuf_query(rb, flag)
    query = mov64_reg(6, 1) + ld_map_fd(1, fd) + ldx("w", 2, 6, 0) + call(134) + exit_insn()
    return tuple(prog_load(PROG_TYPE_SYSCALL, p, F_SLEEPABLE) for p in (output, reserve, query))  # type: ignore[return-value]


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("output"), st.integers(0, 64), st.sampled_from([0, 0, 1, 2, 4])),
        st.tuples(st.just("reserve"), st.booleans()),
        st.tuples(st.just("read"), st.integers(1, 5)),
        st.tuples(st.just("query"), st.integers(0, 4)),
    ),
    max_size=120,
)


@pytest.mark.kernel
@settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(ops=OPS)
def test_ring_buffer_matches_the_kernel(ops: list[tuple[object, ...]]) -> None:
    """Programs produce into a kernel ring buffer and the same calls go to ours; return
    codes, positions and the records our consumer reads (from the kernel's mmap and from our
    memory) must agree."""
    from test_maps_oracle import KernelMap, KernelRing, prog_run

    k = KernelMap.new(int(MapType.RINGBUF), 0, 0, PAGE_SIZE)
    kring = KernelRing(k)
    progs = _programs(k.fd)
    m = ring()
    try:
        kreader = RingBuffer(
            kring.consumer_addr, kring.producer_addr, kring.data_addr, PAGE_SIZE, owner=kring
        )
        ours = m.reader()
        for i, op in enumerate(ops):
            if op[0] == "output":
                size, flags = op[1], op[2]
                data = bytes((i + j) & 0xFF for j in range(64))
                ctx = size.to_bytes(4, "little") + flags.to_bytes(4, "little") + data
                want = prog_run(progs[0], ctx=ctx)
                got = m.lib.ebpy_ringbuf_output(m.address, data, size, flags) & 0xFFFFFFFF
            elif op[0] == "reserve":
                want = prog_run(progs[1], ctx=int(op[1]).to_bytes(4, "little"))
                ptr = m.reserve_ptr(24)
                if ptr:
                    ctypes.memmove(
                        ptr,
                        bytes([0x5A])
                        + bytes(7)
                        + bytes([0x5A])
                        + bytes(7)
                        + bytes([0x5A])
                        + bytes(7),
                        24,
                    )
                    (m.discard if op[1] else m.submit)(ptr)
                got = 0 if ptr and not op[1] else 1 if ptr else 2
            elif op[0] == "read":
                want = kreader.read(limit=op[1])  # type: ignore[assignment]
                got = ours.read(limit=op[1])  # type: ignore[assignment]
            else:
                want = prog_run(progs[2], ctx=op[1].to_bytes(4, "little"))
                got = m.query(op[1]) & 0xFFFFFFFF
            assert got == want, f"op {i} {op}: ours {got!r}, kernel {want!r}"
        assert ours.read() == kreader.read()
    finally:
        for fd in progs:
            os.close(fd)
        kring.close()
        k.close()
        m.close()
