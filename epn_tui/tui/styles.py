"""Styles that carry a meaning, readable without colour.

With NO_COLOR (or a monochrome terminal, or a reader who cannot tell red from green)
colour says nothing: what matters is also bold, reversed or marked. Textual draws
NO_COLOR by turning each colour into a grey of its brightness, which made red and
yellow text darker than plain text: the urgent deadlines looked the least important.
`EpnApp` therefore maps our colour names to the plain text's shade under NO_COLOR
(`monochrome_theme`), and these styles say the rest with attributes.
"""

from __future__ import annotations

from rich.color_triplet import ColorTriplet
from rich.terminal_theme import TerminalTheme

URGENT_DAYS = 15
SOON_DAYS = 45


def urgency_style(days: int) -> str:
    """A deadline's text: urgent and soon ones in bold (red, yellow), later ones plain."""
    if days <= URGENT_DAYS:
        return "bold red"
    if days <= SOON_DAYS:
        return "bold yellow"
    return ""


def urgency_badge(days: int) -> str:
    """The cell that tells how near a deadline is: an urgent one is also reversed."""
    if days <= URGENT_DAYS:
        return "bold reverse red"
    return urgency_style(days)


def monochrome_theme(theme: TerminalTheme) -> TerminalTheme:
    """`theme` with the six hues (red, green, yellow, blue, magenta, cyan, and their
    bright forms) drawn in the text's own shade; black and white keep theirs."""
    def rgb(colour: ColorTriplet) -> tuple[int, int, int]:
        return colour.red, colour.green, colour.blue

    text = rgb(theme.foreground_color)
    colours = [rgb(theme.ansi_colors[n]) for n in range(16)]
    normal = [colours[0], *[text] * 6, colours[7]]
    bright = [colours[8], *[text] * 6, colours[15]]
    return TerminalTheme(rgb(theme.background_color), text, normal, bright)
