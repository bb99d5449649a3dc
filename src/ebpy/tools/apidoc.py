"""The API reference, generated from docstrings into markdown.

    python -m ebpy.tools.apidoc docs/api            # write docs/api/*.md
    python -m ebpy.tools.apidoc docs/api --check    # exit 1 naming the pages that differ

One page per module in MODULES: its docstring, then each public name (the module's
`__all__`, else what it defines without a leading underscore) with its signature and
docstring; classes list their public methods and properties. Only `inspect` is used, so the
output depends on the code alone (no addresses, no timestamps) and a test can compare it.
"""

from __future__ import annotations

import argparse
import enum
import importlib
import inspect
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

# The public API, in the order the index lists it.
MODULES = [
    ("ebpy", "load_spec and the package"),
    ("ebpy.errors", "every exception ebpy raises on purpose"),
    ("ebpy.isa", "the instruction set: Instruction, decode/encode, assemble/disassemble"),
    ("ebpy.btf", "BTF types: parse, print, encode, value codecs, .BTF.ext"),
    ("ebpy.elf", "object files to CollectionSpecs"),
    ("ebpy.spec", "specs: programs, maps, types, before anything loads"),
    ("ebpy.verifier", "the static checker: verify programs before they run"),
    ("ebpy.maps", "maps in native memory and the dict-like MapAPI"),
    ("ebpy.helpers", "helper functions by kernel id, shared by the userspace engines"),
    ("ebpy.vm", "the reference interpreter"),
    ("ebpy.jit", "eBPF to native code with LLVM"),
    ("ebpy.kernel", "the Linux kernel engine: bpf(), loading, links, ring and perf buffers"),
    ("ebpy.embed", "hosting user-supplied programs as plugins"),
    ("ebpy.hooks.pyprobe", "programs on entry and return of Python functions"),
    ("ebpy.hooks.packets", "XDP programs over captures and live interfaces"),
    ("ebpy.hooks.syscalls", "system calls of a supervised command"),
    ("ebpy.testing", "compiling and loading programs in tests"),
    ("ebpy.testing.plugin", "the pytest plugin (fixtures)"),
    ("ebpy.tools.histogram", "histograms kept in maps"),
    ("ebpy.tools.histtext", "histograms as BCC's text"),
    ("ebpy.tools.histrich", "histograms as rich bar charts"),
    ("ebpy.tools.plot", "histograms as PNG/SVG (matplotlib)"),
    ("ebpy.tools.summary", "counts and top-N tables"),
    ("ebpy.tools.events", "event records decoded through BTF"),
    ("ebpy.tools.filter", "filter expressions over events"),
    ("ebpy.tools.streams", "reading ring and perf buffers while programs run"),
    ("ebpy.tools.sources", "where the tools' programs run"),
    ("ebpy.tools.export", "the Prometheus exporter"),
    ("ebpy.tools.objects", "the reference tools' objects"),
]
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
# Annotations are strings (from __future__ import annotations): shown without their quotes.
_QUOTED_ANNOTATION = re.compile(r"(: |-> )'([^']*)'")


def _doc(obj: Any) -> str:
    return inspect.cleandoc(obj.__doc__) if getattr(obj, "__doc__", None) else ""


def _own_doc(cls: type, name: str, member: Any) -> str:
    """A member's docstring unless it is only inherited from a builtin."""
    doc = _doc(member)
    for base in cls.__mro__[1:]:
        inherited = getattr(base, name, None) if base.__module__ == "builtins" else None
        if inherited is not None and _doc(inherited) == doc:
            return ""
    return doc


class _SortedSet:
    """A set default shown with its items sorted (a set's own order changes from run to run)."""

    def __init__(self, value: set[Any] | frozenset[Any]) -> None:
        self.text = f"{type(value).__name__}({{{', '.join(sorted(map(repr, value)))}}})"

    def __repr__(self) -> str:
        return self.text


