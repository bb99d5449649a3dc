"""The same XDP program in the Linux kernel, run frame by frame with BPF_PROG_TEST_RUN.

The reference the packet hook is measured and checked against: verdicts and output frames
must agree with what the kernel answers for the same frames, and benchmarks put the kernel's
per-frame cost beside ours. Only what an XDP program of an object needs is loaded: its maps
(with their initial data) and the program, map references patched to the maps' fds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ebpy.errors import EbpyError, LoadError
from ebpy.hooks.packets.closing import Closing
from ebpy.hooks.packets.process import SENDS_FRAME, BatchResult, FrameFault, FrameProcessor
from ebpy.hooks.packets.verdicts import XdpAction
from ebpy.isa import Instruction, PseudoSrc, slot_map
from ebpy.spec import CollectionSpec, MapType, ProgramType
from ebpy.spec.run import RunResult

_MAP_SRC = (PseudoSrc.MAP_FD, PseudoSrc.MAP_VALUE, PseudoSrc.MAP_IDX, PseudoSrc.MAP_IDX_VALUE)


class KernelXdp(Closing):
    """One XDP program of `spec` loaded into the kernel with its maps. A context manager."""

    def __init__(self, spec: CollectionSpec, program: str | None = None) -> None:
        from ebpy.kernel import create_map_from_spec, load_program

        pspec = spec.program(program)
        if pspec.type != ProgramType.XDP:
            raise LoadError(f"program {pspec.name} is {pspec.type.name.lower()}, not xdp")
        self.name = pspec.name
        self.maps: dict[str, Any] = {}
        self.program: Any = None
        try:
            for name in dict.fromkeys(ref.map for ref in pspec.map_refs):
                mspec = spec.maps[name]
                if mspec.type == MapType.PROG_ARRAY and mspec.contents:
                    raise LoadError(
                        f"map {name}: program arrays are not loaded for comparison runs"
                    )
                m = create_map_from_spec(mspec)
                self.maps[name] = m
                if mspec.data is not None:
                    m.update(0, bytes(mspec.data))
                if mspec.freeze:
                    m.freeze()
            insns = list(pspec.instructions)
            index = {slot: i for i, slot in enumerate(slot_map(insns))}
            for ref in pspec.map_refs:
                i = index[ref.slot]
                if insns[i].src not in _MAP_SRC:
                    raise LoadError(f"{pspec.name}: slot {ref.slot} is not a map reference")
                fd = self.maps[ref.map].fd.fileno()
                src = PseudoSrc.MAP_FD if ref.offset is None else PseudoSrc.MAP_VALUE
                insns[i] = Instruction.lddw(insns[i].dst, fd | ((ref.offset or 0) << 32), src)
            self.program = load_program(
                insns, ProgramType.XDP, license=pspec.license or "GPL", name=pspec.name
            )
        except BaseException:
            self.close()
            raise

    def test_run(self, frame: bytes, ctx: bytes | None = None) -> RunResult:
        result: RunResult = self.program.test_run(data=frame, ctx=ctx)
        return result

    def close(self) -> None:
        if self.program is not None:
            self.program.close()
            self.program = None
        for m in self.maps.values():
            m.close()
        self.maps.clear()


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
