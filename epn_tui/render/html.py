"""A composed convention → one self-contained HTML page with an A4 print stylesheet.

Safe to open from a shared repository: raw HTML in the body is text (markdown-it's
`js-default` preset), every field is escaped, links are only `http:`, `https:` and
`mailto:` (any other link, a path such as `/etc/passwd` included, is printed as its text
alone; markdown-it already refuses `javascript:`, `vbscript:`, `file:` and `data:`,
but not `java&#x09;script:`), images are shown as
their alt text and never loaded, and a Content-Security-Policy forbids scripts, remote
loads and forms; the stylesheet is allowed by its hash only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from typing import Any

from epn_tui.i18n import _
from epn_tui.render.compose import Composed

# The page footer (id, version, `Page 2/5`) lives in @page margin boxes, which
# Chromium-based browsers print; others show the .footer line at the end instead.
PAGE = """\
@page { size: A4; margin: 24mm 23mm 26mm 23mm;
  @bottom-left { content: %(footer)s; font: 8.5pt Georgia, serif; color: #555; }
  @bottom-right { content: %(before)s counter(page) %(between)s counter(pages) %(after)s;
    font: 8.5pt Georgia, serif; color: #555; } }
"""
STYLE = """\
html { background: #eee; }
body { font: 11pt/1.45 "Libertinus Serif", Georgia, "Times New Roman", serif; color: #111;
  max-width: 164mm; margin: 1.5em auto; padding: 18mm 23mm; background: #fff;
  text-align: justify; hyphens: auto; overflow-wrap: anywhere; }
h1 { text-align: center; font-size: 16pt; margin: 0 0 1.2em; }
h2 { font-size: 12pt; margin: 1.3em 0 .5em; break-after: avoid; }
h3, h4, h5, h6 { font-size: 11pt; break-after: avoid; }
table { border-collapse: collapse; margin: .6em 0; text-align: left; }
th, td { border: .5pt solid #888; padding: 3pt 6pt; }
pre { background: #f5f5f5; padding: 6pt; white-space: pre-wrap; font-size: 9pt; }
code { font-size: 9pt; }
blockquote { margin: .6em 0; padding-left: 1em; border-left: 1.5pt solid #aaa; }
.image { font-style: italic; }
.closing { break-inside: avoid; margin-top: 1.2em; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 1em 1.2cm;
  text-align: left; hyphens: manual; }
.signature { break-inside: avoid; min-height: 3.6cm; }
.signature .function { font-style: italic; font-size: 9.5pt; }
.annexes { break-before: page; margin-top: 2em; }
.footer { margin-top: 2em; font-size: 8.5pt; color: #555; border-top: .5pt solid #ccc; }
mark.todo { background: #ffde64; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center;
  transform: rotate(-50deg); font: bold 110pt sans-serif; color: rgba(200, 30, 30, .15);
  letter-spacing: 8pt; pointer-events: none; z-index: 10; }
@media print { html { background: none; } body { margin: 0; padding: 0; max-width: none; }
  .footer { display: none; } }
"""


def _css_string(value: str) -> str:
    """A CSS string literal; `<`, quotes, backslashes and newlines as hex escapes."""
    out = []
    for ch in value:
        if ch.isalnum() or ch in " ·.,:;()-_'/" or ord(ch) > 127:
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


def _image(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env) or \
        str(token.attrs.get("src", ""))
    return '<span class="image">' + escape(_("[image: {alt}]").format(alt=alt)) + "</span>"


def _marked_text(french: bool) -> Any:
    """The text renderer: French ordinals raised (`1<sup>er</sup>`), a placeholder still
    to fill in marked (`<mark class="todo">[montant]</mark>`); every piece escaped."""
    from epn_tui.render.typo import split_marks, split_ordinals

    def inner(piece: str) -> str:
        if not french:
            return escape(piece)
        return "".join(f"<sup>{escape(p)}</sup>" if raised else escape(p)
                       for p, raised in split_ordinals(piece))

    def render(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        out = []
        for piece, kind in split_marks(tokens[idx].content, french):
            if kind == "sup":
                out.append(f"<sup>{escape(piece)}</sup>")
            elif kind == "todo":
                out.append('<mark class="todo">' + inner(piece) + "</mark>")
            else:
                out.append(escape(piece))
        return "".join(out)

    return render


LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


def allowed_link(href: str) -> bool:
    """Whether a link may stay a link: `http:`, `https:` or `mailto:` only. A path
    (`/etc/passwd`, `../x`), a fragment or any other scheme (`javascript:`, also as
    `java&#x09;script:`, which markdown-it leaves as `java%09script:`) is printed as its
    text alone, as in the PDF."""
    scheme, colon, _rest = href.partition(":")
    return bool(colon) and _SCHEME.fullmatch(scheme) is not None \
        and scheme.lower() in LINK_SCHEMES


def _link_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    keep = allowed_link(str(token.attrs.get("href", "")))
    env.setdefault("links", []).append(keep)
    return self.renderToken(tokens, idx, options, env) if keep else ""


def _link_close(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    links = env.get("links") or [True]
    return self.renderToken(tokens, idx, options, env) if links.pop() else ""


def markdown_to_html(source: str, french: bool = True) -> str:
    from epn_tui.render.mdparse import parse, parser

    md = parser(french)
    md.add_render_rule("image", _image)
    md.add_render_rule("text", _marked_text(french))
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)
    return md.renderer.render(parse(md, source), md.options, {})


def render_html(doc: Composed) -> bytes:
    french = doc.language == "fr"
    before, rest = (_("Page {page}/{pages}") + "{pages}").split("{page}", 1)
    between, after = rest.split("{pages}", 2)[:2]
    style = PAGE % {"footer": _css_string(doc.footer), "before": _css_string(before),
                    "between": _css_string(between), "after": _css_string(after)} + STYLE
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    csp = ("default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; "
           f"form-action 'none'; img-src 'none'; style-src 'sha256-{digest}'")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"fr" if french else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp, quote=False)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        f'<body class="{"draft" if doc.draft else "final"}">',
    ]
    if doc.draft:
        parts.append(f'<div class="watermark" aria-hidden="true">{escape(_("DRAFT"))}</div>')
    parts.append(markdown_to_html(doc.heading, french))
    if doc.parties:
        parts.append('<section class="parties">' + markdown_to_html(doc.parties, french)
                     + "</section>")
    parts.append('<main class="body">' + markdown_to_html(doc.body, french) + "</main>")
    parts.append('<section class="closing">')
    if doc.closing:
        parts.append(markdown_to_html(doc.closing, french))
    parts.append('<div class="signatures">')
    for block in doc.signatures:
        lines = [f"<strong>{escape(block.heading)}</strong>"]
        lines.append(escape(block.name_line))
        if block.function:
            lines.append(f'<span class="function">{escape(block.function)}</span>')
        parts.append('<div class="signature">' + "<br>".join(lines) + "</div>")
    parts.append("</div></section>")
    if doc.annexes:
        parts.append('<section class="annexes">' + markdown_to_html(doc.annexes, french)
                     + "</section>")
    parts.append(f'<footer class="footer">{escape(doc.footer)}</footer>')
    parts.append("</body></html>\n")
    return "\n".join(parts).encode("utf-8")
