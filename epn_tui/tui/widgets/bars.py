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

from epn_tui.core.text import one_line


class TitleBar(Widget):
    """The title and sub-title, centred: the screen's own when it has them (a form
    shows the file it edits), else the app's (the workspace's folder)."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-align: center;
    }
    """

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._changed, init=False)
            self.watch(node, "sub_title", self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

    def render(self) -> Text:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        # Both may hold a file or folder name as the user typed it: one line, no escapes.
        text = Text(one_line(str(title)), no_wrap=True, overflow="ellipsis",
                    justify="center", end="")
        sub_title = one_line(str(sub_title))
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

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[Any]) -> None:
        self.refresh()

    def _shown_bindings(self) -> tuple[list[tuple[Binding, bool]], tuple[Binding, bool] | None]:
        """(shown bindings with whether each is enabled, the palette's binding)."""
        shown: list[tuple[Binding, bool]] = []
        actions: set[str] = set()
        palette = None
        app = self.app
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if app.ENABLE_COMMAND_PALETTE and binding.key == app.COMMAND_PALETTE_BINDING:
                palette = (binding, enabled)
            elif binding.show and binding.action not in actions:
                # Two keys for one action (f1 and ?): the first one is shown.
                actions.add(binding.action)
                shown.append((binding, enabled))
        return shown, palette

    def _piece(self, binding: Binding, enabled: bool) -> tuple[Text, str]:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        if not enabled:
            dim = self.get_component_rich_style("keybar--disabled")
            key_style, description_style = key_style + dim, description_style + dim
        if self._hover == binding.key:
            hover = self.get_component_rich_style("keybar--hover")
            key_style, description_style = key_style + hover, description_style + hover
        piece = Text(end="")  # (a Text's own style would cover what is appended)
        piece.append(self.app.get_key_display(binding), style=key_style)
        if binding.description:
            piece.append(" " + binding.description, style=description_style)
        return piece, binding.key

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y or not width:
            return Strip.blank(width, base)
        shown, palette = self._shown_bindings()
        pieces = [self._piece(binding, enabled) for binding, enabled in shown]
        right, room, gap = self._fit(pieces, palette, width)
        line = Text(" ", end="")
        spots: list[tuple[int, int, str]] = []
        help_keys = self._help_keys()
        help_piece = next((p for p in pieces if p[1] in help_keys), None)
        for n, (piece, key) in enumerate(pieces):
            rest = room - line.cell_len - piece.cell_len
            last = n == len(pieces) - 1
            if rest < 0 or (not last and help_piece is not None and key not in help_keys
                            and rest < 2 + help_piece[0].cell_len + 1):
                # Out of room: say so, and keep the help key (it lists every key).
                if help_piece is not None and (piece, key) != help_piece:
                    line.append("… ", style=Style(dim=True))
                    spots.append((line.cell_len, line.cell_len + help_piece[0].cell_len,
                                  help_piece[1]))
                    line.append_text(help_piece[0])
                break
            spots.append((line.cell_len, line.cell_len + piece.cell_len, key))
            line.append_text(piece)
            line.append(gap)
        line.truncate(room, pad=True)
        if palette is not None:
            spots.append((room, width, palette[0].key))
            line.append_text(right)
        self._spots = spots
        segments = list(line.render(self.app.console))
        return Strip(segments, cell_len(line.plain)).apply_style(base).crop_extend(
            0, width, base)

    def _fit(self, pieces: list[tuple[Text, str]], palette: tuple[Binding, bool] | None,
             width: int) -> tuple[Text, int, str]:
        """(the palette's piece, the room left for the keys, the gap between keys):
        two spaces between keys, one when that makes them fit, and the palette's key
        without its description when even that is not enough (80 columns)."""
        needed = 1 + sum(piece.cell_len for piece, _key in pieces)

        def palette_piece(described: bool) -> Text:
            if palette is None:
                return Text(end="")
            binding, enabled = palette
            piece = Text(end="")
            piece.append("▏", style=Style(dim=True))
            if described:
                piece.append_text(self._piece(binding, enabled)[0])
            else:
                style = self.get_component_rich_style("keybar--key")
                piece.append(self.app.get_key_display(binding), style=style)
            piece.append(" ")
            return piece

        right = palette_piece(described=True)
        for gap in ("  ", " "):
            if needed + len(gap) * len(pieces) <= width - right.cell_len:
                return right, width - right.cell_len, gap
        right = palette_piece(described=False)
        return right, width - right.cell_len, " "

    def _help_keys(self) -> set[str]:
        return {binding.key for _node, binding, _enabled, _tooltip
                in self.screen.active_bindings.values() if binding.action.endswith("help")}

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
