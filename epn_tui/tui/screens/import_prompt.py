"""« Importer un tableur », first step: which file, partners or contacts, fill or replace.

A modal typed by its result, an `ImportRequest` (or None: cancelled). The path is
checked as it is typed (Textual's `Input(validators=…)`): the file must exist and end in
an extension `store.sheet_read` reads. A relative path is read from the folder `epn`
was started in, as a shell would. The next step is the preview
(`import_preview.ImportPreview`), where the file is read, in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, RadioSet, Static

from epn_tui.core.text import one_line
from epn_tui.i18n import _
from epn_tui.tui.safe import plain
from epn_tui.tui.screens.base import AppAccess
from epn_tui.tui.widgets.marked import MarkedCheckbox, MarkedRadioButton

# What store.sheet_read reads (kept here too: that module is imported with the file).
READABLE = (".ods", ".xlsx", ".xlsm", ".xls", ".csv")


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    table: str  # "partners" or "contacts"
    update: bool  # replace differing values (`epn import --update`)
    sheet: str | None = None  # the sheet to read (`epn import --sheet`); None: the first


def typed_path(text: str) -> Path:
    """What the person typed: `~` expanded, a relative path from the current folder."""
    path = Path(one_line(text).strip()).expanduser()
    return path if path.is_absolute() else Path.cwd() / path


class SpreadsheetFile(Validator):
    """An existing file that `epn import` can read."""

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.failure(_("Give the spreadsheet's path."))
        path = typed_path(value)
        if path.suffix.lower() not in READABLE:
            return self.failure(_("Not a spreadsheet epn can read: .ods, .xlsx, .xls or "
                                  ".csv."))
        if path.is_dir():
            return self.failure(_("This is a folder: add the file's name."))
        if not path.is_file():
            return self.failure(_("No such file."))
        return self.success()


class ImportPrompt(AppAccess, ModalScreen[ImportRequest | None]):
    DEFAULT_CSS = """
    ImportPrompt { align: center middle; }
    ImportPrompt > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: thick $primary; background: $surface;
    }
    ImportPrompt .dialog-title { text-style: bold; height: auto; margin-bottom: 1; }
    ImportPrompt .dialog-help { height: auto; color: $text-muted; }
    ImportPrompt RadioSet { width: 1fr; height: auto; }
    ImportPrompt #import-update { width: 1fr; }
    ImportPrompt .form-row { height: auto; margin-top: 1; }
    ImportPrompt .form-label { width: 17; color: $text-muted; }
    ImportPrompt .form-row Input { width: 1fr; }
    ImportPrompt #import-problem { height: auto; color: $error; }
    ImportPrompt .buttons { height: auto; align-horizontal: right; margin-top: 1; }
    ImportPrompt .buttons Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="cancel")]

    def __init__(self, table: str = "partners") -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(_("Import a spreadsheet")), classes="dialog-title")
            yield Static(plain(_("Rows of an .ods, .xlsx, .xls or .csv file into the "
                                 "directory. Nothing is written before you have seen what "
                                 "each row would do.")), classes="dialog-help")
            with Horizontal(classes="form-row"):
                yield Label(_("File"), classes="form-label")
                yield Input(placeholder=_("e.g. ~/Documents/annuaire.ods"), compact=True,
                            id="import-path", validators=[SpreadsheetFile()],
                            validate_on=["changed", "submitted"])
            yield Static(id="import-problem")
            with Horizontal(classes="form-row"):
                yield Label(_("Sheet"), classes="form-label")
                yield Input(placeholder=_("the first one (or write the name of another)"),
                            compact=True, id="import-sheet")
            with Horizontal(classes="form-row"):
                yield Label(_("The rows are"), classes="form-label")
                with RadioSet(id="import-table"):
                    yield MarkedRadioButton(_("partners (organisations)"),
                                            value=self.table == "partners",
                                            id="table-partners")
                    yield MarkedRadioButton(_("contacts (people)"),
                                            value=self.table == "contacts",
                                            id="table-contacts")
            with Horizontal(classes="form-row"):
                yield MarkedCheckbox(_("Replace the values that differ (otherwise: fill the "
                                       "empty fields only)"),
                                     False, id="import-update", compact=True)
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Preview"), id="import-preview", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#import-problem", Static).display = False
        self.query_one("#import-path", Input).focus()

    def _problem(self, text: str) -> None:
        box = self.query_one("#import-problem", Static)
        box.update(plain(text))
        box.display = bool(text)

    @on(Input.Changed, "#import-path")
    def _path_changed(self, event: Input.Changed) -> None:
        # Said once the path looks complete (an extension typed), not at every letter.
        result = event.validation_result
        shown = result is not None and not result.is_valid and bool(Path(event.value).suffix)
        self._problem(result.failure_descriptions[0] if shown and result else "")

    @on(RadioSet.Changed, "#import-table")
    def _table_changed(self, event: RadioSet.Changed) -> None:
        self.table = (event.pressed.id or "table-partners").removeprefix("table-")

    @on(Button.Pressed, "#import-preview")
    @on(Input.Submitted, "#import-path")
    @on(Input.Submitted, "#import-sheet")
    def action_preview(self) -> None:
        box = self.query_one("#import-path", Input)
        result = box.validate(box.value)
        if result is not None and not result.is_valid:
            self._problem(result.failure_descriptions[0])
            box.focus()
            return
        update = self.query_one("#import-update", MarkedCheckbox).value
        sheet = one_line(self.query_one("#import-sheet", Input).value).strip() or None
        self.dismiss(ImportRequest(typed_path(box.value), self.table, update, sheet))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
