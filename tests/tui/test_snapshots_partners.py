"""Snapshots of the Partenaires screen and the contact form, frozen date, demo workspace.

Regenerate with `pytest tests/tui/test_snapshots_partners.py --snapshot-update`, then look
at the SVGs in `__snapshots__/` before committing them.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from epn_tui.tui.app import build_app
from tests.conftest import DEMO
from tests.tui.workers import workers_done

TODAY = date(2026, 11, 22)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    # The header shows the folder's name: keep it the same on every run.
    target = tmp_path / "mon-epn"
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns(".epn"))
    return target


async def loaded(pilot: Pilot[None]) -> None:
    await workers_done(pilot.app)
    await pilot.pause()


def test_partners_screen(root: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = build_app(root, today=TODAY, watch=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=loaded,
                        press=["3", "down"])


def test_partners_screen_small_terminal(root: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = build_app(root, today=TODAY, watch=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded,
                        press=["3", "down", "enter", "down"])


def test_contact_form(root: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = build_app(root, today=TODAY, watch=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=loaded,
                        press=["3", "enter", "e"])
