"""Deadlines as an iCalendar file (RFC 5545) for Thunderbird, Outlook or a phone."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from epn_tui.core.labels import deadline_label
from epn_tui.core.model import Convention, Deadline
from epn_tui.core.text import one_line
from epn_tui.i18n import _

# A fixed stamp keeps the file identical from one run to the next (diffable, no churn).
_STAMP = datetime(2000, 1, 1, tzinfo=UTC)


def deadlines_to_ics(deadlines: Iterable[Deadline], conventions: Mapping[str, Convention],
                     alarm_days: Sequence[int] | None = None) -> bytes:
    """`alarm_days`: the reminder thresholds of epn.yaml (`reminders: {days: …}`): every
    event then carries a VALARM that many days before, so the calendar reminds at the
    same times as `epn remind`. Without them, notice deadlines remind 14 days before."""
    cal = Calendar()
    cal.add("prodid", "-//epn-tui//conventions//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("EPN conventions"))
    for d in deadlines:
        event = Event()
        what = deadline_label(d)
        if d.what:
            what = f"{what} ({one_line(d.what)})"
        owner = d.entry if d.kind == "next-step" else d.convention
        event.add("uid", f"{owner}-{d.kind}-{d.date.isoformat()}"
                         f"{'-' + str(d.term) if d.term is not None else ''}@epn-tui")
        event.add("dtstamp", _STAMP)
        event.add("dtstart", d.date)
        if d.date < date.max:  # without DTEND an all-day event lasts one day (RFC 5545)
            event.add("dtend", d.date + timedelta(days=1))
        event.add("summary", f"{what} : {one_line(d.title)}")
        conv = conventions.get(d.convention)
        lines = [_("Convention: {id}").format(id=d.convention)] if d.convention else []
        if d.kind == "next-step":
            lines.append(_("Partner: {id}").format(id=d.partner))
            lines.append(_("Journal entry: {id} (`epn journal done {id}` once done)")
                         .format(id=d.entry))
        if conv is not None:
            lines.append(_("File: {path}").format(path=conv.path))
        event.add("description", "\n".join(lines))
        event.add("categories", [d.kind])
        event.add("transp", "TRANSPARENT")
        days = sorted(set(alarm_days), reverse=True) if alarm_days else (
            [14] if d.kind == "notice" else [])
        for before in days:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", what)
            alarm.add("trigger", timedelta(days=-before))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
