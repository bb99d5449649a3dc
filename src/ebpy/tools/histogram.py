"""Histograms kept in maps: log2 and linear buckets, one histogram or one per key.

A BPF program cannot keep every value it sees, so it counts them in buckets: it computes a
slot from the value and adds one to `map[slot]`. Two conventions exist for log2 slots:

- `floor` (libbpf-tools, and ebpy's tools): slot = floor(log2(v)), with 0 and 1 in slot 0;
  slot i holds values 2^i .. 2^(i+1)-1;
- `bcc` (BCC's bpf_log2l): slot = floor(log2(v)) + 1, with 0 and 1 in slot 1.

`Histogram` keeps the counts in the `floor` convention whatever the map used. Linear
histograms have slot i holding values base + i*step .. base + (i+1)*step - 1.

A map whose key is a struct with a bucket field and other fields holds one histogram per
value of the other fields (BCC's "section" histograms): `histograms(...)` returns them keyed
by a Record of those fields (None for a plain histogram).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ebpy.btf.codec import Record
from ebpy.errors import EbpyError
from ebpy.tools.values import key_number, number

LOG2_SLOTS = 65  # enough for any 64-bit value (BCC's log2_index_max)
MAX_LINEAR_SLOTS = 1 << 16  # refuses a key that would need an absurd number of buckets
SLOT_FIELDS = ("slot", "bucket", "index", "idx")  # bucket fields found by name


class HistKind(StrEnum):
    LOG2 = "log2"
    LINEAR = "linear"


class SlotRule(StrEnum):
    """How a program numbered its log2 slots (see the module docstring)."""

    FLOOR = "floor"
    BCC = "bcc"


@dataclass(frozen=True, slots=True)
class Bucket:
    """Values `low` .. `high` (inclusive) were seen `count` times."""

    low: int
    high: int
    count: int


@dataclass
class Histogram:
    """Counts per slot. `sums`, when the map kept them, are the sums of the values per slot."""

    kind: HistKind
    counts: list[int] = field(default_factory=list)
    base: int = 0  # linear: the lowest value of slot 0
    step: int = 1  # linear: values per slot
    sums: list[float] | None = None

    def slot_range(self, slot: int) -> tuple[int, int]:
        """The values slot `slot` holds, inclusive."""
        if self.kind == HistKind.LOG2:
            return (0 if slot == 0 else 1 << slot), (1 << (slot + 1)) - 1
        low = self.base + slot * self.step
        return low, low + self.step - 1

    @property
    def last_slot(self) -> int:
        """The highest slot with a count, -1 when empty."""
        for i in range(len(self.counts) - 1, -1, -1):
            if self.counts[i]:
                return i
        return -1

    @property
    def total(self) -> int:
        return sum(self.counts)

    def buckets(self, *, skip_empty: bool = False) -> list[Bucket]:
        """Buckets from slot 0 up to the last one with a count."""
        out = []
        for i in range(self.last_slot + 1):
            if skip_empty and not self.counts[i]:
                continue
            low, high = self.slot_range(i)
            out.append(Bucket(low, high, self.counts[i]))
        return out

    def cumulative(self, slots: int | None = None) -> list[tuple[int, int]]:
        """(upper bound, count of values <= it) per slot, for `slots` slots (default: up to the
        last one with a count): the buckets of a Prometheus histogram before +Inf."""
        out = []
        running = 0
        for i in range(self.last_slot + 1 if slots is None else slots):
            running += _at(self.counts, i)
            out.append((self.slot_range(i)[1], running))
        return out

    def sum(self) -> tuple[float, bool]:
        """(sum of the values, exact?). Without per-slot sums, each value counts as the middle
        of its bucket: an estimate."""
        if self.sums is not None:
            return float(sum(self.sums)), True
        estimate = 0.0
        for i, count in enumerate(self.counts):
            if count:
                low, high = self.slot_range(i)
                estimate += count * (low + high) / 2
        return estimate, False

    def add(self, other: Histogram) -> Histogram:
        """A new histogram with the counts (and sums, if both have them) of both."""
        if (self.kind, self.base, self.step) != (other.kind, other.base, other.step):
            raise EbpyError("cannot add histograms with different buckets")
        n = max(len(self.counts), len(other.counts))
        counts = [_at(self.counts, i) + _at(other.counts, i) for i in range(n)]
        sums = None
        if self.sums is not None and other.sums is not None:
            sums = [_at(self.sums, i) + _at(other.sums, i) for i in range(n)]
        return Histogram(self.kind, counts, self.base, self.step, sums)


def _at(values: list[Any], i: int) -> Any:
    return values[i] if i < len(values) else 0


def log2_slot(value: int) -> int:
    """The `floor` slot of a value: floor(log2(value)), 0 for 0 and 1."""
    return max(int(value).bit_length() - 1, 0)


def linear_slot(value: int, base: int = 0, step: int = 1) -> int:
    return (int(value) - base) // step


def from_values(
    values: Iterable[int], kind: HistKind = HistKind.LOG2, base: int = 0, step: int = 1
) -> Histogram:
    """A histogram of plain values (what a program's map would hold after seeing them)."""
    hist = Histogram(HistKind(kind), [], base, step)
    for v in values:
        slot = log2_slot(v) if hist.kind == HistKind.LOG2 else linear_slot(v, base, step)
        if slot < 0:
            raise EbpyError(f"value {v} is below the histogram's base {base}")
        _grow(hist.counts, slot)
        hist.counts[slot] += 1
    return hist


def _grow(values: list[Any], slot: int) -> None:
    if slot >= len(values):
        values.extend([0] * (slot + 1 - len(values)))


@dataclass(frozen=True)
class HistSpec:
    """How to read histograms out of a map."""

    kind: HistKind = HistKind.LOG2
    slot_field: str | None = None  # the bucket field of a struct key (found by name if None)
    value_field: str | None = None  # the count field of a struct value
    sum_field: str | None = None  # a field of a struct value holding the sum of the values
    slots: SlotRule = SlotRule.FLOOR  # log2 only
    base: int = 0  # linear only
    step: int = 1  # linear only

    def __post_init__(self) -> None:
        if self.step < 1:
            raise EbpyError(f"a linear histogram's step must be at least 1, got {self.step}")


def slot_field_of(key: Any, requested: str | None) -> str | None:
    """The bucket field of a struct key: the one asked for, one named like a slot, or the
    last integer field. None for integer keys."""
    if not isinstance(key, Mapping):
        return None
    if requested is not None:
        return requested
    for name in SLOT_FIELDS:
        if name in key:
            return name
    ints = [k for k, v in key.items() if isinstance(v, int) and not isinstance(v, bool)]
    if not ints:
        raise EbpyError(f"key {dict(key)} has no integer field to use as the bucket")
    return ints[-1]


def histograms(
    items: Iterable[tuple[Any, Any]], spec: HistSpec = HistSpec(), name: str = "map"
) -> dict[Record | None, Histogram]:
    """One histogram per value of the key's other fields (a single one under None for
    integer keys, or struct keys with only a bucket field), in first-seen order."""
    out: dict[Record | None, Histogram] = {}
    slot_name: str | None = None
    first = True
    for key, value in items:
        if first:
            slot_name = slot_field_of(key, spec.slot_field)
            first = False
        where = f"map {name!r} key {_show(key)}"
        slot = key_number(key, slot_name, where)
        label = _label(key, slot_name)
        count = int(number(value, spec.value_field, f"map {name!r} value"))
        slot = _canonical_slot(slot, spec, where)
        hist = out.get(label)
        if hist is None:
            hist = out[label] = Histogram(
                spec.kind, [], spec.base, spec.step, [] if spec.sum_field else None
            )
        _grow(hist.counts, slot)
        hist.counts[slot] += count
        if hist.sums is not None:
            _grow(hist.sums, slot)
            hist.sums[slot] += number(value, spec.sum_field, f"map {name!r} value")
    for hist in out.values():
        if hist.sums is not None:
            _grow(hist.sums, len(hist.counts) - 1)
    return out


def _canonical_slot(slot: int, spec: HistSpec, where: str) -> int:
    if slot < 0:
        raise EbpyError(f"{where}: bucket {slot} is negative")
    if spec.kind == HistKind.LOG2:
        if spec.slots == SlotRule.BCC:
            if slot == 0:
                return 0  # bpf_log2l never gives 0; a program that stores there means 0 or 1
            slot -= 1
        if slot >= LOG2_SLOTS:
            raise EbpyError(f"{where}: log2 bucket {slot} is beyond 2^64")
        return slot
    if slot >= MAX_LINEAR_SLOTS:
        raise EbpyError(f"{where}: linear bucket {slot} is beyond {MAX_LINEAR_SLOTS}")
    return slot


def _label(key: Any, slot_name: str | None) -> Record | None:
    if not isinstance(key, Mapping) or slot_name is None:
        return None
    rest = {k: v for k, v in key.items() if k != slot_name}
    return Record(rest) if rest else None


def _show(key: Any) -> str:
    return str(dict(key)) if isinstance(key, Mapping) else repr(key)


def map_histograms(m: Any, spec: HistSpec = HistSpec()) -> dict[Record | None, Histogram]:
    """`histograms` over a loaded map (any engine)."""
    return histograms(m.items(), spec, getattr(m, "name", "map"))


def format_label(label: Record | None) -> str:
    """`pid = 12, comm = bash` for a section; empty for a plain histogram."""
    if label is None:
        return ""
    return ", ".join(f"{k} = {v}" for k, v in label.items())


def combined(hists: dict[Record | None, Histogram]) -> dict[Record | None, Histogram]:
    """Per-key histograms added into one, under None (no section label); empty stays empty."""
    if not hists:
        return hists
    parts = list(hists.values())
    total = parts[0]
    for h in parts[1:]:
        total = total.add(h)
    return {None: total}
