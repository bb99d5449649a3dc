"""The supervisor's native loop (ebpy.hooks.syscalls.native_loop): JIT policies whose helpers
are all native are answered without Python; every other policy (the interpreter's, a JIT
program with Python helpers) is called back from the loop for its run only. Both decide
exactly what the Python loop decides (Supervisor.native_loop = False, or a log)."""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ebpy.hooks.syscalls import Supervisor, syscall_number, uapi

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "examples" / "policies"
PY = [sys.executable, "-S", "-c"]
# How a policy is served: the interpreter round the Python loop (the reference), the
# interpreter called back from the native loop, the JIT in the native loop.
LOOPS = {"python": ("interp", False), "callback": ("interp", True), "native": ("jit", True)}


def policy(name: str) -> str:
    return str(POLICIES / f"{name}.o")


def supervisor(source: Any, loop: str, **options: Any) -> Supervisor:
    engine, native = LOOPS[loop]
    sup = Supervisor(source, engine=engine, **options)
    sup.native_loop = native
    return sup


@pytest.fixture(autouse=True)
def alarm() -> Iterator[None]:
    """A hung supervision (the GIL kept while waiting, say) fails instead of hanging: the
    alarm interrupts the wait in the ioctl, and the handler raises."""

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError("supervision did not finish in 60 s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def getppid_counts(sup: Supervisor, calls: int) -> dict[int, int]:
    code = f"import os\nfor _ in range({calls}): os.getppid()"
    result = sup.run([*PY, code])
    assert result.returncode == 0
    nr = syscall_number("getppid")
    counts = sup.maps["syscall_counts"]
    return {k["pid"]: v for k, v in counts.items() if k["nr"] == nr}


def test_example_policies_run_in_the_native_loop() -> None:
    counts = {}
    for loop in LOOPS:
        with supervisor(policy("count_syscalls"), loop) as sup:
            counts[loop] = sorted(getppid_counts(sup, 500).values())
            if loop == "python":
                assert sup.native_calls == 0
            else:
                assert sup.native_calls > 500, loop
    assert counts["callback"] == counts["native"] == counts["python"]
    for name in ("deny_writes", "kill_exec", "net_allow"):
        for loop in ("callback", "native"):
            with supervisor(policy(name), loop) as sup:
                assert sup.run(["true"]).returncode == 0
                assert sup.native_calls > 0, (name, loop)


DECISIONS = """
#include <ebpy/seccomp.h>
char _license[] SEC("license") = "GPL";
SEC("seccomp") int decide_all(struct seccomp_data *ctx)
{
    switch (ctx->nr) {
    case __NR_getppid: return SECCOMP_RET_LOG;
    case __NR_mkdir: return SECCOMP_RET_ERRNO | 0;       /* "succeeds" without running */
    case __NR_rmdir: return SECCOMP_RET_ERRNO | 5000;    /* clamped to 4095 */
    case __NR_getsid: return SECCOMP_RET_ERRNO | 13;
    case __NR_getresuid: return SECCOMP_RET_TRACE;      /* no tracer: ENOSYS */
    case __NR_getpgid: return SECCOMP_RET_TRAP;
    case __NR_sync: return SECCOMP_RET_KILL_PROCESS;
    }
    return SECCOMP_RET_ALLOW;
}
"""

DECIDING_CHILD = """
import os, signal, sys
for _ in range(20): os.getppid()
os.mkdir("/nonexistent-dir/x"); print("mkdir ok", flush=True)
try: os.rmdir("/")
except OSError as e: print("rmdir", e.errno, flush=True)
try: os.getsid(0)
except OSError as e: print("getsid", e.errno, flush=True)
try: os.getresuid()
except OSError as e: print("getresuid", e.errno, flush=True)
got = []
signal.signal(signal.SIGSYS, lambda *a: got.append(a[0]))
try: os.getpgid(0)
except OSError as e: print("getpgid", e.errno, flush=True)
print("sigsys", got == [signal.SIGSYS], flush=True)
os.sync()
print("not reached", flush=True)
"""


@pytest.mark.parametrize("logged", [False, True])
def test_decisions_in_the_native_loop_equal_the_python_loop(
    compile_bpf: Any, tmp_path: Path, logged: bool
) -> None:
    obj = compile_bpf(DECISIONS, "native_decisions")
    results = {}
    for loop in LOOPS:
        out = tmp_path / f"{loop}.txt"
        code = f"import sys; sys.stdout = open({str(out)!r}, 'w')\n" + DECIDING_CHILD
        records: list[Any] = []
        with supervisor(obj, loop, log=records.append if logged else None) as sup:
            result = sup.run([*PY, code])
            native = sup.native_calls
        # Python's start-up makes a varying number of calls (memory, random bytes): the
        # allowed ones are left out of the comparison.
        decided = {k: v for k, v in result.decisions.items() if k != "allow"}
        results[loop] = (result.returncode, decided, out.read_text())
        if loop != "python" and not logged:
            assert native >= 20  # the getppid calls at least
        else:
            assert native == 0  # a log takes the Python loop
    assert results["native"] == results["callback"] == results["python"]
    returncode, decisions, text = results["native"]
    assert returncode == -9  # sync killed it
    assert text.split("\n")[:6] == [
        "mkdir ok",
        "rmdir 4095",
        "getsid 13",
        "getresuid 38",
        "getpgid 38",
        "sigsys True",
    ]
    assert decisions["log"] >= 20 and decisions["kill_process"] == 1
    assert decisions["trap"] == 1 and decisions["trace"] == 1


TASK_INFO = """
#include <ebpy/seccomp.h>
struct info { __u32 tgid; __u32 pid; __u32 uid; __u32 gid; char comm[16]; char path[200]; __u64 seen; };
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 64); __type(key, __u32); __type(value, struct info); } seen SEC(".maps");
char _license[] SEC("license") = "GPL";
SEC("seccomp") int who(struct seccomp_data *ctx)
{
    struct info i = {};
    __u64 a1 = ctx->args[1];
    if (ctx->nr != __NR_openat) return SECCOMP_RET_ALLOW;
    __u64 pt = bpf_get_current_pid_tgid(), ug = bpf_get_current_uid_gid();
    __u32 tid = pt;
    struct info *old = bpf_map_lookup_elem(&seen, &tid);
    i.tgid = pt >> 32; i.pid = pt; i.uid = ug; i.gid = ug >> 32;
    i.seen = old ? old->seen + 1 : 1;
    bpf_get_current_comm(i.comm, sizeof(i.comm));
    bpf_probe_read_user_str(i.path, sizeof(i.path), (void *)a1);
    bpf_map_update_elem(&seen, &tid, &i, BPF_ANY);
    return SECCOMP_RET_ALLOW;
}
"""

THREADS_CHILD = """
import os, sys, threading
def work(n):
    for i in range(n):
        try: os.open(f"/nonexistent/{threading.get_native_id()}/{i}", os.O_RDONLY)
        except OSError: pass
threads = [threading.Thread(target=work, args=(30,), name=f"w{k}") for k in range(3)]
for t in threads: t.start()
for t in threads: t.join()
"""


@pytest.mark.parametrize("loop", list(LOOPS))
def test_threads_are_seen_with_their_task_and_memory(compile_bpf: Any, loop: str) -> None:
    """Each thread's first calls find it unknown (Python reads /proc), the rest run in the
    loop with the thread's task and memory."""
    obj = compile_bpf(TASK_INFO, "native_task_info")
    with supervisor(obj, loop) as sup:
        result = sup.run([*PY, THREADS_CHILD])
        assert result.returncode == 0
        seen = dict(sup.maps["seen"].items())
        assert (sup.native_calls > 30) == (loop != "python")
    workers = {tid: i for tid, i in seen.items() if i["path"].startswith("/nonexistent/")}
    assert len(workers) == 3  # three threads, each its own task
    for tid, info in workers.items():
        assert info["pid"] == tid and info["tgid"] != tid  # a thread of the Python process
        assert info["path"] == f"/nonexistent/{tid}/29"  # its last open, read from its memory
        assert info["seen"] >= 30
        assert info["comm"].startswith("python")  # the process's name, inherited
    assert len({i["tgid"] for i in workers.values()}) == 1


def test_the_gil_is_released_while_waiting(compile_bpf: Any) -> None:
    """The child waits for a reply only a thread of this process sends: if the supervisor
    kept the GIL while waiting for the next system call, nothing would ever answer."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]

    def answer() -> None:
        conn, _ = server.accept()
        conn.sendall(b"pong")
        conn.close()

    thread = threading.Thread(target=answer, daemon=True)
    code = f"import socket\ns = socket.create_connection(('127.0.0.1', {port}))\nprint(s.recv(4))"
    try:
        with Supervisor(policy("count_syscalls"), engine="jit") as sup:
            thread.start()
            result = sup.run([*PY, code])
            assert result.returncode == 0 and sup.native_calls > 0
        thread.join()
    finally:
        server.close()


def test_the_setup_process_and_the_commands_calls(tmp_path: Path) -> None:
    """Before its execve the forked child is our code (its calls are let through unseen);
    from the execve on the policy sees every call: the same calls on every loop."""
    by_nr = {}
    for loop in LOOPS:
        with supervisor(policy("count_syscalls"), loop) as sup:
            assert sup.run(["true"]).returncode == 0
            by_nr[loop] = {k["nr"]: v for k, v in sup.maps["syscall_counts"].items()}
    assert by_nr["callback"] == by_nr["native"] == by_nr["python"]
    assert by_nr["python"][syscall_number("execve")] == 1


SEEN_BY_CALL = """
#include <ebpy/seccomp.h>
struct key { __u32 tid; __u32 arch; __u32 nr; };
struct val { __u32 tgid; char comm[16]; __u64 n; };
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 64); __type(key, struct key); __type(value, struct val); } seen SEC(".maps");
char _license[] SEC("license") = "GPL";
SEC("seccomp") int seen_by_call(struct seccomp_data *ctx)
{
    struct key k = { .arch = ctx->arch, .nr = ctx->nr };
    struct val v = {};
    if (ctx->arch == AUDIT_ARCH_X86_64 && ctx->nr != __NR_getppid && ctx->nr != __NR_getpgrp)
        return SECCOMP_RET_ALLOW;
    __u64 pt = bpf_get_current_pid_tgid();
    k.tid = pt;
    struct val *old = bpf_map_lookup_elem(&seen, &k);
    v.tgid = pt >> 32;
    v.n = old ? old->n + 1 : 1;
    bpf_get_current_comm(v.comm, sizeof(v.comm));
    bpf_map_update_elem(&seen, &k, &v, BPF_ANY);
    return SECCOMP_RET_ALLOW;
}
"""

# getppid x3, a new name, getpgrp x3, i386 getpid (int 0x80) x2, a forked child's getppid x3.
RENAME_FORK_I386 = """
import ctypes, mmap, os, sys
for _ in range(3): os.getppid()
ctypes.CDLL(None).prctl(15, b"renamed", 0, 0, 0)  # PR_SET_NAME
for _ in range(3): os.getpgrp()
code = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
code.write(bytes([0xB8, 20, 0, 0, 0, 0xCD, 0x80, 0xC3]))  # mov eax, 20; int 0x80; ret
i386_getpid = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(code)))
assert i386_getpid() == i386_getpid() == os.getpid()
pid = os.fork()
if pid == 0:
    for _ in range(3): os.getppid()
    os._exit(0)
