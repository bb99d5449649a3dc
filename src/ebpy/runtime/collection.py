"""The userspace Collection: a CollectionSpec loaded on the interpreter or the JIT.

Maps are created natively (ebpy.maps), programs are verified (unless the caller opts out for
trusted code), linked to their maps, compiled by the engine, and run through the shared
contexts and helpers. Nothing is left behind if any step fails.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ebpy.errors import DecodeError, EbpyError, LoadError, VerifierError
from ebpy.helpers import HELPERS, HelperEnv, bind, provides
from ebpy.isa import Instruction, PseudoSrc
from ebpy.maps.perf_reader import PerfReader
from ebpy.maps.records import RecordType, make_decoder
from ebpy.maps.ringbuf_reader import RingBufferReader
from ebpy.maps.variables import LiveVariables
from ebpy.runtime.address_space import OFFSET_MASK, REGION_SHIFT, AddressSpace
from ebpy.runtime.context import PreparedRun, RunSlot, prepare_run
from ebpy.runtime.engine import Engine
from ebpy.spec import CollectionSpec, MapSpec, MapType, ProgramSpec, ProgramType, RunResult
from ebpy.spec.helper_ids import HELPER_NAMES

DEFAULT_UNVERIFIED_BUDGET = 10_000_000


class UserspaceProgram:
    """A loaded program: `test_run` like BPF_PROG_TEST_RUN, `run` for embedding."""

    def __init__(
        self, collection: UserspaceCollection, spec: ProgramSpec, executable: Any, handle: int
    ):
        self.collection = collection
        self.spec = spec
        self.name = spec.name
        self.type = spec.type
        self.executable = executable
        self.handle = handle  # what a program array stores for this program
        self.last_r0 = 0
        self._slot: RunSlot | None = RunSlot()  # the buffers its test runs reuse

    def __repr__(self) -> str:
        return f"<Program {self.name} ({self.type.name.lower()}) on {self.collection.engine.name}>"

    def test_run(self, data: bytes = b"", ctx: bytes | None = None, repeat: int = 1) -> RunResult:
        """Run over `data` (a packet) and/or `ctx` as the kernel's BPF_PROG_TEST_RUN does.

        Like the kernel, repeated runs share one context: changes a run makes stay for the next.
        """
        if repeat < 1:
            raise EbpyError(f"repeat must be at least 1, got {repeat}")
        coll = self.collection
        slot = self._slot
        self._slot = None  # a test run inside this one (from a helper) gets fresh buffers
        try:
            prepared = prepare_run(
                self.type, coll.space, bytes(data), ctx, coll.engine.allocate_packet, slot
            )
            return self._run_prepared(prepared, repeat)
        finally:
            self._slot = slot

    def _run_prepared(self, prepared: PreparedRun, repeat: int) -> RunResult:
        coll = self.collection
        env = coll.env
        env.packet = prepared.packet
        env.socket = prepared.socket
        env.ctx_addr = prepared.ctx_addr
        env.prog_type = self.type
        env.redirect = None
        extra = coll.state.extra
        extra["packet"] = prepared.packet
        hook = extra.get("hook")
        if hook is not None:  # a hook's native task record follows env.task
            hook.sync(env)
        exe = self.executable
        args = prepared.args
        r0 = 0
        run_repeat = getattr(exe, "run_repeat", None)
        if run_repeat is not None:  # the JIT loops and times natively, as the kernel does
            r0, elapsed = run_repeat(args, repeat)
        else:
            run = getattr(exe, "run_entry", exe)  # the interpreter's, without a method call
            start = time.perf_counter_ns()
            for _ in range(repeat):
                r0 = run(*args)
            elapsed = time.perf_counter_ns() - start
        self.last_r0 = r0
        data_out, ctx_out = prepared.finish()
        return _run_result(r0 & 0xFFFFFFFF, data_out, ctx_out, elapsed // repeat, repeat)

    def run(self, ctx: bytes | bytearray | None = None, data: bytes = b"") -> int:
        """Run once and return r0 (all 64 bits); a bytearray ctx sees the program's writes."""
        result = self.test_run(data=data, ctx=bytes(ctx) if ctx is not None else None)
        if isinstance(ctx, bytearray) and result.ctx_out is not None:
            ctx[:] = result.ctx_out[: len(ctx)]
        return self.last_r0


