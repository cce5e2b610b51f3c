"""Words and marks shared by every view of the network (text, Mermaid, DOT, SVG).

Everything returned here is plain, translated, one-line text with control characters
removed; each output format escapes it its own way.
"""

from __future__ import annotations

from collections.abc import Callable

from epn_tui.core.dates import format_short
from epn_tui.core.labels import STATE_LABELS, deadline_label, label
from epn_tui.core.network import (
    ConventionLink,
    Edge,
    Group,
    Network,
    PartnerNode,
    PersonNode,
)
from epn_tui.core.text import one_line
from epn_tui.i18n import N_, _, ngettext

MARK_ELU = "★"
MARK_AGENT = "◆"
MARK_PRESIDENT = "▲"
MARK_COMMITTEE = "●"
MARK_UNWRITTEN = "⚠"

LEGEND = (
    (MARK_ELU, N_("élu référent")),
    (MARK_AGENT, N_("agent référent")),
    (MARK_PRESIDENT, N_("president")),
    (MARK_COMMITTEE, N_("steering committee member")),
    (MARK_UNWRITTEN, N_("no written convention")),
)


def person_marks(person: PersonNode) -> str:
    marks = ""
    if person.elu_referent:
        marks += MARK_ELU
    if person.agent_referent:
        marks += MARK_AGENT
    if person.president:
        marks += MARK_PRESIDENT
    if person.committee:
        marks += MARK_COMMITTEE
    return marks


def node_marks(node: PartnerNode) -> str:
    """The marks of all a partner's contacts, each once, in the legend's order."""
    found = "".join(person_marks(p) for p in node.contacts)
    return "".join(mark for mark, _words in LEGEND if mark in found)


def capitalized(text: str) -> str:
    """First letter up, the rest as written (`Autres EPN`, not `Autres epn`)."""
    return text[:1].upper() + text[1:]


def person_text(person: PersonNode) -> str:
    """`Sophie Lacombe (élu référent)`."""
    name = one_line(person.name)
    role = one_line(person.role)
    return f"{name} ({role})" if role else name


def kind_text(node: PartnerNode) -> str:
    """`MUNI · Sorges`, or `not in the directory` for an unknown partner id."""
    if not node.known:
        return _("not in the directory")
    return " · ".join(one_line(x) for x in (node.kind, node.commune) if x)


def state_text(link: ConventionLink) -> str:
    text = label(STATE_LABELS, link.state)
    if link.state == "active" and link.term:
        text += " " + _("(renewal {k})").format(k=link.term)
    return text


def deadline_text(link: ConventionLink) -> str:
    """`next: 15/12/2026, follow-up (Bilan d'activité)` or ``."""
    d = link.next_deadline
    if d is None:
        return ""
    what = deadline_label(d)
    if d.what:
        what = f"{what} ({one_line(d.what)})"
    return _("next: {date}, {what}").format(date=format_short(d.date), what=what)


def convention_text(link: ConventionLink) -> str:
    """`Title — in force · next: 15/12/2026, end`."""
    parts = [state_text(link)]
    deadline = deadline_text(link)
    if deadline:
        parts.append(deadline)
    elif link.final_end is not None and link.state in ("expired", "terminated"):
        parts.append(_("ended {date}").format(date=format_short(link.final_end)))
    return f"{one_line(link.title)} — {' · '.join(parts)}"


def partner_status(node: PartnerNode) -> str:
    """What the overview says about a partner's conventions, in a few words."""
    if node.written:
        count = sum(1 for c in node.conventions if c.written)
        return ngettext("{n} written convention", "{n} written conventions", count).format(
            n=count)
    if node.in_preparation:
        return _("no written convention (one in preparation)")
    return _("no written convention")


def edge_label(edge: Edge) -> str:
    active = edge.states.count("active")
    if active:
        return ngettext("{n} convention in force", "{n} conventions in force", active).format(
            n=active)
    if "upcoming" in edge.states:
        return _("convention upcoming")
    if "project" in edge.states:
        return _("convention in preparation")
    if edge.states:
        return _("no convention in force")
    return _("no written convention")


def title_text(net: Network) -> str:
    return _("Network of {epn}").format(epn=one_line(net.centre.name))


def as_of_text(net: Network) -> str:
    return _("as of {date}").format(date=format_short(net.today))


def counts_text(net: Network) -> str:
    partners = len(net.nodes)
    text = ngettext("{n} partner", "{n} partners", partners).format(n=partners)
    if net.filter.active:
        text += " " + _("(of {total})").format(total=net.total_partners)
    force = net.conventions_in_force
    text += " · " + ngettext("{n} convention in force", "{n} conventions in force",
                             force).format(n=force)
    unwritten = len(net.unwritten)
    text += " · " + ngettext("{n} partner without a written convention",
                             "{n} partners without a written convention",
                             unwritten).format(n=unwritten)
    return text


def filter_text(net: Network) -> str:
    """`theme: seniors · state: in force · kind: ASSO`, or ``."""
    f = net.filter
    parts = []
    if f.themes:
        parts.append(_("theme: {values}").format(values=", ".join(one_line(t) for t in f.themes)))
    if f.states:
        words = [_("no written convention") if s == "unwritten" else label(STATE_LABELS, s)
                 for s in f.states]
        parts.append(_("state: {values}").format(values=", ".join(words)))
    if f.kinds:
        parts.append(_("kind: {values}").format(values=", ".join(one_line(k) for k in f.kinds)))
    return " · ".join(parts)


def two_sides(groups: tuple[Group, ...], weight: Callable[[Group], float] | None = None,
              ) -> tuple[tuple[Group, ...], tuple[Group, ...]]:
    """Groups split in order into a right and a left side of about the same height, so a
    diagram spreads on both sides of the EPN (a mind map) instead of one long column."""
    measure = weight or (lambda g: len(g.nodes) + 1.0)
    heights = [measure(g) for g in groups]
    total = sum(heights)
    best, best_k, running = total, len(groups), 0.0
    for k in range(len(groups) + 1):
        gap = abs(total - 2 * running)
        if gap < best:
            best, best_k = gap, k
        if k < len(groups):
            running += heights[k]
    return groups[:best_k], groups[best_k:]
