"""What a write did, in words: the commit message of every change.

`Convention ecole-jules-ferry-2025 : statut brouillon → signée`, `Partenaire ccas-sorges :
téléphone modifié`, `Nouvelle convention …`, in the workspace's language, with trailers
naming the records (`Epn-Convention: <id>`, `Epn-Partner: <id>`…) so that the history
of one record is one `git log --grep`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from epn_tui.core.dates import format_short
from epn_tui.core.labels import RENEWAL_LABELS, STATUS_LABELS, TYPE_LABELS, label
from epn_tui.core.text import one_line
from epn_tui.i18n import N_, _

SUBJECT_MAX = 120
TRAILER_OF = {"conventions": "Epn-Convention", "partners": "Epn-Partner",
              "contacts": "Epn-Contact", "interactions": "Epn-Interaction"}

# Field names as a secrétaire de mairie reads them in a history.
FIELD_WORDS = {
    "title": N_("title"), "status": N_("status"), "type": N_("type"),
    "themes": N_("themes"), "parties": N_("parties"), "signed": N_("signature date"),
    "start": N_("start"), "end": N_("end"), "duration": N_("duration"),
    "renewal": N_("renewal"), "renewal_period": N_("renewal period"),
    "max_renewals": N_("maximum renewals"), "notice": N_("notice"),
    "amount": N_("amount"), "follow_up": N_("follow-up"), "terminated": N_("termination"),
    "amends": N_("amended convention"),
    "name": N_("name"), "kind": N_("kind"), "address": N_("address"),
    "commune": N_("commune"), "siret": N_("SIRET"), "website": N_("website"),
    "tags": N_("tags"), "notes": N_("notes"), "partner": N_("partner"),
    "role": N_("role"), "function": N_("function"), "email": N_("e-mail"),
    "phone": N_("phone"), "elected": N_("mandate"), "verified": N_("checked on"),
    "committee": N_("steering committee"), "date": N_("date"), "contacts": N_("contacts"),
    "summary": N_("summary"), "next_step": N_("next step"), "next_date": N_("next step date"),
    "done": N_("done"),
}
_VALUE_LABELS = {"status": STATUS_LABELS, "renewal": RENEWAL_LABELS, "type": TYPE_LABELS}
_MISSING: Any = object()


@dataclass(frozen=True)
class Change:
    """One write: its subject line, the records it touched, the files it wrote."""

    subject: str
    records: tuple[tuple[str, str], ...] = ()  # (table, id)
    paths: tuple[str, ...] = ()  # relative to the workspace root
    signed: tuple[str, str] | None = None  # (convention id, signature date): tag it
    extra: tuple[str, ...] = field(default=())  # more lines of the body

    def message(self) -> str:
        subject = one_line(self.subject)
        if len(subject) > SUBJECT_MAX:
            subject = subject[: SUBJECT_MAX - 1] + "…"
        body = [subject, ""]
        body.extend(self.extra)
        if self.extra:
            body.append("")
        body.extend(f"{TRAILER_OF[table]}: {doc_id}" for table, doc_id in self.records)
        return "\n".join(body) + "\n"


def field_word(key: str) -> str:
    return _(FIELD_WORDS[key]) if key in FIELD_WORDS else key


def value_text(key: str, value: Any) -> str:
    if isinstance(value, date):
        return format_short(value)
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" == value[7:8]:
        try:
            return format_short(date.fromisoformat(value))
        except ValueError:
            return value
    if key in _VALUE_LABELS and isinstance(value, str):
        return label(_VALUE_LABELS[key], value)
    return one_line(str(value))


def _scalar(value: Any) -> bool:
    return value is not _MISSING and not isinstance(value, (list, tuple, dict)) and \
        len(str(value)) <= 40


def describe_fields(before: Mapping[str, Any], after: Mapping[str, Any],
                    keys: list[str]) -> str:
    """`statut brouillon → signée, fin 31/08/2026 → 31/08/2027, notes modifiées`."""
    parts = []
    for key in keys:
        old, new = before.get(key, _MISSING), after.get(key, _MISSING)
        if old == new:
            continue
        word = field_word(key)
        if new is _MISSING:
            parts.append(_("{field} removed").format(field=word))
        elif old is _MISSING and _scalar(new):
            parts.append(_("{field} {new}").format(field=word, new=value_text(key, new)))
        elif _scalar(old) and _scalar(new):
            parts.append(_("{field} {old} → {new}").format(
                field=word, old=value_text(key, old), new=value_text(key, new)))
        else:
            parts.append(_("{field} changed").format(field=word))
    return ", ".join(parts) or _("no visible change")


def convention_fields(conv_id: str, path: str, before: Mapping[str, Any],
                      after: Mapping[str, Any], keys: list[str]) -> Change:
    signed = None
    if after.get("status") == "signed" and before.get("status") != "signed":
        signed = (conv_id, str(after.get("signed") or ""))
    return Change(_("Convention {id}: {what}").format(
        id=conv_id, what=describe_fields(before, after, keys)),
        (("conventions", conv_id),), (path,), signed)


def convention_text(conv_id: str, path: str) -> Change:
    return Change(_("Convention {id}: text changed").format(id=conv_id),
                  (("conventions", conv_id),), (path,))


def new_convention(conv_id: str, path: str, title: str) -> Change:
    return Change(_("New convention {id}").format(id=conv_id), (("conventions", conv_id),),
                  (path,), extra=(one_line(title),))


def restored(table: str, doc_id: str, path: str, when: str, short_hash: str) -> Change:
    if table == "conventions":
        what = _("Convention {id}").format(id=doc_id)
    else:
        what = _(_RECORD_WORDS[table][0]).format(id=doc_id)
    return Change(_("{what}: back to the version of {date} ({hash})").format(
        what=what, date=when, hash=short_hash), ((table, doc_id),), (path,))


_RECORD_WORDS = {
    # (changed, added, deleted)
    "partners": (N_("Partner {id}"), N_("New partner {id}"), N_("Partner {id} deleted")),
    "contacts": (N_("Contact {id}"), N_("New contact {id}"), N_("Contact {id} deleted")),
    "interactions": (N_("Journal entry {id}"), N_("New journal entry {id}"),
                     N_("Journal entry {id} deleted")),
}


def record_changed(table: str, doc_id: str, path: str, before: Mapping[str, Any],
                   after: Mapping[str, Any], keys: list[str]) -> Change:
    words = []
    for key in keys:
        if before.get(key, _MISSING) != after.get(key, _MISSING):
            words.append(key)
    what = ", ".join(field_word(k) for k in words) or _("no visible change")
    return Change(_("{record}: {fields} changed").format(
        record=_(_RECORD_WORDS[table][0]).format(id=doc_id), fields=what),
        ((table, doc_id),), (path,))


def record_added(table: str, doc_id: str, path: str) -> Change:
    return Change(_(_RECORD_WORDS[table][1]).format(id=doc_id), ((table, doc_id),), (path,))


def records_deleted(records: list[tuple[str, str]], path: str) -> Change:
    main = records[-1]  # a partner's contacts and journal come first, the partner last
    subject = _(_RECORD_WORDS[main[0]][2]).format(id=main[1])
    if len(records) > 1:
        subject += " " + _("(with {n} other records)").format(n=len(records) - 1)
    return Change(subject, tuple(records), (path,))


def bulk(subject: str, records: list[tuple[str, str]], paths: list[str]) -> Change:
    return Change(subject, tuple(records), tuple(paths))
