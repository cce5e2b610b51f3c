"""Parsing on two cores gives exactly what parsing on one gives (store.parallel)."""

from __future__ import annotations

import os

import pytest

from epn_tui.core.model import Problem
from epn_tui.store import parallel
from epn_tui.store.parallel import parse_files
from epn_tui.store.parsing import Parsed, parse_file
from epn_tui.store.workspace import Workspace
from tests.conftest import VALID, MakeWorkspace

pytestmark = pytest.mark.usefixtures("english")


def files() -> dict[str, str | bytes]:
    out: dict[str, str | bytes] = {f"c{i:02}.md": VALID.replace("title: ", f"title: N°{i} ")
                                   for i in range(12)}
    out.update({
        "bad-yaml.md": VALID.replace("status: signed", "status: [signed"),
        "bad-date.md": VALID.replace("start: 2025-09-01", "start: 2025-02-30"),
        "binary.md": b"\x00\x01\x02",
        "odd.md": VALID.replace("renewal: tacit", "renewal: tacit\nphoto: !!binary aGVsbG8="),
        "warn.md": VALID.replace("type: partenariat", "type: inhabituel"),
        "sub/c03.md": VALID,  # a duplicate id
    })
    return out


def view(ws: Workspace) -> tuple[object, ...]:
    return (ws.conventions, [str(p) for p in ws.problems], ws.stats)


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fork path whatever the machine (a 1-core CI runner would parse alone)."""
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)


def test_two_cores_same_as_one(make_workspace: MakeWorkspace,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 2)
    one = make_workspace(files())
    one_ws = Workspace.open(one, use_cache=False)
    two_ws = Workspace.open(one, use_cache=False, parallel=True)
    assert view(two_ws) == view(one_ws)
    assert two_ws.conventions["odd"].extra["photo"] == b"hello"  # parsed here, not sent
    assert len(two_ws.errors) == 4
    # With the cache written by a parallel start, the next start agrees too.
    Workspace.open(one, parallel=True)
    warm = Workspace.open(one)
    assert warm.conventions == one_ws.conventions and warm.stats["parsed"] == 5


def test_a_failing_child_changes_nothing(make_workspace: MakeWorkspace,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 2)
    root = make_workspace(files())
    pairs = sorted((rel, str(root / rel)) for rel in files())
    parent = os.getpid()

    def crashing(rel: str, path: str) -> Parsed:
        if os.getpid() != parent:
            raise MemoryError  # the child dies without sending anything
        return parse_file(rel, path)

    expected = parse_files(pairs, parallel=False)
    assert parse_files(pairs, parallel=True, parse=crashing) == expected
    assert any(conv is None and problems for conv, problems in expected)
    assert all(isinstance(p, Problem) for _c, problems in expected for p in problems)
