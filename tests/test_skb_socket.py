"""The socket behind a test run's packet (__sk_buff->sk), compared with the kernel's.

bpf_prog_test_run_skb gives every sk_buff program a socket: family from the ethertype,
addresses from a whole IP header, state TCP_CLOSE, no receive queue. Programs read it through
struct bpf_sock (as sock_common, or as a full socket after bpf_sk_fullsock) and hand it to the
socket helpers. Every value a program can read is compared between the interpreter, the JIT and
the kernel, for each program type the kernel test-runs with an sk_buff, over IPv4, IPv6,
non-IP and truncated frames; which loads and calls the verifier allows is asked of the kernel
and compared with ebpy's verifier, message for message.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from typing import Any

import pytest

from diff.engines import loaded, on_cpu0
from ebpy.errors import EbpyError, MemoryFault, VerifierError
from ebpy.helpers.socket import TCP_CLOSE, Sock, ancestor_cgroup_id, cgroup_id
from ebpy.isa import Instruction, PseudoSrc, assemble
from ebpy.spec import CollectionSpec, MapReference, MapSpec, MapType, ProgramSpec, ProgramType
from ebpy.spec.contexts import (
    BPF_SOCK,
    SOCK_ACCESS,
    SOCK_COMMON_ACCESS,
    TCP_SOCK_ACCESS,
    CtxAccess,
)
from ebpy.verifier import verify

P = ProgramType
ENGINES = ("interp", "jit", "kernel")
# Every program type the kernel test-runs with an sk_buff (SK_SKB and LWT_SEG6LOCAL: ENOTSUPP).
SKB_TYPES = (P.SOCKET_FILTER, P.SCHED_CLS, P.SCHED_ACT, P.CGROUP_SKB, P.LWT_IN, P.LWT_OUT,
             P.LWT_XMIT)  # fmt: skip
RX_QUEUE = BPF_SOCK.field("rx_queue_mapping").offset


# ---- frames ---------------------------------------------------------------------------------------
def ether(proto: int, payload: bytes) -> bytes:
    return b"\x02\0\0\0\0\x01" + b"\x02\0\0\0\0\x02" + proto.to_bytes(2, "big") + payload


def ipv4(src: bytes = bytes([10, 0, 0, 1]), dst: bytes = bytes([192, 168, 7, 200])) -> bytes:
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 48, 1, 0, 64, 17, 0, src, dst)
    return ether(0x0800, ip + bytes(range(28)))


def ipv6() -> bytes:
    ip = struct.pack("!IHBB16s16s", 0x60000000, 8, 17, 64, bytes(range(1, 17)),
                     bytes(range(0xF0, 0x100)))  # fmt: skip
    return ether(0x86DD, ip + bytes(8))


FRAMES = {
    "ipv4": ipv4(),
    "ipv6": ipv6(),
    "arp": ether(0x0806, bytes(range(28))),
    "vlan": ether(0x8100, b"\0\x05\x08\x00" + ipv4()[14:]),
    "ipv4_just": ether(0x0800, ipv4()[14:34]),  # a bare IPv4 header
    "ipv6_just": ether(0x86DD, ipv6()[14:54]),
    "arp_short": ether(0x0806, b"\1"),
    # An IP ethertype with less than an IP header after it: the kernel refuses the run.
    "ipv4_short": ether(0x0800, ipv4()[14:33]),
    "ipv6_short": ether(0x86DD, ipv6()[14:53]),
    "eth_only_ipv4": ether(0x0800, b""),
}
REFUSED = ("ipv4_short", "ipv6_short", "eth_only_ipv4")


# ---- programs -------------------------------------------------------------------------------------
PROLOGUE = """
    r6 = r1
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = 0 ll
    call 1
    if r0 == 0 goto out
    r7 = r0
"""
EPILOGUE = """
out:
    r0 = 0
    exit
