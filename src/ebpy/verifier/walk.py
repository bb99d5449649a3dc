"""The walk: every path of the program, instruction by instruction, from the first
instruction to every exit (the kernel's do_check), with pruning, logging and statistics."""

from __future__ import annotations

from ebpy.isa import Instruction
from ebpy.spec.types import ProgramType
from ebpy.verifier.alu import check_alu
from ebpy.verifier.calls import (
    FUNC_SPIN_UNLOCK,
    FUNC_TAIL_CALL,
    check_func_call,
    check_helper_call,
    check_resource_leak,
    check_return_code,
    prepare_func_exit,
)
from ebpy.verifier.cfg import is_pseudo_call, is_pseudo_func
from ebpy.verifier.env import Env
from ebpy.verifier.errors import Reject
from ebpy.verifier.fmt import insn_str
from ebpy.verifier.jumps import check_cond_jmp
from ebpy.verifier.mem import (
    check_atomic,
    check_ld_abs,
    check_ld_imm,
    check_load,
    check_store,
    check_store_imm,
)
from ebpy.verifier.program import Program
from ebpy.verifier.prune import is_state_visited
from ebpy.verifier.regs import PTR_TO_CTX, mark_ptr
from ebpy.verifier.state import State, new_frame

LOG_MIN_ALIGN = 8
LOG_ALIGN = 40


def initial_state() -> State:
    st = State([new_frame(0, 0, -1)])
    mark_ptr(st.frames[0].regs[1], PTR_TO_CTX)
    return st


def _ld_imm_text(env: Env, insn: Instruction) -> str:
    ref = env.prog.map_refs.get(env.insn_idx)
    if ref is not None:
        name = ref.map.name or "?"
        if ref.offset is not None:
            return f"map_value[{name}]+{ref.offset}"
        return f"map[{name}]"
    if env.insn_idx in env.prog.func_refs:
        return f"func#{env.prog.find_subprog(env.prog.func_refs[env.insn_idx])}"
    return f"{insn.imm64:#x}"


def _do_alu(env: Env, insn: Instruction) -> bool:
    check_alu(env, insn)
    env.insn_idx += 1
    return False


def _do_ldx(env: Env, insn: Instruction) -> bool:
    check_load(env, insn)
    env.insn_idx += 1
    return False


def _do_stx(env: Env, insn: Instruction) -> bool:
    code = insn.opcode
    if code & 0xE0 == 0xC0:
        check_atomic(env, insn)
    elif code & 0xE0 != 0x60 or insn.imm != 0:
        env.reject("BPF_STX uses reserved fields", "EINVAL")
    else:
        check_store(env, insn)
    env.insn_idx += 1
    return False


def _do_st(env: Env, insn: Instruction) -> bool:
    check_store_imm(env, insn)
    env.insn_idx += 1
    return False


def _do_jmp(env: Env, insn: Instruction) -> bool:
    env.jmps_processed += 1
    code = insn.opcode
    op = code & 0xF0
    if op not in (0x00, 0x80, 0x90):
        check_cond_jmp(env, insn)
        return False
    cls = code & 7
    if op == 0x80:
        if (
            code & 8
            or (insn.src != 2 and insn.off != 0)
            or insn.src not in (0, 1, 2)
            or insn.dst != 0
            or cls == 6
        ):
            env.reject("BPF_CALL uses reserved fields", "EINVAL")
        if env.cur.active_lock and not (insn.src == 0 and insn.imm == FUNC_SPIN_UNLOCK):
            env.reject("function calls are not allowed while holding a lock", "EINVAL")
        if insn.src == 1:
            check_func_call(env, insn)
            return False
        if insn.src == 2:
            env.reject(
                "kernel function (kfunc) calls are not supported by ebpy's verifier", "EINVAL"
            )
        check_helper_call(env, insn)
        env.scratched_regs.add(0)
        if insn.imm == FUNC_TAIL_CALL and env.cur.curframe:
            # A tail call that succeeds leaves the subprogram (and the program) at once;
            # the kernel walks that as a return with r0 unknown, and a failed one on
            # from the next instruction.
            env.push_stack(env.insn_idx + 1, env.insn_idx)
            env.mark_unknown(env.regs[0])
            prepare_func_exit(env)
            return False
        env.insn_idx += 1
        return False
    if op == 0x00:
        if (
            code & 8
            or insn.src != 0
            or insn.dst != 0
            or (cls == 5 and insn.imm != 0)
            or (cls == 6 and insn.off != 0)
        ):
            env.reject("BPF_JA uses reserved fields", "EINVAL")
        env.insn_idx += insn.jump_offset + 1
        return False
    # BPF_EXIT
    if code & 8 or insn.imm != 0 or insn.src != 0 or insn.dst != 0 or cls == 6:
        env.reject("BPF_EXIT uses reserved fields", "EINVAL")
    check_resource_leak(env, env.cur.curframe == 0, "BPF_EXIT instruction in main prog")
    if env.cur.curframe:
        prepare_func_exit(env)
        return False
    check_return_code(env)
    return True


