"""The partner directory: `partners.json`, a TinyDB database kept diff-friendly.

Written as FORMAT.md asks: UTF-8 without `\\u` escapes, keys sorted, two-space indent,
final newline, string document ids made from slugs (two clones adding partners do not
collide). Writes are atomic and refuse to overwrite a file changed behind our back. A
damaged file raises DirectoryError and can never be written back empty.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import msgspec
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from epn_tui.core import changes as words
from epn_tui.core.dates import DateError, parse_iso_date
from epn_tui.core.model import Contact, Interaction, Partner
from epn_tui.core.slug import unique_slug
from epn_tui.i18n import _
from epn_tui.store.atomic import Fingerprint, read_with_fingerprint
from epn_tui.store.layout import PARTNERS_FILE

if TYPE_CHECKING:
    from epn_tui.core.changes import Change
    from epn_tui.store.autocommit import Committed

TABLES = ("partners", "contacts", "interactions")
T = TypeVar("T")


class DirectoryError(RuntimeError):
    """partners.json cannot be read; `str()` is `path:line: message`."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def dumps(data: Mapping[str, Any], fast: bool = True) -> bytes:
    """The file's bytes: `json.dumps(ensure_ascii=False, sort_keys=True, indent=2)`.

    msgspec writes the very same bytes 15 times faster (5.8 MB: 33 ms against 470 ms),
    except for floats in exponent form (`1e20` for `1e+20`) and non-finite floats
    (`null` for `NaN`): when its output holds anything like an exponent, or `fast` is
    False (the data may hold NaN or Infinity), the standard library writes them.
    """
    if fast:
        try:
            out = msgspec.json.format(msgspec.json.encode(data, order="sorted"), indent=2)
        except (TypeError, ValueError, OverflowError, msgspec.EncodeError):
            out = None
        if out is not None and not _EXPONENT.search(out):
            return out + b"\n"
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()


_EXPONENT = re.compile(rb"[0-9][eE][-+]?[0-9]")
_SPECIAL_FLOATS = (b"NaN", b"Infinity")


def _finite(value: Any) -> bool:
    """No NaN or infinity inside (msgspec would write them as null)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(_finite(v) for v in value)
    return True


class AtomicJSONStorage(Storage):
    """TinyDB storage: deterministic JSON, read cache; writes go through `Directory`.

    TinyDB reads the whole database on every query; the parsed data is kept while the
    file's mtime and size stay the same. Under the write lock the bytes are hashed
    instead (`current`): mtime and size alone can miss a change.
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
        return self.current(raw, fingerprint, now)

    def current(self, raw: bytes | None, fingerprint: Fingerprint | None,
                stat: tuple[int, int] | None = None) -> dict[str, dict[str, Any]]:
        """The data of these bytes (just read under the lock); parsed again only when
        they differ from the bytes last parsed. Raises DirectoryError."""
        if raw is None or fingerprint is None:
            self._data, self._stat, self.fingerprint, self.broken = {}, None, None, None
            return self._data
        if (self._data is not None and self.broken is None
                and fingerprint.same_content(self.fingerprint)):
            return self._data
        data = self._parse(raw)
        self._data, self.fingerprint, self.broken = data, fingerprint, None
        self._stat = stat or (fingerprint.mtime_ns, fingerprint.size)
        self.generation += 1
        return data

    def _parse(self, raw: bytes) -> dict[str, dict[str, Any]]:
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
        return data

    def written(self, data: dict[str, dict[str, Any]], fingerprint: Fingerprint | None) -> None:
        """The data now on disk, as just written under the lock."""
        self._data, self.fingerprint, self.broken = data, fingerprint, None
        self._stat = self._stat_now()
        self.generation += 1

    def forget(self) -> None:
        self._data, self._stat = None, None
        self.generation += 1

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        # TinyDB's own writes would bypass the lock and the merge: Directory writes.
        raise PermissionError("partners.json is written through Directory only")

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
                      "next_date", "done")


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
        done=_date(doc.get("done")) or (date.min if doc.get("done") is True else None),
        extra=_extra(doc, INTERACTION_FIELDS),
    )


