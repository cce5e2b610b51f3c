"""Numbers written out, as a convention prints them: « douze mille euros », « deux
exemplaires », « un an ».

num2words does the grammar of each language (French hyphens, « quatre-vingts »,
« mille » invariable); this module only chooses the unit's form. Its currency mode is
not used: it reads an int as cents, and says « zéro euros et un centime ».
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words

from epn_tui.i18n import current_language, ngettext


def _lang() -> str:
    return "fr" if current_language() == "fr" else "en"


def number(n: int, feminine: bool = False) -> str:
    """`2` → « deux »; `1` → « un » (« une » when `feminine`, in French)."""
    words = str(num2words(n, lang=_lang()))
    if feminine and _lang() == "fr" and (words == "un" or words.endswith(("-un", " un"))):
        words = words[:-2] + "une"
    return words


def amount(value: float) -> str:
    """12000 → « douze mille euros »; 1234.5 → « mille deux cent trente-quatre euros et
    cinquante centimes »; a million → « un million d'euros »."""
    cents_total = int(Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP) * 100)
    whole, cents = divmod(abs(cents_total), 100)
    words = number(whole)
    if _lang() == "fr" and words.endswith(("million", "millions", "milliard", "milliards")):
        text = ngettext("{words} of euro", "{words} of euros", whole).format(words=words)
    else:
        text = ngettext("{words} euro", "{words} euros", whole).format(words=words)
    if cents:
        text = ngettext("{euros} and {words} cent", "{euros} and {words} cents", cents
                        ).format(euros=text, words=number(cents))
    return text
