"""Compile a program to Python with `translate` and run it, turning Python errors into faults."""

from __future__ import annotations

import itertools
import struct
import types
from collections.abc import Callable, Mapping
from typing import Any

from ebpy.errors import LoadError, MemoryFault, RuntimeFault
from ebpy.helpers.env import RegionKind, TailCall
from ebpy.helpers.maps import MAX_TAIL_CALLS
from ebpy.isa import Instruction, Mode, slot_count, slot_map
from ebpy.runtime.address_space import (
    FUNC_KEY,
    OFFSET_MASK,
    REGION_SHIFT,
    STACK_KEY0,
    AddressSpace,
)
from ebpy.runtime.state import ExecState
from ebpy.vm import ops
from ebpy.vm.translate import MAX_CALL_DEPTH, STACK_SIZE, Options, translate

SKF_NET_OFF = -0x100000  # LD_ABS/LD_IND offsets relative to the network header ...
SKF_LL_OFF = -0x200000  # ... and to the link-layer header
ETH_HLEN = 14
_counter = itertools.count()


class CallTooDeep(Exception):
    def __init__(self, slot: int) -> None:
        self.slot = slot


class BudgetExceeded(Exception):
    def __init__(self, slot: int) -> None:
        self.slot = slot


class PacketAbort(Exception):
    """A legacy packet load out of bounds: the program ends and returns 0."""


_PYTHON_FAULTS = (KeyError, IndexError, struct.error, TypeError, ValueError, OverflowError)


class CompiledProgram:
    """One program translated to Python, bound to an address space and helper functions."""

    def __init__(
        self,
        insns: list[Instruction],
        space: AddressSpace,
        helpers: Mapping[int, Callable[..., int]] | None = None,
        *,
        name: str = "prog",
        lddw: Callable[[int, Instruction], int] | None = None,
        budget: int | None = None,
        count: bool = False,
        state: ExecState | None = None,
    ) -> None:
        self.name = name
        self.insns = insns
        self.code = slot_map(insns)
        self.space = space
        self.state = state or ExecState()
        self.budget = budget
        self._counting = count or budget is not None
        helpers = dict(helpers or {})
        opts = Options(
            count=count or budget is not None,
            budget=budget is not None,
            lddw=lddw,
            helper_ids=frozenset(helpers),
        )
        self.translation = translate(self.code, slot_count(insns), opts)
        self.filename = f"<ebpy:{name}:{next(_counter)}>"
        self._stacks = _stacks(space)
        namespace: dict[str, Any] = dict(ops.NAMESPACE)
        namespace.update(
            MEM=space.mem,
            E=self.state,
            STACKS=self._stacks,
            FRAMES8=self._stacks,
            FRAMES16=[f.cast("H") for f in self._stacks],
            FRAMES32=[f.cast("I") for f in self._stacks],
            FRAMES64=[f.cast("Q") for f in self._stacks],
            ZERO_STACK=bytes(STACK_SIZE),
            STACK_TOP=[
                ((STACK_KEY0 + d) << REGION_SHIFT) + STACK_SIZE for d in range(MAX_CALL_DEPTH)
            ],
            CallTooDeep=CallTooDeep,
            BudgetExceeded=BudgetExceeded,
            CALLX=self._callx,
            LDPKT=self._load_packet,
        )
        for hid in self.translation.helpers_used:
            namespace[f"H{hid}"] = helpers[hid]
        code_obj = compile(self.translation.source, self.filename, "exec")
        exec(code_obj, namespace)
        self.functions: dict[int, Callable[..., int]] = {
            e: namespace[f"f{e}"] for e in self.translation.entries
        }
        self.entry = self.functions[0]
        # A plain function (not a method) in the program's namespace, under a file name of its
        # own so its lines never map to slots.
        namespace.update(PROG=self, UNWIND=self._unwind, BUDGET=budget)
        exec(compile(_run_source(self._counting, budget), f"{self.filename}run", "exec"), namespace)
        self.run_entry: Callable[..., int] = namespace["run"]

    # ---- running ----------------------------------------------------------------------------
    def __call__(self, r1: int = 0, r2: int = 0, r3: int = 0, r4: int = 0, r5: int = 0) -> int:
        """Run from the entry with the given argument registers; returns r0. (`run_entry`
        is the same function without the method call, for callers that run it often.)"""
        return self.run_entry(r1, r2, r3, r4, r5)

    def _unwind(self, program: CompiledProgram, exc: Exception) -> int:
        """Finish a run whose `program` raised `exc`: follow tail calls, end legacy packet
        aborts with 0, turn everything else into a fault located at its instruction."""
        st = self.state
        while True:
            if isinstance(exc, TailCall):
                st.tail_calls += 1
                if st.tail_calls > MAX_TAIL_CALLS:
                    raise RuntimeFault(f"more than {MAX_TAIL_CALLS} tail calls") from None
                program = exc.program
                st.current = program
                try:
                    return program.entry(exc.ctx, 0, 0, 0, 0, 0)
                except Exception as e:
                    exc = e
                continue
            if isinstance(exc, PacketAbort):
                return 0
            fault = program._fault_of(exc)
            if fault is exc:
                raise exc
            raise fault from None

    def _fault_of(self, exc: Exception) -> Exception:
        """The exception a run of this program that raised `exc` ends with."""
        if isinstance(exc, CallTooDeep):
            return RuntimeFault(f"call stack deeper than {MAX_CALL_DEPTH} frames", exc.slot)
        if isinstance(exc, BudgetExceeded):
            return RuntimeFault(
                f"instruction budget of {self.budget} exhausted (unbounded loop?)", exc.slot
            )
        if isinstance(exc, MemoryFault):
            if exc.insn < 0:
                slot = self._slot_from_traceback(exc.__traceback__)
                if slot is not None:
                    return MemoryFault(slot, exc.address, exc.size, exc.region, exc.reason)
            return exc
        if isinstance(exc, _PYTHON_FAULTS):
            return self._fault(exc)
        return exc

    def call_function(self, address: int, *args: int) -> int:
        """Call a program function by its address (bpf_loop and friends), one frame deeper."""
        fn = self._function_at(address, -1)
        regs = [*args, 0, 0, 0, 0, 0][:5]
        return fn(*regs, self.state.depth + 1)

    # ---- support for the generated code --------------------------------------------------------
    def _function_at(self, address: int, slot: int) -> Callable[..., int]:
        fn = None
        if address >> REGION_SHIFT == FUNC_KEY:
            fn = self.functions.get(address & OFFSET_MASK)
        if fn is None:
            raise RuntimeFault(
                f"call to {address:#x}, which is not a function of this program", slot
            )
        return fn

    def _callx(self, address: int, slot: int) -> Callable[..., int]:
        return self._function_at(address, slot)

    def _load_packet(self, offset: int, size: int) -> int:
        """LD_ABS / LD_IND: a big-endian load from the packet's data; out of range ends the run.

        The offset is a signed 32-bit value; as in the kernel's bpf_skb_load_helper, offsets from
        SKF_NET_OFF up count from the network header and from SKF_LL_OFF up from the link-layer
        (Ethernet) header, whatever the program type's data starts at.
        """
        pkt = self.state.extra.get("packet")
        if pkt is None:
            raise PacketAbort()
        offset = (offset & 0xFFFFFFFF) - ((offset & 0x80000000) << 1)
        if offset >= 0:
            start = pkt.data + offset
        elif pkt.network is not None and offset >= SKF_NET_OFF:
            start = pkt.network + offset - SKF_NET_OFF
        elif pkt.network is not None and offset >= SKF_LL_OFF:
            start = pkt.network - ETH_HLEN + offset - SKF_LL_OFF
        else:
            raise PacketAbort()
        if start + size > pkt.end:
            raise PacketAbort()
        return int.from_bytes(pkt.buf[start : start + size], "big")

    # ---- faults -------------------------------------------------------------------------------
    def _slot_from_traceback(self, tb: types.TracebackType | None) -> int | None:
        slot = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self.filename:
                slot = self.translation.line_slots.get(tb.tb_lineno, slot)
            tb = tb.tb_next
        return slot

    def _fault(self, exc: BaseException) -> Exception:
        tb = exc.__traceback__
        frame_locals: dict[str, Any] = {}
        slot = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self.filename:
                found = self.translation.line_slots.get(tb.tb_lineno)
                if found is not None:
                    slot = found
                    frame_locals = dict(tb.tb_frame.f_locals)
            tb = tb.tb_next
        if slot is None:
            return RuntimeFault(f"internal error while running {self.name}: {exc!r}")
        insn = self.code[slot]
        if insn.is_load or insn.is_store or insn.is_atomic:
            base = insn.src if insn.is_load else insn.dst
            address = int(frame_locals.get(f"r{base}", 0)) + insn.off
            size = insn.nbytes
            write = not insn.is_load
            region = self.space.describe(address, size)
            reason = ""
            found_region = self.space.region_of(address)
            if write and found_region and not found_region[0].writable:
                reason = "write to read-only memory"
            return MemoryFault(slot, address, size, region, reason)
        if insn.mode == Mode.IND or insn.mode == Mode.ABS:
            return RuntimeFault(f"bad legacy packet load: {exc}", slot)
        return RuntimeFault(f"{exc!r}", slot)


