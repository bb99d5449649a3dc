"""bpf_perf_event_output (id 25): a sample into a perf event array, as each program type's
variant in the kernel has it.

- sk_buff programs (bpf_skb_event_output) and XDP (bpf_xdp_event_output) may append packet
  bytes: BPF_F_CTXLEN_MASK (flags bits 32-51) says how many, from the start of the packet
  data (the skb's data, the xdp_buff's data and fragments); more than the packet is -EFAULT.
- every other program type (tracing's bpf_perf_event_output, bpf_event_output_data) takes
  only the index bits: any other flag is -EINVAL.

Then __bpf_perf_event_output: the index (BPF_F_CURRENT_CPU: this CPU) past max_entries is
-E2BIG, an empty slot -ENOENT, a slot whose reader's queue is another CPU's -EOPNOTSUPP, a
full queue -ENOSPC (counted as lost). See ebpy.maps.perf.
"""

from __future__ import annotations

import errno
from typing import Any

from ebpy.helpers.registry import helper
from ebpy.helpers.socket import SKB_CONTEXT_TYPES
from ebpy.maps.perf import BPF_F_CTXLEN_MASK, BPF_F_INDEX_MASK, PerfEventArray
from ebpy.spec.helper_ids import HELPER_IDS
from ebpy.spec.helper_protos import PROGRAM_HELPERS
from ebpy.spec.types import ProgramType

# The kernel's func_proto for sk_buff programs answers bpf_skb_event_output_proto.
PACKET_TYPES = SKB_CONTEXT_TYPES | {ProgramType.XDP}
_ID = HELPER_IDS["bpf_perf_event_output"]
# Every program type the kernel gives the helper to (its availability, read from the kernel).
PROGRAM_TYPES = frozenset(t for t, ids in PROGRAM_HELPERS.items() if _ID in ids)


def _packet_bytes(env: Any, size: int) -> bytes | None:
    """The first `size` bytes of the packet (linear data, then XDP fragments); None when the
    packet is shorter."""
    pkt = env.packet
    if pkt is None:
        return None
    data = bytes(pkt.buf[pkt.data : pkt.end])
    if len(data) < size and pkt.frags:
        data += b"".join(bytes(f) for f in pkt.frags)
    if size > len(data):
        return None
    return data[:size]


@helper("bpf_perf_event_output", PROGRAM_TYPES)
def perf_event_output(env: Any, ctx: int, map_addr: int, flags: int, data: int, size: int) -> int:
    m = env.map_at(map_addr)
    flags &= (1 << 64) - 1
    payload = env.read(data, size)
    if env.prog_type in PACKET_TYPES:
        if flags & ~(BPF_F_CTXLEN_MASK | BPF_F_INDEX_MASK):
            return -errno.EINVAL
        ctx_len = (flags & BPF_F_CTXLEN_MASK) >> 32
        if ctx_len:
            extra = _packet_bytes(env, ctx_len)
            if extra is None:
                return -errno.EFAULT
            payload += extra
    elif flags & ~BPF_F_INDEX_MASK:
        return -errno.EINVAL
    if not isinstance(m, PerfEventArray):
        return -errno.EINVAL  # the verifier allows only perf event arrays here
    return m.output(env.cpu, flags, payload)
