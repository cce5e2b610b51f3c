"""Textual validators for what the forms type, built on the core's parsers.

A form's date field carries `FrenchDate` (Textual marks the field invalid once it is
left or submitted), and the form's own check asks the same validator for the message
it prints under the field: one rule, in one place, for both.
"""

from __future__ import annotations

from typing import Literal

from textual.validation import ValidationResult, Validator

from epn_tui.core.dates import DateError, parse_user_date


class FrenchDate(Validator):
    """`15/09/2025`, `15.09.2025` or `2025-09-15`; empty is allowed (an optional date).
    The failure says why in the form's words (« 31/11/2026 n'existe pas : novembre 2026
    compte 30 jours »)."""

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.success()
        try:
            parse_user_date(value)
        except DateError as exc:
            return self.failure(str(exc), value)
        return self.success()


# Checked when the field is left or submitted, not at every key: « 15/0 » is not wrong
# yet, only unfinished.
DATE_CHECK: tuple[Literal["blur", "changed", "submitted"], ...] = ("blur", "submitted")
