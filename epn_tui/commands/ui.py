"""`epn` with no command: the terminal UI."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epn_tui.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    CommandError,
    today,
    workspace_root,
)
from epn_tui.i18n import N_, _

if TYPE_CHECKING:
    from textual.app import App

NAME = "ui"
HELP = N_("open the terminal UI (the default)")


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from epn_tui.commands.common import use_workspace_language
    from epn_tui.store.layout import SETTINGS_FILE

    root = workspace_root(args)
    # Not store.workspace.is_workspace: importing the store takes 25 ms, and the UI
    # needs it only once its first frame is painted (epn.yaml's module is loaded).
    if not (root / SETTINGS_FILE).is_file():
        raise CommandError(_("{root}: not an epn workspace (no epn.yaml); create one with "
                             "`epn init {root}` or try `epn demo`").format(root=root))
    use_workspace_language(root)
    from epn_tui import startup
    from epn_tui.i18n import current_language

    day = today(args) if getattr(args, "today", None) else None
    # Before Textual is imported (the sequence and its figures: epn_tui/startup.py).
    started = startup.begin(root, day or date.today(), current_language())
    try:
        try:
            from epn_tui.tui.app import build_app
        except ImportError:
            raise CommandError(_("the terminal UI is not available in this build")) from None
        return run_app(build_app(root, today=day, startup=started), root)
    finally:
        started.end()


def run_app(app: App[Any], root: Path, headless: bool = False) -> int:
    """Run the app; an error nothing caught ends `epn` with status 1, one line on stderr
    and the whole report in a log file (never a silent 0, never a screenful of
    traceback with locals instead of a message)."""
    import io

    from rich.console import Console

    # Textual prints the report of an uncaught error (a Rich traceback) on its
    # `error_console` once the terminal is restored: catch it to write it to a file.
    report = io.StringIO()
    app.error_console = Console(file=report, markup=False, highlight=False, width=100)
    app.run(headless=headless)
    code = app.return_code or 0
    if code == EXIT_OK:
        return EXIT_OK
    text = report.getvalue()
    if not text.strip():
        return code
    what = _error_line(text)
    log = write_crash_log(root, text)
    if log is None:  # nowhere to write it: the report goes to stderr as Textual does
        sys.stderr.write(text)
        raise CommandError(_("the interface stopped on an unexpected error ({error})")
                           .format(error=what), status=EXIT_PROBLEMS)
    raise CommandError(_("the interface stopped on an unexpected error ({error}); the "
                         "details are in {log}").format(error=what, log=log),
                       status=EXIT_PROBLEMS)


def _error_line(report: str) -> str:
    """The line naming the error (`AttributeError: 'NoneType' object…`): after the
    traceback's frames, the last line that starts with a name and a colon."""
    import re

    found = re.findall(r"^[A-Za-z_][\w.]*: .*$", report, flags=re.MULTILINE)
    return found[-1].strip() if found else report.strip().splitlines()[-1]


def write_crash_log(root: Path, report: str) -> Path | None:
    """The report in `.epn/crash-<time>-<pid>.log` of the workspace (git ignores
    `.epn/`), else in the temporary folder; None when neither can be written. Readable
    by its owner only: a report shows the values at hand, the user's text among them."""
    import contextlib
    import os
    import platform
    import tempfile
    from importlib.metadata import PackageNotFoundError, version

    from epn_tui import __version__
    from epn_tui.store.cache import make_folder
    from epn_tui.store.layout import CACHE_DIR

    try:
        textual = version("textual")
    except PackageNotFoundError:
        textual = "?"
    header = (f"epn-tui {__version__}, Textual {textual}, Python "
              f"{platform.python_version()}, {platform.platform()}\n"
              f"workspace: {root.resolve()}\n\n")
    with contextlib.suppress(OSError):
        make_folder(root)  # (ignored by git)
    name = f"crash-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
    for path in (root / CACHE_DIR / name, Path(tempfile.gettempdir()) / f"epn-{name}"):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(header + report)
        return path.resolve()
    return None
