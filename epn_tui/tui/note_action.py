"""The palette's « Note pour l'élu »: writes the élu's one-page note as a PDF.

The same work as `epn note` (`core/note.build_note`, `render/note.render`), in a thread
worker (typst takes ~100 ms). The file goes where the UI's prints go, the workspace's
`.epn/print/` folder (ignored by git, the same for every start folder), named
`note-elu-<date>.pdf` like the command's; the notification names the file written, or
says why nothing was.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from epn_tui.core.text import escape_controls
from epn_tui.i18n import _

if TYPE_CHECKING:
    from epn_tui.store.workspace import Workspace
    from epn_tui.tui.app import EpnApp


def note_path(root: Path, day: date) -> Path:
    from epn_tui.commands.note import default_name
    from epn_tui.tui.screens.print_dialog import PRINT_DIR

    return root.resolve() / PRINT_DIR / default_name(day, "pdf")


def write_note(app: EpnApp) -> None:
    ws = app.workspace
    if ws is None:
        app.notify(_("The workspace is still loading…"), timeout=2)
        return
    app.run_worker(partial(_write, app, ws, app.today), thread=True, exclusive=True,
                   group="note", name="note")


def _write(app: EpnApp, ws: Workspace, today: date) -> None:
    from epn_tui.core.note import build_note
    from epn_tui.render.note import NoteError, render
    from epn_tui.store.atomic import atomic_write

    target = note_path(ws.root, today)
    try:
        data = render(build_note(*ws.records(), today), "pdf")
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data)
    except NoteError as exc:
        message = str(exc)
    except OSError as exc:
        message = _("cannot write {path}: {error}").format(
            path=escape_controls(str(target)), error=exc.strerror or exc)
    else:
        app.call_from_thread(
            app.notify, _("Note for the élu written to {path}").format(
                path=escape_controls(str(target))),
            title=_("Saved"), timeout=10, markup=False)
        return
    app.call_from_thread(app.notify, message, title=_("Note not written"), severity="error",
                         timeout=10, markup=False)
