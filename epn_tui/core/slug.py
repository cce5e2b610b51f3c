"""Slugs: ids and file names made from what a person types."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 60) -> str:
    """`École Jules-Ferry (CM2)` → `ecole-jules-ferry-cm2`; never empty, never a path,
    at most `max_length` characters, cut between words."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        # At the end of the last whole word that fits (`…-sorges-pass`, not
        # `…-sorges-pass-n`); a cut word only when no boundary leaves half the room.
        boundary = slug.rfind("-", 0, max_length + 1)
        slug = slug[:boundary] if boundary > max_length // 2 else slug[:max_length]
    return slug.rstrip("-") or "sans-titre"


def unique_slug(text: str, taken: Container[str]) -> str:
    base = slugify(text)
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug
