"""Test helper: ask the running kernel's verifier about a ProgramSpec.

Creates kernel maps for the program's MapSpecs, points its lddw instructions at them, loads it
with BPF_PROG_LOAD (log and statistics on) and reports the verdict. With `caps="nopf"` the load
runs in a child process without CAP_PERFMON and CAP_SYS_ADMIN (CAP_BPF kept), which is how the
kernel's rules for pointer leaks, uninitialised stack and Spectre masking can be observed
without changing system settings.
"""

from __future__ import annotations

import errno
import pickle
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from ebpy.errors import KernelError, VerifierError
from ebpy.isa import Instruction, PseudoSrc
from ebpy.kernel.btf_load import load_btf
from ebpy.kernel.maps import create_map_from_spec
from ebpy.kernel.program import FuncInfo, load_program
from ebpy.kernel.uapi import LogLevel, ProgFlags
from ebpy.kernel.verifier_log import parse_stats
from ebpy.maps.cpus import possible_cpus
from ebpy.spec import MapSpec, ProgramSpec
from ebpy.spec.types import MapType, ProgramType


@dataclass(frozen=True)
class KernelVerdict:
    accepted: bool
    message: str  # the kernel's reason when rejected ("" when accepted)
    log: str
    errno: int = 0
    processed: int | None = None
    total_states: int | None = None
    peak_states: int | None = None
    time_us: int | None = None


def _plain_map(m: MapSpec) -> MapSpec:
    dup = m.copy()
    dup.key_type = None
    dup.value_type = None
    dup.variables = {}
    if dup.inner is not None:
        dup.inner = _plain_map(dup.inner)
    return dup


def _create_map(spec: MapSpec, prog: ProgramSpec, btf_fd: object | None) -> object:
    """The kernel map for `spec`, described by the program's BTF when it can be (a value
    with a bpf_spin_lock needs it), else without BTF as libbpf falls back to."""
    if spec.type == MapType.PERF_EVENT_ARRAY and spec.max_entries == 0:
        spec = spec.copy()  # libbpf sizes it to the possible CPUs
        spec.max_entries = possible_cpus()
    if btf_fd is not None and prog.btf is not None and spec.value_type is not None:
        try:
            key = prog.btf.type_id(spec.key_type) if spec.key_type is not None else 0
            value = prog.btf.type_id(spec.value_type)
            return create_map_from_spec(
                _plain_map(spec), btf=btf_fd, key_type_id=key, value_type_id=value
            )
        except Exception:
            pass
    return create_map_from_spec(_plain_map(spec))


def kernel_verify(
    prog: ProgramSpec,
    maps: Mapping[str, MapSpec] | None = None,
    *,
    prog_type: ProgramType | None = None,
    caps: str = "full",
    log_level: int = LogLevel.VERBOSE,
) -> KernelVerdict:
    """The kernel's verdict on `prog` (log level 1 plus statistics by default)."""
    if caps != "full":
        return _in_child(prog, maps or {}, prog_type, caps, log_level)
    return _verify_here(prog, maps or {}, prog_type, log_level)


