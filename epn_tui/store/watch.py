"""What changed on disk: a cheap signature of the workspace for the UI's watcher."""

from __future__ import annotations

import os
from pathlib import Path

from epn_tui.store.files import find_files
from epn_tui.store.layout import PARTNERS_FILE, SETTINGS_FILE

Signature = frozenset[tuple[str, int, int]]


def signature(root: Path) -> Signature:
    """(path, mtime, size) of every convention, partners.json and epn.yaml.

    A re-created file (new inode, same name) shows as changed through its mtime; a
    deleted one disappears from the set.
    """
    found, _stale = find_files(root)
    items = {(f.rel, f.mtime_ns, f.size) for f in found}
    for name in (SETTINGS_FILE, PARTNERS_FILE):
        try:
            st = os.stat(root / name)
        except OSError:
            continue
        items.add((name, st.st_mtime_ns, st.st_size))
    return frozenset(items)


def changed_paths(before: Signature, after: Signature) -> set[str]:
    old = {item[0]: item for item in before}
    new = {item[0]: item for item in after}
    return {path for path in old.keys() | new.keys() if old.get(path) != new.get(path)}
