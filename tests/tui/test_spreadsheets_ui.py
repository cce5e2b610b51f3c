"""« Importer un tableur » and « Exporter » in the UI (issue 14, section 4), driven with
Pilot on a copy of the demo workspace, with spreadsheets the tests build (openpyxl).

Each test asserts on partners.json on disk (its bytes when nothing may be written) and
on what the preview shows; the notification after an import is compared with what the
file then holds.
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
from textual.widgets import Button, Input, Select, Static

from epn_tui.tui.app import EpnApp, build_app
from epn_tui.tui.screens.export_dialog import ExportDialog
from epn_tui.tui.screens.import_preview import ImportPreview
from epn_tui.tui.screens.import_prompt import ImportPrompt
from epn_tui.tui.widgets.row_table import RowTable
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


def annuaire(path: Path) -> Path:
    """A title line, the header on line 2, then: a new partner (its phone stored as a
    number), the CCAS by its SIRET with a phone the directory lacks, the commune as it is
    on file (nothing new), a row without a name."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Annuaire"
    sheet.append(["Annuaire des partenaires — 2026"])
    sheet.append(["Raison sociale", "Type", "Commune", "SIRET", "Téléphone"])
    sheet.append(["Association Clic", "Association", "Sorges-et-Ligueux-en-Périgord", None,
                  553003102])
    sheet.append(["CCAS de Sorges", "CCAS", "Sorges-et-Ligueux-en-Périgord",
                  "262 409 999 00041", "05 53 00 12 47"])
    sheet.append(["Commune de Sorges-et-Ligueux-en-Périgord", "Mairie",
                  "Sorges-et-Ligueux-en-Périgord", "21240999900013", None])
    sheet.append([None, "Association", "Thiviers", None, "05 53 00 00 00"])
    book.save(path)
    return path


def partners(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "partners.json").read_text("utf-8"))
    return dict(data["partners"])


def recording(app: Any) -> list[tuple[str, str]]:
    """(message, title) of each notification from now on."""
    seen: list[tuple[str, str]] = []
    notify = app.notify

    def record(message: str, *args: Any, title: str = "", **kwargs: Any) -> None:
        seen.append((str(message), title))
        notify(message, *args, title=title, **kwargs)

    app.notify = record
    return seen


async def settle(pilot: Pilot[None]) -> None:
    await workers_done(pilot.app)
    await pilot.pause()
    await pilot.pause()


async def settle_until(pilot: Pilot[None], done: Callable[[], bool], seconds: float = 10) -> None:
    for _round in range(int(seconds / 0.05)):
        await settle(pilot)
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out")


def table_lines(app: EpnApp) -> list[str]:
    table = app.screen.query_one(RowTable)
    return [table.render_line(y).text.rstrip() for y in range(len(table.shown) + 1)]


