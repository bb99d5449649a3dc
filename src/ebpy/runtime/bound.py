"""A program bound to one preallocated context buffer, for hooks that run it once per event.

`UserspaceProgram.test_run` builds a fresh context for every call (a new region, a packet, a
RunResult): about 20 us in the interpreter. A hook that runs the same program for every system
call or every Python call only needs to write the context's fields and run, so it binds the
program to one buffer mapped once as the program's context region and calls the executable
directly. The buffer is never resized, so its address stays valid for the JIT (and native code
of the hooks may write it and run the program itself: `address` is where r1 points).
"""

from __future__ import annotations

from typing import Any

from ebpy.errors import EbpyError
from ebpy.helpers.env import RegionKind

M32 = 0xFFFFFFFF


class BoundProgram:
    """`program` with r1 pointing at `self.ctx` (`size` bytes); call it to run once, get r0."""

    def __init__(self, program: Any, size: int, name: str | None = None) -> None:
        if size <= 0:
            raise EbpyError(f"{program.name}: a bound context needs at least one byte")
        coll = program.collection
        self.program = program
        self.ctx = bytearray(size)
        self._space = coll.space
        self._env = coll.env
        self._extra = coll.state.extra
        # The interpreter's run_entry skips a method call (~0.15 us of an empty program's run).
        exe = program.executable
        self._exe = getattr(exe, "run_entry", exe)
        self._type = program.type
        # A native record of the task the helpers read (JIT programs loaded for a hook,
        # ebpy.jit.hook_helpers): kept equal to env.task before each run.
        self.hook: Any = coll.state.extra.get("hook")
        # A key of our own: test_run re-maps CTX_KEY for every run and must not replace ours.
        self._key = self._space._next_key
        self._space._next_key += 1
        region = name or f"{program.name} context"
        self.address = self._space.map_region(self.ctx, region, RegionKind.CTX, key=self._key)
        self._closed = False

    def __call__(self) -> int:
        """Run over the current contents of `ctx`; returns r0 (64 bits)."""
        env = self._env
        address = self.address
        env.packet = None
        env.ctx_addr = address
        env.prog_type = self._type
        env.redirect = None
        self._extra["packet"] = None
        if self.hook is not None:
            self.hook.sync(env)
        return self._exe(address)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._space.unmap(self._key)

    def __enter__(self) -> BoundProgram:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
