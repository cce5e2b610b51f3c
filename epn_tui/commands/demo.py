"""`epn demo [DIR]`: copy the demo workspace into a folder and open the UI on it."""

from __future__ import annotations

import argparse
from pathlib import Path

from epn_tui.commands.common import EXIT_OK, CommandError, warn
from epn_tui.i18n import N_, _

NAME = "demo"
HELP = N_("copy the demo workspace into a new folder and open it")
DEFAULT_DIR = "epn-demo"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, nargs="?", metavar=_("DIR"),
                        help=_("where to put it (default: ./epn-demo; reopened if it is "
                               "already a workspace)"))
    parser.add_argument("--no-ui", action="store_true",
                        help=_("only create the folder and print where it is"))


def run(args: argparse.Namespace) -> int:
    from epn_tui.store.init import init_workspace
    from epn_tui.store.workspace import WorkspaceError, is_workspace

    target = args.dir or Path(DEFAULT_DIR)
    if not is_workspace(target):
        try:
            for note in init_workspace(target, demo=True):
                warn(note)
        except (WorkspaceError, OSError) as exc:
            raise CommandError(str(exc)) from None
        warn(_("Demo workspace copied into {path}").format(path=target.resolve()))
    if args.no_ui:
        return EXIT_OK
    args.workspace = str(target)
    from epn_tui.commands import ui

    return ui.run(args)
