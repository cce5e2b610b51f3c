"""The convention editing flows, driven with Pilot on a copy of the demo workspace:
new from a template, the fields form, the body editor, conflicts, printing."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Select, TextArea

from epn_tui.cli import main as cli_main
from epn_tui.i18n import _
from epn_tui.tui.screens.body_editor import BodyEditor
from epn_tui.tui.screens.confirm import CloseQuestion, Confirm
from epn_tui.tui.screens.conflict import ConflictScreen
from epn_tui.tui.screens.convention_form import ConventionForm
from epn_tui.tui.screens.conventions import ConventionsScreen
from epn_tui.tui.screens.new_convention import NewConventionScreen
from epn_tui.tui.screens.print_dialog import PrintDialog
from epn_tui.tui.widgets.row_table import RowTable

from .edit_helpers import (
    SIZE,
    changed_lines,
    copy_demo,
    make_app,
    open_conventions,
    screen_text,
    settle,
    shown,
)

CONV = "aines-du-causse-ateliers-seniors"
CRLF_TEXT = (
    "---\r\n"
    "# Une convention écrite sous Windows\r\n"
    "title: Convention CRLF   # le titre\r\n"
    "status: signed           # signée en mairie\r\n"
    "type: partenariat\r\n"
    "parties:\r\n"
    "  - partner: mairie-sorges\r\n"
    "    role: partenaire\r\n"
    "  - partner: epn-sorges\r\n"
    "    role: porteur\r\n"
    "start: 2026-01-01\r\n"
    "duration: 1 an\r\n"
    "---\r\n"
    "# Texte\r\n"
    "\r\n"
    "Corps.\r\n"
)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "demo")


async def press(pilot, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Press a button of the current screen. Not a click: the button may be below the
    visible part of the form, or under a notification toast."""
    button = pilot.app.screen.query(selector).first(Button)
    button.scroll_visible(animate=False)
    await pilot.pause()
    button.press()
    await pilot.pause()


def check_ok(root: Path) -> int:
    return cli_main(["-w", str(root), "check"])


async def open_form(pilot, conv_id: str = CONV) -> ConventionForm:  # type: ignore[no-untyped-def]
    await open_conventions(pilot, conv_id)
    await pilot.press("e")
    await settle(pilot, 0.1)
    form = pilot.app.screen
    assert isinstance(form, ConventionForm)
    return form


async def open_new_dialog(pilot) -> NewConventionScreen:  # type: ignore[no-untyped-def]
    await open_conventions(pilot)
    await pilot.press("n")
    await settle(pilot)
    modal = pilot.app.screen
    assert isinstance(modal, NewConventionScreen)
    return modal


