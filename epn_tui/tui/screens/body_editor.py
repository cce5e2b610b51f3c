"""The text of a convention (the Markdown body after the front matter).

Ctrl+S saves through `Workspace.replace_body` (the front matter's bytes are untouched,
and what someone else changed elsewhere in the text meanwhile is merged) and stays in
the editor; Ctrl+E opens `$VISUAL`/`$EDITOR` the way Posting does (temp
file, app suspended, read back, temp file always deleted).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static, TextArea
from textual.widgets.text_area import LanguageDoesNotExist

from epn_tui.i18n import _
from epn_tui.store.frontmatter import FrontMatterError, split
from epn_tui.store.merge import TextMerge, merge_text
from epn_tui.tui.safe import line
from epn_tui.tui.screens.editing import EditScreen
from epn_tui.tui.widgets.bars import KeyBar, TitleBar

if TYPE_CHECKING:
    from epn_tui.store.workspace import Saved, Workspace


class EditorError(RuntimeError):
    """No editor configured, or it could not be started."""


def editor_command() -> list[str]:
    """`$VISUAL`, else `$EDITOR`, split like a shell would (no shell runs it)."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as exc:
                raise EditorError(_("cannot read ${name}: {error}").format(name=name,
                                                                          error=exc)) from None
            if words:
                return words
    raise EditorError(_("no external editor: set the VISUAL or EDITOR environment variable "
                        "(for example `export EDITOR=nano`) and start epn again"))


