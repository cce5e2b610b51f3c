"""epn.yaml kept typed in `.epn/settings.json`: used only while epn.yaml is unchanged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from epn_tui.store import cache
from epn_tui.store.layout import SETTINGS_KEPT
from epn_tui.store.settings import read_settings
from epn_tui.store.workspace import Workspace
from tests.conftest import FIXED_MTIME

pytestmark = pytest.mark.usefixtures("english")


def stored(root: Path) -> Path:
    return root / cache.CACHE_DIR / SETTINGS_KEPT


def test_kept_once_read_and_used_while_unchanged(demo: Path) -> None:
    first, problems = read_settings(demo)
    assert problems == []
    assert not stored(demo).exists()  # reading settings never creates `.epn/`
    Workspace.open(demo)
    assert stored(demo).is_file()
    again, problems = read_settings(demo)
    assert again == first and problems == []
    # The stored copy is what is read: doctor it and see it served.
    stored(demo).write_bytes(stored(demo).read_bytes().replace(b'"horizon_days":',
                                                               b'"horizon_days":1'))
    assert read_settings(demo)[0].horizon_days != first.horizon_days


def test_changed_epn_yaml_is_read_again(demo: Path) -> None:
    Workspace.open(demo)
    path = demo / "epn.yaml"
    path.write_text(path.read_text("utf-8") + "horizon: 30 jours\n", "utf-8")
    os.utime(path, (FIXED_MTIME + 60, FIXED_MTIME + 60))
    settings, _problems = read_settings(demo)
    assert settings.horizon_days == 30
    assert Workspace.open(demo).settings.horizon_days == 30


@pytest.mark.parametrize("damage", [b"", b"{", b'{"version": 9}', b"\xff" * 40,
                                    b'{"version":9,"mtime_ns":"x","size":1,"settings":{}}'])
def test_damaged_copy_is_ignored(demo: Path, damage: bytes) -> None:
    Workspace.open(demo)
    expected = read_settings(demo)[0]
    stored(demo).write_bytes(damage)
    assert read_settings(demo) == (expected, [])


def test_settings_with_problems_are_not_kept(demo: Path) -> None:
    path = demo / "epn.yaml"
    path.write_text(path.read_text("utf-8") + "language: klingon\n", "utf-8")
    os.utime(path, (FIXED_MTIME, FIXED_MTIME))
    Workspace.open(demo)
    assert not stored(demo).exists()
    _settings, problems = read_settings(demo)
    assert [p.line for p in problems] != []


def test_no_cache_writes_nothing(demo: Path) -> None:
    Workspace.open(demo, use_cache=False)
    assert not (demo / cache.CACHE_DIR).exists()


def test_language_read_light_from_the_kept_copy(demo: Path) -> None:
    """The UI learns its language before importing anything heavy: from the kept copy
    while epn.yaml is unchanged, and not at all (None) otherwise."""
    from epn_tui.store.layout import kept_language

    path = demo / "epn.yaml"
    path.write_text(path.read_text("utf-8").replace("language: fr", "language: en"), "utf-8")
    os.utime(path, (FIXED_MTIME, FIXED_MTIME))
    assert kept_language(demo) is None  # nothing kept yet
    Workspace.open(demo)
    assert kept_language(demo) == "en"
    os.utime(path, (FIXED_MTIME + 60, FIXED_MTIME + 60))
    assert kept_language(demo) is None  # epn.yaml touched since
    stored(demo).write_bytes(b"[1, 2]")
    assert kept_language(demo) is None
