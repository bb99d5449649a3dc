"""`ebpy verify`: run ebpy's verifier on the programs of an object and explain rejections."""

from __future__ import annotations

import argparse
from typing import Any

from ebpy.cli import common
from ebpy.errors import EbpyError, VerifierError
from ebpy.spec import CollectionSpec, ProgramSpec, ProgramType
from ebpy.verifier import VerifierResult, verify

NAME = "verify"
HELP = "prove the programs of an object safe, as the kernel's verifier would"
DESCRIPTION = """\
Verify every program of an object (or the one named by --program) with ebpy's verifier, which
follows the Linux kernel's: the same verdicts, the same kind of message, no privileges needed.

  ebpy verify prog.o
  ebpy verify old.o --program filter --type socket_filter
  ebpy verify prog.o --unprivileged --log 2

A rejection shows the instruction, the reason, the C line (when the object has line info)
and the last steps of the path that led there with the register state after each.
--type overrides the program type the section implies (old objects use section names libbpf
no longer knows); --unprivileged applies the rules for a loader without CAP_BPF and
CAP_PERFMON; --log 1 prints the failing path's log, --log 2 every instruction walked.

Exit status 0 when every program is accepted, 1 when one is rejected. --json prints a list
with one object per program: program, accepted, processed_insns, states, time_ms and error
(null, or {insn, message, source}).
"""

PATH_STEPS = 12  # lines of the failing path shown without --log


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    common.add_object_arguments(p)
    p.add_argument(
        "--unprivileged",
        action="store_true",
        help="verify as a loader without CAP_BPF and CAP_PERFMON",
    )
    p.add_argument(
        "--log",
        type=int,
        choices=(0, 1, 2),
        default=0,
        metavar="LEVEL",
        help="0 none (default), 1 the failing path, 2 every instruction walked",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    spec = common.load_object(args.object)
    ptype = _program_type(args.type)
    programs = _programs(spec, args.program)
    outcomes: list[tuple[ProgramSpec, VerifierResult | VerifierError]] = []
    for prog in programs:
        try:
            outcome: VerifierResult | VerifierError = verify(
                prog,
                spec.maps,
                prog_type=ptype,
                privileged=not args.unprivileged,
                log_level=args.log,
            )
        except VerifierError as e:
            outcome = e
        outcomes.append((prog, outcome))
    if args.json:
        common.print_json([_record(prog, o) for prog, o in outcomes])
    else:
        _print_human(outcomes, args.log, ptype)
    return 0 if all(isinstance(o, VerifierResult) for _, o in outcomes) else 1


def _program_type(text: str | None) -> ProgramType | None:
    if text is None:
        return None
    try:
        return ProgramType.parse(text)
    except ValueError as e:
        raise EbpyError(str(e)) from None


def _programs(spec: CollectionSpec, name: str | None) -> list[ProgramSpec]:
    if name is not None:
        return [spec.program(name)]
    if not spec.programs:
        raise EbpyError("the object has no programs")
    return list(spec.programs.values())


def _record(prog: ProgramSpec, o: VerifierResult | VerifierError) -> dict[str, Any]:
    if isinstance(o, VerifierResult):
        return {
            "program": prog.name,
            "accepted": True,
            "processed_insns": o.processed_insns,
            "states": o.total_states,
            "time_ms": round(o.time_ms, 3),
            "error": None,
        }
    return {
        "program": prog.name,
        "accepted": False,
        "processed_insns": None,
        "states": None,
        "time_ms": None,
        "error": {"insn": o.insn, "message": o.message, "source": o.source},
    }


def _print_human(
    outcomes: list[tuple[ProgramSpec, VerifierResult | VerifierError]],
    level: int,
    ptype: ProgramType | None,
) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    for prog, o in outcomes:
        kind = (ptype or prog.type).name.lower()
        if isinstance(o, VerifierResult):
            console.print(
                f"[green]accepted[/] [bold]{escape(prog.name)}[/] ({kind}): "
                f"{o.processed_insns} insns processed, {o.total_states} states, "
                f"{o.time_ms:.1f} ms"
            )
            if level and o.log:
                console.print(escape(o.log.rstrip("\n")), style="dim")
            continue
        where = f" at insn {o.insn}" if o.insn is not None else ""
        console.print(f"[red]rejected[/] [bold]{escape(prog.name)}[/] ({kind}){where}:")
        console.print(f"  [bold]{escape(o.message)}[/]")
        if o.source:
            console.print(f"  [cyan]{escape(o.source)}[/]")
        lines = _path_lines(o.log, o.message, None if level else PATH_STEPS)
        if lines:
            title = "log" if level else "last steps of the path"
            console.print(f"  {title}:", style="dim")
            for line in lines:
                console.print("    " + escape(line), style="dim")


def _path_lines(log: str, message: str, last: int | None) -> list[str]:
    """The log before the message and the statistics: the path, instruction by instruction
    with the registers each changed (the last `last` lines of it, or all)."""
    lines = log.splitlines()
    first = message.split("; ")[0]
    for i in range(len(lines) - 1, -1, -1):
        if lines[i] == first:
            lines = lines[:i]
            break
    lines = [ln for ln in lines if ln.strip()]
    return lines if last is None else lines[-last:]
