"""The élu's one-page note (`core/note.Note`) as Markdown, HTML, Typst and PDF.

One A4 page whatever the workspace's size: every list keeps its first items and says
how many more there are (« … et 12 autres »), every text is cut to a length that fits
its place, and the network is drawn by group (at most nine boxes, a few names each),
never partner by partner. `render_pdf` checks the page count and, should a page
still overflow, renders again with shorter lists (`LIMITS`, tightest last).

Safety, as for printed conventions: user text goes to Typst as string literals
(`render/typst_md.text`: it can never become markup), to HTML escaped, to SVG
XML-escaped (`render/svg.esc`), to Markdown escaped (`render/typo.escape_markdown`);
control characters are removed on the way (`one_line`).
"""

from __future__ import annotations

import base64
import hashlib
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from epn_tui.core.dates import format_long
from epn_tui.core.health import duration_text
from epn_tui.core.labels import EXPRESS_NOTICE_LABEL
from epn_tui.core.network import group_label
from epn_tui.core.note import Decision, GroupCount, Note, Person
from epn_tui.core.text import one_line
from epn_tui.i18n import N_, _, current_language, ngettext
from epn_tui.render.mermaid import GROUP_COLOURS
from epn_tui.render.network_labels import capitalized
from epn_tui.render.svg import GROUP_INKS, UNWRITTEN_INK, esc, wrap_words
from epn_tui.render.svg import number as _n

