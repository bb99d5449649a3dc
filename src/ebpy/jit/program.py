"""JitProgram: one program compiled to native code, bound to a space, helpers and a run state.

Calling it runs the native code through the Python bridge (pybridge). A run that stops early
(see abi.Abort) becomes the exception the interpreter would raise for the same program:
MemoryFault, RuntimeFault, or the helper's own exception.
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ebpy.errors import EbpyError, LoadError, MemoryFault, RuntimeFault
from ebpy.helpers.env import TailCall
from ebpy.isa import Instruction, PseudoSrc, encode, slot_count, slot_map
from ebpy.jit import backend, native_helpers
from ebpy.jit.abi import MAX_CALL_DEPTH, MAX_TAIL_CALLS, Abort, ProgramRecord, RunState
from ebpy.jit.cache import CODE_CACHE, program_key
from ebpy.jit.codegen import CONSTANTS, CodegenOptions
from ebpy.jit.loops import repeat_loop
from ebpy.jit.module import ModuleIR, build_module
from ebpy.jit.pybridge import NativeStop, bridge
from ebpy.jit.shared import RunContext, set_packet
from ebpy.runtime.state import ExecState

M64 = (1 << 64) - 1
_U64 = ctypes.c_uint64
TAIL_CALL = 12  # bpf_tail_call
EXPORTS = ["ebpy_run"]


@dataclass
class CompiledCode:
    """What the cache holds: machine code plus what the generated code expects of its state."""

    native: backend.NativeCode
    entries: list[int]
    python_helpers: list[int]  # helper ids the code calls back in Python
    compile_seconds: float
    constants: Any = None  # the table of lddw values the code reads (kept alive with it)


def _resolve_constants(
    code: dict[int, Instruction], lddw: Callable[[int, Instruction], int] | None
) -> dict[int, int]:
    out: dict[int, int] = {}
    for slot, insn in code.items():
        if insn.is_lddw and insn.src not in (PseudoSrc.IMM64, PseudoSrc.FUNC):
            if lddw is None:
                raise LoadError(
                    f"slot {slot}: lddw of a {insn.pseudo.name} needs maps, and none were given"
                )
            out[slot] = lddw(slot, insn) & M64
    return out


def _options_key(options: CodegenOptions) -> dict[str, Any]:
    return {
        "checked": options.checked,
        "budget": options.budget,
        "python": tuple(sorted(options.python_helpers)),
        "native": tuple(sorted(options.native_helpers)),
        "native_ir": native_helpers.version(),
    }


# How programs are compiled (benchmarks/bench_jit.py --pipeline full compares O3).
PIPELINE = backend.Pipeline.PROGRAM
# The module of a program by its content and options (not its constants): a program loaded
# again with other maps skips generating its IR in this process.
_MODULES: dict[str, ModuleIR] = {}
_MODULES_MAX = 256


def compile_code(
    insns: list[Instruction],
    constants: Mapping[int, int],
    options: CodegenOptions,
) -> CompiledCode:
    """Machine code for a program, from the cache when the same program was compiled before.

    The code itself does not depend on the constants (map addresses): they are read from a
    table bound when the object is linked. So the same program with other maps reuses its
    object (in this process or, through the disk cache, another) and is only linked again.
    """
    code = slot_map(insns)
    options_key = _options_key(options)
    encoded = encode(insns)
    key = program_key(encoded, constants, options_key)

    def build() -> CompiledCode:
        t0 = time.perf_counter()
        mkey = program_key(encoded, {}, options_key)
        mod = _MODULES.get(mkey)
        if mod is None:
            used = {i.imm for i in code.values() if i.is_helper_call}
            mod = build_module(
                insns,
                code,
                slot_count(insns),
                constants,
                options,
                native_ir=native_helpers.ir_for(used & options.native_helpers),
                triple=backend.triple(),
                datalayout=backend.datalayout(),
            )
            if len(_MODULES) >= _MODULES_MAX:
                _MODULES.pop(next(iter(_MODULES)))
            _MODULES[mkey] = mod
        table = (ctypes.c_uint64 * max(1, len(mod.constants)))(
            *(constants[slot] for slot in mod.constants)
        )
        native = backend.compile_ir(
            mod.text,
            EXPORTS,
            pipeline=PIPELINE,
            loops=mod.loops,
            globals={CONSTANTS: ctypes.addressof(table)} if mod.constants else None,
        )
        seconds = time.perf_counter() - t0
        return CompiledCode(native, mod.entries, mod.python_helpers, seconds, table)

    result: CompiledCode = CODE_CACHE.get_or_build(key, build)
    return result


def forget_compiled() -> None:
    """Empty this process's caches of compiled programs (the disk cache stays): the next load
    of a program compiles it again unless its object is on disk."""
    CODE_CACHE.clear()
    _MODULES.clear()
    backend.OBJECT_CACHE.clear()


class JitProgram:
    """A program compiled to native code. Call it with r1..r5; it returns r0 (u64).

    Programs built with the same ExecState (one collection) share one RunContext: one run
    state, one helper table, native tail calls between them.
    """

    def __init__(
        self,
        insns: list[Instruction],
        space: Any = None,
        helpers: Mapping[int, Callable[..., int]] | None = None,
        *,
        name: str = "prog",
        lddw: Callable[[int, Instruction], int] | None = None,
        budget: int | None = None,
        state: ExecState | None = None,
        checked: bool = False,
        native: bool = True,
        hook: Any = None,
    ) -> None:
        self.name = name
        self.insns = insns
        self.space = space
        self.state = state if state is not None else ExecState()
        self.budget = budget
        self.checked = checked
        helpers = dict(helpers or {})
        code = slot_map(insns)
        self.constants = _resolve_constants(code, lddw)
        native_ids = native_helpers.available(checked) if native else frozenset()
        if hook is not None and native and not checked:
            # A hook fills a native record of its task (hook_helpers.HookRecord): its helpers
            # run natively too, so its programs need no Python around a run.
            native_ids |= hook.helper_ids
        options = CodegenOptions(
            checked=checked,
            budget=budget is not None,
            python_helpers=frozenset(helpers),
            native_helpers=native_ids,
        )
        self.compiled = compile_code(insns, self.constants, options)
        self.compile_seconds = self.compiled.compile_seconds
        native_code = self.compiled.native
        self.ctx = RunContext.of(self.state, space)
        self._st = self.ctx.st
        if hook is not None:
            self._st.hook = hook.address
            self.state.extra["hook"] = hook  # runs from Python sync it (hook.sync(env))
        for hid in self.compiled.python_helpers:
            self.ctx.bind(hid, helpers[hid])
        if checked:
            self._setup_checked()
        self.run_address = native_code.address("ebpy_run")
        self._record = ProgramRecord(self.ctx.address, self.run_address)
        self._fast = bridge().function(ctypes.addressof(self._record))
        # The helpers' environment (the collection puts it in the state): the CPU number native
        # helpers answer with, the programs tail calls reach.
        self._env: Any = self.state.extra.get("env")
        used = {i.imm for i in code.values() if i.is_helper_call}
        self._sync_cpu = self._env is not None and bool(
            used & native_ids & native_helpers.CPU_HELPERS
        )
        self._tail_calls_used = TAIL_CALL in used
        # What needs Python during a run: helpers called back in Python, an instruction
        # budget, legacy packet loads (the packet), checked mode (the region table).
        self._needs_python = (
            bool(self.compiled.python_helpers)
            or budget is not None
            or checked
            or any(i.is_legacy_packet_load for i in code.values())
        )
        # Per-run bookkeeping in Python only where the program needs it: the above, the CPU
        # number, tail calls.
        self._prelude = self._needs_python or self._sync_cpu or self._tail_calls_used

    def _setup_checked(self) -> None:
        """Frames in one area, each a region; the space's region table for the native checks."""
        from ebpy.jit.space import NativeSpace

        if not isinstance(self.space, NativeSpace):
            raise LoadError("checked mode needs a NativeSpace")
        self.space.exact = True
        self.ctx.frames()
        self._st.regions = self.space.table_address

    # ---- running --------------------------------------------------------------------------------
    def __call__(self, r1: int = 0, r2: int = 0, r3: int = 0, r4: int = 0, r5: int = 0) -> int:
        """Run from the entry with the given argument registers; returns r0."""
        if not self._prelude:
            try:
                return self._fast(r1, r2, r3, r4, r5)
            except NativeStop:
                pass
            try:
                return self._after_stop()
            except TailCall as tc:
                return self._tail_calls(tc)
        self.state.count = 0
        self.state.tail_calls = 0
        try:
            return self._run((r1, r2, r3, r4, r5))
        except TailCall as tc:
            return self._tail_calls(tc)

    def _tail_calls(self, tc: TailCall) -> int:
        """Tail calls a helper in Python asked for (native ones never get here)."""
        st = self.state
        while True:
            st.tail_calls += 1
            if st.tail_calls > MAX_TAIL_CALLS:
                raise RuntimeFault(f"more than {MAX_TAIL_CALLS} tail calls") from None
            try:
                return int(tc.program._run((tc.ctx, 0, 0, 0, 0)))
            except TailCall as again:
                tc = again

    def _prepare(self) -> RunState:
        st = self._st
        st.abort = 0
        if self._sync_cpu:
            st.cpu = self._env.cpu
        if self._tail_calls_used and self._env is not None:
            self.ctx.sync_programs(self._env.programs)
        if self.budget is not None:
            st.budget = self.budget
            st.count = self.state.count
        if self.checked:
            st.regions = self.space.table_address
        self.state.current = self
        if self.space is not None:
            self.space.active_state = st
        set_packet(st, self.state.extra.get("packet"))
        return st

    def _run(self, args: tuple[int, ...]) -> int:
        """One run of this program (a tail call a Python helper asks for is raised)."""
        if self._prelude:
            self._prepare()
        try:
            r0: int = self._fast(*args)
        except NativeStop:
            return self._after_stop()
        if self.budget is not None:
            self.state.count = self._st.count
        return r0

    def _after_stop(self) -> int:
        if self.budget is not None:
            self.state.count = self._st.count
        return self._stopped()

    def run_repeat(self, args: tuple[int, ...], repeat: int) -> tuple[int, int]:
        """`repeat` runs looped in native code, timed there: (r0 of the last run, total ns).

        As the kernel's test run, nothing is reset between runs (the packet keeps its changes).
        One run is timed around the call instead: reading the thread's CPU clock twice costs
        more than the call itself.
        """
        args = (*args, 0, 0, 0, 0, 0)[:5]
        if repeat == 1:
            t0 = time.perf_counter_ns()
            r0 = self(*args)
            return r0, time.perf_counter_ns() - t0
        total = 0
        r0 = 0
        left = repeat
        while left > 0:
            st = self._prepare()
            self.state.count = 0
            self.state.tail_calls = 0
            r0 = int(repeat_loop()(self.ctx.address, self.run_address, *args, left))
            total += st.duration_ns
            left -= st.runs
            if not st.abort:
                break
            # The run in progress stopped early: finish it the slow way, then carry on.
            t0 = time.perf_counter_ns()
            r0 = self._finish_stopped()
            total += time.perf_counter_ns() - t0
            left -= 1
        return r0, total

    def _finish_stopped(self) -> int:
        """After a stopped run inside a repeat: a tail call continues, anything else raises."""
        try:
            return self._stopped()
        except TailCall as tc:
            self.state.tail_calls = 0
            return self._tail_calls(tc)

    # ---- runs made by native code elsewhere (the hooks' native loops) ---------------------------
    def native_entry(self) -> tuple[int, int] | None:
        """(run state address, ebpy_run address) for native code that calls this program
        itself, or None when a run needs Python around it (Python helpers, a budget, checked
        mode, legacy packet loads). Such a caller does what the bridge does: clears `abort`
        and `tail_calls`, calls ebpy_run(state, r1..r5), and hands a run that set `abort` to
        `after_native_stop`. The state is prepared here once (the CPU number and the programs
        tail calls reach, as they are now: ask again after changing the environment's)."""
        if self._needs_python:
            return None
        self._prepare()
        return self.ctx.address, self.run_address

    def after_native_stop(self) -> int:
        """For a run made through `native_entry` that set `abort`: its r0 (a tail call a
        helper asked for is made) or the exception the run stands for."""
        try:
            return self._after_stop()
        except TailCall as tc:
            return self._tail_calls(tc)

    def call_function(self, address: int, *args: int) -> int:
        """Call a program function by its address (bpf_loop and friends), one frame deeper."""
        return self.ctx.call_function(address, *args)

    # ---- stopping -------------------------------------------------------------------------------
    def _stopped(self) -> int:
        st = self._st
        code = Abort(st.abort)
        st.abort = 0
        if code == Abort.PACKET:
            return 0
        if code == Abort.EXCEPTION:
            exc, self.ctx.pending = self.ctx.pending, None
            raise self._helper_exception(exc) from None
        slot = int(st.fault_slot)
        if code == Abort.FAULT:
            raise self._memory_fault(slot, st.fault_addr, st.fault_size, bool(st.fault_write))
        if code == Abort.TOO_DEEP:
            raise RuntimeFault(f"call stack deeper than {MAX_CALL_DEPTH} frames", slot)
        if code == Abort.BUDGET:
            raise RuntimeFault(
                f"instruction budget of {self.budget} exhausted (unbounded loop?)", slot
            )
        if code == Abort.BAD_CALLX:
            raise RuntimeFault(
                f"call to {st.fault_addr:#x}, which is not a function of this program", slot
            )
        raise RuntimeFault(f"native run stopped with unknown code {int(code)}")

    def _memory_fault(self, slot: int, address: int, size: int, write: bool) -> MemoryFault:
        space = self.space
        if space is None:
            return MemoryFault(slot, address, size, "no region")
        reason = ""
        found = space.region_of(address)
        if write and found and not found[0].writable and found[1] + size <= found[0].size:
            reason = "write to read-only memory"
        return MemoryFault(slot, address, size, space.describe(address, size), reason)

    def _helper_exception(self, exc: BaseException | None) -> BaseException:
        slot = int(self._st.slot)
        if exc is None:
            return RuntimeFault("a helper stopped the run without saying why", slot)
        if isinstance(exc, TailCall | KeyboardInterrupt | SystemExit):
            return exc
        if isinstance(exc, MemoryFault) and exc.insn < 0:
            return MemoryFault(slot, exc.address, exc.size, exc.region, exc.reason)
        if isinstance(exc, EbpyError):
            return exc
        return RuntimeFault(f"{exc!r}", slot)

    # ---- information ----------------------------------------------------------------------------
    @property
    def ir(self) -> str:
        """The LLVM IR generated for this program (before optimisation)."""
        return self.compiled.native.ir

    def __repr__(self) -> str:
        mode = " checked" if self.checked else ""
        return f"<JitProgram {self.name}{mode}: {len(self.insns)} instructions>"
