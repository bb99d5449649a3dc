"""The stack, byte by byte: spills and fills of registers, plain data, zeros, and the
bounds and initialisation rules for direct and helper accesses (check_stack_* in the kernel)."""

from __future__ import annotations

from typing import Any

from ebpy.verifier import tnum
from ebpy.verifier.alu import assign_scalar_id_before_mov
from ebpy.verifier.env import Env
from ebpy.verifier.precision import mark_chain_precision
from ebpy.verifier.program import BPF_MAX_VAR_OFF
from ebpy.verifier.regs import (
    NOT_INIT,
    PTR_TO_STACK,
    SCALAR,
    Reg,
    mark_known,
    mark_unknown,
    s64,
)
from ebpy.verifier.state import (
    MAX_BPF_STACK,
    STACK_INVALID,
    STACK_MISC,
    STACK_SPILL,
    STACK_ZERO,
    FuncState,
    Slot,
)

_SPILLABLE_NOT = frozenset({NOT_INIT, SCALAR})


def is_spillable(reg: Reg) -> bool:
    return reg.type not in _SPILLABLE_NOT


def grow(env: Env, f: FuncState, size: int) -> None:
    size = (size + 7) // 8 * 8
    f.grow_stack(size)
    if env.stack_depth[f.subprogno] < size:
        env.stack_depth[f.subprogno] = size


def check_stack_access_within_bounds(
    env: Env, regno: int, off: int, size: int, write: bool
) -> None:
    reg = env.regs[regno]
    f = env.func(reg)
    what = " write to" if write else " read from"
    if reg.vm == 0:
        min_off = s64(reg.vv) + off
        max_off = min_off + size
    else:
        if reg.smax >= BPF_MAX_VAR_OFF or reg.smin <= -BPF_MAX_VAR_OFF:
            env.reject(f"invalid unbounded variable-offset{what} stack R{regno}")
        min_off = reg.smin + off
        max_off = reg.smax + off + size
    min_valid = -MAX_BPF_STACK if (write or env.allow_uninit_stack) else -f.allocated_stack
    bad = min_off < min_valid or min_off > -1 or max_off > 0 or size < 0
    if bad:
        if reg.vm == 0:
            env.reject(f"invalid{what} stack R{regno} off={off} size={size}")
        env.reject(
            f"invalid variable-offset{what} stack R{regno} var_off={tnum.fmt((reg.vv, reg.vm))} "
            f"off={off} size={size}"
        )
    grow(env, f, -min_off)


def _spi(off: int) -> int:
    return (-off - 1) // 8


def set_slot(f: FuncState, spi: int, slot: Slot) -> None:
    f.stack[spi] = slot


def _types_with(types: bytes, idx: int, value: int) -> bytes:
    b = bytearray(types)
    b[idx] = value
    return bytes(b)


def _spill_types(old: bytes, size: int) -> bytes:
    types = bytearray(old)
    for i in range(8, 8 - size, -1):
        types[i - 1] = STACK_SPILL
    for i in range(8 - size, 0, -1):
        t = types[i - 1]
        if t not in (STACK_ZERO, STACK_INVALID):
            types[i - 1] = STACK_MISC
    return bytes(types)


_SPILL_TYPES: dict[tuple[bytes, int], bytes] = {}  # (slot types, size) -> after a spill


def save_register_state(env: Env, f: FuncState, spi: int, reg: Reg, size: int) -> None:
    key = (f.stack[spi].types, size)
    types = _SPILL_TYPES.get(key)
    if types is None:
        types = _SPILL_TYPES[key] = _spill_types(*key)
    f.stack[spi] = Slot(types, reg.copy())


def _is_special(slot: Slot) -> bool:
    return slot.types[7] == STACK_SPILL


def check_stack_write(env: Env, regno: int, off: int, size: int, value_regno: int) -> None:
    reg = env.regs[regno]
    f = env.func(reg)
    if reg.vm == 0:
        _write_fixed(env, f, off + s64(reg.vv), size, value_regno)
    else:
        _write_var(env, f, regno, off, size, value_regno)


def _is_st_mem(env: Env) -> bool:
    insn = env.prog.insns[env.insn_idx]
    return insn is not None and insn.opcode & 7 == 2 and insn.opcode & 0xE0 == 0x60


