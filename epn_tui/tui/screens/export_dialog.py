"""« Exporter »: a table of the workspace as a spreadsheet, or the national schemas.

The tables and what is written are `epn export`'s (commands/export.py: `output_format`,
`refuse_inside`, `export`), called here as the command calls them: the format comes
from the file name's extension (the format buttons change it), a place that would
replace a file the workspace reads is refused with the command's reason, and the file
is written in a worker thread. The notification says where, and how many rows.

The file goes by default to the folder `epn` was started in, named after the table
(`partenaires.ods`); a relative path typed is read from that folder too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioSet, Select, Static

from epn_tui.core.slug import slugify
from epn_tui.i18n import N_, _
from epn_tui.tui.safe import plain
from epn_tui.tui.screens.base import AppAccess
from epn_tui.tui.screens.import_prompt import typed_path
from epn_tui.tui.widgets.marked import MarkedRadioButton

if TYPE_CHECKING:
    from epn_tui.store.workspace import Workspace

# `epn export`'s tables, in its order, with what the list says of each.
TABLES = {
    "partners": N_("Partners (the directory)"),
    "contacts": N_("Contacts"),
    "conventions": N_("Conventions"),
    "deadlines": N_("Deadlines (within the workspace horizon)"),
    "journal": N_("Journal"),
    "all": N_("All of them, one sheet each (.ods or .xlsx)"),
    "lieux": N_("Places of digital mediation (national map, CSV)"),
    "data-inclusion": N_("data·inclusion structures (JSON)"),
}
FORMATS = ("ods", "xlsx", "csv")
# The file named after the table (the sheet's name in the interface language).
FILE_NAMES = {"partners": N_("Partners"), "contacts": N_("Contacts"),
              "conventions": N_("Conventions"), "deadlines": N_("Deadlines"),
              "journal": N_("Journal"), "all": "epn", "lieux": "lieux",
              "data-inclusion": "structures"}


def default_output(table: str, fmt: str) -> Path:
    name = slugify(_(FILE_NAMES[table]), 60) or table
    return Path.cwd() / f"{name}.{'json' if table == 'data-inclusion' else fmt}"


class ExportDialog(AppAccess, ModalScreen[None]):
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: thick $primary; background: $surface;
    }
    ExportDialog .dialog-title { text-style: bold; height: auto; margin-bottom: 1; }
    ExportDialog RadioSet { layout: horizontal; width: 1fr; height: auto; }
    ExportDialog RadioButton { width: auto; margin-right: 2; }
    ExportDialog .form-row { height: auto; margin-top: 1; }
    ExportDialog .form-label { width: 17; color: $text-muted; }
    ExportDialog .form-row Input, ExportDialog .form-row Select { width: 1fr; }
    ExportDialog #export-status { height: auto; margin-top: 1; }
    ExportDialog .buttons { height: auto; align-horizontal: right; margin-top: 1; }
    ExportDialog .buttons Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="cancel")]

    def __init__(self, table: str = "partners") -> None:
        super().__init__()
        self.table = table
        self.fmt = "ods"
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(_("Export")), classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label(_("Table"), classes="form-label")
                yield Select([(Text(_(title)), table) for table, title in TABLES.items()],
                             value=self.table, allow_blank=False, compact=True,
                             id="export-table")
            with Horizontal(classes="form-row"):
                yield Label(_("Format"), classes="form-label")
                with RadioSet(id="export-format"):
                    for fmt in FORMATS:
                        yield MarkedRadioButton(f".{fmt}", value=fmt == self.fmt,
                                                id=f"fmt-{fmt}")
            with Horizontal(classes="form-row"):
                yield Label(_("Save as"), classes="form-label")
                yield Input(str(default_output(self.table, self.fmt)), compact=True,
                            id="export-path")
            yield Static(id="export-status")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Export"), id="export-save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#export-table", Select).focus()

    def _status(self, message: str | Text, style: str = "") -> None:
        self.query_one("#export-status", Static).update(
            message if isinstance(message, Text) else plain(message, style=style))

    def _follow(self, table: str, fmt: str) -> None:
        """The file name follows the table and format, unless the person typed another."""
        box = self.query_one("#export-path", Input)
        if typed_path(box.value) == default_output(self.table, self.fmt):
            box.value = str(default_output(table, fmt))
        elif Path(box.value).suffix.lower() in (f".{self.fmt}", ".json"):
            box.value = str(Path(box.value).with_suffix(
                ".json" if table == "data-inclusion" else f".{fmt}"))
        self.table, self.fmt = table, fmt

    @on(Select.Changed, "#export-table")
    def _table_changed(self, event: Select.Changed) -> None:
        table = str(event.value)
        fmt = self.fmt
        if table == "all" and fmt == "csv":
            fmt = "ods"
        elif table == "lieux":
            fmt = "csv"  # the schema's own form; .ods and .xlsx are offered too
        for button in self.query(MarkedRadioButton):
            button.disabled = table == "data-inclusion" or (
                table == "all" and button.id == "fmt-csv")
        if fmt != self.fmt:
            self.query_one(f"#fmt-{fmt}", MarkedRadioButton).value = True
        self._follow(table, fmt)

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        fmt = (event.pressed.id or "fmt-ods").removeprefix("fmt-")
        if fmt != self.fmt:
            self._follow(self.table, fmt)

    @on(Button.Pressed, "#export-save")
    @on(Input.Submitted, "#export-path")
    def action_export(self) -> None:
        from epn_tui.commands.common import CommandError
        from epn_tui.commands.export import output_format, refuse_inside

        ws = self.workspace
        if ws is None or self.busy:
            return
        text = self.query_one("#export-path", Input).value
        if not text.strip():
            self._status(_("Give the file name to write."), "red")
            return
        target = typed_path(text)
        if target.is_dir():
            self._status(_("{path} is a folder: add a file name").format(path=target), "red")
            return
        try:
            fmt = output_format(self.table, target)
        except CommandError as exc:
            self._status(str(exc), "red")
            return
        try:
            refuse_inside(ws, target)
        except CommandError:  # (its words say -o: here, the dialog's own, as printing's)
            self._status(_("Not there: it would replace or add a file the workspace reads; "
                           "choose a folder outside the workspace or under .epn/"), "red")
            return
        self.busy = True
        for button in self.query(Button):
            button.disabled = button.id != "cancel"
        self._status(_("Writing {path}…").format(path=target), "italic")
        self.write_export(ws, self.table, target, fmt, self.today)

    @work(thread=True, exclusive=True, group="export")
    def write_export(self, ws: Workspace, table: str, target: Path, fmt: str,
                     day: date) -> None:
        from epn_tui.commands.common import CommandError
        from epn_tui.commands.export import export

        try:
            done = export(ws, table, target, fmt, day)
        except CommandError as exc:
            self.app.call_from_thread(self._failed, str(exc))
        except (OSError, ValueError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
        else:
            self.app.call_from_thread(self._done, done.said, done.problems)

    def _done(self, said: list[str], problems: list[str]) -> None:
        self.app.notify("\n".join([*said, *problems]), title=_("Exported"),
                        severity="warning" if problems else "information",
                        timeout=15 if problems else 10, markup=False)
        self.dismiss(None)

    def _failed(self, message: str) -> None:
        self.busy = False
        for button in self.query(Button):
            button.disabled = False
        self._status(Text(_("Nothing written:") + " ", style="bold red")
                     .append_text(plain(message, style="red")))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)
