"""Compiled object code, cached in memory and on disk by what produced it.

The key is the IR text, the LLVM and llvmlite versions, the host CPU and its features and the
pipeline (with its version): the same IR compiled the same way gives the same object. Program
IR names no addresses (map addresses come from a table bound when the object is linked, see
backend.link), so a program loaded again with new maps, or in another process, reuses its
object and only links it (about a millisecond instead of tens).

On disk the objects sit next to the maps' native code (`EBPY_CACHE_DIR/native/jit`, default
`~/.cache/ebpy/native/jit`), written atomically and checksummed by the maps' own cache
functions, so a torn or damaged file reads as a miss. The folder is pruned to the newest
`MAX_FILES` objects. Any error with the disk cache only costs speed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from ebpy.maps.native import _cache_dir, _read, _write

MAX_ENTRIES = 512  # objects kept in memory (a few KiB each)
MAX_FILES = 4096  # objects kept on disk
PRUNE_EVERY = 256  # writes between two looks at the folder's size


@dataclass
class ObjectCacheStats:
    memory_hits: int = 0
    disk_hits: int = 0
    misses: int = 0


def object_key(text: str, host: tuple[str, ...], pipeline: str) -> str:
    """The cache key of `text` compiled for `host` (versions, triple, CPU, features)."""
    h = hashlib.sha256()
    for part in (*host, pipeline):
        h.update(part.encode())
        h.update(b"\0")
    h.update(text.encode())
    return h.hexdigest()[:40]


def default_folder() -> Path | None:
    base = _cache_dir()
    return base / "jit" if base is not None else None


class ObjectCache:
    """Object code by key: an LRU in memory in front of a folder (None: memory only)."""

    def __init__(self, folder: Path | None, max_entries: int = MAX_ENTRIES) -> None:
        self.folder = folder
        self.max_entries = max_entries
        self.stats = ObjectCacheStats()
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._writes = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            obj = self._memory.get(key)
            if obj is not None:
                self._memory.move_to_end(key)
                self.stats.memory_hits += 1
                return obj
        path = self._path(key)
        obj = _read(path)
        if obj is not None and path is not None:
            _touch(path)  # pruning keeps what is used, not only what is new
        with self._lock:
            if obj is None:
                self.stats.misses += 1
                return None
            self.stats.disk_hits += 1
            self._remember(key, obj)
        return obj

    def put(self, key: str, obj: bytes) -> None:
        with self._lock:
            self._remember(key, obj)
            self._writes += 1
            prune = self._writes % PRUNE_EVERY == 1
        path = self._path(key)
        _write(path, obj)
        if prune and path is not None:
            _prune(path.parent, MAX_FILES)

    def clear(self) -> None:
        """Forget what is in memory (the folder stays)."""
        with self._lock:
            self._memory.clear()
            self.stats = ObjectCacheStats()

    def _remember(self, key: str, obj: bytes) -> None:
        self._memory[key] = obj
        while len(self._memory) > self.max_entries:
            self._memory.popitem(last=False)

    def _path(self, key: str) -> Path | None:
        return self.folder / f"{key}.o" if self.folder is not None else None


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)


def _prune(folder: Path, keep: int) -> None:
    """Delete the oldest objects beyond `keep` (other processes may be doing the same)."""
    try:
        entries = []
        with os.scandir(folder) as it:
            for entry in it:
                if entry.name.endswith(".o"):
                    entries.append((entry.stat().st_mtime, entry.path))
        if len(entries) <= keep:
            return
        entries.sort()
        for _, path in entries[: len(entries) - keep]:
            with contextlib.suppress(OSError):
                os.unlink(path)
    except OSError:
        pass
