"""Global variables of a loaded collection, read and written in its maps (any engine).

A CollectionSpec's `.data`, `.bss`, `.rodata` and named data sections become one-element array
maps; once loaded, `coll.variables["name"]` reads the variable where programs see it and
assigning writes it there. Constants (.rodata) are frozen at load: set them in
`spec.constants` before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ebpy.errors import EbpyError, LoadError
from ebpy.spec.collection_spec import CollectionSpec, Variables, _decode_value, _encode_value
from ebpy.spec.map_spec import DataVariable

_KEY0 = bytes(4)


class LiveVariables(Variables):
    """Global variables by name over the maps of a loaded collection (`maps` by name, each with
    the MapAPI's `_lookup`/`_update`). Engines with faster access to a map's values override
    `_raw` and `_store`."""

    def __init__(self, spec: CollectionSpec, maps: Mapping[str, Any]) -> None:
        super().__init__(spec, const=None)
        self._maps = maps

    def _live(self, name: str) -> tuple[Any, DataVariable]:
        mspec, var = self._find(name)
        return self._maps[mspec.name], var

    def _raw(self, m: Any) -> bytes | memoryview:
        """The bytes of the section's one value."""
        raw = m._lookup(_KEY0)
        if raw is None:
            raise EbpyError(f"map {m.name!r}: global data has no element 0")
        return raw

    def _store(self, m: Any, var: DataVariable, data: bytes) -> None:
        raw = bytearray(self._raw(m))
        raw[var.offset : var.offset + var.size] = data
        m._update(_KEY0, bytes(raw), 0)

    def __getitem__(self, name: str) -> Any:
        m, v = self._live(name)
        return _decode_value(bytes(self._raw(m)[v.offset : v.offset + v.size]), v)

    def __setitem__(self, name: str, value: Any) -> None:
        m, v = self._live(name)
        if v.const:
            raise LoadError(
                f"{name} is a constant (.rodata, frozen once loaded): set spec.constants"
                f"[{name!r}] before loading"
            )
        self._store(m, v, _encode_value(value, v))
