"""Kinds of rejection: a stable name for what a verifier message (ours or the kernel's) says.

The kernel's wording changes between versions and ebpy's messages add detail, so comparisons
between the two verifiers are made on these categories.
"""

from __future__ import annotations

import re

# First match wins; the order puts specific messages before general ones.
_RULES: tuple[tuple[str, str], ...] = (
    ("too_large", r"BPF program is too large|program is too large|program too large"),
    ("jump_complexity", r"The sequence of \d+ jumps is too complex"),
    ("infinite_loop", r"infinite loop detected"),
    ("back_edge", r"back-edge from insn"),
    ("unreachable", r"unreachable insn"),
    (
        "jump_range",
        r"jump out of range|jump into the middle of ldimm64|call to invalid destination",
    ),
    ("fall_through", r"last insn is not an exit or jmp"),
    ("bad_opcode", r"unknown opcode|invalid BPF_ALU opcode|invalid BPF_LD mode|unknown insn class"),
    ("reserved_fields", r"uses reserved fields|invalid BPF_LD_IMM insn|unrecognized bpf_ld_imm64"),
    ("bad_register", r"R\d+ is invalid"),
    ("fp_readonly", r"frame pointer is read only"),
    ("uninit_reg", r"!read_ok"),
    ("div_zero", r"div by zero"),
    ("bad_shift", r"invalid shift"),
    (
        "ptr_leak",
        r"leaks addr|leaking pointer from stack|partial copy of pointer|"
        r"sign-extension part of pointer",
    ),
    ("ptr_compare", r"pointer comparison prohibited"),
    ("stack_ptr_return", r"cannot return stack pointer"),
    (
        "return_value",
        r"At program exit the register|At callback return the register|"
        r"R0 not a scalar value|not a known value",
    ),
    (
        "ref_leak",
        r"Unreleased reference|would lead to reference leak|reference has not been "
        r"acquired|must be referenced when passed to release",
    ),
    ("lock", r"spin_lock|spin_unlock|while holding a lock"),
    ("call_depth", r"call stack of \d+ frames is too deep"),
    ("stack_depth", r"combined stack size|stack size of subprog|tail_calls are not allowed when"),
    (
        "helper_unavailable",
        r"program of this type cannot use helper|invalid func |unknown func|"
        r"helper call is not allowed|helper call might sleep|is not modelled",
    ),
    ("gpl", r"GPL-restricted"),
    ("abnormal_return", r"is not allowed in subprogs without BTF"),
    ("bpf2bpf_unpriv", r"loading/calling other bpf or kernel functions are allowed"),
    (
        "privilege",
        r"needs CAP_BPF|needs CAP_PERFMON|missing CAP_|access is allowed only to CAP_PERFMON",
    ),
    ("map_func_mismatch", r"cannot pass map_type|expected prog array map"),
    ("map_readonly", r"write into map forbidden|read from map forbidden"),
    (
        "bad_map_ref",
        r"fd_idx without fd_array|no direct value access support|is not pointing to valid "
        r"bpf_map|map index \d+ is out of range|unknown map",
    ),
    (
        "helper_arg_type",
        r"R\d+ type=\S+ expected=|Possibly NULL pointer passed|"
        r"helper access to the packet is not allowed|R\d+ is not a known constant|"
        r"does not point to a readonly map|string is not zero-terminated|not a constant address|"
        r"must have zero offset when passed to release func",
    ),
    (
        "helper_mem_size",
        r"invalid zero-sized read|R\d+ min value is negative, either use unsigned or"
        r"|unbounded memory access, use 'var &= const'",
    ),
    (
        "ctx_access",
        r"invalid bpf_context access|dereference of modified ctx ptr|"
        r"variable ctx access|negative offset ctx ptr|context access of .* not modelled",
    ),
    (
        "null_deref",
        r"invalid mem access '\w+_or_null'|pointer arithmetic on \w+_or_null prohibited",
    ),
    (
        "scalar_deref",
        r"invalid mem access 'scalar'|invalid mem access 'map_ptr'|"
        r"invalid mem access '\?'",
    ),
    ("invalid_mem_access", r"invalid mem access"),
    (
        "pkt_bounds",
        r"invalid access to packet|offset is outside of the packet|"
        r"cannot write into packet|misaligned packet access",
    ),
    (
        "spill",
        r"invalid size of register (fill|spill)|attempt to corrupt spilled pointer|"
        r"cannot spill pointers to stack into stack frame of the caller",
    ),
    ("stack_uninit_read", r"invalid (indirect )?read from stack|uninit stack in range"),
    (
        "stack_bounds",
        r"invalid (unbounded )?(variable-offset )?(read from|write to) stack|"
        r"stack pointer arithmetic goes out of range|variable offset stack|"
        r"variable stack access prohibited|spilled ptr in range of var-offset",
    ),
    (
        "map_bounds",
        r"invalid access to map (value|key)|value is outside of the allowed memory "
        r"range|pointer arithmetic of map value goes out of range|invalid access to memory",
    ),
    ("negative_index", r"min value is negative"),
    ("unbounded_access", r"unbounded memory access"),
    (
        "ptr_arith",
        r"pointer arithmetic|math between|pointer \S+ pointer prohibited|"
        r"bitwise operator|subtraction from stack pointer|subtract pointer from scalar|"
        r"makes \S+ pointer be out of bounds|pointer offset -?\d+ is not allowed|"
        r"prohibited for !root",
    ),
    ("misaligned", r"misaligned"),
    ("write_readonly", r"cannot write into|write to change key"),
    ("ld_abs", r"BPF_LD_\[ABS\|IND\]"),
    ("mixed_pointers", r"same insn cannot be used with different pointers"),
    ("atomic", r"BPF_ATOMIC"),
    ("unsupported", r"not supported by ebpy"),
    ("bad_prog_type", r"unknown program type|invalid program type"),
)
_COMPILED = tuple((name, re.compile(rx)) for name, rx in _RULES)


def category(message: str) -> str:
    """The kind of a rejection message ("other" when no rule matches)."""
    for name, rx in _COMPILED:
        if rx.search(message):
            return name
    return "other"