def _write_fixed(env: Env, f: FuncState, off: int, size: int, value_regno: int) -> None:
    slot_idx = -off - 1
    spi = slot_idx // 8
    cur = env.frame
    slot = f.stack[spi]
    if not env.allow_ptr_leaks and slot.is_spill and not slot.is_spilled_scalar and size != 8:
        env.reject("attempt to corrupt spilled pointer on stack")
    reg = cur.regs[value_regno] if value_regno >= 0 else None
    if not env.opts.bypass_spec_v4 and (
        (reg is not None and is_spillable(reg))
        or any(t not in (STACK_MISC, STACK_ZERO) for t in slot.types[:size])
    ):
        # Speculative store bypass: the kernel fences this store, which also ends any
        # speculative path through it.
        env.nospec_result.add(env.insn_idx)
    env.scratched_slots.add(spi)
    insn = env.prog.insns[env.insn_idx]
    spill = False
    if reg is not None and off % 8 == 0 and reg.type == SCALAR and env.bpf_capable:
        fits = reg.umax.bit_length() <= 8 * size
        if fits:
            assign_scalar_id_before_mov(env, reg)
        save_register_state(env, f, spi, reg, size)
        if not fits:
            r = f.stack[spi].reg
            assert r is not None
            r.id = 0
        spill = True
    elif reg is None and off % 8 == 0 and _is_st_mem(env) and env.bpf_capable:
        assert insn is not None
        tmp = Reg()
        tmp.type = SCALAR
        mark_known(tmp, insn.imm)
        save_register_state(env, f, spi, tmp, size)
        spill = True
    elif reg is not None and is_spillable(reg):
        if size != 8:
            env.reject("invalid size of register spill")
        if f is not cur and reg.type == PTR_TO_STACK:
            env.reject("cannot spill pointers to stack into stack frame of the caller", "EINVAL")
        save_register_state(env, f, spi, reg, size)
        spill = True
    else:
        stype = STACK_MISC
        types = bytearray(slot.types)
        if _is_special(slot):
            for i in range(8):
                if types[i] != STACK_INVALID:
                    types[i] = STACK_MISC
        zero = (reg is not None and reg.type == SCALAR and reg.vm == 0 and reg.vv == 0) or (
            reg is None and _is_st_mem(env) and insn is not None and insn.imm == 0
        )
        if zero:
            mark_chain_precision(env, value_regno)
            stype = STACK_ZERO
        for i in range(size):
            types[(slot_idx - i) % 8] = stype
        f.stack[spi] = Slot(bytes(types), None)
    if spill:
        env.record_stack_access(f.frameno, spi)


def _write_var(env: Env, f: FuncState, regno: int, off: int, size: int, value_regno: int) -> None:
    ptr = env.regs[regno]
    min_off = ptr.smin + off
    max_off = ptr.smax + off + size
    value = env.regs[value_regno] if value_regno >= 0 else None
    insn = env.prog.insns[env.insn_idx]
    writing_zero = (
        value is not None and value.type == SCALAR and value.vm == 0 and value.vv == 0
    ) or (value is None and _is_st_mem(env) and insn is not None and insn.imm == 0)
    zero_used = False
    for i in range(min_off, max_off):
        slot_idx = -i - 1
        spi = slot_idx // 8
        env.scratched_slots.add(spi)
        slot = f.stack[spi]
        j = slot_idx % 8
        stype = slot.types[j]
        if not env.allow_ptr_leaks and stype not in (STACK_MISC, STACK_ZERO):
            env.reject(
                f"spilled ptr in range of var-offset stack write; insn {env.insn_idx}, ptr off: {i}",
                "EINVAL",
            )
        if writing_zero and stype == STACK_SPILL and slot.is_spilled_scalar:
            r = slot.reg
            assert r is not None
            if r.vm == 0 and r.vv == 0:
                zero_used = True
                continue
        new_type = STACK_MISC
        if writing_zero and stype == STACK_ZERO:
            new_type = STACK_ZERO
            zero_used = True
        if stype == STACK_INVALID and not env.allow_uninit_stack:
            env.reject(
                f"uninit stack in range of var-offset write prohibited for !root; "
                f"insn {env.insn_idx}, off: {i}",
                "EINVAL",
            )
        f.stack[spi] = Slot(_types_with(slot.types, j, new_type), None)
    if zero_used:
        mark_chain_precision(env, value_regno)


def check_stack_read(env: Env, regno: int, off: int, size: int, dst_regno: int) -> None:
    reg = env.regs[regno]
    f = env.func(reg)
    var = reg.vm != 0
    if dst_regno < 0 and var:
        env.reject(
            "variable offset stack pointer cannot be passed into helper function; "
            f"var_off={tnum.fmt((reg.vv, reg.vm))} off={off} size={size}"
        )
    if not var:
        read_fixed(env, f, off + s64(reg.vv), size, dst_regno)
    else:
        check_stack_range_initialized(env, regno, off, size, False, False, None)
        min_off = reg.smin + off
        max_off = reg.smax + off
        mark_reg_stack_read(env, f, min_off, max_off + size, dst_regno)


def mark_reg_stack_read(env: Env, f: FuncState, min_off: int, max_off: int, dst_regno: int) -> None:
    zeros = 0
    for i in range(min_off, max_off):
        slot_idx = -i - 1
        spi = slot_idx // 8
        env.scratched_slots.add(spi)
        if f.stack[spi].types[slot_idx % 8] != STACK_ZERO:
            break
        zeros += 1
    dst = env.regs[dst_regno]
    if zeros == max_off - min_off:
        env.mark_const_zero(dst)
    else:
        env.mark_unknown(dst)


