"""C-like text for BTF types: names (`struct flow *`) and definitions (`struct flow { ... }`)."""

from __future__ import annotations

from ebpy.btf.types import (
    Array,
    Composite,
    Const,
    Datasec,
    DeclTag,
    EnumBase,
    Float,
    Func,
    FuncProto,
    Fwd,
    Int,
    Pointer,
    Qualifier,
    Restrict,
    Struct,
    Type,
    Typedef,
    TypeTag,
    Var,
    Void,
    Volatile,
)

_MAX_DEPTH = 64  # anonymous types nest inline; hand-built cyclic graphs must not recurse forever


def type_name(t: Type) -> str:
    """How C would spell this type in a cast: `__u32`, `struct flow *`, `char [16]`."""
    return declaration(t, "")


def declaration(t: Type, name: str, _depth: int = 0) -> str:
    """A C declarator: `declaration(array_of_16_char, "comm")` is `char comm[16]`."""
    if _depth > _MAX_DEPTH:
        return _join("...", name)
    inner = name
    quals: list[str] = []  # qualifiers and tags of the base type, in order
    for _ in range(_MAX_DEPTH):
        if isinstance(t, Pointer):
            # `int (*p)[4]` and `int (*f)(void)` need parentheses; `int *p` does not.
            nxt = t.target.strip_qualifiers()
            inner = f"(*{inner})" if isinstance(nxt, (Array, FuncProto)) else f"*{inner}"
            t = t.target
        elif isinstance(t, Array):
            inner = f"{inner}[{t.nelems}]"
            t = t.type
        elif isinstance(t, FuncProto):
            inner = f"{inner}({_params(t, _depth)})"
            t = t.return_type
        elif isinstance(t, (Qualifier, TypeTag)):
            word = _qualifier(t)
            if isinstance(t.type.strip_qualifiers(), Pointer):
                inner = f"{word} {inner}" if inner else word  # `int *const p`
            else:
                quals.append(word)  # `const int p`
            t = t.type
        else:
            return _join(" ".join([*quals, _base(t, _depth)]), inner)
    return _join("...", inner)


def _join(base: str, inner: str) -> str:
    return f"{base} {inner}" if inner else base


def _qualifier(t: Qualifier | TypeTag) -> str:
    if isinstance(t, Const):
        return "const"
    if isinstance(t, Volatile):
        return "volatile"
    if isinstance(t, Restrict):
        return "restrict"
    return f'__attribute__((btf_type_tag("{t.name}")))'


def _base(t: Type, depth: int) -> str:
    """The specifier part of a declaration (no pointer/array/function declarators)."""
    if isinstance(t, Void):
        return "void"
    if isinstance(t, (Int, Float, Typedef)):
        return t.name or "(anon)"
    if isinstance(t, Composite):
        word = "struct" if isinstance(t, Struct) else "union"
        if t.name:
            return f"{word} {t.name}"
        if depth >= 3:
            return f"{word} {{...}}"
        return f"{word} {_body(t, depth + 1, None)}"
    if isinstance(t, EnumBase):
        return f"enum {t.name}" if t.name else f"enum {_enum_body(t)}"
    if isinstance(t, Fwd):
        return f"{'union' if t.is_union else 'struct'} {t.name}"
    if isinstance(t, (Pointer, Array, FuncProto, TypeTag)):
        return declaration(t, "", depth + 1)
    if isinstance(t, Func):
        return declaration(t.type, t.name, depth)
    if isinstance(t, Var):
        return declaration(t.type, t.name, depth)
    if isinstance(t, Datasec):
        return f"SEC({t.name!r})"
    if isinstance(t, DeclTag):
        return f'__attribute__((btf_decl_tag("{t.name}")))'
    return t.name or "(anon)"


def _params(t: FuncProto, depth: int) -> str:
    parts = [declaration(p.type, p.name, depth + 1) for p in t.params]
    if t.variadic:
        parts.append("...")
    return ", ".join(parts) or "void"


def _member_decl(m_name: str, m_type: Type, bits: int, depth: int) -> str:
    text = declaration(m_type, m_name, depth)
    return f"{text} : {bits}" if bits else text


def _body(t: Composite, depth: int, indent: str | None) -> str:
    parts = []
    for m in t.members:
        bits = m.bitfield_size
        if not bits:
            inner = m.type.resolve()
            if isinstance(inner, Int) and (inner.offset or inner.bits != inner.byte_size * 8):
                bits = inner.bits
        parts.append(_member_decl(m.name, m.type, bits, depth) + ";")
    if indent is None:
        return "{ " + " ".join(parts) + " }" if parts else "{}"
    pad = indent + "    "
    lines = "".join(f"\n{pad}{p}" for p in parts)
    return "{" + lines + f"\n{indent}}}" if parts else "{}"


def _enum_body(t: EnumBase) -> str:
    items = ", ".join(f"{v.name} = {v.value}" for v in t.values)
    return f"{{ {items} }}" if items else "{}"


def format_type(t: Type, multiline: bool = False) -> str:
    """The definition of a type, C-like: structs and enums with their members, typedefs,
    function prototypes, variables, and data sections with their variables' offsets."""
    indent = "" if multiline else None
    if isinstance(t, Composite):
        word = "struct" if isinstance(t, Struct) else "union"
        head = f"{word} {t.name}" if t.name else word
        return f"{head} {_body(t, 0, indent)}"
    if isinstance(t, EnumBase):
        head = f"enum {t.name}" if t.name else "enum"
        if multiline and t.values:
            lines = "".join(f"\n    {v.name} = {v.value}," for v in t.values)
            return f"{head} {{{lines}\n}}"
        return f"{head} {_enum_body(t)}"
    if isinstance(t, Typedef):
        return f"typedef {declaration(t.type, t.name)}"
    if isinstance(t, Func):
        return declaration(t.type, t.name)
    if isinstance(t, Var):
        return declaration(t.type, t.name)
    if isinstance(t, Datasec):
        parts = [
            f"{declaration(v.type, '')}; /* offset {v.offset}, size {v.size} */" for v in t.vars
        ]
        sep = "\n    " if multiline else " "
        body = sep.join(parts)
        if not parts:
            return f"SEC({t.name!r}) {{}}"
        return f"SEC({t.name!r}) {{{sep}{body}{' ' if not multiline else chr(10)}}}"
    if isinstance(t, DeclTag):
        where = "" if t.component_idx < 0 else f" on component {t.component_idx}"
        return f'__attribute__((btf_decl_tag("{t.name}"))){where} {type_name(t.type)}'
    return type_name(t)
