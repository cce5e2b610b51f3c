"""Surgical front-matter edits: the asked value changes, every other byte stays."""

from __future__ import annotations

import difflib
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from epn_tui.store.atomic import ConflictError
from epn_tui.store.frontmatter import load_mapping, split
from epn_tui.store.merge import WriteConflict
from epn_tui.store.splice import DELETE, SpliceError, set_fields
from epn_tui.store.workspace import SaveError, Workspace
from tests.conftest import VALID, MakeWorkspace, age

pytestmark = pytest.mark.usefixtures("english")

RICH = """\
---
# Convention avec l'école (un commentaire)
title: "Partenariat école"   # entre guillemets
type: partenariat
status: draft
answer: NO
code: 01234
time: 22:30
nothing: ~
empty:
themes: [éducation, emploi]
parties:
    - partner: ecole
      role: partenaire
      commitments:
          - Accueillir une classe
    - partner: epn-test
notes: |
  Ligne 1
  Ligne 2

folded: >-
  plié
  en deux
start: 2025-09-01
duration: 1 an   # durée
---
# Corps

---

Suite
"""


def fm_of(text: str) -> dict[str, Any]:
    parts = split(text)
    return load_mapping(parts.front_matter(text), parts.fm_line)


def changed_lines(before: str, after: str) -> list[str]:
    """The lines of `before` that differ in `after` (a line diff, both sides)."""
    diff = difflib.ndiff(before.split("\n"), after.split("\n"))
    return [line for line in diff if line.startswith(("- ", "+ "))]


def test_change_one_scalar() -> None:
    after = set_fields(RICH, {"status": "signed"})
    assert changed_lines(RICH, after) == ["- status: draft", "+ status: signed"]
    assert fm_of(after)["status"] == "signed"


@pytest.mark.parametrize(("key", "value", "line"), [
    ("title", "Partenariat école 2026", 'title: Partenariat école 2026   # entre guillemets'),
    ("answer", "YES", "answer: 'YES'"),
    ("code", "01235", "code: '01235'"),
    ("time", "23:30", "time: '23:30'"),
    ("nothing", "quelque chose", "nothing: quelque chose"),
    ("empty", "rempli", "empty: rempli"),
    ("start", date(2025, 10, 1), "start: 2025-10-01"),
    ("duration", "2 ans", "duration: 2 ans   # durée"),
    ("title", "a: b # c", "title: 'a: b # c'   # entre guillemets"),
    ("title", "l'école", 'title: l\'école   # entre guillemets'),
    ("title", "deux\nlignes", 'title: "deux\\nlignes"   # entre guillemets'),
    ("themes", ["a", "b c"], "themes: [a, b c]"),
])
def test_values_and_quoting(key: str, value: Any, line: str) -> None:
    after = set_fields(RICH, {key: value})
    changes = changed_lines(RICH, after)
    assert len(changes) == 2 and changes[1] == "+ " + line
    expected = value.isoformat() if isinstance(value, date) else value
    assert fm_of(after)[key] == expected
    before = fm_of(RICH)
    assert {k: v for k, v in fm_of(after).items() if k != key} == {
        k: v for k, v in before.items() if k != key}


def test_add_key_inside_front_matter() -> None:
    after = set_fields(RICH, {"notice": "3 mois"})
    assert changed_lines(RICH, after) == ["+ notice: 3 mois"]
    assert after.index("notice: 3 mois") < after.index("\n---\n# Corps")
    assert fm_of(after)["notice"] == "3 mois"


def test_remove_keys() -> None:
    after = set_fields(RICH, {"duration": DELETE, "notes": DELETE, "parties": DELETE})
    assert changed_lines(RICH, after) == [
        "- parties:", "-     - partner: ecole", "-       role: partenaire",
        "-       commitments:", "-           - Accueillir une classe",
        "-     - partner: epn-test",
        "- notes: |", "-   Ligne 1", "-   Ligne 2",  # the blank line after the block stays
        "- duration: 1 an   # durée",
    ]
    data = fm_of(after)
    assert "duration" not in data and "notes" not in data and "parties" not in data
    assert data["folded"] == "plié en deux"
    assert set_fields(RICH, {"absent": DELETE}) == RICH


def test_replace_block_values() -> None:
    after = set_fields(RICH, {"notes": "Une ligne"})
    assert sorted(changed_lines(RICH, after)) == sorted([
        "- notes: |", "-   Ligne 1", "-   Ligne 2", "+ notes: Une ligne"])
    after = set_fields(RICH, {"parties": [{"partner": "ecole", "role": "partenaire"}]})
    assert fm_of(after)["parties"] == [{"partner": "ecole", "role": "partenaire"}]
    assert after.count("\n---\n") == 2
    assert [line for line in changed_lines(RICH, after) if line[0] == "+"] == [
        "+   - partner: ecole", "+     role: partenaire"]


