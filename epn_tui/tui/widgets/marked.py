"""Toggles that show their state by a mark, not by colour alone.

Textual draws a checkbox, a radio button or a selection-list entry with the same
character whether it is on or off and tells the two apart by colour: with NO_COLOR,
on a monochrome terminal or for a colour-blind user, nothing shows what is ticked.
These keep the mark only when the toggle is on.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

OFF = " "
# The mark a selection list draws for every entry, on or off: its toggle buttons' (the
# class Checkbox inherits it from). tests/tui/test_marked.py checks it is still so.
SELECTION_MARK = Checkbox.BUTTON_INNER


class MarkedCheckbox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "X" if self.value else OFF


class MarkedRadioButton(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "●" if self.value else OFF


class MarkedSelectionList(SelectionList[Any]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        # [left side, mark, right side, " ", prompt…] (SelectionList.render_line)
        if len(segments) < 2 or segments[1].text != SELECTION_MARK:
            return strip
        if option.value not in self.selected:
            segments[1] = Segment(OFF, segments[1].style)
        return Strip(segments, strip.cell_length)
