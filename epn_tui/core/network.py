"""The partner network as a graph: the EPN at the centre, partners grouped by kind.

Pure: built from plain records (settings, conventions, partners, contacts,
interactions) and a date; the text overview, the Réseau screen and the Mermaid, DOT
and SVG exports all draw this one model. Every sequence in it is in a stable order
(groups in a fixed order, then names in French order, then ids) so exports are reproducible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from epn_tui.core.collate import sort_key
from epn_tui.core.follow_ups import Journal, next_open_deadline
from epn_tui.core.model import (
    UNWRITTEN,
    Contact,
    Convention,
    Deadline,
    Interaction,
    Partner,
    Settings,
)
from epn_tui.core.roles import fold, is_agent_referent, is_elu_referent, is_president
from epn_tui.core.terms import final_end, state
from epn_tui.core.vocabulary import STATE_RANK
from epn_tui.i18n import N_

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class GroupDef:
    key: str  # stable, used by `--kind` and in export ids
    label: str  # msgid: translate with `_()` when shown
    kinds: tuple[str, ...]


# The order is the display order, and the order of the sectors of the SVG.
GROUPS: tuple[GroupDef, ...] = (
    GroupDef("authorities", N_("local authorities"), ("MUNI", "EPCI", "DEPT", "REG")),
    GroupDef("education", N_("education"), ("ECOLE", "COLLEGE", "LYCEE", "UNIV")),
    GroupDef("social", N_("social services"), ("CCAS", "CAF", "PIMMS", "FS", "MSAP")),
    GroupDef("employment", N_("employment and State"), ("ETAT",)),
    GroupDef("associations", N_("associations"), ("ASSO", "TIERS_LIEUX")),
    GroupDef("culture", N_("culture and libraries"), ("BIB",)),
    GroupDef("epn", N_("other EPNs"), ("EPN",)),
    GroupDef("companies", N_("companies"), ("ENTREPRISE",)),
    GroupDef("other", N_("others"), ()),
)
GROUP_KEYS = tuple(g.key for g in GROUPS)
_GROUP_BY_KIND = {kind: g.key for g in GROUPS for kind in g.kinds}
_GROUP_LABELS = {g.key: g.label for g in GROUPS}
# A partner tagged `emploi` (a mission locale, a GEIQ, an agency) joins the employment
# group unless its kind already places it among authorities, schools, social services,
# libraries or EPNs, where its kind says more about the relationship than the tag.
_EMPLOYMENT_TAGS = {"emploi", "employment", "insertion professionnelle"}
_TAG_MAY_MOVE = {"associations", "companies", "other"}

# `unwritten` is not a convention state: it selects partners with no written convention.


def group_label(key: str) -> str:
    """The msgid of a group's label (translate it with `_()`)."""
    return _GROUP_LABELS.get(key, key)


def group_of(partner: Partner) -> str:
    group = _GROUP_BY_KIND.get(partner.kind.strip().upper(), "other")
    if group in _TAG_MAY_MOVE and any(fold(t) in _EMPLOYMENT_TAGS for t in partner.tags):
        return "employment"
    return group


def is_written(conv: Convention, current_state: str) -> bool:
    """A written convention covers the partnership: signed, and upcoming or in force."""
    return conv.status == "signed" and current_state in ("active", "upcoming")


@dataclass(frozen=True, slots=True)
class ConventionLink:
    """One convention as seen from one of its parties."""

    id: str
    title: str
    type: str | None
    status: str
    state: str
    term: int | None
    themes: tuple[str, ...]
    final_end: date | None
    next_deadline: Deadline | None
    role: str  # the partner's role in it, as written
    partners: tuple[str, ...]  # every party's partner id
    written: bool


@dataclass(frozen=True, slots=True)
class PersonNode:
    """A contact of a partner, with the marks the overview shows."""

    id: str
    name: str
    role: str
    function: str
    elected: str | None
    verified: date | None
    committee: bool
    elu_referent: bool
    agent_referent: bool
    president: bool
    signatory: bool  # signed one of the partner's conventions

    @property
    def marked(self) -> bool:
        return self.elu_referent or self.agent_referent or self.committee or self.president

    @property
    def key(self) -> bool:
        """Shown in the exports: the marked contacts and the signatories."""
        return self.marked or self.signatory


@dataclass(frozen=True, slots=True)
class PartnerNode:
    id: str
    name: str
    kind: str
    group: str
    commune: str
    tags: tuple[str, ...]
    known: bool  # False: named by a convention but missing from partners.json
    conventions: tuple[ConventionLink, ...]
    contacts: tuple[PersonNode, ...]
    written: bool  # has a written convention (among all its conventions, unfiltered)
    in_preparation: bool  # a draft or a convention in negotiation exists
    last_interaction: date | None

    @property
    def key_contacts(self) -> tuple[PersonNode, ...]:
        return tuple(c for c in self.contacts if c.key)


@dataclass(frozen=True, slots=True)
class Group:
    key: str
    label: str  # msgid
    nodes: tuple[PartnerNode, ...]


