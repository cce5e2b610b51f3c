"""A very long convention: the detail shows its beginning, says so, and where the rest is.

A 200 MB file took the detail 2.5 minutes and 3 GB, and showed another convention
meanwhile."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from epn_tui.store.files import read_head
from epn_tui.tui.app import build_app
from epn_tui.tui.screens.conventions import PREVIEW_BYTES, PREVIEW_CHARS
from epn_tui.tui.widgets.row_table import RowTable
from tests.conftest import age
from tests.tui.test_app import TODAY, detail_shown, started, to_conventions

SOURCE = "ccas-sorges-demarches-en-ligne.md"
PARAGRAPH = "Le partenaire s'engage à accueillir les usagers de l'EPN, chaque semaine.\n\n"


def _long(demo: Path, name: str, body: str) -> None:
    text = (demo / SOURCE).read_text(encoding="utf-8")
    (demo / name).write_text(text.replace("title: ", "title: Très long – ", 1) + body,
                             encoding="utf-8")
    age(demo)


def _shown(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    content = app.screen.query_one(selector, Static).content
    if hasattr(content, "plain"):
        return str(content.plain)
    if hasattr(content, "markup"):  # the body: a Rich Markdown
        return str(content.markup)
    return str(content)


async def _show(pilot, table: RowTable, key: str) -> None:  # type: ignore[no-untyped-def]
    assert table.move_to_key(key)
    await detail_shown(pilot)
    await pilot.pause()


async def test_a_long_file_shows_its_beginning_and_where_the_rest_is(demo: Path) -> None:
    _long(demo, "zz-long.md", PARAGRAPH * 40_000 + "FIN DU TEXTE\n")  # 3 MB
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot)
        table = await to_conventions(pilot)
        await _show(pilot, table, "zz-long")
        assert _shown(app, "#detail-heading").startswith("Très long – ")
        body = _shown(app, "#detail-body-holder")
        assert PARAGRAPH.strip() in body
        assert len(body) <= PREVIEW_CHARS and "FIN DU TEXTE" not in body
        for where in ("#detail-body-note", "#detail-body-end"):
            note = _shown(app, where)
            assert "Texte long (3,0 Mo)" in note, note
            assert "zz-long.md" in note  # where the whole text is
        assert "Tel qu'écrit" in _shown(app, "#detail-body-note")  # not filled: too long


async def test_a_template_that_makes_a_short_file_long_is_cut_too(demo: Path) -> None:
    _long(demo, "zz-template.md", '\n{{ "Un article de plus.\\n\\n" * 5000 }}\n')
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot)
        table = await to_conventions(pilot)
        await _show(pilot, table, "zz-template")
        body = _shown(app, "#detail-body-holder")
        assert "Un article de plus." in body and len(body) <= PREVIEW_CHARS
        assert "Tel qu'imprimé" in _shown(app, "#detail-body-note")
        assert "Texte long" in _shown(app, "#detail-body-end")


async def test_moving_on_leaves_nothing_of_the_long_text(demo: Path) -> None:
    _long(demo, "zz-long.md", PARAGRAPH * 40_000)
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot)
        table = await to_conventions(pilot)
        await _show(pilot, table, "zz-long")
        await _show(pilot, table, "ecole-jules-ferry-2025")
        assert "Jules-Ferry" in _shown(app, "#detail-heading")
        body = _shown(app, "#detail-body-holder")
        assert PARAGRAPH.strip() not in body and "Jules-Ferry" in body
        assert _shown(app, "#detail-body-end") == ""
        assert "Texte long" not in _shown(app, "#detail-body-note")
        # And quickly over it: what settles is the convention under the cursor.
        for key in ("zz-long", "ecole-jules-ferry-2025", "zz-long"):
            table.move_to_key(key)
        await detail_shown(pilot)
        await pilot.pause()
        assert _shown(app, "#detail-heading").startswith("Très long – ")
        assert PARAGRAPH.strip() in _shown(app, "#detail-body-holder")


def test_read_head_reads_only_the_beginning(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("é".encode() * 10 + b"x" * 1000)  # 2 bytes each
    head, size = read_head(path, 5)
    assert (head, size) == ("éé", 1020)  # the character cut in two is left out
    assert read_head(path, 5000) == ("é" * 10 + "x" * 1000, 1020)
    assert PREVIEW_BYTES >= 2 * PREVIEW_CHARS  # enough bytes for the characters shown
