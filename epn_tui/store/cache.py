"""The parse cache under `.epn/`: validated conventions as plain JSON.

Keyed by path, mtime and size: a warm start re-parses only what changed. Only files
without any problem are cached (problem files are few and re-read each time, so their
messages always follow the current language). A missing, stale, foreign or corrupt
cache is ignored and rebuilt; it is never trusted.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from epn_tui.core.durations import Duration
from epn_tui.core.model import Convention, FollowUp, Party
from epn_tui.store.atomic import atomic_write

CACHE_VERSION = 4
CACHE_DIR = ".epn"
CACHE_FILE = "cache.json"

Entry = tuple[int, int, Convention]  # mtime_ns, size, convention


def _d(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _u(value: Duration | None) -> list[int] | None:
    return value.to_json() if value is not None else None


def to_json(c: Convention) -> list[Any]:
    return [
        c.id, c.path, c.title, c.status,
        [[p.partner, p.role, p.signatory, list(p.commitments), p.extra] for p in c.parties],
        c.type, list(c.themes), _d(c.signed), _d(c.start), _d(c.end), _u(c.duration),
        c.renewal, _u(c.renewal_period), c.max_renewals, _u(c.notice), c.amount,
        [[f.what, f.every.to_json(), f.start.isoformat()] for f in c.follow_up],
        c.amends, _d(c.terminated), c.extra,
    ]


_date = date.fromisoformat


def _dur(data: list[int] | None) -> Duration | None:
    return Duration.from_json(data) if data is not None else None


def from_json(r: list[Any]) -> Convention:
    return Convention(
        id=r[0], path=r[1], title=r[2], status=r[3],
        parties=tuple(Party(p[0], p[1], p[2], tuple(p[3]), p[4]) for p in r[4]),
        type=r[5], themes=tuple(r[6]),
        signed=_date(r[7]) if r[7] else None, start=_date(r[8]) if r[8] else None,
        end=_date(r[9]) if r[9] else None, duration=_dur(r[10]), renewal=r[11],
        renewal_period=_dur(r[12]), max_renewals=r[13], notice=_dur(r[14]), amount=r[15],
        follow_up=tuple(FollowUp(f[0], Duration.from_json(f[1]), _date(f[2])) for f in r[16]),
        amends=r[17], terminated=_date(r[18]) if r[18] else None, extra=r[19],
    )


def cache_path(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_FILE


def load(root: Path) -> dict[str, tuple[int, int, list[Any]]]:
    """Raw entries by relative path; empty when the cache is unusable."""
    try:
        with open(cache_path(root), "rb") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def save(root: Path, entries: dict[str, tuple[int, int, list[Any]]]) -> None:
    """Write the cache; a read-only workspace simply goes without one."""
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n")
        payload = json.dumps({"version": CACHE_VERSION, "files": entries},
                             ensure_ascii=False, separators=(",", ":"))
        atomic_write(cache_path(root), payload.encode())
    except OSError:
        pass


def is_fresh(entry: Any, st: os.stat_result) -> bool:
    return (isinstance(entry, list) and len(entry) == 3 and entry[0] == st.st_mtime_ns
            and entry[1] == st.st_size)
