"""Spec: the types of one BTF blob by id, with lookups by name and kind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ebpy.btf.types import VOID, Kind, Type
from ebpy.errors import ObjectError


class Spec:
    """Parsed BTF: `types[id]` is the type with that id (`types[0]` is void).

    Build one with `ebpy.btf.parse(data)` or `Spec.from_types(...)`; `encode()` gives BTF bytes
    the kernel accepts (BPF_BTF_LOAD).
    """

    def __init__(
        self,
        types: Sequence[Type],
        strings: bytes = b"\0",
        source: str = "BTF",
    ) -> None:
        if not types or types[0] is not VOID:
            types = [VOID, *(t for t in types if t is not VOID)]
        self.types: list[Type] = list(types)
        self.source = source  # where this BTF came from, for messages
        self._strings = strings  # the raw string table, for .BTF.ext records
        self._ids: dict[int, int] | None = None
        self._names: dict[str, list[Type]] | None = None

    @classmethod
    def from_types(cls, types: Iterable[Type], source: str = "BTF") -> Spec:
        """A Spec holding `types` (in that order) and every type they refer to."""
        from ebpy.btf.writer import collect

        return cls(collect(types), source=source)

    # ---- by id -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.types)

    def __iter__(self) -> Iterator[Type]:
        return iter(self.types)

    def type_by_id(self, type_id: int) -> Type:
        if not 0 <= type_id < len(self.types):
            raise ObjectError(
                f"{self.source}: no type with id {type_id} (has {len(self.types)} types)"
            )
        return self.types[type_id]

    def type_id(self, t: Type) -> int:
        """The id of a type of this Spec."""
        if self._ids is None:
            self._ids = {id(x): i for i, x in enumerate(self.types)}
        found = self._ids.get(id(t))
        if found is None or self.types[found] is not t:
            self._ids = {id(x): i for i, x in enumerate(self.types)}
            found = self._ids.get(id(t))
            if found is None:
                raise ObjectError(f"{self.source}: {t!r} is not one of its types")
        return found

    # ---- by name -----------------------------------------------------------------------------
    def _index(self) -> dict[str, list[Type]]:
        if self._names is None:
            names: dict[str, list[Type]] = {}
            for t in self.types:
                if t.name:
                    names.setdefault(t.name, []).append(t)
            self._names = names
        return self._names

    def find_all(self, name: str, kind: Kind | type[Type] | None = None) -> list[Type]:
        """Every type called `name`, optionally only of one kind (a Kind or a record class)."""
        found = self._index().get(name, [])
        if kind is None:
            return list(found)
        if isinstance(kind, Kind):
            return [t for t in found if t.kind == kind]
        return [t for t in found if isinstance(t, kind)]

    def get(self, name: str, kind: Kind | type[Type] | None = None) -> Type | None:
        """The first type called `name` (of `kind`), or None."""
        found = self.find_all(name, kind)
        return found[0] if found else None

    def find(self, name: str, kind: Kind | type[Type] | None = None) -> Type:
        """The type called `name` (of `kind`); ObjectError when there is none."""
        t = self.get(name, kind)
        if t is None:
            what = kind.name if isinstance(kind, Kind) else kind.__name__ if kind else "type"
            raise ObjectError(f"{self.source}: no {what} named {name!r}")
        return t

    def invalidate(self) -> None:
        """Forget cached indexes after editing `types` or type names in place."""
        self._ids = None
        self._names = None

    # ---- bytes -------------------------------------------------------------------------------
    def string_at(self, offset: int) -> str:
        """A string of the original string table (what .BTF.ext records point into)."""
        from ebpy.btf.reader import read_string

        return read_string(self._strings, offset, self.source)

    def encode(self) -> bytes:
        """BTF bytes for these types, ids kept; types they refer to outside the list are appended."""
        from ebpy.btf.writer import encode_types

        return encode_types(self.types)

    def encode_with_strings(self, strings: Iterable[str]) -> tuple[bytes, dict[str, int]]:
        """`encode()`, with `strings` added to the string table; returns their offsets too
        (BPF_PROG_LOAD's line info names its file and source text by such offsets)."""
        from ebpy.btf.writer import encode_with_strings

        return encode_with_strings(self.types, strings)

    def __copy__(self) -> Spec:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Spec:
        return self  # shared by the copies of a CollectionSpec, like its types

    def __repr__(self) -> str:
        return f"<btf.Spec {self.source}: {len(self.types)} types>"