"""


def with_map(text: str, ptype: ProgramType, nvalues: int) -> CollectionSpec:
    """The program in `text` (its first lddw is the `out` map: an array of one value of
    `nvalues` u64 slots) as a CollectionSpec."""
    insns = assemble(text)
    slot, refs = 0, []
    for i, insn in enumerate(insns):
        if insn.is_lddw and not refs:
            insns[i] = Instruction.lddw(insn.dst, 0, PseudoSrc.MAP_FD)
            refs.append(MapReference(slot, "out"))
        slot += insn.slots
    prog = ProgramSpec("p", ptype.name.lower(), ptype, insns, license="GPL", map_refs=refs)
    out = MapSpec("out", MapType.ARRAY, 4, 8 * max(1, nvalues), 1)
    return CollectionSpec(maps={"out": out}, programs={"p": prog}, license="GPL")


def loads_of(rules: CtxAccess, size: int) -> list[tuple[int, int]]:
    """Every (offset, width) load `rules` allow in a struct of `size` bytes."""
    return [(off, w) for off in range(size) for w in (1, 2, 4, 8)
            if rules.check(off, w, False) is not None]  # fmt: skip


def reader(loads: list[tuple[int, int]], full: bool) -> str:
    """Load skb->sk (or bpf_sk_fullsock of it) and copy each load into the map, one u64 each;
    slot len(loads) says how far it got (1: there was a socket, 2: it was a full one)."""
    text = PROLOGUE + "r8 = *(u64 *)(r6 + 168)\nif r8 == 0 goto out\n"
    text += f"r1 = 1\n*(u64 *)(r7 + {8 * len(loads)}) = r1\n"
    if full:
        text += "r1 = r8\ncall 95\nif r0 == 0 goto out\nr8 = r0\n"
        text += f"r1 = 2\n*(u64 *)(r7 + {8 * len(loads)}) = r1\n"
    for i, (off, w) in enumerate(loads):
        text += f"r1 = *(u{8 * w} *)(r8 + {off})\n*(u64 *)(r7 + {8 * i}) = r1\n"
    return text + EPILOGUE


def run_all(spec: CollectionSpec, cases: list[tuple[bytes, bytes | None]], n: int,
            engines: tuple[str, ...] = ENGINES, repeat: int = 1) -> dict[str, list[Any]]:  # fmt: skip
    """Per engine, for each (data, ctx) case: the map's u64 slots after the run."""
    answers: dict[str, list[Any]] = {}
    for engine in engines:
        with loaded(spec, engine) as coll, on_cpu0():
            out = []
            for data, ctx in cases:
                coll.maps["out"]._update(b"\0\0\0\0", bytes(8 * n), 0)
                try:
                    coll.programs["p"].test_run(data, ctx, repeat=repeat)
                except EbpyError:
                    out.append("refused")
                    continue
                raw = coll.maps["out"]._lookup(b"\0\0\0\0")
                out.append(list(struct.unpack(f"<{n}Q", raw[: 8 * n])))
            answers[engine] = out
    return answers


def assert_same(answers: dict[str, list[Any]], labels: list[str]) -> None:
    problems = [
        f"{labels[i]}: {engine} {mine} != kernel {ref}"
        for engine in ("interp", "jit")
        for i, (mine, ref) in enumerate(zip(answers[engine], answers["kernel"]))
        if mine != ref
    ]
    assert not problems, "\n".join(problems)


# ---- the fields ----------------------------------------------------------------------------------
def _field_loads(full: bool) -> list[tuple[int, int]]:
    rules = SOCK_ACCESS if full else SOCK_COMMON_ACCESS
    # rx_queue_mapping's u16/u32 loads differ from the kernel in their upper bits (pinned below).
    return [(o, w) for o, w in loads_of(rules, BPF_SOCK.size) if not (o == RX_QUEUE and w > 1)]


# bpf_sk_fullsock is for tc and cgroup_skb programs only; the others read the sock_common.
FULLSOCK_TYPES = (P.SCHED_CLS, P.SCHED_ACT, P.CGROUP_SKB)
READS = [(t, False) for t in SKB_TYPES] + [(t, True) for t in FULLSOCK_TYPES]


