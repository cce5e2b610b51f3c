"""git in the terminal UI, with real repositories in temporary folders: the history of a
convention and of a partner (`h`), what changed since the signed version (`s`),
restoring a version (`r`), the git state in the title bar, « Synchroniser » (Ctrl+G)
with a bare remote and a colleague's clone, a conflict, and the note, once, that a
commit waits for a git identity."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from epn_tui.tui.app import EpnApp, build_app
from epn_tui.tui.screens.confirm import Confirm
from epn_tui.tui.screens.history import HistoryScreen
from epn_tui.tui.screens.sync import SyncConflictScreen, SyncScreen
from epn_tui.tui.widgets.bars import TitleBar
from tests.tui.git_helpers import (
    CONV,
    CONV_PATH,
    DRAFT,
    REVISED,
    SIGNED,
    clone,
    git,
    identity,
    set_partner_field,
    small_repo,
    with_remote,
)
from tests.tui.workers import workers_done

pytestmark = pytest.mark.usefixtures("colours")  # each test also runs with NO_COLOR=1

TODAY = date(2026, 12, 2)
SIZE = (100, 30)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    identity(tmp_path, monkeypatch)
    return small_repo(tmp_path / "ws")


def text_of(widget: Widget) -> str:
    return "\n".join(widget.render_line(y).text.rstrip() for y in range(widget.size.height))


def static(app: EpnApp, selector: str) -> str:
    """What a Static shows, its lines joined (words are not cut where it wraps)."""
    return " ".join(text_of(app.screen.query_one(selector, Static)).split())


async def settle(pilot: Pilot[None]) -> None:
    for _round in range(3):
        await workers_done(pilot.app)
        await pilot.pause(0.05)


async def open_history(pilot: Pilot[None], conv_id: str = CONV) -> HistoryScreen:
    from epn_tui.tui.screens.conventions import ConventionsScreen

    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ConventionsScreen)
    screen.select_convention(conv_id)
    await settle(pilot)
    await pilot.press("h")
    await settle(pilot)
    await pilot.pause(0.15)  # the difference waits for the cursor to rest
    await settle(pilot)
    history = pilot.app.screen
    assert isinstance(history, HistoryScreen)
    return history


async def move(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause(0.15)
    await settle(pilot)


# History ---------------------------------------------------------------------------------
async def test_history_of_a_convention_lists_its_versions_and_what_each_changed(
        repo: Path) -> None:
    app = build_app(repo, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        history = await open_history(pilot)
        assert "Historique : Partenariat école" in text_of(history.query_one(TitleBar))
        assert "3 versions" in static(app, "#history-count")
        listing = text_of(history.query_one("#history-list", OptionList))
        # Newest first, French dates in the commit's time, author, short hash, message.
        assert listing.index("02/12/2026 10:31  Robert Peyrat") < listing.index(
            "01/12/2026 14:05  Claire Martin") < listing.index("30/11/2026 09:00")
        assert "Le jeudi après-midi" in listing
        assert "[signée] Convention ecole : statut en négociation → signée" in " ".join(
            listing.split())
        signed = git(repo, "rev-parse", "--short", "HEAD~2").strip()
        assert signed in listing

        # The newest version changed words of the text: struck and added, marked
        # [-…-]{+…+} without colours.
        title = static(app, "#history-diff-title")
        assert "Ce que cette version a changé" in title
        diff = static(app, "#history-diff")
        assert diff.startswith("Texte") and "Champs" not in diff
        if app.no_color:
            assert "l'EPN le [-mardi matin.-]{+jeudi après-midi.+}" in diff
        else:  # (struck, then underlined)
            assert "l'EPN le mardi matin. jeudi après-midi." in diff
        assert "Un bilan est fait" not in diff  # unchanged paragraphs are not shown

        # The one before: the status, field by field.
        await move(pilot, "down")
        diff = static(app, "#history-diff")
        if app.no_color:
            assert "statut : [-en négociation-] → {+signée+}" in diff
            assert "date de signature : (vide) → {+28/08/2025+}" in diff
        else:
            assert "statut : en négociation → signée" in diff
            assert "date de signature : (vide) → 28/08/2025" in diff
        # The first one.
        await move(pilot, "down")
        assert "La première version" in static(app, "#history-diff-title")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HistoryScreen)


async def test_s_shows_what_changed_since_the_signed_version(repo: Path) -> None:
    (repo / CONV_PATH).write_text(REVISED.replace("notice: 3 mois", "notice: 2 mois"), "utf-8")
    app = build_app(repo, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        history = await open_history(pilot)
        # Not committed yet: the first line says so, and what it changes.
        listing = text_of(history.query_one("#history-list", OptionList))
        assert listing.lstrip().startswith("Maintenant")
        assert "modifications pas encore versionnées" in listing
        assert "préavis : " in static(app, "#history-diff")
        await move(pilot, "s")
        title = static(app, "#history-diff-title")
        signed = git(repo, "rev-parse", "--short", "HEAD~2").strip()
        assert f"depuis la version signée (01/12/2026 14:05, {signed})" in title
        diff = static(app, "#history-diff")
        assert "préavis : " in diff and "3 mois" in diff and "2 mois" in diff
        assert "après-midi" in diff and "statut" not in diff
        # Restoring is for a version of the list: not offered here.
        assert history.check_action("restore", ()) is None
        await move(pilot, "s")
        assert "Pas encore versionné" in static(app, "#history-diff-title")


async def test_r_restores_a_version_as_a_new_change_and_keeps_the_history(
        repo: Path) -> None:
    before = git(repo, "log", "--format=%H").split()
    app = build_app(repo, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        history = await open_history(pilot)
        await move(pilot, "down", "down")  # the first version, the draft
        await pilot.press("r")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, Confirm)
        first = git(repo, "rev-parse", "--short", "HEAD~3").strip()
        assert question.question == (
            f"Revenir à la version du 30/11/2026 ({first}) : le contenu actuel de la "
            f"convention « Partenariat école » ({CONV_PATH}) sera remplacé par cette "
            "version, comme une nouvelle modification ; l'historique est conservé.")
        await pilot.click("#yes")
        await settle(pilot)
        await pilot.pause(0.15)
        await settle(pilot)
        assert app.screen is history
        assert (repo / CONV_PATH).read_text("utf-8") == DRAFT
        after = git(repo, "log", "--format=%H").split()
        assert after[1:] == before  # one more commit; none rewritten
        assert "retour à la version" in git(repo, "log", "-1", "--format=%s")
        assert git(repo, "status", "--porcelain") == ""
        assert "4 versions" in static(app, "#history-count")
        # The new version is highlighted: it undid the signature and the new text.
        diff = static(app, "#history-diff")
        assert "statut : " in diff and "jeudi après-midi" in diff
        await pilot.press("escape")
        await settle(pilot)
        assert app.workspace is not None
        assert app.workspace.conventions[CONV].status == "negotiation"


async def test_history_of_a_partner_and_restoring_its_record(repo: Path) -> None:
    from epn_tui.tui.screens.partners import PartnersScreen

    app = build_app(repo, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        partners = app.screen
        assert isinstance(partners, PartnersScreen)
        partners.select_partner("ecole")
        await settle(pilot)
        await move(pilot, "h")
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert history.subject.table == "partners"
        assert "2 versions" in static(app, "#history-count")
        diff = static(app, "#history-diff")
        assert ("téléphone : (vide) → {+05 53 00 00 01+}" if app.no_color
                else "téléphone : (vide) → 05 53 00 00 01") in diff
        assert history.check_action("since_signed", ()) is False  # not for a record
        await move(pilot, "down")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "la fiche « École Jules-Ferry » de partners.json" in app.screen.question
        await pilot.click("#yes")
        await settle(pilot)
        await pilot.pause(0.15)
        await settle(pilot)
        record = json.loads((repo / "partners.json").read_text("utf-8"))["partners"]["ecole"]
        assert "phone" not in record
        assert "Partenaire ecole" in git(repo, "log", "-1", "--format=%s")
        assert "3 versions" in static(app, "#history-count")


async def test_outside_a_repository_the_ui_says_how_to_make_one(
        make_workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import VALID

    identity(tmp_path, monkeypatch)
    root = make_workspace({"ecole.md": VALID})
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.git_state is not None and not app.git_state.versioned
        assert "git" not in text_of(app.screen.query_one(TitleBar))
        assert "sans historique : `epn git setup` garde chaque version" in static(
            app, "#dash-title")
        history = await open_history(pilot, "ecole")
        assert "Pas d'historique" in static(app, "#history-count")
        assert "`epn git setup` en fait un dépôt" in static(app, "#history-diff")
        assert history.check_action("restore", ()) is None
        await pilot.press("r", "s")  # nothing to do, nothing breaks
        await pilot.press("escape")
        await settle(pilot)
        # Synchronising says why it cannot.
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, SyncScreen)
        assert "epn git setup" in static(app, "#sync-result")


# The title bar ------------------------------------------------------------------------------
async def test_the_title_bar_shows_changes_not_committed_and_the_remote(
        repo: Path, tmp_path: Path) -> None:
    remote = with_remote(repo, tmp_path / "remote.git")
    colleague = clone(remote, tmp_path / "colleague")
    set_partner_field(colleague, "epn-test", "phone", "05 53 99 99 99", "Leur changement")
    git(colleague, "push", "-q")
    git(repo, "fetch", "-q")
    set_partner_field(repo, "ecole", "commune", "Sorges", "Notre changement")
    (repo / "brouillon.txt").write_text("à finir\n", "utf-8")
    app = build_app(repo, today=TODAY, watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        bar = text_of(app.screen.query_one(TitleBar))
        assert bar.endswith("git : 1 fichier non versionné · 1 à envoyer ↑ · 1 à recevoir ↓")
        assert bar.lstrip().startswith("Conventions de l'EPN")
    # Narrow: the short form.
    app = build_app(repo, today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = text_of(app.screen.query_one(TitleBar))
        assert bar.endswith("git : 1 non versionné · ↑1 ↓1")


# Synchronising --------------------------------------------------------------------------------
async def test_ctrl_g_synchronises_and_reloads(repo: Path, tmp_path: Path) -> None:
    remote = with_remote(repo, tmp_path / "remote.git")
    colleague = clone(remote, tmp_path / "colleague")
    set_partner_field(colleague, "epn-test", "commune", "Thiviers", "Leur changement")
    git(colleague, "push", "-q")
    app = build_app(repo, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SyncScreen)
        assert "Synchronisation terminée" in static(app, "#sync-title")
        log = static(app, "#sync-log")
        assert "Récupération depuis origin" in log
        assert "1 changement reçu" in static(app, "#sync-result")
        await pilot.press("escape")
        await settle(pilot)
        assert app.workspace is not None
        assert app.workspace.partners()["epn-test"].commune == "Thiviers"
        assert app.git_state is not None and app.git_state.behind == 0
        assert "git ✓" in text_of(app.screen.query_one(TitleBar))


async def test_ctrl_g_from_the_palette_and_a_conflict_explained(repo: Path,
                                                                tmp_path: Path) -> None:
    remote = with_remote(repo, tmp_path / "remote.git")
    colleague = clone(remote, tmp_path / "colleague")
    set_partner_field(colleague, "ecole", "phone", "05 00 00 00 02", "Leur téléphone")
    git(colleague, "push", "-q")
    set_partner_field(repo, "ecole", "phone", "05 00 00 00 03", "Notre téléphone")
    ours = git(repo, "rev-parse", "HEAD")
    app = build_app(repo, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "synchroniser"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SyncConflictScreen)
        text = "\n".join(text_of(w) for w in screen.query(Static))
        assert "un collègue a modifié les mêmes choses que vous" in text
        assert "partners.json : ecole.phone" in text
        assert "05 00 00 00 03" in text and "05 00 00 00 02" in text
        assert "Rien n'a été fusionné et rien n'est perdu" in text
        assert "puis synchronisez à nouveau (Ctrl+G)" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SyncConflictScreen)
    # Clean, never left mid-merge; both versions reachable.
    assert not (repo / ".git" / "MERGE_HEAD").exists()
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "rev-parse", "HEAD") == ours
    assert "05 00 00 00 02" in git(repo, "show", "origin/main:partners.json")


# The commit that waits for an identity ------------------------------------------------------
async def test_a_commit_waiting_for_an_identity_is_said_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    identity(tmp_path, monkeypatch)
    root = small_repo(tmp_path / "ws")
    identity(tmp_path, monkeypatch, named=False)  # from now on git knows no name
    app = build_app(root, today=TODAY, watch=False)
    said: list[str] = []
    notify = app.notify

    def spy(message: str, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        said.append(message)
        notify(message, *args, **kwargs)

    app.notify = spy  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        app.screen.select_partner("ecole")  # type: ignore[attr-defined]
        await settle(pilot)
        for commune in ("Sorges", "Ligueux"):
            await pilot.press("e")
            await settle(pilot)
            app.screen.query_one("#field-commune", Input).value = commune
            await pilot.press("ctrl+s")
            await settle(pilot)
    hints = [m for m in said if "git ne connaît pas votre nom" in m]
    assert len(hints) == 1
    assert "epn git identity" in hints[0]
    data = json.loads((root / "partners.json").read_text("utf-8"))
    assert data["partners"]["ecole"]["commune"] == "Ligueux"  # saved all the same
    assert "partners.json" in git(root, "status", "--porcelain")  # the commit waits


def test_the_fixture_versions_are_what_the_tests_expect(repo: Path) -> None:
    assert (repo / CONV_PATH).read_text("utf-8") == REVISED
    assert git(repo, "show", f"HEAD~2:{CONV_PATH}") == SIGNED
    assert git(repo, "log", "--format=%s").splitlines()[0] == \
        "Partenaire ecole : téléphone modifié"
