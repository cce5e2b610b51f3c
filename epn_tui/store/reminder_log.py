"""The sent-log of `epn remind`: `.epn/reminders.json` (`.epn/` is never committed).

    {"version": 1,
     "sent": {"<key>": {"at": "2026-09-29T08:00:03+00:00", "to": ["…"]}},
     "last_run": {"at": "…", "today": "2026-09-29", "ok": true, "sent": 2, "error": ""}}

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
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from epn_tui.i18n import _
from epn_tui.store.layout import CACHE_DIR

LOG_FILE = "reminders.json"
VERSION = 1
KEEP_DAYS = 366


class LogError(RuntimeError):
    pass


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


def record_run(log: dict[str, Any], today: date, sent: int, error: str = "") -> None:
    log["last_run"] = {"at": now_text(), "today": today.isoformat(), "ok": not error,
                       "sent": sent, "error": error}
