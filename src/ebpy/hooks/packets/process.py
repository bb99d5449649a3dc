"""Running an XDP program over batches of frames: the seam between the hooks and the engines.

A FrameProcessor takes a batch of frames and gives back, per frame, the verdict, the frame as
the program left it (for the verdicts that send it on) and where a redirect goes. The pcap
and live hooks only talk to this interface, so how the frames get run (one engine call per
frame, one native call per batch, the kernel's BPF_PROG_TEST_RUN) is chosen in one place.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ebpy.errors import EbpyError
from ebpy.hooks.packets.verdicts import XdpAction

# Verdicts after which the frame goes somewhere, so its bytes are needed.
SENDS_FRAME = frozenset({XdpAction.PASS, XdpAction.TX, XdpAction.REDIRECT})


class FrameFault(EbpyError):
    """A program that failed on one frame (a fault, an exhausted budget, a helper error).

    `last` is set when only the range of frames is known (a native batch that stopped).
    """

    def __init__(self, index: int, error: BaseException, last: int | None = None) -> None:
        self.index = index
        self.last = last
        self.error = error
        where = f"frame {index}" if last is None else f"one of frames {index}..{last}"
        super().__init__(f"{where}: {error}")


@dataclass
class BatchResult:
    """Per frame of a batch: the verdict (r0 as u32) and the redirect target's ifindex (0 when
    there is none); `output(i)` is frame i as the program left it, for the verdicts that send
    it on (None for the others). Outputs are fetched only when asked for: counting verdicts
    over a capture copies no frames."""

    actions: Sequence[int] = field(default_factory=list)
    redirects: Sequence[int] = field(default_factory=list)
    # Non-strict runs: frames the program failed on (their verdict is XDP_ABORTED).
    errors: list[FrameFault] = field(default_factory=list)
    outputs: list[bytes | None] = field(default_factory=list)  # filled by eager processors
    fetch: Callable[[int], bytes] | None = None  # lazy processors: frame i afterwards
    # Native batches: frames per verdict 0..4 and, last, any other value (counted natively),
    # and the engine's own result (ebpy.jit.batch.BatchResult: the frames where they ran).
    counts: Sequence[int] | None = None
    native: Any = None

    def __len__(self) -> int:
        return len(self.actions)

    def output(self, i: int) -> bytes | None:
        if self.actions[i] not in SENDS_FRAME:
            return None
        if self.fetch is not None:
            return self.fetch(i)
        return self.outputs[i]


class FrameProcessor(ABC):
    """Runs one XDP program over frames."""

    engine: str = ""
    batched: bool = False  # one engine call per batch rather than per frame

    @abstractmethod
    def process(
        self, frames: Sequence[bytes], ingress_ifindex: int = 1, strict: bool = True
    ) -> BatchResult:
        """Run every frame in order. A failure raises FrameFault (its index counted within
        the batch) when `strict`; otherwise the frame is aborted, the error recorded in
        `errors`, and the batch goes on."""

    def close(self) -> None:  # noqa: B027  (nothing to release by default)
        """Release what the processor holds (the program's collection is the caller's)."""


class PerFrameProcessor(FrameProcessor):
    """Any userspace engine, one call per frame over a reused context and packet buffer."""

    def __init__(self, program: Any) -> None:
        from ebpy.runtime.xdp_frames import XdpFrameRunner

        self.program = program
        self.engine = program.collection.engine.name
        self._runner = XdpFrameRunner(program)
        self._ingress = 1

    def process(
        self, frames: Sequence[bytes], ingress_ifindex: int = 1, strict: bool = True
    ) -> BatchResult:
        runner = self._runner
        if ingress_ifindex != self._ingress:
            runner.set_ingress(ingress_ifindex)
            self._ingress = ingress_ifindex
        actions: list[int] = []
        outputs: list[bytes | None] = []
        redirects: list[int] = []
        errors: list[FrameFault] = []
        run, output = runner.run, runner.output
        for i, frame in enumerate(frames):
            try:
                action = run(frame)
            except EbpyError as e:
                if strict:
                    raise FrameFault(i, e) from None
                errors.append(FrameFault(i, e))
                action = XdpAction.ABORTED
            actions.append(action)
            if action in SENDS_FRAME:
                outputs.append(output())
                target = runner.redirect if action == XdpAction.REDIRECT else None
                redirects.append(target.ifindex if target is not None else 0)
            else:
                outputs.append(None)
                redirects.append(0)
        return BatchResult(actions, redirects, errors, outputs)


def frame_processor(program: Any, batch: bool = True) -> FrameProcessor:
    """The fastest processor for a loaded XDP program: the JIT's native batch loop when the
    program is on the JIT and all its helpers are native (and `batch`), else frame by frame."""
    if batch and _native_batch(program):
        return JitBatchProcessor(program)
    return PerFrameProcessor(program)


class JitBatchProcessor(FrameProcessor):
    """The JIT's native batch loop (`ebpy.jit.batch.run_batch`): one native call per batch.

    The loop gives every frame the context of a test run (ingress_ifindex 1) and knows nothing
    of redirects, so other ingress interfaces go frame by frame; programs that call helpers in
    Python (packet moves, redirects) never get here (see `frame_processor`). A frame the
    program fails on is named exactly (the loop stops there and says which).
    """

    engine = "jit"
    batched = True

    def __init__(self, program: Any) -> None:
        self.program = program
        self._per_frame = PerFrameProcessor(program)

    def process(
        self, frames: Sequence[bytes], ingress_ifindex: int = 1, strict: bool = True
    ) -> BatchResult:
        from ebpy.jit.batch import FrameBatch

        if ingress_ifindex != BATCH_INGRESS or not frames:
            return self._per_frame.process(frames, ingress_ifindex, strict)
        return self.process_batch(FrameBatch.of(frames), strict) or self._per_frame.process(
            frames, ingress_ifindex, strict
        )

    def process_batch(self, batch: Any, strict: bool = True) -> BatchResult | None:
        """Run a checked `ebpy.jit.batch.FrameBatch` natively; None when it has to go frame
        by frame instead: a frame shorter than an Ethernet header (the loop refuses the whole
        batch then) or longer than a page holds (it has no fragments)."""
        from ebpy.jit.batch import BatchFault, run_batch

        if batch.short is not None or batch.long is not None:
            return None
        try:
            r = run_batch(self.program, batch, strict)
        except BatchFault as e:
            raise FrameFault(e.index, e.error) from None
        errors = [FrameFault(i, e) for i, e in r.errors]
        return BatchResult(
            actions=r.verdicts,
            redirects=[0] * len(r),
            errors=errors,
            fetch=r.frame,
            counts=r.counts,
            native=r,
        )


BATCH_INGRESS = 1  # what the JIT's batch loop puts in xdp_md.ingress_ifindex


def _native_batch(program: Any) -> bool:
    """Can the JIT's native loop run this program? Only when every helper it calls is native
    code: a helper called back in Python may move the packet or record a redirect."""
    exe = program.executable
    compiled = getattr(exe, "compiled", None)
    return (
        program.collection.engine.name == "jit"
        and compiled is not None
        and not compiled.python_helpers
        and not getattr(exe, "checked", False)
    )
