"""`ebpy conformance-plugin`: the bpf_conformance plugin protocol.

The program arrives as hex text on stdin; the optional first argument is the input memory as hex
(r1 points at it, r2 holds its length). We print r0 in hex and exit 0, or print the reason and
exit 1.
"""

from __future__ import annotations

import argparse
import sys

from ebpy.errors import EbpyError
from ebpy.isa import decode

NAME = "conformance-plugin"
HELP = "run a program the bpf_conformance way (hex on stdin, memory as hex argument, r0 printed)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("memory", nargs="?", default="", help="input memory as hex (r1 points at it)")
    p.add_argument("--engine", choices=("interp", "jit"), default="interp")
    p.add_argument(
        "--budget",
        type=int,
        default=1_000_000,
        help="instruction budget for the interpreter (default 1,000,000)",
    )
    p.add_argument("--debug", action="store_true", help="print the disassembly to stderr first")


def _hex(text: str, what: str) -> bytes:
    cleaned = "".join(text.split())
    if cleaned.startswith(("0x", "0X")):
        cleaned = cleaned[2:]
    try:
        return bytes.fromhex(cleaned)
    except ValueError:
        raise EbpyError(f"{what} is not hex text") from None


def run(args: argparse.Namespace) -> int:
    program = _hex(sys.stdin.read(), "program on stdin")
    memory = _hex(args.memory, "memory argument")
    insns = decode(program)
    if args.debug:
        for insn in insns:
            print(insn, file=sys.stderr)
    if args.engine == "jit":
        from ebpy.jit import run_raw as run_jit

        r0, _ = run_jit(insns, memory)
    else:
        from ebpy.vm import run_raw

        r0, _ = run_raw(insns, memory, budget=args.budget)
    print(f"{r0:x}")
    return 0
