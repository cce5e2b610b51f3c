"""The last dashboard shown, kept in `.epn/dashboard.json` for an instant next start.

It is keyed by everything it was computed from: every convention file's path, mtime
and size, partners.json and epn.yaml, the day and the language. When any of them
differs the snapshot is ignored; it is only ever a faster first frame, replaced as
soon as the workspace is read.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epn_tui.store.layout import CACHE_DIR, CACHE_VERSION

if TYPE_CHECKING:
    from epn_tui.store.watch import Signature

SNAPSHOT_FILE = "dashboard.json"
SNAPSHOT_VERSION = 6  # 4: advice kept trimmed, with `advice_more`; 5: `express` deadlines;
# 6: next-step deadlines (`partner`, `entry`, convention "" when the entry names none)


def key(signature: Signature, today: date, language: str) -> str:
    import hashlib  # not for the UI's parent process, which only reads `view_of`

    # One string, hashed at once: 10,000 separate updates took 15 ms.
    lines = [f"{SNAPSHOT_VERSION}/{CACHE_VERSION}/{today.isoformat()}/{language}\n"]
    lines += [f"{path}\0{mtime}\0{size}\n" for path, mtime, size in sorted(signature)]
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def load_raw(root: Path, wanted: str) -> bytes | None:
    """The kept file as it is, when its key is `wanted` (else None), without decoding
    it: the UI's look-up child hands it over as is. `save` writes the key first."""
    try:
        with open(root / CACHE_DIR / SNAPSHOT_FILE, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return data if data.startswith(json.dumps({"key": wanted})[:-1].encode() + b",") else None


def view_of(raw: bytes | None) -> dict[str, Any] | None:
    """The view in a kept file's bytes (from `load_raw`), or None if it is damaged."""
    if raw is None:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    view = data.get("view") if isinstance(data, dict) else None
    return view if isinstance(view, dict) else None


def load(root: Path, wanted: str) -> dict[str, Any] | None:
    return view_of(load_raw(root, wanted))


def save(root: Path, snapshot_key: str, view: dict[str, Any]) -> None:
    from epn_tui.store.atomic import atomic_write

    try:
        (root / CACHE_DIR).mkdir(exist_ok=True)
        payload = json.dumps({"key": snapshot_key, "view": view}, ensure_ascii=False)
        atomic_write(root / CACHE_DIR / SNAPSHOT_FILE, payload.encode(), durable=False)
    except OSError:
        pass
