"""Loading and running programs in the kernel (ebpy.kernel.program), checked against the kernel."""

from __future__ import annotations

import errno
import os
import struct

import pytest

from ebpy.errors import KernelError, LoadError, VerifierError
from ebpy.isa import Instruction as I
from ebpy.isa import PseudoSrc
from ebpy.kernel.btf_load import load_btf
from ebpy.kernel.info import btf_info
from ebpy.kernel.maps import create_map
from ebpy.kernel.program import FuncInfo, KernelProgram, LineInfo, load_program
from ebpy.kernel.uapi import LogLevel, ProgFlags
from ebpy.spec.run import RunResult
from ebpy.spec.types import MapType, ProgramType

pytestmark = pytest.mark.kernel

XDP_ABORTED, XDP_DROP, XDP_PASS = 0, 1, 2
EXIT = I(0x95)


def mov(dst: int, imm: int) -> I:
    return I(0xB7, dst, 0, 0, imm)


def movr(dst: int, src: int) -> I:
    return I(0xBF, dst, src)


def ldxw(dst: int, src: int, off: int) -> I:
    return I(0x61, dst, src, off)


def ldxdw(dst: int, src: int, off: int) -> I:
    return I(0x79, dst, src, off)


def stxdw(dst: int, src: int, off: int) -> I:
    return I(0x7B, dst, src, off)


def add(dst: int, imm: int) -> I:
    return I(0x07, dst, 0, 0, imm)


RETURN_PASS = [mov(0, XDP_PASS), EXIT]

# XDP: write 0xab into the first packet byte when the packet has 2 bytes, else drop.
XDP_MARK_FIRST_BYTE = [
    ldxw(2, 1, 0),  # r2 = ctx->data
    ldxw(3, 1, 4),  # r3 = ctx->data_end
    movr(4, 2),
    add(4, 2),
    I(0x2D, 4, 3, 4),  # if r4 > r3 goto drop
    mov(5, 0xAB),
    I(0x73, 2, 5, 0),  # *(u8 *)(r2 + 0) = r5
    mov(0, XDP_PASS),
    EXIT,
    mov(0, XDP_DROP),  # drop:
    EXIT,
]


def counter_program(map_ref: I) -> list[I]:
    """XDP: value[0] += 1 in an array map (map_ref is the lddw naming it), return PASS."""
    return [
        I(0x62, 10, 0, -4, 0),  # *(u32 *)(r10 - 4) = 0
        movr(2, 10),
        add(2, -4),
        map_ref,
        I(0x85, 0, 0, 0, 1),  # call bpf_map_lookup_elem
        I(0x15, 0, 0, 3, 0),  # if r0 == 0 goto out
        ldxdw(1, 0, 0),
        add(1, 1),
        stxdw(0, 1, 0),
        mov(0, XDP_PASS),  # out:
        EXIT,
    ]


def fd_count() -> int:
    return len(os.listdir("/proc/self/fd"))


# ---- loading and running ---------------------------------------------------------------------
def test_xdp_program_runs_and_returns_verdict() -> None:
    with load_program(RETURN_PASS, ProgramType.XDP, name="pass") as prog:
        assert isinstance(prog, KernelProgram)
        frame = bytes(range(64))
        result = prog.test_run(frame)
        assert isinstance(result, RunResult)
        assert result.retval == XDP_PASS
        assert result.data_out == frame
        assert result.ctx_out is None
    assert prog.closed


def test_xdp_program_changes_packet_and_checks_bounds() -> None:
    with load_program(XDP_MARK_FIRST_BYTE, ProgramType.XDP) as prog:
        frame = bytes(64)
        result = prog.test_run(frame, repeat=100)
        assert result.retval == XDP_PASS
        assert result.data_out == b"\xab" + bytes(63)
        assert result.repeat == 100
        assert result.duration_ns >= 0


def test_xdp_test_run_needs_an_ethernet_header() -> None:
    # Pinned kernel behaviour: XDP test runs refuse frames shorter than ETH_HLEN (14 bytes).
    with load_program(RETURN_PASS, ProgramType.XDP) as prog:
        assert prog.test_run(bytes(14)).retval == XDP_PASS
        with pytest.raises(KernelError) as info:
            prog.test_run(bytes(13))
        assert info.value.errno == errno.EINVAL


def test_xdp_output_too_big_for_buffer_names_the_size() -> None:
    with load_program(RETURN_PASS, ProgramType.XDP) as prog, pytest.raises(KernelError) as info:
        prog.test_run(bytes(64), data_out_size=20)
    assert info.value.errno == errno.ENOSPC
    assert "data_out_size=64" in str(info.value)


