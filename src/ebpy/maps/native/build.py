"""Compile maps.c to portable LLVM IR, maps.ll: a development-time step.

    python -m ebpy.maps.native.build            # rewrite maps.ll next to maps.c
    python -m ebpy.maps.native.build --check    # exit 1 when maps.ll is stale
    python -m ebpy.maps.native.build -o OUT.ll  # write elsewhere

zig's clang (the `ziglang` dev dependency) compiles for a baseline x86-64 with
vectorization off; the result is then made host-neutral: the target triple, the data
layout and every string attribute (target-cpu, target-features, frame-pointer, ...) are
removed, so the same text compiles on x86-64 and aarch64 LP64 hosts (the C only passes
pointers, u32 and u64, so no ABI lowering is baked in).

Version skew: the IR must parse with the installed llvmlite. The header records the
clang version and the source hash; if llvmlite cannot parse clang's output, the rules in
DOWNLEVEL (optional attributes and flags newer LLVMs print) are applied and the result is
parsed again; if it still fails the build stops rather than ship IR nobody can load.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "maps.c"
OUTPUT = HERE / "maps.ll"

CFLAGS = (
    "-target", "x86_64-linux-none", "-mcpu=baseline", "-O2", "-g0", "-std=c11",
    "-ffreestanding", "-fno-builtin", "-fno-stack-protector", "-fno-vectorize",
    "-fno-slp-vectorize", "-fno-unwind-tables", "-fno-asynchronous-unwind-tables",
    "-Wall", "-Werror", "-Wno-unused-command-line-argument",
)  # fmt: skip

# Optional syntax newer LLVMs print and older ones reject; removing it keeps the meaning.
DOWNLEVEL: tuple[tuple[str, str], ...] = (
    (r"\bcaptures\([^)]*\) ?", ""),  # dropping it only means "may capture"
    (r", target_mem\d: \w+", ""),
    (r"\bnocreateundeforpoison ", ""),
    (r"\brange\(i\d+ -?\d+, -?\d+\) ", ""),
    (r"\binitializes\(\([^)]*\)\) ", ""),
    (r"\bgetelementptr inbounds nuw\b", "getelementptr inbounds"),
    (r"\bgetelementptr nusw nuw\b", "getelementptr"),
    (r"\bgetelementptr nuw\b", "getelementptr"),
    (r"\bicmp samesign\b", "icmp"),
    (r"\b(zext|uitofp) nneg\b", r"\1"),
    (r"\b(trunc) (nuw nsw|nuw|nsw)\b", r"\1"),
    (r"\bor disjoint\b", "or"),
)


class BuildError(RuntimeError):
    pass


def source_hash(path: Path = SOURCE) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def clang_version() -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "ziglang", "cc", "--version"], capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise BuildError(f"zig cc --version failed: {proc.stderr.strip()}")
    first = proc.stdout.strip().splitlines()[0]
    match = re.search(r"clang version (\S+)", first)
    return match.group(1) if match else first


def compile_ir(source: Path = SOURCE) -> str:
    """clang's raw IR for `source`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "maps.ll"
        # Compile from the source's folder with a relative name so the output names no path.
        cmd = [sys.executable, "-m", "ziglang", "cc", *CFLAGS, "-S", "-emit-llvm", source.name]
        proc = subprocess.run(
            [*cmd, "-o", str(out)], cwd=source.parent, capture_output=True, text=True
        )
        if proc.returncode != 0:
            raise BuildError(f"compiling {source.name} failed:\n{proc.stderr.strip()}")
        return out.read_text()


def make_portable(ir: str) -> str:
    """Drop what ties the IR to one host: triple, data layout, string attributes, idents."""
    lines = []
    for line in ir.splitlines():
        if line.startswith(("; ModuleID", "source_filename", "target datalayout", "target triple")):
            continue
        if line.startswith(("!llvm.ident", "!llvm.module.flags", "!llvm.errno.tbaa")):
            continue
        if line.startswith("attributes #"):
            head, _, body = line.partition("{")
            body = re.sub(r'"[^"]*"(="[^"]*")?', "", body.rstrip("}"))
            body = re.sub(r"\buwtable(\(\w+\))?", "", body)
            line = head + "{ " + " ".join(body.split()) + " }"
        lines.append(line.rstrip())
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines) + "\n"


def downlevel(ir: str) -> str:
    for pattern, repl in DOWNLEVEL:
        ir = re.sub(pattern, repl, ir)
    return ir


def parse_error(ir: str) -> str | None:
    """None when the installed llvmlite parses and verifies `ir`, else the reason."""
    import llvmlite.binding as llvm

    try:
        llvm.parse_assembly(ir).verify()
    except RuntimeError as e:
        return str(e).strip()
    return None


def build(source: Path = SOURCE) -> str:
    """The text of maps.ll for `source`."""
    portable = make_portable(compile_ir(source))
    problem = parse_error(portable)
    if problem is not None:
        fallback = downlevel(portable)
        second = parse_error(fallback)
        if second is not None:
            raise BuildError(
                f"llvmlite cannot parse the IR of clang {clang_version()}: {problem}; "
                f"after the DOWNLEVEL rules: {second}"
            )
        portable = fallback
    header = (
        f"; ebpy map storage, generated from {source.name} by "
        f"`python -m ebpy.maps.native.build`; do not edit.\n"
        f"; source-sha256: {source_hash(source)}\n"
        f"; clang: {clang_version()}\n"
    )
    return header + portable


def recorded(ir: str, field: str) -> str | None:
    match = re.search(rf"^; {re.escape(field)}: (\S+)$", ir, re.M)
    return match.group(1) if match else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ebpy.maps.native.build", description=__doc__)
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the output is stale")
    args = parser.parse_args(argv)
    try:
        text = build()
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if args.check:
        current = args.output.read_text() if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run python -m ebpy.maps.native.build", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text)
    print(f"wrote {args.output} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
