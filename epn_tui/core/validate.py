"""Turn one front matter (a plain mapping from the YAML loader) into a Convention.

Never raises for bad data: every problem becomes a `Problem` with the line of the
offending key (found lazily through `locate`, only when something is wrong) and a
message that says how to fix it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from epn_tui.core.dates import DateError, format_short, parse_iso_date
from epn_tui.core.durations import Duration, DurationError, parse_duration
from epn_tui.core.model import RENEWALS, STATUSES, TYPES, Convention, FollowUp, Party, Problem
from epn_tui.core.terms import ONE_DAY
from epn_tui.core.text import one_line
from epn_tui.i18n import N_, _

KNOWN_KEYS = frozenset({
    "title", "type", "status", "themes", "parties", "signed", "start", "duration", "end",
    "renewal", "renewal_period", "max_renewals", "notice", "amount", "follow_up", "amends",
    "terminated",
})
PARTY_KEYS = frozenset({"partner", "role", "signatory", "commitments"})
# Values people type in French are accepted for the renewal mode.
RENEWAL_SYNONYMS = {
    "tacite": "tacit", "tacite reconduction": "tacit", "expresse": "express",
    "express": "express", "aucune": "none", "aucun": "none", "non": "none", "no": "none",
    "tacit": "tacit", "none": "none",
}
STATUS_SYNONYMS = {
    "brouillon": "draft", "projet": "draft", "négociation": "negotiation",
    "negociation": "negotiation", "signée": "signed", "signee": "signed",
    "résiliée": "terminated", "resiliee": "terminated",
}

Locate = Callable[[tuple[str | int, ...]], int]
_BEYOND = N_("`{key}` puts the end of the convention after the year 9999; check its value")


class _Checker:
    def __init__(self, path: str, locate: Locate) -> None:
        self.path = path
        self.locate = locate
        self.problems: list[Problem] = []

    def error(self, where: tuple[str | int, ...], message: str) -> None:
        self.problems.append(Problem(self.path, self.locate(where), message))

    def warn(self, where: tuple[str | int, ...], message: str) -> None:
        self.problems.append(Problem(self.path, self.locate(where), message, "warning"))

    def text(self, data: Mapping[str, Any], key: str, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.error((key,), _("missing `{key}:`; add it to the front matter")
                           .format(key=key))
            return None
        if isinstance(value, (list, dict)):
            self.error((key,), _("`{key}` must be text, not a list or mapping").format(key=key))
            return None
        if isinstance(value, bool):
            # YAML 1.1 reads `no`/`yes` as booleans: the person meant the word.
            return "yes" if value else "no"
        return str(value)

    def date(self, data: Mapping[str, Any], key: str, where: tuple[str | int, ...] = ()
             ) -> date | None:
        value = data.get(key)
        if value is None:
            return None
        where = where or (key,)
        try:
            return parse_iso_date(str(value))
        except DateError as exc:
            if exc.impossible:  # `2026-11-31`: the format is right, the day does not exist
                self.error(where, f"`{key}`: {exc}")
            else:
                self.error(where, _("`{key}: {value}` is not a valid date; write it as "
                                    "YYYY-MM-DD, e.g. 2025-09-15").format(key=key, value=value))
            return None

    def duration(self, data: Mapping[str, Any], key: str, where: tuple[str | int, ...] = ()
                 ) -> Duration | None:
        value = data.get(key)
        if value is None:
            return None
        where = where or (key,)
        if isinstance(value, (list, dict, bool)) or isinstance(value, (int, float)):
            self.error(where, _("`{key}: {value}` needs a unit, e.g. `1 an`, `18 mois`, "
                                "`P1Y6M`").format(key=key, value=value))
            return None
        try:
            found = parse_duration(str(value))
        except DurationError:
            self.error(where, _("cannot read the duration `{key}: {value}`; write e.g. `1 an`, "
                                "`18 mois`, `1 an et 6 mois` or `P1Y6M`")
                       .format(key=key, value=value))
            return None
        if found.is_zero:
            self.error(where, _("`{key}` cannot be zero").format(key=key))
            return None
        return found


def build_convention(conv_id: str, path: str, data: Mapping[str, Any], locate: Locate
                     ) -> tuple[Convention | None, list[Problem]]:
    """A Convention (None when an error makes it unusable) and the problems found."""
    c = _Checker(path, locate)
    title = c.text(data, "title", required=True)
    if title is not None and not title.strip():
        c.error(("title",), _("`title` is empty; give the convention a title"))
    status = c.text(data, "status", required=True)
    if status is not None:
        status = STATUS_SYNONYMS.get(status.strip().lower(), status.strip().lower())
        if status not in STATUSES:
            c.error(("status",), _("unknown status `{value}`; use one of: {choices}")
                    .format(value=data.get("status"), choices=", ".join(STATUSES)))
            status = None
    conv_type = c.text(data, "type")
    if conv_type is not None and conv_type not in TYPES:
        c.warn(("type",), _("unusual type `{value}`; the usual ones are: {choices}")
               .format(value=conv_type, choices=", ".join(TYPES)))
    themes = _themes(c, data)
    parties = _parties(c, data)
    signed = c.date(data, "signed")
    start = c.date(data, "start")
    end = c.date(data, "end")
    terminated = c.date(data, "terminated")
    duration = c.duration(data, "duration")
    renewal_period = c.duration(data, "renewal_period")
    notice = c.duration(data, "notice")
    renewal = "none"
    raw_renewal = c.text(data, "renewal")
    if raw_renewal is not None:
        mapped = RENEWAL_SYNONYMS.get(raw_renewal.strip().lower())
        if mapped is None:
            c.error(("renewal",), _("unknown renewal `{value}`; use one of: {choices}")
                    .format(value=raw_renewal, choices=", ".join(RENEWALS)))
        else:
            renewal = mapped
    max_renewals = _max_renewals(c, data)
    amount = _amount(c, data)
    follow_up = _follow_up(c, data)
    amends = c.text(data, "amends")

    if start is not None and end is not None and end < start:
        c.error(("end",), _("`end` ({end}) is before `start` ({start})")
                .format(end=end, start=start))
    computed_end = None
    if start is not None and duration is not None and not duration.open_ended:
        computed_end = _last_day(start, duration)
        if computed_end is None:
            c.error(("duration",), _(_BEYOND).format(key="duration"))
    if start is not None and end is not None and duration is not None:
        if duration.open_ended:
            c.error(("end",), _("`end` contradicts `duration: indéterminée`; keep only one"))
        elif computed_end is not None and computed_end != end:
            if end == _clipped_last_day(start, duration):
                # Agreed under the earlier rule (clip to the month's end, then − 1 day).
                c.error(("end",), _(
                    "`end: {end}` does not match `duration: {duration}` from {start}: the "
                    "duration gives {computed} (a term ends the day before the same day of "
                    "the month, or on the month's last day when that day does not exist)")
                    .format(end=end, duration=one_line(str(data.get("duration"))),
                            start=format_short(start), computed=format_short(computed_end)))
            else:
                c.error(("end",), _("`end: {end}` contradicts `duration` (start + duration "
                                    "ends on {computed}); keep only one or make them agree")
                        .format(end=end, computed=computed_end))
    _check_last_renewal(c, end or computed_end, renewal, renewal_period or (
        duration if duration is not None and not duration.open_ended else None),
        renewal_period is not None, max_renewals)
    if status == "signed":
        # `start:` written but left empty is as missing as no `start:` at all.
        if start is None and data.get("start") is None:
            c.error(("status",), _("a signed convention needs `start:` (YYYY-MM-DD)"))
        if end is None and duration is None and data.get("end") is None \
                and data.get("duration") is None:
            c.error(("status",), _("a signed convention needs `duration:` or `end:`"))
    if renewal == "tacit" and renewal_period is None and duration is None and end is not None:
        c.error(("renewal",), _("a tacit renewal given by `start` and `end` alone needs "
                                "`renewal_period:` (e.g. `1 an`)"))
    if max_renewals is not None and renewal != "tacit":
        c.warn(("max_renewals",), _("`max_renewals` only applies to `renewal: tacit`"))
    if status == "terminated" and terminated is None and data.get("terminated") is None:
        c.warn(("status",), _("a terminated convention should say when: add `terminated:` "
                              "(YYYY-MM-DD)"))
    if not parties and "parties" in data and isinstance(data.get("parties"), list):
        c.warn(("parties",), _("no party yet: add the partners under `parties:`"))

    if data.get("reminders") is not None:  # `epn remind`'s own thresholds and people
        from epn_tui.core.reminders import override_problems

        for message in override_problems(data["reminders"]):
            c.warn(("reminders",), message)

    if any(p.is_error for p in c.problems) or title is None or status is None:
        return None, c.problems
    extra = {k: v for k, v in data.items() if k not in KNOWN_KEYS}
    conv = Convention(
        id=conv_id, path=path, title=title, status=status, parties=parties, type=conv_type,
        themes=themes, signed=signed, start=start, end=end, duration=duration,
        renewal=renewal, renewal_period=renewal_period, max_renewals=max_renewals,
        notice=notice, amount=amount, follow_up=follow_up, amends=amends,
        terminated=terminated, extra=extra,
    )
    return conv, c.problems


def _last_day(day: date, period: Duration, k: int = 1) -> date | None:
    """The last day of the k-th term of length `period` from `day` (terms.Plan's rule:
    `(day ⊕ period) − 1 day`, chained), or None past 9999-12-31 (dates stop there)."""
    try:
        return period.chained(day, k) - ONE_DAY
    except (OverflowError, ValueError):
        return None


def _clipped_last_day(day: date, period: Duration) -> date | None:
    """`day + period − 1 day` with the month's end clipped first: the rule before terms
    ran de quantième à quantième, to explain a file written under it."""
    try:
        return period.after(day) - ONE_DAY
    except (OverflowError, ValueError):
        return None


def _check_last_renewal(c: _Checker, end0: date | None, renewal: str,
                        period: Duration | None, own_period: bool,
                        max_renewals: int | None) -> None:
    """The final end of a limited tacit renewal must be a date the engine can hold."""
    if renewal != "tacit" or not max_renewals or end0 is None or period is None:
        return
    if end0 == date.max:
        c.error(("end",), _(_BEYOND).format(key="end"))
        return
    a = end0 + ONE_DAY
    if own_period and _last_day(a, period, 1) is None:
        c.error(("renewal_period",), _(_BEYOND).format(key="renewal_period"))
    elif _last_day(a, period, max_renewals) is None:
        c.error(("max_renewals",), _(_BEYOND).format(key="max_renewals"))


def _themes(c: _Checker, data: Mapping[str, Any]) -> tuple[str, ...]:
    value = data.get("themes")
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
        return tuple(str(v) for v in value if v is not None)
    c.error(("themes",), _("`themes` must be a list of words, e.g. `[éducation, emploi]`"))
    return ()


def _parties(c: _Checker, data: Mapping[str, Any]) -> tuple[Party, ...]:
    value = data.get("parties")
    if value is None:
        c.error(("parties",), _("missing `parties:`; list each partner with `- partner: id`"))
        return ()
    if not isinstance(value, list):
        c.error(("parties",), _("`parties` must be a list of `- partner: id` entries"))
        return ()
    out = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            out.append(Party(partner=item))
            continue
        if not isinstance(item, dict):
            c.error(("parties", i), _("party {n} must be a mapping with `partner:`")
                    .format(n=i + 1))
            continue
        partner = item.get("partner")
        if partner is None or isinstance(partner, (list, dict)) or not str(partner).strip():
            c.error(("parties", i), _("party {n} has no `partner:` id").format(n=i + 1))
            continue
        commitments = item.get("commitments") or []
        if isinstance(commitments, str):
            commitments = [commitments]
        if not isinstance(commitments, list):
            c.error(("parties", i, "commitments"),
                    _("`commitments` must be a list of sentences"))
            commitments = []
        role = item.get("role")
        signatory = item.get("signatory")
        out.append(Party(
            partner=str(partner),
            role="" if role is None else str(role),
            signatory=None if signatory is None else str(signatory),
            commitments=tuple(str(x) for x in commitments if x is not None),
            extra={k: v for k, v in item.items() if k not in PARTY_KEYS},
        ))
    return tuple(out)


def _max_renewals(c: _Checker, data: Mapping[str, Any]) -> int | None:
    value = data.get("max_renewals")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        c.error(("max_renewals",), _("`max_renewals` must be a whole number (0, 1, 2…)"))
        return None
    return value


def _amount(c: _Checker, data: Mapping[str, Any]) -> float | None:
    value = data.get("amount")
    if value is None:
        return None
    try:
        # Not a bool, not negative, and a finite float (`.inf`, `.nan` or 400 digits
        # are no amount of euros).
        amount = None if isinstance(value, bool) or not isinstance(value, (int, float)) \
            else float(value)
    except OverflowError:
        amount = None
    if amount is None or not math.isfinite(amount) or amount < 0:
        c.error(("amount",), _("`amount` must be a number of euros, e.g. `1500` or `1500.50` "
                               "(no spaces, no € sign)"))
        return None
    return amount


def _follow_up(c: _Checker, data: Mapping[str, Any]) -> tuple[FollowUp, ...]:
    value = data.get("follow_up")
    if value is None:
        return ()
    if not isinstance(value, list):
        c.error(("follow_up",), _("`follow_up` must be a list of `- what: … every: … from: …`"))
        return ()
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            c.error(("follow_up", i), _("follow-up {n} must be a mapping with `what`, `every` "
                                        "and `from`").format(n=i + 1))
            continue
        what = item.get("what")
        every = c.duration(item, "every", ("follow_up", i, "every"))
        first = c.date(item, "from", ("follow_up", i, "from"))
        if what is None or every is None or first is None:
            if what is None or "every" not in item or "from" not in item:
                c.error(("follow_up", i), _("follow-up {n} needs `what`, `every` and `from`")
                        .format(n=i + 1))
            continue
        if every.open_ended:
            c.error(("follow_up", i, "every"), _("`every` must be a period such as `6 mois`"))
            continue
        out.append(FollowUp(what=str(what), every=every, start=first))
    return tuple(out)
