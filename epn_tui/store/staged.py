"""`epn check --staged`: the errors a commit would add, checked on what is staged.

The staged files (git's index), not the working tree, are what the commit records: the
index is copied out (`git checkout-index`) to a temporary folder and checked there, and
so is the last commit (`git archive`). Errors found in the first and not in the second
are the ones the commit adds. Nothing in the working tree or the index is touched.
"""

from __future__ import annotations

import io
import os
import tarfile
import tempfile
from pathlib import Path

from epn_tui.core.model import Problem
from epn_tui.store.git import Repo


def _check(folder: Path) -> list[Problem]:
    from epn_tui.store.workspace import Workspace, WorkspaceError

    try:
        return Workspace.open(folder, use_cache=False).problems
    except WorkspaceError:
        return []


def staged_problems(root: Path) -> list[Problem]:
    repo = Repo(root)
    top = repo.top
    if top is None:
        from epn_tui.i18n import _
        from epn_tui.store.git import GitError

        raise GitError(_("{root} is not in a git repository").format(root=root))
    prefix = os.path.relpath(root.resolve(), top.resolve())
    prefix = "" if prefix == "." else prefix.rstrip("/") + "/"
    with tempfile.TemporaryDirectory(prefix="epn-staged-") as tmp:
        staged = Path(tmp) / "staged"
        Repo(top).run("checkout-index", "-a", f"--prefix={staged}/")
        now = _check(staged / prefix)
        before: list[Problem] = []
        if repo.has_commits():
            last = Path(tmp) / "head"
            last.mkdir()
            data = Repo(top).run_bytes("archive", "--format=tar", "HEAD")
            with tarfile.open(fileobj=io.BytesIO(data)) as archive:
                archive.extractall(last, filter="data")
            before = _check(last / prefix)
    known = {(p.path, p.message) for p in before}
    return [p for p in now if p.is_error and (p.path, p.message) not in known]