def _do_ld(env: Env, insn: Instruction) -> bool:
    mode = insn.opcode & 0xE0
    if mode in (0x20, 0x40):
        check_ld_abs(env, insn)
    elif mode == 0x00:
        check_ld_imm(env, insn)
        env.insn_idx += 2
        return False
    else:
        env.reject("invalid BPF_LD mode", "EINVAL")
    env.insn_idx += 1
    return False


# The check for each instruction class (opcode & 7), chosen by one index instead of a chain
# of comparisons: ld, ldx, st, stx, alu, jmp, jmp32, alu64.
_BY_CLASS = (_do_ld, _do_ldx, _do_st, _do_stx, _do_alu, _do_jmp, _do_jmp, _do_alu)


def do_insn(env: Env, insn: Instruction) -> bool:
    """Check one instruction and move env.insn_idx on; True when the path ended."""
    return _BY_CLASS[insn.opcode & 7](env, insn)


def _log_insn(env: Env, idx: int, insn: Instruction) -> None:
    src = env.prog.line_at(idx)
    if src is not None and src is not env.last_line:
        env.last_line = src
        text = src.text.strip() if src.text else ""
        env.log.append(
            f"; {text} @ {src.file}:{src.line}" if text else f"; @ {src.file}:{src.line}"
        )
    env.log.append(f"{idx}: {insn_str(insn, lambda i: _ld_imm_text(env, i))}")


