"""Perf event arrays and bpf_perf_event_output on the userspace engines, against the kernel.

The same programs run through BPF_PROG_TEST_RUN with the kernel's PerfBuffer reading and on
interp/jit with ebpy's reader: return values and samples (the CPU aside) must match. Kernel
runs are pinned to CPU 0, the CPU the userspace engines report.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ebpy
from ebpy.errors import LoadError, MapError
from ebpy.maps import PerfEventArray, PerfSample, create_map, possible_cpus
from ebpy.maps.perf_reader import SampleReader, online_cpus
from ebpy.spec import MapSpec, MapType
from ebpy.testing import kernel_unavailable

ENGINES = ["interp", "jit", pytest.param("kernel", marks=pytest.mark.kernel)]
USERSPACE = ["interp", "jit"]
CUR = 0xFFFFFFFF
FRAME = bytes(range(64))

# One program per kind of the helper: sk_buff (tc, socket filter) and XDP append packet
# bytes on request; raw tracepoints (the userspace hooks' type) take only an index.
SOURCE = r"""
#include <ebpy/xdp.h>
#include <ebpy/skb.h>
static long (*perf_out)(void *ctx, void *map, __u64 flags, void *data, __u64 size) = (void *)25;
struct event { __u32 seq; __u32 len; __u64 magic; };
struct event *event_type __attribute__((unused));
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, 4); __uint(value_size, 4);
         __uint(max_entries, 4); } samples SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, 4);
         __uint(value_size, 4); } percpu SEC(".maps");
volatile __u64 flags = 0xffffffffULL;
volatile __u32 size = 16;
long ret = 0;
__u32 seq = 0;
__u8 payload[70000];

static __always_inline void out(void *ctx, __u32 len)
{
	__u32 n = size;
	if (n > sizeof(payload))
		n = sizeof(payload);
	struct event *e = (void *)payload;
	e->seq = seq++;
	e->len = len;
	e->magic = 0xeb9f00d;
	ret = perf_out(ctx, &samples, flags, payload, n);
}

SEC("xdp") int xdp_out(struct xdp_md *ctx) { out(ctx, ctx->data_end - ctx->data); return 2; }
SEC("tc") int tc_out(struct __sk_buff *skb) { out(skb, skb->len); return 0; }
SEC("socket") int socket_out(struct __sk_buff *skb) { out(skb, skb->len); return 0; }
SEC("raw_tracepoint/sys_enter") int raw_tp_out(void *ctx) { out(ctx, 0); return 0; }
char _license[] SEC("license") = "GPL";
"""

PROGRAMS = ["xdp_out", "tc_out", "socket_out", "raw_tp_out"]
CASES = [
    (CUR, 16),
    (CUR, 13),  # padded to 8 with the u32 size
    (CUR, 0),
    (0, 16),
    (1, 16),  # another CPU's event (EOPNOTSUPP), or an empty slot on one CPU
    (3, 16),  # no reader there: ENOENT
    (4, 16),  # past max_entries: E2BIG
    (5 | 1 << 33, 16),
    (CUR | 10 << 32, 16),  # 10 packet bytes appended (packet types), EINVAL (others)
    (CUR | 64 << 32, 8),  # the whole frame (XDP, tc); the socket filter's skb is shorter
    (CUR | 65 << 32, 8),  # more than the packet: EFAULT
    (CUR | 1 << 32, 0),
    (CUR | 1 << 52, 16),  # a flag bit no variant knows: EINVAL
    (1 << 63, 16),
    (CUR, 4096),
]


@pytest.fixture(scope="module")
def obj(compile_bpf) -> Path:
    return compile_bpf(SOURCE, "perf_userspace")


@contextlib.contextmanager
def on_cpu0(engine: str) -> Iterator[None]:
    """Pin the kernel's test runs to CPU 0 (BPF_F_CURRENT_CPU is then 0, as on userspace)."""
    if engine != "kernel":
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {0})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def _load(obj: Path, engine: str, programs: list[str] | None = None) -> Any:
    if engine == "kernel" and (reason := kernel_unavailable()):
        pytest.skip(reason)
    return ebpy.load_spec(obj).load(engine=engine, programs=programs)


