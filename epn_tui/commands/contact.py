"""`epn contact add|set|show|rm`: the people of the directory, from a script."""

from __future__ import annotations

import argparse

from epn_tui.commands import directory as d
from epn_tui.commands.common import add_common_options
from epn_tui.i18n import N_, _

NAME = "contact"
HELP = N_("add, change, show or delete a contact of a partner")
TABLE = "contacts"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(metavar=_("ACTION"))
    add = sub.add_parser("add", help=_("add a contact to a partner (its id is made from "
                                       "the name)"))
    add.add_argument("partner", help=_("the partner's id"))
    add.add_argument("name", help=_("e.g. « Claire Martin »"))
    add.add_argument("assignments", nargs="*", metavar="KEY=VALUE",
                     help=_("role='élue référente' email=… phone=… elected=municipal "
                            "committee=oui verified=15/09/2025"))
    add.set_defaults(action=_add)
    d.add_common(sub, TABLE)
    for child in sub.choices.values():
        add_common_options(child, suppress=True)


def _add(args: argparse.Namespace, table: str) -> int:
    return d.add_record(args, table, d.assignments(table, [f"name={args.name}",
                                                           *args.assignments]),
                        partner=args.partner)


def run(args: argparse.Namespace) -> int:
    return d.run_action(args, TABLE)