@pytest.mark.kernel
@pytest.mark.parametrize("ptype,full", READS,
                         ids=[f"{t.name.lower()}-{'fullsock' if f else 'sk'}" for t, f in READS])  # fmt: skip
def test_every_bpf_sock_load_matches_the_kernel(ptype: ProgramType, full: bool) -> None:
    loads = _field_loads(full)
    spec = with_map(reader(loads, full), ptype, len(loads) + 1)
    labels = list(FRAMES)
    # sk->mark and sk->priority are the socket's, not the ctx_in's skb->mark/priority.
    ctx = struct.pack("<12I", 0, 0, 0x55, 0, 0, 0, 0, 0, 9, 0, 0, 0).ljust(192, b"\0")
    cases: list[tuple[bytes, bytes | None]] = [(f, None) for f in FRAMES.values()]
    cases.append((FRAMES["ipv4"], ctx))
    labels.append("ipv4+ctx_in")
    answers = run_all(spec, cases, len(loads) + 1)
    assert_same(answers, labels)
    kernel = answers["kernel"]
    by = dict(zip(labels, kernel))
    assert [k for k, row in by.items() if row == "refused"] == list(REFUSED)
    ran = [row for row in kernel if row != "refused"]
    assert all(row[-1] == (2 if full else 1) for row in ran), "the kernel gave no socket?"
    family = loads.index((BPF_SOCK.field("family").offset, 4))
    src4 = loads.index((BPF_SOCK.field("src_ip4").offset, 4))
    dst4 = loads.index((BPF_SOCK.field("dst_ip4").offset, 4))
    state = loads.index((BPF_SOCK.field("state").offset, 4))
    families = [by[k][family] for k in ("ipv4", "ipv6", "arp", "vlan", "ipv6_just")]
    assert families == [2, 10, 0, 0, 10]
    assert by["ipv4"][src4] == int.from_bytes(bytes([10, 0, 0, 1]), "little")
    assert by["ipv4"][dst4] == int.from_bytes(bytes([192, 168, 7, 200]), "little")
    assert by["ipv4_just"][src4] == by["ipv4"][src4] and by["arp"][src4] == 0
    assert by["ipv4"][state] == TCP_CLOSE


@pytest.mark.kernel
def test_rx_queue_mapping_wide_loads_pinned() -> None:
    """The kernel rewrites a load of rx_queue_mapping into "move -1 into the register" when no
    queue is recorded, so a u16 or u32 load gives a 64-bit -1. ebpy reads plain memory holding
    the s32 -1: the low 16/32 bits agree, the upper bits are zero. A byte load, an s32 load, and
    C code comparing the int with -1 agree exactly."""
    loads = [(RX_QUEUE, 1), (RX_QUEUE, 2), (RX_QUEUE, 4)]
    text = reader(loads, False).replace(
        "out:", f"r1 = *(s32 *)(r8 + {RX_QUEUE})\n*(u64 *)(r7 + 32) = r1\nout:"
    )
    spec = with_map(text, P.SCHED_CLS, 5)
    answers = run_all(spec, [(FRAMES["ipv4"], None)], 5)
    minus1 = (1 << 64) - 1
    assert answers["kernel"] == [[0xFF, minus1, minus1, 1, minus1]]
    for engine in ("interp", "jit"):
        assert answers[engine] == [[0xFF, 0xFFFF, 0xFFFFFFFF, 1, minus1]], engine


# ---- what the verifier allows --------------------------------------------------------------------
def _verdicts(text: str, ptype: ProgramType) -> tuple[str, str]:
    """(kernel, ebpy) verdicts on a program: "ok" or the first line of the rejection."""
    spec = with_map(text, ptype, 1)
    try:
        with loaded(spec, "kernel"):
            kernel = "ok"
    except VerifierError as e:
        kernel = str(e).splitlines()[0]
    try:
        verify(spec.programs["p"], maps=spec.maps)
        mine = "ok"
    except VerifierError as e:
        mine = str(e).splitlines()[0]
    return kernel, mine


