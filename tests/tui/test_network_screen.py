"""The Réseau screen in a tiny app: Pilot keys and a snapshot, on the demo workspace."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import OptionList, Static

from epn_tui.store.workspace import Workspace
from epn_tui.tui.screens.network import NetworkScreen
from tests.conftest import DEMO

TODAY = date(2026, 11, 22)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".epn"))
    return Workspace.open(root, use_cache=False)


class NetworkApp(App[None]):
    """What the screen needs of its app: the workspace and today (as EpnApp has them)."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.today = TODAY

    def on_mount(self) -> None:
        self.push_screen(NetworkScreen())


def _text(app: App[None], selector: str) -> str:
    """What the widget draws, line by line (all of it, also below the scroll)."""
    widget = app.screen.query_one(selector, Static)
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


@pytest.mark.usefixtures("colours")  # also with NO_COLOR=1
async def test_browse_filter_and_focus(workspace: Workspace) -> None:
    app = NetworkApp(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NetworkScreen)
        summary = _text(app, "#network-summary")
        assert "EPN de Sorges" in summary
        assert "12 partenaires" in summary
        # The first partner (local authorities come first) is in focus.
        assert screen.focused_partner == "cc-causses-rivieres"
        assert "Alain Roche" in _text(app, "#network-detail-body")
        await pilot.press("down")
        assert screen.focused_partner == "mairie-sorges"
        detail = _text(app, "#network-detail-body")
        assert "Sophie Lacombe" in detail and "agent référent" in detail
        # `s` cycles the state filter: in force first.
        await pilot.press("s")
        assert screen.filter.states == ("active",)
        ids = [o.id for o in screen.query_one(OptionList).options]
        assert "mediatheque-sorges" not in ids and "mairie-sorges" in ids
        # `k` keeps only local authorities.
        await pilot.press("k")
        ids = [o.id for o in screen.query_one(OptionList).options if not o.disabled]
        assert ids == ["cc-causses-rivieres", "mairie-sorges", "departement-dordogne"]
        await pilot.press("x")
        assert not screen.filter.active
        # `o` shows the whole overview in the right pane.
        await pilot.press("o")
        assert "Médiathèque municipale de Sorges" in _text(app, "#network-detail-body")


@pytest.mark.usefixtures("colours")  # also with NO_COLOR=1
async def test_enter_posts_partner_selected(workspace: Workspace) -> None:
    selected: list[str] = []

    class Catching(NetworkApp):
        def on_network_screen_partner_selected(self,
                                               event: NetworkScreen.PartnerSelected) -> None:
            selected.append(event.partner_id)

    app = Catching(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert selected == ["cc-causses-rivieres"]


def test_snapshot(workspace: Workspace, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(NetworkApp(workspace), terminal_size=(100, 30), press=["down"])


def test_snapshot_small_terminal(workspace: Workspace, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(NetworkApp(workspace), terminal_size=(80, 24))
