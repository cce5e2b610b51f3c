"""How `epn` starts: the one sequence to the first dashboard, and the collector's rules.

Every start-up measure lives here, in the order it happens, with the figure that keeps
it (measured with `python bench/bench_tui.py --against DIR`, which times two copies of
the package side by side; docs/benchmarks.md has the runs). Nothing here imports
Textual: `begin` runs before it is imported.

The terminal UI (`epn`, `epn demo`):

1. `begin()`, first thing in `commands/ui.py`, before Textual is imported:
   - the garbage collector is turned off. Importing Textual and building the first
     screen allocate objects that live as long as the app; with the collector on, its
     passes over them took 55-75 ms of CPU before the first frame, one full pass of
     21-27 ms landing on the frame itself (gc callbacks, 10,000 conventions);
   - a child process is forked to look up the dashboard kept by the last run
     (`.epn/dashboard.json`, `store/snapshot.py`): listing and stat-ing every file to
     check that none changed costs ≈ 80 ms of CPU at 10,000 files, which the child
     spends on the second core while this process imports Textual. It sends back the
     kept file as it is, or nothing. Where `fork` does not exist (and in tests, which
     build the app themselves) the loading thread does the look-up (step 3).
2. `EpnApp.__init__` (`Startup.answer_in_hand`): the child has usually answered while
   Textual was imported; the dashboard is then composed with its data, and the first
   layout Textual makes is the one shown (drawn after mounting, it needed a second
   layout: ≈ 40 ms).
3. `EpnApp.on_ready` (Textual has shown its first frame) starts the loading thread
   (`EpnApp.load_workspace`). It takes the kept dashboard (`Startup.kept`: the child's
   answer, waited for in a blocking read that leaves the GIL to the UI, or its own
   look-up), hands it to the UI and waits until the dashboard has painted it
   (`Startup.painted`, set after that refresh; at most `PAINT_GRACE_SECONDS`). Only
   then is the workspace read: the reading thread holds the GIL most of the time, and
   started earlier it held the frame the user waits for back by 0.2 s.
4. `Startup.collector_on()`: the collector comes back on, with what exists so far
   (Textual, the screens: alive until the app ends) frozen out of its passes. Then
   the workspace is read and the dashboard computed and kept for the next start.

The command line: `collector_paused()` around reading the workspace (`open_workspace`
in `commands/common.py`): the records of 10,000 conventions are built with the
collector off, then frozen. Its passes over them took ≈ 115 ms of a cold `epn check`
and 12-30 ms of a warm `epn check` or `epn due` (a third of the time `due` may take).
The UI reads the workspace again after a save with the collector on: a worker thread
must not switch off what is global to the process.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import threading

    from epn_tui.store.watch import Signature

Kept = dict[str, Any] | None
# At most this long between showing the kept dashboard and reading the workspace (when
# the dashboard never says it painted: another screen on top…).
PAINT_GRACE_SECONDS = 1.0
# A kept dashboard is about 0.4 MB at 10,000 conventions; 1 MiB is Linux's default limit.
PIPE_SIZE = 1 << 20


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off while long-lived objects are built, then those frozen out of
    its passes (refcounting still frees them) and the collector back on. Only for a
    process with one thread (the command line): the collector is global."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


class Lookup:
    """The forked child looking up the kept dashboard: its pipe and its pid."""

    def __init__(self, fd: int, pid: int) -> None:
        self.fd = fd
        self.pid = pid

    def ready(self) -> bool:
        """Has the child answered? (`result()` then returns at once.)"""
        import select  # (the command line imports this module: only the UI needs it)

        return bool(select.select([self.fd], [], [], 0)[0])

    def result(self) -> Kept:
        """The view the child found, or None; blocks until it is done (the child
        writes only once it is done, its whole answer fits in the pipe)."""
        from epn_tui.store import forked
        from epn_tui.store.snapshot import view_of

        data, ok = forked.finish(self.fd, self.pid)
        return view_of(data) if ok and data else None


def look_up(root: Path, today: date, language: str,
            signature: Signature | None = None) -> bytes:
    """The kept dashboard file as it is, if nothing changed since it was kept, else b''."""
    from epn_tui.store import snapshot
    from epn_tui.store.watch import signature as signature_of

    if signature is None:
        signature = signature_of(root)
    return snapshot.load_raw(root, snapshot.key(signature, today, language)) or b""


class Startup:
    """The UI's start-up state, from `begin` to the first read of the workspace."""

    def __init__(self, lookup: Lookup | None = None, collector_off: bool = False) -> None:
        self._lookup = lookup
        self._forked = lookup is not None
        self._collector_off = collector_off
        self._first_read = True
        import threading  # (imported by Textual anyway; not by the command line)

        self.painted: threading.Event = threading.Event()

    def answer_in_hand(self) -> Kept:
        """Step 2: the child's answer if it has come already (never waits)."""
        return self._answer() if self.child_answered() else None

    def child_answered(self) -> bool:
        """Has the look-up child answered (and its answer not been taken yet)?"""
        return self._lookup is not None and self._lookup.ready()

    def first_read(self) -> bool:
        """True once: for the loading thread that does steps 3 and 4."""
        first, self._first_read = self._first_read, False
        return first

    def looks_up_here(self) -> bool:
        """No child: `kept` looks the dashboard up itself, with the signature."""
        return not self._forked

    def kept(self, root: Path, today: date, language: str,
             signature: Signature | None = None) -> Kept:
        """Step 3, in the loading thread: the child's answer, waited for (None if step
        2 took it), or with no child, the look-up done here."""
        if self._forked:
            return self._answer()
        from epn_tui.store.snapshot import view_of

        return view_of(look_up(root, today, language, signature) or None)

    def _answer(self) -> Kept:
        lookup, self._lookup = self._lookup, None
        return lookup.result() if lookup is not None else None

    def collector_on(self) -> None:
        """Step 4: the collector back on, what exists so far frozen out of its passes."""
        if self._collector_off:
            self._collector_off = False
            gc.freeze()
            gc.enable()

    def end(self) -> None:
        """When `epn` stops (or stopped before step 4): the child reaped, the
        collector on."""
        self._answer()
        self.collector_on()


def begin(root: Path, today: date, language: str) -> Startup:
    """Step 1, before Textual is imported: the collector off, the look-up child forked."""
    from epn_tui.store import forked

    collector_off = gc.isenabled()
    gc.disable()
    if not forked.can_fork():
        return Startup(None, collector_off)

    def child() -> bytes:
        return look_up(root, today, language)

    # Room for the whole answer: the child need not wait for the app to read it.
    return Startup(Lookup(*forked.spawn(child, pipe_size=PIPE_SIZE)), collector_off)
