"""The kept dashboard (`store/snapshot.py`): used only when its key matches, never
trusted when damaged, and handed over by the look-up child as the file's bytes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from epn_tui import startup
from epn_tui.store import snapshot
from epn_tui.store.watch import signature

DAY = date(2026, 11, 22)
VIEW = {"epn_name": "EPN « test »", "advice": [["alert", "a", "b"]]}


def kept(root: Path) -> str:
    key = snapshot.key(signature(root), DAY, "fr")
    snapshot.save(root, key, VIEW)
    return key


def test_a_kept_view_comes_back_for_its_key_only(demo: Path) -> None:
    key = kept(demo)
    assert snapshot.load(demo, key) == VIEW
    assert snapshot.load(demo, snapshot.key(signature(demo), date(2026, 11, 23), "fr")) is None
    assert snapshot.load(demo, snapshot.key(signature(demo), DAY, "en")) is None


def test_the_key_follows_every_file(demo: Path) -> None:
    key = kept(demo)
    convention = next(demo.glob("*.md"))
    convention.write_bytes(convention.read_bytes() + b"\n")
    assert snapshot.key(signature(demo), DAY, "fr") != key


@pytest.mark.parametrize("damage", [b"", b"{", b'{"key": "x"}', b"[1, 2]", b"\xff\xfe",
                                    b'{"key": "KEY", "view": [1]}',
                                    b'{"key": "KEY", "view": {"a": 1}'])
def test_a_damaged_kept_file_is_ignored(demo: Path, damage: bytes) -> None:
    key = kept(demo)
    (demo / ".epn" / snapshot.SNAPSHOT_FILE).write_bytes(damage.replace(b"KEY", key.encode()))
    assert snapshot.load(demo, key) is None


def test_the_child_hands_over_the_file_and_the_parent_reads_the_view(demo: Path) -> None:
    kept(demo)
    raw = startup.look_up(demo, DAY, "fr")
    assert raw == (demo / ".epn" / snapshot.SNAPSHOT_FILE).read_bytes()
    assert snapshot.view_of(raw) == VIEW
    assert startup.look_up(demo, date(2026, 11, 23), "fr") == b""


def test_a_forked_look_up_answers_with_the_view(demo: Path) -> None:
    kept(demo)
    started = startup.begin(demo, DAY, "fr")
    try:
        if started.looks_up_here():
            pytest.skip("no fork here")
        assert started.kept(demo, DAY, "fr") == VIEW
    finally:
        started.end()