def test_other_keys_untouched_when_editing_a_neighbour() -> None:
    after = set_fields(RICH, {"themes": ["x"], "empty": 3, "time": DELETE})
    assert changed_lines(RICH, after) == [
        "- time: 22:30", "- empty:", "+ empty: 3", "- themes: [éducation, emploi]",
        "+ themes: [x]"]


@pytest.mark.parametrize("transform", [
    pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
    pytest.param(lambda t: "\ufeff" + t, id="bom"),
    pytest.param(lambda t: t.rstrip("\n"), id="no-final-newline"),
    pytest.param(lambda t: "\ufeff" + t.replace("\n", "\r\n").rstrip("\r\n"), id="all"),
])
def test_bytes_around_are_kept(transform: Any) -> None:
    text = transform(RICH)
    newline = "\r\n" if "\r\n" in text else "\n"
    after = set_fields(text, {"status": "signed", "notice": "3 mois"})
    expected = text.replace("status: draft", "status: signed").replace(
        "duration: 1 an   # durée" + newline,
        "duration: 1 an   # durée" + newline + "notice: 3 mois" + newline)
    assert after == expected


def test_empty_front_matter_gets_a_key() -> None:
    assert set_fields("---\n---\nbody", {"title": "T"}) == "---\ntitle: T\n---\nbody"


@pytest.mark.parametrize("key", ["a:b", "a b#", "", "x\ny", "[a]", "*a"])
def test_invalid_keys(key: str) -> None:
    with pytest.raises(SpliceError):
        set_fields(RICH, {key: "v"})


def test_unreadable_front_matter_is_refused() -> None:
    with pytest.raises(SpliceError):
        set_fields("---\ntitle: [a\n---\n", {"title": "b"})


def test_edit_that_would_not_read_back_is_refused() -> None:
    # An indented front matter: a key added at column 0 would not be part of it.
    text = "---\n  title: T\n  status: draft\n---\n"
    try:
        after = set_fields(text, {"notice": "1 mois"})
    except SpliceError:
        return
    assert fm_of(after) == {"title": "T", "status": "draft", "notice": "1 mois"}


# Property test: one scalar edit changes exactly one line ------------------------------

STYLES = [
    "plain words", "'single quoted'", '"double quoted"', "NO", "01234", "22:30", "~", "",
    "12", "3.5", "2025-09-01", "[a, b]", "true", "'it''s'", '"tab\\there"',
    "plain  # with a comment", "élan", "x: y" and "'x: y'",
]
BLOCKS = [
    "\n    - four\n    - spaces", "\n  - two", " |\n  block\n  scalar", " >\n  folded\n",
    "\n  nested: map\n  other: 1", " [flow, list]  # c",
]
keys = st.lists(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), min_size=1, max_size=8,
                unique=True)
new_values = (
    st.text(max_size=40) | st.integers(-10**6, 10**6) | st.booleans()
    | st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1))
    | st.sampled_from(["NO", "yes", "~", "null", "01234", "22:30", "1e3", "- x", "#x", "a: b",
                       "'", '"', "@x", "`x", "%x", "!x", "&x", "*x", "|", ">", "[x", "{x",
                       " lead", "trail ", "2025-02-30", "é", "\t", "...", "---"])
)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    names = draw(keys)
    lines = []
    scalar_keys = []
    for name in names:
        if draw(st.booleans()):
            value = draw(st.sampled_from(STYLES))
            lines.append(f"{name}: {value}".rstrip(" ") if value else f"{name}:")
            scalar_keys.append(name)
        else:
            lines.append(f"{name}:{draw(st.sampled_from(BLOCKS))}")
        if draw(st.booleans()):
            lines.append("# un commentaire")
    assume(scalar_keys)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    body = draw(st.sampled_from(["", "Corps\n", "Corps\n---\nsuite", "---\n"]))
    text = bom + newline.join(["---", *lines, "---", body])
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    key = draw(st.sampled_from(scalar_keys))
    return text, key


@settings(max_examples=400, suppress_health_check=[HealthCheck.filter_too_much])
@given(documents(), new_values)
def test_one_scalar_edit_changes_one_line(doc: tuple[str, str], value: Any) -> None:
    text, key = doc
    try:
        before = fm_of(text)
    except ValueError:
        assume(False)
    after = set_fields(text, {key: value})
    old_lines, new_lines = text.split("\n"), after.split("\n")
    assert len(old_lines) == len(new_lines)
    differing = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert len(differing) <= 1
    if differing:
        assert old_lines[differing[0]].lstrip("\ufeff").startswith(key + ":")
    data = fm_of(after)
    assert data[key] == (value.isoformat() if isinstance(value, date) else value)
    assert {k: v for k, v in data.items() if k != key} == {
        k: v for k, v in before.items() if k != key}