class UserspaceCollection:
    """Maps and programs of one CollectionSpec, on a userspace engine. A context manager."""

    def __init__(
        self,
        spec: CollectionSpec,
        engine: Engine,
        *,
        verify: bool = True,
        privileged: bool = True,
        budget: int | None = None,
        programs: list[str] | None = None,
    ) -> None:
        from ebpy.maps import create_map

        self.spec = spec
        self.engine = engine
        self.space = engine.new_space()
        self.state = engine.new_state()
        self.env = HelperEnv(self.space, self.state)
        self.state.extra["env"] = self.env  # engines with native helpers read it (the CPU)
        self._read = checked_reader(self.space, self.env)
        self.maps: dict[str, Any] = {}
        self.programs: dict[str, UserspaceProgram] = {}
        self._readers: list[RingBufferReader | PerfReader] = []
        self._closed = False
        try:
            for name, mspec in spec.maps.items():
                self.maps[name] = self._create_map(create_map, mspec)
            for m in self.maps.values():
                self.env.register_map(m, self.space.map_handle(m))
            self._fill_map_in_maps(spec)
            wanted = programs if programs is not None else list(spec.programs)
            for i, name in enumerate(wanted):
                pspec = spec.program(name)
                if verify:
                    _verify(pspec, spec.maps, privileged)
                self.programs[pspec.name] = self._load_program(pspec, i + 1, verify, budget)
            self.env.programs = {p.handle: p.executable for p in self.programs.values()}
            self._fill_prog_arrays(spec)
        except BaseException:
            self.close()
            raise

    # ---- loading ----------------------------------------------------------------------------------
    def _create_map(self, create_map: Any, mspec: MapSpec) -> Any:
        m = create_map(mspec)
        if mspec.data is not None:
            m.update(0, bytes(mspec.data))
        return m

    def _fill_map_in_maps(self, spec: CollectionSpec) -> None:
        for name, mspec in spec.maps.items():
            if not mspec.type.is_map_in_map:
                continue
            for key, value in mspec.contents:
                inner = self.maps.get(value) if isinstance(value, str) else value
                if inner is None:
                    raise LoadError(f"map {name}: initial value {value!r} names no map")
                self.maps[name][key] = inner
        for name, mspec in spec.maps.items():
            if mspec.freeze:
                self.maps[name].freeze()

    def _fill_prog_arrays(self, spec: CollectionSpec) -> None:
        for name, mspec in spec.maps.items():
            if mspec.type != MapType.PROG_ARRAY:
                continue
            for key, value in mspec.contents:
                prog = self.programs.get(value) if isinstance(value, str) else None
                if prog is None:
                    raise LoadError(f"map {name}: initial value {value!r} names no loaded program")
                self.maps[name][key] = prog

    def _load_program(
        self, pspec: ProgramSpec, handle: int, verified: bool, budget: int | None
    ) -> UserspaceProgram:
        _check_runnable(pspec, verified)
        refs = {ref.slot: ref for ref in pspec.map_refs}

        def lddw(slot: int, insn: Instruction) -> int:
            ref = refs.get(slot)
            if ref is None:
                raise LoadError(
                    f"{pspec.name}: slot {slot}: lddw of a {insn.pseudo.name} with no map relocation"
                )
            m = self.maps.get(ref.map)
            if m is None:
                raise LoadError(f"{pspec.name}: slot {slot}: reference to unknown map {ref.map!r}")
            if ref.offset is None and insn.src in (PseudoSrc.MAP_FD, PseudoSrc.MAP_IDX):
                return int(self.space.map_handle(m))
            return int(self.space.value_address(m, 0)) + (ref.offset or 0)

        if budget is None and not verified:
            budget = DEFAULT_UNVERIFIED_BUDGET
        helpers = bind(
            self.env, {i.imm for i in pspec.instructions if i.is_helper_call}, self._read
        )
        try:
            exe = self.engine.compile(
                pspec,
                _dead_code_sanitized(pspec.instructions) if verified else pspec.instructions,
                self.space,
                helpers,
                lddw,
                budget=budget,
                state=self.state,
            )
        except LoadError as e:
            raise LoadError(f"{pspec.name}: {e}") from None
        self.env.call_function = lambda addr, *args: self.state.current.call_function(addr, *args)
        return UserspaceProgram(self, pspec, exe, handle)

    # ---- reading ----------------------------------------------------------------------------------
    def ring_buffer(self, name: str, record_type: RecordType = None) -> RingBufferReader:
        """A reader of ring buffer map `name`; `record_type` decodes records (a BTF type name of
        the object, a BTF type, or a callable), else they are bytes. Closed with the collection."""
        m = self.maps.get(name)
        if m is None:
            raise LoadError(f"no map {name!r} (maps: {', '.join(self.maps) or 'none'})")
        if m.type != MapType.RINGBUF:
            raise LoadError(f"map {name!r} is a {m.type.name} map, not RINGBUF")
        reader = RingBufferReader(name, m.reader(), make_decoder(record_type, self.spec.btf))
        self._readers.append(reader)
        return reader

    def perf_buffer(self, name: str, record_type: RecordType = None, **options: Any) -> PerfReader:
        """A reader of perf event array `name` (pages=, lost= as the kernel's PerfBuffer);
        samples are decoded by `record_type` like ring buffer records. Closed with the
        collection."""
        m = self.maps.get(name)
        if m is None:
            raise LoadError(f"no map {name!r} (maps: {', '.join(self.maps) or 'none'})")
        if m.type != MapType.PERF_EVENT_ARRAY:
            raise LoadError(f"map {name!r} is a {m.type.name} map, not PERF_EVENT_ARRAY")
        reader = m.reader(make_decoder(record_type, self.spec.btf), **options)
        self._readers.append(reader)
        return reader

    def reader(self, name: str, record_type: RecordType = None) -> RingBufferReader | PerfReader:
        """A reader for an event map of either kind (ring buffer or perf event array)."""
        m = self.maps.get(name)
        if m is not None and m.type == MapType.PERF_EVENT_ARRAY:
            return self.perf_buffer(name, record_type)
        return self.ring_buffer(name, record_type)

    @property
    def variables(self) -> LiveVariables:
        """Global variables (.data, .bss, .rodata, ...) read and written where programs see them."""
        return LiveVariables(self.spec, self.maps)

    # ---- lifetime ---------------------------------------------------------------------------------
    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for reader in self._readers:
            reader.close()
        self._readers.clear()
        for m in self.maps.values():
            close = getattr(m, "close", None)
            if close is not None:
                close()
        self.programs.clear()

    def __enter__(self) -> UserspaceCollection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Collection on {self.engine.name}: programs {list(self.programs)}, maps {list(self.maps)}>"

    def __iter__(self) -> Iterator[str]:
        return iter(self.programs)

    @property
    def trace(self) -> list[str]:
        """bpf_trace_printk output so far."""
        return self.env.trace.lines


