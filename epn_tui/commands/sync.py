"""`epn sync`: commit what is pending, fetch, merge the colleagues' changes, push."""

from __future__ import annotations

import argparse
import sys

from epn_tui.commands.common import EXIT_OK, EXIT_PROBLEMS, CommandError, say, workspace_root
from epn_tui.i18n import N_

NAME = "sync"
HELP = N_("share the workspace through its git remote: commit, fetch, merge, push")


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from epn_tui.store.git import GitError
    from epn_tui.store.sync import sync

    def progress(text: str) -> None:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()

    try:
        result = sync(workspace_root(args), progress)
    except GitError as exc:
        raise CommandError(str(exc), EXIT_PROBLEMS) from None
    say(result.summary())
    return EXIT_OK
