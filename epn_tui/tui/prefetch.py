"""Look up the last dashboard in a child process while Textual starts.

Checking that no file changed since the last run means listing and stat-ing every
convention (0.1 s at 10,000 files); Textual's own start takes about 0.3 s of CPU. On a
2-core machine the two can overlap: `start()` forks before Textual is imported, the
child sends back the snapshot view (a small JSON object) or nothing, and exits. Where
fork is not available the app simply does the lookup in its loading thread.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any


class Prefetch:
    def __init__(self, fd: int, pid: int) -> None:
        self.fd = fd
        self.pid = pid

    def result(self) -> dict[str, Any] | None:
        """The view found by the child (blocks until it is done), or None."""
        chunks = []
        try:
            while True:
                chunk = os.read(self.fd, 65536)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(self.fd)
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
        try:
            data = json.loads(b"".join(chunks) or b"null")
        except ValueError:
            return None
        return data if isinstance(data, dict) else None


def _lookup(root: Path, today: date, language: str) -> dict[str, Any] | None:
    from epn_tui.store import snapshot
    from epn_tui.store.watch import signature

    return snapshot.load(root, snapshot.key(signature(root), today, language))


def start(root: Path, today: date, language: str) -> Prefetch | None:
    if not hasattr(os, "fork"):
        return None
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 0
        try:
            os.close(read_fd)
            view = _lookup(root, today, language)
            data = json.dumps(view, ensure_ascii=False).encode()
            view_bytes = memoryview(data)
            while view_bytes:
                written = os.write(write_fd, view_bytes)
                view_bytes = view_bytes[written:]
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    return Prefetch(read_fd, pid)
