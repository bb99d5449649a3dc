"""Run one CollectionSpec on the interpreter, the JIT and the kernel, and compare the results.

`Outcome` is what a run leaves behind that every engine must agree on: the return value, the
packet, the context and the maps' contents. Maps are compared by their bytes, sorted by key
(hash iteration order is the engine's own); per-CPU values slot by slot, with kernel runs kept
on CPU 0 where the userspace engines run; program arrays and map-in-maps by which slots are
filled, since their values are engine handles.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ebpy.maps.layout import round8
from ebpy.spec import CollectionSpec, MapType, RunResult

ENGINES = ("interp", "jit", "kernel")
USERSPACE = ("interp", "jit")


def load(spec: CollectionSpec, engine: str, **options: Any) -> Any:
    """A collection on `engine`. Userspace engines skip ebpy's own verifier: the kernel's
    verdict on the same spec is the one these tests rely on (the JIT trusts it)."""
    if engine != "kernel":
        options.setdefault("verify", False)
    return spec.load(engine, **options)


@contextlib.contextmanager
def loaded(spec: CollectionSpec, engine: str, **options: Any) -> Iterator[Any]:
    coll = load(spec, engine, **options)
    try:
        yield coll
    finally:
        coll.close()


@dataclass
class Outcome:
    """What one engine produced for one input."""

    retval: int
    data_out: bytes
    ctx_out: bytes | None = None
    maps: dict[str, Any] = field(default_factory=dict)
    extra: Any = None

    @classmethod
    def of(cls, result: RunResult, maps: dict[str, Any] | None = None) -> Outcome:
        return cls(result.retval, result.data_out, result.ctx_out, maps or {})


def snapshot(
    maps: dict[str, Any], spec: CollectionSpec, destructive: bool = False
) -> dict[str, Any]:
    """Every map's contents in an engine-independent form, as raw bytes (MapAPI's byte-level
    primitives: typed keys and values would depend on the BTF each engine kept).

    Queues and stacks are popped (so only with destructive=True); bloom filters and ring
    buffers cannot be listed and are left out (tests check them through lookups and records).
    """
    out: dict[str, Any] = {}
    for name, mspec in spec.maps.items():
        m = maps[name]
        t = mspec.type
        if t in (MapType.BLOOM_FILTER, MapType.RINGBUF):
            continue
        if t in (MapType.QUEUE, MapType.STACK):
            if destructive:
                items = []
                while (raw := m._pop()) is not None:
                    items.append(raw)
                out[name] = items
            continue
        if t in (MapType.PROG_ARRAY, MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS):
            out[name] = sorted(k for k in m._raw_keys() if m._lookup(k) is not None)
            continue
        entries = []
        for key in m._raw_keys():
            value = m._lookup(key)
            if value is None:
                continue
            if m.percpu:  # one slot per CPU, each padded to 8 bytes
                stride = round8(mspec.value_size)
                value = [value[i : i + mspec.value_size] for i in range(0, len(value), stride)]
            entries.append((key, value))
        out[name] = sorted(entries)
    return out


@contextlib.contextmanager
def on_cpu0() -> Iterator[None]:
    """Run kernel test runs on CPU 0, where the userspace engines' per-CPU slots are: a test run
    executes on the calling thread's CPU, so per-CPU map values land in a known slot."""
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {0})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


Hook = Callable[[Any, str], Any]


def run_all(
    spec: CollectionSpec,
    program: str,
    inputs: Sequence[tuple[bytes, bytes | None]],
    engines: Sequence[str] = ENGINES,
    destructive: bool = True,
    setup: Hook | None = None,
    collect: Hook | None = None,
) -> dict[str, list[Outcome]]:
    """Load `spec` on each engine, run `program` on each (data, ctx) in turn (maps carry over
    from one run to the next), and snapshot the maps after the last run.

    `setup(coll, engine)` runs after loading (to fill maps); `collect(coll, engine)` after the
    runs, its answer kept in the last Outcome's `extra` (ring buffer records, trace lines).
    """
    results: dict[str, list[Outcome]] = {}
    for engine in engines:
        with loaded(spec, engine) as coll:
            if setup is not None:
                setup(coll, engine)
            prog = coll.programs[program]
            pin = on_cpu0() if engine == "kernel" else contextlib.nullcontext()
            with pin:
                outs = [Outcome.of(prog.test_run(data, ctx)) for data, ctx in inputs]
            outs[-1].maps = snapshot(coll.maps, spec, destructive)
            if collect is not None:
                outs[-1].extra = collect(coll, engine)
            results[engine] = outs
    return results


def assert_same(results: dict[str, list[Outcome]], what: str = "") -> None:
    """Every engine produced what the first (the interpreter) did."""
    names = list(results)
    ref_name = names[0]
    ref = results[ref_name]
    for name in names[1:]:
        for i, (a, b) in enumerate(zip(ref, results[name], strict=True)):
            where = f"{what} run {i}: {name} vs {ref_name}"
            assert b.retval == a.retval, f"{where}: retval {b.retval:#x} != {a.retval:#x}"
            assert b.data_out == a.data_out, (
                f"{where}: packet differs\n{diff_bytes(a.data_out, b.data_out)}"
            )
            if a.ctx_out is not None and b.ctx_out is not None:
                assert b.ctx_out == a.ctx_out, (
                    f"{where}: ctx_out differs\n{diff_bytes(a.ctx_out, b.ctx_out)}"
                )
            assert b.maps == a.maps, f"{where}: maps differ\n{b.maps}\n!=\n{a.maps}"
            assert b.extra == a.extra, f"{where}: {b.extra} != {a.extra}"


def diff_bytes(a: bytes, b: bytes, width: int = 8) -> str:
    """The 8-byte words that differ, as 'offset: a != b' lines."""
    lines = []
    if len(a) != len(b):
        lines.append(f"lengths {len(a)} != {len(b)}")
    for off in range(0, min(len(a), len(b)), width):
        x, y = a[off : off + width], b[off : off + width]
        if x != y:
            lines.append(f"  {off:#06x}: {x.hex()} != {y.hex()}")
    return "\n".join(lines[:40])


def single_program(
    insns: list[Any], ptype: Any, name: str = "prog", section: str = ""
) -> CollectionSpec:
    """A CollectionSpec holding one map-less program, e.g. from `ebpy.isa.assemble`."""
    from ebpy.spec import ProgramSpec

    prog = ProgramSpec(name, section or ptype.name.lower(), ptype, list(insns), license="GPL")
    return CollectionSpec(programs={name: prog}, license="GPL")
