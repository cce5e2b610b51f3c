"""Who a contact is in the relationship: élu référent, agent référent, président.

Roles are free text typed by people (`élu référent`, `Élue référente`, `agent
référent`, `Présidente`): they are compared folded (lower case, no accents), word by
word, so `vice-présidente` is not taken for the president.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the conventions list folds titles before any record is loaded
    from epn_tui.core.model import Contact

_ELU_REFERENT = re.compile(r"\b(elue?s?|elected)\b.*\b(referente?s?|referent|liaison)\b"
                           r"|\breferente?s?\s+elue?s?\b")
_AGENT_REFERENT = re.compile(r"\b(agent|agente|officer)\b.*\b(referente?s?|referent|liaison)\b"
                             r"|\breferente?s?\s+(agent|agente|technique)\b")
# `vice-président` must not match: the word must start the role.
_PRESIDENT = re.compile(r"^(co-?)?(presidente?|president|chair(man|woman|person)?)\b")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_COMMITTEE_WORDS = re.compile(r"\b(comites?|copils?|steering|committees?)\b")


def fold(text: str) -> str:
    """Lower case without accents, whitespace collapsed: the form used to compare."""
    text = str(text).casefold()
    if not text.isascii():
        # Removing combining marks with one regex pass (C speed) instead of a
        # per-character test: the conventions list folds 10,000 titles at start.
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(text.split())


def is_elu_referent(contact: Contact) -> bool:
    return bool(_ELU_REFERENT.search(fold(contact.role)))


def is_agent_referent(contact: Contact) -> bool:
    return bool(_AGENT_REFERENT.search(fold(contact.role)))


def is_president(contact: Contact) -> bool:
    return bool(_PRESIDENT.search(fold(contact.role)))


def mentions_committee(text: str) -> bool:
    """A follow-up such as `Comité de pilotage` or `COPIL semestriel`."""
    return bool(_COMMITTEE_WORDS.search(fold(text)))
