"""The verifier agreement suite as data: small programs (assembly or C) with the kernel's
recorded verdict on each.

Cases live in tests/programs/verifier/*.cases:

    == name_of_case
    type: xdp                      program type (default socket_filter)
    attach: cgroup_inet_egress     expected attach type (optional)
    maps: m hash 4 8 16; a array 4 8 4 1024
                                   name type key_size value_size max_entries [flags]
                                   (lddw map_by_idx(N) names the Nth map)
    caps: nopf                     full (default), nopf (CAP_BPF only) or none (no CAP_BPF)
    license: GPL                   (default GPL)
    lang: c                        asm (default) or c; C cases may name `program:`
    fast_limit: 50000              a case the kernel rejects as too large: the fast (non-kernel)
                                   run lowers the processed-insn limit to this instead of
                                   walking a million instructions
    ebpy: reject scalar_deref      a kernel bug: ebpy's verdict differs from the recorded
                                   kernel verdict, and this is the one ebpy must give
    --
    <program text>

The kernel's verdicts are in kernel_verdicts.json (accepted, category of the message, the
message, processed instructions and states). `python tests/verifier_cases.py --record`
re-records them from the running kernel; the kernel-marked test checks them.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ebpy.errors import VerifierError
from ebpy.isa.asm import assemble
from ebpy.spec import MapSpec, ProgramSpec
from ebpy.spec.types import AttachType, MapType, ProgramType
from ebpy.verifier import Options, verify
from ebpy.verifier.messages import category

HERE = Path(__file__).resolve().parent
CASE_DIR = HERE / "programs" / "verifier"
RECORD = CASE_DIR / "kernel_verdicts.json"


@dataclass
class Case:
    name: str
    file: str
    text: str
    lang: str = "asm"
    prog_type: ProgramType = ProgramType.SOCKET_FILTER
    attach: AttachType | None = None
    maps: list[tuple[str, MapSpec]] = field(default_factory=list)
    caps: str = "full"
    license: str = "GPL"
    program: str | None = None
    typed: bool = False  # `type:` given explicitly (C cases otherwise use their sections)
    fast_limit: int | None = None
    ebpy: str | None = None  # a pinned kernel bug: ebpy's verdict ("accept" or "reject CAT")

    @property
    def options(self) -> Options:
        return {
            "full": Options(True, True),
            "nopf": Options(True, False),
            "none": Options(False, False),
        }[self.caps]


def _map(words: list[str], where: str) -> tuple[str, MapSpec]:
    if len(words) not in (5, 6):
        raise ValueError(f"{where}: map needs name type key value max [flags]: {words}")
    name, mtype = words[0], MapType[words[1].upper()]
    ks, vs, mx = (int(w, 0) for w in words[2:5])
    flags = int(words[5], 0) if len(words) == 6 else 0
    return name, MapSpec(name, mtype, ks, vs, mx, flags=flags)


def parse_cases(path: Path) -> list[Case]:
    cases: list[Case] = []
    text = path.read_text()
    for block in re.split(r"^== ", text, flags=re.M)[1:]:
        head, _, body = block.partition("\n--\n")
        lines = head.splitlines()
        name = lines[0].strip()
        c = Case(name, path.name, body)
        for line in lines[1:]:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, _, value = line.partition(":")
            key, value = key.strip(), value.strip()
            if key == "type":
                c.prog_type = ProgramType.parse(value)
                c.typed = True
            elif key == "attach":
                c.attach = AttachType[value.upper()]
            elif key == "maps":
                for part in value.split(";"):
                    if part.strip():
                        c.maps.append(_map(part.split(), f"{path.name}:{name}"))
            elif key == "caps":
                c.caps = value
            elif key == "license":
                c.license = value
            elif key == "lang":
                c.lang = value
            elif key == "program":
                c.program = value
            elif key == "fast_limit":
                c.fast_limit = int(value)
            elif key == "ebpy":
                c.ebpy = value
            else:
                raise ValueError(f"{path.name}:{name}: unknown key {key!r}")
        cases.append(c)
    return cases


def all_cases() -> list[Case]:
    out: list[Case] = []
    for p in sorted(CASE_DIR.glob("*.cases")):
        out.extend(parse_cases(p))
    names = [c.name for c in out]
    dups = {n for n in names if names.count(n) > 1}
    if dups:
        raise ValueError(f"duplicate case names: {sorted(dups)}")
    return out


def build(case: Case) -> tuple[ProgramSpec, dict[str, MapSpec]]:
    """The ProgramSpec and maps of a case (C cases are compiled, cached)."""
    if case.lang == "c":
        sys.path.insert(0, str(HERE))
        import ebpy
        from conftest import compile_c

        obj = compile_c(case.text, name=re.sub(r"\W", "_", case.name))
        spec = ebpy.load_spec(obj)
        prog = spec.program(case.program)
        if case.typed:
            prog = prog.copy()
            prog.type = case.prog_type
        if case.attach is not None:
            prog.attach_type = case.attach
        return prog, spec.maps
    insns = assemble(case.text)
    prog = ProgramSpec(
        name=case.name[:15],
        section=case.prog_type.name.lower(),
        type=case.prog_type,
        instructions=insns,
        attach_type=case.attach,
        license=case.license,
    )
    return prog, dict(case.maps)


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    category: str
    message: str
    processed: int | None = None
    states: int | None = None


def ebpy_verdict(case: Case, fast: bool = False) -> Verdict:
    """ebpy's verdict; `fast` applies the case's lowered instruction limit, if it has one."""
    prog, maps = build(case)
    opts = case.options
    if fast and case.fast_limit:
        opts = dataclasses.replace(opts, insn_limit=case.fast_limit)
    try:
        r = verify(prog, maps, options=opts)
    except VerifierError as e:
        return Verdict(False, category(e.message), e.message)
    return Verdict(True, "", "", r.processed_insns, r.total_states)


def kernel_reason(message: str, log: str) -> str:
    """The kernel's reason for a rejection. The loader's message is the log's last lines,
    which for some errors are detail after the reason ("infinite loop detected at insn 1"
    then the two states): then the reason is found further up the log."""
    if category(message) != "other" or not log:
        return message
    skip = ("verification time", "stack depth", "processed ")
    lines = [ln for ln in log.splitlines() if ln.strip() and not ln.startswith(skip)]
    tail = lines[-4:]
    for i, line in enumerate(tail):
        if category(line) != "other":
            return "; ".join(tail[i:])
    return message


def kernel_verdict(case: Case) -> Verdict:
    from verifier_kernel import kernel_verify

    prog, maps = build(case)
    k = kernel_verify(prog, maps, caps=case.caps)
    if k.accepted:
        return Verdict(True, "", "", k.processed, k.total_states)
    message = kernel_reason(k.message, k.log)
    return Verdict(False, category(message), message, k.processed, k.total_states)


def load_record() -> dict[str, dict[str, Any]]:
    if not RECORD.exists():
        return {}
    data: dict[str, dict[str, Any]] = json.loads(RECORD.read_text())
    return data


SYSCTL = Path("/proc/sys/kernel/unprivileged_bpf_disabled")


def unprivileged_bpf_enabled() -> bool:
    try:
        return SYSCTL.read_text().strip() == "0"
    except OSError:
        return False


def record(names: list[str] | None = None) -> None:
    """Ask the kernel about every case (or those named) and save the verdicts.

    Cases without CAP_BPF need unprivileged bpf(): when the sysctl forbids it, recording
    enables it for the duration (value 2 can be set back) and restores it after.
    """
    data = load_record()
    todo = [c for c in all_cases() if not names or c.name in names]
    saved = None
    if any(c.caps == "none" for c in todo) and not unprivileged_bpf_enabled():
        saved = SYSCTL.read_text()
        SYSCTL.write_text("0")
    try:
        _record(todo, data)
    finally:
        if saved is not None:
            SYSCTL.write_text(saved)
    RECORD.write_text(json.dumps(dict(sorted(data.items())), indent=1) + "\n")


def _record(todo: list[Case], data: dict[str, dict[str, Any]]) -> None:
    for case in todo:
        v = kernel_verdict(case)
        data[case.name] = {
            "accepted": v.accepted,
            "category": v.category,
            "message": v.message,
            "processed": v.processed,
            "states": v.states,
        }


def agrees(case: Case, e: Verdict, k: dict[str, Any] | None) -> bool:
    """Does ebpy's verdict `e` match what it should be: the recorded kernel verdict `k`, or
    for a pinned kernel bug the case's `ebpy:` verdict?"""
    if case.ebpy is not None:
        want = case.ebpy.split()
        if want[0] == "accept":
            return e.accepted
        return not e.accepted and (len(want) < 2 or e.category == want[1])
    if k is None or k["accepted"] != e.accepted:
        return False
    return e.accepted or category(k["message"]) == e.category


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    if argv and argv[0] == "--record":
        record(argv[1:] or None)
        return 0
    rec = load_record()
    bad = 0
    for case in all_cases():
        if argv and case.name not in argv:
            continue
        e = ebpy_verdict(case)
        k = rec.get(case.name)
        ok = agrees(case, e, k)
        if not ok:
            bad += 1
        mark = "ok " if ok else "BAD"
        kmsg = (
            "-"
            if k is None
            else ("accept" if k["accepted"] else f"{category(k['message'])}: {k['message']}")
        )
        emsg = "accept" if e.accepted else f"{e.category}: {e.message}"
        if not ok or argv:
            print(f"{mark} {case.name}\n    kernel: {kmsg}\n    ebpy:   {emsg}")
    print(f"{bad} disagreements")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
