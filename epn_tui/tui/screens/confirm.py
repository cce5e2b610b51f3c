"""Small modal questions: confirm, discard changes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from epn_tui.i18n import _
from epn_tui.tui.safe import plain


class Confirm(ModalScreen[bool]):
    """Yes or no; Escape is no."""

    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical {
        width: 64; max-width: 100%; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    Confirm .question { margin-bottom: 1; }
    Confirm Horizontal { height: auto; align-horizontal: right; }
    Confirm Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="cancel")]

    def __init__(self, question: str, yes: str | None = None, no: str | None = None,
                 danger: bool = False) -> None:
        super().__init__()
        self.question = question
        self.yes = yes or _("Yes")
        self.no = no or _("No")
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.question), classes="question")
            with Horizontal():
                yield Button(self.no, id="no")
                yield Button(self.yes, id="yes", variant="error" if self.danger else "primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)


def confirm_discard() -> Confirm:
    return Confirm(_("You have unsaved changes. Leave and lose them?"),
                   yes=_("Discard changes"), no=_("Keep editing"), danger=True)


CLOSE_SAVE, CLOSE_WITHOUT, CLOSE_STAY = "save", "discard", "stay"


class CloseQuestion(ModalScreen[str]):
    """Closing a form with unsaved changes: save and close, close without saving, or
    keep editing (Escape, and the focused button: a reflex Enter loses nothing)."""

    DEFAULT_CSS = """
    CloseQuestion { align: center middle; }
    CloseQuestion > Vertical {
        width: 80; max-width: 100%; height: auto; padding: 1 1;
        border: thick $warning; background: $surface;
    }
    CloseQuestion .question { margin-bottom: 1; }
    CloseQuestion Horizontal { height: auto; align-horizontal: right; }
    CloseQuestion Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "stay", _("Keep editing"), id="stay")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(_("You have unsaved changes. Close the form?")),
                         classes="question")
            with Horizontal():
                yield Button(_("Keep editing"), id="stay")
                yield Button(_("Close without saving"), id="discard", variant="error")
                yield Button(_("Save and close"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss(CLOSE_SAVE)

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss(CLOSE_WITHOUT)

    @on(Button.Pressed, "#stay")
    def _stay(self) -> None:
        self.dismiss(CLOSE_STAY)

    def action_stay(self) -> None:
        self.dismiss(CLOSE_STAY)
