"""A follow-up occurrence done by the journal entry that records it (issue 12, § 3). Pure.

A convention's `follow_up` (« Comité de pilotage, every 6 months from 2025-10-14 ») has
occurrences `from + k·every` (FORMAT.md). The occurrence due on D is **done** when the
journal holds an entry that records it:

- **implicitly**: an entry of one of the convention's parties other than the EPN
  itself, dated from 60 days before D to 30 days after it, whose kind fits the
  follow-up (kind `committee` for a follow-up that speaks of a comité, copil or
  committee; `report` for a bilan, rapport, compte rendu or report) or whose text
  contains the follow-up's `what` (case, accents and apostrophes ignored);
- **explicitly**: an entry with `follows: <convention id>` (an unknown field to
  FORMAT.md, kept by every version) records that convention's follow-up, whoever's
  journal it is in and however late: with several follow-ups, the one its kind or
  text fits.

Either way an entry records the occurrence **nearest** its date (the earlier one when
two are as near), so one entry never marks two occurrences, and a monthly follow-up's
window is its half-month on each side.

A done occurrence leaves every list of deadlines (`epn due` text and `.ics`, the
dashboard, reminders); `epn due --json` keeps it with `done_by`. The latest occurrence
before today that is not done is **overdue** (`epn health`, « À faire ») until the
next one is due — the ones before it are history, not things to do.

`done_by` is the one function that decides; `settle` and `overdue` apply it.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import msgspec

from epn_tui.core.durations import Duration
from epn_tui.core.model import Convention, Deadline, FollowUp, Interaction
from epn_tui.core.roles import fold, mentions_committee
from epn_tui.core.terms import deadlines, next_deadline

BEFORE_DAYS = 60  # an entry this many days before the occurrence may record it
AFTER_DAYS = 30  # … and this many days after
FOLLOWS = "follows"  # the entry's field that names the convention explicitly
_REPORT_WORDS = re.compile(r"\b(bilans?|rapports?|reports?|comptes? rendus?|comptes?-rendus?)\b")
_KINDS = {"committee": "committee", "comite": "committee", "comite de pilotage": "committee",
          "copil": "committee", "report": "report", "bilan": "report", "rapport": "report",
          "compte rendu": "report"}

PartiesOf = Callable[[Convention], Iterable[str]]


def _fold(text: str) -> str:
    return fold(text.replace("’", "'").replace("ʼ", "'"))


@dataclass(frozen=True, slots=True)
class Entry:
    """What of a journal entry can record a follow-up."""

    id: str
    date: date
    partner: str
    kind: str  # "committee", "report" or another word, folded
    summary: str  # as written (folded when a follow-up's `what` is looked for in it)
    follows: str  # the convention named by `follows:`, or ""


class Journal:
    """The journal's dated entries, by partner and by the convention they name."""

    def __init__(self, entries: Iterable[Entry], epn: str | None = None) -> None:
        self.epn = epn or ""
        self.by_partner: dict[str, list[Entry]] = {}
        self.by_convention: dict[str, list[Entry]] = {}
        for entry in sorted(entries, key=lambda e: (e.date, e.id)):
            self.by_partner.setdefault(entry.partner, []).append(entry)
            if entry.follows:
                self.by_convention.setdefault(entry.follows, []).append(entry)
        self._dates = {p: [e.date for e in es] for p, es in self.by_partner.items()}
        self._all_dates = sorted(d for dates in self._dates.values() for d in dates)

    def __bool__(self) -> bool:
        return bool(self.by_partner)

    @classmethod
    def of(cls, interactions: Iterable[Interaction], epn: str | None = None) -> Journal:
        return cls((e for i in interactions if (e := _entry(i.id, i.date, i.partner, i.kind,
                                                             i.summary, i.extra.get(FOLLOWS)))
                    is not None), epn)

    @classmethod
    def from_raw(cls, data: Mapping[str, Any], epn: str | None = None) -> Journal:
        """From partners.json as decoded JSON (`epn due` reads no TinyDB)."""
        from epn_tui.core.dates import DateError, parse_iso_date

        raw = data.get("interactions")
        found = []
        for eid, e in (raw.items() if isinstance(raw, dict) else ()):
            if not isinstance(e, dict) or not isinstance(e.get("date"), str):
                continue
            try:
                day = parse_iso_date(e["date"])
            except DateError:
                continue
            entry = _entry(str(eid), day, str(e.get("partner") or ""), str(e.get("kind") or ""),
                           str(e.get("summary") or ""), e.get(FOLLOWS))
            if entry is not None:
                found.append(entry)
        return cls(found, epn)

    def near(self, partner: str, first: date, last: date) -> list[Entry]:
        """The partner's entries dated in [first, last]."""
        dates = self._dates.get(partner)
        if not dates:
            return []
        entries = self.by_partner[partner]
        return entries[bisect.bisect_left(dates, first):bisect.bisect_right(dates, last)]

    def around(self, first: date, last: date) -> bool:
        """Whether any entry at all is dated in [first, last] (a cheap test before the
        parties are needed)."""
        dates = self._all_dates
        return bisect.bisect_left(dates, first) < bisect.bisect_right(dates, last)


def _entry(eid: str, day: date | None, partner: str, kind: str, summary: str,
           follows: Any) -> Entry | None:
    if day is None:
        return None
    return Entry(eid, day, partner, _kind(kind), summary,
                 follows if isinstance(follows, str) else "")


@functools.lru_cache(maxsize=256)
def _kind(kind: str) -> str:
    """A journal entry's kind, folded, its French words read as the codes."""
    folded = _fold(kind)
    return _KINDS.get(folded, folded)


