"""Snapshots of the editing screens on the demo workspace, with a frozen date.

Update with `pytest tests/tui/test_snapshots_edit.py --snapshot-update`, then look at
the SVG files in tests/tui/__snapshots__/test_snapshots_edit/.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Select

from .edit_helpers import SIZE, copy_demo, make_app, open_conventions, settle

CONV = "aines-du-causse-ateliers-seniors"
SnapCompare = Callable[..., bool]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "demo")


def opened(*keys: str, conv_id: str | None = CONV,
           then: Callable[[Pilot[Any]], Awaitable[None]] | None = None
           ) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_conventions(pilot, conv_id)
        pilot.app.sub_title = "demo"  # not the temporary folder's path
        await pilot.press(*keys)
        await settle(pilot, 0.3)
        if then is not None:
            await then(pilot)
            await settle(pilot, 0.3)
        # A blinking cursor would be on or off depending on timing.
        for screen in pilot.app.screen_stack:
            for widget in screen.query("Input, TextArea"):
                widget.cursor_blink = False  # type: ignore[attr-defined]
                widget.refresh()
        await pilot.pause()
        await pilot.pause()

    return run_before


def test_form(snap_compare: SnapCompare, demo: Path) -> None:
    assert snap_compare(make_app(demo), run_before=opened("e"), terminal_size=SIZE)


def test_form_small_terminal(snap_compare: SnapCompare, demo: Path) -> None:
    assert snap_compare(make_app(demo), run_before=opened("e"), terminal_size=(80, 24))


def test_form_parties(snap_compare: SnapCompare, demo: Path) -> None:
    async def to_parties(pilot: Pilot[Any]) -> None:
        pilot.app.screen.query_one("#parties").scroll_visible(top=True, animate=False)

    assert snap_compare(make_app(demo), run_before=opened("e", then=to_parties),
                        terminal_size=SIZE)


def test_form_invalid_date(snap_compare: SnapCompare, demo: Path) -> None:
    async def bad_date(pilot: Pilot[Any]) -> None:
        screen = pilot.app.screen
        screen.query_one("#f-start").focus()
        await pilot.press("ctrl+u", *"31/02/2026", "ctrl+s")

    assert snap_compare(make_app(demo), run_before=opened("e", then=bad_date),
                        terminal_size=SIZE)


def test_new_convention(snap_compare: SnapCompare, demo: Path) -> None:
    assert snap_compare(make_app(demo), run_before=opened("n", conv_id=None),
                        terminal_size=SIZE)


def test_new_convention_small_terminal(snap_compare: SnapCompare, demo: Path) -> None:
    assert snap_compare(make_app(demo), run_before=opened("n", conv_id=None),
                        terminal_size=(80, 24))


def test_body_editor(snap_compare: SnapCompare, demo: Path) -> None:
    async def highlighted(pilot: Pilot[Any]) -> None:
        # Syntax highlighting lands a moment after the text on a busy machine.
        await settle(pilot, 0.8)

    assert snap_compare(make_app(demo), run_before=opened("b", then=highlighted),
                        terminal_size=SIZE)


def test_conflict_with_difference(snap_compare: SnapCompare, demo: Path) -> None:
    async def conflict(pilot: Pilot[Any]) -> None:
        pilot.app.screen.query_one("#f-status", Select).value = "negotiation"
        await pilot.pause(0.3)
        path = demo / f"{CONV}.md"
        # The status changed on disk too (a conflict), and the duration (merged).
        path.write_text(path.read_text(encoding="utf-8").replace(
            "duration: 1 an et 6 mois", "duration: 2 ans").replace(
            "status: signed", "status: terminated"), encoding="utf-8")
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        await pilot.click("#diff")

    assert snap_compare(make_app(demo), run_before=opened("e", then=conflict),
                        terminal_size=SIZE)


def test_print_dialog(snap_compare: SnapCompare, demo: Path) -> None:
    async def relative_path(pilot: Pilot[Any]) -> None:
        # The default path holds the temporary folder: show a fixed one instead.
        from textual.widgets import Input

        pilot.app.screen.query_one("#print-path", Input).value = ".epn/print/" + CONV + ".pdf"

    assert snap_compare(make_app(demo), run_before=opened("p", then=relative_path),
                        terminal_size=SIZE)
