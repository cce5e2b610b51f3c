"""The renewal engine of FORMAT.md, as pure functions of a Convention.

Initial term: `start` … `end₀` (`end`, else `start + duration − 1 day`). With
`A = end₀ + 1 day` and `P = renewal_period` (default: duration), renewal term k ≥ 1
ends on `endₖ = A + k·P − 1 day`, always computed from A so month ends never drift.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from epn_tui.core.durations import Duration
from epn_tui.core.model import Convention, Deadline, Term

ONE_DAY = timedelta(days=1)


def initial_end(conv: Convention) -> date | None:
    """end₀, or None for an open-ended convention or one without dates."""
    if conv.end is not None:
        return conv.end
    if conv.start is None or conv.duration is None or conv.duration.open_ended:
        return None
    return conv.start + conv.duration.delta - ONE_DAY


def renewal_period(conv: Convention) -> Duration | None:
    if conv.renewal_period is not None:
        return conv.renewal_period
    if conv.duration is not None and not conv.duration.open_ended:
        return conv.duration
    return None


def max_renewals(conv: Convention) -> int | None:
    """How many renewal terms can follow the first: 0, n, or None for unlimited."""
    if conv.renewal != "tacit" or initial_end(conv) is None or renewal_period(conv) is None:
        return 0
    return conv.max_renewals


def term_end(conv: Convention, k: int) -> date:
    """endₖ. Only call for k = 0 or a convention that can be renewed."""
    end0 = initial_end(conv)
    assert end0 is not None
    if k == 0:
        return end0
    period = renewal_period(conv)
    assert period is not None
    return end0 + ONE_DAY + period.times(k) - ONE_DAY


def term(conv: Convention, k: int) -> Term:
    start = conv.start if k == 0 else term_end(conv, k - 1) + ONE_DAY
    assert start is not None
    return Term(k, start, term_end(conv, k))


def computed_final_end(conv: Convention) -> date | None:
    """End of the last term that can exist, ignoring termination."""
    end0 = initial_end(conv)
    if end0 is None:
        return None
    limit = max_renewals(conv)
    if limit is None:
        return None
    return term_end(conv, limit)


def final_end(conv: Convention) -> date | None:
    """The final end; `terminated` overrides it for a terminated convention."""
    if conv.status == "terminated" and conv.terminated is not None:
        return conv.terminated
    return computed_final_end(conv)


def term_index_at(conv: Convention, day: date) -> int | None:
    """The smallest k whose term ends on or after `day`, or None past the last term
    (or when there is no term at all, or the convention is open-ended: then 0)."""
    end0 = initial_end(conv)
    if end0 is None:
        return 0 if conv.start is not None else None
    if day <= end0:
        return 0
    limit = max_renewals(conv)
    if limit == 0:
        return None
    period = renewal_period(conv)
    assert period is not None
    a = end0 + ONE_DAY
    k = max(1, math.ceil(((day - a).days + 1) / period.approx_days))
    while k > 1 and term_end(conv, k - 1) >= day:
        k -= 1
    while term_end(conv, k) < day:
        k += 1
    if limit is not None and k > limit:
        return None
    return k


def terms(conv: Convention, until: date | None = None, limit: int = 50) -> list[Term]:
    """The terms in order: all of them when finite, else up to the one covering `until`
    (and at most `limit` terms, for display)."""
    if conv.start is None or initial_end(conv) is None:
        return []
    renewals = max_renewals(conv)
    last = renewals if renewals is not None else None
    if last is None:
        last = term_index_at(conv, until) if until is not None else 0
        last = max(last or 0, 1)
    last = min(last, limit)
    return [term(conv, k) for k in range(last + 1)]


def state(conv: Convention, today: date) -> tuple[str, int | None]:
    """(`project`|`upcoming`|`active`|`expired`|`terminated`, current term index)."""
    if conv.status in ("draft", "negotiation"):
        return "project", None
    if conv.status == "terminated":
        return "terminated", None
    if conv.start is None or today < conv.start:
        return "upcoming", None
    end = final_end(conv)
    if end is not None and today > end:
        return "expired", None
    return "active", term_index_at(conv, today)


def _window_terms(conv: Convention, first: date, last: date, notice_pad: Duration | None
                  ) -> Iterator[int]:
    """Indices k whose end (or end − notice) may fall in [first, last]."""
    end0 = initial_end(conv)
    if end0 is None:
        return
    limit = max_renewals(conv)
    k = term_index_at(conv, first)
    if k is None:
        return
    while limit is None or k <= limit:
        end = term_end(conv, k)
        reach = end - notice_pad.delta if notice_pad is not None else end
        if reach > last and end > last:
            return
        yield k
        k += 1


def deadlines(conv: Convention, today: date, within_days: int) -> list[Deadline]:
    """Every deadline of one convention in [today, today + within_days] (FORMAT.md)."""
    if conv.status != "signed" or conv.start is None:
        return []
    last = today + timedelta(days=within_days)
    out: list[Deadline] = []

    def add(day: date, kind: str, term_k: int | None = None, what: str | None = None) -> None:
        if today <= day <= last:
            out.append(Deadline(day, kind, conv.id, conv.title, (day - today).days, term_k, what))

    end0 = initial_end(conv)
    final = final_end(conv)
    limit = max_renewals(conv)
    if end0 is not None:
        if conv.renewal == "express" and conv.notice is not None:
            add(end0 - conv.notice.delta, "notice", 0)
        # Terms whose end or notice deadline can reach the window.
        for k in _window_terms(conv, today, last, conv.notice):
            end = term_end(conv, k)
            renews = limit is None or k < limit
            if renews:
                add(end, "renewal", k)
                if conv.notice is not None:
                    add(end - conv.notice.delta, "notice", k)
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
    while k > 0 and first + every.times(k) >= low:
        k -= 1
    while True:
        day = first + every.times(k)
        if day > high:
            return
        if day >= low:
            yield Deadline(day, "follow-up", conv.id, conv.title, (day - today).days, None, what)
        k += 1


def _deadline_key(d: Deadline) -> tuple[date, str, str]:
    return (d.date, d.convention, d.kind)


def deadlines_within(conventions: Iterable[Convention], today: date,
                     within_days: int) -> list[Deadline]:
    """All deadlines of a workspace in the window, sorted by date, convention, kind."""
    out: list[Deadline] = []
    for conv in conventions:
        if conv.status == "signed":
            out.extend(deadlines(conv, today, within_days))
    out.sort(key=_deadline_key)
    return out


def next_deadline(conv: Convention, today: date, within_days: int = 3660) -> Deadline | None:
    found = deadlines(conv, today, within_days)
    return found[0] if found else None
