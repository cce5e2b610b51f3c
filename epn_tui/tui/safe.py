"""User text on its way to the screen: shown as data, never as markup or escapes."""

from __future__ import annotations

from rich.text import Text

from epn_tui.core.text import escape_controls, one_line, strip_controls


def plain(value: object, style: str = "") -> Text:
    """A Text that shows `value` exactly (no Rich markup), control characters removed."""
    return Text(strip_controls("" if value is None else str(value)), style=style)


def line(value: object, style: str = "") -> Text:
    """Like `plain`, folded to one line."""
    return Text(one_line("" if value is None else str(value)), style=style)


def escaped(value: object, style: str = "") -> Text:
    """A path or an id, on one line and findable: control characters as escapes
    (`a\\nb.md`), not removed (core.text.escape_controls)."""
    return Text(escape_controls("" if value is None else str(value)), style=style)
