"""What the two editors of a convention file share: reading it with its fingerprint,
saving in a worker, and never overwriting a file that changed on disk without asking.

A subclass shows the file (`show_loaded`), says whether it has unsaved edits
(`is_dirty`), writes them (`write_to`, in a worker thread), tells what the file would
become if its edits were applied to another version (`mine_over`, for the diff and for
"keep mine") and whether they overlap what someone else changed (`overlaps`).

Saves go through the store's write path: what someone else changed on disk meanwhile
is merged (other keys, other lines), and only changes that overlap (the same key, the
same lines) open the conflict dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.screen import Screen

from epn_tui.core.text import escape_controls
from epn_tui.i18n import _
from epn_tui.store.atomic import ConflictError, Fingerprint
from epn_tui.store.frontmatter import FrontMatterError
from epn_tui.store.workspace import SaveError
from epn_tui.tui.screens.base import AppAccess
from epn_tui.tui.screens.conflict import KEEP, RELOAD, ConflictScreen

if TYPE_CHECKING:
    from epn_tui.store.workspace import Saved, Workspace


class EditScreen(AppAccess, Screen[bool]):
    """Dismissed with True when the file was saved at least once."""

    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="save", priority=True),
        Binding("escape", "close", _("Close"), id="close"),
        # The app's screen keys (1–4) would leave the form when a digit is typed while a
        # list or a button has the focus; here they do nothing (Escape leaves).
        Binding("1,2,3,4", "stay", show=False),
    ]

    def __init__(self, conv_id: str) -> None:
        super().__init__()
        self.conv_id = conv_id
        self.rel_path: str | None = None
        self.text: str | None = None  # the file as read (None until loaded)
        self.fingerprint: Fingerprint | None = None  # of that text: saves expect it
        self.saved = False
        self.close_after_save = False  # "save and close" was chosen
        self.saving = False
        self.asking = False  # a conflict question is on screen

    # What subclasses provide ------------------------------------------------------------
    @property
    def is_dirty(self) -> bool:
        return False

    def gather(self, workspace: Workspace) -> None:
        """Read what else the screen needs (runs in the loading worker thread)."""

    async def show_loaded(self, text: str) -> None:
        """Show `self.text` (just read, or re-read after "reload")."""

    def prepare_save(self) -> bool:
        """Validate the edits on the main thread; False (and errors shown) to refuse."""
        return True

    def write_to(self, workspace: Workspace, base: str, keep_mine: bool) -> Saved:
        """Write the edits (runs in a worker thread) as made on `base`; raises
        ConflictError (overlapping changes), SaveError. `keep_mine`: `base` is the
        version on disk the person chose to keep their edits over."""
        raise NotImplementedError

    def mine_over(self, theirs: str) -> str:
        """The file as "keep mine" would write it over `theirs`: their changes, and
        ours where both changed the same thing."""
        return theirs

    def overlaps(self, theirs: str) -> bool:
        """Do the edits change what someone else changed in `theirs` (since self.text)?"""
        return True

    def after_save(self) -> None:
        """The save went through (self.text and self.fingerprint are the new file)."""

    # Shared ----------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="edit-load")
    def load(self) -> None:
        ws = self.workspace
        try:
            if ws is None:
                raise KeyError(self.conv_id)
            rel = ws.conventions[self.conv_id].path
            text, fingerprint = ws.read(self.conv_id)
            self.gather(ws)
        except KeyError:
            self.app.call_from_thread(self._load_failed, _(
                "`{id}` is not a valid convention any more; see `epn check`")
                .format(id=self.conv_id))
            return
        except (OSError, FrontMatterError) as exc:
            self.app.call_from_thread(self._load_failed, str(exc))
            return
        # (mypy cannot solve call_from_thread's type variable for a coroutine function)
        self.app.call_from_thread(self._loaded, rel, text, fingerprint)  # type: ignore[arg-type]

    async def _loaded(self, rel: str, text: str, fingerprint: Fingerprint) -> None:
        self.rel_path, self.text, self.fingerprint = rel, text, fingerprint
        await self.show_loaded(text)

    def _load_failed(self, message: str) -> None:
        self.notify(message, title=_("Cannot open the convention"), severity="error",
                    timeout=10)
        self.dismiss(self.saved)

    # Saving ----------------------------------------------------------------------------
    def action_save(self, keep_mine_over: str | None = None) -> None:
        if self.text is None or self.fingerprint is None or self.saving or self.asking:
            return
        if not self.prepare_save():
            self.close_after_save = False
            return
        self.saving = True
        if keep_mine_over is None:
            self._save(self.text, False)
        else:
            self._save(keep_mine_over, True)

    @work(thread=True, exclusive=True, group="edit-save")
    def _save(self, base: str, keep_mine: bool) -> None:
        ws = self.workspace
        try:
            if ws is None:
                raise KeyError(self.conv_id)
            saved = self.write_to(ws, base, keep_mine)
        except ConflictError:
            self.app.call_from_thread(self._conflict_on_save)
        except OSError as exc:
            # A link out of the workspace, a lock held too long, a full disk.
            self.app.call_from_thread(self._save_failed, str(exc))
        except SaveError as exc:
            self.app.call_from_thread(self._save_failed, str(exc))
        except KeyError:
            self.app.call_from_thread(self._save_failed, _(
                "`{id}` is not a valid convention on disk any more (see `epn check`); "
                "nothing was written").format(id=self.conv_id))
        except FrontMatterError as exc:
            self.app.call_from_thread(self._save_failed, str(exc))
        else:
            self.app.call_from_thread(self._saved, saved)

    def _saved(self, saved: Saved) -> None:
        self.saving = False
        self.saved = True
        self.text, self.fingerprint = saved.text, saved.fingerprint
        if saved.merged:
            self.notify(_("Saved: {path}, with the changes made on disk meanwhile (they "
                          "touched other fields or lines, and are kept)")
                        .format(path=escape_controls(self.rel_path or "")), timeout=6)
        else:
            self.notify(_("Saved: {path}").format(path=escape_controls(self.rel_path or "")),
                        timeout=3)
        from epn_tui.tui.git_state import tell_if_commit_waits

        tell_if_commit_waits(self.epn_app, saved.committed)
        if self.close_after_save:
            self.dismiss(True)
        else:
            self.after_save()

    def _save_failed(self, message: str) -> None:
        self.saving = False
        self.close_after_save = False
        self.notify(message, title=_("Not saved"), severity="error", timeout=10)

    def _conflict_on_save(self) -> None:
        self.saving = False
        self.close_after_save = False
        self.check_disk(on_save=True)

    # The file changed on disk ----------------------------------------------------------
    def files_changed(self, paths: list[str]) -> None:
        """Called by the app's watcher with the paths that changed (relative)."""
        if self.rel_path is not None and self.rel_path in paths:
            self.check_disk()

    @work(thread=True, exclusive=True, group="edit-check")
    def check_disk(self, on_save: bool = False) -> None:
        ws = self.workspace
        try:
            if ws is None or self.rel_path is None:
                raise FileNotFoundError(self.conv_id)
            from epn_tui.store.atomic import read_with_fingerprint
            from epn_tui.store.frontmatter import decode

            data, fingerprint = read_with_fingerprint(ws.root / self.rel_path)
            theirs = decode(data)
        except (OSError, FrontMatterError):
            self.app.call_from_thread(self._gone, on_save)
            return
        self.app.call_from_thread(self._disk_version, theirs, fingerprint,  # type: ignore[arg-type]
                                  on_save)

    def _gone(self, on_save: bool) -> None:
        self.notify(_("{path} was deleted or cannot be read any more; your edits are "
                      "still here, but saving is not possible").format(path=self.rel_path),
                    title=_("File changed on disk"), severity="error", timeout=10)

    async def _disk_version(self, theirs: str, fingerprint: Fingerprint, on_save: bool) -> None:
        if self.saving or self.asking or self.fingerprint is None:
            return
        if self.fingerprint.same_content(fingerprint):
            if on_save:  # the check raced with a change that was undone: try again
                self.action_save()
            return
        if not self.is_dirty and not on_save:
            # Nothing of ours to lose: follow the file.
            self.text, self.fingerprint = theirs, fingerprint
            await self.show_loaded(theirs)
            self.notify(_("{path} changed on disk: reloaded").format(path=self.rel_path),
                        timeout=4)
            return
        if not on_save and not self.overlaps(theirs):
            # Someone changed other fields or lines: saving will merge, nothing to ask.
            self.notify(_("{path} changed on disk: other fields or lines than yours; "
                          "saving will keep both").format(path=self.rel_path), timeout=6)
            return
        self.asking = True
        assert self.rel_path is not None

        def answered(choice: str | None) -> None:
            self.asking = False
            if choice == RELOAD:
                self.load()
            elif choice == KEEP:
                # Explicitly chosen: mine over the version just shown (a further change
                # on disk since is merged, or asked about, again).
                self.action_save(keep_mine_over=theirs)

        self.app.push_screen(ConflictScreen(self.rel_path, self.mine_over(theirs), theirs,
                                            base=self.text, keep=self.keep_words()),
                             answered)

    def keep_words(self) -> str:
        """What "Keep mine" does, in the conflict dialog's words."""
        return _("Keep mine: write your values for the fields you both changed; what the "
                 "other edit changed elsewhere stays.")

    # Leaving ---------------------------------------------------------------------------
    def action_stay(self) -> None:
        """Swallow the app's screen-switching keys while editing."""

    def action_close(self) -> None:
        if self.saving:
            return  # the save in progress ends by updating or closing this screen
        if not self.is_dirty:
            self.dismiss(self.saved)
            return
        from epn_tui.tui.screens.confirm import CLOSE_SAVE, CLOSE_WITHOUT, CloseQuestion

        def leave(choice: str | None) -> None:
            if choice == CLOSE_WITHOUT:
                self.dismiss(self.saved)
            elif choice == CLOSE_SAVE:
                self.close_after_save = True
                self.action_save()

        self.app.push_screen(CloseQuestion(), leave)
