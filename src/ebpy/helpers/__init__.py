"""Helper functions by kernel id, shared by the interpreter and the JIT's Python fallback."""

from ebpy.helpers import (  # noqa: F401  (registration)
    control,
    maps,
    memory,
    packet,
    perf,
    skb,
    socket,
    task,
    time,
    trace,
)
from ebpy.helpers.env import HelperEnv, Redirect, RegionKind, TailCall, Task, TraceLog
from ebpy.helpers.registry import HELPERS, bind, helper, provides

__all__ = [
    "HELPERS",
    "HelperEnv",
    "Redirect",
    "RegionKind",
    "TailCall",
    "Task",
    "TraceLog",
    "bind",
    "helper",
    "provides",
]
