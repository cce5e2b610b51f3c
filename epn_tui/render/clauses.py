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


def format_duration(d: Duration, words: bool = False) -> str:
    """`1 an`, `18 mois`, `1 an et 6 mois`, `indéterminée`; with `words`, the numbers
    written out as a contract does (« un an et six mois »)."""
    if d.open_ended:
        return _("an indefinite period")

    def n(value: int) -> str | int:
        if not words:
            return value
        from epn_tui.render.words import number
        return number(value)

    parts = []
    if d.years:
        parts.append(ngettext("{n} year", "{n} years", d.years).format(n=n(d.years)))
    if d.months:
        parts.append(ngettext("{n} month", "{n} months", d.months).format(n=n(d.months)))
    if d.days:
        parts.append(ngettext("{n} day", "{n} days", d.days).format(n=n(d.days)))
    if not parts:
        return ngettext("{n} day", "{n} days", 0).format(n=n(0))
    if len(parts) == 1:
        return parts[0]
    return _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])


_DE_UN = re.compile(r"\b([Dd])e (une?)\b")


def _elide(text: str) -> str:
    """French elision before a number in words: « une durée de un an » → « d'un an »."""
    return _DE_UN.sub(r"\1'\2", text) if current_language() == "fr" else text


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
        out.append(_say("for_until", avenant, duration=format_duration(conv.duration, True),
                        end=format_long(end0)))
    elif conv.duration is not None:
        out.append(_say("for", avenant, duration=format_duration(conv.duration, True)))
    elif end0 is not None:
        key = "until_none" if conv.renewal == "none" else "until"
        out.append(_say(key, avenant, end=format_long(end0)))

    notice = format_duration(conv.notice, True) if conv.notice is not None else None
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
        out.append(_say("tacit", avenant, period=format_duration(period, True)))
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
    return _elide(" ".join(out))


# Parties as legal persons ---------------------------------------------------------------------
# The French article and gender of an organisation, from the first word of its name
# (« la Commune de … », « le Département de … »). French grammar of French names: used
# when the document is printed in French; in English the name is printed as written.
_NOUNS: dict[str, tuple[str, bool]] = {
    "commune": ("la ", True), "communauté": ("la ", True), "département": ("le ", False),
    "région": ("la ", True), "ccas": ("le ", False), "cias": ("le ", False),
    "centre": ("le ", False), "association": ("l'", True), "école": ("l'", True),
    "collège": ("le ", False), "lycée": ("le ", False), "médiathèque": ("la ", True),
    "bibliothèque": ("la ", True), "maison": ("la ", True), "mairie": ("la ", True),
    "syndicat": ("le ", False), "société": ("la ", True), "epn": ("l'", False),
    "espace": ("l'", False), "état": ("l'", False), "agence": ("l'", True),
    "fédération": ("la ", True), "office": ("l'", False), "établissement": ("l'", False),
    "caisse": ("la ", True), "conseil": ("le ", False), "groupement": ("le ", False),
    "université": ("l'", True), "union": ("l'", True), "entreprise": ("l'", True),
    "métropole": ("la ", True), "préfecture": ("la ", True), "comité": ("le ", False),
    "club": ("le ", False), "fondation": ("la ", True), "mutuelle": ("la ", True),
    "coopérative": ("la ", True), "régie": ("la ", True), "pôle": ("le ", False),
}
# The noun that names a legal person of this kind when its name does not start with it.
_KIND_NOUN = {"ASSO": "association", "ENTREPRISE": "société"}
# The short name of a public body in « ci-après dénommée « la Commune » ».
_KIND_SHORT = {"MUNI": "la Commune", "DEPT": "le Département", "REG": "la Région",
               "CCAS": "le CCAS"}
_CIVILITY = {"madame": True, "mme": True, "mme.": True, "monsieur": False, "m.": False,
             "m": False, "mr": False}


def _first_word(name: str) -> str:
    word = name.strip().split(" ", 1)[0] if name.strip() else ""
    return word.rstrip(",").lower()