def read_fixed(env: Env, f: FuncState, off: int, size: int, dst_regno: int) -> None:
    """check_stack_read_fixed_off: a fill restores a spilled register; other reads need
    initialised bytes (or CAP_PERFMON)."""
    slot_idx = -off - 1
    spi = slot_idx // 8
    slot = f.stack[spi]
    env.scratched_slots.add(spi)
    env.stack_read(f.frameno, 1 << spi)
    stype = slot.types
    regs = env.regs
    fill = True
    if slot.is_spill:
        spilled = slot.spilled()
        spill_size = 1
        i = 7
        while i > 0 and stype[i - 1] == STACK_SPILL:
            spill_size += 1
            i -= 1
        if size != 8 or spill_size != 8:
            if spilled.type != SCALAR:
                env.reject("invalid size of register fill")
            if dst_regno < 0:
                return
            if size <= spill_size and off % 8 == 0:
                dst = regs[dst_regno]
                dst.assign(spilled)
                if spilled.umax.bit_length() > size * 8:
                    dst.id = 0
            else:
                spill_cnt = zero_cnt = 0
                for i in range(size):
                    t = stype[(slot_idx - i) % 8]
                    if t == STACK_SPILL:
                        spill_cnt += 1
                        continue
                    if t == STACK_MISC:
                        continue
                    if t == STACK_ZERO:
                        zero_cnt += 1
                        continue
                    if t == STACK_INVALID and env.allow_uninit_stack:
                        continue
                    env.reject(f"invalid read from stack off {off}+{i} size {size}")
                dst = regs[dst_regno]
                if spill_cnt == size and spilled.vm == 0 and spilled.vv == 0:
                    env.mark_const_zero(dst)
                elif zero_cnt == size:
                    env.mark_const_zero(dst)
                    fill = False
                else:
                    env.mark_unknown(dst)
                    fill = False
        elif dst_regno >= 0:
            regs[dst_regno].assign(spilled)
        elif not env.allow_ptr_leaks and spilled.type != SCALAR:
            env.reject(f"leaking pointer from stack off {off}")
    else:
        for i in range(size):
            t = stype[(slot_idx - i) % 8]
            if t in (STACK_MISC, STACK_ZERO):
                continue
            if t == STACK_INVALID and env.allow_uninit_stack:
                continue
            env.reject(f"invalid read from stack off {off}+{i} size {size}")
        if dst_regno >= 0:
            mark_reg_stack_read(env, f, off, off + size, dst_regno)
        fill = False
    if fill:
        env.record_stack_access(f.frameno, spi)


def check_stack_range_initialized(
    env: Env,
    regno: int,
    off: int,
    access_size: int,
    zero_size_allowed: bool,
    write: bool,
    meta: Any,
) -> None:
    """A helper (or a variable-offset load) reads [off, off+size) of the stack: it must be
    in bounds and initialised; a helper that writes it may leave anything there."""
    reg = env.regs[regno]
    f = env.func(reg)
    if access_size == 0 and not zero_size_allowed:
        env.reject("invalid zero-sized read")
    check_stack_access_within_bounds(env, regno, off, access_size, write)
    if reg.vm == 0:
        min_off = max_off = s64(reg.vv) + off
    else:
        if not env.bypass_spec_v1:
            env.reject(
                f"R{regno} variable offset stack access prohibited for !root, "
                f"var_off={tnum.fmt((reg.vv, reg.vm))}"
            )
        if meta is not None and meta.raw_mode:
            meta = None
        min_off = reg.smin + off
        max_off = reg.smax + off
    if meta is not None and meta.raw_mode:
        meta.access_size = access_size
        meta.regno = regno
        return
    mask = 0
    for i in range(min_off, max_off + access_size):
        slot_idx = -i - 1
        spi = slot_idx // 8
        if f.allocated_stack <= slot_idx:
            env.reject("allocated_stack too small", "EFAULT")
        slot = f.stack[spi]
        j = slot_idx % 8
        t = slot.types[j]
        if t == STACK_MISC:
            mask |= 1 << spi
            continue
        if t == STACK_ZERO or (t == STACK_INVALID and env.allow_uninit_stack):
            if write:
                f.stack[spi] = slot = Slot(_types_with(slot.types, j, STACK_MISC), slot.reg)
            mask |= 1 << spi
            continue
        if slot.is_spill and (slot.spilled().type == SCALAR or env.allow_ptr_leaks):
            if write:
                r = Reg()
                mark_unknown(r, not env.bpf_capable)
                types = bytes(STACK_MISC if b != STACK_INVALID else b for b in slot.types)
                f.stack[spi] = Slot(types, None)
            mask |= 1 << spi
            continue
        if reg.vm == 0:
            env.reject(
                f"invalid read from stack R{regno} off {min_off}+{i - min_off} size {access_size}"
            )
        env.reject(
            f"invalid read from stack R{regno} var_off {tnum.fmt((reg.vv, reg.vm))}+"
            f"{i - min_off} size {access_size}"
        )
    if mask:
        env.stack_read(f.frameno, mask)
