"""The network as a Graphviz DOT graph (`dot -Tsvg network.dot > network.svg`).

Deterministic like the other exports. Every id and label is a DOT quoted string:
backslashes doubled and double quotes escaped, so user text cannot close the string
nor smuggle in an escape such as `\\l`; line breaks are ours (`\\n`) only.
"""

from __future__ import annotations

from epn_tui.core.network import Network
from epn_tui.core.text import one_line
from epn_tui.i18n import _
from epn_tui.render.mermaid import GROUP_COLOURS, node_lines
from epn_tui.render.network_labels import (
    as_of_text,
    capitalized,
    edge_label,
    person_marks,
    person_text,
    title_text,
)

CENTRE_ID = "epn:centre"  # `:` cannot appear in a partner slug, so no collision


def _inside(text: str) -> str:
    return one_line(text).replace("\\", "\\\\").replace('"', '\\"')


def quote(text: str) -> str:
    """A DOT quoted string from user text (one line)."""
    return '"' + _inside(text) + '"'


def _label(lines: list[str]) -> str:
    """Several lines of user text as one label, centred line by line."""
    return '"' + "\\n".join(_inside(x) for x in lines if x) + '"'


def to_dot(net: Network) -> str:
    def node_id(partner_id: str) -> str:
        return quote(CENTRE_ID if partner_id == net.centre.id else "p:" + partner_id)

    out = [
        f"// {one_line(title_text(net))} ({one_line(as_of_text(net))}), epn network",
        'graph "network" {',
        f"  graph [rankdir=LR, fontname=\"DejaVu Sans\", labelloc=t, fontsize=18, "
        f"label={_label([title_text(net), as_of_text(net)])}];",
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", '
        'fontname="DejaVu Sans", fontsize=10];',
        '  edge [fontname="DejaVu Sans", fontsize=9, color="#475569"];',
    ]
    centre = [net.centre.name] + [f"{person_marks(p)} {person_text(p)}".strip()
                                  for p in net.centre.contacts if p.key]
    out.append(f"  {node_id(net.centre.id)} [label={_label(centre)}, shape=ellipse, "
               'fillcolor="#1e3a8a", fontcolor="#ffffff", fontsize=12];')
    for group in net.groups:
        out.append(f"  subgraph {quote('cluster_' + group.key)} {{")
        out.append(f"    label={quote(capitalized(_(group.label)))}; style=\"rounded,filled\"; "
                   f"fillcolor=\"{GROUP_COLOURS.get(group.key, '#f5f5f4')}\"; "
                   "color=\"#94a3b8\";")
        for node in group.nodes:
            style = ("" if node.written else
                     ', style="rounded,filled,dashed", color="#c2410c", fillcolor="#fff7ed"')
            out.append(f"    {node_id(node.id)} [label={_label(node_lines(node))}{style}];")
        out.append("  }")
    for edge in net.edges:
        style = "solid" if edge.written else "dashed"
        out.append(f"  {node_id(edge.source)} -- {node_id(edge.target)} "
                   f"[label={_label([edge_label(edge)])}, style={style}];")
    out.append("}")
    return "\n".join(out) + "\n"
