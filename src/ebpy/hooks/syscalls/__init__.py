"""System calls of a supervised command, each decided by an eBPF program (seccomp user
notification). See docs/hooks/syscalls.md."""

from ebpy.hooks.hook_program import MapEntry
from ebpy.hooks.syscalls.decision import Decision, Outcome, decide
from ebpy.hooks.syscalls.supervisor import (
    SECTION,
    CallRecord,
    SupervisionResult,
    Supervisor,
    supervise,
)
from ebpy.hooks.syscalls.uapi import SeccompAction, syscall_name, syscall_number

__all__ = [
    "SECTION",
    "CallRecord",
    "Decision",
    "MapEntry",
    "Outcome",
    "SeccompAction",
    "SupervisionResult",
    "Supervisor",
    "decide",
    "supervise",
    "syscall_name",
    "syscall_number",
]
