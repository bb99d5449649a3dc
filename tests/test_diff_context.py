"""Test-run contexts compared with the kernel's BPF_PROG_TEST_RUN.

For XDP and the sk_buff types (SCHED_CLS, SOCKET_FILTER, CGROUP_SKB), a program copies every
context field it may read into a map; each engine runs it on the same packets and ctx_in, and the
fields (pointers as offsets from data), the packet, ctx_out, the return value, and which inputs
are refused must be the same. Which fields a type may read or write is asked of the kernel's
verifier, field by field, so the programs only touch what the kernel allows. LD_ABS/LD_IND
offsets are compared on socket filters (the packet starts at the network header) and tc.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest

from diff.engines import loaded, on_cpu0, single_program
from ebpy.errors import EbpyError, VerifierError
from ebpy.isa import InsnClass, Instruction, JmpOp, Mode, PseudoSrc, Size, assemble
from ebpy.spec import CollectionSpec, MapReference, MapSpec, MapType, ProgramSpec, ProgramType
from ebpy.spec.contexts import SK_BUFF, XDP_MD, ContextLayout, FieldKind

pytestmark = pytest.mark.kernel  # the kernel is the other side of every comparison
ENGINES = ("interp", "jit", "kernel")
P = ProgramType
SIZE = {1: Size.B, 2: Size.H, 4: Size.W, 8: Size.DW}
POINTERS = (FieldKind.PACKET, FieldKind.PACKET_END, FieldKind.PACKET_META)


@dataclass(frozen=True)
class Slot:
    """One context element a program reads: field name (with index for arrays), offset, size."""

    name: str
    offset: int
    size: int
    pointer: bool


def slots(layout: ContextLayout) -> list[Slot]:
    out = []
    for f in layout.fields:
        for i in range(f.count):
            name = f.name if f.count == 1 else f"{f.name}[{i}]"
            out.append(Slot(name, f.offset + i * f.size, f.size, f.kind in POINTERS))
    return out


# ---- programs -----------------------------------------------------------------------------------
def ldx(size: int, dst: int, src: int, off: int) -> Instruction:
    return Instruction(InsnClass.LDX | Mode.MEM | SIZE[size], dst, src, off)


def stx(size: int, dst: int, src: int, off: int) -> Instruction:
    return Instruction(InsnClass.STX | Mode.MEM | SIZE[size], dst, src, off)


def mov(dst: int, imm: int) -> Instruction:
    return Instruction(0xB7, dst, 0, 0, imm)


EXIT = Instruction(0x95)


def copy_program(reads: list[Slot], writes: list[tuple[Slot, int]], ret: int) -> list[Instruction]:
    """Write `writes` into the context, then copy every slot of `reads` to the map value."""
    insns = [Instruction(0xBF, 6, 1)]  # r6 = ctx
    for slot, value in writes:
        insns += [Instruction.lddw(2, value), stx(slot.size, 6, 2, slot.offset)]
    insns += [
        Instruction(InsnClass.ST | Mode.MEM | Size.W, 10, 0, -4, 0),
        Instruction(0xBF, 2, 10),
        Instruction(0x07, 2, 0, 0, -4),
        Instruction.lddw(1, 0, PseudoSrc.MAP_FD),
        Instruction(0x85, 0, 0, 0, 1),
        Instruction(InsnClass.JMP | JmpOp.JNE, 0, 0, 2, 0),  # over the null exit
        mov(0, 0),
        EXIT,
    ]
    for i, slot in enumerate(reads):
        insns += [ldx(slot.size, 2, 6, slot.offset), stx(8, 0, 2, 8 * i)]
    return [*insns, mov(0, ret), EXIT]


def collection(insns: list[Instruction], ptype: ProgramType, nvalues: int) -> CollectionSpec:
    slot = 0
    for insn in insns:
        if insn.is_lddw and insn.src == PseudoSrc.MAP_FD:
            break
        slot += insn.slots
    prog = ProgramSpec("ctx", ptype.name.lower(), ptype, insns, license="GPL",
                       map_refs=[MapReference(slot, "out")])  # fmt: skip
    out = MapSpec("out", MapType.ARRAY, 4, max(8, 8 * nvalues), 1)
    return CollectionSpec(maps={"out": out}, programs={"ctx": prog}, license="GPL")


@cache
def kernel_accepts(ptype: ProgramType, slot: Slot, write: bool) -> bool:
    """Does the kernel's verifier let `ptype` read (or write) this context slot?"""
    writes = [(slot, 0)] if write else []
    reads = [] if write else [slot]
    spec = collection(copy_program(reads, writes, 0), ptype, 1)
    try:
        with loaded(spec, "kernel"):
            return True
    except VerifierError:
        return False


