"""Versioning in git, with real repositories in temporary folders: a bare remote and two
clones, every change a commit, history, human diff, restore, sync and its merge
drivers, the pre-commit hook, a missing identity, a folder that is not a repository."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from epn_tui.cli import main

CONV = "ecole-jules-ferry-2025"
CONV_PATH = f"education/{CONV}.md"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,  # noqa: S603,S607
                          check=True)
    return done.stdout


def epn(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["-w", str(root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A git identity of our own, whatever the machine's global configuration."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Claire Martin\n\temail = claire@example.fr\n"
                      "[init]\n\tdefaultBranch = main\n", "utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def repo(tmp_path: Path, identity: None, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "a"
    assert main(["init", str(root), "--demo"]) == 0
    capsys.readouterr()
    return root


def test_init_makes_the_first_commit_attributes_and_hook(repo: Path) -> None:
    assert git(repo, "log", "--format=%s").splitlines() == ["Espace de travail créé"]
    assert git(repo, "status", "--porcelain") == ""
    attributes = (repo / ".gitattributes").read_text("utf-8").splitlines()
    assert "partners.json merge=epn-partners" in attributes
    assert "check --staged" in (repo / ".git" / "hooks" / "pre-commit").read_text("utf-8")
    assert "merge-driver partners" in git(repo, "config", "merge.epn-partners.driver")
    # Idempotent.
    before = (repo / ".gitattributes").read_bytes()
    assert main(["-w", str(repo), "git", "setup"]) == 0
    assert (repo / ".gitattributes").read_bytes() == before
    assert len(git(repo, "log", "--format=%h").splitlines()) == 1


def test_every_change_is_a_commit_of_exactly_its_files(repo: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    (repo / "brouillon-a-la-main.md").write_text("pas encore prêt\n", "utf-8")  # untouched
    code, _out, err = epn(capsys, repo, "set", CONV, "status=negotiation", "notice=2 mois")
    assert (code, err) == (0, "")
    subject, body = git(repo, "log", "-1", "--format=%s%x00%b").split("\x00")
    assert subject == (f"Convention {CONV} : statut signée → en négociation, "
                       "préavis 3 mois → 2 mois")
    assert f"Epn-Convention: {CONV}" in body
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [CONV_PATH]
    assert "brouillon-a-la-main.md" in git(repo, "status", "--porcelain")
    epn(capsys, repo, "contact", "set", "robert-peyrat", "phone=06 00 00 00 01")
    assert git(repo, "log", "-1", "--format=%s").strip() == \
        "Contact robert-peyrat : téléphone modifié(s)"
    assert "Epn-Contact: robert-peyrat" in git(repo, "log", "-1", "--format=%b")
    # Signed: tagged, so that « since the signed version » finds it.
    epn(capsys, repo, "set", CONV, "status=signed", "signed=2026-01-10")
    assert git(repo, "tag", "--list", "signee/*").split() == [f"signee/{CONV}/2026-01-10"]


def test_history_diff_restore(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    epn(capsys, repo, "set", CONV, "status=negotiation")
    epn(capsys, repo, "contact", "set", "claire-martin", "phone=06 11 11 11 11")
    epn(capsys, repo, "contact", "set", "claire-martin", "role=directrice")
    code, out, _err = epn(capsys, repo, "history", "contact:claire-martin", "--json")
    versions = json.loads(out)
    assert [v["message"] for v in versions] == [
        "Contact claire-martin : rôle modifié(s)", "Contact claire-martin : téléphone modifié(s)",
        "Espace de travail créé"]
    assert versions[0]["author"] == "Claire Martin"
    code, out, _err = epn(capsys, repo, "diff", "contact:claire-martin")
    assert len(out.splitlines()) == 1
    assert out.startswith("rôle : ") and out.rstrip().endswith(" → directrice")
    code, out, _err = epn(capsys, repo, "diff", CONV)
    assert out.splitlines() == ["statut : signée → en négociation"]
    # Back to the first version: a new change, history kept.
    first = versions[-1]["commit"]
    code, out, err = epn(capsys, repo, "restore", "contact:claire-martin", first)
    assert code == 0, err
    record = json.loads((repo / "partners.json").read_text("utf-8"))["contacts"]["claire-martin"]
    assert "phone" not in record or record["phone"] != "06 11 11 11 11"
    assert git(repo, "log", "-1", "--format=%s").startswith(
        "Contact claire-martin : retour à la version du ")
    assert len(git(repo, "log", "--format=%h").splitlines()) == 5
    code, out, _err = epn(capsys, repo, "restore", CONV, first)
    assert code == 0
    assert "status: signed" in (repo / CONV_PATH).read_text("utf-8")


def test_diff_since_signed_word_by_word(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    epn(capsys, repo, "set", CONV, "status=negotiation")
    epn(capsys, repo, "set", CONV, "status=signed", "signed=2026-01-10")
    path = repo / CONV_PATH
    text = path.read_text("utf-8")
    first_line = next(line for line in text.split("---", 2)[2].splitlines()
                      if line.startswith("L'"))
    path.write_text(text.replace(first_line, first_line.replace("L'", "Désormais, l'", 1)),
                    "utf-8")
    epn(capsys, repo, "set", CONV, "notice=1 mois")
    code, out, _err = epn(capsys, repo, "diff", CONV, "--since-signed")
    lines = out.splitlines()
    assert "préavis : 3 mois → 1 mois" in lines
    assert any("[-L'" in line and "{+Désormais, l'" in line for line in lines), lines


def test_pre_commit_hook_refuses_an_error(repo: Path) -> None:
    (repo / "casse.md").write_text("---\ntitle: Cassée\nstatus: peut-être\nparties: []\n---\n",
                                   "utf-8")
    git(repo, "add", "casse.md")
    done = subprocess.run(["git", "commit", "-m", "à la main"], cwd=repo,  # noqa: S603,S607
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "casse.md:3:" in done.stdout + done.stderr
    assert git(repo, "log", "--format=%s").splitlines() == ["Espace de travail créé"]


def test_no_identity_saves_and_says_how(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "empty-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("EMAIL", "")
    root = tmp_path / "ws"
    assert main(["init", str(root), "--demo"]) == 0
    assert "epn git identity" in capsys.readouterr().err  # and `epn git setup` after
    code, out, err = epn(capsys, root, "set", CONV, "status=negotiation")
    assert code == 0 and "enregistré" in out
    assert "pas encore versionné" in err and "epn git identity" in err
    assert "status: negotiation" in (root / CONV_PATH).read_text("utf-8")
    assert git(root, "rev-list", "--all", "--count").strip() == "0"  # nothing committed
    code, out, _err = epn(capsys, root, "git", "identity", "Zoé Ünal", "zoe@example.fr")
    assert code == 0
    code, _out, err = epn(capsys, root, "set", CONV, "notice=2 mois")
    assert err == ""
    assert git(root, "log", "-1", "--format=%an").strip() == "Zoé Ünal"


def test_not_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                          demo: Path) -> None:
    code, out, err = epn(capsys, demo, "set", CONV, "status=negotiation")
    assert (code, err) == (0, "")
    code, _out, err = epn(capsys, demo, "history", CONV)
    assert code == 1 and "epn git setup" in err


def _clones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    a = tmp_path / "a"
    assert main(["init", str(a), "--demo"]) == 0
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(a, "remote", "add", "origin", str(remote))
    git(a, "push", "-q", "-u", "origin", "HEAD")
    git(tmp_path, "clone", "-q", str(remote), "b")
    b = tmp_path / "b"
    assert main(["-w", str(b), "git", "setup"]) == 0
    capsys.readouterr()
    return a, b


def test_colleagues_merge_with_sync(tmp_path: Path, identity: None,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _clones(tmp_path, capsys)
    # Different keys of one convention, on adjacent lines; different partners.
    epn(capsys, a, "set", CONV, "status=negotiation")
    epn(capsys, b, "set", CONV, "type=mise-a-disposition")
    epn(capsys, a, "contact", "set", "robert-peyrat", "phone=06 00 00 00 01")
    epn(capsys, b, "contact", "set", "claire-martin", "phone=06 00 00 00 02")
    code, out, err = epn(capsys, a, "sync")
    assert (code, out) == (0, "0 changement reçu, 2 envoyés\n"), err
    code, out, err = epn(capsys, b, "sync")
    assert (code, out) == (0, "2 changements reçus, 3 envoyés\n"), err
    code, out, err = epn(capsys, a, "sync")
    assert code == 0 and out.startswith("3 changements reçus"), err
    for root in (a, b):
        text = (root / CONV_PATH).read_text("utf-8")
        assert "status: negotiation" in text and "type: mise-a-disposition" in text
        assert "<<<<<<<" not in text
        contacts = json.loads((root / "partners.json").read_text("utf-8"))["contacts"]
        assert contacts["robert-peyrat"]["phone"] == "06 00 00 00 01"
        assert contacts["claire-martin"]["phone"] == "06 00 00 00 02"
        assert git(root, "status", "--porcelain") == ""
    assert (a / CONV_PATH).read_bytes() == (b / CONV_PATH).read_bytes()


def test_same_field_on_both_sides_is_reported_and_nothing_is_lost(
        tmp_path: Path, identity: None, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _clones(tmp_path, capsys)
    epn(capsys, a, "set", CONV, "notice=1 mois")
    epn(capsys, b, "set", CONV, "notice=6 mois")
    assert epn(capsys, a, "sync")[0] == 0
    code, out, err = epn(capsys, b, "sync")
    assert code == 1 and out == ""
    assert f"{CONV_PATH} : notice (ici « 6 mois », là-bas « 1 mois »)" in err
    assert "Rien n'a été fusionné" in err
    # Clean, not mid-merge; both versions reachable.
    assert not (b / ".git" / "MERGE_HEAD").exists()
    assert git(b, "status", "--porcelain") == ""
    assert "notice: 6 mois" in (b / CONV_PATH).read_text("utf-8")
    assert "notice: 1 mois" in git(b, "show", f"origin/main:{CONV_PATH}")


def test_merge_driver_partners_records_and_fields() -> None:
    from epn_tui.store.merge_drivers import merge_partners
    from epn_tui.store.partners import dumps

    base = {"partners": {"a": {"name": "A", "notes": "x"}, "gone": {"name": "G"}},
            "contacts": {}}
    ours = {"partners": {"a": {"name": "A", "notes": "ours"}, "gone": {"name": "G"},
                         "mine": {"name": "M"}}, "contacts": {}}
    theirs = {"partners": {"a": {"name": "A2", "notes": "x"}, "theirs": {"name": "T"}},
              "contacts": {"c": {"name": "C"}}}
    result = merge_partners(dumps(base), dumps(ours), dumps(theirs))
    assert result.clean
    assert json.loads(result.data) == {
        "partners": {"a": {"name": "A2", "notes": "ours"}, "mine": {"name": "M"},
                     "theirs": {"name": "T"}},
        "contacts": {"c": {"name": "C"}}}
    clash = merge_partners(dumps(base), dumps(ours), dumps(
        {"partners": {"a": {"name": "A", "notes": "theirs"}}, "contacts": {}}))
    assert [c.field for c in clash.conflicts] == ["a.notes"]
    assert os.environ.get("GIT_DIR") is None


def test_the_repositorys_top_is_what_git_would_answer(repo: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The top is found without git when the root holds `.git`; a workspace in a folder
    of a repository, or a GIT_DIR pointing elsewhere, still asks git."""
    from epn_tui.store.git import Repo

    assert Repo(repo).top == Path(git(repo, "rev-parse", "--show-toplevel").strip())
    inner = repo / "education"
    assert Repo(inner).top == repo.resolve()
    plain = tmp_path / "plain"
    (plain / ".git").mkdir(parents=True)  # an empty folder named .git is no repository
    assert Repo(plain).top is None
    monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(repo))
    assert Repo(plain).top == repo.resolve()  # git's answer, not the folder's look


def test_history_of_a_convention_at_the_top_and_in_a_folder(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "education" / f"{CONV}.md").rename(repo / f"{CONV}.md")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Rangée à la racine")
    code, out, _err = epn(capsys, repo, "history", CONV, "--json")
    assert code == 0
    assert [v["message"] for v in json.loads(out)] == ["Rangée à la racine"]
    code, out, _err = epn(capsys, repo, "history", "ccas-sorges-demarches-en-ligne", "--json")
    assert code == 0 and [v["message"] for v in json.loads(out)] == ["Espace de travail créé"]
    code, out, _err = epn(capsys, repo, "history", "college-causses-ent-familles", "--json")
    assert code == 0 and [v["message"] for v in json.loads(out)] == ["Espace de travail créé"]
