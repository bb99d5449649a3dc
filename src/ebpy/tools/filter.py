"""Filter expressions over decoded events: `pid == 42 and comm != "bash"`, parsed, never eval'd.

Grammar (case-sensitive keywords):

    expr       := and_expr ( ("or" | "||") and_expr )*
    and_expr   := not_expr ( ("and" | "&&") not_expr )*
    not_expr   := ("not" | "!") not_expr | comparison
    comparison := operand ( OP operand )?          OP: == != < <= > >= =~ !~
    operand    := FIELD | NUMBER | STRING | "true" | "false" | "(" expr ")"
    FIELD      := name ( "." name | "[" integer "]" )*      e.g. args[0], key.pid
    NUMBER     := decimal, 0x hex, 0o octal, 0b binary, optionally negative; or a decimal float
    STRING     := '...' or "..." with backslash escapes

`=~` and `!~` match a regular expression (Python `re.search`) against the text of a field.
A bare operand is true when it is truthy (`ret` means `ret != 0`). Fields are looked up in
the event (a dict or Record); a field the event does not have is an error, named.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ebpy.errors import EbpyError


class FilterError(EbpyError):
    """A filter that does not parse, or cannot be applied to an event."""


_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<num>-?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?))
  | (?P<op>==|!=|<=|>=|=~|!~|&&|\|\||<|>|!|\(|\)|\[|\]|\.)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    """,
    re.VERBOSE,
)
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_MATCH = ("=~", "!~")
_KEYWORDS = {"and", "or", "not", "true", "false"}


@dataclass(frozen=True)
class _Tok:
    kind: str  # str num op name end
    text: str
    pos: int


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise FilterError(f"filter {text!r}: unexpected {text[pos]!r} at column {pos + 1}")
        kind = m.lastgroup or ""
        if kind != "ws":
            out.append(_Tok(kind, m.group(), pos))
        pos = m.end()
    out.append(_Tok("end", "", len(text)))
    return out


Node = Callable[[Mapping[str, Any]], Any]


class _Parser:
    def __init__(self, text: str, fields: set[str] | None) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.fields = fields

    # ---- tokens ----------------------------------------------------------------------------
    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def at(self, *texts: str) -> bool:
        t = self.tok
        return t.kind in ("op", "name") and t.text in texts

    def error(self, message: str, tok: _Tok | None = None) -> FilterError:
        tok = tok or self.tok
        where = "at the end" if tok.kind == "end" else f"at column {tok.pos + 1} ({tok.text!r})"
        return FilterError(f"filter {self.text!r}: {message} {where}")

    # ---- grammar ---------------------------------------------------------------------------
    def parse(self) -> Node:
        node = self.expr()
        if self.tok.kind != "end":
            raise self.error("expected and/or or the end")
        return node

    def expr(self) -> Node:
        parts = [self.and_expr()]
        while self.at("or", "||"):
            self.take()
            parts.append(self.and_expr())
        if len(parts) == 1:
            return parts[0]
        return lambda ev: any(bool(p(ev)) for p in parts)

    def and_expr(self) -> Node:
        parts = [self.not_expr()]
        while self.at("and", "&&"):
            self.take()
            parts.append(self.not_expr())
        if len(parts) == 1:
            return parts[0]
        return lambda ev: all(bool(p(ev)) for p in parts)

    def not_expr(self) -> Node:
        if self.at("not", "!"):
            self.take()
            inner = self.not_expr()
            return lambda ev: not inner(ev)
        return self.comparison()

    def comparison(self) -> Node:
        left = self.operand()
        tok = self.tok
        if tok.kind != "op" or (tok.text not in _COMPARE and tok.text not in _MATCH):
            return left
        self.take()
        right_tok = self.tok
        right = self.operand()
        if tok.text in _MATCH:
            return self._match(left, right, right_tok, negate=tok.text == "!~")
        compare = _COMPARE[tok.text]
        text = self.text

        def node(ev: Mapping[str, Any]) -> bool:
            a, b = left(ev), right(ev)
            try:
                return bool(compare(_comparable(a, b), _comparable(b, a)))
            except TypeError:
                raise FilterError(
                    f"filter {text!r}: cannot compare {a!r} {tok.text} {b!r}"
                ) from None

        return node

    def _match(self, left: Node, right: Node, right_tok: _Tok, negate: bool) -> Node:
        if right_tok.kind != "str":
            raise self.error("a regular expression (a string) must follow =~ / !~", right_tok)
        pattern_text = right({})
        try:
            pattern = re.compile(pattern_text)
        except re.error as e:
            raise self.error(f"bad regular expression: {e}", right_tok) from None

        def node(ev: Mapping[str, Any]) -> bool:
            found = pattern.search(_text(left(ev))) is not None
            return found != negate

        return node

    def operand(self) -> Node:
        tok = self.take()
        if tok.kind == "op" and tok.text == "(":
            inner = self.expr()
            if not self.at(")"):
                raise self.error("expected ')'")
            self.take()
            return inner
        if tok.kind == "num":
            value = _number(tok.text)
            return lambda ev: value
        if tok.kind == "str":
            s = _unquote(tok.text)
            return lambda ev: s
        if tok.kind == "name" and tok.text in ("true", "false"):
            b = tok.text == "true"
            return lambda ev: b
        if tok.kind == "name" and tok.text not in _KEYWORDS:
            return self.field(tok)
        raise self.error("expected a field, a number or a string", tok)

    def field(self, first: _Tok) -> Node:
        path: list[str | int] = [first.text]
        if self.fields is not None and first.text not in self.fields:
            known = ", ".join(sorted(self.fields)) or "none"
            raise self.error(f"no field {first.text!r} (fields: {known})", first)
        while self.at(".", "["):
            if self.take().text == ".":
                name = self.take()
                if name.kind != "name":
                    raise self.error("expected a field name after '.'", name)
                path.append(name.text)
            else:
                index = self.take()
                if index.kind != "num" or not re.fullmatch(r"\d+", index.text):
                    raise self.error("expected an index", index)
                if not self.at("]"):
                    raise self.error("expected ']'")
                self.take()
                path.append(int(index.text))
        text = self.text
        shown = _path_text(path)

        def node(ev: Mapping[str, Any]) -> Any:
            value: Any = ev
            for step in path:
                try:
                    value = value[step]
                except (KeyError, IndexError, TypeError):
                    raise FilterError(f"filter {text!r}: the event has no {shown}") from None
            return value

        return node


def _path_text(path: list[str | int]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _number(text: str) -> int | float:
    clean = text.replace("_", "")
    try:
        return int(clean, 0)
    except ValueError:
        return float(clean)


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "0": "\0"}.get(m[1], m[1]), body)


def _text(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).split(b"\0", 1)[0].decode("utf-8", "replace")
    return str(value)


def _comparable(value: Any, other: Any) -> Any:
    """Bytes (a char array that is not text) compare with strings as text."""
    if isinstance(value, (bytes, bytearray)) and isinstance(other, str):
        return _text(value)
    return value


@dataclass(frozen=True)
class Filter:
    """A compiled filter: call it with an event to get True or False."""

    text: str
    _node: Node

    def __call__(self, event: Mapping[str, Any]) -> bool:
        return bool(self._node(event))


def compile_filter(text: str, fields: Iterable[str] | None = None) -> Filter:
    """Parse `text`; with `fields`, a field outside them is an error now rather than later."""
    if not text.strip():
        raise FilterError("empty filter")
    known = set(fields) if fields is not None else None
    return Filter(text, _Parser(text, known).parse())
