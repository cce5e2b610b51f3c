"""Atomic writes: temp file in the same folder, fsync, os.replace, fsync of the folder;
mode and symlinks kept; a file changed since it was read is never overwritten."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from epn_tui.store import atomic
from epn_tui.store.atomic import (
    TMP_SUFFIX,
    ConflictError,
    Fingerprint,
    atomic_write,
    is_stale_temp,
    read_with_fingerprint,
    sweep_temp_files,
)

DEAD_PID = 2**22 + 4321  # above Linux's pid_max: never a live process


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TMP_SUFFIX))


def test_write_sequence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Record what happens: data written and fsynced in a temp file of the same folder,
    renamed over the target, then the folder fsynced."""
    target = tmp_path / "c.md"
    target.write_bytes(b"old")
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        assert Path(src).read_bytes() == b"new"
        events.append(("replace", f"{src} -> {dst}"))
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    monkeypatch.setattr(atomic.os, "replace", replace)
    fingerprint = atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    kinds = [kind for kind, _ in events]
    assert kinds == ["fsync", "replace", "fsync"]
    tmp = Path(events[0][1])
    assert tmp.parent == tmp_path and tmp.name.endswith(TMP_SUFFIX)
    assert tmp.name.startswith(f".c.md.{os.getpid()}.")
    assert events[1][1] == f"{tmp} -> {target}"
    assert events[2][1] == str(tmp_path)
    assert temp_files(tmp_path) == []
    assert fingerprint.same_content(Fingerprint.of(target))


def test_mode_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "c.md"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    target.chmod(0o604)
    atomic_write(target, b"newer")
    assert stat.S_IMODE(target.stat().st_mode) == 0o604


def test_new_file_follows_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.md", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640


def test_symlink_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "c.md"
    target.write_bytes(b"old")
    link = tmp_path / "c.md"
    link.symlink_to(Path("real") / "c.md")
    atomic_write(link, b"new")
    assert link.is_symlink() and os.readlink(link) == "real/c.md"
    assert target.read_bytes() == b"new"
    assert temp_files(tmp_path) == [] and temp_files(tmp_path / "real") == []


def test_conflict_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "c.md"
    target.write_bytes(b"as read")
    _data, fingerprint = read_with_fingerprint(target)
    target.write_bytes(b"changed by someone else")
    with pytest.raises(ConflictError):
        atomic_write(target, b"mine", expected=fingerprint)
    assert target.read_bytes() == b"changed by someone else"
    assert temp_files(tmp_path) == []
    # Same content rewritten (only the mtime moved): not a conflict.
    target.write_bytes(b"as read")
    atomic_write(target, b"mine", expected=fingerprint)
    assert target.read_bytes() == b"mine"


def test_conflict_detected_after_the_temp_file(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The file changes while the temp file is being written: checked again just
    before the rename."""
    target = tmp_path / "c.md"
    target.write_bytes(b"as read")
    _data, fingerprint = read_with_fingerprint(target)
    real_chmod = os.chmod

    def chmod(path: str, mode: int) -> None:
        real_chmod(path, mode)
        target.write_bytes(b"theirs")

    monkeypatch.setattr(atomic.os, "chmod", chmod)
    with pytest.raises(ConflictError):
        atomic_write(target, b"mine", expected=fingerprint)
    assert target.read_bytes() == b"theirs"
    assert temp_files(tmp_path) == []


def test_deleted_file_is_a_conflict(tmp_path: Path) -> None:
    target = tmp_path / "c.md"
    target.write_bytes(b"as read")
    _data, fingerprint = read_with_fingerprint(target)
    target.unlink()
    with pytest.raises(ConflictError):
        atomic_write(target, b"mine", expected=fingerprint)
    assert not target.exists()


def test_failed_rename_leaves_the_old_file(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "c.md"
    target.write_bytes(b"old")

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert temp_files(tmp_path) == []


def test_must_not_exist(tmp_path: Path) -> None:
    target = tmp_path / "c.md"
    atomic_write(target, b"first", must_not_exist=True)
    assert target.read_bytes() == b"first"
    with pytest.raises(FileExistsError):
        atomic_write(target, b"second", must_not_exist=True)
    assert target.read_bytes() == b"first"
    assert temp_files(tmp_path) == []


def test_stale_temp_files(tmp_path: Path) -> None:
    dead = tmp_path / f".c.md.{DEAD_PID}.abc123{TMP_SUFFIX}"
    mine = tmp_path / f".c.md.{os.getpid()}.abc123{TMP_SUFFIX}"
    init = tmp_path / f".c.md.1.abc123{TMP_SUFFIX}"  # pid 1 is always alive
    other = tmp_path / "notes.md"
    for path in (dead, mine, init, other):
        path.write_bytes(b"x")
    assert is_stale_temp(dead.name) and not is_stale_temp(mine.name)
    assert not is_stale_temp(init.name)
    assert not is_stale_temp("c.md")
    assert sweep_temp_files(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [mine.name, init.name, "notes.md"])
