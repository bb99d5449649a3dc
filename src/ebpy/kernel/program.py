"""Loading programs into the kernel (BPF_PROG_LOAD) and the KernelProgram that owns one."""

from __future__ import annotations

import ctypes
import errno
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from ebpy.errors import KernelError, LoadError, VerifierError
from ebpy.isa import Instruction, encode
from ebpy.kernel.attr import (
    FuncInfoRecord,
    LineInfoRecord,
    ProgLoadAttr,
    check_u32,
    object_name,
)
from ebpy.kernel.fd import Fd, FdLike, OwnsFd, fd_number
from ebpy.kernel.info import ProgramInfo, program_info
from ebpy.kernel.prog_run import run_program
from ebpy.kernel.syscall import address, bpf_fd, byte_buffer, c_string
from ebpy.kernel.uapi import Cmd, LogLevel, ProgFlags, RunFlags
from ebpy.kernel.verifier_log import VerificationStats, parse_rejection, parse_stats
from ebpy.spec.run import RunResult
from ebpy.spec.types import AttachType, ProgramType

if TYPE_CHECKING:
    from ebpy.kernel.link import Link
    from ebpy.spec.program_spec import ProgramSpec

# First buffer sizes by log level; the kernel says the exact size when one is too small (and
# the load is repeated), so these only keep the common case to one load and a small buffer.
STATS_LOG_SIZE = 1 << 12  # the statistics block is a few lines
VERBOSE_LOG_SIZE = 1 << 16  # a rejection's level-1 trace
DEFAULT_LOG_SIZE = 1 << 20  # level 2 traces every instruction
MAX_LOG_SIZE = (1 << 30) - 1  # the kernel refuses log_size above UINT_MAX >> 2
MIN_LOG_SIZE = 128  # ... and below this


@dataclass(frozen=True)
class FuncInfo:
    """One bpf_func_info record: function starting at instruction `insn_off`, BTF `type_id`."""

    insn_off: int
    type_id: int


@dataclass(frozen=True)
class LineInfo:
    """One bpf_line_info record; file and line text are offsets into the BTF string section."""

    insn_off: int
    file_name_off: int
    line_off: int
    line: int
    column: int = 0


@dataclass
class _Attempt:
    """One BPF_PROG_LOAD call's outcome: the fd, or the error, and the log either way."""

    fd: Fd | None
    error: KernelError | None
    log: str


class KernelProgram(OwnsFd):
    """A program loaded into the kernel. Owns its fd; close() (or `with`) unloads it."""

    def __init__(
        self,
        fd: Fd,
        *,
        name: str,
        type: ProgramType | int,
        expected_attach_type: AttachType | int | None,
        insn_count: int,
        log: str = "",
        stats: VerificationStats | None = None,
    ) -> None:
        self.fd = fd
        self.name = name
        self.type = type
        self.expected_attach_type = expected_attach_type
        self.insn_count = insn_count  # 8-byte slots handed to the kernel
        self.log = log  # the verifier log, when one was asked for
        self.stats = stats  # the verifier's statistics, when asked for
        self.spec: ProgramSpec | None = None  # set when loaded from an object (section, ...)
        self.collection: Any = None  # the KernelCollection it belongs to, if any

    def test_run(
        self,
        data: bytes | bytearray | memoryview = b"",
        ctx: bytes | bytearray | memoryview | None = None,
        repeat: int = 1,
        *,
        flags: RunFlags | int = RunFlags.NONE,
        cpu: int = 0,
        batch_size: int = 0,
        data_out_size: int | None = None,
    ) -> RunResult:
        """BPF_PROG_TEST_RUN: run `repeat` times on `data` (and `ctx`); see run_program."""
        return run_program(
            self.fd,
            self.type,
            data=data,
            ctx=ctx,
            repeat=repeat,
            flags=flags,
            cpu=cpu,
            batch_size=batch_size,
            data_out_size=data_out_size,
            name=self.name,
        )

    def run(
        self, ctx: bytes | bytearray | None = None, data: bytes | bytearray | memoryview = b""
    ) -> int:
        """Run once with BPF_PROG_TEST_RUN and return r0 (the kernel reports 32 bits); a
        bytearray `ctx` receives the context after the run, as on the userspace engines."""
        result = self.test_run(data=data, ctx=bytes(ctx) if ctx is not None else None)
        if isinstance(ctx, bytearray) and result.ctx_out is not None:
            ctx[:] = result.ctx_out[: len(ctx)]
        return result.retval

    def attach(self, **targets: Any) -> Link:
        """Attach where the section name says (tracepoint/..., uprobe/PATH:FUNC, ...), with
        `targets` where it cannot: iface=, direction=, cgroup=, sock=, netns=, pid=, ...
        (see ebpy.kernel.attach.Targets). The Link detaches when closed; a program of a
        collection hands the link to it too, so closing the collection detaches it."""
        from ebpy.kernel.attach import attach

        link = attach(self, **targets)
        if self.collection is not None:
            self.collection.links.append(link)
        return link

    def pin(self, path: str | os.PathLike[str]) -> None:
        """Pin the program on a BPF filesystem (it stays loaded until the pin is removed)."""
        from ebpy.kernel.commands import obj_pin

        obj_pin(self.fd, path)

    def info(self, *, xlated: bool = False, jited: bool = False) -> ProgramInfo:
        return program_info(self.fd, xlated=xlated, jited=jited)

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"fd {self.fd.fileno()}"
        kind = self.type.name if isinstance(self.type, ProgramType) else str(self.type)
        return f"<KernelProgram {self.name or '(anonymous)'} {kind} {state}>"


