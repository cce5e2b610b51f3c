"""The parse cache under `.epn/`: validated conventions as plain JSON.

Two files: `cache.json` holds what date computations need (read by every command),
`details.json` the parties, themes and unknown keys (read only by commands that show
them): `epn due` on 10,000 conventions does not pay for 6 MB of commitments.

Keyed by path, mtime and size: a warm start re-parses only what changed. Only files
without any problem are cached (problem files are few and re-read each time, so their
messages always follow the current language). A missing, stale, foreign or corrupt
cache is ignored and rebuilt; it is never trusted.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from epn_tui.core.durations import Duration
from epn_tui.core.model import Convention, FollowUp, Party
from epn_tui.core.terms import Plan
from epn_tui.store.atomic import atomic_write

CACHE_VERSION = 8
CACHE_DIR = ".epn"
CACHE_FILE = "cache.json"
DETAILS_FILE = "details.json"

def _d(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _u(value: Duration | None) -> list[int] | None:
    return value.to_json() if value is not None else None


def to_json(c: Convention) -> tuple[list[Any], list[Any]]:
    """(schedule record, details record): the fields every command needs, and the
    parties, themes and unknown keys that `due` and `list` never read."""
    plan = Plan.of(c)
    # The id and path are the entry's key: not repeated (a tenth of the file).
    schedule = [
        c.title, c.status, c.type, _d(c.signed), _d(c.start), _d(c.end),
        _u(c.duration), c.renewal, _u(c.renewal_period), c.max_renewals, _u(c.notice),
        c.amount, [[f.what, f.every.to_json(), f.start.isoformat()] for f in c.follow_up],
        c.amends, _d(c.terminated), _d(plan.end0), _d(plan.final),
    ]
    details = [[[p.partner, p.role, p.signatory, list(p.commitments), p.extra]
                for p in c.parties], list(c.themes), c.extra]
    return schedule, details


_date = date.fromisoformat
_JSON_SCALARS = (str, int, float, bool, type(None))


def storable(c: Convention) -> bool:
    """Whether JSON gives the unknown keys back as they were: YAML can also hold bytes
    (`!!binary`), sets and numeric mapping keys; such a convention is read from its
    file each time instead."""
    return _plain_json(c.extra) and all(_plain_json(p.extra) for p in c.parties)


def _plain_json(value: Any) -> bool:
    if isinstance(value, _JSON_SCALARS):
        return True
    if isinstance(value, list):
        return all(_plain_json(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_json(v) for k, v in value.items())
    return False


def from_json(rel: str, r: list[Any], details: list[Any] | None) -> Convention:
    """Rebuild a Convention; without `details`, parties, themes and extra stay empty
    (for commands that only compute dates). Runs 10,000 times at a warm start."""
    dur = Duration.from_json
    if details is not None:
        raw_parties, raw_themes, extra = details
        parties = tuple([Party(p[0], p[1], p[2], tuple(p[3]), p[4]) for p in raw_parties])
        themes: tuple[str, ...] = tuple(raw_themes)
    else:
        parties, themes, extra = (), (), {}
    # Positional, in Convention's field order.
    conv = Convention(
        rel.rsplit("/", 1)[-1][:-3], rel, r[0], r[1], parties, r[2], themes,
        _date(r[3]) if r[3] else None, _date(r[4]) if r[4] else None,
        _date(r[5]) if r[5] else None, dur(r[6]) if r[6] else None, r[7],
        dur(r[8]) if r[8] else None, r[9], dur(r[10]) if r[10] else None, r[11],
        tuple([FollowUp(f[0], dur(f[1]), _date(f[2])) for f in r[12]]) if r[12] else (),
        r[13], _date(r[14]) if r[14] else None, extra,
    )
    conv.plan = Plan.compute(conv, _date(r[15]) if r[15] else None,
                             _date(r[16]) if r[16] else None, known=True)
    return conv


def cache_path(root: Path, name: str = CACHE_FILE) -> Path:
    return root / CACHE_DIR / name


def _read(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as handle:
            data = json.load(handle)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION \
            or not isinstance(data.get("files"), dict):
        return None
    return data


def load(root: Path, details: bool = True
         ) -> tuple[dict[str, list[Any]], dict[str, list[Any]] | None]:
    """(schedule entries by relative path, details by relative path or None).

    Each schedule entry is [mtime_ns, size, record]. The two files carry the same
    random token; details from another save are not used.
    """
    main = _read(cache_path(root))
    if main is None:
        return {}, ({} if details else None)
    if not details:
        return main["files"], None
    extra = _read(cache_path(root, DETAILS_FILE))
    if extra is None or extra.get("token") != main.get("token"):
        return main["files"], {}
    return main["files"], extra["files"]


def save(root: Path, entries: dict[str, list[Any]], details: dict[str, list[Any]]) -> None:
    """Write the cache; a read-only workspace simply goes without one."""
    import secrets  # only when writing (its import costs more than the call)

    folder = root / CACHE_DIR
    token = secrets.token_hex(8)
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n")
        for name, files in ((DETAILS_FILE, details), (CACHE_FILE, entries)):
            payload = json.dumps({"version": CACHE_VERSION, "token": token, "files": files},
                                 ensure_ascii=False, separators=(",", ":"))
            atomic_write(cache_path(root, name), payload.encode(), durable=False)
    except OSError:
        pass
