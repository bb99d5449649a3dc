"""`ebpy disasm OBJ|BIN [--program NAME] [--syntax llvm|ubpf] [--json]`: list instructions."""

from __future__ import annotations

import argparse
import io
import json
import struct
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from elftools.common.exceptions import ELFError
from elftools.construct.core import ConstructError
from elftools.elf.constants import SH_FLAGS
from elftools.elf.elffile import ELFFile

from ebpy.errors import DecodeError, ObjectError
from ebpy.isa.disasm import (
    SYNTAXES,
    ListingBlock,
    ListingLine,
    Symbol,
    list_raw,
    list_section,
    render_lines,
    render_section,
    target_slot,
)

NAME = "disasm"
HELP = "disassemble an eBPF object file or raw instruction bytes, like llvm-objdump -d"
DESCRIPTION = """\
Disassemble eBPF code.

OBJ is an ELF object (clang's or zig's BPF output): every executable section is listed the
way `llvm-objdump -d` lists it (section and function headers, slot numbers, raw bytes, text
and `<func+0x18>` jump annotations). BIN is anything else: raw 8-byte instruction slots,
listed without headers.

--syntax ubpf prints uBPF / bpf_conformance syntax instead of LLVM's. --json prints
{"file", "format": "elf"|"raw", "sections": [{"name", "functions": [{"name", "offset",
"instructions": [{"slot", "bytes", "text", "target"}]}]}]} where slot and target count
8-byte slots from the start of the section (target: where a jump or local call goes, or
null).

Exit status: 0 listed, 1 the file cannot be read as an object or instruction stream (one
line says why and where), 2 usage error."""

_ELF_MAGIC = b"\x7fELF"
_ELF64_HEADER = 64
_SYMBOL_TYPES = {"STT_NOTYPE": 0, "STT_OBJECT": 1, "STT_FUNC": 2, "STT_SECTION": 3,
                 "STT_FILE": 4, "STT_COMMON": 5, "STT_TLS": 6}  # fmt: skip
# pyelftools reports malformed input through these (and a few builtins) while parsing.
_ELF_ERRORS = (
    ELFError, ConstructError, struct.error, ValueError, IndexError, KeyError, EOFError, OverflowError
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CodeSection:
    name: str
    address: int
    data: bytes
    symbols: list[Symbol]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("file", metavar="OBJ|BIN", help="ELF object or raw instruction bytes")
    parser.add_argument(
        "--program",
        metavar="NAME",
        help="only this function (or every function of this section, if no function has the name)",
    )
    parser.add_argument("--syntax", choices=SYNTAXES, default="llvm", help="text syntax")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--source",
        "-S",
        action="store_true",
        help="interleave the C source lines recorded in the object's BTF line info",
    )


def run(args: argparse.Namespace) -> int:
    path = args.file
    data = Path(path).read_bytes()
    if data.startswith(_ELF_MAGIC):
        return _run_elf(args, path, data)
    if args.program is not None:
        print(f"ebpy disasm: error: --program needs an ELF object; {path} is raw bytes",
              file=sys.stderr)  # fmt: skip
        return 2
    if not data:
        raise ObjectError(f"{path}: empty file")
    if len(data) % 8:
        raise ObjectError(
            f"{path}: not an ELF object, and {len(data)} bytes is not a whole number "
            f"of 8-byte instructions"
        )
    try:
        lines = list_raw(data, syntax=args.syntax)
    except DecodeError as e:
        raise DecodeError(f"{path}: {e}") from None
    if args.json:
        _print_json(path, "raw", [(None, 0, [(None, 0, lines)])])
    else:
        sys.stdout.write(render_lines(lines))
    return 0


def read_code_sections(data: bytes, path: str) -> list[CodeSection]:
    """The executable sections of a BPF ELF object and the symbols in each."""
    if len(data) < _ELF64_HEADER:
        raise ObjectError(f"{path}: truncated ELF object: {len(data)} bytes, the header needs 64")
    try:
        elf = ELFFile(io.BytesIO(data))
        machine = elf["e_machine"]
        if machine not in ("EM_BPF", 247):
            raise ObjectError(f"{path}: an ELF object for {machine}, not for BPF")
        if elf.elfclass != 64 or not elf.little_endian:
            raise ObjectError(f"{path}: only 64-bit little-endian BPF objects are supported")
        _check_extent(elf, len(data), path)
        by_section: defaultdict[int, list[Symbol]] = defaultdict(list)
        symtab = elf.get_section_by_name(".symtab")
        if symtab is not None and symtab["sh_type"] == "SHT_SYMTAB":
            for sym in symtab.iter_symbols():  # type: ignore[attr-defined]
                kind = sym["st_info"]["type"]
                shndx = sym["st_shndx"]
                if not sym.name or kind == "STT_SECTION" or not isinstance(shndx, int):
                    continue
                kind_num = _SYMBOL_TYPES.get(kind, kind if isinstance(kind, int) else 0)
                by_section[shndx].append(Symbol(sym["st_value"], sym.name, kind_num))
        sections = []
        for index, sec in enumerate(elf.iter_sections()):
            flags, size = sec["sh_flags"], sec["sh_size"]
            if not flags & SH_FLAGS.SHF_EXECINSTR or sec["sh_type"] == "SHT_NOBITS" or not size:
                continue
            body = sec.data()
            if len(body) != size:
                raise ObjectError(f"{path}: section {sec.name} is truncated")
            sections.append(CodeSection(sec.name, sec["sh_addr"], body, by_section[index]))
        return sections
    except _ELF_ERRORS as e:
        raise ObjectError(f"{path}: not a valid ELF object ({e})") from None


