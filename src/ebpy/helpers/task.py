"""The current task: pid, uid, comm (from the process a hook runs for)."""

from __future__ import annotations

import errno
from typing import Any

from ebpy.helpers.registry import helper


@helper("bpf_get_current_pid_tgid")
def get_current_pid_tgid(env: Any, *_: int) -> int:
    return (env.task.tgid << 32) | env.task.pid


@helper("bpf_get_current_uid_gid")
def get_current_uid_gid(env: Any, *_: int) -> int:
    return (env.task.gid << 32) | env.task.uid


@helper("bpf_get_current_comm")
def get_current_comm(env: Any, buf: int, size: int, *_: int) -> int:
    if size == 0:
        return -errno.EINVAL
    comm = env.task.comm[: size - 1]
    env.write(buf, comm + bytes(size - len(comm)))
    return 0
