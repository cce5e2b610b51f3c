"""The command palette: global actions plus those of the current screen.

A screen offers its own by defining `palette_commands()` returning
(title, help, callback) triples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from epn_tui.i18n import _

Command = tuple[str, str, Callable[[], Any]]


class EpnCommands(Provider):
    def _commands(self) -> Iterator[Command]:
        app: Any = self.app
        screen = self.screen
        own = getattr(screen, "palette_commands", None)
        if callable(own):
            yield from own()
        for mode, title in (("dashboard", _("Go to the dashboard")),
                            ("conventions", _("Go to the conventions")),
                            ("partners", _("Go to the partner directory")),
                            ("network", _("Go to the network"))):
            yield title, _("Switch screen"), partial(app.action_mode, mode)
        yield _("Reload the workspace"), _("Read the files again"), app.action_reload
        yield _("Help: keys"), _("List the keys of this screen"), app.action_help

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
