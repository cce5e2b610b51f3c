"""« Importer un tableur », second step: what each row would do, then one write.

The file is read and its rows typed in a worker thread (`store.importing.load`, the
function `epn import` calls), the progress bar following the rows (`rows_of` reports
every 500; calamine reads a whole book in one call, shown as a moving bar); the UI never
waits. Each row of the spreadsheet is one line of the table: its line number, what it
would do (create, update, skip, error) and why; the highlighted line's detail is shown
whole under the table. « Importer » writes the rows in ONE transaction of the directory
(`store.importing.apply`: the workspace lock, partners.json read again under it, one
commit), in a worker; the notification then says what was written, counted from what
the transaction did. Escape, or « Annuler », writes nothing.

A file that cannot be read (damaged, no header row) is said in the screen, with
nothing to confirm.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, ProgressBar, Static
from textual.worker import get_current_worker

from epn_tui.i18n import N_, _, ngettext
from epn_tui.tui.safe import line, plain
from epn_tui.tui.screens.base import AppAccess
from epn_tui.tui.screens.import_prompt import ImportRequest
from epn_tui.tui.widgets.row_table import Column, Row, RowTable

if TYPE_CHECKING:
    from epn_tui.core.sheet_import import Outcome
    from epn_tui.store.importing import Loaded
    from epn_tui.store.partners import Directory

CREATED, UPDATED, SKIPPED, REJECTED = "created", "updated", "skipped", "rejected"
# The action column, per outcome (a row, not yet done: « à créer »).
ACTION_WORDS = {CREATED: N_("to create"), UPDATED: N_("to complete"),
                SKIPPED: N_("skip"), REJECTED: N_("error")}
ACTION_STYLES = {CREATED: "green", UPDATED: "yellow", SKIPPED: "dim", REJECTED: "bold red"}


def action_word(outcome: Outcome, update: bool) -> str:
    if outcome.action == UPDATED and update:
        return _("to update")
    return _(ACTION_WORDS[outcome.action])


def outcome_detail(outcome: Outcome) -> str:
    """Why, or what would change: the fields (« téléphone 05 53… → 05 53… »), the reason,
    the warnings."""
    from epn_tui.core.changes import field_word, value_text

    parts = []
    if outcome.action == CREATED and outcome.name:
        parts.append(outcome.name)
    if outcome.action == UPDATED:
        parts.append(", ".join(
            f"{field_word(k)} {value_text(k, old)} → {value_text(k, new)}" if old is not None
            else f"{field_word(k)} {value_text(k, new)}"
            for k, old, new in outcome.changes))
    if outcome.kept:
        # The command's reason names --update: here, the prompt's checkbox.
        parts.append(_("different on file, kept: {fields}; to replace them, import again "
                       "with the box to replace ticked").format(
            fields=", ".join(field_word(k) for k in outcome.kept)))
    elif outcome.reason:
        parts.append(outcome.reason)
    return " — ".join(parts)


def preview_summary(outcomes: list[Outcome], update: bool = False) -> str:
    """« 12 à créer, 3 à compléter, 1 ignorée, 2 en erreur »."""
    from epn_tui.core.sheet_import import counts

    n = counts(outcomes)
    updated = (ngettext("{n} to update", "{n} to update", n[UPDATED]) if update
               else ngettext("{n} to complete", "{n} to complete", n[UPDATED]))
    return ", ".join([
        ngettext("{n} to create", "{n} to create", n[CREATED]).format(n=n[CREATED]),
        updated.format(n=n[UPDATED]),
        ngettext("{n} row to skip", "{n} rows to skip", n[SKIPPED]).format(n=n[SKIPPED]),
        ngettext("{n} with an error", "{n} with an error", n[REJECTED]).format(
            n=n[REJECTED]),
    ])


def _row(outcome: Outcome, update: bool) -> Row:
    def build() -> tuple[tuple[Text, ...], tuple[Any, ...]]:
        record = outcome.id or outcome.name
        cells = (Text(str(outcome.line)),
                 Text(action_word(outcome, update), style=ACTION_STYLES[outcome.action]),
                 line(record), line(outcome_detail(outcome)))
        return cells, (outcome.line, outcome.action, record, "")

    return Row(str(outcome.line), "", build)


class ImportPreview(AppAccess, ModalScreen["list[Outcome] | None"]):
    """Dismissed with what was written (the outcomes of the transaction), or None."""

    DEFAULT_CSS = """
    ImportPreview { align: center middle; }
    ImportPreview > Vertical {
        width: 100%; height: 100%; padding: 0 1; border: thick $primary;
        background: $surface;
    }
    ImportPreview .dialog-title { text-style: bold; height: auto; }
    ImportPreview #preview-notes { height: auto; max-height: 4; color: $text-muted; }
    ImportPreview #preview-progress { height: 1; margin-top: 1; }
    ImportPreview #preview-status { height: auto; margin-top: 1; }
    ImportPreview RowTable { height: 1fr; margin-top: 1; }
    ImportPreview #preview-detail { height: auto; max-height: 4; margin-top: 1; }
    ImportPreview #preview-summary { height: auto; text-style: bold; margin-top: 1; }
    ImportPreview .buttons { height: auto; align-horizontal: right; }
    ImportPreview .buttons Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="cancel")]

    def __init__(self, request: ImportRequest) -> None:
        super().__init__()
        self.request = request
        self.loaded: Loaded | None = None
        self.outcomes: list[Outcome] = []
        self.busy = True  # reading, or writing

    def compose(self) -> ComposeResult:
        what = (_("Import of {file}: partners") if self.request.table == "partners"
                else _("Import of {file}: contacts"))
        with Vertical():
            yield Static(plain(what.format(file=self.request.path.name)),
                         classes="dialog-title")
            yield Static(id="preview-notes")
            yield ProgressBar(total=None, show_eta=False, id="preview-progress")
            yield Static(plain(_("Reading {file}…").format(file=self.request.path.name),
                               style="italic"), id="preview-status")
            yield RowTable([Column("line", _("Line"), 6),
                            Column("action", _("Action"), 14),
                            Column("record", _("Record"), 28, min_width=12),
                            Column("detail", _("Detail"), 0, min_width=12)],
                           id="preview-rows")
            yield Static(id="preview-detail")
            yield Static(id="preview-summary")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Import"), id="preview-confirm", variant="primary",
                             disabled=True)

    def on_mount(self) -> None:
        for name in ("#preview-rows", "#preview-detail", "#preview-summary",
                     "#preview-notes"):
            self.query_one(name).display = False
        ws = self.workspace
        directory = ws.directory if ws is not None else None
        if directory is None:
            self._broken(_("partners.json cannot be read: nothing can be imported. Fix it, "
                           "then reload (Ctrl+R)."))
            return
        self.read_file(directory)

    # Reading ---------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="import-read")
    def read_file(self, directory: Directory) -> None:
        from epn_tui.core.sheet_import import ImportError_
        from epn_tui.store import importing
        from epn_tui.store.sheet_read import SheetError

        worker = get_current_worker()
        request = self.request

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._progress, done, total)

        try:
            loaded = importing.load(request.table, request.path, request.sheet,
                                    progress=progress)
            if not worker.is_cancelled:
                self.app.call_from_thread(self._matching, len(loaded.rows))
            outcomes = importing.preview(directory, loaded, request.update)
        except (SheetError, ImportError_) as exc:
            message = str(exc)
            if not message.startswith(str(request.path)):
                message = f"{request.path.name}: {message}"
            if not worker.is_cancelled:
                self.app.call_from_thread(self._broken, message)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, loaded, outcomes)

    def _progress(self, done: int, total: int) -> None:
        if not self.is_attached:
            return
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one("#preview-status", Static).update(plain(
            _("Reading the rows: {done} / {total}").format(done=done, total=total),
            style="italic"))

    def _matching(self, rows: int) -> None:
        if not self.is_attached:
            return
        self.query_one(ProgressBar).update(total=None)
        self.query_one("#preview-status", Static).update(plain(
            ngettext("Matching {n} row with the directory…",
                     "Matching {n} rows with the directory…", rows).format(n=rows),
            style="italic"))

    def _broken(self, message: str) -> None:
        if not self.is_attached:
            return
        self.busy = False
        self.query_one(ProgressBar).display = False
        text = Text(_("This file cannot be imported; nothing was written.") + "\n",
                    style="bold red")
        text.append_text(plain(message, style="red"))
        self.query_one("#preview-status", Static).update(text)
        self.query_one("#cancel", Button).focus()

    def _show(self, loaded: Loaded, outcomes: list[Outcome]) -> None:
        if not self.is_attached:
            return
        self.busy = False
        self.loaded, self.outcomes = loaded, outcomes
        self.query_one(ProgressBar).display = False
        self.query_one("#preview-status", Static).display = False
        data = loaded.data
        sheets = ([_("sheet « {sheet} » read; the file has {n}: {names} (for another, go "
                     "back and write its name in « Sheet »)").format(
            sheet=data.sheet, n=len(data.sheets), names=", ".join(data.sheets))]
            if len(data.sheets) > 1 else [])
        notes = [*sheets, *data.notes, _("header on line {line}: {columns}").format(
            line=loaded.header.line, columns=", ".join(
                f"{written} → {target}" for written, target in loaded.header.shown))]
        box = self.query_one("#preview-notes", Static)
        box.update(plain("\n".join(notes)))
        box.display = True
        table = self.query_one(RowTable)
        table.set_rows([_row(o, self.request.update) for o in outcomes])
        table.display = True
        summary = preview_summary(outcomes, self.request.update)
        writes = any(o.action in (CREATED, UPDATED) for o in outcomes)
        if not writes:
            summary += " — " + _("nothing to write")
        said = self.query_one("#preview-summary", Static)
        said.update(plain(summary))
        said.display = True
        confirm = self.query_one("#preview-confirm", Button)
        confirm.disabled = not writes
        (confirm if writes else table).focus()
        self._detail(table.cursor_key)

    @on(RowTable.Highlighted, "#preview-rows")
    def _highlighted(self, event: RowTable.Highlighted) -> None:
        self._detail(event.key)

    def _detail(self, key: str | None) -> None:
        box = self.query_one("#preview-detail", Static)
        found = next((o for o in self.outcomes if str(o.line) == key), None)
        if found is None:
            box.display = False
            return
        text = Text(_("line {line}").format(line=found.line) + " · ", style="bold")
        text.append(action_word(found, self.request.update),
                    style=ACTION_STYLES[found.action])
        if found.id or found.name:
            text.append(" · ").append_text(line(found.id or found.name))
        detail = outcome_detail(found)
        if detail:
            text.append("\n").append_text(plain(detail))
        box.update(text)
        box.display = True

    # Writing ---------------------------------------------------------------------------
    @on(Button.Pressed, "#preview-confirm")
    def action_confirm(self) -> None:
        ws = self.workspace
        directory = ws.directory if ws is not None else None
        if self.busy or self.loaded is None or directory is None:
            return
        self.busy = True
        for button in self.query(Button):
            button.disabled = True
        status = self.query_one("#preview-status", Static)
        status.update(plain(_("Writing partners.json…"), style="italic"))
        status.display = True
        self.write_rows(directory, self.loaded)

    @work(thread=True, exclusive=True, group="import-write")
    def write_rows(self, directory: Directory, loaded: Loaded) -> None:
        from epn_tui.store.atomic import ConflictError
        from epn_tui.store.importing import apply
        from epn_tui.store.partners import DirectoryError

        call = self.app.call_from_thread
        try:
            outcomes = apply(directory, loaded, self.request.update)
        except ConflictError as exc:
            call(self._failed, str(exc).splitlines()[-1])
        except DirectoryError as exc:
            call(self._failed, _("partners.json is damaged:") + " " + str(exc))
        except OSError as exc:  # the lock held too long, a full disk, a read-only folder
            call(self._failed, str(exc))
        else:
            call(self._written, outcomes, directory)

    def _written(self, outcomes: list[Outcome], directory: Directory) -> None:
        from epn_tui.core.sheet_import import summary
        from epn_tui.tui.git_state import tell_if_commit_waits

        self.app.notify(_("{path}: {summary}").format(path="partners.json",
                                                      summary=summary(outcomes)),
                        title=_("Imported"), timeout=10, markup=False)
        tell_if_commit_waits(self.epn_app, directory.last_commit)
        self.epn_app.reload_workspace()
        self.dismiss(outcomes)

    def _failed(self, message: str) -> None:
        self.busy = False
        for button in self.query(Button):
            button.disabled = False
        text = Text(_("Nothing written:") + " ", style="bold red")
        text.append_text(plain(message, style="red"))
        self.query_one("#preview-status", Static).update(text)
        self.app.notify(_("Nothing written:") + " " + message, severity="error", timeout=10,
                        markup=False)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.busy and self.loaded is not None:
            return  # writing: its outcome comes
        self.dismiss(None)
