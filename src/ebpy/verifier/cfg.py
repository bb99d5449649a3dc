"""Structure checks before the walk: subprograms, jump ranges, reachability, loops; and what
the walk needs from the control flow graph (prune points, register liveness).

Mirrors the kernel's add_subprog_and_kfunc, check_subprogs, check_cfg and
compute_live_registers, with the same messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ebpy.isa import Instruction
from ebpy.isa.opcodes import LDDW
from ebpy.verifier.errors import Reject
from ebpy.verifier.program import Program

FUNC_LOOP = 181
FUNC_FOR_EACH_MAP_ELEM = 164
FUNC_FIND_VMA = 180
FUNC_USER_RINGBUF_DRAIN = 209
FUNC_TIMER_SET_CALLBACK = 170
SYNC_CALLBACK_HELPERS = frozenset(
    {FUNC_LOOP, FUNC_FOR_EACH_MAP_ELEM, FUNC_FIND_VMA, FUNC_USER_RINGBUF_DRAIN}
)

_ALU_OPS = (0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x90, 0xA0, 0xB0, 0xC0)
_JMP_CONDS = (0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xA0, 0xB0, 0xC0, 0xD0)


def _insn_table() -> frozenset[int]:
    """The opcodes the kernel knows (bpf_opcode_in_insntable)."""
    ops: set[int] = set()
    for cls in (0x04, 0x07):
        for op in _ALU_OPS:
            ops.add(cls | op)
            ops.add(cls | op | 0x08)
        ops.add(cls | 0x80)  # neg
    ops.update({0xD4, 0xDC, 0xD7})  # le, be, bswap
    for op in _JMP_CONDS:
        for cls in (0x05, 0x06):
            ops.add(cls | op)
            ops.add(cls | op | 0x08)
    ops.update({0x05, 0x06, 0x85, 0x95, 0xE5})
    ops.update({0x18, 0x20, 0x28, 0x30, 0x40, 0x48, 0x50})
    ops.update({0x61, 0x69, 0x71, 0x79, 0x81, 0x89, 0x91})
    ops.update({0x62, 0x6A, 0x72, 0x7A, 0x63, 0x6B, 0x73, 0x7B})
    ops.update({0xC3, 0xDB, 0xCB, 0xD3})
    return frozenset(ops)


INSN_TABLE = _insn_table()


@dataclass
class Cfg:
    """Per-instruction facts the walk uses."""

    prune_point: list[bool]
    jmp_point: list[bool]
    force_checkpoint: list[bool]
    calls_callback: list[bool]
    live_regs: list[int]  # bit i: register i is read before written from this insn on
    changes_pkt_data: list[bool]  # per subprogram
    # successors of each instruction inside the program (set by compute_live_regs)
    succ: list[tuple[int, ...]] = field(default_factory=list)


def is_pseudo_call(insn: Instruction | None) -> bool:
    return insn is not None and insn.opcode == 0x85 and insn.src == 1


def is_pseudo_func(insn: Instruction | None) -> bool:
    return insn is not None and insn.opcode == 0x18 and insn.src == 4


def find_subprogs(prog: Program, bpf_capable: bool) -> None:
    """add_subprog_and_kfunc: subprogram starts from calls and function references."""
    starts = {0}
    for i, insn in enumerate(prog.insns):
        if insn is None or insn.opcode not in (0x85, LDDW):
            continue
        if insn.opcode == 0x85 and insn.src == 2:
            raise Reject(
                "kernel function (kfunc) calls are not supported by ebpy's verifier", i, "EINVAL"
            )
        if not (is_pseudo_call(insn) or is_pseudo_func(insn)):
            continue
        if not bpf_capable:
            raise Reject(
                "loading/calling other bpf or kernel functions are allowed for CAP_BPF and "
                "CAP_SYS_ADMIN",
                i,
                "EPERM",
            )
        target = i + insn.imm + 1
        if not 0 <= target < prog.n:
            raise Reject("call to invalid destination", i, "EINVAL")
        starts.add(target)
    prog.subprogs = [*sorted(starts), prog.n]
    prog.subprog_names = [f"func#{i}" for i in range(len(prog.subprogs) - 1)]


def jump_target(i: int, insn: Instruction) -> int:
    return i + insn.jump_offset + 1


def check_subprogs(prog: Program) -> None:
    """check_subprogs: every jump stays in its subprogram; no fall-through off the end."""
    starts = prog.subprogs
    cur = 0
    start, end = starts[0], starts[1]
    for i, insn in enumerate(prog.insns):
        code = insn.opcode if insn is not None else 0
        cls = code & 7
        if insn is not None and cls in (5, 6) and code & 0xF0 not in (0x80, 0x90):
            off = jump_target(i, insn)
            if not start <= off < end:
                raise Reject(f"jump out of range from insn {i} to {off}", i, "EINVAL")
        if i == end - 1:
            if code not in (0x95, 0x05, 0x06):
                raise Reject("last insn is not an exit or jmp", i, "EINVAL")
            cur += 1
            start = end
            if cur < len(starts) - 1:
                end = starts[cur + 1]


def check_abnormal_return(prog: Program) -> None:
    """Without BTF func info, subprograms may not end the program early: no LD_ABS/LD_IND
    (which exit on a short packet) and no tail call (check_abnormal_return)."""
    for k in range(1, len(prog.subprogs) - 1):
        for i in range(prog.subprogs[k], prog.subprogs[k + 1]):
            insn = prog.insns[i]
            if insn is None:
                continue
            if insn.opcode & 7 == 0 and insn.opcode & 0xE0 in (0x20, 0x40):
                raise Reject("LD_ABS is not allowed in subprogs without BTF", i, "EINVAL")
            if insn.opcode == 0x85 and insn.src == 0 and insn.imm == 12:
                raise Reject("tail_call is not allowed in subprogs without BTF", i, "EINVAL")


def check_opcodes(prog: Program) -> None:
    """resolve_pseudo_ldimm64's sanity pass: reserved fields of loads, known opcodes."""
    for i, insn in enumerate(prog.insns):
        if insn is None:
            continue
        code = insn.opcode
        if code & 7 == 1 and (code & 0xE0 not in (0x60, 0x80) or insn.imm != 0):
            raise Reject("BPF_LDX uses reserved fields", i, "EINVAL")
        if code not in INSN_TABLE:
            raise Reject(f"unknown opcode {code:02x}", i, "EINVAL")


