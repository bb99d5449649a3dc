"""BTF type records: one dataclass per kind, linked to each other as objects.

Types refer to other types directly (a `Pointer` holds its target `Type`), so a type graph can
be walked, printed and encoded without the `Spec` it came from. Graphs may be cyclic through
pointers (`struct list { struct list *next; }`), so records compare by identity and have a short
`repr` instead of the generated ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, IntFlag
from typing import TYPE_CHECKING, Any, ClassVar

from ebpy.errors import CodecError

if TYPE_CHECKING:
    from collections.abc import Iterator


class Kind(IntEnum):
    """BTF_KIND_* from <linux/btf.h>."""

    UNKN = 0
    INT = 1
    PTR = 2
    ARRAY = 3
    STRUCT = 4
    UNION = 5
    ENUM = 6
    FWD = 7
    TYPEDEF = 8
    VOLATILE = 9
    CONST = 10
    RESTRICT = 11
    FUNC = 12
    FUNC_PROTO = 13
    VAR = 14
    DATASEC = 15
    FLOAT = 16
    DECL_TAG = 17
    TYPE_TAG = 18
    ENUM64 = 19


class IntEncoding(IntFlag):
    """BTF_INT_* encoding bits of an INT type."""

    NONE = 0
    SIGNED = 1
    CHAR = 2
    BOOL = 4


class FuncLinkage(IntEnum):
    STATIC = 0
    GLOBAL = 1
    EXTERN = 2


class VarLinkage(IntEnum):
    STATIC = 0
    GLOBAL = 1  # BTF_VAR_GLOBAL_ALLOCATED
    EXTERN = 2


POINTER_SIZE = 8  # BPF is a 64-bit target


class Type:
    """Base of every BTF type record."""

    __slots__ = ()
    kind: ClassVar[Kind] = Kind.UNKN
    name: str

    # ---- layout ------------------------------------------------------------------------------
    @property
    def size(self) -> int:
        """Size in bytes, through typedefs and qualifiers; CodecError for types without one."""
        return _size_of(self)

    @property
    def has_size(self) -> bool:
        try:
            _size_of(self)
        except CodecError:
            return False
        return True

    def resolve(self) -> Type:
        """This type with typedefs, const/volatile/restrict and type tags stripped."""
        t: Type = self
        while isinstance(t, (Typedef, Qualifier, TypeTag)):
            t = t.type
        return t

    def strip_qualifiers(self) -> Type:
        """This type with const/volatile/restrict and type tags stripped (typedefs kept)."""
        t: Type = self
        while isinstance(t, (Qualifier, TypeTag)):
            t = t.type
        return t

    def children(self) -> Iterator[Type]:
        """The types this record refers to directly."""
        return iter(())

    # ---- values -----------------------------------------------------------------------------
    def decode(self, data: bytes | bytearray | memoryview) -> Any:
        """Bytes (exactly `size` of them) to a Python value; see ebpy.btf.codec."""
        from ebpy.btf.codec import decode

        return decode(self, data)

    def encode(self, value: Any) -> bytes:
        """A Python value to `size` bytes; accepts what `decode` returns."""
        from ebpy.btf.codec import encode

        return encode(self, value)

    # ---- copies -----------------------------------------------------------------------------
    # Types are shared, not copied: a copied MapSpec or CollectionSpec must still point at the
    # types of its BTF Spec (a loader asks that Spec for their ids).
    def __copy__(self) -> Type:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Type:
        return self

    # ---- text -------------------------------------------------------------------------------
    def format(self, multiline: bool = False) -> str:
        """A C-like definition: `struct flow { __u32 saddr; ... }`."""
        from ebpy.btf.printer import format_type

        return format_type(self, multiline=multiline)

    def __str__(self) -> str:
        from ebpy.btf.printer import type_name

        return type_name(self)

    def __repr__(self) -> str:
        extra = ""
        if self.has_size and not isinstance(self, Void):
            extra = f" size={self.size}"
        return f"<{self.kind.name} {self}{extra}>"


@dataclass(eq=False, repr=False, slots=True)
class Void(Type):
    """Type id 0: `void`."""

    kind: ClassVar[Kind] = Kind.UNKN
    name: str = ""


VOID = Void()


@dataclass(eq=False, repr=False, slots=True)
class Int(Type):
    kind: ClassVar[Kind] = Kind.INT
    name: str
    byte_size: int
    encoding: IntEncoding = IntEncoding.NONE
    bits: int = 0  # value bits; 0 means byte_size * 8
    offset: int = 0  # bit offset of the value in its storage (old-style bitfields)

    def __post_init__(self) -> None:
        if not self.bits:
            self.bits = self.byte_size * 8

    @property
    def signed(self) -> bool:
        return bool(self.encoding & IntEncoding.SIGNED)

    @property
    def is_bool(self) -> bool:
        return bool(self.encoding & IntEncoding.BOOL)

    @property
    def is_char(self) -> bool:
        """`char` (any signedness) or an INT marked as a character."""
        return bool(self.encoding & IntEncoding.CHAR) or self.name == "char"


@dataclass(eq=False, repr=False, slots=True)
class Pointer(Type):
    kind: ClassVar[Kind] = Kind.PTR
    target: Type
    name: str = ""

    def children(self) -> Iterator[Type]:
        yield self.target


@dataclass(eq=False, repr=False, slots=True)
class Array(Type):
    kind: ClassVar[Kind] = Kind.ARRAY
    type: Type  # element type
    index_type: Type
    nelems: int
    name: str = ""

    def children(self) -> Iterator[Type]:
        yield self.type
        yield self.index_type


@dataclass(eq=False, repr=False, slots=True)
class Member:
    """A struct/union member. `offset` is in bits; `bitfield_size` is 0 for ordinary members."""

    name: str
    type: Type
    offset: int = 0
    bitfield_size: int = 0

    def __repr__(self) -> str:
        bf = f":{self.bitfield_size}" if self.bitfield_size else ""
        return f"<Member {self.name or '(anon)'}{bf} @bit {self.offset}: {self.type}>"


@dataclass(eq=False, repr=False, slots=True)
class Composite(Type):
    """STRUCT and UNION."""

    name: str
    byte_size: int
    members: list[Member] = field(default_factory=list)

    def children(self) -> Iterator[Type]:
        for m in self.members:
            yield m.type

    @property
    def has_bitfields(self) -> bool:
        """Whether the BTF record needs kind_flag (bitfield sizes in member offsets)."""
        return any(m.bitfield_size for m in self.members)

    def member(self, name: str) -> Member:
        """A member by name, looking through anonymous struct/union members like C does."""
        found = self.find_member(name)
        if found is None:
            raise CodecError(f"{self} has no member {name!r}")
        return found[0]

    def find_member(self, name: str) -> tuple[Member, int] | None:
        """(member, bit offset from the start of this type), or None."""
        for m in self.members:
            if m.name == name:
                return m, m.offset
            if not m.name:
                inner = m.type.resolve()
                if isinstance(inner, Composite):
                    found = inner.find_member(name)
                    if found is not None:
                        return found[0], m.offset + found[1]
        return None


@dataclass(eq=False, repr=False, slots=True)
class Struct(Composite):
    kind: ClassVar[Kind] = Kind.STRUCT


@dataclass(eq=False, repr=False, slots=True)
class Union(Composite):
    kind: ClassVar[Kind] = Kind.UNION


@dataclass(eq=False, repr=False, slots=True)
class EnumValue:
    name: str
    value: int

    def __repr__(self) -> str:
        return f"<EnumValue {self.name}={self.value}>"


@dataclass(eq=False, repr=False, slots=True)
class EnumBase(Type):
    """ENUM (values up to 32 bits) and ENUM64."""

    name: str
    byte_size: int
    values: list[EnumValue] = field(default_factory=list)
    signed: bool = False

    def value_of(self, name: str) -> int | None:
        for v in self.values:
            if v.name == name:
                return v.value
        return None

    def name_of(self, value: int) -> str | None:
        for v in self.values:
            if v.value == value:
                return v.name
        return None


@dataclass(eq=False, repr=False, slots=True)
class Enum(EnumBase):
    kind: ClassVar[Kind] = Kind.ENUM


@dataclass(eq=False, repr=False, slots=True)
class Enum64(EnumBase):
    kind: ClassVar[Kind] = Kind.ENUM64


@dataclass(eq=False, repr=False, slots=True)
class Fwd(Type):
    """A forward declaration: `struct name;` (or `union name;`)."""

    kind: ClassVar[Kind] = Kind.FWD
    name: str
    is_union: bool = False


@dataclass(eq=False, repr=False, slots=True)
class Typedef(Type):
    kind: ClassVar[Kind] = Kind.TYPEDEF
    name: str
    type: Type

    def children(self) -> Iterator[Type]:
        yield self.type


@dataclass(eq=False, repr=False, slots=True)
class Qualifier(Type):
    """VOLATILE, CONST and RESTRICT."""

    type: Type
    name: str = ""

    def children(self) -> Iterator[Type]:
        yield self.type


@dataclass(eq=False, repr=False, slots=True)
class Volatile(Qualifier):
    kind: ClassVar[Kind] = Kind.VOLATILE


@dataclass(eq=False, repr=False, slots=True)
class Const(Qualifier):
    kind: ClassVar[Kind] = Kind.CONST


@dataclass(eq=False, repr=False, slots=True)
class Restrict(Qualifier):
    kind: ClassVar[Kind] = Kind.RESTRICT


@dataclass(eq=False, repr=False, slots=True)
class FuncParam:
    name: str
    type: Type

    def __repr__(self) -> str:
        return f"<FuncParam {self.name or '(anon)'}: {self.type}>"


@dataclass(eq=False, repr=False, slots=True)
class FuncProto(Type):
    kind: ClassVar[Kind] = Kind.FUNC_PROTO
    return_type: Type
    params: list[FuncParam] = field(default_factory=list)
    variadic: bool = False  # encoded as a last parameter with no name and type void
    name: str = ""

    def children(self) -> Iterator[Type]:
        yield self.return_type
        for p in self.params:
            yield p.type


@dataclass(eq=False, repr=False, slots=True)
class Func(Type):
    kind: ClassVar[Kind] = Kind.FUNC
    name: str
    type: Type  # a FuncProto
    linkage: FuncLinkage = FuncLinkage.STATIC

    def children(self) -> Iterator[Type]:
        yield self.type


@dataclass(eq=False, repr=False, slots=True)
class Var(Type):
    kind: ClassVar[Kind] = Kind.VAR
    name: str
    type: Type
    linkage: VarLinkage = VarLinkage.STATIC

    def children(self) -> Iterator[Type]:
        yield self.type


@dataclass(eq=False, repr=False, slots=True)
class VarSecinfo:
    """One variable of a DATASEC: the VAR (or FUNC, for extern ksyms), its offset and size."""

    type: Type
    offset: int
    size: int

    def __repr__(self) -> str:
        return f"<VarSecinfo {self.type.name} @{self.offset} size={self.size}>"


@dataclass(eq=False, repr=False, slots=True)
class Datasec(Type):
    kind: ClassVar[Kind] = Kind.DATASEC
    name: str
    byte_size: int
    vars: list[VarSecinfo] = field(default_factory=list)

    def children(self) -> Iterator[Type]:
        for v in self.vars:
            yield v.type


@dataclass(eq=False, repr=False, slots=True)
class Float(Type):
    kind: ClassVar[Kind] = Kind.FLOAT
    name: str
    byte_size: int


@dataclass(eq=False, repr=False, slots=True)
class DeclTag(Type):
    """`__attribute__((btf_decl_tag(name)))` on a type, or on its member/parameter number
    `component_idx` (-1 for the type itself)."""

    kind: ClassVar[Kind] = Kind.DECL_TAG
    name: str
    type: Type
    component_idx: int = -1
    kind_flag: bool = False  # set for tags that are plain attributes (newer compilers)

    def children(self) -> Iterator[Type]:
        yield self.type


@dataclass(eq=False, repr=False, slots=True)
class TypeTag(Type):
    """`__attribute__((btf_type_tag(name)))` on a pointed-to type (e.g. `__user`)."""

    kind: ClassVar[Kind] = Kind.TYPE_TAG
    name: str
    type: Type
    kind_flag: bool = False

    def children(self) -> Iterator[Type]:
        yield self.type


# Kinds whose records carry a byte size directly.
_SIZED = (Int, Composite, EnumBase, Datasec, Float)


def _size_of(t: Type) -> int:
    # Modifier chains are acyclic in any Spec that parsed (the parser rejects loops); the bound
    # keeps hand-built cyclic graphs from hanging.
    nelems = 1
    for _ in range(1024):
        if isinstance(t, _SIZED):
            return nelems * t.byte_size
        if isinstance(t, Pointer):
            return nelems * POINTER_SIZE
        if isinstance(t, (Typedef, Qualifier, TypeTag, Var)):
            t = t.type
            continue
        if isinstance(t, Array):
            nelems *= t.nelems
            t = t.type
            continue
        raise CodecError(f"{_describe(t)} has no size")
    raise CodecError(f"{_describe(t)}: type chain too deep or looping")


def _describe(t: Type) -> str:
    if isinstance(t, Void):
        return "void"
    if isinstance(t, Fwd):
        return f"{'union' if t.is_union else 'struct'} {t.name} (only declared)"
    return f"{t.kind.name} {t.name or '(anon)'}"
