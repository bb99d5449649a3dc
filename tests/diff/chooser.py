"""Where a random program's choices come from: a seeded `random.Random`, or hypothesis.

The generator only asks for integers in a range and picks from a sequence, so one generator
serves both fast seeded batches (thousands of programs, reproducible from a seed) and
hypothesis examples (shrinkable, replayed from hypothesis' database).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Chooser(Protocol):
    def int(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi]."""
        ...

    def choice(self, options: Sequence[T]) -> T: ...

    def chance(self, percent: int) -> bool:
        """True `percent` times in a hundred."""
        ...


class RandomChooser:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def int(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def choice(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def chance(self, percent: int) -> bool:
        return self.rng.randrange(100) < percent


class DrawChooser:
    """Choices drawn from hypothesis' `st.data()`, so failing programs shrink."""

    def __init__(self, data: Any) -> None:
        from hypothesis import strategies as st

        self.data = data
        self.st = st

    def int(self, lo: int, hi: int) -> int:
        return int(self.data.draw(self.st.integers(lo, hi)))

    def choice(self, options: Sequence[T]) -> T:
        return options[self.int(0, len(options) - 1)]

    def chance(self, percent: int) -> bool:
        # Shrinks towards False: the simpler program leaves the optional part out.
        return self.int(0, 99) >= 100 - percent
