"""The reference tools' BPF objects: shipped compiled in ebpy/tools/bpf, rebuilt from their C.

    python -m ebpy.tools.objects            # rebuild every .o from its .c
    python -m ebpy.tools.objects --check    # exit 1 naming the objects that differ

Objects are compiled with zig's clang (`python -m ziglang cc -target bpfel-freestanding -O2
-g`) from inside the folder with relative paths and the build folder mapped to ".", so the
bytes do not depend on where the source tree is: a rebuild gives the same object, which is
how the tests check that the shipped objects are up to date.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from ebpy.errors import EbpyError

BPF_DIR = Path(__file__).resolve().parent / "bpf"
INCLUDE = Path("..") / ".." / "include"  # ebpy/include, relative to BPF_DIR


def sources() -> list[Path]:
    return sorted(BPF_DIR.glob("*.c"))


def object_path(name: str) -> Path:
    """The shipped object of tool program `name` (e.g. "opensnoop_seccomp")."""
    path = BPF_DIR / f"{name}.o"
    if not path.is_file():
        known = ", ".join(p.stem for p in sorted(BPF_DIR.glob("*.o"))) or "none"
        raise EbpyError(f"no shipped object {name}.o (objects: {known})")
    return path


def compile_command(source: Path, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "ziglang", "cc", "-target", "bpfel-freestanding", "-O2", "-g",
        f"-I{INCLUDE}", f"-fdebug-prefix-map={BPF_DIR}=.", "-c", source.name, "-o", str(out),
    ]  # fmt: skip


def build(out_dir: Path | None = None, names: list[str] | None = None) -> list[Path]:
    """Compile the sources (all, or `names`) into `out_dir` (default: next to them)."""
    target = out_dir or BPF_DIR
    built = []
    for src in sources():
        if names is not None and src.stem not in names:
            continue
        out = (target / f"{src.stem}.o").resolve()
        proc = subprocess.run(
            compile_command(src, out), cwd=BPF_DIR, capture_output=True, text=True
        )
        if proc.returncode != 0:
            raise EbpyError(f"compiling {src.name} failed:\n{proc.stderr.strip()}")
        built.append(out)
    return built


def stale() -> list[str]:
    """The objects whose rebuild differs from the shipped file (or that are missing)."""
    with tempfile.TemporaryDirectory() as tmp:
        different = []
        for fresh in build(Path(tmp)):
            shipped = BPF_DIR / fresh.name
            if not shipped.is_file() or shipped.read_bytes() != fresh.read_bytes():
                different.append(fresh.name)
    return different


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ebpy.tools.objects", description=__doc__)
    p.add_argument("--check", action="store_true", help="only say which objects are stale")
    args = p.parse_args(argv)
    try:
        if args.check:
            old = stale()
            for name in old:
                print(f"stale: {name}")
            return 1 if old else 0
        for path in build():
            print(f"built {path.name}")
    except EbpyError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