# New from a template --------------------------------------------------------------------
@pytest.mark.usefixtures("colours")  # also with NO_COLOR=1
async def test_create_from_template(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_new_dialog(pilot)
        names = [t.name for t in modal.templates]
        assert "partenariat-ecole" in names
        # Choose the school template with the keyboard, then type the title.
        for _step in range(names.index("partenariat-ecole")):
            await pilot.press("down")
        await pilot.press("enter")
        assert app.focused is modal.query_one("#new-title", Input)
        await pilot.press(*"Ateliers", "space", *"CM2", "space", *"Jaurès")
        await pilot.press("enter", "enter")  # to the folder, then create
        await settle(pilot, 0.2)
        # The form opens on the new convention.
        assert isinstance(app.screen, ConventionForm)
        assert app.screen.conv_id == "ateliers-cm2-jaures"
        await pilot.press("escape")
        await settle(pilot, 0.3)
        assert isinstance(app.screen, ConventionsScreen)
        assert app.screen.query_one(RowTable).cursor_key == "ateliers-cm2-jaures"
        assert "ateliers-cm2-jaures" in [r.key for r in app.screen.query_one(RowTable).rows]

    path = demo / "ateliers-cm2-jaures.md"
    text = path.read_text(encoding="utf-8")
    template = (Path(__file__).parents[2] / "epn_tui/templates/partenariat-ecole.md"
                ).read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Ateliers CM2 Jaurès\n")
    assert "description:" not in text  # template metadata, not the convention's
    # Everything else is the template, byte for byte.
    rest = [line for line in template.splitlines() if not line.startswith(("title:",
                                                                            "description:"))]
    assert [line for line in text.splitlines() if not line.startswith("title:")] == rest
    assert check_ok(demo) == 0


async def test_create_in_a_subfolder_and_refuse_escapes(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_new_dialog(pilot)
        modal.query_one("#new-title", Input).value = "Projet Collège"
        folder = modal.query_one("#new-folder", Input)
        for bad in ("../dehors", "/tmp", ".cache", "templates"):
            folder.value = bad
            await press(pilot, "#create")
            await settle(pilot)
            assert app.screen is modal, bad
            assert shown(app, "#new-error").strip(), bad
        folder.value = "Éducation 2026/CM2"
        await press(pilot, "#create")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConventionForm), shown(app, "#new-error")
    assert (demo / "education-2026" / "cm2" / "projet-college.md").is_file()
    assert not (demo.parent / "dehors").exists()
    assert check_ok(demo) == 0


async def test_workspace_templates_listed_broken_ones_with_their_problem(demo: Path) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "maison.md").write_text(
        "---\ntitle: \"[bold]Modèle[/] maison\"\ndescription: \"\\e[31mrouge [i]x[/i]\"\n"
        "status: draft\nparties: []\n---\nTexte.\n", encoding="utf-8")
    (demo / "templates" / "casse.md").write_text("pas de front matter\n", encoding="utf-8")
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_new_dialog(pilot)
        by_name = {t.name: t for t in modal.templates}
        assert by_name["maison"].source == "workspace" and by_name["maison"].usable
        assert by_name["casse"].problem is not None and "---" in by_name["casse"].problem
        modal.query_one("#templates").focus()
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]Modèle[/] maison" in text  # markup shown as data
        assert _("[this workspace]") in text
        assert "rouge [i]x[/i]" in text and "\x1b" not in text
        assert "casse" in text or "première ligne" in text


# The fields form ---------------------------------------------------------------------------
async def test_change_status_writes_one_line(demo: Path) -> None:
    path = demo / f"{CONV}.md"
    before = path.read_text(encoding="utf-8")
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        assert not form.is_dirty
        # With the keyboard: focus the status, open it, pick the next option.
        form.query_one("#f-status", Select).focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("up", "enter")  # signed → negotiation
        await settle(pilot)
        assert form.query_one("#f-status", Select).value == "negotiation"
        assert form.is_dirty
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConventionsScreen)
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [(4, "status: signed\n", "status: negotiation\n")]


async def test_change_status_on_crlf_file_with_comments(demo: Path) -> None:
    path = demo / "crlf.md"
    path.write_bytes(CRLF_TEXT.encode("utf-8"))
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "crlf")
        form.query_one("#f-status", Select).value = "terminated"
        form.query_one("#f-terminated", Input).value = "30/06/2026"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConventionsScreen)
    after = path.read_bytes().decode("utf-8")
    old = CRLF_TEXT.split("\r\n")
    new = after.split("\r\n")
    # The status value changed in place (its comment kept) and one line was added.
    assert new[3] == "status: terminated           # signée en mairie"
    assert "terminated: 2026-06-30" in new
    assert [x for x in new if x not in ("status: terminated           # signée en mairie",
                                        "terminated: 2026-06-30")] == \
        [x for x in old if x != "status: signed           # signée en mairie"]
    assert "\n" not in after.replace("\r\n", "")  # CRLF everywhere, no bare LF


async def test_change_only_status_on_crlf_is_one_line(demo: Path) -> None:
    path = demo / "crlf.md"
    path.write_bytes(CRLF_TEXT.encode("utf-8"))
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "crlf")
        form.query_one("#f-status", Select).value = "negotiation"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
    after = path.read_bytes().decode("utf-8")
    assert changed_lines(CRLF_TEXT, after) == [
        (4, "status: signed           # signée en mairie\r\n",
         "status: negotiation           # signée en mairie\r\n")]


