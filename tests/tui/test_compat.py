"""The private parts of Textual that `epn_tui/tui/compat.py` leans on, checked on the
installed Textual: a release that changes them fails here, by name, before a user
meets a pane that does not follow its cursor or a slower start."""

from __future__ import annotations

from importlib.metadata import version

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from epn_tui.tui.compat import NoHiddenFrames, option_lines


def test_textual_is_the_minor_release_compat_was_checked_on() -> None:
    """pyproject.toml bounds Textual to it (`>=8.2,<8.3`); a new minor release means
    running this file against it first, then moving the bound."""
    major, minor = version("textual").split(".")[:2]
    assert (int(major), int(minor)) == (8, 2), (
        f"Textual {version('textual')}: epn_tui/tui/compat.py was checked on 8.2")


async def test_option_lines_gives_where_each_option_is() -> None:
    class Lists(App[None]):
        def compose(self) -> ComposeResult:
            yield OptionList(Option("one"), Option(Text("two " * 40)), Option("three"),
                             compact=True)

    async with Lists().run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        box = pilot.app.query_one(OptionList)
        for name in ("_index_to_line", "_heights"):
            assert hasattr(box, name), f"OptionList.{name} is gone: see compat.option_lines"
        assert option_lines(box, 0) == (0, 1)
        y, height = option_lines(box, 1) or (0, 0)
        assert y == 1 and height > 1  # the long prompt wraps
        assert option_lines(box, 2) == (1 + height, 1)
        assert option_lines(box, 7) is None


@pytest.mark.parametrize("first", [Screen, NoHiddenFrames])
async def test_no_hidden_frames_renders_nothing_while_textual_starts(
        first: type[Screen[None]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual renders the first screen while it holds the display back (a render
    nobody sees); NoHiddenFrames does not, and is drawn once the start is over. If
    plain screens stop rendering then too, NoHiddenFrames has no purpose left."""
    renders: list[int] = []
    render = Screen._compositor_refresh

    def counted(screen: Screen[None]) -> None:
        renders.append(screen.app._batch_count)
        render(screen)

    monkeypatch.setattr(Screen, "_compositor_refresh", counted)

    class First(first):  # type: ignore[valid-type, misc]
        def compose(self) -> ComposeResult:
            yield Static("ready " * 200)

    class Starting(App[None]):  # the first screen is a mode's, as in EpnApp
        MODES = {"first": First}
        DEFAULT_MODE = "first"

    async with Starting().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert pilot.app.screen._compositor is not None
    hidden = [count for count in renders if count]
    shown = [count for count in renders if not count]
    assert shown, "the first screen was never drawn"
    if first is NoHiddenFrames:
        assert not hidden, "NoHiddenFrames rendered while Textual started"
    else:
        assert hidden, ("Textual no longer renders the first screen while it starts: "
                        "compat.NoHiddenFrames can go")
