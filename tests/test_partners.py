"""partners.json through TinyDB: deterministic, merge-friendly, never written over when
damaged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from epn_tui.store.partners import Directory, DirectoryError, dumps
from epn_tui.store.workspace import Workspace
from tests.conftest import VALID, MakeWorkspace

pytestmark = pytest.mark.usefixtures("english")


def canonical(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()


def test_add_writes_deterministic_json(tmp_path: Path) -> None:
    path = tmp_path / "partners.json"
    directory = Directory(path)  # no file yet: an empty directory
    assert directory.partners() == {}
    first = directory.add("partners", {"name": "École", "kind": "ECOLE", "notes": ""})
    second = directory.add("partners", {"name": "École", "commune": "Sorges",
                                        "tags": ["éducation"]})
    contact = directory.add("contacts", {"name": "Zoé Ünal", "partner": first,
                                         "elected": None})
    assert (first, second, contact) == ("ecole", "ecole-2", "zoe-unal")
    raw = path.read_bytes()
    expected = {
        "contacts": {"zoe-unal": {"name": "Zoé Ünal", "partner": "ecole"}},
        "partners": {
            "ecole": {"kind": "ECOLE", "name": "École"},
            "ecole-2": {"commune": "Sorges", "name": "École", "tags": ["éducation"]},
        },
    }
    assert raw == canonical(expected)
    assert b"\\u" not in raw and raw.endswith(b"}\n") and b'\n  "partners": {\n' in raw
    assert raw.decode("utf-8").count("École") == 2
    # Another process reading it sees the same records, typed.
    again = Directory(path)
    assert set(again.partners()) == {"ecole", "ecole-2"}
    assert again.partners()["ecole-2"].tags == ("éducation",)
    assert again.contacts_of("ecole")[0].name == "Zoé Ünal"


def test_ids_are_slugs_and_never_collide(tmp_path: Path) -> None:
    directory = Directory(tmp_path / "partners.json")
    ids = [directory.add("partners", {"name": name}) for name in
           ["Mairie de Sorges", "Mairie de Sorges", "Mairie de Sorges", "Œuvre d'Été !",
            "../../etc/passwd", ""]]
    assert ids == ["mairie-de-sorges", "mairie-de-sorges-2", "mairie-de-sorges-3",
                   "oeuvre-d-ete", "etc-passwd", "partners"]
    data = json.loads((tmp_path / "partners.json").read_text("utf-8"))
    assert all(isinstance(k, str) for k in data["partners"])
    assert directory.add("partners", {"name": "X"}, id_hint="mairie-de-sorges") == \
        "mairie-de-sorges-4"


def test_update_keeps_unknown_fields(tmp_path: Path) -> None:
    path = tmp_path / "partners.json"
    path.write_bytes(canonical({"partners": {"ecole": {
        "name": "École", "kind": "ECOLE", "uai": "0240001A", "x-ordre": 3,
        "notes": "à garder"}}}))
    directory = Directory(path)
    assert directory.partners()["ecole"].extra == {"uai": "0240001A", "x-ordre": 3}
    directory.update("partners", "ecole", {"commune": "Sorges", "notes": None})
    assert json.loads(path.read_text("utf-8"))["partners"]["ecole"] == {
        "name": "École", "kind": "ECOLE", "uai": "0240001A", "x-ordre": 3,
        "commune": "Sorges"}
    with pytest.raises(KeyError):
        directory.update("partners", "absent", {"name": "x"})
    directory.remove("partners", "ecole")
    assert json.loads(path.read_text("utf-8")) == {"partners": {}}


def test_typed_records(demo: Path) -> None:
    directory = Directory(demo / "partners.json")
    partners = directory.partners()
    assert partners["ecole-jules-ferry"].kind == "ECOLE"
    contacts = directory.contacts()
    alain = contacts["alain-roche"]
    assert (alain.elected, alain.verified, alain.committee) == (
        "municipal", date(2025, 10, 14), True)
    dates = [i.date for i in directory.interactions_of("mairie-sorges")]
    assert dates == sorted(dates, reverse=True)


def test_two_writers_do_not_lose_records(tmp_path: Path) -> None:
    path = tmp_path / "partners.json"
    one, two = Directory(path), Directory(path)
    one.add("partners", {"name": "Un"})
    two.add("partners", {"name": "Deux"})  # re-reads the file changed by `one`
    one.update("partners", "un", {"kind": "ASSO"})
    assert set(Directory(path).partners()) == {"un", "deux"}
    assert Directory(path).partners()["un"].kind == "ASSO"


DAMAGED = {
    "invalid-json": (b'{\n  "partners": {\n    "a": {"name": "A",}\n  }\n}\n', 3,
                     "invalid JSON"),
    "conflict": (b'{\n  "partners": {\n<<<<<<< HEAD\n    "a": {"name": "A"}\n=======\n'
                 b'    "a": {"name": "B"}\n>>>>>>> theirs\n  }\n}\n', 3, "invalid JSON"),
    "list": (b'[\n  {"name": "A"}\n]\n', 1, "expected tables"),
    "not-utf8": (b'{\n  "partners": {\n    "a": {"name": "\xc9cole"}\n  }\n}\n', 3, "UTF-8"),
    "record-not-object": (b'{\n  "partners": {\n    "a": {"name": "A"},\n    "b": 3\n  }\n}\n',
                          4, "record `b` is not an object"),
    "table-not-object": (b'{\n  "partners": []\n}\n', 1, "expected tables"),
    # Two clones each added "Mairie de Sorges", and the merge kept both blocks.
    "duplicate-id": (b'{\n  "partners": {\n    "mairie": {\n      "name": "A"\n    },\n'
                     b'    "mairie": {\n      "name": "B"\n    }\n  }\n}\n', 6,
                     "`mairie` appears twice"),
    "deep": (b'{"partners": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 1, "cannot read"),
    "huge-number": (b'{"partners": {"a": {"n": 1' + b"0" * 5000 + b"}}}", 1, "cannot read"),
}


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_damaged_file_is_reported_and_never_replaced(tmp_path: Path, case: str) -> None:
    raw, line, words = DAMAGED[case]
    path = tmp_path / "partners.json"
    path.write_bytes(canonical({"partners": {"a": {"name": "A"}}}))
    directory = Directory(path)  # opened while the file was fine
    path.write_bytes(raw)  # …then a merge went wrong
    with pytest.raises(DirectoryError) as info:
        directory.add("partners", {"name": "Nouveau"})
    assert str(info.value).startswith(f"partners.json:{line}: ") and words in str(info.value)
    with pytest.raises(DirectoryError):
        directory.update("partners", "a", {"name": "Changé"})
    with pytest.raises(DirectoryError):
        directory.remove("partners", "a")
    with pytest.raises(DirectoryError):
        Directory(path)
    assert path.read_bytes() == raw


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_damaged_file_in_a_workspace(make_workspace: MakeWorkspace, case: str) -> None:
    raw, line, words = DAMAGED[case]
    root = make_workspace({"c.md": VALID}, partners=raw)
    ws = Workspace.open(root)
    assert ws.directory is None and "c" in ws.conventions
    problems = [p for p in ws.problems if p.path == "partners.json"]
    assert len(problems) == 1
    assert problems[0].line == line and words in problems[0].message
    assert (root / "partners.json").read_bytes() == raw


def test_dumps_matches_the_format() -> None:
    assert dumps({"b": {"x": {"é": 1}}, "a": {}}) == b'{\n  "a": {},\n  "b": {\n    "x": {\n' \
        b'      "\xc3\xa9": 1\n    }\n  }\n}\n'


def test_unknown_kind_is_a_warning(make_workspace: MakeWorkspace) -> None:
    partners = {"partners": {"ecole": {"name": "École", "kind": "GALAXIE"},
                             "epn-test": {"name": "EPN", "kind": "EPN"}},
                "contacts": {"claire": {"name": "Claire", "partner": "ecole"}}}
    ws = Workspace.open(make_workspace({"c.md": VALID}, partners=partners))
    assert ws.directory is not None and ws.directory.partners()["ecole"].kind == "GALAXIE"
    assert [(p.path, p.line, p.severity) for p in ws.problems] == [
        ("partners.json", 9, "warning")]
