"""What changed on disk: the system's notifications, and a signature of the workspace.

`changes(root, stop)` waits for the system to say that something changed under the
workspace (watchfiles: inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on
Windows; its Rust core falls back to polling where notifications cannot be had, and
`WATCHFILES_FORCE_POLLING=1` forces polling, for network shares where notifications do
not arrive). Hidden folders (`.epn/`, `.git/`), hidden files and our temporary files
(`*.epn-tmp`) are left out. The watcher then compares `signature`s: what changed is
what differs from what was last read, whatever the notifications said (a folder moved
away, a save of our own already read).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from epn_tui.store.files import find_files
from epn_tui.store.layout import PARTNERS_FILE, SETTINGS_FILE, TMP_SUFFIX

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


class Stop(Protocol):
    def is_set(self) -> bool: ...


def noticed(root: Path) -> Callable[[object, str], bool]:
    """The watchfiles filter: a path under `root` outside hidden folders, not hidden, not
    one of our temporary files."""
    base = os.path.join(str(root), "")

    def keep(_change: object, path: str) -> bool:
        if not path.startswith(base):
            return False
        parts = path[len(base):].split(os.sep)
        return not any(part.startswith(".") for part in parts) \
            and not parts[-1].endswith(TMP_SUFFIX)

    return keep


def changes(root: Path, stop: Stop, force_polling: bool | None = None) -> Iterator[None]:
    """Once each time files changed under `root` (changes within 50 ms come together),
    until `stop.is_set()` (checked every 50 ms)."""
    from watchfiles import watch  # (9 ms to import beside Textual; after the first frame)

    root = Path(root).resolve()
    for _batch in watch(root, watch_filter=noticed(root), stop_event=stop,
                        force_polling=force_polling, raise_interrupt=False):
        yield
