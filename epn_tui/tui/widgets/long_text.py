"""A Static for long texts: only the lines on screen are drawn.

A Static draws every line of its text whenever any of it is shown. The dashboard's
guide lists every partner without a written convention: at 10,000 conventions that is
1,300 lines in a 40-column pane, 0.1 s for each frame that shows the first 20 of them.
This Static finds the line breaks once per width and draws a line only when it is on
screen, with the same look as a Static (Textual's own line breaks, then one line at a
time) and the same mouse selection (each line keeps its position in the text).
Anything but plain wrapped text (a Rich table, `text-wrap: nowrap`…) is drawn by
Static itself.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.app import App
from textual.content import Content, Span
from textual.geometry import Size
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, VisualType
from textual.widgets import Static

try:  # Textual breaks lines with it (textual.content); private to Rich, hence the fallback.
    from rich._wrap import divide_line
except ImportError:  # pragma: no cover
    divide_line = None  # type: ignore[assignment]

# Where each line is: (paragraph, start, end) in the text's paragraphs.
Lines = list[tuple[int, int, int]]


class LongText(Static):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._for: Visual | None = None  # what the caches below were computed from
        self._paragraphs: list[Content] = []
        self._lines: tuple[int, Lines] | None = None  # (width, lines)
        self._strips: dict[int, Strip] = {}
        self._index: dict[int, _SpanIndex] = {}  # per paragraph, made when drawn

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if isinstance(content, Text):
            content = _content_of(content, self.app)
        super().update(content, layout=layout)

    def _text(self) -> Content | None:
        """The text, when it is plain wrapped text this widget draws itself."""
        visual = self.visual
        if not isinstance(visual, Content):
            return None
        rule = self.styles.get_rule
        if (rule("text_wrap", "wrap") != "wrap" or rule("text_overflow", "fold") != "fold"
                or rule("line_pad", 0)):
            return None
        if visual is not self._for:  # updated
            self._for = visual
            self._paragraphs = [paragraph.expand_tabs(8)
                                for paragraph in visual.split("\n", allow_blank=True)]
            self._lines = None
            self._strips.clear()
            self._index.clear()
        return visual

    def _wrapped(self, width: int) -> Lines:
        if self._lines is not None and self._lines[0] == width:
            return self._lines[1]
        lines: Lines = []
        for y, paragraph in enumerate(self._paragraphs):
            lines.extend((y, start, end) for start, end in _breaks(paragraph.plain, width))
        self._lines = (width, lines)
        self._strips.clear()
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self._text() is None:
            return super().get_content_height(container, viewport, width)
        return len(self._wrapped(max(width, 1)))

    def render_line(self, y: int) -> Strip:
        if self._text() is None:
            return super().render_line(y)
        width = self.size.width
        lines = self._wrapped(max(width, 1))
        if y >= len(lines):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(y)
        if strip is None:
            strip = self._strips[y] = self._render_one(*lines[y], width)
        return strip

    def _render_one(self, paragraph: int, start: int, end: int, width: int) -> Strip:
        line = self._slice(paragraph, start, end)
        selection = self.text_selection
        if selection is not None and (span := selection.get_span(paragraph)) is not None:
            first, last = span
            last = end if last == -1 else last
            first, last = max(first - start, 0), min(last - start, end - start)
            if first < last:
                style = Style.from_styles(self.screen.get_component_styles("screen--selection"))
                line = line.stylize(style, first, last)
        strips = Visual.to_strips(self, line, width, 1, self.visual_style,
                                  apply_selection=False)
        if not strips:
            return Strip.blank(width, self.rich_style)
        return Strip([_moved(segment, start, paragraph) for segment in strips[0]],
                     strips[0].cell_length)

    def _slice(self, paragraph: int, start: int, end: int) -> Content:
        """paragraph[start:end], looking only at the styles that may reach the line:
        Content's own slicing shifts every style of the paragraph (1,350 for the
        partners without a convention), 1 ms a line."""
        index = self._index.get(paragraph)
        if index is None:
            index = self._index[paragraph] = _SpanIndex(self._paragraphs[paragraph].spans)
        text = self._paragraphs[paragraph].plain[start:end]
        spans = [Span(max(span.start, start) - start, min(span.end, end) - start, span.style)
                 for span in index.reaching(start, end)]
        return Content(text, spans, strip_control_codes=False)

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        super().selection_updated(selection)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()


class _SpanIndex:
    """The spans of a paragraph that may overlap a range, in their order (later spans
    are drawn over earlier ones). Spans longer than LONG are few (a style over the
    whole text…) and always looked at; the others are found by their start."""

    LONG = 256

    def __init__(self, spans: Sequence[Span]) -> None:
        self.long = [(n, span) for n, span in enumerate(spans)
                     if span.end - span.start > self.LONG]
        short = sorted(((span.start, n, span) for n, span in enumerate(spans)
                        if span.end - span.start <= self.LONG), key=lambda item: item[0])
        self.starts = [start for start, _n, _span in short]
        self.short = [(n, span) for _start, n, span in short]

    def reaching(self, start: int, end: int) -> list[Span]:
        first = bisect_left(self.starts, start - self.LONG)
        last = bisect_left(self.starts, end)
        found = [(n, span) for n, span in self.short[first:last] if span.end > start]
        found += [(n, span) for n, span in self.long if span.start < end and span.end > start]
        found.sort(key=lambda item: item[0])
        return [span for _n, span in found]


def _breaks(plain: str, width: int) -> list[tuple[int, int]]:
    """Where Textual breaks a paragraph into lines, as (start, end) of each line.

    The breaks depend on the characters only: finding them without the styles is much
    cheaper, and the styles are cut for the lines drawn."""
    if divide_line is None:  # Rich moved it: Textual's public (slower) way
        spans, cursor = [], 0
        for piece in Content(plain).wrap(width):
            # Lines follow each other, less the spaces cut at line ends.
            start = plain.find(piece.plain, cursor) if piece.plain else cursor
            start = cursor if start < 0 else start
            cursor = start + len(piece.plain)
            spans.append((start, cursor))
        return spans
    # As Content._wrap_and_format: divide, strip the spaces ending all lines but the
    # last, crop what is still too wide.
    offsets = [0, *divide_line(plain, width, fold=True), len(plain)]
    spans = []
    for index in range(len(offsets) - 1):
        start, end = offsets[index], offsets[index + 1]
        text = plain[start:end]
        if index < len(offsets) - 2:
            text = text.rstrip()
        if cell_len(text) > width:
            text = Content(text).truncate(width).plain
        spans.append((start, start + len(text)))
    return spans


def _moved(segment: Segment, dx: int, y: int) -> Segment:
    """The segment with its position in the text (for the mouse selection) moved from
    its line to the whole text."""
    style = segment.style
    if style is None:
        return segment
    offset = style.meta.get("offset")
    if offset is None:
        return segment
    return Segment(segment.text, style + RichStyle.from_meta({"offset": (offset[0] + dx, y)}),
                   segment.control)


def _content_of(text: Text, app: App[Any]) -> Content:
    """Content.from_rich_text (what Static.update does with a Text), converting each
    style once rather than once a span: the guide has 1,800 spans in five styles."""
    console, theme = app.console, app.ansi_theme
    styles: dict[Any, Style] = {}
    spans = []
    for start, end, rich_style in text.spans:
        style = styles.get(rich_style)
        if style is None:
            style = styles[rich_style] = Style.from_rich_style(
                console.get_style(rich_style) if isinstance(rich_style, str) else rich_style,
                theme)
        spans.append(Span(start, end, style))
    content = Content(text.plain, spans)
    if text.style:
        content = content.stylize_before(text.style if isinstance(text.style, str)
                                         else Style.from_rich_style(text.style, theme))
    return content
