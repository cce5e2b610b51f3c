"""Real git repositories for the UI tests: a small workspace committed by hand at fixed
dates (the hashes and the dates shown never change), and a bare remote with clones.

Every test that uses them gets a git identity of its own (`GIT_CONFIG_GLOBAL`), whatever
the machine's, and a fixed clock for commits (`GIT_AUTHOR_DATE`, `GIT_COMMITTER_DATE`).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import VALID, age

# Our own copies (not conftest's): the commits' hashes, shown in snapshots, depend on
# every byte committed.
SETTINGS = "epn: epn-test\nlanguage: fr\nhorizon: 90 jours\n"
PARTNERS = {
    "contacts": {"claire": {"name": "Claire Martin", "partner": "ecole"}},
    "interactions": {},
    "partners": {
        "ecole": {"kind": "ECOLE", "name": "École Jules-Ferry"},
        "epn-test": {"kind": "EPN", "name": "EPN de test"},
    },
}
CONV = "ecole"
CONV_PATH = "ecole.md"
WHEN = "2026-12-02T10:31:00+01:00"

# The shared convention (tests/conftest.py), in negotiation, with a text of its own.
DRAFT = VALID.replace("status: signed", "status: negotiation").replace(
    "Le texte.", "Les élèves de CM2 viennent à l'EPN le mardi matin.\n\n"
    "Un bilan est fait chaque fin d'année scolaire.")
SIGNED = DRAFT.replace("status: negotiation", "status: signed\nsigned: 2025-08-28")
REVISED = SIGNED.replace("le mardi matin", "le jeudi après-midi")


def git(root: Path, *args: str, when: str = WHEN) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,  # noqa: S603,S607
                          check=True, env=env)
    return done.stdout


def identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: bool = True) -> None:
    """Our own global git configuration (with a name and e-mail, or none)."""
    config = tmp_path / "gitconfig"
    text = "[init]\n\tdefaultBranch = main\n"
    if named:
        text = "[user]\n\tname = Claire Martin\n\temail = claire@example.fr\n" + text
    config.write_text(text, "utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_DATE", WHEN)
    monkeypatch.setenv("GIT_COMMITTER_DATE", WHEN)


def small_repo(root: Path) -> Path:
    """A workspace with one convention and three versions of it, committed by hand
    (draft; signed; text changed), then a change of the partner `ecole`."""
    root.mkdir(parents=True)
    (root / "epn.yaml").write_text(SETTINGS, "utf-8")
    (root / ".gitignore").write_text(".epn/\n", "utf-8")
    partners = json.loads(json.dumps(PARTNERS))
    (root / "partners.json").write_text(json.dumps(partners, ensure_ascii=False, indent=2,
                                                   sort_keys=True) + "\n", "utf-8")
    (root / CONV_PATH).write_text(DRAFT, "utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Espace de travail créé",
        when="2026-11-30T09:00:00+01:00")
    (root / CONV_PATH).write_text(SIGNED, "utf-8")
    git(root, "commit", "-q", "-am", "Convention ecole : statut en négociation → signée",
        when="2026-12-01T14:05:00+01:00")
    git(root, "tag", f"signee/{CONV}/2025-08-28")
    (root / CONV_PATH).write_text(REVISED, "utf-8")
    git(root, "-c", "user.name=Robert Peyrat", "-c", "user.email=robert@example.fr",
        "commit", "-q", "-am", "Le jeudi après-midi", when="2026-12-02T10:31:00+01:00")
    partners["partners"]["ecole"]["phone"] = "05 53 00 00 01"
    (root / "partners.json").write_text(json.dumps(partners, ensure_ascii=False, indent=2,
                                                   sort_keys=True) + "\n", "utf-8")
    git(root, "commit", "-q", "-am", "Partenaire ecole : téléphone modifié",
        when="2026-12-02T11:00:00+01:00")
    age(root)
    return root


def clone(remote: Path, target: Path) -> Path:
    git(remote.parent, "clone", "-q", str(remote), str(target))
    age(target)
    return target


def with_remote(root: Path, remote: Path) -> Path:
    """`remote` becomes a bare copy of `root`'s repository, its upstream."""
    git(root.parent, "init", "-q", "--bare", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "-q", "-u", "origin", "main")
    return remote


def set_partner_field(root: Path, partner: str, key: str, value: str,
                      message: str) -> None:
    path = root / "partners.json"
    data = json.loads(path.read_text("utf-8"))
    data["partners"][partner][key] = value
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                    "utf-8")
    git(root, "commit", "-q", "-am", message)
