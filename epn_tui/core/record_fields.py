"""Typing a directory field from what a person typed (`epn partner|contact|journal`).

Values are stored the way partners.json keeps them (FORMAT.md): dates ISO, `tags` and
`contacts` lists, `committee` a boolean, everything else text. An empty value removes
the field. A field outside the known ones is kept as text (unknown fields are kept).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from epn_tui.core.dates import DateError, parse_user_date
from epn_tui.core.labels import INTERACTION_LABELS
from epn_tui.core.model import INTERACTION_KINDS, PARTNER_KINDS
from epn_tui.i18n import _

TABLE_OF = {"partner": "partners", "contact": "contacts", "journal": "interactions"}
DATE_FIELDS = {"contacts": ("verified", "mandate_start", "mandate_end"),
               "interactions": ("date", "next_date", "done")}
LIST_FIELDS = {"partners": ("tags",), "interactions": ("contacts",)}
REQUIRED = {"partners": ("name",), "contacts": ("name", "partner"),
            "interactions": ("date", "partner")}
ELECTED = {"municipal": "municipal", "municipale": "municipal",
           "communautaire": "communautaire", "intercommunal": "communautaire",
           "intercommunale": "communautaire", "epci": "communautaire",
           "departmental": "departmental", "departemental": "departmental",
           "departementale": "departmental", "regional": "regional", "regionale": "regional"}
YES = ("oui", "yes", "true", "vrai", "1", "o", "y")
NO = ("non", "no", "false", "faux", "0", "n")


class RecordFieldError(ValueError):
    pass


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse_record_field(table: str, key: str, text: str) -> tuple[Any, str | None]:
    """(value to store, warning or None); None as the value removes the field."""
    text = text.strip()
    if key == "id" or not key or any(c in key for c in "\n\r\t"):
        raise RecordFieldError(_("`{key}`: not a field that can be set").format(key=key))
    if not text:
        if key in REQUIRED.get(table, ()):
            raise RecordFieldError(_("`{key}` cannot be empty").format(key=key))
        return None, None
    if key in DATE_FIELDS.get(table, ()):
        try:
            return parse_user_date(text).isoformat(), None
        except DateError as exc:
            raise RecordFieldError(f"`{key}`: {exc}") from None
    if key in LIST_FIELDS.get(table, ()):
        separator = ";" if ";" in text else ","
        return [item.strip() for item in text.split(separator) if item.strip()] or None, None
    if table == "partners" and key == "kind":
        code = text.upper()
        if code in PARTNER_KINDS:
            return code, None
        return text, _("kind `{kind}` is not a code of the national schema (kept as written)"
                       ).format(kind=text)
    if table == "partners" and key == "siret":
        digits = text.replace(" ", "")
        if not (digits.isdigit() and len(digits) == 14):
            return text, _("a SIRET has 14 digits (saved as typed)")
        return digits, None
    if table == "contacts" and key == "elected":
        folded = _fold(text)
        if folded in NO:
            return None, None
        if folded in ELECTED:
            return ELECTED[folded], None
        raise RecordFieldError(_("`elected`: use municipal, communautaire, departmental or "
                                 "regional (or `non`)"))
    if table == "contacts" and key == "committee":
        folded = _fold(text)
        if folded in YES:
            return True, None
        if folded in NO:
            return None, None
        raise RecordFieldError(_("`committee`: use oui or non"))
    if table == "interactions" and key == "kind":
        folded = _fold(text)
        for code in INTERACTION_KINDS:
            if folded in (code, _fold(_(INTERACTION_LABELS.get(code, code)))):
                return code, None
        raise RecordFieldError(_("`kind`: use one of {choices}").format(
            choices=", ".join(INTERACTION_KINDS)))
    return text, None
