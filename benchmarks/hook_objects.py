"""What the hook benchmarks share: compiling their small programs, timing one program run."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

INCLUDE = Path(__file__).resolve().parent.parent / "src" / "ebpy" / "include"


def compile_hook(source: str, name: str) -> Path:
    """`source` (C including <ebpy/...>) compiled to a BPF object, cached by content."""
    key = hashlib.sha256(source.encode()).hexdigest()[:16]
    out = Path(tempfile.gettempdir()) / f"ebpy-bench-{name}-{key}.o"
    if not out.exists():
        src = out.with_suffix(".c")
        src.write_text(source)
        cmd = [sys.executable, "-m", "ziglang", "cc", "-target", "bpfel-freestanding", "-O2"]
        subprocess.run([*cmd, f"-I{INCLUDE}", "-c", str(src), "-o", str(out)], check=True)
    return out


def run_costs(bound: Any, runs: int) -> tuple[float, float | None]:
    """One run of a hook's bound program over its context as it is: from Python (us, as the
    hooks' Python paths call it) and natively (ns, the JIT's native repeat loop, helpers
    included; None where the program needs Python around its runs)."""
    t0 = time.perf_counter()
    for _ in range(runs):
        bound()
    python = (time.perf_counter() - t0) / runs * 1e6
    exe = bound.program.executable
    if getattr(exe, "native_entry", None) is None or exe.native_entry() is None:
        return python, None
    _, ns = exe.run_repeat((bound.address,), runs)
    return python, ns / runs