def designate(name: str, kind: str = "", gender: str = "") -> tuple[str, bool]:
    """(« la Commune de Sorges », feminine) for a legal person's name, in French.

    An association or a company whose name does not say so is named with its noun
    (« l'association Les Aînés du Causse »); an unknown first word keeps the name bare,
    masculine unless `gender` (`f`/`m`) says otherwise."""
    if current_language() != "fr":
        return name, gender.lower().startswith("f")
    noun = _KIND_NOUN.get(kind)
    if noun is not None and _first_word(name) != noun:
        name = f"{noun} {name}"
    found = _NOUNS.get(_first_word(name))
    if found is None:
        return name, gender.lower().startswith("f")
    article, feminine = found
    if gender:
        feminine = gender.lower().startswith("f")
    return article + name, feminine


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def format_siret(siret: str) -> str:
    """`448 123 000 00019` (SIREN in threes, then the NIC), as it is usually printed."""
    digits = "".join(c for c in siret if c.isdigit())
    if len(digits) != 14:
        return siret.strip()
    return f"{digits[0:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"


def _text(value: object) -> str:
    return str(value).strip() if value not in (None, "") else ""


def _deliberation_phrase(text: str) -> tuple[str, str]:
    """(« délibération n° 2024-003 du … », with its article) from the text on file."""
    word = _first_word(text)
    if word in ("délibération", "décision"):
        text = text[:1].lower() + text[1:]
        return text, "la " + text
    return text, text


def civility(contact: Contact | None) -> tuple[str, bool | None]:
    """(« Madame », True) from the contact's `civility` field; ("", None) when unknown."""
    raw = _text(contact.extra.get("civility") or contact.extra.get("civilite")) \
        if contact is not None else ""
    feminine = _CIVILITY.get(raw.lower())
    if feminine is None:
        return raw, None
    return (_("Mrs") if feminine else _("Mr")), feminine


def signing_capacity(contact: Contact | None) -> str:
    """The capacity in which a contact signs (« Maire »): the `signing_capacity` (or
    `qualite`) field, never the free-text function or notes."""
    if contact is None:
        return ""
    return _text(contact.extra.get("signing_capacity") or contact.extra.get("qualite"))


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
    signatory_function: str  # the signing capacity (never the free-text function)
    deliberation: str
    commitments: tuple[str, ...]
    designation: str = ""  # « la Commune de Sorges », « l'association X, qui porte l'EPN »
    signing_party: str = ""  # « l'association X » (the signature block's « Pour … »)
    feminine: bool = False  # the legal person's gender, for « représentée »
    legal_form: str = ""
    siret: str = ""
    rna: str = ""
    short_name: str = ""  # « ci-après dénommée « la Commune » »
    civility: str = ""  # « Madame », « Monsieur »
    signatory_feminine: bool | None = None  # None: unknown (no civility on file)
    # A place without legal personality (a school) signs through its holder (the
    # commune): the place's own head gives their agreement (« avec l'accord de … »).
    agreement: str = ""
    agreement_capacity: str = ""

    @property
    def signing_name(self) -> str:
        """« Madame Claire Martin », or the bare name without a civility."""
        if self.civility and self.signatory_name:
            return f"{self.civility} {self.signatory_name}"
        return self.signatory_name


def _legal_person(partner: Partner | None, fallback: str) -> tuple[str, str, bool, str]:
    """(designation, signing party, feminine, plain name for the short name)."""
    if partner is None:
        return fallback, fallback, False, fallback
    extra = partner.extra
    gender = _text(extra.get("gender"))
    legal_name = _text(extra.get("legal_name"))
    name = partner.name or fallback
    if legal_name:
        # The EPN (or any place) named through the legal person that holds it.
        signer, feminine = designate(legal_name, "", gender)
        holder = signer
        place = re.sub(r"\s*\(.*\)\s*$", "", name)
        place_d, _fem = designate(place, "", "")
        if place_d != holder and place.lower() not in legal_name.lower():
            holder = _("{holder}, which runs {place}").format(holder=holder, place=place_d)
        plain = re.sub(r"^(association|société)\s+", "", legal_name, flags=re.IGNORECASE)
        return holder, signer, feminine, plain
    designation, feminine = designate(name, partner.kind, gender)
    return designation, designation, feminine, name


