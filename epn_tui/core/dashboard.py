"""The dashboard's answers, computed once per reload: pure functions of plain records.

The guide (DOMAIN.md) ends with questions a lead should answer at a glance; this module
answers them with names, not only with warnings (`core/health.py` gives the advice).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from epn_tui.core.collate import sort_key
from epn_tui.core.dashboard_view import DashboardView
from epn_tui.core.health import Finding, epn_collectivites
from epn_tui.core.model import (
    STATES,
    Contact,
    Convention,
    Deadline,
    Interaction,
    Partner,
    Settings,
)
from epn_tui.core.network import is_written
from epn_tui.core.roles import is_agent_referent, is_elu_referent
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
              interactions: Iterable[Interaction], today: date) -> Summary:
    states = {cid: state(conv, today) for cid, conv in conventions.items()}
    counts = Counter(s for s, _k in states.values())
    collectivites = epn_collectivites(settings, conventions.values(), partners)
    coll_ids = {p.id for p in collectivites}
    people = sorted(contacts.values(), key=lambda c: (c.partner, sort_key(c.name), c.id))
    written: set[str] = set()
    for cid, conv in conventions.items():
        if is_written(conv, states[cid][0]):
            written.update(conv.partner_ids)
    election = max(settings.elections.values()) if settings.elections else None
    unverified = [c for c in people if c.elected and election is not None
                  and (c.verified is None or c.verified < election)]
    meetings = [i.date for i in interactions
                if i.kind == "committee" and i.date is not None and i.date <= today]
    deadlines = deadlines_within(conventions.values(), today, settings.horizon_days)
    partners_of = {}
    for conv_id in {d.convention for d in deadlines}:
        names = [partners[p].name if p in partners else p
                 for p in conventions[conv_id].partner_ids if p != settings.epn]
        partners_of[conv_id] = ", ".join(names)
    return Summary(
        epn=partners.get(settings.epn or ""),
        deadlines=deadlines,
        counts={s: counts.get(s, 0) for s in STATES},
        collectivites=collectivites,
        elus=[c for c in people if c.partner in coll_ids and is_elu_referent(c)],
        agents=[c for c in people if c.partner in coll_ids and is_agent_referent(c)],
        committee=[c for c in people if c.committee],
        last_committee=max(meetings) if meetings else None,
        unwritten=sorted((p for p in partners.values()
                          if p.id != settings.epn and p.id not in written),
                         key=lambda p: (sort_key(p.name), p.id)),
        unverified=unverified,
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
        deadlines=[{**d.as_json(), "with": s.partners_of.get(d.convention, "")}
                   for d in s.deadlines],
        elus=people(s.elus), agents=people(s.agents), committee=len(s.committee),
        last_committee=s.last_committee.isoformat() if s.last_committee else None,
        unwritten=[p.name for p in s.unwritten], unverified=people(s.unverified),
        election=s.election.isoformat() if s.election else None, error_files=error_files,
        advice=[(f.severity, f.message, f.advice) for f in findings
                if f.severity in ("alert", "warning")],
    )
