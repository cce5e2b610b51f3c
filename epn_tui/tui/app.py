"""The Textual application: `epn`, `epn demo` and the tests all build it with `build_app`.

The first frame never waits for the disk: the dashboard paints at once, the workspace
is read in a worker thread, and every screen is told when it is (re)loaded. How the
first dashboard is reached is `epn_tui/startup.py`'s sequence. A watcher thread waits
for the system to say files changed (`store/watch.py`) and reloads the workspace when
they changed behind our back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from epn_tui.core.dashboard_view import DashboardView
from epn_tui.core.text import escape_controls
from epn_tui.i18n import _
from epn_tui.startup import PAINT_GRACE_SECONDS, Startup
from epn_tui.tui.commands import EpnCommands
from epn_tui.tui.screens.base import AppAccess, FilesChanged, WorkspaceScreen
from epn_tui.tui.screens.dashboard import DashboardScreen
from epn_tui.tui.styles import monochrome_theme

if TYPE_CHECKING:
    from epn_tui.store.workspace import Workspace
    from epn_tui.tui.git_state import GitState
    from epn_tui.tui.screens.network import NetworkScreen

# The app's modes: the dashboard's from the start, the others added once the workspace
# is read (`_add_modes`).
MODE_NAMES = ("dashboard", "conventions", "partners", "network")


class EpnApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "epn"
    COMMANDS = App.COMMANDS | {EpnCommands}
    MODES = {"dashboard": DashboardScreen}
    # The dashboard is the first screen, not switched to from a blank one: switching
    # holds the display back for 50 ms (App.delay_update) and drops the frame drawn then.
    DEFAULT_MODE = "dashboard"
    BINDINGS = [
        Binding("1", "mode('dashboard')", _("Dashboard"), id="go-dashboard"),
        Binding("2", "mode('conventions')", _("Conventions"), id="go-conventions"),
        Binding("3", "mode('partners')", _("Partners"), id="go-partners"),
        Binding("4", "mode('network')", _("Network"), id="go-network"),
        Binding("f1,question_mark", "help", _("Help"), id="help"),
        Binding("ctrl+r", "reload", _("Reload"), id="reload", show=False),
        Binding("q", "quit", _("Quit"), id="quit"),
        # Ctrl+Q works from anywhere, forms included (it still asks about unsaved work).
        Binding("ctrl+q", "quit", _("Quit"), id="quit-anywhere", show=False, priority=True),
        Binding("ctrl+g", "sync", _("Synchronise (git)"), id="sync", show=False),
    ]
    # The title bar's git state (tui/git_state.py), read after each load; None until then.
    git_state: reactive[GitState | None] = reactive(None, init=False)
    commit_hint_given = False  # "the commit waits: set your git identity", said once

    def __init__(self, root: Path, today: date | None = None, watch: bool = True,
                 startup: Startup | None = None) -> None:
        super().__init__()
        if self.no_color:
            # Textual draws NO_COLOR in greys, red darker than plain text: our colour
            # names take the text's shade instead, meaning is in bold, reverse, marks.
            self.ansi_theme_dark = monochrome_theme(self.ansi_theme_dark)
            self.ansi_theme_light = monochrome_theme(self.ansi_theme_light)
        self.startup = startup or Startup()
        self.root = Path(root)
        self.fixed_today = today
        self.watch_enabled = watch
        self.workspace: Workspace | None = None
        self.dashboard_view: DashboardView | None = None
        self.load_error: str | None = None
        self._signature: Any = None
        # Here, not in on_mount: set there, the header showed its title one frame late.
        self.title = _("EPN conventions")
        self.sub_title = self.root.resolve().name
        # Start-up step 2: the kept dashboard, when in hand, is composed with the screen.
        self.dashboard_view = self._view_of(self.startup.answer_in_hand())

    @property
    def today(self) -> date:
        return self.fixed_today or date.today()

    # Start-up (the sequence is in epn_tui/startup.py) ------------------------------------
    def on_ready(self) -> None:
        """Textual has shown its first frame: step 3, the loading thread."""
        self.load_workspace()

    def dashboard_painted(self) -> None:
        """The dashboard has drawn its data on the screen (the loading thread waits for
        it at start before reading the workspace)."""
        self.startup.painted.set()

    @work(thread=True, exclusive=True, group="load")
    def load_workspace(self) -> None:
        """Read the workspace off the UI thread; compute the dashboard there too, and
        keep it for the next start (`store/snapshot.py`)."""
        # The store (YAML, TinyDB…) is imported here, off the first frame's path.
        from epn_tui.i18n import current_language
        from epn_tui.store import snapshot
        from epn_tui.store.watch import signature
        from epn_tui.store.workspace import Workspace, WorkspaceError

        try:
            signature_before = self._first_dashboard() if self.startup.first_read() else None
            if signature_before is None:
                signature_before = signature(self.root)
            snapshot_key = snapshot.key(signature_before, self.today, current_language())
            workspace = Workspace.open(self.root)
        except (WorkspaceError, OSError) as exc:
            self.call_from_thread(self._load_failed, str(exc))
            return
        view = self._dashboard_of(workspace)
        snapshot.save(self.root, snapshot_key, view.to_json())
        self.call_from_thread(self._workspace_loaded, workspace, signature_before, view)

    def _first_dashboard(self) -> Any:
        """Start-up steps 3 and 4, in the loading thread: the kept dashboard shown and
        painted, then the collector back on. Returns the workspace's signature when
        the look-up needed it (else None)."""
        from epn_tui.i18n import current_language
        from epn_tui.store.watch import signature

        startup = self.startup
        known = signature(self.root) if startup.looks_up_here() else None
        kept = self._view_of(startup.kept(self.root, self.today, current_language(), known))
        view = self.dashboard_view or kept
        if view is not None:
            self.call_from_thread(self._show_kept, view)
            startup.painted.wait(PAINT_GRACE_SECONDS)
        startup.collector_on()
        return known

    @staticmethod
    def _view_of(kept: dict[str, Any] | None) -> DashboardView | None:
        if kept is None:
            return None
        try:
            return DashboardView.from_json(kept)
        except (TypeError, ValueError):
            return None

    def _dashboard_of(self, ws: Workspace) -> DashboardView:
        from epn_tui.core.dashboard import summarize, view_of
        from epn_tui.core.health import health_checks

        records = ws.records()
        summary = summarize(*records, self.today)
        findings = health_checks(*records, self.today)
        view = view_of(summary, ws.settings.horizon_days, len({p.path for p in ws.errors}),
                       findings)
        from epn_tui.store.reminder_log import dashboard_runs

        view.reminders = dashboard_runs(ws.root, ws.settings.reminders is not None)
        # Unreadable files first: their deadlines and partners are missing from the rest.
        first_error: dict[str, Any] = {}
        for problem in ws.errors:
            first_error.setdefault(problem.path, problem)
        view.advice[:0] = [
            ("alert", _("{path}:{line}: {message}").format(
                path=escape_controls(p.path), line=p.line, message=p.message),
             _("this file is left out until it is fixed (its deadlines too)"))
            for p in first_error.values()
        ]
        view.trim_advice()
        return view

    def _show_kept(self, view: DashboardView) -> None:
        """The kept dashboard (already drawn if it was composed with the screen): the
        dashboard says when it is painted (`dashboard_painted`)."""
        if self.dashboard_view is None:
            self.dashboard_view = view
        self._tell_screens()

    def _load_failed(self, message: str) -> None:
        self.load_error = message
        self.notify(message, title=_("Cannot open the workspace"), severity="error",
                    timeout=30, markup=False)
        self._tell_screens()

    def _workspace_loaded(self, workspace: Workspace, signature: Any,
                          view: DashboardView) -> None:
        first = self.workspace is None
        self.workspace = workspace
        self.dashboard_view = view
        self._signature = signature
        self.load_error = None
        if first:
            self._add_modes()
            if self.watch_enabled:
                self.watch_workspace()
        self._tell_screens()
        self.read_git_state()

    def _add_modes(self) -> None:
        from epn_tui.tui.screens.conventions import ConventionsScreen

        self.add_mode("conventions", ConventionsScreen)
        self.add_mode("partners", self._partners_screen)
        self.add_mode("network", self._network_screen)

    def _partners_screen(self) -> Screen[Any]:
        from epn_tui.tui.screens.partners import PartnersScreen

        return PartnersScreen()

    def _network_screen(self) -> Screen[Any]:
        from epn_tui.tui.screens.network import NetworkScreen

        return NetworkScreen()

    def _tell_screens(self) -> None:
        """The screens of the mode shown redraw from the new workspace (also those under
        a form, a dialog or the palette: what they show is in sight or acted on); the
        other modes' screens when they are shown again."""
        seen: set[int] = set()
        shown = set(map(id, self.screen_stack))
        for mode in MODE_NAMES:
            try:
                stack = self.get_screen_stack(mode)
            except KeyError:  # a mode never shown has no screens yet
                continue
            for screen in stack:
                if id(screen) in seen:
                    continue
                seen.add(id(screen))
                in_sight = id(screen) in shown
                if isinstance(screen, WorkspaceScreen):
                    if in_sight:
                        screen.workspace_changed()
                    else:
                        screen.redraw_when_shown()

    # Reloading -------------------------------------------------------------------------
    def reload_workspace(self) -> None:
        """After a save, or when asked (Ctrl+R): read the workspace again (cached)."""
        self.load_workspace()

    def action_reload(self) -> None:
        self.reload_workspace()
        self.notify(_("Workspace reloaded"), timeout=2)

    # git ---------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="git-state")
    def read_git_state(self) -> None:
        """After each load (so after saves, syncs, changes on disk): the title bar's
        git state, read off the UI thread."""
        from epn_tui.tui.git_state import read_git_state

        state = read_git_state(self.root)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(setattr, self, "git_state", state)

    def action_sync(self) -> None:
        """Commit what waits, fetch, merge, push (tui/screens/sync.py)."""
        from epn_tui.tui.screens.sync import start_sync

        start_sync(self)

    # Spreadsheets -------------------------------------------------------------------------
    def action_import_sheet(self, table: str = "partners") -> None:
        """« Importer un tableur »: the file, then the preview, then one write
        (tui/screens/import_prompt.py, import_preview.py)."""
        if self.workspace is None:
            self.notify(_("The workspace is still loading…"), timeout=2)
            return
        from epn_tui.tui.screens.import_preview import ImportPreview
        from epn_tui.tui.screens.import_prompt import ImportPrompt, ImportRequest

        def chosen(request: ImportRequest | None) -> None:
            if request is not None:
                self.push_screen(ImportPreview(request))

        self.push_screen(ImportPrompt(table), chosen)

    def action_export(self) -> None:
        """« Exporter »: a table as .ods, .xlsx, .csv, or the national schemas."""
        if self.workspace is None:
            self.notify(_("The workspace is still loading…"), timeout=2)
            return
        from epn_tui.tui.screens.export_dialog import ExportDialog

        self.push_screen(ExportDialog())

    @work(thread=True, exclusive=True, group="watch")
    def watch_workspace(self) -> None:
        """Wait for the system to say files changed (`store/watch.py`); when they differ
        from what was last read, reload and tell the screens which."""
        from epn_tui.store.watch import changed_paths, changes, signature

        worker = get_current_worker()

        class Stopped:  # (watchfiles checks it every 50 ms)
            @staticmethod
            def is_set() -> bool:
                return worker.is_cancelled

        for _noticed in changes(self.root, Stopped()):
            try:
                now = signature(self.root)
            except OSError:
                continue
            if self._signature is not None and now != self._signature:
                changed = changed_paths(self._signature, now)
                self._signature = now
                self.call_from_thread(self.files_changed_on_disk, sorted(changed))

    def files_changed_on_disk(self, paths: list[str]) -> None:
        """What the watcher says changed behind our back (relative paths): reload, and
        tell the screens shown (an editing screen checks its file)."""
        self.reload_workspace()
        for screen in self.screen_stack:
            screen.post_message(FilesChanged(paths))

    # Navigation ------------------------------------------------------------------------
    def action_mode(self, mode: str) -> None:
        from epn_tui.tui.screens.confirm import Confirm

        if isinstance(self.screen, Confirm):
            return  # a question is open: answer it first
        if mode != "dashboard" and self.workspace is None:
            self.notify(_("The workspace is still loading…"), timeout=2)
            return
        if self._dirty_screen() is not None:
            from epn_tui.tui.screens.confirm import confirm_discard

            def leave(discard: bool | None) -> None:
                if discard:
                    self._drop_dirty_screens()
                    self.switch_mode(mode)

            self.push_screen(confirm_discard(), leave)
            return
        self.switch_mode(mode)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette commands, in the interface language. Not its keys panel
        (in English; our help lists the keys) nor its screenshot (its messages are too)."""
        yield SystemCommand(_("Theme"), _("Change the colours of the interface"),
                            self.action_change_theme)
        if screen.maximized is not None:
            yield SystemCommand(_("Restore"), _("Give the maximized pane its place back"),
                                screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(_("Maximize"), _("Show the focused pane on the whole screen"),
                                screen.action_maximize)
        yield SystemCommand(_("Quit"), _("Quit (asks first if changes are not saved)"),
                            self.action_quit)

    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=_("Search for commands…")))

    def action_help(self) -> None:
        from epn_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    # Never lose work ---------------------------------------------------------------------
    def _dirty_screen(self) -> Screen[Any] | None:
        for screen in reversed(self.screen_stack):
            dirty = isinstance(screen, AppAccess) and screen.is_dirty
            if dirty:
                return screen
        return None

    def _drop_dirty_screens(self) -> None:
        while self._dirty_screen() is not None and len(self.screen_stack) > 1:
            self.pop_screen()

    async def action_quit(self) -> None:
        from epn_tui.tui.screens.confirm import Confirm, confirm_discard

        if isinstance(self.screen, Confirm):
            return  # already asking
        if self._dirty_screen() is None:
            self.exit()
            return

        def leave(discard: bool | None) -> None:
            if discard:
                self.exit()

        self.push_screen(confirm_discard(), leave)

    # Entry points the screens share ---------------------------------------------------
    def open_convention(self, conv_id: str) -> None:
        """Show one convention in the Conventions screen."""
        if self.workspace is None:
            return
        from epn_tui.tui.screens.conventions import ConventionsScreen

        self.switch_mode("conventions")
        screen = self.screen
        if isinstance(screen, ConventionsScreen):  # (not when a dialog was on top)
            # A new mode's screen composes first.
            self.call_after_refresh(screen.select_convention, conv_id)

    # (By name rather than with @on: the screen is imported when first shown.)
    def on_network_screen_partner_selected(self, message: NetworkScreen.PartnerSelected
                                           ) -> None:
        """Enter on a partner of the Réseau screen opens it in the directory."""
        self.open_partner(message.partner_id)

    def open_partner(self, partner_id: str) -> None:
        if self.workspace is None:
            return
        from epn_tui.tui.screens.partners import PartnersScreen

        self.switch_mode("partners")
        screen = self.screen
        if isinstance(screen, PartnersScreen):
            screen.select_partner(partner_id)


def build_app(root: Path | str, today: date | None = None, watch: bool = True,
              startup: Startup | None = None) -> EpnApp:
    """The one factory for the CLI and the tests (snapshot tests run what users run).

    The interface speaks the workspace's language (`language:` in epn.yaml, or
    EPN_LANG); the key descriptions were fixed when this module was imported.
    """
    from epn_tui.i18n import set_language
    from epn_tui.store.settings import read_settings

    settings, _problems = read_settings(Path(root))
    set_language(settings.language)
    return EpnApp(Path(root), today=today, watch=watch, startup=startup)