@dataclass(frozen=True, slots=True)
class Edge:
    """One line of the map between two organisations, for all their conventions shown.

    A partner with no convention shown still hangs on the EPN (`conventions` empty).
    """

    source: str  # the EPN's id for conventions with it
    target: str
    conventions: tuple[str, ...]
    states: tuple[str, ...]  # the computed state of each, same order
    written: bool  # one of them is a written convention

    @property
    def best_state(self) -> str | None:
        return min(self.states, key=lambda s: STATE_RANK.get(s, 9)) if self.states else None


@dataclass(frozen=True, slots=True)
class NetworkFilter:
    """Conditions joined by AND; the values inside one condition by OR."""

    themes: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # partner kind codes (ASSO) or group keys (social)

    @property
    def active(self) -> bool:
        return bool(self.themes or self.states or self.kinds)


@dataclass(frozen=True, slots=True)
class Network:
    today: date
    centre: PartnerNode  # the EPN itself (a placeholder when epn.yaml names none)
    groups: tuple[Group, ...]  # non-empty groups, in GROUPS order
    edges: tuple[Edge, ...]
    filter: NetworkFilter = field(default_factory=NetworkFilter)
    total_partners: int = 0  # before filtering

    @property
    def nodes(self) -> tuple[PartnerNode, ...]:
        return tuple(n for g in self.groups for n in g.nodes)

    def node(self, partner_id: str) -> PartnerNode | None:
        if partner_id == self.centre.id:
            return self.centre
        for n in self.nodes:
            if n.id == partner_id:
                return n
        return None

    @property
    def unwritten(self) -> tuple[PartnerNode, ...]:
        return tuple(n for n in self.nodes if not n.written)

    @property
    def conventions_in_force(self) -> int:
        ids = {c.id for n in self.nodes for c in n.conventions if c.state == "active"}
        return len(ids)


def records(items: Mapping[str, T] | Iterable[T]) -> list[T]:
    """Accept `{id: record}` (what the store gives) as well as a plain sequence."""
    if isinstance(items, Mapping):
        return list(items.values())
    return list(items)


def _sort_name(name: str, ident: str) -> tuple[tuple[str, str, str], str]:
    return (sort_key(name), ident)


def _person(contact: Contact, signatories: set[str]) -> PersonNode:
    return PersonNode(
        id=contact.id, name=contact.name, role=contact.role, function=contact.function,
        elected=contact.elected, verified=contact.verified, committee=contact.committee,
        elu_referent=is_elu_referent(contact), agent_referent=is_agent_referent(contact),
        president=is_president(contact), signatory=contact.id in signatories,
    )


def _person_key(p: PersonNode) -> tuple[int, tuple[str, str, str], str]:
    rank = (0 if p.elu_referent else 1 if p.agent_referent else 2 if p.president
            else 3 if p.committee else 4 if p.signatory else 5)
    return (rank, sort_key(p.name), p.id)


def _link(conv: Convention, partner_id: str, today: date,
          known: dict[str, tuple[Any, ...]] | None = None,
          journal: Journal | None = None) -> ConventionLink:
    """The convention as `partner_id` sees it. Its state and next deadline are the same
    from every side: `known` keeps them by convention (the EPN is a party to each; at
    10,000 conventions computing them once halved the build)."""
    facts = known.get(conv.id) if known is not None else None
    if facts is None:
        current, term_k = state(conv, today)
        facts = (current, term_k, final_end(conv),
                 next_open_deadline(conv, today, journal) if conv.status == "signed" else None,
                 is_written(conv, current))
        if known is not None:
            known[conv.id] = facts
    current, term_k, end, deadline, written = facts
    role = next((p.role for p in conv.parties if p.partner == partner_id), "")
    return ConventionLink(
        id=conv.id, title=conv.title, type=conv.type, status=conv.status, state=current,
        term=term_k, themes=conv.themes, final_end=end, next_deadline=deadline,
        role=role, partners=conv.partner_ids, written=written,
    )


def _link_key(link: ConventionLink) -> tuple[int, date, str]:
    return (STATE_RANK.get(link.state, 9), link.final_end or date.max, link.id)


def last_contact_dates(interactions: Iterable[Interaction],
                       contacts: Mapping[str, Contact]) -> dict[str, date]:
    """Last interaction date per partner: the interaction's partner, and the partners of
    the contacts who took part (a steering committee counts for every member's
    organisation)."""
    last: dict[str, date] = {}
    for inter in interactions:
        if inter.date is None:
            continue
        touched = {inter.partner}
        touched.update(contacts[c].partner for c in inter.contacts if c in contacts)
        for pid in touched:
            if pid and (pid not in last or last[pid] < inter.date):
                last[pid] = inter.date
    return last


