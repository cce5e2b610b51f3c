"""The workspace write lock: `.epn/lock`, an OS advisory lock (`fcntl.flock`).

Every write to a workspace file takes it (store.transaction); readers never do. The
lock belongs to the open file, so the kernel releases it when the holder dies: a
crashed writer never leaves a stale lock behind. Once it has the lock, the holder
writes who it is into the file (pid, command, user, host, time), so that a writer
that waited in vain can name who holds it.

Within one process the lock is re-entrant (a transaction may call another) and
threads take turns: the UI saves from worker threads, and `flock` alone would let two
threads of the same process in at once through two file descriptors.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from epn_tui.i18n import _
from epn_tui.store.layout import CACHE_DIR

LOCK_FILE = "lock"
# How long a writer waits for another one. A save holds the lock for milliseconds; a
# bulk change (an import) for seconds: 10 s covers both without leaving a person
# staring at a frozen command. EPN_LOCK_TIMEOUT (seconds) overrides it.
DEFAULT_TIMEOUT = 10.0
_POLL = 0.01

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: msvcrt locks a byte range instead
    fcntl = None  # type: ignore[assignment]


class LockTimeout(OSError):
    """Another writer held the workspace lock for longer than the timeout."""


@dataclass
class _Held:
    mutex: threading.RLock = field(default_factory=threading.RLock)
    depth: int = 0
    fd: int = -1


_registry: dict[str, _Held] = {}
_registry_mutex = threading.Lock()


def lock_path(root: Path) -> Path:
    return root / CACHE_DIR / LOCK_FILE


def timeout_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("EPN_LOCK_TIMEOUT", DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


def _holder_line() -> str:
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in a container: say so
        user = "?"
    command = " ".join(os.path.basename(a) if i == 0 else a
                       for i, a in enumerate(sys.argv[:3])) or "python"
    return (f"pid {os.getpid()} · {command} · {user}@{socket.gethostname()} · "
            f"{time.strftime('%Y-%m-%d %H:%M:%S')}\n")


def holder(root: Path) -> str:
    """Who holds (or last held) the lock, as it wrote itself down."""
    try:
        text = lock_path(root).read_text("utf-8", errors="replace").strip()
    except OSError:
        return ""
    from epn_tui.core.text import one_line

    return one_line(text)[:200]


def _try_lock(fd: int) -> bool:
    if fcntl is None:  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if fcntl is None:  # pragma: no cover - Windows
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


def _timed_out(root: Path, waited: float) -> LockTimeout:
    who = holder(root)
    if who:
        return LockTimeout(_("the workspace is being changed by another writer ({who}); "
                             "waited {seconds:.0f} s, nothing written: try again")
                           .format(who=who, seconds=waited))
    return LockTimeout(_("the workspace is being changed by another writer; waited "
                         "{seconds:.0f} s, nothing written: try again")
                       .format(seconds=waited))


@contextmanager
def write_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the workspace write lock for the block; LockTimeout after `timeout` s."""
    from epn_tui.store.cache import make_folder

    limit = timeout_seconds() if timeout is None else timeout
    deadline = time.monotonic() + limit
    key = os.path.realpath(root)
    with _registry_mutex:
        held = _registry.setdefault(key, _Held())
    if not held.mutex.acquire(timeout=limit if limit > 0 else -1):
        raise _timed_out(root, limit)
    try:
        if held.depth == 0:
            make_folder(root)
            fd = os.open(lock_path(root), os.O_RDWR | os.O_CREAT, 0o666)
            try:
                while not _try_lock(fd):
                    if time.monotonic() >= deadline:
                        raise _timed_out(root, limit)
                    time.sleep(_POLL)
                os.ftruncate(fd, 0)
                os.pwrite(fd, _holder_line().encode("utf-8", "replace"), 0)
            except BaseException:
                os.close(fd)
                raise
            held.fd = fd
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0:
                fd, held.fd = held.fd, -1
                try:
                    _unlock(fd)
                finally:
                    os.close(fd)
    finally:
        held.mutex.release()
