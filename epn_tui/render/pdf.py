"""A composed convention → an A4 PDF, through the `typst` wheel (no system library).

Only the fonts embedded in the typst wheel are used (Libertinus Serif for the text,
DejaVu Sans Mono for code), system fonts are ignored: the same PDF on every machine.
The compiler's root is a temporary folder holding only the generated source, so even
a bug in our escaping could not make it read a file of the workspace.

Cost: importing typst takes ~20 ms and a compile ~20–60 ms; only the print path
imports this module.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from epn_tui.i18n import _
from epn_tui.render.compose import Composed, PrintError
from epn_tui.render.typst_md import markdown_to_typst, text, typst_string

FONT = "Libertinus Serif"
# No hyphenation: typst maps the hyphen glyph to one character in the PDF's text layer,
# so after a hyphenation break (soft hyphen) every real hyphen ("Sorges-et-Ligueux")
# would copy and search as U+00AD.
MONO = "DejaVu Sans Mono"

PREAMBLE = """\
#set document(title: {title}, date: none)
#set page(paper: "a4", margin: (top: 2.4cm, bottom: 2.6cm, x: 2.3cm),
  footer: context [
    #set text(size: 8.5pt, fill: luma(35%))
    {footer_left}#h(1fr){paraph}#h(1fr){page_text}
  ],
  background: {background})
#set text(font: "{font}", size: 11pt, lang: "{lang}", hyphenate: false)
#set par(justify: true, leading: 0.62em, spacing: 0.95em)
#set list(indent: 0.6em, body-indent: 0.5em)
#set enum(indent: 0.6em, body-indent: 0.5em)
#show raw: set text(font: "{mono}", size: 9pt)
#show raw.where(block: true): block.with(fill: luma(245), inset: 6pt, radius: 2pt,
  width: 100%)
#show link: underline
#show heading: set text(weight: "bold")
#show heading: set block(above: 1.3em, below: 0.7em, sticky: true)
#show heading.where(level: 1): it => align(center, block(above: 0.4em, below: 1.4em,
  text(size: 16pt, it.body)))
#show heading.where(level: 2): set text(size: 12pt)
#show heading.where(level: 3): set text(size: 11pt)
#show quote.where(block: true): it => block(inset: (left: 1em), stroke: (left: 1.5pt +
  luma(70%)), it.body)
"""

WATERMARK = ('place(center + horizon, rotate(-50deg, text(size: 120pt, weight: "bold", '
             'fill: rgb(200, 30, 30, 38), tracking: 8pt, {word})))')


def _page_text() -> str:
    """`Page 2/5` as Typst: the translated words around the two counters."""
    template = _("Page {page}/{pages}")
    out = []
    for piece in template.replace("{pages}", "\0b").replace("{page}", "\0a").split("\0"):
        if piece.startswith("a"):
            out.append("#counter(page).display()")
            piece = piece[1:]
        elif piece.startswith("b"):
            out.append("#str(counter(page).final().first())")
            piece = piece[1:]
        out.append(text(piece))
    return "".join(out)


def _paraph(doc: Composed) -> str:
    """`Paraphes : ……  ……` in the footer, one blank per party, when the document has more
    than one page (each page is initialled by the signatories)."""
    blanks = " ".join(["#box(width: 1.6cm, stroke: (bottom: 0.5pt + luma(35%)))"]
                      * max(len(doc.signatures), 1))
    return ("#if counter(page).final().first() > 1 [" + text(_("Initials:")) + " "
            + blanks + "]")


# A body's last paragraph (or list) up to this length goes to the signature page with
# « Fait à … » and the blocks, so that they never stand alone on the last page.
KEEP_WITH_SIGNATURES = 700


def _split_last_block(body: str) -> tuple[str, str]:
    """(body without its last block, last block) when the last block is short text (not
    a table, code or heading)."""
    stripped = body.rstrip()
    if "```" in stripped or "~~~" in stripped:
        return body, ""
    cut = stripped.rfind("\n\n")
    last = stripped[cut + 2:] if cut >= 0 else stripped
    if (not last or len(last) > KEEP_WITH_SIGNATURES or last.lstrip().startswith(("#", "|"))
            or cut < 0):
        return body, ""
    return stripped[:cut + 2], last + "\n"


def _signatures(doc: Composed) -> str:
    blocks = []
    for block in doc.signatures:
        lines = ["#strong[" + text(block.heading) + "]"]
        lines.append(text(block.name_line))
        if block.function:
            lines.append("#text(size: 9.5pt, style: \"italic\")[" + text(block.function) + "]")
        inner = " #linebreak() ".join(lines)
        blocks.append(f"block(breakable: false, width: 100%)[{inner} #v(2.6cm)]")
    if not blocks:
        return ""
    # Names are not justified; two blocks side by side per row.
    return ("#[#set par(justify: false)\n"
            "#grid(columns: (1fr, 1fr), column-gutter: 1.2cm, row-gutter: 0.6cm, "
            + ", ".join(f"[#{b}]" for b in blocks) + ")]\n")


def to_typst(doc: Composed) -> str:
    french = doc.language == "fr"
    background = WATERMARK.format(word=typst_string(_("DRAFT"))) if doc.draft else "none"
    out = [PREAMBLE.format(title=typst_string(doc.title), footer_left=text(doc.footer),
                           page_text=_page_text(), paraph=_paraph(doc),
                           background=background, font=FONT,
                           mono=MONO, lang="fr" if french else "en")]
    out.append(markdown_to_typst(doc.heading, french))
    if doc.parties:
        out.append(markdown_to_typst(doc.parties, french))
    body, last = _split_last_block(doc.body)
    out.append(markdown_to_typst(body, french))
    closing = markdown_to_typst(doc.closing, french) if doc.closing else ""
    # The body's last paragraph, "Fait à" and the signatures stay together on one page:
    # the signature blocks never stand alone on the last page.
    out.append("#block(breakable: false)[\n" + markdown_to_typst(last, french)
               + "#v(0.8em)\n" + closing + "#v(0.6em)\n" + _signatures(doc) + "]\n")
    if doc.annexes:  # after the signatures, from a new page, as annexed on paper
        out.append("#pagebreak(weak: true)\n" + markdown_to_typst(doc.annexes, french))
    return "".join(out)


def render_pdf(doc: Composed) -> bytes:
    import typst

    with tempfile.TemporaryDirectory(prefix="epn-print-") as root:
        main = Path(root) / "main.typ"
        main.write_text(to_typst(doc), encoding="utf-8", errors="replace")
        try:
            result = typst.compile(str(main), format="pdf", root=root, font_paths=[],
                                   ignore_system_fonts=True)
        except typst.TypstError as exc:
            # Our escaping makes this a bug of ours, not of the user's text: say so.
            raise PrintError(_("{id}: the PDF could not be made ({error}); please report "
                               "this with the convention file").format(
                id=doc.conv_id, error=str(exc).splitlines()[0] if str(exc) else exc)) from None
    if not isinstance(result, bytes):
        raise PrintError(_("{id}: the PDF could not be made").format(id=doc.conv_id))
    return result