def _code_bytes(insns: Sequence[Instruction] | bytes | bytearray) -> bytes:
    if isinstance(insns, bytes | bytearray):
        code = bytes(insns)
        if len(code) % 8:
            raise LoadError(f"program is {len(code)} bytes, not a whole number of instructions")
        return code
    return encode(insns)


def _func_records(records: Sequence[FuncInfo]) -> ctypes.Array[FuncInfoRecord]:
    return (FuncInfoRecord * len(records))(
        *(FuncInfoRecord(r.insn_off, r.type_id) for r in records)
    )


def _line_records(records: Sequence[LineInfo]) -> ctypes.Array[LineInfoRecord]:
    # line_col packs the line above the low 10 bits of column, as in struct bpf_line_info.
    return (LineInfoRecord * len(records))(
        *(
            LineInfoRecord(r.insn_off, r.file_name_off, r.line_off, r.line << 10 | r.column)
            for r in records
        )
    )


def load_program(
    insns: Sequence[Instruction] | bytes | bytearray,
    prog_type: ProgramType | int,
    *,
    license: str = "GPL",
    name: str = "",
    expected_attach_type: AttachType | int | None = None,
    log_level: LogLevel | int = LogLevel.NONE,
    log_size: int | None = None,
    stats: bool = False,
    prog_flags: ProgFlags | int = ProgFlags.NONE,
    kern_version: int = 0,
    fd_array: Sequence[FdLike] = (),
    btf: FdLike | None = None,
    func_info: Sequence[FuncInfo] = (),
    line_info: Sequence[LineInfo] = (),
    attach_btf_id: int = 0,
    attach_btf_obj_fd: FdLike | None = None,
    attach_prog_fd: FdLike | None = None,
    ifindex: int = 0,
) -> KernelProgram:
    """Load a program with BPF_PROG_LOAD and return the KernelProgram that owns it.

    Maps are referenced the kernel's way: lddw with src=MAP_FD carries the map's fd in imm, or
    src=MAP_IDX an index into `fd_array`. `btf`, `func_info` and `line_info` attach source
    information (the BTF object must hold the FUNC types named).

    Like libbpf, the first attempt runs without a log (fast); a rejection is retried with a
    log to explain it. With `log_level` or `stats` the log is kept on the result (`.log`,
    `.stats`). A verifier rejection raises VerifierError (message, insn, source and the full
    log; its __cause__ is the KernelError with the errno); other failures raise KernelError.
    """
    ptype = int(prog_type)
    code = _code_bytes(insns)
    if not code:
        raise LoadError("cannot load an empty program")
    if log_size is not None and not MIN_LOG_SIZE <= log_size <= MAX_LOG_SIZE:
        raise LoadError(f"log_size {log_size} outside {MIN_LOG_SIZE}..{MAX_LOG_SIZE}")
    label = name or "(anonymous)"
    what = f"loading program {label}"

    code_buf = byte_buffer(code)
    license_buf = c_string(license)
    fds = (ctypes.c_int32 * len(fd_array))(*(fd_number(f) for f in fd_array))
    func_buf = _func_records(func_info)
    line_buf = _line_records(line_info)

    attr = ProgLoadAttr(
        prog_type=check_u32(ptype, "program type", what),
        insn_cnt=len(code) // 8,
        insns=address(code_buf),
        license=address(license_buf),
        kern_version=check_u32(kern_version, "kern_version", what),
        prog_flags=check_u32(int(prog_flags), "prog_flags", what),
        prog_name=object_name(name),
        prog_ifindex=check_u32(ifindex, "ifindex", what),
        expected_attach_type=check_u32(
            int(expected_attach_type or 0), "expected_attach_type", what
        ),
        attach_btf_id=check_u32(attach_btf_id, "attach_btf_id", what),
    )
    if fd_array:
        attr.fd_array = address(fds)
    if btf is not None:
        attr.prog_btf_fd = fd_number(btf)
    if func_info:
        attr.func_info_rec_size = ctypes.sizeof(FuncInfoRecord)
        attr.func_info = address(func_buf)
        attr.func_info_cnt = len(func_info)
    if line_info:
        attr.line_info_rec_size = ctypes.sizeof(LineInfoRecord)
        attr.line_info = address(line_buf)
        attr.line_info_cnt = len(line_info)
    if attach_btf_obj_fd is not None:
        attr.attach_btf_obj_fd = fd_number(attach_btf_obj_fd)
    if attach_prog_fd is not None:
        attr.attach_prog_fd = fd_number(attach_prog_fd)

    level = int(log_level) | (LogLevel.STATS if stats else 0)
    if level:
        result = _load_with_log(attr, level, log_size or _first_log_size(level), what)
    else:
        result = _load_once(attr, 0, 0, what)
        if result.error is not None and result.error.errno != errno.EPERM:
            # Explain the failure: load again with a log (level 1 names the failing insn).
            result = _load_with_log(attr, LogLevel.VERBOSE, log_size or VERBOSE_LOG_SIZE, what)
    if result.fd is None:
        _raise_load_error(result, label)
    return KernelProgram(
        result.fd,
        name=name,
        type=_program_type(ptype),
        expected_attach_type=expected_attach_type,
        insn_count=len(code) // 8,
        log=result.log,
        stats=parse_stats(result.log) if result.log else None,
    )


