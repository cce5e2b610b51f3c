"""Paths and ids in the UI: one line, control characters shown as escapes (findable)."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Static

from epn_tui.tui.app import build_app
from epn_tui.tui.widgets.bars import TitleBar
from tests.conftest import age
from tests.tui.test_app import TODAY, detail_shown, screen_text, started, to_conventions

BROKEN = "evil\nepn.yaml:1: forged.md"
VALID = "bidi\u202egpj.exe.md"


def _plain(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    content = app.screen.query_one(selector, Static).content
    return content.plain if hasattr(content, "plain") else str(content)


async def test_paths_are_escaped_in_the_list_the_detail_and_the_dashboard(demo: Path) -> None:
    (demo / BROKEN).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    shutil.copy(demo / "ccas-sorges-demarches-en-ligne.md", demo / VALID)
    age(demo)
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert "! evil\\nepn.yaml:1: forged.md:2" in screen_text(app)  # « À faire »
        table = await to_conventions(pilot)
        broken = table.rows[next(i for i in table.shown if table.rows[i].key == "!" + BROKEN)]
        assert broken.cells[0].plain == "evil\\nepn.yaml:1: forged.md"
        table.move_to_key("!" + BROKEN)
        await detail_shown(pilot)
        assert _plain(app, "#detail-heading") == "evil\\nepn.yaml:1: forged.md"
        assert "evil\\nepn.yaml:1: forged.md:2: " in _plain(app, "#detail-fields")
        table.move_to_key(VALID[:-3])
        await detail_shown(pilot)
        assert _plain(app, "#detail-heading").endswith("   bidi\\u202egpj.exe.md")


async def test_the_title_bar_escapes_the_folder(tmp_path: Path, demo: Path) -> None:
    odd = tmp_path / "epn\x1b[31m\nsorges"
    shutil.copytree(demo, odd)
    app = build_app(odd, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        title = app.screen.query_one(TitleBar).render_line(0).text
        assert "epn\\x1b[31m\\nsorges" in title
