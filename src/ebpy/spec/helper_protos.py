"""Helper prototypes as data: argument and return types, and which program types may call
each helper (the kernel's bpf_func_proto tables and <type>_func_proto functions).

The availability tables were read from the running kernel (6.18, x86_64) by loading a call
of every helper in every program type (tests/test_verifier_helpers.py re-checks them against
the live kernel). Argument and return types follow the kernel's prototypes for the helpers
ebpy models; a call to any other helper is refused by ebpy's verifier with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ebpy.spec.helper_ids import HELPER_NAMES
from ebpy.spec.types import ProgramType

P = ProgramType


class ArgKind(Enum):
    """What a helper argument must be (the kernel's enum bpf_arg_type, base part)."""

    DONTCARE = "dontcare"
    ANYTHING = "anything"
    CONST_MAP_PTR = "map_ptr"
    MAP_KEY = "map_key"
    MAP_VALUE = "map_value"
    MEM = "mem"
    CONST_SIZE = "size"
    CONST_SIZE_OR_ZERO = "size_or_zero"
    CTX = "ctx"
    SOCK_COMMON = "sock_common"
    SOCKET = "socket"
    BTF_ID_SOCK_COMMON = "btf_id_sock_common"
    SPIN_LOCK = "spin_lock"
    FUNC = "func"
    STACK = "stack"
    CONST_STR = "const_str"
    RINGBUF_MEM = "ringbuf_mem"
    CONST_ALLOC_SIZE_OR_ZERO = "alloc_size_or_zero"


@dataclass(frozen=True, slots=True)
class Arg:
    kind: ArgKind
    nullable: bool = False  # PTR_MAYBE_NULL: NULL (a scalar 0) is accepted
    rdonly: bool = False  # MEM_RDONLY: the helper only reads the memory (it must be initialised)
    uninit: bool = False  # MEM_UNINIT | MEM_WRITE: the helper fills it; may be uninitialised
    write: bool = False  # MEM_WRITE without MEM_UNINIT: read and written
    release: bool = False  # OBJ_RELEASE: the helper releases this reference
    size: int = 0  # MEM_FIXED_SIZE: bytes accessed (no size argument follows)
    aligned: bool = False  # MEM_ALIGNED


class RetKind(Enum):
    INTEGER = "integer"
    VOID = "void"
    MAP_VALUE = "map_value"
    SOCKET = "socket"
    TCP_SOCK = "tcp_sock"
    SOCK_COMMON = "sock_common"
    RINGBUF_MEM = "ringbuf_mem"


@dataclass(frozen=True, slots=True)
class HelperProto:
    id: int
    ret: RetKind
    args: tuple[Arg, ...] = ()
    ret_nullable: bool = False
    pkt_access: bool = False  # may read packet memory directly
    acquire: bool = False  # returns a reference that must be released
    changes_pkt_data: bool = False  # invalidates packet pointers
    callback: str = ""  # "loop" or "for_each_map_elem": calls a subprogram

    @property
    def name(self) -> str:
        return HELPER_NAMES.get(self.id, f"helper#{self.id}")

    @property
    def gpl_only(self) -> bool:
        return self.id in GPL_ONLY

    @property
    def nargs(self) -> int:
        return len(self.args)


A = ArgKind
R = RetKind
ANY = Arg(A.ANYTHING)
CTX = Arg(A.CTX)
MAP = Arg(A.CONST_MAP_PTR)
KEY = Arg(A.MAP_KEY)
SIZE = Arg(A.CONST_SIZE)
SIZE0 = Arg(A.CONST_SIZE_OR_ZERO)
RO_MEM = Arg(A.MEM, rdonly=True)
OUT_MEM = Arg(A.MEM, uninit=True)


def _proto(hid: int, ret: RetKind, *args: Arg, **kw: bool | str) -> HelperProto:
    return HelperProto(hid, ret, tuple(args), **kw)  # type: ignore[arg-type]


_PROTOS = [
    _proto(1, R.MAP_VALUE, MAP, KEY, ret_nullable=True, pkt_access=True),
    _proto(2, R.INTEGER, MAP, KEY, Arg(A.MAP_VALUE), ANY, pkt_access=True),
    _proto(3, R.INTEGER, MAP, KEY, pkt_access=True),
    _proto(4, R.INTEGER, OUT_MEM, SIZE0, ANY),
    _proto(5, R.INTEGER),
    _proto(6, R.INTEGER, RO_MEM, SIZE),
    _proto(7, R.INTEGER),
    _proto(8, R.INTEGER),
    _proto(9, R.INTEGER, CTX, ANY, RO_MEM, SIZE, ANY, changes_pkt_data=True),
    _proto(10, R.INTEGER, CTX, ANY, ANY, ANY, ANY, changes_pkt_data=True),
    _proto(11, R.INTEGER, CTX, ANY, ANY, ANY, ANY, changes_pkt_data=True),
    _proto(12, R.VOID, CTX, MAP, ANY, changes_pkt_data=True),
    _proto(13, R.INTEGER, CTX, ANY, ANY, changes_pkt_data=True),
    _proto(14, R.INTEGER),
    _proto(15, R.INTEGER),
    _proto(16, R.INTEGER, OUT_MEM, SIZE),
    _proto(18, R.INTEGER, CTX, ANY, ANY, changes_pkt_data=True),
    _proto(19, R.INTEGER, CTX, changes_pkt_data=True),
    _proto(20, R.INTEGER, CTX, OUT_MEM, SIZE, ANY),
    _proto(21, R.INTEGER, CTX, RO_MEM, SIZE, ANY),
    _proto(22, R.INTEGER, MAP, ANY),
    _proto(23, R.INTEGER, ANY, ANY),
    _proto(24, R.INTEGER, CTX),
    _proto(25, R.INTEGER, CTX, MAP, ANY, RO_MEM, SIZE0),
    _proto(26, R.INTEGER, CTX, ANY, OUT_MEM, SIZE),
    _proto(27, R.INTEGER, CTX, MAP, ANY),
    _proto(
        28,
        R.INTEGER,
        Arg(A.MEM, nullable=True, rdonly=True),
        SIZE0,
        Arg(A.MEM, nullable=True, rdonly=True),
        SIZE0,
        ANY,
        pkt_access=True,
    ),
    _proto(31, R.INTEGER, CTX, ANY, ANY, changes_pkt_data=True),
    _proto(32, R.INTEGER, CTX, ANY),
    _proto(33, R.INTEGER, CTX, MAP, ANY),
    _proto(34, R.INTEGER, CTX),
    _proto(35, R.INTEGER),
    _proto(37, R.INTEGER, MAP, ANY),
    _proto(38, R.INTEGER, CTX, ANY, ANY, changes_pkt_data=True),
    _proto(39, R.INTEGER, CTX, ANY, changes_pkt_data=True),
    _proto(40, R.INTEGER, CTX, ANY),
    _proto(41, R.INTEGER, CTX),
    _proto(42, R.INTEGER),
    _proto(43, R.INTEGER, CTX, ANY, ANY, changes_pkt_data=True),
    _proto(44, R.INTEGER, CTX, ANY, changes_pkt_data=True),
    _proto(45, R.INTEGER, OUT_MEM, SIZE0, ANY),
    _proto(47, R.INTEGER, CTX),
    _proto(48, R.INTEGER, CTX, ANY),
    _proto(50, R.INTEGER, CTX, ANY, ANY, ANY, changes_pkt_data=True),
    _proto(51, R.INTEGER, MAP, ANY, ANY),
    _proto(54, R.INTEGER, CTX, ANY, changes_pkt_data=True),
    _proto(55, R.INTEGER, MAP, ANY, OUT_MEM, SIZE),
    _proto(65, R.INTEGER, CTX, ANY, changes_pkt_data=True),
    _proto(67, R.INTEGER, CTX, OUT_MEM, SIZE0, ANY),
    _proto(68, R.INTEGER, CTX, ANY, OUT_MEM, SIZE, ANY),
    _proto(69, R.INTEGER, CTX, Arg(A.MEM), SIZE, ANY),
    _proto(79, R.INTEGER, CTX),
    _proto(80, R.INTEGER),
    _proto(83, R.INTEGER, CTX, ANY),
    _proto(
        84, R.SOCKET, CTX, RO_MEM, SIZE, ANY, ANY, ret_nullable=True, pkt_access=True, acquire=True
    ),
    _proto(
        85, R.SOCKET, CTX, RO_MEM, SIZE, ANY, ANY, ret_nullable=True, pkt_access=True, acquire=True
    ),
    _proto(86, R.INTEGER, Arg(A.BTF_ID_SOCK_COMMON, release=True)),
    _proto(87, R.INTEGER, MAP, Arg(A.MAP_VALUE), ANY, pkt_access=True),
    _proto(88, R.INTEGER, MAP, Arg(A.MAP_VALUE, uninit=True)),
    _proto(89, R.INTEGER, MAP, Arg(A.MAP_VALUE, uninit=True)),
    _proto(93, R.VOID, Arg(A.SPIN_LOCK)),
    _proto(94, R.VOID, Arg(A.SPIN_LOCK)),
    _proto(95, R.SOCKET, Arg(A.SOCK_COMMON), ret_nullable=True),
    _proto(96, R.TCP_SOCK, Arg(A.SOCK_COMMON), ret_nullable=True),
    _proto(97, R.INTEGER, CTX),
    _proto(98, R.SOCKET, Arg(A.SOCK_COMMON), ret_nullable=True),
    _proto(105, R.INTEGER, RO_MEM, SIZE, ANY, Arg(A.MEM, uninit=True, size=8, aligned=True)),
    _proto(106, R.INTEGER, RO_MEM, SIZE, ANY, Arg(A.MEM, uninit=True, size=8, aligned=True)),
    _proto(109, R.INTEGER, ANY),
    _proto(112, R.INTEGER, OUT_MEM, SIZE0, ANY),
    _proto(113, R.INTEGER, OUT_MEM, SIZE0, ANY),
    _proto(114, R.INTEGER, OUT_MEM, SIZE0, ANY),
    _proto(115, R.INTEGER, OUT_MEM, SIZE0, ANY),
    _proto(117, R.INTEGER, ANY),
    _proto(118, R.INTEGER),
    _proto(120, R.INTEGER, ANY, ANY, OUT_MEM, SIZE),
    _proto(123, R.INTEGER, ANY),
    _proto(125, R.INTEGER),
    _proto(128, R.INTEGER, Arg(A.BTF_ID_SOCK_COMMON)),
    _proto(129, R.INTEGER, Arg(A.BTF_ID_SOCK_COMMON), ANY),
    _proto(130, R.INTEGER, MAP, RO_MEM, SIZE0, ANY),
    _proto(
        131,
        R.RINGBUF_MEM,
        MAP,
        Arg(A.CONST_ALLOC_SIZE_OR_ZERO),
        ANY,
        ret_nullable=True,
        acquire=True,
    ),
    _proto(132, R.VOID, Arg(A.RINGBUF_MEM, release=True), ANY),
    _proto(133, R.VOID, Arg(A.RINGBUF_MEM, release=True), ANY),
    _proto(134, R.INTEGER, MAP, ANY),
    _proto(135, R.INTEGER, CTX, ANY),
    _proto(151, R.INTEGER, CTX),
    _proto(152, R.INTEGER, ANY, Arg(A.MEM, nullable=True, rdonly=True), SIZE0, ANY),
    _proto(155, R.INTEGER, ANY, ANY),
    _proto(160, R.INTEGER),
    _proto(163, R.INTEGER, CTX, ANY, Arg(A.MEM, write=True, size=4, aligned=True), ANY, ANY),
    _proto(
        164,
        R.INTEGER,
        MAP,
        Arg(A.FUNC),
        Arg(A.STACK, nullable=True),
        ANY,
        callback="for_each_map_elem",
    ),
    _proto(
        165,
        R.INTEGER,
        Arg(A.MEM, nullable=True, uninit=True),
        SIZE0,
        Arg(A.CONST_STR),
        Arg(A.MEM, nullable=True, rdonly=True),
        SIZE0,
    ),
    _proto(173, R.INTEGER, CTX),
    _proto(174, R.INTEGER, CTX),
    _proto(181, R.INTEGER, ANY, Arg(A.FUNC), Arg(A.STACK, nullable=True), ANY, callback="loop"),
    _proto(182, R.INTEGER, RO_MEM, SIZE, Arg(A.CONST_STR)),
    _proto(188, R.INTEGER, CTX),
    _proto(189, R.INTEGER, CTX, ANY, OUT_MEM, SIZE),
    _proto(190, R.INTEGER, CTX, ANY, RO_MEM, SIZE),
    _proto(192, R.INTEGER, CTX, ANY, ANY),
    _proto(195, R.MAP_VALUE, MAP, KEY, ANY, ret_nullable=True),
    _proto(208, R.INTEGER),
]

PROTOS: dict[int, HelperProto] = {p.id: p for p in _PROTOS}

# Helpers whose prototype differs between program types: (helper, types) -> prototype.
_CTX_VARIANT_TYPES = frozenset(
    {
        P.SCHED_CLS,
        P.SCHED_ACT,
        P.LWT_IN,
        P.LWT_OUT,
        P.LWT_XMIT,
        P.LWT_SEG6LOCAL,
        P.SOCKET_FILTER,
        P.CGROUP_SKB,
        P.SK_SKB,
        P.SOCK_OPS,
        P.CGROUP_SOCK_ADDR,
        P.CGROUP_SOCK,
        P.SK_REUSEPORT,
        P.SK_MSG,
    }
)
_GET_CGROUP_CLASSID_CTX = _proto(17, R.INTEGER, CTX)
_GET_CGROUP_CLASSID_CURRENT = _proto(17, R.INTEGER)
_GET_SOCKET_COOKIE_CTX = _proto(46, R.INTEGER, CTX)
_GET_NETNS_COOKIE_CTX = _proto(122, R.INTEGER, Arg(A.CTX, nullable=True))


def proto_for(hid: int, ptype: ProgramType) -> HelperProto | None:
    """The prototype of helper `hid` as a program of type `ptype` sees it, if ebpy models it."""
    if hid == 17:
        if ptype in (P.SCHED_CLS, P.SCHED_ACT, P.LWT_IN, P.LWT_OUT, P.LWT_XMIT):
            return _GET_CGROUP_CLASSID_CTX
        return _GET_CGROUP_CLASSID_CURRENT
    if hid == 46 and ptype in _CTX_VARIANT_TYPES:
        return _GET_SOCKET_COOKIE_CTX
    if hid == 122 and ptype in _CTX_VARIANT_TYPES:
        return _GET_NETNS_COOKIE_CTX
    return PROTOS.get(hid)


def _ids(text: str) -> frozenset[int]:
    return frozenset(int(x) for x in text.split())


# ---- availability, as read from the kernel --------------------------------------------------

BASE_HELPERS = _ids(
    "1 2 3 5 6 7 8 12 14 15 16 17 22 35 37 42 55 80 87 88 89 93 94 105 106 109 112 113 114 115 "
    "117 118 120 123 125 130 131 132 133 134 141 148 149 153 154 156 157 158 164 165 169 170 171 "
    "172 175 176 177 180 181 182 191 194 195 197 198 199 200 201 202 203 208 209 210 211"
)
_NET_PERFMON = "136 137 138 139 140 178 196"
PROGRAM_HELPERS: dict[ProgramType, frozenset[int]] = {
    P.SOCKET_FILTER: BASE_HELPERS | _ids(f"25 26 46 47 68 122 160 {_NET_PERFMON}"),
    P.KPROBE: BASE_HELPERS | _ids("4 25 27 45 67 173 174"),
    P.SCHED_CLS: BASE_HELPERS
    | _ids(
        "9 10 11 13 18 19 20 21 23 24 25 26 28 29 30 31 32 33 34 38 39 40 41 43 46 47 48 50 66 "
        "68 69 79 83 84 85 86 95 96 97 98 99 100 107 108 110 122 124 135 151 152 155 160 163 "
        f"192 204 205 206 207 {_NET_PERFMON}"
    ),
    P.TRACEPOINT: BASE_HELPERS | _ids("4 25 27 45 67 173 174"),
    P.XDP: BASE_HELPERS
    | _ids(
        "23 25 28 44 51 54 65 69 84 85 86 99 100 110 160 163 188 189 190 204 205 206 207 "
        + _NET_PERFMON
    ),
    P.PERF_EVENT: BASE_HELPERS | _ids("4 25 27 45 56 67 119 173 174"),
    P.CGROUP_SKB: BASE_HELPERS
    | _ids(
        "25 26 46 47 68 79 81 83 84 85 86 95 96 97 98 99 107 108 122 128 129 160 " + _NET_PERFMON
    ),
    P.CGROUP_SOCK: BASE_HELPERS | _ids("25 46 81 107 122 160 186 187"),
    P.LWT_IN: BASE_HELPERS | _ids(f"24 25 26 28 33 34 39 73 160 {_NET_PERFMON}"),
    P.LWT_OUT: BASE_HELPERS | _ids(f"24 25 26 28 33 34 39 160 {_NET_PERFMON}"),
    P.LWT_XMIT: BASE_HELPERS
    | _ids("9 10 11 13 20 21 23 24 25 26 28 29 30 33 34 38 39 40 41 43 73 135 160 " + _NET_PERFMON),
    P.SOCK_OPS: BASE_HELPERS
    | _ids(f"25 46 49 53 57 59 70 81 96 107 108 122 142 143 144 160 {_NET_PERFMON}"),
    P.SK_SKB: BASE_HELPERS
    | _ids(f"9 25 26 38 39 43 46 47 50 52 72 84 85 86 99 160 {_NET_PERFMON}"),
    P.CGROUP_DEVICE: BASE_HELPERS | _ids("25 81 186 187"),
    P.SK_MSG: BASE_HELPERS | _ids(f"25 60 61 62 63 71 90 91 107 108 122 160 {_NET_PERFMON}"),
    P.RAW_TRACEPOINT: BASE_HELPERS | _ids("4 25 27 45 67 173 174"),
    P.CGROUP_SOCK_ADDR: BASE_HELPERS
    | _ids(f"25 46 49 57 64 81 84 85 86 99 107 108 122 160 186 187 {_NET_PERFMON}"),
    P.LWT_SEG6LOCAL: BASE_HELPERS | _ids(f"24 25 26 28 33 34 39 74 75 76 160 {_NET_PERFMON}"),
    P.SK_REUSEPORT: BASE_HELPERS | _ids("26 46 68 82 160"),
    P.FLOW_DISSECTOR: BASE_HELPERS | _ids(f"26 160 {_NET_PERFMON}"),
    P.CGROUP_SYSCTL: BASE_HELPERS | _ids("25 81 101 102 103 104 160 186 187"),
    P.RAW_TRACEPOINT_WRITABLE: BASE_HELPERS | _ids("4 25 27 45 67 173 174"),
    P.CGROUP_SOCKOPT: BASE_HELPERS | _ids("25 81 96 107 108 122 186 187"),
    P.SK_LOOKUP: BASE_HELPERS | _ids(f"25 86 124 160 {_NET_PERFMON}"),
    P.SYSCALL: BASE_HELPERS
    | _ids(f"4 25 27 45 46 67 111 121 162 166 167 168 173 179 188 {_NET_PERFMON}"),
    P.NETFILTER: BASE_HELPERS,
}
PROGRAM_HELPERS[P.SCHED_ACT] = PROGRAM_HELPERS[P.SCHED_CLS]

# Helpers that need CAP_PERFMON (bpf_base_func_proto's last group, and the skc_to_* casts).
PERFMON_HELPERS = _ids(
    "6 16 22 35 55 109 112 113 114 115 117 136 137 138 139 140 141 148 149 158 165 166 175 176 "
    "177 178 180 191 196"
)
_NET_PERFMON_IDS = _ids(_NET_PERFMON)  # syscall programs get these without CAP_PERFMON
# Program types only CAP_PERFMON may load (is_perfmon_prog_type).
PERFMON_PROGRAM_TYPES = frozenset(
    {P.KPROBE, P.TRACEPOINT, P.PERF_EVENT, P.RAW_TRACEPOINT, P.RAW_TRACEPOINT_WRITABLE}
    | {P.TRACING, P.LSM, P.STRUCT_OPS, P.EXT}
)
# bpf_base_func_proto's first group: what a program may call without CAP_BPF.
UNPRIV_BASE = _ids(
    "1 2 3 5 7 8 12 14 15 42 87 88 89 105 106 120 125 130 131 132 133 134 182 195 208"
)
GPL_ONLY = _ids(
    "4 6 22 25 27 35 45 55 56 67 69 100 110 111 112 113 114 115 119 121 158 163 165 169 170 171 "
    "172 173 175 176 177 191 204 205 206 207"
)
SLEEPABLE_ONLY = _ids("148 191")
# "helper call is not allowed in probe" (the proto's ->allowed() refuses this program).
NOT_ALLOWED: dict[ProgramType, frozenset[int]] = {P.SYSCALL: _ids("107 108 147")}


def available(hid: int, ptype: ProgramType, bpf_capable: bool = True, perfmon: bool = True) -> bool:
    """May a program of this type, loaded with these privileges, call helper `hid`?"""
    allowed = PROGRAM_HELPERS.get(ptype)
    if allowed is None or hid not in allowed:
        return False
    if (
        not perfmon
        and hid in PERFMON_HELPERS
        and not (ptype == P.SYSCALL and hid in _NET_PERFMON_IDS)
    ):
        return False
    return bpf_capable or hid in UNPRIV_BASE or hid not in BASE_HELPERS
