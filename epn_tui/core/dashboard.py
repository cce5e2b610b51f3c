"""The dashboard's answers, computed once per reload: pure functions of plain records.

The guide (DOMAIN.md) ends with questions a lead should answer at a glance; this module
answers them with names, not only with warnings (`core/health.py` gives the advice).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from epn_tui.core.collate import sort_key
from epn_tui.core.dashboard_view import DashboardView
from epn_tui.core.follow_ups import Journal, open_only, settle
from epn_tui.core.health import Finding, glance
from epn_tui.core.mandates import last_election
from epn_tui.core.model import (
    STATES,
    Contact,
    Convention,
    Deadline,
    Interaction,
    Partner,
    Settings,
)
from epn_tui.core.network import records
from epn_tui.core.next_steps import next_step_deadlines
from epn_tui.core.terms import deadlines_within, state


@dataclass(slots=True)
class Summary:
    epn: Partner | None
    deadlines: list[Deadline]
    counts: dict[str, int]
    collectivites: list[Partner]
    elus: list[Contact]
    agents: list[Contact]
    committee: list[Contact]
    last_committee: date | None
    unwritten: list[Partner]
    unverified: list[Contact]
    election: date | None
    states: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    # Convention id → the names of its partners but the EPN, for the deadlines list.
    partners_of: dict[str, str] = field(default_factory=dict)


def summarize(settings: Settings, conventions: Mapping[str, Convention],
              partners: Mapping[str, Partner], contacts: Mapping[str, Contact],
              interactions: Mapping[str, Interaction] | Iterable[Interaction],
              today: date) -> Summary:
    """The dashboard's answers. « At a glance » is `core/health.glance`, the function
    `epn health` turns into findings: both say the same thing (issue 12)."""
    states = {cid: state(conv, today) for cid, conv in conventions.items()}
    counts = Counter(s for s, _k in states.values())
    inters = records(interactions)
    g = glance(settings, conventions.values(), partners, contacts.values(), inters, today)
    # The date the list speaks of: the latest election its contacts predate.
    election = max((day for _c, day in g.unverified), default=None)
    if election is None:
        election = max((d for kind in settings.elections or ("municipal",)
                        if (d := last_election(settings, kind, today)) is not None),
                       default=None)
    # A follow-up occurrence the journal records is done: not listed (core/follow_ups.py).
    found = deadlines_within(conventions.values(), today, settings.horizon_days)
    if any(d.kind == "follow-up" for d in found):
        found = open_only(settle(found, conventions, Journal.of(inters, settings.epn)))
    deadlines = sorted([*found,
                        *next_step_deadlines(inters, partners, today, settings.horizon_days)],
                       key=lambda d: (d.date, d.convention, d.kind, d.entry or ""))
    partners_of = {}
    for conv_id in {d.convention for d in deadlines if d.kind != "next-step"}:
        names = [partners[p].name if p in partners else p
                 for p in conventions[conv_id].partner_ids if p != settings.epn]
        partners_of[conv_id] = ", ".join(names)
    return Summary(
        epn=partners.get(settings.epn or ""),
        deadlines=deadlines,
        counts={s: counts.get(s, 0) for s in STATES},
        collectivites=g.collectivites,
        elus=g.elus,
        agents=g.agents,
        committee=g.committee,
        last_committee=g.meetings[-1] if g.meetings else None,
        unwritten=sorted((p for p in partners.values()
                          if p.id != settings.epn and p.id not in g.written),
                         key=lambda p: (sort_key(p.name), p.id)),
        unverified=[c for c, _day in g.unverified],
        election=election,
        states=states,
        partners_of=partners_of,
    )


def view_of(s: Summary, horizon: int, error_files: int,
            findings: Iterable[Finding] = ()) -> DashboardView:
    """The plain values the dashboard shows (and keeps for the next start);
    `findings` are the relationship-health checks (alerts and warnings are shown)."""

    def people(contacts: list[Contact]) -> list[tuple[str, str]]:
        return [(c.name, c.function or c.role) for c in contacts]

    return DashboardView(
        epn_name=s.epn.name if s.epn else "", commune=s.epn.commune if s.epn else "",
        horizon=horizon, counts=s.counts,
        deadlines=[_deadline_json(d, s.partners_of) for d in s.deadlines],
        elus=people(s.elus), agents=people(s.agents), committee=len(s.committee),
        last_committee=s.last_committee.isoformat() if s.last_committee else None,
        unwritten=[p.name for p in s.unwritten], unverified=people(s.unverified),
        election=s.election.isoformat() if s.election else None, error_files=error_files,
        advice=[(f.severity, f.message, f.advice) for f in findings
                if f.severity in ("alert", "warning")],
    )


def _deadline_json(d: Deadline, partners_of: Mapping[str, str]) -> dict[str, Any]:
    """A deadline as the dashboard keeps it; a next step's convention is "" when the
    entry names none, and its partner is the « with »."""
    out = d.as_json()
    if d.kind == "next-step":
        out["convention"] = d.convention
        out["with"] = d.title
    else:
        out["with"] = partners_of.get(d.convention, "")
    return out
