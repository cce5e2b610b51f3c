"""The one write path: every change to a workspace file goes through `rewrite`.

    take the workspace write lock (.epn/lock)
    re-read the file (what is on disk *now*, not what the caller read earlier)
    apply the change to it (the caller merges: store.merge)
    write atomically, still checking the bytes did not change since the re-read
    release the lock

A writer that does not take our lock (git pull, a sync client, a text editor) can
still replace the file between the re-read and the rename: the atomic write notices
(its fingerprint check) and the change is applied again to the new file, a few times,
before giving up with ConflictError. Nothing is ever written over bytes we did not read.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from epn_tui.i18n import _
from epn_tui.store.atomic import ConflictError, Fingerprint, atomic_write, read_with_fingerprint
from epn_tui.store.lock import write_lock

ATTEMPTS = 3


class OutsideWorkspace(PermissionError):
    """The file (through a symbolic link) lies outside the workspace: not written."""


def inside(root: Path, path: Path) -> Path:
    """`path` with links resolved, refused unless it lies inside `root` (resolved)."""
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    if real != real_root and real_root not in real.parents:
        try:
            shown = path.relative_to(root).as_posix()
        except ValueError:
            shown = str(path)
        raise OutsideWorkspace(_("{path} is a link to {target}, outside the workspace: "
                                 "it is read, but epn does not write there; nothing written")
                               .format(path=shown, target=real))
    return real


Change = Callable[[bytes | None, Fingerprint | None], bytes | None]


def rewrite(root: Path, path: Path, change: Change, create: bool = False,
            durable: bool = True) -> tuple[bytes | None, Fingerprint | None]:
    """Apply `change` to the file as it is on disk now, under the workspace lock.

    `change(current)` gets the current bytes (None when the file does not exist) and
    returns the new bytes, or None to write nothing; it may raise to refuse (nothing is
    written). `create=True`: the file must not exist yet (a new convention).
    Returns the bytes now on disk and their fingerprint.
    """
    with write_lock(root):
        target = inside(root, path)
        for attempt in range(ATTEMPTS):
            try:
                current, fingerprint = read_with_fingerprint(target)
            except FileNotFoundError:
                current, fingerprint = None, None
            if create and current is not None:
                raise FileExistsError(_("{path} already exists").format(path=path))
            new = change(current, fingerprint)
            if new is None or new == current:
                return current, fingerprint
            try:
                written = atomic_write(target, new, expected=fingerprint,
                                       must_not_exist=current is None, durable=durable)
            except (ConflictError, FileExistsError):
                if attempt == ATTEMPTS - 1 or create:
                    raise
                continue  # changed behind the lock: apply the change to the new file
            return new, written
    raise AssertionError("unreachable")  # pragma: no cover
