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


def target(args: argparse.Namespace, text: str, ws=None) -> Target:  # type: ignore[no-untyped-def]
    from epn_tui.store.layout import PARTNERS_FILE

    kind, sep, doc_id = text.partition(":")
    if sep and kind in PREFIXES:
        return Target(PREFIXES[kind], doc_id, PARTNERS_FILE)
    if ws is None:
        from epn_tui.commands.common import open_workspace

        ws = open_workspace(args, schedule_only=True)
    conv = ws.conventions.get(text)
    if conv is None:
        raise CommandError(_("no valid convention with id `{id}` (for a record of the "
                             "directory, write partner:ID, contact:ID or journal:ID)")
                           .format(id=text))
    return Target("conventions", text, conv.path)
