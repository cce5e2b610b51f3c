"""Importing partners and contacts from a spreadsheet's rows: pure, no file is read here.

`find_header` recognises the header row (French or English words, not necessarily on
the first line); `rows_of` turns the cells into typed field values (phone numbers that
lost their leading zero, SIRET with spaces, serial dates…); `plan` matches each row to
the directory (a partner by SIRET, else by name and commune, accents and case ignored; a
contact by partner and name) and applies it to the tables it is given. The command runs
`plan` once on what it read for the preview, then again inside the write transaction,
on partners.json as it is under the lock: the import is one write, merged into what is
on disk then.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from epn_tui.core.record_fields import DATE_FIELDS, RecordFieldError, parse_record_field
from epn_tui.core.slug import unique_slug
from epn_tui.i18n import N_, _, ngettext

TABLES = {"partners": "partners", "contacts": "contacts"}


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFD", str(text).casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare).split())


# Header words (folded) → field. The directory's fields, and a few it keeps as extra
# fields (phone, email, postal_code of an organisation).
_COMMON = {
    "telephone": "phone", "tel": "phone", "phone": "phone", "telephone fixe": "phone",
    "portable": "phone", "mobile": "phone", "numero de telephone": "phone",
    "courriel": "email", "email": "email", "e mail": "email", "mail": "email",
    "mel": "email", "adresse mail": "email", "adresse electronique": "email",
    "adresse e mail": "email", "notes": "notes", "note": "notes", "remarques": "notes",
    "remarque": "notes", "commentaire": "notes", "commentaires": "notes",
    "observations": "notes",
}
HEADERS: dict[str, dict[str, str]] = {
    "partners": {
        **_COMMON,
        "nom": "name", "name": "name", "raison sociale": "name", "denomination": "name",
        "organisme": "name", "organisation": "name", "organization": "name",
        "structure": "name", "nom de la structure": "name", "partenaire": "name",
        "nom du partenaire": "name", "type": "kind", "kind": "kind", "categorie": "kind",
        "nature": "kind", "type de structure": "kind", "typologie": "kind",
        "adresse": "address", "address": "address", "adresse postale": "address",
        "rue": "address", "code postal": "postal_code", "cp": "postal_code",
        "postal code": "postal_code", "postcode": "postal_code", "zip": "postal_code",
        "commune": "commune", "ville": "commune", "city": "commune", "localite": "commune",
        "town": "commune", "siret": "siret", "n siret": "siret", "numero siret": "siret",
        "no siret": "siret", "site": "website", "site web": "website",
        "site internet": "website", "website": "website", "url": "website", "web": "website",
        "tags": "tags", "etiquettes": "tags", "thematiques": "tags", "themes": "tags",
        "mots cles": "tags",
    },
    "contacts": {
        **_COMMON,
        "nom": "name", "name": "name", "nom complet": "name", "full name": "name",
        "contact": "name", "nom et prenom": "name", "prenom nom": "name",
        "nom prenom": "name", "last name": "last_name", "surname": "last_name",
        "nom de famille": "last_name", "prenom": "first_name", "first name": "first_name",
        "partenaire": "partner", "partner": "partner", "organisme": "partner",
        "structure": "partner", "organisation": "partner", "organization": "partner",
        "employeur": "partner", "siret": "partner", "siret du partenaire": "partner",
        "role": "role", "qualite": "role", "fonction": "function", "function": "function",
        "poste": "function", "job title": "function", "title": "function",
        "mandat": "elected", "elu": "elected", "elected": "elected", "mandate": "elected",
        "verifie le": "verified", "verified": "verified", "date de verification": "verified",
        "derniere verification": "verified", "comite de pilotage": "committee",
        "copil": "committee", "committee": "committee", "steering committee": "committee",
    },
}
REQUIRED = {"partners": ("name",), "contacts": ("name", "partner")}

# Kinds as people write them (folded) → the directory's codes (core.model.PARTNER_KINDS).
KIND_WORDS = {
    "commune": "MUNI", "mairie": "MUNI", "municipalite": "MUNI", "ville": "MUNI",
    "collectivite": "MUNI", "epci": "EPCI", "communaute de communes": "EPCI",
    "communaute d agglomeration": "EPCI", "communaute urbaine": "EPCI",
    "intercommunalite": "EPCI", "metropole": "EPCI", "departement": "DEPT",
    "conseil departemental": "DEPT", "region": "REG", "conseil regional": "REG",
    "etat": "ETAT", "prefecture": "ETAT", "sous prefecture": "ETAT",
    "service de l etat": "ETAT", "association": "ASSO", "asso": "ASSO", "ecole": "ECOLE",
    "ecole elementaire": "ECOLE", "ecole primaire": "ECOLE", "ecole maternelle": "ECOLE",
    "college": "COLLEGE", "lycee": "LYCEE", "universite": "UNIV",
    "bibliotheque": "BIB", "mediatheque": "BIB", "ccas": "CCAS", "cias": "CCAS",
    "caf": "CAF", "epn": "EPN", "espace public numerique": "EPN", "tiers lieu": "TIERS_LIEUX",
    "tiers lieux": "TIERS_LIEUX", "entreprise": "ENTREPRISE", "societe": "ENTREPRISE",
    "pimms": "PIMMS", "msap": "MSAP", "france services": "FS",
    "maison france services": "FS", "espace france services": "FS", "autre": "AUTRE",
}

HEADER_SCAN = 30  # the header row is looked for in the first rows
_SERIAL_EPOCH = date(1899, 12, 30)  # day 0 of spreadsheet serial dates (1900 system)

# What happened to a row, in the preview and the summary.
CREATED, UPDATED, SKIPPED, REJECTED = "created", "updated", "skipped", "rejected"
OUTCOME_WORDS = {CREATED: N_("created"), UPDATED: N_("updated"), SKIPPED: N_("skipped"),
                 REJECTED: N_("rejected")}


class ImportError_(ValueError):
    """The file as a whole cannot be imported (nothing is written)."""


@dataclass(frozen=True)
class Header:
    line: int  # 1-based row number of the header
    columns: dict[int, str]  # column index → field (or the header as written for extras)
    shown: list[tuple[str, str]]  # (header as written, field) for the preview


@dataclass
class Row:
    line: int
    values: dict[str, Any]  # field → typed value (None: empty)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    line: int
    action: str  # CREATED, UPDATED, SKIPPED, REJECTED
    id: str = ""
    name: str = ""
    reason: str = ""
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field, old, new)
    kept: list[str] = field(default_factory=list)  # fields that differ, kept (no --update)


def parse_map(items: Sequence[str]) -> dict[str, str]:
    """`--map "Colonne=champ"` → {folded header: field}; `Colonne=` ignores the column."""
    out = {}
    for item in items:
        header, sep, target = item.partition("=")
        if not sep or not header.strip():
            raise ImportError_(_("--map expects \"Column=field\", got {item!r}").format(
                item=item))
        out[fold(header)] = target.strip()
    return out


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def find_header(rows: Sequence[Sequence[Any]], table: str,
                mapping: Mapping[str, str] | None = None) -> Header:
    """The first row (within HEADER_SCAN) with the most recognised headers, at least two
    (or one that is the name). Unknown non-empty headers become extra fields."""
    words = HEADERS[table]
    mapping = mapping or {}
    best: tuple[int, int] | None = None  # (score, index)
    for index, row in enumerate(rows[:HEADER_SCAN]):
        score = 0
        for cell in row:
            key = fold(_cell_text(cell))
            if key in mapping or key in words:
                score += 1
        if score >= 2 and (best is None or score > best[0]):
            best = (score, index)
    if best is None:
        raise ImportError_(_("no header row found in the first {n} lines (expected columns "
                             "such as {examples}); name them with --map \"Column=field\"")
                           .format(n=HEADER_SCAN, examples=_examples(table)))
    index = best[1]
    columns: dict[int, str] = {}
    shown: list[tuple[str, str]] = []
    for col, cell in enumerate(rows[index]):
        written = _cell_text(cell)
        key = fold(written)
        if not written:
            continue
        target = mapping[key] if key in mapping else words.get(key, written)
        if not target:  # `--map "Colonne="`: ignored
            continue
        if target in columns.values():
            target = written if target != written else f"{written} ({col + 1})"
        columns[col] = target
        shown.append((written, target))
    missing = [f for f in REQUIRED[table] if f not in columns.values()
               and not (f == "name" and "last_name" in columns.values())]
    if missing:
        raise ImportError_(_("line {line}: no column for {fields} (use --map \"Column={field}"
                             "\")").format(line=index + 1, fields=", ".join(missing),
                                           field=missing[0]))
    return Header(index + 1, columns, shown)


def _examples(table: str) -> str:
    if table == "contacts":
        return "« Nom », « Partenaire », « Téléphone », « Courriel »"
    return "« Nom », « SIRET », « Commune », « Type »"


def phone(value: Any) -> str:
    """A French number as `05 53 00 31 02`; nine digits (a number whose leading zero the
    spreadsheet dropped) get it back. Anything else is kept as written."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    digits = re.sub(r"[\s.\-/]", "", text)
    if digits.isdigit():
        if len(digits) == 9 and digits[0] != "0":
            digits = "0" + digits
        if len(digits) == 10 and digits[0] == "0":
            return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    return text