def test_socket_filter_sees_packet_after_ethernet_header() -> None:
    # Socket filters run with skb->data at the network header: skb->len is the frame minus 14,
    # and a legacy absolute load of byte 0 reads frame byte 14.
    length = load_program([ldxw(0, 1, 0), EXIT], ProgramType.SOCKET_FILTER)
    first = load_program([movr(6, 1), I(0x30, 0, 0, 0, 0), EXIT], ProgramType.SOCKET_FILTER)
    with length, first:
        frame = bytes(range(100, 164))
        assert length.test_run(frame).retval == 50
        result = first.test_run(frame, repeat=10)
        assert result.retval == frame[14]
        assert result.data_out[14:] == frame[14:]
        assert len(result.data_out) == len(frame)


def test_skb_context_in_and_out() -> None:
    # __sk_buff: mark at offset 8 (readable by socket filters), cb[0] at 48 (writable).
    prog_insns = [ldxw(0, 1, 8), I(0x62, 1, 0, 48, 7), EXIT]
    ctx = bytearray(192)
    struct.pack_into("<I", ctx, 8, 0x1234)
    with load_program(prog_insns, ProgramType.SOCKET_FILTER) as prog:
        result = prog.test_run(bytes(64), ctx=bytes(ctx))
    assert result.retval == 0x1234
    assert result.ctx_out is not None and len(result.ctx_out) == 192
    assert struct.unpack_from("<I", result.ctx_out, 48)[0] == 7
    assert struct.unpack_from("<I", result.ctx_out, 8)[0] == 0x1234


def test_raw_tracepoint_test_run_takes_args_without_ctx_out() -> None:
    with load_program([ldxdw(0, 1, 0), EXIT], ProgramType.RAW_TRACEPOINT) as prog:
        result = prog.test_run(ctx=struct.pack("<Q", 42))
    assert result.retval == 42
    assert result.ctx_out is None
    assert result.data_out == b""


def test_syscall_program_writes_its_context_back() -> None:
    insns = [I(0x62, 1, 0, 0, 99), mov(0, 5), EXIT]  # *(u32 *)(ctx + 0) = 99; return 5
    with pytest.raises(VerifierError, match="only be sleepable"):
        load_program(insns, ProgramType.SYSCALL)
    with load_program(insns, ProgramType.SYSCALL, prog_flags=ProgFlags.SLEEPABLE) as prog:
        result = prog.test_run(ctx=bytes(8))
    assert result.retval == 5
    assert result.ctx_out == struct.pack("<I", 99) + bytes(4)


def test_retval_is_the_kernels_u32() -> None:
    with load_program([mov(0, -1), EXIT], ProgramType.SOCKET_FILTER) as prog:
        assert prog.test_run(bytes(64)).retval == 0xFFFFFFFF


def test_program_from_raw_bytes() -> None:
    code = b"".join(i.encode() for i in RETURN_PASS)
    with load_program(code, ProgramType.XDP) as prog:
        assert prog.test_run(bytes(20)).retval == XDP_PASS
        assert prog.insn_count == 2


# ---- info -----------------------------------------------------------------------------------
def test_info_reports_what_was_loaded() -> None:
    with load_program(
        XDP_MARK_FIRST_BYTE, ProgramType.XDP, name="xdp/mark-first.byte_long_name"
    ) as prog:
        info = prog.info(xlated=True, jited=True)
    assert info.type == ProgramType.XDP
    assert info.name == "xdpmarkfirst.by"  # invalid characters dropped, cut to 15 bytes
    assert info.id > 0 and len(info.tag) == 16
    assert info.gpl_compatible
    assert info.verified_insns == 11  # one straight path plus the branch target
    assert info.xlated_prog_len == 8 * len(XDP_MARK_FIRST_BYTE)
    assert info.xlated is not None and len(info.xlated) == info.xlated_prog_len
    assert info.jited_prog_len > 0 and info.jited is not None
    assert info.map_ids == ()


def test_non_gpl_license_is_recorded_and_enforced() -> None:
    with load_program(RETURN_PASS, ProgramType.XDP, license="Proprietary") as prog:
        assert not prog.info().gpl_compatible
    printk = [
        I(0x7A, 10, 0, -8, 0),  # *(u64 *)(r10 - 8) = 0
        movr(1, 10),
        add(1, -8),
        mov(2, 8),
        I(0x85, 0, 0, 0, 6),  # call bpf_trace_printk (GPL only)
        mov(0, 0),
        EXIT,
    ]
    with pytest.raises(VerifierError) as info:
        load_program(printk, ProgramType.XDP, license="Proprietary")
    assert info.value.insn == 4
    assert "GPL" in info.value.message


