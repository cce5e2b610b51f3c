"""The main flows of the terminal UI, as a person uses them (Pilot)."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from epn_tui.tui.app import build_app
from epn_tui.tui.widgets.row_table import RowTable
from epn_tui.tui.widgets.text_pane import TextPane
from tests.tui.workers import workers_done

TODAY = date(2026, 11, 22)

pytestmark = pytest.mark.usefixtures("colours")  # each test also runs with NO_COLOR=1


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """Everything the current screen shows, as plain text."""
    import io

    from rich.console import Console
    from textual.widgets import Static

    parts = []
    for widget in app.screen.query(Static):
        rendered = widget.content
        if hasattr(rendered, "plain"):
            parts.append(rendered.plain)
            continue
        console = Console(width=100, file=io.StringIO(), record=True, color_system=None)
        try:
            console.print(rendered)
        except Exception:  # a Textual Content object: its text is enough
            parts.append(str(rendered))
            continue
        parts.append(console.export_text())
    for pane in app.screen.query(TextPane):
        parts.append(pane.text.plain)
    for table in app.screen.query(RowTable):
        for index in table.shown:
            parts.append(" ".join(cell.plain for cell in table.rows[index].cells))
    return "\n".join(parts)


async def started(pilot) -> None:  # type: ignore[no-untyped-def]
    await workers_done(pilot.app)
    await pilot.pause()


async def detail_shown(pilot) -> None:  # type: ignore[no-untyped-def]
    """The Conventions screen's detail follows the cursor after a short rest (its
    DETAIL_DELAY, so that holding ↓ stays fluid): wait that, then for the app."""
    from epn_tui.tui.screens.conventions import ConventionsScreen

    await started(pilot)  # (the cursor moves, the rest starts)
    await pilot.pause(ConventionsScreen.DETAIL_DELAY)
    await started(pilot)


async def to_conventions(pilot) -> RowTable:  # type: ignore[no-untyped-def]
    """Key 2: the Conventions screen; its list."""
    await pilot.press("2")
    await pilot.pause()
    return pilot.app.screen.query_one(RowTable)


async def test_dashboard_shows_deadlines_counts_and_the_guide(demo: Path) -> None:
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        text = screen_text(app)
        assert "22 novembre 2026" in text
        assert "dernier jour pour dénoncer" in text  # notice deadline of the CCAS convention
        assert "28/12/2026" in text
        assert "J-36" in text
        assert "en cours" in text and "9" in text
        assert "Thomas Brun" in text  # the agent référent
        assert "Médiathèque municipale de Sorges" in text  # no written convention
        assert "Alain Roche" in text  # elected, not checked since the election


async def test_enter_on_a_deadline_opens_the_convention(demo: Path) -> None:
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        app.screen.query_one(RowTable).focus()
        # The CCAS notice, after three next steps of the journal and a follow-up.
        await pilot.press("down", "down", "down", "down", "enter")
        await detail_shown(pilot)
        assert app.current_mode == "conventions"
        assert app.screen.query_one(RowTable).cursor_key == "ccas-sorges-demarches-en-ligne"
        assert "CCAS de Sorges" in screen_text(app)


async def test_conventions_filter_as_you_type_and_sort(demo: Path) -> None:
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        table = await to_conventions(pilot)
        assert len(table.shown) == 13
        await pilot.press("slash", *"ecole")
        await pilot.pause()
        shown = [table.rows[i].key for i in table.shown]
        assert shown == ["ecole-jules-ferry-2025"]
        assert "1 sur 13 conventions" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(table.shown) == 13
        table.sort_by(4)  # next deadline, soonest first
        await pilot.pause()
        first = table.rows[table.shown[0]].key
        assert first == "cc-causses-rivieres-financement-2026"  # bilan on 15/12/2026


async def test_detail_shows_fields_parties_timeline_and_body(demo: Path) -> None:
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("2")
        await pilot.pause()
        app.screen.select_convention("ecole-jules-ferry-2025")
        await detail_shown(pilot)
        text = screen_text(app)
        assert "1er septembre 2025" in text  # start, French style
        assert "tacite reconduction" in text
        assert "École élémentaire Jules-Ferry" in text
        assert "Reconduction 1" in text or "Renewal 1" in text
        assert "31/05/2027" in text  # next notice deadline in the timeline


async def test_detail_text_is_shown_as_printed(demo: Path) -> None:
    """`{{ duree_et_renouvellement }}` in the body: the detail shows the sentence the
    print will carry; a body whose placeholder is wrong is shown as written, with why."""
    from textual.widgets import Static

    path = demo / "atelier-reboot-reemploi.md"
    path.write_text(path.read_text("utf-8") + "\n{{ convention.nom_inconnu }}\n", "utf-8")
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await to_conventions(pilot)
        app.screen.select_convention("aines-du-causse-ateliers-seniors")
        await detail_shown(pilot)
        body = str(app.screen.query_one("#detail-body-holder", Static).content.markup)
        note = str(app.screen.query_one("#detail-body-note", Static).content)
        assert "{{" not in body and "duree_et_renouvellement" not in body
        assert "prend effet le 1er octobre 2025" in body and "un an et six mois" in body
        assert note.startswith("Tel qu'imprimé")
        app.screen.select_convention("atelier-reboot-reemploi")
        await detail_shown(pilot)
        body = str(app.screen.query_one("#detail-body-holder", Static).content.markup)
        note = str(app.screen.query_one("#detail-body-note", Static).content)
        assert "{{ duree_et_renouvellement }}" in body
        assert note.startswith("Tel qu'écrit") and "nom_inconnu" in note


async def test_user_text_is_shown_as_data(demo: Path) -> None:
    path = demo / "aines-du-causse-ateliers-seniors.md"
    text = path.read_text(encoding="utf-8")
    old_title = text.split("\n")[1]
    path.write_text(text.replace(old_title, 'title: "[bold red]Piège[/] \\e[31m"'),
                    encoding="utf-8")
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("2")
        await started(pilot)
        shown = screen_text(app)
        assert "[bold red]Piège[/]" in shown
        assert "\x1b" not in shown


async def test_help_and_palette_open(demo: Path) -> None:
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("f1")
        await pilot.pause()
        from epn_tui.tui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        from textual.command import CommandPalette

        assert isinstance(app.screen, CommandPalette)


async def test_files_changed_on_disk_reload_the_lists(demo: Path) -> None:
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        table = await to_conventions(pilot)
        assert len(table.rows) == 13
        source = demo / "aines-du-causse-ateliers-seniors.md"
        (demo / "copie.md").write_text(source.read_text(encoding="utf-8").replace(
            "Les Aînés du Causse (ateliers", "Copie (ateliers"), encoding="utf-8")
        os.utime(demo / "copie.md", (time.time() - 10, time.time() - 10))
        app.files_changed_on_disk(["copie.md"])  # what the watcher thread calls
        await started(pilot)
        await pilot.pause()
        assert len(app.screen.query_one(RowTable).rows) == 14


@pytest.mark.parametrize("polling", [False, True])
async def test_the_watcher_notices_changes(demo: Path, monkeypatch, polling: bool) -> None:  # type: ignore[no-untyped-def]
    """The system's notifications, or watchfiles' polling (network shares)."""
    if polling:
        monkeypatch.setenv("WATCHFILES_FORCE_POLLING", "1")
        monkeypatch.setenv("WATCHFILES_POLL_DELAY_MS", "50")
    app = build_app(demo, today=TODAY, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(40):  # until the workspace is read and the watcher started
            await pilot.pause(0.1)
            if app.workspace is not None:
                break
        await pilot.pause(0.3)
        (demo / "aines-du-causse-avenant-1.md").unlink()
        for _ in range(40):
            await pilot.pause(0.1)
            if app.workspace is not None and "aines-du-causse-avenant-1" not in \
                    app.workspace.conventions:
                break
        assert app.workspace is not None
        assert "aines-du-causse-avenant-1" not in app.workspace.conventions


async def test_a_broken_file_does_not_stop_the_ui(demo: Path) -> None:
    (demo / "casse.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert "1 fichier en erreur" in screen_text(app) or "⚠" in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        keys = [row.key for row in app.screen.query_one(RowTable).rows]
        assert len(keys) == 14 and "!casse.md" in keys  # 13 conventions + the broken file


async def test_not_a_workspace_shows_an_error(tmp_path: Path) -> None:
    app = build_app(tmp_path, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert app.workspace is None
        assert "epn.yaml" in screen_text(app)


async def test_network_screen_opens_a_partner_in_the_directory(demo: Path) -> None:
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("4")
        await started(pilot)
        from textual.widgets import OptionList

        from epn_tui.tui.screens.network import NetworkScreen

        assert isinstance(app.screen, NetworkScreen)
        options = app.screen.query_one("#network-partners", OptionList)
        index = options.get_option_index("ccas-sorges")
        options.highlighted = index
        await pilot.pause()
        options.focus()
        await pilot.press("enter")
        await started(pilot)
        assert app.current_mode == "partners"
        assert "CCAS de Sorges" in screen_text(app)


async def test_broken_files_stay_visible_with_their_problem(demo: Path) -> None:
    path = demo / "ccas-sorges-demarches-en-ligne.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: signed", "<<<<<<< HEAD\nstatus: signed\n=======\n"
                                 "status: terminated\n>>>>>>> other", 1), encoding="utf-8")
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        shown = screen_text(app)
        assert "ccas-sorges-demarches-en-ligne.md" in shown  # in "À faire"
        assert "conflit" in shown
        table = await to_conventions(pilot)
        keys = [table.rows[i].key for i in table.shown]
        assert "!ccas-sorges-demarches-en-ligne.md" in keys
        table.move_to_key("!ccas-sorges-demarches-en-ligne.md")
        await detail_shown(pilot)
        assert "ccas-sorges-demarches-en-ligne.md:" in screen_text(app)


async def test_every_segment_of_a_row_has_a_style(demo: Path) -> None:
    """Textual's NO_COLOR filter fails on a segment without a style: rows never have one."""
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        table = await to_conventions(pilot)
        for y in range(4):
            assert all(segment.style is not None for segment in table.render_line(y))


