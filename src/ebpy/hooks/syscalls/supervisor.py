"""The supervisor: run a command with each of its system calls decided by an eBPF program.

For each notification: the program's context is the notification's `struct seccomp_data`
(copied as is, the layouts are the same), the current-task helpers report the calling thread,
and bpf_probe_read_user(_str) read its memory. If anything was read about the target (its
/proc entry, its memory), the notification id is checked afterwards (NOTIF_ID_VALID): a valid
id proves the pid still named the same task, waiting in the same call, while we read. Then the
return value is applied (see decision.py) and the call is logged.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import select
import signal
import struct
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ebpy.errors import EbpyError
from ebpy.helpers.env import Task
from ebpy.hooks.hook_program import LoadedHook, MapEntry, load_hook
from ebpy.hooks.syscalls import uapi
from ebpy.hooks.syscalls.decision import Decision, Outcome, decide
from ebpy.hooks.syscalls.launch import Launched, describe_failure, spawn
from ebpy.hooks.syscalls.listener import Listener
from ebpy.hooks.syscalls.target import RemoteMemory, TaskCache
from ebpy.spec import CollectionSpec

SECTION = "seccomp"
_HEAD = struct.Struct("<QIIiI")  # struct seccomp_notif: id, pid, flags, then data's nr and arch
_ARGS = struct.Struct("<6Q")
# Calls after which a thread's comm or ids may differ, and calls that create tasks (a new task
# may get the id of one that is gone, so every cached task is dropped).
_CHANGES_TASK = frozenset(
    [
        "execve",
        "execveat",
        "prctl",
        "setuid",
        "setgid",
        "setreuid",
        "setregid",
        "setresuid",
        "setresgid",
        "setfsuid",
        "setfsgid",
    ]
)
_CREATES_TASK = frozenset({"clone", "clone3", "fork", "vfork"})
_EXEC = frozenset({"execve", "execveat"})
_DENIED_ON_ERROR = errno.EPERM


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One supervised system call and what was decided (the decision log's line)."""

    pid: int  # the calling thread
    tgid: int
    comm: str
    nr: int
    arch: int
    args: tuple[int, ...]
    decision: Decision
    error: str | None = None  # the policy failed (the call was denied with EPERM)

    @property
    def syscall(self) -> str:
        return uapi.syscall_name(self.nr, self.arch)

    def as_json(self) -> dict[str, Any]:
        d = self.decision
        return {
            "pid": self.pid,
            "tgid": self.tgid,
            "comm": self.comm,
            "nr": self.nr,
            "syscall": self.syscall,
            "args": list(self.args),
            "decision": d.name if self.error is None else "error",
            "errno": d.errno if d.outcome in (Outcome.FAIL, Outcome.TRAP) else None,
            "error": self.error,
        }

    def as_text(self) -> str:
        args = ", ".join(f"{a:#x}" for a in self.args)
        what = self.decision.describe() if self.error is None else f"error EPERM: {self.error}"
        return f"pid {self.pid} ({self.comm}) {self.syscall}({args}) -> {what}"


@dataclass
class SupervisionResult:
    """How the command ended and what the policy decided."""

    returncode: int  # as subprocess: the exit code, or -N when killed by signal N
    calls: int = 0  # system calls the policy decided
    decisions: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # the policy's failures (first few)
    exec_error: str | None = None  # the command could not be executed

    @property
    def exit_status(self) -> int:
        """The shell's $?: the exit code, or 128+N when killed by signal N."""
        return 128 - self.returncode if self.returncode < 0 else self.returncode