def test_map_by_fd_and_by_index_in_fd_array() -> None:
    with create_map(MapType.ARRAY, 4, 8, 1, name="counter") as counter:
        by_fd = counter_program(I.lddw(1, counter.fileno(), PseudoSrc.MAP_FD))
        by_idx = counter_program(I.lddw(1, 0, PseudoSrc.MAP_IDX))
        with load_program(by_fd, ProgramType.XDP) as p1:
            p1.test_run(bytes(14), repeat=5)
            assert p1.info().map_ids == (counter.info().id,)
        with load_program(by_idx, ProgramType.XDP, fd_array=[counter]) as p2:
            p2.test_run(bytes(14), repeat=3)
            assert p2.info().map_ids == (counter.info().id,)
        assert counter[0] == 8


# ---- the verifier's verdicts -----------------------------------------------------------------
REJECTED = {
    "packet access without bounds check": (
        [ldxw(2, 1, 0), I(0x71, 0, 2, 0, 0), EXIT],
        1,
        "invalid access to packet",
        errno.EACCES,
    ),
    "r0 not set at exit": ([EXIT], 0, "R0 !read_ok", errno.EACCES),
    "scalar dereference late in the program": (
        [mov(1, 0), mov(2, 1), mov(3, 2), mov(4, 3), movr(5, 4), I(0x71, 0, 1, 0, 0), EXIT],
        5,
        "R1 invalid mem access 'scalar'",
        errno.EACCES,
    ),
    "unreachable code": ([mov(0, 0), EXIT, mov(0, 1), EXIT], 2, "unreachable insn 2", errno.EINVAL),
    "jump out of range": (
        [I(0x05, 0, 0, 5, 0), EXIT],
        0,
        "jump out of range from insn 0 to 6",
        errno.EINVAL,
    ),
    "write to frame pointer": (
        [mov(10, 0), mov(0, 0), EXIT],
        0,
        "frame pointer is read only",
        errno.EACCES,
    ),
    "unknown helper": (
        [I(0x85, 0, 0, 0, 99999), EXIT],
        0,
        "invalid func unknown#99999",
        errno.EINVAL,
    ),
}


@pytest.mark.parametrize("case", list(REJECTED))
def test_rejection_names_instruction_and_message(case: str) -> None:
    insns, insn, message, err = REJECTED[case]
    with pytest.raises(VerifierError) as info:
        load_program(insns, ProgramType.XDP, name="bad")
    e = info.value
    assert e.insn == insn, e.log
    assert message in e.message, e.log
    assert e.program == "bad"
    assert message in e.log
    assert isinstance(e.__cause__, KernelError) and e.__cause__.errno == err
    assert str(e).startswith(f"insn {insn}: ")


def test_rejection_with_source_line_from_line_info() -> None:
    btf, strings = _func_btf()
    with btf, pytest.raises(VerifierError) as info:
        load_program(
            [mov(0, 0), ldxdw(0, 0, 0), EXIT],
            ProgramType.XDP,
            btf=btf,
            func_info=[FuncInfo(0, 3)],
            line_info=[
                LineInfo(0, strings["prog.c"], strings["int x = 0;"], 3, 2),
                LineInfo(1, strings["prog.c"], strings["return *p;"], 4, 9),
            ],
        )
    assert info.value.insn == 1
    assert info.value.message == "R0 invalid mem access 'scalar'"
    assert info.value.source == "prog.c:4: return *p;"


def _func_btf() -> tuple:
    """BTF with `int` [1], `int (void)` [2] and FUNC `xdp_main` [3]; strings by text."""
    names = ["int", "xdp_main", "prog.c", "int x = 0;", "return *p;"]
    blob = b"\0"
    offsets = {}
    for n in names:
        offsets[n] = len(blob)
        blob += n.encode() + b"\0"
    words = [
        offsets["int"], 0x01000000, 4, (1 << 24) | 32,  # [1] INT int, signed 32 bits
        0, 0x0D000000, 1,  # [2] FUNC_PROTO returning [1], no params
        offsets["xdp_main"], 0x0C000000, 2,  # [3] FUNC xdp_main (static) of type [2]
    ]  # fmt: skip
    types = b"".join(w.to_bytes(4, "little") for w in words)
    header = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(types), len(types), len(blob))
    fd, _ = load_btf(header + types + blob)
    return fd, offsets


def test_func_and_line_info_reach_the_kernel() -> None:
    btf, strings = _func_btf()
    with (
        btf,
        load_program(
            RETURN_PASS,
            ProgramType.XDP,
            btf=btf,
            func_info=[FuncInfo(0, 3)],
            line_info=[LineInfo(0, strings["prog.c"], strings["int x = 0;"], 3, 2)],
        ) as prog,
    ):
        info = prog.info()
    assert info.btf_id > 0
    assert info.nr_func_info == 1
    assert info.nr_line_info == 1


