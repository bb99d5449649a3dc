"""RunResult: what one test run of a program returns, on every engine (like BPF_PROG_TEST_RUN)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RunResult:
    retval: int  # r0 at exit (u32 in the kernel's test_run, u64 in our userspace engines' run())
    data_out: bytes = b""  # the packet after the run (changes the program made included)
    ctx_out: bytes | None = None  # the context after the run, when the program type has one
    duration_ns: int = 0  # average per run over `repeat` runs
    repeat: int = 1
