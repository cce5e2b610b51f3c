"""`epn sync`: share the workspace with colleagues through a git remote.

    commit what is pending (changes saved while git had no identity, or by hand)
    fetch
    merge the remote's changes (epn's merge drivers: records and fields, keys, lines)
    push

Decision: a **merge**, not a rebase. A merge is one step: when it cannot finish, `git
merge --abort` puts the repository back exactly as it was, never left half-way (a
rebase stops at each of our commits in turn, which is hard to explain and to undo in
a terminal UI). Each colleague's changes stay visible as they were made. On a
conflict the drivers could not resolve, nothing is merged, the repository is clean,
both versions are reachable (ours on the branch, theirs on its remote branch) and the
conflict names the file and the fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from epn_tui.i18n import _, ngettext
from epn_tui.store.git import NETWORK_TIMEOUT_S, GitError, Repo
from epn_tui.store.lock import write_lock


@dataclass(frozen=True)
class SyncResult:
    received: int
    sent: int
    committed: int  # pending changes committed first
    upstream: str

    def summary(self) -> str:
        parts = [ngettext("{n} change received", "{n} changes received", self.received)
                 .format(n=self.received),
                 ngettext("{n} sent", "{n} sent", self.sent).format(n=self.sent)]
        if self.committed:
            parts.insert(0, ngettext("{n} pending change committed",
                                     "{n} pending changes committed", self.committed)
                         .format(n=self.committed))
        return ", ".join(parts)


@dataclass
class SyncConflict(GitError):
    """The remote's changes and ours touch the same fields or lines: nothing merged."""

    upstream: str
    files: list[str]
    details: list[str] = field(default_factory=list)  # `path: field` lines

    def __str__(self) -> str:
        where = "; ".join(self.details or self.files)
        return _("conflict with {upstream}: {where}. Nothing was merged: your version is "
                 "untouched, theirs is in {upstream}; change one of them (or talk it "
                 "over), then sync again").format(upstream=self.upstream, where=where)


Progress = Callable[[str], None]


def sync(root: Path, progress: Progress | None = None) -> SyncResult:
    say = progress or (lambda _text: None)
    repo = Repo(root)
    if not repo.ok:
        raise GitError(_("{root} is not a git repository: `epn git setup` makes it one")
                       .format(root=root))
    if repo.identity() is None:
        from epn_tui.store.autocommit import identity_hint

        raise GitError(identity_hint())
    with write_lock(root):  # no save lands in the middle of a merge
        committed = _commit_pending(repo)
        upstream = repo.upstream()
        if upstream is None:
            raise GitError(_("no remote branch to sync with: add one with `git remote add "
                             "origin ADDRESS` then `git push -u origin HEAD`"))
        remote = upstream.split("/", 1)[0]
        say(_("Fetching from {remote}…").format(remote=remote))
        repo.run("fetch", "--quiet", remote, timeout=NETWORK_TIMEOUT_S)
        received = int(repo.run("rev-list", "--count", "HEAD..@{u}").out.strip() or 0)
        if received:
            say(ngettext("Merging {n} change…", "Merging {n} changes…", received)
                .format(n=received))
            _merge(repo, upstream)
        if received:
            from epn_tui.store.autocommit import refresh_commit_graph

            refresh_commit_graph(repo)
        sent = int(repo.run("rev-list", "--count", "@{u}..HEAD").out.strip() or 0)
        if sent:
            say(ngettext("Sending {n} change…", "Sending {n} changes…", sent).format(n=sent))
            repo.run("push", "--quiet", remote, "HEAD", timeout=NETWORK_TIMEOUT_S)
    return SyncResult(received, sent, committed, upstream)


def _commit_pending(repo: Repo) -> int:
    from epn_tui.store.autocommit import HOOK_ENV

    pending = [p for p in repo.run("status", "--porcelain", "-z", "--", ".").out.split("\0")
               if p.strip()]
    if not pending:
        return 0
    repo.run("add", "-A", "--", ".")
    repo.run("commit", "-q", "-m", ngettext(
        "Pending change ({n} file)", "Pending changes ({n} files)", len(pending))
        .format(n=len(pending)) + "\n", "--", ".", env=HOOK_ENV)
    return len(pending)


def _merge(repo: Repo, upstream: str) -> None:
    from epn_tui.store.autocommit import HOOK_ENV

    done = repo.run("merge", "--no-edit", "--no-ff", upstream, check=False, env=HOOK_ENV)
    if done.code == 0:
        return
    files = [f for f in repo.run("diff", "--name-only", "--diff-filter=U", "-z").out
             .split("\0") if f]
    details = _details(repo, files, upstream)
    repo.run("merge", "--abort", check=False)
    if not files:
        raise GitError(_("the merge with {upstream} failed: {error}").format(
            upstream=upstream, error=(done.err or done.out).strip().splitlines()[-1:]))
    raise SyncConflict(upstream, files, details)


def _details(repo: Repo, files: list[str], upstream: str) -> list[str]:
    """`path: field` for each conflicting field, as the drivers saw them."""
    from epn_tui.store.history import file_at
    from epn_tui.store.merge_drivers import merge_convention, merge_partners

    base = repo.run("merge-base", "HEAD", upstream, check=False).out.strip()
    out: list[str] = []
    for path in files:
        sides = [file_at(repo, rev, path) or b"" for rev in (base, "HEAD", upstream)]
        try:
            if path.endswith("partners.json"):
                result = merge_partners(*sides)
            elif path.endswith(".md"):
                result = merge_convention(*sides)
            else:
                out.append(path)
                continue
        except ValueError:
            out.append(path)
            continue
        for conflict in result.conflicts:
            out.append(_("{path}: {field} (here « {mine} », there « {theirs} »)").format(
                path=path, field=conflict.field, mine=conflict.describe_mine(),
                theirs=conflict.describe()))
        if result.text_conflicts:
            out.append(_("{path}: the same lines of the text").format(path=path))
    return out
