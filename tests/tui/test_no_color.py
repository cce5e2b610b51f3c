"""NO_COLOR, and what `epn` does when the UI meets an error nothing caught."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.filter import ANSIToTruecolor, Monochrome
from textual.strip import Strip
from textual.widgets import OptionList

from epn_tui.tui.app import build_app
from epn_tui.tui.widgets.row_table import RowTable
from tests.tui.test_app import TODAY, screen_text, started, to_conventions


@pytest.mark.parametrize("typed", ["zz", "college", "encours"])
async def test_a_filter_that_matches_nothing_draws_under_no_color(
        demo: Path, no_color: None, typed: str) -> None:
    """Textual's monochrome filter stopped the app on the blank lines below the rows."""
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.no_color  # Textual read it: every line goes through its filter
        await started(pilot)
        table = await to_conventions(pilot)
        await pilot.press("slash", *typed)
        await pilot.pause()
        assert len(table.shown) < 13  # and the lines below the last row are blank
        assert f"{len(table.shown)} sur 13 conventions" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(table.shown) == 13


async def test_every_line_of_the_list_has_a_style(demo: Path) -> None:
    """Rows, the header, padding and the blank lines after the last row."""
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        table = await to_conventions(pilot)
        for query in ("", "ecole", "zz"):
            table.set_filter(query)
            await pilot.pause()
            for y in range(table.size.height):
                assert all(segment.style is not None for segment in table.render_line(y))


class Crashing(App[None]):
    def on_mount(self) -> None:
        raise ValueError("une erreur\nsur deux lignes")


def test_an_uncaught_error_exits_1_with_one_line_and_a_log(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from epn_tui.commands.common import CommandError
    from epn_tui.commands.ui import run_app

    (tmp_path / ".epn").mkdir()
    with pytest.raises(CommandError) as raised:
        run_app(Crashing(), tmp_path, headless=True)
    assert raised.value.status == 1
    message = str(raised.value)
    assert "ValueError" in message
    logs = list((tmp_path / ".epn").glob("crash-*.log"))
    assert len(logs) == 1
    assert str(logs[0]) in message
    report = logs[0].read_text(encoding="utf-8")
    assert "ValueError: une erreur" in report and "on_mount" in report
    assert "epn-tui" in report.splitlines()[0]  # versions first
    assert logs[0].stat().st_mode & 0o077 == 0  # the user's data may be in it
    assert capsys.readouterr().err == ""  # no traceback on the terminal: the log has it


def test_epn_says_so_on_stderr_and_exits_non_zero(
        demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The whole path, `epn -w DIR`: not the silent 0 it was."""
    from epn_tui import cli
    from epn_tui.tui import app as app_module

    class Headless(Crashing):
        def run(self, **kwargs):  # type: ignore[no-untyped-def, override]
            return super().run(headless=True)

    def build(root, today=None, startup=None, **_kw):  # type: ignore[no-untyped-def]
        return Headless()

    monkeypatch.setattr(app_module, "build_app", build)
    assert cli.main(["-w", str(demo)]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("epn: ")
    assert "ValueError" in err and ".epn/crash-" in err


def test_without_a_place_for_the_log_the_report_goes_to_stderr(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import tempfile

    from epn_tui.commands.common import CommandError
    from epn_tui.commands.ui import run_app

    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path / "missing"))
    with pytest.raises(CommandError) as raised:
        run_app(Crashing(), tmp_path / "nowhere", headless=True)
    assert raised.value.status == 1
    assert "ValueError: une erreur" in capsys.readouterr().err


# Meaning without colour ----------------------------------------------------------------
ISSUE_DAY = date(2026, 12, 2)  # deadlines in 13 (urgent), 26 and 29 (soon), 60 days


def _seen(app: App[None], strip: Strip) -> Strip:
    """A line as the terminal gets it: colour names made truecolor by the app's ANSI
    theme, then Textual's NO_COLOR filter (greys)."""
    black = Color(0, 0, 0)
    return strip.apply_filter(ANSIToTruecolor(app.ansi_theme), black) \
        .apply_filter(Monochrome(), black)


def _cell(app: App[None], table: RowTable, text: str) -> Style:
    """The style of the segment showing `text`, as drawn."""
    y = next(n for n, i in enumerate(table.shown)
             if any(cell.plain == text for cell in table.rows[i].cells)) + 1
    segment = next(s for s in _seen(app, table.render_line(y)) if text in s.text)
    assert segment.style is not None
    return segment.style


async def test_urgent_and_soon_deadlines_are_marked_not_greyed(
        demo: Path, no_color: None) -> None:
    """They were drawn in greys darker than the later ones (red, yellow → dark grey)."""
    app = build_app(demo, today=ISSUE_DAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        table = app.screen.query_one(RowTable)
        table.action_jump(-1)  # the cursor away from the rows looked at
        await pilot.pause()
        plain = Color.from_rich_color(RichColor.from_triplet(app.ansi_theme.foreground_color))
        urgent = _cell(app, table, "J-13")
        assert urgent.reverse and urgent.bold
        for days in ("J-26", "J-29"):
            soon = _cell(app, table, days)
            assert soon.bold and not soon.reverse
            assert soon.color is not None
            assert Color.from_rich_color(soon.color).brightness >= plain.brightness - 0.01
        later = _cell(app, table, "J-60")
        assert not later.bold and not later.reverse


async def test_a_selection_is_not_a_background_alone(demo: Path, no_color: None) -> None:
    """Focused, the cursor row is reversed; in a list without the focus, underlined."""
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        table = await to_conventions(pilot)
        assert table.has_focus
        focused = table.render_line(1 + table.cursor)
        assert all(s.style is not None and s.style.reverse for s in focused if s.text.strip())
        await pilot.press("slash")  # the filter has the focus now
        await pilot.pause()
        assert not table.has_focus
        blurred = table.render_line(1 + table.cursor)
        assert all(s.style is not None and s.style.underline for s in blurred if s.text.strip())
        # The partner directory (Textual's OptionList) the same way.
        await pilot.press("escape", "3")
        await pilot.pause()
        directory = app.screen.query_one("#partners-list", OptionList)
        assert directory.has_focus
        assert directory.get_component_rich_style("option-list--option-highlighted").reverse
        await pilot.press("tab")
        await pilot.pause()
        assert not directory.has_focus
        assert directory.get_component_rich_style("option-list--option-highlighted").underline


async def test_in_colour_the_selection_keeps_its_look(demo: Path) -> None:
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        table = await to_conventions(pilot)
        assert not table.get_component_rich_style("rowtable--cursor").reverse
        assert app.ansi_theme.ansi_colors[1] != app.ansi_theme.foreground_color  # red is red


def test_snapshot_dashboard_no_color(snap_compare, demo: Path, no_color: None) -> None:  # type: ignore[no-untyped-def]
    """The issue's day: J-13 reversed, J-26 and J-29 bold and as bright as the rest;
    the cursor, on the last row, reversed."""
    async def go(pilot) -> None:  # type: ignore[no-untyped-def]
        await started(pilot)
        await pilot.pause(0.3)
        await pilot.press("end")
        await pilot.pause()

    app = build_app(demo, today=ISSUE_DAY, watch=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=go)
