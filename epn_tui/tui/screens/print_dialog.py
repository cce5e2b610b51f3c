"""Print one convention: write a PDF, HTML or Markdown file, or send it to a printer.

The work is `epn_tui.render.printing.print_convention` (the same as `epn print`), run
in a thread worker: typst takes ~100 ms and `lp` may wait on the network.

The file goes by default to `<workspace>/.epn/print/<id>.<format>`: that folder is
ignored by git (no stray PDF gets committed with the conventions) and is the same for
every start folder; the path can be changed in the dialog, and the notification says
where the file is.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioSet, Static

from epn_tui.core.slug import slugify
from epn_tui.core.text import escape_controls, one_line
from epn_tui.i18n import _, ngettext
from epn_tui.tui.safe import line, plain
from epn_tui.tui.screens.base import AppAccess
from epn_tui.tui.widgets.marked import MarkedRadioButton

if TYPE_CHECKING:
    from epn_tui.store.workspace import Workspace

PRINT_DIR = ".epn/print"
FORMAT_NAMES = {"pdf": "PDF", "html": "HTML", "md": "Markdown"}


def default_output(root: Path, conv_id: str, fmt: str) -> Path:
    # Absolute: a relative one would be read again from the workspace folder
    # (`epn-demo/epn-demo/.epn/…` when `epn` was started beside the workspace).
    return root.resolve() / PRINT_DIR / f"{slugify(conv_id, 120)}.{fmt}"


def output_path(text: str, root: Path) -> Path:
    """What the person typed: `~` expanded, relative paths from the workspace folder."""
    path = Path(one_line(text).strip()).expanduser()
    return path if path.is_absolute() else root / path


class PrintDialog(AppAccess, ModalScreen[None]):
    DEFAULT_CSS = """
    PrintDialog { align: center middle; }
    PrintDialog > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: thick $primary; background: $surface;
    }
    PrintDialog .dialog-title { text-style: bold; height: auto; margin-bottom: 1; }
    PrintDialog RadioSet { layout: horizontal; width: 1fr; height: auto; }
    PrintDialog RadioButton { width: auto; margin-right: 2; }
    PrintDialog .form-row { height: auto; margin-top: 1; }
    PrintDialog .form-label { width: 18; color: $text-muted; }
    PrintDialog .form-row Input { width: 1fr; }
    PrintDialog #print-status { height: auto; margin-top: 1; }
    PrintDialog .buttons { height: auto; align-horizontal: right; margin-top: 1; }
    PrintDialog .buttons Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="cancel")]

    def __init__(self, conv_id: str) -> None:
        super().__init__()
        self.conv_id = conv_id
        self.fmt = "pdf"
        self.busy = False

    def compose(self) -> ComposeResult:
        ws = self.workspace
        conv = ws.conventions.get(self.conv_id) if ws is not None else None
        root = ws.root if ws is not None else Path.cwd()
        with Vertical():
            title = plain(_("Print: "), style="bold")
            title.append_text(line(conv.title if conv is not None else self.conv_id))
            yield Static(title, classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label(_("Format"), classes="form-label")
                with RadioSet(id="print-format"):
                    for fmt, name in FORMAT_NAMES.items():
                        yield MarkedRadioButton(name, value=fmt == self.fmt,
                                                id=f"fmt-{fmt}")
            with Horizontal(classes="form-row"):
                yield Label(_("Save as"), classes="form-label")
                yield Input(str(default_output(root, self.conv_id, self.fmt)), compact=True,
                            id="print-path")
            with Horizontal(classes="form-row"):
                yield Label(_("Printer"), classes="form-label")
                yield Input(placeholder=_("empty: the default printer"), compact=True,
                            id="print-printer")
            yield Static(id="print-status")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Send to the printer"), id="print-lp")
                yield Button(_("Save the file"), id="print-save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#print-save", Button).focus()

    @on(RadioSet.Changed, "#print-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        new = (event.pressed.id or "fmt-pdf").removeprefix("fmt-")
        box = self.query_one("#print-path", Input)
        path = Path(box.value)
        # Follow the format in the file name, unless the person named the file otherwise.
        if path.suffix.lower() == f".{self.fmt}":
            box.value = str(path.with_suffix(f".{new}"))
        self.fmt = new

    def _status(self, message: str, style: str = "") -> None:
        self.query_one("#print-status", Static).update(plain(message, style=style))

    @on(Button.Pressed, "#print-save")
    @on(Input.Submitted, "#print-path")
    def action_save_file(self) -> None:
        ws = self.workspace
        if ws is None or self.busy:
            return
        text = self.query_one("#print-path", Input).value
        if not text.strip():
            self._status(_("Give the file name to write."), "red")
            return
        target = output_path(text, ws.root)
        if target.is_dir():
            self._status(_("{path} is a folder: add a file name").format(path=target), "red")
            return
        if ws.reads_file(target):
            self._status(_("Not there: it would replace or add a file the workspace reads; "
                           "choose a folder outside the workspace or under .epn/"), "red")
            return
        self._start(ws, target, None)

    @on(Button.Pressed, "#print-lp")
    @on(Input.Submitted, "#print-printer")
    def action_send(self) -> None:
        ws = self.workspace
        if ws is None or self.busy:
            return
        printer = one_line(self.query_one("#print-printer", Input).value).strip()
        self._start(ws, None, printer)

    def _start(self, ws: Workspace, target: Path | None, printer: str | None) -> None:
        self.busy = True
        for button in self.query(Button):
            button.disabled = button.id != "cancel"
        self._status(_("Preparing the document…"), "italic")
        today = self.today
        self.run_print(ws, target, printer, self.fmt if printer is None else "pdf", today)

    @work(thread=True, exclusive=True, group="print")
    def run_print(self, ws: Workspace, target: Path | None, printer: str | None, fmt: str,
                  today: date) -> None:
        from epn_tui.render.compose import PrintError
        from epn_tui.render.printer import NoPrintingSystem, PrinterError, send_to_printer
        from epn_tui.render.printing import FormatError, render_convention
        from epn_tui.store.atomic import atomic_write

        try:
            printed = render_convention(ws, self.conv_id, fmt, today)
            data = printed.data
            if target is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(target, data)
                message = _("{id}: written to {path}").format(
                    id=escape_controls(self.conv_id), path=escape_controls(str(target.resolve())))
                title = _("Saved")
            else:
                said = send_to_printer(data, printer or None, self.conv_id)
                message = _("{id}: sent to {printer}").format(
                    id=escape_controls(self.conv_id), printer=printer or _("the default printer"))
                if said:
                    message += f" ({said})"
                title = _("Sent to the printer")
            if printed.unfilled:  # never silent (issue 13): which lines, in the file
                from epn_tui.render.unfilled import by_line

                lines = [line for line, _texts in by_line(printed.unfilled)]
                message += "\n" + ngettext(
                    "Still to be filled in (highlighted): line {lines} of {path}",
                    "Still to be filled in (highlighted): lines {lines} of {path}",
                    len(lines)).format(lines=", ".join(map(str, lines)),
                                       path=escape_controls(printed.path))
        except NoPrintingSystem as exc:
            # (the command line's advice says `-o`: here, the dialog's own way)
            self.app.call_from_thread(self._failed, _(
                "{error}; choose the PDF format and “{save}”, then print the file from "
                "your PDF viewer").format(error=exc, save=_("Save the file")))
        except (PrintError, FormatError, PrinterError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
        except KeyError:
            self.app.call_from_thread(self._failed, _("`{id}` is not a valid convention any "
                                                      "more").format(id=self.conv_id))
        except OSError as exc:
            self.app.call_from_thread(self._failed, _("cannot write {path}: {error}").format(
                path=target, error=exc.strerror or exc))
        else:
            self.app.call_from_thread(self._done, message, title)

    def _done(self, message: str, title: str) -> None:
        self.app.notify(message, title=title, timeout=10, markup=False)
        self.dismiss(None)

    def _failed(self, message: str) -> None:
        self.busy = False
        for button in self.query(Button):
            button.disabled = False
        self._status(message, "red")
        self.app.notify(message, title=_("Not printed"), severity="error", timeout=10,
                        markup=False)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
