"""`epn restore TARGET REV`: a convention or a record comes back to its version REV, as
a new change through the write path (and a new commit): history is never rewritten."""

from __future__ import annotations

import argparse

from epn_tui.commands.common import EXIT_OK, EXIT_PROBLEMS, CommandError, open_workspace, say
from epn_tui.commands.versions import repo_of, target
from epn_tui.i18n import N_, _

NAME = "restore"
HELP = N_("bring a convention or a record back to an earlier version (a new change)")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar=_("TARGET"),
                        help=_("a convention id, or partner:ID, contact:ID, journal:ID"))
    parser.add_argument("rev", metavar="REV", help=_("the version (a hash from `epn history`)"))


def run(args: argparse.Namespace) -> int:
    from epn_tui.store.atomic import ConflictError
    from epn_tui.store.git import GitError
    from epn_tui.store.history import resolve
    from epn_tui.store.workspace import SaveError

    repo = repo_of(args)
    ws = open_workspace(args)
    what = target(args, args.target, ws)
    try:
        commit = resolve(repo, args.rev)
    except GitError:
        raise CommandError(_("git knows no version `{rev}`").format(rev=args.rev)) from None
    try:
        restored = ws.restore(what.table, what.doc_id, what.path, commit)
    except (SaveError, ConflictError, GitError, OSError) as exc:
        raise CommandError(str(exc), EXIT_PROBLEMS) from None
    if not restored:
        say(_("{path}: already as in {rev}; nothing to do").format(path=what.path,
                                                                   rev=commit[:7]))
        return EXIT_OK
    say(_("{path}: back to the version {rev}").format(path=what.path, rev=commit[:7]))
    return EXIT_OK
