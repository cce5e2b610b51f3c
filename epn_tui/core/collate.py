"""Names in French order: « Émilie » between « Denis » and « Thomas », not after « Zoé ».

Python compares strings by code point, so every accented capital (`É` is U+00C9) comes
after `Z`, and `é` after `z`. Every list of names, titles or themes is sorted with
`sort_key`, a documented normalisation key rather than a collation library: PyICU is a
C++ dependency that pip cannot always build, and `locale.strxfrm` depends on which
locales the machine has (containers seldom have `fr_FR.UTF-8`).

The key, compared element by element:
1. the text case-folded, accents removed (Unicode NFD, combining marks dropped), the
   ligatures `œ` and `æ` spelled `oe` and `ae`, runs of white space made one space:
   `Émilie` and `emilie` sort as `emilie`, `Œuvre` as `oeuvre`;
2. the case-folded text with its accents: among equal letters the plain word comes
   first (`cote`, `coté`, `côte`, `côté`), as in a French dictionary;
3. the text itself, so that the order is total and the same on every machine.

This is the order of the French dictionary for names and titles, not the whole
Unicode Collation Algorithm: punctuation and digits sort by code point (before letters).
"""

from __future__ import annotations

import re
import unicodedata

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def sort_key(text: str) -> tuple[str, str, str]:
    """The key to sort names, titles and themes by (see the module's docstring)."""
    text = str(text)
    folded = text.casefold()
    if folded.isascii():  # most names: no accent to remove (10,000 titles at start)
        return " ".join(folded.split()), folded, text
    plain = _COMBINING.sub("", unicodedata.normalize("NFD", folded)).translate(_LIGATURES)
    return " ".join(plain.split()), folded, text
