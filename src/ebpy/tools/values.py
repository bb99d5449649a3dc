"""Numbers out of decoded map values: per-CPU totals and one field of a struct.

Histograms, top-N tables and the Prometheus exporter all reduce a map value to a number the
same way, so a map reads the same in every view: a per-CPU value adds up over CPUs, a struct
gives the field asked for (or its only integer field), an int is itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ebpy.errors import EbpyError
from ebpy.maps import PerCpu


def total(value: Any) -> Any:
    """A per-CPU value summed over CPUs (numbers, and structs field by field); else as is."""
    return value.sum() if isinstance(value, PerCpu) else value


def number(value: Any, field: str | None = None, where: str = "value") -> int | float:
    """The number a map value stands for: `field` of a struct, or the value itself.

    A struct with no `field` given must have exactly one numeric field.
    """
    value = total(value)
    if isinstance(value, Mapping):
        if field is None:
            numeric = [k for k, v in value.items() if _is_number(v)]
            if len(numeric) != 1:
                fields = ", ".join(value) or "none"
                raise EbpyError(
                    f"{where} is a struct ({fields}); name the field to use (value field)"
                )
            field = numeric[0]
        if field not in value:
            fields = ", ".join(value) or "none"
            raise EbpyError(f"{where} has no field {field!r} (fields: {fields})")
        value = value[field]
    elif field is not None:
        raise EbpyError(f"{where} is not a struct; it has no field {field!r}")
    if not _is_number(value):
        raise EbpyError(f"{where} is {type(value).__name__}, not a number")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def key_number(key: Any, field: str | None, where: str = "key") -> int:
    """An integer key, or the integer `field` of a struct key."""
    if isinstance(key, Mapping):
        if field is None:
            raise EbpyError(f"{where} is a struct; name its bucket field")
        if field not in key:
            fields = ", ".join(key) or "none"
            raise EbpyError(f"{where} has no field {field!r} (fields: {fields})")
        key = key[field]
    if isinstance(key, bool) or not isinstance(key, int):
        raise EbpyError(f"{where} is {type(key).__name__}, not an integer")
    return key