def static_text(app: EpnApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_preview(pilot: Pilot[None], sheet: Path, table: str = "partners") -> None:
    app = pilot.app
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    await pilot.press("t")
    await pilot.pause()
    assert isinstance(app.screen, ImportPrompt)
    if table == "contacts":
        app.screen.query_one("#table-contacts").value = True  # type: ignore[attr-defined]
    box = app.screen.query_one("#import-path", Input)
    box.value = str(sheet)
    box.focus()
    await pilot.press("enter")
    await settle_until(pilot, lambda: isinstance(app.screen, ImportPreview)
                       and not app.screen.busy)


async def test_import_previews_every_row_then_writes_them_in_one_change(
        root: Path, tmp_path: Path) -> None:
    sheet = annuaire(tmp_path / "annuaire.xlsx")
    before = partners(root)
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        told = recording(app)
        await open_preview(pilot, sheet)
        lines = table_lines(app)
        assert lines[0].split() == ["Ligne", "Action", "Enregistrement", "Détail"]
        assert lines[1].startswith("3") and "à créer" in lines[1]
        assert "association-clic" in lines[1]
        assert lines[2].startswith("4") and "à compléter" in lines[2]
        assert "ccas-sorges" in lines[2] and "téléphone 05 53 00 12 47" in lines[2]
        assert lines[3].startswith("5") and "ignorée" in lines[3]
        assert "mairie-sorges" in lines[3]
        assert lines[4].startswith("6") and "erreur" in lines[4] and "est vide" in lines[4]
        assert static_text(app, "#preview-summary") == (
            "1 à créer, 1 à compléter, 1 ignorée, 1 en erreur")
        assert "en-têtes ligne 2" in static_text(app, "#preview-notes")
        # The highlighted row's detail, whole.
        await pilot.press("tab")
        assert "ligne 3" in static_text(app, "#preview-detail")
        assert partners(root) == before  # nothing written by the preview

        app.screen.query_one("#preview-confirm", Button).press()
        await settle_until(pilot, lambda: not isinstance(app.screen, ImportPreview))
        after = partners(root)
        created = sorted(set(after) - set(before))
        updated = sorted(k for k in before if after[k] != before[k])
        assert created == ["association-clic"]
        assert after["association-clic"]["phone"] == "05 53 00 31 02"
        assert after["association-clic"]["kind"] == "ASSO"
        assert updated == ["ccas-sorges"]
        assert after["ccas-sorges"]["phone"] == "05 53 00 12 47"
        # The notification counts what partners.json now holds.
        imported = [m for m, title in told if title == "Importé"]
        assert imported == [f"partners.json : {len(created)} créé, {len(updated)} mis à jour, "
                            "1 ignoré, 1 rejeté"]


async def test_cancel_writes_nothing(root: Path, tmp_path: Path) -> None:
    sheet = annuaire(tmp_path / "annuaire.xlsx")
    bytes_before = (root / "partners.json").read_bytes()
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_preview(pilot, sheet)
        assert not app.screen.query_one("#preview-confirm", Button).disabled
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportPreview)
    assert (root / "partners.json").read_bytes() == bytes_before


async def test_a_broken_file_says_why_and_writes_nothing(root: Path, tmp_path: Path) -> None:
    broken = tmp_path / "annuaire.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    no_header = tmp_path / "notes.csv"
    no_header.write_text("bonjour;le monde\n1;2\n", "utf-8")
    bytes_before = (root / "partners.json").read_bytes()
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_preview(pilot, broken)
        said = static_text(app, "#preview-status")
        assert "Ce fichier ne peut pas être importé ; rien n'a été écrit." in said
        assert "annuaire.xlsx" in said
        assert app.screen.query_one("#preview-confirm", Button).disabled
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        box = app.screen.query_one("#import-path", Input)
        box.value = str(no_header)
        await pilot.press("enter")
        await settle_until(pilot, lambda: isinstance(app.screen, ImportPreview)
                           and not app.screen.busy)
        assert "aucune ligne d'en-têtes" in static_text(app, "#preview-status")
    assert (root / "partners.json").read_bytes() == bytes_before


async def test_the_path_is_checked_as_typed(root: Path, tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"x")
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_import_sheet()
        await pilot.pause()
        box = app.screen.query_one("#import-path", Input)
        box.value = str(tmp_path / "photo.png")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ImportPrompt)
        assert ".ods, .xlsx, .xls ou .csv" in static_text(app, "#import-problem")
        box.value = str(tmp_path / "absent.ods")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ImportPrompt)
        assert "Ce fichier n'existe pas." in static_text(app, "#import-problem")