SK = "r6 = r1\nr1 = *(u64 *)(r6 + 168)\nr0 = 0\n"
NULL_CHECK = "if r1 == 0 goto out\n"
POINTERS = {
    "sock_common": SK + NULL_CHECK + "r0 = r1\n",
    "sock": SK + NULL_CHECK + "call 95\nif r0 == 0 goto out\n",
    "tcp_sock": SK + NULL_CHECK + "call 96\nif r0 == 0 goto out\n",
}
SIZES = {"sock_common": 80, "sock": 80, "tcp_sock": 112}


@pytest.mark.kernel
@pytest.mark.parametrize("pointer", list(POINTERS))
def test_loads_through_socket_pointers_verdicts(pointer: str) -> None:
    problems = []
    for off in range(-4, SIZES[pointer] + 4):
        for w in (1, 2, 4, 8):
            if off % w:
                continue
            sign = "+" if off >= 0 else "-"
            load = f"r0 = *(u{8 * w} *)(r0 {sign} {abs(off)})\n"
            text = POINTERS[pointer] + load + "r0 = 0\nout:\nexit"
            kernel, mine = _verdicts(text, P.CGROUP_SKB)
            if pointer == "tcp_sock" and off in (84, 92) and w == 4:
                # The upper half of bytes_received/bytes_acked: the kernel finds it has no
                # rewrite for the load only after its checks; ebpy says what is wrong.
                assert kernel == "verifier bug: error during ctx access conversion (0)"
                assert mine.endswith(f"R0 invalid tcp_sock access off={off} size=4"), mine
            elif kernel != mine:
                problems.append(f"off={off} size={w}: kernel {kernel!r}, ebpy {mine!r}")
    assert not problems, "\n".join(problems)


def test_socket_access_tables_agree_with_the_verdicts() -> None:
    """The tables the verifier checks with, spelled out for the fields programs use most."""
    assert SOCK_COMMON_ACCESS.check(4, 1, False) is not None  # family, narrow at its start
    assert SOCK_COMMON_ACCESS.check(5, 1, False) is None  # ... but nowhere else
    assert SOCK_COMMON_ACCESS.check(8, 4, False) is None  # type needs a full socket
    assert SOCK_ACCESS.check(8, 4, False) is not None
    assert SOCK_ACCESS.check(16, 2, False) is None  # mark: whole u32 only
    assert SOCK_ACCESS.check(27, 1, False) is not None  # src_ip4: any byte
    assert SOCK_ACCESS.check(48, 4, False) is not None  # dst_port with its padding
    assert SOCK_ACCESS.check(50, 2, False) is None  # the padding alone
    assert SOCK_ACCESS.check(0, 8, False) is None
    assert TCP_SOCK_ACCESS.check(80, 8, False) is not None  # bytes_received
    assert TCP_SOCK_ACCESS.check(80, 4, False) is None
    assert TCP_SOCK_ACCESS.check(84, 4, False) is None  # its upper half as a u32