def readable(ptype: ProgramType, layout: ContextLayout) -> list[Slot]:
    return [s for s in slots(layout) if kernel_accepts(ptype, s, False)]


def writable(ptype: ProgramType, layout: ContextLayout) -> list[Slot]:
    return [s for s in slots(layout) if not s.pointer and kernel_accepts(ptype, s, True)]


# ---- running ------------------------------------------------------------------------------------
def outcome(coll: Any, reads: list[Slot], data: bytes, ctx: bytes | None) -> Any:
    """What a run shows: an error, or (retval, data_out, ctx_out, fields)."""
    try:
        result = coll.programs["ctx"].test_run(data, ctx)
    except EbpyError:
        return ("refused",)
    raw = coll.maps["out"]._lookup(b"\0\0\0\0")
    values = struct.unpack_from(f"<{len(reads)}Q", raw) if reads else ()
    fields = dict(zip((s.name for s in reads), values))
    # The socket's address is each engine's own; that there is one must agree.
    if "sk" in fields:
        fields["sk"] = fields["sk"] != 0
    base = fields.get("data")
    for s in reads:  # pointers as offsets from data, the same on every engine
        if s.pointer and base is not None:
            fields[s.name] = fields[s.name] - base
    # The kernel gives ctx_out only for a ctx_in (ebpy's kernel layer asks only then).
    ctx_out = result.ctx_out if ctx is not None else None
    return (result.retval, result.data_out, ctx_out, fields)


def compare(ptype: ProgramType, reads: list[Slot], writes: list[tuple[Slot, int]],
            cases: list[tuple[bytes, bytes | None]], ret: int) -> list[Any]:  # fmt: skip
    spec = collection(copy_program(reads, writes, ret), ptype, len(reads))
    answers: dict[str, list[Any]] = {}
    for engine in ENGINES:
        with loaded(spec, engine) as coll, on_cpu0():
            answers[engine] = [outcome(coll, reads, d, c) for d, c in cases]
    problems = [
        f"case {i} {_describe(cases[i])}: interp vs {engine}: {_difference(mine, ref)}"
        for engine in ("jit", "kernel")
        for i, (mine, ref) in enumerate(zip(answers["interp"], answers[engine]))
        if mine != ref
    ]
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems)
    return answers["kernel"]


def _difference(a: Any, b: Any) -> str:
    if a[0] == "refused" or b[0] == "refused":
        return f"{a if a[0] == 'refused' else 'ran'} != {b if b[0] == 'refused' else 'ran'}"
    parts = []
    for name, x, y in zip(("retval", "data_out", "ctx_out"), a, b):
        if x != y:
            parts.append(f"{name} {x.hex() if isinstance(x, bytes) else x} != "
                         f"{y.hex() if isinstance(y, bytes) else y}")  # fmt: skip
    parts += [f"{k} {a[3].get(k)} != {b[3].get(k)}" for k in a[3] if a[3].get(k) != b[3].get(k)]
    return "; ".join(parts)


def _describe(case: tuple[bytes, bytes | None]) -> str:
    data, ctx = case
    return f"(data {len(data)} bytes {data[:16].hex()}..., ctx {ctx.hex() if ctx else None})"