def _signature(obj: Any) -> str:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return "(...)"
    params = [
        p.replace(default=_SortedSet(p.default)) if isinstance(p.default, (set, frozenset)) else p
        for p in sig.parameters.values()
    ]
    text = str(sig.replace(parameters=params))
    return _QUOTED_ANNOTATION.sub(r"\1\2", _ADDRESS.sub("", text))


def public_names(module: ModuleType) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is not None:
        return list(names)
    out = []
    for name, value in vars(module).items():
        if name.startswith("_") or inspect.ismodule(value):
            continue
        if getattr(value, "__module__", module.__name__) != module.__name__:
            continue  # imported from elsewhere
        if inspect.isclass(value) or inspect.isfunction(value):
            out.append(name)
    return out


def _class_members(cls: type) -> Iterator[tuple[str, str, str]]:
    """(kind, name + signature, docstring) of a class's own public members."""
    for name, member in cls.__dict__.items():
        if name.startswith("_"):
            continue
        if isinstance(member, property):
            yield "property", name, _doc(member)
        elif isinstance(member, (staticmethod, classmethod)):
            func = member.__func__
            yield "method", f"{name}{_signature(func)}", _doc(func)
        elif inspect.isfunction(member):
            yield "method", f"{name}{_signature(member)}", _own_doc(cls, name, member)


def _enum_members(cls: type) -> list[str]:
    return [f"`{m.name}` = `{m.value!r}`" for m in cls]  # type: ignore[attr-defined]


def module_page(module_name: str) -> str:
    module = importlib.import_module(module_name)
    lines = [f"# `{module_name}`", ""]
    doc = _doc(module)
    if doc:
        lines += [doc, ""]
    for name in public_names(module):
        value = getattr(module, name, None)
        if value is None:
            continue
        if inspect.isclass(value):
            is_enum = issubclass(value, enum.Enum)
            lines += [f"## class `{name}{'' if is_enum else _signature(value)}`", ""]
            cdoc = _doc(value)
            if cdoc:
                lines += [cdoc, ""]
            if is_enum:
                lines += ["Members: " + ", ".join(_enum_members(value)), ""]
                continue
            for kind, title, mdoc in _class_members(value):
                lines += [f"### {kind} `{title}`", ""]
                if mdoc:
                    lines += [mdoc, ""]
        elif callable(value):
            lines += [f"## `{name}{_signature(value)}`", ""]
            fdoc = _doc(value)
            if fdoc:
                lines += [fdoc, ""]
        else:
            lines += [f"## `{name}`", "", f"A {type(value).__name__}.", ""]
    return "\n".join(lines).rstrip() + "\n"


def index_page() -> str:
    lines = [
        "# API reference",
        "",
        "Generated from the docstrings by `python -m ebpy.tools.apidoc docs/api`; do not edit by",
        "hand (a test checks these pages are up to date).",
        "",
    ]
    for name, what in MODULES:
        lines.append(f"- [`{name}`]({name}.md): {what}")
    return "\n".join(lines) + "\n"


def pages() -> dict[str, str]:
    out = {"index.md": index_page()}
    for name, _ in MODULES:
        out[f"{name}.md"] = module_page(name)
    return out


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in pages().items():
        path = folder / name
        path.write_text(text)
        written.append(path)
    return written


def stale(folder: Path) -> list[str]:
    """Pages that differ from what the code generates (or are missing, or left over)."""
    want = pages()
    different = [
        n
        for n, text in want.items()
        if not (folder / n).is_file() or (folder / n).read_text() != text
    ]
    extra = [p.name for p in folder.glob("*.md") if p.name not in want] if folder.is_dir() else []
    return sorted(different + extra)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ebpy.tools.apidoc", description=__doc__)
    p.add_argument("folder", type=Path, help="where the pages go (docs/api)")
    p.add_argument("--check", action="store_true", help="only say which pages are stale")
    args = p.parse_args(argv)
    if args.check:
        old = stale(args.folder)
        for name in old:
            print(f"stale: {args.folder / name}")
        return 1 if old else 0
    for path in write(args.folder):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