CALLS = {
    "fullsock": SK + NULL_CHECK + "call 95\nif r0 == 0 goto out\nr0 = *(u32 *)(r0 + 8)\n",
    "fullsock_of_null": SK + "call 95\n",
    "fullsock_unchecked_result": SK + NULL_CHECK + "call 95\nr0 = *(u32 *)(r0 + 8)\n",
    "tcp_sock": SK + NULL_CHECK + "call 96\nif r0 == 0 goto out\nr0 = *(u32 *)(r0 + 0)\n",
    "tcp_sock_of_null": SK + "call 96\n",
    "listener": SK + NULL_CHECK + "call 98\nif r0 == 0 goto out\nr0 = *(u32 *)(r0 + 4)\n",
    "listener_of_null": SK + "call 98\n",
    "sk_cgroup_id": SK + NULL_CHECK + "call 128\n",
    "sk_cgroup_id_of_null": SK + "call 128\n",
    "sk_ancestor_cgroup_id": SK + NULL_CHECK + "r2 = 1\ncall 129\n",
    "sk_cgroup_id_of_scalar": "r1 = 0\ncall 128\n",
    "fullsock_then_tcp_sock": SK + NULL_CHECK + "call 95\nif r0 == 0 goto out\nr1 = r0\n"
    "call 96\nif r0 == 0 goto out\nr0 = *(u32 *)(r0 + 4)\n",
    "arithmetic_on_sk": SK + NULL_CHECK + "r1 += 4\ncall 95\n",
    "store_into_sk": SK + NULL_CHECK + "*(u32 *)(r1 + 4) = r0\n",
    "load_before_null_check": SK + "r0 = *(u32 *)(r1 + 4)\n",
    "narrow_sk_pointer_load": "r6 = r1\nr1 = *(u32 *)(r6 + 168)\nr0 = 0\n",
    "release_unreferenced": SK + NULL_CHECK + "call 86\n",
    "socket_cookie": "r6 = r1\ncall 46\n",
    "socket_uid": "r6 = r1\ncall 47\n",
    "skb_cgroup_id": "r6 = r1\ncall 79\n",
    "skb_ancestor_cgroup_id": "r6 = r1\nr2 = 0\ncall 83\n",
    "ldsx_through_sk": SK + NULL_CHECK + "r0 = *(s32 *)(r1 + 4)\n",
}


@pytest.mark.kernel
@pytest.mark.parametrize("ptype", [*SKB_TYPES, P.SK_SKB], ids=lambda t: t.name.lower())
def test_socket_helper_calls_verdicts(ptype: ProgramType) -> None:
    problems = []
    for name, body in CALLS.items():
        kernel, mine = _verdicts(body + "r0 = 0\nout:\nexit", ptype)
        if kernel != mine:
            problems.append(f"{name}: kernel {kernel!r}, ebpy {mine!r}")
    assert not problems, "\n".join(problems)


# ---- the helpers ---------------------------------------------------------------------------------
HELPERS = {  # name -> (program types that may call it, code storing its result in r0)
    "fullsock_is_sk": ((P.SCHED_CLS, P.CGROUP_SKB),
                       "r1 = r8\ncall 95\nr1 = 0\nif r0 != r8 goto +1\nr1 = 1\nr0 = r1\n"),
    "tcp_sock": ((P.SCHED_CLS, P.CGROUP_SKB), "r1 = r8\ncall 96\n"),
    "listener": ((P.SCHED_CLS, P.CGROUP_SKB), "r1 = r8\ncall 98\n"),
    "uid": ((P.SOCKET_FILTER, P.SCHED_CLS, P.CGROUP_SKB), "r1 = r6\ncall 47\n"),
    "skb_cgroup_id": ((P.SCHED_CLS, P.CGROUP_SKB), "r1 = r6\ncall 79\n"),
    **{f"skb_ancestor_{lv}": ((P.SCHED_CLS, P.CGROUP_SKB), f"r1 = r6\nr2 = {lv}\ncall 83\n")
       for lv in (0, 1, 2, -1)},
    "sk_cgroup_id": ((P.CGROUP_SKB,), "r1 = r8\ncall 128\n"),
    **{f"sk_ancestor_{lv}": ((P.CGROUP_SKB,), f"r1 = r8\nr2 = {lv}\ncall 129\n")
       for lv in (0, 1, -1)},
}  # fmt: skip


def helper_program(ptype: ProgramType) -> tuple[str, list[str]]:
    names = [n for n, (types, _) in HELPERS.items() if ptype in types]
    text = PROLOGUE + "r8 = *(u64 *)(r6 + 168)\nif r8 == 0 goto out\n"
    for i, name in enumerate(names):
        text += HELPERS[name][1] + f"*(u64 *)(r7 + {8 * i}) = r0\n"
    return text + EPILOGUE, names


