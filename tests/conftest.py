"""Shared fixtures: a copy of the demo workspace, small workspaces built from text.

Every test runs in its own temporary folder with a fixed clock (tests pass `today`
explicitly) and fixed file times, so nothing depends on the day the suite runs.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from epn_tui.i18n import set_language

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "conventions"
# Old enough for the parse cache (it skips files changed in the last two seconds).
FIXED_MTIME = datetime(2026, 1, 1, 12, 0).timestamp()

SETTINGS = "epn: epn-test\nlanguage: fr\nhorizon: 90 jours\n"
PARTNERS = {
    "contacts": {
        "claire": {"name": "Claire Martin", "partner": "ecole"},
    },
    "interactions": {},
    "partners": {
        "ecole": {"kind": "ECOLE", "name": "École Jules-Ferry"},
        "epn-test": {"kind": "EPN", "name": "EPN de test"},
    },
}
VALID = """\
---
title: Partenariat école
type: partenariat
status: signed
parties:
  - partner: ecole
    role: partenaire
    signatory: claire
  - partner: epn-test
    role: porteur
start: 2025-09-01
duration: 1 an
renewal: tacit
notice: 3 mois
---
# Convention

Le texte.
"""


def age(root: Path, mtime: float = FIXED_MTIME) -> None:
    """Give every file under `root` the same old modification time."""
    for folder, _dirs, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(folder, name), (mtime, mtime), follow_symlinks=False)


@pytest.fixture(autouse=True)
def french_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in the default language, whatever an earlier test switched to
    (the CLI sets the language of the workspace it opens, process-wide)."""
    monkeypatch.delenv("EPN_LANG", raising=False)
    set_language("fr")
    yield
    set_language("fr")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in their source language (English), whatever the workspace says."""
    monkeypatch.setenv("EPN_LANG", "en")
    set_language("en")
    yield
    set_language("fr")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A private copy of the demo workspace (`conventions/`), without any cache."""
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".epn", "__pycache__"))
    age(root)
    return root


MakeWorkspace = Callable[..., Path]


@pytest.fixture
def make_workspace(tmp_path: Path) -> MakeWorkspace:
    """`make_workspace({"a.md": text, "sub/b.md": b"bytes"})` → a workspace root with a
    small directory (partners `ecole` and `epn-test`, contact `claire`)."""
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes] | None = None, partners: object = PARTNERS,
             settings: str = SETTINGS, aged: bool = True) -> Path:
        root = tmp_path / f"ws{next(counter)}"
        root.mkdir()
        (root / "epn.yaml").write_text(settings, encoding="utf-8")
        if partners is not None:
            data = partners if isinstance(partners, (bytes, str)) else (
                json.dumps(partners, ensure_ascii=False, sort_keys=True, indent=2) + "\n")
            target = root / "partners.json"
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data, encoding="utf-8")
        for rel, content in (files or {}).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                # newline="" keeps CRLF texts as they are written in the test.
                with open(path, "w", encoding="utf-8", newline="") as handle:
                    handle.write(content)
        if aged:
            age(root)
        return root

    return make
