"""The sentences a printed convention generates from its fields.

*Durée et renouvellement*, *Entre les soussignés*, *Fait à …* and the signature blocks
are written here from the Convention and the partner directory, never typed by hand,
so the paper says what the renewal engine computes. User text inserted in them (names,
addresses, délibérations) is escaped as literal Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from epn_tui.core.dates import format_long
from epn_tui.core.durations import Duration
from epn_tui.core.model import Contact, Convention, Partner
from epn_tui.core.terms import initial_end, renewal_period, term_end
from epn_tui.i18n import N_, _, current_language, ngettext
from epn_tui.render.typo import escape_markdown

# Where a top-level `deliberation:` belongs: the first public body among the parties
# (the council's decision authorises *its* signature), else the first party.
PUBLIC_KINDS = frozenset({"MUNI", "EPCI", "DEPT", "REG", "CCAS", "ETAT"})
BLANK = "…………………"

# Each sentence in two versions: a convention (feminine in French) or an avenant
# (masculine): the agreement of participles differs, so they are distinct messages.
_S = {
    "starts": (N_("The agreement takes effect on {start}."),
               N_("The amendment takes effect on {start}.")),
    "starts_on_signature": (
        N_("The agreement takes effect on the date of its signature by all the parties."),
        N_("The amendment takes effect on the date of its signature by all the parties.")),
    "open_ended": (N_("It is concluded for an indefinite period."),
                   N_("The amendment is concluded for an indefinite period.")),
    "for_until": (N_("It is concluded for a period of {duration}, until {end} inclusive."),
                  N_("The amendment is concluded for a period of {duration}, until {end} "
                     "inclusive.")),
    "for": (N_("It is concluded for a period of {duration}."),
            N_("The amendment is concluded for a period of {duration}.")),
    "until": (N_("It ends on {end}."), N_("The amendment ends on {end}.")),
    "until_none": (N_("It ends on {end}, without renewal."),
                   N_("The amendment ends on {end}, without renewal.")),
    "tacit": (N_("At the end of this term, it is tacitly renewed for successive periods of "
                 "{period}."),
              N_("At the end of this term, the amendment is tacitly renewed for successive "
                 "periods of {period}.")),
    "express": (N_("It is not renewed tacitly: it can only be renewed expressly, by an "
                   "amendment or a new agreement signed by the parties."),
                N_("The amendment is not renewed tacitly: it can only be renewed expressly, "
                   "by a new amendment signed by the parties.")),
    "none": (N_("It ends at the end of this term, without renewal."),
             N_("The amendment ends at the end of this term, without renewal.")),
    "terminated": (N_("It was terminated with effect from {date}."),
                   N_("The amendment was terminated with effect from {date}.")),
}


def safe_date(compute: Callable[[], date | None]) -> date | None:
    """A computed date, or None when it falls outside what `date` can hold (a
    `duration: 9000 ans` is valid input; the paper then just omits that date)."""
    try:
        return compute()
    except (ValueError, OverflowError):
        return None


def _say(key: str, avenant: bool, **values: str) -> str:
    return _(_S[key][1 if avenant else 0]).format(**values)


def format_duration(d: Duration) -> str:
    """`1 an`, `18 mois`, `1 an et 6 mois`, `indéterminée`."""
    if d.open_ended:
        return _("an indefinite period")
    parts = []
    if d.years:
        parts.append(ngettext("{n} year", "{n} years", d.years).format(n=d.years))
    if d.months:
        parts.append(ngettext("{n} month", "{n} months", d.months).format(n=d.months))
    if d.days:
        parts.append(ngettext("{n} day", "{n} days", d.days).format(n=d.days))
    if not parts:
        return ngettext("{n} day", "{n} days", 0).format(n=0)
    if len(parts) == 1:
        return parts[0]
    return _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])


def duration_and_renewal(conv: Convention) -> str:
    """The *Durée et renouvellement* paragraph, from start, duration/end, renewal, notice."""
    avenant = conv.type == "avenant"
    out: list[str] = []
    if conv.start is not None:
        out.append(_say("starts", avenant, start=format_long(conv.start)))
    else:
        out.append(_say("starts_on_signature", avenant))
    end0 = safe_date(lambda: initial_end(conv))
    open_ended = conv.open_ended
    if open_ended:
        out.append(_say("open_ended", avenant))
    elif conv.duration is not None and end0 is not None:
        out.append(_say("for_until", avenant, duration=format_duration(conv.duration),
                        end=format_long(end0)))
    elif conv.duration is not None:
        out.append(_say("for", avenant, duration=format_duration(conv.duration)))
    elif end0 is not None:
        key = "until_none" if conv.renewal == "none" else "until"
        out.append(_say(key, avenant, end=format_long(end0)))

    notice = format_duration(conv.notice) if conv.notice is not None else None
    try:
        period = renewal_period(conv)
    except (ValueError, OverflowError):
        period = conv.renewal_period or conv.duration
    if open_ended:
        if notice:
            out.append(_("Either party may end it at any time by registered letter with "
                         "acknowledgement of receipt, with {notice} notice.")
                       .format(notice=notice))
    elif conv.renewal == "tacit" and period is not None:
        out.append(_say("tacit", avenant, period=format_duration(period)))
        if conv.max_renewals is not None:
            out.append(ngettext("It can be renewed {n} time at most.",
                                "It can be renewed {n} times at most.", conv.max_renewals)
                       .format(n=conv.max_renewals))
        first = None
        if end0 is not None and conv.notice is not None:
            before = conv.notice.delta
            first = safe_date(lambda: term_end(conv, 0) - before)
        if notice and first is not None:
            out.append(_("Either party may oppose its renewal by registered letter with "
                         "acknowledgement of receipt sent at least {notice} before the end "
                         "of the current term (for the first term: no later than {date}).")
                       .format(notice=notice, date=format_long(first)))
        elif notice:
            out.append(_("Either party may oppose its renewal by registered letter with "
                         "acknowledgement of receipt sent at least {notice} before the end "
                         "of the current term.").format(notice=notice))
        else:
            out.append(_("Either party may oppose its renewal by registered letter with "
                         "acknowledgement of receipt sent before the end of the current "
                         "term."))
    elif conv.renewal == "express":
        out.append(_say("express", avenant))
        last = None
        if end0 is not None and conv.notice is not None:
            ask_before = conv.notice.delta
            last = safe_date(lambda: end0 - ask_before)
        if notice and last is not None:
            out.append(_("A party wishing to renew it makes the request at least {notice} "
                         "before its end, that is no later than {date}.")
                       .format(notice=notice, date=format_long(last)))
        elif notice:
            out.append(_("A party wishing to renew it makes the request at least {notice} "
                         "before its end.").format(notice=notice))
    elif conv.duration is not None or end0 is None:
        # (`until_none` above already said it for a convention given by its end date.)
        out.append(_say("none", avenant))
    if conv.status == "terminated" and conv.terminated is not None:
        out.append(_say("terminated", avenant, date=format_long(conv.terminated)))
    return " ".join(out)


_BEFORE_VOWEL = re.compile(r"\bde (?=[aeiouyàâäéèêëîïôöùûüœAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ])")


def _elide(text: str) -> str:
    """French elision: `en qualité de employeur` → `en qualité d'employeur`."""
    return _BEFORE_VOWEL.sub("d'", text) if current_language() == "fr" else text


@dataclass(frozen=True, slots=True)
class PartyInfo:
    """One party as printed: directory data joined to the convention's entry."""

    partner: str
    name: str
    kind: str
    address: str
    commune: str
    role: str
    signatory_name: str
    signatory_function: str
    deliberation: str
    commitments: tuple[str, ...]


