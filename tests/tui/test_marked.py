"""Toggles show their state by a mark, readable without colour (NO_COLOR)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import RadioSet

from epn_tui.tui.widgets.marked import MarkedCheckbox, MarkedRadioButton, MarkedSelectionList

pytestmark = pytest.mark.usefixtures("colours")  # each test also runs with NO_COLOR=1


class Toggles(App[None]):
    def compose(self) -> ComposeResult:
        yield MarkedCheckbox("membre", False, id="box")
        with RadioSet():
            yield MarkedRadioButton("PDF", value=True, id="pdf")
            yield MarkedRadioButton("HTML", id="html")
        yield MarkedSelectionList(("Alice", "a", True), ("Bob", "b", False), id="people")


async def test_marks_follow_the_state() -> None:
    app = Toggles()
    async with app.run_test(size=(40, 12)) as pilot:
        box = app.query_one("#box", MarkedCheckbox)
        assert box.render().plain.startswith("▐ ▌")
        box.value = True
        await pilot.pause()
        assert box.render().plain.startswith("▐X▌")
        assert app.query_one("#pdf", MarkedRadioButton).render().plain.startswith("▐●▌")
        assert app.query_one("#html", MarkedRadioButton).render().plain.startswith("▐ ▌")
        people = app.query_one("#people", MarkedSelectionList)
        first, second = (people.render_line(y).text for y in (0, 1))
        assert first.startswith("▐X▌") and "Alice" in first
        assert second.startswith("▐ ▌") and "Bob" in second
        people.select("b")
        await pilot.pause()
        assert people.render_line(1).text.startswith("▐X▌")
