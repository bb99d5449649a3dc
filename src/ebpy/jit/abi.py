"""The native run state: one C struct shared by the generated code and Python.

The programs of one collection share one `RunState` (see shared.RunContext), so a tail call is
a native call into the next program with the same state. The generated code reads and writes it
by byte offset (`FIELD_OFFSETS`), Python through ctypes, so both sides always agree on the
layout. It carries what does not fit in registers: how a run ended early (a fault, a Python
exception in a helper, a packet load out of range, a finished tail call), the instruction
budget, the table of Python helper callbacks (by helper id), the programs tail calls can reach,
the region table of checked mode and the stack bounds helpers may touch.
"""

from __future__ import annotations

import ctypes
from enum import IntEnum

MAX_CALL_DEPTH = 8  # frames, as the interpreter and the kernel
STACK_SIZE = 512  # bytes per frame
MAX_TAIL_CALLS = 33
HELPER_TABLE_SIZE = 512  # helper ids index the callback table directly
# Checked mode keeps frames in one area, each followed by an unmapped gap of the same size so an
# access just past a frame faults instead of landing in the next one.
FRAME_STRIDE = 2 * STACK_SIZE


class Abort(IntEnum):
    """Why a run stopped before its exit: every frame returns at once when `abort` is set."""

    NONE = 0
    FAULT = 1  # a checked access failed: fault_* fields say where
    TOO_DEEP = 2  # a call went past MAX_CALL_DEPTH frames (fault_slot is the callee)
    BUDGET = 3  # the instruction budget ran out (fault_slot is the backward jump)
    EXCEPTION = 4  # a Python helper raised; the program object holds the exception
    PACKET = 5  # LD_ABS/LD_IND out of range: the program returns 0
    BAD_CALLX = 6  # callx to something that is not a function of the program
    TAIL_DONE = 7  # a tail call ran to its end: the run's r0 is `tail_result`


class RunState(ctypes.Structure):
    _fields_ = [
        ("abort", ctypes.c_uint64),
        ("count", ctypes.c_uint64),  # instructions executed (budget mode)
        ("budget", ctypes.c_uint64),
        ("depth", ctypes.c_uint64),  # frame depth of the last callback helper's caller
        ("slot", ctypes.c_uint64),  # slot of the last Python helper call
        ("fault_slot", ctypes.c_uint64),
        ("fault_addr", ctypes.c_uint64),
        ("fault_size", ctypes.c_uint64),
        ("fault_write", ctypes.c_uint64),
        ("stack_lo", ctypes.c_uint64),  # lowest stack byte of the current run (helpers may use)
        ("stack_hi", ctypes.c_uint64),  # one past the highest
        ("pkt_data", ctypes.c_uint64),  # packet data and end for LD_ABS/LD_IND
        ("pkt_end", ctypes.c_uint64),
        ("pkt_net", ctypes.c_uint64),  # the network header (0: the packet has none)
        ("regions", ctypes.c_uint64),  # checked mode: the space's RegionTable (count, rows)
        ("stack_area", ctypes.c_uint64),  # checked mode: MAX_CALL_DEPTH frames, FRAME_STRIDE apart
        ("helpers", ctypes.c_uint64),  # table of Python helper callbacks, by helper id
        ("duration_ns", ctypes.c_uint64),  # repeat runs: total time measured natively
        ("runs", ctypes.c_uint64),  # repeat runs: how many completed
        ("cpu", ctypes.c_uint64),  # what bpf_get_smp_processor_id answers
        ("rng", ctypes.c_uint64),  # bpf_get_prandom_u32 state
        ("callfn", ctypes.c_uint64),  # ebpy_callfn of the program running now
        ("programs", ctypes.c_uint64),  # ebpy_run of each program, by program-array handle
        ("nprograms", ctypes.c_uint64),
        ("tail_calls", ctypes.c_uint64),  # tail calls so far in this run
        ("tail_result", ctypes.c_uint64),  # r0 of a finished tail call (Abort.TAIL_DONE)
        ("hook", ctypes.c_uint64),  # a hook's HookRecord (hook_helpers.py), or 0
    ]


class ProgramRecord(ctypes.Structure):
    """What the Python bridge calls: a program's entry point and the state it runs with."""

    _fields_ = [("state", ctypes.c_uint64), ("run_fn", ctypes.c_uint64)]


FIELD_OFFSETS: dict[str, int] = {
    field[0]: getattr(RunState, field[0]).offset for field in RunState._fields_
}
STATE_SIZE = ctypes.sizeof(RunState)


class RegionEntry(ctypes.Structure):
    """One row of checked mode's region table."""

    _fields_ = [
        ("start", ctypes.c_uint64),
        ("end", ctypes.c_uint64),
        ("writable", ctypes.c_uint64),
    ]


REGION_ENTRY_SIZE = ctypes.sizeof(RegionEntry)
