"""The directory forms meet another writer (a real `epn` process): what does not
overlap is merged, a field both changed opens the conflict dialog, and each of its
buttons does what its words say, to the byte on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.widgets import Input, Static, TextArea

from epn_tui.tui.app import build_app
from epn_tui.tui.screens.conflict import ConflictScreen
from epn_tui.tui.screens.partner_forms import ContactForm, InteractionForm, PartnerForm
from epn_tui.tui.screens.partners import PartnersScreen

from .test_partners import (
    SIZE,
    TODAY,
    choose,
    load,
    open_partners,
    root,
    save,
    settle,
    settle_until,
    text_of,
)

__all__ = ["root"]  # the fixture


def other_writer(root: Path, *argv: str) -> None:
    """A colleague's script: a real process, through the command line."""
    done = subprocess.run([sys.executable, "-m", "epn_tui.cli", "-w", str(root), *argv],  # noqa: S603
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "EPN_LANG": "en"})
    assert done.returncode == 0, done.stderr


def words(app: Any) -> str:
    """The question's words as the dialog holds them (not as laid out: under load the
    layout may lag one frame behind)."""
    static = app.screen.query_one(".question", Static)
    return " ".join(str(static.render()).replace("\xa0", " ").split())


async def open_partner_form(pilot: Any, partner_id: str) -> PartnerForm:
    await open_partners(pilot)
    await choose(pilot, partner_id)
    await pilot.press("e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, PartnerForm)
    return form


async def test_partner_form_merges_another_field(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_partner_form(pilot, "aines-du-causse")
        form.query_one("#field-notes", TextArea).text = "Mes notes."
        other_writer(root, "partner", "set", "aines-du-causse", "commune=Sorges")
        await save(pilot)
        assert isinstance(app.screen, PartnersScreen)
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert any("modifications faites entre-temps" in m for m in messages), messages
    partner = load(root)["partners"]["aines-du-causse"]
    assert (partner["notes"], partner["commune"]) == ("Mes notes.", "Sorges")


async def _partner_conflict(pilot: Any, root: Path) -> tuple[PartnerForm, bytes]:
    form = await open_partner_form(pilot, "aines-du-causse")
    form.query_one("#field-notes", TextArea).text = "Mes notes."
    form.query_one("#field-website", Input).value = "https://aines.example"
    other_writer(root, "partner", "set", "aines-du-causse", "notes=Leurs notes.",
                 "commune=Sorges")
    theirs = (root / "partners.json").read_bytes()
    await save(pilot)
    assert isinstance(pilot.app.screen, ConflictScreen)
    assert (root / "partners.json").read_bytes() == theirs  # nothing written yet
    return form, theirs


async def test_partner_conflict_keep_mine(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await _partner_conflict(pilot, root)
        said = words(app)
        assert "Garder les miennes : écrire vos valeurs pour les champs que vous avez " \
            "modifiés tous les deux (notes) ; les autres modifications faites entre-temps " \
            "restent." in said
        pilot.app.screen.query_one("#diff").press()
        await settle(pilot)
        diff = text_of(app.screen.query_one("#conflict-diff-text"))
        assert "+notes: Leurs notes." in diff and "+notes: Mes notes." in diff
        app.screen.query_one("#keep").press()
        await settle(pilot)
        assert isinstance(app.screen, PartnersScreen)
    partner = load(root)["partners"]["aines-du-causse"]
    # Mine where both changed (notes), and my other field; their other field stays.
    assert (partner["notes"], partner["website"], partner["commune"]) == (
        "Mes notes.", "https://aines.example", "Sorges")


async def test_partner_conflict_reload(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        form, theirs = await _partner_conflict(pilot, root)
        assert "Recharger : abandonner vos modifications et afficher la fiche telle " \
            "qu'elle est maintenant." in words(app)
        app.screen.query_one("#reload").press()
        await settle(pilot)
        assert app.screen is form and not form.is_dirty
        assert form.query_one("#field-notes", TextArea).text == "Leurs notes."
        assert form.query_one("#field-commune", Input).value == "Sorges"
        assert form.query_one("#field-website", Input).value == ""
    assert (root / "partners.json").read_bytes() == theirs


async def test_partner_conflict_back_to_editing(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        form, theirs = await _partner_conflict(pilot, root)
        assert "Continuer l'édition : rien n'est écrit" in words(app)
        app.screen.query_one("#cancel").press()
        await settle(pilot)
        assert app.screen is form and form.is_dirty
        assert form.query_one("#field-notes", TextArea).text == "Mes notes."
        await save(pilot)  # asks again
        assert isinstance(app.screen, ConflictScreen)
    assert (root / "partners.json").read_bytes() == theirs


async def test_contact_form_merges_and_conflicts(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        await choose(pilot, "aines-du-causse")
        screen.query_one("#partners-contacts").focus()
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactForm) and form.record_id == "robert-peyrat"
        form.query_one("#field-notes", TextArea).text = "Joignable l'après-midi."
        other_writer(root, "contact", "set", "robert-peyrat", "phone=05 53 00 00 99")
        await save(pilot)
        assert isinstance(app.screen, PartnersScreen)
        contact = load(root)["contacts"]["robert-peyrat"]
        assert (contact["notes"], contact["phone"]) == ("Joignable l'après-midi.",
                                                        "05 53 00 00 99")
        # Now the same field on both sides.
        screen.query_one("#partners-contacts").focus()
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#field-phone", Input).value = "06 00 00 00 00"
        other_writer(root, "contact", "set", "robert-peyrat", "phone=05 53 00 00 98")
        await save(pilot)
        assert isinstance(app.screen, ConflictScreen)
        app.screen.query_one("#keep").press()
        await settle(pilot)
    assert load(root)["contacts"]["robert-peyrat"]["phone"] == "06 00 00 00 00"


async def test_journal_form_conflict_keep_mine(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        await choose(pilot, "ecole-jules-ferry")
        screen.query_one("#partners-journal").focus()
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InteractionForm)
        entry = form.record_id
        assert entry is not None
        form.query_one("#field-summary", TextArea).text = "Mon résumé."
        form.query_one("#field-next_step", Input).value = "Relancer"
        other_writer(root, "journal", "set", entry, "summary=Leur résumé.")
        await save(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert "(summary)" in words(app)
        app.screen.query_one("#keep").press()
        await settle(pilot)
    record = load(root)["interactions"][entry]
    assert (record["summary"], record["next_step"]) == ("Mon résumé.", "Relancer")


async def test_deleting_a_partner_is_one_write_in_a_worker(root: Path) -> None:
    data = load(root)
    data["partners"]["seul"] = {"name": "Partenaire seul"}
    data["contacts"]["p1"] = {"name": "Une", "partner": "seul"}
    data["contacts"]["p2"] = {"name": "Deux", "partner": "seul"}
    (root / "partners.json").write_text(json.dumps(data, ensure_ascii=False, sort_keys=True,
                                                   indent=2) + "\n", "utf-8")
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_partners(pilot)
        await choose(pilot, "seul")
        await pilot.press("d")
        await settle(pilot)
        assert "Seront aussi supprimés : 2 contacts et 0 échange du journal." in \
            " ".join(str(app.screen.question).replace("\xa0", " ").split())
        app.screen.query_one("#yes").press()
        await settle_until(pilot, lambda: "seul" not in load(root)["partners"])
    after = load(root)
    assert "seul" not in after["partners"] and not {"p1", "p2"} & set(after["contacts"])
    assert after["partners"].keys() == data["partners"].keys() - {"seul"}


async def test_two_uis_and_a_script_lose_nothing(root: Path) -> None:
    """Two UIs (two terminals) save forms of one partner round after round, while a
    real process sets other fields of it in a loop: every change is on disk."""
    rounds = 12
    script = subprocess.Popen(  # noqa: S603 - a list, no shell
        [sys.executable, "-c",
         "import sys\nfrom epn_tui.cli import main\n"
         "for i in range(150):\n"
         "    assert main(['-w', sys.argv[1], 'partner', 'set', 'aines-du-causse',"
         " f'script_{i}={i}']) == 0\n", str(root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "EPN_LANG": "en"})
    one = build_app(root, today=TODAY, watch=False)
    two = build_app(root, today=TODAY, watch=False)
    async with one.run_test(size=SIZE) as p1, two.run_test(size=SIZE) as p2:
        for pilot in (p1, p2):
            await open_partners(pilot)
            await choose(pilot, "aines-du-causse")
        for i in range(rounds):
            for pilot in (p1, p2):
                await pilot.press("e")
                await settle(pilot)
                assert isinstance(pilot.app.screen, PartnerForm)
            p1.app.screen.query_one("#field-notes", TextArea).text = f"Notes {i}"
            p2.app.screen.query_one("#field-commune", Input).value = f"Commune {i}"
            await save(p1)
            await save(p2)
            assert isinstance(p1.app.screen, PartnersScreen)
            assert isinstance(p2.app.screen, PartnersScreen)
            partner = load(root)["partners"]["aines-du-causse"]
            assert (partner["notes"], partner["commune"]) == (f"Notes {i}", f"Commune {i}")
    _out, err = script.communicate(timeout=120)
    assert script.returncode == 0, err
    partner = load(root)["partners"]["aines-du-causse"]
    assert all(partner[f"script_{i}"] == str(i) for i in range(150))