def _fits(entry: Entry, what: str) -> bool:
    """The entry's kind or text fits the follow-up `what`."""
    if entry.kind == "committee" and mentions_committee(what):
        return True
    folded = _fold(what)
    if entry.kind == "report" and _REPORT_WORDS.search(folded):
        return True
    return bool(folded) and folded in _fold(entry.summary)


def _occurrence(every: Duration, first: date, k: int) -> date | None:
    try:
        return every.after(first, k)
    except (OverflowError, ValueError):
        return None


def occurrence_index(follow: FollowUp, day: date) -> int | None:
    """k such that `from + k·every` is `day`, or None when `day` is no occurrence."""
    every = follow.every
    if every.is_zero or every.open_ended or day < follow.start:
        return None
    k = max(0, math.floor((day - follow.start).days / every.approx_days) - 1)
    while True:
        found = _occurrence(every, follow.start, k)
        if found is None or found > day:
            return None
        if found == day:
            return k
        k += 1


def _nearest(x: date, due: date, before: date | None, after: date | None) -> bool:
    """`due` is the occurrence nearest `x` (the earlier of two as near)."""
    if x < due and before is not None and (due - x) >= (x - before):
        return False
    return not (x > due and after is not None and (x - due) > (after - x))


def done_by(conv: Convention, follow: FollowUp, k: int, journal: Journal,
            parties_of: PartiesOf | None = None) -> Entry | None:
    """The journal entry that records occurrence k of `follow` (see the module), or None.
    `parties_of` gives a convention's partner ids (default: its parties); it is called
    only when an entry could be one of theirs."""
    if not journal:
        return None
    every, first = follow.every, follow.start
    due = _occurrence(every, first, k)
    if due is None:
        return None
    try:
        before = _occurrence(every, first, k - 1) if k > 0 else every.before(first)
    except (OverflowError, ValueError):
        before = None
    after = _occurrence(every, first, k + 1)
    for entry in journal.by_convention.get(conv.id, ()):
        if _nearest(entry.date, due, before, after) and (
                len(conv.follow_up) == 1 or _fits(entry, follow.what)):
            return entry
    try:
        low, high = due - timedelta(days=BEFORE_DAYS), due + timedelta(days=AFTER_DAYS)
    except OverflowError:
        return None
    if not journal.around(low, high):
        return None
    found = [e for partner in set(parties_of(conv) if parties_of else conv.partner_ids)
             if partner != journal.epn
             for e in journal.near(partner, low, high)
             if _nearest(e.date, due, before, after) and _fits(e, follow.what)]
    return min(found, key=lambda e: (abs((e.date - due).days), e.date, e.id), default=None)


def _follow_of(conv: Convention, d: Deadline) -> tuple[FollowUp, int] | None:
    for follow in conv.follow_up:
        if follow.what == (d.what or ""):
            k = occurrence_index(follow, d.date)
            if k is not None:
                return follow, k
    return None


def settle(deadlines: Iterable[Deadline], conventions: Mapping[str, Convention],
           journal: Journal, parties_of: PartiesOf | None = None) -> list[Deadline]:
    """The deadlines, each follow-up occurrence the journal records carrying `done_by`
    (the entry's id). `open_only` below leaves them out."""
    out = []
    for d in deadlines:
        if d.kind == "follow-up" and journal and (conv := conventions.get(d.convention)):
            found = _follow_of(conv, d)
            entry = done_by(conv, *found, journal, parties_of) if found else None
            if entry is not None:
                d = msgspec.structs.replace(d, done_by=entry.id)
        out.append(d)
    return out


def open_only(deadlines: Iterable[Deadline]) -> list[Deadline]:
    """The deadlines still to do: done follow-up occurrences left out."""
    return [d for d in deadlines if d.done_by is None]


def overdue(conventions: Iterable[Convention], journal: Journal, today: date,
            final_end: Callable[[Convention], date | None]) -> list[Deadline]:
    """Per follow-up of a signed convention, its latest occurrence before today (within
    the convention's start and final end) when it is not done and the next one is not
    due yet; oldest first."""
    out: list[Deadline] = []
    for conv in conventions:
        if conv.status != "signed" or conv.start is None or not conv.follow_up:
            continue
        final: date | None = None
        for follow in conv.follow_up:
            every = follow.every
            if every.is_zero or every.open_ended or follow.start >= today:
                continue
            # The latest k whose occurrence is before today.
            k = math.floor((today - follow.start).days / every.approx_days) + 1
            day = _occurrence(every, follow.start, k)
            while k > 0 and (day is None or day >= today):
                k -= 1
                day = _occurrence(every, follow.start, k)
            if day is None or day >= today or day < conv.start:
                continue
            final = final or final_end(conv) or date.max
            if day > final:
                continue
            if done_by(conv, follow, k, journal) is not None:
                continue
            out.append(Deadline(day, "follow-up", conv.id, conv.title, (day - today).days,
                                None, follow.what))
    out.sort(key=lambda d: (d.date, d.convention, d.what or ""))
    return out


def next_open_deadline(conv: Convention, today: date, journal: Journal | None,
                       within_days: int = 3660) -> Deadline | None:
    """The convention's next deadline still to do: `terms.next_deadline`, with the
    follow-up occurrences the journal records skipped (the conventions list, a
    partner's card, the form and the network show what the dashboard lists)."""
    first = next_deadline(conv, today, within_days)
    if first is None or first.kind != "follow-up" or not journal:
        return first  # only a follow-up occurrence can be done
    convention = {conv.id: conv}
    for window in (31, 366, within_days):  # near first, as next_deadline does
        found = open_only(settle(deadlines(conv, today, min(window, within_days)),
                                 convention, journal))
        if found or window >= within_days:
            return found[0] if found else None
    return None
