"""One eBPF function to one LLVM function, instruction by instruction, with the interpreter's
semantics (ebpy.vm.translate is the definition; this file follows it case by case).

Registers are allocas (mem2reg makes them SSA values); the frame is a 512-byte alloca, zeroed on
entry as the interpreter does, addressed by constant offsets wherever `frames.analyse` knows a
register is frame pointer + constant. Any way out of a run other than `exit` (a fault, a Python
helper raising, a packet load out of range, a call too deep) sets `abort` in the run state and
returns; every caller checks `abort` after a call and returns too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ebpy.errors import EbpyError, LoadError
from ebpy.isa import AluOp, AtomicOp, EndKind, InsnClass, Instruction, JmpOp, Mode, PseudoSrc, Size
from ebpy.isa.cfg import Block, Function
from ebpy.isa.opcodes import LDDW
from ebpy.jit import frames
from ebpy.jit.abi import FIELD_OFFSETS as F
from ebpy.jit.abi import FRAME_STRIDE, MAX_CALL_DEPTH, STACK_SIZE, Abort
from ebpy.jit.irtext import Emitter, c64, const
from ebpy.runtime.address_space import FUNC_KEY, REGION_SHIFT

M32 = (1 << 32) - 1
M64 = (1 << 64) - 1
FN_ARGS = "i64 %a1, i64 %a2, i64 %a3, i64 %a4, i64 %a5, ptr %st, i64 %depth"
CONSTANTS = "ebpy_consts"  # the table of lddw values that are addresses (module.py)
HELPER_TYPE = "i64 (i64, i64, i64, i64, i64)"
NATIVE_HELPER_ARGS = "ptr, i64, i64, i64, i64, i64"

_CMP = {
    JmpOp.JEQ: "eq",
    JmpOp.JNE: "ne",
    JmpOp.JGT: "ugt",
    JmpOp.JGE: "uge",
    JmpOp.JLT: "ult",
    JmpOp.JLE: "ule",
    JmpOp.JSGT: "sgt",
    JmpOp.JSGE: "sge",
    JmpOp.JSLT: "slt",
    JmpOp.JSLE: "sle",
}
_BINOP: dict[int, str] = {
    AluOp.ADD: "add",
    AluOp.SUB: "sub",
    AluOp.MUL: "mul",
    AluOp.OR: "or",
    AluOp.AND: "and",
    AluOp.XOR: "xor",
    AluOp.LSH: "shl",
    AluOp.RSH: "lshr",
    AluOp.ARSH: "ashr",
}
_ALU, _ALU64, _LDX = int(InsnClass.ALU), int(InsnClass.ALU64), int(InsnClass.LDX)
_ST, _STX, _MEM, _ATOMIC = int(InsnClass.ST), int(InsnClass.STX), int(Mode.MEM), int(Mode.ATOMIC)
_ADD_IMM64, _SUB_IMM64, _MOV_REG64 = 0x07, 0x17, 0xBF
_END, _NEG, _MOV, _OR = int(AluOp.END), int(AluOp.NEG), int(AluOp.MOV), int(AluOp.OR)
_LSH, _ARSH = int(AluOp.LSH), int(AluOp.ARSH)
_SHIFTS = frozenset(map(int, (AluOp.LSH, AluOp.RSH, AluOp.ARSH)))
_DIVMOD = frozenset(map(int, (AluOp.DIV, AluOp.MOD)))
_RMW = {AtomicOp.ADD: "add", AtomicOp.OR: "or", AtomicOp.AND: "and", AtomicOp.XOR: "xor"}
_BITS = {Size.B: 8, Size.H: 16, Size.W: 32, Size.DW: 64}
# Native helpers after which the run may have to stop (bpf_tail_call: the program it called
# has finished the run).
STOPPING_HELPERS = frozenset({12})
SKF_NET_OFF = -0x100000  # LD_ABS/LD_IND offsets from the network header ...
SKF_LL_OFF = -0x200000  # ... and from the link-layer header
ETH_HLEN = 14


@dataclass(frozen=True)
class CodegenOptions:
    checked: bool = False  # check every non-frame access against the region table
    budget: bool = False  # count instructions and stop at the state's budget
    python_helpers: frozenset[int] = frozenset()  # helper ids called back in Python
    native_helpers: frozenset[int] = frozenset()  # helper ids with an @ebpy_h<id> in the module


@dataclass
class FunctionIR:
    text: str
    helpers_used: set[int] = field(default_factory=set)


def function_name(entry: int) -> str:
    return f"@f{entry}"


def func_address(slot: int) -> int:
    """The value of a function pointer (lddw src=4), the same in every userspace engine."""
    return (FUNC_KEY << REGION_SHIFT) | slot


def describe(slot: int, insn: Instruction) -> str:
    """An instruction as text, for error messages (the disassembler's form)."""
    from ebpy.isa.disasm import format_instruction

    try:
        return str(format_instruction(insn, slot=slot))
    except EbpyError:  # not a valid encoding: its fields then
        return (
            f"opcode {insn.opcode:#04x} dst r{insn.dst} src r{insn.src} "
            f"off {insn.off} imm {insn.imm}"
        )


class FunctionCodegen:
    """Writes `define internal fastcc i64 @f<entry>(...)` for one eBPF function."""

    def __init__(
        self,
        fn: Function,
        code: dict[int, Instruction],
        entries: list[int],
        constants: Mapping[int, int],
        options: CodegenOptions,
    ) -> None:
        self.fn = fn
        self.code = code
        self.entries = entries
        self.constants = constants  # slot -> index in the constants table
        self.opt = options
        self.e = Emitter()
        self.fs: frames.FrameState = {}
        # Within a block, registers live in SSA values and reach their allocas only when the
        # block ends: a fraction of the IR for LLVM to clean up (compile time is measured).
        self.vals: dict[int, str] = {}
        self.dirty: set[int] = set()
        self.frame_ptrs: dict[int, str] = {}
        self.frame_ints: dict[int, str] = {}
        self.in_states = frames.analyse(fn, code)
        self.helpers_used: set[int] = set()
        # Results of shifts by an immediate: name -> (left?, shifted value, amount).
        self.shifts: dict[str, tuple[bool, str, int]] = {}
        self.uses_abort = False
        # Blocks that record an abort, one per kind, shared by every place that can fail:
        # kind -> [(predecessor label, slot, address)].
        self._fail_sites: dict[Abort, list[tuple[str, int, str]]] = {}
        self.cur_block: Block | None = None
        # What the entry block has done to the frame so far (bit masks of bytes); see
        # _frame_effect.
        self.zeros_known = False  # no byte has been written but through `stored`
        self.reads_known = False  # no byte has been read but through `read`
        self.stored = 0
        self.read = 0
        self.written_first = 0  # bytes stored to before any read of them
        self.stored_at_exit: dict[int, int | None] = {}  # block -> `stored` if zeros_known

    # ---- structure ----------------------------------------------------------------------------
    def generate(self) -> FunctionIR:
        e, fn = self.e, self.fn
        e.label("entry")
        for r in range(11):
            e.do(f"%r{r} = alloca i64, align 8")
        if not self.opt.checked:
            e.do(f"%stk = alloca [{STACK_SIZE} x i8], align 8")
        deep = e.op(f"icmp uge i64 %depth, {MAX_CALL_DEPTH}")
        e.terminate(f"br i1 {deep}, label %too_deep, label %body, !prof !0")
        e.label("too_deep")
        e.store_field("%st", F["fault_slot"], str(fn.entry))
        e.store_field("%st", F["abort"], str(int(Abort.TOO_DEEP)))
        e.terminate("ret i64 0")
        e.label("body")
        if self.opt.checked:
            area = e.load_field("%st", F["stack_area"])
            off = e.op(f"mul i64 %depth, {FRAME_STRIDE}")
            base = e.op(f"add i64 {area}, {off}")
            e.do(f"%stk = inttoptr i64 {base} to ptr")
        memset_at = len(e.lines)
        e.do("")  # the frame's zeroing, written once the entry block is known (_zero_frame)
        for r in (0, 6, 7, 8, 9):
            e.do(f"store i64 0, ptr %r{r}, align 8")
        for r in range(1, 6):
            e.do(f"store i64 %a{r}, ptr %r{r}, align 8")
        if self.opt.python_helpers:
            e.do(f"%htab = load ptr, ptr {e.field_ptr('%st', F['helpers'])}, align 8")
        self._materialise_for(frames.entry_state(), fn.entry)
        e.terminate(f"br label %b{fn.entry}")
        for start in sorted(fn.blocks):
            self._block(fn.blocks[start])
        e.lines[memset_at] = self._zero_frame()
        self._fail_blocks()
        if self.uses_abort:
            e.label("abort_ret")
            e.terminate("ret i64 0")
        head = f"define internal fastcc i64 {function_name(fn.entry)}({FN_ARGS}) #0 {{"
        return FunctionIR("\n".join([head, *e.lines, "}"]), self.helpers_used)

    def _block(self, block: Block) -> None:
        e = self.e
        self.cur_block = block
        e.label(f"b{block.start}")
        self.fs = dict(self.in_states[block.start])
        self.vals, self.dirty = {}, set()
        self.frame_ptrs, self.frame_ints = {}, {}
        last = block.slots[-1]
        self._frame_state_in(block)
        for slot in block.slots:
            insn = self.code[slot]
            if self.zeros_known or self.reads_known:
                self._frame_effect(insn)
            if slot == last and (insn.is_branch or insn.is_exit):
                self._frame_state_out(block)
                self._terminator(slot, insn, block)
                return
            try:
                self._insn(slot, insn)
            except LoadError:
                raise
            except Exception as exc:  # a bug of ours: say which instruction triggered it
                raise LoadError(
                    f"slot {slot}: cannot compile `{describe(slot, insn)}`: {exc}"
                ) from exc
        self._frame_state_out(block)
        self._count(len(block.slots))
        self._goto(block.succs[0], last)

    # ---- the frame's zeroing --------------------------------------------------------------------
    # The interpreter zeroes the frame on entry. Compiled code from clang then stores zeros
    # over it again (`struct key k = {}`) and writes the slots next to r10 before reading
    # anything. In the entry block, as long as nothing but its own frame stores may have
    # written the frame, the code generator knows which bytes are still zero and drops stores
    # of zero to them; as long as nothing but its frame loads may have read it, bytes stored to
    # before being read need no zeroing (the memset leaves them out where they are at either
    # end of the frame). DSE did both, at a tenth of the optimisation time. What is known of
    # zeros flows on to blocks all of whose predecessors come before them and still knew.
    def _frame_state_in(self, block: Block) -> None:
        self.reads_known = block.start == self.fn.entry and not block.preds
        if self.reads_known:
            self.zeros_known, self.stored = True, 0
            return
        ins = [self.stored_at_exit.get(p) for p in block.preds]
        self.zeros_known = bool(ins) and all(m is not None for m in ins)
        self.stored = 0
        for m in ins:
            self.stored |= m or 0

    def _frame_state_out(self, block: Block) -> None:
        self.stored_at_exit[block.start] = self.stored if self.zeros_known else None
        self.zeros_known = self.reads_known = False

    def _frame_effect(self, insn: Instruction) -> None:
        """Account for an instruction of the entry block before it is compiled."""
        op = insn.opcode
        cls = op & 0x07
        if cls in (_ALU, _ALU64) or op == LDDW or insn.is_branch or insn.is_exit:
            return  # no memory
        is_store = cls == _ST or (cls == _STX and op & 0xE0 == _MEM)
        if is_store or cls == _LDX:
            base = self.fs.get(insn.dst if is_store else insn.src)
            at = -1 if base is None else base + insn.off
            if at >= 0 and at + _BITS[insn.size] // 8 <= STACK_SIZE:
                if not is_store:
                    self.read |= ((1 << (_BITS[insn.size] // 8)) - 1) << at
                return  # a store is accounted for by _store
            if not is_store:  # a load through an address we do not follow
                self.reads_known = False
                return
        # A store we do not follow, a call, an atomic operation, a packet load.
        self.zeros_known = self.reads_known = False

    def _zero_frame(self) -> str:
        """The memset of the frame but for the bytes at either end the entry block stores to
        before anything reads them."""
        written = self.written_first
        lo = 0
        while lo < STACK_SIZE and written >> lo & 1:
            lo += 1
        hi = STACK_SIZE
        while hi > lo and written >> (hi - 1) & 1:
            hi -= 1
        if lo == hi:
            return ""
        if not lo:
            return f"  call void @llvm.memset.p0.i64(ptr align 8 %stk, i8 0, i64 {hi}, i1 false)"
        # A named value: it goes in among numbered ones without renumbering them.
        return (
            f"  %stk.lo = getelementptr inbounds i8, ptr %stk, i64 {lo}\n"
            f"  call void @llvm.memset.p0.i64(ptr align {min(lo & -lo, 8)} %stk.lo, i8 0, "
            f"i64 {hi - lo}, i1 false)"
        )

    def _terminator(self, slot: int, insn: Instruction, block: Block) -> None:
        e = self.e
        executed = len(block.slots)
        if insn.is_exit:
            self._count(executed)
            e.terminate(f"ret i64 {self._get(0)}")
            return
        taken, fall = block.succs[0], block.succs[-1]
        if not insn.is_cond_jump or taken == fall:
            self._count(executed)
            self._goto(taken, slot)
            return
        cond = self._condition(insn)
        self._count(executed)
        self._flush()
        self._materialise_for(self.fs, taken, fall)
        taken_label = f"b{taken}"
        if self.opt.budget and taken <= slot:
            taken_label = e.new_label("back")
        e.terminate(f"br i1 {cond}, label %{taken_label}, label %b{fall}")
        if taken_label != f"b{taken}":
            e.label(taken_label)
            self._budget_check(slot)
            e.terminate(f"br label %b{taken}")

    def _goto(self, target: int, slot: int) -> None:
        self._flush()
        self._materialise_for(self.fs, target)
        if self.opt.budget and target <= slot:
            self._budget_check(slot)
        self.e.terminate(f"br label %b{target}")

    def _materialise_for(self, state: frames.FrameState, *targets: int) -> None:
        """Store the integer value of frame-pointer registers a successor needs as values."""
        stored: set[int] = set()
        for t in targets:
            want = self.in_states[t]
            for reg, off in state.items():
                if want.get(reg) != off and reg not in stored:
                    stored.add(reg)
                    self.e.do(f"store i64 {self._frame_int(off)}, ptr %r{reg}, align 8")

    # ---- budget -------------------------------------------------------------------------------
    # The count lives in the run state and is updated with volatile accesses once per block:
    # callees and helpers see it without flushing, and LLVM cannot fold a function's branches
    # into one block of selects summing counts (such blocks took seconds to compile).
    def _count(self, executed: int) -> None:
        if self.opt.budget:
            e = self.e
            ptr = e.field_ptr("%st", F["count"])
            count = e.op(f"load volatile i64, ptr {ptr}, align 8")
            e.do(f"store volatile i64 {e.op(f'add i64 {count}, {executed}')}, ptr {ptr}, align 8")

    def _budget_check(self, slot: int) -> None:
        """The interpreter's check at a backward jump: stop once the count passes the budget."""
        e = self.e
        count = e.op(f"load volatile i64, ptr {e.field_ptr('%st', F['count'])}, align 8")
        budget = e.load_field("%st", F["budget"])
        self._fail_if(e.op(f"icmp ugt i64 {count}, {budget}"), Abort.BUDGET, slot)

    # ---- failing --------------------------------------------------------------------------------
    def _fail_if(self, cond: str, code: Abort, slot: int, addr: str = "0") -> None:
        """Go to the shared block that records `code` at `slot` and returns when `cond` holds."""
        e = self.e
        ok = e.new_label("ok")
        self._fail_sites.setdefault(code, []).append((e.current, slot, addr))
        e.terminate(f"br i1 {cond}, label %fail{int(code)}, label %{ok}, !prof !0")
        e.label(ok)

    def _fail_blocks(self) -> None:
        e = self.e
        for code, sites in self._fail_sites.items():
            e.label(f"fail{int(code)}")
            slots = ", ".join(f"[ {slot}, %{label} ]" for label, slot, _ in sites)
            slot = e.op(f"phi i64 {slots}")
            addr = None
            if any(a != "0" for _, _, a in sites):
                addr = e.op(f"phi i64 {', '.join(f'[ {a}, %{lab} ]' for lab, _, a in sites)}")
            e.store_field("%st", F["fault_slot"], slot)
            if addr is not None:
                e.store_field("%st", F["fault_addr"], addr)
            e.store_field("%st", F["abort"], str(int(code)))
            e.terminate("ret i64 0")

    def _record_abort(self, code: Abort, slot: int, addr: str | None = None) -> None:
        e = self.e
        e.store_field("%st", F["fault_slot"], str(slot))
        if addr is not None:
            e.store_field("%st", F["fault_addr"], addr)
        e.store_field("%st", F["abort"], str(int(code)))

    def _check_abort(self) -> None:
        e = self.e
        self.uses_abort = True
        a = e.load_field("%st", F["abort"])
        bad = e.op(f"icmp ne i64 {a}, 0")
        ok = e.new_label("ok")
        e.terminate(f"br i1 {bad}, label %abort_ret, label %{ok}, !prof !0")
        e.label(ok)

    # ---- registers ------------------------------------------------------------------------------
    def _frame_ptr(self, off: int) -> str:
        ptr = self.frame_ptrs.get(off)
        if ptr is None:
            # `inbounds` where it holds, as InstCombine would add: each GEP it rewrites puts
            # the frame's alloca back on its worklist, and visiting the alloca walks all of
            # its users (on xdp_parse a fifth of the optimisation time).
            flags = "inbounds " if 0 <= off <= STACK_SIZE else ""
            ptr = self.frame_ptrs[off] = self.e.op(f"getelementptr {flags}i8, ptr %stk, i64 {off}")
        return ptr

    def _frame_int(self, off: int) -> str:
        value = self.frame_ints.get(off)
        if value is None:
            ptr = self._frame_ptr(off)
            value = self.frame_ints[off] = self.e.op(f"ptrtoint ptr {ptr} to i64")
        return value

    def _get(self, reg: int) -> str:
        off = self.fs.get(reg)
        if off is not None:
            return self._frame_int(off)
        value = self.vals.get(reg)
        if value is None:
            value = self.vals[reg] = self.e.op(f"load i64, ptr %r{reg}, align 8")
        return value

    def _set(self, reg: int, value: str) -> None:
        self.vals[reg] = value
        self.dirty.add(reg)

    def _forget(self, reg: int) -> None:
        """The register's alloca holds its value now (or it became a frame pointer)."""
        self.vals.pop(reg, None)
        self.dirty.discard(reg)

    def _flush(self) -> None:
        """Store the registers this block changed, before control leaves it."""
        for reg in sorted(self.dirty):
            self.e.do(f"store i64 {self.vals[reg]}, ptr %r{reg}, align 8")
        self.dirty.clear()

    def _get32(self, reg: int) -> str:
        return self.e.trunc(self._get(reg), 32)

    # ---- instructions ---------------------------------------------------------------------------
    def _insn(self, slot: int, insn: Instruction) -> None:
        # Dispatch on the raw opcode: this runs for every instruction of every program.
        op = insn.opcode
        cls = op & 0x07
        fs = self.fs
        if cls == _ALU64:
            if (op in (_ADD_IMM64, _SUB_IMM64) and insn.dst in fs) or (
                op == _MOV_REG64 and insn.off == 0 and insn.src in fs
            ):
                # Frame pointer arithmetic: known at compile time, nothing to emit.
                frames.transfer(fs, insn)
                self._forget(insn.dst)
                return
            self._alu(insn)
        elif cls == _ALU:
            self._alu(insn)
        elif cls == _LDX:
            self._load(slot, insn)
        elif cls == _ST or (cls == _STX and op & 0xE0 == _MEM):
            self._store(slot, insn)
        elif cls == _STX and op & 0xE0 == _ATOMIC:
            self._atomic(slot, insn)
        elif op == LDDW:
            self._set(insn.dst, self._lddw(slot, insn))
        elif insn.is_legacy_packet_load:
            self._legacy_load(slot, insn)
        elif insn.is_helper_call:
            self._helper_call(slot, insn)
        elif insn.is_local_call:
            self._local_call(slot, slot + 1 + insn.imm)
        elif insn.is_callx:
            self._callx(slot, insn)
        elif insn.is_kfunc_call:
            raise LoadError(
                f"slot {slot}: kfunc calls (BTF id {insn.imm}) are not supported by this engine"
            )
        else:
            raise LoadError(f"slot {slot}: cannot compile opcode {insn.opcode:#04x}")
        # What the instruction did to the frame pointers (emitting it used the state before).
        frames.transfer(fs, insn)

    def _lddw(self, slot: int, insn: Instruction) -> str:
        if insn.src == PseudoSrc.IMM64:
            return c64(insn.imm64)
        if insn.src == PseudoSrc.FUNC:
            return c64(func_address(slot + 1 + insn.imm))
        index = self.constants.get(slot)
        if index is None:
            raise LoadError(
                f"slot {slot}: lddw of a {insn.pseudo.name} needs maps, and none were given"
            )
        # A load from constant memory: LLVM hoists and merges it like an immediate.
        at = f"getelementptr inbounds (i8, ptr @{CONSTANTS}, i64 {8 * index})"
        return self.e.op(f"load i64, ptr {at}, align 8")

    # ---- ALU ----------------------------------------------------------------------------------
    def _alu(self, insn: Instruction) -> None:
        e = self.e
        op = insn.opcode & 0xF0  # plain ints throughout: this runs for most instructions
        bits = 64 if insn.opcode & 0x07 == _ALU64 else 32
        by_reg = insn.opcode & 0x08
        d = insn.dst
        if op == _END:
            self._set(d, self._end(insn))
            return
        if op == _NEG:
            v = self._get(d) if bits == 64 else self._get32(d)
            self._set(d, self._widen(e.op(f"sub i{bits} 0, {v}"), bits))
            return
        if op == _MOV:
            self._set(d, self._mov(insn, bits))
            return
        src = self._operand(insn, bits)
        shift = op in _SHIFTS
        if shift:
            src = e.op(f"and i{bits} {src}, {bits - 1}") if by_reg else str(insn.imm & (bits - 1))
        elif op in _DIVMOD:
            self._set(d, self._widen(self._divmod(insn, bits, src), bits))
            return
        name = _BINOP.get(op)
        if name is None:
            raise LoadError(f"unknown ALU operation {insn.opcode:#04x}")
        dv = self._get(d) if bits == 64 else self._get32(d)
        if op == _OR:
            rotated = self._rotate(dv, src, bits)
            if rotated is not None:
                self._set(d, self._widen(rotated, bits))
                return
        value = e.op(f"{name} i{bits} {dv}, {src}")
        if shift and not by_reg and op != _ARSH:
            self.shifts[value] = (op == _LSH, dv, int(src))
        self._set(d, value if bits == 64 else e.zext(value, 32))

    def _rotate(self, a: str, b: str, bits: int) -> str | None:
        """`(x << k) | (x >> (bits - k))` as the rotate it is. Hash functions are full of
        them; finding them here spares InstCombine matching each (its most costly work on
        such code) and the code generator gets a rotate even where InstCombine does not run."""
        sa, sb = self.shifts.get(a), self.shifts.get(b)
        if sa is None or sb is None or sa[0] == sb[0] or sa[1] != sb[1]:
            return None
        if sa[2] + sb[2] != bits or not sa[2] or not sb[2]:
            return None
        left = sa[2] if sa[0] else sb[2]
        t = f"i{bits}"
        return self.e.op(f"call {t} @llvm.fshl.{t}({t} {sa[1]}, {t} {sa[1]}, {t} {left})")

    def _operand(self, insn: Instruction, bits: int) -> str:
        """The source operand at the operation's width (an immediate sign-extends to 64 bits)."""
        if insn.opcode & 0x08:
            return self._get(insn.src) if bits == 64 else self._get32(insn.src)
        return const(insn.imm, bits)

    def _widen(self, value: str, bits: int) -> str:
        return value if bits == 64 else self.e.zext(value, 32)

    def _mov(self, insn: Instruction, bits: int) -> str:
        e = self.e
        if not insn.uses_reg:
            return c64(insn.imm if bits == 64 else insn.imm & M32)
        src = self._get(insn.src)
        if insn.off:  # movsx: sign-extend the low `off` bits
            narrow = e.trunc(src, insn.off)
            if bits == 64:
                return e.sext(narrow, insn.off)
            return e.zext(e.op(f"sext i{insn.off} {narrow} to i32"), 32)
        if bits == 64 or e.fits(src, 32):
            return src
        return e.zext(e.trunc(src, 32), 32)

    def _end(self, insn: Instruction) -> str:
        e = self.e
        width = insn.imm
        v = self._get(insn.dst)
        if insn.end_kind == EndKind.TO_LE:
            return v if width >= 64 else e.op(f"and i64 {v}, {(1 << width) - 1}")
        if width == 64:
            return e.op(f"call i64 @llvm.bswap.i64(i64 {v})")
        narrow = e.trunc(v, width)
        return e.zext(e.op(f"call i{width} @llvm.bswap.i{width}(i{width} {narrow})"), width)

    def _divmod(self, insn: Instruction, bits: int, src: str) -> str:
        e = self.e
        t = f"i{bits}"
        dv = self._get(insn.dst) if bits == 64 else self._get32(insn.dst)
        is_div = insn.alu_op == AluOp.DIV
        signed = insn.off == 1
        mask = (1 << bits) - 1
        if not insn.uses_reg:
            divisor = insn.imm & mask
            if divisor == 0:
                return "0" if is_div else dv
            if signed and divisor == mask:  # x / -1 wraps (INT_MIN / -1 == INT_MIN); x % -1 == 0
                return e.op(f"sub {t} 0, {dv}") if is_div else "0"
            name = ("sdiv" if is_div else "srem") if signed else ("udiv" if is_div else "urem")
            return e.op(f"{name} {t} {dv}, {src}")
        zero = e.op(f"icmp eq {t} {src}, 0")
        if not signed:
            safe = e.op(f"select i1 {zero}, {t} 1, {t} {src}")
            if is_div:
                q = e.op(f"udiv {t} {dv}, {safe}")
                return e.op(f"select i1 {zero}, {t} 0, {t} {q}")
            r = e.op(f"urem {t} {dv}, {safe}")
            return e.op(f"select i1 {zero}, {t} {dv}, {t} {r}")
        minus1 = e.op(f"icmp eq {t} {src}, -1")
        bad = e.op(f"or i1 {zero}, {minus1}")
        safe = e.op(f"select i1 {bad}, {t} 1, {t} {src}")
        if is_div:
            q = e.op(f"sdiv {t} {dv}, {safe}")
            neg = e.op(f"sub {t} 0, {dv}")
            q2 = e.op(f"select i1 {minus1}, {t} {neg}, {t} {q}")
            return e.op(f"select i1 {zero}, {t} 0, {t} {q2}")
        r = e.op(f"srem {t} {dv}, {safe}")
        r2 = e.op(f"select i1 {minus1}, {t} 0, {t} {r}")
        return e.op(f"select i1 {zero}, {t} {dv}, {t} {r2}")

    # ---- jumps --------------------------------------------------------------------------------
    def _condition(self, insn: Instruction) -> str:
        e = self.e
        bits = 32 if insn.cls == InsnClass.JMP32 else 64
        d = self._get(insn.dst) if bits == 64 else self._get32(insn.dst)
        s = self._operand(insn, bits)
        op = insn.jmp_op
        if op == JmpOp.JSET:
            both = e.op(f"and i{bits} {d}, {s}")
            return e.op(f"icmp ne i{bits} {both}, 0")
        return e.op(f"icmp {_CMP[op]} i{bits} {d}, {s}")

    # ---- memory -------------------------------------------------------------------------------
    def _address(self, slot: int, reg: int, off: int, size: int, write: bool) -> tuple[str, int]:
        """(pointer, known alignment) of reg + off; checked mode checks the access first."""
        e = self.e
        frame = self.fs.get(reg)
        if frame is not None:
            at = frame + off
            if self.opt.checked and not (at >= 0 and at + size <= STACK_SIZE):
                # Out of the frame whatever the data: the access always faults.
                addr = self._frame_int(at)
                e.store_field("%st", F["fault_size"], str(size))
                e.store_field("%st", F["fault_write"], str(int(write)))
                self._record_abort(Abort.FAULT, slot, addr)
                e.terminate("ret i64 0")
                e.label(e.new_label("dead"))
            align = at & -at if at else 8
            return self._frame_ptr(at), min(align, 8)
        base = self._get(reg)
        addr = e.op(f"add i64 {base}, {off}") if off else base
        if self.opt.checked:
            # On failure the check itself records the fault (slot included) in the state.
            ok = e.op(
                f"call i1 @ebpy_check(ptr %st, i64 {addr}, i64 {size}, i64 {int(write)}, i64 {slot})"
            )
            self.uses_abort = True
            cont = e.new_label("ok")
            e.terminate(f"br i1 {ok}, label %{cont}, label %abort_ret, !prof !1")
            e.label(cont)
        return e.op(f"inttoptr i64 {addr} to ptr"), 1

    def _load(self, slot: int, insn: Instruction) -> None:
        e = self.e
        bits = _BITS[insn.size]
        ptr, _ = self._address(slot, insn.src, insn.off, bits // 8, False)
        v = e.op(f"load i{bits}, ptr {ptr}, align 1")
        if bits != 64:
            v = e.sext(v, bits) if insn.mode == Mode.MEMSX else e.zext(v, bits)
        self._set(insn.dst, v)

    def _store(self, slot: int, insn: Instruction) -> None:
        e = self.e
        bits = _BITS[insn.size]
        if insn.cls == InsnClass.STX:
            v = self._get(insn.src)
            v = v if bits == 64 else e.trunc(v, bits)
        else:
            v = const(insn.imm, bits)
        if self.zeros_known or self.reads_known:  # a frame store at a known offset
            mask = ((1 << (bits // 8)) - 1) << (self.fs[insn.dst] + insn.off)
            if self.zeros_known and v == "0" and not self.stored & mask:
                return  # zero already: the memset leaves out only bytes in `written_first`
            self.stored |= mask
            if self.reads_known:
                self.written_first |= mask & ~self.read
        ptr, _ = self._address(slot, insn.dst, insn.off, bits // 8, True)
        e.do(f"store i{bits} {v}, ptr {ptr}, align 1")

    def _atomic(self, slot: int, insn: Instruction) -> None:
        e = self.e
        bits = _BITS[insn.size]
        t = f"i{bits}"
        aop = insn.atomic_op
        on_frame = insn.dst in self.fs
        ptr, _ = self._address(slot, insn.dst, insn.off, bits // 8, True)
        src = self._get(insn.src)
        v = src if bits == 64 else e.trunc(src, bits)
        if on_frame:
            # The frame is private to this run: plain memory operations are atomic enough, and
            # keep the frame promotable to registers.
            old = e.op(f"load {t}, ptr {ptr}, align 1")
            if aop == AtomicOp.CMPXCHG:
                expect = self._get(0)
                expect = expect if bits == 64 else e.trunc(expect, bits)
                same = e.op(f"icmp eq {t} {old}, {expect}")
                new = e.op(f"select i1 {same}, {t} {v}, {t} {old}")
            elif aop == AtomicOp.XCHG:
                new = v
            else:
                new = e.op(f"{_RMW[aop.base]} {t} {old}, {v}")
            e.do(f"store {t} {new}, ptr {ptr}, align 1")
        elif aop == AtomicOp.CMPXCHG:
            expect = self._get(0)
            expect = expect if bits == 64 else e.trunc(expect, bits)
            pair = e.op(
                f"cmpxchg ptr {ptr}, {t} {expect}, {t} {v} seq_cst seq_cst, align {bits // 8}"
            )
            old = e.op(f"extractvalue {{ {t}, i1 }} {pair}, 0")
        else:
            name = "xchg" if aop == AtomicOp.XCHG else _RMW[aop.base]
            old = e.op(f"atomicrmw {name} ptr {ptr}, {t} {v} seq_cst, align {bits // 8}")
        if aop == AtomicOp.CMPXCHG:
            self._set(0, old if bits == 64 else e.zext(old, bits))
        elif aop.fetch or aop == AtomicOp.XCHG:
            self._set(insn.src, old if bits == 64 else e.zext(old, bits))

    def _legacy_load(self, slot: int, insn: Instruction) -> None:
        """LD_ABS / LD_IND: a big-endian load from the packet; out of range ends the run with 0.

        As the interpreter (and the kernel's bpf_skb_load_helper): the offset is a signed
        32-bit value counted from the data; from SKF_NET_OFF up it counts from the network
        header and from SKF_LL_OFF up from the link-layer header, where the packet has one.
        """
        e = self.e
        size = insn.nbytes
        bits = size * 8
        if insn.mode == Mode.ABS:
            off = c64(insn.imm)
        else:
            s = self._get(insn.src)
            off = e.sext(e.trunc(e.op(f"add i64 {s}, {c64(insn.imm)}"), 32), 32)
        data = e.load_field("%st", F["pkt_data"])
        end = e.load_field("%st", F["pkt_end"])
        net = e.load_field("%st", F["pkt_net"])
        has_net = e.op(f"icmp ne i64 {net}, 0")
        nonneg = e.op(f"icmp sge i64 {off}, 0")
        in_net = e.op(f"and i1 {has_net}, {e.op(f'icmp sge i64 {off}, {SKF_NET_OFF}')}")
        in_ll = e.op(f"and i1 {has_net}, {e.op(f'icmp sge i64 {off}, {SKF_LL_OFF}')}")
        from_data = e.op(f"add i64 {data}, {off}")
        from_net = e.op(f"add i64 {net}, {e.op(f'add i64 {off}, {-SKF_NET_OFF}')}")
        from_ll = e.op(f"add i64 {net}, {e.op(f'add i64 {off}, {-SKF_LL_OFF - ETH_HLEN}')}")
        header = e.op(f"select i1 {in_net}, i64 {from_net}, i64 {from_ll}")
        at = e.op(f"select i1 {nonneg}, i64 {from_data}, i64 {header}")
        known = e.op(f"or i1 {nonneg}, {in_ll}")
        no_pkt = e.op(f"icmp eq i64 {data}, 0")
        last = e.op(f"add i64 {at}, {size}")
        past = e.op(f"icmp ugt i64 {last}, {end}")
        bad = e.op(f"or i1 {e.op(f'or i1 {no_pkt}, {past}')}, {e.op(f'xor i1 {known}, true')}")
        self._fail_if(bad, Abort.PACKET, slot)
        ptr = e.op(f"inttoptr i64 {at} to ptr")
        v = e.op(f"load i{bits}, ptr {ptr}, align 1")
        if bits > 8:
            v = e.op(f"call i{bits} @llvm.bswap.i{bits}(i{bits} {v})")
        self._set(0, e.zext(v, bits) if bits < 64 else v)

    # ---- calls --------------------------------------------------------------------------------
    def _args(self) -> str:
        return ", ".join(f"i64 {self._get(r)}" for r in range(1, 6))

    def _helper_call(self, slot: int, insn: Instruction) -> None:
        e = self.e
        hid = insn.imm
        self.helpers_used.add(hid)
        if hid in self.opt.native_helpers:
            args = self._args()
            self._set(0, e.op(f"call i64 @ebpy_h{hid}(ptr %st, {args})"))
            if hid in STOPPING_HELPERS:  # a tail call ends the run when it happens
                self._check_abort()
            return
        if hid not in self.opt.python_helpers:
            from ebpy.spec.helper_ids import HELPER_NAMES

            name = HELPER_NAMES.get(hid, "unknown")
            raise LoadError(
                f"slot {slot}: program calls helper {name}#{hid}, which this engine does not provide"
            )
        args = self._args()
        entry = e.op(f"getelementptr ptr, ptr %htab, i64 {hid}")
        fp = e.op(f"load ptr, ptr {entry}, align 8")
        e.store_field("%st", F["slot"], str(slot))
        e.store_field("%st", F["depth"], "%depth")
        if not self.opt.checked:
            sp = e.op("call ptr @llvm.stacksave.p0()")
            e.store_field("%st", F["stack_lo"], e.op(f"ptrtoint ptr {sp} to i64"))
        self._set(0, e.op(f"call i64 {fp}({args})"))
        self._check_abort()

    def _local_call(self, slot: int, target: int) -> None:
        e = self.e
        args = self._args()
        depth = e.op("add i64 %depth, 1")
        r0 = e.op(f"call fastcc i64 {function_name(target)}({args}, ptr %st, i64 {depth})")
        self._set(0, r0)
        self._check_abort()

    def _callx(self, slot: int, insn: Instruction) -> None:
        """callx: a switch over the program's functions; anything else is a fault."""
        e = self.e
        target = self._get(insn.dst)
        args = self._args()
        depth = e.op("add i64 %depth, 1")
        done, bad = e.new_label("callx_done"), e.new_label("callx_bad")
        cases = [(entry, e.new_label("callx")) for entry in self.entries]
        table = " ".join(f"i64 {c64(func_address(s))}, label %{lab}" for s, lab in cases)
        e.terminate(f"switch i64 {target}, label %{bad} [ {table} ]")
        e.label(bad)
        self._record_abort(Abort.BAD_CALLX, slot, target)
        e.terminate("ret i64 0")
        for entry, lab in cases:
            e.label(lab)
            r0 = e.op(f"call fastcc i64 {function_name(entry)}({args}, ptr %st, i64 {depth})")
            e.do(f"store i64 {r0}, ptr %r0, align 8")  # each case's r0 meets in the alloca
            e.terminate(f"br label %{done}")
        e.label(done)
        self._forget(0)
        self._check_abort()
