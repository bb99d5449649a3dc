"""The verifier's internal rejection, turned into an ebpy.errors.VerifierError at the top."""

from __future__ import annotations


class Reject(Exception):
    """A check failed: `message` is the kernel-style reason (may span lines)."""

    def __init__(self, message: str, insn: int | None = None, kind: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.insn = insn
        self.kind = kind  # errno-like class: "EACCES", "EINVAL", "E2BIG", "EPERM"


def eacces(msg: str) -> Reject:
    return Reject(msg, kind="EACCES")


def einval(msg: str) -> Reject:
    return Reject(msg, kind="EINVAL")