DISCOVERED = 0x10
EXPLORED = 0x20
FALLTHROUGH = 1
BRANCH = 2


def check_cfg(prog: Program, bpf_capable: bool) -> Cfg:
    """check_cfg: depth-first walk from insn 0; back-edges (loops) only with CAP_BPF;
    every instruction reachable; no jump into the middle of lddw. Marks prune points."""
    n = prog.n
    insns = prog.insns
    state = [0] * n
    prune = [False] * n
    jmp = [False] * n
    force = [False] * n
    calls_cb = [False] * n
    stack = [0]
    state[0] = DISCOVERED

    def push(t: int, w: int, e: int) -> int:
        if e == FALLTHROUGH and state[t] >= (DISCOVERED | FALLTHROUGH):
            return 0
        if e == BRANCH and state[t] >= (DISCOVERED | BRANCH):
            return 0
        if not 0 <= w < n:
            raise Reject(f"jump out of range from insn {t} to {w}", t, "EINVAL")
        if e == BRANCH:
            prune[w] = True
            jmp[w] = True
        if state[w] == 0:
            state[t] = DISCOVERED | e
            state[w] = DISCOVERED
            stack.append(w)
            return 1
        if state[w] & 0xF0 == DISCOVERED:
            if bpf_capable:
                return 0
            raise Reject(f"back-edge from insn {t} to {w}", t, "EINVAL")
        state[t] = DISCOVERED | e
        return 0

    def visit_call(t: int, insn: Instruction, visit_callee: bool) -> int:
        size = 2 if insn.is_lddw else 1
        r = push(t, t + size, FALLTHROUGH)
        if r:
            return r
        if t + size < n:
            prune[t + size] = True
            jmp[t + size] = True
        if visit_callee:
            prune[t] = True
            return push(t, t + insn.imm + 1, BRANCH)
        return 0

    while stack:
        t = stack[-1]
        insn = insns[t]
        if insn is not None and insn.opcode & 7 not in (5, 6) and not is_pseudo_func(insn):
            # the common case, push(t, next, FALLTHROUGH) spelled out
            if state[t] < DISCOVERED | FALLTHROUGH:
                w = t + (2 if insn.opcode == LDDW else 1)
                if w >= n:
                    raise Reject(f"jump out of range from insn {t} to {w}", t, "EINVAL")
                sw = state[w]
                if sw == 0:
                    state[t] = DISCOVERED | FALLTHROUGH
                    state[w] = DISCOVERED
                    stack.append(w)
                    continue
                if sw & 0xF0 == DISCOVERED:
                    if not bpf_capable:
                        raise Reject(f"back-edge from insn {t} to {w}", t, "EINVAL")
                else:
                    state[t] = DISCOVERED | FALLTHROUGH
            state[t] = EXPLORED
            stack.pop()
            continue
        if insn is None:  # second half of lddw, reached by a bad jump: reported below
            r = push(t, t + 1, FALLTHROUGH)
            if r == 0:
                state[t] = EXPLORED
                stack.pop()
            continue
        code = insn.opcode
        cls = code & 7
        if is_pseudo_func(insn):
            r = visit_call(t, insn, True)
        elif cls not in (5, 6):
            r = push(t, t + (2 if insn.is_lddw else 1), FALLTHROUGH)
        else:
            op = code & 0xF0
            if op == 0x90:
                r = 0
            elif op == 0x80:
                if insn.src == 0 and insn.imm in SYNC_CALLBACK_HELPERS:
                    calls_cb[t] = True
                    force[t] = True
                    prune[t] = True
                    jmp[t] = True
                if insn.src == 0 and insn.imm == FUNC_TIMER_SET_CALLBACK:
                    prune[t] = True
                r = visit_call(t, insn, insn.src == 1)
            elif op == 0x00:
                w = jump_target(t, insn)
                r = push(t, w, FALLTHROUGH)
                if r == 0 and 0 <= w < n:
                    prune[w] = True
                    jmp[w] = True
            else:
                prune[t] = True
                r = push(t, t + 1, FALLTHROUGH)
                if r == 0:
                    r = push(t, jump_target(t, insn), BRANCH)
        if r == 0:
            state[t] = EXPLORED
            stack.pop()

    i = 0
    while i < n:
        if state[i] != EXPLORED:
            raise Reject(f"unreachable insn {i}", i, "EINVAL")
        insn = insns[i]
        if insn is not None and insn.is_lddw:
            if i + 1 < n and state[i + 1] != 0:
                raise Reject(f"jump into the middle of ldimm64 insn {i}", i, "EINVAL")
            i += 1
        i += 1
    return Cfg(prune, jmp, force, calls_cb, [0] * n, [False] * (len(prog.subprogs) - 1))


