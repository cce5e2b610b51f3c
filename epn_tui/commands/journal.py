"""`epn journal add PARTNER TEXT …`: a meeting, call or mail in a partner's journal.

`--next TEXT --next-date D` records the next step; `epn due` and the dashboard list it
until it is done.
"""

from __future__ import annotations

import argparse

from epn_tui.commands import directory as d
from epn_tui.commands.common import CommandError, add_common_options, today
from epn_tui.core.model import INTERACTION_KINDS
from epn_tui.i18n import N_, _

NAME = "journal"
HELP = N_("add, change, show or delete an entry of a partner's journal")
TABLE = "interactions"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(metavar=_("ACTION"))
    add = sub.add_parser("add", help=_("add an entry to a partner's journal"))
    add.add_argument("partner", help=_("the partner's id"))
    add.add_argument("text", help=_("what happened (the summary)"))
    add.add_argument("--date", metavar=_("DATE"),
                     help=_("when (default: today), e.g. 15/09/2025"))
    add.add_argument("--kind", metavar=_("KIND"), default="meeting",
                     help=_("one of {kinds} (default: meeting)").format(
                         kinds=", ".join(INTERACTION_KINDS)))
    add.add_argument("--with", dest="people", nargs="+", metavar=_("CONTACT"), default=[],
                     help=_("the contacts who took part (their ids)"))
    add.add_argument("--next", dest="next_step", metavar=_("TEXT"),
                     help=_("the next step, e.g. « envoyer le bilan »"))
    add.add_argument("--next-date", dest="next_date", metavar=_("DATE"),
                     help=_("by when the next step is due"))
    add.set_defaults(action=_add)
    done = sub.add_parser("done", help=_("mark an entry's next step as done: it leaves the "
                                         "deadlines"))
    done.add_argument("id", help=_("the journal entry's id"))
    done.add_argument("--date", metavar=_("DATE"), help=_("when it was done (default: today)"))
    done.add_argument("--undo", action="store_true", help=_("not done after all"))
    done.set_defaults(action=_done)
    d.add_common(sub, TABLE)
    for child in sub.choices.values():
        add_common_options(child, suppress=True)


def _add(args: argparse.Namespace, table: str) -> int:
    if args.next_date and not args.next_step:
        raise CommandError(_("--next-date needs --next (what is to be done by then)"))
    when = args.date or today(args).isoformat()
    items = [f"date={when}", f"kind={args.kind}", f"summary={args.text}"]
    if args.next_step:
        items.append(f"next_step={args.next_step}")
    if args.next_date:
        items.append(f"next_date={args.next_date}")
    fields = d.assignments(table, items)
    hint = f"{fields['date']}-{fields['kind']}-{args.partner}"
    return d.add_record(args, table, fields, id_hint=hint, partner=args.partner,
                        people=list(args.people))


def _done(args: argparse.Namespace, table: str) -> int:
    when = None if args.undo else (args.date or today(args).isoformat())
    args.assignments = [f"done={when or ''}"]
    return d.set_record(args, table)


def run(args: argparse.Namespace) -> int:
    return d.run_action(args, TABLE)
