"""NO_COLOR, and what `epn` does when the UI meets an error nothing caught."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from epn_tui.tui.app import build_app
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

    def build(root, today=None, prefetch=None, **_kw):  # type: ignore[no-untyped-def]
        if prefetch is not None:
            prefetch.result()  # (the child started by `epn`: wait for it)
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
