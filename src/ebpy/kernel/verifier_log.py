"""Reading the kernel verifier's log: why a program was rejected, and the statistics line."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "12: (bf) r1 = r6" - an instruction the verifier walks (log level 1 and 2). State-only lines
# ("12: R1=ctx() ...", "12: frame1: ...") have no opcode in parentheses.
_INSN_LINE = re.compile(r"^(\d+): \([0-9a-f]{2}\) ")
# "; int x = *p; @ prog.c:12" - the source line from line info, printed before its insns.
_SOURCE_LINE = re.compile(r"^; (.*?)(?: @ (\S+:\d+))?$")
_PROCESSED = re.compile(r"^processed (\d+) insns \(limit (\d+)\)(.*)$")
_STATS_FIELD = re.compile(r"(max_states_per_insn|total_states|peak_states|mark_read) (\d+)")
_TIME = re.compile(r"^verification time (\d+) usec$")
_STACK = re.compile(r"^stack depth ([\d+]+)$")
_INSN_IN_TEXT = re.compile(r"\binsn (?:#)?(\d+)\b")
# Lines that are part of the walk's commentary, not the verdict (log level 2, precision
# backtracking, state dumps, the statistics block).
_NOISE = (
    "mark_precise:",
    "last_idx ",
    "regs=",
    "parent ",
    "propagating ",
    "from ",
    "func#",
    "Func#",
    "Validating ",
    "Live regs ",
    "verification time ",
    "stack depth ",
    "processed ",
    "caller:",
    "callee:",
    "returning from callee:",
    "to caller at ",
    "; ",
)


@dataclass(frozen=True)
class VerificationStats:
    """The verifier's summary of one load (log level with BPF_LOG_STATS, or any log)."""

    processed_insns: int  # instructions walked, over all paths
    insn_limit: int  # the complexity limit (1,000,000 privileged)
    max_states_per_insn: int
    total_states: int
    peak_states: int
    mark_read: int | None  # absent on kernels that dropped read marks
    time_usec: int | None  # "verification time N usec"
    stack_depth: tuple[int, ...]  # per subprogram, "stack depth 8+16"


@dataclass(frozen=True)
class Rejection:
    """Why the verifier refused a program, as read from the end of its log."""

    message: str  # the kernel's words, lines joined with "; "
    insn: int | None  # the instruction it failed at, when the log says
    source: str | None  # "file.c:12: the line" when the program carried line info


def parse_stats(log: str) -> VerificationStats | None:
    """The statistics block of a log, or None when the log has no "processed" line."""
    processed: re.Match[str] | None = None
    time_usec: int | None = None
    stack: tuple[int, ...] = ()
    for line in log.splitlines():
        line = line.strip()
        if m := _PROCESSED.match(line):
            processed = m
        elif m := _TIME.match(line):
            time_usec = int(m.group(1))
        elif m := _STACK.match(line):
            stack = tuple(int(part) for part in m.group(1).split("+") if part)
    if processed is None:
        return None
    fields = {k: int(v) for k, v in _STATS_FIELD.findall(processed.group(3))}
    return VerificationStats(
        processed_insns=int(processed.group(1)),
        insn_limit=int(processed.group(2)),
        max_states_per_insn=fields.get("max_states_per_insn", 0),
        total_states=fields.get("total_states", 0),
        peak_states=fields.get("peak_states", 0),
        mark_read=fields.get("mark_read"),
        time_usec=time_usec,
        stack_depth=stack,
    )


def _source_text(line: str) -> str | None:
    m = _SOURCE_LINE.match(line)
    if m is None:
        return None
    text, where = m.group(1).strip(), m.group(2)
    return f"{where}: {text}" if where else text or None


def parse_rejection(log: str) -> Rejection:
    """The message, failing instruction and source line of a rejected program's log.

    The kernel prints the instruction it is about to check ("N: (xx) ...") and, when the check
    fails, the reason on the lines right after it; the statistics come last. Checks done before
    the walk (control flow, BTF, attach target) print only the reason, which often names the
    instruction itself ("unreachable insn 3", "jump out of range from insn 2 to 9").
    """
    lines = [line.rstrip() for line in log.splitlines()]
    last_insn: int | None = None
    last_insn_at = -1
    for i, line in enumerate(lines):
        if m := _INSN_LINE.match(line):
            last_insn, last_insn_at = int(m.group(1)), i
    tail = lines[last_insn_at + 1 :]
    message_lines = [
        line.strip() for line in tail if line.strip() and not line.lstrip().startswith(_NOISE)
    ]
    # A state dump ("5: R0=..."), printed when the failing insn was already past, is no message.
    message_lines = [line for line in message_lines if not re.match(r"^\d+: ", line)]
    message = "; ".join(message_lines)
    insn = last_insn
    if last_insn is None and (m := _INSN_IN_TEXT.search(message)):
        insn = int(m.group(1))
    source = None
    for line in reversed(lines[: last_insn_at + 1] if last_insn_at >= 0 else []):
        if line.startswith("; "):
            source = _source_text(line)
            break
    if not message:
        message = "rejected by the kernel verifier (the log gives no reason)"
    return Rejection(message=message, insn=insn, source=source)
