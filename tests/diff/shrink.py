"""Running random programs on every engine, and shrinking one that makes them disagree.

`check_program` runs a RandomProgram on its inputs everywhere. When the kernel rejects it, the
segments it rejects are found one by one (the rest still run); when the engines disagree, the
failing segment is isolated and its body shrunk (items removed, if/else and loops flattened)
while the disagreement stays, and the assertion shows the small program that remains.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from diff import randprog as rp
from diff.engines import assert_same, run_all
from ebpy.errors import VerifierError
from ebpy.isa import disassemble


@dataclass
class BatchReport:
    segments: int = 0
    accepted: int = 0
    runs: int = 0
    rejected: list[str] = field(default_factory=list)  # verifier messages


def project_input(data: bytes, indexes: Sequence[int]) -> bytes:
    """The input bytes a program made of segments `indexes` (in that order) needs, so each
    segment sees what it saw in the full program (its scratch bytes move with it)."""
    out = bytearray(data[: rp.IN_SIZE])
    for k in indexes:
        start = rp.IN_SIZE + k * rp.OUT_SIZE
        out += data[start : start + rp.OUT_SIZE]
    return bytes(out)


def disagreement(
    prog: rp.RandomProgram, inputs: Sequence[bytes], engines: Sequence[str]
) -> str | None:
    """The first difference between engines, or None when they agree (or the kernel refuses)."""
    try:
        results = run_all(prog.spec(), rp.PROGRAM_NAME, [(d, None) for d in inputs], engines)
    except VerifierError:
        return None
    try:
        assert_same(results)
    except AssertionError as e:
        return str(e)
    return None


def check_program(
    prog: rp.RandomProgram, inputs: Sequence[bytes], engines: Sequence[str], report: BatchReport
) -> None:
    n = len(prog.segments)
    report.segments += n
    keep = list(range(n))
    try:
        results = run_all(prog.spec(), rp.PROGRAM_NAME, [(d, None) for d in inputs], engines)
    except VerifierError:
        keep = _accepted_segments(prog, report)
        if not keep:
            return
        prog = prog.only(keep)
        inputs = [project_input(d, keep) for d in inputs]
        results = run_all(prog.spec(), rp.PROGRAM_NAME, [(d, None) for d in inputs], engines)
    report.accepted += len(keep)
    report.runs += len(keep) * len(inputs)
    try:
        assert_same(results)
    except AssertionError as e:
        small = shrink(prog, inputs, engines)
        listing = disassemble(small.instructions())
        raise AssertionError(
            f"{e}\n\nshrunk to:\n{listing}\ninputs: {[d.hex() for d in inputs]}"
        ) from None


def _accepted_segments(prog: rp.RandomProgram, report: BatchReport) -> list[int]:
    from diff.engines import loaded

    keep = []
    for k in range(len(prog.segments)):
        one = prog.only([k])
        try:
            with loaded(one.spec(), "kernel"):
                keep.append(k)
        except VerifierError as e:
            listing = disassemble(one.instructions())
            report.rejected.append(f"segment {k}: {e}\n{listing}")
    return keep


def shrink(
    prog: rp.RandomProgram, inputs: Sequence[bytes], engines: Sequence[str]
) -> rp.RandomProgram:
    """A smaller program on which the engines still disagree (a single segment if one does)."""
    inputs = list(inputs)

    def fails(p: rp.RandomProgram, data: list[bytes]) -> bool:
        return disagreement(p, data, engines) is not None

    for k in range(len(prog.segments)):
        data = [project_input(d, [k]) for d in inputs]
        if fails(prog.only([k]), data):
            prog, inputs = prog.only([k]), data
            break
    else:
        return prog
    seg = prog.segments[0]

    def with_body(body: list[rp.Item]) -> rp.RandomProgram:
        return rp.RandomProgram([rp.Segment(seg.init, body)], prog.features)

    body = _shrink_block(seg.body, lambda b: fails(with_body(b), inputs))
    return with_body(body)


def _shrink_block(items: list[rp.Item], fails: Callable[[list[rp.Item]], bool]) -> list[rp.Item]:
    changed = True
    while changed:
        changed = False
        i = 0
        while i < len(items):
            for candidate in _variants(items, i):
                if fails(candidate):
                    items = candidate
                    changed = True
                    break
            else:
                i += 1
    return items


def _variants(items: list[rp.Item], i: int) -> list[list[rp.Item]]:
    """Smaller blocks: item i removed, or replaced by the block(s) inside it."""
    out = [_remove(items, i)]
    item = items[i]
    if isinstance(item, rp.IfElse):
        out += [_splice(items, i, item.then), _splice(items, i, item.orelse)]
    elif isinstance(item, rp.Loop):
        out.append(_splice(items, i, item.body))
    return out


def _remove(items: list[rp.Item], i: int) -> list[rp.Item]:
    return _splice(items, i, [])


def _splice(items: list[rp.Item], i: int, inner: list[rp.Item]) -> list[rp.Item]:
    """Replace item i by `inner`, moving the targets of forward skips that cross it."""
    grow = len(inner) - 1
    out: list[rp.Item] = []
    for j, item in enumerate(items):
        if j == i:
            # The inner block's own skips count from its start, now at i.
            out += [rp.Skip(x.insn, x.target + i) if isinstance(x, rp.Skip) else x for x in inner]
            continue
        if isinstance(item, rp.Skip) and item.target > i:
            item = rp.Skip(item.insn, item.target + grow)  # past the replaced item: moves too
        out.append(item)
    return out
