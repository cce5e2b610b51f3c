"""The `git` command, driven with argument lists (never a shell), timeouts and `-z`
formats. It respects the user's configuration, credentials and hooks; GitPython is not
used (its own documentation says it is unsuited to long-running processes).

Git is optional: a missing git or a folder that is not a repository make `Repo.ok`
False, and the callers go on without versioning. `file_version` (the printed drafts'
footer) never raises.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from epn_tui.i18n import _

# A slow network filesystem should not hang a print; the footer can do without.
TIMEOUT_S = 5.0
# Network operations (fetch, push) wait longer: a slow link is not an error.
NETWORK_TIMEOUT_S = 120.0
# Git's own environment for our commands: no pager, no prompt for a password in the
# middle of the UI (credentials come from the user's helper), messages in English so
# we can read them (ours are translated).
_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "PAGER": "cat", "LC_ALL": "C"}


class GitError(RuntimeError):
    """A git command failed; `str()` says which and why, in one line."""


@dataclass(frozen=True, slots=True)
class FileVersion:
    date: date  # commit date (%cs)
    short_hash: str
    modified: bool  # the working copy differs from that commit


@dataclass(frozen=True, slots=True)
class Done:
    code: int
    out: str
    err: str


def git_path() -> str | None:
    return shutil.which("git")


class Repo:
    """The git repository holding a workspace (the workspace may be a sub-folder)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.git = git_path()
        self._top: Path | None | bool = False  # not looked up yet

    # Running ----------------------------------------------------------------------------
    def _run(self, args: Sequence[str], timeout: float, input: bytes | None,
             env: Mapping[str, str] | None) -> subprocess.CompletedProcess[bytes]:
        if self.git is None:
            raise GitError(_("git is not installed"))
        try:
            return subprocess.run(  # noqa: S603 - argument list, no shell
                [self.git, *args], cwd=self.root, capture_output=True, timeout=timeout,
                check=False, input=input, env={**os.environ, **_ENV, **(env or {})})
        except subprocess.TimeoutExpired:
            raise GitError(_("`git {command}` took more than {seconds:.0f} s and was "
                             "stopped").format(command=args[0], seconds=timeout)) from None
        except OSError as exc:
            raise GitError(_("cannot run git: {error}").format(error=exc)) from None

    def run(self, *args: str, check: bool = True, timeout: float = 30.0,
            input: bytes | None = None, env: Mapping[str, str] | None = None) -> Done:
        done = self._run(args, timeout, input, env)
        result = Done(done.returncode, done.stdout.decode("utf-8", "replace"),
                      done.stderr.decode("utf-8", "replace"))
        if check and result.code != 0:
            raise GitError(_("`git {command}` failed: {error}").format(
                command=" ".join(args[:2]), error=_last_line(result.err or result.out)))
        return result

    def run_bytes(self, *args: str, timeout: float = 30.0) -> bytes:
        """stdout as bytes (a file's content at a version, an archive); GitError else."""
        done = self._run(args, timeout, None, None)
        if done.returncode != 0:
            raise GitError(_("`git {command}` failed: {error}").format(
                command=" ".join(args[:2]),
                error=_last_line(done.stderr.decode("utf-8", "replace"))))
        return done.stdout

    # What the repository is -------------------------------------------------------------
    @property
    def top(self) -> Path | None:
        """The repository's top folder, or None (no git, not a repository)."""
        if self._top is False:
            self._top = None
            if self.git is not None and self._plainly_a_top():
                # The usual case needs no git process (`epn history ID` is one less).
                self._top = self.root.resolve()
            elif self.git is not None:
                try:
                    done = self.run("rev-parse", "--show-toplevel", check=False,
                                    timeout=TIMEOUT_S)
                except GitError:
                    done = Done(1, "", "")
                if done.code == 0 and done.out.strip():
                    self._top = Path(done.out.strip())
        return self._top if isinstance(self._top, Path) else None

    def _plainly_a_top(self) -> bool:
        """The root holds `.git` (a folder, or the file of a worktree or submodule) and
        no variable points git elsewhere: git would answer this very folder."""
        if any(os.environ.get(name) for name in ("GIT_DIR", "GIT_WORK_TREE")):
            return False
        git_dir = self.root / ".git"
        if git_dir.is_dir():
            return (git_dir / "HEAD").is_file()
        return git_dir.is_file()

    @property
    def ok(self) -> bool:
        return self.top is not None

    def identity(self) -> tuple[str, str] | None:
        """(user.name, user.email) as git would sign a commit here, or None when one
        is missing (we never let git make one up from the host name)."""
        name = self.run("config", "user.name", check=False).out.strip()
        email = self.run("config", "user.email", check=False).out.strip()
        return (name, email) if name and email else None

    def has_commits(self) -> bool:
        return self.run("rev-parse", "--verify", "-q", "HEAD", check=False).code == 0

    def upstream(self) -> str | None:
        done = self.run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}",
                        check=False)
        return (done.out.strip() or None) if done.code == 0 else None

    # Writing ----------------------------------------------------------------------------
    def commit(self, paths: Sequence[str], message: str,
               env: Mapping[str, str] | None = None) -> str | None:
        """Commit exactly `paths` (relative to the workspace root, as they are in the
        working tree now: added, changed or deleted); other staged or changed files are
        left alone. Returns the new commit's hash, or None when they had no change."""
        if not paths:
            return None
        self.run("add", "-A", "--", *paths)
        status = self.run("status", "--porcelain", "-z", "--", *paths).out
        if not status.strip("\0"):
            return None
        self.run("commit", "-q", "--no-edit", "-m", message, "--", *paths, env=env)
        return self.run("rev-parse", "HEAD").out.strip()


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "?"


def file_version(root: Path, rel_path: str) -> FileVersion | None:
    """The last commit touching `rel_path` (relative to `root`), or None."""
    repo = Repo(root)
    if repo.git is None:
        return None
    try:
        out = repo.run("log", "-1", "--format=%cs %h", "--", rel_path, check=False,
                       timeout=TIMEOUT_S).out
        if not out.strip():
            return None
        day_text, short_hash = out.strip().split(" ", 1)
        day = date.fromisoformat(day_text)
        status = repo.run("status", "--porcelain", "--", rel_path, check=False,
                          timeout=TIMEOUT_S).out
    except (GitError, ValueError):
        return None
    return FileVersion(day, short_hash.strip(), bool(status.strip()))
