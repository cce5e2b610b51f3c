"""Making a workspace's git repository ready for epn: `epn init`, `epn demo`, `epn git setup`.

Idempotent: run again, it changes nothing that is already right.
- a repository (`git init`) when the folder is not in one;
- `.gitattributes`: partners.json and the conventions merge with epn's merge drivers
  (record and field level; front matter key by key, text line by line);
- the drivers themselves in the repository's own config (`merge.epn-*.driver`; a git
  config is not committed, so each clone runs `epn git setup` once: `epn sync` says so);
- `epn.autocommit = true`: every change is committed (store.autocommit);
- a pre-commit hook that runs `epn check --staged` (hooks of the user's own are never
  replaced: ours is added only where there is none);
- the first commit, « Espace de travail créé », when the repository has none.
"""

from __future__ import annotations

import os
import shlex
import stat
import sys
from pathlib import Path

from epn_tui.i18n import _
from epn_tui.store.git import GitError, Repo, git_path

ATTRIBUTES_FILE = ".gitattributes"
ATTRIBUTES = ("partners.json merge=epn-partners", "*.md merge=epn-convention")
HOOK_MARK = "# epn-tui pre-commit hook"


def _epn_command() -> str:
    """How git starts epn: this interpreter, so the venv moving is the only break (and
    `epn git setup` mends it)."""
    return f"{shlex.quote(sys.executable)} -m epn_tui.cli"


def hook_text(workspace: str) -> str:
    """The hook: `epn check --staged` on the workspace (relative to the repository's top,
    where git runs hooks)."""
    return (f"#!/bin/sh\n{HOOK_MARK}: refuses a commit that adds an error to the workspace\n"
            "# (epn's own commits have been checked when they were written).\n"
            '[ -n "$EPN_AUTOCOMMIT" ] && exit 0\n'
            f"exec {_epn_command()} -w {shlex.quote(workspace)} check --staged\n")


def _write_attributes(root: Path) -> bool:
    path = root / ATTRIBUTES_FILE
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        text = ""
    missing = [line for line in ATTRIBUTES if line not in text.splitlines()]
    if not missing:
        return False
    from epn_tui.store.atomic import atomic_write

    prefix = text if not text or text.endswith("\n") else text + "\n"
    atomic_write(path, (prefix + "\n".join(missing) + "\n").encode("utf-8"))
    return True


def _install_hook(repo: Repo) -> str | None:
    """Our pre-commit hook where there is none; None, or why it was not installed."""
    where = repo.run("rev-parse", "--git-path", "hooks/pre-commit").out.strip()
    path = Path(where) if os.path.isabs(where) else repo.root / where
    if path.exists():
        current = path.read_text("utf-8", errors="replace")
        if HOOK_MARK not in current:
            return _("a pre-commit hook of your own is already there ({path}); epn's was "
                     "not added (add `epn check --staged` to it)").format(path=path)
    top = repo.top or repo.root
    workspace = os.path.relpath(repo.root.resolve(), top.resolve())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(hook_text(workspace), "utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return None


def setup(root: Path, first_commit: bool = True) -> list[str]:
    """Make `root`'s repository ready; returns notes to show (one line each)."""
    notes: list[str] = []
    if git_path() is None:
        return [_("git is not installed: the workspace is not versioned")]
    repo = Repo(root)
    if not repo.ok:
        repo.run("init", "-q")
        repo = Repo(root)
    driver = _epn_command()
    for name, kind, words in (
            ("epn-partners", "partners", "epn: partners.json, record by record"),
            ("epn-convention", "convention", "epn: conventions, key by key")):
        repo.run("config", f"merge.{name}.name", words)
        repo.run("config", f"merge.{name}.driver",
                 f"{driver} merge-driver {kind} %O %A %B %P")
    repo.run("config", "epn.autocommit", "true")
    _write_attributes(root)
    problem = _install_hook(repo)
    if problem:
        notes.append(problem)
    if first_commit and not repo.has_commits():
        notes.extend(_first_commit(repo))
    from epn_tui.store.autocommit import refresh_commit_graph

    if repo.has_commits():
        refresh_commit_graph(repo)
    return notes


def _first_commit(repo: Repo) -> list[str]:
    from epn_tui.store.autocommit import HOOK_ENV

    if repo.identity() is None:
        return [_("the workspace is not versioned yet: git does not know your name; set it "
                  "once with `epn git identity \"Prénom Nom\" adresse@exemple.fr`, then run "
                  "`epn git setup` to make the first version")]
    try:
        repo.run("add", "-A", "--", ".")
        repo.run("commit", "-q", "-m", _("Workspace created") + "\n", env=HOOK_ENV)
    except GitError as exc:
        return [_("the first commit failed: {error}").format(error=exc)]
    return []
