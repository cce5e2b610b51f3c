"""Help (F1 or ?): the keys of the screen underneath and of the whole app."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from epn_tui.i18n import _
from epn_tui.tui.keys import key_text


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: 80%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss_help", _("Close"), id="close")]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        seen: set[str] = set()
        sections: list[tuple[str, list[object]]] = [
            (_("This screen"), list(self.under.BINDINGS)),
            (_("Everywhere"), list(self.app.BINDINGS)),
        ]
        for title, bindings in sections:
            table.add_row(Text(title, style="bold underline"), "")
            for binding in bindings:
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                if binding.key in seen:
                    continue
                seen.add(binding.key)
                table.add_row(key_text(binding.key), binding.description)
            table.add_row("", "")
        table.add_row(Text(_("Also"), style="bold underline"), "")
        table.add_row(key_text("ctrl+p"), _("command palette: the actions of this screen"))
        table.add_row(key_text("tab,shift+tab"), _("move between panes and fields"))
        with VerticalScroll():
            yield Static(Text(_("Keys"), style="bold"))
            yield Static(table)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
