"""What git knows about one file: the date and short hash of its last commit.

Printed drafts carry it in their footer so a paper copy says which version it is.
Git is optional: a missing git, a folder that is not a repository, or a file never
committed all give None, never an exception.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# A slow network filesystem should not hang a print; the footer can do without.
TIMEOUT_S = 5.0


@dataclass(frozen=True, slots=True)
class FileVersion:
    date: date  # commit date (%cs)
    short_hash: str
    modified: bool  # the working copy differs from that commit


def _git(root: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            [git, *args], cwd=root, capture_output=True, timeout=TIMEOUT_S, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def file_version(root: Path, rel_path: str) -> FileVersion | None:
    """The last commit touching `rel_path` (relative to `root`), or None."""
    out = _git(root, "log", "-1", "--format=%cs %h", "--", rel_path)
    if not out or not out.strip():
        return None
    try:
        day_text, short_hash = out.strip().split(" ", 1)
        day = date.fromisoformat(day_text)
    except ValueError:
        return None
    status = _git(root, "status", "--porcelain", "--", rel_path)
    return FileVersion(day, short_hash.strip(), bool(status and status.strip()))
