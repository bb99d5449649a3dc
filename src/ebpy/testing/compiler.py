"""Compiling C to BPF objects for tests, cached by content hash.

The compiler is zig's clang (`pip install ziglang`, run as `python -m ziglang cc`), or a
`clang` on PATH, or what `EBPY_CC` names (a command line, e.g. "clang-17"). Objects are
cached under a folder by the hash of the source, the flags, the compiler and ebpy's headers,
so a test suite compiles each program once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ebpy.errors import EbpyError
from ebpy.hooks import include_dir

TARGET_FLAGS = ("-target", "bpfel-freestanding", "-O2", "-g")


class CompileError(EbpyError):
    """C that does not compile, or no compiler to compile it with."""


def find_compiler() -> list[str] | None:
    """The command that compiles C for BPF here, or None."""
    chosen = os.environ.get("EBPY_CC")
    if chosen:
        return shlex.split(chosen)
    if importlib.util.find_spec("ziglang") is not None:
        return [sys.executable, "-m", "ziglang", "cc"]
    clang = shutil.which("clang")
    return [clang] if clang else None


def _target_flags(cc: list[str]) -> tuple[str, ...]:
    # zig spells the target bpfel-freestanding; a plain clang wants bpfel (or bpf).
    if any("zig" in word for word in cc):
        return TARGET_FLAGS
    return ("-target", "bpfel", "-O2", "-g")


def _headers_digest() -> str:
    h = hashlib.sha256()
    for path in sorted(include_dir().rglob("*.h")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@dataclass
class Compiler:
    """compile(source, name) -> Path of the object; `cache` is the folder of objects."""

    cache: Path
    command: list[str] | None = field(default_factory=find_compiler)
    include: list[Path] = field(default_factory=list)  # more -I folders

    def compile(
        self,
        source: str | Path,
        name: str = "prog",
        cflags: tuple[str, ...] | list[str] = (),
    ) -> Path:
        """Compile C text (or a .c file) to a BPF object, with ebpy's headers on the path."""
        if self.command is None:
            raise CompileError(
                "no C compiler for BPF: pip install ziglang, install clang, or set EBPY_CC"
            )
        extra_includes: list[Path] = list(self.include)
        if isinstance(source, Path):
            try:
                text = source.read_text()
            except OSError as e:
                raise CompileError(f"{source}: {e.strerror}") from None
            extra_includes.append(source.resolve().parent)
            name = source.stem if name == "prog" else name
        else:
            text = source
        flags = [
            *_target_flags(self.command),
            f"-I{include_dir()}",
            *(f"-I{p}" for p in extra_includes),
            *cflags,
        ]
        key = hashlib.sha256(
            "\0".join([text, *flags, *self.command, _headers_digest()]).encode()
        ).hexdigest()[:20]
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name) or "prog"
        out = self.cache / f"{safe}-{key}.o"
        if out.exists():
            return out
        self.cache.mkdir(parents=True, exist_ok=True)
        src = self.cache / f"{safe}-{key}.c"
        src.write_text(text)
        tmp = out.with_suffix(f".{os.getpid()}.tmp")
        cmd = [*self.command, *flags, "-c", str(src), "-o", str(tmp)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True)
        except OSError as e:
            raise CompileError(f"cannot run {self.command[0]}: {e.strerror}") from None
        if proc.returncode != 0:
            tmp.unlink(missing_ok=True)
            raise CompileError(f"compiling {name} failed:\n{proc.stderr.strip()}")
        tmp.replace(out)
        return out
