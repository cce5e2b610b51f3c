"""What `epn partner`, `epn contact` and `epn journal` share: the directory, typed
values, one write through the store's write path, and its outcome in one line.

Scripts and colleagues change the directory through the same path as the UI: the
workspace lock, partners.json re-read under it, their change merged into what is on
disk now. A field someone else changed meanwhile is a conflict (exit 1, nothing
written); a refused deletion gives the reason the UI gives (exit 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from epn_tui.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    CommandError,
    say,
    warn,
    workspace_root,
)
from epn_tui.i18n import N_, _

T = TypeVar("T")

# Whole sentences per kind of record: French agrees them (une entrée… supprimée).
MESSAGES = {
    "partners": {
        "added": N_("{path}: partner `{id}` added"),
        "saved": N_("{path}: partner `{id}` saved ({fields})"),
        "deleted": N_("{path}: partner `{id}` deleted"),
        "missing": N_("no partner with id `{id}` in partners.json"),
        "id": N_("the partner's id"),
    },
    "contacts": {
        "added": N_("{path}: contact `{id}` added"),
        "saved": N_("{path}: contact `{id}` saved ({fields})"),
        "deleted": N_("{path}: contact `{id}` deleted"),
        "missing": N_("no contact with id `{id}` in partners.json"),
        "id": N_("the contact's id"),
    },
    "interactions": {
        "added": N_("{path}: journal entry `{id}` added"),
        "saved": N_("{path}: journal entry `{id}` saved ({fields})"),
        "deleted": N_("{path}: journal entry `{id}` deleted"),
        "missing": N_("no journal entry with id `{id}` in partners.json"),
        "id": N_("the journal entry's id"),
    },
}


def message(table: str, kind: str, **values: Any) -> str:
    from epn_tui.store.layout import PARTNERS_FILE

    return _(MESSAGES[table][kind]).format(path=PARTNERS_FILE, **values)


def directory(args: argparse.Namespace) -> Any:
    """The workspace's partner directory alone (no convention is read)."""
    from epn_tui.store.layout import PARTNERS_FILE
    from epn_tui.store.partners import Directory, DirectoryError
    from epn_tui.store.workspace import is_workspace

    root = workspace_root(args)
    if not is_workspace(root):
        raise CommandError(_("{root}: not an epn workspace (no epn.yaml); create one with "
                             "`epn init {root}`").format(root=root))
    from epn_tui.store.autocommit import committer_for

    committer = committer_for(root)
    try:
        return Directory(root / PARTNERS_FILE, PARTNERS_FILE, committer=committer)
    except DirectoryError as exc:
        raise CommandError(str(exc), EXIT_PROBLEMS) from None


def assignments(table: str, items: list[str]) -> dict[str, Any]:
    """KEY=VALUE… typed by key (core.record_fields); warnings go to stderr."""
    from epn_tui.core.record_fields import RecordFieldError, parse_record_field

    changes: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise CommandError(_("expected KEY=VALUE, got {item!r}").format(item=item))
        try:
            changes[key], warning = parse_record_field(table, key, value)
        except RecordFieldError as exc:
            raise CommandError(str(exc)) from None
        if warning:
            warn(_("warning: {message}").format(message=warning))
    return changes


def write(action: Callable[[], T]) -> T:
    """Run one write; its failures become the command's exit and stderr lines."""
    from epn_tui.core.deletion import DeletionRefused
    from epn_tui.store.atomic import ConflictError
    from epn_tui.store.partners import DirectoryError
    from epn_tui.store.workspace import SaveError

    try:
        result = action()
    except ConflictError as exc:
        for line in str(exc).splitlines()[:-1]:
            warn(f"epn: {line}")
        raise CommandError(str(exc).splitlines()[-1], EXIT_PROBLEMS) from None
    except (DeletionRefused, DirectoryError, SaveError) as exc:
        raise CommandError(str(exc), EXIT_PROBLEMS) from None
    except OSError as exc:  # the lock held too long, a full disk, a read-only folder
        raise CommandError(_("cannot write: {error}").format(error=exc), EXIT_PROBLEMS) from None
    return result


def tell_commit(committed: Any) -> None:
    """Saved but not committed (no git identity…): say so, and how to mend it."""
    if committed is not None and committed.waiting:
        warn(committed.detail)


