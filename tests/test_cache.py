"""The parse cache under `.epn/`: a warm open parses nothing; it is never trusted blindly."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from epn_tui.store import cache
from epn_tui.store.workspace import Workspace
from tests.conftest import FIXED_MTIME, VALID, MakeWorkspace

pytestmark = pytest.mark.usefixtures("english")


def snapshot(ws: Workspace) -> dict[str, object]:
    return {conv_id: (c.title, c.start, c.duration, c.parties, c.themes, c.extra, c.follow_up)
            for conv_id, c in ws.conventions.items()}


def test_warm_open_parses_nothing(demo: Path) -> None:
    cold = Workspace.open(demo)
    assert cold.stats == {"files": 13, "parsed": 13, "cached": 0}
    assert (demo / ".epn" / "cache.json").is_file()
    warm = Workspace.open(demo)
    assert warm.stats == {"files": 13, "parsed": 0, "cached": 13}
    assert snapshot(warm) == snapshot(cold)
    assert [str(p) for p in warm.problems] == [str(p) for p in cold.problems]
    # The dates-only open used by `due` and `list` is served from the cache too.
    quick = Workspace.open(demo, schedule_only=True)
    assert quick.stats["parsed"] == 0
    assert {k: c.start for k, c in quick.conventions.items()} == {
        k: c.start for k, c in cold.conventions.items()}


def test_changed_file_is_parsed_again(demo: Path) -> None:
    Workspace.open(demo)
    path = demo / "education" / "ecole-jules-ferry-2025.md"
    path.write_text(path.read_text("utf-8").replace("max_renewals: 2", "max_renewals: 3"),
                    "utf-8")
    os.utime(path, (FIXED_MTIME + 60, FIXED_MTIME + 60))
    ws = Workspace.open(demo)
    assert (ws.stats["parsed"], ws.stats["cached"]) == (1, 12)
    assert ws.conventions["ecole-jules-ferry-2025"].max_renewals == 3
    again = Workspace.open(demo)
    assert again.stats["parsed"] == 0
    assert again.conventions["ecole-jules-ferry-2025"].max_renewals == 3


def test_same_size_same_second_is_not_trusted(make_workspace: MakeWorkspace) -> None:
    """A file written just now may change again within the same mtime tick without
    changing size: it is not cached until it is old enough."""
    root = make_workspace({"c.md": VALID}, aged=False)
    assert Workspace.open(root).stats["parsed"] == 1
    assert Workspace.open(root).stats["parsed"] == 1


@pytest.mark.parametrize("damage", [
    b"",
    b"{not json",
    b"[1, 2, 3]",
    json.dumps({"version": -1, "files": {}}).encode(),
    json.dumps({"version": cache.CACHE_VERSION, "files": []}).encode(),
    json.dumps({"version": cache.CACHE_VERSION, "token": "t", "files": {
        "aines-du-causse-ateliers-seniors.md": 5,
        "atelier-reboot-reemploi.md": [],
        "ccas-sorges-demarches-en-ligne.md": [None, None, None],
        "commune-sorges-mise-a-disposition.md": "x",
    }}).encode(),
    b"\x00\xff" * 100,
])
def test_corrupt_or_foreign_cache_is_ignored_and_rebuilt(demo: Path, damage: bytes) -> None:
    expected = snapshot(Workspace.open(demo))
    (demo / ".epn" / "cache.json").write_bytes(damage)
    ws = Workspace.open(demo)
    assert snapshot(ws) == expected
    assert ws.errors == []
    rebuilt = Workspace.open(demo)
    assert rebuilt.stats["parsed"] == 0
    assert snapshot(rebuilt) == expected


def test_corrupt_details_file(demo: Path) -> None:
    expected = snapshot(Workspace.open(demo))
    (demo / ".epn" / cache.DETAILS_FILE).write_text("{broken")
    assert snapshot(Workspace.open(demo)) == expected


def test_problem_files_are_never_served_from_the_cache(make_workspace: MakeWorkspace) -> None:
    warning = VALID.replace("type: partenariat", "type: inhabituel")
    root = make_workspace({"ok.md": VALID, "warn.md": warning})
    first = Workspace.open(root)
    assert [p.path for p in first.problems] == ["warn.md"]
    second = Workspace.open(root)
    assert second.stats == {"files": 2, "parsed": 1, "cached": 1}
    assert [p.path for p in second.problems] == ["warn.md"]
    # A cached file that becomes invalid is read again and reported.
    path = root / "ok.md"
    path.write_text(VALID.replace("start: 2025-09-01", "start: 2025-02-30"), "utf-8")
    os.utime(path, (FIXED_MTIME + 60, FIXED_MTIME + 60))
    third = Workspace.open(root)
    assert "ok" not in third.conventions
    assert [(p.path, p.line) for p in third.errors] == [("ok.md", 11)]


def test_values_json_cannot_hold(make_workspace: MakeWorkspace) -> None:
    """Unknown keys whose YAML values JSON cannot hold (bytes, sets, numeric keys) are
    kept; the convention is simply read from its file each time."""
    odd = VALID.replace("renewal: tacit", "renewal: tacit\nphoto: !!binary aGVsbG8=\n"
                        "jours: !!set {mardi, jeudi}\ngrille: {1: matin, 2: soir}")
    root = make_workspace({"odd.md": odd, "ok.md": VALID})
    ws = Workspace.open(root)
    assert ws.errors == []
    extra = ws.conventions["odd"].extra
    assert extra["photo"] == b"hello" and extra["jours"] == {"mardi": None, "jeudi": None}
    again = Workspace.open(root)
    assert again.conventions["odd"].extra == extra
    assert again.stats["cached"] == 1


def test_removed_file_leaves_the_cache(demo: Path) -> None:
    Workspace.open(demo)
    (demo / "atelier-reboot-reemploi.md").unlink()
    ws = Workspace.open(demo)
    assert "atelier-reboot-reemploi" not in ws.conventions
    entries, _details = cache.load(demo)
    assert "atelier-reboot-reemploi.md" not in entries


def test_without_cache(demo: Path) -> None:
    ws = Workspace.open(demo, use_cache=False)
    assert ws.stats["parsed"] == 13
    assert not (demo / ".epn").exists()


def test_values_msgspec_cannot_write_back_exactly(make_workspace: MakeWorkspace) -> None:
    """Integers beyond 64 bits and `.nan` are kept as read; such a file is simply not
    cached (JSON would give back something else, or nothing)."""
    odd = VALID.replace("renewal: tacit", "renewal: tacit\nbig: 123456789012345678901234567890"
                        "\nratio: .nan\nplafond: .inf")
    root = make_workspace({"odd.md": odd, "ok.md": VALID})
    first = Workspace.open(root)
    assert first.errors == []
    again = Workspace.open(root)
    assert (again.stats["parsed"], again.stats["cached"]) == (1, 1)
    extra = again.conventions["odd"].extra
    assert extra["big"] == 123456789012345678901234567890 and extra["plafond"] == float("inf")
    assert extra["ratio"] != extra["ratio"]  # nan


@pytest.mark.parametrize("amount", ["1" + "0" * 400, ".inf", ".nan", "-5"])
def test_amount_out_of_range_is_a_problem(make_workspace: MakeWorkspace, amount: str) -> None:
    root = make_workspace({"c.md": VALID.replace("renewal: tacit",
                                                 f"renewal: tacit\namount: {amount}")})
    ws = Workspace.open(root)
    assert "c" not in ws.conventions
    assert [p.message.split("`")[1] for p in ws.errors] == ["amount"]


def test_cached_convention_is_the_parsed_one(demo: Path) -> None:
    """Every field, the parties and the plan come back from the cache as parsed."""
    from epn_tui.core.terms import Plan

    cold = Workspace.open(demo)
    plans = {k: Plan.of(c) for k, c in cold.conventions.items()}
    warm = Workspace.open(demo)
    assert warm.stats["cached"] == 13
    assert warm.conventions == cold.conventions
    assert {k: Plan.of(c) for k, c in warm.conventions.items()} == plans


def test_records_stay_frozen_and_plans_follow_each_record(demo: Path) -> None:
    """A convention cannot be changed once read (cold or from the cache); its plan is
    memoised beside it, and another record under the same id gets its own."""
    import msgspec

    from epn_tui.core.terms import Plan

    Workspace.open(demo)
    for ws in (Workspace.open(demo, use_cache=False), Workspace.open(demo)):
        conv = ws.conventions["cc-causses-rivieres-financement-2026"]
        with pytest.raises(AttributeError):
            conv.title = "autre"  # type: ignore[misc]
        with pytest.raises(AttributeError):
            conv.parties[0].role = "autre"  # type: ignore[misc]
        plan = Plan.of(conv)
        assert Plan.of(conv) is plan
        assert plan.end0 is not None
        moved = msgspec.structs.replace(conv, end=plan.end0.replace(year=plan.end0.year + 1))
        assert Plan.of(moved).end0 == moved.end
        assert Plan.of(conv) == plan  # the first record's plan is still its own