FORMATS = ("pdf", "html", "md")


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of each list, and how long a text, the page shows."""

    people: int = 2  # élus, agents
    unwritten: int = 4  # names of partners without a written convention
    decisions: int = 6
    text: int = 80  # a name, a function, a title
    message: int = 220  # a recommended action, its advice
    names_per_group: int = 3


# Tried in this order until the PDF is one page (the first fits every workspace tried,
# from the demo to 200 partners with 300-character names; the others are a guarantee).
LIMITS = (Limits(), Limits(2, 3, 4, 60, 140, 2), Limits(1, 2, 3, 40, 90, 1))

REFERENTS = N_("The EPN and its referents")
NUMBERS = N_("The partnerships in numbers")
COMMITTEE = N_("Steering committee")
NETWORK = N_("The network")
COLUMNS = (N_("Date"), N_("Decision"), N_("Convention"))
NOTHING = N_("Nothing to report: the relationships look well kept.")
NO_PARTNER = N_("No partner yet.")
ALL_WRITTEN = N_("every partner of the group has a written convention")
UNWRITTEN = N_("without a written convention")

DECISION_LABELS = {
    "notice": N_("last day to give notice (else it renews tacitly)"),
    "request": EXPRESS_NOTICE_LABEL,
    "end": N_("ends; no renewal decided"),
    "prepared": N_("ends; its renewal is being prepared"),
}


def cut(text: str, limit: int) -> str:
    """One line, at most `limit` characters (an ellipsis says it was cut)."""
    text = one_line(text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def more(n: int) -> str:
    """« et 12 autres »."""
    return ngettext("and {n} other", "and {n} others", n).format(n=n)


def title_text() -> str:
    return _("Note for the élu")


def as_of(note: Note) -> str:
    return _("Situation on {date}").format(date=format_long(note.today))


def person_text(p: Person, limits: Limits) -> str:
    text = cut(p.name, limits.text)
    detail = ", ".join(x for x in (cut(p.function, limits.text), cut(p.partner, limits.text))
                       if x)
    if detail:
        text += f" — {detail}"
    if p.unverified is not None:
        text += " " + _("(not checked since the elections of {date})").format(
            date=format_long(p.unverified))
    return text


def people_lines(people: tuple[Person, ...], limits: Limits) -> list[str]:
    lines = [person_text(p, limits) for p in people[: limits.people]]
    if len(people) > limits.people:
        lines.append("… " + more(len(people) - limits.people))
    return lines or [_("none known: ask for one, and add them to the directory")]


def numbers(note: Note) -> list[tuple[int, str]]:
    written = note.partners - len(note.unwritten)
    return [
        (note.in_force, ngettext("convention in force", "conventions in force",
                                 note.in_force)),
        (note.in_preparation, ngettext("convention being prepared",
                                       "conventions being prepared", note.in_preparation)),
        (written, ngettext("partner with a written convention",
                           "partners with a written convention", written)),
        (len(note.unwritten), ngettext("partner without a written convention",
                                       "partners without a written convention",
                                       len(note.unwritten))),
    ]


def unwritten_text(note: Note, limits: Limits) -> str:
    if not note.unwritten:
        return _("Every partner has a written convention.")
    names = [cut(n, limits.text) for n in note.unwritten[: limits.unwritten]]
    rest = len(note.unwritten) - len(names)
    listed = ", ".join(names) + (" " + more(rest) if rest else "")
    return _("Without a written convention: {names}.").format(names=listed)


def decisions_title(note: Note) -> str:
    return _("Decisions to take by {date}").format(date=format_long(note.until))


def decision_label(d: Decision) -> str:
    text = _(DECISION_LABELS[d.kind])
    if d.request_passed is not None:
        text += " " + _("(the renewal was to be asked for by {date})").format(
            date=format_long(d.request_passed))
    return capitalized(text)


def decision_subject(d: Decision, limits: Limits) -> tuple[str, str]:
    return cut(d.title, limits.text), cut(d.partners, limits.text)


def shown_decisions(note: Note, limits: Limits) -> tuple[tuple[Decision, ...], int]:
    shown = note.decisions[: limits.decisions]
    return shown, len(note.decisions) - len(shown)


def no_decision(note: Note) -> str:
    return _("No renewal or notice falls due by {date}.").format(date=format_long(note.until))


def committee_lines(note: Note) -> list[str]:
    c = note.committee
    every = duration_text(c.every)
    lines = []
    if c.last is None:
        lines.append(_("No meeting recorded."))
    else:
        lines.append(_("Last meeting: {date}.").format(date=format_long(c.last)))
    if c.planned is not None:
        lines.append(_("Next: {date}.").format(date=format_long(c.planned)))
    elif c.due is not None and c.due < note.today:
        lines.append(_("Next: to be set; it should have met by {date} (every {every}).")
                     .format(date=format_long(c.due), every=every))
    elif c.due is not None:
        lines.append(_("Next: to be set, by {date} (every {every}).")
                     .format(date=format_long(c.due), every=every))
    else:
        lines.append(_("Next: to be set (every {every}).").format(every=every))
    lines.append(ngettext("{n} member.", "{n} members.", c.members).format(n=c.members))
    return lines


def actions_title(note: Note) -> str:
    if len(note.actions) == 3:
        return _("Three recommended actions")
    return _("Recommended actions")


def actions_footer(note: Note) -> str:
    return ngettext("Drawn from the {n} point of the relationship health check.",
                    "Drawn from the {n} points of the relationship health check.",
                    note.findings).format(n=note.findings)


def footer_text(note: Note) -> str:
    return _("Written on {date} from the workspace's data (epn-tui).").format(
        date=format_long(note.today))


def group_line(g: GroupCount) -> str:
    text = ngettext("{group}: {n} partner", "{group}: {n} partners", len(g.names)).format(
        group=capitalized(_(group_label(g.key))), n=len(g.names))
    if g.unwritten:
        text += " " + ngettext("({n} without a written convention)",
                               "({n} without a written convention)", g.unwritten).format(
            n=g.unwritten)
    return text


# SVG: the network by group --------------------------------------------------------------
SVG_W, SVG_H = 760.0, 280.0
BOX_W = 268.0
CENTRE_R = 50.0
LEGEND_H = 22.0
SVG_FONT = "Libertinus Serif, Georgia, serif"


def _mark(x: float, y: float) -> str:
    """The ⚠ mark, drawn (Libertinus has no such glyph, and typst's SVG renderer draws a
    whole text in another font when one glyph is missing)."""
    return (f'<path d="M {_n(x)} {_n(y)} l 4.6 -9 l 4.6 9 z" fill="none" '
            f'stroke="{UNWRITTEN_INK}" stroke-width="1.1" stroke-linejoin="round"/>'
            f'<path d="M {_n(x + 4.6)} {_n(y - 6)} v 3.4 M {_n(x + 4.6)} {_n(y - 1.6)} v 0.1" '
            f'stroke="{UNWRITTEN_INK}" stroke-width="1.1" stroke-linecap="round"/>')




def network_svg(note: Note, limits: Limits = LIMITS[0]) -> str:
    """The network, small: the EPN in the middle, one box per group of partners (their
    number, the first names, ⚠ before those without a written convention), a solid line
    to a group whose partners all have one, dashed otherwise. Bounded: at most nine
    groups, whatever the number of partners."""
    groups = note.groups
    half = (len(groups) + 1) // 2
    right, left = groups[:half], groups[half:]
    rows = max(len(right), len(left), 1)
    gap = 6.0
    top = 4.0
    box_h = (SVG_H - 2 * top - (rows - 1) * gap) / rows
    height = SVG_H + LEGEND_H
    cx, cy = SVG_W / 2, SVG_H / 2
    label = title_text() + " — " + (note.epn or "EPN")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(SVG_W)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(SVG_W)} {_n(height)}" font-family="{SVG_FONT}" role="img" '
        f'aria-label="{esc(label)}">',
        f'<rect x="0" y="0" width="{_n(SVG_W)}" height="{_n(height)}" fill="#ffffff"/>',
    ]
    lines_per_box = max(0, int((box_h - 22) // 13))
    boxes: list[str] = []
    edges: list[str] = []
    for direction, side in ((1, right), (-1, left)):
        y = top + (SVG_H - 2 * top - (len(side) * box_h + (len(side) - 1) * gap)) / 2
        x = SVG_W - BOX_W - 2 if direction > 0 else 2.0
        for g in side:
            ink = GROUP_INKS.get(g.key, "#57534e")
            fill = GROUP_COLOURS.get(g.key, "#f5f5f4")
            boxes.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(BOX_W)}" '
                         f'height="{_n(box_h)}" rx="7" fill="{fill}" stroke="{ink}" '
                         'stroke-width="0.8"/>')
            header = f"{capitalized(_(group_label(g.key)))} ({len(g.names)})"
            boxes.append(f'<text x="{_n(x + 8)}" y="{_n(y + 15)}" font-size="13" '
                         f'font-weight="bold" fill="{ink}">{esc(cut(header, 40))}</text>')
            names = sorted(g.names, key=lambda item: item[1])  # unwritten first
            room = min(lines_per_box, limits.names_per_group)
            shown = names[:room] if len(names) <= room else names[: max(room - 1, 0)]
            line_y = y + 29
            for name, written in shown:
                colour = "#0f172a" if written else UNWRITTEN_INK
                if not written:
                    boxes.append(_mark(x + 10, line_y))
                boxes.append(f'<text x="{_n(x + (10 if written else 24))}" y="{_n(line_y)}" '
                             f'font-size="11.5" fill="{colour}">'
                             f"{esc(cut(name, 44 if written else 42))}</text>")
                line_y += 13
            if len(names) > len(shown) and room > 0:
                boxes.append(f'<text x="{_n(x + 10)}" y="{_n(line_y)}" font-size="11.5" '
                             f'font-style="italic" fill="#475569">'
                             f'{esc("… " + more(len(names) - len(shown)))}</text>')
            # The line from the EPN to the box's inner side.
            ex = x if direction > 0 else x + BOX_W
            ey = y + box_h / 2
            sx = cx + direction * CENTRE_R
            mid = (sx + ex) / 2
            dash = ' stroke-dasharray="5 3"' if g.unwritten else ""
            colour = UNWRITTEN_INK if g.unwritten else "#64748b"
            edges.append(f'<path d="M {_n(sx)} {_n(cy)} C {_n(mid)} {_n(cy)} {_n(mid)} '
                         f'{_n(ey)} {_n(ex)} {_n(ey)}" fill="none" stroke="{colour}" '
                         f'stroke-width="1.3"{dash}/>')
            y += box_h + gap
    parts += edges + boxes
    parts.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(CENTRE_R)}" fill="#1e3a8a"/>')
    centre = wrap_words(note.epn or "EPN", 14, 4)
    y0 = cy - (len(centre) - 1) * 6.5 + 4
    for i, line in enumerate(centre):
        parts.append(f'<text x="{_n(cx)}" y="{_n(y0 + i * 13)}" font-size="11" '
                     f'font-weight="bold" fill="#ffffff" text-anchor="middle">'
                     f"{esc(line)}</text>")
    if not groups:
        parts.append(f'<text x="{_n(cx)}" y="{_n(cy + CENTRE_R + 18)}" font-size="12" '
                     f'text-anchor="middle" fill="#334155">{esc(_(NO_PARTNER))}'
                     "</text>")
    ly = SVG_H + 15
    parts.append(f'<line x1="4" y1="{_n(ly - 4)}" x2="30" y2="{_n(ly - 4)}" '
                 'stroke="#64748b" stroke-width="1.3"/>')
    parts.append(f'<text x="36" y="{_n(ly)}" font-size="11" fill="#334155">'
                 f'{esc(_(ALL_WRITTEN))}</text>')
    parts.append(f'<line x1="390" y1="{_n(ly - 4)}" x2="416" y2="{_n(ly - 4)}" '
                 f'stroke="{UNWRITTEN_INK}" stroke-width="1.3" stroke-dasharray="5 3"/>')
    parts.append(_mark(422, ly))
    parts.append(f'<text x="436" y="{_n(ly)}" font-size="11" fill="#334155">'
                 f'{esc(_(UNWRITTEN))}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# Markdown -------------------------------------------------------------------------------
def render_md(note: Note, limits: Limits = LIMITS[0]) -> str:
    from epn_tui.render.typo import escape_markdown as md

    out = [f"# {md(title_text())} — {md(note.epn or 'EPN')}", ""]
    out.append(md(" · ".join(x for x in (note.commune, as_of(note)) if x)))
    out += ["", f"## {md(_(REFERENTS))}", ""]
    for heading, people in ((_("Élus référents"), note.elus),
                            (_("Agents référents"), note.agents)):
        out.append(f"- **{md(heading)}** : " if current_language() == "fr"
                   else f"- **{md(heading)}**: ")
        out[-1] += "; ".join(md(line) for line in people_lines(people, limits))
    out += ["", f"## {md(_(NUMBERS))}", ""]
    out += [f"- **{n}** {md(words)}" for n, words in numbers(note)]
    out += ["", md(unwritten_text(note, limits)), ""]
    out += [f"## {md(decisions_title(note))}", ""]
    shown, rest = shown_decisions(note, limits)
    for d in shown:
        title, partners = decision_subject(d, limits)
        subject = title + (f" ({partners})" if partners else "")
        out.append(f"- **{md(format_long(d.date))}** — {md(decision_label(d))} : {md(subject)}"
                   if current_language() == "fr" else
                   f"- **{md(format_long(d.date))}** — {md(decision_label(d))}: {md(subject)}")
    if rest:
        out.append(f"- … {md(more(rest))}")
    if not note.decisions:
        out.append(md(no_decision(note)))
    out += ["", f"## {md(_(COMMITTEE))}", ""]
    out.append(" ".join(md(line) for line in committee_lines(note)))
    out += ["", f"## {md(actions_title(note))}", ""]
    for i, a in enumerate(note.actions, 1):
        out.append(f"{i}. **{md(capitalized(cut(a.message, limits.message)))}** — "
                   f"{md(cut(a.advice, limits.message))}")
    if not note.actions:
        out.append(md(_(NOTHING)))
    out += ["", md(actions_footer(note)), "", f"## {md(_(NETWORK))}", ""]
    out += [f"- {md(group_line(g))}" for g in note.groups]
    out += ["", f"*{md(footer_text(note))}*", ""]
    return "\n".join(out)


# HTML -----------------------------------------------------------------------------------
STYLE = """\
@page { size: A4; margin: 15mm 18mm 16mm 18mm; }
html { background: #eee; }
body { font: 10pt/1.35 "Libertinus Serif", Georgia, "Times New Roman", serif; color: #111;
  max-width: 174mm; margin: 1.5em auto; padding: 15mm 18mm; background: #fff;
  overflow-wrap: anywhere; }
header { text-align: center; margin-bottom: .6em; }
header h1 { font-size: 17pt; margin: 0; }
header .epn { font-size: 12pt; }
header .as-of { font-size: 9.5pt; color: #555; }
h2 { font-size: 11.5pt; color: #1e3a8a; margin: .9em 0 .35em; break-after: avoid; }
dl { display: grid; grid-template-columns: auto 1fr; gap: .2em .8em; margin: 0; }
dt { font-weight: bold; } dd { margin: 0; }
.numbers { display: grid; grid-template-columns: repeat(4, 1fr); gap: .5em; }
.numbers b { display: block; font-size: 18pt; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { text-align: left; padding: 2pt 4pt; vertical-align: top; }
tr:nth-child(even) td { background: #f3f4f6; }
.partners, .advice, .small { color: #444; font-size: 9pt; }
ol { margin: .2em 0; padding-left: 1.4em; }
figure { margin: .4em 0 0; } figure svg { width: 100%; height: auto; }
footer { margin-top: 1em; font-size: 8.5pt; color: #555; }
@media print { html { background: none; } body { margin: 0; padding: 0; max-width: none; } }
"""


def render_html(note: Note, limits: Limits = LIMITS[0]) -> bytes:
    french = current_language() == "fr"

    def h(text: str) -> str:
        return escape(_typo(text, french))

    digest = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
    csp = ("default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; "
           f"form-action 'none'; img-src 'none'; style-src 'sha256-{digest}'")
    title = f"{title_text()} — {note.epn or 'EPN'}"
    parts = [
        "<!DOCTYPE html>", f'<html lang="{"fr" if french else "en"}">', "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp, quote=False)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
        f"<header><h1>{h(title_text())}</h1>",
        f'<div class="epn">{h(note.epn or "EPN")}</div>',
        f'<div class="as-of">{h(" · ".join(x for x in (note.commune, as_of(note)) if x))}'
        "</div></header>",
        f"<h2>{h(_(REFERENTS))}</h2>", "<dl>",
    ]
    for heading, people in ((_("Élus référents"), note.elus),
                            (_("Agents référents"), note.agents)):
        parts.append(f"<dt>{h(heading)}</dt><dd>"
                     + "<br>".join(h(line) for line in people_lines(people, limits))
                     + "</dd>")
    parts.append("</dl>")
    parts.append(f"<h2>{h(_(NUMBERS))}</h2>")
    parts.append('<div class="numbers">' + "".join(
        f"<div><b>{n}</b>{h(words)}</div>" for n, words in numbers(note)) + "</div>")
    parts.append(f"<p>{h(unwritten_text(note, limits))}</p>")
    parts.append(f"<h2>{h(decisions_title(note))}</h2>")
    shown, rest = shown_decisions(note, limits)
    if shown:
        parts.append("<table><thead><tr>" + "".join(f"<th>{h(_(c))}</th>" for c in COLUMNS)
                     + "</tr></thead><tbody>")
        for d in shown:
            conv, partners = decision_subject(d, limits)
            parts.append(f"<tr><td>{h(format_long(d.date))}</td><td>{h(decision_label(d))}"
                         f'</td><td>{h(conv)}<br><span class="partners">{h(partners)}</span>'
                         "</td></tr>")
        parts.append("</tbody></table>")
        if rest:
            parts.append(f'<p class="small">… {h(more(rest))}</p>')
    else:
        parts.append(f"<p>{h(no_decision(note))}</p>")
    parts.append(f"<h2>{h(_(COMMITTEE))}</h2>")
    parts.append("<p>" + " ".join(h(line) for line in committee_lines(note)) + "</p>")
    parts.append(f"<h2>{h(actions_title(note))}</h2>")
    if note.actions:
        parts.append("<ol>" + "".join(
            f"<li><strong>{h(capitalized(cut(a.message, limits.message)))}</strong><br>"
            f'<span class="advice">{h(cut(a.advice, limits.message))}</span></li>'
            for a in note.actions) + "</ol>")
    else:
        parts.append(f"<p>{h(_(NOTHING))}</p>")
    parts.append(f'<p class="small">{h(actions_footer(note))}</p>')
    parts.append(f"<h2>{h(_(NETWORK))}</h2>")
    parts.append("<figure>" + network_svg(note, limits) + "</figure>")
    parts.append(f"<footer>{h(footer_text(note))}</footer>")
    parts.append("</body></html>\n")
    return "\n".join(parts).encode("utf-8")


def _typo(text: str, french: bool) -> str:
    from epn_tui.render.typo import french_typography

    return french_typography(text) if french else text


# Typst and PDF --------------------------------------------------------------------------
PREAMBLE = """\
#set document(title: {title}, date: none)
#set page(paper: "a4", margin: (top: 1.4cm, bottom: 1.6cm, x: 1.8cm),
  footer: [#set text(size: 8pt, fill: luma(35%)); {footer}])
#set text(font: "{font}", size: 10pt, lang: "{lang}", hyphenate: false)
#set par(justify: false, leading: 0.5em, spacing: 0.6em)
#show heading: set text(size: 11.5pt, weight: "bold", fill: rgb("#1e3a8a"))
#show heading: set block(above: 0.9em, below: 0.45em, sticky: true)
"""


def to_typst(note: Note, limits: Limits = LIMITS[0], image: str = "network.svg") -> str:
    from epn_tui.render.pdf import FONT
    from epn_tui.render.typst_md import text as lit
    from epn_tui.render.typst_md import typst_string

    french = current_language() == "fr"

    def t(value: str) -> str:
        """User or translated text as Typst markup (a string literal)."""
        return lit(_typo(value, french))

    def heading(value: str) -> str:
        return f"#heading(level: 2)[{t(value)}]\n"

    title = f"{title_text()} — {note.epn or 'EPN'}"
    out = [PREAMBLE.format(title=typst_string(title), footer=t(footer_text(note)),
                           font=FONT, lang="fr" if french else "en")]
    out.append("#align(center)[#text(size: 17pt, weight: \"bold\")["
               + t(title_text()) + "] #linebreak() #text(size: 12.5pt)["
               + t(note.epn or "EPN") + "] #linebreak() #text(size: 9.5pt, fill: luma(35%))["
               + t(" · ".join(x for x in (note.commune, as_of(note)) if x)) + "]]\n")
    out.append(heading(_(REFERENTS)))
    cells = []
    for label, people in ((_("Élus référents"), note.elus),
                          (_("Agents référents"), note.agents)):
        cells.append(f"[#strong[{t(label)}]]")
        cells.append("[" + " #linebreak() ".join(t(line) for line in
                                                people_lines(people, limits)) + "]")
    out.append("#grid(columns: (auto, 1fr), column-gutter: 0.8em, row-gutter: 0.45em, "
               + ", ".join(cells) + ")\n")
    out.append(heading(_(NUMBERS)))
    out.append("#grid(columns: (1fr, 1fr, 1fr, 1fr), column-gutter: 0.6em, "
               + ", ".join(f"[#text(size: 17pt, weight: \"bold\")[{t(str(n))}] #linebreak() "
                           f"#text(size: 9pt)[{t(words)}]]" for n, words in numbers(note))
               + ")\n")
    out.append("#v(0.2em)\n" + t(unwritten_text(note, limits)) + "\n")
    out.append(heading(decisions_title(note)))
    shown, rest = shown_decisions(note, limits)
    if shown:
        rows = [f"[#strong[{t(_(c))}]]" for c in COLUMNS]
        for d in shown:
            conv, partners = decision_subject(d, limits)
            rows += [f"[{_date_typst(d.date, french)}]", f"[{t(decision_label(d))}]",
                     f"[{t(conv)}" + (f" #text(fill: luma(35%))[{t('— ' + partners)}]"
                                      if partners else "") + "]"]
        out.append("#text(size: 9.5pt)[#table(columns: (auto, 5.4cm, 1fr), stroke: none, "
                   "inset: (x: 4pt, y: 2.6pt), fill: (_, y) => if calc.even(y) and y > 0 "
                   "{ luma(243) }, " + ", ".join(rows) + ")]\n")
        if rest:
            out.append("#text(size: 9pt, style: \"italic\")[" + t("… " + more(rest)) + "]\n")
    else:
        out.append(t(no_decision(note)) + "\n")
    out.append(heading(_(COMMITTEE)))
    out.append(" ".join(t(line) for line in committee_lines(note)) + "\n")
    out.append(heading(actions_title(note)))
    if note.actions:
        items = [f"[#strong[{t(capitalized(cut(a.message, limits.message)))}] #linebreak() "
                 f"#text(size: 9pt, fill: luma(30%))[{t(cut(a.advice, limits.message))}]]"
                 for a in note.actions]
        out.append("#enum(spacing: 0.55em, " + ", ".join(items) + ")\n")
    else:
        out.append(t(_(NOTHING)) + "\n")
    out.append("#text(size: 8.5pt, fill: luma(35%))[" + t(actions_footer(note)) + "]\n")
    out.append(heading(_(NETWORK)))
    out.append(f"#align(center, image({typst_string(image)}, width: 100%))\n")
    return "".join(out)


def _date_typst(day: date, french: bool) -> str:
    """`1er` with its ending raised, as the printed conventions write it."""
    from epn_tui.render.typo import split_ordinals
    from epn_tui.render.typst_md import text as lit

    words = format_long(day)
    if not french:
        return lit(words)
    return "".join(f"#super({lit(piece)[1:-1]})" if raised else lit(piece)
                   for piece, raised in split_ordinals(words))


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def page_count(pdf: bytes) -> int:
    """Pages of a PDF typst made (its page objects are not compressed)."""
    return len(_PAGE.findall(pdf))


class NoteError(RuntimeError):
    """The PDF could not be made (a bug of ours: every user text is escaped)."""


def _compile(source: str, svg: str) -> bytes:
    import typst

    with tempfile.TemporaryDirectory(prefix="epn-note-") as root:
        (Path(root) / "main.typ").write_text(source, encoding="utf-8", errors="replace")
        (Path(root) / "network.svg").write_text(svg, encoding="utf-8", errors="replace")
        try:
            result = typst.compile(str(Path(root) / "main.typ"), format="pdf", root=root,
                                   font_paths=[], ignore_system_fonts=True)
        except typst.TypstError as exc:
            first = str(exc).splitlines()[0] if str(exc) else repr(exc)
            raise NoteError(_("the note's PDF could not be made ({error}); please report "
                              "this").format(error=first)) from None
    if not isinstance(result, bytes):
        raise NoteError(_("the note's PDF could not be made"))
    return result


def render_pdf(note: Note) -> bytes:
    """One A4 page: tighter limits are tried should a page overflow."""
    data = b""
    for limits in LIMITS:
        data = _compile(to_typst(note, limits), network_svg(note, limits))
        if page_count(data) <= 1:
            return data
    return data


def render(note: Note, fmt: str) -> bytes:
    if fmt == "md":
        return render_md(note).encode("utf-8")
    if fmt == "html":
        return render_html(note)
    return render_pdf(note)