async def test_invalid_date_refused_with_its_error(demo: Path) -> None:
    path = demo / f"{CONV}.md"
    before = path.read_bytes()
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        start = form.query_one("#f-start", Input)
        start.focus()
        start.value = ""
        await pilot.press(*"31/02/2026")
        await pilot.press("ctrl+s")
        await settle(pilot, 0.3)
        assert app.screen is form  # not saved, still editing
        error = " ".join(shown(app, "#err-start").split())
        # Written right, but there is no such day: said so (not "write it like 15/09/2025").
        assert "31/02/2026 n'existe pas : février 2026 compte 28 jours" in error
        # The field's own validator (Textual's) says the same and marks it.
        checked = start.validate(start.value)
        assert checked is not None and checked.failure_descriptions == [
            "31/02/2026 n'existe pas : février 2026 compte 28 jours"]
        assert start.has_class("-invalid")
    assert path.read_bytes() == before


@pytest.mark.usefixtures("colours")  # also with NO_COLOR=1
async def test_edit_dates_durations_parties_and_follow_up(demo: Path) -> None:
    path = demo / f"{CONV}.md"
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        form.query_one("#f-start", Input).value = "2025-10-15"  # ISO is accepted too
        form.query_one("#f-notice", Input).value = "2 mois"
        form.query_one("#f-amount", Input).value = "1 200,50"
        form.query_one("#f-themes", Input).value = "seniors, numérique"
        await press(pilot, "#add-follow-up")
        await pilot.pause()
        row = form.query(".follow-up").last()
        row.query_one(".fu-what", Input).value = "Bilan"
        row.query_one(".fu-every", Input).value = "1 an"
        row.query_one(".fu-from", Input).value = "15/10/2026"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConventionsScreen)
    text = path.read_text(encoding="utf-8")
    assert "start: 2025-10-15\n" in text
    assert "notice: 2 mois\n" in text
    assert "amount: 1200.5\n" in text
    assert "themes: [seniors, numérique]\n" in text
    assert "  - what: Bilan\n    every: 1 an\n    from: 2026-10-15\n" in text
    assert check_ok(demo) == 0


async def test_remove_a_field_deletes_the_key(demo: Path) -> None:
    path = demo / "commune-sorges-mise-a-disposition.md"
    before = path.read_text(encoding="utf-8")
    assert "follow_up:" in before
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "commune-sorges-mise-a-disposition")
        form.query_one("#f-type", Select).clear()
        await press(pilot, ".remove-follow-up")
        await settle(pilot)
        assert form.is_dirty
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
    after = path.read_text(encoding="utf-8")
    assert "type:" not in after and "follow_up:" not in after
    assert "deliberation:" in after  # unknown keys stay
    kept = [line for line in before.splitlines()
            if not line.startswith(("type:", "follow_up:", "  - what:", "    every:",
                                    "    from:"))]
    assert after.splitlines() == kept


async def test_parties_add_and_signatory_follows_partner(demo: Path) -> None:
    path = demo / f"{CONV}.md"
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await press(pilot, "#add-party")
        await pilot.pause()
        party = form.query(".party").last()
        party.query_one(".party-partner", Select).value = "mairie-sorges"
        await settle(pilot)
        signatory = party.query_one(".party-signatory", Select)
        contacts = [value for _label, value in signatory._options if isinstance(value, str)]
        assert "jean-pierre-delmas" in contacts
        signatory.value = "jean-pierre-delmas"
        party.query_one(".party-role", Input).value = "financeur"
        party.query_one(".party-commitments", TextArea).text = "Prêter la salle\n\nPayer\n"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
    text = path.read_text(encoding="utf-8")
    assert ("  - partner: mairie-sorges\n    role: financeur\n    signatory: jean-pierre-delmas\n"
            "    commitments:\n      - Prêter la salle\n      - Payer\n") in text
    assert check_ok(demo) == 0


async def test_party_without_partner_refused(demo: Path) -> None:
    path = demo / f"{CONV}.md"
    before = path.read_bytes()
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await press(pilot, "#add-party")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert app.screen is form
        assert "partenaire" in shown(app, "#err-parties") or "partner" in shown(
            app, "#err-parties")
    assert path.read_bytes() == before


@pytest.mark.usefixtures("colours")  # also with NO_COLOR=1
async def test_escape_with_changes_asks_and_discards(demo: Path) -> None:
    path = demo / f"{CONV}.md"
    before = path.read_bytes()
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await pilot.press("end", "x")
        assert form.is_dirty
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CloseQuestion)
        await press(pilot, "#discard")
        await settle(pilot)
        assert isinstance(app.screen, ConventionsScreen)
    assert path.read_bytes() == before


