"""The supervisor's native loop (ebpy.hooks.syscalls.native_loop): JIT policies whose helpers
are all native are answered without Python, and decide exactly what the Python loop decides
(the interpreter, or the JIT with a log, which always takes the Python path)."""

from __future__ import annotations

import signal
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ebpy.hooks.syscalls import Supervisor, syscall_number

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "examples" / "policies"
PY = [sys.executable, "-S", "-c"]


def policy(name: str) -> str:
    return str(POLICIES / f"{name}.o")


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
    with Supervisor(policy("count_syscalls"), engine="jit") as sup:
        counts = getppid_counts(sup, 500)
        assert sup.native_calls > 500
    with Supervisor(policy("count_syscalls"), engine="interp") as ref:
        ref_counts = getppid_counts(ref, 500)
        assert ref.native_calls == 0
    assert sorted(counts.values()) == sorted(ref_counts.values())
    for name in ("deny_writes", "kill_exec", "net_allow"):
        with Supervisor(policy(name), engine="jit") as sup:
            assert sup.run(["true"]).returncode == 0
            assert sup.native_calls > 0, name


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
    for engine in ("interp", "jit"):
        out = tmp_path / f"{engine}.txt"
        code = f"import sys; sys.stdout = open({str(out)!r}, 'w')\n" + DECIDING_CHILD
        records: list[Any] = []
        with Supervisor(obj, engine=engine, log=records.append if logged else None) as sup:
            result = sup.run([*PY, code])
            native = sup.native_calls
        # Python's start-up makes a varying number of calls (memory, random bytes): the
        # allowed ones are left out of the comparison.
        decided = {k: v for k, v in result.decisions.items() if k != "allow"}
        results[engine] = (result.returncode, decided, out.read_text())
        if engine == "jit" and not logged:
            assert native >= 20  # the getppid calls at least
        else:
            assert native == 0
    assert results["jit"] == results["interp"]
    returncode, decisions, text = results["jit"]
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


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_threads_are_seen_with_their_task_and_memory(compile_bpf: Any, engine: str) -> None:
    obj = compile_bpf(TASK_INFO, "native_task_info")
    with Supervisor(obj, engine=engine) as sup:
        result = sup.run([*PY, THREADS_CHILD])
        assert result.returncode == 0
        seen = dict(sup.maps["seen"].items())
        if engine == "jit":
            assert sup.native_calls > 30
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
