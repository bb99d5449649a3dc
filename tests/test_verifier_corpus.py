"""ebpy's verifier against the kernel's, case by case.

The agreement corpus (tests/programs/verifier/*.cases, assembly and C) carries the kernel's
recorded verdict on every case: the plain tests check ebpy against the recording (no kernel
needed), the kernel-marked ones check the recording against the running kernel. Verdicts must
match, and for rejections the kind of error (ebpy.verifier.messages.category). Cases marked
`ebpy:` pin a kernel bug: there ebpy must give its own verdict.

Then whole objects (the test programs, the examples, the benchmark programs) and random
programs: what the kernel accepts ebpy must accept (precision), and what ebpy accepts never
faults in the interpreter (soundness).
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

import ebpy
import verifier_cases as vc
import verifier_random as vr
from conftest import compile_c, unprivileged_bpf_lock
from diff import randprog as rp
from diff.chooser import RandomChooser
from ebpy.errors import EbpyError, MemoryFault, VerifierError
from ebpy.spec import ProgramType
from ebpy.verifier import verify
from ebpy.verifier.messages import category
from ebpy.verifier.verify import BTF_CONTEXT_TYPES

CASES = vc.all_cases()
RECORD = vc.load_record()
ROOT = Path(__file__).resolve().parent.parent


def test_corpus_is_large_and_recorded() -> None:
    assert len(CASES) >= 300
    missing = [c.name for c in CASES if c.name not in RECORD]
    assert not missing, f"cases without a recorded kernel verdict: {missing}"
    kinds = collections.Counter(RECORD[c.name]["accepted"] for c in CASES)
    assert kinds[True] > 100 and kinds[False] > 100


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_agrees_with_recorded_kernel_verdict(case: vc.Case) -> None:
    e = vc.ebpy_verdict(case, fast=True)
    k = RECORD[case.name]
    assert vc.agrees(case, e, k), (
        f"kernel: {'accept' if k['accepted'] else category(k['message']) + ': ' + k['message']}"
        f"\nebpy:   {'accept' if e.accepted else e.category + ': ' + e.message}"
    )


PRIVILEGED = [c for c in CASES if c.caps != "none"]
UNPRIVILEGED = [c for c in CASES if c.caps == "none"]


def _check_against_kernel(case: vc.Case) -> str | None:
    """What is wrong with the recorded verdict of `case` per the running kernel, or None."""
    k = vc.kernel_verdict(case)
    rec = RECORD[case.name]
    if k.accepted != rec["accepted"]:
        return f"{case.name}: the kernel now says {k.message or 'accept'}"
    if not k.accepted and k.category != category(rec["message"]):
        return f"{case.name}: the kernel now says {k.message}"
    return None


@pytest.mark.kernel
@pytest.mark.parametrize("case", PRIVILEGED, ids=[c.name for c in PRIVILEGED])
def test_recorded_verdict_matches_running_kernel(case: vc.Case) -> None:
    problem = _check_against_kernel(case)
    assert problem is None, problem


@pytest.mark.kernel
def test_unprivileged_recorded_verdicts_match_running_kernel() -> None:
    """Cases loaded without CAP_BPF need unprivileged bpf(). A sysctl of 2 (this machine's
    default) can be set to 0 by root and back: done once here, around all such cases, so no
    other test sees the change and parallel workers never race on it."""
    with unprivileged_bpf_lock(exclusive=True):
        saved = None
        if not vc.unprivileged_bpf_enabled():
            if vc.SYSCTL.read_text().strip() != "2":
                pytest.skip(
                    "kernel.unprivileged_bpf_disabled is 1: no unprivileged bpf() until reboot"
                )
            saved = vc.SYSCTL.read_text()
            vc.SYSCTL.write_text("0")
        try:
            problems = [p for p in map(_check_against_kernel, UNPRIVILEGED) if p is not None]
        finally:
            if saved is not None:
                vc.SYSCTL.write_text(saved)
    assert len(UNPRIVILEGED) > 20
    assert not problems, "\n".join(problems)


def test_processed_instructions_match_where_recorded() -> None:
    """The walk itself agrees: the same number of processed instructions as the kernel on
    every accepted case (exploration order, pruning and precision are the kernel's), and never
    more than twice its states."""
    same = 0
    differ = []
    for case in CASES:
        rec = RECORD[case.name]
        if not rec["accepted"] or case.ebpy or rec["processed"] is None:
            continue
        e = vc.ebpy_verdict(case)
        if e.processed == rec["processed"]:
            same += 1
        else:
            differ.append(f"{case.name}: kernel {rec['processed']}, ebpy {e.processed}")
        if e.states is not None and e.states > 2 * (rec["states"] or 0):
            differ.append(f"{case.name}: {e.states} states, kernel {rec['states']}")
    assert same > 200
    assert not differ, "\n".join(differ)


# ---- whole objects ----------------------------------------------------------------------------
def _objects() -> list[Path]:
    objs = sorted(ROOT.glob("examples/**/*.o")) + sorted(ROOT.glob("benchmarks/programs/*.o"))
    sources = sorted((ROOT / "tests" / "programs").glob("*.c"))
    sources += sorted((ROOT / "tests" / "programs" / "kernel").glob("*.c"))
    for src in sources:
        try:
            objs.append(compile_c(src.read_text(), name=src.stem))
        except RuntimeError:
            continue  # a source another test builds with special flags
    return objs


@pytest.mark.kernel
def test_objects_agree_with_kernel() -> None:
    from verifier_kernel import kernel_verify

    checked = 0
    problems = []
    for path in _objects():
        try:
            spec = ebpy.load_spec(path)
        except EbpyError:
            continue
        for name, prog in spec.programs.items():
            if prog.type in BTF_CONTEXT_TYPES or prog.type == ProgramType.UNSPEC:
                continue  # not modelled: ebpy refuses them with a reason
            try:
                verify(prog, spec.maps)
                mine = ("accept", "")
            except VerifierError as e:
                mine = ("reject", category(e.message))
            try:
                k = kernel_verify(prog, spec.maps)
            except EbpyError:
                continue  # the kernel side cannot even create the maps here
            reason = vc.kernel_reason(k.message, k.log)
            theirs = ("accept", "") if k.accepted else ("reject", category(reason))
            checked += 1
            if mine != theirs:
                problems.append(f"{path.name}:{name}: kernel {theirs} {reason}, ebpy {mine}")
    assert checked >= 30
    assert not problems, "\n".join(problems)


# ---- random programs --------------------------------------------------------------------------
SOUNDNESS_SEEDS = range(400)


def test_accepted_random_programs_never_fault() -> None:
    """Soundness: every random program ebpy accepts runs on random packets in the checked
    interpreter without a memory fault."""
    accepted = 0
    for seed in SOUNDNESS_SEEDS:
        spec = vr.generate(seed).spec()
        try:
            verify(spec.programs["rand"], spec.maps)
        except VerifierError:
            continue
        accepted += 1
        coll = spec.load(engine="interp", verify=False)
        for k in range(4):
            try:
                coll.programs["rand"].test_run(vr.packet(seed * 10 + k))
            except MemoryFault as e:  # pragma: no cover - a soundness bug
                pytest.fail(f"seed {seed}: accepted, then {e}\n{vr.generate(seed).text}")
    assert accepted >= 80  # enough accepted programs for the property to mean something


def test_kernel_valid_random_programs_are_accepted() -> None:
    """Precision: tests/diff/randprog.py builds programs the kernel accepts (it checks that in
    its own kernel runs); ebpy must accept every one."""
    for seed in range(60):
        spec = rp.generate(RandomChooser(seed), rp.Features.everything(), 4).spec()
        prog = next(iter(spec.programs.values()))
        try:
            verify(prog, spec.maps)
        except VerifierError as e:  # pragma: no cover - a precision bug
            pytest.fail(f"randprog seed {seed} rejected: {e}")


@pytest.mark.kernel
def test_random_programs_agree_with_kernel() -> None:
    """Both ways: the kernel and ebpy accept the same random programs (safe and unsafe ones
    mixed). The rate is printed; any disagreement fails."""
    from verifier_kernel import kernel_verify

    counts: collections.Counter[tuple[bool, bool]] = collections.Counter()
    first_bad = None
    for seed in range(300):
        spec = vr.generate(seed).spec()
        prog = spec.programs["rand"]
        try:
            verify(prog, spec.maps)
            mine = True
        except VerifierError:
            mine = False
        theirs = kernel_verify(prog, spec.maps).accepted
        counts[(theirs, mine)] += 1
        if theirs != mine and first_bad is None:
            first_bad = seed
    kernel_accepted = counts[(True, True)] + counts[(True, False)]
    rate = counts[(True, True)] / kernel_accepted if kernel_accepted else 1.0
    print(f"kernel-accepted programs ebpy accepts: {rate:.1%} of {kernel_accepted}; {counts}")
    assert first_bad is None, f"seed {first_bad}: kernel and ebpy disagree ({counts})"
