"""Dates: stored ISO, shown the French way (`1er septembre 2025`, `15/09/2025`)."""

from __future__ import annotations

import calendar
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
    """Not a date. `str()` says why, for a person: the text is written as a date but
    that day does not exist (`impossible`: `31/11/2026`), or it is not a date at all."""

    def __init__(self, text: str, reason: str | None = None) -> None:
        super().__init__(reason or _("not a date: write it as 15/09/2025 (or 2025-09-15)"))
        self.text = text
        self.impossible = reason is not None


def month_name(month: int) -> str:
    """`novembre` in French (as in a sentence), `November` in English."""
    name = _(MONTHS[month - 1])
    return name if current_language() == "en" else name.lower()


def _no_such_day(text: str, year: int, month: int, day: int) -> DateError:
    """The format was right, the calendar says no: say which part is wrong."""
    if not 1 <= month <= 12:
        reason = _("{date} does not exist: there is no month {month}").format(
            date=text, month=month)
    elif year < 1:
        reason = _("{date} does not exist: years start at 1").format(date=text)
    elif day < 1:
        reason = _("{date} does not exist: days start at 1").format(date=text)
    else:
        days = calendar.monthrange(year, month)[1]
        reason = _("{date} does not exist: {month} {year} has {days} days").format(
            date=text, month=month_name(month), year=year, days=days)
    return DateError(text, reason)


def parse_iso_date(text: str) -> date:
    """Strict `YYYY-MM-DD` (what files hold)."""
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        raise DateError(text)
    try:
        return date.fromisoformat(text)
    except ValueError:
        year, month, day = (int(part) for part in text.split("-"))
        raise _no_such_day(text, year, month, day) from None


def parse_user_date(text: str) -> date:
    """What a person types in a form: `15/09/2025`, `15.09.2025` or `2025-09-15`."""
    text = text.strip()
    match = _FR_DATE.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise _no_such_day(text, year, month, day) from None
    return parse_iso_date(text)


def format_long(day: date) -> str:
    """`1er septembre 2025` in French, `September 1, 2025` in English."""
    month = month_name(day.month)
    if current_language() == "en":
        return f"{month} {day.day}, {day.year}"
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {month} {day.year}"


def format_short(day: date) -> str:
    """`15/09/2025` in French, `2025-09-15` in English (unambiguous for both sides)."""
    if current_language() == "en":
        return day.isoformat()
    return day.strftime("%d/%m/%Y")
