"""Tables written as spreadsheets: `.ods` (odfdo), `.xlsx` (openpyxl), `.csv` (csv).

A `Sheet` is a name, its header row and its rows of Python values: `date` cells become
real date cells (shown `dd/mm/yyyy`), `int`/`float` numbers, everything else text. Every
sheet gets column widths that fit its content (capped) and its header row frozen.

ODS: odfdo builds the document (styles, parts, manifest), but the rows are added as lxml
elements inside the document's own tree: odfdo's `Row.set_values` and `append` took
15 s and 26-90 s for 10,000 rows x 10 columns; this way the whole file takes under a
second (bench/bench_spreadsheets.py). `normalize_tables` is skipped for the same reason:
the tables are written with their columns declared.

CSV: UTF-8 with a BOM and `;`, what LibreOffice and Excel open correctly in France;
`dialect="comma"` writes `,` without the BOM. Dates are written `dd/mm/yyyy`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

FORMATS = ("ods", "xlsx", "csv")
MAX_WIDTH = 60  # characters: a long title wraps no column wider than this
CSV_DIALECTS = ("semicolon", "comma")


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]


def format_of(path: Path) -> str | None:
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def widths(sheet: Sheet) -> list[int]:
    """Characters per column: the longest value shown (a sample of 2,000 rows), capped."""
    out = [len(h) for h in sheet.headers]
    for row in sheet.rows[:2000]:
        for i, value in enumerate(row):
            if i < len(out):
                out[i] = max(out[i], len(_shown(value)))
    return [min(max(w + 2, 6), MAX_WIDTH) for w in out]


def to_bytes(sheets: Sequence[Sheet], fmt: str, dialect: str = "semicolon") -> bytes:
    if fmt == "csv":
        return _csv(sheets[0], dialect)
    if fmt == "xlsx":
        return _xlsx(sheets)
    if fmt == "ods":
        return _ods(sheets)
    raise ValueError(fmt)


def _csv(sheet: Sheet, dialect: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dialect == "semicolon" else ",",
                        lineterminator="\r\n")
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow([_csv_value(v) for v in row])
    text = out.getvalue()
    return (("\ufeff" + text) if dialect == "semicolon" else text).encode("utf-8")


def _csv_value(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return str(value).replace(".", ",")  # the French decimal comma
    return _shown(value)


def _xlsx(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = book.create_sheet(_sheet_name(sheet.name))
        for i, width in enumerate(widths(sheet), start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        header = []
        for title in sheet.headers:
            cell = WriteOnlyCell(ws, value=title)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            cells: list[Any] = []
            for value in row:
                if isinstance(value, date) and not isinstance(value, datetime):
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = "DD/MM/YYYY"
                    cells.append(cell)
                else:
                    cells.append(value)
            ws.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(name: str) -> str:
    # Excel: 31 characters at most, none of []:*?/\
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in name)
    return cleaned[:31] or "Feuille"


_DATE_STYLE = (
    '<number:date-style style:name="N_epn_date">'
    '<number:day number:style="long"/><number:text>/</number:text>'
    '<number:month number:style="long"/><number:text>/</number:text>'
    '<number:year number:style="long"/></number:date-style>')
_CELL_DATE = ('<style:style style:name="ce_epn_date" style:family="table-cell" '
              'style:parent-style-name="Default" style:data-style-name="N_epn_date"/>')
_CELL_HEAD = ('<style:style style:name="ce_epn_head" style:family="table-cell" '
              'style:parent-style-name="Default"><style:text-properties '
              'fo:font-weight="bold"/></style:style>')


def _column_style(width: int) -> str:
    # About 0.21 cm per character of the default 10 pt font.
    return (f'<style:style style:name="co_epn_{width}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{width * 0.21:.2f}cm"/>'
            '</style:style>')


def _ods(sheets: Sequence[Sheet]) -> bytes:
    from lxml.etree import SubElement
    from odfdo import Document, Table
    from odfdo.element import ODF_NAMESPACES

    table_ns, office, text_ns = (ODF_NAMESPACES["table"], ODF_NAMESPACES["office"],
                                 ODF_NAMESPACES["text"])
    row_tag, cell_tag, p_tag = (f"{{{table_ns}}}table-row", f"{{{table_ns}}}table-cell",
                                f"{{{text_ns}}}p")
    column_tag = f"{{{table_ns}}}table-column"
    value_type, date_value, number_value = (f"{{{office}}}value-type",
                                            f"{{{office}}}date-value", f"{{{office}}}value")
    style_name = f"{{{table_ns}}}style-name"

    doc = Document("spreadsheet")
    body = doc.body
    body.clear()
    doc.insert_style(_DATE_STYLE, automatic=True)
    doc.insert_style(_CELL_DATE, automatic=True)
    doc.insert_style(_CELL_HEAD, automatic=True)
    made: set[int] = set()
    names = []
    for sheet in sheets:
        name = _sheet_name(sheet.name)
        names.append(name)
        body.append(Table(name))
        table = body.get_table(name=name)
        assert table is not None
        element = table._xml_element
        for width in widths(sheet):
            if width not in made:
                doc.insert_style(_column_style(width), automatic=True)
                made.add(width)
            SubElement(element, column_tag).set(style_name, f"co_epn_{width}")
        header = SubElement(element, row_tag)
        for title in sheet.headers:
            cell = SubElement(header, cell_tag)
            cell.set(value_type, "string")
            cell.set(style_name, "ce_epn_head")
            SubElement(cell, p_tag).text = str(title)
        for values in sheet.rows:
            row = SubElement(element, row_tag)
            for value in values:
                cell = SubElement(row, cell_tag)
                if value is None or value == "":
                    continue
                if isinstance(value, date):
                    day = value.date() if isinstance(value, datetime) else value
                    cell.set(value_type, "date")
                    cell.set(date_value, day.isoformat())
                    cell.set(style_name, "ce_epn_date")
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    cell.set(value_type, "float")
                    cell.set(number_value, repr(value))
                else:
                    cell.set(value_type, "string")
                SubElement(cell, p_tag).text = _shown(value)
    assert doc.container is not None
    doc.container.set_part("settings.xml", _ods_settings(names).encode("utf-8"))
    doc.normalize_tables = lambda: None  # type: ignore[method-assign]
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _ods_settings(names: Sequence[str]) -> str:
    """settings.xml freezing the first row of every sheet (LibreOffice's view settings)."""
    def item(name: str, kind: str, value: str) -> str:
        return f'<config:config-item config:name="{name}" config:type="{kind}">{value}' \
               '</config:config-item>'

    tables = "".join(
        f'<config:config-item-map-entry config:name="{escape(n, {chr(34): "&quot;"})}">'
        + item("VerticalSplitMode", "short", "2") + item("VerticalSplitPosition", "int", "1")
        + item("ActiveSplitRange", "short", "2") + item("PositionTop", "int", "0")
        + item("PositionBottom", "int", "1") + "</config:config-item-map-entry>"
        for n in names)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-settings '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" '
        'office:version="1.3"><office:settings>'
        '<config:config-item-set config:name="ooo:view-settings">'
        '<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>'
        + item("ViewId", "string", "view1")
        + '<config:config-item-map-named config:name="Tables">' + tables
        + '</config:config-item-map-named>'
        + item("ActiveTable", "string", escape(names[0]) if names else "")
        + '</config:config-item-map-entry></config:config-item-map-indexed>'
        '</config:config-item-set></office:settings></office:document-settings>')
