"""Small text helpers for printed documents: French typography, Markdown escaping,
French number and money formats."""

from __future__ import annotations

import re

NBSP = "\u00a0"  # before « : » and inside guillemets (Imprimerie nationale)
NNBSP = "\u202f"  # narrow: before ; ! ? and as the thousands separator

_SPACE_BEFORE = re.compile(r"[ \t]+([:;!?»])")
_AFTER_OPENING = re.compile(r"«[ \t]*")
_GLUED_CLOSING = re.compile(r"(?<=[^\s«])»")
# The ASCII characters that start Markdown constructs anywhere in a line: escaping them
# keeps `*`, `_`, `[`, `<`… of a partner's name from turning into emphasis, links or
# tags. `(`, `!` and `{` need no escape once `[` has one.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#+|~&])")
_ASCII_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_MD_LIST_DASH = re.compile(r"^([-=>])")
_MD_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def french_typography(text: str) -> str:
    """Non-breaking spaces where French typography wants them.

    Only spaces already written are replaced before `: ; ! ?` (so `http://` and `12:30`
    are left alone); guillemets always get their inner non-breaking space.
    """
    if not any(ch in text for ch in ":;!?«»"):
        return text
    text = _SPACE_BEFORE.sub(lambda m: (NBSP if m.group(1) in ":»" else NNBSP) + m.group(1),
                             text)
    text = _AFTER_OPENING.sub("«" + NBSP, text)
    return _GLUED_CLOSING.sub(NBSP + "»", text)


def escape_markdown(text: str) -> str:
    """A value as literal Markdown text on one line."""
    # Only ASCII whitespace folds: the non-breaking spaces of `1 500 €` stay.
    text = _ASCII_SPACES.sub(" ", str(text)).strip(" ")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LIST_DASH.sub(r"\\\1", text)
    return _MD_LIST_NUMBER.sub(r"\1\\\2", text)


def group_thousands(n: int) -> str:
    return f"{n:,}".replace(",", NNBSP)


def euros(value: float | int | str | None) -> str:
    """`1 500 €`, `1 500,50 €` (French grouping and decimal comma)."""
    if value is None or value == "":
        return ""
    amount = float(value)
    cents = round(amount * 100)
    whole, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    text = sign + group_thousands(whole)
    if rest:
        text += f",{rest:02d}"
    return text + NBSP + "€"


# French ordinals printed with their ending raised: 1er, 1re, 2e, 2nd(e), 6ème → 6e.
ORDINAL = re.compile(r"(?<![\w.,])(\d{1,4})(er|re|e|ème|nde|nd)(?!\w)")


def split_ordinals(text: str) -> list[tuple[str, bool]]:
    """`le 1er septembre` → [("le 1", False), ("er", True), (" septembre", False)]: the
    pieces to raise (an ending `ème` is printed `e`, the recommended abbreviation)."""
    out: list[tuple[str, bool]] = []
    last = 0
    for m in ORDINAL.finditer(text):
        out.append((text[last:m.end(1)], False))
        out.append(("e" if m.group(2) == "ème" else m.group(2), True))
        last = m.end()
    out.append((text[last:], False))
    return [(t, sup) for t, sup in out if t]


# A template placeholder left in the text: `[montant]`, `[nom de l'école]`, `[ ]`.
PLACEHOLDER_MAX = 400
_BRACKETS = re.compile(r"[\[\]]")


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost `[…]` group of `text` (nested groups inside one,
    at most PLACEHOLDER_MAX characters; a Markdown link `[…](…)` is not one)."""
    spans: list[tuple[int, int]] = []
    if "[" not in text:
        return spans
    depth = 0
    start = 0
    for m in _BRACKETS.finditer(text):  # only the brackets, not every character
        i = m.start()
        ch = m.group()
        if ch == "[" and (i == 0 or text[i - 1] != "\\"):
            if depth == 0:
                start = i
            depth += 1
        elif ch == "]" and depth and text[i - 1] != "\\":
            depth -= 1
            if depth == 0 and i + 1 - start <= PLACEHOLDER_MAX \
                    and not text.startswith("(", i + 1):
                spans.append((start, i + 1))
    return spans


def split_marks(text: str, french: bool) -> list[tuple[str, str]]:
    """The pieces of a text to print: ("…", "") plain, ("er", "sup") a raised ordinal
    ending (French), ("[montant]", "todo") a placeholder still to fill in."""
    out: list[tuple[str, str]] = []
    last = 0
    for start, end in bracket_spans(text):
        out += _ordinal_pieces(text[last:start], french)
        out.append((text[start:end], "todo"))
        last = end
    out += _ordinal_pieces(text[last:], french)
    return [(t, kind) for t, kind in out if t]


def _ordinal_pieces(text: str, french: bool) -> list[tuple[str, str]]:
    if not french:
        return [(text, "")]
    return [(t, "sup" if raised else "") for t, raised in split_ordinals(text)]