# ---- register liveness ------------------------------------------------------------------------

ALL_CALLER_SAVED = 0x3F  # r0-r5


def _use_def(insn: Instruction, nargs: dict[int, int]) -> tuple[int, int]:
    code = insn.opcode
    cls = code & 7
    d, s = 1 << insn.dst, 1 << insn.src
    if cls in (4, 7):
        op = code & 0xF0
        if op == 0xB0:
            return (s if code & 8 else 0), d
        if op in (0x80, 0xD0):
            return d, d
        return d | (s if code & 8 else 0), d
    if cls == 1:
        return s, d
    if cls == 2:
        return d, 0
    if cls == 3:
        if code & 0xE0 == 0xC0:
            imm = insn.imm
            if imm == 0xF1:
                return d | s | 1, 1
            if imm == 0x100:  # load-acquire
                return s, d
            if imm & 1:
                return d | s, s
            return d | s, 0
        return d | s, 0
    if cls == 0:
        if insn.is_lddw:
            return 0, d
        mode = code & 0xE0
        use = 1 << 6
        if mode == 0x40:
            use |= s
        return use, ALL_CALLER_SAVED
    op = code & 0xF0
    if op == 0x90:
        return 1, 0
    if op == 0x80:
        if insn.src == 0:
            k = nargs.get(insn.imm, 5)
            return ((1 << (k + 1)) - 2), ALL_CALLER_SAVED
        return 0x3E, ALL_CALLER_SAVED
    if op == 0x00:
        return 0, 0
    return d | (s if code & 8 else 0), 0


def successors(insn: Instruction, i: int) -> tuple[int, ...]:
    """Where control goes after instruction `i` (calls return to the next instruction)."""
    code = insn.opcode
    if code & 7 not in (5, 6):
        return (i + (2 if code == LDDW else 1),)
    op = code & 0xF0
    if op == 0x90:
        return ()
    if op == 0x80:
        return (i + 1,)
    if op == 0x00:
        return (jump_target(i, insn),)
    return (i + 1, jump_target(i, insn))


_REAL_REGS = (1 << 11) - 1


def compute_live_regs(prog: Program, cfg: Cfg, nargs: dict[int, int]) -> None:
    """Backward dataflow per instruction: which registers may be read before being written."""
    n = prog.n
    use = [0] * n
    defs = [0] * n
    succ: list[tuple[int, ...]] = [()] * n
    order = []
    for i, insn in enumerate(prog.insns):
        if insn is None:
            continue
        order.append(i)
        u, d = _use_def(insn, nargs)
        # An encoding may name r11..r15: the walk refuses it when it gets there ("R12 is
        # invalid"); until then liveness, like the kernel's, knows only r0..r10.
        use[i], defs[i] = u & _REAL_REGS, d & _REAL_REGS
        after = successors(insn, i)
        succ[i] = after if max(after, default=0) < n else tuple(w for w in after if w < n)
    cfg.succ = succ
    live = [0] * n
    order.reverse()
    # Without a backward edge, one pass in reverse order sees every successor final.
    loops = any(w <= i for i in order for w in succ[i])
    changed = True
    while changed:
        changed = False
        for i in order:
            out = 0
            for w in succ[i]:
                out |= live[w]
            new = use[i] | (out & ~defs[i])
            if new != live[i]:
                live[i] = new
                changed = True
        if not loops:
            break
    cfg.live_regs = live
