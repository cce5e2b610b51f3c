"""`epn set ID KEY=VALUE…`: change front-matter fields; every other byte stays.

The write goes through the store's write path: under the workspace lock the file is
read again and the change applied to it as it is then, so another writer's keys are
kept. A key someone else changed between this command's read and its write is a
conflict: exit 1, nothing written.
"""

from __future__ import annotations

import argparse

from epn_tui.commands.common import EXIT_OK, CommandError, open_workspace, say, warn
from epn_tui.i18n import N_, _

NAME = "set"
HELP = N_("change front-matter fields of one convention (KEY= removes a key)")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help=_("convention id (its file name without .md)"))
    parser.add_argument("assignments", nargs="+", metavar="KEY=VALUE",
                        help=_("e.g. status=signed start=2025-09-01 duration='1 an'"))


def run(args: argparse.Namespace) -> int:
    from epn_tui.core.fields import FieldError, parse_field
    from epn_tui.store.atomic import ConflictError
    from epn_tui.store.splice import DELETE
    from epn_tui.store.workspace import SaveError

    changes: dict[str, object] = {}
    for item in args.assignments:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise CommandError(_("expected KEY=VALUE, got {item!r}").format(item=item))
        if value == "":
            changes[key] = DELETE
            continue
        try:
            changes[key] = parse_field(key, value)
        except FieldError as exc:
            raise CommandError(str(exc)) from None
    ws = open_workspace(args)
    if args.id not in ws.conventions:
        raise CommandError(_("no valid convention with id `{id}` (see `epn list` and "
                             "`epn check`)").format(id=args.id))
    try:
        base, _fingerprint = ws.read(args.id)
        ws.update_fields(args.id, changes, base=base)
    except ConflictError as exc:
        lines = str(exc).splitlines() or [str(exc)]
        for line in lines[:-1]:
            warn(f"epn: {line}")
        raise CommandError(lines[-1], 1) from None
    except SaveError as exc:
        raise CommandError(_("not saved: {reason}").format(reason=exc)) from None
    except OSError as exc:
        raise CommandError(_("cannot write: {error}").format(error=exc), 1) from None
    say(_("{path}: saved").format(path=ws.conventions[args.id].path))
    if ws.last_commit is not None and ws.last_commit.waiting:
        warn(ws.last_commit.detail)
    return EXIT_OK