class Directory:
    """The partner directory API the CLI and UI use; TinyDB underneath."""

    def __init__(self, path: Path, display_path: str = PARTNERS_FILE,
                 committer: Callable[[Change], Committed] | None = None) -> None:
        self.path = path
        self.display_path = display_path
        # Commits each write (store.autocommit), under the lock; None: never.
        self.committer = committer
        self.last_commit: Committed | None = None
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
    # Every write is one transaction (store.transaction): under the workspace lock, the
    # file as it is now is read, the change is applied to it and written at once. Tables
    # are copied, records replaced, never changed in place: readers (the UI thread) may
    # hold the previous data meanwhile.
    def refresh(self) -> None:
        """Read the file again now, hashing it (under the lock: the truth on disk)."""
        assert self.storage is not None
        try:
            raw, fingerprint = read_with_fingerprint(self.path)
        except FileNotFoundError:
            raw, fingerprint = None, None
        self.storage.current(raw, fingerprint)

    def transact(self, mutate: Callable[[dict[str, dict[str, Any]]], T],
                 describe: Callable[[dict[str, dict[str, Any]], dict[str, dict[str, Any]], T],
                                    Change] | None = None) -> T:
        """Apply `mutate` to a copy of the data on disk now, and write it in one go.

        `mutate` gets every table (copied: replace records, never change them in place)
        and may raise to refuse: nothing is written then. `describe(before, after,
        outcome)` says what changed, for the commit that follows the write.
        """
        from epn_tui.store.lock import write_lock
        from epn_tui.store.transaction import rewrite

        storage = self.storage
        assert storage is not None
        outcome: list[Any] = []
        written: list[dict[str, dict[str, Any]]] = []

        def change(raw: bytes | None, fingerprint: Fingerprint | None) -> bytes | None:
            outcome.clear()
            written.clear()
            data = storage.current(raw, fingerprint)
            tables = {name: dict(records) for name, records in data.items()}
            for name in TABLES:
                tables.setdefault(name, {})
            outcome.append(mutate(tables))
            tables = {name: records for name, records in tables.items()
                      if records or name in data}
            if tables == data:
                return None
            written.append(tables)
            fast = raw is None or not any(s in raw for s in _SPECIAL_FLOATS)
            if fast:
                fast = all(_finite(record) for name, records in tables.items()
                           for doc_id, record in records.items()
                           if record is not data.get(name, {}).get(doc_id))
            return dumps(tables, fast)

        before: list[dict[str, dict[str, Any]]] = []
        with write_lock(self.path.parent):  # the write and its commit
            try:
                _data, fingerprint = rewrite(self.path.parent, self.path, change)
            except BaseException:
                storage.forget()  # read again next time: what is on disk is the truth
                raise
            self.last_commit = None
            if written:
                before.append(storage._data or {})
                storage.written(written[0], fingerprint)
                if self.committer is not None and describe is not None:
                    self.last_commit = self.committer(describe(before[0], written[0],
                                                               cast(T, outcome[0])))
        return cast(T, outcome[0])

    def add(self, table: str, record: Mapping[str, Any], id_hint: str | None = None) -> str:
        """Insert a record under a new slug id made from `id_hint` (or its name); the id
        is chosen under the lock, among the ids on disk then."""
        def insert(tables: dict[str, dict[str, Any]]) -> str:
            existing = tables[table]
            doc_id = unique_slug(id_hint or _text(record.get("name")) or table, existing)
            existing[doc_id] = _clean(record)
            return doc_id

        return self.transact(insert, lambda _before, _after, doc_id: words.record_added(
            table, doc_id, self.display_path))

    def update(self, table: str, doc_id: str, changes: Mapping[str, Any],
               base: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Change fields of one record; None, "" or [] removes a field. Unknown fields
        stay. Returns the record as written.

        `base`: the record as the caller read it. Fields someone else changed since are
        kept; a field both changed to different values raises WriteConflict (nothing
        written). Without `base`, the changes apply to the record as it is now.
        A record deleted meanwhile raises RecordGone.
        """
        from epn_tui.store.merge import MISSING, RecordGone, WriteConflict, field_conflicts

        def apply(tables: dict[str, dict[str, Any]]) -> dict[str, Any]:
            current = tables[table].get(doc_id)
            if current is None:
                if base is None:
                    raise KeyError(doc_id)
                raise RecordGone(_("{path}: {id}: deleted by someone else meanwhile; "
                                   "nothing written").format(path=self.display_path,
                                                             id=doc_id))
            if base is not None:
                conflicts = field_conflicts(
                    base, current, changes,
                    lambda v: MISSING if v is None or v == "" or v == [] else v)
                if conflicts:
                    raise WriteConflict(_("{path}: {id}").format(path=self.display_path,
                                                                  id=doc_id),
                                        conflicts, current)
            record = dict(current)
            for key, value in changes.items():
                if value is None or value == "" or value == []:
                    record.pop(key, None)
                else:
                    record[key] = value
            tables[table][doc_id] = record
            return record

        return self.transact(apply, lambda before, after, _record: words.record_changed(
            table, doc_id, self.display_path, before.get(table, {}).get(doc_id, {}),
            after[table][doc_id], list(changes)))

    def remove(self, table: str, doc_id: str) -> None:
        self.remove_records([(table, doc_id)])

    def remove_records(self, records: Iterable[tuple[str, str]]) -> None:
        """Remove several records in one write (a partner with its contacts and journal).
        Records already gone are skipped: the result is the one asked for."""
        wanted = list(records)

        def drop(tables: dict[str, dict[str, Any]]) -> None:
            for table, doc_id in wanted:
                tables.setdefault(table, {}).pop(doc_id, None)

        self.transact(drop, lambda before, _after, _none: words.records_deleted(
            [(t, i) for t, i in wanted if i in before.get(t, {})] or wanted,
            self.display_path))

    def __iter__(self) -> Iterator[Partner]:
        return iter(self.partners().values())


def _clean(record: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in (None, "", [])}
