"""What may be deleted from the partner directory, and what a deletion takes with it.

One rule for the UI and the command line (`epn partner rm` …):
- a partner named in a convention, and the EPN itself (epn.yaml), stay: the
  convention would point at nothing (`epn check` errors);
- a partner takes its contacts and its journal with it;
- a contact who signs a convention stays; the journal entries that name a deleted
  contact keep its id, as the record of who was there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from epn_tui.core.model import Contact, Convention, Interaction, Partner
from epn_tui.core.text import one_line
from epn_tui.i18n import _, ngettext

TABLES = ("partners", "contacts", "interactions")


class DeletionRefused(ValueError):
    """The deletion rules refuse it; the message says why (nothing was deleted)."""


@dataclass(frozen=True)
class DeletionPlan:
    table: str
    doc_id: str
    name: str  # the partner's or contact's name, the entry's date (for messages)
    refusal: str | None = None
    records: tuple[tuple[str, str], ...] = ()  # (table, id) removed together, in one write
    contacts: int = 0  # a partner's contacts that go with it
    journal: int = 0  # a partner's journal entries that go with it
    named_in: int = 0  # journal entries naming a deleted contact (they keep its id)
    titles: tuple[str, ...] = field(default=())  # conventions that refuse it


def _titles(titles: Iterable[str]) -> str:
    return ", ".join(f"« {one_line(t)} »" for t in titles)


def plan_deletion(table: str, doc_id: str, partners: Mapping[str, Partner],
                  contacts: Mapping[str, Contact], interactions: Mapping[str, Interaction],
                  conventions: Iterable[Convention], epn_id: str | None) -> DeletionPlan:
    if table == "partners":
        partner = partners.get(doc_id)
        if partner is None:
            return DeletionPlan(table, doc_id, doc_id, _("This partner no longer exists."))
        name = one_line(partner.name)
        if doc_id == epn_id:
            return DeletionPlan(table, doc_id, name, _(
                "{name} is your own EPN (epn.yaml names it): it cannot be deleted.")
                .format(name=name))
        convs = [c for c in conventions if doc_id in c.partner_ids]
        if convs:
            titles = tuple(c.title for c in convs)
            return DeletionPlan(table, doc_id, name, ngettext(
                "{name} is a party to {n} convention: {titles}. Take it out of that "
                "convention (or delete the file) first.",
                "{name} is a party to {n} conventions: {titles}. Take it out of those "
                "conventions (or delete the files) first.", len(convs)).format(
                name=name, n=len(convs), titles=_titles(titles)), titles=titles)
        people = sorted(c.id for c in contacts.values() if c.partner == doc_id)
        journal = sorted(i.id for i in interactions.values() if i.partner == doc_id)
        records = ([("interactions", i) for i in journal] + [("contacts", c) for c in people]
                   + [("partners", doc_id)])
        return DeletionPlan(table, doc_id, name, None, tuple(records), len(people),
                            len(journal))
    if table == "contacts":
        contact = contacts.get(doc_id)
        if contact is None:
            return DeletionPlan(table, doc_id, doc_id, _("This contact no longer exists."))
        name = one_line(contact.name)
        signs = [c for c in conventions if any(p.signatory == doc_id for p in c.parties)]
        if signs:
            titles = tuple(c.title for c in signs)
            return DeletionPlan(table, doc_id, name, ngettext(
                "{name} signs {n} convention: {titles}. Choose another signatory first.",
                "{name} signs {n} conventions: {titles}. Choose another signatory first.",
                len(signs)).format(name=name, n=len(signs), titles=_titles(titles)),
                titles=titles)
        named = sum(1 for i in interactions.values() if doc_id in i.contacts)
        return DeletionPlan(table, doc_id, name, None, (("contacts", doc_id),), named_in=named)
    if table == "interactions":
        item = interactions.get(doc_id)
        if item is None:
            return DeletionPlan(table, doc_id, doc_id,
                                _("This journal entry no longer exists."))
        return DeletionPlan(table, doc_id, item.date.isoformat() if item.date else doc_id,
                            None, (("interactions", doc_id),))
    raise ValueError(table)
