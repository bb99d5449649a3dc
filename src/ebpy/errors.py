"""Exceptions raised by ebpy.

Every error a user can cause (bad bytes, bad assembly, a bad object, a rejected program, a
faulting access) is one of these, so callers and the CLI can print one line instead of a
traceback.
"""

from __future__ import annotations

import errno as _errno
import os


class EbpyError(Exception):
    """Base class for every error ebpy raises on purpose."""


class DecodeError(EbpyError):
    """Bytes that are not a valid eBPF instruction stream."""

    def __init__(self, message: str, slot: int | None = None) -> None:
        self.slot = slot
        super().__init__(f"slot {slot}: {message}" if slot is not None else message)


class AssemblyError(EbpyError):
    """Assembly text that does not parse."""

    def __init__(self, message: str, line: int | None = None, text: str | None = None) -> None:
        self.line = line
        self.text = text
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{where}{message}")


class ObjectError(EbpyError):
    """An ELF object (or its BTF) that ebpy cannot read."""


class CodecError(EbpyError, ValueError):
    """A value that does not fit its (BTF) type, or bytes of the wrong size for it; names the field."""


class LoadError(EbpyError):
    """A program or map that cannot be loaded on an engine."""


class MapError(EbpyError, OSError):
    """A map operation that failed with a kernel errno (ENOENT, EEXIST, E2BIG, ...)."""

    def __init__(self, err: int, message: str = "") -> None:
        text = message or os.strerror(err)
        OSError.__init__(self, err, text)
        self.errno = err

    def __str__(self) -> str:
        name = _errno.errorcode.get(self.errno or 0, str(self.errno))
        return f"{name}: {self.strerror}"


class MemoryFault(EbpyError):
    """An out-of-bounds or otherwise invalid memory access in the interpreter."""

    def __init__(self, insn: int, address: int, size: int, region: str, reason: str = "") -> None:
        self.insn = insn
        self.address = address
        self.size = size
        self.region = region
        self.reason = reason
        text = f"insn {insn}: invalid {size}-byte access at {address:#x} ({region})"
        if reason:
            text += f": {reason}"
        super().__init__(text)


class RuntimeFault(EbpyError):
    """A program that cannot continue: budget exhausted, bad call target, stack too deep."""

    def __init__(self, message: str, insn: int | None = None) -> None:
        self.insn = insn
        super().__init__(f"insn {insn}: {message}" if insn is not None else message)


class HelperError(EbpyError):
    """A helper call the engine cannot perform."""


class VerifierError(EbpyError):
    """A program the verifier (ebpy's or the kernel's) rejects."""

    def __init__(
        self,
        message: str,
        insn: int | None = None,
        source: str | None = None,
        log: str = "",
        path: list[int] | None = None,
        program: str | None = None,
    ) -> None:
        self.message = message
        self.insn = insn
        self.source = source
        self.log = log
        self.path = path or []
        self.program = program
        where = f"insn {insn}: " if insn is not None else ""
        text = f"{where}{message}"
        if source:
            text += f" (at {source})"
        super().__init__(text)


class KernelError(EbpyError, OSError):
    """A bpf() or related syscall that failed, with the errno explained."""

    def __init__(self, err: int, what: str, hint: str = "") -> None:
        OSError.__init__(self, err, os.strerror(err))
        self.errno = err
        self.what = what
        self.hint = hint

    def __str__(self) -> str:
        name = _errno.errorcode.get(self.errno or 0, str(self.errno))
        text = f"{self.what}: {name} ({self.strerror})"
        if self.hint:
            text += f"; {self.hint}"
        return text
