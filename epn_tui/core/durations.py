"""Durations as FORMAT.md writes them: ISO 8601 (`P1Y6M`) or `1 an et 6 mois`.

A duration is kept as (years, months, days) and applied with python-dateutil's
`relativedelta`. Terms use the anniversary `S ⊕ P` of FORMAT.md ("de quantième à
quantième": a day the target month lacks gives the 1st of the next month); notices and
follow-ups use dateutil's plain addition, which clips to the month's last day.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from datetime import date, timedelta
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

    def anniversary(self, day: date) -> date:
        """day ⊕ P (FORMAT.md): the day a term of length P starting on `day` is over."""
        return anniversary(day, self.years, self.months, self.days)

    def chained(self, first: date, k: int) -> date:
        """first ⊕ P ⊕ P … (k times), each anniversary taken from the previous one: the
        start of the k-th term after a term that starts on `first`."""
        if not self.days and first.day <= 28:  # most terms: a plain multiple, no clip
            return shift(first, k * self.years, k * self.months, 0)
        return _chained(first, self.years, self.months, self.days, k)

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


ONE_DAY = timedelta(days=1)


def anniversary(day: date, years: int, months: int, days: int) -> date:
    """`day ⊕ P`, de quantième à quantième (FORMAT.md): P's years and months added with
    relativedelta; when the day does not exist in that month (31 → April, 29 February →
    2025), relativedelta clips it to the month's last day: the anniversary is then the
    1st of the next month. P's days (and weeks) come last."""
    out = shift(day, years, months, 0) if years or months else day
    if out.day != day.day:  # clipped to the month's last day
        out += ONE_DAY
    return out + timedelta(days=days) if days else out


# The shortest length of each month: a day-of-month up to this never clips there.
_MONTH_MIN_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _never_clips(day: date, years: int, months: int) -> bool:
    """Whether every anniversary day + i·(years, months) keeps `day`'s day of the month:
    then chained anniversaries are plain multiples, `S + i·P` (no iteration)."""
    if day.day <= 28:
        return True
    step = (12 * years + months) % 12
    month = day.month
    for _ in range(12):
        if _MONTH_MIN_DAYS[month] < day.day:
            return False
        month = (month - 1 + step) % 12 + 1
        if month == day.month:
            break
    return True


@lru_cache(maxsize=65536)
def _settled(first: date, years: int, months: int) -> tuple[tuple[date, ...], bool]:
    """The chain first, first ⊕ P, … up to the first date from which it never clips
    (a 31st, say, is followed by a 1st within a year), and whether it got there before
    9999-12-31."""
    out = [first]
    day = first
    while not _never_clips(day, years, months):
        try:
            day = anniversary(day, years, months, 0)
        except (OverflowError, ValueError):
            return tuple(out), False
        out.append(day)
    return tuple(out), True


# Periods with both months and days (`1 mois et 15 jours`) move the day of the month at
# every term: their chains are walked, and kept here, a few conventions at most (the UI
# computes in two threads: one walks at a time).
_WALKED: dict[tuple[date, int, int, int], list[date]] = {}
_WALKING = threading.Lock()


@lru_cache(maxsize=65536)
def _chained(first: date, years: int, months: int, days: int, k: int) -> date:
    """first ⊕ P, k times chained. Once a start's day of the month exists in every month
    the chain reaches (a day ≤ 28 always does) and P has no days, the following starts
    are S + i·P in closed form; only the few starts before that, and periods mixing
    months and days, are walked one by one."""
    if k == 0:
        return first
    if not years and not months:
        return first + timedelta(days=k * days)
    if not days:
        chain, settled = _settled(first, years, months)
        j = len(chain) - 1
        if k <= j:
            return chain[k]
        if not settled:
            raise OverflowError("date past 9999-12-31")
        return shift(chain[j], (k - j) * years, (k - j) * months, 0)
    key = (first, years, months, days)
    with _WALKING:
        walked = _WALKED.get(key)
        if walked is None:
            if len(_WALKED) >= 256:
                _WALKED.clear()
            walked = _WALKED[key] = [first]
        while len(walked) <= k:
            walked.append(anniversary(walked[-1], years, months, days))
        return walked[k]


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