async def test_a_reload_while_a_form_is_open_keeps_the_form(demo: Path) -> None:
    """The watcher reloads behind every screen: an open form must survive it."""
    from epn_tui.tui.screens.partner_forms import PartnerForm

    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("3")
        await started(pilot)
        app.push_screen(PartnerForm(None))
        await started(pilot)
        app.reload_workspace()
        await started(pilot)
        await pilot.pause()
        assert isinstance(app.screen, PartnerForm)


async def test_sort_cycles_through_columns_and_back_to_file_order(demo: Path) -> None:
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        table = await to_conventions(pilot)
        file_order = [table.rows[i].key for i in table.shown]
        await pilot.press("s")
        assert (table.sort_column, table.sort_reverse) == (0, False)
        await pilot.press("s")
        assert (table.sort_column, table.sort_reverse) == (0, True)
        await pilot.press("s")
        assert (table.sort_column, table.sort_reverse) == (1, False)
        for _ in range(2 * len(table.columns) - 3):
            await pilot.press("s")
        assert (table.sort_column, table.sort_reverse) == (len(table.columns) - 1, True)
        await pilot.press("s")
        await pilot.pause()
        assert table.sort_column is None
        assert [table.rows[i].key for i in table.shown] == file_order


async def test_an_empty_workspace_says_how_to_start(tmp_path: Path) -> None:
    from epn_tui.store.init import init_workspace

    root = tmp_path / "vide"
    init_workspace(root, git=False)
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("2")
        await detail_shown(pilot)  # (the detail says it)
        assert "appuyez sur n" in screen_text(app)


