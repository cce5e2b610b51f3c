"""Mandates with dates, and the election calendar (issue 12, section 2).

A contact's `elected` is the kind of their mandate (FORMAT.md codes): `municipal`,
`communautaire` (a seat on the conseil communautaire of an EPCI), `departmental`,
`regional`. `mandate_start` and `mandate_end` (ISO dates, optional) are kept by the
format as unknown fields. A contact whose `mandate_end` has passed is *no longer in
office*: still in the directory and the journal, shown as « ancien·ne … », no longer an
élu référent nor offered as a signatory.

The calendar: for each kind, the elections known (every round). A contact holding a
mandate is to be re-verified after the last election of *their* kind that has taken
place (for `communautaire`: the installation of the conseils communautaires, which
follows the municipal elections). A kind written in epn.yaml (`elections: {municipal:
2026-03-22}`) replaces the defaults below for that kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from epn_tui.core.model import Contact, Settings
from epn_tui.i18n import N_

MANDATE_KINDS = ("municipal", "communautaire", "departmental", "regional")
MANDATE_LABELS = {
    "municipal": N_("municipal councillor"),
    "communautaire": N_("community councillor"),
    "departmental": N_("departmental councillor"),
    "regional": N_("regional councillor"),
}
# The elections whose result puts each kind of mandate in question, every round.
# Municipal: both rounds of 2020 and of 2026 (15 and 22 March 2026). Communautaire: the
# conseils communautaires and their bureaux are installed after the municipal elections,
# at the latest the Friday of the fourth week after the mayors' election (CGCT
# L5211-8): 24 April 2026. Departmental and regional: June 2021, then March 2028 (the
# next ones; the decree fixes the days: write them in epn.yaml when it is published).
DEFAULT_ELECTIONS: dict[str, tuple[date, ...]] = {
    "municipal": (date(2020, 3, 15), date(2020, 6, 28), date(2026, 3, 15), date(2026, 3, 22)),
    "communautaire": (date(2020, 7, 17), date(2026, 4, 24)),
    "departmental": (date(2021, 6, 20), date(2021, 6, 27), date(2028, 3, 19), date(2028, 3, 26)),
    "regional": (date(2021, 6, 20), date(2021, 6, 27), date(2028, 3, 19), date(2028, 3, 26)),
}


def _date_field(contact: Contact, key: str) -> date | None:
    value = contact.extra.get(key)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def mandate_start(contact: Contact) -> date | None:
    return _date_field(contact, "mandate_start")


def mandate_end(contact: Contact) -> date | None:
    return _date_field(contact, "mandate_end")


def is_former(contact: Contact, today: date) -> bool:
    """No longer in office: a mandate whose end has passed."""
    end = mandate_end(contact)
    return bool(contact.elected) and end is not None and end < today


def in_office(contact: Contact, today: date) -> bool:
    return not is_former(contact, today)


def calendar(settings: Settings) -> dict[str, tuple[date, ...]]:
    """Every known election by kind: the defaults, a kind set in epn.yaml replacing them."""
    out = dict(DEFAULT_ELECTIONS)
    for kind, day in settings.elections.items():
        out[kind] = (day,)
    return out


def last_election(settings: Settings, kind: str | None, today: date) -> date | None:
    """The last election of this kind of mandate that has taken place by `today`."""
    if not kind:
        return None
    days = calendar(settings).get(kind, ())
    past = [d for d in days if d <= today]
    return max(past) if past else None


def next_election(settings: Settings, kind: str | None, today: date) -> date | None:
    """The first election of this kind still to come (the first round), or None."""
    if not kind:
        return None
    days = [d for d in calendar(settings).get(kind, ()) if d > today]
    return min(days) if days else None


def election_of(contact: Contact, settings: Settings, today: date) -> date | None:
    """The election that makes this contact's mandate uncertain, or None: the last
    election of their own mandate's kind, once it has taken place, when they were not
    verified since (a former élu needs no verifying, nor a mandate started after it)."""
    if not contact.elected or is_former(contact, today):
        return None
    election = last_election(settings, contact.elected, today)
    if election is None:
        return None
    if contact.verified is not None and contact.verified >= election:
        return None
    start = mandate_start(contact)
    if start is not None and start >= election:
        return None
    return election


def unverified(settings: Settings, contacts: Iterable[Contact],
               today: date) -> list[tuple[Contact, date]]:
    """Contacts in office not verified since the last election of their kind, in the
    order given."""
    out = []
    for contact in contacts:
        election = election_of(contact, settings, today)
        if election is not None:
            out.append((contact, election))
    return out