@pytest.mark.kernel
@pytest.mark.parametrize("ptype", [P.SOCKET_FILTER, P.SCHED_CLS, P.CGROUP_SKB],
                         ids=lambda t: t.name.lower())  # fmt: skip
def test_socket_helpers_match_the_kernel(ptype: ProgramType) -> None:
    text, names = helper_program(ptype)
    spec = with_map(text, ptype, len(names))
    cases = [(FRAMES[k], None) for k in ("ipv4", "ipv6", "arp")]
    answers = run_all(spec, cases, len(names))
    assert_same(answers, ["ipv4", "ipv6", "arp"])
    got = dict(zip(names, answers["kernel"][0]))
    assert got.get("uid") == 0
    assert got.get("tcp_sock", 0) == 0 and got.get("listener", 0) == 0
    if "fullsock_is_sk" in got:
        assert got["fullsock_is_sk"] == 1
    if "skb_cgroup_id" in got:
        assert got["skb_cgroup_id"] == cgroup_id(own_cgroup())


def own_cgroup() -> str:
    for line in Path("/proc/thread-self/cgroup").read_text().splitlines():
        if line.startswith("0::"):
            return line[3:] or "/"
    return "/"


COOKIE_CALLS = """
    r1 = r6
    call 46
    *(u64 *)(r7 + 0) = r0
    r1 = r6
    call 46
    *(u64 *)(r7 + 8) = r0
"""
COOKIE = PROLOGUE + COOKIE_CALLS + EPILOGUE


@pytest.mark.kernel
@pytest.mark.parametrize("ptype", [P.SOCKET_FILTER, P.SCHED_CLS, P.CGROUP_SKB],
                         ids=lambda t: t.name.lower())  # fmt: skip
def test_socket_cookie_is_one_per_run(ptype: ProgramType) -> None:
    """A cookie comes from a counter shared by every socket, so its value is the kernel's
    own; what every engine must show is its shape: never 0, the same for every call and
    every repetition of one run, a new one for each run."""
    spec = with_map(COOKIE, ptype, 2)
    frames = [(FRAMES["ipv4"], None), (FRAMES["arp"], None), (FRAMES["ipv6"], None)]
    answers = run_all(spec, frames, 2, repeat=3)
    for engine, rows in answers.items():
        cookies = [a for a, _ in rows]
        assert all(a == b != 0 for a, b in rows), (engine, rows)
        assert len(set(cookies)) == len(cookies), (engine, cookies)


# ---- a C program, through ebpy's own verifier ------------------------------------------------------
C_SOURCE = r"""
typedef unsigned int __u32; typedef int __s32; typedef unsigned short __u16;
typedef unsigned long long __u64;
#define SEC(name) __attribute__((section(name), used))
struct bpf_sock {
    __u32 bound_dev_if, family, type, protocol, mark, priority, src_ip4, src_ip6[4], src_port;
    __u16 dst_port, pad; __u32 dst_ip4, dst_ip6[4], state; __s32 rx_queue_mapping;
};
struct __sk_buff { __u32 before_sk[42]; struct bpf_sock *sk; };
struct out { __u64 family, state, src, dst, no_queue, type, cookie_set, uid, cgroup, tcp; };
struct { int (*type)[2]; int (*max_entries)[1]; __u32 *key; struct out *value; } out SEC(".maps");
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *) 1;
static __u64 (*bpf_get_socket_cookie)(void *skb) = (void *) 46;
static __u32 (*bpf_get_socket_uid)(void *skb) = (void *) 47;
static struct bpf_sock *(*bpf_sk_fullsock)(struct bpf_sock *sk) = (void *) 95;
static void *(*bpf_tcp_sock)(struct bpf_sock *sk) = (void *) 96;
static __u64 (*bpf_sk_cgroup_id)(void *sk) = (void *) 128;

SEC("cgroup_skb/ingress")
int sock_info(struct __sk_buff *skb)
{
    __u32 key = 0;
    struct out *o = bpf_map_lookup_elem(&out, &key);
    struct bpf_sock *sk = skb->sk;
    if (!o || !sk)
        return 1;
    o->family = sk->family;
    o->state = sk->state;
    o->src = sk->src_ip4;
    o->dst = sk->dst_ip4;
    o->no_queue = sk->rx_queue_mapping == -1;
    o->cookie_set = bpf_get_socket_cookie(skb) != 0;
    o->uid = bpf_get_socket_uid(skb);
    sk = bpf_sk_fullsock(sk);
    if (!sk)
        return 1;
    o->type = sk->type;
    o->cgroup = bpf_sk_cgroup_id(sk);
    o->tcp = bpf_tcp_sock(sk) != 0;
    return 1;
}
char _license[] SEC("license") = "GPL";
"""