def party_infos(conv: Convention, partners: dict[str, Partner],
                contacts: dict[str, Contact]) -> list[PartyInfo]:
    top = conv.extra.get("deliberation")
    top_text = str(top).strip() if top not in (None, "") else ""
    holder = -1
    if top_text:
        public = [i for i, p in enumerate(conv.parties)
                  if partners.get(p.partner, Partner(p.partner, p.partner)).kind
                  in PUBLIC_KINDS and not p.extra.get("deliberation")]
        holder = public[0] if public else 0
    out = []
    for i, party in enumerate(conv.parties):
        partner = partners.get(party.partner)
        contact = contacts.get(party.signatory) if party.signatory else None
        own = party.extra.get("deliberation")
        deliberation = str(own).strip() if own not in (None, "") else ""
        if not deliberation and i == holder:
            deliberation = top_text
        out.append(PartyInfo(
            partner=party.partner,
            name=partner.name if partner is not None and partner.name else party.partner,
            kind=partner.kind if partner is not None else "",
            address=partner.address if partner is not None else "",
            commune=partner.commune if partner is not None else "",
            role=party.role,
            signatory_name=contact.name if contact is not None else "",
            signatory_function=(contact.function or contact.role) if contact is not None
            else "",
            deliberation=deliberation,
            commitments=party.commitments,
        ))
    return out


