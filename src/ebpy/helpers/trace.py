"""bpf_trace_printk, bpf_trace_vprintk and bpf_snprintf, with the kernel's format rules.

The kernel accepts a small printf dialect (bpf_bprintf_prepare): flags `0 + - space`, a width,
`l`/`ll`, and the conversions d i u x X c s %, plus %p variants. Anything else is -EINVAL, and so
it is here.
"""

from __future__ import annotations

import errno
from typing import Any

from ebpy.errors import MemoryFault
from ebpy.helpers.registry import helper

MAX_BPRINTF_VARARGS = 12
MAX_BPRINTF_BUF = 1024
M64 = (1 << 64) - 1


class FormatError(ValueError):
    pass


def _signed(v: int, bits: int) -> int:
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def bprintf(env: Any, fmt: bytes, args: list[int]) -> str:
    """Format like the kernel's bstr_printf after bpf_bprintf_prepare; raises FormatError."""
    out: list[str] = []
    i, n, argi = 0, len(fmt), 0
    while i < n:
        ch = fmt[i]
        if ch >= 0x80 or not (chr(ch).isprintable() or chr(ch).isspace()):
            raise FormatError(f"non-printable byte {ch:#x} in the format")
        if ch != 0x25:  # '%'
            out.append(chr(ch))
            i += 1
            continue
        if i + 1 < n and fmt[i + 1] == 0x25:
            out.append("%")
            i += 2
            continue
        if argi >= len(args):
            raise FormatError("more conversions than arguments")
        i += 1
        start = i
        while i < n and chr(fmt[i]) in "0+- ":
            i += 1
        if i < n and 0x31 <= fmt[i] <= 0x39:
            i += 1
            while i < n and 0x30 <= fmt[i] <= 0x39:
                i += 1
        spec = fmt[start:i].decode()
        conv = chr(fmt[i]) if i < n else ""
        arg = args[argi] & M64
        argi += 1
        if conv == "p":
            text, i = _pointer(env, fmt, i + 1, arg)
            out.append(_pad(text, spec))
            continue
        if conv == "s":
            out.append(_pad(_string(env, arg), spec))
            i += 1
            continue
        if conv == "c":
            out.append(_pad(chr(arg & 0xFF), spec))
            i += 1
            continue
        bits = 32
        if conv == "l":
            bits, i = 64, i + 1
            if i < n and fmt[i] == 0x6C:
                i += 1
            conv = chr(fmt[i]) if i < n else ""
        if conv not in ("d", "i", "u", "x", "X"):
            raise FormatError(f"unsupported conversion %{spec}{conv}")
        value = arg & ((1 << bits) - 1)
        if conv in "di":
            value = _signed(value, bits)
        out.append(("%" + spec + ("d" if conv in "diu" else conv)) % value)
        i += 1
    return "".join(out)


def _pad(text: str, spec: str) -> str:
    return ("%" + spec.replace("0", "").replace("+", "") + "s") % text if spec else text


def _string(env: Any, address: int) -> str:
    try:
        raw = env.space.read_cstr(address, MAX_BPRINTF_BUF)
    except MemoryFault:
        return ""
    return raw.decode("latin-1")


def _pointer(env: Any, fmt: bytes, i: int, arg: int) -> tuple[str, int]:
    nxt = chr(fmt[i]) if i < len(fmt) else ""
    if nxt in ("K", "x"):
        return f"{arg:016x}", i + 1
    if nxt in ("i", "I") and i + 1 < len(fmt) and chr(fmt[i + 1]) in "46":
        width = 4 if fmt[i + 1] == 0x34 else 16
        try:
            raw = env.read(arg, width)
        except MemoryFault:
            return "(fault)", i + 2
        if width == 4:
            sep = "{:03d}" if nxt == "i" else "{:d}"
            return ".".join(sep.format(b) for b in raw), i + 2
        if nxt == "i":
            return raw.hex(), i + 2
        words = [raw[j : j + 2].hex() for j in range(0, 16, 2)]
        return ":".join(words), i + 2
    if nxt in ("k", "u") and i + 1 < len(fmt) and chr(fmt[i + 1]) == "s":
        return _string(env, arg), i + 2
    if nxt == "B":
        return f"{arg:#x}", i + 1
    return f"{arg:016x}", i


def _format_string(env: Any, address: int, size: int) -> bytes:
    """The format argument: `size` bytes that must end in NUL."""
    raw = env.read(address, size)
    if not raw or raw[-1] != 0:
        raise FormatError("format is not NUL-terminated within its size")
    return raw[: raw.index(0)]


def _args(env: Any, address: int, length: int) -> list[int]:
    if length % 8 or length > MAX_BPRINTF_VARARGS * 8 or (length and not address):
        raise FormatError("bad argument array")
    raw = env.read(address, length) if length else b""
    return [int.from_bytes(raw[j : j + 8], "little") for j in range(0, length, 8)]


@helper("bpf_trace_printk")
def trace_printk(env: Any, fmt: int, fmt_size: int, a1: int, a2: int, a3: int) -> int:
    try:
        text = bprintf(env, _format_string(env, fmt, fmt_size), [a1, a2, a3])
    except FormatError:
        return -errno.EINVAL
    env.trace.write(text.rstrip("\n"))
    return len(text)


@helper("bpf_trace_vprintk")
def trace_vprintk(env: Any, fmt: int, fmt_size: int, data: int, data_len: int, *_: int) -> int:
    try:
        text = bprintf(env, _format_string(env, fmt, fmt_size), _args(env, data, data_len))
    except FormatError:
        return -errno.EINVAL
    env.trace.write(text.rstrip("\n"))
    return len(text)


@helper("bpf_snprintf")
def snprintf(env: Any, out: int, out_size: int, fmt: int, data: int, data_len: int) -> int:
    try:
        fmt_bytes = env.space.read_cstr(fmt, MAX_BPRINTF_BUF)
        text = bprintf(env, fmt_bytes, _args(env, data, data_len)).encode("latin-1")
    except FormatError:
        return -errno.EINVAL
    if out_size:
        chunk = text[: out_size - 1] + b"\0"
        env.write(out, chunk)
    return len(text) + 1
