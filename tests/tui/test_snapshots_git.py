"""Snapshots of git in the UI: the history screen (a version's words struck and added;
since the signed version, at 80×24), the sync dialog's result and a sync conflict,
with repositories committed at fixed dates (the hashes shown never change).

Regenerate with `pytest tests/tui/test_snapshots_git.py --snapshot-update`, then look at
the SVGs in `__snapshots__/` before committing them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from epn_tui.tui.app import build_app
from tests.tui.git_helpers import (
    CONV,
    clone,
    git,
    identity,
    set_partner_field,
    small_repo,
    with_remote,
)
from tests.tui.workers import workers_done

TODAY = date(2026, 12, 2)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    identity(tmp_path, monkeypatch)
    # The title bar shows the folder's name: the same on every run.
    return small_repo(tmp_path / "mon-epn")


async def settle(pilot: Pilot[None]) -> None:
    for _round in range(3):
        await workers_done(pilot.app)
        await pilot.pause(0.05)


async def history(pilot: Pilot[None], *keys: str) -> None:
    from epn_tui.tui.screens.conventions import ConventionsScreen

    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ConventionsScreen)
    screen.select_convention(CONV)
    await settle(pilot)
    await pilot.press("h")
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await pilot.pause(0.15)
        await settle(pilot)
    await pilot.pause(0.15)
    await settle(pilot)


def test_history_of_a_convention(repo: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = build_app(repo, today=TODAY, watch=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=history)


def test_history_since_signed_80x24(repo: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    (repo / "ecole.md").write_text((repo / "ecole.md").read_text("utf-8").replace(
        "notice: 3 mois", "notice: 2 mois"), "utf-8")

    async def go(pilot: Pilot[None]) -> None:
        await history(pilot, "s")

    app = build_app(repo, today=TODAY, watch=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=go)


def test_sync_done(repo: Path, tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    remote = with_remote(repo, tmp_path / "remote.git")
    colleague = clone(remote, tmp_path / "colleague")
    set_partner_field(colleague, "epn-test", "commune", "Thiviers", "Leur changement")
    git(colleague, "push", "-q")

    async def go(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.pause(0.1)

    app = build_app(repo, today=TODAY, watch=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=go)


def test_sync_conflict_80x24(repo: Path, tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    remote = with_remote(repo, tmp_path / "remote.git")
    colleague = clone(remote, tmp_path / "colleague")
    set_partner_field(colleague, "ecole", "phone", "05 00 00 00 02", "Leur téléphone")
    git(colleague, "push", "-q")
    set_partner_field(repo, "ecole", "phone", "05 00 00 00 03", "Notre téléphone")

    async def go(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.pause(0.1)

    app = build_app(repo, today=TODAY, watch=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=go)
