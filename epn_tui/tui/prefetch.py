"""Look up the last dashboard in a child process while Textual starts.

Checking that no file changed since the last run means listing and stat-ing every
convention (0.1 s at 10,000 files); Textual's own start takes about 0.3 s of CPU. On a
2-core machine the two can overlap: `start()` forks before Textual is imported, the
child sends back the kept file as it is (its key checked) or nothing, and exits. Where fork is
not available the app simply does the lookup in its loading thread.

The app is told in its event loop (`on_ready`), not in a thread: the view is
drawn by the UI thread as soon as it arrives, with no thread competing for the GIL
while that frame is painted.
"""

from __future__ import annotations

import select
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from epn_tui.store import forked

Kept = dict[str, Any] | None
# A kept dashboard is about 0.4 MB at 10,000 conventions; 1 MiB is Linux's default limit.
PIPE_SIZE = 1 << 20


class Prefetch:
    def __init__(self, fd: int, pid: int) -> None:
        self.fd = fd
        self.pid = pid

    def result(self) -> Kept:
        """The view found by the child (blocks until it is done), or None."""
        from epn_tui.store.snapshot import view_of

        data, ok = forked.finish(self.fd, self.pid)
        return view_of(data) if ok and data else None

    def ready(self) -> bool:
        """Has the child answered? (`result()` then returns at once.)"""
        return bool(select.select([self.fd], [], [], 0)[0])

    def on_ready(self, callback: Callable[[Kept], None]) -> None:
        """Call `callback(view or None)` from the running event loop once the child
        has answered; the loop goes on meanwhile."""
        import asyncio  # (imported with Textual; the child is forked before that)

        loop = asyncio.get_running_loop()

        def readable() -> None:
            # The child writes only once it is done: the rest follows at once. Read it
            # all now rather than a pipeful (64 KiB) per turn of a busy event loop.
            loop.remove_reader(self.fd)
            callback(self.result())

        loop.add_reader(self.fd, readable)


def _lookup(root: Path, today: date, language: str) -> bytes:
    """The kept dashboard file as it is, if nothing changed since it was kept."""
    from epn_tui.store import snapshot
    from epn_tui.store.watch import signature

    return snapshot.load_raw(root, snapshot.key(signature(root), today, language)) or b""


def start(root: Path, today: date, language: str) -> Prefetch | None:
    if not forked.can_fork():
        return None

    def child() -> bytes:
        return _lookup(root, today, language)

    # Room for the whole answer: the child need not wait for the app to read it.
    return Prefetch(*forked.spawn(child, pipe_size=PIPE_SIZE))
