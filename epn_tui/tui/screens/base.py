"""What the workspace screens share: the app's workspace, today, and a refresh hook."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from epn_tui.store.workspace import Workspace
    from epn_tui.tui.app import EpnApp


class AppAccess:
    """For screens of this app: `epn_app`, the app with its workspace and today."""

    @property
    def epn_app(self) -> EpnApp:
        from epn_tui.tui.app import EpnApp

        return cast(EpnApp, cast(Screen[Any], self).app)


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
    installed screen after a reload (a save, or files changed on disk)."""

    @property
    def workspace(self) -> Workspace | None:
        return self.epn_app.workspace

    @property
    def today(self) -> date:
        return self.epn_app.today

    def workspace_changed(self) -> None:
        """Redraw from `self.workspace`; screens override."""

    def redraw(self) -> None:
        self.workspace_changed()