# ---- XDP ------------------------------------------------------------------------------------------
def xdp_ctx(data: bytes, meta: int = 0, ingress: int = 0, rxq: int = 0, egress: int = 0,
            end: int | None = None, tail: bytes = b"") -> bytes:  # fmt: skip
    n = len(data) if end is None else end
    return struct.pack("<6I", meta, n, 0, ingress, rxq, egress) + tail


def frame(n: int, seed: int = 1) -> bytes:
    import random

    return random.Random(seed * 7919 + n).randbytes(n)


def test_xdp_md_fields_and_ctx_in_rules() -> None:
    reads = readable(P.XDP, XDP_MD)
    assert {s.name for s in reads} >= {"data", "data_end", "data_meta", "ingress_ifindex"}
    f64 = frame(64)
    cases: list[tuple[bytes, bytes | None]] = [
        (f64, None),
        (frame(14), None),
        (frame(13), None),
        (b"", None),
        (frame(1500), None),
        (frame(3520), None),  # the most a single page holds after headroom and skb_shared_info
        (f64, xdp_ctx(f64)),
        (f64, xdp_ctx(f64, meta=4)),
        (f64, xdp_ctx(f64, meta=32)),
        (f64, xdp_ctx(f64, meta=36)),
        (f64, xdp_ctx(f64, meta=60)),
        (f64, xdp_ctx(f64, meta=64)),
        (f64, xdp_ctx(f64, meta=3)),
        (frame(300), xdp_ctx(frame(300), meta=252)),
        (frame(300), xdp_ctx(frame(300), meta=256)),
        (f64, xdp_ctx(f64, ingress=1)),
        (f64, xdp_ctx(f64, ingress=1, rxq=0)),
        (f64, xdp_ctx(f64, ingress=1, rxq=1)),  # loopback has one receive queue
        (f64, xdp_ctx(f64, rxq=1)),
        (f64, xdp_ctx(f64, egress=1)),
        (f64, xdp_ctx(f64, end=65)),
        (f64, xdp_ctx(f64, end=63)),
        (f64, xdp_ctx(f64, meta=8, end=30)),
        (f64, xdp_ctx(f64, meta=8, end=4)),
        (f64, xdp_ctx(f64, ingress=999_999)),
        (f64, xdp_ctx(f64, tail=bytes(8))),
        (f64, xdp_ctx(f64, tail=b"\1" + bytes(7))),
    ]
    compare(P.XDP, reads, [], cases, 2)


# ---- sk_buff --------------------------------------------------------------------------------------
def ipv4_frame(dest: bytes = b"\x02\x00\x00\x00\x00\x01", payload: int = 40) -> bytes:
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + payload, 1, 0, 64, 6, 0,
                     bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))  # fmt: skip
    return dest + b"\x02\x00\x00\x00\x00\x02" + b"\x08\x00" + ip + frame(payload, 3)


def ipv6_frame(dest: bytes = b"\x33\x33\x00\x00\x00\x01") -> bytes:
    src = bytes(range(16))
    dst = bytes(range(16, 32))
    ip = struct.pack("!IHBB16s16s", 0x60000000, 16, 17, 64, src, dst)
    return dest + b"\x02\x00\x00\x00\x00\x02" + b"\x86\xdd" + ip + frame(16, 4)


def skb_ctx(**fields: int) -> bytes:
    buf = bytearray(SK_BUFF.size)
    for name, value in fields.items():
        # cbN is element N of cb[5]; every other name is a field of its own.
        is_cb = name.startswith("cb")
        f = SK_BUFF.field("cb" if is_cb else name)
        off = f.offset + (int(name[2:]) * 4 if is_cb else 0)
        buf[off : off + f.size] = value.to_bytes(f.size, "little")
    return bytes(buf)


