"""The dashboard shows the journal's next steps (issue 12): those to come among the
deadlines, those past and not done in « À faire »; `x` on a journal entry in the
Partenaires screen marks its next step done, and it leaves both."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import OptionList

from epn_tui.tui.app import build_app
from epn_tui.tui.screens.partners import PartnersScreen
from tests.conftest import DEMO
from tests.tui.test_partners import choose, open_partners, settle, text_of

TODAY = date(2026, 11, 22)
SIZE = (100, 30)
ENTRY = "2026-09-15-cc-subvention-2027"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns(".epn"))
    return target


async def test_next_steps_on_the_dashboard_until_done(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.dashboard_view
        assert view is not None
        steps = [d for d in view.deadlines if d["kind"] == "next-step"]
        assert steps and all(d["days"] >= 0 for d in steps)
        assert all(d["with"] and d["partner"] and d["entry"] for d in steps)
        overdue = [message for _s, message, _a in view.advice if "31/10/2026" in message]
        assert overdue == ["Déposer la demande de subvention 2027 — 31/10/2026, en retard"]
        advice = " ".join(text_of(app.screen.query_one("#dash-advice")).split())
        assert "Déposer la demande de subvention 2027 — 31/10/2026, en retard" in advice

        screen = await open_partners(pilot)
        await choose(pilot, "cc-causses-rivieres")
        journal = screen.query_one("#partners-journal", OptionList)
        journal.focus()
        journal.highlighted = next(i for i, o in enumerate(journal.options) if o.id == ENTRY)
        await pilot.pause()
        await pilot.press("x")
        await settle(pilot)
        stored = json.loads((root / "partners.json").read_text("utf-8"))["interactions"][ENTRY]
        assert stored["done"] == TODAY.isoformat()
        view = app.dashboard_view
        assert view is not None
        assert not any("31/10/2026" in message for _s, message, _a in view.advice)
        assert not any(d.get("entry") == ENTRY for d in view.deadlines)
        # Pressed again: not done after all, overdue again.
        assert isinstance(app.screen, PartnersScreen)
        await pilot.press("x")
        await settle(pilot)
        stored = json.loads((root / "partners.json").read_text("utf-8"))["interactions"][ENTRY]
        assert "done" not in stored
        view = app.dashboard_view
        assert view is not None
        assert any("31/10/2026" in message for _s, message, _a in view.advice)


async def test_enter_on_a_next_step_opens_its_partner(root: Path) -> None:
    from epn_tui.tui.widgets.row_table import RowTable

    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.dashboard_view
        assert view is not None and view.deadlines[0]["kind"] == "next-step"
        app.screen.query_one(RowTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PartnersScreen)
        assert app.screen.current_id == view.deadlines[0]["partner"]
