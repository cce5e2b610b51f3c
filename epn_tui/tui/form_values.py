"""The convention form's values, without Textual: what the inputs show for a front matter,
and which keys to write back.

The form compares what each input shows now with what it showed when the file was
read; only keys whose input changed are written (so changing the status is a one-line
diff). A value that is emptied is removed from the file (`DELETE`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from epn_tui.core.dates import DateError, format_short, parse_iso_date, parse_user_date
from epn_tui.core.durations import DurationError, parse_duration
from epn_tui.core.fields import FieldError, parse_field
from epn_tui.core.text import one_line
from epn_tui.core.validate import PARTY_KEYS, RENEWAL_SYNONYMS, STATUS_SYNONYMS
from epn_tui.i18n import _
from epn_tui.store.splice import DELETE

# The one-value keys of FORMAT.md, in the order the form shows them.
SCALAR_KEYS = ("title", "type", "status", "themes", "signed", "start", "duration", "end",
               "renewal", "renewal_period", "max_renewals", "notice", "amount", "amends",
               "terminated")
DATE_KEYS = ("signed", "start", "end", "terminated")
REQUIRED_KEYS = ("title", "status")
FORM_KEYS = frozenset(SCALAR_KEYS) | {"parties", "follow_up"}
FOLLOW_UP_KEYS = ("what", "every", "from")


@dataclass
class PartyRow:
    partner: str = ""
    role: str = ""
    signatory: str = ""
    commitments: str = ""  # one per line
    # Unknown keys of the entry (`deliberation:`…), kept as loaded; and the original key
    # order, so a rewritten entry keeps its shape.
    extra: dict[str, Any] = field(default_factory=dict)
    order: tuple[str, ...] = field(default=(), compare=False)

    def normalized(self) -> tuple[Any, ...]:
        return (self.partner.strip(), self.role.strip(), self.signatory.strip(),
                tuple(_lines(self.commitments)), _freeze(self.extra))


@dataclass
class FollowUpRow:
    what: str = ""
    every: str = ""
    start: str = ""  # the `from` key, as shown (dd/mm/yyyy)
    extra: dict[str, Any] = field(default_factory=dict)
    order: tuple[str, ...] = field(default=(), compare=False)

    def normalized(self) -> tuple[Any, ...]:
        return (self.what.strip(), self.every.strip(), self.start.strip(), _freeze(self.extra))


@dataclass
class FormValues:
    fields: dict[str, str] = field(default_factory=dict)
    parties: list[PartyRow] = field(default_factory=list)
    follow_up: list[FollowUpRow] = field(default_factory=list)

    def same_as(self, other: FormValues) -> bool:
        """Equal as far as the file is concerned (blanks around values do not count)."""
        return (
            {k: v.strip() for k, v in self.fields.items()}
            == {k: v.strip() for k, v in other.fields.items()}
            and [p.normalized() for p in self.parties] == [p.normalized() for p in other.parties]
            and [f.normalized() for f in self.follow_up]
            == [f.normalized() for f in other.follow_up]
        )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple((str(k), _freeze(v)) for k, v in value.items())
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"  # YAML 1.1 read the word as a boolean
    return str(value)


def show_date(value: Any) -> str:
    """A file date shown the French way; anything unreadable is shown as written."""
    text = _text(value)
    try:
        return format_short(parse_iso_date(text))
    except DateError:
        return text


def display(key: str, value: Any) -> str:
    """What the input for `key` shows for the file's value."""
    if value is None:
        return ""
    if key in DATE_KEYS:
        return show_date(value)
    if key == "themes":
        if isinstance(value, list):
            return ", ".join(_text(v) for v in value if v is not None)
        return _text(value)
    if key == "status":
        text = _text(value).strip().lower()
        return STATUS_SYNONYMS.get(text, text)
    if key == "renewal":
        text = _text(value).strip().lower()
        return RENEWAL_SYNONYMS.get(text, _text(value))
    if isinstance(value, (list, dict)):
        return one_line(yaml.safe_dump(value, default_flow_style=True,
                                       allow_unicode=True)).strip()
    return _text(value)


def from_mapping(data: Mapping[str, Any]) -> FormValues:
    """The form's values for a front matter as the loader read it."""
    # One line each, control characters removed: an input shows data, never drives the
    # terminal (a value left alone is never written back, so nothing is lost).
    values = FormValues({key: one_line(display(key, data.get(key))) for key in SCALAR_KEYS})
    parties = data.get("parties")
    for item in parties if isinstance(parties, list) else []:
        if isinstance(item, Mapping):
            commitments = item.get("commitments") or []
            if not isinstance(commitments, list):
                commitments = [commitments]
            values.parties.append(PartyRow(
                partner=_text(item.get("partner")),
                role=one_line(_text(item.get("role"))),
                signatory=_text(item.get("signatory")),
                # A commitment is one line of the text area.
                commitments="\n".join(one_line(_text(c)) for c in commitments if c is not None),
                extra={str(k): v for k, v in item.items() if k not in PARTY_KEYS},
                order=tuple(str(k) for k in item),
            ))
        else:
            values.parties.append(PartyRow(partner=_text(item)))
    follow_up = data.get("follow_up")
    for item in follow_up if isinstance(follow_up, list) else []:
        if isinstance(item, Mapping):
            values.follow_up.append(FollowUpRow(
                what=one_line(_text(item.get("what"))),
                every=one_line(_text(item.get("every"))),
                start=show_date(item.get("from")),
                extra={str(k): v for k, v in item.items() if k not in FOLLOW_UP_KEYS},
                order=tuple(str(k) for k in item),
            ))
    return values


