"""`epn` with no command: the terminal UI."""

from __future__ import annotations

import argparse
import gc
from datetime import date

from epn_tui.commands.common import EXIT_OK, CommandError, today, workspace_root
from epn_tui.i18n import N_, _

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
    from epn_tui.i18n import current_language
    from epn_tui.tui.prefetch import start

    day = today(args) if getattr(args, "today", None) else None
    # Before Textual is imported: the child checks the last dashboard meanwhile.
    prefetch = start(root, day or date.today(), current_language())
    try:
        from epn_tui.tui.app import build_app
    except ImportError:
        raise CommandError(_("the terminal UI is not available in this build")) from None
    app = build_app(root, today=day, prefetch=prefetch)
    # What is loaded so far (Textual, the app) lives as long as the process: keep it
    # out of the collector's full passes, one of which (15 ms) fell on the first frame.
    # (The collector is off since `epn_tui.cli.main`; the app turns it back on.)
    gc.freeze()
    app.run()
    return EXIT_OK
