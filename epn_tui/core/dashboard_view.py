"""What the dashboard shows, as plain values (no heavy imports: the UI's first frame
needs this class, the computation in `core/dashboard.py` comes later)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The dashboard lists this many pieces of advice and counts the rest (`epn health` lists
# them all): a network of 10,000 conventions has 2,000, which made the kept dashboard
# 0.8 MB, decoded before the first frame.
ADVICE_SHOWN = 8


@dataclass(slots=True)
class DashboardView:
    """What the dashboard shows, as plain values: it can be kept in `.epn/` and shown at
    the next start before the workspace is read (when no file changed since)."""

    epn_name: str
    commune: str
    horizon: int
    deadlines: list[dict[str, Any]]  # Deadline.as_json()
    counts: dict[str, int]
    elus: list[tuple[str, str]]  # (name, function or role)
    agents: list[tuple[str, str]]
    committee: int
    last_committee: str | None  # ISO date
    unwritten: list[str]
    unverified: list[tuple[str, str]]
    election: str | None
    error_files: int
    advice: list[tuple[str, str, str]] = field(default_factory=list)  # severity, message, advice
    advice_more: int = 0  # how many more there are, left out of `advice`

    def trim_advice(self) -> None:
        """Keep the advice the dashboard shows; count the rest."""
        if len(self.advice) > ADVICE_SHOWN:
            self.advice_more += len(self.advice) - ADVICE_SHOWN
            del self.advice[ADVICE_SHOWN:]

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DashboardView:
        view = cls(**data)
        view.elus = [tuple(p) for p in view.elus]  # type: ignore[misc]
        view.agents = [tuple(p) for p in view.agents]  # type: ignore[misc]
        view.unverified = [tuple(p) for p in view.unverified]  # type: ignore[misc]
        view.advice = [tuple(a) for a in view.advice]  # type: ignore[misc]
        return view
