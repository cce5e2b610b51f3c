"""`epn partner add|set|show|rm`: the organisations of the directory, from a script."""

from __future__ import annotations

import argparse

from epn_tui.commands import directory as d
from epn_tui.commands.common import add_common_options
from epn_tui.i18n import N_, _

NAME = "partner"
HELP = N_("add, change, show or delete a partner of the directory")
TABLE = "partners"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(metavar=_("ACTION"))
    add = sub.add_parser("add", help=_("add a partner (its id is made from its name)"))
    add.add_argument("name", help=_("e.g. « Commune de Sorges »"))
    add.add_argument("assignments", nargs="*", metavar="KEY=VALUE",
                     help=_("kind=MUNI commune=Sorges siret=… tags='emploi; seniors'"))
    add.set_defaults(action=_add)
    d.add_common(sub, TABLE)
    for child in sub.choices.values():
        add_common_options(child, suppress=True)


def _add(args: argparse.Namespace, table: str) -> int:
    return d.add_record(args, table, d.assignments(table, [f"name={args.name}",
                                                           *args.assignments]))


def run(args: argparse.Namespace) -> int:
    return d.run_action(args, TABLE)
