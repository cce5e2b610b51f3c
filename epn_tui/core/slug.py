"""Slugs: ids and file names made from what a person types."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 60) -> str:
    """`École Jules-Ferry (CM2)` → `ecole-jules-ferry-cm2`; never empty, never a path."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or "sans-titre"


def unique_slug(text: str, taken: Container[str]) -> str:
    base = slugify(text)
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug
