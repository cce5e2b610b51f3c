"""The one write path: a lock, a re-read under it, a merge of what the other writer did.

The concurrency tests run real processes (tests/writers.py), not mocks: two writers ×
200 rounds, and every change a writer reported as saved must be on disk.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from epn_tui.store.lock import LockTimeout, write_lock
from epn_tui.store.merge import (
    MISSING,
    RecordGone,
    TextConflict,
    WriteConflict,
    field_conflicts,
    merge_text,
)
from epn_tui.store.partners import Directory, dumps
from epn_tui.store.workspace import SaveError, Workspace
from tests.conftest import VALID, MakeWorkspace

WRITERS = Path(__file__).parent / "writers.py"
ROUNDS = 200


def _run_writers(*commands: list[str]) -> list[list[str]]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    procs = [subprocess.Popen([sys.executable, str(WRITERS), *c], stdout=subprocess.PIPE,  # noqa: S603
                              stderr=subprocess.PIPE, text=True, env=env) for c in commands]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        outputs.append(out.split())
    return outputs


# Merging, pure ------------------------------------------------------------------------------
def test_field_conflicts() -> None:
    base = {"a": 1, "b": 2, "c": 3}
    theirs = {"a": 1, "b": 20, "c": 30}
    # a: only mine; b: both, differently; c: both, the same way.
    found = field_conflicts(base, theirs, {"a": 10, "b": 21, "c": 30})
    assert [(c.field, c.theirs, c.mine) for c in found] == [("b", 20, 21)]
    removed = field_conflicts(base, {"a": 1, "c": 3}, {"b": 5})
    assert removed[0].theirs is MISSING and removed[0].describe() in ("supprimé", "removed")


def test_merge_text_non_overlapping_hunks_merge() -> None:
    base = "un\ndeux\ntrois\nquatre\ncinq\n"
    mine = "UN\ndeux\ntrois\nquatre\ncinq\n"
    theirs = "un\ndeux\ntrois\nquatre\nCINQ\nsix\n"
    merged = merge_text(base, mine, theirs)
    assert (merged.text, merged.conflicts) == ("UN\ndeux\ntrois\nquatre\nCINQ\nsix\n", 0)


def test_merge_text_overlapping_hunks_conflict() -> None:
    base = "un\ndeux\ntrois\n"
    mine = "un\nDEUX (moi)\ntrois\n"
    theirs = "un\nDEUX (eux)\ntrois\n"
    merged = merge_text(base, mine, theirs)
    assert merged.conflicts == 1 and merged.text == theirs
    assert merge_text(base, mine, theirs, prefer="mine").text == mine
    assert merge_text(base, mine, theirs, prefer="theirs").text == theirs


# The lock -----------------------------------------------------------------------------------
def test_lock_waits_then_names_who_holds_it(tmp_path: Path) -> None:
    (tmp_path / ".epn").mkdir()
    holder = subprocess.Popen(  # noqa: S603 - a list, no shell
        [sys.executable, "-c",
         "import sys, time; sys.argv = ['epn', 'partner', 'set'];"
         "from pathlib import Path; from epn_tui.store.lock import write_lock\n"
         f"with write_lock(Path({str(tmp_path)!r})):\n"
         "    print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(LockTimeout) as info, write_lock(tmp_path, timeout=0.5):
            pass
        waited = time.monotonic() - started
        assert 0.4 < waited < 5
        message = str(info.value)
        assert f"pid {holder.pid}" in message and "epn partner set" in message
    finally:
        holder.kill()
        holder.wait()
    # The kernel released it with the process: no stale lock.
    with write_lock(tmp_path, timeout=1):
        pass


def test_lock_is_reentrant_and_threads_take_turns(tmp_path: Path) -> None:
    inside: list[str] = []
    with write_lock(tmp_path), write_lock(tmp_path):
        worker = threading.Thread(target=lambda: _hold(tmp_path, inside))
        worker.start()
        time.sleep(0.2)
        assert inside == []  # the other thread waits for this one
    worker.join(5)
    assert inside == ["in"]


def _hold(root: Path, inside: list[str]) -> None:
    with write_lock(root, timeout=5):
        inside.append("in")


# Conventions --------------------------------------------------------------------------------
def test_two_processes_set_different_keys_of_one_convention(make_workspace: MakeWorkspace
                                                           ) -> None:
    root = make_workspace({"c.md": VALID})
    saved_a, saved_b = _run_writers(["convention", str(root), "a", str(ROUNDS)],
                                    ["convention", str(root), "b", str(ROUNDS)])
    assert len(saved_a) == len(saved_b) == ROUNDS
    conv = Workspace.open(root, use_cache=False).conventions["c"]
    on_disk = set(conv.extra)
    assert on_disk == set(saved_a) | set(saved_b)
    assert (root / "c.md").read_text("utf-8").endswith("---\n# Convention\n\nLe texte.\n")


def test_two_processes_edit_the_body_in_different_places(make_workspace: MakeWorkspace
                                                        ) -> None:
    text = VALID.replace("Le texte.\n", "## a\n\nPremier paragraphe.\n\nDeuxième.\n\n## b\n")
    root = make_workspace({"c.md": text})
    rounds = ROUNDS // 4  # each round reads the workspace file twice: keep it short
    _run_writers(["body", str(root), "a", str(rounds)], ["body", str(root), "b", str(rounds)])
    body = Workspace.open(root, use_cache=False).body("c")
    for name in "ab":
        lines = [line for line in body.splitlines() if line.startswith(f"{name} ")]
        assert sorted(lines, key=lambda s: int(s.split()[1])) == [
            f"{name} {i}" for i in range(rounds)]
    assert "Premier paragraphe." in body and "Deuxième." in body


def test_body_merge_and_conflict(make_workspace: MakeWorkspace) -> None:
    text = VALID.replace("Le texte.\n", "Un.\n\nDeux.\n\nTrois.\n")
    root = make_workspace({"c.md": text})
    ws = Workspace.open(root)
    base, _fp = ws.read("c")
    body = ws.body("c")
    # Someone else adds a line at the end and changes a key; I change the first line.
    theirs = text.replace("Trois.\n", "Trois.\n\nQuatre (eux).\n").replace("notice: 3 mois",
                                                                          "notice: 1 mois")
    (root / "c.md").write_text(theirs, "utf-8")
    saved = ws.replace_body("c", body.replace("Un.", "Un (moi)."), base)
    assert saved.merged
    after = (root / "c.md").read_text("utf-8")
    assert after == theirs.replace("Un.", "Un (moi).")
    # Now both change the same line: nothing written, the conflict says where.
    base, body = after, ws.body("c")
    (root / "c.md").write_text(after.replace("Deux.", "Deux (eux)."), "utf-8")
    with pytest.raises(TextConflict) as info:
        ws.replace_body("c", body.replace("Deux.", "Deux (moi)."), base)
    assert info.value.theirs == after.replace("Deux.", "Deux (eux).")
    assert (root / "c.md").read_text("utf-8") == after.replace("Deux.", "Deux (eux).")


def test_a_link_to_a_file_outside_is_read_but_never_written(make_workspace: MakeWorkspace,
                                                            tmp_path: Path) -> None:
    outside = tmp_path / "ailleurs.md"
    outside.write_text(VALID, "utf-8")
    root = make_workspace({})
    (root / "lien.md").symlink_to(outside)
    ws = Workspace.open(root)
    assert "lien" in ws.conventions
    with pytest.raises(SaveError, match="outside the workspace|hors de l'espace"):
        ws.update_fields("lien", {"status": "terminated"})
    assert outside.read_text("utf-8") == VALID
    assert (root / "lien.md").is_symlink()


# partners.json ------------------------------------------------------------------------------
def test_two_processes_update_two_partners(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({})
    directory = Directory(root / "partners.json")
    directory.add("partners", {"name": "Un"})
    directory.add("partners", {"name": "Deux"})
    saved_un, saved_deux = _run_writers(["partner", str(root), "un", str(ROUNDS)],
                                        ["partner", str(root), "deux", str(ROUNDS)])
    data = json.loads((root / "partners.json").read_text("utf-8"))
    assert set(saved_un) <= set(data["partners"]["un"]) and len(saved_un) == ROUNDS
    assert set(saved_deux) <= set(data["partners"]["deux"]) and len(saved_deux) == ROUNDS
    assert (root / "partners.json").read_bytes() == dumps(data)


def test_partner_fields_merge_and_conflict(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({})
    path = root / "partners.json"
    mine = Directory(path)
    base = dict(mine.raw("contacts")["claire"])
    # Someone else changes Claire's phone and adds a partner.
    other = Directory(path)
    other.update("contacts", "claire", {"phone": "05 53 00 00 01"})
    other.add("partners", {"name": "Nouveau"})
    written = mine.update("contacts", "claire", {"notes": "Rappeler"}, base=base)
    assert written["phone"] == "05 53 00 00 01" and written["notes"] == "Rappeler"
    assert "nouveau" in Directory(path).partners()
    # The same field changed on both sides: a conflict, nothing written.
    before = path.read_bytes()
    with pytest.raises(WriteConflict) as info:
        mine.update("contacts", "claire", {"phone": "06 00 00 00 00"}, base=base)
    assert str(info.value) == ("partners.json : claire : phone : modifié par quelqu'un "
                               "d'autre (désormais « 05 53 00 00 01 ») ; rien n'a été écrit")
    assert path.read_bytes() == before
    other.remove("contacts", "claire")
    with pytest.raises(RecordGone):
        mine.update("contacts", "claire", {"notes": "x"}, base=base)


def test_dumps_is_the_standard_librarys_bytes() -> None:
    data = {"partners": {"é": {"n": 1e20, "m": 1e-7, "s": "a\x01\u2028\u202e\"\\",
                               "l": [], "d": {}, "b": True, "z": None, "big": 2**70}},
            "contacts": {"x": {"f": 0.1, "nan": float("nan")}}}
    reference = (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)
                 + "\n").encode()
    assert dumps(data, fast=False) == reference
    without_nan = {**data, "contacts": {"x": {"f": 0.1}}}
    assert dumps(without_nan) == (json.dumps(without_nan, ensure_ascii=False, sort_keys=True,
                                             indent=2) + "\n").encode()
