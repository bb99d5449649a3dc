"""The packet hook: XDP programs over captures and between live interfaces, in userspace.

    import ebpy
    from ebpy.hooks.packets import run_capture
    coll = ebpy.load_spec("firewall.o").load(engine="jit")
    run = run_capture(coll.programs["xdp_firewall"], "in.pcap", "passed.pcap")
    run.verdicts.as_dict()     # {"aborted": 0, "drop": 12, "pass": 988, "tx": 0, "redirect": 0}

The program's context is the kernel's `struct xdp_md` (ebpy/xdp.h). See docs/hooks/packets.md.
"""

from ebpy.hooks.packets.capture import (
    CaptureError,
    CaptureFormat,
    CaptureReader,
    CaptureWriter,
    Frame,
    read_capture,
    write_capture,
)
from ebpy.hooks.packets.pcap import CaptureRun, run_capture
from ebpy.hooks.packets.process import (
    BatchResult,
    FrameFault,
    FrameProcessor,
    JitBatchProcessor,
    PerFrameProcessor,
    frame_processor,
)
from ebpy.hooks.packets.verdicts import VerdictCounts, XdpAction

__all__ = [
    "BatchResult",
    "CaptureError",
    "CaptureFormat",
    "CaptureReader",
    "CaptureRun",
    "CaptureWriter",
    "Frame",
    "FrameFault",
    "FrameProcessor",
    "JitBatchProcessor",
    "PerFrameProcessor",
    "VerdictCounts",
    "XdpAction",
    "frame_processor",
    "read_capture",
    "run_capture",
    "write_capture",
]
