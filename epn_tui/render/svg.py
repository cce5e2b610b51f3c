"""The network as a standalone SVG image, for the yearly activity report.

Hand-built (no layout engine to install, and the bytes stay ours) with one fixed
layout, a mind map: the EPN at the centre, the groups in GROUPS order on its right then
on its left (split where both sides are about as tall), partners in the network's
stable order inside a group, one row each, so no label can overlap another.
Coordinates are printed with one decimal, so the same workspace and the same date give
the same bytes. All user text is XML-escaped; characters XML 1.0 forbids are removed.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape as _xml_escape

from epn_tui.core.network import Group, Network, PartnerNode
from epn_tui.core.text import one_line
from epn_tui.i18n import _
from epn_tui.render.mermaid import GROUP_COLOURS
from epn_tui.render.network_labels import (
    LEGEND,
    MARK_UNWRITTEN,
    as_of_text,
    capitalized,
    counts_text,
    edge_label,
    filter_text,
    kind_text,
    node_marks,
    partner_status,
    title_text,
    two_sides,
)

GROUP_INKS = {
    "authorities": "#1d4ed8", "education": "#a16207", "social": "#be185d",
    "employment": "#4338ca", "associations": "#15803d", "culture": "#7e22ce",
    "epn": "#0e7490", "companies": "#475569", "other": "#57534e",
}
UNWRITTEN_INK = "#c2410c"
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
REACH = 250.0  # from the EPN's centre to the partners' dots, on each side
ROW = 36.0  # one partner: its name and a second line
HEADER = 28.0  # a group's name above its partners
GROUP_GAP = 14.0
LABEL_ROOM = 330.0  # room for a label beside its dot
MAX_NAME = 42
CENTRE_RADIUS = 68.0
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def esc(text: str) -> str:
    """User text for XML character data and attribute values."""
    clean = _NOT_XML.sub("", one_line(text))
    return _xml_escape(clean, {'"': "&quot;", "'": "&apos;"})


def number(value: float) -> str:
    """A coordinate as SVG gets it: one decimal, never « -0.0 »."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


_n = number  # short: every coordinate below goes through it


def _short(text: str, limit: int = MAX_NAME) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrap_words(text: str, width: int, lines: int) -> list[str]:
    """Greedy word wrap into at most `lines` lines of at most `width` characters (the
    last line, and a word longer than a line, shortened with « … »)."""
    out: list[str] = []
    current = ""
    for word in one_line(text).split():
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[: lines - 1] + [_short(" ".join(out[lines - 1:]), width)]
    return [_short(line, width) for line in out]


