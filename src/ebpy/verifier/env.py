"""The verification environment: the program, the current state, pending branches, explored
states, statistics, the log, and the small operations every check uses."""

from __future__ import annotations

from typing import Any, NoReturn

from ebpy.verifier.cfg import Cfg
from ebpy.verifier.errors import Reject
from ebpy.verifier.fmt import frame_str
from ebpy.verifier.liveness import StackLiveness
from ebpy.verifier.options import Options
from ebpy.verifier.program import Program
from ebpy.verifier.regs import (
    NOT_INIT,
    PTR_TO_STACK,
    SCALAR,
    Reg,
    mark_const_scalar,
    mark_not_init,
    mark_unknown,
)
from ebpy.verifier.state import FuncState, State, stack_flags

MAX_CALL_FRAMES = 8
COMPLEXITY_LIMIT_JMP_SEQ = 8192
COMPLEXITY_LIMIT_STATES = 64

SRC_OP = 0
DST_OP = 1
DST_OP_NO_MARK = 2


class Env:
    """State shared by all checks during one verification."""

    # attributes in slots: every check reads several per instruction
    __slots__ = (
        "allow_ptr_leaks",
        "allow_uninit_stack",
        "alu_aux",
        "bk_kinds",
        "bpf_capable",
        "bypass_spec_v1",
        "cfg",
        "cur",
        "cur_entry",
        "explore_alu_limits",
        "explored",
        "explored_size",
        "free_list_size",
        "helper_args",
        "id_gen",
        "in_insn",
        "insn_idx",
        "insn_processed",
        "jmps_processed",
        "last_line",
        "liveness",
        "log",
        "log_level",
        "max_states_per_insn",
        "nospec",
        "nospec_result",
        "opts",
        "peak_states",
        "pending",
        "prev_insn_idx",
        "prev_insn_processed",
        "prev_jmps_processed",
        "prog",
        "prog_has_func_info",
        "ptr_types",
        "replay",
        "scratched_regs",
        "scratched_slots",
        "seen_direct_write",
        "stack_depth",
        "total_states",
    )

    def __init__(self, prog: Program, cfg: Cfg, opts: Options, helper_args: dict[int, int]):
        self.prog = prog
        self.cfg = cfg
        self.opts = opts
        self.bpf_capable = opts.bpf_capable
        self.allow_ptr_leaks = opts.allow_ptr_leaks
        self.allow_uninit_stack = opts.allow_uninit_stack
        self.bypass_spec_v1 = opts.bypass_spec_v1
        self.log_level = opts.log_level
        self.helper_args = helper_args
        self.cur: State = None  # type: ignore[assignment]
        self.pending: list[tuple[State, int, int, int]] = []  # state, insn, prev, log length
        self.explored: dict[int, list[State]] = {}
        self.insn_idx = 0
        self.prev_insn_idx = -1
        self.insn_processed = 0
        self.jmps_processed = 0
        self.prev_insn_processed = 0
        self.prev_jmps_processed = 0
        self.total_states = 0
        self.peak_states = 0
        self.explored_size = 0
        self.free_list_size = 0
        self.max_states_per_insn = 0
        self.id_gen = 0
        self.stack_depth = [0] * (len(prog.subprogs) - 1)
        self.log: list[str] = []
        self.liveness = StackLiveness(prog, cfg)
        self.cur_entry: list[Any] | None = None
        self.in_insn = False
        self.replay: list[int] | None = None  # follow this path instead of exploring
        self.scratched_regs: set[int] = set()
        self.scratched_slots: set[int] = set()
        self.seen_direct_write = False
        self.ptr_types: dict[int, int] = {}  # insn -> pointer type it dereferences
        self.alu_aux: dict[int, tuple[int, int]] = {}  # insn -> Spectre masking (state, limit)
        # Spectre bookkeeping for loaders without CAP_PERFMON: instructions a speculative path
        # may not reach (nospec), stack writes that end one (nospec_result), and whether
        # pointer arithmetic with an unknown offset makes pruning exact (explore_alu_limits).
        self.nospec: set[int] = set()
        self.nospec_result: set[int] = set()
        self.explore_alu_limits = False
        self.prog_has_func_info = False
        self.bk_kinds: list[tuple[int, int, int]] | None = None  # see precision.py
        self.last_line: Any = None  # the source line last written to the log

    # ---- registers ---------------------------------------------------------------------------
    @property
    def frame(self) -> FuncState:
        return self.cur.frames[-1]

    @property
    def regs(self) -> list[Reg]:
        return self.cur.frames[-1].regs

    def func(self, reg: Reg) -> FuncState:
        """The frame whose stack a PTR_TO_STACK register points into."""
        return self.cur.frames[reg.frameno]

    def new_id(self) -> int:
        self.id_gen += 1
        return self.id_gen

    def mark_unknown(self, reg: Reg) -> None:
        mark_unknown(reg, precise=not self.bpf_capable)

    def mark_const_zero(self, reg: Reg) -> None:
        mark_const_scalar(reg, 0, precise=not self.bpf_capable)

    def mark_invalid(self, reg: Reg) -> None:
        """mark_reg_invalid: a pointer that stopped being valid (released, packet moved)."""
        if not self.allow_ptr_leaks:
            mark_not_init(reg)
        else:
            self.mark_unknown(reg)

    def is_pointer_value(self, regno: int) -> bool:
        return not self.allow_ptr_leaks and self.regs[regno].type != SCALAR

    def check_reg_arg(self, regno: int, kind: int) -> None:
        if regno >= 11:
            self.reject(f"R{regno} is invalid", "EINVAL")
        self.scratched_regs.add(regno)
        reg = self.cur.frames[-1].regs[regno]
        if kind == SRC_OP:
            if reg.type == NOT_INIT:
                self.reject(f"R{regno} !read_ok", "EACCES")
            return
        if regno == 10:
            self.reject("frame pointer is read only", "EACCES")
        if kind == DST_OP:
            self.mark_unknown(reg)

    # ---- errors and log ----------------------------------------------------------------------
    def reject(self, message: str, kind: str = "EACCES") -> NoReturn:
        raise Reject(message, self.insn_idx, kind)

    def verbose(self, text: str) -> None:
        if self.log_level:
            self.log.append(text)

    def state_text(self, frameno: int | None = None, all_regs: bool = True) -> str:
        st = self.cur
        fr = st.curframe if frameno is None else frameno
        f = st.frames[fr]
        head = f"frame{fr}: " if st.curframe > 0 else ""
        if all_regs:
            return head + frame_str(f)
        return head + frame_str(f, self.scratched_regs, self.scratched_slots)

    # ---- branches ----------------------------------------------------------------------------
    def push_stack(self, insn_idx: int, prev_idx: int, speculative: bool = False) -> State:
        """Queue a copy of the current state to explore from `insn_idx` later."""
        st = self.cur.copy()
        st.speculative |= speculative
        self.pending.append((st, insn_idx, prev_idx, len(self.log)))
        if len(self.pending) > COMPLEXITY_LIMIT_JMP_SEQ:
            self.reject(f"The sequence of {len(self.pending)} jumps is too complex.", "E2BIG")
        if st.parent is not None:
            st.parent.branches += 1
        return st

    def record_stack_access(self, frameno: int, spi: int) -> None:
        """Note a spill or fill of slot `spi` of frame `frameno` for precision backtracking."""
        if self.cur_entry is not None:
            self.cur_entry[1] |= stack_flags(frameno, spi)

    def stack_read(self, reg_frameno: int, mask: int) -> None:
        """Record that the current instruction reads slots `mask` of frame `reg_frameno`."""
        self.liveness.record(self.insn_idx, self.cur.curframe - reg_frameno, mask)


def is_stack_ptr(reg: Reg) -> bool:
    return reg.type == PTR_TO_STACK
