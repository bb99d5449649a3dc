"""The kernel engine's costs: loading a collection, and events through a ring buffer or a
perf event array into Python.

    python benchmarks/bench_kernel.py [--loads N] [--events N]

- load: spec.load(engine="kernel") + close(), averaged over N, for the benchmark objects
  (BTF upload, maps, programs through the kernel verifier) and an object with seven global
  data maps; load_spec (parsing the ELF) is measured apart;
- ring buffer: an XDP program writes one 16-byte record per BPF_PROG_TEST_RUN repetition into
  a 16 MiB ring buffer; records per second consumed by KernelRingBuffer.read() (the
  producer first, then the consumer alone), and both at once (a producer thread);
- perf buffer: the same records through bpf_perf_event_output into per-CPU rings.

Needs root and zig (python -m ziglang) to compile the event program.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import ebpy

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"

EVENTS_C = r"""
#include "bpf_mini.h"
struct event { __u32 seq; __u32 len; __u64 magic; };
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 1 << 24); } events SEC(".maps");
struct { __uint(type, 4); __uint(key_size, 4); __uint(value_size, 4); } perf_events SEC(".maps");
static void *(*bpf_ringbuf_reserve)(void *ringbuf, __u64 size, __u64 flags) = (void *) 131;
static void (*bpf_ringbuf_submit)(void *data, __u64 flags) = (void *) 132;
static long (*bpf_perf_event_output)(void *ctx, void *map, __u64 flags, void *data, __u64 size) = (void *) 25;
__u32 seq;
SEC("xdp") int ring(struct xdp_md *ctx) {
  struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
  if (!e) return XDP_PASS;
  e->seq = seq++; e->len = ctx->data_end - ctx->data; e->magic = 7;
  bpf_ringbuf_submit(e, 0);
  return XDP_PASS;
}
SEC("xdp") int perf(struct xdp_md *ctx) {
  struct event e = { .seq = seq++, .len = ctx->data_end - ctx->data, .magic = 7 };
  bpf_perf_event_output(ctx, &perf_events, 0xffffffffULL, &e, sizeof(e));
  return XDP_PASS;
}
char _license[] SEC("license") = "GPL";
"""

GLOBALS_C = r"""
#include "bpf_mini.h"
const volatile __u32 a = 1; __u64 b = 2; __u32 c; __u64 d[4] SEC(".data.d") = {1};
const volatile __u32 e[2] SEC(".rodata.e") = {3, 4}; __u32 f[8] SEC(".bss.f");
SEC("xdp") int globals(struct xdp_md *ctx) { b++; c += a + e[1]; d[1] += 1; f[2] = 1; return XDP_PASS; }
char _license[] SEC("license") = "GPL";
"""


def compile_c(source: str, name: str) -> Path:
    key = hashlib.sha256(source.encode()).hexdigest()[:16]
    out = Path(tempfile.gettempdir()) / f"ebpy-bench-{name}-{key}.o"
    if not out.exists():
        src = out.with_suffix(".c")
        src.write_text(source)
        cmd = [sys.executable, "-m", "ziglang", "cc", "-target", "bpfel-freestanding", "-O2", "-g"]
        subprocess.run([*cmd, f"-I{PROGRAMS}", "-c", str(src), "-o", str(out)], check=True)
    return out


def bench_loads(loads: int) -> None:
    objects = [*sorted(PROGRAMS.glob("*.o")), compile_c(GLOBALS_C, "globals")]
    ebpy.load_spec(objects[0])  # imports and first-use caches outside the figures
    print(f"{'object':<22} {'maps':>4} {'insns':>6} {'load_spec ms':>13} {'load+close ms':>14}")
    for path in objects:
        start = time.perf_counter()
        spec = ebpy.load_spec(path)
        parse = time.perf_counter() - start
        spec.load(engine="kernel").close()  # warm: probes, caches
        start = time.perf_counter()
        for _ in range(loads):
            spec.load(engine="kernel").close()
        each = (time.perf_counter() - start) / loads
        insns = sum(len(p.instructions) for p in spec.programs.values())
        name = path.stem[:22] if path.parent == PROGRAMS else "global data sections"
        print(f"{name:<22} {len(spec.maps):>4} {insns:>6} {parse * 1e3:>13.2f} {each * 1e3:>14.2f}")


def bench_events(events: int) -> None:
    spec = ebpy.load_spec(compile_c(EVENTS_C, "events"))
    frame = bytes(64)
    with spec.load(engine="kernel") as coll:
        ring = coll.ring_buffer("events")
        start = time.perf_counter()
        coll.programs["ring"].test_run(frame, repeat=events)
        produce = time.perf_counter() - start
        start = time.perf_counter()
        got = len(ring.read())
        consume = time.perf_counter() - start
        print(
            f"ring buffer: produced {events / produce:,.0f}/s in the kernel; consumed "
            f"{got / consume:,.0f} records/s in Python ({got} records)"
        )

        done = threading.Event()

        def producer() -> None:
            for _ in range(10):
                coll.programs["ring"].test_run(frame, repeat=events // 10)
            done.set()

        thread = threading.Thread(target=producer)
        count = 0
        start = time.perf_counter()
        thread.start()
        while not done.is_set() or ring.available():
            count += len(ring.read())
        thread.join()
        both = time.perf_counter() - start
        print(f"ring buffer, producer thread and consumer at once: {count / both:,.0f} records/s")

        perf = coll.perf_buffer("perf_events", pages=1024)
        n = min(events, 100_000)  # 4 MiB per CPU holds 131072 32-byte samples
        coll.programs["perf"].test_run(frame, repeat=n)
        start = time.perf_counter()
        got = len(perf.read())
        consume = time.perf_counter() - start
        print(
            f"perf buffer: consumed {got / consume:,.0f} samples/s ({got} samples, {perf.lost} lost)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=200)
    parser.add_argument("--events", type=int, default=500_000)
    args = parser.parse_args()
    bench_loads(args.loads)
    print()
    bench_events(args.events)


if __name__ == "__main__":
    main()
