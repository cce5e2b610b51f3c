"""The partner directory: `partners.json`, a TinyDB database kept diff-friendly.

Written as FORMAT.md asks: UTF-8 without `\\u` escapes, keys sorted, two-space indent,
final newline, string document ids made from slugs (two clones adding partners do not
collide). Writes are atomic and refuse to overwrite a file changed behind our back. A
damaged file raises DirectoryError and can never be written back empty.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from epn_tui.core.dates import DateError, parse_iso_date
from epn_tui.core.model import Contact, Interaction, Partner
from epn_tui.core.slug import unique_slug
from epn_tui.i18n import _
from epn_tui.store.atomic import Fingerprint, atomic_write, read_with_fingerprint

TABLES = ("partners", "contacts", "interactions")


class DirectoryError(RuntimeError):
    """partners.json cannot be read; `str()` is `path:line: message`."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def dumps(data: Mapping[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()


class AtomicJSONStorage(Storage):
    """TinyDB storage: deterministic JSON, atomic writes, conflict check, read cache.

    TinyDB reads the whole database on every query; the parsed data is kept while the
    file's mtime and size stay the same.
    """

    def __init__(self, path: str, display_path: str = "partners.json") -> None:
        self.path = Path(path)
        self.display_path = display_path
        self._data: dict[str, dict[str, Any]] | None = None
        self._stat: tuple[int, int] | None = None
        self.fingerprint: Fingerprint | None = None
        self.broken: DirectoryError | None = None
        self.generation = 0  # bumped whenever the data may have changed

    def _stat_now(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def read(self) -> dict[str, dict[str, Any]] | None:
        now = self._stat_now()
        if self._data is not None and now == self._stat:
            return self._data
        if now is None:
            self._data, self._stat, self.fingerprint, self.broken = {}, None, None, None
            return self._data
        raw, fingerprint = read_with_fingerprint(self.path)
        try:
            text = raw.decode("utf-8")
            data = json.loads(text) if text.strip() else {}
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.broken = DirectoryError(self.display_path, line,
                                         _("not valid UTF-8; save it as UTF-8"))
            raise self.broken from None
        except json.JSONDecodeError as exc:
            self.broken = DirectoryError(self.display_path, exc.lineno, _(
                "invalid JSON ({error}); fix it (a git merge conflict?) before editing the "
                "directory").format(error=exc.msg))
            raise self.broken from None
        except (ValueError, RecursionError) as exc:
            # Nested too deeply, or an integer of thousands of digits.
            self.broken = DirectoryError(self.display_path, 1, _(
                "cannot read it: {error}").format(error=exc))
            raise self.broken from None
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            self.broken = DirectoryError(self.display_path, 1, _(
                "expected tables `partners`, `contacts`, `interactions` mapping ids to records"))
            raise self.broken
        for table in data.values():
            for doc_id, doc in list(table.items()):
                if not isinstance(doc, dict):
                    self.broken = DirectoryError(self.display_path, _line_of(text, doc_id), _(
                        "record `{id}` is not an object").format(id=doc_id))
                    raise self.broken
        duplicate = _duplicate_id(text, data)
        if duplicate is not None:
            self.broken = DirectoryError(self.display_path, duplicate[1], _(
                "id `{id}` appears twice (two records added under the same id in two "
                "clones?); merge them or rename one").format(id=duplicate[0]))
            raise self.broken
        self._data, self._stat, self.fingerprint, self.broken = data, now, fingerprint, None
        self.generation += 1
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.broken is not None:
            raise self.broken
        try:
            self.fingerprint = atomic_write(self.path, dumps(data), expected=self.fingerprint)
        except BaseException:
            self._data, self._stat = None, None  # re-read: the in-memory copy may be ahead
            self.generation += 1
            raise
        self._data, self._stat = data, self._stat_now()
        self.generation += 1

    def close(self) -> None:
        pass


# How `dumps` starts a record line: four spaces, then the quoted id.
_RECORD_LINE = '\n    "'


class _Duplicate(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return found


def _duplicate_id(text: str, data: Mapping[str, Mapping[str, Any]]) -> tuple[str, int] | None:
    """(id, line of its second occurrence) when a key appears twice in one object.

    json.loads keeps the last of two equal keys and the next write would drop the
    other record silently: a git merge of two clones can produce exactly that. A
    count of the record lines tells (cheaply) whether the slow check is needed.
    """
    if text.count(_RECORD_LINE) == sum(len(table) for table in data.values()):
        return None
    try:
        json.loads(text, object_pairs_hook=_no_duplicates)
    except _Duplicate as exc:
        key = str(exc.args[0])
        needle = json.dumps(key, ensure_ascii=False) + ":"
        second = text.find(needle, text.find(needle) + 1)
        return key, text.count("\n", 0, second) + 1 if second >= 0 else 1
    return None


def _line_of(text: str, doc_id: str) -> int:
    index = text.find(json.dumps(doc_id, ensure_ascii=False) + ":")
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


class SlugTable(Table):
    """A table whose document ids are strings (slugs)."""

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> str:
        raise TypeError("SlugTable needs an explicit id")


class SlugDB(TinyDB):
    table_class = SlugTable


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    try:
        return parse_iso_date(str(value))
    except DateError:
        return None


PARTNER_FIELDS = ("name", "kind", "address", "commune", "siret", "website", "tags", "notes")
CONTACT_FIELDS = ("partner", "name", "role", "function", "email", "phone", "elected",
                  "verified", "committee", "notes")
INTERACTION_FIELDS = ("date", "partner", "contacts", "kind", "summary", "next_step",
                      "next_date")


def _extra(doc: Mapping[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in known}


def _tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(_text(v) for v in value)
    if isinstance(value, str) and value:
        return tuple(t.strip() for t in value.split(";") if t.strip())
    return ()


def to_partner(doc_id: str, doc: Mapping[str, Any]) -> Partner:
    return Partner(
        id=doc_id, name=_text(doc.get("name")) or doc_id, kind=_text(doc.get("kind")),
        address=_text(doc.get("address")), commune=_text(doc.get("commune")),
        siret=_text(doc.get("siret")), website=_text(doc.get("website")),
        tags=_tags(doc.get("tags")), notes=_text(doc.get("notes")),
        extra=_extra(doc, PARTNER_FIELDS),
    )


def to_contact(doc_id: str, doc: Mapping[str, Any]) -> Contact:
    elected = doc.get("elected")
    return Contact(
        id=doc_id, partner=_text(doc.get("partner")), name=_text(doc.get("name")) or doc_id,
        role=_text(doc.get("role")), function=_text(doc.get("function")),
        email=_text(doc.get("email")), phone=_text(doc.get("phone")),
        elected=_text(elected) if elected not in (None, "", False) else None,
        verified=_date(doc.get("verified")), committee=doc.get("committee") is True,
        notes=_text(doc.get("notes")), extra=_extra(doc, CONTACT_FIELDS),
    )


def to_interaction(doc_id: str, doc: Mapping[str, Any]) -> Interaction:
    contacts = doc.get("contacts")
    if isinstance(contacts, str):
        contacts = [contacts]
    return Interaction(
        id=doc_id, date=_date(doc.get("date")), partner=_text(doc.get("partner")),
        contacts=tuple(_text(c) for c in contacts) if isinstance(contacts, list) else (),
        kind=_text(doc.get("kind")), summary=_text(doc.get("summary")),
        next_step=_text(doc.get("next_step")), next_date=_date(doc.get("next_date")),
        extra=_extra(doc, INTERACTION_FIELDS),
    )


class Directory:
    """The partner directory API the CLI and UI use; TinyDB underneath."""

    def __init__(self, path: Path, display_path: str = "partners.json") -> None:
        self.path = path
        self.storage: AtomicJSONStorage | None = None
        self._typed: dict[str, tuple[tuple[str, int], dict[str, Any]]] = {}

        def make_storage(*_args: Any, **_kwargs: Any) -> AtomicJSONStorage:
            self.storage = AtomicJSONStorage(str(path), display_path)
            return self.storage

        self.db = SlugDB(storage=make_storage)
        assert self.storage is not None
        self.storage.read()  # raises DirectoryError now rather than on first use

    # Reading -------------------------------------------------------------------------
    def raw(self, table: str) -> dict[str, dict[str, Any]]:
        assert self.storage is not None
        data = self.storage.read() or {}
        return data.get(table, {})

    def _records(self, table: str, make: Any) -> dict[str, Any]:
        # Typed records are rebuilt only when the data changed (3,000 partners cost
        # about 0.1 s to convert, and every screen asks for them).
        raw = self.raw(table)
        assert self.storage is not None
        key = (table, self.storage.generation)
        cached = self._typed.get(table)
        if cached is not None and cached[0] == key:
            return cached[1]
        result = {k: make(k, v) for k, v in raw.items()}
        self._typed[table] = (key, result)
        return result

    def partners(self) -> dict[str, Partner]:
        """All partners by id. The dict is shared: do not modify it."""
        return self._records("partners", to_partner)

    def contacts(self) -> dict[str, Contact]:
        return self._records("contacts", to_contact)

    def interactions(self) -> dict[str, Interaction]:
        return self._records("interactions", to_interaction)

    def contacts_of(self, partner_id: str) -> list[Contact]:
        return [c for c in self.contacts().values() if c.partner == partner_id]

    def interactions_of(self, partner_id: str) -> list[Interaction]:
        found = [i for i in self.interactions().values() if i.partner == partner_id]
        return sorted(found, key=lambda i: (i.date is None, i.date), reverse=True)

    # Writing -------------------------------------------------------------------------
    def add(self, table: str, record: Mapping[str, Any], id_hint: str | None = None) -> str:
        """Insert a record under a new slug id made from `id_hint` (or its name)."""
        existing = self.raw(table)
        doc_id = unique_slug(id_hint or _text(record.get("name")) or table, existing)
        self.db.table(table).insert(Document(_clean(record), doc_id=doc_id))  # type: ignore[arg-type]
        return doc_id

    def update(self, table: str, doc_id: str, changes: Mapping[str, Any]) -> None:
        """Change fields of one record; None removes a field. Unknown fields stay."""
        if doc_id not in self.raw(table):
            raise KeyError(doc_id)

        def apply(doc: dict[str, Any]) -> None:
            for key, value in changes.items():
                if value is None or value == "" or value == []:
                    doc.pop(key, None)
                else:
                    doc[key] = value

        self.db.table(table).update(apply, doc_ids=[doc_id])  # type: ignore[arg-type,list-item]

    def remove(self, table: str, doc_id: str) -> None:
        self.db.table(table).remove(doc_ids=[doc_id])  # type: ignore[list-item]

    def __iter__(self) -> Iterator[Partner]:
        return iter(self.partners().values())


def _clean(record: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in (None, "", [])}
