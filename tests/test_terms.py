"""The renewal engine (FORMAT.md "Terms and renewals", "Deadlines").

Expected dates are computed by hand from FORMAT's rules (terms de quantième à
quantième: `end₀ = (start ⊕ duration) − 1 day`, `Sₖ = endₖ₋₁ + 1 day`,
`endₖ = (Sₖ ⊕ P) − 1 day`, where `S ⊕ P` is the 1st of the next month when S's day does
not exist in the month reached) and, in the property tests, with a reference
anniversary written here on python-dateutil's relativedelta.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from epn_tui.core.durations import Duration, parse_duration
from epn_tui.core.labels import deadline_label
from epn_tui.core.model import DEADLINE_KINDS, Convention, FollowUp, Party
from epn_tui.core.terms import (
    Plan,
    deadlines,
    deadlines_within,
    final_end,
    initial_end,
    next_deadline,
    quiet,
    state,
    term,
    term_end,
    term_index_at,
    terms,
)

D = date.fromisoformat
ONE = timedelta(days=1)


def make(**fields: Any) -> Convention:
    """A signed convention; durations given as text, dates as ISO text."""
    values: dict[str, Any] = {
        "id": "c", "path": "c.md", "title": "C", "status": "signed",
        "parties": (Party("ecole"),),
    }
    for key, value in fields.items():
        if key in ("duration", "renewal_period", "notice") and isinstance(value, str):
            value = parse_duration(value)
        elif key in ("start", "end", "signed", "terminated") and isinstance(value, str):
            value = D(value)
        values[key] = value
    return Convention(**values)


def kinds(found: list[Any]) -> list[tuple[str, str, int | None]]:
    return [(d.date.isoformat(), d.kind, d.term) for d in found]


# Hand-checked examples ---------------------------------------------------------------

# Issue 12's table: what the earlier rule (clip, then − 1 day) got wrong.

def test_leap_day_plus_one_year_ends_28_february() -> None:
    # 2024-02-29 ⊕ 1 an: no 29 February 2025, so 2025-03-01; the term ends the day before.
    c = make(start="2024-02-29", duration="1 an", renewal="tacit")
    assert initial_end(c) == D("2025-02-28")  # not 2025-02-27
    # Chained from 2025-03-01: every renewal ends on the last day of February.
    assert term_end(c, 1) == D("2026-02-28")
    assert term_end(c, 3) == D("2028-02-29")


def test_31_january_renewed_monthly() -> None:
    c = make(start="2025-01-31", duration="1 mois", renewal="tacit")
    assert [(t.start, t.end) for t in terms(c, until=D("2025-05-31"))] == [
        (D("2025-01-31"), D("2025-02-28")), (D("2025-03-01"), D("2025-03-31")),
        (D("2025-04-01"), D("2025-04-30")), (D("2025-05-01"), D("2025-05-31"))]
    # Never the 27th of every month, and no drift years later.
    assert term_end(c, 24) == D("2027-02-28")
    assert term_end(c, 25) == D("2027-03-31")


def test_31_august_plus_one_year_six_months() -> None:
    c = make(start="2025-08-31", duration="1 an et 6 mois")
    assert initial_end(c) == D("2027-02-28")  # not 2027-02-27
    assert final_end(c) == D("2027-02-28")


# FORMAT.md's examples of the initial term.
@pytest.mark.parametrize(("start", "duration", "end"), [
    ("2025-03-01", "1 an", "2026-02-28"),
    ("2024-02-29", "1 an", "2025-02-28"),
    ("2025-01-31", "1 mois", "2025-02-28"),
    ("2025-08-31", "1 an et 6 mois", "2027-02-28"),
])
def test_format_examples(start: str, duration: str, end: str) -> None:
    assert initial_end(make(start=start, duration=duration)) == D(end)


def test_month_end_start_in_a_leap_year() -> None:
    # 2024-01-31 ⊕ 1 mois = 2024-03-01 (no 31 February); − 1 day = 2024-02-29.
    c = make(start="2024-01-31", duration="1 mois", renewal="tacit")
    assert initial_end(c) == D("2024-02-29")
    # S₁ = 2024-03-01: every renewal runs from the 1st to the month's last day.
    assert term_end(c, 1) == D("2024-03-31")
    assert term_end(c, 2) == D("2024-04-30")
    assert term_end(c, 12) == D("2025-02-28")


def test_31_august_plus_six_months() -> None:
    # 2025-08-31 ⊕ 6 mois = 2026-03-01 (no 31 February); − 1 day = 2026-02-28.
    c = make(start="2025-08-31", duration="6 mois", renewal="tacit")
    assert initial_end(c) == D("2026-02-28")
    # S₁ = 2026-03-01; ⊕ 6 mois = 2026-09-01, − 1 = 2026-08-31; then 2027-02-28.
    assert [t.end for t in terms(c, until=D("2027-01-01"))] == [
        D("2026-02-28"), D("2026-08-31"), D("2027-02-28")]


def test_day_part_comes_after_the_months() -> None:
    # 2025-01-31 ⊕ (1 mois et 3 jours): 2025-03-01 first, then + 3 days = 2025-03-04.
    c = make(start="2025-01-31", duration="1 mois et 3 jours", renewal="tacit")
    assert initial_end(c) == D("2025-03-03")
    # Chained: 2025-03-04 ⊕ P = 2025-04-07, − 1; then 2025-05-10, − 1.
    assert term_end(c, 1) == D("2025-04-06")
    assert term_end(c, 2) == D("2025-05-09")


def test_30th_renewed_yearly_keeps_its_day() -> None:
    # 30 January exists every year: no clip, the terms keep the 30th (closed form).
    c = make(start="2025-01-30", duration="1 an", renewal="tacit")
    assert term_end(c, 0) == D("2026-01-29")
    assert term_end(c, 100) == D("2126-01-29")


def test_end_given_and_renewal_period() -> None:
    c = make(start="2026-01-01", end="2026-12-31", renewal="tacit", renewal_period="1 an",
             max_renewals=1)
    assert initial_end(c) == D("2026-12-31")
    assert final_end(c) == D("2027-12-31")
    assert [(t.index, t.start, t.end) for t in terms(c)] == [
        (0, D("2026-01-01"), D("2026-12-31")), (1, D("2027-01-01"), D("2027-12-31"))]


def test_two_years_then_yearly_renewal() -> None:
    c = make(start="2025-12-01", duration="2 ans", renewal="tacit", renewal_period="1 an")
    assert initial_end(c) == D("2027-11-30")
    assert term_end(c, 1) == D("2028-11-30")
    assert final_end(c) is None  # unlimited tacit renewal


def test_tacit_with_notice_and_max_renewals() -> None:
    c = make(start="2025-09-01", duration="1 an", renewal="tacit", notice="3 mois",
             max_renewals=2)
    assert final_end(c) == D("2028-08-31")
    found = deadlines(c, D("2026-01-01"), 1200)
    assert kinds(found) == [
        ("2026-05-31", "notice", 0),
        ("2026-09-01", "renewal", 1),  # the renewed term's first day
        ("2027-05-31", "notice", 1),
        ("2027-09-01", "renewal", 2),
        ("2028-08-31", "end", None),  # the last term is not renewed: no notice, no renewal
    ]
    assert [d.days for d in found][:2] == [150, 243]
    assert not any(d.express for d in found)


def test_renewal_on_today_is_listed() -> None:
    """The renewal takes effect the day after a term ends: on that day it is listed,
    although the term it follows ended yesterday."""
    c = make(start="2025-09-01", duration="1 an", renewal="tacit", notice="3 mois")
    assert kinds(deadlines(c, D("2026-09-01"), 0)) == [("2026-09-01", "renewal", 1)]
    assert kinds(deadlines_within([c], D("2026-09-01"), 30)) == [
        ("2026-09-01", "renewal", 1)]
    nxt = next_deadline(c, D("2026-09-01"))
    assert nxt is not None and (nxt.date, nxt.kind) == (D("2026-09-01"), "renewal")
    # Monthly from the 31st: the renewal is on the 1st.
    monthly = make(start="2025-01-31", duration="1 mois", renewal="tacit")
    assert kinds(deadlines(monthly, D("2025-03-01"), 31)) == [
        ("2025-03-01", "renewal", 1), ("2025-04-01", "renewal", 2)]


def test_express_with_notice() -> None:
    c = make(start="2024-07-01", duration="3 ans", renewal="express", notice="3 mois")
    assert final_end(c) == D("2027-06-30")
    found = deadlines(c, D("2026-11-22"), 365)
    assert kinds(found) == [("2027-03-30", "notice", 0), ("2027-06-30", "end", None)]
    # The last day to ask for a renewal: kind `notice`, marked express (JSON too).
    assert [d.express for d in found] == [True, False]
    assert found[0].as_json()["express"] is True and "express" not in found[1].as_json()
    # Labelled as what it is, from the record or from its JSON (the kept dashboard).
    for d in (found[0], found[0].as_json()):
        assert deadline_label(d) == "dernier jour pour demander le renouvellement"
        assert deadline_label(d, short=True) == "demande"
    tacit = make(start="2024-07-01", duration="3 ans", renewal="tacit", notice="3 mois")
    notice = deadlines(tacit, D("2026-11-22"), 365)[0]
    assert (notice.kind, notice.express) == ("notice", False)
    assert deadline_label(notice) == deadline_label(notice.as_json()) == \
        "dernier jour pour dénoncer"


def test_express_without_notice_and_none() -> None:
    express = make(start="2025-01-01", duration="1 an", renewal="express")
    none = make(start="2025-01-01", duration="1 an")
    for c in (express, none):
        assert final_end(c) == D("2025-12-31")
        assert kinds(deadlines(c, D("2025-06-01"), 365)) == [("2025-12-31", "end", None)]


def test_max_renewals_zero_is_a_single_term() -> None:
    c = make(start="2025-01-01", duration="1 an", renewal="tacit", max_renewals=0,
             notice="1 mois")
    assert final_end(c) == D("2025-12-31")
    assert kinds(deadlines(c, D("2025-01-01"), 400)) == [("2025-12-31", "end", None)]


def test_open_ended() -> None:
    c = make(start="2024-02-01", duration="indéterminée")
    assert initial_end(c) is None
    assert final_end(c) is None
    assert terms(c) == []
    assert state(c, D("2100-01-01")) == ("active", 0)
    assert deadlines(c, D("2026-11-22"), 365) == []


def test_terminated_overrides_final_end() -> None:
    c = make(status="terminated", start="2022-09-15", duration="1 an", renewal="tacit",
             notice="3 mois", terminated="2024-06-30")
    assert final_end(c) == D("2024-06-30")
    assert state(c, D("2024-01-01")) == ("terminated", None)
    assert deadlines(c, D("2024-01-01"), 3650) == []


@pytest.mark.parametrize("status", ["draft", "negotiation", "terminated"])
def test_no_deadline_unless_signed(status: str) -> None:
    c = make(status=status, start="2025-01-01", duration="1 an", renewal="tacit",
             notice="1 mois", follow_up=(FollowUp("Bilan", parse_duration("1 mois"),
                                                  D("2025-01-15")),))
    assert deadlines(c, D("2025-01-01"), 3650) == []
    assert deadlines_within([c], D("2025-01-01"), 3650) == []
    assert next_deadline(c, D("2025-01-01")) is None


def test_states() -> None:
    c = make(start="2025-09-01", duration="1 an", renewal="tacit", max_renewals=2)
    assert state(make(status="draft", start="2025-09-01", duration="1 an"),
                 D("2026-01-01")) == ("project", None)
    assert state(make(status="negotiation"), D("2026-01-01")) == ("project", None)
    assert state(c, D("2025-08-31")) == ("upcoming", None)
    assert state(c, D("2025-09-01")) == ("active", 0)
    assert state(c, D("2026-08-31")) == ("active", 0)
    assert state(c, D("2026-09-01")) == ("active", 1)
    assert state(c, D("2028-08-31")) == ("active", 2)
    assert state(c, D("2028-09-01")) == ("expired", None)
    terminated = make(status="terminated", start="2025-09-01", duration="1 an",
                      terminated="2026-01-31")
    assert state(terminated, D("2025-10-01")) == ("terminated", None)


def test_follow_ups_from_k_times_every() -> None:
    # Computed from `from` each time: the 31st comes back after February.
    c = make(start="2025-01-01", duration="1 an",
             follow_up=(FollowUp("Point", parse_duration("1 mois"), D("2025-01-31")),))
    found = deadlines(c, D("2025-01-01"), 120)
    assert [(d.date.isoformat(), d.kind, d.what) for d in found] == [
        ("2025-01-31", "follow-up", "Point"),
        ("2025-02-28", "follow-up", "Point"),
        ("2025-03-31", "follow-up", "Point"),
        ("2025-04-30", "follow-up", "Point"),
    ]


def test_follow_ups_between_start_and_final_end() -> None:
    # `from` before `start`: occurrences before start are not listed; none after the end.
    c = make(start="2024-03-01", duration="1 an",
             follow_up=(FollowUp("Comité", parse_duration("6 mois"), D("2023-09-15")),))
    found = deadlines(c, D("2023-01-01"), 3650)
    assert kinds(found) == [
        ("2024-03-15", "follow-up", None),
        ("2024-09-15", "follow-up", None),
        ("2025-02-28", "end", None),
    ]
    # Open-ended: occurrences go on, in the window only.
    open_ended = make(start="2024-02-01", duration="indéterminée",
                      follow_up=(FollowUp("Comité", parse_duration("6 mois"),
                                          D("2025-10-14")),))
    assert kinds(deadlines(open_ended, D("2026-11-22"), 365)) == [
        ("2027-04-14", "follow-up", None), ("2027-10-14", "follow-up", None)]


def test_window_bounds_are_inclusive() -> None:
    c = make(start="2025-01-01", duration="1 an")
    assert kinds(deadlines(c, D("2025-12-31"), 0)) == [("2025-12-31", "end", None)]
    assert kinds(deadlines(c, D("2025-12-01"), 30)) == [("2025-12-31", "end", None)]
    assert deadlines(c, D("2025-12-01"), 29) == []
    assert deadlines(c, D("2026-01-01"), 30) == []


def test_deadlines_sorted_by_date_convention_kind() -> None:
    a = make(id="a", start="2025-01-01", duration="1 an", renewal="tacit", notice="1 mois")
    b = make(id="b", start="2025-01-01", duration="1 an", renewal="tacit", notice="1 mois",
             follow_up=(FollowUp("x", parse_duration("1 an"), D("2025-12-31")),))
    found = deadlines_within([b, a], D("2025-11-01"), 100)
    assert [(d.date.isoformat(), d.convention, d.kind) for d in found] == [
        ("2025-11-30", "a", "notice"),
        ("2025-11-30", "b", "notice"),
        ("2025-12-31", "b", "follow-up"),
        ("2026-01-01", "a", "renewal"),
        ("2026-01-01", "b", "renewal"),
    ]
    nxt = next_deadline(a, D("2025-11-01"))
    assert nxt is not None and (nxt.date, nxt.kind) == (D("2025-11-30"), "notice")


def test_far_future_unlimited_renewal() -> None:
    """today = start + 200 years, monthly tacit renewal: the term index is found by
    arithmetic (not by walking 2,400 terms one by one) and is right."""
    c = make(start="2024-01-31", duration="1 mois", renewal="tacit", notice="10 jours")
    today = D("2224-01-31")
    current, k = state(c, today)
    assert current == "active" and k is not None
    # end₀ = 2024-02-29; S₁ = 2024-03-01, and term k ≥ 1 covers the calendar month
    # S₁ + (k−1) months: from its 1st to its last day.
    s1 = D("2024-03-01")
    assert s1 + relativedelta(months=k - 1) <= today <= s1 + relativedelta(months=k) - ONE
    assert k == 2399  # March 2024 … January 2224
    found = deadlines(c, today, 60)  # to 2224-03-31 (2224 is a leap year)
    assert kinds(found) == [
        ("2224-02-01", "renewal", 2400), ("2224-02-19", "notice", 2400),
        ("2224-03-01", "renewal", 2401), ("2224-03-21", "notice", 2401)]
    assert found[0].date == s1 + relativedelta(months=2399)


def test_huge_window_and_far_terms_do_not_overflow() -> None:
    """A window or a term beyond year 9999 stops the list; it never raises."""
    c = make(start="2025-01-01", duration="1 an", renewal="tacit", notice="1 mois")
    found = deadlines(c, D("2025-01-01"), 10**8)
    assert found and all(d.date.year <= 9999 for d in found)
    assert deadlines_within([c], D("9999-12-01"), 10**6) is not None
    assert state(c, date.max)[0] == "active"
    # Here the term covering 9999-12-31 would end in year 10000.
    odd = make(start="2025-01-02", duration="1 an", renewal="tacit", notice="1 mois")
    assert state(odd, date.max)[0] == "active"
    assert deadlines(odd, D("9999-01-01"), 10**6) is not None


# Property tests ----------------------------------------------------------------------

starts = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
periods = st.builds(Duration, st.integers(0, 3), st.integers(0, 18), st.integers(0, 60)
                    ).filter(lambda d: not d.is_zero)
notices = st.none() | st.builds(Duration, st.integers(0, 0), st.integers(0, 3),
                                st.integers(0, 20))


@st.composite
def conventions(draw: st.DrawFn, conv_id: str = "c") -> Convention:
    start = draw(starts)
    if draw(st.booleans()):
        duration: Duration | None = draw(periods)
        end = None
    else:
        duration = None
        end = start + timedelta(days=draw(st.integers(0, 1500)))
    renewal = draw(st.sampled_from(["none", "tacit", "express"]))
    period = draw(periods) if (renewal == "tacit" and (duration is None or draw(
        st.booleans()))) else None
    return Convention(
        id=conv_id, path=f"{conv_id}.md", title=conv_id.upper(), status="signed",
        parties=(Party("p"),), start=start, end=end, duration=duration, renewal=renewal,
        renewal_period=period, notice=draw(notices),
        max_renewals=draw(st.none() | st.integers(0, 30)) if renewal == "tacit" else None,
        follow_up=tuple(draw(st.lists(st.builds(
            FollowUp, st.just("suivi"), periods, starts), max_size=2))),
    )


def anniversary(day: date, p: Duration) -> date:
    """`S ⊕ P` as FORMAT.md says it, written again for the tests: years and months with
    relativedelta, the 1st of the next month when the day does not exist there, then
    the days."""
    out = day + relativedelta(years=p.years, months=p.months)
    if out.day != day.day:
        out = out.replace(day=1) + relativedelta(months=1)
    return out + timedelta(days=p.days)


@settings(max_examples=300)
@given(conventions(), st.integers(0, 60))
def test_terms_chained_without_gap_or_overlap(c: Convention, k_max: int) -> None:
    end0 = initial_end(c)
    assert end0 is not None and c.start is not None
    if c.duration is not None:
        assert end0 == anniversary(c.start, c.duration) - ONE
    period = c.renewal_period or c.duration
    until = end0 + timedelta(days=30 * k_max)
    found = terms(c, until=until, limit=60)
    assert found[0].start == c.start and found[0].end == end0
    for previous, following in zip(found, found[1:], strict=False):
        # No gap, no overlap: each term starts the day after the previous one ends.
        assert following.start == previous.end + ONE
        assert following.index == previous.index + 1
    for t in found[1:]:
        assert period is not None
        assert t.end == anniversary(t.start, period) - ONE
        assert t.start <= t.end


@settings(max_examples=300)
@given(st.integers(1990, 2100), st.sampled_from([1, 3, 5, 7, 8, 10, 12]),
       st.booleans(), st.integers(1, 60))
def test_monthly_renewal_from_the_31st_ends_on_month_ends(year: int, month: int,
                                                         own_period: bool, k: int) -> None:
    """A convention of one month from a 31st, renewed monthly: every renewal term ends
    on its month's last day, February included, however far it is renewed. The initial
    term does too, unless the next month has a 31st (31 July + 1 mois ends on
    30 August, the day before the 31st; the next term ends on 30 September)."""
    start = date(year, month, 31)
    c = make(start=start.isoformat(), duration="1 mois", renewal="tacit",
             renewal_period="1 mois" if own_period else None)
    reached = start + relativedelta(months=1)
    end0 = initial_end(c)
    assert end0 is not None
    if reached.day == 31:
        assert end0 == reached - ONE
    else:
        assert (end0 + ONE).day == 1 and end0.month == reached.month
    found = terms(c, until=term_end(c, k), limit=k)
    assert len(found) == k + 1
    for t in found[1:]:
        assert (t.end + ONE).day == 1  # the last day of its month
        assert t.start.day == 1 or t.start == found[1].start == end0 + ONE


@settings(max_examples=300)
@given(conventions(), st.integers(0, 40))
def test_notice_before_end(c: Convention, k: int) -> None:
    """A notice date (to oppose a tacit renewal, or to ask for an express one) is never
    after the end of the term it concerns."""
    plan = Plan.of(c)
    assume(c.notice is not None and plan.end0 is not None)
    assert c.notice is not None
    if plan.limit is not None:
        k = min(k, plan.limit)
    end = plan.safe_end(k)
    assume(end is not None)
    assert end is not None
    assert c.notice.before(end) <= end
    assert c.start is not None
    for d in deadlines(c, c.start, 5000):
        if d.kind == "notice":
            assert d.term is not None and d.date <= term_end(c, d.term)
            assert d.express == (c.renewal == "express")


@settings(max_examples=300)
@given(starts, periods, st.integers(0, 120))
def test_chained_closed_form_is_the_walk(first: date, period: Duration, k: int) -> None:
    """Duration.chained (closed form once the day of the month settles) gives what
    taking the anniversary k times one after the other gives."""
    day = first
    for _ in range(k):
        day = anniversary(day, period)
    assert period.chained(first, k) == day


@settings(max_examples=300)
@given(conventions(), st.integers(0, 20000))
def test_state_term_contains_today(c: Convention, offset: int) -> None:
    assert c.start is not None
    today = c.start + timedelta(days=offset)
    current, k = state(c, today)
    end = final_end(c)
    if end is not None and today > end:
        assert current == "expired"
        return
    assert current == "active" and k is not None
    assert term_index_at(c, today) == k
    t = terms(c, until=today, limit=10**6)[k]
    assert t.start <= today <= t.end


@settings(max_examples=200)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=4, unique=True).flatmap(
    lambda ids: st.tuples(*[conventions(f"c{i}") for i in ids])),
    starts, st.integers(0, 2000))
def test_deadlines_sorted_within_window(convs: tuple[Convention, ...], today: date,
                                        within: int) -> None:
    found = deadlines_within(convs, today, within)
    keys = [(d.date, d.convention, d.kind) for d in found]
    assert keys == sorted(keys)
    last = today + timedelta(days=within)
    for d in found:
        assert today <= d.date <= last
        assert d.days == (d.date - today).days
        assert d.kind in DEADLINE_KINDS
        conv = next(c for c in convs if c.id == d.convention)
        end = final_end(conv)
        assert end is None or d.date <= end
        assert conv.start is not None and d.date >= conv.start or d.kind == "notice"
        if d.kind == "renewal":
            # The renewed term's first day, the day after the previous term ends.
            assert conv.renewal == "tacit" and d.term is not None and d.term >= 1
            assert d.date == term(conv, d.term).start == term_end(conv, d.term - 1) + ONE
            assert end is None or d.date <= end
        if d.kind == "notice":
            assert d.term is not None and d.date <= term_end(conv, d.term)
            assert d.express == (conv.renewal == "express")
        if d.kind == "end":
            assert d.date == end


@settings(max_examples=200)
@given(conventions(), starts, st.integers(0, 1000))
def test_window_is_a_slice_of_a_larger_window(c: Convention, today: date, within: int
                                              ) -> None:
    """What a short window lists is exactly the start of what a longer one lists."""
    short = deadlines(c, today, within)
    long = deadlines(c, today, within + 500)
    assert short == [d for d in long if d.date <= today + timedelta(days=within)]


@given(conventions())
def test_not_signed_has_no_deadline(c: Convention) -> None:
    for status in ("draft", "negotiation", "terminated"):
        other = Convention(**{**{f: getattr(c, f) for f in (
            "id", "path", "title", "parties", "start", "end", "duration", "renewal",
            "renewal_period", "notice", "max_renewals", "follow_up")}, "status": status})
        assume(other.start is not None)
        assert deadlines(other, other.start, 5000) == []


@settings(max_examples=300)
@given(conventions(), starts, starts, st.integers(0, 800))
def test_quiet_span_changes_no_window(c: Convention, since: date, today: date,
                                      within: int) -> None:
    """The quiet span kept with the plan only skips windows that hold no deadline."""
    fresh = Convention(**{f: getattr(c, f) for f in Convention.__struct_fields__})
    plan = quiet(c, since)
    if plan.quiet_until is not None:
        assert plan.quiet_from == since and plan.quiet_until > since
        assert deadlines(fresh, since, (plan.quiet_until - since).days - 1) == []
    assert deadlines(c, today, within) == deadlines(fresh, today, within)
    assert deadlines(c, since, within) == deadlines(fresh, since, within)
    # deadlines_within tests the span itself (inlined): the same answer.
    assert deadlines_within([c], today, within) == deadlines(fresh, today, within)
