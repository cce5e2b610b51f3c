"""Relationship health: the guide's questions (DOMAIN.md) as checks.

Each check is a pure function of plain records and a date, returning `Finding`s: what
is wrong, about whom, and what to do. They are advice, never errors. The dashboard and
`epn health` call `health_checks(...)`:

    health_checks(*ws.records(), today)   # settings, conventions, partners, contacts,
                                          # interactions (store/workspace.Records)

Every collection may be given as `{id: record}` or as a plain sequence of records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from epn_tui.core.collate import sort_key
from epn_tui.core.dates import format_long, format_short
from epn_tui.core.durations import Duration
from epn_tui.core.mandates import in_office, unverified
from epn_tui.core.model import Contact, Convention, Interaction, Partner, Settings
from epn_tui.core.network import is_written, last_contact_dates, records
from epn_tui.core.next_steps import overdue_next_steps
from epn_tui.core.roles import (
    fold,
    is_agent_referent,
    is_elu_referent,
    is_president,
    mentions_committee,
)
from epn_tui.core.terms import _minus, final_end, state, window_end
from epn_tui.core.text import one_line
from epn_tui.i18n import N_, _, ngettext

SEVERITIES = ("alert", "warning", "info")
SEVERITY_LABELS = {"alert": N_("alert"), "warning": N_("warning"), "info": N_("info")}
# Kinds of finding, in the order `epn health` lists them within one severity.
KINDS = (
    "epn", "collectivite", "elu-referent", "agent-referent", "president",
    "committee-members", "committee-meeting", "renewal", "next-step", "follow-up", "unwritten",
    "election", "silence",
)
DEFAULT_COMMITTEE_EVERY = Duration(months=6)
URGENT_DAYS = 30  # a convention ending this soon without renewal is an alert
ELECTION_LABELS = {
    "municipal": N_("municipal elections"),
    "departmental": N_("departmental elections"),
    "regional": N_("regional elections"),
    "communautaire": N_("installation of the conseils communautaires"),
}
_COLLECTIVITE_KINDS = ("MUNI", "EPCI")


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # one of KINDS
    severity: str  # one of SEVERITIES
    subject: str  # the id of the partner, contact or convention concerned ("" = the EPN)
    subject_type: str  # "partner" | "contact" | "convention" | "epn"
    message: str  # translated, one line
    advice: str  # translated, what to do

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "severity": self.severity, "subject": self.subject,
            "subject_type": self.subject_type, "message": self.message, "advice": self.advice,
        }


def _name(record: Partner | Contact | Convention | None, fallback: str) -> str:
    if record is None:
        return fallback
    text = record.title if isinstance(record, Convention) else record.name
    return one_line(text)


def duration_text(duration: Duration) -> str:
    """`6 mois`, `1 an et 3 mois`: a duration as a person says it."""
    parts = []
    if duration.years:
        parts.append(ngettext("{n} year", "{n} years", duration.years).format(n=duration.years))
    if duration.months:
        parts.append(ngettext("{n} month", "{n} months", duration.months)
                     .format(n=duration.months))
    if duration.days or not parts:
        parts.append(ngettext("{n} day", "{n} days", duration.days).format(n=duration.days))
    return _(" and ").join(parts)


# The EPN's collectivité and its referents -------------------------------------------------
def epn_collectivites(settings: Settings, conventions: Iterable[Convention],
                      partners: Mapping[str, Partner]) -> list[Partner]:
    """The MUNI or EPCI partners party to a convention with the EPN; failing that, the
    commune (MUNI) of the EPN's own commune."""
    epn = settings.epn
    found: dict[str, Partner] = {}
    if epn:
        for conv in conventions:
            if epn not in conv.partner_ids:
                continue
            for pid in conv.partner_ids:
                partner = partners.get(pid)
                if partner is not None and partner.kind.upper() in _COLLECTIVITE_KINDS:
                    found[pid] = partner
    if not found and epn and epn in partners:
        commune = fold(partners[epn].commune)
        for partner in partners.values():
            if (commune and partner.kind.upper() == "MUNI" and partner.id != epn
                    and fold(partner.commune) == commune):
                found[partner.id] = partner
    # The commune first: it is the EPN's first interlocutor.
    return sorted(found.values(),
                  key=lambda p: (p.kind.upper() != "MUNI", sort_key(p.name), p.id))


