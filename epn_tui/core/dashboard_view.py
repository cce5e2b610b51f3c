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
    # `epn remind`'s last runs as the log keeps them (core/reminder_status.py says
    # them); None when epn.yaml sets no reminders.
    reminders: dict[str, Any] | None = None

    def trim_advice(self) -> None:
        """Keep the advice the dashboard shows; count the rest."""
        if len(self.advice) > ADVICE_SHOWN:
            self.advice_more += len(self.advice) - ADVICE_SHOWN
            del self.advice[ADVICE_SHOWN:]

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DashboardView:
        """The view kept in a file; ValueError or TypeError when it is not one (a kept
        file is only ever a faster first frame: better none than a crash)."""
        view = cls(**data)
        _check(isinstance(view.counts, dict) and all(
            isinstance(v, list) for v in (view.deadlines, view.elus, view.agents,
                                          view.unwritten, view.unverified, view.advice)))
        view.elus = [_strings(p, 2) for p in view.elus]  # type: ignore[misc]
        view.agents = [_strings(p, 2) for p in view.agents]  # type: ignore[misc]
        view.unverified = [_strings(p, 2) for p in view.unverified]  # type: ignore[misc]
        view.advice = [_strings(a, 3) for a in view.advice]  # type: ignore[misc]
        _check(all(isinstance(v, str) for v in (view.epn_name, view.commune, *view.unwritten))
               and all(_is_int(v) for v in (view.horizon, view.committee, view.error_files,
                                            view.advice_more, *view.counts.values()))
               and all(isinstance(k, str) for k in view.counts)
               and all(_is_date(v) for v in (view.last_committee, view.election) if v is not None)
               and all(_is_deadline(d) for d in view.deadlines)
               and (view.reminders is None or isinstance(view.reminders, dict)))
        return view


def _check(ok: bool) -> None:
    if not ok:
        raise ValueError("not a kept dashboard")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_date(value: Any) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _strings(value: Any, n: int) -> tuple[str, ...]:
    _check(isinstance(value, list | tuple) and len(value) == n
           and all(isinstance(v, str) for v in value))
    return tuple(value)


def _is_deadline(value: Any) -> bool:
    """What the dashboard reads of a deadline (Deadline.as_json()). Types only: 1,600
    dates parsed here cost 9 ms before the first frame; the table parses the few it
    draws (`dashboard._deadline_cells`) and shows a bad one as it is."""
    return (isinstance(value, dict) and type(value.get("date")) is str
            and type(value.get("days")) is int
            and type(value.get("kind")) is str and type(value.get("convention")) is str
            and type(value.get("title")) is str
            and type(value.get("what", "")) in (str, type(None))
            and type(value.get("express", False)) is bool
            and type(value.get("with", "")) in (str, type(None)))
