"""A whole program as one LLVM module: its functions plus the entry points Python calls.

Entry points (both take the run state first):
- `ebpy_run(st, r1..r5) -> r0`: one run from the program's first instruction (repeated runs
  and batches call it from loops.py's shared loops);
- `ebpy_callfn(st, fn, r1..r5, depth) -> r0`: a program function by its address, for helpers
  that call back into the program (bpf_loop, bpf_for_each_map_elem); only for the functions
  whose address the program takes (lddw src=4), the only ones a helper can be given.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from ebpy.isa import Instruction, PseudoSrc
from ebpy.isa.cfg import Function, build_function, function_entries
from ebpy.jit.abi import FIELD_OFFSETS as F
from ebpy.jit.abi import REGION_ENTRY_SIZE, Abort
from ebpy.jit.codegen import (
    CONSTANTS,
    FN_ARGS,
    CodegenOptions,
    FunctionCodegen,
    func_address,
    function_name,
)
from ebpy.jit.irtext import Emitter, c64

ARGS = "i64 %a1, i64 %a2, i64 %a3, i64 %a4, i64 %a5"
PASS_ARGS = "i64 %a1, i64 %a2, i64 %a3, i64 %a4, i64 %a5, ptr %st"

_DECLARATIONS = """\
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare i16 @llvm.bswap.i16(i16)
declare i32 @llvm.bswap.i32(i32)
declare i64 @llvm.bswap.i64(i64)
declare i32 @llvm.fshl.i32(i32, i32, i32)
declare i64 @llvm.fshl.i64(i64, i64, i64)
declare ptr @llvm.stacksave.p0()
declare ptr @llvm.frameaddress.p0(i32)
declare i32 @ebpy_clock_gettime(i32, ptr)
"""

# #3: helpers, inlined into every caller (the PROGRAM pipeline only runs the always-inliner).
_TRAILER = """\
attributes #0 = { nounwind }
attributes #1 = { nounwind noinline }
attributes #2 = { noinline }
attributes #3 = { nounwind alwaysinline }
!0 = !{!"branch_weights", i32 1, i32 4000}
!1 = !{!"branch_weights", i32 4000, i32 1}
"""
# Native helper bodies (native_helpers, hook_helpers) come with the plain group; they get #3.
_PLAIN_HELPER = re.compile(r"^(define internal i64 @ebpy_h\d+\([^)]*\)) #0 \{", re.MULTILINE)


@dataclass
class ModuleIR:
    text: str
    entries: list[int]  # slots where functions start (0 first)
    python_helpers: list[int]  # helper ids in the order of the state's helper table
    constants: list[int]  # slots of the map lddws, in the order of the constants table
    loops: bool  # some function has a cycle (the pipeline's loop passes run only then)


def build_module(
    insns: list[Instruction],
    code: dict[int, Instruction],
    nslots: int,
    constants: Collection[int],
    options: CodegenOptions,
    native_ir: str = "",
    triple: str = "",
    datalayout: str = "",
) -> ModuleIR:
    """The program's module. `constants` are the slots whose lddw values (map addresses) the
    code reads from the constants table (`@ebpy_consts`, bound when the object is linked), so
    the IR, and the object made from it, is the same whatever the maps' addresses."""
    entries = function_entries(code)
    table = sorted(constants)
    index = {slot: i for i, slot in enumerate(table)}
    used_python = sorted(
        {
            insn.imm
            for insn in code.values()
            if insn.is_helper_call
            and insn.imm in options.python_helpers
            and insn.imm not in options.native_helpers
        }
    )
    parts = []
    if triple:
        parts.append(f'target triple = "{triple}"')
    if datalayout:
        parts.append(f'target datalayout = "{datalayout}"')
    parts.append(_DECLARATIONS)
    if table:
        parts.append(f"@{CONSTANTS} = external constant [{len(table)} x i64]")
    parts.append(_NOW)
    if options.checked:
        parts.append(_check_function())
    if native_ir:
        parts.append(_PLAIN_HELPER.sub(r"\1 #3 {", native_ir))
    loops = False
    for entry in entries:
        fn = build_function(code, entry, nslots)
        loops = loops or has_cycle(fn)
        gen = FunctionCodegen(fn, code, entries, index, options)
        parts.append(gen.generate().text)
    # Helpers call back only into functions whose address the program took: the others stay
    # free for LLVM to inline and drop.
    taken = sorted(
        {s + 1 + i.imm for s, i in code.items() if i.is_lddw and i.src == PseudoSrc.FUNC}
    )
    parts.append(_run_function(bool(taken)))
    if taken:
        parts.append(_callfn_function(taken))
    parts.append(_TRAILER)
    return ModuleIR("\n".join(parts), entries, used_python, table, loops)


def has_cycle(fn: Function) -> bool:
    """Does the function's control flow have a cycle? A jump backwards in slot order is not
    enough: clang places blocks several paths share (a counter update and return, say) before
    some of the code that jumps to them. xdp_parse has 34 such jumps and no loop, and the loop
    passes (and the InstCombine after them) were a tenth of its compile time."""
    on_path: set[int] = set()
    done: set[int] = set()
    # Depth-first, iteratively (programs reach a million instructions): (block, next successor).
    stack = [(fn.entry, 0)]
    on_path.add(fn.entry)
    while stack:
        start, i = stack[-1]
        succs = fn.blocks[start].succs
        if i == len(succs):
            stack.pop()
            on_path.discard(start)
            done.add(start)
            continue
        stack[-1] = (start, i + 1)
        succ = succs[i]
        if succ in on_path:
            return True
        if succ not in done:
            on_path.add(succ)
            stack.append((succ, 0))
    return False


