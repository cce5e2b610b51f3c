"""Dates: stored ISO, shown the French way (`1er septembre 2025`, `15/09/2025`)."""

from __future__ import annotations

import re
from datetime import date

from epn_tui.i18n import N_, _, current_language

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FR_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")

MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)


class DateError(ValueError):
    pass


def parse_iso_date(text: str) -> date:
    """Strict `YYYY-MM-DD` (what files hold)."""
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        raise DateError(text)
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise DateError(text) from exc


def parse_user_date(text: str) -> date:
    """What a person types in a form: `15/09/2025`, `15.09.2025` or `2025-09-15`."""
    text = text.strip()
    match = _FR_DATE.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError as exc:
            raise DateError(text) from exc
    return parse_iso_date(text)


def format_long(day: date) -> str:
    """`1er septembre 2025` in French, `September 1, 2025` in English."""
    month = _(MONTHS[day.month - 1])
    if current_language() == "en":
        return f"{month} {day.day}, {day.year}"
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {month.lower()} {day.year}"


def format_short(day: date) -> str:
    """`15/09/2025` in French, `2025-09-15` in English (unambiguous for both sides)."""
    if current_language() == "en":
        return day.isoformat()
    return day.strftime("%d/%m/%Y")