os.waitpid(pid, 0)
print(os.getpid(), pid, file=open(sys.argv[1], "w"))
"""


def test_calls_that_change_or_create_tasks_and_other_architectures(
    compile_bpf: Any, tmp_path: Path
) -> None:
    """After prctl(PR_SET_NAME) the thread's new comm, after fork the child's own task, and
    i386 calls (another AUDIT_ARCH, decided in Python) the same on every loop."""
    obj = compile_bpf(SEEN_BY_CALL, "native_seen_by_call")
    x86, i386 = uapi.AUDIT_ARCH_X86_64, uapi.AUDIT_ARCH_I386
    getppid, getpgrp = syscall_number("getppid"), syscall_number("getpgrp")
    views = {}
    for loop in LOOPS:
        ids = tmp_path / f"{loop}.ids"
        with supervisor(obj, loop) as sup:
            result = sup.run([*PY, RENAME_FORK_I386, str(ids)])
            assert result.returncode == 0
            seen = dict(sup.maps["seen"].items())
        parent, child = map(int, ids.read_text().split())
        role = {parent: "parent", child: "child"}
        views[loop] = {
            (role[k["tid"]], k["arch"], k["nr"]): (role[v["tgid"]], v["comm"], v["n"])
            for k, v in seen.items()
        }
    assert views["callback"] == views["native"] == views["python"]
    view = views["python"]
    assert len(view) == 4
    assert view[("parent", x86, getppid)][0::2] == ("parent", 3)
    assert view[("parent", x86, getppid)][1].startswith("python")
    assert view[("parent", x86, getpgrp)] == ("parent", "renamed", 3)
    assert view[("parent", i386, 20)] == ("parent", "renamed", 2)
    assert view[("child", x86, getppid)] == ("child", "renamed", 3)


FAULTS = """
#include <ebpy/seccomp.h>
const volatile long null_address = 0;
const volatile int fault_after_read = 0;
char _license[] SEC("license") = "GPL";
SEC("seccomp") int faults(struct seccomp_data *ctx)
{
    char path[64];
    __u64 a0 = ctx->args[0];
    if (ctx->nr == __NR_getcwd)
        return *(volatile int *)null_address;
    if (ctx->nr != __NR_mkdir)
        return SECCOMP_RET_ALLOW;
    bpf_probe_read_user_str(path, sizeof(path), (void *)a0);
    if (fault_after_read)
        return *(volatile int *)null_address;
    return SECCOMP_RET_ERRNO | 13;
}
"""

FAULTS_CHILD = """
import os
try: os.getcwd(); print("getcwd ran", flush=True)
except OSError as e: print("getcwd", e.errno, flush=True)
try: os.mkdir("/nonexistent-dir/x")
except OSError as e: print("mkdir", e.errno, flush=True)
"""


class KillsTheCaller:
    """Stands in for the bound program: before the run for a mkdir, SIGKILLs the calling
    process and waits until it is a zombie, so its notification is no longer valid."""

    def __init__(self, sup: Supervisor) -> None:
        self.sup = sup
        self.bound = sup.hook.bound
        self.killed = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.bound, name)

    def __call__(self) -> int:
        if int.from_bytes(self.bound.ctx[0:4], "little") == syscall_number("mkdir"):
            tgid = self.sup.collection.env.task.tgid
            os.kill(tgid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while _state(tgid) not in ("Z", None) and time.monotonic() < deadline:
                time.sleep(0.001)
            self.killed += 1
        return int(self.bound())


def _state(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


@pytest.mark.parametrize("fault_after_read", [0, 1])
@pytest.mark.parametrize("caller_goes_away", [False, True])
def test_faults_and_callers_that_go_away(
    compile_bpf: Any, tmp_path: Path, fault_after_read: int, caller_goes_away: bool
) -> None:
    """A run that faults denies its call with EPERM (counted as an error); a caller killed
    during a run that read its memory gets no answer and its call is not counted, whether
    the run returned or faulted after the read. The same from the Python loop and from a
    run called back from the native loop."""
    obj = compile_bpf(FAULTS, "native_faults")
    results = {}
    for loop in ("python", "callback"):
        out = tmp_path / f"{loop}.txt"
        code = f"import sys; sys.stdout = open({str(out)!r}, 'w')\n" + FAULTS_CHILD
        consts = {"fault_after_read": fault_after_read}
        with supervisor(obj, loop, verify=False, constants=consts) as sup:
            if caller_goes_away:
                sup.hook.bound = killer = KillsTheCaller(sup)  # type: ignore[assignment]
            result = sup.run([*PY, code])
            assert (sup.native_calls > 0) == (loop == "callback")
            if caller_goes_away:
                assert killer.killed == 1
        decided = {k: v for k, v in result.decisions.items() if k != "allow"}
        errors = [e.split(":")[0] for e in result.errors]
        results[loop] = (result.returncode, decided, errors, out.read_text())
    assert results["callback"] == results["python"]
    returncode, decided, errors, text = results["python"]
    if caller_goes_away:
        # The run's failure is reported, but the call got no answer and is not counted.
        failed = ["getcwd", "mkdir"] if fault_after_read else ["getcwd"]
        assert (returncode, decided, errors) == (-9, {"error": 1}, failed)
        assert text == "getcwd 1\n"
    elif fault_after_read:
        assert (returncode, decided, errors) == (0, {"error": 2}, ["getcwd", "mkdir"])
        assert text == "getcwd 1\nmkdir 1\n"
    else:
        assert (returncode, decided, errors) == (0, {"error": 1, "errno": 1}, ["getcwd"])
        assert text == "getcwd 1\nmkdir 13\n"


PYTHON_HELPER = """
#include <ebpy/seccomp.h>
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } total SEC(".maps");
char _license[] SEC("license") = "GPL";
static long add_one(__u32 i, void *n) { (*(__u64 *)n)++; return 0; }
SEC("seccomp") int looped(struct seccomp_data *ctx)
{
    __u64 n = 0;
    __u32 zero = 0;
    if (ctx->nr != __NR_getppid) return SECCOMP_RET_ALLOW;
    bpf_loop(3, add_one, &n, 0);  /* a Python helper on the JIT */
    __u64 *t = bpf_map_lookup_elem(&total, &zero);
    if (t) *t += n;
    return SECCOMP_RET_ALLOW;
}
"""


def test_a_jit_program_with_python_helpers_is_called_back(compile_bpf: Any) -> None:
    obj = compile_bpf(PYTHON_HELPER, "native_python_helper")
    code = "import os\nfor _ in range(100): os.getppid()"
    for engine in ("interp", "jit"):
        with Supervisor(obj, engine=engine) as sup:
            if engine == "jit":
                assert sup.hook.program.executable.native_entry() is None
            assert sup.run([*PY, code]).returncode == 0
            assert sup.maps["total"][0] == 300
            assert sup.native_calls >= 100


def test_a_python_run_raising_outside_ebpy_errors_ends_the_supervision() -> None:
    """What is not a policy failure (a bug, an interrupt) propagates from the run as it does
    from the Python loop, and the command is killed, not left waiting."""

    class Broken:
        def __init__(self, bound: Any) -> None:
            self.bound = bound

        def __getattr__(self, name: str) -> Any:
            return getattr(self.bound, name)

        def __call__(self) -> int:
            raise ZeroDivisionError("inside the run")

    for loop in ("python", "callback"):
        with supervisor(policy("count_syscalls"), loop) as sup:
            sup.hook.bound = Broken(sup.hook.bound)  # type: ignore[assignment]
            with pytest.raises(ZeroDivisionError, match="inside the run"):
                sup.run(["true"])
