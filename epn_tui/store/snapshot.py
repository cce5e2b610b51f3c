"""The last dashboard shown, kept in `.epn/dashboard.json` for an instant next start.

It is keyed by everything it was computed from: every convention file's path, mtime
and size, partners.json and epn.yaml, the day and the language. When any of them
differs the snapshot is ignored; it is only ever a faster first frame, replaced as
soon as the workspace is read.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from epn_tui.store.atomic import atomic_write
from epn_tui.store.cache import CACHE_DIR, CACHE_VERSION
from epn_tui.store.watch import Signature

SNAPSHOT_FILE = "dashboard.json"
SNAPSHOT_VERSION = 3


def key(signature: Signature, today: date, language: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{SNAPSHOT_VERSION}/{CACHE_VERSION}/{today.isoformat()}/{language}\n".encode())
    for path, mtime, size in sorted(signature):
        digest.update(f"{path}\0{mtime}\0{size}\n".encode())
    return digest.hexdigest()


def load(root: Path, wanted: str) -> dict[str, Any] | None:
    try:
        with open(root / CACHE_DIR / SNAPSHOT_FILE, "rb") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != wanted:
        return None
    view = data.get("view")
    return view if isinstance(view, dict) else None


def save(root: Path, snapshot_key: str, view: dict[str, Any]) -> None:
    try:
        (root / CACHE_DIR).mkdir(exist_ok=True)
        payload = json.dumps({"key": snapshot_key, "view": view}, ensure_ascii=False)
        atomic_write(root / CACHE_DIR / SNAPSHOT_FILE, payload.encode(), durable=False)
    except OSError:
        pass
