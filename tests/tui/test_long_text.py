"""LongText draws exactly what a Static draws, one line at a time."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Offset
from textual.selection import Selection
from textual.widgets import Static

from epn_tui.tui.widgets import long_text
from epn_tui.tui.widgets.long_text import LongText


def _text() -> Text:
    text = Text("At a glance\n", style="bold")
    text.append("• Partners without a written convention: ")
    for i in range(300):
        if i:
            text.append(", ")
        text.append(f"Partenaire {i} médiathèque", style="yellow" if i % 2 else "")
    text.append("\n• Élu référent: ")
    text.append("none ⚠", style="bold red")
    text.append("\n\n" + "x" * 130 + "  trailing   spaces   \n")
    text.append("日本語の名前 " * 20 + "end" + " " * 90 + "\n\tafter a tab")
    return text


class Both(App[None]):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(_text(), id="static")
            yield LongText(_text(), id="long")

    def on_mount(self) -> None:
        for widget in self.query("#static, #long"):
            widget.styles.width = self.width


@pytest.mark.parametrize("width", [7, 38, 80])
@pytest.mark.parametrize("fallback", [False, True])
@pytest.mark.parametrize("updated", [False, True])
async def test_same_lines_as_static(width: int, fallback: bool, updated: bool,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    if fallback:  # Rich's private line breaker gone: Textual's public wrap
        monkeypatch.setattr(long_text, "divide_line", None)
    app = Both(width)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        static = app.query_one("#static", Static)
        long = app.query_one("#long", LongText)
        if updated:  # LongText.update converts a Text its own (faster) way
            static.update(_text())
            long.update(_text())
            await pilot.pause()
        assert long.size == static.size
        assert long.size.height > 30  # the case that matters: longer than the screen
        for y in range(static.size.height):
            ours, theirs = list(long.render_line(y)), list(static.render_line(y))
            assert ours == theirs, y
            # Where the mouse selection starts and ends: the position in the text.
            assert [s.style.meta if s.style else None for s in ours] == \
                [s.style.meta if s.style else None for s in theirs], y


async def test_selection_drawn_and_copied_like_static() -> None:
    app = Both(38)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        static = app.query_one("#static", Static)
        long = app.query_one("#long", LongText)
        unselected = list(long.render_line(2))
        selection = Selection(Offset(50, 1), Offset(20, 4))
        app.screen.selections = {static: selection, long: selection}
        await pilot.pause()
        assert list(long.render_line(2)) != unselected
        for y in range(static.size.height):
            assert list(long.render_line(y)) == list(static.render_line(y)), y
        assert long.get_selection(selection) == static.get_selection(selection)
        assert "Partenaire 2 médiathèque" in long.get_selection(selection)[0]


class Alone(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield LongText(_text(), id="long")


async def test_draws_only_what_is_on_screen() -> None:
    async with Alone().run_test(size=(40, 30)) as pilot:
        await pilot.pause()
        long = pilot.app.query_one("#long", LongText)
        assert long.size.height > 100
        assert 0 < len(long._strips) <= 30
        long.update("short now")
        await pilot.pause()
        assert long.size.height == 1
        assert long.render_line(0).text.startswith("short now")
