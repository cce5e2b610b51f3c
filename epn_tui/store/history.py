"""The versions of a convention or a directory record, read from git.

A convention's versions are the commits that touched its file (`git log -- path`),
whoever made them: epn's own commits, a colleague's by hand, another tool's. A
directory record's are the commits of partners.json that name it in their trailer
(`Epn-Partner: <id>`…), and those made without epn (no trailer) in which the record's
JSON differs from their parent's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from epn_tui.core.changes import TRAILER_OF
from epn_tui.store.git import GitError, Repo
from epn_tui.store.layout import PARTNERS_FILE

_FIELDS = "%H%x1f%h%x1f%aI%x1f%an%x1f%s%x1f%(trailers:only,unfold)%x1e"
LIMIT = 500  # versions listed at most (a record edited daily for a year and more)


@dataclass(frozen=True)
class Version:
    commit: str
    short: str
    when: datetime
    author: str
    subject: str
    trailers: str = ""

    def as_json(self) -> dict[str, str]:
        return {"commit": self.commit, "short": self.short, "date": self.when.isoformat(),
                "author": self.author, "message": self.subject}


def _parse(out: str) -> list[Version]:
    versions = []
    for chunk in out.split("\x1e"):
        fields = chunk.strip("\n").split("\x1f")
        if len(fields) < 6:
            continue
        try:
            when = datetime.fromisoformat(fields[2])
        except ValueError:
            continue
        versions.append(Version(fields[0], fields[1], when, fields[3], fields[4], fields[5]))
    return versions


def log(repo: Repo, *args: str, limit: int = LIMIT) -> list[Version]:
    if not repo.ok:
        return []
    done = repo.run("log", f"-n{limit}", f"--format={_FIELDS}", *args, check=False)
    if done.code != 0:
        if not repo.has_commits():  # asked only then: one git process less each time
            return []
        repo.run("log", f"-n{limit}", *args)  # raises GitError with git's words
    return _parse(done.out)


def workspace_history(repo: Repo, limit: int = 100) -> list[Version]:
    return log(repo, "--", ".", limit=limit)


def convention_history(repo: Repo, rel_path: str) -> list[Version]:
    # Not `--follow`: epn never renames a convention, and following renames made by
    # hand costs twice the time (and needs a single path). History starts at a rename.
    return log(repo, "--", rel_path)


def record_history(repo: Repo, table: str, doc_id: str) -> list[Version]:
    key = TRAILER_OF[table]
    found = []
    for version in log(repo, "--", PARTNERS_FILE):
        named = [line.split(":", 1)[1].strip() for line in version.trailers.splitlines()
                 if line.startswith(key + ":")]
        if doc_id in named:
            found.append(version)
        elif not any(line.startswith("Epn-") for line in version.trailers.splitlines()):
            # Made without epn: look whether this record changed in it.
            if record_at(repo, version.commit, table, doc_id) != record_at(
                    repo, version.commit + "^", table, doc_id):
                found.append(version)
    return found


def file_at(repo: Repo, rev: str, rel_path: str) -> bytes | None:
    """The file's bytes at `rev`, or None when it did not exist there."""
    try:
        return repo.run_bytes("show", f"{rev}:./{rel_path}")
    except GitError:
        return None


def record_at(repo: Repo, rev: str, table: str, doc_id: str) -> dict[str, Any] | None:
    raw = file_at(repo, rev, PARTNERS_FILE)
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    record = data.get(table, {}).get(doc_id) if isinstance(data, dict) else None
    return record if isinstance(record, dict) else None


def resolve(repo: Repo, rev: str) -> str:
    """A revision as a full hash; GitError when git does not know it."""
    return repo.run("rev-parse", "--verify", "-q", f"{rev}^{{commit}}").out.strip()


def signed_version(repo: Repo, conv_id: str, rel_path: str) -> str | None:
    """The commit in which the convention became signed: its tag `signee/<id>/…` (the
    newest), else the oldest version whose front matter says `status: signed`."""
    tags = repo.run("tag", "--list", f"signee/{conv_id}/*", "--sort=-creatordate",
                    check=False).out.split()
    if tags:
        return resolve(repo, tags[0])
    from epn_tui.store.frontmatter import FrontMatterError, decode, load_mapping, split

    for version in reversed(convention_history(repo, rel_path)):
        raw = file_at(repo, version.commit, rel_path)
        if raw is None:
            continue
        try:
            text = decode(raw)
            parts = split(text)
            status = load_mapping(parts.front_matter(text), parts.fm_line).get("status")
        except FrontMatterError:
            continue
        if status in ("signed", "signée", "signee"):
            return version.commit
    return None
