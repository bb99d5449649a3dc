"""CO-RE: relocating a program's field offsets, sizes and type facts to the running kernel.

The object's .BTF.ext records say, per instruction, what the compiler assumed from the
program's own BTF ("byte offset of task_struct.pid", "does enum value X exist"). Here each one
is computed again against a target BTF (the kernel's, /sys/kernel/btf/vmlinux) and written
into the instruction, so one object runs on kernels with different layouts. The rules are
libbpf's (tools/lib/bpf/relo_core.c): candidates are target types of the same kind whose name
matches ignoring a `___flavor` suffix; the access string ("0:1:2") is walked through members
and array elements, members matched by name (looking into anonymous members); a relocation
that cannot be satisfied poisons its instruction, which the verifier rejects only if it is
reachable (guards such as bpf_core_field_exists() keep it dead).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ebpy.btf import (
    Array,
    Composite,
    CoreReloKind,
    EnumBase,
    FuncProto,
    Fwd,
    Int,
    IntEncoding,
    Kind,
    Member,
    Pointer,
    Spec,
    Struct,
    Type,
    Union,
    Void,
)
from ebpy.errors import CodecError, LoadError
from ebpy.isa import InsnClass, Instruction, Size
from ebpy.spec.program_spec import CoreRelocation

K = CoreReloKind
# The helper call a poisoned instruction becomes (libbpf's 0xbad2310, "bad relo"); the
# verifier says "invalid func unknown#195896080" if it is reachable.
POISON_IMM = 0xBAD2310

FIELD_KINDS = frozenset(
    {
        K.FIELD_BYTE_OFFSET,
        K.FIELD_BYTE_SIZE,
        K.FIELD_EXISTS,
        K.FIELD_SIGNED,
        K.FIELD_LSHIFT_U64,
        K.FIELD_RSHIFT_U64,
    }
)
TYPE_KINDS = frozenset(
    {K.TYPE_ID_LOCAL, K.TYPE_ID_TARGET, K.TYPE_EXISTS, K.TYPE_SIZE, K.TYPE_MATCHES}
)
ENUMVAL_KINDS = frozenset({K.ENUMVAL_EXISTS, K.ENUMVAL_VALUE})

_DESCRIPTION = {
    K.FIELD_BYTE_OFFSET: "byte offset",
    K.FIELD_BYTE_SIZE: "byte size",
    K.FIELD_EXISTS: "field exists",
    K.FIELD_SIGNED: "signedness",
    K.FIELD_LSHIFT_U64: "left shift",
    K.FIELD_RSHIFT_U64: "right shift",
    K.TYPE_ID_LOCAL: "local type id",
    K.TYPE_ID_TARGET: "target type id",
    K.TYPE_EXISTS: "type exists",
    K.TYPE_SIZE: "type size",
    K.ENUMVAL_EXISTS: "enum value exists",
    K.ENUMVAL_VALUE: "enum value",
    K.TYPE_MATCHES: "type matches",
}
_MAX_DEPTH = 32
_SPEC_MAX_LEN = 64  # BPF_CORE_SPEC_MAX_LEN


class _Poison(Exception):
    """The target has nothing for this relocation: poison the instruction."""


# ---- names -----------------------------------------------------------------------------------------
def essential_name(name: str) -> str:
    """`name` without a `___flavor` suffix (the last X___Y split, as libbpf)."""
    for i in range(len(name) - 5, -1, -1):
        s = name[i : i + 5]
        if s[0] != "_" and s[1:4] == "___" and s[4] != "_":
            return name[: i + 1]
    return name


def _names_match(local: str, target: str) -> bool:
    if not target:
        return not local
    return essential_name(local) == essential_name(target)


def _kind_class(t: Type) -> Kind:
    return Kind.ENUM if isinstance(t, EnumBase) else t.kind


def _resolve(t: Type) -> Type:
    return t.resolve()


def _size(t: Type, what: str) -> int:
    try:
        return t.size
    except CodecError as e:
        raise LoadError(f"CO-RE: {what}: {e}") from None


# ---- specs: an access string walked through a BTF ------------------------------------------------
@dataclass
class Accessor:
    """One step of an access: member `index` of composite `type` (named), or element `index`
    of an array whose element type is `type` (name None; also the root's index)."""

    type: Type
    index: int
    name: str | None


@dataclass
class CoreSpec:
    btf: Spec
    root: Type
    kind: CoreReloKind
    raw: list[int] = field(default_factory=list)
    accessors: list[Accessor] = field(default_factory=list)
    bit_offset: int = 0

    def describe(self) -> str:
        """`struct task_struct.pid`, `struct s.arr[2].x`, `enum state::RUNNING`."""
        root = str(self.root)
        if self.kind in ENUMVAL_KINDS and self.accessors:
            return f"{root}::{self.accessors[0].name}"
        text = root
        for acc in self.accessors[1:]:
            text += f".{acc.name}" if acc.name else f"[{acc.index}]"
        if self.accessors and self.accessors[0].index:
            text = f"{text} (element {self.accessors[0].index})"
        return text


def _is_flex_array(prev: Accessor | None, arr: Array) -> bool:
    """A zero-length array as the last member of its struct (libbpf's is_flex_arr)."""
    if prev is None or prev.name is None or arr.nelems > 0:
        return False
    parent = prev.type
    return isinstance(parent, Composite) and prev.index == len(parent.members) - 1


def parse_spec(btf: Spec, relo: CoreRelocation, where: str) -> CoreSpec:
    """The local spec of a relocation (libbpf's bpf_core_parse_spec)."""
    try:
        raw = [int(part) for part in relo.access.split(":")]
    except ValueError:
        raise LoadError(f"{where}: bad CO-RE access string {relo.access!r}") from None
    if not raw or any(i < 0 for i in raw):
        raise LoadError(f"{where}: bad CO-RE access string {relo.access!r}")
    kind = CoreReloKind(relo.kind)
    root = btf.type_by_id(relo.type_id)
    spec = CoreSpec(btf, root, kind, raw=list(raw))
    if kind in TYPE_KINDS:
        if raw != [0]:
            raise LoadError(f"{where}: type relocation with access {relo.access!r}")
        return spec
    t = _resolve(root)
    if kind in ENUMVAL_KINDS:
        if not isinstance(t, EnumBase) or len(raw) != 1 or raw[0] >= len(t.values):
            raise LoadError(f"{where}: enum relocation {relo.access!r} on {root}")
        spec.accessors.append(Accessor(t, raw[0], t.values[raw[0]].name))
        return spec
    spec.bit_offset = raw[0] * _size(t, where) * 8
    spec.accessors.append(Accessor(t, raw[0], None))
    cur: Type = t
    for idx in raw[1:]:
        cur = _resolve(cur)
        if isinstance(cur, Composite):
            if idx >= len(cur.members):
                raise LoadError(f"{where}: {cur} has no member #{idx} ({relo.access!r})")
            m = cur.members[idx]
            spec.bit_offset += m.offset
            if m.name:
                spec.accessors.append(Accessor(cur, idx, m.name))
            cur = m.type
        elif isinstance(cur, Array):
            elem = _resolve(cur.type)
            if not _is_flex_array(spec.accessors[-1], cur) and idx >= cur.nelems:
                raise LoadError(f"{where}: index {idx} past {cur} ({relo.access!r})")
            spec.accessors.append(Accessor(elem, idx, None))
            spec.bit_offset += idx * _size(elem, where) * 8
            cur = elem
        else:
            raise LoadError(f"{where}: access {relo.access!r} goes through {cur}")
    return spec


# ---- compatibility -------------------------------------------------------------------------------
def _fields_compat(local: Type, target: Type, depth: int = _MAX_DEPTH) -> bool:
    """libbpf's bpf_core_fields_are_compat."""
    if depth <= 0:
        return False
    lt, tt = _resolve(local), _resolve(target)
    if isinstance(lt, Composite) and isinstance(tt, Composite):
        return True
    if _kind_class(lt) != _kind_class(tt):
        return False
    if isinstance(lt, (Pointer,)) or lt.kind == Kind.FLOAT:
        return True
    if isinstance(lt, (Fwd, EnumBase)):
        ln, tn = essential_name(lt.name), essential_name(tt.name)
        return not ln or not tn or ln == tn
    if isinstance(lt, Int) and isinstance(tt, Int):
        return lt.offset == 0 and tt.offset == 0
    if isinstance(lt, Array) and isinstance(tt, Array):
        return _fields_compat(lt.type, tt.type, depth - 1)
    return False


def types_compat(local: Type, target: Type, level: int = _MAX_DEPTH) -> bool:
    """libbpf's __bpf_core_types_are_compat (names already matched by the caller)."""
    if _kind_class(local) != _kind_class(target):
        return False
    lt, tt = local, target
    for _ in range(_MAX_DEPTH):
        lt, tt = _resolve(lt), _resolve(tt)
        if _kind_class(lt) != _kind_class(tt):
            return False
        if isinstance(lt, (Void, Composite, EnumBase, Fwd)):
            return True
        if isinstance(lt, Int) and isinstance(tt, Int):
            return lt.offset == 0 and tt.offset == 0
        if isinstance(lt, Pointer) and isinstance(tt, Pointer):
            lt, tt = lt.target, tt.target
            continue
        if isinstance(lt, Array) and isinstance(tt, Array):
            lt, tt = lt.type, tt.type
            continue
        if isinstance(lt, FuncProto) and isinstance(tt, FuncProto):
            if len(lt.params) != len(tt.params) or level <= 0:
                return False
            for lp, tp in zip(lt.params, tt.params):
                if not types_compat(_resolve(lp.type), _resolve(tp.type), level - 1):
                    return False
            lt, tt = lt.return_type, tt.return_type
            continue
        return False
    return False


def types_match(local: Type, target: Type, behind_ptr: bool = False, level: int = 16) -> bool:
    """libbpf's __bpf_core_types_match (bpf_core_type_matches())."""
    if level <= 0:
        return False
    lt, tt = local, target
    for _ in range(_MAX_DEPTH):
        lt, tt = _resolve(lt), _resolve(tt)
        if not _names_match(lt.name, tt.name):
            return False
        if isinstance(lt, Void):
            return isinstance(tt, Void)
        if isinstance(lt, Fwd):
            if behind_ptr and isinstance(tt, Composite):
                return isinstance(tt, Union) == lt.is_union
            return isinstance(tt, Fwd) and tt.is_union == lt.is_union
        if isinstance(lt, EnumBase):
            if not isinstance(tt, EnumBase) or lt.byte_size != tt.byte_size:
                return False
            return all(any(_names_match(v.name, w.name) for w in tt.values) for v in lt.values)
        if isinstance(lt, Composite):
            if behind_ptr:
                if type(lt) is type(tt):
                    return True
                return isinstance(tt, Fwd) and tt.is_union == isinstance(lt, Union)
            if type(lt) is not type(tt):
                return False
            assert isinstance(tt, Composite)
            return _composites_match(lt, tt, behind_ptr, level)
        if isinstance(lt, Int):
            return isinstance(tt, Int) and lt.byte_size == tt.byte_size and lt.signed == tt.signed
        if isinstance(lt, Pointer):
            if not isinstance(tt, Pointer):
                return False
            behind_ptr = True
            lt, tt = lt.target, tt.target
            continue
        if isinstance(lt, Array):
            if not isinstance(tt, Array) or lt.nelems != tt.nelems:
                return False
            lt, tt = lt.type, tt.type
            continue
        if isinstance(lt, FuncProto):
            if not isinstance(tt, FuncProto) or len(lt.params) != len(tt.params):
                return False
            for lp, tp in zip(lt.params, tt.params):
                if not types_match(lp.type, tp.type, behind_ptr, level - 1):
                    return False
            lt, tt = lt.return_type, tt.return_type
            continue
        return lt.kind == tt.kind
    return False


def _composites_match(lt: Composite, tt: Composite, behind_ptr: bool, level: int) -> bool:
    if len(lt.members) > len(tt.members):
        return False
    for lm in lt.members:
        if not any(
            _names_match(lm.name, tm.name) and types_match(lm.type, tm.type, behind_ptr, level - 1)
            for tm in tt.members
        ):
            return False
    return True


# ---- matching a local spec in a target candidate --------------------------------------------------
class _Miss(Exception):
    """The candidate does not have what the spec needs; the text says what is missing."""


def _match_member(local_member: Member, target: Type, spec: CoreSpec, depth: int = 0) -> Type:
    """Find the member named like `local_member` in `target` (through anonymous members),
    extending `spec`; returns the member's type."""
    t = _resolve(target)
    if not isinstance(t, Composite):
        raise _Miss(f"{target} is not a struct or union")
    if depth > _MAX_DEPTH or len(spec.raw) >= _SPEC_MAX_LEN:
        raise _Miss("nesting too deep")
    for i, m in enumerate(t.members):
        spec.bit_offset += m.offset
        spec.raw.append(i)
        if not m.name:
            try:
                return _match_member(local_member, m.type, spec, depth + 1)
            except _Miss:
                pass
        elif m.name == local_member.name:
            if _fields_compat(local_member.type, m.type):
                spec.accessors.append(Accessor(t, i, m.name))
                return m.type
            spec.bit_offset -= m.offset
            spec.raw.pop()
            raise _Miss(
                f"{t} has field {m.name!r} of type {m.type}, incompatible with {local_member.type}"
            )
        spec.bit_offset -= m.offset
        spec.raw.pop()
    raise _Miss(f"{t} has no field {local_member.name!r}")


def match_spec(local: CoreSpec, target_btf: Spec, candidate: Type) -> CoreSpec:
    """The target spec of `local` in `candidate` (libbpf's bpf_core_spec_match); _Miss when
    the candidate lacks it."""
    spec = CoreSpec(target_btf, candidate, local.kind)
    if local.kind in TYPE_KINDS:
        ok = (
            types_match(local.root, candidate)
            if local.kind == K.TYPE_MATCHES
            else types_compat(local.root, candidate)
        )
        if not ok:
            raise _Miss(f"{candidate} is not compatible with {local.root}")
        return spec
    if local.kind in ENUMVAL_KINDS:
        t = _resolve(candidate)
        name = local.accessors[0].name or ""
        if isinstance(t, EnumBase):
            for i, v in enumerate(t.values):
                if v.name and essential_name(v.name) == essential_name(name):
                    spec.accessors.append(Accessor(t, i, v.name))
                    spec.raw.append(i)
                    return spec
        raise _Miss(f"{candidate} has no value {name!r}")
    cur: Type = candidate
    for i, acc in enumerate(local.accessors):
        if acc.name is not None:
            parent = acc.type
            assert isinstance(parent, Composite)
            cur = _match_member(parent.members[acc.index], cur, spec)
            continue
        if i > 0:
            arr = _resolve(cur)
            if not isinstance(arr, Array):
                raise _Miss(f"{cur} is not an array")
            prev = spec.accessors[-1] if spec.accessors else None
            if not _is_flex_array(prev, arr) and acc.index >= arr.nelems:
                raise _Miss(f"{arr} has no element {acc.index}")
            cur = arr.type
        elem = _resolve(cur)
        spec.accessors.append(Accessor(elem, acc.index, None))
        spec.raw.append(acc.index)
        spec.bit_offset += acc.index * _size(elem, "target") * 8
        cur = elem
    return spec


# ---- computing values ------------------------------------------------------------------------------
@dataclass
class _Value:
    value: int
    size: int = 0  # byte size of the accessed field (for load/store size fix-ups)
    type: Type | None = None  # the field's type (modifiers and typedefs skipped)
    validate: bool = True


def _field_value(kind: CoreReloKind, spec: CoreSpec | None) -> _Value:
    """libbpf's bpf_core_calc_field_relo."""
    if kind == K.FIELD_EXISTS:
        return _Value(1 if spec is not None else 0)
    if spec is None:
        raise _Poison
    acc = spec.accessors[-1]
    if acc.name is None:  # an array element
        size = _size(acc.type, "array element")
        if kind == K.FIELD_BYTE_OFFSET:
            return _Value(spec.bit_offset // 8, size, acc.type)
        if kind == K.FIELD_BYTE_SIZE:
            return _Value(size)
        raise LoadError(f"CO-RE: {_DESCRIPTION[kind]} relocation on an array element")
    parent = acc.type
    assert isinstance(parent, Composite)
    member = parent.members[acc.index]
    mt = _resolve(member.type)
    bit_off = spec.bit_offset
    bit_sz = member.bitfield_size
    bitfield = bit_sz > 0
    if bitfield:
        byte_sz = _size(mt, "bitfield")
        byte_off = bit_off // 8 // byte_sz * byte_sz
        while bit_off + bit_sz - byte_off * 8 > byte_sz * 8:
            if byte_sz >= 8:
                raise LoadError(f"CO-RE: bitfield {member.name} cannot be read with 64-bit loads")
            byte_sz *= 2
            byte_off = bit_off // 8 // byte_sz * byte_sz
    else:
        byte_sz = _size(mt, f"field {member.name}")
        byte_off = bit_off // 8
        bit_sz = byte_sz * 8
    if kind == K.FIELD_BYTE_OFFSET:
        if bitfield:
            return _Value(byte_off, validate=False)
        return _Value(byte_off, byte_sz, mt)
    if kind == K.FIELD_BYTE_SIZE:
        return _Value(byte_sz, validate=not bitfield)
    if kind == K.FIELD_SIGNED:
        signed = (isinstance(mt, EnumBase) and mt.signed) or (
            isinstance(mt, Int) and bool(mt.encoding & IntEncoding.SIGNED)
        )
        return _Value(int(signed))
    if kind == K.FIELD_LSHIFT_U64:
        return _Value(64 - (bit_off + bit_sz - byte_off * 8), validate=not bitfield)
    if kind == K.FIELD_RSHIFT_U64:
        return _Value(64 - bit_sz)
    raise LoadError(f"CO-RE: unsupported field relocation {kind}")


def _type_value(kind: CoreReloKind, spec: CoreSpec | None) -> _Value:
    """libbpf's bpf_core_calc_type_relo."""
    if spec is None:
        if kind in (K.TYPE_EXISTS, K.TYPE_MATCHES):
            return _Value(0)
        raise _Poison
    if kind in (K.TYPE_ID_TARGET, K.TYPE_ID_LOCAL):
        return _Value(spec.btf.type_id(spec.root))
    if kind in (K.TYPE_EXISTS, K.TYPE_MATCHES):
        return _Value(1)
    return _Value(_size(spec.root, f"type {spec.root}"))


def _enum_value(kind: CoreReloKind, spec: CoreSpec | None) -> _Value:
    """libbpf's bpf_core_calc_enumval_relo."""
    if spec is None:
        if kind == K.ENUMVAL_EXISTS:
            return _Value(0)
        raise _Poison
    if kind == K.ENUMVAL_EXISTS:
        return _Value(1)
    acc = spec.accessors[0]
    t = acc.type
    assert isinstance(t, EnumBase)
    return _Value(t.values[acc.index].value & 0xFFFFFFFFFFFFFFFF)


def _value(kind: CoreReloKind, spec: CoreSpec | None) -> _Value:
    if kind in FIELD_KINDS:
        return _field_value(kind, spec)
    if kind in TYPE_KINDS:
        return _type_value(kind, spec)
    return _enum_value(kind, spec)


# ---- the target ------------------------------------------------------------------------------------
class CoreTarget:
    """A target BTF (usually vmlinux) indexed by kind and essential name."""

    def __init__(self, btf: Spec) -> None:
        self.btf = btf
        self._index: dict[tuple[Kind, str], list[Type]] | None = None

    def candidates(self, local: Type) -> list[Type]:
        if self._index is None:
            index: dict[tuple[Kind, str], list[Type]] = {}
            for t in self.btf.types:
                if t.name:
                    index.setdefault((_kind_class(t), essential_name(t.name)), []).append(t)
            self._index = index
        return list(self._index.get((_kind_class(local), essential_name(local.name)), []))


_targets: dict[int, CoreTarget] = {}


def target_for(btf: Spec) -> CoreTarget:
    """The CoreTarget of a BTF Spec, kept for the life of the process (vmlinux is cached)."""
    found = _targets.get(id(btf))
    if found is None or found.btf is not btf:
        found = CoreTarget(btf)
        _targets[id(btf)] = found
    return found


# ---- one relocation --------------------------------------------------------------------------------
@dataclass(frozen=True)
class CoreFix:
    """What one CO-RE relocation did to its instruction."""

    slot: int
    kind: CoreReloKind
    access: str  # what it is about, e.g. "struct task_struct.pid"
    local: int  # the value the compiler assumed
    value: int | None  # the value for the target; None when the instruction was poisoned
    reason: str = ""  # why it was poisoned

    @property
    def poisoned(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        what = f"{_DESCRIPTION[self.kind]} of {self.access}"
        if self.value is None:
            return f"insn {self.slot}: {what}: unresolved ({self.reason})"
        return f"insn {self.slot}: {what}: {self.local} -> {self.value}"


@dataclass
class _Outcome:
    local: _Value
    target: _Value | None  # None: poison
    reason: str = ""


def _resolve_relocation(
    relo: CoreRelocation, local_btf: Spec, target: CoreTarget, where: str
) -> tuple[CoreSpec, _Outcome]:
    kind = CoreReloKind(relo.kind)
    local_spec = parse_spec(local_btf, relo, where)
    local_val = _value(kind, local_spec)
    if kind == K.TYPE_ID_LOCAL:
        return local_spec, _Outcome(local_val, local_val)
    root = local_spec.root
    if not root.name:
        raise LoadError(f"{where}: CO-RE relocation on an anonymous type ({root!r})")
    found: _Outcome | None = None
    misses: list[str] = []
    for cand in target.candidates(root):
        try:
            targ_spec = match_spec(local_spec, target.btf, cand)
        except _Miss as miss:
            misses.append(str(miss))
            continue
        try:
            outcome = _Outcome(local_val, _value(kind, targ_spec))
        except _Poison:
            outcome = _Outcome(local_val, None, f"{cand} does not have it")
        if found is None:
            found = outcome
        elif _differs(found, outcome):
            raise LoadError(
                f"{where}: CO-RE relocation of {local_spec.describe()} is ambiguous: "
                f"candidates give {_shown(found)} and {_shown(outcome)}"
            )
    if found is not None:
        return local_spec, found
    if misses:
        reason = misses[0]
    else:
        reason = f"the target BTF has no {_kind_text(root)} named {essential_name(root.name)!r}"
    try:
        return local_spec, _Outcome(local_val, _value(kind, None), reason)
    except _Poison:
        return local_spec, _Outcome(local_val, None, reason)


def _kind_text(t: Type) -> str:
    if isinstance(t, Struct):
        return "struct"
    if isinstance(t, Union):
        return "union"
    if isinstance(t, EnumBase):
        return "enum"
    return t.kind.name.lower()


def _differs(a: _Outcome, b: _Outcome) -> bool:
    if (a.target is None) != (b.target is None):
        return True
    return a.target is not None and b.target is not None and a.target.value != b.target.value


def _shown(o: _Outcome) -> str:
    return "nothing" if o.target is None else str(o.target.value)


# ---- patching instructions -----------------------------------------------------------------------------
_BYTES_TO_SIZE = {1: Size.B, 2: Size.H, 4: Size.W, 8: Size.DW}


def _poison() -> Instruction:
    return Instruction(0x85, 0, 0, 0, POISON_IMM)


def _s32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v


def _patch(insn: Instruction, outcome: _Outcome, where: str) -> list[Instruction]:
    """The instruction(s) replacing `insn` (an lddw stays two slots when poisoned)."""
    local, target = outcome.local, outcome.target
    if target is None:
        return [_poison(), _poison()] if insn.is_lddw else [_poison()]
    cls = insn.opcode & 0x07
    if cls in (InsnClass.ALU, InsnClass.ALU64):
        if insn.uses_reg:
            raise LoadError(f"{where}: CO-RE relocation on a register ALU instruction")
        if local.validate and insn.imm != _s32(local.value):
            raise LoadError(
                f"{where}: CO-RE: the instruction holds {insn.imm}, the object's BTF says "
                f"{local.value}"
            )
        return [Instruction(insn.opcode, insn.dst, insn.src, insn.off, _s32(target.value))]
    if cls in (InsnClass.LDX, InsnClass.ST, InsnClass.STX):
        if local.validate and insn.off != local.value:
            raise LoadError(
                f"{where}: CO-RE: the instruction's offset is {insn.off}, the object's BTF "
                f"says {local.value}"
            )
        if target.value > 0x7FFF:
            raise LoadError(f"{where}: CO-RE: offset {target.value} does not fit an instruction")
        opcode = insn.opcode
        if local.size and target.size and local.size != target.size:
            if not _size_adjustable(local.type, target.type):
                return [_poison()]
            if insn.nbytes != local.size:
                raise LoadError(
                    f"{where}: CO-RE: {insn.nbytes}-byte access to a {local.size}-byte field"
                )
            new = _BYTES_TO_SIZE.get(target.size)
            if new is None:
                return [_poison()]
            opcode = (opcode & ~0x18) | int(new)
        return [Instruction(opcode, insn.dst, insn.src, target.value, insn.imm)]
    if insn.is_lddw:
        if insn.src != 0:
            raise LoadError(f"{where}: CO-RE relocation on a pseudo lddw")
        if local.validate and insn.imm64 != local.value & 0xFFFFFFFFFFFFFFFF:
            raise LoadError(
                f"{where}: CO-RE: the instruction holds {insn.imm64}, the object's BTF says "
                f"{local.value}"
            )
        return [insn.with_imm64(target.value)]
    raise LoadError(f"{where}: CO-RE relocation on an instruction of class {cls}")


def _size_adjustable(local: Type | None, target: Type | None) -> bool:
    """Load/store sizes may follow the target only for pointers and unsigned integers."""
    if isinstance(local, Pointer) and isinstance(target, Pointer):
        return True
    return (
        isinstance(local, Int)
        and isinstance(target, Int)
        and not local.signed
        and not target.signed
    )


def relocate(
    instructions: Sequence[Instruction],
    relocations: Sequence[CoreRelocation],
    local_btf: Spec,
    target: CoreTarget,
    *,
    program: str = "",
) -> tuple[list[Instruction], list[CoreFix]]:
    """Apply every CO-RE relocation; the new instructions and what each relocation did."""
    insns = list(instructions)
    index: dict[int, int] = {}
    slot = 0
    for i, insn in enumerate(insns):
        index[slot] = i
        slot += insn.slots
    replaced: dict[int, list[Instruction]] = {}
    fixes: list[CoreFix] = []
    for relo in relocations:
        where = f"{program}: insn {relo.slot}" if program else f"insn {relo.slot}"
        pos = index.get(relo.slot)
        if pos is None:
            raise LoadError(f"{where}: CO-RE relocation not at an instruction")
        if pos in replaced:
            raise LoadError(f"{where}: two CO-RE relocations on one instruction")
        spec, outcome = _resolve_relocation(relo, local_btf, target, where)
        replaced[pos] = _patch(insns[pos], outcome, where)
        poisoned = replaced[pos][0].imm == POISON_IMM and replaced[pos][0].is_call
        value = None if poisoned or outcome.target is None else outcome.target.value
        reason = outcome.reason
        if poisoned and outcome.target is not None:
            reason = "the field's size changed and the access cannot follow it"
        fixes.append(
            CoreFix(
                relo.slot,
                CoreReloKind(relo.kind),
                spec.describe(),
                outcome.local.value,
                value,
                reason,
            )
        )
    out: list[Instruction] = []
    for i, insn in enumerate(insns):
        out.extend(replaced.get(i, [insn]))
    return out, fixes


def guard_for(kind: CoreReloKind) -> str:
    """The bpf_core_read.h macro that keeps an access to something missing dead."""
    if kind in TYPE_KINDS:
        return "bpf_core_type_exists()"
    if kind in ENUMVAL_KINDS:
        return "bpf_core_enum_value_exists()"
    return "bpf_core_field_exists()"


def poisoned_at(fixes: Sequence[CoreFix], insn: int | None) -> CoreFix | None:
    """The poisoned relocation at instruction `insn` (a verifier rejection's), if any."""
    if insn is None:
        return None
    for fix in fixes:
        if fix.poisoned and fix.slot in (insn, insn - 1):
            return fix
    return None