def between_the_undersigned(parties: list[PartyInfo]) -> str:
    """*Entre les soussignés*: one paragraph per party, then *il a été convenu…*."""
    e = escape_markdown
    lines = ["**" + _("Between the undersigned:") + "**", ""]
    for i, p in enumerate(parties):
        text = "**" + e(p.name) + "**"
        if p.address:
            text += ", " + e(p.address)
        if p.signatory_name:
            who = e(p.signatory_name)
            if p.signatory_function:
                who += ", " + e(p.signatory_function)
            text += ", " + _("represented by {who}").format(who=who)
        else:
            text += ", " + _("represented by its legal representative")
        if p.deliberation:
            text += ", " + _("duly authorised ({deliberation})").format(
                deliberation=e(p.deliberation))
        if p.role:
            text += ", " + _elide(_("acting as {role}").format(role=e(p.role)))
        last = i == len(parties) - 1
        text += "." if last else " ;" if len(parties) > 2 else ","
        lines += [text, ""]
        if i == 0 and len(parties) == 2:
            lines += [_("on the one hand,"), "", _("and"), ""]
        elif i == len(parties) - 2:
            lines += [_("and"), ""]
    if len(parties) == 2:
        lines += [_("on the other hand,"), ""]
    lines.append(_("It has been agreed as follows:"))
    return "\n".join(lines) + "\n"


def place_and_date(conv: Convention, place: str, copies: int) -> str:
    """*Fait à Sorges, le 1er septembre 2025, en 2 exemplaires originaux.*"""
    where = escape_markdown(place) if place else BLANK
    when = format_long(conv.signed) if conv.signed is not None else BLANK
    return ngettext("Done at {place}, on {date}, in {n} original copy.",
                    "Done at {place}, on {date}, in {n} original copies.", copies
                    ).format(place=where, date=when, n=copies)


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    heading: str  # "Pour <partner name>" (plain text)
    name: str  # the signatory's name, or "" (to be written by hand)
    function: str

    @property
    def name_line(self) -> str:
        """The name, or a line to fill in by hand when no signatory is named."""
        return self.name or _("Name and capacity: {blank}").format(blank=BLANK)


def signature_blocks(parties: list[PartyInfo]) -> list[SignatureBlock]:
    return [SignatureBlock(_("For {name}").format(name=p.name), p.signatory_name,
                           p.signatory_function) for p in parties]


def version_text(conv_id: str, version_date: date | None, short_hash: str | None,
                 modified: bool) -> str:
    """The footer's left part: `id · version du 22 janvier 2024 (3558b9e)`."""
    if version_date is None:
        return _("{id} · not versioned").format(id=conv_id)
    text = _("{id} · version of {date} ({hash})").format(
        id=conv_id, date=format_long(version_date), hash=short_hash or "")
    if modified:
        text += " " + _("+ uncommitted changes")
    return text
