"""The verifier: proves a program safe the way the Linux kernel's verifier does, or explains
why not (the instruction, the reason, the C line, and the path that led there)."""

from ebpy.verifier.options import Options
from ebpy.verifier.verify import VerifierResult, verify, verify_collection

__all__ = ["Options", "VerifierResult", "verify", "verify_collection"]