def _first_log_size(level: int) -> int:
    if level & LogLevel.VERY_VERBOSE:
        return DEFAULT_LOG_SIZE
    if level & LogLevel.VERBOSE:
        return VERBOSE_LOG_SIZE
    return STATS_LOG_SIZE


def _program_type(value: int) -> ProgramType | int:
    try:
        return ProgramType(value)
    except ValueError:
        return value


def _load_once(attr: ProgLoadAttr, level: int, size: int, what: str) -> _Attempt:
    buf = ctypes.create_string_buffer(size) if size else None
    attr.log_level = level
    attr.log_size = size
    attr.log_buf = address(buf)
    attr.log_true_size = 0
    try:
        fd = bpf_fd(Cmd.PROG_LOAD, attr, what=what, prog_type=attr.prog_type, retry_again=True)
    except KernelError as e:
        return _Attempt(None, e, _log_text(buf))
    return _Attempt(fd, None, _log_text(buf))


def _load_with_log(attr: ProgLoadAttr, level: int, size: int, what: str) -> _Attempt:
    """Load with a log, growing the buffer until the whole log fits (ENOSPC means it did not:
    since 6.4 the kernel says how big it must be in log_true_size)."""
    while True:
        result = _load_once(attr, level, size, what)
        if result.error is None or result.error.errno != errno.ENOSPC or size >= MAX_LOG_SIZE:
            return result
        wanted = attr.log_true_size
        size = min(MAX_LOG_SIZE, wanted if wanted > size else size * 4)


def _log_text(buf: ctypes.Array[ctypes.c_char] | None) -> str:
    return buf.value.decode(errors="replace") if buf is not None else ""


def _raise_load_error(result: _Attempt, label: str) -> NoReturn:
    error = result.error
    assert error is not None
    if not result.log.strip():
        raise error
    rejection = parse_rejection(result.log)
    # The errno stays reachable as __cause__; its hint now points at the log we have.
    cause = KernelError(error.errno or 0, error.what, "the verifier rejected it; see the log")
    raise VerifierError(
        rejection.message,
        insn=rejection.insn,
        source=rejection.source,
        log=result.log,
        program=label,
    ) from cause
