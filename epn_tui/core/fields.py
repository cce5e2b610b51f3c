"""Typing a front-matter value from what a person typed (CLI `set`, UI forms)."""

from __future__ import annotations

from typing import Any

import yaml

from epn_tui.core.dates import DateError, parse_user_date
from epn_tui.core.durations import DurationError, parse_duration
from epn_tui.core.model import RENEWALS, STATUSES
from epn_tui.core.validate import RENEWAL_SYNONYMS, STATUS_SYNONYMS
from epn_tui.i18n import _

DATE_KEYS = ("signed", "start", "end", "terminated")
DURATION_KEYS = ("duration", "renewal_period", "notice")
TEXT_KEYS = ("title", "type", "amends")
STRUCTURED_KEYS = ("parties", "follow_up")


class FieldError(ValueError):
    pass


def parse_field(key: str, text: str) -> Any:
    """The typed value to write for `key`, or FieldError saying what is expected."""
    text = text.strip()
    if key in DATE_KEYS:
        try:
            return parse_user_date(text)
        except DateError as exc:
            if exc.impossible:  # written right, but no such day: say so
                raise FieldError(f"`{key}`: {exc}") from None
            raise FieldError(_("`{key}`: expected a date such as 15/09/2025 or 2025-09-15, got "
                               "{value!r}").format(key=key, value=text)) from None
    if key in DURATION_KEYS:
        try:
            parse_duration(text)
        except DurationError:
            raise FieldError(_("`{key}`: expected a duration such as `1 an`, `18 mois` or "
                               "`P1Y6M`, got {value!r}").format(key=key, value=text)) from None
        return text
    if key == "status":
        value = STATUS_SYNONYMS.get(text.lower(), text.lower())
        if value not in STATUSES:
            raise FieldError(_("`status`: use one of {choices}")
                             .format(choices=", ".join(STATUSES)))
        return value
    if key == "renewal":
        renewal = RENEWAL_SYNONYMS.get(text.lower())
        if renewal not in RENEWALS:
            raise FieldError(_("`renewal`: use one of {choices}")
                             .format(choices=", ".join(RENEWALS)))
        return renewal
    if key == "max_renewals":
        if not text.isdigit():
            raise FieldError(_("`max_renewals`: expected a whole number"))
        return int(text)
    if key == "amount":
        try:
            amount = float(text.replace("\u202f", "").replace(" ", "").replace(",", ".")
                           .rstrip("€"))
        except ValueError:
            raise FieldError(_("`amount`: expected a number of euros such as 1500")) from None
        return int(amount) if amount.is_integer() else amount
    if key == "themes":
        if text.startswith("["):
            return _flow(key, text)
        return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]
    if key in STRUCTURED_KEYS:
        return _flow(key, text)
    return text


def _flow(key: str, text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        raise FieldError(_("`{key}`: expected YAML such as `[{{partner: id, role: partenaire}}]`")
                         .format(key=key)) from None
