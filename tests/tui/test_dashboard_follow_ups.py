"""The dashboard no longer lists a follow-up occurrence the journal records, and says
one past due and not recorded is overdue (issue 12, § 3; core/follow_ups.py)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from epn_tui.tui.app import build_app
from tests.conftest import DEMO
from tests.tui.test_partners import settle, text_of

SIZE = (120, 60)  # « À faire » whole
COPIL = "2026-10-13-copil-3"  # the demo's comité of October, for the one due 2026-10-14
CONV = "commune-sorges-mise-a-disposition"


def _demo(tmp_path: Path, without: str = "") -> Path:
    root = tmp_path / "ws"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".epn"))
    if without:
        path = root / "partners.json"
        data = json.loads(path.read_text("utf-8"))
        del data["interactions"][without]
        path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n",
                        "utf-8")
    return root


async def _comites(root: Path, today: date) -> tuple[list[str], str]:
    """The comité occurrences among the dashboard's deadlines, and « À faire »."""
    app = build_app(root, today=today, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.dashboard_view
        assert view is not None and app.workspace is not None
        listed = [d["date"] for d in view.deadlines
                  if d["kind"] == "follow-up" and d["convention"] == CONV]
        return listed, " ".join(text_of(app.screen.query_one("#dash-advice")).split())


async def test_a_done_occurrence_leaves_the_dashboard(tmp_path: Path) -> None:
    listed, _advice = await _comites(_demo(tmp_path), date(2026, 10, 1))
    assert listed == []  # held on the 13th: done


async def test_not_recorded_it_is_listed_then_overdue(tmp_path: Path) -> None:
    root = _demo(tmp_path, without=COPIL)
    listed, _advice = await _comites(root, date(2026, 10, 1))
    assert listed == ["2026-10-14"]
    listed, advice = await _comites(root, date(2026, 11, 22))
    assert listed == []
    assert ("! Comité de pilotage — Convention d'objectifs et de mise à disposition des "
            "locaux – Commune de Sorges — 14/10/2026, en retard") in advice


async def test_the_demo_records_its_follow_ups(tmp_path: Path) -> None:
    _listed, advice = await _comites(_demo(tmp_path), date(2026, 11, 22))
    assert "en retard" in advice  # the next steps of October
    assert "Comité de pilotage —" not in advice and "Bilan" not in advice
