"""Start-up (`epn_tui/startup.py`): the dashboard kept by the previous run is shown
first, and the workspace is read only once it is on the screen; the collector is off
until then, and back on after."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static

from epn_tui.startup import Startup, begin
from epn_tui.store.workspace import Workspace
from epn_tui.tui.app import EpnApp, build_app
from tests.tui.workers import workers_done

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


async def _open(root: Path, how: str = "in hand") -> tuple[EpnApp, list[str], str]:
    """Open the UI as `epn` does. `how`: the look-up child's answer is in hand when the
    app is built ("in hand"), or the loading thread waits for it ("waited for"), or
    there is no child (where fork does not exist, and in the other UI tests) and the
    loading thread looks the dashboard up itself ("no child"). Returns the app, the
    dashboard's title each time the workspace started being read, and its title at
    the end."""
    import gc

    started = Startup() if how == "no child" else begin(root, TODAY, "fr")
    if how != "no child" and started.looks_up_here():
        pytest.skip("no fork here")
    try:
        if how == "in hand":
            await _until(started.child_answered)
        elif how == "waited for":
            started.answer_in_hand = lambda: None  # type: ignore[method-assign]
        app = build_app(root, today=TODAY, watch=False, startup=started)
        calls: list[str] = []
        read = Workspace.open

        def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(_title(app))
            assert gc.isenabled()  # step 4 came first: the collector is back on
            return read(*args, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Workspace, "open", spy)
            async with app.run_test(size=(100, 30)):
                await _until(lambda: app.workspace is not None)
                await workers_done(app)
                return app, calls, _title(app)
    finally:
        started.end()


@pytest.mark.parametrize("how", ["in hand", "waited for", "no child"])
async def test_kept_dashboard_painted_before_the_workspace_is_read(
        demo: Path, how: str) -> None:
    await _open(demo)  # the first run keeps its dashboard
    assert (demo / ".epn" / "dashboard.json").is_file()
    app, calls, title = await _open(demo, how)
    assert len(calls) == 1
    assert "22 novembre 2026" in calls[0]  # already on the screen when the read began
    assert "22 novembre 2026" in title and app.workspace is not None


def test_the_collector_is_off_from_begin_until_the_first_read(demo: Path) -> None:
    """Off before Textual is imported, on again (and what was built frozen) at step 4;
    `end` puts it back on when the UI stopped before that."""
    import gc

    assert gc.isenabled()
    started = begin(demo, TODAY, "fr")
    try:
        assert not gc.isenabled()
        started.collector_on()
        assert gc.isenabled()
    finally:
        started.end()
    started = begin(demo, TODAY, "fr")
    started.end()
    assert gc.isenabled()


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
    started = begin(demo, TODAY, "fr")
    try:
        await _until(started.child_answered)
        app = build_app(demo, today=TODAY, watch=False, startup=started)
        assert app.dashboard_view is not None
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert "22 novembre 2026" in _title(app)
            await _until(lambda: app.workspace is not None)
    finally:
        started.end()


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
    started = begin(demo, TODAY, "fr")
    try:
        await _until(started.child_answered)
        app = build_app(demo, today=TODAY, watch=False, startup=started)
        assert app.dashboard_view is None
        async with app.run_test(size=(100, 30)) as pilot:
            await _until(lambda: app.workspace is not None)
            await pilot.pause()
            assert "22 novembre 2026" in _title(app)
    finally:
        started.end()


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