@pytest.mark.kernel
def test_c_program_reading_the_socket(compile_bpf: Any) -> None:
    import ebpy

    spec = ebpy.load_spec(compile_bpf(C_SOURCE, "skb_sock"))
    results = {}
    for engine in ENGINES:
        with spec.load(engine) as coll:  # ebpy's verifier on the userspace engines
            rows = []
            for frame in (FRAMES["ipv4"], FRAMES["ipv6"], FRAMES["arp"]):
                coll.programs["sock_info"].test_run(frame)
                rows.append(coll.maps["out"]._lookup(b"\0\0\0\0"))
            results[engine] = rows
    assert results["interp"] == results["kernel"]
    assert results["jit"] == results["kernel"]
    family, state, src, _, no_queue, *_ = struct.unpack("<10Q", results["kernel"][0])
    assert (family, state, no_queue) == (2, TCP_CLOSE, 1)
    assert src == int.from_bytes(bytes([10, 0, 0, 1]), "little")


# ---- cgroups other than the root ------------------------------------------------------------------
CHILD = """
import json, sys
sys.path.insert(0, {tests!r})
import test_skb_socket as t
from ebpy.spec import ProgramType as P
text, names = t.helper_program(P.CGROUP_SKB)
spec = t.with_map(text, P.CGROUP_SKB, len(names))
answers = t.run_all(spec, [(t.FRAMES["ipv4"], None)], len(names))
print(json.dumps({{"names": names, "answers": answers, "cgroup": t.own_cgroup()}}))
"""


def _cgroup2_root() -> Path | None:
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        left, _, right = line.partition(" - ")
        if right.split()[:1] == ["cgroup2"]:
            return Path(left.split()[4])
    return None


