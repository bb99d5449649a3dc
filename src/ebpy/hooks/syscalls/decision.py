"""A policy's return value read as a seccomp filter's, and what the supervisor does for it.

The program returns what a seccomp filter would (SECCOMP_RET_* in the high 16 bits, data in
the low 16). The kernel's rules apply: an errno above 4095 is 4095, and an action the kernel
does not know kills the process. User notification cannot do everything a filter can, so:

- ALLOW and LOG: the call continues (SECCOMP_USER_NOTIF_FLAG_CONTINUE);
- ERRNO: the call fails with that errno without running (ERRNO|0 returns 0, as in the kernel);
- KILL_PROCESS, KILL_THREAD, unknown actions: the process gets SIGKILL before its call runs
  (the kernel sends SIGSYS and can end a single thread; a signal sent from outside cannot);
- TRAP: the call fails with ENOSYS and the thread gets SIGSYS (an ordinary signal: si_code is
  SI_TKILL, not SYS_SECCOMP, so a handler cannot read the call from siginfo);
- TRACE and USER_NOTIF: no tracer or second supervisor is attached, so the call fails with
  ENOSYS, as the kernel does when no tracer is attached.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from enum import Enum

from ebpy.hooks.syscalls.uapi import MAX_ERRNO, SECCOMP_RET_ACTION_FULL, SeccompAction


class Outcome(Enum):
    """What the supervisor does with the call."""

    CONTINUE = "continue"
    FAIL = "fail"  # return -errno (or 0 for ERRNO|0) without running the call
    KILL = "kill"
    TRAP = "trap"


@dataclass(frozen=True, slots=True)
class Decision:
    action: SeccompAction | None  # None: an action the kernel does not define
    data: int  # the low 16 bits
    outcome: Outcome
    errno: int = 0  # for FAIL and TRAP
    # The decision's name in logs and counts ("allow", "errno", ...), made once: decisions
    # are cached and the supervisor counts one per system call.
    name: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        name = self.action.name.lower() if self.action is not None else "kill_process"
        object.__setattr__(self, "name", name)

    def describe(self) -> str:
        if self.outcome == Outcome.FAIL or self.action == SeccompAction.TRAP:
            code = errno.errorcode.get(self.errno, str(self.errno)) if self.errno else "0"
            return f"{self.name} {code}"
        return self.name


_CACHE: dict[int, Decision] = {}


def decide(r0: int) -> Decision:
    """The decision a policy's return value (its low 32 bits) stands for."""
    ret = r0 & 0xFFFFFFFF
    found = _CACHE.get(ret)
    if found is not None:
        return found
    data = ret & 0xFFFF
    try:
        action: SeccompAction | None = SeccompAction(ret & SECCOMP_RET_ACTION_FULL)
    except ValueError:
        action = None
    if action in (SeccompAction.ALLOW, SeccompAction.LOG):
        d = Decision(action, data, Outcome.CONTINUE)
    elif action == SeccompAction.ERRNO:
        d = Decision(action, data, Outcome.FAIL, min(data, MAX_ERRNO))
    elif action == SeccompAction.TRAP:
        d = Decision(action, data, Outcome.TRAP, errno.ENOSYS)
    elif action in (SeccompAction.TRACE, SeccompAction.USER_NOTIF):
        d = Decision(action, data, Outcome.FAIL, errno.ENOSYS)
    else:
        d = Decision(action, data, Outcome.KILL)
    if len(_CACHE) < 4096:
        _CACHE[ret] = d
    return d