_NOW = """\
define internal i64 @ebpy_clock_ns(i32 %clock) #3 {
  %ts = alloca [2 x i64], align 8
  %r = call i32 @ebpy_clock_gettime(i32 %clock, ptr %ts)
  %s = load i64, ptr %ts, align 8
  %nsp = getelementptr i8, ptr %ts, i64 8
  %ns = load i64, ptr %nsp, align 8
  %sns = mul i64 %s, 1000000000
  %t = add i64 %sns, %ns
  ret i64 %t
}
"""


def _set_stack_top(e: Emitter) -> None:
    """Record where the program's frames end, so helpers may read and write them."""
    fa = e.op("call ptr @llvm.frameaddress.p0(i32 0)")
    e.store_field("%st", F["stack_hi"], e.op(f"ptrtoint ptr {fa} to i64"))


def _run_function(takes_addresses: bool) -> str:
    """Run the program once: record this program's callfn, call it, and take the result of a
    tail call that finished the run (Abort.TAIL_DONE) as the run's own."""
    e = Emitter()
    e.label("entry")
    _set_stack_top(e)
    fn = e.op("ptrtoint ptr @ebpy_callfn to i64") if takes_addresses else "0"
    e.store_field("%st", F["callfn"], fn)
    r = e.op(f"call fastcc i64 {function_name(0)}({PASS_ARGS}, i64 0) #2")
    a = e.load_field("%st", F["abort"])
    done = e.op(f"icmp eq i64 {a}, {int(Abort.TAIL_DONE)}")
    tail = e.load_field("%st", F["tail_result"])
    result = e.op(f"select i1 {done}, i64 {tail}, i64 {r}")
    e.store_field("%st", F["abort"], e.op(f"select i1 {done}, i64 0, i64 {a}"))
    e.terminate(f"ret i64 {result}")
    return "\n".join([f"define i64 @ebpy_run(ptr %st, {ARGS}) #0 {{", *e.lines, "}"])


def _callfn_function(entries: list[int]) -> str:
    e = Emitter()
    e.label("entry")
    cases = " ".join(f"i64 {c64(func_address(s))}, label %c{s}" for s in entries)
    e.terminate(f"switch i64 %fn, label %bad [ {cases} ]")
    for s in entries:
        e.label(f"c{s}")
        r = e.op(f"call fastcc i64 {function_name(s)}({PASS_ARGS}, i64 %depth) #2")
        e.terminate(f"ret i64 {r}")
    e.label("bad")
    e.store_field("%st", F["fault_addr"], "%fn")
    e.store_field("%st", F["fault_slot"], e.load_field("%st", F["slot"]))
    e.store_field("%st", F["abort"], str(int(Abort.BAD_CALLX)))
    e.terminate("ret i64 0")
    head = f"define i64 @ebpy_callfn(ptr %st, i64 %fn, {ARGS}, i64 %depth) #1 {{"
    return "\n".join([head, *e.lines, "}"])


def _check_function() -> str:
    """Checked mode: is [addr, addr+size) inside one region (and writable for a write)?

    On failure it records the fault in the run state and sets `abort`. A linear scan: region
    tables are short, and it stays right when regions overlap.
    """
    size = REGION_ENTRY_SIZE
    return f"""\
define internal i1 @ebpy_check(ptr %st, i64 %addr, i64 %size, i64 %write, i64 %slot) #1 {{
entry:
  %tabp = getelementptr i8, ptr %st, i64 {F["regions"]}
  %table = load ptr, ptr %tabp, align 8
  %n = load i64, ptr %table, align 8
  %rowsp = getelementptr i8, ptr %table, i64 8
  %tab = load i64, ptr %rowsp, align 8
  %last = add i64 %addr, %size
  %wrap = icmp ult i64 %last, %addr
  br i1 %wrap, label %fail, label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %next ]
  %done = icmp uge i64 %i, %n
  br i1 %done, label %fail, label %body
body:
  %off = mul i64 %i, {size}
  %ea = add i64 %tab, %off
  %ep = inttoptr i64 %ea to ptr
  %start = load i64, ptr %ep, align 8
  %endp = getelementptr i8, ptr %ep, i64 8
  %end = load i64, ptr %endp, align 8
  %wp = getelementptr i8, ptr %ep, i64 16
  %w = load i64, ptr %wp, align 8
  %lo = icmp uge i64 %addr, %start
  %hi = icmp ule i64 %last, %end
  %ro = icmp eq i64 %w, 0
  %wr = icmp ne i64 %write, 0
  %denied = and i1 %ro, %wr
  %allowed = xor i1 %denied, true
  %in0 = and i1 %lo, %hi
  %in = and i1 %in0, %allowed
  br i1 %in, label %ok, label %next
next:
  %i1 = add i64 %i, 1
  br label %loop
ok:
  ret i1 true
fail:
  %fa = getelementptr i8, ptr %st, i64 {F["fault_addr"]}
  store i64 %addr, ptr %fa, align 8
  %fs = getelementptr i8, ptr %st, i64 {F["fault_size"]}
  store i64 %size, ptr %fs, align 8
  %fw = getelementptr i8, ptr %st, i64 {F["fault_write"]}
  store i64 %write, ptr %fw, align 8
  %fsl = getelementptr i8, ptr %st, i64 {F["fault_slot"]}
  store i64 %slot, ptr %fsl, align 8
  %ab = getelementptr i8, ptr %st, i64 {F["abort"]}
  store i64 {int(Abort.FAULT)}, ptr %ab, align 8
  ret i1 false
}}
"""


__all__ = ["FN_ARGS", "ModuleIR", "build_module"]