def _log_after(env: Env, insn: Instruction) -> None:
    level = env.log_level
    if level >= 2 or (level == 1 and insn.is_cond_jump):
        state = env.state_text(all_regs=False) if env.cur.frames else ""
        if state:
            line = env.log[-1] if env.log else ""
            # vlog_alignment() of the line's length with its newline; "%*c" prints at least
            # one character.
            pos = len(line) + 1
            width = max(pos + LOG_MIN_ALIGN // 2, LOG_ALIGN)
            pad = max(-(-width // LOG_MIN_ALIGN) * LOG_MIN_ALIGN - pos - 1, 1)
            if env.log:
                env.log[-1] = line + " " * pad + "; " + state


_NOSPEC_RECOVERABLE = frozenset({"EPERM", "EACCES", "EINVAL"})


def run(env: Env) -> None:
    """Walk all paths; raises Reject on the first unsafe instruction."""
    prog, cfg = env.prog, env.cfg
    insns = prog.insns
    env.cur = initial_state()
    env.insn_idx = 0
    env.prev_insn_idx = -1
    level = env.log_level
    print_state = level > 0
    replay = env.replay
    rpos = 0
    if level:
        env.log.append("0: " + env.state_text())
        print_state = False
    # loop invariants in locals: this loop runs once per processed instruction
    insn_limit = env.opts.insn_limit
    prune_point = cfg.prune_point if replay is None else [False] * len(insns)
    jmp_point = cfg.jmp_point
    by_class = _BY_CLASS
    nospec, nospec_result = env.nospec, env.nospec_result
    while True:
        idx = env.insn_idx
        insn = insns[idx]
        assert insn is not None
        processed = env.insn_processed = env.insn_processed + 1
        if processed > insn_limit:
            env.reject(f"BPF program is too large. Processed {processed} insn", "E2BIG")
        st = env.cur
        st.last_insn_idx = env.prev_insn_idx
        st.insn_idx = idx
        if prune_point[idx] and is_state_visited(env, idx):
            if level:
                if print_state:
                    spec = " (speculative execution)" if st.speculative else ""
                    env.log.append(f"\nfrom {env.prev_insn_idx} to {idx}{spec}: safe")
                else:
                    env.log.append(f"{idx}: safe")
            ended = True
        else:
            entry: list[object] = [idx, 0, None, None]
            st.trail.append(entry)
            env.cur_entry = entry
            if jmp_point[idx]:
                st.hist_cnt += 1
            if level:
                if print_state and level >= 2:
                    spec = " (speculative execution)" if st.speculative else ""
                    env.log.append(
                        f"\nfrom {env.prev_insn_idx} to {idx}{spec}: " + env.state_text()
                    )
                print_state = False
                _log_insn(env, idx, insn)
                # what the instruction touches, for the log's state after it
                env.scratched_regs.clear()
                env.scratched_slots.clear()
            env.prev_insn_idx = idx
            if st.speculative and idx in nospec:
                ended = True  # a speculation barrier stops this path here
            else:
                env.in_insn = True
                try:
                    ended = by_class[insn.opcode & 7](env, insn)
                except Reject as r:
                    # Unsafe only under speculation: the kernel puts a barrier before the
                    # instruction instead of refusing the program (6.17+).
                    if not st.speculative or r.kind not in _NOSPEC_RECOVERABLE:
                        raise
                    nospec.add(idx)
                    env.alu_aux.pop(idx, None)
                    ended = True
                if st.speculative and idx in nospec_result and not ended:
                    ended = True
            env.in_insn = False
            env.cur_entry = None
            if level:
                _log_after(env, insn)
            if replay is not None:
                rpos += 1
                if ended or rpos >= len(replay):
                    return
                want = replay[rpos]
                if env.insn_idx != want:
                    for p in reversed(env.pending):
                        if p[1] == want:
                            env.cur = p[0]
                            env.insn_idx = want
                            break
                    else:
                        return
                env.pending.clear()
                continue
        if not ended:
            continue
        # the path ended: exit of the main program, or pruned
        s: State | None = env.cur
        while s is not None:
            s.branches -= 1
            if s.branches:
                break
            if s.in_free_list:
                s.in_free_list = False
                env.free_list_size -= 1
            s = s.parent
        if not env.pending:
            return
        st, env.insn_idx, env.prev_insn_idx, loglen = env.pending.pop()
        env.cur = st
        if level == 1:
            del env.log[loglen:]
        print_state = True


def path_of(st: State) -> list[int]:
    """The instructions the state walked from the program start."""
    chain = []
    s: State | None = st
    while s is not None:
        chain.append(s)
        s = s.parent
    out: list[int] = []
    for s in reversed(chain):
        out.extend([e[0] for e in s.trail])
    return out


def check_max_stack_depth(env: Env) -> None:
    """Combined stack of the deepest call chain must fit in 512 bytes (16-byte rounded)."""
    prog = env.prog
    nsub = len(prog.subprogs) - 1
    has_tail = [False] * nsub
    for i, insn in enumerate(prog.insns):
        if insn is not None and insn.opcode == 0x85 and insn.src == 0 and insn.imm == 12:
            has_tail[prog.subprog_of(i)] = True
    priv = not any(has_tail) and prog.type in (
        ProgramType.KPROBE,
        ProgramType.TRACEPOINT,
        ProgramType.PERF_EVENT,
        ProgramType.RAW_TRACEPOINT,
    )
    rounded = [(d + 15) // 16 * 16 for d in env.stack_depth]
    _visit_stack(prog, has_tail, priv, rounded, 0, 0, 0)


def _visit_stack(
    prog: Program,
    has_tail: list[bool],
    priv: bool,
    rounded: list[int],
    sub: int,
    depth: int,
    frame: int,
) -> None:
    """Depth-first over the static call graph, as check_max_stack_depth_subprog does. (A
    module function, not a closure: a closure that calls itself is a reference cycle, which
    would keep the whole walk alive until the cyclic collector ran.)"""
    if sub and has_tail[sub] and depth >= 256:
        raise Reject(
            "tail_calls are not allowed when call stack of previous frames is "
            f"{depth} bytes. Too large",
            None,
            "EACCES",
        )
    d = rounded[sub]
    if priv and d >= 64:
        if d > 512:
            raise Reject(f"stack size of subprog {sub} is {d}. Too large", None, "EACCES")
    else:
        depth += d
        if depth > 512:
            raise Reject(
                f"combined stack size of {frame + 1} calls is {depth}. Too large",
                None,
                "EACCES",
            )
    insns = prog.insns
    start, end = prog.subprogs[sub], prog.subprogs[sub + 1]
    for i in range(start, end):
        insn = insns[i]
        if not (is_pseudo_call(insn) or is_pseudo_func(insn)):
            continue
        assert insn is not None
        callee = prog.find_subprog(i + insn.imm + 1)
        if callee < 0:
            continue
        if frame + 1 >= 8:
            raise Reject(f"the call stack of {frame + 1} frames is too deep !", None, "E2BIG")
        _visit_stack(prog, has_tail, priv, rounded, callee, depth, frame + 1)
