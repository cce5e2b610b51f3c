"""The Partenaires screen and the directory forms, driven with Pilot on the demo workspace.

Every test runs the real app (`build_app`) on a copy of `conventions/` with a frozen
date, presses keys, and asserts on partners.json on disk and on what the screen draws.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, SelectionList, Static, TextArea

from epn_tui.tui.app import EpnApp, build_app
from epn_tui.tui.screens.confirm import CloseQuestion, Confirm
from epn_tui.tui.screens.partner_forms import ContactForm, InteractionForm, PartnerForm
from epn_tui.tui.screens.partners import PartnersScreen
from tests.conftest import DEMO
from tests.tui.workers import workers_done

pytestmark = pytest.mark.usefixtures("colours")  # each test also runs with NO_COLOR=1

TODAY = date(2026, 11, 22)
SIZE = (100, 30)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns(".epn"))
    return target


def load(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "partners.json").read_text("utf-8"))
    return data


def text_of(widget: Widget) -> str:
    """Everything the widget draws, line by line (also what is scrolled out of view)."""
    return "\n".join(widget.render_line(y).text.rstrip() for y in range(widget.size.height))


def screen_text(app: EpnApp) -> str:
    screen = app.screen
    parts = [text_of(w) for w in screen.query("#partners-card, #partners-error, "
                                              "#partners-next-step, .partners-sublist, "
                                              "#partners-list, #partners-status")
             if w.display]
    return "\n".join(parts)


async def settle(pilot: Pilot[None]) -> None:
    await workers_done(pilot.app)
    await pilot.pause()
    await pilot.pause()


async def settle_until(pilot: Pilot[None], done: Callable[[], bool], seconds: float = 10) -> None:
    """Settle until `done()` holds: a dialog's callback may start its worker only after
    the first settle returned, and a loaded CI machine takes its time with the lock and
    the commit."""
    for _round in range(int(seconds / 0.05)):
        await settle(pilot)
        if done():
            return
        await pilot.pause(0.05)


async def open_partners(pilot: Pilot[None]) -> PartnersScreen:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PartnersScreen)
    return screen


async def choose(pilot: Pilot[None], partner_id: str) -> PartnersScreen:
    screen = pilot.app.screen
    assert isinstance(screen, PartnersScreen)
    screen.select_partner(partner_id)
    await settle(pilot)
    assert screen.current_id == partner_id
    return screen


async def save(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


# Browsing ------------------------------------------------------------------------------
async def test_directory_grouped_by_kind_and_partner_detail(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        box = screen.query_one("#partners-list", OptionList)
        ids = [o.id for o in box.options]
        partners = load(root)["partners"]
        assert set(partners) <= set(ids)
        # Groups in the fixed order, each partner under its group.
        headers = [i for i in ids if i and i.startswith("group:")]
        assert headers[:2] == ["group:authorities", "group:education"]
        assert ids.index("mairie-sorges") < ids.index("group:education") < ids.index(
            "ecole-jules-ferry") < ids.index("group:social")
        listing = text_of(box)
        assert "Collectivités (3)" in listing and "Éducation (2)" in listing
        assert "⚠ Médiathèque municipale" in listing  # no written convention
        assert "  Commune de Sorges-et-Ligueux" in listing  # covered: no mark
        assert "13 partenaires" in text_of(screen.query_one("#partners-status"))

        # The first partner is shown; moving down shows the next one.
        assert screen.current_id == "cc-causses-rivieres"
        text = screen_text(app)
        assert "Alain Roche — élu référent" in text
        assert "⚠ non vérifié depuis les élections du 15/03/2026" in text
        assert "Convention de financement" in text or "financement" in text
        await pilot.press("down")
        await settle(pilot)
        assert screen.current_id == "mairie-sorges"
        text = screen_text(app)
        assert "Commune de Sorges-et-Ligueux-en-Périgord" in text
        assert "MUNI — commune" in text
        # Contacts: referents first, their roles, mail and phone; committee marked.
        assert text.index("Sophie Lacombe") < text.index("Thomas Brun") < text.index(
            "Nathalie Vergne")
        assert "[comité de pilotage]" in text and "s.lacombe@example.fr" in text
        assert "⚠ non vérifié" not in text  # all checked since March 2026
        # Conventions: title, computed state, next deadline.
        assert "mise à disposition des locaux" in text and "en cours" in text
        assert "prochaine échéance" in text
        # Journal newest first; the latest plan is the next step, overdue here.
        journal = text_of(screen.query_one("#partners-journal"))
        assert journal.index("13/10/2026") < journal.index("14/04/2026") < journal.index(
            "16/09/2025")
        step = text_of(screen.query_one("#partners-next-step"))
        assert "Prochaine étape" in step and "23/10/2026" in step and "en retard" in step


async def test_filter_as_you_type_and_select_partner(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        await pilot.press("slash")
        await pilot.press(*"lacombe")  # a contact's name finds her partner
        await settle(pilot)
        box = screen.query_one("#partners-list", OptionList)
        assert [o.id for o in box.options if not o.disabled] == ["mairie-sorges"]
        assert "1 sur 13 partenaires" in text_of(screen.query_one("#partners-status"))
        await pilot.press("escape")
        await settle(pilot)
        # Another screen asks for a partner hidden by the filter: the filter goes.
        await pilot.press("slash", *"zzz")
        await settle(pilot)
        screen.select_partner("ecole-jules-ferry")
        await settle(pilot)
        assert screen.current_id == "ecole-jules-ferry"
        assert screen.query_one("#partners-filter", Input).value == ""
        assert "Claire Martin" in screen_text(app)


async def test_enter_on_a_convention_opens_it(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_partners(pilot)
        await choose(pilot, "ecole-jules-ferry")
        pilot.app.screen.query_one("#partners-conventions").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "conventions"
        assert getattr(app.screen, "current_id", None) == "ecole-jules-ferry-2025"


# Adding ----------------------------------------------------------------------------------
async def test_add_partner_contact_and_interaction(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PartnerForm)
        await pilot.press(*"Fablab des Côteaux")
        form.query_one("#field-kind", Select).value = "TIERS_LIEUX"
        form.query_one("#field-commune", Input).value = "Sorges"
        form.query_one("#field-tags", Input).value = "fabrication; jeunes"
        assert form.is_dirty
        await save(pilot)
        assert app.screen is screen
        raw = (root / "partners.json").read_bytes()
        assert raw.endswith(b"}\n") and b"\\u" not in raw
        assert "Fablab des Côteaux".encode() in raw  # UTF-8, not \\u00f4
        data = json.loads(raw)
        assert raw.decode() == json.dumps(data, ensure_ascii=False, sort_keys=True,
                                          indent=2) + "\n"
        assert data["partners"]["fablab-des-coteaux"] == {
            "commune": "Sorges", "kind": "TIERS_LIEUX", "name": "Fablab des Côteaux",
            "tags": ["fabrication", "jeunes"]}
        assert screen.current_id == "fablab-des-coteaux"
        assert "Aucun contact pour l'instant" in text_of(
            screen.query_one("#partners-contacts-empty"))

        # A contact for it.
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactForm)
        await pilot.press(*"Zoé Martin")
        form.query_one("#field-role", Input).value = "présidente"
        form.query_one("#field-email", Input).value = "zoe@fablab.example.fr"
        form.query_one("#field-committee").value = True  # type: ignore[attr-defined]
        await pilot.click("#verified-today")
        await save(pilot)
        contact = load(root)["contacts"]["zoe-martin"]
        assert contact == {"committee": True, "email": "zoe@fablab.example.fr",
                           "name": "Zoé Martin", "partner": "fablab-des-coteaux",
                           "role": "présidente", "verified": "2026-11-22"}
        assert "Zoé Martin — présidente" in screen_text(app)

        # An interaction naming her, with a next step typed the French way.
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InteractionForm)
        assert form.query_one("#field-date", Input).value == "22/11/2026"
        form.query_one("#field-kind", Select).value = "call"
        form.query_one("#field-contacts", SelectionList).select("zoe-martin")
        form.query_one("#field-summary", TextArea).text = "Premier appel : ateliers 3D."
        form.query_one("#field-next_step", Input).value = "Visite du fablab"
        form.query_one("#field-next_date", Input).value = "15/01/2027"
        await save(pilot)
        entries = {k: v for k, v in load(root)["interactions"].items()
                   if v["partner"] == "fablab-des-coteaux"}
        assert list(entries.values()) == [{
            "contacts": ["zoe-martin"], "date": "2026-11-22", "kind": "call",
            "next_date": "2027-01-15", "next_step": "Visite du fablab",
            "partner": "fablab-des-coteaux", "summary": "Premier appel : ateliers 3D."}]
        assert next(iter(entries)).startswith("2026-11-22-")
        step = text_of(screen.query_one("#partners-next-step"))
        assert "Visite du fablab" in step and "15/01/2027" in step
        assert "appel" in text_of(screen.query_one("#partners-journal"))


async def test_invalid_inputs_block_saving_and_warnings_do_not(root: Path) -> None:
    before = (root / "partners.json").read_bytes()
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_partners(pilot)
        await choose(pilot, "mairie-sorges")
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InteractionForm)
        form.query_one("#field-date", Input).value = "31/02/2026"
        await save(pilot)
        assert app.screen is form  # still open
        # The day that does not exist is named (not « write it like 15/09/2025 »).
        assert "31/02/2026 n'existe pas : février 2026 compte 28 jours" in text_of(
            form.query_one("#note-date", Static))
        # Textual's own validation of the field says the same (FrenchDate), once left.
        box = form.query_one("#field-date", Input)
        checked = box.validate(box.value)
        assert checked is not None and not checked.is_valid
        assert checked.failure_descriptions == [
            "31/02/2026 n'existe pas : février 2026 compte 28 jours"]
        form.query_one("#field-summary", TextArea).focus()
        await pilot.pause()
        assert box.has_class("-invalid")
        assert (root / "partners.json").read_bytes() == before
        await pilot.press("escape")  # changed: asks first
        await settle(pilot)
        assert isinstance(app.screen, CloseQuestion)
        await pilot.click("#discard")
        await settle(pilot)
        assert isinstance(app.screen, PartnersScreen)

        # A doubtful e-mail is a warning: saved as typed.
        await pilot.press("c")
        await settle(pilot)
        await pilot.press(*"Paul Noël")
        form = app.screen
        form.query_one("#field-email", Input).value = "paul.noel-at-mairie"
        await pilot.pause()
        assert "ne ressemble pas" in text_of(form.query_one("#note-email", Static))
        await save(pilot)
        assert load(root)["contacts"]["paul-noel"]["email"] == "paul.noel-at-mairie"


# Editing ---------------------------------------------------------------------------------
async def test_edit_contact_role_changes_only_that_field(root: Path) -> None:
    before_text = (root / "partners.json").read_text("utf-8")
    before = json.loads(before_text)
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        await choose(pilot, "mairie-sorges")
        await pilot.press("enter")  # into the contacts: Sophie Lacombe first
        await settle(pilot)
        assert screen.focused is screen.query_one("#partners-contacts")
        await pilot.press("down")  # Thomas Brun
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactForm) and form.record_id == "thomas-brun"
        assert not form.is_dirty
        role = form.query_one("#field-role", Input)
        role.focus()
        await pilot.press("ctrl+u", *"agent référent numérique")
        assert form.is_dirty
        await save(pilot)
        assert isinstance(app.screen, PartnersScreen)
    after_text = (root / "partners.json").read_text("utf-8")
    after = json.loads(after_text)
    before["contacts"]["thomas-brun"]["role"] = "agent référent numérique"
    assert after == before
    changed = [(a, b) for a, b in zip(before_text.splitlines(), after_text.splitlines(),
                                      strict=True) if a != b]
    assert changed == [('      "role": "agent référent",',
                        '      "role": "agent référent numérique",')]


async def test_unknown_kind_and_fields_are_kept(root: Path) -> None:
    data = load(root)
    data["partners"]["epn-thiviers"]["kind"] = "FABLAB"
    data["partners"]["epn-thiviers"]["horaires"] = "mardi 14 h – 18 h"
    (root / "partners.json").write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n", "utf-8")
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        await choose(pilot, "epn-thiviers")
        card = text_of(screen.query_one("#partners-card"))
        assert "FABLAB" in card and "horaires: mardi 14 h – 18 h" in card
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PartnerForm)
        assert form.query_one("#field-kind", Select).value == "FABLAB"
        form.query_one("#field-commune", Input).value = "Thiviers (24800)"
        await save(pilot)
    partner = load(root)["partners"]["epn-thiviers"]
    assert partner["kind"] == "FABLAB" and partner["horaires"] == "mardi 14 h – 18 h"
    assert partner["commune"] == "Thiviers (24800)"


# Deleting --------------------------------------------------------------------------------
async def test_delete_interaction_asks_no_keeps_yes_removes(root: Path) -> None:
    before = (root / "partners.json").read_bytes()
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        await choose(pilot, "ecole-jules-ferry")
        screen.query_one("#partners-journal").focus()
        await pilot.pause()
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "12/11/2026" in app.screen.question
        await pilot.press("enter")  # the focus is on « Garder »
        await settle(pilot)
        assert (root / "partners.json").read_bytes() == before
        await pilot.press("delete")
        await settle(pilot)
        await pilot.click("#yes")
        await settle_until(pilot, lambda: "2026-11-12-ecole-planning"
                           not in load(root)["interactions"])
        assert "2026-11-12-ecole-planning" not in load(root)["interactions"]
        assert "12/11/2026" not in text_of(screen.query_one("#partners-journal"))


async def test_delete_partner_refused_when_in_a_convention(root: Path) -> None:
    before = (root / "partners.json").read_bytes()
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_partners(pilot)
        await choose(pilot, "mairie-sorges")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, PartnersScreen)  # no question asked
        messages = [n.message for n in app._notifications]
        assert any("est partie à 1 convention" in m for m in messages)
        await choose(pilot, "epn-sorges")
        await pilot.press("d")
        await settle(pilot)
        assert any("votre propre EPN" in n.message for n in app._notifications)
    assert (root / "partners.json").read_bytes() == before


async def test_delete_partner_takes_its_contacts_and_journal(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        await choose(pilot, "mediatheque-sorges")
        await pilot.press("d")
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, Confirm)
        assert "1 contact et 1 échange du journal" in confirm.question
        await pilot.click("#yes")
        await settle_until(pilot, lambda: screen.current_id == "epn-sorges")
        assert screen.current_id == "epn-sorges"  # the next one in the list
    data = load(root)
    assert "mediatheque-sorges" not in data["partners"]
    assert "lucie-besse" not in data["contacts"]
    assert not [i for i in data["interactions"].values()
                if i["partner"] == "mediatheque-sorges"]


async def test_delete_contact_who_signs_is_refused(root: Path) -> None:
    before = (root / "partners.json").read_bytes()
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        await choose(pilot, "ecole-jules-ferry")
        screen.query_one("#partners-contacts").focus()
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, PartnersScreen)
        assert any("choisissez d'abord un autre signataire" in n.message.lower()
                   for n in app._notifications)
    assert (root / "partners.json").read_bytes() == before


# A damaged directory ---------------------------------------------------------------------
async def test_damaged_partners_json_is_reported_and_never_overwritten(root: Path) -> None:
    damaged = b'{\n  "partners": {\n<<<<<<< HEAD\n'
    (root / "partners.json").write_bytes(damaged)
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        banner = text_of(screen.query_one("#partners-error"))
        assert "L'annuaire des partenaires est inutilisable" in banner
        assert "partners.json:3" in banner
        for key in ("n", "e", "d"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen  # no form, no question
    assert (root / "partners.json").read_bytes() == damaged


async def test_damaged_while_a_form_is_open_nothing_is_saved(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_partners(pilot)
        await choose(pilot, "mairie-sorges")
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactForm)
        await pilot.press(*"Léa Roux")
        damaged = b'{"partners": {"x": '
        (root / "partners.json").write_bytes(damaged)
        await save(pilot)
        assert app.screen is form  # kept open: the typing is not lost
        message = text_of(form.query_one("#form-message", Static))
        assert "partners.json est endommagé" in message
        assert (root / "partners.json").read_bytes() == damaged


# Hostile text --------------------------------------------------------------------------
async def test_markup_and_control_characters_show_as_data(root: Path) -> None:
    data = load(root)
    data["partners"]["hostile"] = {"kind": "ASSO", "name": "[red]x[/] \x1b[31mRouge",
                                   "notes": "[bold]pas gras[/bold]\x07"}
    data["contacts"]["mallory"] = {"name": "[link=http://x]Mallory[/link]",
                                   "partner": "hostile", "role": "\x1b[2Jrôle"}
    data["interactions"]["2026-11-01-hostile"] = {
        "date": "2026-11-01", "partner": "hostile", "kind": "[blink]call[/]",
        "contacts": ["mallory"], "summary": "[b]résumé[/b]",
        "next_step": "[i]suite[/i]", "next_date": "2026-12-01"}
    (root / "partners.json").write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n", "utf-8")
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_partners(pilot)
        await choose(pilot, "hostile")
        text = screen_text(app)
        assert "[red]x[/] [31mRouge" in text
        assert "[bold]pas gras[/bold]" in text
        assert "[link=http://x]Mallory[/link]" in text and "[2Jrôle" in text
        assert "[blink]call[/]" in text and "[b]résumé[/b]" in text
        assert "[i]suite[/i]" in text
        assert "\x1b" not in text and "\x07" not in text
        await pilot.press("e")
        await settle(pilot)
        assert "[red]x[/]" in text_of(app.screen.query_one(".form-title"))


# Never lose typing; the palette -------------------------------------------------------
async def test_escape_with_unsaved_changes_asks_first(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_partners(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PartnerForm) and not form.is_dirty
        await pilot.press("escape")  # untouched: closes at once
        await settle(pilot)
        assert isinstance(app.screen, PartnersScreen)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Brouillon")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CloseQuestion)
        words = " ".join(text_of(app.screen.query_one(".question", Static)).split())
        assert words == "Des modifications ne sont pas enregistrées. Fermer le formulaire ?"
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert isinstance(app.screen, PartnerForm)
        assert app.screen.query_one("#field-name", Input).value == "Brouillon"
        # « Enregistrer et fermer » does both.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, PartnersScreen)
    assert json.loads((root / "partners.json").read_text("utf-8"))["partners"]["brouillon"] \
        == {"name": "Brouillon"}


async def test_palette_offers_the_screen_actions(root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        titles = [title for title, _help, _callback in screen.palette_commands()]
        assert "Nouveau partenaire" in titles and "Supprimer ce partenaire" in titles
        dict((t, c) for t, _h, c in screen.palette_commands())["Modifier ce partenaire"]()
        await settle(pilot)
        assert isinstance(app.screen, PartnerForm)
        assert app.screen.record_id == "cc-causses-rivieres"


async def test_a_journal_entry_names_the_follow_up_it_records(
        root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """« Compte rendu de » links the entry to a convention's follow-up (`follows:`): the
    occurrence it records is done, whatever the entry's kind or words (issue 12, § 3)."""
    from epn_tui.cli import main

    conv = "cc-causses-rivieres-financement-2026"
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_partners(pilot)
        await choose(pilot, "cc-causses-rivieres")
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InteractionForm)
        follows = form.query_one("#field-follows", Select)
        assert follows.is_blank()
        form.query_one("#field-date", Input).value = "10/12/2026"
        form.query_one("#field-summary", TextArea).text = "Réunion avec la chargée de mission"
        follows.value = conv
        await save(pilot)
    entries = {k: v for k, v in load(root)["interactions"].items()
               if v.get("follows") == conv}
    assert [v["date"] for v in entries.values()] == ["2026-12-10"]
    (entry_id,) = entries
    capsys.readouterr()
    assert main(["-w", str(root), "due", "--today", "2026-12-01", "--within", "30",
                 "--json"]) == 0
    bilan = [d for d in json.loads(capsys.readouterr().out)
             if d["kind"] == "follow-up" and d["convention"] == conv]
    assert bilan and bilan[0]["done_by"] == entry_id

    # Opened again: the field shows it, and emptied it removes the link.
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_partners(pilot)
        await choose(pilot, "cc-causses-rivieres")
        screen.query_one("#partners-journal").focus()
        journal = screen.query_one("#partners-journal", OptionList)
        journal.highlighted = next(i for i, o in enumerate(journal.options) if o.id == entry_id)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InteractionForm)
        follows = form.query_one("#field-follows", Select)
        assert follows.value == conv
        assert "follows" not in text_of(form.query_one(".form-fields"))  # not read-only
        follows.clear()
        await save(pilot)
    assert "follows" not in load(root)["interactions"][entry_id]