@dataclass(slots=True)
class Glance:
    """The guide's questions answered with names (DOMAIN.md): the dashboard's « At a
    glance » shows it and `epn health` turns it into findings, so both say the same."""

    collectivites: list[Partner]
    elus: list[Contact]  # élus référents in office at the collectivités
    agents: list[Contact]
    committee: list[Contact]
    meetings: list[date]  # steering committee meetings held, by date
    written: set[str]  # partners with a written convention upcoming or in force
    preparing: dict[str, str]  # partner → a convention in project for them
    unverified: list[tuple[Contact, date]]  # (contact, the election they predate)
    staff: dict[str, list[Contact]] = field(default_factory=dict)  # collectivité → agents


def _people(contacts: Iterable[Contact]) -> list[Contact]:
    return sorted(contacts, key=lambda c: (c.partner, sort_key(c.name), c.id))


# Words of a function or role that make an agent a likely agent référent.
_DIGITAL_WORDS = ("numerique", "inclusion", "mediat", "conseiller num", "informatique",
                  "digital")


def written_partners(conventions: Iterable[Convention],
                     today: date) -> tuple[set[str], dict[str, str]]:
    """The partners with a written convention upcoming or in force, and those with one
    being prepared (partner → that convention's id)."""
    written: set[str] = set()
    preparing: dict[str, str] = {}
    for conv in conventions:
        current = state(conv, today)[0]
        for pid in conv.partner_ids:
            if is_written(conv, current):
                written.add(pid)
            elif current == "project":
                preparing.setdefault(pid, conv.id)
    return written, preparing


def glance(settings: Settings, conventions: Iterable[Convention],
           partners: Mapping[str, Partner], contacts: Iterable[Contact],
           interactions: Iterable[Interaction], today: date) -> Glance:
    convs = list(conventions)
    people = _people(contacts)
    collectivites = epn_collectivites(settings, convs, partners)
    coll_ids = {p.id for p in collectivites}
    written, preparing = written_partners(convs, today)
    staff: dict[str, list[Contact]] = {}
    for c in people:
        if c.partner in coll_ids and not c.elected and not is_agent_referent(c):
            words = fold(f"{c.role} {c.function}")
            if any(w in words for w in _DIGITAL_WORDS):
                staff.setdefault(c.partner, []).append(c)
    return Glance(
        collectivites=collectivites,
        elus=[c for c in people if c.partner in coll_ids and is_elu_referent(c)
              and in_office(c, today)],
        agents=[c for c in people if c.partner in coll_ids and is_agent_referent(c)],
        committee=[c for c in people if c.committee and in_office(c, today)],
        meetings=sorted(i.date for i in interactions
                        if i.kind == "committee" and i.date is not None and i.date <= today),
        written=written, preparing=preparing,
        unverified=unverified(settings, people, today),
        staff=staff,
    )


def run_by_association(epn: Partner) -> bool:
    """An EPN carried by an association: kind ASSO, an `association` tag, or the word in
    its name (`EPN de Sorges (association Sorges Numérique)`)."""
    words = [epn.name, *epn.tags, str(epn.extra.get("legal_form", ""))]
    return epn.kind.upper() == "ASSO" or any("association" in fold(w) for w in words)


