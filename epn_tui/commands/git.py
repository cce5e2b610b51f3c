"""`epn git setup|identity`: make a workspace's repository ready for epn."""

from __future__ import annotations

import argparse

from epn_tui.commands.common import EXIT_OK, CommandError, add_common_options, say, warn
from epn_tui.commands.common import workspace_root as root_of
from epn_tui.i18n import N_, _

NAME = "git"
HELP = N_("set up the workspace's git repository (merge drivers, hook, first commit)")


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(metavar=_("ACTION"))
    setup = sub.add_parser("setup", help=_("make the repository ready for epn (a repository, "
                                           ".gitattributes, merge drivers, pre-commit "
                                           "hook, first commit); safe to run again"))
    setup.set_defaults(action=_setup)
    identity = sub.add_parser("identity", help=_("the name and e-mail address your commits "
                                                 "carry, for this workspace"))
    identity.add_argument("name", help=_("e.g. « Claire Martin »"))
    identity.add_argument("email", help=_("e.g. claire.martin@example.fr"))
    identity.set_defaults(action=_identity)
    for child in sub.choices.values():
        add_common_options(child, suppress=True)


def _setup(args: argparse.Namespace) -> int:
    from epn_tui.store.git import GitError
    from epn_tui.store.gitsetup import setup
    from epn_tui.store.workspace import is_workspace

    root = root_of(args)
    if not is_workspace(root):
        raise CommandError(_("{root}: not an epn workspace (no epn.yaml)").format(root=root))
    try:
        notes = setup(root)
    except (GitError, OSError) as exc:
        raise CommandError(str(exc), 1) from None
    for note in notes:
        warn(note)
    say(_("{root}: git is set up for epn").format(root=root))
    return EXIT_OK


def _identity(args: argparse.Namespace) -> int:
    from epn_tui.store.git import GitError, Repo

    repo = Repo(root_of(args))
    if not repo.ok:
        raise CommandError(_("not a git repository: run `epn git setup` first"))
    if "@" not in args.email:
        raise CommandError(_("`{email}` is not an e-mail address").format(email=args.email))
    try:
        repo.run("config", "user.name", args.name)
        repo.run("config", "user.email", args.email)
    except GitError as exc:
        raise CommandError(str(exc), 1) from None
    say(_("commits of this workspace will be signed « {name} <{email}> »").format(
        name=args.name, email=args.email))
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "action", None)
    if action is None:
        raise CommandError(_("say what to do: setup or identity (see --help)"))
    return int(action(args))
