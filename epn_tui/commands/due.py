"""`epn due`: deadlines in a window (notice, renewal, end, follow-up, and the journal's
next steps not done yet), or an .ics file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from epn_tui.commands.common import EXIT_OK, CommandError, open_workspace, say, today
from epn_tui.core.dates import format_short
from epn_tui.core.labels import deadline_description
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


def _partners_data(root: Path) -> dict[str, Any]:
    """partners.json as decoded JSON; one that cannot be read is `epn check`'s business:
    the conventions' deadlines are listed all the same."""
    import json

    from epn_tui.store.layout import PARTNERS_FILE

    try:
        data = json.loads((root / PARTNERS_FILE).read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _parties_reader(root: Path) -> Callable[[Convention], tuple[str, ...]]:
    """A convention's partner ids. One served from the cache without its details
    (`schedule_only`) has them from the cache's details, read once, when a journal entry
    could be one of its parties' (a warm `epn due` still reads no YAML); from its file
    only when the cache has none."""
    from epn_tui.store import cache

    kept: dict[str, Any] | None = None
    memo: dict[str, tuple[str, ...]] = {}

    def parties(conv: Convention) -> tuple[str, ...]:
        nonlocal kept
        if conv.parties:
            return conv.partner_ids
        if conv.id in memo:
            return memo[conv.id]
        if kept is None:
            kept = cache.load(root, details=True)[1] or {}
        details = kept.get(conv.path)
        if details is not None:
            found = tuple(p.partner for p in details.parties)
        else:
            from epn_tui.store.parsing import parse_convention

            try:
                full, _problems = parse_convention(conv.path, (root / conv.path).read_bytes())
            except OSError:
                full = None
            found = full.partner_ids if full is not None else ()
        memo[conv.id] = found
        return found

    return parties


def all_deadlines(root: Path, conventions: Mapping[str, Convention] | Iterable[Convention],
                  day: date, within: int, epn: str | None = None,
                  done: bool = False) -> tuple[list[Deadline], bool]:
    """The conventions' deadlines and the journal's next steps in the window, in
    FORMAT.md's order; and whether there are next steps among them. A follow-up
    occurrence the journal records (core/follow_ups.py) is left out, or with `done`
    kept with its `done_by`."""
    from epn_tui.core.follow_ups import Journal, open_only, settle
    from epn_tui.core.next_steps import from_raw

    convs = conventions if isinstance(conventions, Mapping) else {c.id: c for c in conventions}
    found = deadlines_within(convs.values(), day, within)
    data = _partners_data(root)
    if data and any(d.kind == "follow-up" for d in found):
        journal = Journal.from_raw(data, epn)
        if journal:
            found = settle(found, convs, journal, _parties_reader(root))
            if not done:
                found = open_only(found)
    steps = from_raw(data, day, within) if data else []
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
    # --json keeps the follow-up occurrences the journal records, with their `done_by`.
    found, steps = all_deadlines(ws.root, ws.conventions, day, within, ws.settings.epn,
                                 done=args.json)
    if args.json and args.ics is not None:
        from epn_tui.core.follow_ups import open_only

        listed = open_only(found)
    else:
        listed = found
    if args.ics is not None:
        from epn_tui.render.ics import deadlines_to_ics
        from epn_tui.store.atomic import atomic_write

        try:
            reminders = ws.settings.reminders
            atomic_write(args.ics, deadlines_to_ics(
                listed, ws.conventions, reminders.days if reminders is not None else None))
        except OSError as exc:
            raise CommandError(_("cannot write {path}: {error}")
                               .format(path=args.ics, error=exc.strerror), 1) from None
        if not args.json:
            say(ngettext("{n} deadline written to {path}", "{n} deadlines written to {path}",
                         len(listed)).format(n=len(listed), path=args.ics))
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
    whats = [deadline_description(d) for d in found]
    # As wide as the longest label (« dernier jour pour demander le renouvellement »),
    # within reason: a long follow-up text runs over rather than widening every line.
    width = min(max((len(w) for w in whats), default=0), 44)
    for d, what in zip(found, whats, strict=True):
        days = ngettext("in {n} day", "in {n} days", d.days).format(n=d.days) if d.days else \
            _("today")
        say(f"{format_short(d.date)}  {days:>14}  {what:<{width}}  "
            f"{escape_controls(d.convention or d.partner or '')}  {one_line(d.title)}")
    return EXIT_OK
