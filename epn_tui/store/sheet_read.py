"""Reading a spreadsheet's cells: `.ods`, `.xlsx`, `.xls` with python-calamine, `.csv`
with the standard csv module.

The result keeps the file's own row numbers (1-based, empty rows included) so that a
message can say « ligne 12 ». calamine gives formulas as their last computed value,
dates as `date`/`datetime`, numbers as `float`. CSV text is UTF-8 (with or without a
BOM) or, when it is not valid UTF-8, Windows-1252 (what Excel writes in France): the
encoding found is said. The separator is `;`, `,` or a tab, whichever the first lines
use most consistently (csv.Sniffer, with a count as a fallback).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from epn_tui.i18n import _

READABLE = ("ods", "xlsx", "xlsm", "xls", "csv")


class SheetError(ValueError):
    """The file cannot be read at all (nothing is imported)."""


@dataclass
class SheetData:
    rows: list[list[Any]]  # rows[i] is the file's row i + 1
    sheet: str
    notes: list[str] = field(default_factory=list)  # encoding and separator found…
    # Merged cells, ((first row, first column), (last row, last column)), 0-based.
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # every sheet of the file, in order
    chosen: bool = False  # the sheet was asked for by name (not the first by default)


def read_sheet(path: Path, sheet: str | None = None) -> SheetData:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in READABLE:
        raise SheetError(_("{path}: not a spreadsheet epn can read (.ods, .xlsx, .xls, .csv)")
                         .format(path=path))
    try:
        raw = path.read_bytes() if suffix == "csv" else None
    except OSError as exc:
        raise SheetError(_("{path}: cannot read it: {error}").format(
            path=path, error=exc.strerror)) from None
    if raw is not None:
        return read_csv(raw, path.name)
    return _read_book(path, sheet)


def _read_book(path: Path, sheet: str | None) -> SheetData:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except FileNotFoundError:
        raise SheetError(_("{path}: no such file").format(path=path)) from None
    except Exception as exc:  # calamine's errors: a damaged or protected file
        raise SheetError(_("{path}: cannot read it: {error}").format(
            path=path, error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        ) from None
    names = list(book.sheet_names)
    if not names:
        raise SheetError(_("{path}: the file has no sheet").format(path=path))
    if sheet is None:
        name = names[0]
    elif sheet in names:
        name = sheet
    else:
        raise SheetError(_("{path}: no sheet named « {sheet} » (there are: {names})").format(
            path=path, sheet=sheet, names=", ".join(names)))
    try:
        found = book.get_sheet_by_name(name)
        rows = found.to_python(skip_empty_area=False)
        merged = list(found.merged_cell_ranges or [])
    except Exception as exc:
        raise SheetError(_("{path}: cannot read it: {error}").format(
            path=path, error=exc)) from None
    # Which other sheet to read is said by the caller, in its own words (--sheet, or
    # the UI's field).
    return SheetData([list(r) for r in rows], name, [], merged, names, sheet is not None)


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding name as said to the user)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), _("UTF-8 with BOM")
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "Windows-1252"


def _separator(text: str) -> str:
    sample = "\n".join(text.splitlines()[:30])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        counts = {sep: sample.count(sep) for sep in ";,\t"}
        return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ";"


def read_csv(raw: bytes, name: str = "") -> SheetData:
    text, encoding = decode(raw)
    sep = _separator(text)
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)]
    shown = {";": "« ; »", ",": "« , »", "\t": _("tab")}[sep]
    notes = [_("CSV read as {encoding}, separator {sep}").format(encoding=encoding, sep=shown)]
    return SheetData(rows, name, notes)
