"""What `epn history`, `epn diff` and `epn restore` share: which record is meant, and
its versions.

A TARGET is a convention id, or `partner:ID`, `contact:ID`, `journal:ID` for a record
of the directory.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from epn_tui.commands.common import CommandError, workspace_root
from epn_tui.i18n import _

PREFIXES = {"partner": "partners", "contact": "contacts", "journal": "interactions"}


@dataclass(frozen=True)
class Target:
    table: str  # "conventions" or a directory table
    doc_id: str
    path: str  # relative to the workspace root

    @property
    def is_convention(self) -> bool:
        return self.table == "conventions"


def repo_of(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from epn_tui.store.git import Repo

    repo = Repo(workspace_root(args))
    if not repo.ok:
        raise CommandError(_("this workspace is not a git repository, so it has no history "
                             "yet: `epn git setup` makes it one"), 1)
    return repo


def _tracked(args: argparse.Namespace, conv_id: str) -> str | None:
    """The convention file of that id, found without reading the workspace: at the top
    (where epn writes them), else the one git tracks in a folder; None if unsure."""
    from epn_tui.store.files import is_convention_path
    from epn_tui.store.git import GitError, Repo

    if not conv_id or any(c in conv_id for c in "*?[]/\\:"):
        return None
    top_level = f"{conv_id}.md"
    if is_convention_path(top_level) and (workspace_root(args) / top_level).is_file():
        return top_level  # where `epn` writes conventions: no git process to find it
    try:
        out = Repo(workspace_root(args)).run(
            "ls-files", "-z", "--", f"{conv_id}.md", f":(glob)**/{conv_id}.md").out
    except GitError:
        return None
    paths = sorted(p for p in out.split("\0") if p and is_convention_path(p))
    return paths[0] if len(paths) == 1 else None


def target(args: argparse.Namespace, text: str, ws=None) -> Target:  # type: ignore[no-untyped-def]
    from epn_tui.store.layout import PARTNERS_FILE

    kind, sep, doc_id = text.partition(":")
    if sep and kind in PREFIXES:
        return Target(PREFIXES[kind], doc_id, PARTNERS_FILE)
    if ws is None:
        # The file git knows by that name: no need to read 10,000 conventions for it
        # (`epn history ID` stays a fraction of a second).
        found = _tracked(args, text)
        if found is not None:
            return Target("conventions", text, found)
        from epn_tui.commands.common import open_workspace

        ws = open_workspace(args, schedule_only=True)
    conv = ws.conventions.get(text)
    if conv is None:
        raise CommandError(_("no valid convention with id `{id}` (for a record of the "
                             "directory, write partner:ID, contact:ID or journal:ID)")
                           .format(id=text))
    return Target("conventions", text, conv.path)
