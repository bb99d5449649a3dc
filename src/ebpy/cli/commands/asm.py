"""`ebpy asm FILE [-o OUT] [--syntax auto|llvm|ubpf] [--hex]`: assemble text to instructions."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from ebpy.errors import AssemblyError
from ebpy.isa import assemble, encode
from ebpy.isa.asm import SYNTAXES

NAME = "asm"
HELP = "assemble eBPF text (LLVM or uBPF syntax) into instruction bytes"
DESCRIPTION = """\
Assemble eBPF assembly into 8-byte instruction slots.

FILE is LLVM syntax (what llvm-objdump prints: `r0 = *(u32 *)(r1 + 4)`, `if r1 > 2 goto
+3`, also the kernel verifier log's `0: (b7) r0 = 0`) or uBPF / bpf_conformance syntax
(`ldxw %r0, [%r1+4]`, `jgt %r1, 2, +3`). Labels (`loop:`), and comments starting with
`;`, `#` or `//` are allowed. Use `-` to read standard input.

Output: without -o, hex text on standard output, one instruction slot per line
(`b7 00 00 00 00 00 00 00`). With -o OUT, the raw bytes are written to OUT (hex text with
--hex; `-o -` writes raw bytes to standard output). OUT is only written when the whole file
assembles.

Exit status: 0 assembled, 1 the text does not assemble (one line naming the line number),
2 usage error."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("file", metavar="FILE", help="assembly source ('-' for standard input)")
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write here: raw bytes unless --hex ('-': stdout)"
    )
    parser.add_argument(
        "--syntax", choices=SYNTAXES, default="auto", help="input syntax (default: detect)"
    )
    parser.add_argument(
        "--hex",
        action="store_true",
        help="write hex text, one slot per line (the default without -o)",
    )


def hex_lines(data: bytes) -> str:
    return "".join(
        " ".join(f"{b:02x}" for b in data[i : i + 8]) + "\n" for i in range(0, len(data), 8)
    )


def run(args: argparse.Namespace) -> int:
    name = "<stdin>" if args.file == "-" else args.file
    raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise AssemblyError(f"{name}: not UTF-8 text (byte {e.start})") from None
    try:
        code = encode(assemble(text, args.syntax))
    except AssemblyError as e:
        raise AssemblyError(f"{name}: {e}") from None

    if args.output is None:
        sys.stdout.write(hex_lines(code))
    elif args.output == "-":
        if args.hex:
            sys.stdout.write(hex_lines(code))
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(code)
    else:
        _write_atomically(Path(args.output), hex_lines(code).encode() if args.hex else code)
    return 0


def _write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file so a failure never leaves a half-written OUT."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
