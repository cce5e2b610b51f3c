"""`epn due`: deadlines in a window (notice, renewal, end, follow-up, and the journal's
next steps not done yet), or an .ics file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from epn_tui.commands.common import EXIT_OK, CommandError, open_workspace, say, today
from epn_tui.core.dates import format_short
from epn_tui.core.labels import deadline_label
from epn_tui.core.model import Convention, Deadline
from epn_tui.core.terms import deadlines_within
from epn_tui.core.text import escape_controls, json_escapes, one_line
from epn_tui.i18n import N_, _, ngettext

NAME = "due"
HELP = N_("deadlines to come: notice, renewal, end, follow-up, next steps")


def within_days(text: str) -> int:
    from epn_tui.core.durations import DurationError, parse_duration

    try:
        days = int(text)
    except ValueError:
        try:
            duration = parse_duration(text)
        except DurationError:
            duration = None
        if duration is None or duration.open_ended:
            raise argparse.ArgumentTypeError(_("expected a number of days, got {value!r}")
                                             .format(value=text)) from None
        days = round(duration.approx_days)
    if days < 0:
        raise argparse.ArgumentTypeError(_("the window cannot be negative"))
    return days


def next_steps(root: Path, day: date, within: int) -> list[Deadline]:
    """The journal's next steps in the window; a partners.json that cannot be read is
    `epn check`'s business: the conventions' deadlines are listed all the same."""
    import json

    from epn_tui.core.next_steps import from_raw
    from epn_tui.store.layout import PARTNERS_FILE

    try:
        data = json.loads((root / PARTNERS_FILE).read_bytes())
    except (OSError, ValueError, RecursionError):
        return []
    return from_raw(data, day, within) if isinstance(data, dict) else []


def all_deadlines(root: Path, conventions: Iterable[Convention], day: date,
                  within: int) -> tuple[list[Deadline], bool]:
    """The conventions' deadlines and the journal's next steps in the window, in
    FORMAT.md's order; and whether there are next steps among them."""
    found = deadlines_within(conventions, day, within)
    steps = next_steps(root, day, within)
    if steps:
        found = sorted(found + steps, key=lambda d: (d.date, d.convention, d.kind,
                                                    d.entry or ""))
    return found, bool(steps)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--within", type=within_days, metavar=_("DAYS"),
                        help=_("window in days (default: the workspace horizon)"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.add_argument("--ics", metavar=_("FILE"), type=Path,
                        help=_("write the deadlines as an iCalendar file"))


def run(args: argparse.Namespace) -> int:
    ws = open_workspace(args, schedule_only=True)
    day = today(args)
    within = args.within if args.within is not None else ws.settings.horizon_days
    found, steps = all_deadlines(ws.root, ws.conventions.values(), day, within)
    if args.ics is not None:
        from epn_tui.render.ics import deadlines_to_ics
        from epn_tui.store.atomic import atomic_write

        try:
            reminders = ws.settings.reminders
            atomic_write(args.ics, deadlines_to_ics(
                found, ws.conventions, reminders.days if reminders is not None else None))
        except OSError as exc:
            raise CommandError(_("cannot write {path}: {error}")
                               .format(path=args.ics, error=exc.strerror), 1) from None
        if not args.json:
            say(ngettext("{n} deadline written to {path}", "{n} deadlines written to {path}",
                         len(found)).format(n=len(found), path=args.ics))
    if args.json:
        import msgspec  # the records as as_json() gives them, 4x faster than json

        try:
            if steps:  # their `convention` is null when the entry names none (as_json)
                raise UnicodeEncodeError("utf-8", "", 0, 1, "next steps")
            text = msgspec.json.format(msgspec.json.encode(found), indent=2).decode()
        except UnicodeEncodeError:  # an id from a file name that is not UTF-8
            import json

            text = json.dumps([d.as_json() for d in found], ensure_ascii=False, indent=2)
        sys.stdout.write(json_escapes(text) + "\n")
        return EXIT_OK
    if args.ics is not None:
        return EXIT_OK
    if not found:
        say(ngettext("No deadline in the next {n} day.", "No deadline in the next {n} days.",
                     within).format(n=within))
    whats = []
    for d in found:
        what = deadline_label(d)
        if d.what:
            what = f"{what} ({one_line(d.what)})"
        whats.append(what)
    # As wide as the longest label (« dernier jour pour demander le renouvellement »),
    # within reason: a long follow-up text runs over rather than widening every line.
    width = min(max((len(w) for w in whats), default=0), 44)
    for d, what in zip(found, whats, strict=True):
        days = ngettext("in {n} day", "in {n} days", d.days).format(n=d.days) if d.days else \
            _("today")
        say(f"{format_short(d.date)}  {days:>14}  {what:<{width}}  "
            f"{escape_controls(d.convention or d.partner or '')}  {one_line(d.title)}")
    return EXIT_OK
