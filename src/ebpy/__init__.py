"""ebpy: eBPF implemented in Python."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from ebpy.hooks.pyprobe import Probe
    from ebpy.spec import CollectionSpec


def load_spec(source: Any, name: str | None = None) -> CollectionSpec:
    """Read a BPF object file (a path or its bytes) into a CollectionSpec; nothing is loaded.

    Imported on first use so that `import ebpy` stays cheap.
    """
    from ebpy.elf import load_spec as _load_spec

    return _load_spec(source, name)


def probe(program: Any, functions: Any, **options: Any) -> Probe:
    """Attach a program (section "pyprobe") to entry and return of Python functions:
    `with ebpy.probe("latency.o", functions=[f, g]) as p: ...` (see ebpy.hooks.pyprobe)."""
    from ebpy.hooks.pyprobe import Probe

    return Probe(program, functions, **options)
