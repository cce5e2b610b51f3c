"""The contract between the app and its screens, typed: what a screen can reach (the
workspace, today), what the app may ask it (unsaved work, its palette commands) and
what it tells it (files changed on disk, as a message; a reload, as a call)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from textual.message import Message
from textual.screen import Screen

if TYPE_CHECKING:
    from epn_tui.store.workspace import Workspace
    from epn_tui.tui.app import EpnApp

# A command of the palette: (title, help, what it does).
PaletteCommand = tuple[str, str, Callable[[], Any]]


class FilesChanged(Message, bubble=False):
    """Sent by the app to the screens of the current mode when files changed on disk
    behind its back (before the reload lands): `paths`, relative to the workspace."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__()
        self.paths = paths


class AppAccess:
    """For screens of this app (mixed into Screen and ModalScreen subclasses): the one
    way to reach the workspace and today, and the hooks the app relies on."""

    @property
    def epn_app(self) -> EpnApp:
        from epn_tui.tui.app import EpnApp

        return cast(EpnApp, cast(Screen[Any], self).app)

    @property
    def workspace(self) -> Workspace | None:
        """The app's workspace (None until it is first read)."""
        return self.epn_app.workspace

    @property
    def today(self) -> date:
        return self.epn_app.today

    @property
    def is_dirty(self) -> bool:
        """Holds changes not saved yet: the app asks before they are lost."""
        return False

    def palette_commands(self) -> Iterator[PaletteCommand]:
        """This screen's own commands, shown first in the command palette."""
        return iter(())

    def files_changed(self, paths: list[str]) -> None:
        """Files changed on disk (`FilesChanged`); screens showing one of them override."""

    def on_files_changed(self, message: FilesChanged) -> None:
        self.files_changed(message.paths)


class RedrawWhenShown:
    """For screens showing workspace data: out of sight at a reload, they redraw when
    shown again, not at once (at 10,000 conventions redrawing the lists of every screen
    froze the UI for a second). Screens say how they redraw (`redraw`)."""

    _workspace_stale = False

    def redraw(self) -> None:
        raise NotImplementedError

    def redraw_when_shown(self) -> None:
        self._workspace_stale = True

    def on_screen_resume(self) -> None:
        if self._workspace_stale and cast(Screen[Any], self).is_mounted:
            self._workspace_stale = False
            self.redraw()


class WorkspaceScreen(RedrawWhenShown, AppAccess, Screen[None]):
    """A screen showing workspace data. The app calls `workspace_changed()` on every
    installed screen after a reload (a save, or files changed on disk) when it is in
    sight, `redraw_when_shown()` otherwise."""

    def workspace_changed(self) -> None:
        """Redraw from `self.workspace`; screens override."""

    def redraw(self) -> None:
        self.workspace_changed()
