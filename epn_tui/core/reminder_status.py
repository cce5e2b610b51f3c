"""The dashboard's line about `epn remind` (issue 16, section 6): when the last run
happened, how many e-mails it sent, whether it failed. Pure.

The store reads the log's last runs (`store.reminder_log.last_runs`) into the dashboard's
view as they are written in `.epn/reminders.json`; this module checks them and says
them. A value that is not a run (a hand edit, a hostile file) is said to be unreadable,
never a crash:

    Rappels : dernier envoi le 1er décembre 2026 à 08:00, 3 courriels
    Rappels : échec le 1er décembre 2026 à 08:00 — serveur injoignable (voir epn remind)
    Rappels : jamais envoyés — voir `epn remind --install`

Nothing is said when epn.yaml sets no `reminders:` (the view holds None).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from epn_tui.core.dates import format_long
from epn_tui.core.text import one_line
from epn_tui.i18n import _, ngettext

# A last run older than this (in days, from the dashboard's today) is said to be late:
# the daily run is installed on another machine, or not at all.
LATE_DAYS = 2
ERROR_CHARS = 160  # an error is one line; a longer one is cut
UNREADABLE = "unreadable"  # the view's key for a log that cannot be read


@dataclass(frozen=True, slots=True)
class Run:
    """One run of `epn remind`, as the log keeps it."""

    at: datetime  # aware
    mode: str  # "send" | "dry-run"
    ok: bool
    sent: int  # sent, or (dry run) that would be sent
    error: str


@dataclass(frozen=True, slots=True)
class StatusLine:
    text: str
    severity: str  # "ok" | "warning" | "alert"


def parse_run(value: Any, mode: str) -> Run:
    """A run of the log; ValueError when `value` is not one. A run written before
    `mode` existed is a sending run."""
    if not isinstance(value, dict):
        raise ValueError("not a run")
    at = value.get("at")
    if not isinstance(at, str) or len(at) > 40:
        raise ValueError("no time")
    when = datetime.fromisoformat(at)
    if when.tzinfo is None:  # not written by epn: read as UTC, like the oldest logs
        when = when.replace(tzinfo=UTC)
    when.astimezone()  # OverflowError at the ends of time: not a run epn wrote
    sent = value.get("sent", 0)
    if isinstance(sent, bool) or not isinstance(sent, int) or not 0 <= sent < 10**9:
        raise ValueError("not a count")
    error = value.get("error") or ""
    if not isinstance(error, str):
        raise ValueError("not an error")
    ok = value.get("ok", not error)
    if not isinstance(ok, bool):
        raise ValueError("not a flag")
    found = value.get("mode", mode)
    if found != mode:
        raise ValueError("another mode")
    if not ok and not error.strip():
        error = _("unknown error")
    return Run(when, mode, ok, sent, error)


def _when(at: datetime) -> tuple[date, str]:
    """The run's day and time on this machine's clock."""
    local = at.astimezone()
    return local.date(), f"{local:%H:%M}"


def status_line(runs: Mapping[str, Any] | None, today: date) -> StatusLine | None:
    """The dashboard's line; None when reminders are not set up (`runs` is None)."""
    if runs is None:
        return None
    if not isinstance(runs, Mapping):
        return StatusLine(_("Reminders: the reminder log cannot be read"), "alert")
    if UNREADABLE in runs:
        return StatusLine(_("Reminders: {error} (see epn remind)").format(
            error=_short(str(runs[UNREADABLE]))), "alert")
    try:
        last = parse_run(runs["last_run"], "send") if "last_run" in runs else None
        trial = parse_run(runs["last_dry_run"], "dry-run") if "last_dry_run" in runs else None
    except (ValueError, TypeError, OverflowError):
        return StatusLine(_("Reminders: the reminder log cannot be read: .epn/reminders.json "
                            "(see epn remind)"), "alert")
    if last is None:
        if trial is None:
            return StatusLine(_("Reminders: never sent — see `epn remind --install`"),
                              "warning")
        day, _time = _when(trial.at)
        return StatusLine(ngettext(
            "Reminders: never sent (trial on {date}: {n} to send) — see `epn remind "
            "--install`",
            "Reminders: never sent (trial on {date}: {n} to send) — see `epn remind "
            "--install`", trial.sent).format(date=format_long(day), n=trial.sent), "warning")
    day, time = _when(last.at)
    if not last.ok:
        text = _("Reminders: failed on {date} at {time} — {error} (see epn remind)").format(
            date=format_long(day), time=time, error=_short(last.error))
        return StatusLine(text, "alert")
    if last.sent:
        text = ngettext("Reminders: last sent on {date} at {time}, {n} e-mail",
                        "Reminders: last sent on {date} at {time}, {n} e-mails",
                        last.sent).format(date=format_long(day), time=time, n=last.sent)
    else:
        text = _("Reminders: last run on {date} at {time}, nothing to send").format(
            date=format_long(day), time=time)
    late = (today - day).days
    if late > LATE_DAYS:
        text += " " + ngettext(
            "— {n} day ago: is the daily run installed? (`epn remind --install`)",
            "— {n} days ago: is the daily run installed? (`epn remind --install`)",
            late).format(n=late)
        return StatusLine(text, "warning")
    return StatusLine(text, "ok")


def _short(error: str) -> str:
    text = one_line(error)
    return text if len(text) <= ERROR_CHARS else text[:ERROR_CHARS - 1] + "…"
