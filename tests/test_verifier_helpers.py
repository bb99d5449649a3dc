"""Helper prototypes as data (ebpy.spec.helper_protos), checked against the running kernel:
which program types may call which helper, which helpers need a GPL licence, and that the
verifier refuses unavailable helpers with the kernel's kind of message."""

from __future__ import annotations

import pytest

from ebpy.errors import EbpyError, VerifierError
from ebpy.isa import Instruction
from ebpy.spec import ProgramSpec, ProgramType
from ebpy.spec.helper_protos import (
    GPL_ONLY,
    NOT_ALLOWED,
    PROGRAM_HELPERS,
    available,
    proto_for,
)
from ebpy.spec.types import AttachType
from ebpy.verifier import Options, verify

P = ProgramType
A = AttachType
# Program types that load without BTF attach information, with the attach type they need.
PROBED: dict[ProgramType, AttachType | None] = {
    P.SOCKET_FILTER: None,
    P.KPROBE: None,
    P.SCHED_CLS: None,
    P.SCHED_ACT: None,
    P.TRACEPOINT: None,
    P.XDP: None,
    P.PERF_EVENT: None,
    P.CGROUP_SKB: A.CGROUP_INET_INGRESS,
    P.CGROUP_SOCK: A.CGROUP_INET_SOCK_CREATE,
    P.LWT_IN: None,
    P.LWT_OUT: None,
    P.LWT_XMIT: None,
    P.SOCK_OPS: A.CGROUP_SOCK_OPS,
    P.SK_SKB: A.SK_SKB_STREAM_VERDICT,
    P.CGROUP_DEVICE: A.CGROUP_DEVICE,
    P.SK_MSG: A.SK_MSG_VERDICT,
    P.RAW_TRACEPOINT: None,
    P.CGROUP_SOCK_ADDR: A.CGROUP_INET4_CONNECT,
    P.SK_REUSEPORT: A.SK_REUSEPORT_SELECT,
    P.FLOW_DISSECTOR: A.FLOW_DISSECTOR,
    P.CGROUP_SYSCTL: A.CGROUP_SYSCTL,
    P.CGROUP_SOCKOPT: A.CGROUP_GETSOCKOPT,
    P.SK_LOOKUP: A.SK_LOOKUP,
}
MAX_HELPER = 211


def call(hid: int) -> list[Instruction]:
    insns = [Instruction(0xB7, r, 0, 0, 0) for r in range(1, 6)]
    return [
        *insns,
        Instruction(0x85, 0, 0, 0, hid),
        Instruction(0xB7, 0, 0, 0, 0),
        Instruction(0x95),
    ]


def kernel_allows(ptype: ProgramType, attach: AttachType | None, hid: int, lic: str) -> str:
    """'ok', 'no' (unknown to this program type) or 'gpl' (needs a GPL licence)."""
    from ebpy.kernel.program import load_program

    try:
        load_program(call(hid), ptype, expected_attach_type=attach, license=lic).close()
    except VerifierError as e:
        if "cannot use helper" in e.message or "unknown func" in e.message:
            return "no"
        if "invalid func" in e.message:
            return "no"
        if "GPL" in e.message:
            return "gpl"
    except EbpyError:
        return "no"
    return "ok"  # loaded, or refused for its arguments: the helper itself is available


@pytest.mark.kernel
@pytest.mark.parametrize("ptype", list(PROBED), ids=lambda t: t.name.lower())
def test_helper_availability_matches_kernel(ptype: ProgramType) -> None:
    attach = PROBED[ptype]
    wrong = []
    for hid in range(1, MAX_HELPER + 1):
        k = kernel_allows(ptype, attach, hid, "GPL") != "no"
        mine = available(hid, ptype)
        if k != mine:
            wrong.append(f"{hid}: kernel {'allows' if k else 'refuses'}")
    assert not wrong, f"{ptype.name}: " + ", ".join(wrong)


@pytest.mark.kernel
@pytest.mark.parametrize("ptype", [P.SOCKET_FILTER, P.TRACEPOINT, P.SCHED_CLS, P.KPROBE])
def test_gpl_only_helpers_match_kernel(ptype: ProgramType) -> None:
    wrong = []
    for hid in sorted(PROGRAM_HELPERS[ptype]):
        k = kernel_allows(ptype, PROBED[ptype], hid, "MIT") == "gpl"
        if k != (hid in GPL_ONLY):
            wrong.append(hid)
    assert not wrong, f"gpl_only differs for helpers {wrong}"


def test_every_available_helper_has_a_prototype_or_says_so() -> None:
    """A helper a program may call either has its argument types modelled, or the verifier
    refuses it with a clear 'not modelled' reason (never a crash)."""
    for ptype, ids in PROGRAM_HELPERS.items():
        for hid in sorted(ids):
            if hid in NOT_ALLOWED.get(ptype, frozenset()):
                continue
            prog = ProgramSpec("h", "x", ptype, call(hid), license="GPL")
            try:
                verify(prog)
            except VerifierError as e:
                assert e.message and e.insn is not None, (ptype, hid)
            if proto_for(hid, ptype) is None:
                with pytest.raises(VerifierError, match="not modelled"):
                    verify(prog)


def test_unavailable_and_unknown_helpers() -> None:
    sf = ProgramSpec("h", "socket", P.SOCKET_FILTER, call(23), license="GPL")
    with pytest.raises(VerifierError, match="program of this type cannot use helper"):
        verify(sf)
    unknown = ProgramSpec("h", "socket", P.SOCKET_FILTER, call(9999), license="GPL")
    with pytest.raises(VerifierError, match="invalid func unknown#9999"):
        verify(unknown)
    # bpf_loop needs CAP_BPF; bpf_ktime_get_ns does not
    loop = ProgramSpec("h", "socket", P.SOCKET_FILTER, call(181), license="GPL")
    with pytest.raises(VerifierError, match="cannot use helper bpf_loop#181"):
        verify(loop, options=Options(bpf_capable=False, perfmon=False))
    ktime = ProgramSpec("h", "socket", P.SOCKET_FILTER, call(5), license="GPL")
    verify(ktime, options=Options(bpf_capable=False, perfmon=False))
