"""`epn note`: the élu's one-page note (issue 13, section 3)."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pypdf
import pytest

from epn_tui.cli import main
from epn_tui.core.note import Note, build_note
from epn_tui.render import note as render
from epn_tui.store.workspace import Workspace
from tests.conftest import MakeWorkspace
from tests.note_ws import HOSTILE, make_big

TODAY = date(2026, 11, 22)
SECTIONS = ("Note pour l'élu", "L'EPN et ses référents", "Les partenariats en chiffres",
            "Décisions à prendre d'ici au 22 mai 2027", "Comité de pilotage",
            "Trois actions recommandées", "Le réseau")


def squash(text: str) -> str:
    """Text without the spaces and line breaks a layout adds or moves; typographic
    apostrophes as typed."""
    return re.sub(r"[\s\u00a0\u202f\u200b\u00ad]+", "", text).replace("’", "'")


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def note_of(root: Path, day: date = TODAY) -> Note:
    return build_note(*Workspace.open(root).records(), day)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_big(tmp_path_factory.mktemp("note") / "big")


def in_order(text: str, parts: tuple[str, ...] | list[str]) -> None:
    flat = squash(text)
    at = 0
    for part in parts:
        found = flat.find(squash(part), at)
        assert found >= 0, f"{part!r} missing or out of order"
        at = found + 1


# What goes in the note ------------------------------------------------------------------
def test_the_demo_note_holds_the_referents_numbers_decisions_and_committee(demo: Path) -> None:
    note = note_of(demo)
    assert note.epn == "EPN de Sorges (association Sorges Numérique)"
    assert [p.name for p in note.elus] == ["Alain Roche", "Sophie Lacombe"]
    assert note.elus[0].unverified == date(2026, 3, 15)  # not checked since March 2026
    assert [p.name for p in note.agents] == ["Thomas Brun"]
    assert (note.in_force, note.in_preparation, note.partners) == (9, 2, 12)
    assert len(note.unwritten) == 4 and "EPN de Thiviers" in note.unwritten
    assert note.until == date(2027, 5, 22)
    assert [(d.date, d.kind, d.convention) for d in note.decisions] == [
        (date(2026, 12, 28), "notice", "ccas-sorges-demarches-en-ligne"),
        (date(2026, 12, 31), "end", "cc-causses-rivieres-financement-2026"),
        (date(2027, 3, 30), "request", "france-travail-ateliers-emploi-2024"),
        (date(2027, 3, 31), "end", "aines-du-causse-ateliers-seniors"),
    ]
    # The financing convention's request date has passed: the note says so.
    assert note.decisions[1].request_passed == date(2026, 10, 31)
    c = note.committee
    assert (c.last, c.planned, c.due, c.members) == (
        date(2026, 10, 13), date(2027, 4, 14), date(2027, 4, 13), 6)
    assert len(note.actions) == 3
    assert note.actions[0].kind == "renewal" and note.actions[0].severity == "alert"
    assert len({a.kind for a in note.actions}) == 3  # one of each kind first
    assert note.findings == 12
    assert sum(len(g.names) for g in note.groups) == 12


def test_actions_are_the_health_checks_own_words(demo: Path) -> None:
    from epn_tui.core.health import health_checks

    ws = Workspace.open(demo)
    findings = health_checks(*ws.records(), TODAY)
    note = build_note(*ws.records(), TODAY)
    assert [a.message for a in note.actions] == [
        f.message for f in findings if f.message in {a.message for a in note.actions}]


# The PDF ----------------------------------------------------------------------------------
def test_demo_pdf_is_one_page_with_the_sections_in_order_and_french_dates(demo: Path) -> None:
    data = render.render_pdf(note_of(demo))
    pages = pdf_pages(data)
    assert len(pages) == 1
    text = pages[0]
    in_order(text, [*SECTIONS[:2], "Sophie Lacombe", "Thomas Brun", SECTIONS[2],
                    "9", "conventions en vigueur", "Sans convention écrite",
                    SECTIONS[3], "28 décembre 2026", "Dernier jour pour dénoncer",
                    "31 décembre 2026", "31 octobre 2026", "30 mars 2027",
                    "Dernier jour pour demander le renouvellement", "31 mars 2027",
                    SECTIONS[4], "Dernière réunion : 13 octobre 2026",
                    "Prochaine : 14 avril 2027", "6 membres",
                    SECTIONS[5], "Convention de financement 2026", SECTIONS[6],
                    "Collectivités (3)", "Établie le 22 novembre 2026"])
    assert squash("(non vérifié depuis les élections du 15 mars 2026)") in squash(text)


def test_200_partners_fit_one_page_with_summaries(big: Path) -> None:
    note = note_of(big)
    assert note.partners == 200 and len(note.decisions) > 50 and len(note.elus) > 10
    data = render.render_pdf(note)
    pages = pdf_pages(data)
    assert len(pages) == 1
    text = pages[0]
    in_order(text, [*SECTIONS[:3], SECTIONS[3], "autres", *SECTIONS[4:]])
    more = len(note.decisions) - render.LIMITS[0].decisions
    assert f"… et {more} autres" in text
    assert f"et {len(note.elus) - 2} autres" in text
    # Hostile names are text: Typst syntax shown as typed, controls gone.
    assert squash('#import "x.typ": * $ma$th$ ] [ <script>') in squash(text)
    assert "\x1b" not in text and "\x07" not in text


def test_the_first_limits_fit_at_200_partners(big: Path) -> None:
    """The fallback to shorter lists is a guarantee, not the usual way."""
    note = note_of(big)
    limits = render.LIMITS[0]
    data = render._compile(render.to_typst(note, limits), render.network_svg(note, limits))
    assert render.page_count(data) == 1 == len(pdf_pages(data))


def test_hostile_epn_name_and_empty_workspace(make_workspace: MakeWorkspace) -> None:
    settings = "epn: epn-test\nlanguage: fr\n"
    partners = {"partners": {"epn-test": {"name": HOSTILE[0] + " " + "x" * 400,
                                          "kind": "EPN"}},
                "contacts": {}, "interactions": {}}
    root = make_workspace(partners=partners, settings=settings)
    note = note_of(root)
    assert note.groups == () and note.decisions == ()
    text = pdf_pages(render.render_pdf(note))
    assert len(text) == 1
    assert "Aucun renouvellement ni préavis n'arrive à échéance" in text[0].replace("’", "'")
    assert "Aucune réunion enregistrée." in text[0]
    html = render.render_html(note).decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html


def test_english_workspace(demo: Path, english: None) -> None:
    note = note_of(demo)
    text = pdf_pages(render.render_pdf(note))[0]
    in_order(text, ["Note for the élu", "The EPN and its referents",
                    "Decisions to take by May 22, 2027", "December 28, 2026",
                    "Steering committee", "Three recommended actions", "The network"])


# Markdown and HTML ------------------------------------------------------------------------
def test_markdown_and_html(demo: Path) -> None:
    note = note_of(demo)
    md = render.render_md(note)
    in_order(md, ["# Note pour l'élu — EPN de Sorges", "## L'EPN et ses référents",
                  "## Les partenariats en chiffres", "- **9** conventions en vigueur",
                  "## Décisions à prendre d'ici au 22 mai 2027", "**28 décembre 2026**",
                  "## Comité de pilotage", "## Trois actions recommandées", "1. **",
                  "## Le réseau", "- Collectivités : 3 partenaires"])
    html = render.render_html(note).decode()
    assert html.startswith("<!DOCTYPE html>") and "script-src 'none'" in html
    assert "<svg" in html and "<table>" in html
    in_order(html, ["<h1>Note pour l", "<h2>L",
                    "28 décembre 2026", "<h2>Comité de pilotage</h2>", "<ol>", "<svg"])


# The command ------------------------------------------------------------------------------
def run(ws: Path, *args: str) -> int:
    return main(["-w", str(ws), "--today", "2026-11-22", "note", *args])


def test_cli_writes_the_pdf_in_the_current_folder(demo: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    assert run(demo) == 0
    target = out / "note-elu-2026-11-22.pdf"
    assert capsys.readouterr().out == f"Note pour l'élu écrite dans {target}\n"
    assert len(pdf_pages(target.read_bytes())) == 1
    assert sorted(p.name for p in out.iterdir()) == [target.name]  # no temp file left


@pytest.mark.parametrize(("name", "fmt", "start"), [
    ("n.html", None, b"<!DOCTYPE html>"), ("n.md", None, b"# Note pour l"),
    ("n.txt", "md", b"# Note pour l"), ("n.pdf", "html", b"<!DOCTYPE html>"),
])
def test_cli_formats(demo: Path, tmp_path: Path, name: str, fmt: str | None,
                     start: bytes) -> None:
    target = tmp_path / name
    assert run(demo, "-o", str(target), *(["--format", fmt] if fmt else [])) == 0
    assert target.read_bytes().startswith(start)


def test_cli_errors(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(demo, "-o", str(tmp_path / "n.docx")) == 2
    assert "impossible de déduire le format de `n.docx`" in capsys.readouterr().err
    assert run(demo, "-o", str(demo / "note.md")) == 2
    err = capsys.readouterr().err
    assert err.startswith("epn: rien n'est écrit dans") and err.count("\n") == 1
    assert not (demo / "note.md").exists()
    assert run(tmp_path / "nowhere", "-o", str(tmp_path / "n.pdf")) == 2
    capsys.readouterr()
    assert run(demo, "-o", str(tmp_path / "missing" / "dir" / "n.pdf")) == 1
    assert "impossible d'écrire" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        run(demo, "--format", "docx")
    assert stop.value.code == 2


def test_cli_cannot_write(demo: Path, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert run(demo, "-o", str(blocker / "n.pdf")) == 1
    assert "impossible d'écrire" in capsys.readouterr().err


def test_help_lists_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "note" in capsys.readouterr().out
