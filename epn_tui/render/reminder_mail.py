"""A reminder e-mail: what, when, with whom, what to do, the convention, an .ics.

Built with the standard `email` package (policy `default`): French subjects and names
are encoded as RFC 2047/2231 want, the text is UTF-8, the deadline rides along as a
`text/calendar` attachment made by `render.ics` (the same event as `epn due --ics`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from epn_tui.core.dates import format_long, format_short
from epn_tui.core.labels import deadline_description, deadline_label
from epn_tui.core.model import Contact, Convention, Deadline, Partner
from epn_tui.core.text import one_line
from epn_tui.i18n import _, ngettext


class Recipient:
    __slots__ = ("address", "name")

    def __init__(self, address: str, name: str = "") -> None:
        self.address = address
        self.name = name

    def header(self) -> Address:
        user, _at, domain = self.address.rpartition("@")
        return Address(display_name=one_line(self.name), username=user, domain=domain)

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


def what_to_do(d: Deadline) -> str:
    when = format_long(d.date)
    if d.kind == "notice" and getattr(d, "express", False):
        return _("ask the partner in writing to renew the convention by {date} at the latest"
                 " (nothing renews by itself)").format(date=when)
    if d.kind == "notice":
        return _("send the notice letter by {date} at the latest if the convention is not "
                 "to be renewed; without it, it is renewed tacitly").format(date=when)
    if d.kind == "renewal":
        return _("the convention is renewed tacitly on {date}: check that its terms "
                 "(schedule, budget, contacts) still hold").format(date=when)
    if d.kind == "end":
        return _("the convention ends on {date}: prepare the closing report, or a new "
                 "convention if the partnership goes on").format(date=when)
    if d.kind == "follow-up":
        return _("{what}: by {date}").format(what=one_line(d.what or _("follow-up")),
                                             date=when)
    if d.what:
        return _("{what}: by {date}").format(what=one_line(d.what), date=when)
    return when


def with_whom(conv: Convention | None, epn: str | None, partners: Mapping[str, Partner],
              contacts: Mapping[str, Contact]) -> list[str]:
    out = []
    for party in conv.parties if conv is not None else ():
        if party.partner == epn:
            continue
        partner = partners.get(party.partner)
        line = one_line(partner.name) if partner is not None else party.partner
        person = contacts.get(party.signatory) if party.signatory else None
        if person is not None:
            reach = ", ".join(x for x in (person.email, person.phone) if x)
            line += f" — {one_line(person.name)}" + (f" ({reach})" if reach else "")
        out.append(line)
    return out


def subject(d: Deadline) -> str:
    # The date first: « le 31 octobre » after « demander le renouvellement » would read
    # as part of the request.
    return _("Deadline {date}: {what} — {title}").format(
        what=deadline_label(d), date=format_long(d.date), title=one_line(d.title))


def body(d: Deadline, conv: Convention | None, people: list[str], workspace: str) -> str:
    days = _("today") if d.days == 0 else ngettext("in {n} day", "in {n} days",
                                                    d.days).format(n=d.days)
    what = deadline_description(d)
    lines = [
        _("Hello,"),
        "",
        _("A next step written in the partners' journal is coming:")
        if d.kind == "next-step" else _("A deadline of a partnership convention is coming:"),
        "",
        _("What: {what}").format(what=what),
        _("When: {date} ({short}, {days})").format(date=format_long(d.date),
                                                   short=format_short(d.date), days=days),
    ]
    if d.kind == "next-step":
        # Written in a partner's journal: the partner, and the entry to mark done.
        lines.append(_("Partner: {title} ({id})").format(title=one_line(d.title),
                                                          id=d.partner))
        lines.append(_("Journal entry: {id} (`epn journal done {id}` once done)")
                     .format(id=d.entry))
        if d.convention:
            lines.append(_("Convention: {id}").format(id=d.convention))
    else:
        lines.append(_("Convention: {title} ({id})").format(title=one_line(d.title),
                                                             id=d.convention))
    if conv is not None:
        lines.append(_("File: {path}").format(path=conv.path))
    if people:
        lines.append(_("With: {who}").format(who="; ".join(people)))
    lines += ["", _("To do: {action}.").format(action=what_to_do(d)), "",
              _("The event is attached (.ics) for your calendar."), "", "-- ",
              _("epn remind, workspace {path}").format(path=workspace)]
    return "\n".join(lines) + "\n"


def build(d: Deadline, conv: Convention | None, sender: Recipient, to: list[Recipient],
          people: list[str], workspace: str, ics: bytes) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject(d)
    message["From"] = sender.header()
    message["To"] = [r.header() for r in to]
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.address.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    message.set_content(body(d, conv, people, workspace))
    message.add_attachment(ics, maintype="text", subtype="calendar",
                           filename=f"{d.convention or d.entry}-{d.kind}-"
                                    f"{d.date.isoformat()}.ics",
                           params={"method": "PUBLISH"})
    return message
