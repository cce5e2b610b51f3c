"""Someone else changed what is being edited, at the same places: reload, keep mine,
or back to editing (after a look at the difference).

Changes that do not overlap are merged by the store without a question; this dialog
opens for those that do (the same field, the same lines), on save or when the watcher
reports the file changed. Its words say exactly what each button does: the caller
gives the words of "keep mine", which differ for fields, text and directory records.
"""

from __future__ import annotations

import difflib

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from epn_tui.core.text import strip_controls
from epn_tui.i18n import _

RELOAD = "reload"
KEEP = "keep"
CANCEL = "cancel"
MAX_DIFF_LINES = 2000  # a whole rewritten file is still readable; more is noise


def unified_diff(path: str, mine: str, theirs: str, from_label: str | None = None,
                 to_label: str | None = None) -> Text:
    """What saving mine would change in the file on disk, as plain styled Text."""
    lines = list(difflib.unified_diff(
        theirs.splitlines(), mine.splitlines(),
        fromfile=from_label or _("{path} (on disk)").format(path=path),
        tofile=to_label or _("{path} (yours)").format(path=path), lineterm="", n=2))
    out = Text(no_wrap=False)
    if not lines:
        out.append(_("The two versions have the same text (only the line endings or the "
                     "final newline may differ)."), style="italic")
        return out
    for line in lines[:MAX_DIFF_LINES]:
        style = ""
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("@@"):
            style = "cyan"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        out.append(strip_controls(line) + "\n", style=style)
    if len(lines) > MAX_DIFF_LINES:
        out.append(_("… {n} more lines").format(n=len(lines) - MAX_DIFF_LINES), style="italic")
    return out


class ConflictScreen(ModalScreen[str]):
    """Dismissed with "reload" (drop my edits), "keep" (save mine over theirs), "cancel"."""

    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: thick $error; background: $surface;
    }
    ConflictScreen .question { margin-bottom: 1; height: auto; }
    ConflictScreen #conflict-diff {
        display: none; height: auto; max-height: 16; border: round $primary-background;
    }
    ConflictScreen #conflict-diff.-shown { display: block; }
    /* The difference shown: the box takes the screen, the difference what is left
       between the question and the buttons (which stay visible at 80x24). */
    ConflictScreen > Vertical.-diff-shown { height: 100%; }
    ConflictScreen > Vertical.-diff-shown #conflict-diff { height: 1fr; max-height: 100%;
                                                          min-height: 3; }
    ConflictScreen Horizontal { height: auto; align-horizontal: right; }
    ConflictScreen Button { margin-left: 1; }
    ConflictScreen Horizontal.diff-row { align-horizontal: left; }
    ConflictScreen #diff { margin-left: 0; width: 26; }
    """
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="cancel")]

    def __init__(self, path: str, mine: str, theirs: str, base: str | None = None,
                 keep: str | None = None, reload: str | None = None) -> None:
        """`mine`: the file as keeping mine would write it; `theirs`: the file on disk;
        `base`: the file as it was opened, to show what the other edit changed;
        `keep`/`reload`: what those buttons do, in words."""
        super().__init__()
        self.path = path
        self.mine = mine
        self.theirs = theirs
        self.base = base
        self.keep_words = keep or _("Keep mine: write your changes over it where you both "
                                    "changed the same thing; what the other edit changed "
                                    "elsewhere stays.")
        self.reload_words = reload or _("Reload: drop your changes and show the file as it "
                                        "is now.")

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-box"):
            question = Text()
            question.append(_("{path} was changed by someone else, at the same places as "
                              "your changes.").format(path=strip_controls(self.path)),
                            style="bold")
            question.append("\n")
            question.append(self.reload_words + "\n" + self.keep_words + "\n")
            question.append(_("Keep editing: nothing is written; saving again asks again."))
            yield Static(question, classes="question")
            with VerticalScroll(id="conflict-diff"):
                yield Static(id="conflict-diff-text")
            # Two rows: the three answers fit 80 columns in French.
            with Horizontal(classes="diff-row"):
                yield Button(_("Show the difference"), id="diff")
            with Horizontal():
                yield Button(_("Keep editing"), id="cancel")
                yield Button(_("Reload"), id="reload", variant="primary")
                yield Button(_("Keep mine"), id="keep", variant="error")

    def on_mount(self) -> None:
        # Not on "reload": a reflex Enter must not throw the person's edits away.
        self.query_one("#diff", Button).focus()

    @on(Button.Pressed, "#diff")
    def _toggle_diff(self) -> None:
        pane = self.query_one("#conflict-diff")
        shown = not pane.has_class("-shown")
        pane.set_class(shown, "-shown")
        self.query_one("#conflict-box").set_class(shown, "-diff-shown")
        button = self.query_one("#diff", Button)
        if shown:
            self.query_one("#conflict-diff-text", Static).update(self._differences())
            button.label = _("Hide the difference")
        else:
            button.label = _("Show the difference")

    def _differences(self) -> Text:
        out = Text()
        if self.base is not None and self.base != self.theirs:
            out.append(_("What changed on disk since you opened the file:") + "\n",
                       style="bold underline")
            out.append_text(unified_diff(self.path, self.theirs, self.base,
                                         _("{path} (when opened)").format(path=self.path),
                                         _("{path} (on disk)").format(path=self.path)))
            out.append("\n")
        out.append(_("What keeping yours would write over it:") + "\n", style="bold underline")
        out.append_text(unified_diff(self.path, self.mine, self.theirs))
        return out

    @on(Button.Pressed, "#reload")
    def _reload(self) -> None:
        self.dismiss(RELOAD)

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.dismiss(KEEP)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(CANCEL)

    def action_cancel(self) -> None:
        self.dismiss(CANCEL)
