"""The renewal engine of FORMAT.md, as pure functions of a Convention.

Terms run de quantième à quantième, with the anniversary `S ⊕ P` of FORMAT.md (a day
the target month lacks gives the 1st of the next month; `Duration.anniversary`).
Initial term: `start` … `end₀` (`end`, else `(start ⊕ duration) − 1 day`). With
`P = renewal_period` (default: duration), renewal term k ≥ 1 starts the day after the
previous one ends, `Sₖ = endₖ₋₁ + 1 day`, and ends `endₖ = (Sₖ ⊕ P) − 1 day`: chained,
so a term starting on the 31st is followed by one starting on the 1st, with no drift
(`Duration.chained` gives Sₖ in closed form once the day of the month settles).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from msgspec import Struct

from epn_tui.core.durations import Duration
from epn_tui.core.model import Convention, Deadline, Term

ONE_DAY = timedelta(days=1)
# Date arithmetic past 9999-12-31 (or before year 1) raises one of these; a term or a
# deadline out there simply does not exist for the engine.
OUT_OF_RANGE = (OverflowError, ValueError)


# Plans are memoised beside the conventions, which stay frozen: by id, with the record
# each plan was worked out for (a record read again, or edited, under the same id gets
# its own: the identity is checked). Filled by `Plan.of`, `quiet` and, from the parse
# cache, `remember`. A record whose file is gone stays here until the process ends.
_PLANS: dict[str, tuple[Convention, Plan]] = {}


def remember(conv: Convention, plan: Plan) -> None:
    """Memoise `plan` as `conv`'s (the store hands over the one it kept in its cache)."""
    _PLANS[conv.id] = (conv, plan)


class Plan(Struct, frozen=True, gc=False, array_like=True):
    """What the arithmetic needs, derived once per convention (memoised beside it, and
    kept in the parse cache as `[end0, period, limit, final, …]`)."""

    end0: date | None  # None: open-ended, or no dates yet
    period: Duration | None  # renewal period P (None: cannot renew)
    limit: int | None  # renewal terms that can follow the first; None = unlimited
    final: date | None  # end of the last possible term (termination aside)
    # No deadline falls in [quiet_from, quiet_until): found once, when the file is
    # parsed (see `quiet`), so that a window inside it needs no date arithmetic. A
    # deadline is a fixed date; `today` only chooses the window that shows it.
    quiet_from: date | None = None
    quiet_until: date | None = None

    @classmethod
    def of(cls, conv: Convention) -> Plan:
        memo = _PLANS.get(conv.id)
        if memo is not None and memo[0] is conv:
            return memo[1]
        plan = cls.compute(conv)
        _PLANS[conv.id] = (conv, plan)
        return plan

    @classmethod
    def compute(cls, conv: Convention) -> Plan:
        end0 = conv.end
        if end0 is None and conv.start is not None and conv.duration is not None \
                and not conv.duration.open_ended:
            end0 = conv.duration.anniversary(conv.start) - ONE_DAY
        period = conv.renewal_period
        if period is None and conv.duration is not None and not conv.duration.open_ended:
            period = conv.duration
        if conv.renewal != "tacit" or end0 is None or period is None:
            limit: int | None = 0
        else:
            limit = conv.max_renewals
        plan = cls(end0, period, limit, None)
        # Beyond year 9999 (the validator refuses it; this is for callers that build
        # Conventions themselves): no final end that a date can hold.
        final = plan.safe_end(limit) if end0 is not None and limit is not None else None
        return cls(end0, period, limit, final)

    def term_end(self, k: int) -> date:
        assert self.end0 is not None
        if k == 0:
            return self.end0
        assert self.period is not None
        # S₁ = end₀ + 1 day; endₖ = Sₖ₊₁ − 1 day, Sₖ₊₁ being S₁ ⊕ P chained k times.
        return self.period.chained(self.end0 + ONE_DAY, k) - ONE_DAY

    def safe_end(self, k: int) -> date | None:
        """endₖ, or None when it falls after 9999-12-31."""
        try:
            return self.term_end(k)
        except OUT_OF_RANGE:
            return None

    def final_end(self) -> date | None:
        return self.final

    def index_at(self, day: date, start: date | None) -> int | None:
        """Smallest k whose term ends on or after `day`; None past the last term."""
        if self.end0 is None:
            return 0 if start is not None else None
        if day <= self.end0:
            return 0
        if self.limit == 0:
            return None
        assert self.period is not None
        a = self.end0 + ONE_DAY
        k = max(1, math.ceil(((day - a).days + 1) / self.period.approx_days))
        # An end past year 9999 is after any `day`.
        while k > 1 and not _before(self.safe_end(k - 1), day):
            k -= 1
        while _before(self.safe_end(k), day):
            k += 1
        if self.limit is not None and k > self.limit:
            return None
        return k