class Supervisor:
    """A policy program loaded and ready to supervise commands (one at a time)."""

    def __init__(
        self,
        source: str | Path | bytes | CollectionSpec,
        *,
        engine: str = "interp",
        program: str | None = None,
        constants: Mapping[str, Any] | None = None,
        entries: Iterable[MapEntry] = (),
        verify: bool = True,
        log: Callable[[CallRecord], None] | None = None,
    ) -> None:
        self.arch = uapi.host_arch()
        from ebpy.jit.hook_helpers import HookRecord, TaskTable

        # The native loop's record of the calling thread (native_loop.py). On the JIT the
        # task and user-memory helpers read it too, so the policy may run natively.
        self._record: Any = HookRecord(remote_memory=True)
        self.hook: LoadedHook = load_hook(
            source,
            section=SECTION,
            ctx_size=uapi.SECCOMP_DATA_SIZE,
            engine=engine,
            program=program,
            constants=constants,
            entries=entries,
            verify=verify,
            hook_record=self._record if engine == "jit" else None,
        )
        self.log = log
        self._memory = RemoteMemory()
        self._env = self.hook.collection.env
        self._env.user_memory = self._memory
        self._native_tasks = TaskTable()
        self._tasks = TaskCache(self._native_tasks)
        names = self.arch.names
        self._changes = {nr for nr, n in names.items() if n in _CHANGES_TASK}
        self._creates = {nr for nr, n in names.items() if n in _CREATES_TASK}
        self._exec = {nr for nr, n in names.items() if n in _EXEC}
        self._always_reread = not names  # no table: re-read the task for every call
        self._libc_syscall: Any = None
        self._setup_pid = 0
        self._python_run: Any = None  # the native loop's callback run (PythonRun), if any
        self._after_stop: Callable[[], int] = _no_stop  # r0 or the error of a STOPPED run
        # False: every call goes round the Python loop (as with a log), for comparisons.
        self.native_loop = True
        self.native_calls = 0  # calls the native loop answered (in every run so far)

    # ---- public ---------------------------------------------------------------------------------
    @property
    def collection(self) -> Any:
        return self.hook.collection

    @property
    def maps(self) -> dict[str, Any]:
        return dict(self.hook.collection.maps)

    def run(
        self,
        argv: Sequence[str],
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
    ) -> SupervisionResult:
        """Run `argv` to the end under the policy; returns how it ended."""
        launched = spawn(argv, env, cwd)
        result = SupervisionResult(0)
        try:
            self._serve(launched, result, str(argv[0]))
        except BaseException:
            _kill(launched.pidfd)
            _reap(launched.pid)
            raise
        finally:
            launched.close()
        return result

    def close(self) -> None:
        self.hook.close()

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the loop -------------------------------------------------------------------------------
    def _serve(self, launched: Launched, result: SupervisionResult, name: str) -> None:
        """Serve notifications until no task uses the filter, then reap the command.

        Waiting happens in the receive ioctl (native or not): it returns ENOENT once the
        last supervised task has exited, and the command (our child) is reaped after that.
        """
        listener = Listener(launched.listener)
        self._setup_pid = launched.pid  # its calls before its first execve are our own code
        self._tasks.clear()
        native = self._native_loop(listener)
        restore = _on_interrupt(launched.pidfd)
        try:
            while True:
                if native is not None:
                    from ebpy.hooks.syscalls.native_loop import Stop

                    stop = native.serve(self._setup_pid)
                    self._record.task = None  # the loop wrote the record's task fields
                    self._count_native(native, result)
                    if stop == Stop.PENDING:
                        self._handle(listener, result)
                        continue
                    if stop == Stop.DECIDED:
                        self._handle(listener, result, native.result)
                        continue
                    if stop == Stop.STOPPED:
                        self._handle(listener, result, self._after_stop)
                        continue
                    err = int(native.state.err)
                    if stop != Stop.RECV_FAILED:
                        raise OSError(err, os.strerror(err))
                else:
                    err = listener.receive()
                    if err == 0:
                        self._handle(listener, result)
                        continue
                if err not in (errno.ENOENT, errno.EINTR):
                    raise OSError(err, os.strerror(err))
                if listener.unused():
                    break
        finally:
            restore()
            self._python_run = None  # it refers back to us
        # No task uses the filter: the command has exited (its status pipe holds what it
        # reported if exec failed) and only needs reaping.
        if _readable(launched.status_pipe):
            data = os.read(launched.status_pipe, 64)
            if data:
                result.exec_error = describe_failure(data, name)
        result.returncode = os.waitstatus_to_exitcode(_reap(launched.pid))

    def _native_loop(self, listener: Listener) -> Any:
        """The native loop for this policy, or None when each call needs Python: a log to
        write, or no system call table. A program that cannot run natively (the
        interpreter's, a JIT program with Python helpers) is called back from the loop."""
        if not self.native_loop or self.log is not None or self._always_reread:
            return None
        from ebpy.hooks.syscalls.native_loop import SPECIAL_SIZE, NativeLoop, PythonRun

        exe = self.hook.program.executable
        native_entry = getattr(exe, "native_entry", None)
        entry = native_entry() if native_entry is not None else None
        ctx: Any = None
        if entry is not None:
            ctx_address = self.hook.bound.address  # where r1 points: native memory
            self._after_stop = exe.after_native_stop
        else:
            run = self._python_run = PythonRun(self._run_for_loop, self._record)
            entry = run.entry
            self._after_stop = run.after_stop
            # The loop copies each notification's data into the bound context's buffer.
            ctx = (ctypes.c_uint8 * len(self.hook.bound.ctx)).from_buffer(self.hook.bound.ctx)
            ctx_address = ctypes.addressof(ctx)
        special = (ctypes.c_uint8 * SPECIAL_SIZE)()
        for nr in self._changes | self._creates | self._exec:
            if 0 <= nr < SPECIAL_SIZE:
                special[nr] = 1
        return NativeLoop(
            listener.fd,
            listener.notif,
            listener.resp,
            ctx_address,
            entry,
            self._record,
            self._native_tasks,
            special,
            self.arch.audit,
            keep=ctx,
        )

    def _run_for_loop(self, tid: int) -> int:
        """The native loop's run of a policy that needs Python, for thread `tid` (in the task
        table, so in the cache), over the context the loop copied. Returns r0; what the run
        raises goes to the loop's STOPPED path and from there to `_handle`."""
        task = self._tasks.cached_task(tid)
        self._enter(tid, task if task is not None else self._task(tid))
        memory = self._memory
        try:
            return self.hook.bound()
        except BaseException as e:
            self._python_run.stop(e)
            return 0
        finally:
            if memory.reads:  # validated after the run (by the loop, or _handle if it failed)
                self._record.fields.reads += memory.reads

    def _count_native(self, native: Any, result: SupervisionResult) -> None:
        allowed, logged, failed = native.take_counts()
        done = allowed + logged + failed
        if done:
            result.calls += done
            self.native_calls += done
            decisions = result.decisions
            for name, n in (("allow", allowed), ("log", logged), ("errno", failed)):
                if n:
                    decisions[name] += n

    def _handle(
        self,
        listener: Listener,
        result: SupervisionResult,
        ran: Callable[[], int] | None = None,
    ) -> None:
        """Decide and answer the notification in the listener's buffer. `ran` gives r0 when
        the native loop ran the program already (or raises what its stopped run stands for)."""
        raw = listener.view
        nid, tid, _, nr, arch = _HEAD.unpack_from(raw)
        if tid == self._setup_pid:
            if nr not in self._exec or arch != self.arch.audit:
                listener.send(nid, 0, 0, uapi.SECCOMP_USER_NOTIF_FLAG_CONTINUE)
                return
            self._setup_pid = 0  # the command's own execve: the policy decides from here on
        hook = self.hook
        tasks = self._tasks
        looked_up = not tasks.cached(tid)
        task = self._task(tid)
        self._enter(tid, task)
        memory = self._memory
        record = self._record
        failure: str | None = None
        try:
            if ran is not None:
                r0 = ran()
            else:
                bound = hook.bound
                bound.ctx[0 : uapi.SECCOMP_DATA_SIZE] = raw[16 : 16 + uapi.SECCOMP_DATA_SIZE]
                record.fields.reads = 0
                r0 = bound()
            decision = decide(r0)
        except EbpyError as e:
            failure = str(e)
            decision = decide(uapi.SeccompAction.ERRNO | _DENIED_ON_ERROR)
            if len(result.errors) < 10:
                result.errors.append(f"{uapi.syscall_name(nr, arch)}: {failure}")
        reads = memory.reads + record.fields.reads
        if (looked_up or reads) and not listener.valid(nid):
            return  # the caller is gone: what we read may have been another task's
        self._apply(listener, nid, task, decision)
        if arch != self.arch.audit or self._always_reread or nr in self._changes:
            tasks.forget(tid)
        elif nr in self._creates:
            tasks.clear()
        result.calls += 1
        result.decisions[decision.name if failure is None else "error"] += 1
        if self.log is not None:
            args = _ARGS.unpack_from(raw, 32)
            comm = task.comm.decode("utf-8", "replace")
            self.log(CallRecord(tid, task.tgid, comm, nr, arch, args, decision, failure))

    def _task(self, tid: int) -> Task:
        """The calling thread's task (from /proc unless cached); a placeholder when it is
        gone already (its /proc entry is)."""
        task = self._tasks.get(tid)
        return task if task is not None else Task(tid, tid, 0, 0, b"")

    def _enter(self, tid: int, task: Task) -> None:
        """Make the helpers report thread `tid` and read its memory, reads counted from 0."""
        self._env.task = task
        memory = self._memory
        memory.pid = tid
        memory.reads = 0

    # ---- answering --------------------------------------------------------------------------------
    def _apply(self, listener: Listener, nid: int, task: Task, d: Decision) -> None:
        outcome = d.outcome
        if outcome == Outcome.CONTINUE:
            listener.send(nid, 0, 0, uapi.SECCOMP_USER_NOTIF_FLAG_CONTINUE)
        elif outcome == Outcome.FAIL:
            listener.send(nid, 0, -d.errno, 0)
        elif outcome == Outcome.TRAP:
            listener.send(nid, 0, -d.errno, 0)
            self._tgkill(task.tgid, task.pid, signal.SIGSYS)
        else:
            self._kill_target(listener, nid, task.tgid)

    def _kill_target(self, listener: Listener, nid: int, tgid: int) -> None:
        """SIGKILL the caller's process while its call waits, so the call never runs. The
        pidfd is opened first and the id checked after, so the signal reaches that process
        and not one that reused its pid."""
        try:
            pidfd = os.pidfd_open(tgid)
        except OSError:
            return  # gone
        try:
            if listener.valid(nid):
                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        except ProcessLookupError:
            pass
        finally:
            os.close(pidfd)

    def _tgkill(self, tgid: int, tid: int, sig: int) -> None:
        if self._libc_syscall is None:
            fn = ctypes.CDLL(None, use_errno=True).syscall
            fn.restype = ctypes.c_long
            fn.argtypes = [ctypes.c_long] * 4
            self._libc_syscall = fn
        self._libc_syscall(self.arch.nr_tgkill, tgid, tid, int(sig))