def check_referents(settings: Settings, conventions: Iterable[Convention],
                    partners: Mapping[str, Partner], contacts: Iterable[Contact],
                    today: date | None = None, seen: Glance | None = None) -> list[Finding]:
    """An élu référent (in office) and an agent référent for the EPN's collectivité(s);
    the association's president for an EPN run by an association."""
    out: list[Finding] = []
    people = list(contacts)
    g = seen or glance(settings, conventions, partners, people, (), today or date.today())
    if not settings.epn:
        out.append(Finding("epn", "warning", "", "epn", _(
            "epn.yaml does not say which partner is the EPN itself"), _(
            "add the EPN to the directory (kind EPN) and write its id as `epn:` in epn.yaml")))
    if not g.collectivites:
        out.append(Finding("collectivite", "warning", settings.epn or "", "epn", _(
            "no collectivité (commune or intercommunalité) is linked to the EPN"), _(
            "add your commune (kind MUNI) or intercommunalité (EPCI) to the directory with "
            "its élu and agent référents, and write the convention that links you")))
    elus = {c.partner for c in g.elus}
    agents = {c.partner for c in g.agents}
    for coll in g.collectivites:
        own = [c for c in people if c.partner == coll.id]
        name = _name(coll, coll.id)
        if coll.id not in elus:
            elected = [one_line(c.name) for c in own
                       if c.elected and (today is None or in_office(c, today))]
            advice = (_("ask who follows digital matters among the élus ({names}) and write "
                        "« élu référent » in their card's « Role »").format(
                            names=", ".join(elected))
                      if elected else
                      _("ask the mayor or president which élu follows the EPN, and add them "
                        "with « élu référent » as their « Role »"))
            out.append(Finding("elu-referent", "warning", coll.id, "partner", _(
                "no élu référent at {partner}").format(partner=name), advice))
        if coll.id not in agents:
            staff = g.staff.get(coll.id, [])
            epci = coll.kind.upper() == "EPCI"
            if staff:
                names = ", ".join(
                    one_line(c.name) + (f" ({one_line(c.function or c.role)})"
                                        if (c.function or c.role) else "")
                    for c in staff)
                advice = (_("{names} could take the role: ask them and the DGS, then write "
                            "« agent référent » in their card's « Role »")
                          if epci else
                          _("{names} could take the role: ask them and the DGS or the town "
                            "clerk, then write « agent référent » in their card's « Role »")
                          ).format(names=names)
            elif epci:
                advice = _("ask the DGS of the intercommunalité which agent follows public "
                           "digital access, and add them with « agent référent » as their "
                           "« Role »")
            else:
                advice = _("ask the DGS or the town clerk which agent follows public digital "
                           "access, and add them with « agent référent » as their « Role »")
            out.append(Finding("agent-referent", "warning", coll.id, "partner", _(
                "no agent référent at {partner}").format(partner=name), advice))
    epn = partners.get(settings.epn or "")
    if epn is not None and run_by_association(epn):
        if not any(c.partner == epn.id and is_president(c) for c in people):
            out.append(Finding("president", "warning", epn.id, "partner", _(
                "the president of the association running the EPN is not in the directory"), _(
                "add them as a contact of the EPN with « président » as their « Role »: the "
                "guide advises a three-way relation between the collectivité, the "
                "association's board and the EPN lead")))
    return out


# The steering committee ------------------------------------------------------------------
def committee_interval(conventions: Iterable[Convention], today: date) -> Duration:
    """The `every` of a follow-up about the committee (the shortest, in conventions not
    over), else six months."""
    found = [
        f.every for conv in conventions
        if state(conv, today)[0] not in ("expired", "terminated")
        for f in conv.follow_up
        if mentions_committee(f.what) and not f.every.is_zero and not f.every.open_ended
    ]
    return min(found, key=lambda d: d.approx_days) if found else DEFAULT_COMMITTEE_EVERY


def check_committee(conventions: Iterable[Convention], contacts: Iterable[Contact],
                    interactions: Iterable[Interaction], today: date) -> list[Finding]:
    out: list[Finding] = []
    if not any(c.committee and in_office(c, today) for c in contacts):
        out.append(Finding("committee-members", "warning", "", "epn", _(
            "the steering committee has no members"), _(
            "tick « Steering committee: member » on their cards in the directory: élus, agents, "
            "partners and users' representatives")))
    every = committee_interval(conventions, today)
    meetings = [i.date for i in interactions
                if i.kind == "committee" and i.date is not None and i.date <= today]
    if not meetings:
        out.append(Finding("committee-meeting", "warning", "", "epn", _(
            "no steering committee meeting is recorded"), _(
            "hold one (at the EPN, so that élus and agents see it at work) and record it in the "
            "journal with the kind « steering committee »")))
        return out
    last = max(meetings)
    due = last + every.delta
    if due < today:
        out.append(Finding("committee-meeting", "warning", "", "epn", _(
            "the steering committee last met on {date}; it should meet every {every}")
            .format(date=format_long(last), every=duration_text(every)), _(
            "set a date for the next committee and send the invitations with the latest "
            "indicators")))
    return out


# Written conventions and renewals -------------------------------------------------------
def check_unwritten(settings: Settings, conventions: Iterable[Convention],
                    partners: Mapping[str, Partner], today: date) -> list[Finding]:
    """Partners with no signed convention upcoming or in force."""
    written, preparing = written_partners(conventions, today)
    out: list[Finding] = []
    for partner in sorted(partners.values(), key=lambda p: p.id):
        if partner.id == settings.epn or partner.id in written:
            continue
        name = _name(partner, partner.id)
        if partner.id in preparing:
            out.append(Finding("unwritten", "info", partner.id, "partner", _(
                "{partner}: no written convention yet ({id} is being prepared)")
                .format(partner=name, id=preparing[partner.id]), _(
                "agree each party's role, the duration and the financial terms, then have it "
                "signed")))
        else:
            out.append(Finding("unwritten", "warning", partner.id, "partner", _(
                "{partner}: no written convention").format(partner=name), _(
                "write a convention stating how the partnership works, its duration and each "
                "partner's role, validated by each partner")))
    return out


