"""What the lead wrote down becomes a deadline: a journal entry's next step with a date.

FORMAT.md: a `next-step` deadline is a journal entry's next step with a date, until it
is marked done (`done: <date>` on the entry, `epn journal done ENTRY`). Its convention
is the one the entry names (`convention:`), or none; its partner is the entry's. A
next step whose date has passed and that is not done is *overdue*: the dashboard's
« À faire » lists it until it is done.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from epn_tui.core.model import Deadline, Interaction, Partner
from epn_tui.core.terms import window_end


def _deadline(entry: Interaction, partners: Mapping[str, Partner], today: date) -> Deadline:
    assert entry.next_date is not None
    partner = partners.get(entry.partner)
    convention = entry.extra.get("convention")
    return Deadline(entry.next_date, "next-step",
                    str(convention) if isinstance(convention, str) else "",
                    partner.name if partner is not None else entry.partner,
                    (entry.next_date - today).days, None, entry.next_step,
                    partner=entry.partner, entry=entry.id)


def _open(entry: Interaction) -> bool:
    return entry.next_date is not None and bool(entry.next_step.strip()) and entry.done is None


def next_step_deadlines(interactions: Iterable[Interaction], partners: Mapping[str, Partner],
                        today: date, within_days: int) -> list[Deadline]:
    """The next steps not done whose date falls in [today, today + within_days]."""
    last = window_end(today, within_days)
    return sorted((_deadline(e, partners, today) for e in interactions
                   if _open(e) and e.next_date is not None and today <= e.next_date <= last),
                  key=lambda d: (d.date, d.convention, d.kind, d.entry or ""))


def from_raw(data: Mapping[str, Any], today: date, within_days: int) -> list[Deadline]:
    """The same, from partners.json as decoded JSON: `epn due` lists next steps without
    the directory's machinery (TinyDB, hashing), at the start-up cost of a JSON read."""
    from epn_tui.core.dates import DateError, parse_iso_date

    def day(value: Any) -> date | None:
        try:
            return parse_iso_date(str(value)) if value not in (None, "") else None
        except DateError:
            return None

    partners = data.get("partners")
    entries = data.get("interactions")
    partners = partners if isinstance(partners, dict) else {}
    entries = entries if isinstance(entries, dict) else {}
    names = {pid: Partner(pid, str(p.get("name") or pid)) for pid, p in partners.items()
             if isinstance(p, dict)}
    light = [Interaction(eid, day(e.get("date")), str(e.get("partner") or ""),
                         next_step=str(e.get("next_step") or ""),
                         next_date=day(e.get("next_date")),
                         done=day(e.get("done")) or (date.min if e.get("done") is True else None),
                         extra={"convention": e["convention"]} if isinstance(
                             e.get("convention"), str) else {})
             for eid, e in entries.items() if isinstance(e, dict) and e.get("next_date")]
    return next_step_deadlines(light, names, today, within_days)


def overdue_next_steps(interactions: Iterable[Interaction], partners: Mapping[str, Partner],
                       today: date) -> list[Deadline]:
    """Next steps whose date has passed and that are not done, oldest first."""
    return sorted((_deadline(e, partners, today) for e in interactions
                   if _open(e) and e.next_date is not None and e.next_date < today),
                  key=lambda d: (d.date, d.entry or ""))
