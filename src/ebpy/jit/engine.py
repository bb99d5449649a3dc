"""The JIT as a userspace engine for the shared loader, and its `load_collection` entry point."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ebpy.isa import Instruction
from ebpy.jit.lowmem import packet_pool
from ebpy.jit.program import JitProgram
from ebpy.jit.space import NativeSpace
from ebpy.runtime.address_space import AddressSpace
from ebpy.runtime.engine import Engine
from ebpy.runtime.state import ExecState
from ebpy.spec import CollectionSpec, ProgramSpec


class JitEngine(Engine):
    """Programs compiled to native code; `checked=True` adds the interpreter's bounds checks."""

    name = "jit"

    def __init__(self, checked: bool = False, hook: Any = None) -> None:
        self.checked = checked
        self.hook = hook  # a hook_helpers.HookRecord its programs' task helpers read

    def new_space(self) -> NativeSpace:
        return NativeSpace()

    def new_state(self) -> ExecState:
        return ExecState()

    def allocate_packet(self, size: int) -> Any:
        return packet_pool().allocate(size)

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
    ) -> JitProgram:
        return JitProgram(
            insns,
            space,
            helpers,
            name=spec.name,
            lddw=lddw,
            budget=budget,
            state=state,
            checked=self.checked,
            hook=self.hook,
        )


def load_collection(spec: CollectionSpec, **options: Any) -> Any:
    """CollectionSpec.load(engine="jit") lands here; `checked=True` for unverified code,
    `hook=HookRecord(...)` for programs a hook runs (see hook_helpers)."""
    from ebpy.runtime.collection import UserspaceCollection

    checked = bool(options.pop("checked", False))
    hook = options.pop("hook", None)
    return UserspaceCollection(spec, JitEngine(checked=checked, hook=hook), **options)