async def test_escape_with_changes_save_and_close(demo: Path) -> None:
    path = demo / f"{CONV}.md"
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_conventions(pilot, CONV)
        await pilot.press("b")
        await settle(pilot, 0.1)
        await pilot.press(*"Mon", "space")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CloseQuestion)
        assert str(app.screen.query_one("#save", Button).label) == "Enregistrer et fermer"
        await press(pilot, "#save")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConventionsScreen)
    assert "---\nMon # Convention" in path.read_text(encoding="utf-8")


async def test_quit_with_unsaved_changes_prompts(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        await pilot.press("end", "x")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Keep editing" in screen_text(app) or "Continuer" in screen_text(app)
        await pilot.press("enter")  # the focused button: keep editing
        await pilot.pause()
        assert app.is_running
        assert app.screen is form and form.is_dirty
        assert form.query_one("#f-title", Input).value.endswith("x")


@pytest.mark.usefixtures("colours")  # also with NO_COLOR=1
async def test_markup_and_control_characters_are_data(demo: Path) -> None:
    path = demo / "piege.md"
    path.write_text(
        "---\ntitle: \"[bold]x[/] \\e[31mrouge\\x07 [link=http://evil]clic[/link]\"\n"
        "status: draft\nthemes: [\"[red]t[/red]\"]\nparties:\n  - partner: mairie-sorges\n"
        "    role: \"[i]rôle[/i]\"\n    commitments:\n      - \"[blink]engagement[/]\"\n"
        "notes: \"[b]libre[/b]\"\n---\n# [bold]Corps[/bold]\n", encoding="utf-8")
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "piege")
        title = form.query_one("#f-title", Input).value
        assert title == "[bold]x[/] [31mrouge [link=http://evil]clic[/link]"
        text = screen_text(app)
        assert "[bold]x[/]" in text and "\x1b" not in text and "\x07" not in text
        assert "[red]t[/red]" in text
        assert "[i]rôle[/i]" in text
        assert "[blink]engagement[/]" in text
        assert "notes: [b]libre[/b]" in shown(app, "#form-unknown")  # read-only
        assert not form.is_dirty  # nothing rewritten just by showing it
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot, 0.1)
        assert isinstance(app.screen, BodyEditor)
        assert "[bold]Corps[/bold]" in screen_text(app)


# The file changed on disk ----------------------------------------------------------------
async def _conflict_setup(demo: Path, pilot) -> tuple[ConventionForm, Path, str]:  # type: ignore[no-untyped-def]
    """The form changes the status; meanwhile someone else changes the status too (a
    conflict) and the title (no conflict)."""
    path = demo / f"{CONV}.md"
    form = await open_form(pilot)
    form.query_one("#f-status", Select).value = "negotiation"
    await settle(pilot)
    theirs = path.read_text(encoding="utf-8").replace(
        "title: Partenariat EPN", "title: Partenariat modifié EPN").replace(
        "status: signed", "status: terminated")
    path.write_text(theirs, encoding="utf-8")
    return form, path, theirs


async def test_save_merges_a_change_made_elsewhere(demo: Path) -> None:
    """Someone else changed another key: saved without a question, both kept, and the
    toast says so."""
    app = make_app(demo)
    path = demo / f"{CONV}.md"
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        form.query_one("#f-status", Select).value = "negotiation"
        await settle(pilot)
        theirs = path.read_text(encoding="utf-8").replace(
            "title: Partenariat EPN", "title: Partenariat modifié EPN")
        path.write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConventionsScreen)
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert any("entre-temps" in m for m in messages), messages
    assert path.read_text(encoding="utf-8") == theirs.replace("status: signed",
                                                              "status: negotiation")


