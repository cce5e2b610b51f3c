"""gettext for every user-facing string.

Source strings are English; `locale/fr` translates them. French is the default
language: `EPN_LANG` (fr|en) wins over the workspace's `language:` setting.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "epn"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("fr", "en")

_language = "fr"
_translation: gettext.NullTranslations | None = None  # read when first needed


def set_language(language: str | None) -> str:
    """Switch the interface language; EPN_LANG overrides the argument. Returns it."""
    global _translation, _language
    chosen = (os.environ.get("EPN_LANG") or language or "fr").strip().lower()[:2]
    if chosen not in LANGUAGES:
        chosen = "fr"
    if chosen != _language:
        _translation = None
    _language = chosen
    return chosen


def current_language() -> str:
    return _language


def _catalog() -> gettext.NullTranslations:
    global _translation
    if _translation is None:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language],
                                           fallback=True)
    return _translation


def _(message: str) -> str:
    return _catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later with `_`."""
    return message
