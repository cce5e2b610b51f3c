"""Snapshots of the main screens at 100×30 (and the dashboard at 80×24), frozen date.

Regenerate with `pytest tests/tui/test_snapshots_main.py --snapshot-update` and look at
the SVGs in tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from epn_tui.tui.app import build_app
from tests.tui.workers import workers_done

TODAY = date(2026, 11, 22)


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await workers_done(pilot.app)
    await pilot.pause()
    await pilot.pause(0.3)


def _app(demo: Path):  # type: ignore[no-untyped-def]
    return build_app(demo, today=TODAY, watch=False)


def test_dashboard(snap_compare, demo: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(demo), terminal_size=(100, 30), run_before=_loaded)


def test_dashboard_80x24(snap_compare, demo: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(demo), terminal_size=(80, 24), run_before=_loaded)


def test_conventions(snap_compare, demo: Path) -> None:  # type: ignore[no-untyped-def]
    async def go(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("2")
        await pilot.pause(0.4)

    assert snap_compare(_app(demo), terminal_size=(100, 30), run_before=go)


def test_conventions_filtered(snap_compare, demo: Path) -> None:  # type: ignore[no-untyped-def]
    async def go(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("slash", *"sorges", "enter")
        await pilot.pause(0.4)

    assert snap_compare(_app(demo), terminal_size=(100, 30), run_before=go)


def test_help(snap_compare, demo: Path) -> None:  # type: ignore[no-untyped-def]
    async def go(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause(0.2)

    assert snap_compare(_app(demo), terminal_size=(100, 30), run_before=go)