def party_infos(conv: Convention, partners: dict[str, Partner],
                contacts: dict[str, Contact]) -> list[PartyInfo]:
    top = conv.extra.get("deliberation")
    top_text = str(top).strip() if top not in (None, "") else ""
    holder = -1
    if top_text:
        public = [i for i, p in enumerate(conv.parties)
                  if _legal_holder(partners.get(p.partner, Partner(p.partner, p.partner)),
                                   partners).kind
                  in PUBLIC_KINDS and not p.extra.get("deliberation")]
        holder = public[0] if public else 0
    out = []
    shorts: list[str] = []
    for i, party in enumerate(conv.parties):
        place = partners.get(party.partner)
        contact = contacts.get(party.signatory) if party.signatory else None
        own = party.extra.get("deliberation")
        deliberation = str(own).strip() if own not in (None, "") else ""
        if not deliberation and i == holder:
            deliberation = top_text
        partner = _legal_holder(place, partners) if place is not None else None
        agreement = agreement_capacity = ""
        if partner is not None and place is not None and partner is not place:
            # The school signs through the commune: its head agrees, the mayor signs.
            if contact is not None and contact.partner == place.id:
                title, _fem = civility(contact)
                agreement = f"{title} {contact.name}" if title else contact.name
                agreement_capacity = signing_capacity(contact)
                contact = None
            if contact is None:
                contact = _holder_signatory(partner, contacts)
            designation, signer, feminine, plain = _legal_person(partner, party.partner)
            place_d, _s, _f, _p = _legal_person(place, party.partner)
            designation = _("{holder}, on behalf of {place}").format(holder=designation,
                                                                      place=place_d)
        else:
            designation, signer, feminine, plain = _legal_person(partner, party.partner)
        extra = partner.extra if partner is not None else {}
        kind = partner.kind if partner is not None else ""
        legal_form = _text(extra.get("legal_form"))
        if not legal_form and (kind == "ASSO" or _first_word(plain_legal(extra)) ==
                               "association"):
            legal_form = _("association governed by the law of 1 July 1901")
        short = _text(extra.get("short_name"))
        if not short and current_language() == "fr":
            short = _KIND_SHORT.get(kind, "")
            if not short and kind == "EPCI" and _first_word(plain) == "communauté":
                short = "la Communauté de communes"
        shorts.append(short or plain)
        title, sign_fem = civility(contact)
        out.append(PartyInfo(
            partner=party.partner,
            name=place.name if place is not None and place.name else party.partner,
            kind=kind,
            address=partner.address if partner is not None else "",
            commune=partner.commune if partner is not None else "",
            role=party.role,
            signatory_name=contact.name if contact is not None else "",
            signatory_function=signing_capacity(contact),
            deliberation=deliberation,
            commitments=party.commitments,
            designation=designation, signing_party=signer, feminine=feminine,
            legal_form=legal_form,
            siret=format_siret(partner.siret) if partner is not None and partner.siret
            else "",
            rna=_text(extra.get("rna")), short_name=shorts[-1], civility=title,
            signatory_feminine=sign_fem, agreement=agreement,
            agreement_capacity=agreement_capacity,
        ))
    # Two parties with the same short name (two associations): their own names instead.
    if len(set(shorts)) != len(shorts):
        out = [_replace_short(p) for p in out]
    return out


def _holder_signatory(holder: Partner, contacts: dict[str, Contact]) -> Contact | None:
    """Who signs for a legal holder: its `signatory:` contact, else its one contact with
    a signing capacity on file (none, or several: nobody is guessed)."""
    named = contacts.get(_text(holder.extra.get("signatory")))
    if named is not None:
        return named
    able = [c for c in contacts.values() if c.partner == holder.id and signing_capacity(c)]
    return able[0] if len(able) == 1 else None


def _legal_holder(partner: Partner, partners: dict[str, Partner]) -> Partner:
    """The legal person that signs for a partner: the partner named by its
    `legal_holder:` (a school → its commune), else the partner itself."""
    holder = partners.get(_text(partner.extra.get("legal_holder")))
    return holder if holder is not None and holder.id != partner.id else partner


def plain_legal(extra: dict[str, object]) -> str:
    return _text(extra.get("legal_name"))


def _replace_short(p: PartyInfo) -> PartyInfo:
    from dataclasses import replace
    return replace(p, short_name=re.sub(r"^(l'|la |le )", "", p.designation).split(", ")[0])


def _e(feminine: bool | None) -> str:
    """The French feminine ending for a past participle (« représentée »)."""
    return "e" if feminine else ""


