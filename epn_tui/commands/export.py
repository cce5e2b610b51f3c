"""`epn export partners|contacts|conventions|deadlines|journal|all -o FILE`.

The tables as spreadsheets (render.sheets): the format from the extension (`.ods`,
`.xlsx`, `.csv`), headers in the workspace's language, dates as date cells, amounts as
numbers. `all` writes one sheet per table (ODS or XLSX). `--state` keeps the conventions
in these computed states (as `list` computes them), `--within` the deadlines of that
window (as `due` finds them, default the workspace horizon).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from epn_tui.commands.common import EXIT_OK, CommandError, open_workspace, say, today
from epn_tui.i18n import N_, _, ngettext

NAME = "export"
HELP = N_("export tables as a spreadsheet (.ods, .xlsx, .csv)")
TABLES = ("partners", "contacts", "conventions", "deadlines", "journal")
SHEET_NAMES = {"partners": N_("Partners"), "contacts": N_("Contacts"),
               "conventions": N_("Conventions"), "deadlines": N_("Deadlines"),
               "journal": N_("Journal")}


def configure(parser: argparse.ArgumentParser) -> None:
    from epn_tui.commands.due import within_days
    from epn_tui.core.model import STATES

    parser.add_argument("table", choices=(*TABLES, "all", "lieux", "data-inclusion"),
                        help=_("the table to export (`lieux`: the national schema of places "
                               "of digital mediation, CSV; `data-inclusion`: the same places "
                               "as data·inclusion structures, JSON)"))
    parser.add_argument("-o", "--output", type=Path, required=True, metavar=_("FILE"),
                        help=_("the file to write: .ods, .xlsx or .csv"))
    parser.add_argument("--state", action="append", choices=STATES, metavar=_("STATE"),
                        help=_("only conventions in this state (repeatable): {states}")
                        .format(states=", ".join(STATES)))
    parser.add_argument("--within", type=within_days, metavar=_("DAYS"),
                        help=_("deadlines window in days (default: the workspace horizon)"))
    parser.add_argument("--csv-dialect", choices=("semicolon", "comma"), default="semicolon",
                        help=_("CSV: `semicolon` (UTF-8 with BOM, `;`: default) or `comma` "
                               "(UTF-8, `,`)"))


def _duration(value: Any) -> str:
    if value is None:
        return ""
    if value.open_ended:
        return _("open-ended")
    from epn_tui.core.health import duration_text

    return duration_text(value)


def _names(ids: Sequence[str], partners: dict[str, Any]) -> str:
    return "; ".join(partners[i].name if i in partners else i for i in ids)


def partners_sheet(ws: Any) -> tuple[list[str], list[list[Any]]]:
    headers = [_("Id"), _("Name"), _("Kind"), _("Address"), _("Postal code"), _("Commune"),
               _("SIRET"), _("Website"), _("Phone"), _("E-mail"), _("Tags"), _("Notes")]
    rows = []
    for p in sorted(ws.partners().values(), key=lambda p: _sort(p.name)):
        rows.append([p.id, p.name, p.kind, p.address, _text(p.extra.get("postal_code")),
                     p.commune, p.siret, p.website, _text(p.extra.get("phone")),
                     _text(p.extra.get("email")), "; ".join(p.tags), p.notes])
    return headers, rows


def contacts_sheet(ws: Any) -> tuple[list[str], list[list[Any]]]:
    from epn_tui.core.sheet_import import fold

    partners = ws.partners()
    headers = [_("Id"), _("Partner"), _("Name"), _("Role"), _("Function"), _("E-mail"),
               _("Phone"), _("Mandate"), _("Checked on"), _("Steering committee"), _("Notes")]
    rows = []
    for c in sorted(ws.contacts().values(), key=lambda c: (fold(_names([c.partner], partners)),
                                                           _sort(c.name))):
        rows.append([c.id, _names([c.partner], partners), c.name, c.role, c.function,
                     c.email, c.phone, c.elected or "", c.verified,
                     _("yes") if c.committee else "", c.notes])
    return headers, rows


def conventions_sheet(ws: Any, day: date, states: Sequence[str] | None
                      ) -> tuple[list[str], list[list[Any]]]:
    from epn_tui.core.labels import (
        RENEWAL_LABELS,
        STATE_LABELS,
        STATUS_LABELS,
        TYPE_LABELS,
        label,
    )
    from epn_tui.core.terms import final_end, initial_end, state

    partners = ws.partners()
    headers = [_("Id"), _("Title"), _("Type"), _("Status"), _("State"), _("Term"),
               _("Partners"), _("Signed"), _("Start"), _("End of the first term"),
               _("Duration"), _("Renewal"), _("Notice"), _("Final end"), _("Amount (€)"),
               _("File")]
    rows = []
    for conv in ws.sorted_conventions():
        current, term_k = state(conv, day)
        if states and current not in states:
            continue
        rows.append([
            conv.id, conv.title, label(TYPE_LABELS, conv.type) if conv.type else "",
            label(STATUS_LABELS, conv.status), label(STATE_LABELS, current),
            term_k + 1 if term_k is not None else None,
            _names(conv.partner_ids, partners), conv.signed, conv.start, initial_end(conv),
            _duration(conv.duration), label(RENEWAL_LABELS, conv.renewal),
            _duration(conv.notice), final_end(conv), conv.amount, conv.path])
    return headers, rows


def deadlines_sheet(ws: Any, day: date, within: int | None
                    ) -> tuple[list[str], list[list[Any]]]:
    from epn_tui.commands.due import all_deadlines
    from epn_tui.core.labels import deadline_label

    window = within if within is not None else ws.settings.horizon_days
    headers = [_("Date"), _("In (days)"), _("Deadline"), _("What"), _("Convention"),
               _("Title")]
    # Done follow-up occurrences left out, as `epn due` lists them (core/follow_ups.py).
    found, _steps = all_deadlines(ws.root, ws.conventions, day, window, ws.settings.epn)
    rows = [[d.date, d.days, deadline_label(d), d.what or "", d.convention or None,
             d.title] for d in found]
    return headers, rows


def journal_sheet(ws: Any) -> tuple[list[str], list[list[Any]]]:
    from epn_tui.core.labels import INTERACTION_LABELS, label

    partners = ws.partners()
    contacts = ws.contacts()
    entries = ws.directory.interactions() if ws.directory is not None else {}
    headers = [_("Id"), _("Date"), _("Partner"), _("Kind"), _("Contacts"), _("Summary"),
               _("Next step"), _("Next step date")]
    rows = []
    for i in sorted(entries.values(), key=lambda i: (i.date is None, i.date or date.min, i.id)):
        rows.append([i.id, i.date, _names([i.partner], partners),
                     label(INTERACTION_LABELS, i.kind) if i.kind else "",
                     "; ".join(contacts[c].name if c in contacts else c for c in i.contacts),
                     i.summary, i.next_step, i.next_date])
    return headers, rows


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _sort(text: str) -> Any:
    from epn_tui.core.collate import sort_key

    return sort_key(text)


def sheets_for(ws: Any, tables: Sequence[str], day: date, states: Sequence[str] | None = None,
               within: int | None = None) -> list[Any]:
    from epn_tui.render.sheets import Sheet

    build: dict[str, Callable[[], tuple[list[str], list[list[Any]]]]] = {
        "partners": lambda: partners_sheet(ws),
        "contacts": lambda: contacts_sheet(ws),
        "conventions": lambda: conventions_sheet(ws, day, states),
        "deadlines": lambda: deadlines_sheet(ws, day, within),
        "journal": lambda: journal_sheet(ws),
    }
    out = []
    for table in tables:
        headers, rows = build[table]()
        out.append(Sheet(_(SHEET_NAMES[table]), headers, rows))
    return out


@dataclass
class Exported:
    """What an export wrote: one line per sheet (or the number of places), and the
    places it left out (lieux, data-inclusion)."""

    said: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def output_format(table: str, output: Path) -> str:
    """The format a table is written in to `output` (from its extension); CommandError
    when it cannot be (`.pdf`, `all` to a CSV). The UI asks the same question."""
    from epn_tui.render.sheets import format_of

    if table == "data-inclusion":
        return "json"
    fmt = format_of(output)
    if fmt is None:
        raise CommandError(_("{path}: the file name must end in .ods, .xlsx or .csv").format(
            path=output))
    if table == "all" and fmt == "csv":
        raise CommandError(_("a CSV file holds one table: export `all` to .ods or .xlsx"))
    return fmt


def refuse_inside(ws: Any, output: Path) -> None:
    """Never over a file the workspace reads (epn.yaml, partners.json, a convention) nor a
    new `.md` it would read as one: the check `epn print` makes (Workspace.reads_file)."""
    if ws.reads_file(output):
        raise CommandError(_("not written to {path}: inside the workspace, it would replace "
                             "or add a file the workspace reads; choose another place with -o")
                           .format(path=output))


def export(ws: Any, table: str, output: Path, fmt: str, day: date,
           states: Sequence[str] | None = None, within: int | None = None,
           dialect: str = "semicolon") -> Exported:
    """Write `table` to `output` (after `output_format` and `refuse_inside`): what
    `epn export` and the UI's « Exporter » both run. CommandError when it cannot write."""
    from epn_tui.render.sheets import to_bytes

    if table == "data-inclusion":
        return _data_inclusion(ws, output, day)
    if table == "lieux":
        return _lieux(ws, output, fmt, day)
    tables = list(TABLES) if table == "all" else [table]
    sheets = sheets_for(ws, tables, day, states, within)
    _write(output, to_bytes(sheets, fmt, dialect))
    return Exported([ngettext("{path}: {n} row in « {sheet} »", "{path}: {n} rows in « {sheet} »",
                              len(sheet.rows)).format(path=output, n=len(sheet.rows),
                                                      sheet=sheet.name) for sheet in sheets])


