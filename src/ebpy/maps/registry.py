"""Native maps by header address: what a program's map pointer names."""

from __future__ import annotations

import errno
import threading
import weakref
from typing import TYPE_CHECKING

from ebpy.errors import MapError

if TYPE_CHECKING:
    from ebpy.maps.map import Map

_lock = threading.Lock()
_maps: dict[int, weakref.ref[Map]] = {}


def register(m: Map) -> None:
    with _lock:
        _maps[m.address] = weakref.ref(m)


def unregister(m: Map) -> None:
    with _lock:
        ref = _maps.get(m.address)
        if ref is not None and ref() in (m, None):
            del _maps[m.address]


def map_at(address: int) -> Map:
    """The live map whose header is at `address` (MapError ENOENT if none)."""
    with _lock:
        ref = _maps.get(address)
    m = ref() if ref is not None else None
    if m is None:
        raise MapError(errno.ENOENT, f"no ebpy map at address {address:#x}")
    return m
