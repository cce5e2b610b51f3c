"""The title bar, the key bar and the text pane: one widget each, used as a person would."""

from __future__ import annotations

from collections.abc import AsyncIterator

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Static

from epn_tui.tui.widgets.bars import KeyBar, TitleBar
from epn_tui.tui.widgets.text_pane import TextPane


class Bars(App[None]):
    BINDINGS = [
        Binding("a", "note('a')", "Alpha"),
        Binding("b", "note('b')", "Bravo", show=False),
        Binding("f1,question_mark", "help", "Help"),
        Binding("q", "note('q')", "Quit"),
    ]

    def __init__(self, many: int = 0) -> None:
        super().__init__()
        self.pressed: list[str] = []
        self.title = "Conventions\x1b[31m de l'EPN"
        self.sub_title = "mon\nepn"
        for n in range(many):
            self.bind(f"ctrl+{chr(ord('d') + n)}", f"note('{n}')", description=f"Action {n}")

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("body")
        yield KeyBar()

    def action_note(self, what: str) -> None:
        self.pressed.append(what)

    def action_help(self) -> None:
        self.pressed.append("help")


def bar_text(app: App[None]) -> str:
    bar = app.screen.query_one(KeyBar)
    return bar.render_line(0).text


async def test_the_title_bar_shows_title_and_folder_on_one_line_without_escapes() -> None:
    app = Bars()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        line = app.screen.query_one(TitleBar).render_line(0).text
        assert "Conventions[31m de l'EPN — mon\\nepn" in line  # a folder: findable
        assert "\x1b" not in line and "\n" not in line
        app.title = "Autre titre"
        await pilot.pause()
        assert "Autre titre — mon\\nepn" in app.screen.query_one(TitleBar).render_line(0).text


async def test_the_key_bar_lists_shown_keys_once_and_a_click_presses_the_key() -> None:
    app = Bars()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        text = bar_text(app)
        # Key names as the help writes them; Textual's and our words in French.
        assert "a Alpha  F1 Aide  q Quitter" in text
        assert "Bravo" not in text  # show=False
        assert "? Aide" not in text  # one key per action
        assert text.rstrip().endswith("▏Ctrl+P palette")  # the palette, on the right
        x = text.index("q Quitter")
        await pilot.click(KeyBar, offset=(x + 2, 0))
        assert app.pressed == ["q"]
        await pilot.click(KeyBar, offset=(text.index("a Alpha"), 0))
        assert app.pressed == ["q", "a"]


async def test_when_keys_do_not_fit_the_help_key_stays_and_the_cut_is_shown() -> None:
    app = Bars(many=12)
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        text = bar_text(app)
        assert len(text) == 60
        assert "… F1 Aide" in text
        assert "Action 11" not in text
        assert "Alpha  F1" not in text and "Alpha  q Quitter  Ctrl+D" in text  # gaps kept
        assert text.rstrip().endswith("▏Ctrl+P")  # the palette's word goes first
        x = text.index("F1 Aide")
        await pilot.click(KeyBar, offset=(x, 0))
        assert app.pressed == ["help"]


async def test_one_space_between_keys_only_when_that_makes_them_all_fit() -> None:
    app = Bars()
    async with app.run_test(size=(43, 10)) as pilot:
        await pilot.pause()
        assert bar_text(app).startswith(" a Alpha F1 Aide q Quitter ")


class Pane(App[None]):
    def compose(self) -> ComposeResult:
        yield TextPane(Text("\n".join(f"ligne {n}" for n in range(40))), id="pane")


async def test_the_text_pane_scrolls_and_draws_the_lines_on_screen() -> None:
    app = Pane()
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        pane = app.query_one(TextPane)
        assert pane.render_line(0).text.startswith("ligne 0")
        assert pane.virtual_size.height == 40
        pane.focus()
        await pilot.press("pagedown")
        await pilot.pause()
        first = pane.render_line(0).text
        assert first.startswith("ligne ") and first != "ligne 0".ljust(len(first))
        pane.update("un\ndeux")
        await pilot.pause()
        assert pane.virtual_size.height == 2
        assert pane.render_line(1).text.startswith("deux")


async def test_the_text_pane_wraps_long_lines_to_its_width() -> None:
    app = Pane()
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        pane = app.query_one(TextPane)
        pane.update(Text("mot " * 30))
        await pilot.pause()
        width = pane.scrollable_content_region.width
        assert pane.virtual_size.height == len(Text("mot " * 30).wrap(app.console, width))
        assert all(len(pane.render_line(y).text) == width for y in range(3))


async def test_a_screen_s_own_sub_title_wins_over_the_app_s() -> None:
    app = Bars()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        app.screen.sub_title = "conventions/ccas.md"
        await pilot.pause()
        line = app.screen.query_one(TitleBar).render_line(0).text
        assert "— conventions/ccas.md" in line and "mon epn" not in line


async def at_widths(pilot: Pilot[None], widths: range) -> AsyncIterator[int]:
    """The terminal resized to each width in turn."""
    for width in widths:
        await pilot.resize_terminal(width, 10)
        await pilot.pause()
        yield width


async def test_the_help_key_is_never_cut_whatever_the_width() -> None:
    app = Bars(many=12)
    async with app.run_test(size=(60, 10)) as pilot:
        async for width in at_widths(pilot, range(30, 121)):
            text = bar_text(app)
            assert len(text) == width
            assert "F1 Aide" in text, (width, text)


async def test_a_long_sub_title_is_cut_with_an_ellipsis_on_one_line() -> None:
    app = Bars()
    async with app.run_test(size=(40, 10)) as pilot:
        app.sub_title = "un-dossier-de-travail-au-nom-plutot-long-2026"
        await pilot.pause()
        bar = app.screen.query_one(TitleBar)
        assert bar.size.height == 1
        line = bar.render_line(0).text
        assert "— un-dossier" in line and line.rstrip().endswith("…")


async def test_clicks_land_on_what_is_drawn_even_at_tiny_widths() -> None:
    app = Bars(many=3)
    async with app.run_test(size=(60, 10)) as pilot:
        async for width in at_widths(pilot, range(1, 41)):
            bar = app.screen.query_one(KeyBar)
            text = bar_text(app)
            for start, end, _key in bar.spots:
                assert 0 <= start < end <= width, (width, bar.spots)
            starts = sorted(spot[:2] for spot in bar.spots)
            assert all(a[1] <= b[0] for a, b in zip(starts, starts[1:], strict=False)), \
                (width, text, starts)
