"""Which reminders are due: deadlines that reached a threshold, not sent yet. Pure.

A deadline `d` days away (d ≥ 0) is in the band of the smallest threshold `t` of the
convention's `days` with `d ≤ t`. Its reminder for that band is due unless the sent-log
holds it. The key is (convention, kind, term, what, date, threshold), so:

- a second run the same day (or any day in the same band) sends nothing;
- a run after a missed week sends the reminder of the band the deadline is in now, once:
  the bands it skipped are not sent one by one (they are no longer useful);
- a deadline whose date moved (the end changed, a longer notice) is another key: the new
  date gets its own reminders;
- a deadline past (d < 0) or further than the largest threshold gets nothing.

The store keeps the sent-log (`store/reminder_log.py`); `commands/remind.py` sends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from msgspec import Struct

from epn_tui.core.model import Convention, Deadline, Reminders, Smtp
from epn_tui.i18n import _

SECURITIES = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
MAX_DAYS = 3653  # like the horizon: ten years is plenty to be reminded ahead


class Due(Struct, frozen=True, gc=False):
    """One reminder to send: a deadline, the band it is in, the people to tell."""

    deadline: Deadline
    threshold: int
    to: tuple[str, ...]

    @property
    def key(self) -> str:
        return reminder_key(self.deadline, self.threshold)


def reminder_key(d: Deadline, threshold: int) -> str:
    term = "" if d.term is None else str(d.term)
    what = d.what or ""
    owner = d.entry if d.kind == "next-step" else d.convention
    return f"{owner}\x1f{d.kind}\x1f{term}\x1f{what}\x1f{d.date.isoformat()}" \
           f"\x1f{threshold}"


def band(days: Iterable[int], left: int) -> int | None:
    """The smallest threshold at or above `left` days, or None."""
    if left < 0:
        return None
    reached = [t for t in days if t >= left]
    return min(reached) if reached else None


def _days(value: Any, errors: list[str]) -> tuple[int, ...] | None:
    items = value if isinstance(value, list) else [value]
    out: set[int] = set()
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= MAX_DAYS:
            errors.append(_("`reminders: days` must be a list of numbers of days, e.g. "
                            "`[60, 30, 7, 1]`"))
            return None
        out.add(item)
    return tuple(sorted(out, reverse=True))


def _strings(value: Any) -> tuple[str, ...] | None:
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str) and item.strip() for item in items):
        return None
    return tuple(item.strip() for item in items)


def parse_smtp(value: Any, errors: list[str]) -> Smtp:
    smtp = Smtp()
    if value is None:
        return smtp
    if not isinstance(value, dict):
        errors.append(_("`reminders: smtp` must be `{host: …, port: …, security: starttls}`"))
        return smtp
    if "password" in value:
        errors.append(_("`reminders: smtp: password` is refused: a password never goes in a "
                        "file of the workspace (use EPN_SMTP_PASSWORD, the system keyring or "
                        "`password_command`)"))
    if value.get("host") is not None:
        smtp.host = str(value["host"]).strip()
    if value.get("user") is not None:
        smtp.user = str(value["user"]).strip()
    port = value.get("port")
    if port is not None:
        if isinstance(port, int) and not isinstance(port, bool) and 0 < port < 65536:
            smtp.port = port
        else:
            errors.append(_("`reminders: smtp: port` must be a port number, e.g. 587"))
    security = value.get("security")
    if security is not None:
        if str(security) in SECURITIES:
            smtp.security = str(security)
        else:
            errors.append(_("`reminders: smtp: security` must be `starttls`, `tls` or `none`"))
    command = value.get("password_command")
    if command is not None:
        found = _strings(command) if isinstance(command, list) else None
        if found:
            smtp.password_command = found
        else:
            errors.append(_("`reminders: smtp: password_command` must be a list of words, "
                            "e.g. `[pass, show, epn/smtp]` (it runs without a shell)"))
    return smtp


def parse_reminders(value: Any, errors: list[str]) -> Reminders | None:
    """The `reminders:` of epn.yaml. Problems are appended to `errors`."""
    if value is None:
        return None
    if not isinstance(value, dict):
        errors.append(_("`reminders` must be `{days: [60, 30, 7, 1], to: [...]}`"))
        return None
    out = Reminders()
    if "days" in value:
        days = _days(value["days"], errors)
        if days is not None:
            out.days = days
    if "to" in value:
        to = _strings(value["to"])
        if to is None:
            errors.append(_("`reminders: to` must be a list of e-mail addresses or contact "
                            "ids"))
        else:
            out.to = to
    if value.get("from") is not None:
        out.sender = str(value["from"]).strip()
    out.smtp = parse_smtp(value.get("smtp"), errors)
    return out


OFF = (False, "non", "no", "off")


def override_problems(value: Any) -> list[str]:
    """What is wrong with a convention's `reminders:` (`epn check` warns; the
    workspace's reminders are used instead)."""
    if value is None or value in OFF:
        return []
    if not isinstance(value, dict):
        return [_("`reminders` must be `false` or `{days: [...], to: [...]}`")]
    errors: list[str] = []
    if "days" in value:
        _days(value["days"], errors)
    if "to" in value and _strings(value["to"]) is None:
        errors.append(_("`reminders: to` must be a list of e-mail addresses or contact ids"))
    return errors


def convention_reminders(conv: Convention, base: Reminders,
                         errors: list[str]) -> Reminders | None:
    """The reminders of one convention: its front matter's `reminders:` (`days`, `to`,
    each replacing the workspace's; `false` for none) over the workspace's."""
    value = conv.extra.get("reminders")
    if value is None:
        return base
    if value in OFF:
        return None
    own = override_problems(value)
    errors.extend(f"{conv.path}: {message}" for message in own)
    if own:
        return base
    return Reminders(days=_days(value["days"], []) or base.days if "days" in value
                     else base.days,
                     to=_strings(value["to"]) or base.to if "to" in value else base.to,
                     sender=base.sender, smtp=base.smtp)


def window(conventions: Iterable[Convention], base: Reminders) -> int:
    """How far ahead to look: the largest threshold of the workspace or a convention."""
    largest = max(base.days, default=0)
    for conv in conventions:
        value = conv.extra.get("reminders") if conv.extra else None
        if isinstance(value, dict):
            days = _days(value.get("days", []), [])
            if days:
                largest = max(largest, days[0])
    return largest


def due(deadlines: Iterable[Deadline], plans: Mapping[str, Reminders | None],
        sent: Mapping[str, Any]) -> list[Due]:
    """The reminders to send now: each deadline in a threshold's band whose reminder for
    that band and that date is not in `sent`. `plans`: each convention's reminders (None:
    none for it); a convention missing from it has none."""
    out: list[Due] = []
    for d in deadlines:
        plan = plans.get(d.convention)
        if plan is None:
            continue
        threshold = band(plan.days, d.days)
        if threshold is None or reminder_key(d, threshold) in sent:
            continue
        out.append(Due(d, threshold, plan.to))
    return out