def _before(end: date | None, day: date) -> bool:
    return end is not None and end < day


def _minus(day: date, notice: Duration) -> date | None:
    """day − notice, or None before year 1."""
    try:
        return notice.before(day)
    except OUT_OF_RANGE:
        return None


def initial_end(conv: Convention) -> date | None:
    """end₀, or None for an open-ended convention or one without dates."""
    return Plan.of(conv).end0


def renewal_period(conv: Convention) -> Duration | None:
    return Plan.of(conv).period


def max_renewals(conv: Convention) -> int | None:
    """How many renewal terms can follow the first: 0, n, or None for unlimited."""
    return Plan.of(conv).limit


def term_end(conv: Convention, k: int) -> date:
    """endₖ. Only call for k = 0 or a convention that can be renewed."""
    return Plan.of(conv).term_end(k)


def term(conv: Convention, k: int, plan: Plan | None = None) -> Term:
    plan = plan or Plan.of(conv)
    start = conv.start if k == 0 else plan.term_end(k - 1) + ONE_DAY
    assert start is not None
    return Term(k, start, plan.term_end(k))


def final_end(conv: Convention, plan: Plan | None = None) -> date | None:
    """The final end; `terminated` overrides it for a terminated convention."""
    if conv.status == "terminated" and conv.terminated is not None:
        return conv.terminated
    return (plan or Plan.of(conv)).final_end()


def term_index_at(conv: Convention, day: date) -> int | None:
    """The smallest k whose term ends on or after `day`, or None past the last term
    (0 for an open-ended convention; None when there are no dates at all)."""
    return Plan.of(conv).index_at(day, conv.start)


def terms(conv: Convention, until: date | None = None, limit: int = 50) -> list[Term]:
    """The terms in order: all of them when finite, else up to the one covering `until`
    (and at most `limit` terms, for display)."""
    plan = Plan.of(conv)
    if conv.start is None or plan.end0 is None:
        return []
    last = plan.limit
    if last is None:
        found = plan.index_at(until, conv.start) if until is not None else 0
        last = max(found or 0, 1)
    last = min(last, limit)
    out = []
    for k in range(last + 1):
        try:
            out.append(term(conv, k, plan))
        except OUT_OF_RANGE:
            break  # the following terms end after year 9999
    return out


def state(conv: Convention, today: date) -> tuple[str, int | None]:
    """(`project`|`upcoming`|`active`|`expired`|`terminated`, current term index)."""
    if conv.status in ("draft", "negotiation"):
        return "project", None
    if conv.status == "terminated":
        return "terminated", None
    if conv.start is None or today < conv.start:
        return "upcoming", None
    plan = Plan.of(conv)
    end = plan.final_end()
    if end is not None and today > end:
        return "expired", None
    return "active", plan.index_at(today, conv.start)


def _window_terms(plan: Plan, start: date | None, first: date, last: date,
                  notice: Duration | None) -> Iterator[int]:
    """Indices k whose end (or end − notice), or the day after it (the next term's
    start), may fall in [first, last]."""
    if plan.end0 is None:
        return
    # From the term ending the day before `first`: the next one starts on `first`.
    k = plan.index_at(first - ONE_DAY if first > date.min else first, start)
    if k is None:
        return
    slack = notice.max_days if notice is not None else 0
    while plan.limit is None or k <= plan.limit:
        end = plan.safe_end(k)
        if end is None:
            return
        if (end - last).days > slack:
            return  # even the longest notice cannot bring this term's dates into the window
        reach = (_minus(end, notice) or date.min) if notice is not None else end
        if reach > last and end > last:
            return
        yield k
        k += 1


def window_end(today: date, within_days: int) -> date:
    """The last day of a window of `within_days` from `today`: a horizon reaching past
    9999-12-31 (or a --today near it) stops there."""
    return today + timedelta(days=min(within_days, (date.max - today).days))


def _quiet_within(plan: Plan | None, today: date, last: date) -> bool:
    return plan is not None and plan.quiet_until is not None \
        and plan.quiet_from is not None and plan.quiet_from <= today \
        and last < plan.quiet_until


