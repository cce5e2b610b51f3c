"""Every change is a commit (`git: {commit: auto}`, the default in epn.yaml).

After each successful write through the write path, and still under the workspace
lock (two writers never race for git's index), the files the write touched — those
only — are committed with a message saying what changed (core.changes). A convention
that becomes `signed` gets a tag `signee/<id>/<date>`, so `epn diff --since-signed`
and any git tool find the signed version.

When the commit cannot be made the file stays saved and the outcome says why: no git,
not a repository (the UI says how to make it one), `commit: manual`, or no git
identity (`user.name`/`user.email`: git is never allowed to invent one from the host
name; the commit waits for the next change or `epn sync`).

Which repositories: the workspace folder must be the repository's top folder, or the
repository must have been set up for epn (`epn git setup`, which sets `epn.autocommit`):
a workspace lying by chance inside another project's repository is never committed to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from epn_tui.core.changes import Change
from epn_tui.i18n import _
from epn_tui.store.git import GitError, Repo

COMMITTED, MANUAL, NO_REPO, NO_IDENTITY, FAILED = (
    "committed", "manual", "no-repo", "no-identity", "failed")
# Our pre-commit hook skips its check for our own commits: the write path has already
# refused anything invalid. Any other hook of the user's runs as usual.
HOOK_ENV = {"EPN_AUTOCOMMIT": "1"}
# The history of one file (`git log -- path`) reads every commit's tree unless git's
# commit-graph has changed-path Bloom filters: 60 ms at 2,000 commits without, 20 ms
# with. It is written by `epn git setup` and `epn sync`, and brought up to date after
# about one commit in 85 (a hash starting with 00, 01 or 02: no counter to keep).
GRAPH_ODDS = 3


def refresh_commit_graph(repo: Repo) -> None:
    repo.run("commit-graph", "write", "--reachable", "--changed-paths", "--split",
             check=False, timeout=60)


@dataclass(frozen=True)
class Committed:
    state: str
    commit: str | None = None
    detail: str = ""

    @property
    def waiting(self) -> bool:
        """Saved but not committed, for a reason the person can act on."""
        return self.state in (NO_IDENTITY, FAILED)


def identity_hint() -> str:
    return _("saved, not committed yet: git does not know your name; set it once with "
             "`epn git identity \"Prénom Nom\" adresse@exemple.fr` (or `git config "
             "user.name …` and `git config user.email …`); the next change commits it")


class AutoCommit:
    def __init__(self, root: Path, mode: str = "auto") -> None:
        self.root = Path(root)
        self.mode = mode
        self._repo: Repo | None = None
        self._allowed: bool | None = None

    @property
    def repo(self) -> Repo:
        if self._repo is None:
            self._repo = Repo(self.root)
        return self._repo

    def allowed(self) -> bool:
        if self._allowed is None:
            repo = self.repo
            top = repo.top
            self._allowed = top is not None and (
                top.resolve() == self.root.resolve()
                or repo.run("config", "--bool", "epn.autocommit", check=False).out.strip()
                == "true")
        return self._allowed

    def __call__(self, change: Change) -> Committed:
        if self.mode != "auto":
            return Committed(MANUAL)
        try:
            if not self.allowed():
                return Committed(NO_REPO)
            if self.repo.identity() is None:
                return Committed(NO_IDENTITY, detail=identity_hint())
            commit = self.repo.commit(list(change.paths), change.message(), env=HOOK_ENV)
            if commit and change.signed is not None:
                self._tag_signed(*change.signed)
            if commit and int(commit[:2], 16) < GRAPH_ODDS:
                refresh_commit_graph(self.repo)
        except GitError as exc:
            return Committed(FAILED, detail=_("saved, not committed: {error}").format(
                error=exc))
        return Committed(COMMITTED, commit)

    def _tag_signed(self, conv_id: str, signed: str) -> None:
        name = f"signee/{conv_id}/{signed or 'sans-date'}"
        if self.repo.run("check-ref-format", f"refs/tags/{name}", check=False).code != 0:
            return
        self.repo.run("tag", "-f", name, check=False)


def committer_for(root: Path, mode: str | None = None) -> AutoCommit:
    """The workspace's committer; `mode` from epn.yaml (read here when not given)."""
    if mode is None:
        from epn_tui.store.settings import read_settings

        mode = read_settings(root, store=False)[0].git_commit
    return AutoCommit(root, mode)
