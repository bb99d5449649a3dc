"""ebpy supervise: real commands under the example policies, decisions, logs, bad input."""

from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

from ebpy.errors import EbpyError
from ebpy.hooks.syscalls import (
    MapEntry,
    Outcome,
    SeccompAction,
    Supervisor,
    decide,
    supervise,
    syscall_name,
    syscall_number,
)

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "examples" / "policies"
ENGINES = ["interp", "jit"]
PY = [sys.executable, "-S", "-c"]  # -S: fewer system calls at start-up


def policy(name: str) -> str:
    return str(POLICIES / f"{name}.o")


def ebpy_cli(*args: str, cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ebpy", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


# ---- decisions ------------------------------------------------------------------------------------
def test_decisions_follow_the_kernels_rules() -> None:
    assert decide(SeccompAction.ALLOW).outcome == Outcome.CONTINUE
    assert decide(SeccompAction.LOG).outcome == Outcome.CONTINUE
    d = decide(SeccompAction.ERRNO | 13)
    assert (d.outcome, d.errno, d.describe()) == (Outcome.FAIL, 13, "errno EACCES")
    assert decide(SeccompAction.ERRNO | 0xFFFF).errno == 4095  # clamped to MAX_ERRNO
    assert decide(SeccompAction.ERRNO).errno == 0  # returns 0 without running
    assert decide(SeccompAction.KILL_PROCESS).outcome == Outcome.KILL
    assert decide(SeccompAction.KILL_THREAD).outcome == Outcome.KILL
    assert decide(0x12340000).outcome == Outcome.KILL  # unknown actions kill, as in the kernel
    assert decide(SeccompAction.TRACE).errno == 38  # no tracer: ENOSYS
    assert decide(SeccompAction.TRAP).outcome == Outcome.TRAP
    assert decide((1 << 40) | SeccompAction.ALLOW).outcome == Outcome.CONTINUE  # low 32 bits


def test_syscall_names() -> None:
    assert syscall_name(257) == "openat"
    assert syscall_name(59) == "execve"
    assert syscall_number("getppid") == 110
    assert syscall_name(100000) == "syscall_100000"
    with pytest.raises(EbpyError):
        syscall_number("no_such_call")


# ---- deny writes ----------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ENGINES)
def test_shell_is_denied_writes_under_the_directory(tmp_path: Path, engine: str) -> None:
    protected, free = tmp_path / "protected", tmp_path / "free"
    protected.mkdir()
    free.mkdir()
    (protected / "old").write_text("keep")
    script = (
        f"echo x > {protected}/new; echo status=$?; "
        f"rm -f {protected}/old; "
        f"cat {protected}/old; "  # reading is allowed
        f"echo y > {free}/new && echo wrote"
    )
    with Supervisor(
        policy("deny_writes"), engine=engine, constants={"protected_dir": str(protected)}
    ) as sup:
        result, stdout, stderr = _run_capturing_both(sup, ["sh", "-c", script])
    assert not (protected / "new").exists()
    assert (protected / "old").read_text() == "keep"
    assert (free / "new").read_text() == "y\n"
    assert "status=2" in stdout and "keep" in stdout and "wrote" in stdout
    assert "Permission denied" in stderr
    assert result.returncode == 0
    assert result.decisions["errno"] >= 2  # the create and the unlink
    assert result.decisions["allow"] > 10


def test_cli_deny_writes_with_log(tmp_path: Path) -> None:
    protected = tmp_path / "p"
    protected.mkdir()
    log = tmp_path / "log.jsonl"
    r = ebpy_cli(
        "supervise", policy("deny_writes"), "--const", f"protected_dir={protected}",
        "--log", str(log), "--json", "--",
        "sh", "-c", f"echo > {protected}/f; exit 3",
    )  # fmt: skip
    assert r.returncode == 3, r.stderr
    assert "Permission denied" in r.stderr
    assert not (protected / "f").exists()
    records = [json.loads(line) for line in log.read_text().splitlines()]
    denied = [x for x in records if x["decision"] == "errno"]
    assert len(denied) == 1
    assert denied[0]["syscall"] == "openat" and denied[0]["errno"] == 13
    assert denied[0]["comm"] == "sh" and denied[0]["args"][2] & 0o100  # O_CREAT
    assert set(records[0]) == {
        "pid",
        "tgid",
        "comm",
        "nr",
        "syscall",
        "args",
        "decision",
        "errno",
        "error",
    }
    summary = json.loads(r.stderr.strip().splitlines()[-1])
    assert summary["exit_status"] == 3
    assert summary["decisions"]["errno"] == 1
    assert summary["calls"] == len(records)


# ---- counting -------------------------------------------------------------------------------------
def _count_getppid(engine: str, calls: int) -> tuple[int, dict]:
    code = f"import os\nfor _ in range({calls}): os.getppid()"
    result, maps = supervise(policy("count_syscalls"), [*PY, code], engine=engine)
    assert result.returncode == 0
    return result.calls, maps["syscall_counts"]


@pytest.mark.parametrize("engine", ENGINES)
def test_counter_counts_a_known_number_of_calls(engine: str) -> None:
    nr = syscall_number("getppid")
    _, base = _count_getppid(engine, 0)
    total, counts = _count_getppid(engine, 1234)
    start = sum(v for k, v in base.items() if k["nr"] == nr)
    got = [v for k, v in counts.items() if k["nr"] == nr]
    assert sum(got) == 1234 + start
    assert sum(counts.values()) == total  # every decided call was counted once


def test_cli_prints_the_counts_with_syscall_names() -> None:
    code = "import os\nfor _ in range(77): os.getppid()"
    r = ebpy_cli("supervise", policy("count_syscalls"), "--", *PY, code)
    assert r.returncode == 0, r.stderr
    row = next(line for line in r.stderr.splitlines() if "getppid" in line)
    assert "77" in row
    assert "execve" in r.stderr and "exit_group" in r.stderr


# ---- children -------------------------------------------------------------------------------------
def test_children_and_grandchildren_are_supervised(tmp_path: Path) -> None:
    code = "import os\nfor _ in range(50): os.getppid()"
    inner = " ".join(f"'{w}'" for w in [*PY, code])
    script = f'sh -c "{inner}"; {inner}'  # a grandchild, then a child
    result, maps = supervise(policy("count_syscalls"), ["sh", "-c", script])
    assert result.returncode == 0
    nr = syscall_number("getppid")
    per_pid = {k["pid"]: v for k, v in maps["syscall_counts"].items() if k["nr"] == nr and v >= 50}
    assert len(per_pid) == 2  # two different Python processes, 50 calls each
    # a grandchild is denied a write too
    protected = tmp_path / "p"
    protected.mkdir()
    with Supervisor(policy("deny_writes"), constants={"protected_dir": str(protected)}) as sup:
        r = sup.run(["sh", "-c", f"sh -c 'sh -c \"touch {protected}/deep\"'"])
    assert r.decisions["errno"] >= 1 and r.returncode == 1
    assert not (protected / "deep").exists()


# ---- network --------------------------------------------------------------------------------------
class _Server:
    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join()
        self.sock.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_network_policy_allows_only_listed_addresses(engine: str) -> None:
    listed, other = _Server(), _Server()
    try:
        code = (
            "import socket, sys\n"
            "for port in sys.argv[1:]:\n"
            "    s = socket.socket()\n"
            "    try:\n"
            "        s.connect(('127.0.0.1', int(port))); print(port, 'connected')\n"
            "    except OSError as e:\n"
            "        print(port, e.errno)\n"
            "    s.close()\n"
        )
        entry = MapEntry("allowed", {"addr": [127, 0, 0, 1], "port": listed.port})
        with Supervisor(policy("net_allow"), engine=engine, entries=[entry]) as sup:
            r, lines = _run_capturing(sup, [*PY, code, str(listed.port), str(other.port)])
        assert r.returncode == 0
        assert f"{listed.port} connected" in lines
        assert f"{other.port} 111" in lines  # ECONNREFUSED, decided by the policy
    finally:
        listed.close()
        other.close()
    assert listed.accepted == 1
    assert other.accepted == 0  # the refused connect never reached the kernel


def test_network_policy_port_zero_allows_every_port_of_an_address() -> None:
    server = _Server()
    try:
        code = f"import socket\nsocket.create_connection(('127.0.0.1', {server.port})).close()"
        entry = MapEntry("allowed", {"addr": [127, 0, 0, 1], "port": 0})
        result, _ = supervise(policy("net_allow"), [*PY, code], entries=[entry])
        assert result.returncode == 0
        denied, _ = supervise(policy("net_allow"), [*PY, code])
        assert denied.returncode == 1  # ConnectionRefusedError
    finally:
        server.close()


def _run_capturing_both(sup: Supervisor, argv: list[str]) -> tuple[Any, str, str]:
    """Run with the command's stdout and stderr (our fds 1 and 2) captured."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        saved = os.dup(1), os.dup(2)
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            result = sup.run(argv)
        finally:
            for fd, old in zip((1, 2), saved):
                os.dup2(old, fd)
                os.close(old)
        out.seek(0)
        err.seek(0)
        return result, out.read().decode(), err.read().decode()


def _run_capturing(sup: Supervisor, argv: list[str]) -> tuple[Any, str]:
    result, out, _ = _run_capturing_both(sup, argv)
    return result, out


# ---- kill on exec ---------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ENGINES)
def test_execve_of_a_listed_binary_is_killed(tmp_path: Path, engine: str) -> None:
    true = subprocess.run(["sh", "-c", "command -v true"], capture_output=True, text=True)
    path = true.stdout.strip() if true.stdout.strip().startswith("/") else "/bin/true"
    marker = tmp_path / "ran"
    script = f"{path}; echo status=$? > {marker}"
    entries = [MapEntry("denied_exec", path)]
    with Supervisor(policy("kill_exec"), engine=engine, entries=entries) as sup:
        r = sup.run(["sh", "-c", script])
        assert r.returncode == 0
        assert marker.read_text().strip() == "status=137"  # the shell's child got SIGKILL
        assert r.decisions["kill_process"] == 1
        direct = sup.run([path])
    assert direct.returncode == -9 and direct.exit_status == 137


def test_cli_kill_exec(tmp_path: Path) -> None:
    r = ebpy_cli(
        "supervise", policy("kill_exec"), "--map-entry", "denied_exec", "/bin/sh", "--",
        "/bin/sh", "-c", "true",
    )  # fmt: skip
    assert r.returncode == 137
    assert "kill_process 1" in r.stderr


# ---- policies written for the tests ----------------------------------------------------------------
ERRNO_ZERO_MKDIR = """
#include <ebpy/seccomp.h>
char _license[] SEC("license") = "GPL";
SEC("seccomp") int fake_mkdir(struct seccomp_data *ctx)
{
    if (ctx->nr == __NR_mkdir) return SECCOMP_RET_ERRNO | 0;    /* "succeeds" without running */
    if (ctx->nr == __NR_rmdir) return SECCOMP_RET_ERRNO | 5000; /* clamped to 4095 */
    return SECCOMP_RET_ALLOW;
}
"""

TASK_INFO = """
#include <ebpy/seccomp.h>
struct info { __u32 tgid; __u32 pid; __u32 uid; __u32 gid; char comm[16]; char path[200]; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct info); } seen SEC(".maps");
char _license[] SEC("license") = "GPL";
SEC("seccomp") int who(struct seccomp_data *ctx)
{
    __u32 zero = 0;
    struct info *i = bpf_map_lookup_elem(&seen, &zero);
    __u64 a1 = ctx->args[1];
    if (!i || ctx->nr != __NR_openat) return SECCOMP_RET_ALLOW;
    __u64 pt = bpf_get_current_pid_tgid(), ug = bpf_get_current_uid_gid();
    i->tgid = pt >> 32; i->pid = pt; i->uid = ug; i->gid = ug >> 32;
    bpf_get_current_comm(i->comm, sizeof(i->comm));
    bpf_probe_read_user_str(i->path, sizeof(i->path), (void *)a1);
    return SECCOMP_RET_ALLOW;
}
"""

NULL_DEREF = """
#include <ebpy/seccomp.h>
char _license[] SEC("license") = "GPL";
SEC("seccomp") int broken(struct seccomp_data *ctx)
{
    if (ctx->nr == __NR_getcwd) return *(volatile int *)(long)ctx->args[5];
    return SECCOMP_RET_ALLOW;
}
"""


def test_errno_zero_and_errno_clamp(compile_bpf, tmp_path: Path) -> None:
    obj = compile_bpf(ERRNO_ZERO_MKDIR, "fake_mkdir")
    target = tmp_path / "d"
    code = (
        "import os, sys\n"
        f"os.mkdir({str(target)!r}); print('mkdir ok', os.path.exists({str(target)!r}))\n"
        f"try: os.rmdir({str(tmp_path)!r})\n"
        "except OSError as e: print('rmdir', e.errno)\n"
    )
    with Supervisor(obj) as sup:
        r, out = _run_capturing(sup, [*PY, code])
    assert r.returncode == 0
    assert "mkdir ok False" in out
    assert "rmdir 4095" in out


def test_policy_sees_the_calling_process(compile_bpf, tmp_path: Path) -> None:
    obj = compile_bpf(TASK_INFO, "task_info")
    marker = tmp_path / "some-file-name"
    marker.write_text("")
    with Supervisor(obj) as sup:
        r = sup.run(["cat", str(marker)])
        info = sup.maps["seen"][0]
    assert r.returncode == 0
    assert info["comm"] == "cat"
    assert info["uid"] == os.getuid() and info["gid"] == os.getgid()
    assert info["tgid"] == info["pid"] and info["pid"] > 0
    assert info["path"] == str(marker)  # the last openat: the file cat opened


def test_a_failing_policy_denies_the_call(compile_bpf) -> None:
    obj = compile_bpf(NULL_DEREF, "null_deref")
    code = (
        "import os\ntry: os.getcwd(); print('ran')\nexcept OSError as e: print('denied', e.errno)"
    )
    with Supervisor(obj, verify=False) as sup:
        r, out = _run_capturing(sup, [*PY, code])
    assert "denied 1" in out  # EPERM: fail closed
    assert r.decisions["error"] == 1
    assert "getcwd" in r.errors[0] and "null pointer" in r.errors[0]


# ---- without root ---------------------------------------------------------------------------------
@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop privileges to nobody")
def test_supervise_works_without_root() -> None:
    """A forked test process gives up root (setuid nobody) and supervises a command: the
    filter needs no capability, only no_new_privs, which the child sets."""
    import pwd

    nobody = pwd.getpwnam("nobody")
    shared = tempfile.mkdtemp()
    os.chmod(shared, 0o777)
    protected = os.path.join(shared, "p")
    os.mkdir(protected)
    os.chmod(protected, 0o777)
    sup = Supervisor(policy("deny_writes"), constants={"protected_dir": protected})
    counter = Supervisor(policy("count_syscalls"))
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - reported through the pipe
        status = 1
        try:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            denied = sup.run(["sh", "-c", f"echo > {protected}/x; touch {shared}/ok"])
            counted = counter.run(["sh", "-c", "id -u > /dev/null"])
            counts = dict(counter.maps["syscall_counts"].items())
            report = {
                "uid": os.getuid(),
                "denied": denied.decisions["errno"],
                "rc": denied.returncode,
                "counted": sum(counts.values()),
                "calls": counted.calls,
            }
            os.write(w, json.dumps(report).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(w)
    data = os.read(r, 4096)
    os.close(r)
    _, status = os.waitpid(pid, 0)
    sup.close()
    counter.close()
    assert os.waitstatus_to_exitcode(status) == 0, data
    report = json.loads(data)
    assert report["uid"] == nobody.pw_uid
    assert report["denied"] == 1 and report["rc"] == 0
    assert not os.path.exists(os.path.join(protected, "x"))
    assert os.path.exists(os.path.join(shared, "ok"))
    assert report["counted"] == report["calls"] > 20


# ---- bad input ------------------------------------------------------------------------------------
def test_bad_input_gives_one_line(tmp_path: Path, compile_bpf) -> None:
    cases = [
        (["supervise", policy("count_syscalls")], "no command given"),
        (["supervise", policy("count_syscalls"), "--", "no-such-command-xyz"], "command not found"),
        (["supervise", str(tmp_path / "missing.o"), "--", "true"], "missing.o"),
        (["supervise", policy("count_syscalls"), "--engine", "jit", "--const", "x", "--", "true"],
         "expected NAME=VALUE"),
        (["supervise", policy("kill_exec"), "--map-entry", "nope", "1", "--", "true"], "no map 'nope'"),
        (["supervise", policy("deny_writes"), "--const", "protected_dir=" + "x" * 200, "--", "true"],
         "protected_dir"),
    ]  # fmt: skip
    bad = tmp_path / "bad.o"
    bad.write_bytes(b"\x7fELF not really")
    cases.append((["supervise", str(bad), "--", "true"], "bad.o"))
    xdp = compile_bpf('#include <ebpy/bpf.h>\nSEC("xdp") int x(void *c) { return 2; }', "xdp_only")
    cases.append((["supervise", str(xdp), "--", "true"], "xdp program"))
    for argv, text in cases:
        r = ebpy_cli(*argv)
        assert r.returncode == 1, (argv, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and text in lines[0], (argv, r.stderr)
        assert lines[0].startswith("ebpy supervise: error:")


def test_kernel_engine_is_refused() -> None:
    with pytest.raises(EbpyError, match="cannot run userspace hooks"):
        Supervisor(policy("count_syscalls"), engine="kernel")


def test_notification_layout_matches_the_kernel() -> None:
    """SECCOMP_GET_NOTIF_SIZES: the sizes of struct seccomp_notif, _resp and seccomp_data."""
    import ctypes

    from ebpy.hooks.syscalls import uapi

    libc = ctypes.CDLL(None, use_errno=True)
    sizes = ctypes.create_string_buffer(6)
    arch = uapi.host_arch()
    assert libc.syscall(arch.nr_seccomp, uapi.SECCOMP_GET_NOTIF_SIZES, 0, sizes) == 0
    notif, resp, data = struct.unpack("<HHH", sizes.raw)
    assert (notif, resp, data) == (uapi.NOTIF_SIZE, uapi.NOTIF_RESP.size, uapi.SECCOMP_DATA_SIZE)
