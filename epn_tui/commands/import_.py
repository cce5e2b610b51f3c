"""`epn import partners|contacts FILE`: rows of a spreadsheet into the directory.

Read the file (store.sheet_read), find its header and type its rows
(core.sheet_import), show what each row would do, then write them all in ONE transaction
of the directory (the workspace lock, partners.json re-read under it, the rows applied
to what is on disk then): one commit when the workspace commits. A bad row is reported
and the others go on; a bad file (unreadable, no header) writes nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from epn_tui.commands.common import EXIT_OK, EXIT_PROBLEMS, CommandError, say, warn
from epn_tui.i18n import N_, _

NAME = "import"
HELP = N_("import partners or contacts from a spreadsheet (.ods, .xlsx, .xls, .csv)")
TABLES = ("partners", "contacts")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("table", choices=TABLES, help=_("what the rows are"))
    parser.add_argument("file", type=Path, metavar=_("FILE"), help=_("the spreadsheet"))
    parser.add_argument("--sheet", metavar=_("NAME"),
                        help=_("the sheet to read (default: the first)"))
    parser.add_argument("--map", action="append", default=[], metavar=_("COLUMN=FIELD"),
                        help=_("read this column as this field (`Column=` ignores it)"))
    parser.add_argument("--dry-run", action="store_true",
                        help=_("show what would be done, write nothing"))
    parser.add_argument("--update", action="store_true",
                        help=_("replace values that differ (default: only fill empty fields)"))


def prepare(table: str, path: Path, sheet: str | None, mapping: list[str]) -> Any:
    """The file read and typed (store.importing.Loaded); CommandError for a bad file."""
    from epn_tui.core.sheet_import import ImportError_
    from epn_tui.store.importing import load
    from epn_tui.store.sheet_read import SheetError

    try:
        return load(table, path, sheet, mapping)
    except (SheetError, ImportError_) as exc:
        raise CommandError(_("{path}: {error}").format(path=path.name, error=exc)
                           if not str(exc).startswith(str(path)) else str(exc)) from None


def describe_outcome(o: Any) -> str:
    from epn_tui.core.changes import field_word, value_text
    from epn_tui.core.sheet_import import OUTCOME_WORDS, UPDATED

    text = _("line {line}: {what}").format(line=o.line, what=_(OUTCOME_WORDS[o.action]))
    if o.id:
        text += f"  {o.id}"
    if o.action == UPDATED:
        text += " — " + ", ".join(
            f"{field_word(k)} {value_text(k, old)} → {value_text(k, new)}" if old is not None
            else f"{field_word(k)} {value_text(k, new)}"
            for k, old, new in o.changes)
    if o.reason:
        text += f" ({o.reason})"
    return text


def summary(outcomes: list[Any]) -> str:
    from epn_tui.core.sheet_import import summary as counted

    return counted(outcomes)


def run(args: argparse.Namespace) -> int:
    from epn_tui.commands.directory import directory, tell_commit, write
    from epn_tui.core.sheet_import import REJECTED
    from epn_tui.store import importing
    from epn_tui.store.layout import PARTNERS_FILE

    loaded = prepare(args.table, args.file, args.sheet, args.map)
    for note in loaded.data.notes:
        warn(note)
    data = loaded.data
    if len(data.sheets) > 1 and not data.chosen:
        warn(_("sheet « {sheet} » read (the file has {n}: use --sheet for another)")
             .format(sheet=data.sheet, n=len(data.sheets)))
    warn(_("header on line {line}: {columns}").format(line=loaded.header.line, columns=", ".join(
        f"{written} → {target}" for written, target in loaded.header.shown)))
    dir_ = directory(args)

    if args.dry_run:
        outcomes = importing.preview(dir_, loaded, args.update)
    else:
        outcomes = write(lambda: importing.apply(dir_, loaded, args.update))
        tell_commit(dir_.last_commit)
    for o in outcomes:
        say(describe_outcome(o))
    done = summary(outcomes)
    if args.dry_run:
        say(_("{summary} (dry run: nothing written)").format(summary=done))
    else:
        say(_("{path}: {summary}").format(path=PARTNERS_FILE, summary=done))
    return EXIT_PROBLEMS if any(o.action == REJECTED for o in outcomes) else EXIT_OK
