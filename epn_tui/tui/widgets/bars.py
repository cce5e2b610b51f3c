"""The title bar and the key bar: one widget each.

Textual's Header is four widgets and its Footer one widget per key (a dozen), each
with its styles to match and its own layout; at start-up they cost 50 ms of the 0.2 s
Textual takes to show the dashboard. These draw the same information as one line of
text each: the title (and the workspace's name) on top; the keys of the screen below,
clickable, with the command palette's key on the right.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from epn_tui.core.text import escape_controls, one_line
from epn_tui.i18n import N_, _
from epn_tui.tui.keys import key_name

# Descriptions of Textual's own bindings that may show in the key bar.
TEXTUAL_WORDS = (N_("Dismiss menu"), N_("palette"), N_("Open link"),
                 N_("Exit the command palette"))


class TitleBar(Widget):
    """The title and sub-title, centred: the screen's own when it has them (a form
    shows the file it edits), else the app's (the workspace's folder). On the right,
    the workspace's git state when the app has read it (`EpnApp.git_state`: files not
    committed, commits to send and to receive), shortened when room is short."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-align: center;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._changed, init=False)
            self.watch(node, "sub_title", self._changed, init=False)
        # (an app without `git_state`, as in the tests of this widget, never calls it)
        self.watch(self.app, "git_state", self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

    def render(self) -> Text:
        title = self._title()
        state = getattr(self.app, "git_state", None)
        width = self.size.width
        if state is None or not width:
            return title
        for short in (False, True):
            right = Text(state.text(short=short) + " ", end="")
            if right.cell_len <= 1:
                return title
            # Room for the title, centred on the whole bar when it can be.
            room = width - right.cell_len - 2
            if short or title.cell_len <= room:
                break
        if room < 8:
            return title
        title.truncate(room, overflow="ellipsis")
        left = min(max(0, (width - title.cell_len) // 2), room - title.cell_len)
        bar = Text(" " * left, no_wrap=True, end="")
        bar.append_text(title)
        bar.append(" " * (width - right.cell_len - bar.cell_len))
        bar.append_text(right)
        return bar

    def _title(self) -> Text:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        # Both may hold a file or folder name as the user typed it: one line, no
        # terminal escapes; the sub-title is one (a folder, a file): its control
        # characters are shown as escapes, so it can be found (`a\\nb.md`).
        text = Text(one_line(str(title)), no_wrap=True, overflow="ellipsis",
                    justify="center", end="")
        sub_title = escape_controls(str(sub_title))
        if sub_title:
            text.append(" — " + sub_title, style="dim")
        return text


class KeyBar(Widget):
    """The screen's shown bindings as `key description` pairs; a click presses the key.

    Disabled bindings are dimmed; the command palette's key sits on the right. What
    does not fit is cut (F1 lists every key)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keybar--key", "keybar--description", "keybar--disabled", "keybar--hover"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        width: 100%;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        & > .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keybar--disabled {
            text-style: dim;
        }
        & > .keybar--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # Where each key is drawn, as (start, end, key), for the mouse.
        self._spots: list[tuple[int, int, str]] = []
        self._hover: str | None = None

    @property
    def spots(self) -> tuple[tuple[int, int, str], ...]:
        """Where each key is drawn on the line, as (start, end, key)."""
        return tuple(self._spots)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[Any]) -> None:
        self.refresh()

    def _shown_bindings(self) -> tuple[list[tuple[Binding, bool]], tuple[Binding, bool] | None,
                                       set[str]]:
        """(shown bindings with whether each is enabled, the palette's binding, the keys
        that open the help)."""
        shown: list[tuple[Binding, bool]] = []
        actions: set[str] = set()
        palette = None
        help_keys: set[str] = set()
        app = self.app
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.action.endswith("help"):
                help_keys.add(binding.key)
            if app.ENABLE_COMMAND_PALETTE and binding.key == app.COMMAND_PALETTE_BINDING:
                palette = (binding, enabled)
            elif binding.show and binding.action not in actions:
                # Two keys for one action (f1 and ?): the first one is shown.
                actions.add(binding.action)
                shown.append((binding, enabled))
        return shown, palette, help_keys

    def _piece(self, binding: Binding, enabled: bool, described: bool = True) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        if not enabled:
            dim = self.get_component_rich_style("keybar--disabled")
            key_style, description_style = key_style + dim, description_style + dim
        if self._hover == binding.key:
            hover = Style(bgcolor=self.get_component_rich_style("keybar--hover").bgcolor)
            key_style, description_style = key_style + hover, description_style + hover
        piece = Text(end="")  # (a Text's own style would cover what is appended)
        piece.append(binding.key_display or key_name(binding.key), style=key_style)
        if described and binding.description:
            # Our descriptions are translated already; Textual's own (a Select's "Dismiss
            # menu") are looked up here.
            piece.append(" " + _(binding.description), style=description_style)
        return piece

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y or not width:
            return Strip.blank(width, base)
        shown, palette, help_keys = self._shown_bindings()
        pieces = [(self._piece(binding, enabled), binding.key) for binding, enabled in shown]
        right = Text(end="")
        gap = "  "
        # The first layout that fits everything: two spaces between keys, then one, then
        # the palette's key without its word. Otherwise the keys are cut, the gaps kept.
        for gap, described in (("  ", True), (" ", True), (" ", False), ("  ", False)):
            right = self._palette_piece(palette, described)
            needed = 1 + sum(piece.cell_len + len(gap) for piece, _key in pieces) - len(gap)
            if needed <= width - right.cell_len:
                break
        room = width - right.cell_len
        help_piece = next((item for item in pieces if item[1] in help_keys), None)
        if needed <= room or help_piece is None:
            kept, tail = pieces, None
        else:
            # Out of room: as many keys as fit, then `…` and the help key (it lists them all).
            tail = help_piece
            kept = [item for item in pieces if item is not help_piece]
        line = Text(" ", end="")
        spots: list[tuple[int, int, str]] = []
        reserve = 0 if tail is None else len("… ") + tail[0].cell_len
        for piece, key in kept:
            if line.cell_len + piece.cell_len + (len(gap) + reserve if reserve else 0) > room:
                break
            spots.append((line.cell_len, line.cell_len + piece.cell_len, key))
            line.append_text(piece)
            line.append(gap)
        if tail is not None:
            line.append("… ", style=Style(dim=True))
            spots.append((line.cell_len, line.cell_len + tail[0].cell_len, tail[1]))
            line.append_text(tail[0])
        if tail is not None and palette is not None:
            # Cut: the room left over may still hold the palette's word.
            with_word = self._palette_piece(palette, described=True)
            if line.cell_len + with_word.cell_len <= width:
                right, room = with_word, width - with_word.cell_len
        room = max(room, 0)
        line.truncate(room, pad=True)
        # Clicks land on what is drawn: zones cut where the line is (tiny widths).
        spots = [(start, min(end, room), key) for start, end, key in spots if start < room]
        if palette is not None:
            spots.append((room, width, palette[0].key))
            line.append_text(right)
        self._spots = spots
        segments = list(line.render(self.app.console))
        return Strip(segments, cell_len(line.plain)).apply_style(base).crop_extend(
            0, width, base)

    def _palette_piece(self, palette: tuple[Binding, bool] | None, described: bool) -> Text:
        piece = Text(end="")
        if palette is not None:
            piece.append("▏", style=Style(dim=True))
            piece.append_text(self._piece(*palette, described=described))
            if described:
                piece.append(" ")
        return piece

    def _key_at(self, x: int) -> str | None:
        for start, end, key in self._spots:
            if start <= x < end:
                return key
        return None

    def on_click(self, event: events.Click) -> None:
        key = self._key_at(event.x)
        if key is not None:
            event.stop()
            self.app.simulate_key(key)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        if key != self._hover:
            self._hover = key
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()