async def test_conflict_on_save_then_reload(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form, path, theirs = await _conflict_setup(demo, pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConflictScreen)
        assert path.read_text(encoding="utf-8") == theirs  # never silently overwritten
        words = " ".join(shown(app, ".question").split())
        assert "Recharger : abandonner vos modifications" in words
        assert "Garder les miennes : écrire vos valeurs pour les champs que vous avez " \
            "modifiés tous les deux" in words
        await press(pilot, "#diff")
        await pilot.pause()
        diff = shown(app, "#conflict-diff-text")
        # What the other edit changed, then what keeping mine would write.
        assert "-title: Partenariat EPN" in diff and "+title: Partenariat modifié" in diff
        assert "-status: terminated" in diff and "+status: negotiation" in diff
        assert diff.index("+title: Partenariat modifié") < diff.index("+status: negotiation")
        await press(pilot, "#reload")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConventionForm)
        form = app.screen
        assert form.query_one("#f-title", Input).value.startswith("Partenariat modifié EPN")
        assert form.query_one("#f-status", Select).value == "terminated"
        assert not form.is_dirty
    assert path.read_text(encoding="utf-8") == theirs


async def test_conflict_on_save_then_keep_mine(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form, path, theirs = await _conflict_setup(demo, pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConflictScreen)
        await press(pilot, "#keep")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConventionsScreen)
    after = path.read_text(encoding="utf-8")
    # Mine (the status) written over theirs; their other edit (the title) stays.
    assert changed_lines(theirs, after) == [(4, "status: terminated\n", "status: negotiation\n")]


async def test_conflict_back_to_editing_keeps_editing(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form, path, theirs = await _conflict_setup(demo, pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert "Continuer l'édition : rien n'est écrit" in " ".join(
            shown(app, ".question").split())
        await press(pilot, "#cancel")
        await settle(pilot)
        assert app.screen is form and form.is_dirty
        await pilot.press("ctrl+s")  # asks again: the status is still changed on both sides
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConflictScreen)
    assert path.read_text(encoding="utf-8") == theirs


async def test_watcher_change_while_editing(demo: Path) -> None:
    app = make_app(demo)
    path = demo / f"{CONV}.md"
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        form.query_one("#f-status", Select).value = "negotiation"
        await settle(pilot)
        # Another key changed on disk: no question, a notice that saving merges.
        original = path.read_text(encoding="utf-8")
        path.write_text(original.replace("title: Partenariat EPN",
                                         "title: Partenariat modifié EPN"), encoding="utf-8")
        form.files_changed([f"{CONV}.md"])
        await settle(pilot, 0.2)
        assert app.screen is form and form.is_dirty
        # The same key changed on disk: the question comes at once.
        theirs = original.replace("status: signed", "status: terminated")
        path.write_text(theirs, encoding="utf-8")
        form.files_changed([f"{CONV}.md"])
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConflictScreen)
        await press(pilot, "#reload")
        await settle(pilot, 0.2)
        assert app.screen is form
        assert form.query_one("#f-status", Select).value == "terminated"
        # Not dirty now: a further change on disk is simply followed.
        path.write_text(theirs.replace("status: terminated", "status: negotiation"),
                        encoding="utf-8")
        form.files_changed(["autre.md", f"{CONV}.md"])
        await settle(pilot, 0.2)
        assert app.screen is form
        assert form.query_one("#f-status", Select).value == "negotiation"


async def test_watcher_ignores_other_files_and_own_saves(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        form.query_one("#f-notice", Input).value = "2 mois"
        await settle(pilot)
        form.files_changed(["autre.md"])
        form.files_changed([f"{CONV}.md"])  # same bytes on disk: nothing to ask
        await settle(pilot, 0.2)
        assert app.screen is form and form.is_dirty


# The body editor ---------------------------------------------------------------------------
def _split(text: str) -> tuple[str, str]:
    head_end = text.index("\n---\n", 4) + len("\n---\n")
    return text[:head_end], text[head_end:]


@pytest.mark.usefixtures("colours")  # also with NO_COLOR=1
async def test_body_editor_saves_body_only(demo: Path) -> None:
    path = demo / f"{CONV}.md"
    head, body = _split(path.read_text(encoding="utf-8"))
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_conventions(pilot, CONV)
        await pilot.press("b")
        await settle(pilot, 0.1)
        editor = app.screen
        assert isinstance(editor, BodyEditor)
        area = editor.query_one(TextArea)
        assert area.text == body
        area.move_cursor(area.document.end)
        await pilot.press("enter", *"Ajout", "space", *"final.")
        assert editor.is_dirty
        await pilot.press("ctrl+s")
        await settle(pilot, 0.1)
        assert app.screen is editor and not editor.is_dirty  # saved, still editing
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConventionsScreen)
    new_head, new_body = _split(path.read_text(encoding="utf-8"))
    assert new_head == head
    assert new_body == body + "\nAjout final."