def _write(output: Path, data: bytes) -> None:
    from epn_tui.store.atomic import atomic_write

    try:
        atomic_write(output, data)
    except OSError as exc:
        raise CommandError(_("cannot write {path}: {error}").format(
            path=output, error=exc.strerror), 1) from None


def _left_out(problems: Sequence[Any]) -> list[str]:
    return [_("{place}: {field}: {message} (left out)").format(
        place=problem.place, field=problem.field, message=problem.message)
        for problem in problems]


def run(args: argparse.Namespace) -> int:
    from epn_tui.commands.common import EXIT_PROBLEMS, warn

    fmt = output_format(args.table, args.output)
    # Deadlines alone need only the dates (`due` reads the same way, from the cache).
    ws = open_workspace(args, schedule_only=args.table == "deadlines")
    refuse_inside(ws, args.output)
    done = export(ws, args.table, args.output, fmt, today(args), args.state, args.within,
                  args.csv_dialect)
    for problem in done.problems:
        warn(problem)
    for said in done.said:
        say(said)
    return EXIT_PROBLEMS if done.problems else EXIT_OK


def _lieux(ws: Any, output: Path, fmt: str, day: date) -> Exported:
    """The EPN and its partners of kind EPN in the national schema (core.lieux): CSV
    as the schema publishes it (UTF-8, `,`); a place that fails the schema is reported,
    field by field, and left out."""
    from epn_tui.core.lieux import header, lieux
    from epn_tui.render.sheets import Sheet, to_bytes

    rows, problems = lieux(ws.partners(), ws.settings.epn, day)
    names = list(header())
    sheet = Sheet(_("Places"), names, [[row[n] for n in names] for row in rows])
    _write(output, to_bytes([sheet], fmt, "comma"))
    return Exported([ngettext("{path}: {n} place", "{path}: {n} places", len(rows)).format(
        path=output, n=len(rows))], _left_out(problems))


def _data_inclusion(ws: Any, output: Path, day: date) -> Exported:
    """The places of `lieux` as data·inclusion structures (core.data_inclusion), a JSON
    list; a place that fails the schema is reported and left out."""
    import json

    from epn_tui.core.data_inclusion import structures

    found, problems = structures(ws.partners(), ws.settings.epn, day)
    _write(output, (json.dumps(found, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return Exported([ngettext("{path}: {n} structure", "{path}: {n} structures",
                              len(found)).format(path=output, n=len(found))],
                    _left_out(problems))
