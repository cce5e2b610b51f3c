"""The network overview as Rich renderables: `epn network` prints them, the Réseau
screen shows them. User text only ever goes into `Text` objects (never parsed as
markup) after `one_line` has removed control characters.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.rule import Rule
from rich.segment import Segment
from rich.text import Text

from epn_tui.core.dates import format_long, format_short
from epn_tui.core.network import Network, PartnerNode, PersonNode, group_label
from epn_tui.core.text import one_line
from epn_tui.i18n import _, ngettext
from epn_tui.render.network_labels import (
    LEGEND,
    MARK_UNWRITTEN,
    capitalized,
    convention_text,
    counts_text,
    filter_text,
    kind_text,
    node_marks,
    partner_status,
    person_marks,
    title_text,
)

STATE_STYLES = {
    "active": "green",
    "upcoming": "cyan",
    "project": "yellow",
    "expired": "dim",
    "terminated": "dim red",
}
UNWRITTEN_STYLE = "bold yellow"
INDENT = 4


def _indented(text: Text, level: int = 1) -> Padding:
    # Padding keeps wrapped lines under their first one at 80 columns.
    return Padding(text, (0, 0, 0, INDENT * level), expand=False)


def legend_text() -> Text:
    out = Text(style="dim")
    for i, (mark, words) in enumerate(LEGEND):
        if i:
            out.append("  ")
        out.append(f"{mark} {_(words)}")
    return out


def person_line(person: PersonNode, detail: bool = False) -> Text:
    marks = person_marks(person)
    out = Text()
    out.append(f"{marks:<2} " if marks else "   ", style="bold magenta")
    out.append(one_line(person.name), style="bold" if person.marked else "")
    if person.role:
        out.append(f" — {one_line(person.role)}")
    if detail and person.function:
        out.append(f" · {one_line(person.function)}", style="dim")
    if detail and person.elected:
        verified = (format_short(person.verified) if person.verified else _("never"))
        out.append(" · " + _("elected, checked: {date}").format(date=verified), style="dim")
    return out


def partner_heading(node: PartnerNode) -> Text:
    out = Text()
    if node.written:
        out.append("  ")
    else:
        out.append(f"{MARK_UNWRITTEN} ", style=UNWRITTEN_STYLE)
    out.append(one_line(node.name), style="bold")
    kind = kind_text(node)
    if kind:
        out.append(f"  {kind}", style="dim")
    if not node.written:
        out.append(f" — {partner_status(node)}", style=UNWRITTEN_STYLE)
    return out


def partner_block(node: PartnerNode) -> Group:
    """A partner in the overview: heading, its conventions, its key contacts."""
    lines: list[RenderableType] = [partner_heading(node)]
    for link in node.conventions[:DETAIL_CONVENTIONS]:
        lines.append(_indented(Text("▸ " + convention_text(link),
                                    style=STATE_STYLES.get(link.state, ""))))
    for person in node.key_contacts:
        lines.append(_indented(person_line(person)))
    return Group(*lines)


def header(net: Network) -> Group:
    title = Text(title_text(net), style="bold")
    title.append(" — " + _("as of {date}").format(date=format_long(net.today)), style="")
    lines: list[RenderableType] = [title, Text(counts_text(net))]
    filters = filter_text(net)
    if filters:
        lines.append(Text(_("Filter: {filters}").format(filters=filters), style="italic"))
    if net.centre.contacts:
        lines.append(Text(_("The EPN's team:"), style="bold"))
        lines.extend(_indented(person_line(p), 0) for p in net.centre.contacts
                     if p.key or p.role)
    lines.append(legend_text())
    return Group(*lines)


def overview(net: Network) -> Group:
    """The whole network, group by group."""
    parts: list[RenderableType] = [header(net)]
    if not net.groups:
        parts.append(Text(_("No partner matches."), style="italic"))
    for group in net.groups:
        parts.append(Rule(Text(f"{capitalized(_(group.label))} ({len(group.nodes)})",
                               style="bold"), align="left", style="dim"))
        parts.extend(partner_block(node) for node in group.nodes)
    return Group(*parts)


# The EPN itself is a party to every convention: at 20,000 of them, laying out every
# line of its detail pane took the screen a minute.
DETAIL_CONVENTIONS = 200


def partner_detail(node: PartnerNode) -> Group:
    """Everything the overview knows about one partner (the screen's focus pane)."""
    lines: list[RenderableType] = [partner_heading(node)]
    info = [_("group: {group}").format(group=_(group_label(node.group)))]
    if node.tags:
        info.append(_("tags: {tags}").format(tags=", ".join(one_line(t) for t in node.tags)))
    last = (format_long(node.last_interaction) if node.last_interaction
            else _("none recorded"))
    info.append(_("last interaction: {date}").format(date=last))
    lines.extend(_indented(Text(x, style="dim")) for x in info)
    lines.append(Text(""))
    lines.append(Text(_("Conventions"), style="bold"))
    if not node.conventions:
        lines.append(_indented(Text(_("none"), style=UNWRITTEN_STYLE)))
    for link in node.conventions[:DETAIL_CONVENTIONS]:
        lines.append(_indented(Text("▸ " + convention_text(link),
                                    style=STATE_STYLES.get(link.state, ""))))
        extra = [f"{link.id}"]
        if link.role:
            extra.append(_("role: {role}").format(role=one_line(link.role)))
        if link.themes:
            extra.append(", ".join(one_line(t) for t in link.themes))
        lines.append(_indented(Text(" · ".join(extra), style="dim"), 2))
    hidden = len(node.conventions) - DETAIL_CONVENTIONS
    if hidden > 0:
        lines.append(_indented(Text(ngettext(
            "… and {n} more convention", "… and {n} more conventions", hidden).format(n=hidden),
            style="dim")))
    lines.append(Text(""))
    lines.append(Text(_("Contacts"), style="bold"))
    if not node.contacts:
        lines.append(_indented(Text(_("none"), style="dim")))
    lines.extend(_indented(person_line(p, detail=True)) for p in node.contacts)
    return Group(*lines)


def partner_option(node: PartnerNode) -> RenderableType:
    """One line for a list of partners: the mark, the name, its role marks. A long name
    is cut, never the marks (a narrow list once hid who is the élu référent)."""
    name = Text(no_wrap=True, overflow="ellipsis")
    if node.written:
        name.append("  ")
    else:
        name.append(f"{MARK_UNWRITTEN} ", style=UNWRITTEN_STYLE)
    name.append(one_line(node.name))
    marks = node_marks(node)
    if not marks:
        return name
    return NameAndMarks(name, Text(marks, style="magenta"))


class NameAndMarks:
    """One line: a name cut to the room left, then its marks on the right. (A Rich
    table grid drew the same, but lists measure every option by drawing it: 3,300
    partners took a second.)"""

    def __init__(self, name: Text, marks: Text) -> None:
        self.name = name
        self.marks = marks

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        marks = self.marks.cell_len + 1
        return Measurement(min(marks + 1, options.max_width),
                           min(self.name.cell_len + marks, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        marks = self.marks.cell_len + 1
        name = self.name.copy()
        name.truncate(max(width - marks, 0), overflow="ellipsis", pad=True)
        line = Text(end="", no_wrap=True)
        line.append_text(name)
        line.append(" ")
        line.append_text(self.marks)
        line.truncate(width)
        yield from line.render(console)
        yield Segment.line()
