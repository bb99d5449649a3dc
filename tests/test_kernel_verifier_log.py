"""Reading verifier logs (ebpy.kernel.verifier_log) on logs the kernel printed.

The samples are verbatim kernel 6.18 logs (captured with ebpy.kernel.program); the kernel-marked
tests in test_kernel_program.py check the same parsing live.
"""

from __future__ import annotations

from ebpy.kernel.verifier_log import parse_rejection, parse_stats

LEVEL2_PACKET = """\
func#0 @0
Live regs before insn:
      0: .1........ (61) r2 = *(u32 *)(r1 +0)
      1: .12....... (61) r3 = *(u32 *)(r1 +4)
      2: ..23...... (bf) r4 = r2
      3: ..234..... (07) r4 += 8
      4: ..234..... (2d) if r4 > r3 goto pc+2
      5: ..2....... (79) r0 = *(u64 *)(r2 +4)
      6: 0......... (95) exit
      7: .......... (b7) r0 = 1
      8: 0......... (95) exit
0: R1=ctx() R10=fp0
0: (61) r2 = *(u32 *)(r1 +0)          ; R1=ctx() R2=pkt(r=0)
1: (61) r3 = *(u32 *)(r1 +4)          ; R1=ctx() R3=pkt_end()
2: (bf) r4 = r2                       ; R2=pkt(r=0) R4=pkt(r=0)
3: (07) r4 += 8                       ; R4=pkt(off=8,r=0)
4: (2d) if r4 > r3 goto pc+2          ; R3=pkt_end() R4=pkt(off=8,r=8)
5: (79) r0 = *(u64 *)(r2 +4)
invalid access to packet, off=4 size=8, R2(id=0,off=4,r=8)
R2 offset is outside of the packet
processed 6 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
"""

SUBPROGRAM = """\
0: R1=ctx() R10=fp0
0: (b7) r1 = 0                        ; R1=0
1: (85) call pc+2
caller:
 R10=fp0
callee:
 frame1: R1=0 R10=fp0
4: frame1: R1=0 R10=fp0
4: (79) r0 = *(u64 *)(r1 +0)
R1 invalid mem access 'scalar'
processed 3 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
"""

WITH_SOURCE = """\
0: R1=ctx() R10=fp0
; int x = 0; @ prog.c:3
0: (b7) r0 = 0                        ; R0=0
; return *p; @ prog.c:4
1: (79) r0 = *(u64 *)(r0 +0)
R0 invalid mem access 'scalar'
processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
"""

CFG = """\
jump out of range from insn 0 to 6
processed 0 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
"""

STATS = """\
verification time 450 usec
stack depth 0+16
processed 2 insns (limit 1000000) max_states_per_insn 1 total_states 3 peak_states 2 mark_read 0
"""


def test_message_spans_the_lines_after_the_failing_insn() -> None:
    r = parse_rejection(LEVEL2_PACKET)
    assert r.insn == 5
    assert r.message == (
        "invalid access to packet, off=4 size=8, R2(id=0,off=4,r=8); "
        "R2 offset is outside of the packet"
    )
    assert r.source is None


def test_liveness_table_is_not_taken_for_instructions() -> None:
    # Its lines start with spaces and carry liveness dots; the last walked insn is still 5.
    assert parse_rejection(LEVEL2_PACKET).insn == 5


def test_failure_inside_a_subprogram() -> None:
    r = parse_rejection(SUBPROGRAM)
    assert r.insn == 4
    assert r.message == "R1 invalid mem access 'scalar'"


def test_source_line_before_the_failing_insn() -> None:
    r = parse_rejection(WITH_SOURCE)
    assert (r.insn, r.source) == (1, "prog.c:4: return *p;")


def test_checks_before_the_walk_name_the_insn_in_the_text() -> None:
    r = parse_rejection(CFG)
    assert (r.insn, r.message) == (0, "jump out of range from insn 0 to 6")


def test_a_log_without_reason_still_gives_a_message() -> None:
    r = parse_rejection("processed 0 insns (limit 1000000) max_states_per_insn 0\n")
    assert r.insn is None
    assert "no reason" in r.message


def test_stats_block() -> None:
    s = parse_stats(STATS)
    assert s is not None
    assert (s.processed_insns, s.insn_limit) == (2, 1_000_000)
    assert (s.max_states_per_insn, s.total_states, s.peak_states, s.mark_read) == (1, 3, 2, 0)
    assert s.time_usec == 450
    assert s.stack_depth == (0, 16)


def test_stats_without_mark_read_or_time() -> None:
    s = parse_stats(
        "processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1\n"
    )
    assert s is not None and s.processed_insns == 7
    assert s.mark_read is None and s.time_usec is None and s.stack_depth == ()
    assert parse_stats("0: (95) exit\n") is None
