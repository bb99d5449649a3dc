"""Map operation costs, side by side: native maps vs the kernel's.

    python benchmarks/bench_maps.py [--entries N] [--ops N]

For a hash map (4-byte keys, 8-byte values) and an array, it prints nanoseconds per lookup
and per update:

- native, JIT-linked: maps.ll linked into an LLVM module with a loop that calls
  ebpy_map_lookup/update, as the JIT does (no Python in the loop);
- native via ctypes: one ctypes call per operation (what the interpreter's helpers pay);
- kernel via bpf(): one BPF_MAP_LOOKUP_ELEM / UPDATE_ELEM syscall per operation, through
  ctypes with prebuilt attributes, so both ctypes columns pay the same Python overhead and
  the difference is the system call (needs root; n/a otherwise).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import random
import struct
import sys
import time
from collections.abc import Callable

from ebpy.maps import create_map, native
from ebpy.spec import MapSpec, MapType

_NR_BPF = {"x86_64": 321, "aarch64": 280}.get(os.uname().machine)
_libc = ctypes.CDLL(None, use_errno=True)

LOOP_IR = """
declare ptr @ebpy_map_lookup(ptr, ptr, i32)
declare i64 @ebpy_map_update(ptr, ptr, ptr, i64, i32)

define i64 @bench_lookup(ptr %map, ptr %keys, i64 %n, i64 %key_size) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %found = phi i64 [ 0, %entry ], [ %found2, %loop ]
  %off = mul i64 %i, %key_size
  %key = getelementptr i8, ptr %keys, i64 %off
  %v = call ptr @ebpy_map_lookup(ptr %map, ptr %key, i32 0)
  %hit = icmp ne ptr %v, null
  %inc = zext i1 %hit to i64
  %found2 = add i64 %found, %inc
  %next = add i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %found2
}

