"""Crash test: a writer killed with SIGKILL at random moments never leaves a half-written
file, and the next Workspace.open sweeps its temp file.

The writer is a forked child (it starts in well under a millisecond, already holding
the opened workspace), so each of the hundreds of kills lands inside the save loop
rather than during interpreter start-up.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from epn_tui.store.atomic import TMP_SUFFIX
from epn_tui.store.workspace import Workspace
from tests.conftest import VALID, MakeWorkspace

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")

KILLS = 220
TITLE_A = "Partenariat école"
TITLE_B = "Partenariat école — version B, un peu plus longue pour changer la taille"


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(TMP_SUFFIX)]


def kill_while(work: Callable[[], None], delay: float) -> None:
    """Fork a child that runs `work` forever; SIGKILL it after `delay` seconds."""
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(ready_r)
            os.write(ready_w, b"!")
            while True:
                work()
        finally:
            os._exit(70)
    os.close(ready_w)
    assert os.read(ready_r, 1) == b"!"
    os.close(ready_r)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _pid, status = os.waitpid(pid, 0)  # reaped: its pid no longer looks alive
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, \
        "the writer stopped on its own (an exception in the save loop?)"


def test_killed_convention_writer(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"sub/c.md": VALID, "other.md": VALID.replace("title: P", "title: O")})
    path = root / "sub" / "c.md"
    version_a = path.read_bytes()
    version_b = version_a.replace(TITLE_A.encode(), TITLE_B.encode())
    rng = random.Random(20261122)
    seen = {version_a: 0, version_b: 0}
    interrupted = 0
    ws = Workspace.open(root)
    for _ in range(KILLS):
        def save(ws: Workspace = ws) -> None:
            current = ws.conventions["c"].title
            ws.update_fields("c", {"title": TITLE_B if current == TITLE_A else TITLE_A})

        kill_while(save, rng.uniform(0, 0.02))
        data = path.read_bytes()
        assert data in seen, "half-written file"
        seen[data] += 1
        interrupted += bool(temp_files(root))
        ws = Workspace.open(root)
        assert temp_files(root) == []
        assert ws.errors == [] and ws.conventions["c"].title in (TITLE_A, TITLE_B)
    assert all(seen.values()), seen  # both versions were written and survived kills
    print(f"\n{KILLS} kills, {interrupted} during a save (temp file left), "
          f"old/new versions seen {list(seen.values())}")


def test_killed_directory_writer(make_workspace: MakeWorkspace) -> None:
    """partners.json goes through the same atomic write (TinyDB storage)."""
    from epn_tui.store.partners import Directory

    root = make_workspace()
    path = root / "partners.json"
    rng = random.Random(7)
    versions: set[bytes] = {path.read_bytes()}
    for _ in range(60):
        directory = Directory(path)

        def save(directory: Directory = directory) -> None:
            notes = directory.partners()["ecole"].notes
            directory.update("partners", "ecole", {"notes": "b" * 300 if notes == "a" else "a"})

        kill_while(save, rng.uniform(0, 0.02))
        data = path.read_bytes()
        Directory(path)  # still readable: raises DirectoryError otherwise
        versions.add(data)
        Workspace.open(root)
        assert temp_files(root) == []
    assert len(versions) <= 3  # the original, notes "a", notes "b…b"
