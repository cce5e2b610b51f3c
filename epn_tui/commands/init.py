"""`epn init DIR [--demo]`: create a workspace (epn.yaml, partners.json, git)."""

from __future__ import annotations

import argparse
from pathlib import Path

from epn_tui.commands.common import EXIT_OK, CommandError, say, warn
from epn_tui.i18n import N_, _

NAME = "init"
HELP = N_("create a workspace in DIR")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, metavar=_("DIR"))
    parser.add_argument("--demo", action="store_true", help=_("fill it with the demo data"))


def run(args: argparse.Namespace) -> int:
    from epn_tui.store.init import init_workspace
    from epn_tui.store.workspace import WorkspaceError

    try:
        notes = init_workspace(args.dir, demo=args.demo)
    except (WorkspaceError, OSError) as exc:
        raise CommandError(str(exc)) from None
    for note in notes:
        warn(note)
    say(_("Workspace created in {path}").format(path=args.dir))
    return EXIT_OK