SKB_FRAMES = [
    ipv4_frame(),
    ipv4_frame(dest=b"\xff" * 6),
    ipv4_frame(dest=bytes(6)),
    ipv6_frame(),
    b"\xff" * 6 + b"\x02" * 6 + b"\x08\x06" + frame(28, 5),  # ARP
    frame(14),
    frame(13),
    ipv4_frame(payload=1400),
]
SKB_CTX = [
    skb_ctx(),
    skb_ctx(mark=0x1234, priority=7, cb0=1, cb4=0xFFFFFFFF),
    skb_ctx(ifindex=1),
    skb_ctx(ingress_ifindex=1),
    skb_ctx(ifindex=999_999),
    skb_ctx(tstamp=123456789),
    skb_ctx(wire_len=100),
    skb_ctx(wire_len=10),  # shorter than the packet
    skb_ctx(gso_segs=3, gso_size=500),
    skb_ctx(hwtstamp=42),
    skb_ctx(len=5),  # not settable
    skb_ctx(hash=7),  # not settable
    skb_ctx() + bytes(8),
    skb_ctx() + b"\1",
]


@pytest.mark.parametrize("ptype", [P.SCHED_CLS, P.SOCKET_FILTER, P.CGROUP_SKB])
def test_sk_buff_fields_and_ctx_in_rules(ptype: ProgramType) -> None:
    reads = readable(ptype, SK_BUFF)
    assert {s.name for s in reads} >= {"len", "protocol", "mark", "cb[0]"}
    cases: list[tuple[bytes, bytes | None]] = [(f, None) for f in SKB_FRAMES]
    cases += [(ipv4_frame(), c) for c in SKB_CTX]
    cases += [(ipv6_frame(), SKB_CTX[1])]
    compare(ptype, reads, [], cases, 1)


@pytest.mark.parametrize("ptype", [P.SCHED_CLS, P.SOCKET_FILTER, P.CGROUP_SKB])
def test_sk_buff_writes_reach_ctx_out(ptype: ProgramType) -> None:
    writes = writable(ptype, SK_BUFF)
    assert writes, f"{ptype.name}: the kernel lets no field be written?"
    values = [(s, (0x1111 * (i + 1)) & ((1 << (8 * s.size)) - 1)) for i, s in enumerate(writes)]
    reads = [s for s in readable(ptype, SK_BUFF) if not s.pointer]
    cases = [(ipv4_frame(), None), (ipv4_frame(), SKB_CTX[1]), (ipv6_frame(), SKB_CTX[5])]
    compare(ptype, reads, values, cases, 0)


# ---- LD_ABS / LD_IND ------------------------------------------------------------------------------
SKF_NET_OFF = -0x100000
SKF_LL_OFF = -0x200000
LEGACY = [
    ("abs", 4, 0), ("abs", 2, 12), ("abs", 1, 14), ("abs", 4, 26), ("abs", 2, 70), ("abs", 4, 72),
    ("abs", 1, SKF_NET_OFF + 9), ("abs", 4, SKF_NET_OFF + 12), ("abs", 2, SKF_LL_OFF + 12),
    ("ind", 4, 2), ("ind", 2, 60), ("ind", 1, -1), ("ind", 4, SKF_NET_OFF),
]  # fmt: skip


def legacy_program(kind: str, size: int, imm: int) -> list[Instruction]:
    mode = Mode.ABS if kind == "abs" else Mode.IND
    return [
        Instruction(0xBF, 6, 1),
        mov(7, 10),  # LD_IND adds r7
        Instruction(InsnClass.LD | mode | SIZE[size], 0, 7 if kind == "ind" else 0, 0, imm),
        Instruction(0x07, 0, 0, 0, 0x1000),  # reached only when the load stayed in the packet
        EXIT,
    ]


def legacy_answers(ptype: ProgramType, kind: str, size: int, imm: int, engine: str) -> list[int]:
    prog = ProgramSpec("ld", "x", ptype, legacy_program(kind, size, imm), license="GPL")
    spec = CollectionSpec(programs={"ld": prog}, license="GPL")
    with loaded(spec, engine) as coll:
        return [coll.programs["ld"].test_run(f).retval for f in (ipv4_frame(), ipv6_frame())]


