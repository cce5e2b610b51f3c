"""`epn history [TARGET] [--json]`: the versions of a convention or a directory record
(date, author, message, short hash), newest first; without TARGET, the workspace's."""

from __future__ import annotations

import argparse
import json
import sys

from epn_tui.commands.common import EXIT_OK, say
from epn_tui.commands.versions import repo_of, target
from epn_tui.core.text import json_escapes
from epn_tui.i18n import N_, _

NAME = "history"
HELP = N_("the versions of a convention or a record (partner:ID, contact:ID, journal:ID)")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", nargs="?", metavar=_("TARGET"),
                        help=_("a convention id, or partner:ID, contact:ID, journal:ID"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def run(args: argparse.Namespace) -> int:
    from epn_tui.store import history

    repo = repo_of(args)
    if args.target is None:
        versions = history.workspace_history(repo)
    else:
        what = target(args, args.target)
        versions = (history.convention_history(repo, what.path) if what.is_convention
                    else history.record_history(repo, what.table, what.doc_id))
    if args.json:
        sys.stdout.write(json_escapes(json.dumps([v.as_json() for v in versions],
                                                 ensure_ascii=False, indent=2)) + "\n")
        return EXIT_OK
    if not versions:
        say(_("no version yet (nothing committed)"))
    for v in versions:
        say(f"{v.when.strftime('%d/%m/%Y %H:%M')}  {v.short}  {v.author}  {v.subject}")
    return EXIT_OK
