"""What a userspace engine provides to the shared userspace loader (runtime.collection).

The interpreter and the JIT differ in two things only: the memory programs see (virtual,
region-keyed addresses for the interpreter; real native addresses for the JIT) and how a program
is turned into something callable. Everything else (maps, contexts, helpers, tail calls, test
runs) is shared and lives in `ebpy.runtime` / `ebpy.helpers`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from ebpy.isa import Instruction
from ebpy.runtime.address_space import AddressSpace

if TYPE_CHECKING:
    from ebpy.spec import ProgramSpec


class Executable(Protocol):
    """A loaded program: call it with r1..r5, get r0 (u64)."""

    def __call__(self, r1: int = 0, r2: int = 0, r3: int = 0, r4: int = 0, r5: int = 0) -> int: ...


class Engine(ABC):
    """One userspace execution engine ("interp" or "jit")."""

    name: str

    @abstractmethod
    def new_space(self) -> AddressSpace:
        """The address space one collection's programs share."""

    @abstractmethod
    def new_state(self) -> Any:
        """Per-collection run state shared by the programs and helpers (call depth, counts)."""

    @abstractmethod
    def allocate_packet(self, size: int) -> Any:
        """A writable buffer of `size` bytes for packet data (must be addressable by the
        32-bit pointer fields of xdp_md/__sk_buff in this engine's address space)."""

    @abstractmethod
    def compile(
        self,
        spec: ProgramSpec,
        insns: list[Instruction],
        space: AddressSpace,
        helpers: Mapping[int, Callable[..., int]],
        lddw: Callable[[int, Instruction], int],
        *,
        budget: int | None,
        state: Any,
    ) -> Executable:
        """Turn a linked program into a callable bound to `space` and `helpers`."""