def serial_date(value: float) -> date | None:
    """A spreadsheet serial day number (1900 date system) as a date, if plausible."""
    if 1 <= value < 2958466:
        return _SERIAL_EPOCH + timedelta(days=int(value))
    return None


def _siret(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
        return text.zfill(14) if len(text) == 13 else text
    return re.sub(r"[\s\u00a0\u202f.]", "", str(value).strip())


def kind_code(text: str) -> str:
    folded = fold(text)
    if folded.upper().replace(" ", "_") in _CODES:
        return folded.upper().replace(" ", "_")
    return KIND_WORDS.get(folded, text.strip())


def _fill_merged(rows: list[list[Any]], merged: Sequence[tuple[tuple[int, int],
                                                                tuple[int, int]]]) -> set[int]:
    """Vertical merges give their value to every row they cover; rows that are one cell
    merged across columns (a section title) are returned, to be skipped."""
    headings = set()
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else None
        if r1 > r0:
            for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
                for c in range(c0, c1 + 1):
                    if c < len(rows[r]) and rows[r][c] in (None, ""):
                        rows[r][c] = value
        elif c1 > c0 and sum(1 for v in rows[r0] if v not in (None, "")) == 1:
            headings.add(r0)
    return headings


PROGRESS_EVERY = 500  # rows between two calls of `rows_of`'s progress


def rows_of(table: str, rows: list[list[Any]], header: Header,
            merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
            progress: Callable[[int, int], None] | None = None) -> list[Row]:
    """The data rows under the header, typed; empty rows and section titles left out.
    `progress(done, total)`, when given, is called every PROGRESS_EVERY rows (the UI's
    progress bar on large files)."""
    headings = _fill_merged(rows, merged)
    out = []
    total = len(rows) - header.line
    for index in range(header.line, len(rows)):
        if progress is not None and (index - header.line) % PROGRESS_EVERY == 0:
            progress(index - header.line, total)
        cells = rows[index]
        if index in headings or all(_cell_text(c) == "" for c in cells):
            continue
        row = Row(index + 1, {})
        for col, target in header.columns.items():
            if col >= len(cells):
                continue
            try:
                value = _typed(table, target, cells[col], row)
            except RecordFieldError as exc:
                row.problems.append(str(exc))
                continue
            if value is not None:
                row.values[target] = value
        # « Prénom » and « Nom » (or « Nom de famille »): one name, first name first.
        first = row.values.pop("first_name", None)
        last = row.values.pop("last_name", None) or row.values.get("name")
        if first or last:
            row.values["name"] = " ".join(str(v) for v in (first, last) if v)
        for required in REQUIRED[table]:
            if required not in row.values and not row.problems:
                row.problems.append(_("`{field}` is empty").format(field=required))
        out.append(row)
    return out


def _typed(table: str, target: str, cell: Any, row: Row) -> Any:
    text = _cell_text(cell)
    if text == "" or (isinstance(cell, str) and cell.startswith("#") and cell.endswith("!")):
        return None  # empty, or a formula's error (#DIV/0!, #REF!)
    if target == "phone":
        return phone(cell)
    if target == "siret" or (table == "contacts" and target == "partner"):
        if target == "siret":
            digits = _siret(cell)
            if not (digits.isdigit() and len(digits) == 14):
                row.warnings.append(_("a SIRET has 14 digits (saved as typed)"))
            return digits
        return text if not isinstance(cell, float) else _siret(cell)
    if target in DATE_FIELDS.get(table, ()):
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            day = serial_date(float(cell))
            if day is None:
                raise RecordFieldError(_("`{key}`: {value} is not a date").format(
                    key=target, value=text))
            return day.isoformat()
        if isinstance(cell, date):
            return _cell_text(cell)
    if table == "partners" and target == "kind":
        code = kind_code(text)
        if code not in _CODES:
            row.warnings.append(_("kind `{kind}` is not a code of the national schema (kept "
                                  "as written)").format(kind=text))
        return code
    if target == "postal_code":
        return text.zfill(5) if text.isdigit() and len(text) == 4 else text
    if target in ("first_name", "last_name"):
        return text
    known = target in _KNOWN[table]
    if not known:
        # An extra column: numbers stay numbers, dates become ISO text.
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            return int(cell) if float(cell).is_integer() else cell
        return text
    value, warning = parse_record_field(table, target, text)
    if warning:
        row.warnings.append(warning)
    return value


_CODES: frozenset[str] = frozenset()
_KNOWN = {
    "partners": ("name", "kind", "address", "commune", "siret", "website", "tags", "notes"),
    "contacts": ("partner", "name", "role", "function", "email", "phone", "elected",
                 "verified", "committee", "notes"),
}


def _codes() -> frozenset[str]:
    from epn_tui.core.model import PARTNER_KINDS

    return frozenset(PARTNER_KINDS)


_CODES = _codes()


def _digits(text: Any) -> str:
    return re.sub(r"\D", "", str(text or ""))


class _Index:
    """Partners by SIRET and by (name, commune) folded, contacts by (partner, name)."""

    def __init__(self, tables: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> None:
        self.siret: dict[str, str] = {}
        self.name_commune: dict[tuple[str, str], str] = {}
        self.names: dict[str, list[str]] = {}
        self.contacts: dict[tuple[str, str], str] = {}
        for doc_id, doc in tables.get("partners", {}).items():
            self.add_partner(doc_id, doc)
        for doc_id, doc in tables.get("contacts", {}).items():
            self.add_contact(doc_id, doc)

    def add_partner(self, doc_id: str, doc: Mapping[str, Any]) -> None:
        siret = _digits(doc.get("siret"))
        if len(siret) == 14:
            self.siret.setdefault(siret, doc_id)
        name = fold(doc.get("name") or "")
        self.name_commune.setdefault((name, fold(doc.get("commune") or "")), doc_id)
        self.names.setdefault(name, []).append(doc_id)

    def add_contact(self, doc_id: str, doc: Mapping[str, Any]) -> None:
        self.contacts.setdefault((str(doc.get("partner") or ""), fold(doc.get("name") or "")),
                                 doc_id)

    def partner(self, values: Mapping[str, Any]) -> str | None:
        siret = _digits(values.get("siret"))
        if len(siret) == 14 and siret in self.siret:
            return self.siret[siret]
        return self.name_commune.get((fold(values.get("name") or ""),
                                      fold(values.get("commune") or "")))

    def partner_named(self, text: str, tables: Mapping[str, Any]) -> tuple[str | None, str]:
        """A contact's partner from its name, SIRET or id: (id, or None and why)."""
        siret = _digits(text)
        if len(siret) == 14 and siret in self.siret:
            return self.siret[siret], ""
        if text in tables.get("partners", {}):
            return text, ""
        found = self.names.get(fold(text), [])
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, _("partner « {name} » is ambiguous ({ids}): give its SIRET or id"
                           ).format(name=text, ids=", ".join(sorted(found)))
        return None, _("partner « {name} » is not in the directory").format(name=text)


def plan(table: str, rows: Sequence[Row], tables: dict[str, dict[str, Any]],
         update: bool = False) -> list[Outcome]:
    """Apply the rows to `tables` (replacing records, never changing them in place) and
    say what happened to each. A rejected row changes nothing."""
    index = _Index(tables)
    outcomes = []
    for row in rows:
        if row.problems:
            outcomes.append(Outcome(row.line, REJECTED, reason="; ".join(row.problems)))
            continue
        values = dict(row.values)
        if table == "contacts":
            partner_id, why = index.partner_named(str(values["partner"]), tables)
            if partner_id is None:
                outcomes.append(Outcome(row.line, REJECTED, name=str(values.get("name")),
                                        reason=why))
                continue
            values["partner"] = partner_id
            found = index.contacts.get((partner_id, fold(values["name"])))
        else:
            found = index.partner(values)
        name = str(values.get("name", ""))
        if found is None:
            doc_id = unique_slug(name, tables[table])
            tables[table][doc_id] = values
            if table == "partners":
                index.add_partner(doc_id, values)
            else:
                index.add_contact(doc_id, values)
            outcomes.append(Outcome(row.line, CREATED, doc_id, name,
                                    reason="; ".join(row.warnings)))
            continue
        current = tables[table][found]
        record = dict(current)
        changes, kept = [], []
        for key, new in values.items():
            old = current.get(key)
            if old in (None, "", []):
                record[key] = new
                changes.append((key, None, new))
            elif old != new and not _same(key, old, new):
                if update:
                    record[key] = new
                    changes.append((key, old, new))
                else:
                    kept.append(key)
        if changes:
            tables[table][found] = record
            outcomes.append(Outcome(row.line, UPDATED, found, name, changes=changes,
                                    reason=_kept_reason(kept), kept=kept))
        elif kept:
            outcomes.append(Outcome(row.line, SKIPPED, found, name, reason=_kept_reason(kept),
                                    kept=kept))
        else:
            outcomes.append(Outcome(row.line, SKIPPED, found, name,
                                    reason=_("already in the directory, nothing new")))
    return outcomes


def _same(key: str, old: Any, new: Any) -> bool:
    if key == "siret":
        return _digits(old) == _digits(new)
    if isinstance(old, str) and isinstance(new, str):
        return fold(old) == fold(new) and key not in ("email", "website")
    return False


def _kept_reason(kept: list[str]) -> str:
    if not kept:
        return ""
    from epn_tui.core.changes import field_word

    return _("different on file, kept: {fields} (--update replaces them)").format(
        fields=", ".join(field_word(k) for k in kept))


def counts(outcomes: Sequence[Outcome]) -> dict[str, int]:
    out = dict.fromkeys(OUTCOME_WORDS, 0)
    for o in outcomes:
        out[o.action] += 1
    return out


def summary(outcomes: Sequence[Outcome]) -> str:
    """What an import did, counted: `epn import`'s last line, the commit's message and
    the UI's notification."""
    n = counts(outcomes)
    return ", ".join([
        ngettext("{n} created", "{n} created", n[CREATED]).format(n=n[CREATED]),
        ngettext("{n} updated", "{n} updated", n[UPDATED]).format(n=n[UPDATED]),
        ngettext("{n} skipped", "{n} skipped", n[SKIPPED]).format(n=n[SKIPPED]),
        ngettext("{n} rejected", "{n} rejected", n[REJECTED]).format(n=n[REJECTED]),
    ])
