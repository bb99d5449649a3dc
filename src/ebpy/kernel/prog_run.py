"""BPF_PROG_TEST_RUN: run a loaded program on given input and read back what it produced."""

from __future__ import annotations

import ctypes
import errno

from ebpy.errors import KernelError
from ebpy.kernel.attr import ProgRunAttr
from ebpy.kernel.fd import Fd
from ebpy.kernel.syscall import address, bpf, byte_buffer
from ebpy.kernel.uapi import Cmd, RunFlags
from ebpy.spec.run import RunResult
from ebpy.spec.types import ProgramType

# Room for a packet to grow: XDP can move its head by 256 bytes and grow its tail into the
# rest of the page, so a page more than the input fits every non-fragmented result.
DATA_OUT_SLACK = 4096

# Types whose test run takes a context but refuses ctx_out (raw tracepoints, tracing) ...
_NO_CTX_OUT = frozenset(
    {
        ProgramType.RAW_TRACEPOINT,
        ProgramType.RAW_TRACEPOINT_WRITABLE,
        ProgramType.TRACING,
        ProgramType.STRUCT_OPS,
        ProgramType.LSM,
    }
)
# ... and the one that writes its context back into ctx_in instead.
_CTX_IN_PLACE = frozenset({ProgramType.SYSCALL})


def run_program(
    fd: Fd,
    prog_type: ProgramType | int,
    *,
    data: bytes | bytearray | memoryview = b"",
    ctx: bytes | bytearray | memoryview | None = None,
    repeat: int = 1,
    flags: RunFlags | int = RunFlags.NONE,
    cpu: int = 0,
    batch_size: int = 0,
    data_out_size: int | None = None,
    name: str = "",
) -> RunResult:
    """Run the program behind `fd` `repeat` times; RunResult.duration_ns is the kernel's average.

    `data` is the packet (for packet programs), `ctx` the context struct (`struct __sk_buff`,
    `struct xdp_md`, raw tracepoint args, ...) where the type accepts one; the returned
    ctx_out is the context after the run. The kernel fails a run whose output does not fit
    with ENOSPC; `data_out_size` makes room for programs that grow packets a lot.
    """
    if repeat < 1:
        raise KernelError(errno.EINVAL, f"test run of {name or 'program'}", f"repeat {repeat} < 1")
    what = f"test run of program {name}" if name else "test run"
    data_in = byte_buffer(data) if len(data) else None
    out_size = data_out_size if data_out_size is not None else len(data) + DATA_OUT_SLACK
    data_out = ctypes.create_string_buffer(out_size) if data_in is not None else None
    ctx_in = byte_buffer(ctx) if ctx is not None else None
    ctx_out = None
    if ctx is not None and prog_type not in _NO_CTX_OUT and prog_type not in _CTX_IN_PLACE:
        ctx_out = ctypes.create_string_buffer(len(ctx))

    attr = ProgRunAttr(
        prog_fd=fd.fileno(),
        data_size_in=len(data),
        data_in=address(data_in),
        data_size_out=len(data_out) if data_out is not None else 0,
        data_out=address(data_out),
        # The kernel reads 0 as 1, and some types (raw tracepoints, syscall) insist on 0.
        repeat=repeat if repeat > 1 else 0,
        ctx_size_in=len(ctx_in) if ctx_in is not None else 0,
        ctx_in=address(ctx_in),
        ctx_size_out=len(ctx_out) if ctx_out is not None else 0,
        ctx_out=address(ctx_out),
        flags=int(flags),
        cpu=cpu,
        batch_size=batch_size,
    )
    try:
        bpf(Cmd.PROG_TEST_RUN, attr, what=what)
    except KernelError as e:
        if e.errno == errno.ENOSPC and data_out is not None and attr.data_size_out > out_size:
            # Re-running would repeat the program's side effects, so say what size to ask for.
            raise KernelError(
                errno.ENOSPC,
                what,
                f"the output packet is {attr.data_size_out} bytes; pass "
                f"data_out_size={attr.data_size_out}",
            ) from None
        raise
    out = b""
    if data_out is not None:
        out = data_out.raw[: min(attr.data_size_out, out_size)]
    ctx_result: bytes | None = None
    if ctx_out is not None:
        ctx_result = ctx_out.raw[: min(attr.ctx_size_out, len(ctx_out))]
    elif ctx_in is not None and prog_type in _CTX_IN_PLACE:
        ctx_result = ctx_in.raw
    return RunResult(
        retval=attr.retval,
        data_out=out,
        ctx_out=ctx_result,
        duration_ns=attr.duration,
        repeat=repeat,
    )
