"""Decoding event records (ring buffer and perf samples) through BTF.

A reader is told the record type as a BTF type name of the object ("event", "struct event"),
a BTF type, or any callable bytes -> value. Records may be longer than the type (perf pads
samples to 8 bytes; programs may append variable data): the type decodes its first bytes.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Any

from ebpy.btf import Composite, Datasec, EnumBase, Func, Spec, Struct, Type, Union, Var
from ebpy.errors import CodecError, LoadError, MapError

Decoder = Callable[[bytes], Any]
RecordType = str | Type | Decoder | None

_PREFIXES = {"struct ": "struct", "union ": "union", "enum ": "enum"}


def find_type(btf: Spec | None, name: str) -> Type:
    """The named type (`event`, `struct event`, `union u`, a typedef) in the object's BTF."""
    if btf is None:
        raise LoadError(f"record type {name!r}: the object has no BTF (compile with -g)")
    wanted = name.strip()
    kind = None
    for prefix, k in _PREFIXES.items():
        if wanted.startswith(prefix):
            kind, wanted = k, wanted[len(prefix) :].strip()
    for t in btf.find_all(wanted):
        if kind == "struct" and not isinstance(t, Struct):
            continue
        if kind == "union" and not isinstance(t, Union):
            continue
        if kind == "enum" and not isinstance(t, EnumBase):
            continue
        if isinstance(t, (Var, Func, Datasec)) or not t.has_size:
            continue
        return t
    names = sorted({t.name for t in btf.types if isinstance(t, Composite) and t.name})
    known = ", ".join(names[:20]) + (", ..." if len(names) > 20 else "")
    raise LoadError(f"record type {name!r} is not a sized type of the object (structs: {known})")


def make_decoder(record_type: RecordType, btf: Spec | None) -> Decoder | None:
    """The decoder for a reader's records; None keeps them as bytes."""
    if record_type is None:
        return None
    if isinstance(record_type, str):
        record_type = find_type(btf, record_type)
    if isinstance(record_type, Type):
        return _btf_decoder(record_type)
    if callable(record_type):
        return record_type
    raise LoadError(
        f"record type must be a type name, a BTF type or a callable, not {record_type!r}"
    )


def _btf_decoder(t: Type) -> Decoder:
    size = t.size

    def decode(raw: bytes) -> Any:
        if len(raw) < size:
            raise MapError(
                errno.EINVAL, f"a record of {len(raw)} bytes is shorter than {t} ({size} bytes)"
            )
        try:
            return t.decode(raw[:size])
        except CodecError as e:
            raise MapError(errno.EINVAL, f"record does not decode as {t}: {e}") from None

    return decode
