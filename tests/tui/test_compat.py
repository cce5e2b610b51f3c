"""The private parts of Textual that `epn_tui/tui/compat.py` leans on, checked on the
installed Textual: a release that changes them fails here, by name, before a user
meets a pane that does not follow its cursor or a slower start."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from epn_tui.tui.compat import NoHiddenFrames


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
