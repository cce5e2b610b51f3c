"""Workspace.open: every valid convention, one precise problem for every bad file,
never an exception for a file's content."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from epn_tui.core.terms import deadlines_within
from epn_tui.store.workspace import Workspace, WorkspaceError
from tests.conftest import VALID, MakeWorkspace

pytestmark = pytest.mark.usefixtures("english")


def variant(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


# VALID's lines: 1 ---, 2 title, 3 type, 4 status, 5 parties, 6 - partner: ecole,
# 7 role, 8 signatory, 9 - partner: epn-test, 10 role, 11 start, 12 duration,
# 13 renewal, 14 notice, 15 ---
BAD_FILES: dict[str, tuple[str | bytes, int, str]] = {
    "bad-yaml.md": (variant("status: signed", "status: [signed"), 5, "YAML error"),
    "unclosed.md": (VALID.replace("---\n# Convention", "# Convention"), 1, "never closed"),
    "latin1.md": (VALID.encode("latin-1"), 2, "UTF-8"),  # the é of line 2
    "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", 1, "binary"),
    "empty.md": (b"", 1, "empty file"),
    "list.md": ("---\n- a\n- b\n---\n", 2, "not a list"),
    "conflict.md": (variant("status: signed\n", "<<<<<<< HEAD\nstatus: signed\n=======\n"
                            "status: draft\n>>>>>>> theirs\n"), 4, "conflict marker"),
    "bad-date.md": (variant("start: 2025-09-01", "start: 2025-02-30"), 11, "2025-02-30"),
    "short-date.md": (variant("start: 2025-09-01", "start: 2025-9-1"), 11, "2025-9-1"),
    "fr-date.md": (variant("start: 2025-09-01", "start: 01/09/2025"), 11, "01/09/2025"),
    "bad-duration.md": (variant("duration: 1 an", "duration: un an"), 12,
                        "cannot read the duration"),
    "contradiction.md": (variant("duration: 1 an\n", "duration: 1 an\nend: 2026-09-30\n"),
                         13, "contradicts `duration`"),
    "unknown-partner.md": (variant("partner: ecole", "partner: ecole-inconnue"), 6,
                           "unknown partner `ecole-inconnue`"),
    "unknown-signatory.md": (variant("signatory: claire", "signatory: nobody"), 8,
                             "unknown contact `nobody`"),
    "crlf-bom-bad.md": ("\ufeff" + variant("start: 2025-09-01", "start: 2025-02-30").replace(
        "\n", "\r\n"), 11, "2025-02-30"),
    "crlf-yaml.md": (variant("status: signed", "status: [signed").replace("\n", "\r\n"), 5,
                     "YAML error"),
    "a/dup.md": (VALID, 0, ""),
    "b/dup.md": (VALID, 1, "duplicate id `dup`: a/dup.md"),
}
GOOD_FILES: dict[str, str | bytes] = {
    "good.md": VALID,
    "deep/er/good2.md": VALID,
    "bom.md": "\ufeff" + VALID,
    "crlf.md": VALID.replace("\n", "\r\n"),
    "thematic.md": VALID + "\n---\n\nSuite du texte.\n\n---\n",
    "no-final-newline.md": VALID.rstrip("\n"),
    "huge.md": VALID + ("Une ligne de texte de convention assez longue. " * 20 + "\n") * 12_000,
}
IGNORED_FILES: dict[str, str | bytes] = {
    "README.md": "# Pas une convention\n",
    "sub/readme.md": "pas une convention",
    "templates/modele.md": "---\ntitle: {{ titre }}\n",
    ".hidden/x.md": "broken",
    "sub/.git/y.md": "broken",
    "notes.txt": "not markdown",
}


@pytest.fixture
def messy(make_workspace: MakeWorkspace) -> Path:
    files: dict[str, str | bytes] = {rel: content for rel, (content, _l, _m) in
                                     BAD_FILES.items()}
    files.update(GOOD_FILES)
    files.update(IGNORED_FILES)
    root = make_workspace(files)
    os.symlink(root, root / "loop")  # a folder symlink back to the root
    os.symlink("nowhere", root / "dangling.md")
    os.mkfifo(root / "pipe.md")  # reading it would block for ever
    os.symlink("/dev/zero", root / "zero.md")  # …or never end
    return root


def test_open_messy_workspace(messy: Path) -> None:
    ws = Workspace.open(messy)
    expected_ids = {"good", "good2", "bom", "crlf", "thematic", "no-final-newline", "huge",
                    "unknown-partner", "unknown-signatory", "dup"}
    assert set(ws.conventions) == expected_ids
    assert ws.conventions["dup"].path == "a/dup.md"
    assert ws.conventions["good2"].path == "deep/er/good2.md"
    found: dict[str, list[str]] = {}
    for p in ws.problems:
        found.setdefault(p.path, []).append(str(p))
    for rel, (_content, line, words) in BAD_FILES.items():
        if not words:
            assert rel not in found
            continue
        first = found[rel][0]
        assert first.startswith(f"{rel}:{line}: ") and words in first, found[rel]
    assert set(found) == {rel for rel, v in BAD_FILES.items() if v[2]}
    assert all(len(v) == 1 for k, v in found.items() if k != "unknown-partner.md"), found
    # The valid conventions are all served, each typed the same whatever its bytes.
    for conv_id in ("bom", "crlf", "thematic", "no-final-newline", "huge"):
        conv = ws.conventions[conv_id]
        assert (conv.title, conv.start, conv.renewal) == ("Partenariat école",
                                                           date(2025, 9, 1), "tacit")
    assert "---\n\nSuite du texte." in ws.body("thematic")
    assert ws.body("crlf") == "# Convention\r\n\r\nLe texte.\r\n"
    assert ws.body("bom").startswith("# Convention")
    assert deadlines_within(ws.conventions.values(), date(2026, 1, 1), 365)


def test_problem_messages_are_one_line(messy: Path) -> None:
    for problem in Workspace.open(messy).problems:
        assert "\n" not in str(problem)


def test_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="no such folder"):
        Workspace.open(tmp_path / "missing")
    with pytest.raises(WorkspaceError, match="not an epn workspace"):
        Workspace.open(tmp_path)


def test_demo_is_clean(demo: Path) -> None:
    ws = Workspace.open(demo)
    assert ws.errors == []
    assert len(ws.conventions) == 13
    assert ws.conventions["ecole-jules-ferry-2025"].path == "education/ecole-jules-ferry-2025.md"
    assert ws.conventions["commune-sorges-mise-a-disposition"].extra == {
        "deliberation": "Délibération n° 2024-003 du conseil municipal du 11 janvier 2024"}
    assert {c.id for c in ws.conventions_of("ecole-jules-ferry")} == {"ecole-jules-ferry-2025"}


def test_damaged_settings_and_directory(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"good.md": VALID}, partners="{\n  \"partners\": {\n<<<<<<< HEAD\n",
                          settings="epn: epn-test\nhorizon: bientôt\nlanguage: de\n")
    ws = Workspace.open(root)
    assert set(ws.conventions) == {"good"}  # still served
    lines = {(p.path, p.line) for p in ws.problems}
    assert ("partners.json", 3) in lines
    assert ("epn.yaml", 2) in lines and ("epn.yaml", 3) in lines
    assert ws.settings.horizon_days == 90  # the default stays


def test_stale_temp_files_are_swept(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"good.md": VALID, "sub/x.md": VALID.replace("title: P", "title: X")})
    dead_pid = 2**22 + 12345  # above pid_max: no such process
    stale = [root / f".good.md.{dead_pid}.abc.epn-tmp", root / f"sub/.x.md.{dead_pid}.d.epn-tmp"]
    live = root / f".good.md.{os.getpid()}.abc.epn-tmp"
    for path in [*stale, live]:
        path.write_text("partial")
    ws = Workspace.open(root)
    assert set(ws.conventions) == {"good", "x"}
    assert not any(p.exists() for p in stale)
    assert live.exists()  # a live writer's temp file is left alone


def test_create_never_overwrites_and_stays_inside(make_workspace: MakeWorkspace) -> None:
    from epn_tui.store.workspace import SaveError

    root = make_workspace({"partenariat-ecole.md": VALID})
    ws = Workspace.open(root)
    conv = ws.create("Partenariat école", VALID, folder="education")
    assert (conv.id, conv.path) == ("partenariat-ecole-2", "education/partenariat-ecole-2.md")
    assert (root / conv.path).read_text("utf-8") == VALID
    assert (root / "partenariat-ecole.md").read_text("utf-8") == VALID
    with pytest.raises(SaveError):
        ws.create("Ailleurs", VALID, folder="../dehors")
    with pytest.raises(SaveError):
        ws.create("Invalide", VALID.replace("start: 2025-09-01", "start: demain"))
    assert not (root.parent / "dehors").exists()
    assert sorted(p.name for p in root.rglob("*.md")) == [
        "partenariat-ecole-2.md", "partenariat-ecole.md"]
