"""User text on its way to the screen: shown as data, never as markup or escapes."""

from __future__ import annotations

from rich.text import Text

from epn_tui.core.text import one_line, strip_controls


def plain(value: object, style: str = "") -> Text:
    """A Text that shows `value` exactly (no Rich markup), control characters removed."""
    return Text(strip_controls("" if value is None else str(value)), style=style)


def line(value: object, style: str = "") -> Text:
    """Like `plain`, folded to one line."""
    return Text(one_line("" if value is None else str(value)), style=style)