# Through the workspace ----------------------------------------------------------------

def test_update_fields_on_the_demo(demo: Path) -> None:
    ws = Workspace.open(demo)
    path = demo / "education/ecole-jules-ferry-2025.md"
    before = path.read_text("utf-8")
    conv = ws.update_fields("ecole-jules-ferry-2025", {"notice": "2 mois", "max_renewals": 3,
                                                       "amount": DELETE, "budget": 300}
                            ).convention
    after = path.read_text("utf-8")
    assert changed_lines(before, after) == [
        "- max_renewals: 2", "+ max_renewals: 3", "- notice: 3 mois", "+ notice: 2 mois",
        "+ budget: 300"]
    assert conv.max_renewals == 3 and conv.extra == {"budget": 300}
    assert ws.conventions["ecole-jules-ferry-2025"] is conv
    assert Workspace.open(demo).conventions["ecole-jules-ferry-2025"].max_renewals == 3


def test_update_refuses_an_invalid_result(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"c.md": VALID})
    ws = Workspace.open(root)
    before = (root / "c.md").read_bytes()
    with pytest.raises(SaveError, match="needs `start:`"):
        ws.update_fields("c", {"start": DELETE})
    with pytest.raises(SaveError):
        ws.update_fields("c", {"bad:key": "x"})
    assert (root / "c.md").read_bytes() == before


def test_update_merges_what_changed_elsewhere_since_read(make_workspace: MakeWorkspace
                                                        ) -> None:
    """The caller read the file (base); someone changed its text and another key since:
    both are kept, and the save says it merged."""
    root = make_workspace({"c.md": VALID})
    ws = Workspace.open(root)
    base, _fingerprint = ws.read("c")
    theirs = VALID.replace("Le texte.", "Le texte modifié par quelqu'un d'autre.").replace(
        "notice: 3 mois", "notice: 2 mois")
    (root / "c.md").write_text(theirs, "utf-8")
    saved = ws.update_fields("c", {"status": "terminated"}, base=base)
    assert saved.merged
    after = (root / "c.md").read_text("utf-8")
    assert after == theirs.replace("status: signed", "status: terminated")
    assert saved.text == after


def test_update_refuses_a_key_both_changed(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"c.md": VALID})
    ws = Workspace.open(root)
    base, _fingerprint = ws.read("c")
    theirs = VALID.replace("notice: 3 mois", "notice: 2 mois")
    (root / "c.md").write_text(theirs, "utf-8")
    with pytest.raises(WriteConflict) as info:
        ws.update_fields("c", {"notice": "6 mois", "status": "terminated"}, base=base)
    assert str(info.value) == ("c.md: notice: changed by someone else (now « 2 mois »); "
                               "nothing written")
    assert [c.field for c in info.value.conflicts] == ["notice"]
    assert (root / "c.md").read_text("utf-8") == theirs
    # The same value on both sides is no conflict.
    ws.update_fields("c", {"notice": "2 mois", "status": "terminated"}, base=base)
    assert (root / "c.md").read_text("utf-8") == theirs.replace("status: signed",
                                                                 "status: terminated")


