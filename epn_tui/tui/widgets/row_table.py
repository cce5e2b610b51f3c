"""A virtual table for thousands of rows: filtering and sorting never rebuild widgets.

Our own rather than Textual's DataTable, on purpose: at 10,000 conventions DataTable
was 4× slower (filtering means clearing and re-adding its rows; measured for issue 15),
and the list must follow each keystroke of the filter (bench/bench_tui.py: 2-5 ms of
work per key here). Keep it unless DataTable gains a filter that does not rebuild.

Rows are plain data (cells as Rich Text, a lower-case haystack, sort keys). Filtering
recomputes a list of row indices; drawing renders only the visible lines (Textual's
line API), so a keystroke in the filter costs a scan of strings, not a table rebuild.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from epn_tui.core.roles import fold
from epn_tui.i18n import _

_PLAIN = Style()


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    width: int  # 0 = takes the remaining width
    min_width: int = 8
    hide_below: int = 0  # hidden when the table is narrower than this


@dataclass(slots=True)
class Row:
    """One row. Cells and sort keys may be given, or computed on first use by
    `build()` (returning both): 10,000 rows are searched, a screenful is drawn."""

    key: str
    haystack: str  # folded text searched by the filter
    builder: Callable[[], tuple[tuple[Text, ...], tuple[Any, ...]]] | None = None
    _cells: tuple[Text, ...] | None = None
    _sort_keys: tuple[Any, ...] | None = None

    def _build(self) -> None:
        assert self.builder is not None
        self._cells, self._sort_keys = self.builder()

    @property
    def cells(self) -> tuple[Text, ...]:
        if self._cells is None:
            self._build()
        assert self._cells is not None
        return self._cells

    @property
    def sort_keys(self) -> tuple[Any, ...]:
        if self._sort_keys is None:
            self._build()
        assert self._sort_keys is not None
        return self._sort_keys


class RowTable(ScrollView, can_focus=True):
    """Header line + rows; a cursor row; posts Highlighted and Selected."""

    DEFAULT_CSS = """
    RowTable {
        height: 1fr;
        background: $surface;
        overflow-x: hidden;
    }
    RowTable:focus {
        background-tint: $foreground 3%;
    }
    """
    BINDINGS = [
        Binding("up,k", "cursor(-1)", show=False),
        Binding("down,j", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("enter", "select", _("Open"), id="select-row", show=False),
    ]

    cursor = reactive(0, always_update=True)

    class _RowMessage(Message):
        def __init__(self, table: RowTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RowTable:
            return self.table

    # Two kinds, neither a subclass of the other: a handler of one never gets the other.
    class Highlighted(_RowMessage):
        """The cursor is on the row `key` (None: no row)."""

    class Selected(_RowMessage):
        """Enter (or a click) on the row `key`."""

        key: str

        def __init__(self, table: RowTable, key: str) -> None:
            super().__init__(table, key)

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.columns = list(columns)
        self.rows: list[Row] = []
        self.order: list[int] = []  # all rows, sorted
        self.shown: list[int] = []  # filtered, in sorted order
        self.query_text = ""
        self.sort_column: int | None = None
        self.sort_reverse = False
        self._widths: list[int] = []
        self._announced: str | None = None
        self._widths_for = 0

    # Data ------------------------------------------------------------------------------
    def set_rows(self, rows: list[Row], keep_key: str | None = None) -> None:
        current = keep_key if keep_key is not None else self.cursor_key
        self.rows = rows
        self._resort()
        self._refilter(current)

    def set_filter(self, text: str) -> None:
        current = self.cursor_key
        previous = fold(self.query_text)
        self.query_text = text
        # Typing one more letter narrows the current result: search only within it.
        narrowing = previous and fold(text).startswith(previous) and " " not in fold(text)
        self._refilter(current, within=self.shown if narrowing else None)

    def sort_by(self, column: int | None) -> None:
        """Sort by a column (again: reversed); None: back to the order of the rows."""
        current = self.cursor_key
        if column is None:
            self.sort_column, self.sort_reverse = None, False
        elif self.sort_column == column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        self._resort()
        self._refilter(current)

    def _resort(self) -> None:
        indices = list(range(len(self.rows)))
        if self.sort_column is not None:
            col = self.sort_column
            indices.sort(key=lambda i: self.rows[i].sort_keys[col], reverse=self.sort_reverse)
        self.order = indices

    def _refilter(self, keep_key: str | None, within: list[int] | None = None) -> None:
        terms = fold(self.query_text).split()
        rows = self.rows
        candidates = self.order if within is None else within
        if len(terms) == 1:
            term = terms[0]
            self.shown = [i for i in candidates if term in rows[i].haystack]
        elif terms:
            self.shown = [i for i in candidates
                          if all(term in rows[i].haystack for term in terms)]
        else:
            self.shown = list(self.order)
        self.virtual_size = Size(self.size.width, len(self.shown) + 1)
        position = 0
        if keep_key is not None:
            for n, i in enumerate(self.shown):
                if self.rows[i].key == keep_key:
                    position = n
                    break
        self.cursor = min(position, max(0, len(self.shown) - 1))
        self.refresh()

    @property
    def cursor_key(self) -> str | None:
        if 0 <= self.cursor < len(self.shown):
            return self.rows[self.shown[self.cursor]].key
        return None

    def move_to_key(self, key: str) -> bool:
        for n, i in enumerate(self.shown):
            if self.rows[i].key == key:
                self.cursor = n
                return True
        return False

    # Cursor ----------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        key = self.cursor_key
        if key != self._announced:
            # Filtering moves the cursor index without changing the row: stay quiet then.
            self._announced = key
            self.post_message(self.Highlighted(self, key))

    def _scroll_cursor_into_view(self) -> None:
        height = max(1, self.size.height - 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def action_cursor(self, delta: int) -> None:
        if self.shown:
            self.cursor = max(0, min(len(self.shown) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.size.height - 2))

    def action_jump(self, where: int) -> None:
        if self.shown:
            self.cursor = 0 if where == 0 else len(self.shown) - 1

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            column = self._column_at(event.x + int(self.scroll_x))
            if column is not None:
                self.sort_by(column)
            return
        row = int(self.scroll_y) + event.y - 1
        if 0 <= row < len(self.shown):
            if row == self.cursor and event.chain >= 2:
                self.action_select()
            self.cursor = row

    def _column_at(self, x: int) -> int | None:
        left = 0
        for n, width in enumerate(self._widths):
            if not width:
                continue
            if left <= x < left + width + 1:
                return n
            left += width + 1
        return None

    # Drawing ---------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.shown) + 1)
        self._widths = []
        self._scroll_cursor_into_view()

    def _column_widths(self, total: int) -> list[int]:
        """Widths of the columns (0 for a column hidden at this width)."""
        shown = [c for c in self.columns if total >= c.hide_below]
        fixed = sum(c.width for c in shown if c.width) + len(shown) - 1
        flexible = [c for c in shown if not c.width]
        rest = max(0, total - fixed)
        widths = []
        for column in self.columns:
            if column not in shown:
                widths.append(0)
            elif column.width:
                widths.append(column.width)
            else:
                widths.append(max(column.min_width, rest // max(1, len(flexible))))
        # Too narrow (80 columns): shrink the widest column that can, one cell at a time.
        excess = sum(widths) + len([w for w in widths if w]) - 1 - total
        while excess > 0:
            candidates = [n for n, c in enumerate(self.columns)
                          if widths[n] and widths[n] > c.min_width]
            if not candidates:
                break
            widest = max(candidates, key=lambda n: widths[n])
            widths[widest] -= 1
            excess -= 1
        return widths

    def _render_cells(self, cells: Sequence[Text], style: str = "") -> Text:
        out = Text(style=style, no_wrap=True, end="")
        first = True
        for cell, width in zip(cells, self._widths, strict=False):
            if not width:
                continue
            if not first:
                out.append(" ")
            first = False
            piece = cell.copy()
            piece.no_wrap = True
            piece.truncate(width, overflow="ellipsis", pad=True)
            out.append_text(piece)
        return out

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if not self._widths or self._widths_for != width:
            # Also after the vertical scrollbar comes or goes (no Resize event then).
            self._widths = self._column_widths(width)
            self._widths_for = width
        console = self.app.console
        if y == 0:
            titles = []
            for n, column in enumerate(self.columns):
                mark = ""
                if self.sort_column == n:
                    mark = " ▼" if self.sort_reverse else " ▲"
                titles.append(Text(column.title + mark, style="bold"))
            text = self._render_cells(titles)
            base = Style(bold=True, underline=True)
            header = [Segment(piece, style or _PLAIN, control)
                      for piece, style, control in text.render(console)]
            return Strip(header).apply_style(base).extend_cell_length(width, _PLAIN) \
                .crop(0, width)
        row_index = int(self.scroll_y) + y - 1
        if row_index >= len(self.shown):
            # With a style: Textual's NO_COLOR filter fails on a bare segment (a filter
            # that matches nothing left only blank lines, and `epn` stopped).
            return Strip.blank(width, _PLAIN)
        row = self.rows[self.shown[row_index]]
        text = self._render_cells(row.cells)
        # Every segment gets a style: Textual's NO_COLOR filter fails on a bare one.
        segments = [Segment(piece, style or _PLAIN, control)
                    for piece, style, control in text.render(console)]
        strip = Strip(segments).extend_cell_length(width, _PLAIN).crop(0, width)
        if row_index == self.cursor:
            # The cursor's colours win over the cells' own (a yellow deadline on an
            # orange bar would be unreadable).
            highlight = self.get_component_rich_style("rowtable--cursor") if self.has_focus \
                else self.get_component_rich_style("rowtable--cursor-blurred")
            strip = Strip([Segment(text, (style or Style()) + highlight, control)
                           for text, style, control in strip], strip.cell_length)
        return strip

    COMPONENT_CLASSES = {"rowtable--cursor", "rowtable--cursor-blurred"}
    DEFAULT_CSS += """
    RowTable > .rowtable--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    RowTable > .rowtable--cursor-blurred {
        background: $block-cursor-blurred-background;
        color: $foreground;
    }
    /* NO_COLOR: in greys, a background is barely another shade. */
    RowTable:nocolor > .rowtable--cursor {
        text-style: bold reverse;
    }
    RowTable:nocolor > .rowtable--cursor-blurred {
        text-style: underline;
    }
    """