def record(dir_: Any, table: str, doc_id: str) -> dict[str, Any]:
    found = dir_.raw(table).get(doc_id)
    if found is None:
        raise CommandError(message(table, "missing", id=doc_id))
    return dict(found)


def show(doc_id: str, fields: dict[str, Any], as_json: bool) -> int:
    if as_json:
        sys.stdout.write(json.dumps({"id": doc_id, **fields}, ensure_ascii=False, indent=2,
                                    sort_keys=True) + "\n")
        return EXIT_OK
    say(f"id: {doc_id}")
    for key in sorted(fields):
        value = fields[key]
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif value is True:
            value = _("yes")
        say(f"{key}: {value}")
    return EXIT_OK


def set_record(args: argparse.Namespace, table: str) -> int:
    changes = assignments(table, args.assignments)
    dir_ = directory(args)
    # What this command read: a field someone else changes before the write is a
    # conflict, not silently overwritten.
    base = record(dir_, table, args.id)
    write(lambda: dir_.update(table, args.id, changes, base=base))
    say(message(table, "saved", id=args.id, fields=", ".join(changes)))
    tell_commit(dir_.last_commit)
    return EXIT_OK


def add_record(args: argparse.Namespace, table: str, fields: dict[str, Any],
               id_hint: str | None = None, partner: str | None = None,
               people: list[str] | None = None) -> int:
    """`add`: the record under a new id, its partner (and contacts) checked first."""
    directory_ = directory(args)
    if partner is not None:
        record(directory_, "partners", partner)
        fields["partner"] = partner
    contacts = directory_.raw("contacts") if people else {}
    for person in people or ():
        if person not in contacts:
            raise CommandError(message("contacts", "missing", id=person))
    if people:
        fields["contacts"] = list(people)
    doc_id = write(lambda: directory_.add(table, fields, id_hint=id_hint))
    say(message(table, "added", id=doc_id))
    tell_commit(directory_.last_commit)
    return EXIT_OK


def show_record(args: argparse.Namespace, table: str) -> int:
    return show(args.id, record(directory(args), table, args.id), args.json)


def remove_record(args: argparse.Namespace, table: str) -> int:
    from epn_tui.commands.common import open_workspace
    from epn_tui.i18n import ngettext

    ws = open_workspace(args)  # the conventions too: a party or signatory stays
    if ws.directory is None:
        raise CommandError(_("partners.json cannot be read: nothing can be deleted (see "
                             "`epn check`)"), EXIT_PROBLEMS)
    record(ws.directory, table, args.id)
    plan = write(lambda: ws.delete_record(table, args.id))
    tell_commit(ws.directory.last_commit)
    also = []
    if plan.contacts:
        also.append(ngettext("{n} contact", "{n} contacts", plan.contacts).format(
            n=plan.contacts))
    if plan.journal:
        also.append(ngettext("{n} journal entry", "{n} journal entries", plan.journal)
                    .format(n=plan.journal))
    said = message(table, "deleted", id=args.id)
    if also:
        said += _(", with {things}").format(things=_(" and ").join(also))
    say(said)
    return EXIT_OK


def add_common(sub: Any, table: str) -> None:
    """`set`, `show` and `rm` of one kind of record."""
    id_help = _(MESSAGES[table]["id"])
    set_parser = sub.add_parser("set", help=_("change fields (KEY= removes one)"))
    set_parser.add_argument("id", help=id_help)
    set_parser.add_argument("assignments", nargs="+", metavar="KEY=VALUE")
    set_parser.set_defaults(action=set_record)
    show_parser = sub.add_parser("show", help=_("print the record"))
    show_parser.add_argument("id", help=id_help)
    show_parser.add_argument("--json", action="store_true", help=_("print JSON"))
    show_parser.set_defaults(action=show_record)
    rm_parser = sub.add_parser("rm", help=_("delete it (refused when a convention needs it)"))
    rm_parser.add_argument("id", help=id_help)
    rm_parser.set_defaults(action=remove_record)


def run_action(args: argparse.Namespace, table: str) -> int:
    action = getattr(args, "action", None)
    if action is None:
        raise CommandError(_("say what to do: add, set, show or rm (see --help)"))
    return int(action(args, table))