def _check_extent(elf: ELFFile, size: int, path: str) -> None:
    """Name truncation plainly instead of letting pyelftools trip over it."""
    header = elf.header
    end = header["e_shoff"] + header["e_shnum"] * header["e_shentsize"]
    if end > size:
        raise ObjectError(
            f"{path}: truncated ELF object: its section headers end at byte {end}, "
            f"the file has {size} bytes"
        )
    for sec in elf.iter_sections():
        end = sec["sh_offset"] + sec["sh_size"]
        if sec["sh_type"] != "SHT_NOBITS" and end > size:
            raise ObjectError(
                f"{path}: truncated ELF object: section {sec.name} ends at byte {end}, "
                f"the file has {size} bytes"
            )


def _run_elf(args: argparse.Namespace, path: str, data: bytes) -> int:
    sections = read_code_sections(data, path)
    only = _selection(sections, args.program, path)
    listed: list[tuple[CodeSection, list[ListingBlock]]] = []
    for sec in sections:
        keep = only.get(sec.name) if only is not None else None
        if only is not None and sec.name not in only:
            continue
        try:
            blocks = list_section(
                sec.data, sec.name, sec.symbols, address=sec.address, syntax=args.syntax, only=keep
            )
        except DecodeError as e:
            raise DecodeError(f"{path}: section {sec.name}: {e}") from None
        listed.append((sec, blocks))

    if args.json:
        _print_json(
            path,
            "elf",
            [
                (sec.name, sec.address, [(b.symbol.name, b.symbol.addr, b.lines) for b in blocks])
                for sec, blocks in listed
            ],
        )
        return 0
    lines_by_section = _line_info(data, path) if args.source else {}
    out = [f"\n{path}:\tfile format elf64-bpf\n"]
    for sec, blocks in listed:
        before = _source_lines(lines_by_section.get(sec.name, []), sec.address)
        out.append(render_section(sec.name, blocks, before if args.source else None))
    sys.stdout.write("".join(out))
    return 0


def _line_info(data: bytes, path: str) -> dict[str, list[Any]]:
    """Line info records per section, from .BTF and .BTF.ext (empty when the object has none)."""
    from ebpy.btf import parse, parse_ext

    elf = ELFFile(io.BytesIO(data))
    btf_sec, ext_sec = elf.get_section_by_name(".BTF"), elf.get_section_by_name(".BTF.ext")
    if btf_sec is None or ext_sec is None:
        raise ObjectError(f"{path}: no BTF line info (compile with -g) for --source")
    ext = parse_ext(ext_sec.data(), parse(btf_sec.data()))
    return {name: sorted(records, key=lambda r: r.slot) for name, records in ext.line_info.items()}


def _source_lines(records: list[Any], base: int) -> Callable[[ListingLine], Iterable[str]]:
    """`before` hook: `; file.c:12: text` ahead of the first instruction of each line."""
    by_slot = {r.slot: r for r in records}
    last: list[tuple[str, int] | None] = [None]

    def before(line: ListingLine) -> Iterable[str]:
        rec = by_slot.get((line.addr - base) // 8)
        if rec is None or (rec.file, rec.line) == last[0]:
            return ()
        last[0] = (rec.file, rec.line)
        return (f"; {Path(rec.file).name}:{rec.line}: {rec.text.strip()}",)

    return before


def _selection(
    sections: list[CodeSection], program: str | None, path: str
) -> dict[str, list[str] | None] | None:
    """Which sections (and, within them, which symbols) --program keeps; None keeps all."""
    if program is None:
        return None
    by_function = {
        sec.name: [program] for sec in sections if any(s.name == program for s in sec.symbols)
    }
    if by_function:
        return dict(by_function)
    matching = [sec.name for sec in sections if sec.name == program]
    if len(matching) == 1:
        return {program: None}
    functions = sorted({s.name for sec in sections for s in sec.symbols if s.kind == 2})
    names = ", ".join(functions) or "none"
    raise ObjectError(f"{path}: no function or section named {program!r} (functions: {names})")


def _print_json(
    path: str,
    fmt: str,
    sections: list[tuple[str | None, int, list[tuple[str | None, int, list[ListingLine]]]]],
) -> None:
    doc: dict[str, Any] = {
        "file": path,
        "format": fmt,
        "sections": [
            {
                "name": name,
                "functions": [
                    {
                        "name": func,
                        "offset": offset - base,
                        "instructions": [_line_json(line, base) for line in lines],
                    }
                    for func, offset, lines in funcs
                ],
            }
            for name, base, funcs in sections
        ],
    }
    json.dump(doc, sys.stdout, indent=2)
    sys.stdout.write("\n")


def _line_json(line: ListingLine, base: int) -> dict[str, Any]:
    return {
        "slot": (line.addr - base) // 8,
        "bytes": line.raw.hex(),
        "text": line.text,
        "target": target_slot(line, base),
    }
