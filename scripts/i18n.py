"""Build the French catalog: merge `epn_tui/locale/fr/parts/*.po`, compile `epn.mo`.

Each area of the code keeps its translations in its own part file (no merge conflicts
between people working on different screens). Usage:

    python scripts/i18n.py            # compile epn.mo, list untranslated strings
    python scripts/i18n.py --check    # exit 1 if a string is untranslated or epn.mo is stale
    python scripts/i18n.py --missing  # print untranslated msgids as a .po skeleton

The check is about meaning, not bytes: every string of the sources has a French
translation (every plural form), and epn.mo, read the way the app reads it (Python's
gettext), gives exactly the translations of the part files, for singulars and for plurals
at counts 0, 1, 2… and a million. So a new Babel that writes a different header, or
another idea of French plurals, is not a failure unless users would see a difference.
"""

from __future__ import annotations

import gettext
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

# French plurals as GNU gettext has them: one form for 0 and 1, the other from 2 up. Said
# here, not taken from Babel: Babel 2.19 follows CLDR and adds a third form, "many" (« un
# million de jours »), which the part files do not have (and our strings do not need).
PLURAL_EXPR = "(n > 1)"
NPLURALS = 2
PLURAL_FORMS = f"nplurals={NPLURALS}; plural={PLURAL_EXPR};"
plural_index = gettext.c2py(PLURAL_EXPR)
# Counts at which each plural is compared: both French forms, and a million (CLDR's "many").
COUNTS = (0, 1, 2, 3, 11, 21, 100, 101, 1000, 1_000_000, 2_000_000)


def merged() -> Catalog:
    """The part files in one catalog; a message is in it only when fully translated."""
    catalog = Catalog(locale="fr", domain="epn", charset="utf-8", project="epn-tui",
                      version="1", creation_date=FIXED_DATE, revision_date=FIXED_DATE)
    catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS)]
    for part in sorted(PARTS.glob("*.po")):
        with open(part, "rb") as handle:
            for message in read_po(handle, locale="fr"):
                if not message.id:
                    continue
                if isinstance(message.id, str):
                    if message.string:
                        catalog.add(message.id, message.string)
                    continue
                # read_po pads the forms to Babel's count for French (3 since 2.19).
                forms = tuple(message.string or ())[:NPLURALS]
                if len(forms) == NPLURALS and all(forms):
                    catalog.add(message.id, forms)
    return catalog


def clashes() -> list[str]:
    """Strings two part files translate differently (or one as a plural, the other not):
    one catalog holds one translation per string, so the other part's words would be
    lost without a word, here or on another screen."""
    seen: dict[str, tuple[str, object]] = {}
    found = []
    for part in sorted(PARTS.glob("*.po")):
        with open(part, "rb") as handle:
            for message in read_po(handle, locale="fr"):
                if not message.id:
                    continue
                key = message.id if isinstance(message.id, str) else message.id[0]
                value: object = (message.string if isinstance(message.id, str)
                                 else (tuple(message.id), tuple(message.string or ())[:NPLURALS]))
                if key in seen and seen[key][1] != value:
                    found.append(f"{key!r}: {seen[key][0]} and {part.name} translate it "
                                 "differently (give one of them another English text)")
                seen.setdefault(key, (part.name, value))
    return found


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def untranslated(catalog: Catalog) -> list[tuple[str | tuple[str, str], list[str]]]:
    """The strings of the sources that the catalog does not translate (every form)."""
    missing = []
    for key, places in extracted().items():
        message = catalog.get(key if isinstance(key, str) else key[0])
        if message is None or not message.string:
            missing.append((key, places))
        elif isinstance(key, tuple) and (
                isinstance(message.string, str) or len(message.string) != NPLURALS
                or not all(message.string) or tuple(message.id)[1] != key[1]):
            missing.append((key, places))
    return missing


def differences(mo: bytes, catalog: Catalog) -> list[str]:
    """Where a compiled catalog, read as the app reads it (gettext), does not give the
    catalog's translations; empty when users would see the same thing."""
    try:
        runtime = gettext.GNUTranslations(io.BytesIO(mo))
    except (OSError, ValueError) as exc:
        return [f"cannot be read by gettext: {exc}"]
    found = []
    wanted_ids = set()
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, str):
            wanted_ids.add(message.id)
            got = runtime.gettext(message.id)
            if got != message.string:
                found.append(f"{message.id!r} gives {got!r}, not {message.string!r}")
            continue
        singular, plural = message.id[0], message.id[1]
        wanted_ids.add(singular)
        forms = tuple(message.string or ())
        for n in COUNTS:
            want = forms[plural_index(n)] if plural_index(n) < len(forms) else ""
            got = runtime.ngettext(singular, plural, n)
            if got != want:
                found.append(f"{singular!r} for n={n} gives {got!r}, not {want!r}")
                break
    # Translations the part files no longer have (only the ids are read here).
    for message in read_mo(io.BytesIO(mo)):
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if msgid and msgid not in wanted_ids:
            found.append(f"{msgid!r} is no longer in the part files")
    return found


def main(argv: list[str]) -> int:
    clashing = clashes()
    for clash in clashing:
        print(f"clash: {clash}")
    if clashing:
        return 1
    catalog = merged()
    missing = untranslated(catalog)
    data = compiled(catalog)
    problems = differences(data, catalog)
    if problems:  # this Babel wrote something gettext reads differently: never ship it
        for problem in problems:
            print(f"compiled catalog: {problem}")
        return 1
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
        stale = differences(MO.read_bytes(), catalog) if MO.exists() else ["missing"]
        for key, places in missing:
            print(f"untranslated: {key!r} ({places[0]})")
        for problem in stale[:20]:
            print(f"{MO.relative_to(ROOT)}: {problem}")
        if stale:
            print(f"{MO.relative_to(ROOT)} is stale: run python scripts/i18n.py")
        return 1 if missing or stale else 0
    MO.write_bytes(data)
    for key, places in missing:
        print(f"untranslated: {key!r} ({places[0]})")
    print(f"{MO.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated")
    return 0


def _q(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
