"""Privileges and knobs of one verification (the kernel's env->bpf_capable, allow_ptr_leaks...)."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _possible_cpus() -> int:
    try:
        with open("/sys/devices/system/cpu/possible") as f:
            text = f.read().strip()
    except OSError:
        return os.cpu_count() or 1
    count = 0
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        try:
            count += int(hi or lo) - int(lo) + 1
        except ValueError:
            return os.cpu_count() or 1
    return count or 1


@dataclass(frozen=True)
class Options:
    """What the loading process may do.

    `bpf_capable` is CAP_BPF (loops, bpf-to-bpf calls, 1M instructions, precise tracking);
    `perfmon` is CAP_PERFMON, which lets a program leak pointers, read uninitialised stack
    and skip the Spectre v1/v4 restrictions. Root has both.
    """

    bpf_capable: bool = True
    perfmon: bool = True
    log_level: int = 0
    nr_cpus: int = 0  # bound of bpf_get_smp_processor_id(); 0: this machine's possible CPUs
    # The processed-instruction limit (BPF_COMPLEXITY_LIMIT_INSNS). The kernel's is fixed;
    # a lower one lets tests reach "BPF program is too large" without walking 1M insns.
    insn_limit: int = 1_000_000

    @property
    def allow_ptr_leaks(self) -> bool:
        return self.perfmon

    @property
    def allow_uninit_stack(self) -> bool:
        return self.perfmon

    @property
    def bypass_spec_v1(self) -> bool:
        return self.perfmon

    @property
    def bypass_spec_v4(self) -> bool:
        return self.perfmon

    @property
    def cpus(self) -> int:
        return self.nr_cpus or _possible_cpus()

    @classmethod
    def privileged(cls, privileged: bool, log_level: int = 0) -> Options:
        if privileged:
            return cls(True, True, log_level)
        return cls(False, False, log_level)
