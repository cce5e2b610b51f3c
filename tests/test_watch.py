"""Watching the workspace (`store/watch.py`): what the system's notifications are
kept for, and that a change is noticed while `.epn/` and our temporary files are not."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from epn_tui.store.watch import changes, noticed


def test_what_is_noticed(tmp_path: Path) -> None:
    keep = noticed(tmp_path)
    root = str(tmp_path)
    for rel in ("a.md", "sous-dossier/b.md", "epn.yaml", "partners.json", "dossier"):
        assert keep(None, f"{root}/{rel}"), rel
    for rel in (".epn/cache.json", ".git/objects/ab/cdef", ".a.md.123.x1y2.epn-tmp",
                ".a.md.swp", "dossier/.cache/x.md", "dossier/b.md.1.epn-tmp"):
        assert not keep(None, f"{root}/{rel}"), rel
    assert not keep(None, f"{root}-autre/a.md")  # beside the workspace, not in it


@pytest.mark.parametrize("polling", [False, True])
def test_a_change_is_noticed_and_ours_are_not(tmp_path: Path, polling: bool,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHFILES_POLL_DELAY_MS", "50")
    (tmp_path / ".epn").mkdir()
    stop = threading.Event()
    seen: list[float] = []

    def watch() -> None:
        for _noticed in changes(tmp_path, stop, force_polling=polling):
            seen.append(time.monotonic())

    thread = threading.Thread(target=watch)
    thread.start()
    try:
        time.sleep(0.5)  # (the watch is set up)
        (tmp_path / ".epn" / "cache.json").write_text("{}")
        (tmp_path / ".a.md.1.abc.epn-tmp").write_text("x")
        time.sleep(0.8)
        assert seen == []
        (tmp_path / "a.md").write_text("---\n")
        for _ in range(50):
            if seen:
                break
            time.sleep(0.1)
        assert seen
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()  # the stop is heard within a moment
