"""The history of one convention or directory record (`h`): its versions on the left,
what the highlighted one changed on the right, `r` to bring it back, `s` to see what
changed since the convention was signed.

Everything git is read in worker threads (`store.history`, `store.versions_view`): the
list first, then each version's difference when it is highlighted (kept, so going back
up the list is instant). A restore is a new change through the write path
(`Workspace.restore`), committed like any save: the history is never rewritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from epn_tui.core.dates import format_short
from epn_tui.i18n import _, ngettext
from epn_tui.tui.safe import escaped, line
from epn_tui.tui.screens.base import AppAccess
from epn_tui.tui.widgets.bars import KeyBar, TitleBar

if TYPE_CHECKING:
    from epn_tui.core.human_diff import HumanDiff
    from epn_tui.store.history import Version

PENDING = "pending"  # the list's first line when the file differs from its last version
SIGNED = "signed"  # the difference since the signed version (key of the cache)


@dataclass(frozen=True)
class HistorySubject:
    """What the history is of: a convention (`table` "conventions", its file) or a record
    of the directory (`partners`, `contacts`, `interactions`, in partners.json)."""

    table: str
    doc_id: str
    path: str  # relative to the workspace
    title: str  # shown: the convention's title, the partner's name…

    @property
    def is_convention(self) -> bool:
        return self.table == "conventions"


@dataclass(frozen=True)
class Loaded:
    versions: list[Version]
    pending: bool  # as on disk now differs from the newest version
    signed: str | None  # the commit in which the convention became signed
    error: str | None = None  # why there is no history (not a repository…)


class HistoryScreen(AppAccess, Screen[bool]):
    """Dismissed with True when a version was restored (the caller reloads)."""

    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("r", "restore", _("Restore version"), id="history.restore"),
        Binding("s", "since_signed", _("Since signed"), id="history.since-signed"),
        Binding("escape", "close", _("Close"), id="history.close"),
        # The app's screen keys would leave this screen under the one it came from.
        Binding("1,2,3,4", "stay", show=False),
    ]

    def __init__(self, subject: HistorySubject) -> None:
        super().__init__()
        self.subject = subject
        self.loaded: Loaded | None = None
        self.since_signed = False
        self.restored = False
        self.restoring = False
        self._diffs: dict[str, HumanDiff] = {}
        self._diff_timer: Timer | None = None
        self.title = _("History: {title}").format(title=line(subject.title).plain)
        self.sub_title = subject.path

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="history-body"):
            with Vertical(id="history-side"):
                yield Static(_("Reading the history…"), id="history-count")
                yield OptionList(id="history-list")
            with VerticalScroll(id="history-detail"):
                yield Static(id="history-diff-title")
                yield Static(id="history-diff")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#history-list", OptionList).focus()
        self.load()

    # Reading ---------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="history-load")
    def load(self) -> None:
        from epn_tui.store import history
        from epn_tui.store.git import GitError, Repo
        from epn_tui.store.versions_view import content

        subject = self.subject
        repo = Repo(self.epn_app.root)
        try:
            if not repo.ok:
                loaded = Loaded([], False, None, _(
                    "This workspace is not a git repository, so it keeps no versions yet. "
                    "`epn git setup` makes it one: from then on every change is a version "
                    "you can see and bring back here."))
            else:
                versions = (history.convention_history(repo, subject.path)
                            if subject.is_convention
                            else history.record_history(repo, subject.table, subject.doc_id))
                now = content(repo, subject, None)
                pending = now is not None and (
                    not versions or now != content(repo, subject, versions[0].commit))
                signed = (history.signed_version(repo, subject.doc_id, subject.path)
                          if subject.is_convention else None)
                loaded = Loaded(versions, pending, signed)
        except GitError as exc:
            loaded = Loaded([], False, None, str(exc))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, loaded)

    def _loaded(self, loaded: Loaded) -> None:
        if not self.is_mounted:
            return
        self.loaded = loaded
        self._diffs.pop(PENDING, None)
        self._diffs.pop(SIGNED, None)
        box = self.query_one("#history-list", OptionList)
        count = self.query_one("#history-count", Static)
        if loaded.error is not None:
            count.update(Text(_("No history"), style="bold"))
            box.display = False
            self.query_one("#history-diff-title", Static).update("")
            self.query_one("#history-diff", Static).update(line(loaded.error, "italic"))
            self.refresh_bindings()
            return
        from epn_tui.tui.history_text import pending_prompt, version_prompt

        options: list[Option] = []
        if loaded.pending:
            options.append(Option(pending_prompt(), id=PENDING))
        options.extend(Option(version_prompt(v, v.commit == loaded.signed), id=v.commit)
                       for v in loaded.versions)
        n = len(loaded.versions)
        count.update(Text(ngettext("{n} version", "{n} versions", n).format(n=n)
                          + ("  ·  " + _("newest first") if n > 1 else ""), style="bold"))
        box.set_options(options)
        box.display = True
        if options:
            box.highlighted = 0
        else:
            self.query_one("#history-diff-title", Static).update("")
            self.query_one("#history-diff", Static).update(Text(
                _("No version yet: nothing has been committed."), style="italic"))
        self._show_selected()
        self.refresh_bindings()

    @property
    def current_key(self) -> str | None:
        box = self.query_one("#history-list", OptionList)
        option = box.highlighted_option if box.display else None
        return option.id if option is not None else None

    def _version(self, key: str | None) -> Version | None:
        if self.loaded is None or key is None:
            return None
        return next((v for v in self.loaded.versions if v.commit == key), None)

    @on(OptionList.OptionHighlighted, "#history-list")
    def _highlighted(self) -> None:
        # Moving in the list leaves « since the signed version » for that version.
        self.since_signed = False
        self.refresh_bindings()
        # Holding ↓ should not start a git command at every line.
        if self._diff_timer is not None:
            self._diff_timer.stop()
        self._diff_timer = self.set_timer(0.08, self._show_selected)

    def _show_selected(self) -> None:
        key = SIGNED if self.since_signed else self.current_key
        if key is None:
            return
        self.query_one("#history-diff-title", Static).update(self._diff_title(key))
        diff = self._diffs.get(key)
        if diff is not None:
            self._show_diff(key, diff)
            return
        self.query_one("#history-diff", Static).update(
            Text(_("Comparing…"), style="dim italic"))
        self.compare(key)

    def _diff_title(self, key: str) -> Text:
        from epn_tui.tui.history_text import when_text

        loaded = self.loaded
        if key == SIGNED and loaded is not None and loaded.signed is not None:
            signed = self._version(loaded.signed)
            when = when_text(signed.when) if signed else loaded.signed[:7]
            return Text(_("What changed since the signed version ({date}, {hash}), up to "
                          "now").format(date=when, hash=loaded.signed[:7]), style="bold")
        if key == PENDING:
            return Text(_("Not committed yet: as it is now, compared with its last "
                          "version"), style="bold")
        version = self._version(key)
        if version is None:
            return Text()
        oldest = loaded is not None and version is loaded.versions[-1]
        title = Text(_("What this version changed") if not oldest
                     else _("The first version"), style="bold")
        title.append("\n")
        title.append_text(line(version.subject, "italic"))
        return title

    @work(thread=True, exclusive=True, group="history-diff")
    def compare(self, key: str) -> None:
        from epn_tui.store.git import GitError, Repo
        from epn_tui.store.versions_view import content, human

        loaded = self.loaded
        if loaded is None:
            return
        repo = Repo(self.epn_app.root)
        subject = self.subject
        try:
            if key == SIGNED:
                old = content(repo, subject, loaded.signed)
                new = content(repo, subject, None)
            elif key == PENDING:
                newest = loaded.versions[0].commit if loaded.versions else None
                old = content(repo, subject, newest) if newest else None
                new = content(repo, subject, None)
            else:
                # What this commit did: from its parent (none for the first one).
                old = content(repo, subject, key + "^")
                new = content(repo, subject, key)
            diff = human(subject, old, new)
        except GitError as exc:
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._compare_failed, key, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._compared, key, diff)

    def _compared(self, key: str, diff: HumanDiff) -> None:
        self._diffs[key] = diff
        if self.is_mounted and key == (SIGNED if self.since_signed else self.current_key):
            self._show_diff(key, diff)

    def _compare_failed(self, key: str, message: str) -> None:
        if self.is_mounted and key == (SIGNED if self.since_signed else self.current_key):
            self.query_one("#history-diff", Static).update(line(message, "red"))

    def _show_diff(self, key: str, diff: HumanDiff) -> None:
        from epn_tui.tui.history_text import diff_text

        self.query_one("#history-diff", Static).update(diff_text(diff, marks=self.app.no_color))

    def files_changed(self, paths: list[str]) -> None:
        """The app's watcher: our file changed on disk (a save elsewhere, a pull)."""
        if self.subject.path in paths and not self.restoring:
            self.load()

    # Actions ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "since_signed":
            return self.subject.is_convention  # no signature for a directory record
        if action == "restore":
            if not self.is_mounted:
                return True
            usable = (not self.since_signed and not self.restoring
                      and self._version(self.current_key) is not None)
            return True if usable else None
        return True

    def action_since_signed(self) -> None:
        loaded = self.loaded
        if loaded is None or loaded.error is not None:
            return
        if not self.since_signed and loaded.signed is None:
            self.notify(_("No version of this convention is signed yet (its status never "
                          "was « signed » in a committed version)."), timeout=5)
            return
        self.since_signed = not self.since_signed
        self.refresh_bindings()
        self._show_selected()

    def action_restore(self) -> None:
        version = self._version(self.current_key)
        if version is None or self.since_signed or self.restoring or self.loaded is None:
            return
        from epn_tui.tui.screens.confirm import Confirm

        day = format_short(version.when.date())
        if self.subject.is_convention:
            what = _("the convention « {title} » ({path})").format(
                title=line(self.subject.title).plain, path=escaped(self.subject.path).plain)
        else:
            what = _("the record « {title} » in {path}").format(
                title=line(self.subject.title).plain, path=self.subject.path)
        question = _("Go back to the version of {date} ({hash}): the current content of "
                     "{what} will be replaced by that version, as a new change; the history "
                     "is kept.").format(date=day, hash=version.short, what=what)
        if self.loaded.pending:
            question += "\n\n" + _("Its changes not committed yet are replaced too.")

        def answer(yes: bool | None) -> None:
            if yes:
                self.restoring = True
                self.refresh_bindings()
                self.restore(version)

        self.app.push_screen(Confirm(question, yes=_("Go back to this version"),
                                     no=_("Cancel")), answer)

    @work(thread=True, exclusive=True, group="history-restore")
    def restore(self, version: Version) -> None:
        from epn_tui.store.atomic import ConflictError
        from epn_tui.store.git import GitError
        from epn_tui.store.partners import DirectoryError
        from epn_tui.store.workspace import SaveError

        app = self.epn_app
        ws = app.workspace
        call: Callable[..., Any] = app.call_from_thread
        if ws is None:
            call(self._restore_failed, _("The workspace is still loading…"))
            return
        subject = self.subject
        try:
            changed = ws.restore(subject.table, subject.doc_id, subject.path, version.commit)
        except KeyError:
            call(self._restore_failed, _("`{id}` cannot be read as it is now (see `epn "
                                         "check`); nothing was written").format(
                                             id=subject.doc_id))
        except (SaveError, ConflictError, DirectoryError, GitError, OSError) as exc:
            call(self._restore_failed, str(exc))
        else:
            call(self._restored, version, changed, ws.last_commit)

    def _restored(self, version: Version, changed: bool, committed: Any) -> None:
        from epn_tui.tui.git_state import tell_if_commit_waits

        self.restoring = False
        app = self.epn_app
        day = format_short(version.when.date())
        if changed:
            self.restored = True
            self.notify(_("Back to the version of {date} ({hash}), as a new change.")
                        .format(date=day, hash=version.short), timeout=5)
            tell_if_commit_waits(app, committed)
            app.reload_workspace()
        else:
            self.notify(_("Already as in the version of {date} ({hash}): nothing to do.")
                        .format(date=day, hash=version.short), timeout=5)
        if self.is_mounted:
            self.load()

    def _restore_failed(self, message: str) -> None:
        self.restoring = False
        if self.is_mounted:
            self.refresh_bindings()
        self.notify(line(message).plain, title=_("Not restored"), severity="error",
                    timeout=10, markup=False)

    def action_stay(self) -> None:
        """Swallow the app's screen-switching keys here (Escape leaves)."""

    def action_close(self) -> None:
        self.dismiss(self.restored)
