"""The sent-log of `epn remind`: `.epn/reminders.json` (`.epn/` is never committed).

    {"version": 1,
     "sent": {"<key>": {"at": "2026-09-29T08:00:03+00:00", "to": ["…"]}},
     "last_run": {"at": "2026-09-29T08:00:05+02:00", "today": "2026-09-29",
                  "mode": "send", "ok": true, "sent": 2, "error": ""},
     "last_dry_run": {…, "mode": "dry-run", "sent": 3}}

`last_run` is the last run that sent (or tried to: `ok` false and its one-line `error`
when the server was unreachable or refused; what it did not accept is not in `sent`),
`last_dry_run` the last `--dry-run` (`sent`: how many it would send): a trial never
hides a failure from the dashboard. Their `at` is the machine's local time with its
offset (`clock`, injectable). Logs written before `mode` and `last_dry_run` existed
read the same: a `last_run` without `mode` is a sending run (the format stays version
1, so an older epn keeps reading a newer log).

A key is `core.reminders.reminder_key` (convention, kind, term, what, date, threshold).
A reminder is recorded right after the server accepted it, one atomic, durable write
each (store.atomic), under the workspace lock held by the whole run: two runs never send
the same reminder, and a run stopped half-way keeps what it sent. Keys of deadlines more
than a year past are dropped.

A log that cannot be read is an error, not an empty log: reading it as empty would send
every reminder again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec

from epn_tui.i18n import _
from epn_tui.store.layout import CACHE_DIR

LOG_FILE = "reminders.json"
VERSION = 1
KEEP_DAYS = 366
SEND, DRY_RUN = "send", "dry-run"  # a run's `mode`
RUN_KEYS = {SEND: "last_run", DRY_RUN: "last_dry_run"}
# The dashboard reads the last runs of a log up to this size (a sent-log of 10,000
# conventions is a few MB); a larger file is not one epn wrote.
MAX_STATUS_BYTES = 64 * 1024 * 1024


class LogError(RuntimeError):
    pass


class _Runs(msgspec.Struct):
    """The head of a log: the decoder skips the rest (`sent`) without building it."""

    version: Any = None
    last_run: Any = None
    last_dry_run: Any = None


def log_path(root: Path) -> Path:
    return root / CACHE_DIR / LOG_FILE


def empty() -> dict[str, Any]:
    return {"version": VERSION, "sent": {}, "last_run": None}


def read_log(root: Path) -> dict[str, Any]:
    path = log_path(root)
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return empty()
    except (OSError, ValueError, RecursionError) as exc:
        raise LogError(_("cannot read {path} ({error}); nothing was sent. Move it away to "
                         "start afresh (reminders already sent may then be sent again)")
                       .format(path=path, error=getattr(exc, "strerror", None) or exc)) \
            from None
    if not isinstance(data, dict) or data.get("version") != VERSION \
            or not isinstance(data.get("sent"), dict):
        raise LogError(_("{path} is not a reminder log of this version; nothing was sent")
                       .format(path=path))
    return data


def write_log(root: Path, log: dict[str, Any]) -> None:
    from epn_tui.store.atomic import atomic_write
    from epn_tui.store.cache import make_folder

    make_folder(root)
    data = json.dumps(log, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    atomic_write(log_path(root), data.encode("utf-8"), durable=True)


def now_text() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def mark_sent(log: dict[str, Any], key: str, to: list[str]) -> None:
    log["sent"][key] = {"at": now_text(), "to": to}


def prune(log: dict[str, Any], today: date) -> None:
    """Forget the keys of deadlines more than a year past."""
    oldest = (today - timedelta(days=KEEP_DAYS)).isoformat()
    for key in list(log["sent"]):
        parts = key.split("\x1f")
        if len(parts) == 6 and parts[4] < oldest:
            del log["sent"][key]


def local_now() -> datetime:
    """The machine's local time, with its offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


# When a run happened; tests put a fixed clock here (`record_run(now=…)` also takes one).
clock: Callable[[], datetime] = local_now


def record_run(log: dict[str, Any], today: date, sent: int, error: str = "", *,
               mode: str = SEND, now: datetime | None = None) -> None:
    """Keep this run as the log's `last_run` (`mode` SEND) or `last_dry_run` (DRY_RUN):
    when, the day it planned for, how many it sent (or would send), the error."""
    at = (now or clock()).replace(microsecond=0)
    log[RUN_KEYS[mode]] = {"at": at.isoformat(), "today": today.isoformat(), "mode": mode,
                           "ok": not error, "sent": sent, "error": error}


def last_runs(root: Path) -> dict[str, Any]:
    """`{"last_run": …, "last_dry_run": …}` as the log holds them (checked by
    `core.reminder_status`, not here), without decoding the sent-log itself: the
    dashboard reads this at each reload. No log: no run. LogError when the file cannot
    be read or is not a reminder log."""
    path = log_path(root)
    shown = f"{CACHE_DIR}/{LOG_FILE}"  # the dashboard's line: the workspace's own name
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_STATUS_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise LogError(_("cannot read {path} ({error})")
                       .format(path=shown, error=exc.strerror or exc)) from None
    if len(data) > MAX_STATUS_BYTES:
        raise LogError(_("{path} is not a reminder log of this version").format(path=shown))
    try:
        head = msgspec.json.decode(data, type=_Runs)
    except (msgspec.DecodeError, RecursionError, ValueError):
        raise LogError(_("{path} is not a reminder log of this version")
                       .format(path=shown)) from None
    if head.version != VERSION:
        raise LogError(_("{path} is not a reminder log of this version").format(path=shown))
    return {key: value for key, value in (("last_run", head.last_run),
                                          ("last_dry_run", head.last_dry_run))
            if value is not None}


def dashboard_runs(root: Path, configured: bool) -> dict[str, Any] | None:
    """What the dashboard says of `epn remind` (`core.reminder_status.status_line`):
    None when epn.yaml sets no reminders, else the log's last runs, or why the log
    cannot be read."""
    if not configured:
        return None
    try:
        return last_runs(root)
    except LogError as exc:
        from epn_tui.core.reminder_status import UNREADABLE

        return {UNREADABLE: str(exc)}
