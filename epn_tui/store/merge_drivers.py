"""git merge drivers for a workspace (`.gitattributes`, set up by `epn git setup`).

git calls `epn merge-driver KIND BASE OURS THEIRS PATH` when both sides changed a file:
the driver writes the merged file over OURS and exits 0, or leaves OURS with what
could be merged (conflict markers in a text, never in the front matter or JSON) and
exits 1, and git reports a conflict. The rules are the write path's (store.merge):

- partners.json: record by record, field by field. A record added on one side is
  kept; deleted on one side and untouched on the other, deleted; a field changed on
  one side takes that value; the same field changed differently on both, a conflict.
- a convention: its front matter key by key (two colleagues changing `status` and
  `signed`, adjacent lines, merge), its text line by line (merge3).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from epn_tui.store.merge import MISSING, FieldConflict


@dataclass
class DriverResult:
    data: bytes
    conflicts: list[FieldConflict] = field(default_factory=list)  # field = where
    text_conflicts: int = 0

    @property
    def clean(self) -> bool:
        return not self.conflicts and not self.text_conflicts


def _three_way(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool]:
    """(merged value, conflict?) for one field or record; MISSING for absent."""
    if ours == theirs:
        return ours, False
    if base == ours:
        return theirs, False
    if base == theirs:
        return ours, False
    return ours, True


def merge_partners(base: bytes, ours: bytes, theirs: bytes) -> DriverResult:
    from epn_tui.store.partners import dumps

    def load(raw: bytes) -> dict[str, dict[str, Any]]:
        if not raw.strip():
            return {}
        data = json.loads(raw.decode("utf-8"))
        return data if isinstance(data, dict) else {}

    b, o, t = load(base), load(ours), load(theirs)
    merged: dict[str, dict[str, Any]] = {}
    conflicts: list[FieldConflict] = []
    for table in sorted(set(b) | set(o) | set(t)):
        bt, ot, tt = b.get(table, {}), o.get(table, {}), t.get(table, {})
        out: dict[str, Any] = {}
        for doc_id in sorted(set(bt) | set(ot) | set(tt)):
            br, orec, trec = (bt.get(doc_id, MISSING), ot.get(doc_id, MISSING),
                              tt.get(doc_id, MISSING))
            value, clash = _three_way(br, orec, trec)
            if clash and isinstance(orec, dict) and isinstance(trec, dict):
                value, fields = _merge_record(br if isinstance(br, dict) else {}, orec, trec)
                conflicts.extend(FieldConflict(f"{doc_id}.{k}", trec.get(k, MISSING),
                                               orec.get(k, MISSING)) for k in fields)
            elif clash:  # deleted on one side, changed on the other
                conflicts.append(FieldConflict(doc_id, trec, orec))
            if value is not MISSING:
                out[doc_id] = value
        if out or table in o:
            merged[table] = out
    return DriverResult(dumps(merged), conflicts)


def _merge_record(base: Mapping[str, Any], ours: Mapping[str, Any],
                  theirs: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    record: dict[str, Any] = {}
    clashes: list[str] = []
    for key in sorted(set(base) | set(ours) | set(theirs)):
        value, clash = _three_way(base.get(key, MISSING), ours.get(key, MISSING),
                                  theirs.get(key, MISSING))
        if clash:
            clashes.append(key)
        if value is not MISSING:
            record[key] = value
    return record, clashes


def merge_convention(base: bytes, ours: bytes, theirs: bytes) -> DriverResult:
    """Front matter key by key onto ours, then the texts line by line."""
    from merge3 import Merge3

    from epn_tui.store.frontmatter import FrontMatterError, decode, load_mapping, split
    from epn_tui.store.splice import DELETE, SpliceError, set_fields

    texts = [decode(x) if x else "" for x in (base, ours, theirs)]
    try:
        parts = [split(x) for x in texts]
        maps = [load_mapping(p.front_matter(x), p.fm_line) for p, x in zip(parts, texts,
                                                                            strict=True)]
    except FrontMatterError:
        return _merge_lines(texts, ours)
    b, o, t = maps
    changes: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for key in list(t) + [k for k in b if k not in t]:
        value, clash = _three_way(b.get(key, MISSING), o.get(key, MISSING), t.get(key, MISSING))
        if clash:
            conflicts.append(FieldConflict(key, t.get(key, MISSING), o.get(key, MISSING)))
        elif value != o.get(key, MISSING):
            changes[key] = DELETE if value is MISSING else value
    merged = texts[1]
    if changes:
        try:
            merged = set_fields(merged, changes)
        except (SpliceError, FrontMatterError):
            return _merge_lines(texts, ours)
    head = merged[: split(merged).body_start]
    bodies = [x[p.body_start:] for p, x in zip(parts, texts, strict=True)]
    merger = Merge3(bodies[0].splitlines(True), bodies[1].splitlines(True),
                    bodies[2].splitlines(True))
    lines = list(merger.merge_lines(name_a="ici", name_b="dépôt",
                                    start_marker="<<<<<<<", mid_marker="=======",
                                    end_marker=">>>>>>>"))
    text_conflicts = sum(1 for g in merger.merge_groups() if g[0] == "conflict")
    return DriverResult((head + "".join(lines)).encode("utf-8"), conflicts, text_conflicts)


def _merge_lines(texts: list[str], ours: bytes) -> DriverResult:
    """A front matter that cannot be read: the whole file line by line, as git would."""
    from merge3 import Merge3

    base, ours_lines, theirs_lines = (x.splitlines(True) for x in texts)
    merger = Merge3(base, ours_lines, theirs_lines)
    conflicts = sum(1 for g in merger.merge_groups() if g[0] == "conflict")
    if conflicts:
        return DriverResult(ours, text_conflicts=conflicts)
    return DriverResult("".join(merger.merge_lines()).encode("utf-8"))
