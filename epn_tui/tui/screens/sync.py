"""« Synchroniser » (Ctrl+G, or the palette): `store.sync.sync` in a worker thread, its
progress and its result in a small dialog; a conflict opens a screen that says what to
do.

The worker belongs to the app, not to the dialog: closing the dialog (Escape) lets the
sync finish, and its result then comes as a notification. Whatever the outcome the
workspace is read again (a merge brings colleagues' changes; the title bar's git state
follows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from epn_tui.i18n import _
from epn_tui.tui.safe import line, plain

if TYPE_CHECKING:
    from epn_tui.store.sync import SyncConflict, SyncResult
    from epn_tui.tui.app import EpnApp

SYNC_GROUP = "git-sync"


def start_sync(app: EpnApp) -> None:
    """Open the dialog and run the sync (one at a time)."""
    if app.workspace is None:
        app.notify(_("The workspace is still loading…"), timeout=2)
        return
    if any(w.group == SYNC_GROUP and not w.is_finished for w in app.workers):
        app.notify(_("A synchronisation is already under way."), timeout=3)
        return
    dialog = SyncScreen()
    app.push_screen(dialog)
    app.run_worker(lambda: _run(app), thread=True, group=SYNC_GROUP, exclusive=True,
                   name="sync")


def _run(app: EpnApp) -> None:
    """In the worker thread."""
    from epn_tui.store.git import GitError
    from epn_tui.store.sync import SyncConflict, sync

    def progress(text: str) -> None:
        app.call_from_thread(_progress, app, text)

    try:
        result = sync(app.root.resolve(), progress)
    except SyncConflict as exc:
        app.call_from_thread(_conflict, app, exc)
    except (GitError, OSError) as exc:
        app.call_from_thread(_failed, app, str(exc))
    else:
        app.call_from_thread(_done, app, result)


def _dialog(app: EpnApp) -> SyncScreen | None:
    return next((s for s in app.screen_stack if isinstance(s, SyncScreen)), None)


def _progress(app: EpnApp, text: str) -> None:
    dialog = _dialog(app)
    if dialog is not None:
        dialog.add_line(text)


def _done(app: EpnApp, result: SyncResult) -> None:
    summary = result.summary()
    dialog = _dialog(app)
    if dialog is not None:
        dialog.finish(Text(summary, style="bold"))
    else:
        app.notify(summary, title=_("Synchronised"), timeout=6, markup=False)
    app.reload_workspace()


def _failed(app: EpnApp, message: str) -> None:
    dialog = _dialog(app)
    if dialog is not None:
        dialog.finish(line(message, "bold red"), failed=True)
    else:
        app.notify(line(message).plain, title=_("Not synchronised"), severity="error",
                   timeout=15, markup=False)
    app.reload_workspace()


def _conflict(app: EpnApp, exc: SyncConflict) -> None:
    dialog = _dialog(app)
    if dialog is not None:
        dialog.dismiss(None)
    app.push_screen(SyncConflictScreen(exc))
    app.reload_workspace()


class SyncScreen(ModalScreen[None]):
    """The progress lines of a sync, then its result; Escape or Enter closes (the sync
    goes on if it is not over)."""

    DEFAULT_CSS = """
    SyncScreen { align: center middle; }
    SyncScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: thick $primary; background: $surface;
    }
    SyncScreen #sync-title { text-style: bold; margin-bottom: 1; }
    SyncScreen #sync-lines { height: auto; max-height: 12; }
    SyncScreen #sync-result { height: auto; margin-top: 1; }
    SyncScreen Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "close", _("Close"), id="sync.close")]

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.over = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Synchronising with the remote…"), id="sync-title")
            with VerticalScroll(id="sync-lines"):
                yield Static(id="sync-log")
            yield Static(id="sync-result")
            with Horizontal():
                yield Button(_("Close"), id="sync-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#sync-close", Button).focus()

    def add_line(self, text: str) -> None:
        self.lines.append(text)
        self.query_one("#sync-log", Static).update(plain("\n".join(self.lines)))

    def finish(self, result: Text, failed: bool = False) -> None:
        self.over = True
        self.query_one("#sync-title", Static).update(
            _("Synchronisation failed") if failed else _("Synchronisation done"))
        self.query_one("#sync-result", Static).update(result)

    @on(Button.Pressed, "#sync-close")
    def _close_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        if not self.over:
            self.notify(_("The synchronisation goes on; its result will be shown when it is over."),
                        timeout=3)
        self.dismiss(None)


class SyncConflictScreen(ModalScreen[None]):
    """The remote's changes and ours touch the same fields or lines: say which, that
    nothing was merged and both versions are kept, and what to do."""

    DEFAULT_CSS = """
    SyncConflictScreen { align: center middle; }
    SyncConflictScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: thick $error; background: $surface;
    }
    SyncConflictScreen #conflict-title { text-style: bold; margin-bottom: 1; }
    SyncConflictScreen #conflict-where { height: auto; max-height: 14; margin-bottom: 1; }
    SyncConflictScreen .advice { height: auto; margin-bottom: 1; }
    SyncConflictScreen Horizontal { height: auto; align-horizontal: right; }
    """
    BINDINGS = [Binding("escape", "close", _("Close"), id="sync-conflict.close")]

    def __init__(self, conflict: SyncConflict) -> None:
        super().__init__()
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        conflict = self.conflict
        upstream = conflict.upstream
        where = Text()
        for entry in conflict.details or conflict.files:
            where.append("• ")
            where.append_text(line(entry))
            where.append("\n")
        where.rstrip()
        with Vertical():
            yield Static(_("Not synchronised: a colleague changed the same things as you"),
                         id="conflict-title")
            yield Static(plain(_("Your changes and those of {upstream} touch the same fields "
                                 "or the same lines of text:").format(upstream=upstream)),
                         classes="advice")
            with VerticalScroll(id="conflict-where"):
                yield Static(where)
            yield Static(plain(_(
                "Nothing was merged and nothing is lost: your version is as it was, theirs "
                "is kept in {upstream}.").format(upstream=upstream)), classes="advice")
            yield Static(plain(_(
                "What to do: agree on the right value (talk it over), change it here to "
                "match theirs or theirs to match yours, then synchronise again (Ctrl+G). "
                "`epn diff ID {upstream}` shows how a convention differs from theirs.")
                .format(upstream=upstream)), classes="advice")
            with Horizontal():
                yield Button(_("Close"), id="conflict-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#conflict-close", Button).focus()

    @on(Button.Pressed, "#conflict-close")
    def _close_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
