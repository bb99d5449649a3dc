"""Register states: what the verifier knows about one register (or one spilled register).

A register is either uninitialised, a scalar, or a pointer of some type. Every register carries
the kernel's numeric knowledge: a tnum (`var_off`) plus signed and unsigned 64-bit bounds and
the 32-bit sub-register bounds. For a pointer those describe the variable part of its offset;
`off` is the fixed part.
"""

from __future__ import annotations

from enum import IntEnum, IntFlag
from typing import Any

from ebpy.verifier import tnum

U64 = (1 << 64) - 1
U32 = (1 << 32) - 1
S64_MIN = -(1 << 63)
S64_MAX = (1 << 63) - 1
S32_MIN = -(1 << 31)
S32_MAX = (1 << 31) - 1

# A scalar id with this bit set means "linked to the register with the same id, plus `off`"
# (the kernel's BPF_ADD_CONST): r1 = r2; r1 += 4 keeps r1 tied to r2.
ADD_CONST = 1 << 31


class RegType(IntEnum):
    """Base register types (the kernel's enum bpf_reg_type, without flags)."""

    NOT_INIT = 0
    SCALAR = 1
    PTR_TO_CTX = 2
    CONST_PTR_TO_MAP = 3
    PTR_TO_MAP_VALUE = 4
    PTR_TO_MAP_KEY = 5
    PTR_TO_STACK = 6
    PTR_TO_PACKET_META = 7
    PTR_TO_PACKET = 8
    PTR_TO_PACKET_END = 9
    PTR_TO_FLOW_KEYS = 10
    PTR_TO_SOCKET = 11
    PTR_TO_SOCK_COMMON = 12
    PTR_TO_TCP_SOCK = 13
    PTR_TO_TP_BUFFER = 14
    PTR_TO_XDP_SOCK = 15
    PTR_TO_BTF_ID = 16
    PTR_TO_MEM = 17
    PTR_TO_BUF = 18
    PTR_TO_FUNC = 19
    CONST_PTR_TO_DYNPTR = 20


class RegFlag(IntFlag):
    """Modifiers OR-ed into a register type (the kernel's type flags)."""

    MAYBE_NULL = 1 << 8
    RDONLY = 1 << 9
    RINGBUF = 1 << 10
    ALLOC = 1 << 11
    UNTRUSTED = 1 << 12


BASE_MASK = 0xFF

NOT_INIT = int(RegType.NOT_INIT)
SCALAR = int(RegType.SCALAR)
PTR_TO_CTX = int(RegType.PTR_TO_CTX)
CONST_PTR_TO_MAP = int(RegType.CONST_PTR_TO_MAP)
PTR_TO_MAP_VALUE = int(RegType.PTR_TO_MAP_VALUE)
PTR_TO_MAP_KEY = int(RegType.PTR_TO_MAP_KEY)
PTR_TO_STACK = int(RegType.PTR_TO_STACK)
PTR_TO_PACKET_META = int(RegType.PTR_TO_PACKET_META)
PTR_TO_PACKET = int(RegType.PTR_TO_PACKET)
PTR_TO_PACKET_END = int(RegType.PTR_TO_PACKET_END)
PTR_TO_FLOW_KEYS = int(RegType.PTR_TO_FLOW_KEYS)
PTR_TO_SOCKET = int(RegType.PTR_TO_SOCKET)
PTR_TO_SOCK_COMMON = int(RegType.PTR_TO_SOCK_COMMON)
PTR_TO_TCP_SOCK = int(RegType.PTR_TO_TCP_SOCK)
PTR_TO_TP_BUFFER = int(RegType.PTR_TO_TP_BUFFER)
PTR_TO_XDP_SOCK = int(RegType.PTR_TO_XDP_SOCK)
PTR_TO_BTF_ID = int(RegType.PTR_TO_BTF_ID)
PTR_TO_MEM = int(RegType.PTR_TO_MEM)
PTR_TO_BUF = int(RegType.PTR_TO_BUF)
PTR_TO_FUNC = int(RegType.PTR_TO_FUNC)
MAYBE_NULL = int(RegFlag.MAYBE_NULL)
RDONLY = int(RegFlag.RDONLY)
RINGBUF = int(RegFlag.RINGBUF)
ALLOC = int(RegFlag.ALLOC)
UNTRUSTED = int(RegFlag.UNTRUSTED)

PTR_TO_MAP_VALUE_OR_NULL = PTR_TO_MAP_VALUE | MAYBE_NULL