def unknown_keys(data: Mapping[str, Any]) -> dict[str, Any]:
    """Front-matter keys the form does not edit (kept byte for byte, shown read-only)."""
    from epn_tui.core.validate import KNOWN_KEYS

    return {str(k): v for k, v in data.items() if k not in KNOWN_KEYS}


def _ordered(values: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """`values` with the keys in their original order, new keys after."""
    out = {k: values[k] for k in order if k in values}
    out.update({k: v for k, v in values.items() if k not in out})
    return out


def party_entry(row: PartyRow) -> dict[str, Any]:
    values: dict[str, Any] = {"partner": row.partner.strip()}
    if row.role.strip():
        values["role"] = row.role.strip()
    if row.signatory.strip():
        values["signatory"] = row.signatory.strip()
    commitments = _lines(row.commitments)
    if commitments:
        values["commitments"] = commitments
    values.update(row.extra)
    return _ordered(values, row.order)


def changes_between(initial: FormValues, current: FormValues, data: Mapping[str, Any]
                    ) -> tuple[dict[str, Any], dict[str, str]]:
    """(changes for `update_fields`, errors by key) for the inputs that changed."""
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in SCALAR_KEYS:
        before = initial.fields.get(key, "").strip()
        now = current.fields.get(key, "").strip()
        if now == before:
            continue
        if not now:
            if key in REQUIRED_KEYS:
                errors[key] = _("required")
            elif key in data:
                changes[key] = DELETE
            continue
        if key in ("title", "type", "amends"):
            changes[key] = now
            continue
        try:
            changes[key] = parse_field(key, now)
        except FieldError as exc:
            errors[key] = field_error(key, str(exc), now)
    if [p.normalized() for p in current.parties] != [p.normalized() for p in initial.parties]:
        missing = [i + 1 for i, p in enumerate(current.parties) if not p.partner.strip()]
        if missing:
            errors["parties"] = _("party {n} has no partner: choose one or remove the "
                                  "party").format(n=missing[0])
        else:
            changes["parties"] = [party_entry(p) for p in current.parties]
    if [f.normalized() for f in current.follow_up] != [f.normalized() for f in initial.follow_up]:
        entries, problem = _follow_up_entries(current.follow_up)
        if problem:
            errors["follow_up"] = problem
        elif entries or "follow_up" in data:
            changes["follow_up"] = entries if entries else DELETE
    return changes, errors


def date_problem(typed: str) -> str:
    """Why `typed` is not a date: the day does not exist (`31/11/2026`), or it is not
    written as one (the date field's validator says the same, `tui/validators`)."""
    from epn_tui.tui.validators import FrenchDate

    checked = FrenchDate().validate(typed)
    if not checked.is_valid:
        return checked.failure_descriptions[0]
    return _("not a date: write it as 15/09/2025 (or 2025-09-15)")


def field_error(key: str, fallback: str, typed: str = "") -> str:
    """The message shown under an input: what to type, without the file's key name
    (the label beside the input says which field it is)."""
    if key in DATE_KEYS:
        return date_problem(typed)
    if key in ("duration", "renewal_period", "notice"):
        return _("not a duration: write e.g. `1 an`, `18 mois`, `2 ans et 6 mois`")
    if key == "max_renewals":
        return _("a whole number: 0, 1, 2… (empty: no limit)")
    if key == "amount":
        return _("a number of euros, such as 1500 or 1500,50")
    return fallback


def _follow_up_entries(rows: list[FollowUpRow]) -> tuple[list[dict[str, Any]], str | None]:
    out = []
    for n, row in enumerate(rows, 1):
        what, every, start = row.what.strip(), row.every.strip(), row.start.strip()
        if not (what and every and start):
            return [], _("follow-up {n}: fill in what, every and from").format(n=n)
        try:
            period = parse_duration(every)
        except DurationError:
            return [], _("follow-up {n}: `{value}` is not a period such as `6 mois`").format(
                n=n, value=every)
        if period.open_ended or period.is_zero:
            return [], _("follow-up {n}: `{value}` is not a period such as `6 mois`").format(
                n=n, value=every)
        try:
            first: date = parse_user_date(start)
        except DateError as exc:
            if exc.impossible:
                return [], _("follow-up {n}: {problem}").format(n=n, problem=exc)
            return [], _("follow-up {n}: `{value}` is not a date such as 15/09/2025").format(
                n=n, value=start)
        values = {"what": what, "every": every, "from": first}
        values.update(row.extra)
        out.append(_ordered(values, row.order))
    return out, None