_new = object.__new__


def _run_result(
    retval: int, data_out: bytes, ctx_out: bytes | None, duration_ns: int, repeat: int
) -> RunResult:
    """RunResult(...) without a frozen dataclass's __init__ (an object.__setattr__ per field,
    as much as an empty program's whole run): the same object, its fields set directly."""
    result: RunResult = _new(RunResult)
    fields = result.__dict__
    fields["retval"] = retval
    fields["data_out"] = data_out
    fields["ctx_out"] = ctx_out
    fields["duration_ns"] = duration_ns
    fields["repeat"] = repeat
    return result


def checked_reader(space: AddressSpace, env: HelperEnv) -> Callable[[int, int], bytes]:
    """env.read for helpers, inlined for the interpreter's keyed addresses (a region lookup
    and a slice, no method layers). Anything out of bounds goes to env.read, which raises
    the same fault it always does; a space with its own view (the JIT's) just gets env.read."""
    if type(space).view is not AddressSpace.view:
        return env.read
    mem = space.mem
    general = env.read

    def read(address: int, size: int) -> bytes:
        mv = mem.get(address >> REGION_SHIFT)
        off = address & OFFSET_MASK
        if mv is None or not size or off + size > len(mv):
            return general(address, size)
        return mv[off : off + size].tobytes()

    return read


def _check_runnable(pspec: ProgramSpec, verified: bool) -> None:
    """Refuse, before compiling, what no userspace engine can run: helpers ebpy lacks for this
    program type, and in unverified code invalid encodings (objects keep them so disassemblers
    can show them; in verified code they are dead: see `_dead_code_sanitized`)."""
    for slot, insn in pspec.slots.items():
        if not verified:
            try:
                insn.validate(slot)
            except DecodeError as e:
                raise LoadError(f"{pspec.name}: {e}") from None
        if insn.is_helper_call and not provides(insn.imm, pspec.type):
            name = HELPER_NAMES.get(insn.imm, "an unknown helper")
            to = f" to {pspec.type.name.lower()} programs" if insn.imm in HELPERS else ""
            raise LoadError(
                f"{pspec.name}: slot {slot}: calls {name} (id {insn.imm}), which ebpy's userspace "
                f"engines do not provide{to}"
            )


def _verify(pspec: ProgramSpec, maps: Mapping[str, MapSpec], privileged: bool) -> None:
    try:
        verify = importlib.import_module("ebpy.verifier").verify
    except (ImportError, AttributeError):
        raise LoadError(
            "the verifier is not available in this build; load with verify=False only for trusted code"
        ) from None
    if pspec.type == ProgramType.UNSPEC:
        raise VerifierError(
            f"program {pspec.name} in section {pspec.section!r} has no program type; choose one",
            program=pspec.name,
        )
    verify(pspec, maps, privileged=privileged)


_DEAD = Instruction(0x05, 0, 0, -1, 0)  # ja -1


def _dead_code_sanitized(insns: list[Instruction]) -> list[Instruction]:
    """A verified program with every invalid encoding (which the verifier proved is never
    reached, or it would have refused it) replaced by `ja -1` per slot, as the kernel's
    sanitize_dead_code does: engines compile only instructions they can."""
    if all(insn.valid for insn in insns):
        return insns
    out: list[Instruction] = []
    for insn in insns:
        out.extend([insn] if insn.valid else [_DEAD] * insn.slots)
    return out