def edit_externally(text: str, command: list[str], suffix: str = ".md") -> str:
    """Run the editor on a temp file holding `text`; return what it holds afterwards."""
    fd, name = tempfile.mkstemp(prefix="epn-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        try:
            done = subprocess.run([*command, str(path)], check=False)  # noqa: S603 - list
        except OSError as exc:
            raise EditorError(_("cannot start the editor `{editor}`: {error}").format(
                editor=command[0], error=exc.strerror or exc)) from None
        if done.returncode != 0:
            raise EditorError(_("the editor `{editor}` stopped with status {code}; the text "
                                "was not changed").format(editor=command[0],
                                                          code=done.returncode))
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise EditorError(_("the editor saved text that is not UTF-8; the text was not "
                                "changed")) from None
    finally:
        path.unlink(missing_ok=True)


def _text_area(**options: Any) -> TextArea:
    """A code editor highlighting Markdown (textual[syntax]'s tree-sitter grammar).
    Without tree-sitter Textual falls back to plain text itself; tree-sitter without
    the Markdown grammar raises, and the text is edited plain. (`available_languages`
    lists the built-in names whether their grammars are installed or not.)"""
    try:
        return TextArea.code_editor("", language="markdown", **options)
    except LanguageDoesNotExist:
        return TextArea.code_editor("", language=None, **options)


class BodyEditor(EditScreen):
    """Dismissed with True when the text was saved at least once."""

    CSS_PATH = "edit.tcss"
    BINDINGS = [
        # Priority: the text area uses Ctrl+E for "end of line" (End does that too).
        Binding("ctrl+e", "external_editor", _("External editor"), id="external-editor",
                priority=True),
    ]

    def __init__(self, conv_id: str) -> None:
        super().__init__(conv_id)
        self.body: str | None = None  # the body as last read or saved
        self._saving_text = ""  # what the save under way writes

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self._heading(), id="body-heading")
        # tab_behavior="focus": Escape then closes the editor instead of moving the focus.
        area = _text_area(soft_wrap=True, tab_behavior="focus", id="body-editor")
        area.read_only = True  # until the file is read
        yield area
        yield Static(id="body-status")
        yield KeyBar()

    def _heading(self) -> Text:
        ws = self.workspace
        conv = ws.conventions.get(self.conv_id) if ws is not None else None
        out = Text()
        out.append(_("Text of the convention"), style="bold")
        if conv is not None:
            out.append(" · ", style="bold")
            out.append_text(line(conv.title, style="bold"))
        return out

    @property
    def editor(self) -> TextArea:
        return self.query_one("#body-editor", TextArea)

    async def show_loaded(self, text: str) -> None:
        try:
            parts = split(text)
        except FrontMatterError as exc:
            self.notify(f"{self.rel_path}:{exc.line}: {exc.message}",
                        title=_("Cannot open the convention"), severity="error", timeout=10)
            self.dismiss(self.saved)
            return
        # The editor works with \n; CRLF files get their line endings back on save.
        self.body = text[parts.body_start:].replace("\r\n", "\n")
        self.sub_title = self.rel_path or ""
        self.query_one("#body-heading", Static).update(self._heading())
        area = self.editor
        area.load_text(self.body)
        area.read_only = False
        area.focus()
        self._update_status()

    @property
    def is_dirty(self) -> bool:
        if self.body is None:
            return False
        return self.editor.text != self.body

    @on(TextArea.Changed, "#body-editor")
    def _changed(self) -> None:
        self._update_status()

    def _update_status(self) -> None:
        area = self.editor
        text = Text()
        row, _column = area.cursor_location
        text.append(_("line {row} of {total}").format(row=row + 1, total=area.document.line_count))
        if self.is_dirty:
            text.append("  ·  ")
            text.append(_("modified"), style="bold yellow")
        self.query_one("#body-status", Static).update(text)

    # Saving ----------------------------------------------------------------------------
    def prepare_save(self) -> bool:
        if self.body is None:
            return False
        self._saving_text = self.editor.text
        return True

    def write_to(self, workspace: Workspace, base: str, keep_mine: bool) -> Saved:
        body = self._saving_text
        if keep_mine:
            # Exactly what the dialog showed: their lines, and ours where both changed
            # the same lines; merged again with whatever changed on disk since.
            body = self._body_of(self.mine_over(base, body))
        return workspace.replace_body(self.conv_id, body, base)

    def keep_words(self) -> str:
        return _("Keep mine: where you both changed the same lines, your lines are written; "
                 "what the other edit changed elsewhere (other lines, the fields) stays.")

    def overlaps(self, theirs: str) -> bool:
        if self.text is None:
            return True
        return self._merged(theirs, self.editor.text, None).conflicts > 0

    def _merged(self, theirs: str, body: str, prefer: str | None) -> TextMerge:
        assert self.text is not None
        return merge_text(self._body_of(self.text), body.replace("\r\n", "\n"),
                          self._body_of(theirs), prefer=prefer)

    @staticmethod
    def _body_of(text: str) -> str:
        try:
            return text[split(text).body_start:].replace("\r\n", "\n")
        except FrontMatterError:
            return text.replace("\r\n", "\n")

    def after_save(self) -> None:
        # The file as written is the new reference: the same text is not "modified".
        self.body = self._saving_text
        self._update_status()

    def mine_over(self, theirs: str, body: str | None = None) -> str:
        try:
            head = theirs[: split(theirs).body_start]
        except FrontMatterError:
            return theirs
        if self.text is None:
            return theirs
        merged = self._merged(theirs, self.editor.text if body is None else body, "mine").text
        if "\r\n" in head:
            merged = merged.replace("\n", "\r\n")
        return head + merged

    # External editor -------------------------------------------------------------------
    def action_external_editor(self) -> None:
        if self.body is None:
            return
        try:
            command = editor_command()
            if shutil.which(command[0]) is None:
                raise EditorError(_("the editor `{editor}` (from $VISUAL or $EDITOR) was not "
                                    "found").format(editor=command[0]))
        except EditorError as exc:
            self.notify(str(exc), title=_("External editor"), severity="warning", timeout=8)
            return
        area = self.editor
        failed: Exception | None = None
        new_text: str | None = None
        try:
            with self.app.suspend():
                # Nothing may escape this block: Textual would not resume the screen.
                try:
                    new_text = edit_externally(area.text, command)
                except (EditorError, OSError) as exc:
                    failed = exc
        except Exception as exc:  # noqa: BLE001 - SuspendNotSupported and kin
            failed = EditorError(_("cannot hand the terminal to an editor here: {error}")
                                 .format(error=exc))
        if failed is not None or new_text is None:
            self.notify(str(failed), title=_("External editor"), severity="error", timeout=8)
            return
        new_text = new_text.replace("\r\n", "\n")
        if new_text != area.text:
            # Through the document API: the change can be undone with Ctrl+Z.
            area.replace(new_text, area.document.start, area.document.end)
        self.refresh()
        area.focus()