@pytest.mark.parametrize("ptype", [P.SOCKET_FILTER, P.SCHED_CLS])
@pytest.mark.parametrize("kind,size,imm", LEGACY)
def test_legacy_packet_loads(ptype: ProgramType, kind: str, size: int, imm: int) -> None:
    kernel = legacy_answers(ptype, kind, size, imm, "kernel")
    assert legacy_answers(ptype, kind, size, imm, "interp") == kernel


@pytest.mark.parametrize("ptype", [P.SOCKET_FILTER, P.SCHED_CLS])
@pytest.mark.parametrize("kind,size,imm", LEGACY)
def test_legacy_packet_loads_jit(ptype: ProgramType, kind: str, size: int, imm: int) -> None:
    kernel = legacy_answers(ptype, kind, size, imm, "kernel")
    assert legacy_answers(ptype, kind, size, imm, "jit") == kernel


# ---- what ebpy does not model yet (kernel answers pinned) -----------------------------------------
def test_xdp_frames_longer_than_a_page_go_to_fragments() -> None:
    """The kernel keeps 3520 bytes linear (plus any metadata) and the rest in page-sized
    fragments; bpf_xdp_adjust_tail takes from and grows the fragments (program below)."""
    reads = readable(P.XDP, XDP_MD)
    cases = [(frame(n), None) for n in (3521, 4000, 5000, 9000)]
    cases += [(frame(5000), xdp_ctx(frame(5000), meta=32))]
    answers = compare(P.XDP, reads, [], cases, 2)
    assert [a[3]["data_end"] for a in answers] == [3520] * 5  # metadata comes out of headroom


TAIL_ON_FRAGS = """
    r6 = r1
    r2 = *(u32 *)(r6 + 0)
    r3 = *(u32 *)(r6 + 4)
    r4 = r2
    r4 += 8
    if r4 > r3 goto out
    r7 = *(s32 *)(r2 + 0)
    r1 = r6
    r2 = r7
    call 65
    r8 = r0
    r2 = *(u32 *)(r6 + 0)
    r3 = *(u32 *)(r6 + 4)
    r4 = r2
    r4 += 16
    if r4 > r3 goto out2
    *(u32 *)(r2 + 4) = r8
    r3 -= r2
    *(u32 *)(r2 + 8) = r3
    r0 = 2
    exit
out2:
    r0 = r8
    exit
out:
    r0 = 99
    exit
"""


@pytest.mark.parametrize("size", [3520, 3600, 5000, 9000])
def test_xdp_adjust_tail_on_fragments(size: int) -> None:
    spec = single_program(assemble(TAIL_ON_FRAGS), P.XDP, "tail")
    deltas = (
        -100,
        -1000,
        -1494,
        -3000,
        -(size - 14),
        -(size - 13),
        10,
        500,
        2712,
        2713,
        4016,
        4017,
    )
    inputs = []
    for delta in deltas:
        data = bytearray(frame(size))
        data[0:4] = struct.pack("<i", delta)
        inputs.append(bytes(data))
    answers = {}
    for engine in ENGINES:
        with loaded(spec, engine) as coll:
            runs = [coll.programs["tail"].test_run(d) for d in inputs]
            answers[engine] = [(r.retval, r.data_out) for r in runs]
    assert answers["interp"] == answers["kernel"]
    assert answers["jit"] == answers["kernel"]


def test_xdp_ctx_in_data_end_sets_the_linear_part() -> None:
    """A ctx_in data_end below the packet length makes the linear part that long and the rest
    fragments: the program sees the shorter frame, adjust_tail works on the fragments, and
    data_out is the whole packet."""
    spec = single_program(assemble(TAIL_ON_FRAGS), P.XDP, "tail")
    inputs = []
    for meta, end, delta in ((0, 40, 0), (0, 40, -4), (0, 40, 4), (8, 40, -6), (8, 40, 10),
                             (0, 30, -16), (0, 40, 200), (0, 16, 0), (8, 21, -40)):  # fmt: skip
        data = bytearray(frame(64))
        data[meta : meta + 4] = struct.pack("<i", delta)
        inputs.append((bytes(data), xdp_ctx(bytes(data), meta=meta, end=end)))
    answers = {}
    for engine in ENGINES:
        with loaded(spec, engine) as coll:
            runs = [coll.programs["tail"].test_run(d, c) for d, c in inputs]
            answers[engine] = [(r.retval, r.data_out, r.ctx_out) for r in runs]
    assert answers["interp"] == answers["kernel"]
    assert answers["jit"] == answers["kernel"]