def to_svg(net: Network) -> str:
    right, left = two_sides(net.groups, lambda g: len(g.nodes) * ROW + HEADER + GROUP_GAP)

    def side_height(groups: tuple[Group, ...]) -> float:
        return sum(len(g.nodes) * ROW + HEADER + GROUP_GAP for g in groups) - (
            GROUP_GAP if groups else 0)

    body = max(side_height(right), side_height(left), 2 * CENTRE_RADIUS + 40)
    width = 2 * (REACH + 14 + LABEL_ROOM + 24)
    cx = width / 2
    top = 100.0
    cy = top + body / 2
    legend_y = top + body + 44
    height = legend_y + 50

    parts: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="{FONT}" role="img" '
        f'aria-label="{esc(title_text(net))}">',
        f"<title>{esc(title_text(net))} ({esc(as_of_text(net))})</title>",
        f'<rect x="0" y="0" width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>',
        f'<text x="24" y="38" font-size="22" font-weight="bold" fill="#0f172a">'
        f"{esc(title_text(net))}</text>",
        f'<text x="24" y="62" font-size="13" fill="#334155">{esc(as_of_text(net))} · '
        f"{esc(counts_text(net))}</text>",
    ]
    filters = filter_text(net)
    if filters:
        parts.append(f'<text x="24" y="82" font-size="12" font-style="italic" '
                     f'fill="#334155">{esc(_("Filter: {filters}").format(filters=filters))}'
                     "</text>")

    # Place the groups: each side top to bottom, centred on the EPN's height.
    positions: dict[str, tuple[float, float]] = {net.centre.id: (cx, cy)}
    sides: dict[str, int] = {}
    bands: list[str] = []
    labels: list[str] = []
    for direction, groups in ((1, right), (-1, left)):
        dot_x = cx + direction * REACH
        text_x = dot_x + direction * 14
        anchor = "start" if direction > 0 else "end"
        y = top + (body - side_height(groups)) / 2
        for group in groups:
            colour = GROUP_COLOURS.get(group.key, "#f5f5f4")
            ink = GROUP_INKS.get(group.key, "#57534e")
            tall = HEADER + len(group.nodes) * ROW
            band_x = dot_x - 18 if direction > 0 else dot_x - LABEL_ROOM - 14
            bands.append(f'<rect x="{_n(band_x)}" y="{_n(y)}" width="{_n(LABEL_ROOM + 32)}" '
                         f'height="{_n(tall)}" rx="10" fill="{colour}"/>')
            bands.append(f'<text x="{_n(text_x)}" y="{_n(y + 19)}" font-size="13" '
                         f'font-weight="bold" fill="{ink}" text-anchor="{anchor}">'
                         f"{esc(capitalized(_(group.label)))} ({len(group.nodes)})</text>")
            row_y = y + HEADER + ROW / 2 - 4
            for node in group.nodes:
                positions[node.id] = (dot_x, row_y)
                sides[node.id] = direction
                labels.append(_partner_svg(node, ink, dot_x, text_x, row_y, anchor))
                row_y += ROW
            y += tall + GROUP_GAP

    parts.append('<g id="groups">')
    parts.extend(bands)
    parts.append("</g>")

    # Edges: a curve from the EPN to each partner (or between two partners).
    parts.append('<g id="edges" fill="none">')
    for edge in net.edges:
        if edge.source not in positions or edge.target not in positions:
            continue
        (x0, y0), (x1, y1) = positions[edge.source], positions[edge.target]
        direction = sides.get(edge.target, 1)
        if edge.source == net.centre.id:
            x0 += direction * CENTRE_RADIUS
        x1 -= direction * 9
        mid = (x0 + x1) / 2
        dash = "" if edge.written else ' stroke-dasharray="6 4"'
        colour = "#64748b" if edge.written else UNWRITTEN_INK
        parts.append(f'<path d="M {_n(x0)} {_n(y0)} C {_n(mid)} {_n(y0)} {_n(mid)} {_n(y1)} '
                     f'{_n(x1)} {_n(y1)}" stroke="{colour}" stroke-width="1.4"{dash}>'
                     f"<title>{esc(edge_label(edge))}</title></path>")
    parts.append("</g>")

    parts.append('<g id="partners">')
    parts.extend(labels)
    parts.append("</g>")

    # The EPN at the centre.
    parts.append('<g id="centre">')
    parts.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(CENTRE_RADIUS)}" '
                 'fill="#1e3a8a"/>')
    lines = wrap_words(net.centre.name, 16, 4)
    y0 = cy - (len(lines) - 1) * 7.5
    for i, line in enumerate(lines):
        parts.append(f'<text x="{_n(cx)}" y="{_n(y0 + i * 15)}" font-size="11" '
                     'font-weight="bold" fill="#ffffff" text-anchor="middle" '
                     f'dominant-baseline="middle">{esc(line)}</text>')
    parts.append("</g>")
    if not net.groups:
        parts.append(f'<text x="{_n(cx)}" y="{_n(cy + CENTRE_RADIUS + 30)}" font-size="13" '
                     f'text-anchor="middle" fill="#334155">{esc(_("No partner matches."))}'
                     "</text>")

    # Legend: marks, then line styles.
    parts.append('<g id="legend" font-size="11" fill="#334155">')
    x = 24.0
    for mark, words in LEGEND:
        text = f"{mark} {_(words)}"
        parts.append(f'<text x="{_n(x)}" y="{_n(legend_y)}">{esc(text)}</text>')
        x += 14 + 6.6 * len(text)
    y = legend_y + 24
    parts.append(f'<line x1="24" y1="{_n(y - 4)}" x2="54" y2="{_n(y - 4)}" stroke="#64748b" '
                 'stroke-width="1.4"/>')
    written = _("written convention")
    parts.append(f'<text x="60" y="{_n(y)}">{esc(written)}</text>')
    parts.append(f'<line x1="230" y1="{_n(y - 4)}" x2="260" y2="{_n(y - 4)}" '
                 f'stroke="{UNWRITTEN_INK}" stroke-width="1.4" stroke-dasharray="6 4"/>')
    unwritten = _("no written convention")
    parts.append(f'<text x="266" y="{_n(y)}">{esc(unwritten)}</text>')
    parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _partner_svg(node: PartnerNode, ink: str, dot_x: float, text_x: float, y: float,
                 anchor: str) -> str:
    """One partner: a dot on its group's band, its name and marks, a second line."""
    fill, stroke, dash = (ink, "#ffffff", "") if node.written else (
        "#fff7ed", UNWRITTEN_INK, ' stroke-dasharray="3 2"')
    name = ("" if node.written else MARK_UNWRITTEN + " ") + _short(node.name)
    marks = node_marks(node)
    second = kind_text(node)
    if not node.written:
        second = " · ".join(x for x in (second, partner_status(node)) if x)
    colour = "#475569" if node.written else UNWRITTEN_INK
    return "".join((
        f'<g id="{esc("partner-" + node.id)}"><title>{esc(node.name)}</title>',
        f'<circle cx="{_n(dot_x)}" cy="{_n(y)}" r="7" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="2"{dash}/>',
        f'<text x="{_n(text_x)}" y="{_n(y + 4)}" font-size="12" fill="#0f172a" '
        f'text-anchor="{anchor}">{esc(name)}',
        f'<tspan fill="#9d174d"> {esc(marks)}</tspan>' if marks else "",
        "</text>",
        f'<text x="{_n(text_x)}" y="{_n(y + 17)}" font-size="10" fill="{colour}" '
        f'text-anchor="{anchor}">{esc(_short(second, 52))}</text></g>',
    ))
