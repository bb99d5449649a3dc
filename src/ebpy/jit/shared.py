"""RunContext: what the programs of one collection share when they run natively.

One `RunState` for all of them, so a tail call is a plain native call into the next program
with the same state (the counts, the budget and the abort go on); the table of Python helper
callbacks by helper id (the helpers are bound to the collection's one environment); the table
of programs a program array's handles name; the exception a helper raised; checked mode's
frames. It lives in the collection's ExecState (`extra["jit"]`), so every program compiled
against that state finds it.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

from ebpy.errors import LoadError, RuntimeFault
from ebpy.jit.abi import (
    FRAME_STRIDE,
    HELPER_TABLE_SIZE,
    MAX_CALL_DEPTH,
    STACK_SIZE,
    Abort,
    RunState,
)
from ebpy.runtime.address_space import RegionKind

M64 = (1 << 64) - 1
_U64 = ctypes.c_uint64
HELPER_CFUNC = ctypes.CFUNCTYPE(_U64, _U64, _U64, _U64, _U64, _U64)
_CALLFN = ctypes.CFUNCTYPE(_U64, ctypes.c_void_p, _U64, _U64, _U64, _U64, _U64, _U64, _U64)
KEY = "jit"


def set_packet(st: RunState, pkt: Any) -> None:
    """Where LD_ABS/LD_IND find the packet (a runtime.packet.PacketBuffer, or None)."""
    if pkt is None:
        st.pkt_data = st.pkt_end = st.pkt_net = 0
        return
    st.pkt_data = pkt.data_addr
    st.pkt_end = pkt.end_addr
    network = getattr(pkt, "network", None)
    st.pkt_net = 0 if network is None else pkt.meta_addr + (network - pkt.meta)


class Unwind(Exception):
    """A nested native run stopped; the run state already says why."""


class RunContext:
    def __init__(self, exec_state: Any, space: Any) -> None:
        self.exec_state = exec_state
        self.space = space
        self.st = RunState()
        self.address = ctypes.addressof(self.st)
        self.helpers = (ctypes.c_void_p * HELPER_TABLE_SIZE)()
        self.st.helpers = ctypes.addressof(self.helpers)
        self._callbacks: dict[int, Any] = {}  # keeps the ctypes thunks alive
        self.pending: BaseException | None = None
        self._frames: Any = None
        self._programs: Any = None
        self._programs_seen: tuple[int, int] = (0, -1)
        self._callfns: dict[int, Any] = {}
        self.st.rng = 0x9E3779B97F4A7C15

    @classmethod
    def of(cls, exec_state: Any, space: Any) -> RunContext:
        """The context of a collection's state, made on first use."""
        ctx = exec_state.extra.get(KEY)
        if ctx is None or ctx.space is not space:
            ctx = cls(exec_state, space)
            exec_state.extra[KEY] = ctx
        return ctx

    # ---- helpers called back in Python ----------------------------------------------------------
    def bind(self, hid: int, fn: Callable[..., int]) -> None:
        if not 0 <= hid < HELPER_TABLE_SIZE:
            raise LoadError(f"helper id {hid} is out of the range the JIT can call")
        cb = HELPER_CFUNC(self._callback(fn))
        self._callbacks[hid] = cb
        self.helpers[hid] = ctypes.cast(cb, ctypes.c_void_p).value

    def _callback(self, fn: Callable[..., int]) -> Callable[..., int]:
        st = self.st
        exec_state = self.exec_state
        ctx = self

        def call(r1: int, r2: int, r3: int, r4: int, r5: int) -> int:
            exec_state.depth = st.depth
            try:
                result = int(fn(r1, r2, r3, r4, r5)) & M64
            except BaseException as exc:
                if not st.abort:
                    ctx.pending = exc
                    st.abort = Abort.EXCEPTION
                return 0
            finally:
                st.stack_lo = 0  # the frames are the helper's to touch only during the call
            pkt = exec_state.extra.get("packet")
            if pkt is not None:  # a helper may have moved it
                set_packet(st, pkt)
            return result

        return call

    # ---- programs calling each other --------------------------------------------------------------
    def sync_programs(self, programs: dict[int, Any]) -> None:
        """The native table tail calls use: program-array handle -> that program's ebpy_run."""
        seen = (id(programs), len(programs))
        if seen == self._programs_seen:
            return
        size = max(programs, default=0) + 1
        table = (ctypes.c_uint64 * size)()
        for handle, exe in programs.items():
            run_fn = getattr(exe, "run_address", None)
            if run_fn is not None and getattr(exe, "ctx", None) is self and handle >= 0:
                table[handle] = run_fn
        self._programs = table
        self.st.programs = ctypes.addressof(table)
        self.st.nprograms = size
        self._programs_seen = seen

    def call_function(self, address: int, *args: int) -> int:
        """Call a function of the running program by its address (bpf_loop's callback), one
        frame deeper than the helper's caller."""
        st = self.st
        if not st.callfn:  # the program never took a function's address: nothing to call
            raise RuntimeFault(
                f"call to {address & M64:#x}, which is not a function of this program"
            )
        callfn = self._callfns.get(st.callfn)
        if callfn is None:
            callfn = self._callfns[st.callfn] = _CALLFN(st.callfn)
        regs = [*args, 0, 0, 0, 0, 0][:5]
        depth = st.depth + 1
        saved = st.slot, st.stack_lo, st.callfn
        r0 = callfn(self.address, address & M64, *regs, depth)
        st.depth = depth - 1
        st.slot, st.stack_lo, st.callfn = saved
        if st.abort:
            raise Unwind()
        return int(r0)

    # ---- checked mode ---------------------------------------------------------------------------
    def frames(self) -> int:
        """Checked mode's frames, each a region of the space (made once)."""
        if self._frames is None:
            self._frames = (ctypes.c_ubyte * (FRAME_STRIDE * MAX_CALL_DEPTH))()
            whole = memoryview(self._frames).cast("B")
            for depth in range(MAX_CALL_DEPTH):
                at = depth * FRAME_STRIDE
                view = whole[at : at + STACK_SIZE]
                self.space.map_region(view, f"frame {depth}", RegionKind.STACK)
            self.st.stack_area = ctypes.addressof(self._frames)
        return int(self.st.stack_area)