def _run_source(counting: bool, budget: int | None) -> str:
    """One run from the entry: the common run is one call of the entry function; everything
    else (tail calls, legacy packet aborts, faults) arrives as an exception, for _unwind."""
    reset = ["E.tail_calls = 0", "E.current = PROG"]
    if counting:
        reset.append("E.count = 0")
    if budget is not None:
        reset.append("E.budget = BUDGET")
    body = "\n".join(f"    {line}" for line in reset)
    return (
        "def run(r1=0, r2=0, r3=0, r4=0, r5=0):\n"
        f"{body}\n"
        "    try:\n"
        "        return f0(r1, r2, r3, r4, r5, 0)\n"
        "    except Exception as e:\n"
        "        return UNWIND(PROG, e)\n"
    )


def _stacks(space: AddressSpace) -> list[memoryview]:
    """The stack frames of an address space (mapped once, reused by every program in it), as
    the views the program's accesses go through (zeroing a view is cheaper than its bytearray)."""
    for depth in range(MAX_CALL_DEPTH):
        key = STACK_KEY0 + depth
        if key not in space.mem:
            space.map_region(bytearray(STACK_SIZE), f"frame {depth}", RegionKind.STACK, key=key)
    return [space.mem[STACK_KEY0 + depth] for depth in range(MAX_CALL_DEPTH)]


def check_helpers(insns: list[Instruction], available: Mapping[int, Any]) -> None:
    """Refuse, at load time, a program calling a helper the engine does not have."""
    from ebpy.spec.helper_ids import HELPER_NAMES

    for slot, insn in slot_map(insns).items():
        if insn.is_helper_call and insn.imm not in available:
            name = HELPER_NAMES.get(insn.imm, "unknown helper")
            raise LoadError(
                f"slot {slot}: program calls {name} (id {insn.imm}), which ebpy does not provide"
            )
