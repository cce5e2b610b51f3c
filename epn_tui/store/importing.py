"""An import of spreadsheet rows into the directory, as `epn import` and the UI's
« Importer un tableur » both run it: read the file and type its rows (`load`), show what
each row would do (`preview`), then write them all in ONE transaction of the directory
(`apply`: the workspace lock, partners.json read again under it, the rows matched
against what is on disk then; one commit when the workspace commits).

A bad file (unreadable, no header row) raises before anything is written; a bad row is
an outcome (REJECTED) and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epn_tui.i18n import _

if TYPE_CHECKING:
    from epn_tui.core.sheet_import import Header, Outcome, Row
    from epn_tui.store.partners import Directory
    from epn_tui.store.sheet_read import SheetData


@dataclass
class Loaded:
    """A spreadsheet read and typed, ready to be previewed and applied."""

    path: Path
    table: str  # "partners" or "contacts"
    data: SheetData
    header: Header
    rows: list[Row]


def load(table: str, path: Path, sheet: str | None = None, mapping: Sequence[str] = (),
         progress: Callable[[int, int], None] | None = None) -> Loaded:
    """Read `path` and type its rows; raises SheetError or ImportError_ (nothing can be
    imported from it). `progress(done, total)` follows the rows as they are typed."""
    from epn_tui.core.sheet_import import ImportError_, find_header, parse_map, rows_of
    from epn_tui.store.sheet_read import read_sheet

    data = read_sheet(path, sheet)
    try:
        header = find_header(data.rows, table, parse_map(list(mapping)))
    except ImportError_ as exc:
        if len(data.sheets) > 1 and not data.chosen:  # the rows may be on another sheet
            others = [name for name in data.sheets if name != data.sheet]
            raise ImportError_(_("{error} (sheet « {sheet} » read; the file also has: "
                                 "{others})").format(error=exc, sheet=data.sheet,
                                                     others=", ".join(others))) from None
        raise
    rows = rows_of(table, data.rows, header, data.merged, progress)
    return Loaded(path, table, data, header, rows)


def preview(directory: Directory, loaded: Loaded, update: bool = False) -> list[Outcome]:
    """What each row would do against the directory as last read; writes nothing."""
    from epn_tui.core.sheet_import import plan

    tables = {name: dict(records) for name, records in
              ((t, directory.raw(t)) for t in ("partners", "contacts", "interactions"))}
    return plan(loaded.table, loaded.rows, tables, update)


def apply(directory: Directory, loaded: Loaded, update: bool = False) -> list[Outcome]:
    """Write the rows in one transaction (matched against partners.json as it is under
    the lock) and return what each did: what was written. Raises what the write path
    raises (ConflictError, DirectoryError, OSError: nothing written)."""
    from epn_tui.core.changes import bulk
    from epn_tui.core.sheet_import import CREATED, UPDATED, plan, summary
    from epn_tui.store.layout import PARTNERS_FILE

    table = loaded.table

    def mutate(tables: dict[str, dict[str, Any]]) -> list[Outcome]:
        return plan(table, loaded.rows, tables, update)

    def describe(_before: Any, _after: Any, outcomes: list[Outcome]) -> Any:
        touched = [(table, o.id) for o in outcomes if o.action in (CREATED, UPDATED)]
        return bulk(_("Import of {file}: {summary}").format(
            file=loaded.path.name, summary=summary(outcomes)), touched, [PARTNERS_FILE])

    outcomes: list[Outcome] = directory.transact(mutate, describe)
    return outcomes
