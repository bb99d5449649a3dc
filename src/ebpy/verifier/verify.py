"""verify(): run the structure checks and the walk, and turn the outcome into a result or a
VerifierError that says what failed, where, on which source line, and how the program got
there."""

from __future__ import annotations

import dataclasses
import gc
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from ebpy.errors import EbpyError, VerifierError
from ebpy.spec import CollectionSpec, MapSpec, ProgramSpec
from ebpy.spec.helper_protos import PERFMON_PROGRAM_TYPES, proto_for
from ebpy.spec.types import ProgramType
from ebpy.verifier import bounds
from ebpy.verifier.cfg import (
    check_abnormal_return,
    check_cfg,
    check_opcodes,
    check_subprogs,
    compute_live_regs,
    find_subprogs,
)
from ebpy.verifier.env import Env
from ebpy.verifier.errors import Reject
from ebpy.verifier.options import Options
from ebpy.verifier.program import Program, layout
from ebpy.verifier.walk import check_max_stack_depth, path_of, run

# Longest failing path replayed for its register states; longer ones (a loop that ran into
# the instruction limit) would cost as much again as the walk, so they keep only the message.
MAX_REPLAY = 50_000

# Program types whose context is typed by the attach point's kernel BTF (fentry, tp_btf,
# LSM hooks, struct_ops, freplace): not modelled.
BTF_CONTEXT_TYPES = frozenset(
    {ProgramType.TRACING, ProgramType.LSM, ProgramType.STRUCT_OPS, ProgramType.EXT}
)

UNPRIVILEGED_TYPES = frozenset({ProgramType.SOCKET_FILTER, ProgramType.CGROUP_SKB})


@dataclass(frozen=True)
class VerifierResult:
    """A program the verifier accepted, with the statistics of the walk."""

    program: str
    processed_insns: int
    total_states: int
    peak_states: int
    max_states_per_insn: int
    time_ms: float
    log: str = ""
    stack_depth: tuple[int, ...] = field(default_factory=tuple)


def _helper_args(prog: Program) -> dict[int, int]:
    out: dict[int, int] = {}
    for insn in prog.insns:
        if insn is not None and insn.opcode == 0x85 and insn.src == 0:
            p = proto_for(insn.imm, prog.type)
            out[insn.imm] = p.nargs if p is not None else 5
    return out


def _message(text: str) -> str:
    return "; ".join(line for line in text.splitlines() if line.strip())


def verify(
    program: ProgramSpec,
    maps: Mapping[str, MapSpec] | None = None,
    *,
    prog_type: ProgramType | None = None,
    privileged: bool = True,
    log_level: int = 0,
    options: Options | None = None,
) -> VerifierResult:
    """Prove `program` safe the way the kernel's verifier would, or raise VerifierError.

    `maps` are the maps its lddw instructions name (by MapReference or, for raw programs, by
    index in this mapping). `prog_type` overrides the type the section implies. `privileged`
    is root (CAP_BPF and CAP_PERFMON); without it the rules for unprivileged users apply.
    `log_level` 1 keeps the path to an error, 2 every instruction with the registers it
    changed. `options` sets the privileges in detail (it overrides `privileged`).
    """
    opts = options or Options.privileged(privileged, log_level)
    if options is not None and log_level and not options.log_level:
        opts = dataclasses.replace(options, log_level=log_level)
    ptype = prog_type if prog_type is not None else program.type
    # The walk allocates and drops millions of objects that form no reference cycles, so
    # reference counting frees them all; the cyclic collector would only rescan the growing
    # set of live states (a fifth of the time of a long walk). Paused while verifying.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _verify(program, maps, ptype, opts)
    finally:
        if collecting:
            gc.enable()


