"""What changed between two versions of a convention or a record, for people.

Field by field (« statut : brouillon → signée », « fin : 31/08/2026 → 31/08/2027 »), and
for the text, the paragraphs that changed with their words struck or added
(`[-ancien-]{+nouveau+}`, as `git diff --word-diff=plain` writes them), not a raw
unified diff.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from epn_tui.core.changes import field_word, value_text
from epn_tui.core.text import one_line

_WORDS = re.compile(r"\s+|[^\s]+")
_MISSING: Any = object()


@dataclass(frozen=True)
class FieldChange:
    key: str
    label: str
    old: str | None  # None: absent
    new: str | None


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "removed", "added"
    text: str


@dataclass(frozen=True)
class HumanDiff:
    fields: list[FieldChange]
    paragraphs: list[list[Piece]]  # only those that changed

    @property
    def empty(self) -> bool:
        return not self.fields and not self.paragraphs

    def lines(self) -> list[str]:
        out = [f"{f.label} : {f.old if f.old is not None else '∅'} → "
               f"{f.new if f.new is not None else '∅'}" for f in self.fields]
        for paragraph in self.paragraphs:
            out.append("".join(p.text if p.kind == "same" else
                               f"[-{p.text}-]" if p.kind == "removed" else f"{{+{p.text}+}}"
                               for p in paragraph))
        return out


def _shown(key: str, value: Any) -> str | None:
    if value is _MISSING:
        return None
    if isinstance(value, list):
        return "; ".join(_shown(key, v) or "" for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(str(k), v)}" for k, v in value.items())
    return one_line(value_text(key, value))


def field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    keys = list(new) + [k for k in old if k not in new]
    return [FieldChange(k, field_word(k), _shown(k, old.get(k, _MISSING)),
                        _shown(k, new.get(k, _MISSING)))
            for k in keys if old.get(k, _MISSING) != new.get(k, _MISSING)]


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def word_diff(old: str, new: str) -> list[list[Piece]]:
    """The paragraphs that changed, word by word."""
    old_p, new_p = _paragraphs(old), _paragraphs(new)
    out: list[list[Piece]] = []
    matcher = difflib.SequenceMatcher(a=old_p, b=new_p, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = "\n\n".join(old_p[i1:i2]), "\n\n".join(new_p[j1:j2])
        a, b = _WORDS.findall(before), _WORDS.findall(after)
        pieces: list[Piece] = []
        words = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        for op, k1, k2, l1, l2 in words.get_opcodes():
            if op == "equal":
                pieces.append(Piece("same", "".join(a[k1:k2])))
                continue
            if k2 > k1:
                pieces.append(Piece("removed", "".join(a[k1:k2])))
            if l2 > l1:
                pieces.append(Piece("added", "".join(b[l1:l2])))
        out.append(pieces)
    return out


def human_diff(old_fields: Mapping[str, Any], new_fields: Mapping[str, Any],
               old_text: str = "", new_text: str = "") -> HumanDiff:
    return HumanDiff(field_changes(old_fields, new_fields), word_diff(old_text, new_text))
