"""`epn diff TARGET [REV [REV2]] [--since-signed] [--raw]`: what changed, for people.

Field by field (« statut : brouillon → signée ») and the text's changed paragraphs word
by word (`[-ancien-]{+nouveau+}`); `--raw` gives git's unified diff instead.
Without REV: what the last change did (or what is not committed yet). With REV: from
REV to the file as it is now; with REV2: from REV to REV2. `--since-signed`: from the
version in which the convention became signed (its tag `signee/<id>/<date>`).
"""

from __future__ import annotations

import argparse
from typing import Any

from epn_tui.commands.common import EXIT_OK, CommandError, say
from epn_tui.commands.versions import Target, repo_of, target
from epn_tui.i18n import N_, _

NAME = "diff"
HELP = N_("what changed in a convention or a record, field by field and word by word")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar=_("TARGET"),
                        help=_("a convention id, or partner:ID, contact:ID, journal:ID"))
    parser.add_argument("rev", nargs="?", metavar="REV", help=_("from this version"))
    parser.add_argument("rev2", nargs="?", metavar="REV2",
                        help=_("to this version (default: the file as it is now)"))
    parser.add_argument("--since-signed", action="store_true",
                        help=_("from the version in which the convention was signed"))
    parser.add_argument("--raw", action="store_true", help=_("git's unified diff"))


def versions_to_compare(repo: Any, what: Target, rev: str | None, rev2: str | None,
                        since_signed: bool) -> tuple[str | None, str | None]:
    """(old, new) revisions; None for new means the file as it is now."""
    from epn_tui.store import history
    from epn_tui.store.git import GitError

    if since_signed:
        if not what.is_convention:
            raise CommandError(_("--since-signed is for conventions"))
        signed = history.signed_version(repo, what.doc_id, what.path)
        if signed is None:
            raise CommandError(_("no version of `{id}` is signed yet").format(id=what.doc_id),
                               1)
        return signed, None
    try:
        if rev is not None:
            return history.resolve(repo, rev), (history.resolve(repo, rev2) if rev2 else None)
    except GitError:
        raise CommandError(_("git knows no version `{rev}`").format(
            rev=rev2 if rev2 and rev else rev)) from None
    versions = (history.convention_history(repo, what.path) if what.is_convention
                else history.record_history(repo, what.table, what.doc_id))
    if not versions:
        raise CommandError(_("no version yet (nothing committed)"), 1)
    current = _content(repo, what, None)
    if current != _content(repo, what, versions[0].commit):
        return versions[0].commit, None  # not committed yet: that is what changed
    return (versions[1].commit if len(versions) > 1 else None), None


def _content(repo: Any, what: Target, rev: str | None) -> Any:
    """The convention's text, or the record (a dict), at `rev` (None: now)."""
    from epn_tui.store.versions_view import content

    return content(repo, what, rev)


def human(what: Target, old: Any, new: Any) -> Any:
    from epn_tui.store.versions_view import human as human_view

    return human_view(what, old, new)


def run(args: argparse.Namespace) -> int:
    repo = repo_of(args)
    what = target(args, args.target)
    old_rev, new_rev = versions_to_compare(repo, what, args.rev, args.rev2, args.since_signed)
    if args.raw:
        revs = [r for r in (old_rev, new_rev) if r]
        out = repo.run("diff", *revs, "--", what.path).out
        for line in out.splitlines():
            say(line)
        return EXIT_OK
    old = _content(repo, what, old_rev) if old_rev else None
    new = _content(repo, what, new_rev)
    diff = human(what, old, new)
    if diff.empty:
        say(_("no difference"))
    for line in diff.lines():
        say(line)
    return EXIT_OK
