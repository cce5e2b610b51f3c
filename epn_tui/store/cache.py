"""The parse cache under `.epn/`: validated conventions as JSON, decoded by msgspec.

Two files: `cache.json` holds what date computations need (read by every command),
`details.json` the parties, themes and unknown keys (read only by commands that show
them): `epn due` on 10,000 conventions does not pay for 4 MB of commitments.

msgspec decodes each file straight into the model's Structs with their types checked
(dates, durations, the plan): a warm start builds no object by hand. A file whose
shape or types are wrong fails as a whole and is ignored.

Keyed by path, mtime and size: a warm start re-parses only what changed. Only files
without any problem are cached (problem files are few and re-read each time, so their
messages always follow the current language). A missing, stale, foreign or corrupt
cache is ignored and rebuilt; it is never trusted.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import msgspec

from epn_tui.core.model import Convention, Party
from epn_tui.core.terms import Plan, remember
from epn_tui.store.layout import CACHE_DIR, CACHE_VERSION, RACY_NS

__all__ = ["CACHE_DIR", "CACHE_VERSION", "RACY_NS", "Details", "Entry", "load", "save"]

# CACHE_VERSION (store.layout) is bumped when Convention, Party, Duration, FollowUp or
# Plan change shape: the cache holds them as msgspec encodes them (several are arrays
# in field order).
CACHE_FILE = "cache.json"
DETAILS_FILE = "details.json"


class Entry(msgspec.Struct, array_like=True, gc=False):
    """One convention file: its stat, then the convention without its details."""

    mtime_ns: int
    size: int
    convention: Convention
    plan: Plan


class Details(msgspec.Struct, array_like=True, gc=False):
    parties: tuple[Party, ...]
    themes: tuple[str, ...]
    extra: dict[str, Any]


class _EntriesFile(msgspec.Struct):
    version: int
    token: str
    files: dict[str, Entry]


class _DetailsFile(msgspec.Struct):
    version: int
    token: str
    files: dict[str, Details]


def entry(mtime_ns: int, size: int, conv: Convention) -> tuple[Entry, Details]:
    """What the cache keeps of a freshly parsed convention."""
    return (Entry(mtime_ns, size, conv, Plan.of(conv)),
            Details(conv.parties, conv.themes, conv.extra))


def _bare(e: Entry) -> Entry:
    """The entry as `cache.json` holds it: no id and path (the key says them), no
    details (`details.json` holds them)."""
    conv = msgspec.structs.replace(e.convention, id="", path="", parties=(), themes=(),
                                   extra={})
    return Entry(e.mtime_ns, e.size, conv, e.plan)


def restore(rel: str, e: Entry, details: Details | None) -> Convention:
    """The cached convention; without `details`, parties, themes and extra stay empty
    (for commands that only compute dates). Runs 10,000 times at a warm start.

    The id and path are the entry's key, the details come from the other file: they
    are set on the record just decoded, before anyone sees it, with msgspec's tool for
    finishing a frozen record (`force_setattr`, 1 ms at 10,000; a copy with
    `structs.replace` took 4-6 ms)."""
    conv = e.convention
    finish = msgspec.structs.force_setattr
    finish(conv, "path", rel)
    finish(conv, "id", rel.rsplit("/", 1)[-1][:-3])
    if details is not None:
        finish(conv, "parties", details.parties)
        finish(conv, "themes", details.themes)
        finish(conv, "extra", details.extra)
    remember(conv, e.plan)
    return conv


_JSON_SCALARS = (str, bool, type(None))
_INT_RANGE = range(-(2 ** 63), 2 ** 64)  # what msgspec writes as a JSON integer


def storable(c: Convention) -> bool:
    """Whether JSON gives the unknown keys back as they were: YAML can also hold bytes
    (`!!binary`), sets, numeric mapping keys, `.nan` and integers of any size; such a
    convention is read from its file each time instead."""
    return plain_json(c.extra) and all(plain_json(p.extra) for p in c.parties)


def plain_json(value: Any) -> bool:
    if isinstance(value, _JSON_SCALARS):
        return True
    if type(value) is int:
        return value in _INT_RANGE
    if type(value) is float:
        return math.isfinite(value)
    if isinstance(value, list):
        return all(plain_json(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain_json(v) for k, v in value.items())
    return False


def cache_path(root: Path, name: str = CACHE_FILE) -> Path:
    return root / CACHE_DIR / name


_ENTRIES = msgspec.json.Decoder(_EntriesFile)
_DETAILS = msgspec.json.Decoder(_DetailsFile)


def _read(path: Path, decoder: msgspec.json.Decoder[Any]) -> Any:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    try:
        # Another version's cache fails here (other shapes), or below.
        decoded = decoder.decode(data)
    except (msgspec.DecodeError, RecursionError, ValueError):
        return None
    return decoded if decoded.version == CACHE_VERSION else None


def load(root: Path, details: bool = True
         ) -> tuple[dict[str, Entry], dict[str, Details] | None]:
    """(entries by relative path, details by relative path or None).

    The two files carry the same random token; details from another save are not used.
    """
    main = _read(cache_path(root), _ENTRIES)
    if main is None:
        return {}, ({} if details else None)
    if not details:
        return main.files, None
    extra = _read(cache_path(root, DETAILS_FILE), _DETAILS)
    if extra is None or extra.token != main.token:
        return main.files, {}
    return main.files, extra.files


def _encode(payload: msgspec.Struct, files: dict[str, Any]) -> bytes:
    try:
        return msgspec.json.encode(payload)
    except (msgspec.EncodeError, OverflowError, TypeError, ValueError, UnicodeError):
        # A text that UTF-8 cannot hold (a lone surrogate from a YAML escape such as
        # "\ud800", or from a file name that is not UTF-8): leave that file out, keep
        # the others.
        for rel in [rel for rel, value in files.items()
                    if not (_encodable(rel) and _encodable(value))]:
            del files[rel]
        return msgspec.json.encode(payload)


def _encodable(value: Any) -> bool:
    try:
        msgspec.json.encode(value)
    except (msgspec.EncodeError, OverflowError, TypeError, ValueError, UnicodeError):
        return False
    return True


def make_folder(root: Path) -> None:
    """`.epn/`, ignored by git whatever the workspace's own .gitignore says."""
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")


def save(root: Path, entries: dict[str, Entry], details: dict[str, Details]) -> None:
    """Write the cache; a read-only workspace simply goes without one."""
    import secrets  # only when writing (its import costs more than the call)

    from epn_tui.store.atomic import atomic_write

    token = secrets.token_hex(8)
    try:
        make_folder(root)
        bare = {rel: _bare(e) for rel, e in entries.items()}
        main = _encode(_EntriesFile(CACHE_VERSION, token, bare), bare)
        details = {rel: d for rel, d in details.items() if rel in bare}
        extra = _encode(_DetailsFile(CACHE_VERSION, token, details), details)
        dropped = [rel for rel in bare if rel not in details]
        if dropped:
            for rel in dropped:
                del bare[rel]
            main = msgspec.json.encode(_EntriesFile(CACHE_VERSION, token, bare))
        atomic_write(cache_path(root, DETAILS_FILE), extra, durable=False)
        atomic_write(cache_path(root), main, durable=False)
    except OSError:
        pass
