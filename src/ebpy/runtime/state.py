"""Per-collection run state shared by the generated code of an engine and the helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ExecState:
    """Per-run mutable state shared by the generated code and the helpers."""

    count: int = 0
    budget: int = 0
    depth: int = 0
    tail_calls: int = 0
    current: Any = None  # the program running now (callbacks call into it)
    extra: dict[str, Any] = field(default_factory=dict)
