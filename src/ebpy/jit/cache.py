"""Compiled code cached per process, by program content.

The key covers everything the machine code depends on: the instructions, the values lddw
instructions resolved to (map addresses), the code generation options and which helpers are
native. Loading the same object twice, or a test suite loading one program many times, compiles
it once. Entries stay alive while a program uses them; the cache keeps the most recent ones.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ebpy.isa import Instruction, encode

CODEGEN_VERSION = 1  # bump when generated code changes meaning
MAX_ENTRIES = 256


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0


class CodeCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.stats = CacheStats()

    def get_or_build(self, key: str, build: Callable[[], Any]) -> Any:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.stats.hits += 1
                return found
        value = build()
        with self._lock:
            self.stats.misses += 1
            self._entries[key] = value
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.stats = CacheStats()

    def __len__(self) -> int:
        return len(self._entries)


def program_key(
    insns: list[Instruction] | bytes, constants: Mapping[int, int], options: Mapping[str, Any]
) -> str:
    """The key of a program (its instructions, or their encoding to save encoding them
    again), the lddw values it was given and the code generation options."""
    h = hashlib.sha256()
    h.update(f"v{CODEGEN_VERSION}\0".encode())
    h.update(insns if isinstance(insns, bytes) else encode(insns))
    h.update(repr(sorted(constants.items())).encode())
    h.update(repr(sorted(options.items())).encode())
    return h.hexdigest()


CODE_CACHE = CodeCache()