async def test_contacts_are_imported_too(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "contacts.csv"
    sheet.write_text("Nom;Partenaire;Courriel\nJeanne Martin;CCAS de Sorges-et-Ligueux-"
                     "en-Périgord;jeanne@example.org\nPaul Durand;Mairie de Nulle-Part;\n",
                     "utf-8")
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_preview(pilot, sheet, "contacts")
        lines = table_lines(app)
        assert "à créer" in lines[1] and "jeanne-martin" in lines[1]
        assert "erreur" in lines[2] and "Nulle-Part" in lines[2]
        app.screen.query_one("#preview-confirm", Button).press()
        await settle_until(pilot, lambda: not isinstance(app.screen, ImportPreview))
    data = json.loads((root / "partners.json").read_text("utf-8"))
    assert data["contacts"]["jeanne-martin"]["partner"] == "ccas-sorges"


async def test_export_writes_the_table_where_it_says(root: Path, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    target = tmp_path / "out" / "annuaire.xlsx"
    target.parent.mkdir()
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        told = recording(app)
        await settle(pilot)
        app.action_export()
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        # Not over a file the workspace reads: refused, as `epn export` refuses.
        box = app.screen.query_one("#export-path", Input)
        box.value = str(root / "partners.json")
        app.screen.query_one("#export-save", Button).press()
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        said = static_text(app, "#export-status")
        assert "doit finir par .ods, .xlsx ou .csv" in said
        app.screen.query_one("#export-table", Select).value = "data-inclusion"
        await pilot.pause()
        box.value = str(root / "partners.json")
        app.screen.query_one("#export-save", Button).press()
        await settle(pilot)
        assert "un fichier que l'espace de travail lit" in static_text(app, "#export-status")
        app.screen.query_one("#export-table", Select).value = "partners"
        await pilot.pause()
        box.value = str(target)
        app.screen.query_one("#export-save", Button).press()
        await settle_until(pilot, lambda: not isinstance(app.screen, ExportDialog))
    book = CalamineWorkbook.from_path(str(target))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    assert rows[0][:3] == ["Id", "Nom", "Type"]
    ids = sorted(str(r[0]) for r in rows[1:])
    assert ids == sorted(partners(root))
    assert [m for m, title in told if title == "Exporté"] == [
        f"{target} : {len(ids)} lignes dans « Partenaires »"]
    assert json.loads((root / "partners.json").read_text("utf-8"))  # untouched, still JSON


async def test_the_partner_form_fills_what_the_national_map_needs(root: Path) -> None:
    """Postal code, opening hours, services and publics typed in the EPN's own form:
    `epn export lieux` then exports it, with the schema's own words."""
    from textual.widgets import SelectionList

    from epn_tui.core.lieux import lieux
    from epn_tui.store.workspace import Workspace
    from epn_tui.tui.screens.partner_forms import PartnerForm

    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PartnerForm("epn-sorges"))
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PartnerForm)
        # Fields the form edits are not listed again as read-only extras.
        assert "horaires" not in form.extra() and "rna" in form.extra()
        form.query_one("#field-postal_code", Input).value = "24420"
        form.query_one("#field-horaires", Input).value = "Tu-Sa 09:00-12:00"
        services = form.query_one("#field-services", SelectionList)
        services.select("Aide aux démarches administratives")
        services.select("Loisirs et créations numériques")
        form.query_one("#field-publics", SelectionList).select("Seniors")
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: not isinstance(app.screen, PartnerForm))
    record = partners(root)["epn-sorges"]
    assert record["postal_code"] == "24420"
    assert record["horaires"] == "Tu-Sa 09:00-12:00"
    assert record["services"] == ("Aide aux démarches administratives; "
                                  "Loisirs et créations numériques")
    assert record["publics"] == "Seniors"
    ws = Workspace.open(root)
    rows, problems = lieux(ws.partners(), ws.settings.epn, TODAY)
    assert [r["id"] for r in rows] == ["epn-sorges"]
    assert not [p for p in problems if p.place == "epn-sorges"]
    assert rows[0]["services"] == ("Aide aux démarches administratives|"
                                   "Loisirs et créations numériques")
    assert rows[0]["publics_specifiquement_adresses"] == "Seniors"


