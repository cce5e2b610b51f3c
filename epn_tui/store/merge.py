"""Three-way merges for when two writers meet: fields of a record, lines of a text.

The caller says what it read (the base) and what it changes; the store re-reads the
file under the write lock (theirs) and merges:

- fields (a convention's front-matter keys, a partner's or contact's fields): a field
  the other writer changed and we did not is kept; a field we both changed to
  different values is a conflict;
- a convention's text: merge3 (the diff3 algorithm of bzr/breezy) merges line hunks;
  hunks that overlap are a conflict, unless the person chose to keep theirs.

Nothing here does IO; store.transaction applies it under the lock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from epn_tui.core.text import one_line
from epn_tui.i18n import _
from epn_tui.store.atomic import ConflictError

MISSING: Any = object()  # a field that is absent (or removed)


@dataclass(frozen=True)
class FieldConflict:
    """A field both writers changed: what it holds on disk now, and what we wanted."""

    field: str
    theirs: Any  # MISSING when the other writer removed it
    mine: Any  # MISSING when we remove it

    def describe(self, limit: int = 60) -> str:
        """Their value, short, for a one-line message."""
        return _short(self.theirs, limit)

    def describe_mine(self, limit: int = 60) -> str:
        return _short(self.mine, limit)


def _short(value: Any, limit: int) -> str:
    if value is MISSING:
        return _("removed")
    text = one_line(shown_value(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown_value(value: Any) -> str:
    """A value as a person reads it: lists joined, yes/no for booleans."""
    if isinstance(value, (list, tuple)):
        return ", ".join(shown_value(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {shown_value(v)}" for k, v in value.items())
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value)


class WriteConflict(ConflictError):
    """Both writers changed the same fields; nothing was written.

    `str()` is one line per field: `path: field: changed by someone else (now « … »);
    nothing written` (`path` names the record too, for partners.json).
    """

    def __init__(self, where: str, conflicts: list[FieldConflict],
                 theirs: Mapping[str, Any] | None = None) -> None:
        self.where = where
        self.conflicts = conflicts
        self.theirs = dict(theirs) if theirs is not None else None  # the record on disk
        super().__init__("\n".join(
            _("{where}: {field}: changed by someone else (now « {now} »); nothing written")
            .format(where=where, field=c.field, now=c.describe()) for c in conflicts))


class RecordGone(ConflictError):
    """The record was deleted by someone else since it was read; nothing written."""


class TextConflict(ConflictError):
    """Both writers changed the same lines of a convention's text; nothing written."""

    def __init__(self, where: str, theirs: str, hunks: int) -> None:
        self.where = where
        self.theirs = theirs  # the whole file on disk
        self.hunks = hunks
        super().__init__(_("{where}: the text was changed by someone else at the same "
                           "places ({n} passages); nothing written")
                         .format(where=where, n=hunks))


def field_conflicts(base: Mapping[str, Any], theirs: Mapping[str, Any],
                    changes: Mapping[str, Any],
                    wanted: Callable[[Any], Any] = lambda v: v) -> list[FieldConflict]:
    """The fields of `changes` that the other writer changed too, to something else.

    `wanted(value)` is what a change leaves in the record (MISSING for a removal), in
    the form `base` and `theirs` hold values.
    """
    found: list[FieldConflict] = []
    for key, value in changes.items():
        before = base.get(key, MISSING)
        now = theirs.get(key, MISSING)
        if before == now:
            continue  # the other writer left this field alone
        mine = wanted(value)
        if mine == now:
            continue  # both made the same change
        found.append(FieldConflict(key, now, mine))
    return found


@dataclass(frozen=True)
class TextMerge:
    text: str
    conflicts: int  # overlapping hunks (resolved by `prefer` when it was given)


def merge_text(base: str, mine: str, theirs: str, prefer: str | None = None) -> TextMerge:
    """Merge two edits of `base`, line by line.

    `prefer`: None leaves overlapping hunks unresolved (the text is then `theirs`, and
    `conflicts` says how many); "mine" or "theirs" takes that side's lines there.
    """
    from merge3 import Merge3

    if mine == base or mine == theirs:
        return TextMerge(theirs, 0)
    if theirs == base:
        return TextMerge(mine, 0)
    out: list[str] = []
    conflicts = 0
    merger = Merge3(base.splitlines(True), mine.splitlines(True), theirs.splitlines(True))
    for group in merger.merge_groups():
        if group[0] == "conflict":
            conflicts += 1
            out.extend(group[2] if prefer == "mine" else group[3])
        else:
            out.extend(group[1])
    if conflicts and prefer is None:
        return TextMerge(theirs, conflicts)
    return TextMerge("".join(out), conflicts)