def party_paragraph(p: PartyInfo) -> str:
    """One party of *Entre les soussignés*, as a French secrétaire de mairie expects it:
    the legal person with its article, legal form, SIRET or RNA, seat, its signatory and
    capacity, the délibération, the short name (Markdown, user text escaped)."""
    e = escape_markdown
    text = "**" + e(_capitalise(p.designation or p.name)) + "**"
    if p.legal_form:
        text += ", " + e(p.legal_form)
    if p.siret:
        text += ", " + _("SIRET {siret}").format(siret=e(p.siret))
    if p.rna:
        text += ", " + _("RNA no. {rna}").format(rna=e(p.rna))
    if p.address:
        text += ", " + _("located at {address}").format(address=e(p.address), e=_e(p.feminine))
    if p.signatory_name:
        who = e(p.signing_name)
        who += ", " + (e(p.signatory_function) if p.signatory_function
                       else _("acting as {blank}").format(blank=BLANK))
        text += ", " + _("represented by {signatory}").format(signatory=who,
                                                              e=_e(p.feminine))
    else:
        text += ", " + _("represented by its legal representative in office").format(
            e=_e(p.feminine))
    if p.deliberation:
        bare, with_article = _deliberation_phrase(e(p.deliberation))
        if p.signatory_feminine is None:
            text += ", " + _("acting under {deliberation}").format(deliberation=with_article)
        else:
            text += ", " + _("duly authorised by {deliberation}").format(
                deliberation=bare, e=_e(p.signatory_feminine))
    if p.agreement:
        who = e(p.agreement) + (", " + e(p.agreement_capacity) if p.agreement_capacity
                                else "")
        text += ", " + _("with the agreement of {who}").format(who=who)
    if p.short_name:
        text += ", " + _("hereinafter referred to as “{short}”").format(
            short=e(p.short_name), e=_e(p.feminine))
    return text


def between_the_undersigned(parties: list[PartyInfo]) -> str:
    """*Entre les soussignés*: one paragraph per party (« Il a été convenu ce qui suit »
    comes after the Préambule: see `agreed_as_follows`)."""
    lines = ["**" + _("Between the undersigned:") + "**", ""]
    for i, p in enumerate(parties):
        text = party_paragraph(p)
        last = i == len(parties) - 1
        text += "." if last else " ;" if len(parties) > 2 else ","
        lines += [text, ""]
        if i == 0 and len(parties) == 2:
            lines += [_("on the one hand,"), "", _("and"), ""]
        elif i == len(parties) - 2:
            lines += [_("and"), ""]
    if len(parties) == 2:
        lines += [_("on the other hand,")]
    return "\n".join(lines).rstrip("\n") + "\n"


def _lower_first(text: str) -> str:
    """« Verser une subvention » → « verser une subvention » (an acronym stays)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def commitments(parties: list[PartyInfo]) -> str:
    """*Engagements des parties*: one paragraph per party, « X s'engage à : » and its
    commitments as typed in the convention (a party without any: a blank to fill)."""
    e = escape_markdown
    out = []
    for p in parties:
        # « la Commune » when the short name has its article, else « l'association X ».
        short = p.short_name if re.match(r"(?i)(la |le |les |l')", p.short_name) else ""
        who = _capitalise(short or p.signing_party or p.designation or p.name)
        lines = [_("{party} undertakes to:").format(party=e(who))]
        items = [_lower_first(c.strip()) for c in p.commitments if c.strip()] or [BLANK]
        lines.append("")
        for i, item in enumerate(items):
            end = " ;" if i < len(items) - 1 else "."
            lines.append("- " + e(item.rstrip(" .;")) + end)
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def agreed_as_follows() -> str:
    return _("It has been agreed as follows:")


def place_and_date(conv: Convention, place: str, copies: int) -> str:
    """*Fait à Sorges, le 1er septembre 2025, en 2 exemplaires originaux.*"""
    where = escape_markdown(place) if place else BLANK
    when = format_long(conv.signed) if conv.signed is not None else BLANK
    from epn_tui.render.words import number
    return ngettext("Done at {place}, on {date}, in {n} original copy.",
                    "Done at {place}, on {date}, in {n} original copies.", copies
                    ).format(place=where, date=when, n=number(copies))


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
    blocks = [SignatureBlock(_("For {name}").format(name=p.signing_party or p.name),
                             p.signing_name, p.signatory_function) for p in parties]
    # After the parties' blocks: the agreement of a place that signs through its holder.
    for p in parties:
        if p.agreement:
            place = designate(p.name)[0]
            blocks.append(SignatureBlock(_("Agreed, for {place}").format(place=place),
                                         p.agreement, p.agreement_capacity))
    return blocks


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
