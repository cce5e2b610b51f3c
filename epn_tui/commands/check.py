"""`epn check`: validate every file; one `path:line: message` per problem."""

from __future__ import annotations

import argparse

from epn_tui.commands.common import EXIT_OK, EXIT_PROBLEMS, open_workspace, say
from epn_tui.core.model import Problem
from epn_tui.core.text import escape_controls, one_line
from epn_tui.i18n import N_, _

NAME = "check"
HELP = N_("validate every file; exit 1 if any error")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-cache", action="store_true", help=_("parse every file again"))
    parser.add_argument("--staged", action="store_true",
                        help=_("check what is staged for the next git commit and report the "
                               "errors it adds (the pre-commit hook)"))


def run(args: argparse.Namespace) -> int:
    if args.staged:
        return _staged(args)
    from epn_tui.render.unfilled import placeholder_problems

    ws = open_workspace(args, use_cache=not args.no_cache)
    # Template placeholders left in a body (`[montant]`): a warning per line (issue 13).
    return _report(ws.problems + placeholder_problems(ws))


def _staged(args: argparse.Namespace) -> int:
    from epn_tui.commands.common import CommandError, workspace_root
    from epn_tui.store.git import GitError
    from epn_tui.store.staged import staged_problems

    try:
        problems = staged_problems(workspace_root(args))
    except GitError as exc:
        raise CommandError(str(exc)) from None
    return _report(problems)


def _report(found: list[Problem]) -> int:
    problems = sorted(found, key=lambda p: (p.path, p.line))
    for problem in problems:
        # One line each, whatever the file's name (`a\nb.md` is shown so, not as a
        # second line that could pass for another report).
        where = f"{escape_controls(problem.path)}:{problem.line}: "
        message = one_line(problem.message)
        if problem.is_error:
            say(where + message)
        else:
            say(where + _("warning: {message}").format(message=message))
    return EXIT_PROBLEMS if any(p.is_error for p in problems) else EXIT_OK