def _verify_here(
    prog: ProgramSpec, maps: Mapping[str, MapSpec], prog_type: ProgramType | None, log_level: int
) -> KernelVerdict:
    fds: dict[str, object] = {}
    ordered = list(maps)
    btf_fd = None
    try:
        refs = {r.slot: r for r in prog.map_refs}
        needed = {r.map for r in prog.map_refs}
        slot = 0
        for insn in prog.instructions:
            if (
                insn.is_lddw
                and slot not in refs
                and insn.src in (1, 2, 5, 6)
                and 0 <= insn.imm < len(ordered)
            ):
                needed.add(ordered[insn.imm])
            slot += insn.slots
        if prog.btf is not None:
            try:
                btf_fd, _ = load_btf(prog.btf.encode())
            except Exception:  # the kernel refuses this BTF: load without it, as libbpf
                btf_fd = None
        for name in needed:
            spec = maps[name]
            m = _create_map(spec, prog, btf_fd)
            fds[name] = m
            if spec.data is not None and spec.max_entries == 1:
                m._update(b"\0\0\0\0", bytes(spec.data), 0)
            if spec.freeze:
                m._freeze()
        out: list[Instruction] = []
        slot = 0
        for insn in prog.instructions:
            ref = refs.get(slot)
            if ref is not None:
                fd = fds[ref.map].fileno()  # type: ignore[attr-defined]
                if ref.offset is None:
                    insn = Instruction(insn.opcode, insn.dst, PseudoSrc.MAP_FD, 0, fd, 0)
                else:
                    insn = Instruction(
                        insn.opcode, insn.dst, PseudoSrc.MAP_VALUE, 0, fd, ref.offset
                    )
            elif insn.is_lddw and insn.src in (1, 2, 5, 6) and 0 <= insn.imm < len(ordered):
                fd = fds[ordered[insn.imm]].fileno()  # type: ignore[attr-defined]
                src = PseudoSrc.MAP_FD if insn.src in (1, 5) else PseudoSrc.MAP_VALUE
                insn = Instruction(insn.opcode, insn.dst, src, 0, fd, insn.imm_hi)
            out.append(insn)
            slot += insn.slots
        func_info: list[FuncInfo] = []
        if prog.func_info and btf_fd is not None:
            func_info = [FuncInfo(f.slot, f.type_id) for f in prog.func_info]
        flags = ProgFlags.SLEEPABLE if prog.sleepable else ProgFlags.NONE
        try:
            kp = load_program(
                out,
                prog_type if prog_type is not None else prog.type,
                license=prog.license or "GPL",
                name=prog.name[:15],
                expected_attach_type=prog.attach_type,
                log_level=log_level,
                stats=True,
                prog_flags=flags,
                btf=btf_fd,
                func_info=func_info,
            )
        except VerifierError as e:
            stats = parse_stats(e.log)
            cause = e.__cause__
            err = getattr(cause, "errno", 0) or 0
            return KernelVerdict(
                False,
                e.message,
                e.log,
                err,
                stats.processed_insns if stats else None,
                stats.total_states if stats else None,
                stats.peak_states if stats else None,
                stats.time_usec if stats else None,
            )
        except KernelError as e:
            return KernelVerdict(False, str(e), "", e.errno or errno.EINVAL)
        with kp:
            st = kp.stats
            return KernelVerdict(
                True,
                "",
                kp.log,
                0,
                st.processed_insns if st else None,
                st.total_states if st else None,
                st.peak_states if st else None,
                st.time_usec if st else None,
            )
    finally:
        for m in fds.values():
            m.close()  # type: ignore[attr-defined]
        if btf_fd is not None:
            btf_fd.close()


_DROP = {"nopf": "-perfmon,-sys_admin", "none": "-perfmon,-sys_admin,-bpf"}


def _in_child(
    prog: ProgramSpec,
    maps: Mapping[str, MapSpec],
    prog_type: ProgramType | None,
    caps: str,
    log_level: int,
) -> KernelVerdict:
    drop = _DROP[caps]
    payload = pickle.dumps(
        (prog.copy(), {n: _plain_map(m) for n, m in maps.items()}, prog_type, log_level)
    )
    cmd = [
        "setpriv",
        f"--bounding-set={drop}",
        f"--inh-caps={drop}",
        sys.executable,
        "-c",
        "import sys, pickle; sys.path[:0] = pickle.loads(bytes.fromhex(sys.argv[1])); "
        "import verifier_kernel as k; k._child()",
        pickle.dumps([*sys.path]).hex(),
    ]
    proc = subprocess.run(cmd, input=payload, capture_output=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"kernel child failed: {proc.stderr.decode(errors='replace')}")
    verdict: KernelVerdict = pickle.loads(proc.stdout)
    return verdict


def _child() -> None:
    prog, maps, prog_type, log_level = pickle.loads(sys.stdin.buffer.read())
    verdict = _verify_here(prog, maps, prog_type, log_level)
    sys.stdout.buffer.write(pickle.dumps(verdict))