@pytest.mark.parametrize("ptype", [P.SCHED_CLS, P.CGROUP_SKB, P.SOCKET_FILTER])
def test_sk_buff_sk_is_set(ptype: ProgramType) -> None:
    """bpf_prog_test_run_skb puts a socket behind the packet (tests/test_skb_socket.py
    compares what programs read through it)."""
    sk = next(s for s in slots(SK_BUFF) if s.name == "sk")
    spec = collection(copy_program([sk], [], 0), ptype, 1)
    for engine in ENGINES:
        with loaded(spec, engine) as coll:
            coll.programs["ctx"].test_run(ipv4_frame())
            assert coll.maps["out"]._lookup(b"\0\0\0\0") != bytes(8), engine


# ---- moving the head, tail and metadata: every amount around the limits ---------------------------
ADJUST = """
    r6 = r1
    r2 = *(u32 *)(r6 + 0)
    r3 = *(u32 *)(r6 + 4)
    r4 = r2
    r4 += 8
    if r4 > r3 goto out
    r7 = *(s32 *)(r2 + 0)
    r1 = r6
    r2 = r7
    call {helper}
    r8 = r0
    r2 = *(u32 *)(r6 + 0)
    r3 = *(u32 *)(r6 + 4)
    r5 = *(u32 *)(r6 + 8)
    r4 = r2
    r4 += 24
    if r4 > r3 goto short
    *(u64 *)(r2 + 0) = r8
    r4 = r3
    r4 -= r2
    *(u64 *)(r2 + 8) = r4           ; data_end - data
    r4 = r2
    r4 -= r5
    *(u64 *)(r2 + 16) = r4          ; data - data_meta
    r0 = 2
    exit
short:
    r0 = r8
    r0 += 1000
    exit
out:
    r0 = 99
    exit
"""
HELPERS = {"adjust_head": 44, "adjust_meta": 54, "adjust_tail": 65}
DELTAS = sorted({d for base in (0, 14, 24, 32, 40, 64, 216, 256, 3506, 3520, 4096)
                 for d in (base - 1, base, base + 1, base + 3, -base, -base - 1, -base + 1, -base - 4)})  # fmt: skip


@pytest.mark.parametrize("helper", list(HELPERS))
@pytest.mark.parametrize(
    "size,meta", [(64, 0), (64, 8), (1500, 0), (3520, 0), (3520, 32), (5000, 0)]
)
def test_xdp_adjust_every_amount(helper: str, size: int, meta: int) -> None:
    spec = single_program(assemble(ADJUST.format(helper=HELPERS[helper])), P.XDP, "adjust")
    inputs = []
    for delta in DELTAS:
        data = bytearray(frame(size, delta & 0xFF))
        data[meta : meta + 4] = struct.pack("<i", delta)
        inputs.append((bytes(data), xdp_ctx(bytes(data), meta=meta) if meta else None))
    answers = {}
    for engine in ENGINES:
        with loaded(spec, engine) as coll:
            runs = [(coll.programs["adjust"].test_run(d, c), c) for d, c in inputs]
            # The kernel layer asks for ctx_out only with a ctx_in.
            answers[engine] = [(r.retval, r.data_out, c and r.ctx_out) for r, c in runs]
    for engine in ("interp", "jit"):
        wrong = [d for d, a, k in zip(DELTAS, answers[engine], answers["kernel"]) if a != k]
        assert not wrong, f"{engine} differs from the kernel for deltas {wrong}"
