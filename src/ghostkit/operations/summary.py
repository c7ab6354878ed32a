"""What a run did (`Summary`), and how a run the CLI drives ended (`Outcome`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ghostkit.operations.plan import Plan


def count_key(name: str) -> str:
    """A count's name as a JSON key: "links removed" is links_removed."""
    return "_".join(name.split())


@dataclass
class Summary:
    run_id: str
    kind: str | None = None
    seen: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    recovered: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    verify: dict[str, Any] | None = None

    def count(self, counts: Mapping[str, int]) -> None:
        for name, value in counts.items():
            self.counts[name] = self.counts.get(name, 0) + value

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "kind": self.kind,
            "seen": self.seen,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "recovered": self.recovered,
            "counts": dict(self.counts),
            **{count_key(name): value for name, value in self.counts.items()},
            "failures": self.failures,
            "verify": self.verify,
        }


@dataclass
class Outcome:
    """How a run ended: its plan (unless it wrote while it read), its summary (unless it
    was a dry run or was not confirmed), and whether the confirmation was refused."""

    plan: Plan | None = None
    summary: Summary | None = None
    aborted: bool = False
