"""Tracing hooks: tracepoints and uprobes/kprobes through perf events, raw tracepoints and
BTF-typed tracing programs through BPF_RAW_TRACEPOINT_OPEN."""

from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING

from ebpy.errors import KernelError, LoadError
from ebpy.kernel.commands import link_create, raw_tracepoint_open
from ebpy.kernel.fd import Fd
from ebpy.kernel.link import BpfLink, Link, PerfEventIoctlLink, PerfEventLink
from ebpy.kernel.perf_event import (
    PERF_EVENT_IOC_ENABLE,
    PERF_EVENT_IOC_SET_BPF,
    PerfEventAttr,
    PerfType,
    ioctl,
    perf_event_open,
    pmu_format_bit,
    pmu_type,
)
from ebpy.kernel.syscall import address, c_string
from ebpy.kernel.tracefs import tracepoint_id
from ebpy.kernel.uprobe import resolve
from ebpy.spec.types import AttachType

if TYPE_CHECKING:
    from ebpy.kernel.program import KernelProgram

PMU_DEVICES = "/sys/bus/event_source/devices"


def perf_event_link(
    program: KernelProgram, perf_fd: Fd, kind: str, target: str, cookie: int = 0
) -> Link:
    """Attach `program` to an open perf event: a BPF link (BPF_PERF_EVENT, kernel >= 5.15),
    else PERF_EVENT_IOC_SET_BPF. Takes ownership of `perf_fd` (closed on failure)."""
    try:
        try:
            fd = link_create(program, perf_fd, AttachType.PERF_EVENT, cookie=cookie)
        except KernelError as e:
            if e.errno not in (errno.EINVAL, errno.EOPNOTSUPP) or cookie:
                raise KernelError(
                    e.errno or 0, f"attaching {program.name} to {target}", e.hint
                ) from None
            ioctl(perf_fd, PERF_EVENT_IOC_SET_BPF, program.fileno(), what=f"attaching to {target}")
            ioctl(perf_fd, PERF_EVENT_IOC_ENABLE, what=f"enabling {target}")
            return PerfEventIoctlLink(perf_fd, program, kind, target)
        return PerfEventLink(fd, perf_fd, program, kind, target)
    except BaseException:
        perf_fd.close()
        raise


def attach_tracepoint(program: KernelProgram, name: str, cookie: int = 0) -> Link:
    """A tracepoint `category/name` (as in tracefs events/): perf event, then the link."""
    category, sep, event = name.partition("/")
    if not sep or not category or not event or "/" in event:
        raise LoadError(
            f"tracepoint {name!r}: expected CATEGORY/NAME (e.g. syscalls/sys_enter_openat)"
        )
    tp_id = tracepoint_id(category, event)
    attr = PerfEventAttr(type=PerfType.TRACEPOINT, config=tp_id, sample_period=1, wakeup_events=1)
    perf_fd = perf_event_open(attr, pid=-1, cpu=0, what=f"opening tracepoint {name}")
    return perf_event_link(program, perf_fd, "tracepoint", name, cookie)


def attach_raw_tracepoint(program: KernelProgram, name: str, cookie: int = 0) -> Link:
    """A raw tracepoint by name (sched_switch, sys_enter): BPF_RAW_TRACEPOINT_OPEN."""
    if not name:
        raise LoadError(f"program {program.name}: which raw tracepoint? (pass tracepoint=NAME)")
    try:
        fd = raw_tracepoint_open(name, program, cookie)
    except KernelError as e:
        if e.errno == errno.ENOENT:
            raise LoadError(f"raw tracepoint {name!r} does not exist on this kernel") from None
        raise
    return BpfLink(fd, program, "raw_tracepoint", name)


def attach_tracing(program: KernelProgram, target: str) -> Link:
    """A BTF-typed tracing program (tp_btf, fentry/fexit, lsm) whose target was fixed when
    it was loaded."""
    fd = raw_tracepoint_open(None, program)
    return BpfLink(fd, program, "tracing", target)


def attach_uprobe(
    program: KernelProgram,
    binary: str,
    symbol: str | None = None,
    *,
    offset: int = 0,
    pid: int | None = None,
    retprobe: bool = False,
    cookie: int = 0,
) -> Link:
    """A uprobe (or uretprobe) on `symbol` (+ `offset`) of `binary`; `pid` limits it to one
    process (None: every process running the binary)."""
    pmu = pmu_type("uprobe")
    if pmu is None:
        raise LoadError(
            f"uprobes are not available on this kernel (no {PMU_DEVICES}/uprobe; "
            "CONFIG_UPROBE_EVENTS)"
        )
    where = resolve(binary, symbol, offset)
    attr = PerfEventAttr(type=pmu, sample_period=1, wakeup_events=1)
    if retprobe:
        bit = pmu_format_bit("uprobe", "retprobe")
        if bit is None:
            raise LoadError(
                "this kernel's uprobe PMU has no retprobe bit: uretprobes are unavailable"
            )
        attr.config = 1 << bit
    path = c_string(where.path)
    attr.config1 = address(path)
    attr.config2 = where.offset
    kind = "uretprobe" if retprobe else "uprobe"
    target = str(where) + (f" pid {pid}" if pid is not None else "")
    proc, cpu = (-1, 0) if pid is None else (pid, -1)
    perf_fd = perf_event_open(attr, pid=proc, cpu=cpu, what=f"opening {kind} {target}")
    return perf_event_link(program, perf_fd, kind, target, cookie)


def attach_kprobe(
    program: KernelProgram, function: str, *, offset: int = 0, retprobe: bool = False
) -> Link:
    """A kprobe (or kretprobe) on a kernel function, through the kprobe PMU."""
    pmu = pmu_type("kprobe")
    if pmu is None:
        tracefs_kprobes = any(
            os.path.exists(f"{root}/kprobe_events")
            for root in ("/sys/kernel/tracing", "/sys/kernel/debug/tracing")
        )
        detail = "no kprobe PMU" + ("" if tracefs_kprobes else " and no kprobe_events in tracefs")
        raise LoadError(
            f"kprobes are not available on this kernel ({detail}; CONFIG_KPROBE_EVENTS): "
            f"cannot attach {program.name} to {function}"
        )
    attr = PerfEventAttr(type=pmu, sample_period=1, wakeup_events=1)
    if retprobe:
        bit = pmu_format_bit("kprobe", "retprobe")
        attr.config = 1 << (bit or 0)
    name = c_string(function)
    attr.config1 = address(name)
    attr.config2 = offset
    kind = "kretprobe" if retprobe else "kprobe"
    perf_fd = perf_event_open(attr, pid=-1, cpu=0, what=f"opening {kind} {function}")
    return perf_event_link(program, perf_fd, kind, function)
