"""Atomic, conflict-checked writes.

A file is written to a temp file in the same folder, fsynced, renamed over the
original with `os.replace`, and the folder is fsynced: a crash leaves either the old or
the new file, never half of one. Temp files carry the writer's pid so a later start can
sweep those left by a dead process without touching a live writer's.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from msgspec import Struct

from epn_tui.i18n import _
from epn_tui.store.layout import TMP_SUFFIX


class ConflictError(RuntimeError):
    """The file changed on disk since it was read."""


def _sha256(data: bytes) -> str:
    import hashlib  # only when writing or opening a file for editing, not at every start

    return hashlib.sha256(data).hexdigest()


class Fingerprint(Struct, frozen=True, gc=False):
    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path, data: bytes | None = None) -> Fingerprint | None:
        """The file's fingerprint now, or None when it does not exist."""
        try:
            st = os.stat(path)
            if data is None:
                data = Path(path).read_bytes()
        except FileNotFoundError:
            return None
        return cls(st.st_mtime_ns, st.st_size, _sha256(data))

    def same_content(self, other: Fingerprint | None) -> bool:
        return other is not None and other.size == self.size and other.sha256 == self.sha256


def read_with_fingerprint(path: Path) -> tuple[bytes, Fingerprint]:
    with open(path, "rb") as handle:
        st = os.fstat(handle.fileno())
        data = handle.read()
    return data, Fingerprint(st.st_mtime_ns, st.st_size, _sha256(data))


def _check_unchanged(path: Path, expected: Fingerprint | None) -> None:
    if expected is None:
        return
    now = Fingerprint.of(path)
    # mtime alone is not trusted (coarse clocks, `touch`); the hash decides.
    if not expected.same_content(now):
        raise ConflictError(_("{path} changed on disk since it was read; reload it before "
                              "saving").format(path=path))


def atomic_write(path: Path, data: bytes, expected: Fingerprint | None = None,
                 must_not_exist: bool = False, durable: bool = True) -> Fingerprint:
    """Replace `path` with `data` atomically; returns the new fingerprint.

    `durable=False` skips the fsyncs: still all-or-nothing for readers, but a power cut
    may lose the new version. Only for files we can rebuild (the cache).

    `expected`: the fingerprint read earlier; a different file on disk raises
    ConflictError. `must_not_exist`: refuse to replace an existing file. A symlink is
    written through (its target is replaced, the link stays).
    """
    import tempfile

    target = Path(os.path.realpath(path))
    folder = target.parent
    if must_not_exist and os.path.lexists(path):
        raise FileExistsError(_("{path} already exists").format(path=path))
    _check_unchanged(target, expected)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TMP_SUFFIX,
                                    dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        _check_unchanged(target, expected)
        if must_not_exist:
            # link() fails if the name was taken meanwhile: never overwrite a new file.
            os.link(tmp_name, target)
            os.unlink(tmp_name)
        else:
            os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    if durable:
        _fsync_dir(folder)
    return Fingerprint.of(target, data) or Fingerprint(0, len(data), "")


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def is_stale_temp(name: str) -> bool:
    """A temp file of ours whose writer is gone."""
    if not (name.startswith(".") and name.endswith(TMP_SUFFIX)):
        return False
    parts = name.split(".")
    # .<name parts>.<pid>.<random>.epn-tmp
    try:
        pid = int(parts[-3])
    except (IndexError, ValueError):
        return True
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def sweep_temp_files(folder: Path) -> list[Path]:
    """Remove stale temp files directly in `folder`; returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if entry.name.endswith(TMP_SUFFIX) and is_stale_temp(entry.name):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed
