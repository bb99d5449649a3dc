"""The package layering of docs/design.md, held against every module's imports.

The table in the design document is the source: a package may import `errors` and the packages its
row names ("everything above" is every row above it); nothing else, including imports inside
functions (a lazy import is still a dependency)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "ebpy"
ROW = re.compile(r"^\| (`[a-z_]+`(?:[^|]*`[a-z_]+`)*)[^|]* \| [^|]* \| ([^|]+) \|$")


def allowed_imports() -> dict[str, set[str]]:
    """Package -> the packages it may import, from the design document's table."""
    table: dict[str, set[str]] = {}
    above: list[str] = []
    for line in (ROOT / "docs" / "design.md").read_text().splitlines():
        m = ROW.match(line)
        if not m:
            continue
        names = re.findall(r"`([a-z_]+)`", m.group(1))
        deps_text = re.sub(r"\(.*?\)", "", m.group(2))
        if "everything above" in deps_text:
            deps = set(above)
        else:
            deps = {w for w in re.split(r"[\s,/]+", deps_text) if w and w != "nothing"}
        for name in names:
            table[name] = deps | set(names) | {"errors"}
        above.extend(names)
    # What a package may use, its dependencies may too: close the table transitively.
    changed = True
    while changed:
        changed = False
        for deps in table.values():
            more = set().union(*(table.get(d, set()) for d in deps)) - deps
            if more:
                deps |= more
                changed = True
    return table


def imported_packages(source: str, module: str) -> set[str]:
    """The ebpy packages a module (dotted name under ebpy, e.g. "isa.codec") imports, absolute or
    relative, at any depth of the module."""
    parts = module.split(".")
    found: set[str] = set()
    for node in ast.walk(ast.parse(source, module)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(parts[: len(parts) - node.level])
                names = [".".join(["ebpy", *base, *([node.module] if node.module else [])])]
            else:
                names = [node.module or ""]
        else:
            continue
        for name in names:
            bits = name.split(".")
            if bits[0] == "ebpy" and len(bits) > 1:
                found.add(bits[1])
    return found


def test_the_design_table_is_read() -> None:
    table = allowed_imports()
    assert table["isa"] == {"isa", "errors"}
    assert {"isa", "btf"} <= table["elf"]
    assert {"vm", "jit", "kernel"} <= table["cli"]  # "everything above"
    assert set(table) >= {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()} - {"cli"}


def test_no_package_imports_a_higher_one() -> None:
    table = allowed_imports()
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        package = path.relative_to(SRC).parts[0].removesuffix(".py")
        if package not in table:  # the top-level facade (ebpy/__init__, __main__) and errors
            continue
        module = ".".join(path.relative_to(SRC).with_suffix("").parts)
        for dep in sorted(imported_packages(path.read_text(), module) - {package} - table[package]):
            wrong.append(f"{path.relative_to(ROOT)} imports ebpy.{dep}")
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_a_violation() -> None:
    """The import reader finds relative and function-local imports (so the check can fail)."""
    source = "from . import opcodes\ndef f():\n    from ..vm import machine\n    import ebpy.jit\n"
    assert imported_packages(source, "isa.probe") == {"isa", "vm", "jit"}
    assert imported_packages("from .. import errors\n", "isa.sub.probe") == {"isa"}