def supervise(
    source: str | Path | bytes | CollectionSpec,
    argv: Sequence[str],
    **options: Any,
) -> tuple[SupervisionResult, dict[str, dict[Any, Any]]]:
    """Run `argv` under the policy in `source`; returns the result and the maps' contents."""
    env = options.pop("env", None)
    cwd = options.pop("cwd", None)
    with Supervisor(source, **options) as sup:
        result = sup.run(argv, env=env, cwd=cwd)
        maps = {name: dict(m.items()) for name, m in sup.maps.items() if _iterable(m)}
    return result, maps


def _no_stop() -> int:  # pragma: no cover - replaced before the native loop runs
    raise RuntimeError("no native loop is running")


def _iterable(m: Any) -> bool:
    try:
        iter(m.keys())
    except (EbpyError, TypeError):
        return False
    return True


def _on_interrupt(pidfd: int) -> Callable[[], None]:
    """While supervising, Ctrl-C must not stop the loop between receiving a call and answering
    it (the caller would wait forever). The terminal sends SIGINT to the command too, so the
    first one is left to the command; a second one kills it. Returns what restores the old
    handler (nothing to do outside the main thread, where SIGINT never arrives)."""
    count = [0]

    def handler(signum: int, frame: Any) -> None:
        count[0] += 1
        if count[0] > 1:
            _kill(pidfd)

    try:
        old = signal.signal(signal.SIGINT, handler)
    except ValueError:
        return lambda: None

    def restore() -> None:
        signal.signal(signal.SIGINT, old)

    return restore


def _readable(fd: int) -> bool:
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


def _kill(pidfd: int) -> None:
    if pidfd >= 0:
        with contextlib.suppress(ProcessLookupError, OSError):
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)


def _reap(pid: int) -> int:
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            return status
        except ChildProcessError:
            return 0
        except InterruptedError:  # pragma: no cover - PEP 475 retries
            continue
