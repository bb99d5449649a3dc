"""Running an XDP program over batches of frames: the seam between the hooks and the engines.

A FrameProcessor takes a batch of frames and gives back, per frame, the verdict, the frame as
the program left it (for the verdicts that send it on) and where a redirect goes. The pcap
and live hooks only talk to this interface, so how the frames get run (one engine call per
frame, one native call per batch, the kernel's BPF_PROG_TEST_RUN) is chosen in one place.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ebpy.errors import EbpyError
from ebpy.hooks.packets.verdicts import XdpAction

# Verdicts after which the frame goes somewhere, so its bytes are needed.
SENDS_FRAME = frozenset({XdpAction.PASS, XdpAction.TX, XdpAction.REDIRECT})


class FrameFault(EbpyError):
    """A program that failed on one frame (a fault, an exhausted budget, a helper error)."""

    def __init__(self, index: int, error: BaseException) -> None:
        self.index = index
        self.error = error
        super().__init__(f"frame {index}: {error}")


@dataclass
class BatchResult:
    """Per frame of a batch: verdict (r0 as u32), frame afterwards (None when it is not sent
    anywhere), and the redirect target's ifindex (0 when there is none)."""

    actions: list[int] = field(default_factory=list)
    outputs: list[bytes | None] = field(default_factory=list)
    redirects: list[int] = field(default_factory=list)
    # Non-strict runs: frames the program failed on (their verdict is XDP_ABORTED).
    errors: list[FrameFault] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.actions)


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
        out = BatchResult()
        actions, outputs, redirects = out.actions, out.outputs, out.redirects
        run, output = runner.run, runner.output
        for i, frame in enumerate(frames):
            try:
                action = run(frame)
            except EbpyError as e:
                if strict:
                    raise FrameFault(i, e) from None
                out.errors.append(FrameFault(i, e))
                action = XdpAction.ABORTED
            actions.append(action)
            if action in SENDS_FRAME:
                outputs.append(output())
                target = runner.redirect if action == XdpAction.REDIRECT else None
                redirects.append(target.ifindex if target is not None else 0)
            else:
                outputs.append(None)
                redirects.append(0)
        return out


def frame_processor(program: Any, batch: bool = True) -> FrameProcessor:
    """The fastest processor for a loaded XDP program: the JIT's native batch runner when the
    program is on the JIT (and `batch`), else frame by frame."""
    return PerFrameProcessor(program)
