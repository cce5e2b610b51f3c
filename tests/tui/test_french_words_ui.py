"""English and command-line words that reached the French UI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList
from textual.widgets import Button

from tests.tui.edit_helpers import make_app, open_conventions, settle, shown

CONV = "aines-du-causse-ateliers-seniors"


def _recording(app: Any) -> list[tuple[str, str]]:
    """(message, title) of each notification from now on."""
    seen: list[tuple[str, str]] = []
    notify = app.notify

    def record(message: str, *args: Any, title: str = "", **kwargs: Any) -> None:
        seen.append((str(message), title))
        notify(message, *args, title=title, **kwargs)

    app.notify = record
    return seen


async def _press(pilot, selector: str) -> None:  # type: ignore[no-untyped-def]
    button = pilot.app.screen.query_one(selector, Button)
    button.scroll_visible(animate=False)
    await pilot.pause()
    button.press()
    await pilot.pause()


async def test_the_palette_says_in_french_that_nothing_matches(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"zzqx")
        await pilot.pause(1.0)  # Textual says "No matches found" after 0.5 s
        commands = app.screen.query_one(CommandList)
        prompts = [str(getattr(commands.get_option_at_index(i).prompt, "plain",
                               commands.get_option_at_index(i).prompt))
                   for i in range(commands.option_count)]
        assert any("Aucune commande ne correspond à « zzqx »" in p for p in prompts), prompts
        assert not any("No matches" in p for p in prompts)
        palette = app.screen
        await pilot.press("enter")  # chosen, it only closes the palette
        await pilot.pause()
        assert app.screen is not palette
        # A query that matches still lists the commands, and nothing else.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"tableau")
        await pilot.pause(1.0)
        commands = app.screen.query_one(CommandList)
        prompts = [str(getattr(commands.get_option_at_index(i).prompt, "plain", ""))
                   for i in range(commands.option_count)]
        assert any("tableau de bord" in p.lower() for p in prompts)
        assert not any("Aucune commande" in p for p in prompts)


async def test_saving_a_print_says_saved_not_printed(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_conventions(pilot, CONV)
        await pilot.press("p")
        await pilot.pause()
        seen = _recording(app)
        await _press(pilot, "#print-save")
        await settle(pilot, 0.1)
        assert [title for _m, title in seen] == ["Enregistré"]


async def test_no_printer_gives_the_dialog_s_way_not_the_command_line_s(
        demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # no `lp`
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_conventions(pilot, CONV)
        await pilot.press("p")
        await pilot.pause()
        await _press(pilot, "#print-lp")
        await settle(pilot, 0.1)
        status = shown(app, "#print-status").replace("\n", " ")
        assert "aucun système d'impression" in status
        assert "-o" not in status
        assert "« Enregistrer le fichier »" in status