async def test_values_outside_the_schema_stay_ticked_and_kept(root: Path) -> None:
    from textual.widgets import SelectionList

    from epn_tui.tui.screens.partner_forms import PartnerForm

    data = json.loads((root / "partners.json").read_text("utf-8"))
    data["partners"]["epn-thiviers"]["services"] = "Cuisine|loisirs et creations numeriques"
    (root / "partners.json").write_text(json.dumps(data, ensure_ascii=False, indent=2),
                                        "utf-8")
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PartnerForm("epn-thiviers"))
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PartnerForm)
        assert form.query_one("#field-services", SelectionList).selected == [
            "Loisirs et créations numériques", "Cuisine"]
        assert not form.is_dirty
        form.query_one("#field-email", Input).value = "contact@example.org"
        await pilot.press("ctrl+s")
        await settle_until(pilot, lambda: not isinstance(app.screen, PartnerForm))
    record = partners(root)["epn-thiviers"]
    # Untouched: written as it was; the field changed is written.
    assert record["services"] == "Cuisine|loisirs et creations numeriques"
    assert record["email"] == "contact@example.org"


def test_reading_reports_its_progress(tmp_path: Path) -> None:
    """The preview's progress bar follows `rows_of`, every 500 rows."""
    from epn_tui.store.importing import load

    sheet = tmp_path / "big.csv"
    sheet.write_text("Nom;Commune\n" + "".join(f"Asso {n};Thiviers\n" for n in range(1200)),
                     "utf-8")
    seen: list[tuple[int, int]] = []
    loaded = load("partners", sheet, progress=lambda done, total: seen.append((done, total)))
    assert len(loaded.rows) == 1200
    assert seen == [(0, 1200), (500, 1200), (1000, 1200)]


async def test_both_are_in_the_palette_and_the_file_name_follows_the_choices(
        root: Path) -> None:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Importer un tableur")
        await settle(pilot)
        await pilot.press("enter")
        await settle_until(pilot, lambda: isinstance(app.screen, ImportPrompt))
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Exporter")
        await settle(pilot)
        await pilot.press("enter")
        await settle_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        box = app.screen.query_one("#export-path", Input)
        assert box.value == str(Path.cwd() / "partenaires.ods")
        app.screen.query_one("#fmt-xlsx").value = True  # type: ignore[attr-defined]
        await pilot.pause()
        assert box.value == str(Path.cwd() / "partenaires.xlsx")
        app.screen.query_one("#export-table", Select).value = "data-inclusion"
        await pilot.pause()
        assert box.value == str(Path.cwd() / "structures.json")
        app.screen.query_one("#export-table", Select).value = "lieux"
        await pilot.pause()
        assert box.value == str(Path.cwd() / "lieux.csv")


async def test_another_sheet_is_read_when_named(root: Path, tmp_path: Path) -> None:
    """A file of several sheets: the first is read and the preview names the others;
    the prompt's « Feuille » reads another (what `epn import --sheet` does)."""
    from openpyxl import load_workbook

    path = annuaire(tmp_path / "deux.xlsx")
    book = load_workbook(path)
    other = book.create_sheet("Écoles")
    other.append(["Nom", "Type", "Commune"])
    other.append(["École de Cubjac", "École", "Cubjac"])
    book.save(path)
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_preview(pilot, path)
        notes = " ".join(static_text(app, "#preview-notes").split())
        assert "feuille « Annuaire » lue ; le fichier en a 2 : Annuaire, Écoles" in notes
        assert "association-clic" in " ".join(table_lines(app))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ImportPrompt)
        app.screen.query_one("#import-path", Input).value = str(path)
        sheet = app.screen.query_one("#import-sheet", Input)
        sheet.value = "Écoles"
        sheet.focus()
        await pilot.press("enter")
        await settle_until(pilot, lambda: isinstance(app.screen, ImportPreview)
                           and not app.screen.busy)
        lines = " ".join(table_lines(app))
        assert "ecole-de-cubjac" in lines and "association-clic" not in lines
