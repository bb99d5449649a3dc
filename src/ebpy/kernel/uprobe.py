"""Where a uprobe goes: a binary's path and the file offset of a function in it.

The uprobe PMU takes a path and a file offset. A function symbol (.symtab, else .dynsym)
gives a virtual address; the loadable segment that contains it turns that into a file
offset (address - p_vaddr + p_offset), which is also right for shared libraries and PIEs.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from dataclasses import dataclass

from elftools.common.exceptions import ELFError
from elftools.elf.elffile import ELFFile
from elftools.elf.sections import SymbolTableSection

from ebpy.errors import LoadError

LIBRARY_DIRS = (
    "/lib",
    "/usr/lib",
    "/lib64",
    "/usr/lib64",
    f"/lib/{os.uname().machine}-linux-gnu",
    f"/usr/lib/{os.uname().machine}-linux-gnu",
    "/usr/local/lib",
)
_FUNC_TYPES = ("STT_FUNC", "STT_GNU_IFUNC")
_TARGET = re.compile(r"^(?P<symbol>[^+]+?)(?:\+(?P<offset>0x[0-9a-fA-F]+|\d+))?$")


@dataclass(frozen=True)
class UprobeTarget:
    """A resolved uprobe location."""

    path: str  # absolute path of the binary
    offset: int  # file offset of the probed instruction
    symbol: str | None = None  # the function, when given by name

    def __str__(self) -> str:
        where = f"{self.symbol}" if self.symbol else f"{self.offset:#x}"
        return f"{self.path}:{where}"


def find_binary(binary: str) -> str:
    """An absolute path for `binary`: a path as given, a command on PATH, or a library name
    (libc.so.6) in the usual library folders."""
    if "/" in binary:
        path = os.path.abspath(binary)
        if not os.path.isfile(path):
            raise LoadError(f"uprobe: no file {path}")
        return os.path.realpath(path)
    found = shutil.which(binary)
    if found:
        return os.path.realpath(found)
    for folder in LIBRARY_DIRS:
        candidate = os.path.join(folder, binary)
        if os.path.isfile(candidate):
            return os.path.realpath(candidate)
    raise LoadError(f"uprobe: cannot find {binary!r} (not a path, not on PATH, not a library)")


def parse_target(text: str) -> tuple[str, str, int]:
    """`path:func`, `path:func+0x10` (a section's `uprobe/...` part) -> (binary, func, offset)."""
    binary, sep, rest = text.rpartition(":")
    if not sep or not binary or not rest:
        raise LoadError(f"uprobe target {text!r}: expected BINARY:FUNCTION[+OFFSET]")
    m = _TARGET.match(rest)
    if m is None:
        raise LoadError(f"uprobe target {text!r}: bad function {rest!r}")
    offset = m.group("offset")
    return binary, m.group("symbol"), int(offset, 0) if offset else 0


def resolve(binary: str, symbol: str | None = None, offset: int = 0) -> UprobeTarget:
    """The file offset of `symbol` (+ `offset`) in `binary`; with no symbol, `offset` is
    already a file offset."""
    path = find_binary(binary)
    if symbol is None:
        return UprobeTarget(path, offset)
    try:
        with open(path, "rb") as f:
            elf = ELFFile(f)
            address = _symbol_address(elf, symbol, path)
            return UprobeTarget(path, _file_offset(elf, address, symbol, path) + offset, symbol)
    except OSError as e:
        raise LoadError(f"uprobe: cannot read {path}: {e.strerror}") from None
    except ELFError as e:
        raise LoadError(f"uprobe: {path} is not an ELF file ({e})") from None


def _symbol_address(elf: ELFFile, symbol: str, path: str) -> int:
    names: set[str] = set()
    for table_name in (".symtab", ".dynsym"):
        table = elf.get_section_by_name(table_name)
        if not isinstance(table, SymbolTableSection):
            continue
        addresses = set()
        for sym in table.iter_symbols():
            if sym["st_info"]["type"] not in _FUNC_TYPES or sym["st_shndx"] == "SHN_UNDEF":
                continue
            name = sym.name.split("@", 1)[0]
            names.add(name)
            if name == symbol and sym["st_value"]:
                addresses.add(int(sym["st_value"]))
        if len(addresses) > 1:
            listed = ", ".join(hex(a) for a in sorted(addresses))
            raise LoadError(f"uprobe: {path} has several functions named {symbol!r} ({listed})")
        if addresses:
            return addresses.pop()
    close = difflib.get_close_matches(symbol, sorted(names), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    if not names:
        hint = " (it has no function symbols: stripped?)"
    raise LoadError(f"uprobe: no function {symbol!r} in {path}{hint}")


def _file_offset(elf: ELFFile, address: int, symbol: str, path: str) -> int:
    for seg in elf.iter_segments():
        if seg["p_type"] != "PT_LOAD":
            continue
        start = seg["p_vaddr"]
        if start <= address < start + seg["p_memsz"]:
            return int(address - start + seg["p_offset"])
    # No program headers (a relocatable object): the section holding it.
    for sec in elf.iter_sections():
        start = sec["sh_addr"]
        if sec["sh_flags"] & 0x4 and start <= address < start + sec["sh_size"]:  # SHF_EXECINSTR
            return int(address - start + sec["sh_offset"])
    raise LoadError(f"uprobe: {symbol!r} at {address:#x} is in no loadable segment of {path}")