define i64 @bench_update(ptr %map, ptr %keys, i64 %n, i64 %key_size, ptr %value) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %errs = phi i64 [ 0, %entry ], [ %errs2, %loop ]
  %off = mul i64 %i, %key_size
  %key = getelementptr i8, ptr %keys, i64 %off
  %r = call i64 @ebpy_map_update(ptr %map, ptr %key, ptr %value, i64 0, i32 0)
  %bad = icmp ne i64 %r, 0
  %inc = zext i1 %bad to i64
  %errs2 = add i64 %errs, %inc
  %next = add i64 %i, 1
  %done = icmp eq i64 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %errs2
}
"""


def jit_loops() -> tuple[Callable[..., int], Callable[..., int], object]:
    """The loops above with maps.ll linked in, compiled for this host."""
    import llvmlite.binding as llvm

    llvm.initialize_native_target()
    llvm.initialize_native_asmprinter()
    module = llvm.parse_assembly(LOOP_IR)
    module.link_in(llvm.parse_assembly(native.ir_text()))
    machine = llvm.Target.from_default_triple().create_target_machine(
        cpu=llvm.get_host_cpu_name(),
        features=llvm.get_host_cpu_features().flatten(),
        opt=3,
        codemodel="jitdefault",
    )
    module.triple = machine.triple
    module.data_layout = str(machine.target_data)
    engine = llvm.create_mcjit_compiler(module, machine)
    engine.finalize_object()
    P, I64 = ctypes.c_void_p, ctypes.c_int64
    lookup = ctypes.CFUNCTYPE(I64, P, P, I64, I64)(engine.get_function_address("bench_lookup"))
    update = ctypes.CFUNCTYPE(I64, P, P, I64, I64, P)(engine.get_function_address("bench_update"))
    return lookup, update, engine


def per_op(fn: Callable[[], object], ops: int, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter_ns()
        fn()
        best = min(best, (time.perf_counter_ns() - start) / ops)
    return best


class KernelHash:
    """A kernel map driven as lean as the native path: one prebuilt attr per operation, one
    ctypes call (the bpf() syscall) per operation."""

    def __init__(self, t: MapType, entries: int) -> None:
        attr = ctypes.create_string_buffer(struct.pack("<IIII", int(t), 4, 8, entries), 72)
        self.fd = _libc.syscall(_NR_BPF, 0, attr, 72)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "BPF_MAP_CREATE")

    def attrs(
        self, keys: ctypes.Array[ctypes.c_char], n: int, value: ctypes.Array[ctypes.c_char]
    ) -> list[int]:
        """Addresses of n prebuilt {fd, key, value, flags} attrs, key i at keys + 4 i."""
        self._attrs = ctypes.create_string_buffer(32 * n)
        base, vaddr = ctypes.addressof(keys), ctypes.addressof(value)
        for i in range(n):
            struct.pack_into("<IIQQQ", self._attrs, 32 * i, self.fd, 0, base + 4 * i, vaddr, 0)
        start = ctypes.addressof(self._attrs)
        return [start + 32 * i for i in range(n)]

    def close(self) -> None:
        os.close(self.fd)


def kernel_costs(
    t: MapType, entries: int, present: int, packed: ctypes.Array[ctypes.c_char], ops: int
) -> tuple[float | None, float | None]:
    if _NR_BPF is None or os.geteuid() != 0:
        return None, None
    try:
        km = KernelHash(t, entries)
    except OSError:
        return None, None
    try:
        value = ctypes.create_string_buffer(8)
        init_keys = ctypes.create_string_buffer(
            b"".join(k.to_bytes(4, "little") for k in range(present))
        )
        syscall, nr = _libc.syscall, _NR_BPF
        for a in km.attrs(init_keys, present, value):
            syscall(nr, 2, a, 32)
        attrs = km.attrs(packed, ops, value)
        lookup = per_op(lambda: [syscall(nr, 1, a, 32) for a in attrs], ops)
        update = per_op(lambda: [syscall(nr, 2, a, 32) for a in attrs], ops)
        return lookup, update
    finally:
        km.close()


def bench(t: MapType, entries: int, ops: int) -> list[tuple[str, float, float, float | None]]:
    rnd = random.Random(1)
    present = entries * 3 // 4 if t == MapType.HASH else entries
    keys = [rnd.randrange(present) for _ in range(ops)]
    key_bytes = [k.to_bytes(4, "little") for k in keys]
    packed = ctypes.create_string_buffer(b"".join(key_bytes), 4 * ops)
    value = (7).to_bytes(8, "little")
    m = create_map(MapSpec("bench", t, 4, 8, entries))
    for k in range(present):
        m[k] = k
    lib = native.get_lib()
    lookup_loop, update_loop, _engine = jit_loops()

    jit_lookup = per_op(lambda: lookup_loop(m.address, packed, ops, 4), ops)
    jit_update = per_op(lambda: update_loop(m.address, packed, ops, 4, value), ops)

    c_lookup = lib.ebpy_map_lookup
    c_update = lib.ebpy_map_update
    addr = m.address
    base = ctypes.addressof(packed)
    key_addrs = [base + 4 * i for i in range(ops)]
    value_buf = ctypes.create_string_buffer(value, 8)
    ctypes_lookup = per_op(lambda: [c_lookup(addr, k, 0) for k in key_addrs], ops)
    ctypes_update = per_op(lambda: [c_update(addr, k, value_buf, 0, 0) for k in key_addrs], ops)

    kernel_lookup, kernel_update = kernel_costs(t, entries, present, packed, ops)
    m.close()
    return [
        ("lookup", jit_lookup, ctypes_lookup, kernel_lookup),
        ("update", jit_update, ctypes_update, kernel_update),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=65536)
    parser.add_argument("--ops", type=int, default=200_000)
    args = parser.parse_args()
    stats = native.load_stats()
    print(
        f"native code: {'cached object' if stats.cached else f'compiled in {stats.compile_ms:.0f} ms'}, "
        f"loaded in {stats.load_ms:.1f} ms"
    )
    print(f"{args.entries} entries, {args.ops} operations on random present keys; ns per operation")
    print(
        f"{'map':<6} {'op':<7} {'native JIT-linked':>18} {'native ctypes':>14} {'kernel bpf()':>13} {'bpf()/ctypes':>13}"
    )
    for t in (MapType.HASH, MapType.ARRAY):
        for op, jit, via_ctypes, kernel in bench(t, args.entries, args.ops):
            k = f"{kernel:13.0f}" if kernel is not None else f"{'n/a':>13}"
            ratio = f"{kernel / via_ctypes:12.1f}x" if kernel is not None else f"{'':>13}"
            print(f"{t.name.lower():<6} {op:<7} {jit:18.1f} {via_ctypes:14.0f} {k} {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
