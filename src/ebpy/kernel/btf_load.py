"""BPF_BTF_LOAD: hand raw BTF (types and strings) to the kernel, with its log on rejection."""

from __future__ import annotations

import ctypes
import errno

from ebpy.errors import KernelError
from ebpy.kernel.attr import BtfLoadAttr
from ebpy.kernel.fd import Fd
from ebpy.kernel.syscall import address, bpf_fd, byte_buffer
from ebpy.kernel.uapi import Cmd, LogLevel

DEFAULT_LOG_SIZE = 1 << 16
MAX_LOG_SIZE = (1 << 30) - 1


def load_btf(
    raw: bytes | bytearray | memoryview,
    *,
    log_level: LogLevel | int = LogLevel.NONE,
    log_size: int = DEFAULT_LOG_SIZE,
) -> tuple[Fd, str]:
    """Load BTF; return its fd and the log (empty unless `log_level` asks for one).

    Like program loading, a rejected blob is loaded again with a log, whose last line (the
    kernel's reason, e.g. "[3] STRUCT foo size=8 vlen=1 Invalid member") becomes the hint
    of the KernelError.
    """
    data = byte_buffer(raw)
    level = int(log_level)
    try:
        return _load(data, level, log_size if level else 0)
    except KernelError as e:
        if level or e.errno == errno.EPERM:
            raise
    # Again with a log, so the error names the kernel's reason (a success here is kept).
    return _load(data, int(LogLevel.VERBOSE), log_size)


def _load(data: ctypes.Array[ctypes.c_char], level: int, size: int) -> tuple[Fd, str]:
    while True:
        buf = ctypes.create_string_buffer(size) if size else None
        attr = BtfLoadAttr(
            btf=address(data),
            btf_size=len(data),
            btf_log_buf=address(buf),
            btf_log_size=size,
            btf_log_level=level,
        )
        try:
            fd = bpf_fd(Cmd.BTF_LOAD, attr, what="loading BTF")
        except KernelError as e:
            log = buf.value.decode(errors="replace") if buf is not None else ""
            if e.errno == errno.ENOSPC and buf is not None and size < MAX_LOG_SIZE:
                size = min(MAX_LOG_SIZE, max(attr.btf_log_true_size, size * 4))
                continue
            reason = _last_line(log)
            if reason:
                raise KernelError(e.errno or 0, "loading BTF", reason) from None
            raise
        return fd, buf.value.decode(errors="replace") if buf is not None else ""


def _last_line(log: str) -> str:
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    return lines[-1] if lines else ""
