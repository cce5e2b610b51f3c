"""Durations as FORMAT.md writes them: ISO 8601 (`P1Y6M`) or `1 an et 6 mois`.

A duration is kept as (years, months, days) and applied with python-dateutil's
`relativedelta`, so month ends and leap years follow dateutil's rules.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from msgspec import Struct

_UNITS = {
    # days
    "j": "d", "jour": "d", "jours": "d", "day": "d", "days": "d", "d": "d",
    # weeks
    "semaine": "w", "semaines": "w", "sem": "w", "week": "w", "weeks": "w", "w": "w",
    # months
    "mois": "m", "month": "m", "months": "m", "m": "m",
    # years
    "an": "y", "ans": "y", "annee": "y", "annees": "y", "year": "y", "years": "y", "a": "y",
    "y": "y",
}
_OPEN_ENDED = {
    "indeterminee", "indetermine", "duree indeterminee", "indefinite", "open-ended",
    "open ended", "unlimited", "illimitee",
}
_ISO = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", re.IGNORECASE)
_PART = re.compile(r"(\d+)\s*([^\W\d_]+)\.?")
_JOINERS = re.compile(r"\s*(?:,|\bet\b|\band\b|\+)\s*", re.IGNORECASE)


class DurationError(ValueError):
    """A duration that cannot be read; the message says what is accepted."""


class Duration(Struct, frozen=True, gc=False, array_like=True):
    """(years, months, days) or open-ended; in the cache as `[y, m, d, open_ended]`."""

    years: int = 0
    months: int = 0
    days: int = 0
    open_ended: bool = False

    @property
    def delta(self) -> relativedelta:
        return _delta(self.years, self.months, self.days)

    def times(self, k: int) -> relativedelta:
        """k·P as one relativedelta (never chained: no month-end drift)."""
        return _delta(k * self.years, k * self.months, k * self.days)

    def after(self, day: date, k: int = 1) -> date:
        """day + k·P."""
        return shift(day, k * self.years, k * self.months, k * self.days)

    def before(self, day: date) -> date:
        """day − P."""
        return shift(day, -self.years, -self.months, -self.days)

    @property
    def max_days(self) -> int:
        """An upper bound of the length in days, whatever the start date."""
        return self.years * 366 + self.months * 31 + self.days

    @property
    def approx_days(self) -> float:
        return self.years * 365.2425 + self.months * 30.436875 + self.days

    @property
    def is_zero(self) -> bool:
        return not self.open_ended and self.years == self.months == self.days == 0

    def iso(self) -> str:
        if self.open_ended:
            return "indéterminée"
        out = "P"
        if self.years:
            out += f"{self.years}Y"
        if self.months:
            out += f"{self.months}M"
        if self.days or out == "P":
            out += f"{self.days}D"
        return out

    def to_json(self) -> list[int]:
        return [self.years, self.months, self.days, int(self.open_ended)]

    @classmethod
    def from_json(cls, data: list[int]) -> Duration:
        return _from_json(data[0], data[1], data[2], data[3])


OPEN_ENDED = Duration(open_ended=True)


# relativedelta objects are built often in the deadline loops and never mutated here:
# share them. A workspace uses a handful of distinct durations.
@lru_cache(maxsize=1024)
def _delta(years: int, months: int, days: int) -> relativedelta:
    return relativedelta(years=years, months=months, days=days)


@lru_cache(maxsize=65536)
def shift(day: date, years: int, months: int, days: int) -> date:
    """`day + relativedelta(...)`, memoised: the UI and `due` ask for the same term ends
    again and again, and each relativedelta addition costs several microseconds."""
    result: date = day + _delta(years, months, days)
    return result


@lru_cache(maxsize=256)
def _from_json(years: int, months: int, days: int, open_ended: int) -> Duration:
    return Duration(years, months, days, bool(open_ended))


def _fold(text: str) -> str:
    """Lower case without accents: `Année` and `annee` are the same unit."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def parse_duration(text: str) -> Duration:
    """Read `1 an`, `18 mois`, `1 an et 6 mois`, `2 weeks`, `P1Y6M`, `indéterminée`.

    Raises DurationError with a message that says what is accepted.
    """
    raw = str(text)
    folded = _fold(raw)
    if not folded:
        raise DurationError("empty duration")
    if folded in _OPEN_ENDED:
        return OPEN_ENDED
    iso = _ISO.fullmatch(folded.upper())
    if iso and folded != "p":
        y, m, w, d = (int(g) if g else 0 for g in iso.groups())
        return Duration(y, m, d + 7 * w)
    years = months = days = 0
    pieces = _JOINERS.split(folded)
    if any(not p.strip() for p in pieces):
        # `1 an et` or `, 6 mois`: a part is missing; never read it as less than written.
        raise DurationError(f"cannot read duration {raw!r}")
    found = False
    for piece in pieces:
        pos = 0
        piece = piece.strip()
        while pos < len(piece):
            match = _PART.match(piece, pos)
            if not match:
                raise DurationError(f"cannot read duration {raw!r}")
            unit = _UNITS.get(match.group(2))
            if unit is None:
                raise DurationError(f"unknown unit {match.group(2)!r} in duration {raw!r}")
            n = int(match.group(1))
            if unit == "y":
                years += n
            elif unit == "m":
                months += n
            elif unit == "w":
                days += 7 * n
            else:
                days += n
            found = True
            pos = match.end()
            while pos < len(piece) and piece[pos].isspace():
                pos += 1
    if not found:
        raise DurationError(f"cannot read duration {raw!r}")
    return Duration(years, months, days)
