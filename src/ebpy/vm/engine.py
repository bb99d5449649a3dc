"""The interpreter as a userspace engine, and its `load_collection` entry point."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ebpy.isa import Instruction
from ebpy.runtime.address_space import AddressSpace
from ebpy.runtime.engine import Engine
from ebpy.spec import CollectionSpec, ProgramSpec
from ebpy.vm.machine import CompiledProgram, ExecState


class InterpreterEngine(Engine):
    name = "interp"

    def __init__(self, count: bool = False) -> None:
        self.count = count  # count executed instructions into state.count (benchmarks)

    def new_space(self) -> AddressSpace:
        return AddressSpace()

    def new_state(self) -> ExecState:
        return ExecState()

    def allocate_packet(self, size: int) -> bytearray:
        return bytearray(size)

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
    ) -> CompiledProgram:
        return CompiledProgram(
            insns,
            space,
            helpers,
            name=spec.name,
            lddw=lddw,
            budget=budget,
            state=state,
            count=self.count,
        )


def load_collection(spec: CollectionSpec, *, count: bool = False, **options: Any) -> Any:
    """CollectionSpec.load(engine="interp") lands here. count=True counts executed
    instructions (coll.state.count after a run), at some cost in speed."""
    from ebpy.runtime.collection import UserspaceCollection

    return UserspaceCollection(spec, InterpreterEngine(count), **options)
