"""Build the French catalog: merge `epn_tui/locale/fr/parts/*.po`, compile `epn.mo`.

Each area of the code keeps its translations in its own part file (no merge conflicts
between people working on different screens). Usage:

    python scripts/i18n.py            # compile epn.mo, list untranslated strings
    python scripts/i18n.py --check    # exit 1 if a string is untranslated or epn.mo is stale
    python scripts/i18n.py --missing  # print untranslated msgids as a .po skeleton
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "epn_tui"
PARTS = PACKAGE / "locale" / "fr" / "parts"
MO = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "epn.mo"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extracted() -> dict[str | tuple[str, str], list[str]]:
    found: dict[str | tuple[str, str], list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS,
    ):
        key = message if isinstance(message, str) else (message[0], message[1])
        found.setdefault(key, []).append(f"{filename}:{lineno}")
    return found


# A fixed date: the compiled file changes only when a translation does.
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def merged() -> Catalog:
    catalog = Catalog(locale="fr", domain="epn", charset="utf-8", project="epn-tui",
                      version="1", creation_date=FIXED_DATE, revision_date=FIXED_DATE)
    catalog.plural_forms  # noqa: B018 - babel computes it from the locale
    for part in sorted(PARTS.glob("*.po")):
        with open(part, "rb") as handle:
            for message in read_po(handle, locale="fr"):
                if message.id and message.string:
                    catalog.add(message.id, message.string)
    return catalog


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    catalog = merged()
    wanted = extracted()
    missing = []
    for key, places in wanted.items():
        message = catalog.get(key if isinstance(key, str) else key[0])
        ok = message is not None and (
            all(message.string) if isinstance(message.string, (list, tuple)) else message.string
        )
        if not ok:
            missing.append((key, places))
    data = compiled(catalog)
    if "--missing" in argv:
        for key, places in missing:
            print(f"#: {places[0]}")
            if isinstance(key, tuple):
                print(f"msgid {_q(key[0])}\nmsgid_plural {_q(key[1])}\n"
                      'msgstr[0] ""\nmsgstr[1] ""\n')
            else:
                print(f'msgid {_q(key)}\nmsgstr ""\n')
        return 0
    if "--check" in argv:
        stale = not MO.exists() or _messages(MO.read_bytes()) != _messages(data)
        for key, places in missing:
            print(f"untranslated: {key!r} ({places[0]})")
        if stale:
            print(f"{MO.relative_to(ROOT)} is stale: run python scripts/i18n.py")
        return 1 if missing or stale else 0
    MO.write_bytes(data)
    for key, places in missing:
        print(f"untranslated: {key!r} ({places[0]})")
    print(f"{MO.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated")
    return 0


def _messages(mo: bytes) -> dict[object, object]:
    """The translations in a compiled catalog, without its header (which names the
    Babel version that wrote it)."""
    catalog = read_mo(io.BytesIO(mo))
    return {(m.id if isinstance(m.id, str) else tuple(m.id)):
            (m.string if isinstance(m.string, str) else tuple(m.string))
            for m in catalog if m.id}


def _q(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