def _run(coll: Any, program: str) -> None:
    prog = coll.programs[program]
    if program == "raw_tp_out":
        prog.test_run(ctx=bytes(16))
    else:
        prog.test_run(data=FRAME)


def _outputs(obj: Path, engine: str) -> dict[str, list[tuple[int, list[bytes]]]]:
    out: dict[str, list[tuple[int, list[bytes]]]] = {}
    with on_cpu0(engine), _load(obj, engine, PROGRAMS) as coll:
        reader = coll.perf_buffer("samples")
        for program in PROGRAMS:
            rows = []
            for flags, size in CASES:
                coll.variables["flags"] = flags
                coll.variables["size"] = size
                _run(coll, program)
                rows.append((coll.variables["ret"], [s.data for s in reader.samples()]))
            out[program] = rows
    return out


@pytest.fixture(scope="module")
def userspace_outputs(obj) -> dict[str, dict[str, list[tuple[int, list[bytes]]]]]:
    return {engine: _outputs(obj, engine) for engine in USERSPACE}


@pytest.mark.kernel
def test_perf_event_output_matches_the_kernel(obj, userspace_outputs):
    kernel = _outputs(obj, "kernel")
    for engine, got in userspace_outputs.items():
        for program in PROGRAMS:
            for case, mine, theirs in zip(CASES, got[program], kernel[program], strict=True):
                assert mine == theirs, (engine, program, case)


