"""Shared by the editing tests: start the app on a workspace, wait, read what is shown."""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from epn_tui.tui.app import EpnApp, build_app
from tests.conftest import DEMO
from tests.tui.workers import workers_done

TODAY = date(2026, 11, 22)
SIZE = (100, 30)
# Old enough for the parse cache (it skips files changed in the last two seconds).
OLD = datetime(2026, 1, 1, 12, 0).timestamp()


def copy_demo(target: Path) -> Path:
    """A private copy of the demo workspace, without its cache, files dated alike."""
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns(".epn", "__pycache__"))
    for folder, _dirs, files in os.walk(target):
        for name in files:
            os.utime(os.path.join(folder, name), (OLD, OLD))
    return target


def make_app(root: Path) -> EpnApp:
    return build_app(root, today=TODAY, watch=False)


async def settle(pilot: Pilot[None], delay: float = 0.0) -> None:
    """Let workers finish and the screen catch up (twice: a worker's callback may start
    another worker)."""
    for _round in range(2):
        await workers_done(pilot.app)
        await pilot.pause(delay)


async def open_conventions(pilot: Pilot[None], conv_id: str | None = None) -> None:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot, 0.2)
    if conv_id is not None:
        from epn_tui.tui.screens.conventions import ConventionsScreen

        screen = pilot.app.screen
        assert isinstance(screen, ConventionsScreen)
        screen.select_convention(conv_id)
        await settle(pilot, 0.2)


def shown(app: App[None], selector: str) -> str:
    """What a Static draws, line by line."""
    widget = app.screen.query_one(selector, Static)
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def screen_text(app: App[None]) -> str:
    """Every character on the screen (the compositor's lines)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())  # noqa: SLF001


def changed_lines(before: str, after: str) -> list[tuple[int, str, str]]:
    """(line number, old, new) of the lines that differ; same line count required."""
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    assert len(old) == len(new), "lines were added or removed"
    return [(i + 1, a, b) for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