_NAMES = {
    NOT_INIT: "?",
    SCALAR: "scalar",
    PTR_TO_CTX: "ctx",
    CONST_PTR_TO_MAP: "map_ptr",
    PTR_TO_MAP_VALUE: "map_value",
    PTR_TO_MAP_KEY: "map_key",
    PTR_TO_STACK: "fp",
    PTR_TO_PACKET_META: "pkt_meta",
    PTR_TO_PACKET: "pkt",
    PTR_TO_PACKET_END: "pkt_end",
    PTR_TO_FLOW_KEYS: "flow_keys",
    PTR_TO_SOCKET: "sock",
    PTR_TO_SOCK_COMMON: "sock_common",
    PTR_TO_TCP_SOCK: "tcp_sock",
    PTR_TO_TP_BUFFER: "tp_buffer",
    PTR_TO_XDP_SOCK: "xdp_sock",
    PTR_TO_BTF_ID: "ptr_",
    PTR_TO_MEM: "mem",
    PTR_TO_BUF: "buf",
    PTR_TO_FUNC: "func",
    int(RegType.CONST_PTR_TO_DYNPTR): "dynptr_ptr",
}


def type_str(t: int) -> str:
    """The kernel's name of a register type: `map_value_or_null`, `ringbuf_mem`, ..."""
    prefix = ""
    if t & RDONLY:
        prefix += "rdonly_"
    if t & RINGBUF:
        prefix += "ringbuf_"
    if t & ALLOC:
        prefix += "alloc_"
    if t & UNTRUSTED:
        prefix += "untrusted_"
    postfix = "_or_null" if t & MAYBE_NULL else ""
    return prefix + _NAMES.get(t & BASE_MASK, "?") + postfix


def s64(v: int) -> int:
    v &= U64
    return v - (1 << 64) if v >> 63 else v


def s32(v: int) -> int:
    v &= U32
    return v - (1 << 32) if v >> 31 else v


class Reg:
    """One register's abstract value. Mutable; states copy their registers."""

    __slots__ = (
        "frameno",
        "id",
        "map",
        "mem_size",
        "off",
        "precise",
        "range",
        "ref_obj_id",
        "s32max",
        "s32min",
        "smax",
        "smin",
        "subprogno",
        "type",
        "u32max",
        "u32min",
        "umax",
        "umin",
        "vm",
        "vv",
    )

    def __init__(self) -> None:
        self.type = NOT_INIT
        self.off = 0
        self.vv = 0
        self.vm = U64
        self.smin = S64_MIN
        self.smax = S64_MAX
        self.umin = 0
        self.umax = U64
        self.s32min = S32_MIN
        self.s32max = S32_MAX
        self.u32min = 0
        self.u32max = U32
        self.id = 0
        self.ref_obj_id = 0
        self.map: Any = None  # MapInfo for map pointers and map values
        self.range = 0  # packet pointers: bytes known to be in the packet past this pointer
        self.mem_size = 0  # PTR_TO_MEM: size of the memory region
        self.frameno = 0  # PTR_TO_STACK: which frame's stack
        self.subprogno = 0  # PTR_TO_FUNC: which subprogram
        self.precise = False

    def copy(self) -> Reg:
        r = Reg.__new__(Reg)
        r.type = self.type
        r.off = self.off
        r.vv = self.vv
        r.vm = self.vm
        r.smin = self.smin
        r.smax = self.smax
        r.umin = self.umin
        r.umax = self.umax
        r.s32min = self.s32min
        r.s32max = self.s32max
        r.u32min = self.u32min
        r.u32max = self.u32max
        r.id = self.id
        r.ref_obj_id = self.ref_obj_id
        r.map = self.map
        r.range = self.range
        r.mem_size = self.mem_size
        r.frameno = self.frameno
        r.subprogno = self.subprogno
        r.precise = self.precise
        return r

    def assign(self, o: Reg) -> None:
        """Become a copy of `o` (the kernel's copy_register_state)."""
        self.type = o.type
        self.off = o.off
        self.vv = o.vv
        self.vm = o.vm
        self.smin = o.smin
        self.smax = o.smax
        self.umin = o.umin
        self.umax = o.umax
        self.s32min = o.s32min
        self.s32max = o.s32max
        self.u32min = o.u32min
        self.u32max = o.u32max
        self.id = o.id
        self.ref_obj_id = o.ref_obj_id
        self.map = o.map
        self.range = o.range
        self.mem_size = o.mem_size
        self.frameno = o.frameno
        self.subprogno = o.subprogno
        self.precise = o.precise

    # ---- views ---------------------------------------------------------------------------
    @property
    def var_off(self) -> tnum.Tnum:
        return (self.vv, self.vm)

    @var_off.setter
    def var_off(self, t: tnum.Tnum) -> None:
        self.vv, self.vm = t

    @property
    def base(self) -> int:
        return self.type & BASE_MASK

    @property
    def is_scalar(self) -> bool:
        return self.type == SCALAR

    @property
    def is_pointer(self) -> bool:
        return self.type != SCALAR and self.type != NOT_INIT

    @property
    def is_const(self) -> bool:
        return self.type == SCALAR and self.vm == 0

    def is_const32(self) -> bool:
        return self.type == SCALAR and (self.vm & U32) == 0

    def same_numbers(self, o: Reg) -> bool:
        return (
            self.vv == o.vv
            and self.vm == o.vm
            and self.smin == o.smin
            and self.smax == o.smax
            and self.umin == o.umin
            and self.umax == o.umax
            and self.s32min == o.s32min
            and self.s32max == o.s32max
            and self.u32min == o.u32min
            and self.u32max == o.u32max
        )

    def __repr__(self) -> str:
        from ebpy.verifier.fmt import reg_str

        return f"<Reg {reg_str(self, 0)}>"