async def test_body_editor_keeps_crlf(demo: Path) -> None:
    path = demo / "crlf.md"
    path.write_bytes(CRLF_TEXT.encode("utf-8"))
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_conventions(pilot, "crlf")
        await pilot.press("b")
        await settle(pilot, 0.1)
        editor = app.screen
        assert isinstance(editor, BodyEditor)
        area = editor.query_one(TextArea)
        assert area.text == "# Texte\n\nCorps.\n"
        area.move_cursor(area.document.end)
        await pilot.press(*"Fin.")
        await pilot.press("ctrl+s")
        await settle(pilot, 0.1)
    assert path.read_bytes() == CRLF_TEXT.replace("Corps.\r\n", "Corps.\r\nFin.").encode()


@pytest.fixture
def editor_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An executable 'editor' that appends a line to the file it is given."""
    script = tmp_path / "bin" / "fake editor.py"
    script.parent.mkdir()
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        "with open(sys.argv[-1], 'a', encoding='utf-8') as f:\n"
        "    f.write('Ligne ajoutée par l’éditeur externe.\\n')\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.delenv("VISUAL", raising=False)
    # Quoted: the path has a space, and $EDITOR is split like a shell would.
    monkeypatch.setenv("EDITOR", f"'{script}'")
    return temp


async def test_external_editor(demo: Path, editor_script: Path) -> None:
    path = demo / f"{CONV}.md"
    head, body = _split(path.read_text(encoding="utf-8"))
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        # The headless driver cannot hand the terminal over; the rest is real.
        app.suspend = contextlib.nullcontext  # type: ignore[method-assign]
        await open_conventions(pilot, CONV)
        await pilot.press("b")
        await settle(pilot, 0.1)
        editor = app.screen
        assert isinstance(editor, BodyEditor)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert editor.query_one(TextArea).text == body + "Ligne ajoutée par l’éditeur externe.\n"
        assert os.listdir(editor_script) == []  # the temp file is gone
        await pilot.press("ctrl+s")
        await settle(pilot, 0.1)
    assert path.read_text(encoding="utf-8") == (
        head + body + "Ligne ajoutée par l’éditeur externe.\n")


async def test_external_editor_not_set(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_conventions(pilot, CONV)
        await pilot.press("b")
        await settle(pilot, 0.1)
        await pilot.press("ctrl+e")
        await pilot.pause()
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert any("EDITOR" in m for m in messages)
        assert isinstance(app.screen, BodyEditor) and not app.screen.is_dirty


async def type_at_the_top(pilot) -> None:  # type: ignore[no-untyped-def]
    """Open the body editor on CONV and type « Mon » at the top (where the cursor is)."""
    await open_conventions(pilot, CONV)
    await pilot.press("b")
    await settle(pilot, 0.1)
    await pilot.press(*"Mon", "space")


async def test_body_save_merges_a_line_added_elsewhere(demo: Path) -> None:
    """Someone else added a line further down and changed a key: both kept, no question."""
    path = demo / f"{CONV}.md"
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await type_at_the_top(pilot)
        original = path.read_text(encoding="utf-8")
        theirs = original.replace("status: signed", "status: terminated").replace(
            "## Préambule\n", "## Préambule\n\nUne ligne ajoutée par un collègue.\n")
        path.write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, BodyEditor) and not app.screen.is_dirty
    assert path.read_text(encoding="utf-8") == theirs.replace("---\n# Convention",
                                                              "---\nMon # Convention")


async def test_body_conflict_keep_mine_keeps_their_other_changes(demo: Path) -> None:
    path = demo / f"{CONV}.md"
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await type_at_the_top(pilot)
        original = path.read_text(encoding="utf-8")
        theirs = (original.replace("status: signed", "status: terminated")
                  .replace("start:", "terminated: 2026-06-30\nstart:")
                  .replace("---\n# Convention", "---\n# La convention")  # my line too
                  .replace("## Préambule\n", "## Préambule\n\nAjout d'un collègue.\n"))
        path.write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConflictScreen)
        assert path.read_text(encoding="utf-8") == theirs
        assert ("Garder les miennes : là où vous avez modifié les mêmes lignes tous les "
                "deux, vos lignes sont écrites") in " ".join(shown(app, ".question").split())
        await press(pilot, "#keep")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, BodyEditor) and not app.screen.is_dirty
    # My line where both changed it; their fields and their added line stay.
    assert path.read_text(encoding="utf-8") == theirs.replace(
        "---\n# La convention de partenariat", "---\nMon # Convention de partenariat")


async def test_body_conflict_reload_drops_mine(demo: Path) -> None:
    path = demo / f"{CONV}.md"
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_conventions(pilot, CONV)
        await pilot.press("b")
        await settle(pilot, 0.1)
        await pilot.press(*"Mon", "space")
        theirs = path.read_text(encoding="utf-8").replace("---\n# Convention",
                                                          "---\n# La convention")
        path.write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, ConflictScreen)
        await press(pilot, "#reload")
        await settle(pilot, 0.2)
        editor = app.screen
        assert isinstance(editor, BodyEditor) and not editor.is_dirty
        assert editor.query_one(TextArea).text.startswith("# La convention")
    assert path.read_text(encoding="utf-8") == theirs


# Printing -------------------------------------------------------------------------------------
@pytest.mark.usefixtures("colours")  # also with NO_COLOR=1
async def test_print_dialog_writes_html(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_conventions(pilot, CONV)
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PrintDialog)
        await pilot.click("#fmt-html")
        await pilot.pause()
        target = dialog.query_one("#print-path", Input).value
        assert target == str(demo / ".epn" / "print" / f"{CONV}.html")
        await press(pilot, "#print-save")
        await settle(pilot, 0.1)
        assert isinstance(app.screen, ConventionsScreen)
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert any(target in m for m in messages)
    html = Path(target).read_text(encoding="utf-8")
    assert "<html" in html and "Aînés du Causse" in html


async def test_print_dialog_refuses_md_among_conventions(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_conventions(pilot, CONV)
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        await pilot.click("#fmt-md")
        dialog.query_one("#print-path", Input).value = "copie.md"
        await press(pilot, "#print-save")
        await settle(pilot)
        assert app.screen is dialog
        assert "espace de travail" in shown(app, "#print-status")
        before = (demo / "epn.yaml").read_bytes()
        await pilot.click("#fmt-pdf")
        dialog.query_one("#print-path", Input).value = "epn.yaml"
        await press(pilot, "#print-save")
        await settle(pilot)
        assert app.screen is dialog
    assert not (demo / "copie.md").exists()
    assert (demo / "epn.yaml").read_bytes() == before


async def test_print_dialog_printer_error_is_shown(demo: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # no `lp`
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_conventions(pilot, CONV)
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        await press(pilot, "#print-lp")
        await settle(pilot, 0.1)
        assert app.screen is dialog
        assert "lp" in shown(app, "#print-status")


@pytest.mark.parametrize("script, expected", [
    ("#!{python}\nimport sys\nsys.exit(3)\n", "3"),  # the editor failed: nothing changes
    (None, "introuvable"),  # no such program: said before suspending anything
])
async def test_external_editor_failures(demo: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        script: str | None, expected: str) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    program = tmp_path / "failing-editor"
    if script is not None:
        program.write_text(script.format(python=sys.executable), encoding="utf-8")
        program.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(program))
    suspended: list[bool] = []

    @contextlib.contextmanager
    def suspend() -> Iterator[None]:
        suspended.append(True)
        yield

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        app.suspend = suspend  # type: ignore[method-assign]
        await open_conventions(pilot, CONV)
        await pilot.press("b")
        await settle(pilot, 0.1)
        editor = app.screen
        assert isinstance(editor, BodyEditor)
        await pilot.press("ctrl+e")
        await pilot.pause()
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert any(expected in m for m in messages), messages
        assert not editor.is_dirty
        assert suspended == ([True] if script is not None else [])


async def test_digits_on_a_list_do_not_leave_the_form(demo: Path) -> None:
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        form.query_one("#f-status", Select).focus()
        await pilot.press("3", "1", "2")
        await pilot.pause()
        assert app.screen is form
