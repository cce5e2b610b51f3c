"""Snapshots of « Importer un tableur »'s preview, frozen date, demo workspace, a
spreadsheet built by the test (tests/tui/test_spreadsheets_ui.py's).

Regenerate with `pytest tests/tui/test_snapshots_spreadsheets.py --snapshot-update`, then
look at the SVGs in `__snapshots__/` before committing them.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from epn_tui.tui.app import build_app
from epn_tui.tui.screens.import_preview import ImportPreview
from epn_tui.tui.screens.import_prompt import ImportRequest
from tests.conftest import DEMO
from tests.tui.test_spreadsheets_ui import annuaire
from tests.tui.workers import workers_done

TODAY = date(2026, 11, 22)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "mon-epn"
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns(".epn"))
    return target


def previewing(sheet: Path):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await workers_done(pilot.app)
        await pilot.pause()
        pilot.app.push_screen(ImportPreview(ImportRequest(sheet, "partners", False)))
        for _round in range(200):
            await workers_done(pilot.app)
            await pilot.pause()
            screen = pilot.app.screen
            if isinstance(screen, ImportPreview) and not screen.busy:
                break
        await pilot.pause()

    return run_before


def test_import_preview(root: Path, tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    sheet = annuaire(tmp_path / "annuaire.xlsx")
    app = build_app(root, today=TODAY, watch=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=previewing(sheet))


def test_import_preview_small_terminal(root: Path, tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    sheet = annuaire(tmp_path / "annuaire.xlsx")
    app = build_app(root, today=TODAY, watch=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=previewing(sheet),
                        press=["tab", "down"])


def opening(screen_factory):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await workers_done(pilot.app)
        await pilot.pause()
        pilot.app.push_screen(screen_factory())
        await pilot.pause()
        await pilot.pause()

    return run_before


def test_import_prompt(root: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    from epn_tui.tui.screens.import_prompt import ImportPrompt

    app = build_app(root, today=TODAY, watch=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=opening(ImportPrompt))


def test_export_dialog(root: Path, snap_compare,  # type: ignore[no-untyped-def]
                       monkeypatch: pytest.MonkeyPatch) -> None:
    from epn_tui.tui.screens.export_dialog import ExportDialog

    monkeypatch.chdir("/")  # the default file goes to the current folder: one for all
    app = build_app(root, today=TODAY, watch=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=opening(ExportDialog))
