"""PDF and HTML of printed conventions: the demo, hostile Markdown, random text."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epn_tui.core.dates import format_long
from epn_tui.core.model import Convention
from epn_tui.i18n import set_language
from epn_tui.render.compose import Composed, compose
from epn_tui.render.html import markdown_to_html, render_html
from epn_tui.render.pdf import render_pdf
from epn_tui.render.printing import print_convention
from epn_tui.store.workspace import Workspace
from tests.conftest import DEMO

TODAY = date(2026, 11, 22)

HOSTILE = r"""# Titre avec # $ * _ @ < > \ [ ] et `code`

Texte # $ * _ @ < > \ [ ] { } // /* */ = - + ~ " ' ; #import "@preview/x:0.1.0": *
#read("/etc/passwd") $x^2$ <label> @ref \ fin

<script>alert("html")</script> <img src=x onerror=alert(1)> <b onclick="x()">gras</b>

<div onmouseover="alert(2)">bloc HTML brut</div>

[lien javascript](javascript:alert(3)) [lien vbscript](vbscript:msgbox) [ok](https://example.org/a?b=1&c="2")
[data](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(4)> <https://example.org/auto>

![image distante](https://tracker.example.com/pixel.png "titre") ![](http://x.example/y.png)

Anticonstitutionnellementanticonstitutionnellementanticonstitutionnellementanticonstitutionnellementanticonstitutionnellement
https://example.org/un/tres/long/chemin/sans/espace/aucun/qui/ne/finit/jamais/vraiment/pas/du/tout

> > > > > > > > > > > > > > > > > > > > > > > > > citation profonde

- a
  - b
    - c
      - d
        - e
          - f
            - g
              - h
                - i
                  - j
                    - k
                      - l
                        - m
                          - n
                            - o
                              - p
                                - q
                                  - r
                                    - s fin de liste

***gras italique*** ~~barré~~ **gras _italique `code` dedans_**

| Colonne | # $ | <script> |
|:--|:-:|--:|
| a \| b | `x` | **y** |
| seule |

```typst
#set page(paper: "a0")
#panic("boom")
```

    code indenté avec \ et "

1. un
2. deux
10) dix

Ligne avec un saut dur\
ensuite. &amp; &lt;b&gt; &#x27; &copy; œuvre « cœur » Œ

---
"""


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    """Text without the spaces, line breaks and hyphens a layout adds or moves."""
    return re.sub(r"[\s\u00a0\u202f\u200b\u00ad-]+", "", text)


def doc_for(body: str, draft: bool = False) -> Composed:
    return Composed(conv_id="test", title="Test", draft=draft, heading="# Test", parties="",
                    body=body, closing="Fait à Sorges.", signatures=(), footer="test · x",
                    language="fr")


@pytest.fixture(scope="module")
def demo() -> Workspace:
    return Workspace.open(DEMO, use_cache=False)


@pytest.fixture(scope="module")
def demo_pdfs(demo: Workspace) -> dict[str, tuple[Convention, str, int]]:
    set_language("fr")
    out = {}
    for conv_id, conv in sorted(demo.conventions.items()):
        data = print_convention(demo, conv_id, "pdf", TODAY)
        assert data.startswith(b"%PDF-")
        pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
        out[conv_id] = (conv, pdf_text(data), pages)
    return out


def test_every_demo_pdf_shows_titles_parties_and_french_dates(
        demo: Workspace, demo_pdfs: dict[str, tuple[Convention, str, int]]) -> None:
    partners = demo.partners()
    contacts = demo.contacts()
    assert len(demo_pdfs) == len(demo.conventions) >= 10
    for conv_id, (conv, text, pages) in demo_pdfs.items():
        flat = squash(text)
        assert squash("Entre les soussignés") in flat, conv_id
        for party in conv.parties:
            partner = partners[party.partner]
            # A party is named as a legal person (the EPN through its holder).
            name = str(partner.extra.get("legal_name") or partner.name)
            assert squash(name) in flat, (conv_id, party.partner)
            if party.signatory:
                assert squash(contacts[party.signatory].name) in flat
        assert squash("Durée") in flat or squash("durée") in flat
        if conv.start is not None:
            assert squash(format_long(conv.start)) in flat, conv_id
        assert squash(f"Page 1/{pages}") in flat
        assert squash(conv_id) in flat
        assert "{{" not in text
        assert ("PROJET" in text) == (conv.status in ("draft", "negotiation")), conv_id
        assert "Fait à Sorges-et-Ligueux-en-Périgord" in text


def test_demo_pdf_keeps_accents_guillemets_and_ligatures(
        demo_pdfs: dict[str, tuple[Convention, str, int]]) -> None:
    _conv, text, _pages = demo_pdfs["ecole-jules-ferry-2025"]
    assert "élémentaire" in text and "Éducation" in text
    # Guillemets with non-breaking spaces (pypdf may add a plain space after them).
    assert re.search("«\u00a0 ?citoyenneté", text) and re.search("numérique\u00a0 ?»", text)
    assert "1er septembre 2025" in text
    assert "Il a été convenu ce qui suit\u00a0:" in text
    _conv, text, _pages = demo_pdfs["commune-sorges-mise-a-disposition"]
    # "fi" in "financeurs", "fl" in "fluides" must extract as letters, not ligature glyphs.
    assert "financeurs" in squash(text) and "efﬁ" not in text


def test_pdf_with_oe_and_per_party_text(tmp_path: Path) -> None:
    doc = doc_for("Mise en œuvre du « cœur » de l'ŒUVRE : bœuf ; sœur !\n", draft=True)
    text = pdf_text(render_pdf(doc))
    flat = text.replace("\u00a0 ", "\u00a0").replace("\u202f ", "\u202f")
    assert "Mise en œuvre du «\u00a0cœur\u00a0» de l'ŒUVRE\u00a0: bœuf\u202f; sœur\u202f!" in flat
    assert "PROJET" in text


def test_hostile_markdown_compiles_and_shows_as_text() -> None:
    text = pdf_text(render_pdf(doc_for(HOSTILE)))
    flat = squash(text)
    for expected in [
        "Texte#$*_@<>\\[]{}///**/=+~\"';#import\"@preview/x:0.1.0\":*",
        '#read("/etc/passwd")$x^2$<label>@ref\\fin',
        '<script>alert("html")</script>',
        "<imgsrc=xonerror=alert(1)>",
        "[lienjavascript](javascript:alert(3))",
        "[image:imagedistante]",
        "citationprofonde", "sfindeliste",
        "Anticonstitutionnellementanticonstitutionnellement",
        '#set page(paper: "a0")'.replace(" ", ""), '#panic("boom")',
        "codeindentéavec\\et\"", "dix",
        "&<b>'©œuvre«cœur»Œ",
        "a|b",
    ]:
        assert squash(expected) in flat, expected
    # Remote images are never fetched: typst never saw a URL to load (it would fail
    # offline); the alt text stands in their place.
    assert "tracker.example.com" not in text


def test_long_words_wrap_inside_the_page() -> None:
    word = "x" * 400
    data = render_pdf(doc_for(word + "\n"))
    reader = pypdf.PdfReader(io.BytesIO(data))
    lines = [line for line in reader.pages[0].extract_text().splitlines() if "xxxx" in line]
    assert len(lines) >= 3  # wrapped, not one line running off the page
    assert "".join(lines).replace("\u200b", "").replace(" ", "") == word


def test_html_of_hostile_markdown_has_no_active_content() -> None:
    html = render_html(doc_for(HOSTILE, draft=True)).decode()
    lowered = html.lower()
    assert "<script" not in lowered
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", lowered)
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*(javascript|vbscript|data):", lowered)
    assert "<img" not in lowered and "<iframe" not in lowered
    assert "&lt;script&gt;alert(&quot;html&quot;)&lt;/script&gt;" in html
    assert "[image : image distante]" in html
    assert 'href="https://example.org/a?b=1&amp;c=%222%22"' in html
    assert 'class="watermark"' in html and ">PROJET<" in html
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert csp is not None
    assert "script-src 'none'" in csp.group(1) and "default-src 'none'" in csp.group(1)
    assert "img-src 'none'" in csp.group(1)


def test_every_demo_html_is_safe_and_complete(demo: Workspace) -> None:
    for conv_id, conv in demo.conventions.items():
        html = print_convention(demo, conv_id, "html", TODAY).decode()
        assert html.startswith("<!DOCTYPE html>")
        assert "<script" not in html.lower()
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", html.lower())
        assert "javascript:" not in html.lower()
        assert "Entre les soussignés\u00a0:" in html
        # One block per party, and one « Pour accord » for a school signing through its
        # commune.
        agreed = html.count("Pour accord")
        assert html.count('class="signature"') == len(conv.parties) + agreed
        assert "{{" not in html
        assert ('class="watermark"' in html) == (conv.status in ("draft", "negotiation"))
        assert 'content: "Page " counter(page) "/" counter(pages)' in html


def test_html_escapes_every_field(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "epn.yaml").write_text("epn: epn\n", encoding="utf-8")
    evil = '<script>x</script>" onmouseover="y'
    (root / "partners.json").write_text(json.dumps({"partners": {
        "p": {"name": evil, "address": "<b>adresse</b>", "kind": "ASSO"},
        "epn": {"name": "EPN", "commune": "</style><script>z</script>", "kind": "EPN"}},
        "contacts": {}, "interactions": {}}), encoding="utf-8")
    (root / "c.md").write_text(
        "---\ntitle: '<script>t</script>'\nstatus: draft\nparties:\n  - partner: p\n"
        "  - partner: epn\n---\n{{ parties[0].name }}\n", encoding="utf-8")
    ws = Workspace.open(root, use_cache=False)
    html = print_convention(ws, "c", "html", TODAY).decode()
    assert "<script" not in html.lower()
    assert "onmouseover=" not in html.replace("onmouseover=&quot;", "")
    assert "&lt;script&gt;t&lt;/script&gt;" in html  # the <title> and heading
    assert "&lt;/style&gt;&lt;script&gt;z&lt;/script&gt;" in html
    pdf = pdf_text(print_convention(ws, "c", "pdf", TODAY))
    assert "<script>x</script>\" onmouseover=\"y" in pdf
    assert "Fait à </style><script>z</script>" in pdf


def test_markdown_output_resolves_placeholders(demo: Workspace) -> None:
    md = print_convention(demo, "ecole-jules-ferry-2025", "md", TODAY).decode()
    assert "{{" not in md
    assert md.startswith("# Convention de partenariat")
    assert "La présente convention prend effet le 1er septembre 2025." in md
    # A school has no legal personality: the commune signs, the head teacher agrees.
    assert "**Pour la Commune de Sorges-et-Ligueux-en-Périgord**" in md
    assert "**Pour accord, l'École élémentaire Jules-Ferry**" in md


def test_compose_is_shared_by_the_formats(demo: Workspace) -> None:
    doc = compose(demo, "maison-des-familles-parentalite", TODAY)
    assert doc.draft  # negotiation
    assert "PROJET" in pdf_text(render_pdf(doc))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=200))
def test_random_text_in_a_paragraph_always_compiles(text: str) -> None:
    data = render_pdf(doc_for("Avant.\n\n" + text + "\n\nAprès.\n"))
    # Long words get zero-width break points, and code points with no glyph (format,
    # unassigned, private use: U+E0000 found by Hypothesis) have no width either: the
    # text layer may show them elsewhere on the page, even inside « Après » (an
    # extraction quirk, invisible on paper).
    extracted = "".join(c for c in pdf_text(data)
                        if unicodedata.category(c) not in ("Cf", "Cn", "Co"))
    assert "Avant." in extracted and "Après." in extracted


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#$*_@<>\\[]{}/=-+~\"'`|!&():;.1 a\n")),
               max_size=120))
def test_random_markdown_punctuation_always_compiles(text: str) -> None:
    assert render_pdf(doc_for(text + "\n")).startswith(b"%PDF-")
    html = markdown_to_html(text)
    assert "<script" not in html


def test_deep_nesting_is_flattened_not_refused() -> None:
    nested = "".join("  " * i + "- niveau " + str(i) + "\n" for i in range(60))
    quotes = ">" * 80 + " fond\n"
    text = squash(pdf_text(render_pdf(doc_for(nested + "\n" + quotes))))
    assert "niveau59" in text and "fond" in text
