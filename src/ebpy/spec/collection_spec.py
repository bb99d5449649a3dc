"""CollectionSpec: the maps and programs of an object, editable, with no side effects."""

from __future__ import annotations

import copy
import importlib
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from ebpy.errors import CodecError, EbpyError, LoadError
from ebpy.spec.map_spec import DataVariable, MapSpec
from ebpy.spec.program_spec import ProgramSpec

# Engines register by module name and are imported only when asked for, so this layer never
# imports the layers above it: each module exposes `load_collection(spec, **options)`.
ENGINES: dict[str, str] = {"interp": "ebpy.vm", "jit": "ebpy.jit", "kernel": "ebpy.kernel"}


@dataclass
class CollectionSpec:
    """Everything an object file declares: maps by name, programs by function name."""

    maps: dict[str, MapSpec] = field(default_factory=dict)
    programs: dict[str, ProgramSpec] = field(default_factory=dict)
    btf: Any = None  # ebpy.btf.Spec of the object
    license: str = ""
    kernel_version: int = 0
    path: str | None = None

    def program(self, name: str | None = None) -> ProgramSpec:
        """A program by function name, or by section name when that is unambiguous.

        With no name, the only program (an error if there are several).
        """
        if name is None:
            if len(self.programs) == 1:
                return next(iter(self.programs.values()))
            if not self.programs:
                raise EbpyError(f"{self._where()}has no programs")
            names = ", ".join(self.programs)
            raise EbpyError(
                f"{self._where()}has {len(self.programs)} programs ({names}); choose one"
            )
        if name in self.programs:
            return self.programs[name]
        by_section = [p for p in self.programs.values() if p.section == name]
        if len(by_section) == 1:
            return by_section[0]
        if by_section:
            names = ", ".join(p.name for p in by_section)
            raise EbpyError(f"section {name!r} holds several programs ({names}); name one")
        known = ", ".join(self.programs) or "none"
        raise EbpyError(f"{self._where()}has no program {name!r} (programs: {known})")

    @property
    def constants(self) -> Variables:
        """`const volatile` globals (in .rodata sections), settable before load."""
        return Variables(self, const=True)

    @property
    def variables(self) -> Variables:
        """All global variables (.rodata, .data, .bss, ...), settable before load."""
        return Variables(self, const=None)

    def copy(self) -> CollectionSpec:
        btf, self.btf = self.btf, None
        progs_btf = {n: p.btf for n, p in self.programs.items()}
        for p in self.programs.values():
            p.btf = None
        try:
            dup = copy.deepcopy(self)
        finally:
            self.btf = btf
            for n, p in self.programs.items():
                p.btf = progs_btf[n]
        dup.btf = btf
        for n, p in dup.programs.items():
            p.btf = progs_btf[n]
        return dup

    def load(self, engine: str = "interp", **options: Any) -> Any:
        """Create the maps and programs on an engine ("interp", "jit" or "kernel")."""
        module_name = ENGINES.get(engine)
        if module_name is None:
            raise LoadError(f"unknown engine {engine!r} (engines: {', '.join(ENGINES)})")
        module = importlib.import_module(module_name)
        return module.load_collection(self, **options)

    def _where(self) -> str:
        return f"{self.path}: " if self.path else ""


class Variables(MutableMapping[str, Any]):
    """Global variables of a CollectionSpec by name; assigning rewrites the section image."""

    def __init__(self, spec: CollectionSpec, const: bool | None) -> None:
        self._spec = spec
        self._const = const

    def _all(self) -> dict[str, tuple[MapSpec, DataVariable]]:
        out: dict[str, tuple[MapSpec, DataVariable]] = {}
        for m in self._spec.maps.values():
            if m.data is None:
                continue
            for v in m.variables.values():
                if self._const is None or v.const == self._const:
                    out[v.name] = (m, v)
        return out

    def _find(self, name: str) -> tuple[MapSpec, DataVariable]:
        found = self._all().get(name)
        if found is None:
            kind = "constant" if self._const else "global variable"
            known = ", ".join(self._all()) or "none"
            raise KeyError(f"no {kind} {name!r} (known: {known})")
        return found

    def __getitem__(self, name: str) -> Any:
        m, v = self._find(name)
        assert m.data is not None
        raw = bytes(m.data[v.offset : v.offset + v.size])
        return _decode_value(raw, v)

    def __setitem__(self, name: str, value: Any) -> None:
        m, v = self._find(name)
        assert m.data is not None
        m.data[v.offset : v.offset + v.size] = _encode_value(value, v)

    def __delitem__(self, name: str) -> None:
        raise TypeError("global variables cannot be deleted")

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _int_signed(var: DataVariable) -> bool:
    t = var.type
    return bool(getattr(t, "signed", False))


def _decode_value(raw: bytes, var: DataVariable) -> Any:
    t = var.type
    decode = getattr(t, "decode", None)
    if decode is not None:
        return decode(raw)
    if var.size in (1, 2, 4, 8):
        return int.from_bytes(raw, "little", signed=_int_signed(var))
    return raw


def _encode_value(value: Any, var: DataVariable) -> bytes:
    t = var.type
    encode = getattr(t, "encode", None)
    if encode is not None:
        try:
            data = encode(value)
        except CodecError as e:
            raise CodecError(f"{var.name}: {e}") from None
    elif isinstance(value, bool):
        data = int(value).to_bytes(var.size, "little")
    elif isinstance(value, int):
        if var.size > 8:
            raise TypeError(f"{var.name} is {var.size} bytes, not an integer")
        lo, hi = -(1 << (8 * var.size - 1)), (1 << (8 * var.size)) - 1
        if not lo <= value <= hi:
            raise ValueError(f"{value} does not fit in {var.name} ({var.size} bytes)")
        data = (value & ((1 << (8 * var.size)) - 1)).to_bytes(var.size, "little")
    elif isinstance(value, str):
        data = value.encode()
        if len(data) >= var.size:
            raise ValueError(f"{value!r} does not fit in {var.name} ({var.size} bytes with NUL)")
        data = data.ljust(var.size, b"\0")
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    else:
        raise TypeError(f"cannot store {type(value).__name__} in {var.name}")
    if len(data) != var.size:
        raise ValueError(f"{var.name} is {var.size} bytes, got {len(data)}")
    return data
