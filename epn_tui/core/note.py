"""The élu's one-page note (`epn note`): what goes in it, as plain data.

Élus read short notes (DOMAIN.md). The note says, from the workspace alone: the EPN and
its élu and agent référents; the partnerships in numbers; the decisions to take in the
next six months (renewals to ask for, notices to give, conventions ending with no
renewal decided); the steering committee (last meeting, next one); three recommended
actions drawn from the health checks; the network by group.

Pure: built from the records and a date, with the functions the dashboard and
`epn health` use (`core/dashboard.summarize`, `core/health`), so the note says what
they say. Nothing is cut here: `render/note.py` keeps the first items of each list and
says how many more there are, so that the page never overflows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from datetime import date as Date

from dateutil.relativedelta import relativedelta

from epn_tui.core.dashboard import summarize
from epn_tui.core.durations import Duration
from epn_tui.core.health import (
    Finding,
    check_renewals,
    committee_interval,
    health_checks,
)
from epn_tui.core.mandates import unverified
from epn_tui.core.model import Contact, Convention, Interaction, Partner, Settings
from epn_tui.core.network import build_network, records
from epn_tui.core.roles import mentions_committee
from epn_tui.core.terms import _minus, deadlines_within, final_end
from epn_tui.core.text import one_line

WINDOW_MONTHS = 6  # the decisions of the next six months
ACTIONS = 3  # recommended actions drawn from the health checks
# Decision kinds, as render/note.py words them.
DECISION_KINDS = ("notice", "request", "end", "prepared")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    function: str  # the function, else the role, as typed on the card
    partner: str  # the name of their organisation
    unverified: date | None = None  # the election they have not been checked since


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision to take: `notice` (the last day to give notice, else the convention
    renews itself), `request` (the last day to ask for an express renewal), `end` (it
    ends and no renewal is decided), `prepared` (it ends; a renewal is being prepared)."""

    date: date
    kind: str  # one of DECISION_KINDS
    convention: str  # its id
    title: str
    partners: str  # the other parties' names, joined
    request_passed: Date | None = None  # `end`: the day to ask for renewal has passed


@dataclass(frozen=True, slots=True)
class Committee:
    members: int
    last: date | None  # last meeting held (journal, kind « steering committee »)
    planned: date | None  # the next one on the calendar (journal or a follow-up)
    due: date | None  # when it should meet at the latest (last + interval)
    every: Duration


@dataclass(frozen=True, slots=True)
class Action:
    severity: str  # alert | warning | info
    kind: str
    message: str
    advice: str


@dataclass(frozen=True, slots=True)
class GroupCount:
    key: str
    label: str  # msgid (translate when shown)
    names: tuple[tuple[str, bool], ...]  # (partner name, has a written convention)

    @property
    def unwritten(self) -> int:
        return sum(1 for _name, written in self.names if not written)


@dataclass(frozen=True, slots=True)
class Note:
    today: date
    until: date  # the end of the six months the decisions cover
    epn: str  # the EPN's name ("" when epn.yaml names none)
    commune: str
    collectivites: tuple[str, ...]
    elus: tuple[Person, ...]
    agents: tuple[Person, ...]
    in_force: int  # conventions in force today
    upcoming: int  # signed, not started yet
    in_preparation: int
    partners: int  # every partner but the EPN
    unwritten: tuple[str, ...]  # partners without a written convention, by name
    decisions: tuple[Decision, ...]  # by date
    committee: Committee
    actions: tuple[Action, ...]  # at most ACTIONS
    findings: int  # how many points `epn health` lists
    groups: tuple[GroupCount, ...]  # the network, by group


def six_months(today: date) -> date:
    try:
        return today + relativedelta(months=WINDOW_MONTHS)
    except (ValueError, OverflowError):  # near year 9999
        return date.max


def _person(contact: Contact, partners: Mapping[str, Partner],
            unverified: Mapping[str, date]) -> Person:
    partner = partners.get(contact.partner)
    return Person(one_line(contact.name), one_line(contact.function or contact.role),
                  one_line(partner.name if partner is not None else contact.partner),
                  unverified.get(contact.id))


def _others(conv: Convention, partners: Mapping[str, Partner], epn: str | None) -> str:
    names = [one_line(partners[p].name) if p in partners else p
             for p in dict.fromkeys(conv.partner_ids) if p != epn]
    return ", ".join(names)


