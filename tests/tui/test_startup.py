"""Start-up with the dashboard kept by the previous run (`tui/prefetch.py`): it is shown
first, and the workspace is read only once it is on the screen."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static

from epn_tui.tui.app import EpnApp, build_app
from epn_tui.tui.prefetch import start

TODAY = date(2026, 11, 22)


async def _until(condition, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


def _title(app: EpnApp) -> str:
    titles = app.screen.query("#dash-title")  # none before the dashboard is composed
    return str(titles.first(Static).content) if titles else ""


def _spy_on_load(app: EpnApp) -> list[str]:
    """The dashboard's title each time the workspace starts being read."""
    calls: list[str] = []
    load = app.load_workspace

    def spy() -> None:
        calls.append(_title(app))
        load()

    app.load_workspace = spy  # type: ignore[method-assign]
    return calls


async def _open(root: Path, answered: bool = True) -> tuple[EpnApp, list[str], str]:
    """Open the UI with a prefetching child; `answered`: the app finds the answer
    when it starts, else it is told by its event loop when the answer comes."""
    prefetch = start(root, TODAY, "fr")
    assert prefetch is not None
    if answered:
        await _until(prefetch.ready)
    else:
        prefetch.ready = lambda: False  # type: ignore[method-assign]
    app = build_app(root, today=TODAY, watch=False, prefetch=prefetch)
    calls = _spy_on_load(app)
    async with app.run_test(size=(100, 30)):
        await _until(lambda: app.workspace is not None)
        await app.workers.wait_for_complete()
        return app, calls, _title(app)


@pytest.mark.parametrize("answered", [False, True])
async def test_kept_dashboard_painted_before_the_workspace_is_read(
        demo: Path, answered: bool) -> None:
    await _open(demo)  # the first run keeps its dashboard
    assert (demo / ".epn" / "dashboard.json").is_file()
    app, calls, title = await _open(demo, answered)
    assert len(calls) == 1
    assert "22 novembre 2026" in calls[0]  # already on the screen when the read began
    assert "22 novembre 2026" in title and app.workspace is not None


async def test_nothing_kept_the_workspace_is_read_at_once(demo: Path) -> None:
    app, calls, title = await _open(demo)
    assert len(calls) == 1
    assert "22 novembre 2026" not in calls[0]  # nothing to show yet: read at once
    assert "22 novembre 2026" in title


async def test_a_changed_file_makes_the_kept_dashboard_stale(demo: Path) -> None:
    await _open(demo)
    convention = demo / "aines-du-causse-ateliers-seniors.md"
    convention.write_text(convention.read_text() + "\n")
    app, calls, title = await _open(demo)
    assert "22 novembre 2026" not in calls[0]
    assert "22 novembre 2026" in title


async def test_an_answer_in_hand_is_composed_with_the_dashboard(demo: Path) -> None:
    """The child answered while Textual was imported: the dashboard is composed with
    its data (one layout), before the app has even started."""
    await _open(demo)
    prefetch = start(demo, TODAY, "fr")
    assert prefetch is not None
    await _until(prefetch.ready)
    app = build_app(demo, today=TODAY, watch=False, prefetch=prefetch)
    assert app.dashboard_view is not None and app.prefetch is None
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "22 novembre 2026" in _title(app)
        await _until(lambda: app.workspace is not None)


@pytest.mark.parametrize("damage", [
    {"advice": [["alert", "only two"]]},
    {"counts": ["not", "a", "dict"]},
    {"deadlines": [{"date": "2026-12-01"}]},
    {"elus": [["a", 1]]},
    {"horizon": "90"},
    {"election": "mars 2026"},
])
async def test_a_kept_dashboard_of_the_wrong_shape_is_ignored(demo: Path, damage) -> None:  # type: ignore[no-untyped-def]
    """Its key matches (nothing changed on disk) but its content is not a dashboard:
    the app reads the workspace as if nothing was kept, and never crashes."""
    import json

    from epn_tui.store import snapshot

    await _open(demo)
    kept = demo / ".epn" / snapshot.SNAPSHOT_FILE
    data = json.loads(kept.read_bytes())
    data["view"].update(damage)
    kept.write_text(json.dumps(data, ensure_ascii=False))
    prefetch = start(demo, TODAY, "fr")
    assert prefetch is not None
    await _until(prefetch.ready)
    app = build_app(demo, today=TODAY, watch=False, prefetch=prefetch)
    assert app.dashboard_view is None
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(lambda: app.workspace is not None)
        await pilot.pause()
        assert "22 novembre 2026" in _title(app)


def test_a_kept_deadline_with_a_bad_date_is_shown_as_it_is() -> None:
    """A kept dashboard's dates are checked for their type only (parsing 1,600 of them
    cost 9 ms before the first frame): the table shows a bad one as it is, as data."""
    from epn_tui.tui.screens.dashboard import _deadline_cells

    cells, _keys = _deadline_cells({"date": "le 1er\x1b[31m", "days": 3, "kind": "end",
                                    "convention": "c", "title": "T"})
    assert cells[0].plain == "le 1er[31m"
    cells, _keys = _deadline_cells({"date": "2026-12-01", "days": 3, "kind": "end",
                                    "convention": "c", "title": "T"})
    assert cells[0].plain == "01/12/2026"
