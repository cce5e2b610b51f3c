"""The network as a Mermaid flowchart, for a README on a git forge.

Deterministic: nodes and edges come in the network's stable order, ids are derived from
partner ids, and nothing depends on the clock but the date the states are computed for.
User text only appears inside double-quoted labels, with Mermaid's entity escapes.
"""

from __future__ import annotations

import re

from epn_tui.core.network import Network, PartnerNode
from epn_tui.core.text import one_line
from epn_tui.i18n import _
from epn_tui.render.network_labels import (
    MARK_UNWRITTEN,
    as_of_text,
    capitalized,
    edge_label,
    kind_text,
    partner_status,
    person_marks,
    person_text,
    title_text,
    two_sides,
)

# Mermaid reads `#name;` / `#123;` as entities inside quoted labels: every character
# that could end the label, open markup or start an entity is written that way.
_ESCAPES = {
    "#": "#35;", '"': "#quot;", "&": "#amp;", "<": "#lt;", ">": "#gt;", "`": "#96;",
    "\\": "#92;", "*": "#42;", "_": "#95;", "~": "#126;", "|": "#124;",
}
_ESCAPE_RE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_NOT_ID = re.compile(r"[^A-Za-z0-9_]")
CENTRE_ID = "epn_centre"
MAX_KEY_CONTACTS = 4  # more would make the boxes too tall to read in a README

GROUP_COLOURS = {
    "authorities": "#dbeafe", "education": "#fef9c3", "social": "#fce7f3",
    "employment": "#e0e7ff", "associations": "#dcfce7", "culture": "#f3e8ff",
    "epn": "#cffafe", "companies": "#f1f5f9", "other": "#f5f5f4",
}


def escape(text: str) -> str:
    """User text for a quoted Mermaid label: one line, entities for special characters."""
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], one_line(text))


def _label(lines: list[str]) -> str:
    return '"' + "<br/>".join(escape(line) for line in lines if line) + '"'


class _Ids:
    """Mermaid node ids from partner ids: letters, digits and `_` only, unique."""

    def __init__(self) -> None:
        self.by_partner: dict[str, str] = {}
        self.taken: set[str] = {CENTRE_ID}

    def __call__(self, partner_id: str) -> str:
        found = self.by_partner.get(partner_id)
        if found is not None:
            return found
        base = "p_" + _NOT_ID.sub("_", partner_id)
        ident, n = base, 2
        while ident in self.taken:
            ident, n = f"{base}_{n}", n + 1
        self.taken.add(ident)
        self.by_partner[partner_id] = ident
        return ident


def node_lines(node: PartnerNode) -> list[str]:
    lines = [("" if node.written else MARK_UNWRITTEN + " ") + one_line(node.name),
             kind_text(node)]
    if not node.written:
        lines.append(partner_status(node))
    people = node.key_contacts
    for person in people[:MAX_KEY_CONTACTS]:
        marks = person_marks(person)
        lines.append(f"{marks} {person_text(person)}" if marks else person_text(person))
    if len(people) > MAX_KEY_CONTACTS:
        lines.append(_("and {n} more").format(n=len(people) - MAX_KEY_CONTACTS))
    return lines


def to_mermaid(net: Network) -> str:
    ids = _Ids()
    out = [
        f"%% {escape(title_text(net))} ({escape(as_of_text(net))}), epn network",
        "flowchart LR",
    ]
    centre_lines = [net.centre.name, as_of_text(net)]
    centre_lines += [f"{person_marks(p)} {person_text(p)}".strip()
                     for p in net.centre.contacts if p.key][:MAX_KEY_CONTACTS]
    out.append(f"  {CENTRE_ID}([{_label(centre_lines)}])")
    for group in net.groups:
        out.append(f'  subgraph g_{group.key}["{escape(capitalized(_(group.label)))}"]')
        out.append("    direction TB")
        for node in group.nodes:
            out.append(f"    {ids(node.id)}[{_label(node_lines(node))}]")
        out.append("  end")
    # In a left-to-right flowchart a link's first node goes left: the groups of the
    # left side are written partner first, so the map spreads on both sides of the EPN.
    _right, left = two_sides(net.groups)
    on_left = {n.id for g in left for n in g.nodes}
    source_ids = {net.centre.id: CENTRE_ID}
    for edge in net.edges:
        source = source_ids.get(edge.source) or ids(edge.source)
        target = ids(edge.target)
        arrow = "---" if edge.written else "-.-"
        first, second = (target, source) if edge.target in on_left else (source, target)
        out.append(f"  {first} {arrow}|{_label([edge_label(edge)])}| {second}")
    out.append("  classDef centre fill:#1e3a8a,color:#ffffff,stroke:#1e3a8a;")
    out.append("  classDef unwritten fill:#fff7ed,stroke:#c2410c,stroke-width:2px,"
               "stroke-dasharray:5 3,color:#7c2d12;")
    out.append(f"  class {CENTRE_ID} centre;")
    for group in net.groups:
        out.append(f"  style g_{group.key} fill:{GROUP_COLOURS.get(group.key, '#f5f5f4')},"
                   "stroke:#94a3b8;")
    unwritten = [ids(n.id) for n in net.nodes if not n.written]
    if unwritten:
        out.append(f"  class {','.join(unwritten)} unwritten;")
    return "\n".join(out) + "\n"
