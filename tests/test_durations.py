"""Durations as people write them (FORMAT.md): ISO 8601 or `1 an et 6 mois`."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from epn_tui.core.durations import OPEN_ENDED, Duration, DurationError, parse_duration


@pytest.mark.parametrize(("text", "expected"), [
    ("1 an", Duration(1, 0, 0)),
    ("2 ans", Duration(2, 0, 0)),
    ("1 année", Duration(1, 0, 0)),
    ("3 Années", Duration(3, 0, 0)),
    ("18 mois", Duration(0, 18, 0)),
    ("1 an et 6 mois", Duration(1, 6, 0)),
    ("1 an, 6 mois", Duration(1, 6, 0)),
    ("1 an 6 mois", Duration(1, 6, 0)),
    ("1an6mois", Duration(1, 6, 0)),
    ("1 year and 2 months", Duration(1, 2, 0)),
    ("2 weeks", Duration(0, 0, 14)),
    ("1 semaine", Duration(0, 0, 7)),
    ("10 jours", Duration(0, 0, 10)),
    ("1 day", Duration(0, 0, 1)),
    ("P1Y6M", Duration(1, 6, 0)),
    ("p1y6m", Duration(1, 6, 0)),
    ("P2W", Duration(0, 0, 14)),
    ("P1Y2M3D", Duration(1, 2, 3)),
    ("  1 an  ", Duration(1, 0, 0)),
    ("indéterminée", OPEN_ENDED),
    ("Indéterminée", OPEN_ENDED),
    ("durée indéterminée", OPEN_ENDED),
    ("open-ended", OPEN_ENDED),
])
def test_parse(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", [
    "", "   ", "abc", "1", "an", "1 parsec", "P", "PT1H", "-1 an", "1,5 an", "1 an et",
    "un an",
])
def test_unreadable(text: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(text)


def test_open_ended_and_zero() -> None:
    assert OPEN_ENDED.open_ended and not OPEN_ENDED.is_zero
    assert parse_duration("P0D").is_zero
    assert parse_duration("0 mois").is_zero


durations = st.builds(Duration, st.integers(0, 30), st.integers(0, 40), st.integers(0, 400))


@given(durations)
def test_iso_round_trip(d: Duration) -> None:
    assert parse_duration(d.iso()) == d
    assert Duration.from_json(d.to_json()) == d


def test_json_round_trip_open_ended() -> None:
    assert Duration.from_json(OPEN_ENDED.to_json()) == OPEN_ENDED
    assert parse_duration(OPEN_ENDED.iso()) == OPEN_ENDED


@given(durations, st.integers(0, 50),
       st.dates(min_value=date(1950, 1, 1), max_value=date(2200, 12, 31)))
def test_times_is_one_relativedelta(d: Duration, k: int, day: date) -> None:
    """k·P is applied at once (never P added k times), exactly as relativedelta does."""
    expected = day + relativedelta(years=k * d.years, months=k * d.months, days=k * d.days)
    assert day + d.times(k) == expected