@pytest.mark.kernel
def test_socket_cgroup_ids_in_a_nested_cgroup() -> None:
    """A process two levels below the root: bpf_skb/sk_cgroup_id name its cgroup and the
    ancestors at levels 0, 1 and 2 its root, parent and itself, as the kernel says."""
    import json

    root = _cgroup2_root()
    if root is None or os.geteuid() != 0:
        pytest.skip("needs a cgroup2 mount and root to make cgroups")
    parent = root / f"ebpy-test-{uuid.uuid4().hex[:8]}"
    child = parent / "leaf"
    child.mkdir(parents=True)
    try:
        script = CHILD.format(tests=str(Path(__file__).parent))
        cmd = [sys.executable, "-c", textwrap.dedent(script)]
        # The child moves itself into the leaf cgroup before it imports anything.
        proc = subprocess.run(
            [sys.executable, "-c",
             f"open({str(child / 'cgroup.procs')!r}, 'w').write('0');"
             f"import os; os.execv({sys.executable!r}, {cmd!r})"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
        report = json.loads(proc.stdout.strip().splitlines()[-1])
        assert report["cgroup"] == f"/{parent.name}/leaf"
        answers = report["answers"]
        assert answers["interp"] == answers["kernel"], answers
        assert answers["jit"] == answers["kernel"], answers
        got = dict(zip(report["names"], answers["kernel"][0]))
        leaf, mid = os.stat(child).st_ino, os.stat(parent).st_ino
        assert got["skb_cgroup_id"] == got["sk_cgroup_id"] == leaf
        ancestors = [got[f"skb_ancestor_{level}"] for level in (0, 1, 2)]
        assert ancestors == [1, mid, leaf]
        assert got["skb_ancestor_-1"] == 0 and got["sk_ancestor_1"] == mid
    finally:
        child.rmdir()
        parent.rmdir()


# ---- without the kernel ---------------------------------------------------------------------------
@pytest.mark.parametrize("frame,family", [("ipv4", 2), ("ipv6", 10), ("arp", 0),
                                          ("arp_short", 0), ("ipv6_just", 10)])  # fmt: skip
def test_struct_bpf_sock_bytes(frame: str, family: int) -> None:
    from ebpy.runtime.context import _test_run_sock

    data = FRAMES[frame]
    sock = _test_run_sock(int.from_bytes(data[12:14], "big"), data[14:])
    buf = bytearray(BPF_SOCK.size)
    sock.pack_into(buf)
    f = BPF_SOCK.field
    assert struct.unpack_from("<I", buf, f("family").offset)[0] == family
    assert struct.unpack_from("<I", buf, f("state").offset)[0] == TCP_CLOSE
    assert struct.unpack_from("<i", buf, RX_QUEUE)[0] == -1
    if frame == "ipv4":
        assert buf[f("src_ip4").offset : f("src_ip4").end] == data[26:30]
        assert buf[f("dst_ip4").offset : f("dst_ip4").end] == data[30:34]
    if frame == "ipv6_just":
        assert buf[f("src_ip6").offset : f("src_ip6").end] == data[22:38]
        assert buf[f("dst_ip6").offset : f("dst_ip6").end] == data[38:54]
    if frame.startswith("arp"):
        assert not any(buf[f("src_ip4").offset : f("dst_ip6").end])


@pytest.mark.parametrize("frame", REFUSED)
def test_a_cut_ip_header_is_refused(frame: str) -> None:
    from ebpy.runtime.context import TestRunError, _test_run_sock

    data = FRAMES[frame]
    with pytest.raises(TestRunError, match="fewer than an IPv"):
        _test_run_sock(int.from_bytes(data[12:14], "big"), data[14:])


def test_dst_port_is_stored_in_network_order() -> None:
    buf = bytearray(BPF_SOCK.size)
    Sock(dst_port=0x1234, src_port=0x5678).pack_into(buf)
    assert buf[48:52] == b"\x12\x34\0\0"
    assert struct.unpack_from("<I", buf, 44)[0] == 0x5678


def test_ancestor_levels() -> None:
    assert ancestor_cgroup_id("/", 0) == 1
    assert ancestor_cgroup_id("/", 1) == 0
    assert ancestor_cgroup_id("/a/b", 3) == 0
    assert ancestor_cgroup_id("/a/b", -1) == 0


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_unverified_program_passing_a_non_socket_faults(engine: str) -> None:
    """Only the verifier keeps a scalar from reaching bpf_sk_fullsock; without it, ebpy says
    what is wrong instead of reading random memory."""
    spec = with_map(PROLOGUE + "r1 = r7\ncall 95\n" + EPILOGUE, P.SCHED_CLS, 1)
    with loaded(spec, engine) as coll, pytest.raises(MemoryFault, match="not a socket"):
        coll.programs["p"].test_run(FRAMES["ipv4"])


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_socket_helpers_of_other_program_types_are_refused_at_load(engine: str) -> None:
    """A connect4 program may call bpf_get_socket_cookie in the kernel, but ebpy's engines
    model no socket behind its context: the load says so, instead of a fault mid-run."""
    prog = ProgramSpec(
        "p", "cgroup/connect4", P.CGROUP_SOCK_ADDR, assemble("call 46\nr0 = 1\nexit")
    )
    spec = CollectionSpec(programs={"p": prog})
    with pytest.raises(EbpyError, match=r"slot 0: calls bpf_get_socket_cookie \(id 46\).*"
                       "do not provide to cgroup_sock_addr programs"):  # fmt: skip
        spec.load(engine=engine, verify=False)
