"""The UI on hostile and very large workspaces: every screen opens, nothing raises, and a
partner named in thousands of conventions does not freeze the Partenaires screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import OptionList

from epn_tui.tui.app import build_app
from epn_tui.tui.screens.partners import MAX_CONVENTIONS, PartnersScreen
from tests.conftest import VALID, MakeWorkspace
from tests.tui.workers import workers_done

pytestmark = pytest.mark.usefixtures("colours")  # each test also runs with NO_COLOR=1

TODAY = date(2026, 11, 22)


async def test_a_partner_in_every_convention_lists_the_first_ones(
        make_workspace: MakeWorkspace) -> None:
    root = make_workspace({f"c{i:03d}.md": VALID for i in range(MAX_CONVENTIONS + 7)})
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await workers_done(app)
        await pilot.pause()
        await pilot.press("3")
        await workers_done(app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PartnersScreen)
        screen.select_partner("ecole")
        await pilot.pause()
        box = screen.query_one("#partners-conventions", OptionList)
        options = [box.get_option_at_index(i) for i in range(box.option_count)]
        assert len(options) == MAX_CONVENTIONS + 1
        assert options[-1].disabled and "7 autres conventions" in str(options[-1].prompt)
        for key in ("4", "2", "1"):
            await pilot.press(key)
            await workers_done(app)
            await pilot.pause()


async def test_every_screen_opens_on_hostile_files(make_workspace: MakeWorkspace,
                                                   tmp_path: Path) -> None:
    hostile = VALID.replace("title: Partenariat école",
                            'title: "[bold red]X[/] \\e[2J {{ x }} <script>%s{0}"')
    root = make_workspace({
        "markup.md": hostile,
        "body.md": VALID + "<div><script>x</script></div>\n\n| a |\n|---|\n| [b]x[/b] |\n"
                   + "x" * 20000 + "\n\u202eRTL\u200b \x00\n",
        "crlf.md": VALID.replace("\n", "\r\n"),
        "bad.md": "---\ntitle: [\n---\n",
        "nulls.md": "---\ntitle:\nstatus:\nparties:\n---\n",
        "max.md": VALID.replace("duration: 1 an\nrenewal: tacit\n", "end: 9999-12-31\n"),
    }, partners=b'{"partners": {"ecole": {"name": ["a"], "tags": 5}}, "contacts": []}',
        settings="horizon: 9000 ans\nlanguage: klingon\n")
    for today in (TODAY, date(9999, 12, 31), date(1, 1, 1)):
        app = build_app(root, today=today, watch=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await workers_done(app)
            await pilot.pause()
            for key in ("2", "down", "down", "3", "4", "1"):
                await pilot.press(key)
                await workers_done(app)
                await pilot.pause()
