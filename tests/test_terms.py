"""The renewal engine (FORMAT.md "Terms and renewals", "Deadlines").

Expected dates are computed by hand from FORMAT's rules (`end₀ = start + duration − 1
day`, `endₖ = A + k·P − 1 day` with `A = end₀ + 1 day`) and, in the property tests,
with python-dateutil's relativedelta directly.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from epn_tui.core.durations import Duration, parse_duration
from epn_tui.core.model import DEADLINE_KINDS, Convention, FollowUp, Party
from epn_tui.core.terms import (
    deadlines,
    deadlines_within,
    final_end,
    initial_end,
    next_deadline,
    quiet,
    state,
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

def test_month_end_start() -> None:
    # 2024-01-31 + 1 mois = 2024-02-29 (dateutil clips to the month end); − 1 day.
    c = make(start="2024-01-31", duration="1 mois", renewal="tacit")
    assert initial_end(c) == D("2024-02-28")
    # A = 2024-02-29; end₁ = A + 1 mois − 1 = 03-28; end₂ = A + 2 mois − 1 = 04-28.
    assert term_end(c, 1) == D("2024-03-28")
    assert term_end(c, 2) == D("2024-04-28")
    assert term_end(c, 12) == D("2025-02-27")  # 2024-02-29 + 12 mois = 2025-02-28


def test_leap_day_start() -> None:
    # 2024-02-29 + 1 an = 2025-02-28 (no 29th); − 1 day = 2025-02-27.
    c = make(start="2024-02-29", duration="1 an", renewal="tacit")
    assert initial_end(c) == D("2025-02-27")
    # A = 2025-02-28: each renewal ends on 02-27, and in 2028 too (A + 3 ans = 2028-02-28).
    assert term_end(c, 1) == D("2026-02-27")
    assert term_end(c, 3) == D("2028-02-27")


def test_31_august_plus_six_months() -> None:
    # 2025-08-31 + 6 mois = 2026-02-28; − 1 day = 2026-02-27.
    c = make(start="2025-08-31", duration="6 mois", renewal="tacit")
    assert initial_end(c) == D("2026-02-27")
    # A = 2026-02-28; A + 6 mois − 1 = 2026-08-27; A + 12 mois − 1 = 2027-02-27.
    assert [t.end for t in terms(c, until=D("2027-01-01"))] == [
        D("2026-02-27"), D("2026-08-27"), D("2027-02-27")]


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
        ("2026-08-31", "renewal", 0),
        ("2027-05-31", "notice", 1),
        ("2027-08-31", "renewal", 1),
        ("2028-08-31", "end", None),  # the last term is not renewed: no notice, no renewal
    ]
    assert [d.days for d in found][:2] == [150, 242]


def test_express_with_notice() -> None:
    c = make(start="2024-07-01", duration="3 ans", renewal="express", notice="3 mois")
    assert final_end(c) == D("2027-06-30")
    assert kinds(deadlines(c, D("2026-11-22"), 365)) == [
        ("2027-03-30", "notice", 0), ("2027-06-30", "end", None)]


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
        ("2025-12-31", "a", "renewal"),
        ("2025-12-31", "b", "follow-up"),
        ("2025-12-31", "b", "renewal"),
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
    a = D("2024-02-29")
    # Term k covers [A + (k−1)·P, A + k·P − 1 day].
    assert a + relativedelta(months=k - 1) <= today <= a + relativedelta(months=k) - ONE
    assert k == 2400
    found = deadlines(c, today, 60)
    assert kinds(found) == [
        ("2224-02-18", "notice", 2400), ("2224-02-28", "renewal", 2400),
        ("2224-03-18", "notice", 2401), ("2224-03-28", "renewal", 2401)]
    assert found[1].date == a + relativedelta(months=2400) - ONE


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


@settings(max_examples=300)
@given(conventions(), st.integers(0, 60))
def test_terms_contiguous_and_computed_from_a(c: Convention, k_max: int) -> None:
    end0 = initial_end(c)
    assert end0 is not None and c.start is not None
    if c.duration is not None:
        assert end0 == c.start + c.duration.delta - ONE
    period = c.renewal_period or c.duration
    until = end0 + timedelta(days=30 * k_max)
    found = terms(c, until=until, limit=60)
    assert found[0].start == c.start and found[0].end == end0
    for previous, following in zip(found, found[1:], strict=False):
        assert following.start == previous.end + ONE
        assert following.index == previous.index + 1
    a = end0 + ONE
    for t in found[1:]:
        assert period is not None
        expected = a + relativedelta(years=t.index * period.years,
                                     months=t.index * period.months,
                                     days=t.index * period.days) - ONE
        assert t.end == expected
        assert t.start <= t.end


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
            assert conv.renewal == "tacit" and d.term is not None
            assert d.date == term_end(conv, d.term)
            assert end is None or d.date < end
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