# ---- logs and statistics ---------------------------------------------------------------------
def test_successful_load_has_no_log_unless_asked() -> None:
    with load_program(RETURN_PASS, ProgramType.XDP) as prog:
        assert prog.log == "" and prog.stats is None
    # Pinned kernel behaviour: level 1 keeps the instruction trace only for a rejection (it
    # is what explains it); an accepted program's level-1 log is the summary. Level 2 keeps all.
    with load_program(RETURN_PASS, ProgramType.XDP, log_level=LogLevel.VERBOSE) as prog:
        assert "processed 2 insns" in prog.log and "(b7)" not in prog.log
        assert prog.stats is not None and prog.stats.processed_insns == 2
    with load_program(RETURN_PASS, ProgramType.XDP, log_level=LogLevel.VERY_VERBOSE) as prog:
        assert "0: (b7) r0 = 2" in prog.log


def test_stats_agree_with_the_kernels_verified_insns() -> None:
    with load_program(XDP_MARK_FIRST_BYTE, ProgramType.XDP, stats=True) as prog:
        stats = prog.stats
        assert stats is not None
        assert "processed" in prog.log and "0: (" not in prog.log  # stats only, no trace
        assert stats.processed_insns == prog.info().verified_insns
        assert stats.insn_limit == 1_000_000
        assert stats.time_usec is not None and stats.time_usec >= 0
        assert stats.stack_depth == (0,)
        assert stats.total_states >= 1  # the branch stored a state


def test_small_log_buffer_grows_until_the_log_fits() -> None:
    insns = [mov(0, i) for i in range(200)] + [EXIT]
    with load_program(
        insns, ProgramType.XDP, log_level=LogLevel.VERY_VERBOSE, log_size=128
    ) as prog:
        assert prog.log.startswith("func#0 @0") or prog.log.startswith("0:")
        assert "199: (b7) r0 = 199" in prog.log
        assert prog.stats is not None and prog.stats.processed_insns == 201


# ---- bad input -------------------------------------------------------------------------------
def test_bad_input_is_an_ebpy_error() -> None:
    with pytest.raises(LoadError, match="empty program"):
        load_program([], ProgramType.XDP)
    with pytest.raises(LoadError, match="not a whole number"):
        load_program(b"\x95" * 7, ProgramType.XDP)
    with pytest.raises(LoadError, match="log_size"):
        load_program(RETURN_PASS, ProgramType.XDP, log_size=10)
    with pytest.raises(KernelError) as info:
        load_program(RETURN_PASS, 999)
    assert info.value.errno == errno.EINVAL
    assert "loading program" in str(info.value) and info.value.hint


def test_kernel_log_of_unknown_prog_flags_is_a_kernel_error() -> None:
    with pytest.raises(KernelError) as info:
        load_program(RETURN_PASS, ProgramType.XDP, prog_flags=1 << 30)
    assert info.value.errno == errno.EINVAL


# ---- fd hygiene ------------------------------------------------------------------------------
def test_loading_and_closing_many_programs_leaks_no_fd() -> None:
    before = fd_count()
    for i in range(1000):
        prog = load_program([mov(0, i), EXIT], ProgramType.SOCKET_FILTER)
        prog.close()
    for _ in range(100):
        with pytest.raises(VerifierError):
            load_program([EXIT], ProgramType.XDP)
        with pytest.raises(KernelError):
            load_program(RETURN_PASS, 999)
    assert fd_count() == before


def test_program_over_the_kernels_size_limit_is_e2big() -> None:
    code = I(0xB7, 0, 0, 0, 0).encode() * 1_000_000 + EXIT.encode()
    with pytest.raises(KernelError) as info:
        load_program(code, ProgramType.XDP)
    assert info.value.errno == errno.E2BIG
    assert "too large" in info.value.hint


# ---- BTF --------------------------------------------------------------------------------------
def test_btf_load_and_info() -> None:
    fd, _ = _func_btf()
    with fd:
        info = btf_info(fd)
    assert info.id > 0 and not info.kernel_btf
    assert info.btf_size == 24 + 40 + len(b"\0int\0xdp_main\0prog.c\0int x = 0;\0return *p;\0")


def test_bad_btf_is_a_kernel_error_with_the_kernels_reason() -> None:
    header = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, 16, 16, 1)
    bad_int = struct.pack("<IIII", 0, 0x01000000, 4, 64)  # a 4-byte int of 64 bits
    with pytest.raises(KernelError) as info:
        load_btf(header + bad_int + b"\0")
    assert info.value.errno == errno.EINVAL
    assert str(info.value).startswith("loading BTF: EINVAL")
    assert "nr_bits exceeds type_size" in info.value.hint