def _verify(
    program: ProgramSpec, maps: Mapping[str, MapSpec] | None, ptype: ProgramType, opts: Options
) -> VerifierResult:
    t0 = time.perf_counter()
    bounds.clear_caches()  # each verification starts cold (and its figures are honest)
    prog = layout(program, maps, ptype, opts.bpf_capable)
    env: Env | None = None
    try:
        if not opts.bpf_capable and ptype not in UNPRIVILEGED_TYPES:
            raise Reject(
                f"loading {ptype.name.lower()} programs needs CAP_BPF; without it only "
                "socket_filter and cgroup_skb programs may be loaded",
                None,
                "EPERM",
            )
        if ptype == ProgramType.UNSPEC:
            raise Reject(
                f"unknown program type (section {program.section!r}): name it with "
                "prog_type= (ebpy verify --type)",
                None,
                "EINVAL",
            )
        if ptype in BTF_CONTEXT_TYPES:
            raise Reject(
                f"{ptype.name.lower()} programs are not supported by ebpy's verifier: their "
                "context and helpers come from the kernel's BTF of the attach point",
                None,
                "EINVAL",
            )
        if not opts.perfmon and ptype in PERFMON_PROGRAM_TYPES:
            raise Reject(f"loading {ptype.name.lower()} programs needs CAP_PERFMON", None, "EPERM")
        find_subprogs(prog, opts.bpf_capable)
        check_subprogs(prog)
        if not program.func_info and not program.line_info:
            check_abnormal_return(prog)
        check_opcodes(prog)
        cfg = check_cfg(prog, opts.bpf_capable)
        args = _helper_args(prog)
        compute_live_regs(prog, cfg, args)
        env = Env(prog, cfg, opts, args)
        env.prog_has_func_info = bool(program.func_info)
        run(env)
        check_max_stack_depth(env)
    except Reject as r:
        raise _error(program, prog, env, r, opts) from None
    elapsed = (time.perf_counter() - t0) * 1000
    return VerifierResult(
        program=program.name,
        processed_insns=env.insn_processed,
        total_states=env.total_states,
        peak_states=env.peak_states,
        max_states_per_insn=env.max_states_per_insn,
        time_ms=elapsed,
        log=_log_text(env) if opts.log_level else "",
        stack_depth=tuple(env.stack_depth),
    )


def _log_text(env: Env) -> str:
    lines = list(env.log)
    lines.append(
        f"processed {env.insn_processed} insns (limit 1000000) max_states_per_insn "
        f"{env.max_states_per_insn} total_states {env.total_states} peak_states {env.peak_states}"
    )
    lines.append("stack depth " + "+".join(str(d) for d in env.stack_depth))
    return "\n".join(lines) + "\n"


def _error(
    spec: ProgramSpec, prog: Program, env: Env | None, r: Reject, opts: Options
) -> VerifierError:
    insn = r.insn
    path: list[int] = []
    if env is not None and env.cur is not None and insn is not None:
        path = path_of(env.cur)
        if not path or path[-1] != insn:
            path.append(insn)
    log_lines: list[str] = []
    if env is not None and opts.log_level:
        log_lines = list(env.log)
    elif env is not None and path and len(path) <= MAX_REPLAY:
        log_lines = _replay(spec, prog, env, path, opts)
    log_lines.extend(r.message.splitlines())
    if env is not None:
        log_lines.append(
            f"processed {env.insn_processed} insns (limit 1000000) max_states_per_insn "
            f"{env.max_states_per_insn} total_states {env.total_states} peak_states "
            f"{env.peak_states}"
        )
    err = VerifierError(
        _message(r.message),
        insn=insn,
        source=prog.source(insn),
        log="\n".join(log_lines) + "\n",
        path=path,
        program=spec.name,
    )
    err.kind = r.kind  # type: ignore[attr-defined]
    return err


def _replay(
    spec: ProgramSpec, prog: Program, env: Env, path: list[int], opts: Options
) -> list[str]:
    """Walk the failing path alone at log level 2, for the register states at each step."""
    ropts = dataclasses.replace(opts, log_level=2)
    renv = Env(prog, env.cfg, ropts, env.helper_args)
    renv.prog_has_func_info = env.prog_has_func_info
    renv.replay = path
    try:
        run(renv)
    except Reject:
        pass
    except (EbpyError, RecursionError):  # pragma: no cover - the replay is best effort
        return []
    return renv.log


def verify_collection(
    spec: CollectionSpec,
    *,
    prog_type: ProgramType | None = None,
    privileged: bool = True,
    log_level: int = 0,
) -> dict[str, VerifierResult | VerifierError]:
    """Verify every program of a collection; each name maps to a result or the error."""
    out: dict[str, VerifierResult | VerifierError] = {}
    for name, prog in spec.programs.items():
        try:
            out[name] = verify(
                prog, spec.maps, prog_type=prog_type, privileged=privileged, log_level=log_level
            )
        except VerifierError as e:
            out[name] = e
    return out