RENEWING = ("signed", "draft", "negotiation")


def _renewals(conv: Convention, end: date,
              by_partner: Mapping[str, list[Convention]],
              everyone: list[Convention]) -> list[Convention]:
    """Newer conventions or avenants for the same partners that go on after `end`.

    `by_partner` lists, for each partner, the conventions (signed, draft or in
    negotiation, in their order) it is party to: only those of the convention's least
    busy partner need a look (at 10,000 conventions, looking at all of them for each of
    the 200 ending ones took 2 s)."""
    parties = set(conv.partner_ids)
    others = min((by_partner.get(p, []) for p in parties), key=len) if parties else everyone
    found = []
    for other in others:
        if other.id == conv.id or other.status not in RENEWING:
            continue
        if not parties <= set(other.partner_ids):
            continue
        newer = other.amends == conv.id or other.start is None or (
            conv.start is not None and other.start > conv.start)
        other_end = final_end(other)
        if newer and (other_end is None or other_end > end):
            found.append(other)
    return found


def check_renewals(conventions: Iterable[Convention], today: date,
                   horizon_days: int) -> list[Finding]:
    """Conventions ending within the horizon with no renewal decided."""
    convs = list(conventions)
    by_id = {c.id: c for c in convs}
    by_partner: dict[str, list[Convention]] = {}
    for c in convs:
        if c.status in RENEWING:
            for partner in set(c.partner_ids):
                by_partner.setdefault(partner, []).append(c)
    last = window_end(today, horizon_days)
    out: list[Finding] = []
    for conv in sorted(convs, key=lambda c: c.id):
        if conv.status != "signed" or state(conv, today)[0] not in ("active", "upcoming"):
            continue
        end = final_end(conv)
        if end is None or end < today:
            continue
        # An express renewal is asked for by its notice date: advised from the day that
        # date enters the horizon, even when the end is further.
        ask_by = (_minus(end, conv.notice) if conv.renewal == "express"
                  and conv.notice is not None else None)
        if end > last and (ask_by is None or ask_by > last):
            continue
        parent = by_id.get(conv.amends or "")
        parent_end = final_end(parent) if parent is not None else None
        if parent is not None and (parent_end is None or parent_end >= end):
            continue  # the amended convention carries the question
        renewals = _renewals(conv, end, by_partner, convs)
        if any(r.status == "signed" for r in renewals):
            continue
        title = _name(conv, conv.id)
        days = (end - today).days
        if renewals:
            out.append(Finding("renewal", "info", conv.id, "convention", _(
                "{title} ends on {date}; its renewal {id} is being prepared")
                .format(title=title, date=format_long(end), id=renewals[0].id), _(
                "have the renewal signed before the end")))
            continue
        notice_passed = ask_by is not None and ask_by < today
        severity = "alert" if days <= URGENT_DAYS or notice_passed else "warning"
        message = ngettext("{title} ends on {date} (in {n} day) and no renewal is decided",
                           "{title} ends on {date} (in {n} days) and no renewal is decided",
                           days).format(title=title, date=format_long(end), n=days)
        if notice_passed and ask_by is not None:
            advice = _("the notice date to ask for renewal ({date}) has passed: contact the "
                       "partner now, then write the new convention or an avenant").format(
                date=format_long(ask_by))
        elif ask_by is not None:
            advice = _("ask the partner for the renewal by {date} (the last day to ask for "
                       "it), then write the new convention or an avenant").format(
                date=format_long(ask_by))
        else:
            advice = _("decide with the partner: write a new convention or an avenant, or let "
                       "it end and tell them")
        out.append(Finding("renewal", severity, conv.id, "convention", message, advice))
    return out


# People and contact -------------------------------------------------------------------
def check_elections(settings: Settings, contacts: Iterable[Contact],
                    partners: Mapping[str, Partner], today: date) -> list[Finding]:
    """Elected contacts in office not verified since the last election of their mandate
    kind (core/mandates.py: the calendar, every round)."""
    out: list[Finding] = []
    for contact, election in unverified(settings, sorted(contacts, key=lambda c: c.id), today):
        assert contact.elected is not None
        what = ELECTION_LABELS.get(contact.elected)
        out.append(Finding("election", "warning", contact.id, "contact", _(
            "{name} ({partner}) has not been checked since the {elections} of {date}")
            .format(name=_name(contact, contact.id),
                    partner=_name(partners.get(contact.partner), contact.partner),
                    elections=_(what) if what else one_line(contact.elected),
                    date=format_long(election)), _(
            "check that they still hold their mandate and delegation; if not, contact their "
            "successor quickly, then fill in « Checked on » on their card (and the mandate's "
            "end for a former élu)")))
    return out


