"""Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer rebuilds its keys (a dozen widgets, their styles) after every change
of the screen's bindings, each rebuild scheduled on its own: at start-up, focus, screen
and mode changes made eight rebuilds of the same keys, a fifth of the time to the
first frame. This one rebuilds once for a burst of changes, and not at all when the
keys it would show are those it shows (a rebuild reads the bindings when it runs).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    _rebuild_pending = False
    _shown: Hashable = ()  # what the keys were built from

    def _keys(self) -> Hashable:
        """Everything Footer.compose builds the keys from."""
        if not self._bindings_ready:
            return None  # no keys yet
        bindings = tuple(
            (binding.key, binding.description, binding.action, binding.show,
             binding.tooltip, id(binding.group), enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values())
        return bindings, self.compact, self.show_command_palette

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._rebuild_pending:  # the rebuild to come reads these bindings too
            return
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild_done)
        super().bindings_changed(screen)

    def _rebuild_done(self) -> None:
        self._rebuild_pending = False

    async def recompose(self) -> None:
        if self.is_attached and self._keys() == self._shown:
            return
        await super().recompose()