def deadlines(conv: Convention, today: date, within_days: int) -> list[Deadline]:
    """Every deadline of one convention in [today, today + within_days] (FORMAT.md)."""
    if conv.status != "signed" or conv.start is None:
        return []
    plan = Plan.of(conv)
    final = plan.final_end()
    if final is not None and final < today:
        return []  # everything, follow-ups included, lies before the final end
    last = window_end(today, within_days)
    if _quiet_within(plan, today, last):
        return []
    out: list[Deadline] = []

    def add(day: date | None, kind: str, term_k: int | None = None, what: str | None = None,
            express: bool = False) -> None:
        if day is not None and today <= day <= last:
            out.append(Deadline(day, kind, conv.id, conv.title, (day - today).days, term_k,
                                what, express))

    # No renewal and the end (minus the longest possible notice) beyond the window:
    # only follow-ups can fall in it. Saves the date arithmetic for most conventions.
    far = plan.limit == 0 and plan.end0 is not None and (plan.end0 - last).days > (
        conv.notice.max_days if conv.notice is not None else 0)
    if plan.end0 is not None and not far:
        if conv.renewal == "express" and conv.notice is not None:
            # The last day to ask for a renewal (nothing renews by itself).
            add(_minus(plan.end0, conv.notice), "notice", 0, express=True)
        for k in _window_terms(plan, conv.start, today, last, conv.notice):
            if plan.limit is None or k < plan.limit:
                end = plan.term_end(k)
                # The renewal takes effect the day after: the renewed term's first day.
                add(end + ONE_DAY if end < date.max else None, "renewal", k + 1)
                if conv.notice is not None:
                    add(_minus(end, conv.notice), "notice", k)
    if final is not None:
        add(final, "end", None)
    for follow in conv.follow_up:
        out.extend(_follow_up_deadlines(conv, follow.what, follow.every, follow.start,
                                        today, last, final))
    out.sort(key=_deadline_key)
    return out


def _follow_up_deadlines(conv: Convention, what: str, every: Duration, first: date,
                         today: date, last: date, final: date | None) -> Iterable[Deadline]:
    """Occurrences `from + k·every` inside [start, final end] ∩ [today, last]."""
    if every.is_zero or every.open_ended or conv.start is None:
        return
    low = max(today, conv.start)
    high = last if final is None else min(last, final)
    if low > high:
        return
    k = max(0, math.floor((low - first).days / every.approx_days) - 1)
    while k > 0 and not _before(_occurrence(every, first, k), low):
        k -= 1
    while True:
        day = _occurrence(every, first, k)
        if day is None or day > high:
            return
        if day >= low:
            yield Deadline(day, "follow-up", conv.id, conv.title, (day - today).days, None, what)
        k += 1


def _occurrence(every: Duration, first: date, k: int) -> date | None:
    """from + k·every, or None after year 9999."""
    try:
        return every.after(first, k)
    except OUT_OF_RANGE:
        return None


# How far ahead `quiet` looks: a year covers any window `due` and the dashboard ask for
# (the default horizon is 90 days) for months after the file was read.
QUIET_SPAN = 366


def quiet(conv: Convention, since: date) -> Plan:
    """The convention's plan, knowing from when to when no deadline falls; memoised
    on it (and kept in the parse cache with it)."""
    plan = Plan.of(conv)
    if plan.quiet_until is not None or conv.status != "signed" or conv.start is None:
        return plan
    try:
        found = deadlines(conv, since, QUIET_SPAN)
        until = found[0].date if found else since + timedelta(days=QUIET_SPAN + 1)
    except OUT_OF_RANGE:  # near year 9999
        return plan
    if until <= since:
        return plan
    plan = Plan(plan.end0, plan.period, plan.limit, plan.final, since, until)
    remember(conv, plan)
    return plan


def _deadline_key(d: Deadline) -> tuple[date, str, str]:
    return (d.date, d.convention, d.kind)


def deadlines_within(conventions: Iterable[Convention], today: date,
                     within_days: int) -> list[Deadline]:
    """All deadlines of a workspace in the window, sorted by date, convention, kind."""
    out: list[Deadline] = []
    last = window_end(today, within_days)
    plans = _PLANS
    for conv in conventions:
        if conv.status != "signed":
            continue
        # The memo and the quiet test inlined: most conventions of a workspace stop here.
        memo = plans.get(conv.id)
        plan = memo[1] if memo is not None and memo[0] is conv else Plan.of(conv)
        if not _quiet_within(plan, today, last):
            out.extend(deadlines(conv, today, within_days))
    out.sort(key=_deadline_key)
    return out


def next_deadline(conv: Convention, today: date, within_days: int = 3660) -> Deadline | None:
    # A short window's deadlines are a prefix of a longer one's: look near first. Ten
    # years of a daily follow-up, for each of 20,000 conventions, took the network 20 s.
    for window in (31, 366, within_days):
        found = deadlines(conv, today, min(window, within_days))
        if found or window >= within_days:
            return found[0] if found else None
    return None
