"""What we need from Textual that it does not offer publicly, in one place.

Each part says why no public API does it. `tests/tui/test_compat.py` checks each
one against the installed Textual and fails naming what moved; pyproject.toml bounds
Textual to the minor release those tests passed on (`textual[syntax]>=8.2,<8.3`):
moving to the next minor means running them (and `scripts/check-latest`) first.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import OptionList


def option_lines(option_list: OptionList, index: int) -> tuple[int, int] | None:
    """(first line, number of lines) of option `index` inside the list's content, or
    None when the list has not laid it out yet.

    A partner's contacts, conventions and journal are option lists that grow with
    their content inside one scrolling pane: the pane must scroll to the highlighted
    option. `OptionList.scroll_to_highlight` scrolls the list itself only, and the
    options' heights (prompts wrap) are only known to the list: `_index_to_line`,
    `_heights` (Textual 8.2).
    """
    try:
        return option_list._index_to_line[index], option_list._heights[index]
    except (KeyError, IndexError):
        return None


class NoHiddenFrames(Screen[None]):
    """A screen that draws nothing while Textual starts.

    Textual holds back what is drawn while it starts (`App.batch_update`: `_display`
    drops it) but still renders it: two full renders of the dashboard (20-40 ms of
    CPU at 10,000 conventions, traced) for frames nobody sees. While the app's private
    batch counter (`_batch_count`) is up, this screen only marks itself for repaint
    (`_repaint_required`); it is drawn once, when the batch is over. No public API
    tells that the app is starting, nor defers a screen's render (Textual 8.2).
    """

    def _compositor_refresh(self) -> None:
        if self.app._batch_count:
            self._repaint_required = True
            return
        super()._compositor_refresh()
