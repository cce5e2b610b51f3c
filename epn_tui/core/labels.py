"""Words shown for codes: states, statuses, deadline kinds, renewal modes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from epn_tui.i18n import N_, _

if TYPE_CHECKING:
    from epn_tui.core.model import Deadline

STATE_LABELS = {
    "project": N_("in preparation"),
    "upcoming": N_("upcoming"),
    "active": N_("in force"),
    "expired": N_("expired"),
    "terminated": N_("terminated"),
}
STATUS_LABELS = {
    "draft": N_("draft"),
    "negotiation": N_("negotiation"),
    "signed": N_("signed"),
    "terminated": N_("terminated"),
}
DEADLINE_LABELS = {
    "notice": N_("last day to give notice"),
    "renewal": N_("tacit renewal"),
    "end": N_("end"),
    "follow-up": N_("follow-up"),
    "next-step": N_("next step"),
}
# Short words for narrow columns.
DEADLINE_SHORT_LABELS = {
    "notice": N_("notice"),
    "renewal": N_("renewal"),
    "end": N_("end"),
    "follow-up": N_("follow-up"),
    "next-step": N_("next step"),
}
# An `express` convention's notice date is the last day to ask for a renewal (FORMAT.md):
# nothing renews by itself, there is nothing to oppose. Kind `notice` all the same.
EXPRESS_NOTICE_LABEL = N_("last day to ask for renewal")
EXPRESS_NOTICE_SHORT_LABEL = N_("request")  # fits the list's column, like "notice"
RENEWAL_LABELS = {
    "none": N_("no renewal"),
    "tacit": N_("tacit renewal"),
    "express": N_("express renewal"),
}
TYPE_LABELS = {
    "mise-a-disposition": N_("loan of premises or equipment"),
    "partenariat": N_("partnership"),
    "financement": N_("funding"),
    "avenant": N_("amendment"),
    "autre": N_("other"),
}
INTERACTION_LABELS = {
    "meeting": N_("meeting"),
    "call": N_("call"),
    "mail": N_("mail"),
    "report": N_("report sent"),
    "committee": N_("steering committee"),
    "other": N_("other"),
}


def label(table: dict[str, str], code: str | None) -> str:
    """The translated word for a code; an unknown code is shown as written."""
    if code is None:
        return ""
    found = table.get(code)
    return _(found) if found is not None else code


def deadline_label(deadline: Deadline | dict[str, Any], short: bool = False) -> str:
    """The words for a deadline's kind (a Deadline, or its `as_json()` dict as the
    dashboard keeps it): an express convention's notice date is a request deadline."""
    if isinstance(deadline, dict):
        kind, express = deadline.get("kind"), deadline.get("express") is True
    else:
        kind, express = deadline.kind, deadline.express
    if express and kind == "notice":
        return _(EXPRESS_NOTICE_SHORT_LABEL if short else EXPRESS_NOTICE_LABEL)
    return label(DEADLINE_SHORT_LABELS if short else DEADLINE_LABELS,
                 kind if isinstance(kind, str) else None)


def deadline_description(deadline: Deadline) -> str:
    """The kind's words and, for a follow-up or a next step, what it is:
    « suivi (Bilan d'activité) », « prochaine étape (Envoyer le compte rendu) »."""
    from epn_tui.core.text import one_line

    words = deadline_label(deadline)
    return f"{words} ({one_line(deadline.what)})" if deadline.what else words
