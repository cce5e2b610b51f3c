"""A scrolling pane of text in one widget, drawing only the lines on screen.

The dashboard's side and advice panes were each a scrolling container around Statics:
four widgets and their scroll bars, a fifth of the time Textual took to show the
dashboard. This is one line-API widget (like `RowTable`): the text is wrapped once per
width with Rich and a line is drawn when it is on screen, however long the text.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

_PLAIN = Style()


class TextPane(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    TextPane {
        height: 1fr;
        background: $surface;
        overflow-x: hidden;
    }
    TextPane:focus {
        background-tint: $foreground 3%;
    }
    """

    def __init__(self, text: Text | str = "", *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = text if isinstance(text, Text) else Text(text)
        self._lines: list[Text] | None = None
        self._width = 0
        self._strips: dict[int, Strip] = {}

    @property
    def text(self) -> Text:
        return self._text

    def update(self, text: Text | str) -> None:
        self._text = text if isinstance(text, Text) else Text(text)
        self._lines = None
        self._strips.clear()
        self._lay_out(self._width)
        self.refresh()

    def _lay_out(self, width: int) -> list[Text]:
        if self._lines is None or width != self._width:
            self._width = width
            self._strips.clear()
            self._lines = list(self._text.wrap(self.app.console, max(width, 1))) \
                if width else []
            self.virtual_size = Size(width, len(self._lines))
            # Wider, the text takes fewer lines: do not stay scrolled past its end.
            if self.scroll_y > self.max_scroll_y:
                self.scroll_to(y=self.max_scroll_y, animate=False)
        return self._lines

    def on_resize(self) -> None:
        self._lay_out(self.scrollable_content_region.width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        lines = self._lay_out(width)
        index = int(self.scroll_y) + y
        base = self.rich_style
        if index >= len(lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            line = lines[index]
            selection = self.text_selection
            span = selection.get_span(index) if selection is not None else None
            if span is not None:  # the mouse selection, as Textual's own widgets show it
                start, end = span
                line = line.copy()
                line.stylize(self.screen.get_component_rich_style("screen--selection"),
                             start, len(line) if end == -1 else end)
            # Every segment gets a style: Textual's NO_COLOR filter fails on a bare one.
            segments = [Segment(text, style or _PLAIN, control)
                        for text, style, control in line.render(self.app.console)]
            # Each line says where it is in the text, for the mouse selection.
            strip = Strip(segments).extend_cell_length(width).crop(0, width) \
                .apply_offsets(0, index)
            self._strips[index] = strip
        return strip.apply_style(base)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text under the mouse selection (its lines as drawn)."""
        text = "\n".join(line.plain for line in self._lines or [])
        return selection.extract(text), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
