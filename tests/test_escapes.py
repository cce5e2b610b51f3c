"""File names and ids on their way to a terminal: one line each, findable, inert.

A newline in a file name made `epn check` print two lines for one problem, the second
free to pass for a report of its own; C1 controls and bidi overrides went raw into the
JSON outputs (json.dumps escapes C0 only).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epn_tui.cli import main
from epn_tui.core.text import escape_controls, json_escapes
from tests.conftest import VALID, age

TODAY = "2026-11-22"
FORGED = "evil\nepn.yaml:1: forged"
# Each name as a file name, and as it must be shown.
NAMES = {
    FORGED: "evil\\nepn.yaml:1: forged",
    "bidi\u202egpj.exe": "bidi\\u202egpj.exe",  # would read `bidiexe.jpg`
    "c1\u009b31m": "c1\\x9b31m",  # a C1 CSI
    "tab\there": "tab\\there",
}
if os.uname().sysname == "Linux":  # a name that is not UTF-8 (macOS refuses them)
    NAMES[os.fsdecode(b"latin\xe9")] = "latin\\xe9"
# What must never reach a terminal raw.
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                 r"\u2066-\u2069\ud800-\udfff]")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.fixture
def hostile(demo: Path) -> Path:
    """The demo with each name twice: a valid convention, and a broken `<name>-bad.md`."""
    source = demo / "ccas-sorges-demarches-en-ligne.md"
    for name in NAMES:
        shutil.copy(source, demo / f"{name}.md")
        (demo / f"{name}-bad.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    age(demo)
    return demo


@given(st.text())
def test_escaped_names_hold_no_control_and_one_line(text: str) -> None:
    shown = escape_controls(text)
    assert not RAW.search(shown) and "\n" not in shown
    if not RAW.search(text) and "\n" not in text:
        assert shown == text  # ordinary names untouched (accents, backslashes…)


@given(st.recursive(st.none() | st.integers() | st.text(),
                    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_escapes_keep_the_data_and_nothing_raw(value: object) -> None:
    text = json_escapes(json.dumps(value, ensure_ascii=False))
    assert not RAW.search(text)
    assert json.loads(text) == value


def test_named_escapes() -> None:
    for name, shown in NAMES.items():
        assert escape_controls(name) == shown
    assert escape_controls("dossier\\convention é.md") == "dossier\\convention é.md"


def test_check_prints_one_line_per_problem(
        hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "-w", str(hostile), "--today", TODAY, "check")
    assert code == 1
    lines = out.splitlines()
    # Two problems per broken file (no status, no parties), one line each.
    assert len(lines) == 2 * len(NAMES)
    for shown in NAMES.values():
        mine = [line for line in lines if line.startswith(f"{shown}-bad.md:2: ")]
        assert len(mine) == 2, (shown, lines)
    assert not any(line.startswith("epn.yaml") for line in lines)  # nothing forged
    assert not RAW.search(out.replace("\n", ""))


def test_list_prints_one_line_per_convention(
        hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "-w", str(hostile), "--today", TODAY, "list")
    assert code == 0
    lines = out.splitlines()
    for shown in NAMES.values():
        assert sum(line.startswith(shown + " ") for line in lines) == 1
    assert not any(line.startswith("epn.yaml") for line in lines)
    assert not RAW.search(out.replace("\n", ""))


@pytest.mark.parametrize("command", [["list", "--json"], ["due", "--json", "--within", "400"]])
def test_json_outputs_escape_what_json_dumps_leaves_raw(
        hostile: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    code, out = run(capsys, "-w", str(hostile), "--today", TODAY, *command)
    assert code == 0
    assert not RAW.search(out.replace("\n", ""))
    data = json.loads(out)
    key = "id" if command[0] == "list" else "convention"
    ids = {row[key] for row in data}
    assert set(NAMES) <= ids  # the same ids, decoded


def test_health_json_escapes_them_too(
        make_workspace, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    odd = "mairie\u202e\u009b31m"  # a partner id as a merge or a script left it
    partners = {
        "contacts": {},
        "interactions": {},
        "partners": {
            "ecole": {"kind": "ECOLE", "name": "École Jules-Ferry"},
            "epn-test": {"kind": "EPN", "name": "EPN de test"},
            odd: {"kind": "COMMUNE", "name": "Mairie"},
        },
    }
    root = make_workspace({"a.md": VALID}, partners=partners)
    code, out = run(capsys, "-w", str(root), "--today", TODAY, "health", "--json")
    assert code == 0
    assert "mairie\\u202e\\u009b31m" in out
    assert not RAW.search(out.replace("\n", ""))
    assert odd in {finding["subject"] for finding in json.loads(out)}


def test_a_name_that_is_not_utf8_is_read_twice(
        hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The second run read the cache, which could not hold such a name: it stopped."""
    for _ in range(2):
        code, _out = run(capsys, "-w", str(hostile), "--today", TODAY, "due", "--json")
        assert code == 0
