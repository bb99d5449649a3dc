"""MapSpec: everything needed to create a map, before any engine creates it."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from ebpy.spec.types import MapFlags, MapType, PinType


@dataclass
class DataVariable:
    """A global variable inside a global-data section (.rodata, .data, .bss, .data.*)."""

    name: str
    offset: int
    size: int
    type: Any = None  # ebpy.btf type, when the object has BTF
    const: bool = False  # `const volatile`: settable before load, read-only after


@dataclass
class MapSpec:
    """A map as an object file declares it. Editable; nothing is created until an engine loads it."""

    name: str
    type: MapType
    key_size: int
    value_size: int
    max_entries: int
    flags: int = 0
    inner: MapSpec | None = None
    pinning: PinType = PinType.NONE
    numa_node: int = 0
    map_extra: int = 0
    key_type: Any = None  # ebpy.btf type of the key, when known
    value_type: Any = None  # ebpy.btf type of the value, when known
    # Initial entries (key -> value), e.g. program-array slots or inner maps named in `.maps`.
    contents: list[tuple[Any, Any]] = field(default_factory=list)
    # Global data: the section this map stands for, its initial image, and its variables.
    section: str | None = None
    data: bytearray | None = None
    variables: dict[str, DataVariable] = field(default_factory=dict)
    freeze: bool = False  # frozen once loaded (.rodata and .kconfig)

    @property
    def is_global_data(self) -> bool:
        return self.section is not None

    @property
    def mmapable(self) -> bool:
        return bool(self.flags & MapFlags.MMAPABLE)

    def copy(self) -> MapSpec:
        return copy.deepcopy(self)
