"""A convention's or a directory record's content at a version, and what changed between
two versions, for people: what `epn diff` prints and the UI's history screen shows.

Moved here from `commands/diff.py` so that the terminal UI (which does not import the
commands) shares it. A *subject* is anything with `table` ("conventions" or a
directory table), `doc_id`, `path` (relative to the workspace) and `is_convention`:
`commands.versions.Target` is one.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from epn_tui.core.human_diff import HumanDiff
    from epn_tui.store.git import Repo


class Subject(Protocol):
    @property
    def table(self) -> str: ...

    @property
    def doc_id(self) -> str: ...

    @property
    def path(self) -> str: ...

    @property
    def is_convention(self) -> bool: ...


def content(repo: Repo, what: Subject, rev: str | None) -> Any:
    """The convention's text, or the record (a dict), at `rev` (None: as on disk now);
    None when it did not exist then (or cannot be read now)."""
    from epn_tui.store import history

    if rev is None:
        path = repo.root / what.path
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        if what.is_convention:
            # Decoded as a version's bytes are: the two compare equal when unchanged.
            return raw.decode("utf-8", "replace")
        try:
            data = json.loads(raw.decode("utf-8"))
            record = data.get(what.table, {}).get(what.doc_id)
        except (UnicodeDecodeError, ValueError, AttributeError):
            return None
        return record if isinstance(record, dict) else None
    if what.is_convention:
        raw_at = history.file_at(repo, rev, what.path)
        return raw_at.decode("utf-8", "replace") if raw_at is not None else None
    return history.record_at(repo, rev, what.table, what.doc_id)


def human(what: Subject, old: Any, new: Any) -> HumanDiff:
    """Field by field (and, for a convention, its text word by word) from `old` to
    `new`, as `content` gives them (None: did not exist)."""
    from epn_tui.core.human_diff import human_diff

    if not what.is_convention:
        return human_diff(old or {}, new or {})
    from epn_tui.store.frontmatter import FrontMatterError, load_mapping, split

    def parts(text: str | None) -> tuple[dict[str, Any], str]:
        if not text:
            return {}, ""
        try:
            p = split(text)
            return load_mapping(p.front_matter(text), p.fm_line), text[p.body_start:]
        except FrontMatterError:
            return {}, text

    (a, abody), (b, bbody) = parts(old), parts(new)
    return human_diff(a, b, abody, bbody)
