"""The same XDP program in the Linux kernel, run frame by frame with BPF_PROG_TEST_RUN.

The reference the packet hook is measured and checked against: verdicts and output frames
must agree with what the kernel answers for the same frames, and benchmarks put the kernel's
per-frame cost beside ours.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ebpy.errors import EbpyError, LoadError
from ebpy.hooks.closing import Closing
from ebpy.hooks.packets.process import SENDS_FRAME, BatchResult, FrameFault, FrameProcessor
from ebpy.hooks.packets.verdicts import XdpAction
from ebpy.spec import CollectionSpec, ProgramType
from ebpy.spec.run import RunResult


class KernelXdp(Closing):
    """One XDP program of `spec` loaded into the kernel (the kernel engine's collection, with
    only that program's maps). A context manager."""

    def __init__(self, spec: CollectionSpec, program: str | None = None) -> None:
        pspec = spec.program(program)
        if pspec.type != ProgramType.XDP:
            raise LoadError(f"program {pspec.name} is {pspec.type.name.lower()}, not xdp")
        self.name = pspec.name
        self.collection = spec.load(engine="kernel", programs=[pspec.name])
        self.program = self.collection.programs[pspec.name]
        self.maps: dict[str, Any] = self.collection.maps

    def test_run(self, frame: bytes, ctx: bytes | None = None) -> RunResult:
        result: RunResult = self.program.test_run(data=frame, ctx=ctx)
        return result

    def close(self) -> None:
        self.collection.close()


class KernelFrameProcessor(FrameProcessor):
    """Frames through BPF_PROG_TEST_RUN, one syscall each (the kernel does not say where a
    redirect goes, so redirect targets read 0)."""

    engine = "kernel"

    def __init__(self, kernel: KernelXdp) -> None:
        self.kernel = kernel

    def process(
        self, frames: Sequence[bytes], ingress_ifindex: int = 1, strict: bool = True
    ) -> BatchResult:
        actions: list[int] = []
        outputs: list[bytes | None] = []
        errors: list[FrameFault] = []
        run = self.kernel.test_run
        for i, frame in enumerate(frames):
            try:
                r = run(frame)
            except EbpyError as e:  # the kernel refuses frames shorter than ETH_HLEN
                if strict:
                    raise FrameFault(i, e) from None
                errors.append(FrameFault(i, e))
                actions.append(XdpAction.ABORTED)
                outputs.append(None)
                continue
            actions.append(r.retval)
            outputs.append(r.data_out if r.retval in SENDS_FRAME else None)
        return BatchResult(actions, [0] * len(actions), errors, outputs)
