"""Words shown for codes: states, statuses, deadline kinds, renewal modes."""

from __future__ import annotations

from epn_tui.i18n import N_, _

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
}
# Short words for narrow columns.
DEADLINE_SHORT_LABELS = {
    "notice": N_("notice"),
    "renewal": N_("renewal"),
    "end": N_("end"),
    "follow-up": N_("follow-up"),
}
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
