"""Plain, immutable records of the domain.

Everything here is pure data: the store builds these from files, the renewal engine
(`terms`, `deadlines`) computes from them, the UI, CLI and renderers display them.

Records are msgspec Structs rather than dataclasses: the parse cache decodes straight
into them (10,000 conventions in about 25 ms, against 85 ms for `json` plus building
dataclasses), they are built faster, and they import faster. `gc=False`: they hold
no reference cycles (their values come from YAML, JSON or the user, all trees), so the
collector need not track them.
"""

from __future__ import annotations

from datetime import date
from datetime import date as Date
from typing import Any

from msgspec import Struct, field

from epn_tui.core.durations import Duration

# The domain's words live in `vocabulary` (no import: the UI's first frame needs them
# before it needs any record); re-exported here where the records use them.
from epn_tui.core.vocabulary import (
    DEADLINE_KINDS,
    FILTER_STATES,
    INTERACTION_KINDS,
    PARTNER_KINDS,
    RENEWALS,
    STATES,
    STATUSES,
    TYPES,
    UNWRITTEN,
)

__all__ = [
    "DEADLINE_KINDS", "FILTER_STATES", "INTERACTION_KINDS", "PARTNER_KINDS", "RENEWALS",
    "STATES", "STATUSES", "TYPES", "UNWRITTEN", "Contact", "Convention", "Deadline",
    "FollowUp", "Interaction", "Partner", "Party", "Problem", "Reminders", "Settings", "Smtp",
    "Term",
]


class Problem(Struct, frozen=True, gc=False):
    """One thing wrong with a file: `path:line: message`.

    `path` is relative to the workspace root (POSIX separators); `line` is 1-based,
    0 when the problem concerns the whole file.
    """

    path: str
    line: int
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class Party(Struct, frozen=True, gc=False, array_like=True, omit_defaults=True):
    partner: str
    role: str = ""
    signatory: str | None = None
    commitments: tuple[str, ...] = ()
    # Unknown keys of the party entry (e.g. `deliberation:`), as loaded.
    extra: dict[str, Any] = field(default_factory=dict)


class FollowUp(Struct, frozen=True, gc=False, array_like=True):
    what: str
    every: Duration
    start: date  # the `from` key


# Frozen: what reads a convention can trust it not to change. Its renewal plan is
# memoised beside it (`terms.Plan.of`), not in it. The store names a convention decoded
# from the cache (its id and path are the cache's keys) before anyone sees it, with
# msgspec's `force_setattr` (store/cache.py). `omit_defaults`: the cache leaves out the
# many empty fields.
class Convention(Struct, frozen=True, omit_defaults=True):
    """A convention as read from its file, validated and typed.

    `extra` keeps the unknown front-matter keys as the YAML loader gave them, for
    read-only display. The body is not kept here (10,000 bodies would weigh on every
    start); the store reads it on demand.
    """

    id: str
    path: str  # relative to the workspace root, POSIX separators
    title: str
    status: str
    parties: tuple[Party, ...]
    type: str | None = None
    themes: tuple[str, ...] = ()
    signed: date | None = None
    start: date | None = None
    end: date | None = None  # as written in the file (`end:`)
    duration: Duration | None = None  # None when absent; Duration.open_ended for indéterminée
    renewal: str = "none"
    renewal_period: Duration | None = None
    max_renewals: int | None = None
    notice: Duration | None = None
    amount: float | None = None
    follow_up: tuple[FollowUp, ...] = ()
    amends: str | None = None
    terminated: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys, as loaded

    @property
    def partner_ids(self) -> tuple[str, ...]:
        return tuple([p.partner for p in self.parties])

    @property
    def open_ended(self) -> bool:
        return self.duration is not None and self.duration.open_ended and self.end is None


class Term(Struct, frozen=True, gc=False):
    """Term k of a convention (0 = the initial term)."""

    index: int
    start: date
    end: date


class Deadline(Struct, frozen=True, gc=False, omit_defaults=True):
    """Encoded by msgspec as `as_json()` gives it (`epn due --json`)."""

    date: date
    kind: str  # one of DEADLINE_KINDS
    convention: str  # convention id
    title: str
    days: int  # days from today
    term: int | None = None  # the term concerned: renewed (renewal), ending (notice)
    what: str | None = None  # follow-up label
    # A notice deadline of an `express` convention: the last day to ask for a renewal
    # (FORMAT.md), not to oppose one; `"express": true` in JSON, kind still `notice`.
    express: bool = False
    partner: str | None = None  # next-step: the partner whose journal holds it
    entry: str | None = None  # next-step: the journal entry (`epn journal done ENTRY`)
    # follow-up: the journal entry that records this occurrence (core/follow_ups.py);
    # a done occurrence is listed only by `epn due --json`.
    done_by: str | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "convention": self.convention,
            "title": self.title,
            "days": self.days,
        }
        if self.term is not None:
            out["term"] = self.term
        if self.what is not None:
            out["what"] = self.what
        if self.express:
            out["express"] = True
        if self.kind == "next-step":
            # FORMAT.md: the convention the entry names, or null; and the partner.
            out["convention"] = self.convention or None
            out["partner"] = self.partner
            out["entry"] = self.entry
        if self.done_by is not None:
            out["done_by"] = self.done_by
        return out


class Settings(Struct, gc=False):
    """epn.yaml, typed. Unknown keys are kept in `extra`."""

    epn: str | None = None
    language: str = "fr"
    horizon_days: int = 90
    horizon_text: str = "90 jours"
    elections: dict[str, date] = field(default_factory=dict)
    silence_months: int = 6  # partners with no interaction for longer are flagged
    git_commit: str = "auto"  # `git: {commit: auto | manual}`: commit every change or not
    reminders: Reminders | None = None  # `reminders:` for `epn remind`; None: not set up
    extra: dict[str, Any] = field(default_factory=dict)


class Smtp(Struct, gc=False):
    """`reminders: {smtp: …}`: where `epn remind` sends its mail. No password here:
    it comes from the environment, the system keyring or `password_command`."""

    host: str = ""
    port: int = 0  # 0: the security's usual port (587 starttls, 465 tls, 25 none)
    security: str = "starttls"  # starttls | tls | none
    user: str = ""
    password_command: tuple[str, ...] = ()  # an argument list, run without a shell


class Reminders(Struct, gc=False):
    """`reminders: {days: [60, 30, 7, 1], to: [...], from: ..., smtp: {...}}`."""

    days: tuple[int, ...] = (60, 30, 7, 1)
    to: tuple[str, ...] = ()  # e-mail addresses or contact ids of the directory
    sender: str = ""  # `from:`; the SMTP user when empty
    smtp: Smtp = field(default_factory=Smtp)




class Partner(Struct, frozen=True, gc=False):
    id: str
    name: str
    kind: str = ""
    address: str = ""
    commune: str = ""
    siret: str = ""
    website: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class Contact(Struct, frozen=True, gc=False):
    id: str
    partner: str
    name: str
    role: str = ""
    function: str = ""
    email: str = ""
    phone: str = ""
    elected: str | None = None  # municipal | departmental | regional
    verified: date | None = None
    committee: bool = False
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class Interaction(Struct, frozen=True, gc=False):
    id: str
    date: date | None
    partner: str
    contacts: tuple[str, ...] = ()
    kind: str = ""
    summary: str = ""
    next_step: str = ""
    next_date: Date | None = None  # `date` is the field above here, not the type
    done: Date | None = None  # the next step was done that day: no longer a deadline
    extra: dict[str, Any] = field(default_factory=dict)