def build_network(
    settings: Settings,
    conventions: Mapping[str, Convention] | Iterable[Convention],
    partners: Mapping[str, Partner] | Iterable[Partner],
    contacts: Mapping[str, Contact] | Iterable[Contact],
    interactions: Mapping[str, Interaction] | Iterable[Interaction],
    today: date,
    filter: NetworkFilter | None = None,  # noqa: A002 - the CLI's word
) -> Network:
    wanted = filter or NetworkFilter()
    conv_list = sorted(records(conventions), key=lambda c: c.id)
    partner_by_id = {p.id: p for p in records(partners)}
    contact_by_id = {c.id: c for c in records(contacts)}
    last_seen = last_contact_dates(records(interactions), contact_by_id)
    journal = Journal.of(records(interactions), settings.epn)
    epn_id = settings.epn or ""

    convs_of: dict[str, list[Convention]] = {}
    signatories: set[str] = set()
    for conv in conv_list:
        for pid in dict.fromkeys(conv.partner_ids):  # a partner listed twice counts once
            convs_of.setdefault(pid, []).append(conv)
        signatories.update(p.signatory for p in conv.parties if p.signatory)
    contacts_of: dict[str, list[Contact]] = {}
    for contact in contact_by_id.values():
        contacts_of.setdefault(contact.partner, []).append(contact)

    known: dict[str, tuple[Any, ...]] = {}

    def make_node(pid: str) -> PartnerNode:
        partner = partner_by_id.get(pid) or Partner(id=pid, name=pid)
        links = sorted((_link(c, pid, today, known, journal) for c in convs_of.get(pid, [])),
                       key=_link_key)
        people = sorted((_person(c, signatories) for c in contacts_of.get(pid, [])),
                        key=_person_key)
        return PartnerNode(
            id=pid, name=partner.name, kind=partner.kind, group=group_of(partner),
            commune=partner.commune, tags=partner.tags, known=pid in partner_by_id,
            conventions=tuple(links), contacts=tuple(people),
            written=any(link.written for link in links),
            in_preparation=any(link.state == "project" for link in links),
            last_interaction=last_seen.get(pid),
        )

    centre = make_node(epn_id) if epn_id else PartnerNode(
        id="", name="EPN", kind="EPN", group="epn", commune="", tags=(), known=False,
        conventions=(), contacts=(), written=True, in_preparation=False,
        last_interaction=None)
    ids = (set(partner_by_id) | set(convs_of)) - {epn_id}
    all_nodes = [make_node(pid) for pid in ids]
    shown = [n for n in (_filtered(node, wanted) for node in all_nodes) if n is not None]
    shown.sort(key=lambda n: _sort_name(n.name, n.id))
    groups = tuple(
        Group(g.key, g.label, tuple(n for n in shown if n.group == g.key)) for g in GROUPS
    )
    groups = tuple(g for g in groups if g.nodes)
    return Network(today=today, centre=centre, groups=groups,
                   edges=tuple(_edges(groups, epn_id)), filter=wanted,
                   total_partners=len(all_nodes))


def _matches_theme(values: Iterable[str], themes: set[str]) -> bool:
    return any(fold(v) in themes for v in values)


def _filtered(node: PartnerNode, wanted: NetworkFilter) -> PartnerNode | None:
    """The node with the conventions that match, or None when the partner is out."""
    if not wanted.active:
        return node
    if wanted.kinds:
        kinds = {k.strip() for k in wanted.kinds}
        if node.kind.upper() not in {k.upper() for k in kinds} and node.group not in kinds:
            return None
    links = node.conventions
    if wanted.themes:
        themes = {fold(t) for t in wanted.themes}
        on_theme = tuple(c for c in links if _matches_theme(c.themes, themes))
        if on_theme:
            links = on_theme
        elif not _matches_theme(node.tags, themes):
            return None
    if wanted.states:
        in_state = tuple(c for c in links if c.state in wanted.states)
        if in_state:
            links = in_state
        elif not (UNWRITTEN in wanted.states and not node.written):
            return None
    if links == node.conventions:
        return node
    return PartnerNode(
        id=node.id, name=node.name, kind=node.kind, group=node.group, commune=node.commune,
        tags=node.tags, known=node.known, conventions=links, contacts=node.contacts,
        written=node.written, in_preparation=node.in_preparation,
        last_interaction=node.last_interaction,
    )


def _edges(groups: tuple[Group, ...], epn_id: str) -> list[Edge]:
    """One edge per pair of organisations; a partner without convention hangs on the EPN.

    A convention the EPN is party to links the EPN to each other party; one between
    partners only links its first party to the others (it still belongs to the map:
    the EPN's partners working together).
    """
    shown = {epn_id} | {n.id for g in groups for n in g.nodes}
    pairs: dict[tuple[str, str], list[ConventionLink]] = {}
    for group in groups:
        for node in group.nodes:
            if not node.conventions:
                pairs.setdefault((epn_id, node.id), [])
            for link in node.conventions:
                parties = list(dict.fromkeys(link.partners))
                source = epn_id if epn_id in parties else parties[0]
                if source == node.id or source not in shown:
                    continue  # drawn from the other parties' nodes, or they are hidden
                pairs.setdefault((source, node.id), []).append(link)
    return [
        Edge(source, target, tuple(lk.id for lk in links), tuple(lk.state for lk in links),
             any(lk.written for lk in links))
        for (source, target), links in pairs.items()
    ]
