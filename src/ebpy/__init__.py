"""ebpy: eBPF implemented in Python."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from ebpy.spec import CollectionSpec


def load_spec(source: Any, name: str | None = None) -> CollectionSpec:
    """Read a BPF object file (a path or its bytes) into a CollectionSpec; nothing is loaded.

    Imported on first use so that `import ebpy` stays cheap.
    """
    from ebpy.elf import load_spec as _load_spec

    return _load_spec(source, name)