# ---- constructors and whole-register changes (the kernel's __mark_reg_*) -----------------


def mark_unbounded(r: Reg) -> None:
    r.smin = S64_MIN
    r.smax = S64_MAX
    r.umin = 0
    r.umax = U64
    r.s32min = S32_MIN
    r.s32max = S32_MAX
    r.u32min = 0
    r.u32max = U32


def mark_unbounded64(r: Reg) -> None:
    r.smin = S64_MIN
    r.smax = S64_MAX
    r.umin = 0
    r.umax = U64


def mark_unbounded32(r: Reg) -> None:
    r.s32min = S32_MIN
    r.s32max = S32_MAX
    r.u32min = 0
    r.u32max = U32


def set_known(r: Reg, imm: int) -> None:
    """The numbers of `r` become the constant `imm` (keeps type; ___mark_reg_known)."""
    imm &= U64
    r.vv = imm
    r.vm = 0
    r.smin = r.smax = s64(imm)
    r.umin = r.umax = imm
    r.s32min = r.s32max = s32(imm)
    r.u32min = r.u32max = imm & U32


def mark_known(r: Reg, imm: int) -> None:
    """__mark_reg_known: clears offset, map, range, ids and sets the constant."""
    r.off = 0
    r.map = None
    r.range = 0
    r.mem_size = 0
    r.frameno = 0
    r.subprogno = 0
    r.id = 0
    r.ref_obj_id = 0
    set_known(r, imm)


def mark_known32(r: Reg, imm: int) -> None:
    r.vv, r.vm = tnum.const_subreg((r.vv, r.vm), imm)
    r.s32min = r.s32max = s32(imm)
    r.u32min = r.u32max = imm & U32


def mark_unknown(r: Reg, precise: bool = False) -> None:
    """An unknown scalar. `precise` is what the kernel sets when not bpf_capable."""
    r.type = SCALAR
    r.off = 0
    r.map = None
    r.range = 0
    r.mem_size = 0
    r.frameno = 0
    r.subprogno = 0
    r.id = 0
    r.ref_obj_id = 0
    r.vv = 0
    r.vm = U64
    r.precise = precise
    mark_unbounded(r)


def mark_not_init(r: Reg) -> None:
    mark_unknown(r)
    r.type = NOT_INIT


def mark_const_scalar(r: Reg, imm: int, precise: bool = False) -> None:
    mark_known(r, imm)
    r.type = SCALAR
    r.precise = precise


def mark_ptr(r: Reg, rtype: int) -> None:
    """A pointer with zero offset (mark_reg_known_zero + type)."""
    mark_known(r, 0)
    r.type = rtype
    r.precise = False


def new_scalar(imm: int | None = None, precise: bool = False) -> Reg:
    r = Reg()
    if imm is None:
        mark_unknown(r, precise)
    else:
        mark_const_scalar(r, imm, precise)
    return r


def new_ptr(rtype: int) -> Reg:
    r = Reg()
    mark_ptr(r, rtype)
    return r


_CONST_REGS: dict[int, Reg] = {}


def const_reg(imm: int) -> Reg:
    """A shared scalar register holding the constant `imm` (an instruction's K operand), for
    checks that only read it: never modify it, copy it first."""
    r = _CONST_REGS.get(imm)
    if r is None:
        r = new_scalar(imm)
        if len(_CONST_REGS) < 4096:
            _CONST_REGS[imm] = r
    return r