async def test_the_guide_is_a_glance_even_for_a_large_network(
        make_workspace) -> None:  # type: ignore[no-untyped-def]
    """40 partners without a written convention: 12 names and the count of the rest,
    with where to see them all."""
    from tests.conftest import PARTNERS, VALID

    partners = {**PARTNERS, "partners": {**PARTNERS["partners"], **{  # type: ignore[dict-item]
        f"asso-{i:02}": {"kind": "ASSO", "name": f"Association {i:02}"} for i in range(40)}}}
    root = make_workspace({"c.md": VALID}, partners=partners)
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        guide = app.screen.query_one("#dash-side", TextPane).text.plain
        assert "Association 00" in guide and "Association 11" in guide
        assert "Association 12" not in guide
        assert "… et 28 autres (écran Réseau, touche 4)" in guide


def test_the_collector_is_off_while_the_ui_starts_and_while_commands_read(
        demo: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The one policy of epn_tui/startup.py: the UI builds its app with the collector
    off (its loading thread turns it back on); a command reads the workspace with it
    paused; both leave it on."""
    import gc

    from epn_tui import cli
    from epn_tui.commands import ui
    from epn_tui.store.workspace import Workspace
    from epn_tui.tui import app as app_module

    seen: dict[str, bool] = {}
    read = Workspace.open

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.setdefault("read", gc.isenabled())
        return read(*args, **kwargs)

    def build(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen["ui"] = gc.isenabled()

    monkeypatch.setattr(Workspace, "open", spy)
    monkeypatch.setattr(app_module, "build_app", build)
    monkeypatch.setattr(ui, "run_app", lambda app, root: 0)
    assert cli.main(["-w", str(demo)]) == 0
    assert gc.isenabled()
    assert cli.main(["-w", str(demo), "check"]) == 0
    assert gc.isenabled()
    assert seen == {"ui": False, "read": False}


async def test_escape_on_the_network_screen_goes_back_to_the_dashboard(demo: Path) -> None:
    from epn_tui.tui.screens.dashboard import DashboardScreen
    from epn_tui.tui.screens.network import NetworkScreen

    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, NetworkScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


def bar_text(app) -> str:  # type: ignore[no-untyped-def]
    from epn_tui.tui.widgets.bars import KeyBar

    return app.screen.query_one(KeyBar).render_line(0).text


async def test_the_key_bar_says_what_works_now_on_the_conventions_screen(
        demo: Path) -> None:
    """No convention under the cursor: edit, text and print are dimmed and do nothing;
    Escape (clear the filter) shows while there is a filter."""
    from epn_tui.tui.widgets.bars import KeyBar

    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        table = await to_conventions(pilot)
        assert "Échap" not in bar_text(app)
        bar = app.screen.query_one(KeyBar)
        assert [bool(s.style.dim) for s in bar.render_line(0) if s.text == "e"] == [False]
        await pilot.press("slash", *"zzz")
        await pilot.pause()
        assert table.shown == []
        assert "Échap Effacer le filtre" in bar_text(app)
        await pilot.press("enter")  # to the (empty) list
        await pilot.pause()
        assert [s.style.dim for s in bar.render_line(0) if s.text == "e"] == [True]
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ConventionsScreen"  # no form opened
        await pilot.press("escape")
        await pilot.pause()
        assert table.shown and "Échap" not in bar_text(app)


async def test_textual_s_palette_commands_are_in_french(demo: Path) -> None:
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles[0] == "Thème" and titles[-1] == "Quitter"
        assert not {"Keys", "Screenshot", "Theme", "Quit"} & set(titles)


async def test_a_focused_dashboard_pane_shows_it_and_stays_within_its_text(
        demo: Path) -> None:
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        advice = app.screen.query_one("#dash-advice", TextPane)
        before = advice.styles.border_top[0]
        await pilot.press("tab")
        await pilot.pause()
        assert advice.has_focus and advice.styles.border_top[0] != before
        await pilot.press("end")
        await pilot.pause()
        assert advice.scroll_y == advice.max_scroll_y > 0
        last = advice.render_line(advice.size.height - 1).text.strip()
        assert last  # no empty line at the end
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert advice.scroll_y <= advice.max_scroll_y
        assert advice.render_line(advice.size.height - 1).text.strip() == last


async def test_screens_out_of_sight_redraw_when_shown_again(demo: Path) -> None:
    """A reload redraws the screen shown; the others when they are shown again (at
    10,000 conventions redrawing every screen's lists froze the UI for a second)."""
    import shutil

    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        table = await to_conventions(pilot)
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        before = [row.key for row in table.rows]
        source = next(demo.glob("*.md"))
        shutil.copy(source, demo / "copie-de-test.md")
        app.reload_workspace()
        await started(pilot)
        assert [row.key for row in table.rows] == before  # not redrawn out of sight
        network = app.get_screen_stack("network")[0]
        assert network.workspace is app.workspace  # handed the new one all the same
        await pilot.press("2")
        await pilot.pause()
        assert "copie-de-test" in [row.key for row in table.rows]
        await pilot.press("4")
        await pilot.pause()
        network_links = {link.id for group in app.screen.network.groups
                         for node in group.nodes for link in node.conventions}
        assert "copie-de-test" in network_links


async def test_escape_from_the_detail_goes_back_to_the_list(demo: Path) -> None:
    from epn_tui.tui.widgets.convention_detail import ConventionDetail

    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        table = await to_conventions(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, ConventionDetail)
        assert "Échap" in bar_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is table


def test_the_collector_is_back_on_when_the_ui_does_not_start(tmp_path: Path) -> None:
    import gc

    from epn_tui import cli

    assert cli.main(["-w", str(tmp_path / "nowhere")]) == 2
    assert gc.isenabled()
    assert cli.main(["demo", "--no-ui", str(tmp_path / "demo")]) == 0
    assert gc.isenabled()


async def test_the_dashboard_panes_text_can_be_selected_with_the_mouse(demo: Path) -> None:
    app = build_app(demo, today=TODAY, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        side = app.screen.query_one("#dash-side", TextPane)
        x, y = side.region.x + 3, side.region.y + 1
        await pilot.mouse_down(offset=(x, y))
        await pilot.hover(offset=(x + 10, y + 2))
        await pilot.mouse_up(offset=(x + 10, y + 2))
        await pilot.pause()
        selected = app.screen.get_selected_text()
        assert selected and "en projet" in selected
