"""Where CPython keeps what the native probe code reads, found by checking live frames.

The native event handlers of Python probes (ebpy.hooks.pyprobe_native) read a function's
arguments from its frame's fast locals and the thread id from the thread state, without
Python. Those are private structures: their offsets change between versions and builds. So
each supported version has one candidate layout (from its headers), and `frame_layout()`
accepts it only after checking it against live frames and thread states on this interpreter;
elsewhere (another version, a debug or free-threaded build, a 32-bit host) it answers None and
the probe keeps the Python path.

- 3.11: a profile function gets the frame object: PyFrameObject.f_frame is the
  _PyInterpreterFrame, which holds f_code and the fast locals (localsplus).
- 3.12 and 3.13: a sys.monitoring callback gets the code object only; the running frame is the
  thread state's current frame (3.12: tstate->cframe->current_frame; 3.13:
  tstate->current_frame), and _PyInterpreterFrame starts with the code object.
"""

from __future__ import annotations

import ctypes
import sys
import sysconfig
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from types import FrameType
from typing import Any


@dataclass(frozen=True)
class FrameLayout:
    """Byte offsets of what the native handlers read."""

    ob_type: int  # PyObject.ob_type
    f_frame: int  # PyFrameObject.f_frame: the _PyInterpreterFrame
    f_code: int  # _PyInterpreterFrame.f_code (3.13: f_executable, the code object)
    frame_obj: int  # _PyInterpreterFrame.frame_obj
    localsplus: int  # _PyInterpreterFrame.localsplus: the fast locals, arguments first
    # From the PyThreadState to the running _PyInterpreterFrame, one load per offset (3.12+;
    # a 3.11 profile function is given the frame).
    current_frame: tuple[int, ...] = ()
    # PyThreadState.native_thread_id (-1: unknown, ask PyThread_get_thread_native_id, which
    # is a gettid system call, ~0.3 us on a VM: more than the rest of an event)
    native_thread_id: int = -1


@dataclass(frozen=True)
class _Candidate:
    layout: FrameLayout
    thread_id: int  # PyThreadState.thread_id
    native_thread_id: int  # PyThreadState.native_thread_id


# From each version's Include/internal/pycore_frame.h and Include/cpython/pystate.h.
_CANDIDATES = {
    (3, 11): _Candidate(FrameLayout(8, 24, 32, 40, 72), 152, 160),
    (3, 12): _Candidate(FrameLayout(8, 24, 0, 48, 72, current_frame=(56, 0)), 136, 144),
    (3, 13): _Candidate(FrameLayout(8, 24, 0, 48, 72, current_frame=(72,)), 152, 160),
}


def _word(address: int) -> int:
    return ctypes.c_void_p.from_address(address).value or 0


def _check(layout: FrameLayout, frame: FrameType, args: tuple[Any, ...]) -> bool:
    """Does `layout` find this live frame's code, frame object and arguments?"""
    ifr = _word(id(frame) + layout.f_frame)
    if not ifr:
        return False
    if _word(ifr + layout.f_code) != id(frame.f_code) or _word(ifr + layout.frame_obj) != id(frame):
        return False
    return all(_word(ifr + layout.localsplus + 8 * i) == id(a) for i, a in enumerate(args))


def _sample(a: Any, b: Any, c: Any, layout: FrameLayout) -> bool:
    return _check(layout, sys._getframe(), (a, b, c))


_thread_state = ctypes.pythonapi.PyThreadState_Get
_thread_state.restype = ctypes.c_void_p
_thread_state.argtypes = []


def current_frame_found(layout: FrameLayout) -> bool:
    """Does `layout.current_frame` lead from the thread state to the frame running here? The
    reads are C calls made from this function's frame, so that frame is the running one."""
    here = ctypes.c_void_p.from_address(id(sys._getframe()) + layout.f_frame).value
    address = _thread_state() or 0
    for offset in layout.current_frame:
        if not address:
            return False
        address = ctypes.c_void_p.from_address(address + offset).value or 0
    return bool(address) and address == here


def _current_frame_found_deeper(layout: FrameLayout) -> bool:
    return current_frame_found(layout)


def _thread_ids_found(candidate: _Candidate) -> bool:
    """Does this thread's PyThreadState hold its ids where the candidate says?"""
    ts = _thread_state() or 0
    ident = ctypes.c_uint64.from_address(ts + candidate.thread_id).value
    native = ctypes.c_uint64.from_address(ts + candidate.native_thread_id).value
    return ident == threading.get_ident() and native == threading.get_native_id()


def _in_new_thread(check: Callable[[], bool]) -> bool:
    found: list[bool] = []
    thread = threading.Thread(target=lambda: found.append(check()), name="ebpy-layout-check")
    thread.start()
    thread.join()
    return found == [True]


@cache
def frame_layout() -> FrameLayout | None:
    """The verified layout on this interpreter, or None where the native handlers cannot run
    (only CPython 3.11 to 3.13 release builds with the GIL on 64-bit hosts are read this way)."""
    candidate = _CANDIDATES.get(sys.version_info[:2])
    if sys.implementation.name != "cpython" or candidate is None:
        return None
    if hasattr(sys, "gettotalrefcount") or ctypes.sizeof(ctypes.c_void_p) != 8:
        return None  # debug builds have another object header
    if sysconfig.get_config_var("Py_GIL_DISABLED"):
        return None  # free-threaded builds: another object header, and no GIL to rely on
    layout = candidate.layout
    if object().__sizeof__() != 16 or _word(id(layout) + 8) != id(FrameLayout):
        return None
    marks = (object(), object(), object())
    if not _sample(*marks, layout) or not _sample(3, "x", None, layout):
        return None
    if layout.current_frame:
        # Checked at two depths and in a new thread (its own thread state).
        if not (current_frame_found(layout) and _current_frame_found_deeper(layout)):
            return None
        if not _in_new_thread(lambda: current_frame_found(layout)):
            return None
    if _thread_ids_found(candidate) and _in_new_thread(lambda: _thread_ids_found(candidate)):
        return replace(layout, native_thread_id=candidate.native_thread_id)
    return layout