def check_next_steps(interactions: Iterable[Interaction], partners: Mapping[str, Partner],
                     today: date) -> list[Finding]:
    """Next steps of the journal whose date has passed and that are not done."""
    return [Finding("next-step", "alert", d.entry or "", "interaction", _(
        "{step} — {date}, overdue").format(step=one_line(d.what or ""),
                                          date=format_short(d.date)), _(
        "{partner}; once done: x on the journal entry (Partners) or `epn journal done "
        "{id}`").format(partner=one_line(d.title), id=d.entry or ""))
        for d in overdue_next_steps(interactions, partners, today)]


def check_follow_ups(settings: Settings, conventions: Iterable[Convention],
                     partners: Mapping[str, Partner], interactions: Iterable[Interaction],
                     today: date) -> list[Finding]:
    """Follow-up occurrences past due that no journal entry records (core/follow_ups.py:
    the latest of each follow-up, until the next one is due)."""
    from epn_tui.core.follow_ups import Journal, overdue

    convs = list(conventions)
    late = overdue(convs, Journal.of(interactions, settings.epn), today, final_end)
    by_id = {c.id: c for c in convs}
    out = []
    for d in late:
        conv = by_id[d.convention]
        names = [_name(partners.get(p), p) for p in dict.fromkeys(conv.partner_ids)
                 if p != settings.epn]
        out.append(Finding("follow-up", "alert", conv.id, "convention", _(
            "{what} — {title} — {date}, overdue").format(
            what=one_line(d.what or ""), title=_name(conv, conv.id), date=format_short(d.date)),
            _("once done, record it in the journal of {partner} (or `follows: {id}` on "
              "the entry)").format(partner=", ".join(names) or _("a partner"), id=conv.id)))
    return out


def check_silence(settings: Settings, partners: Mapping[str, Partner],
                  contacts: Mapping[str, Contact], interactions: Iterable[Interaction],
                  today: date) -> list[Finding]:
    """Partners with no interaction for more than `silence` months (default 6)."""
    months = settings.silence_months
    try:
        cutoff = today - relativedelta(months=months)
    except (ValueError, OverflowError):  # before year 1: nobody can be silent that long
        cutoff = date.min
    last_seen = last_contact_dates(interactions, contacts)
    out: list[Finding] = []
    for partner in sorted(partners.values(), key=lambda p: p.id):
        if partner.id == settings.epn:
            continue
        seen = last_seen.get(partner.id)
        name = _name(partner, partner.id)
        if seen is None:
            message = _("{partner}: no interaction recorded").format(partner=name)
        elif seen < cutoff:
            message = ngettext(
                "{partner}: no interaction for more than {n} month (last on {date})",
                "{partner}: no interaction for more than {n} months (last on {date})",
                months).format(partner=name, n=months, date=format_long(seen))
        else:
            continue
        out.append(Finding("silence", "info", partner.id, "partner", message, _(
            "get in touch: a call, a visit, or the latest activity report; record it as an "
            "interaction")))
    return out


# All of them -------------------------------------------------------------------------
def health_checks(
    settings: Settings,
    conventions: Mapping[str, Convention] | Iterable[Convention],
    partners: Mapping[str, Partner] | Iterable[Partner],
    contacts: Mapping[str, Contact] | Iterable[Contact],
    interactions: Mapping[str, Interaction] | Iterable[Interaction],
    today: date,
) -> list[Finding]:
    """Every check, sorted by severity, then kind, then subject."""
    convs = records(conventions)
    partner_by_id = {p.id: p for p in records(partners)}
    contact_by_id = {c.id: c for c in records(contacts)}
    inters = records(interactions)
    people = list(contact_by_id.values())
    found = [
        *check_referents(settings, convs, partner_by_id, people, today,
                         glance(settings, convs, partner_by_id, people, inters, today)),
        *check_committee(convs, people, inters, today),
        *check_next_steps(inters, partner_by_id, today),
        *check_follow_ups(settings, convs, partner_by_id, inters, today),
        *check_renewals(convs, today, settings.horizon_days),
        *check_unwritten(settings, convs, partner_by_id, today),
        *check_elections(settings, people, partner_by_id, today),
        *check_silence(settings, partner_by_id, contact_by_id, inters, today),
    ]
    found.sort(key=lambda f: (SEVERITIES.index(f.severity), KINDS.index(f.kind), f.subject))
    return found
