"""XDP verdicts and their counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class XdpAction(IntEnum):
    """What an XDP program returns (enum xdp_action)."""

    ABORTED = 0
    DROP = 1
    PASS = 2
    TX = 3
    REDIRECT = 4

    @property
    def key(self) -> str:
        return self.name.lower()


@dataclass
class VerdictCounts:
    """Frames per verdict. A value outside enum xdp_action counts as aborted, as the kernel
    treats it (bpf_warn_invalid_xdp_action, then the frame is dropped as an exception);
    `invalid` says how many of the aborted ones that was."""

    aborted: int = 0
    drop: int = 0
    passed: int = 0
    tx: int = 0
    redirect: int = 0
    invalid: int = 0
    redirect_targets: dict[int, int] = field(default_factory=dict)  # ifindex -> frames

    def add(self, action: int, redirect_ifindex: int | None = None, n: int = 1) -> None:
        if action == XdpAction.PASS:
            self.passed += n
        elif action == XdpAction.DROP:
            self.drop += n
        elif action == XdpAction.TX:
            self.tx += n
        elif action == XdpAction.REDIRECT:
            self.redirect += n
            if redirect_ifindex is not None:
                self.redirect_targets[redirect_ifindex] = (
                    self.redirect_targets.get(redirect_ifindex, 0) + n
                )
        else:
            self.aborted += n
            if action != XdpAction.ABORTED:
                self.invalid += n

    def add_all(self, actions: Iterable[int], redirects: Iterable[int] | None = None) -> None:
        """Count a batch of verdicts (with their redirect targets, 0 when unknown)."""
        actions = list(actions) if not isinstance(actions, Sequence) else actions
        counter = Counter(actions)
        for action, n in counter.items():
            self.add(action, None, n)
        if redirects is not None and counter.get(XdpAction.REDIRECT):
            for action, target in zip(actions, redirects):
                if action == XdpAction.REDIRECT and target:
                    self.redirect_targets[target] = self.redirect_targets.get(target, 0) + 1

    @property
    def total(self) -> int:
        return self.aborted + self.drop + self.passed + self.tx + self.redirect

    def as_dict(self) -> dict[str, int]:
        """The five verdicts under the kernel's names (stable JSON keys)."""
        return {
            "aborted": self.aborted,
            "drop": self.drop,
            "pass": self.passed,
            "tx": self.tx,
            "redirect": self.redirect,
        }

    def as_json(self) -> dict[str, Any]:
        """`verdicts` (as_dict), `invalid_verdicts` and `redirect_targets` (ifindex -> frames)."""
        return {
            "verdicts": self.as_dict(),
            "invalid_verdicts": self.invalid,
            "redirect_targets": {str(k): v for k, v in sorted(self.redirect_targets.items())},
        }

    def merge(self, other: VerdictCounts) -> None:
        self.aborted += other.aborted
        self.drop += other.drop
        self.passed += other.passed
        self.tx += other.tx
        self.redirect += other.redirect
        self.invalid += other.invalid
        for k, v in other.redirect_targets.items():
            self.redirect_targets[k] = self.redirect_targets.get(k, 0) + v
