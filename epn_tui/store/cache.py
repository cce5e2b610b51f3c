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
from epn_tui.core.terms import Plan
from epn_tui.store.atomic import atomic_write

CACHE_VERSION = 5
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
        _d(Plan.of(c).end0), _d(Plan.of(c).final),
    ]


_date = date.fromisoformat


def from_json(r: list[Any]) -> Convention:
    # Positional, in the field order of Convention (= the order of to_json): this runs
    # 10,000 times at every warm start.
    dur = Duration.from_json
    conv = Convention(
        r[0], r[1], r[2], r[3],
        tuple([Party(p[0], p[1], p[2], tuple(p[3]), p[4]) for p in r[4]]),
        r[5], tuple(r[6]),
        _date(r[7]) if r[7] else None, _date(r[8]) if r[8] else None,
        _date(r[9]) if r[9] else None, dur(r[10]) if r[10] else None, r[11],
        dur(r[12]) if r[12] else None, r[13], dur(r[14]) if r[14] else None, r[15],
        tuple([FollowUp(f[0], dur(f[1]), _date(f[2])) for f in r[16]]) if r[16] else (),
        r[17], _date(r[18]) if r[18] else None, r[19],
    )
    conv.plan = Plan.compute(conv, _date(r[20]) if r[20] else None,
                             _date(r[21]) if r[21] else None, known=True)
    return conv


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
