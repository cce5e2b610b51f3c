"""`epn` with no command: the terminal UI."""

from __future__ import annotations

import argparse
from datetime import date

from epn_tui.commands.common import EXIT_OK, CommandError, today, workspace_root
from epn_tui.i18n import N_, _

NAME = "ui"
HELP = N_("open the terminal UI (the default)")


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from epn_tui.commands.common import use_workspace_language
    from epn_tui.store.workspace import is_workspace

    root = workspace_root(args)
    if not is_workspace(root):
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
    app.run()
    return EXIT_OK
