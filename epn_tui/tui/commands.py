"""The command palette: global actions plus those of the current screen.

A screen of the app offers its own through `palette_commands()` (screens/base.py:
(title, help, callback) triples).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from epn_tui.core.text import one_line
from epn_tui.i18n import _
from epn_tui.tui.note_action import write_note
from epn_tui.tui.screens.base import AppAccess, PaletteCommand

Command = PaletteCommand


def _nothing() -> None:
    """The palette's "no command matches" line, chosen: the palette just closes."""


class EpnCommands(Provider):
    def _commands(self) -> Iterator[Command]:
        app: Any = self.app
        screen = self.screen
        if isinstance(screen, AppAccess):
            yield from screen.palette_commands()
        for mode, title in (("dashboard", _("Go to the dashboard")),
                            ("conventions", _("Go to the conventions")),
                            ("partners", _("Go to the partner directory")),
                            ("network", _("Go to the network"))):
            yield title, _("Switch screen"), partial(app.action_mode, mode)
        yield _("Reload the workspace"), _("Read the files again"), app.action_reload
        yield (_("Note for the élu"),
               _("One page as a PDF: referents, numbers, decisions of the next six months, "
                 "steering committee, three actions, the network"),
               partial(write_note, app))
        yield (_("Import a spreadsheet"),
               _("Partners or contacts from an .ods, .xlsx, .xls or .csv file, previewed first"),
               app.action_import_sheet)
        yield (_("Export"), _("A table as .ods, .xlsx or .csv; the national map's schemas"),
               app.action_export)
        yield (_("Synchronise (git)"),
               _("Share with colleagues through the git remote: commit, fetch, merge, send"),
               app.action_sync)
        yield _("Help: keys"), _("List the keys of this screen"), app.action_help

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                found = True
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
        if found or any(matcher.match(command.title) > 0
                        for command in self.app.get_system_commands(self.screen)):
            return
        # Nothing matches here nor among Textual's own commands (the other provider):
        # Textual would say "No matches found", in English, with no public way to
        # change it. Saying it first, as a line that does nothing, keeps it in French.
        yield Hit(1, Text(_("No command matches “{query}”").format(query=one_line(query)),
                          style="italic"), _nothing, help=_("Escape closes the palette"))