def decisions(settings: Settings, conventions: list[Convention],
              partners: Mapping[str, Partner], today: date, until: date) -> list[Decision]:
    """Notices to give, renewals to ask for, ends with no renewal decided, up to
    `until`. The renewal question is `core/health.check_renewals`'s (with this window):
    a convention renewed by a signed one, or whose amended convention carries the
    question, asks nothing."""
    days = (until - today).days
    by_id = {c.id: c for c in conventions}
    open_renewals: dict[str, Finding] = {
        f.subject: f for f in check_renewals(conventions, today, days)}
    out: list[Decision] = []
    requested: set[str] = set()
    for d in deadlines_within(conventions, today, days):
        if d.kind != "notice":
            continue
        conv = by_id[d.convention]
        if d.express:
            finding = open_renewals.get(conv.id)
            if finding is None or finding.severity == "info":
                continue  # renewed already, or its renewal is being prepared
            requested.add(conv.id)
            kind = "request"
        else:
            kind = "notice"
        out.append(Decision(d.date, kind, conv.id, one_line(conv.title),
                            _others(conv, partners, settings.epn)))
    for conv_id, finding in open_renewals.items():
        ending = by_id.get(conv_id)
        end = final_end(ending) if ending is not None else None
        if ending is None or end is None or conv_id in requested:
            continue
        conv = ending
        passed = None
        if conv.renewal == "express" and conv.notice is not None:
            ask = _minus(end, conv.notice)
            passed = ask if ask is not None and ask < today else None
        kind = "prepared" if finding.severity == "info" else "end"
        out.append(Decision(end, kind, conv.id, one_line(conv.title),
                            _others(conv, partners, settings.epn), passed))
    out.sort(key=lambda d: (d.date, d.convention, DECISION_KINDS.index(d.kind)))
    return out


def committee(conventions: list[Convention], interactions: list[Interaction],
              members: int, last: date | None, today: date, until: date) -> Committee:
    """The last meeting (the dashboard's), the next on the calendar — a journal entry
    of kind « steering committee » dated later, or a follow-up of a convention about
    the committee — and when it should meet at the latest (`epn health`'s interval)."""
    every = committee_interval(conventions, today)
    planned = [i.date for i in interactions
               if i.kind == "committee" and i.date is not None and i.date > today]
    days = (until - today).days
    planned += [d.date for d in deadlines_within(conventions, today, days)
                if d.kind == "follow-up" and d.what and mentions_committee(d.what)]
    due = None
    if last is not None:
        try:
            due = last + every.delta
        except (ValueError, OverflowError):
            due = None
    return Committee(members=members, last=last, planned=min(planned, default=None),
                     due=due, every=every)


def recommended(findings: list[Finding], interactions: Iterable[Interaction],
                partners: Mapping[str, Partner], count: int = ACTIONS) -> list[Action]:
    """The first `count` findings of `epn health` (most severe first), one per kind
    before a second of the same kind. A next step's advice (how to mark it done, for
    the lead) becomes the partner it concerns, which is what an élu needs."""
    chosen: list[Finding] = []
    kinds: set[str] = set()
    for f in findings:
        if len(chosen) < count and f.kind not in kinds:
            chosen.append(f)
            kinds.add(f.kind)
    for f in findings:
        if len(chosen) >= count:
            break
        if f not in chosen:
            chosen.append(f)
    chosen.sort(key=findings.index)
    entries = {i.id: i for i in interactions}
    out = []
    for f in chosen:
        advice = f.advice
        if f.kind == "next-step":
            entry = entries.get(f.subject)
            partner = partners.get(entry.partner) if entry is not None else None
            advice = partner.name if partner is not None else (
                entry.partner if entry is not None else "")
        out.append(Action(f.severity, f.kind, one_line(f.message), one_line(advice)))
    return out


def build_note(settings: Settings, conventions: Mapping[str, Convention],
               partners: Mapping[str, Partner], contacts: Mapping[str, Contact],
               interactions: Mapping[str, Interaction] | Iterable[Interaction],
               today: date) -> Note:
    """The note for `today`: `build_note(*ws.records(), today)`."""
    inters = records(interactions)
    convs = list(conventions.values())
    until = six_months(today)
    summary = summarize(settings, conventions, partners, contacts, inters, today)
    late = {c.id: day for c, day in unverified(settings, [*summary.elus, *summary.agents],
                                               today)}
    findings = health_checks(settings, conventions, partners, contacts, inters, today)
    net = build_network(settings, conventions, partners, contacts, inters, today)
    epn = summary.epn
    return Note(
        today=today, until=until,
        epn=one_line(epn.name) if epn is not None else "",
        commune=one_line(epn.commune) if epn is not None else "",
        collectivites=tuple(one_line(p.name) for p in summary.collectivites),
        elus=tuple(_person(c, partners, late) for c in summary.elus),
        agents=tuple(_person(c, partners, late) for c in summary.agents),
        in_force=summary.counts.get("active", 0),
        upcoming=summary.counts.get("upcoming", 0),
        in_preparation=summary.counts.get("project", 0),
        partners=sum(1 for p in partners if p != settings.epn),
        unwritten=tuple(one_line(p.name) for p in summary.unwritten),
        decisions=tuple(decisions(settings, convs, partners, today, until)),
        committee=committee(convs, inters, len(summary.committee), summary.last_committee,
                            today, until),
        actions=tuple(recommended(findings, inters, partners)),
        findings=len(findings),
        groups=tuple(GroupCount(g.key, g.label,
                                tuple((one_line(n.name), n.written) for n in g.nodes))
                     for g in net.groups),
    )