def test_conflict_during_the_save(make_workspace: MakeWorkspace,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer that ignores the lock (a sync, git) replaces the file while the edit is
    being prepared: the rename notices, and the edit is applied again to its file."""
    root = make_workspace({"c.md": VALID})
    ws = Workspace.open(root)
    theirs = VALID + "Ajout concurrent.\n"
    import epn_tui.store.splice as splice_module  # the workspace imports it when saving

    real = splice_module.set_fields

    def racing(text: str, changes: Any) -> str:
        (root / "c.md").write_text(theirs, "utf-8")
        return real(text, changes)

    monkeypatch.setattr(splice_module, "set_fields", racing)
    ws.update_fields("c", {"status": "terminated"})
    assert (root / "c.md").read_text("utf-8") == theirs.replace("status: signed",
                                                                 "status: terminated")
    assert not [p for p in os.listdir(root) if p.endswith(".epn-tmp")]


def test_a_writer_that_never_stops_racing_gets_a_conflict(make_workspace: MakeWorkspace,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    root = make_workspace({"c.md": VALID})
    ws = Workspace.open(root)
    import epn_tui.store.splice as splice_module

    real = splice_module.set_fields
    rounds = [0]

    def racing(text: str, changes: Any) -> str:
        rounds[0] += 1
        (root / "c.md").write_text(VALID + f"Ajout {rounds[0]}.\n", "utf-8")
        return real(text, changes)

    monkeypatch.setattr(splice_module, "set_fields", racing)
    with pytest.raises(ConflictError):
        ws.update_fields("c", {"status": "terminated"})
    assert (root / "c.md").read_text("utf-8") == VALID + f"Ajout {rounds[0]}.\n"


def test_replace_body_keeps_crlf(make_workspace: MakeWorkspace) -> None:
    root = make_workspace({"c.md": VALID.replace("\n", "\r\n")})
    age(root)
    ws = Workspace.open(root)
    base, _fingerprint = ws.read("c")
    ws.replace_body("c", "Nouveau\ncorps\n", base)
    data = (root / "c.md").read_bytes()
    assert data.endswith(b"---\r\nNouveau\r\ncorps\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_update_fields_keeps_every_other_byte_on_disk(make_workspace: MakeWorkspace) -> None:
    text = "\ufeff" + VALID.replace("notice: 3 mois\n", "notice: 3 mois  # préavis\n"
                                    "horaire: 22:30\nreponse: NO\ncode: 01234\nvide: ~\n"
                                    "jours: [mardi, jeudi]\nnotes: |\n  libre\n")
    raw = text.replace("\n", "\r\n").rstrip("\r\n").encode("utf-8")
    root = make_workspace({"c.md": raw})
    ws = Workspace.open(root)
    assert ws.errors == []
    ws.update_fields("c", {"renewal": "express", "amount": 1200, "horaire": DELETE})
    expected = raw.replace(b"renewal: tacit", b"renewal: express").replace(
        b"horaire: 22:30\r\n", b"").replace(b"notes: |\r\n  libre\r\n",
                                            b"notes: |\r\n  libre\r\namount: 1200\r\n")
    assert (root / "c.md").read_bytes() == expected


def test_update_through_a_symlink(make_workspace: MakeWorkspace) -> None:
    # The real file is not a `.md` itself, so the link is the only convention.
    root = make_workspace({"shared/c.txt": VALID})
    (root / "link.md").symlink_to(Path("shared") / "c.txt")
    mode = 0o640
    (root / "shared" / "c.txt").chmod(mode)
    ws = Workspace.open(root)
    ws.update_fields("link", {"status": "terminated", "terminated": date(2026, 1, 31)})
    assert (root / "link.md").is_symlink()
    assert os.readlink(root / "link.md") == "shared/c.txt"
    content = (root / "shared" / "c.txt").read_text("utf-8")
    assert "status: terminated" in content and "terminated: 2026-01-31" in content
    assert (root / "shared" / "c.txt").stat().st_mode & 0o777 == mode


def test_flow_list_items_are_quoted_when_needed() -> None:
    after = set_fields(RICH, {"themes": ["0[", "a, b", "{x}", "ok"]})
    assert "themes: ['0[', 'a, b', '{x}', ok]" in after
    assert fm_of(after)["themes"] == ["0[", "a, b", "{x}", "ok"]


def test_line_breaks_in_a_block_value() -> None:
    parties = [{"partner": "ecole", "commitments": ["deux\nlignes", "NEL\x85LS\u2028fin"]}]
    after = set_fields(RICH, {"parties": parties})
    assert fm_of(after)["parties"] == parties
    assert '      - "deux\\nlignes"' in after


change_values = (new_values | st.just(DELETE)
                 | st.lists(st.text(max_size=10) | st.integers(), max_size=3)
                 | st.lists(st.fixed_dictionaries({"partner": st.text(max_size=8),
                                                   "role": st.text(max_size=8)}), max_size=2))


@settings(max_examples=300, suppress_health_check=list(HealthCheck), deadline=None)
@given(documents(), st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True),
                                    change_values, max_size=3), st.data())
def test_several_changes_at_once(doc: tuple[str, str], new: dict[str, Any],
                                 data: st.DataObject) -> None:
    """Set, replace, add and delete together: the asked keys read back as asked, every
    other key reads back as before and keeps its line."""
    text, _key = doc
    try:
        before = fm_of(text)
    except ValueError:
        assume(False)
    changes = dict(new)
    for key in data.draw(st.lists(st.sampled_from(sorted(before)), max_size=3, unique=True)):
        changes[key] = data.draw(change_values)
    after_text = set_fields(text, changes)
    after = fm_of(after_text)

    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    for key, value in changes.items():
        assert (key not in after) if value is DELETE else after[key] == plain(value)
    for key in before:
        if key not in changes:
            assert after[key] == before[key]
    for line in text.split("\n"):
        name = line.lstrip("\ufeff").split(":", 1)[0]
        if name in before and name not in changes and not line.startswith(" "):
            assert line.lstrip("\ufeff") in after_text