def test_perf_event_output_semantics(userspace_outputs):
    """What the differential test compares, spelt out (on a machine without the kernel too)."""
    rows = userspace_outputs["interp"]
    xdp = dict(zip(CASES, rows["xdp_out"], strict=True))
    raw_tp = dict(zip(CASES, rows["raw_tp_out"], strict=True))
    ret, samples = xdp[(CUR, 16)]
    assert ret == 0 and len(samples) == 1 and len(samples[0]) == 20  # padded: 4 + 20 = 24
    assert samples[0][4:16] == (64).to_bytes(4, "little") + (0xEB9F00D).to_bytes(8, "little")
    assert len(xdp[(CUR, 13)][1][0]) == 20 and xdp[(CUR, 0)][1] == [bytes(4)]
    assert xdp[(3, 16)] == (-errno.ENOENT, [])
    assert xdp[(4, 16)] == (-errno.E2BIG, [])
    assert xdp[(1, 16)][0] == (-errno.EOPNOTSUPP if 1 in online_cpus() else -errno.ENOENT)
    ret, samples = xdp[(CUR | 10 << 32, 16)]
    assert ret == 0 and samples[0][16:26] == FRAME[:10]  # the packet follows the data
    assert xdp[(CUR | 65 << 32, 8)] == (-errno.EFAULT, [])
    assert raw_tp[(CUR | 10 << 32, 16)] == (-errno.EINVAL, [])
    assert xdp[(CUR | 1 << 52, 16)] == (-errno.EINVAL, [])
    socket = dict(zip(CASES, rows["socket_out"], strict=True))
    assert socket[(CUR | 64 << 32, 8)] == (-errno.EFAULT, [])  # its skb starts at the IP header
    assert userspace_outputs["jit"] == userspace_outputs["interp"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_full_ring_loses_samples_as_the_kernel_does(obj, engine):
    """One page per CPU: samples beyond it fail with -ENOSPC and are counted; the next sample
    that fits comes after a lost record carrying the count."""
    lost: list[tuple[int, int]] = []
    with on_cpu0(engine), _load(obj, engine, ["xdp_out"]) as coll:
        reader = coll.perf_buffer("samples", pages=1, lost=lambda cpu, n: lost.append((cpu, n)))
        coll.variables["size"] = 64
        rets = []
        for _ in range(60):
            coll.programs["xdp_out"].test_run(data=FRAME)
            rets.append(coll.variables["ret"])
        first = len(reader.read())
        for _ in range(3):
            coll.programs["xdp_out"].test_run(data=FRAME)
            rets.append(coll.variables["ret"])
        second = len(reader.read())
    # A sample of 64 bytes takes 80 bytes of a 4096-byte ring, which keeps one byte free.
    assert rets[:51] == [0] * 51 and rets[51:60] == [-errno.ENOSPC] * 9 and rets[60:] == [0] * 3
    assert (first, second, reader.lost, lost) == (51, 3, 9, [(0, 9)])


@pytest.mark.parametrize("engine", USERSPACE)
def test_a_sample_too_big_for_a_perf_record_is_refused(obj, engine):
    """A record's size is a u16: beyond it the kernel writes a record whose size wrapped
    around (its readers cannot parse it); ebpy refuses the sample with -E2BIG instead."""
    with _load(obj, engine, ["xdp_out"]) as coll:
        reader = coll.perf_buffer("samples", pages=32)
        got = []
        for size in (65516, 65517, 70000):
            coll.variables["size"] = size
            coll.programs["xdp_out"].test_run(data=FRAME)
            got.append((coll.variables["ret"], [len(d) for d in reader.read()]))
    assert got == [(0, [65516]), (-errno.E2BIG, []), (-errno.E2BIG, [])]


# ---- the reader -----------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_reader_api(obj, engine):
    with on_cpu0(engine), _load(obj, engine, ["xdp_out"]) as coll:
        prog = coll.programs["xdp_out"]
        reader = coll.perf_buffer("samples", "struct event")
        assert isinstance(reader, SampleReader) and reader.cpus == [
            c for c in online_cpus() if c < 4
        ]
        assert reader.read() == [] and reader.poll(lambda r: None, timeout=0) == 0
        assert list(reader.stream(timeout=0)) == []
        prog.test_run(data=FRAME[:40])
        prog.test_run(data=FRAME)
        samples = list(reader.samples())
        assert [s.cpu for s in samples] == [0, 0]
        assert [(s.data.seq, s.data.len, s.data.magic) for s in samples] == [
            (0, 40, 0xEB9F00D),
            (1, 64, 0xEB9F00D),
        ]
        prog.test_run(data=FRAME)
        assert [e.seq for e in reader] == [2]
        seen: list[int] = []
        prog.test_run(data=FRAME)
        assert reader.poll(lambda e: seen.append(e.seq), timeout=5) == 1 and seen == [3]
        prog.test_run(data=FRAME)
        assert [e.seq for e in reader.stream(timeout=0.01)] == [4]

        async def first() -> int:
            async for e in reader:
                return int(e.seq)
            return -1

        prog.test_run(data=FRAME)
        assert asyncio.run(asyncio.wait_for(first(), timeout=10)) == 5
        # coll.reader() picks the reader by the map's type.
        assert isinstance(coll.reader("samples"), SampleReader)
        raw = coll.reader("samples")  # the newest reader owns the slots now
        prog.test_run(data=FRAME)
        assert reader.read() == [] and len(raw.read()[0]) == 20
        raw.close()
        prog.test_run(data=FRAME)  # nobody reads: the slot is empty again
        assert coll.variables["ret"] == -errno.ENOENT
        with pytest.raises(MapError, match="closed"):
            raw.read()
    with pytest.raises(MapError, match="closed"):
        reader.read()


@pytest.mark.parametrize("engine", USERSPACE)
def test_reader_errors(obj, engine):
    with _load(obj, engine, ["xdp_out"]) as coll:
        with pytest.raises(LoadError, match="power of 2"):
            coll.perf_buffer("samples", pages=3)
        with pytest.raises(LoadError, match="no map 'nope'"):
            coll.perf_buffer("nope")
        with pytest.raises(LoadError, match="not PERF_EVENT_ARRAY"):
            coll.perf_buffer(".bss")
        with pytest.raises(LoadError, match="not RINGBUF"):
            coll.ring_buffer("samples")
        with pytest.raises(LoadError, match="record type 'struct missing'"):
            coll.perf_buffer("samples", "struct missing")


def test_zero_max_entries_means_the_possible_cpus(obj):
    with ebpy.load_spec(obj).load(engine="interp", programs=["xdp_out"]) as coll:
        m = coll.maps["percpu"]
        assert isinstance(m, PerfEventArray) and m.max_entries == possible_cpus()
        assert list(m.keys()) == list(range(possible_cpus()))


def test_output_on_another_cpu():
    """A program on CPU 1 writes into slot 1's queue (BPF_F_CURRENT_CPU) and not into CPU 0's."""
    m = create_map(MapSpec("p", MapType.PERF_EVENT_ARRAY, 4, 4, 2))
    assert isinstance(m, PerfEventArray)
    with m.reader() as reader:
        if len(reader.cpus) < 2:
            pytest.skip("one CPU online")
        assert m.output(1, CUR, b"x" * 4) == 0
        assert m.output(1, 0, b"y") == -errno.EOPNOTSUPP
        assert list(reader.samples()) == [PerfSample(1, b"xxxx")]
    assert m.output(1, CUR, b"x") == -errno.ENOENT  # the reader left with its queues


# ---- the map, against bpf() ------------------------------------------------------------------

CREATE = [
    (4, 4, 2, 0),
    (8, 4, 2, 0),
    (4, 8, 2, 0),
    (4, 0, 2, 0),
    (0, 4, 2, 0),
    (4, 4, 1 << 16, 0),
    (4, 4, 2, 0x1),  # BPF_F_NO_PREALLOC
    (4, 4, 2, 0x8),  # RDONLY
    (4, 4, 2, 0x10),  # WRONLY
    (4, 4, 2, 0x18),
    (4, 4, 2, 0x80),  # RDONLY_PROG: not for fd arrays
    (4, 4, 2, 0x400),  # MMAPABLE
    (4, 4, 2, 0x800),  # PRESERVE_ELEMS
    (4, 4, 2, 0x1000),  # INNER_MAP
]


def _errno_of(fn: Any) -> int | None:
    try:
        fn()
    except (MapError, ebpy.errors.KernelError) as e:
        return int(e.errno)
    return None


def _userspace_create(ks: int, vs: int, n: int, flags: int) -> None:
    create_map(MapSpec("p", MapType.PERF_EVENT_ARRAY, ks, vs, n, flags=flags)).close()


def _kernel_create(ks: int, vs: int, n: int, flags: int) -> None:
    from ebpy.kernel.maps import create_map as kernel_create

    kernel_create(MapType.PERF_EVENT_ARRAY, ks, vs, n, flags).close()


@pytest.mark.kernel
@pytest.mark.parametrize("args", CREATE)
def test_creation_checks_match_the_kernel(args):
    if reason := kernel_unavailable():
        pytest.skip(reason)
    assert _errno_of(lambda: _userspace_create(*args)) == _errno_of(lambda: _kernel_create(*args))


def _map_ops(m: Any) -> list[Any]:
    """What bpf() answers for each operation on an array with no events stored."""
    ops = [
        lambda: m.lookup(0),
        lambda: m.lookup(9),
        lambda: m.update(0, 9999),  # not a perf event fd (and none exists in userspace)
        lambda: m.update(0, 9999, 1),
        lambda: m.update(9, 9999),
        lambda: m.delete(0),
        lambda: m.delete(9),
        lambda: m.lookup_and_delete(0),
        lambda: m.lookup_batch(),
        lambda: m.update_batch([(0, 1)]),
        lambda: m.delete_batch([0]),
    ]
    out: list[Any] = [_errno_of(op) for op in ops]
    out += [m.next_key(None), m.next_key(3), m.next_key(9), list(m.keys()), len(m)]
    out += [_errno_of(m.freeze), _errno_of(lambda: m.delete(0)), _errno_of(m.freeze)]
    return out


def _flagged_ops(m: Any) -> list[int | None]:
    return [_errno_of(lambda: m.next_key(None)), _errno_of(lambda: m.delete(0))]


@pytest.mark.kernel
def test_map_operations_match_the_kernel():
    if reason := kernel_unavailable():
        pytest.skip(reason)
    from ebpy.kernel.maps import create_map as kernel_create

    def both(flags: int) -> tuple[Any, Any]:
        mine = create_map(MapSpec("p", MapType.PERF_EVENT_ARRAY, 4, 4, 4, flags=flags))
        theirs = kernel_create(MapType.PERF_EVENT_ARRAY, 4, 4, 4, flags)
        return mine, theirs

    mine, theirs = both(0)
    with mine, theirs:
        assert _map_ops(mine) == _map_ops(theirs)
    for flags in (0x8, 0x10):
        mine, theirs = both(flags)
        with mine, theirs:
            assert _flagged_ops(mine) == _flagged_ops(theirs)


def test_map_operations_pinned():
    """The answers the kernel gives (see the differential test), held without a kernel."""
    m = create_map(MapSpec("p", MapType.PERF_EVENT_ARRAY, 4, 4, 4))
    got = _map_ops(m)
    assert got[:6] == [524, 524, errno.EBADF, errno.EINVAL, errno.E2BIG, errno.ENOENT]
    assert got[6:11] == [errno.E2BIG, 524, 524, 524, 524]
    assert got[11:] == [0, None, 0, [0, 1, 2, 3], 4, None, errno.EPERM, errno.EPERM]
    m.close()
    m = create_map(MapSpec("p", MapType.PERF_EVENT_ARRAY, 4, 4, 4))
    with pytest.raises(MapError, match="perf event fds"):
        m.update(0, 1)
    m.close()
    with pytest.raises(MapError, match="closed"):
        m.reader()


# ---- the prototype, against the kernel's verifier ----------------------------------------------

PROTO_HEAD = r"""
#include <ebpy/xdp.h>
static long (*perf_out)(void *ctx, void *map, __u64 flags, void *data, __u64 size) = (void *)25;
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, 4); __uint(value_size, 4);
         __uint(max_entries, 2); } samples SEC(".maps");
__u8 global[64];
char _license[] SEC("license") = "GPL";
SEC("xdp") int prog(struct xdp_md *ctx)
{
	__u64 buf[8] = {};
	__u32 len = ctx->data_end - ctx->data;
	(void)buf; (void)len;
"""
PROTO_CASES = {
    "stack": "perf_out(ctx, &samples, 0xffffffffULL, buf, sizeof(buf));",
    "global_data": "perf_out(ctx, &samples, 0, global, sizeof(global));",
    "bounded_size": "perf_out(ctx, &samples, 0xffffffffULL, buf, len & 63);",
    "unbounded_size": "perf_out(ctx, &samples, 0xffffffffULL, buf, len);",
    "size_past_buffer": "perf_out(ctx, &samples, 0xffffffffULL, buf, len & 127);",
    "null_data_zero_size": "perf_out(ctx, &samples, 0xffffffffULL, (void *)0, 0);",
    "null_data": "perf_out(ctx, &samples, 0xffffffffULL, (void *)0, 8);",
    "ctx_not_ctx": "perf_out(buf, &samples, 0xffffffffULL, buf, 8);",
    "uninit_stack": 'char raw[16]; asm volatile("" : : "r"(raw)); '
    "perf_out(ctx, &samples, 0xffffffffULL, raw, sizeof(raw));",
}


def _accepted(obj: Path, engine: str) -> bool:
    try:
        ebpy.load_spec(obj).load(engine=engine).close()
    except ebpy.errors.VerifierError:
        return False
    except ebpy.errors.KernelError as e:
        if e.errno != errno.EACCES and e.errno != errno.EINVAL:
            raise
        return False
    return True


# The kernel's verdicts (6.18, privileged: uninitialised stack may be read).
ACCEPTED = {"stack", "global_data", "bounded_size", "uninit_stack"}


@pytest.mark.parametrize("engine", ["interp", pytest.param("kernel", marks=pytest.mark.kernel)])
@pytest.mark.parametrize("case", sorted(PROTO_CASES))
def test_the_prototype_gets_the_kernels_verdicts(compile_bpf, case, engine):
    if engine == "kernel" and (reason := kernel_unavailable()):
        pytest.skip(reason)
    obj = compile_bpf(PROTO_HEAD + PROTO_CASES[case] + "\n\treturn XDP_PASS;\n}\n", "perf_proto")
    assert _accepted(obj, engine) == (case in ACCEPTED)


# ---- `ebpy events` on the userspace hooks ---------------------------------------------------------

FRAMES_C = r"""
#include <ebpy/xdp.h>
static long (*perf_out)(void *ctx, void *map, __u64 flags, void *data, __u64 size) = (void *)25;
struct event { __u32 len; __u8 first; __u8 pad[3]; };
const struct event *unused_event __attribute__((unused));
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, 4);
         __uint(value_size, 4); } frames_out SEC(".maps");
SEC("xdp") int frames(struct xdp_md *ctx)
{
	__u8 *p = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	if ((void *)(p + 1) > end)
		return XDP_PASS;
	struct event e = { .len = end - (void *)p, .first = *p };
	perf_out(ctx, &frames_out, 0xffffffffULL, &e, sizeof(e));
	return XDP_PASS;
}
char _license[] SEC("license") = "GPL";
"""

CALLS_C = r"""
#include <ebpy/seccomp.h>
static long (*perf_out)(void *ctx, void *map, __u64 flags, void *data, __u64 size) = (void *)25;
struct call { __u32 pid; int nr; };
const struct call *unused_call __attribute__((unused));
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, 4);
         __uint(value_size, 4); } calls SEC(".maps");
SEC("seccomp") int policy(struct seccomp_data *ctx)
{
	struct call c = { .pid = bpf_get_current_pid_tgid() >> 32, .nr = ctx->nr };
	if (ctx->nr == 39)  /* getpid */
		perf_out(ctx, &calls, 0xffffffffULL, &c, sizeof(c));
	return SECCOMP_RET_ALLOW;
}
char _license[] SEC("license") = "GPL";
"""


@pytest.mark.parametrize("engine", USERSPACE)
def test_events_command_over_a_capture(ebpy_cli, compile_bpf, tmp_path, engine):
    from ebpy.hooks.packets import write_capture

    pcap = tmp_path / "frames.pcap"
    write_capture(pcap, [b"\x01" + bytes(59), b"\x02" + bytes(99), b"\x01" + bytes(1499)])
    obj = compile_bpf(FRAMES_C, "perf_frames")
    out = ebpy_cli("events", str(obj), "-e", engine, "--pcap", str(pcap), "--json").stdout
    assert [json.loads(line) for line in out.splitlines()] == [
        {"len": 60, "first": 1, "pad": "000000"},
        {"len": 100, "first": 2, "pad": "000000"},
        {"len": 1500, "first": 1, "pad": "000000"},
    ]


@pytest.mark.parametrize("engine", USERSPACE)
def test_events_command_over_a_supervised_command(ebpy_cli, compile_bpf, tmp_path, engine):
    obj = compile_bpf(CALLS_C, "perf_calls")
    where = tmp_path / "pid"
    script = f"import os; open({str(where)!r}, 'w').write(str(os.getpid()))"
    out = ebpy_cli("events", str(obj), "-e", engine, "--json", "--", sys.executable, "-c", script)
    pid = int(where.read_text())
    events = [json.loads(line) for line in out.stdout.splitlines()]
    assert events and all(e == {"pid": pid, "nr": 39} for e in events)


PROBE_C = r"""
#include <ebpy/pyprobe.h>
static long (*perf_out)(void *ctx, void *map, __u64 flags, void *data, __u64 size) = (void *)25;
struct ev { __u32 event; __u32 func_id; };
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, 4);
         __uint(value_size, 4); } evs SEC(".maps");
SEC("pyprobe") int probe(struct pyprobe_ctx *ctx)
{
	struct ev e = { .event = ctx->event, .func_id = ctx->func_id };
	perf_out(ctx, &evs, 0xffffffffULL, &e, sizeof(e));
	return 0;
}
char _license[] SEC("license") = "GPL";
"""


def _probed(x: int) -> int:
    return x + 1


@pytest.mark.parametrize("engine", USERSPACE)
def test_python_probes_send_samples(compile_bpf, engine):
    obj = compile_bpf(PROBE_C, "perf_probe")
    with ebpy.probe(str(obj), functions=[_probed], engine=engine) as probe:
        reader = probe.collection.perf_buffer("evs")
        for i in range(3):
            _probed(i)
        got = [(s.cpu, s.data) for s in reader.samples()]
    entry, ret = (0).to_bytes(4, "little"), (1).to_bytes(4, "little")
    func = bytes(4)  # the first probed function has id 0; samples padded to 12 bytes
    assert got == [(0, entry + func + bytes(4)), (0, ret + func + bytes(4))] * 3
