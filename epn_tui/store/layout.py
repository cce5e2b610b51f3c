"""Where things live in a workspace, and the one look-up made before anything heavy.

`epn` (the UI) needs the interface language before Textual starts; reading it through
`store.settings` would import msgspec, the model and the renewal engine first (40 ms on
the path to the first frame). `kept_language` reads the typed copy of epn.yaml that
`store.settings` keeps, with the standard library only, and says None whenever that
copy is missing, stale or odd: the caller then reads epn.yaml the full way.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

SETTINGS_FILE = "epn.yaml"
PARTNERS_FILE = "partners.json"
CACHE_DIR = ".epn"
SETTINGS_KEPT = "settings.json"  # epn.yaml, typed (store.settings)
# Bump when the cache's records change shape (store.cache) or the kept settings do, or
# when the kept plans would be computed otherwise (13: `reminders:` in the kept
# settings; 14: terms de quantième à quantième).
CACHE_VERSION = 14
# A file modified this recently may change again within the same mtime tick without
# its size changing ("racily clean", as git calls it): not cached.
RACY_NS = 2_000_000_000
LANGUAGES = ("fr", "en")
# A temporary file of ours (store.atomic): `.<name>.<pid>.<random>.epn-tmp`.
TMP_SUFFIX = ".epn-tmp"


def kept_language(root: Path) -> str | None:
    try:
        st = os.stat(root / SETTINGS_FILE)
        with open(root / CACHE_DIR / SETTINGS_KEPT, "rb") as handle:
            kept = json.loads(handle.read())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(kept, dict) or (kept.get("version"), kept.get("mtime_ns"),
                                      kept.get("size")) != (CACHE_VERSION, st.st_mtime_ns,
                                                            st.st_size):
        return None
    settings = kept.get("settings")
    language = settings.get("language") if isinstance(settings, dict) else None
    return language if language in LANGUAGES else None
