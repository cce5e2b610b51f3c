"""What the Partenaires screen shows, as Rich Text: pure functions of plain records.

No Textual here, so the card, the contact lines and the journal can be tested without an
app. Every piece of user text goes through `safe.plain`/`safe.line` (no markup, no
control characters).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text

from epn_tui.core.dates import format_short
from epn_tui.core.follow_ups import Journal, next_open_deadline
from epn_tui.core.labels import INTERACTION_LABELS, STATE_LABELS, deadline_label, label
from epn_tui.core.model import Contact, Convention, Interaction, Partner, Settings
from epn_tui.core.network import group_label, group_of, is_written
from epn_tui.core.roles import fold, is_agent_referent, is_elu_referent, is_president
from epn_tui.core.terms import state
from epn_tui.i18n import N_, _
from epn_tui.tui.safe import line, plain
from epn_tui.tui.styles import urgency_badge

# What the codes of the national schema stand for (FORMAT.md, PARTNER_KINDS).
KIND_LABELS = {
    "MUNI": N_("municipality"),
    "EPCI": N_("intermunicipality (EPCI)"),
    "DEPT": N_("département"),
    "REG": N_("region"),
    "ETAT": N_("State service"),
    "ASSO": N_("association"),
    "ECOLE": N_("primary school"),
    "COLLEGE": N_("lower secondary school"),
    "LYCEE": N_("upper secondary school"),
    "UNIV": N_("university"),
    "BIB": N_("library"),
    "CCAS": N_("social action centre (CCAS)"),
    "CAF": N_("family allowance fund (CAF)"),
    "EPN": N_("public digital space (EPN)"),
    "TIERS_LIEUX": N_("third place"),
    "ENTREPRISE": N_("company"),
    "PIMMS": N_("mediation point (PIMMS)"),
    "MSAP": N_("public services house (MSAP)"),
    "FS": N_("France Services"),
    "AUTRE": N_("other kind"),
}
ELECTED_LABELS = {
    "municipal": N_("municipal mandate"),
    "communautaire": N_("community mandate (EPCI)"),
    "departmental": N_("departmental mandate"),
    "regional": N_("regional mandate"),
}
STATE_STYLES = {"active": "green", "upcoming": "cyan", "project": "yellow",
                "expired": "dim", "terminated": "dim red"}


def kind_text(kind: str) -> str:
    """`EPCI — intercommunalité (EPCI)`; an unknown code as written."""
    code = kind.strip()
    if not code:
        return _("kind not given")
    known = KIND_LABELS.get(code.upper())
    return f"{code} — {_(known)}" if known else code


def written_partner_ids(conventions: Iterable[Convention], today: date) -> set[str]:
    """Partners covered by a written convention (signed, upcoming or in force)."""
    written: set[str] = set()
    for conv in conventions:
        if is_written(conv, state(conv, today)[0]):
            written.update(conv.partner_ids)
    return written


def election_of(contact: Contact, settings: Settings, today: date) -> date | None:
    """The election that makes this contact's mandate uncertain, or None: as `epn
    health` says it (core/mandates.py, the calendar of each kind of mandate)."""
    from epn_tui.core.mandates import election_of as of

    return of(contact, settings, today)


def role_badges(contact: Contact) -> list[str]:
    badges = []
    if is_elu_referent(contact):
        badges.append(_("élu référent"))
    if is_agent_referent(contact):
        badges.append(_("agent référent"))
    if is_president(contact):
        badges.append(_("president"))
    if contact.committee:
        badges.append(_("steering committee"))
    return badges


def _extra_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def partner_card(partner: Partner, written: bool, is_epn: bool) -> Text:
    out = Text()
    out.append_text(line(partner.name, "bold"))
    out.append("\n")
    out.append_text(line(kind_text(partner.kind), "italic"))
    out.append("  ·  " + _(group_label(group_of(partner))).capitalize(), style="dim")
    if is_epn:
        out.append("\n" + _("Your own EPN"), style="bold cyan")
    elif not written:
        out.append("\n" + _("⚠ no written convention in force"), style="bold yellow")
    fields = (
        (_("Commune:"), partner.commune),
        (_("Address:"), partner.address),
        (_("SIRET:"), partner.siret),
        (_("Website:"), partner.website),
        (_("Tags:"), ", ".join(partner.tags)),
    )
    for name, value in fields:
        if value:
            out.append(f"\n{name} ", style="bold")
            out.append_text(line(value))
    if partner.notes:
        out.append("\n" + _("Notes:") + "\n", style="bold")
        out.append_text(plain(partner.notes))
    if partner.extra:
        out.append("\n" + _("Other fields (read-only):"), style="bold dim")
        for key in sorted(partner.extra):
            out.append("\n  ")
            out.append_text(line(f"{key}: {_extra_value(partner.extra[key])}", "dim"))
    return out


def contact_text(contact: Contact, settings: Settings, today: date) -> Text:
    from epn_tui.core.mandates import is_former

    out = Text()
    out.append_text(line(contact.name, "bold"))
    former = is_former(contact, today)
    if former:  # « ancien·ne élue référente », « ancien·ne élu·e »
        out.append(" — ")
        out.append_text(line(_("former {role}").format(role=contact.role or _("élu·e")),
                             "italic"))
    elif contact.role:
        out.append(" — ")
        out.append_text(line(contact.role))
    # A badge says what the free-text role means; no need to repeat the role itself.
    badges = [b for b in role_badges(contact) if fold(b) not in fold(contact.role)
              and not former]
    if badges:
        out.append("  ")
        out.append(" ".join(f"[{b}]" for b in badges), style="bold magenta")
    if contact.function:
        out.append("\n  ")
        out.append_text(line(contact.function, "italic"))
    if contact.elected:
        from epn_tui.core.mandates import is_former, mandate_end, mandate_start

        known = ELECTED_LABELS.get(contact.elected)
        mandate = _(known) if known else line(contact.elected).plain
        out.append("\n  ")
        start, end = mandate_start(contact), mandate_end(contact)
        if is_former(contact, today) and end is not None:
            # No longer in office: kept, with the history of the journal.
            out.append(_("former élu·e: {mandate}, ended on {date}").format(
                mandate=mandate, date=format_short(end)), style="bold dim")
        else:
            out.append(mandate, style="dim")
            if start is not None:
                out.append(" · " + _("since {date}").format(date=format_short(start)),
                           style="dim")
            if end is not None:
                out.append(" · " + _("until {date}").format(date=format_short(end)),
                           style="dim")
        if contact.verified:
            out.append(" · " + _("checked on {date}").format(date=format_short(contact.verified)),
                       style="dim")
    election = election_of(contact, settings, today)
    if election is not None:
        out.append("\n  ")
        out.append(_("⚠ not checked since the elections of {date}")
                   .format(date=format_short(election)), style="bold yellow")
        if contact.verified:
            out.append(" " + _("(last checked {date})").format(
                date=format_short(contact.verified)), style="yellow")
    reach = [v for v in (contact.email, contact.phone) if v]
    if reach:
        out.append("\n  ")
        out.append_text(line("  ·  ".join(reach), "cyan"))
    return out


def convention_text(conv: Convention, today: date, journal: Journal | None = None) -> Text:
    current, _term = state(conv, today)
    out = Text()
    out.append_text(line(conv.title, "bold"))
    out.append("\n  ")
    out.append(label(STATE_LABELS, current), style=STATE_STYLES.get(current, ""))
    upcoming = next_open_deadline(conv, today, journal) if conv.status == "signed" else None
    if upcoming is not None:
        out.append(" · ")
        out.append(_("next: {date} {what}").format(
            date=format_short(upcoming.date), what=deadline_label(upcoming)),
            style=urgency_badge(upcoming.days))
    return out


def contact_names(ids: Iterable[str], contacts: Mapping[str, Contact]) -> str:
    """Names of the contacts an interaction names; an unknown id as written."""
    return ", ".join(contacts[c].name if c in contacts else c for c in ids)


def interaction_text(item: Interaction, contacts: Mapping[str, Contact]) -> Text:
    out = Text()
    out.append(format_short(item.date) if item.date else _("no date"), style="bold")
    out.append(" · ")
    out.append_text(line(label(INTERACTION_LABELS, item.kind) or _("(no kind)"), "italic"))
    names = contact_names(item.contacts, contacts)
    if names:
        out.append(" · ")
        out.append_text(line(names, "dim"))
    if item.summary:
        out.append("\n  ")
        out.append_text(line(item.summary))
    if item.next_step or item.next_date:
        out.append("\n  → ", style="dim")
        if item.next_step:
            out.append_text(line(item.next_step, "dim"))
        if item.next_date:
            out.append(f" ({format_short(item.next_date)})", style="dim")
    return out


@dataclass(frozen=True, slots=True)
class NextStep:
    what: str
    when: date | None
    overdue: bool
    source: Interaction


def next_step(journal: Iterable[Interaction], today: date) -> NextStep | None:
    """The step planned by the latest interaction that planned one.

    Later interactions supersede the plans of earlier ones, so only the newest plan
    counts; if its date has passed it is overdue (nothing recorded it as done).
    """
    dated = [i for i in journal if i.next_step or i.next_date]
    if not dated:
        return None
    latest = max(dated, key=lambda i: (i.date or date.min, i.id))
    overdue = latest.next_date is not None and latest.next_date < today
    return NextStep(latest.next_step, latest.next_date, overdue, latest)


def next_step_text(step: NextStep | None, today: date) -> Text:
    if step is None:
        return Text(_("No next step planned."), style="italic dim")
    out = Text()
    out.append(_("Next step:") + " ", style="bold")
    out.append_text(line(step.what or _("(not described)"), "bold"))
    if step.when is not None:
        out.append(" — " + format_short(step.when), style="bold")
        days = (step.when - today).days
        if step.overdue:
            out.append("  " + _("overdue"), style="bold red")
        elif days == 0:
            out.append("  " + _("today"), style="bold yellow")
    return out
