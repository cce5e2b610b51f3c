"""`epn import` and `epn export`: spreadsheets built here with odfdo and openpyxl, every
real-world case of issue 14, one write (one commit), read back with calamine."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from epn_tui.cli import main
from epn_tui.core.sheet_import import phone, serial_date

PARTNERS: dict[str, Any] = {
    "contacts": {},
    "interactions": {},
    "partners": {
        "epn-test": {"kind": "EPN", "name": "EPN de test", "commune": "Sorges"},
        "ccas-sorges": {"kind": "CCAS", "name": "CCAS de Sorges", "commune": "Sorges",
                        "siret": "26240123400015", "notes": "Déjà là"},
        "mairie": {"kind": "MUNI", "name": "Mairie de Sorges", "commune": "Sorges-et-Ligueux"},
    },
}


def epn(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["-w", str(root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def data(root: Path) -> dict[str, Any]:
    return json.loads((root / "partners.json").read_text("utf-8"))


@pytest.fixture
def ws(make_workspace: Any) -> Path:
    return make_workspace(partners=PARTNERS)  # type: ignore[no-any-return]


def xlsx(path: Path, rows: list[list[Any]], merge: list[str] = ()) -> Path:  # type: ignore[assignment]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Partenaires"
    for row in rows:
        sheet.append(row)
    for cells in merge:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def ods(path: Path, rows: list[list[Any]], formula: tuple[int, int, str, Any] | None = None
        ) -> Path:
    from odfdo import Cell, Document, Row, Table

    doc = Document("spreadsheet")
    doc.body.clear()
    table = Table("Feuille1")
    for values in rows:
        row = Row()
        for value in values:
            row.append_cell(Cell(value) if value is not None else Cell())
        table.append_row(row)
    if formula is not None:
        r, c, text, value = formula
        table.set_cell((c, r), Cell(value, formula=text))
    doc.body.append(table)
    doc.save(path)
    return path


# The pure pieces ---------------------------------------------------------------------------
def test_phone_gets_its_leading_zero_back() -> None:
    assert phone(553003102.0) == "05 53 00 31 02"
    assert phone("553003102") == "05 53 00 31 02"
    assert phone("05.53.00.31.02") == "05 53 00 31 02"
    assert phone("+33 5 53 00 31 02") == "+33 5 53 00 31 02"


def test_serial_dates() -> None:
    assert serial_date(45931) == date(2025, 10, 1)
    assert serial_date(-3) is None


# Import -------------------------------------------------------------------------------------
def test_xlsx_real_world_file(ws: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    path = xlsx(tmp_path / "annuaire.xlsx", [
        ["Annuaire des partenaires 2026", None, None, None, None, None, None],
        [None] * 7,
        ["Raison sociale", "Type", "SIRET", "Commune", "Téléphone", "Courriel", "Référent"],
        ["Association Clic", "Association", "123 456 789 00012", "Périgueux", 553003102,
         "clic@example.fr", "M. Dupont"],
        [None] * 7,
        ["Collège Jean-Moulin", "Collège", None, "Thiviers", "0553112233", None, None],
        ["Médiathèque", "Médiathèque", None, None, None, None, None],
        ["Cie Les Tréteaux", "Troupe de théâtre", None, "Sorges", None, None, None],
        ["CCAS DE SORGES", "CCAS", None, "sorges", "05 53 00 12 47", None, None],
        [None, "Association", None, "Sorges", None, None, None],
    ], merge=["A1:G1", "D6:D7"])
    before = (ws / "partners.json").read_bytes()
    code, out, err = epn(capsys, ws, "import", "partners", str(path), "--dry-run")
    assert (ws / "partners.json").read_bytes() == before
    assert code == 1  # one row rejected
    assert "en-têtes ligne 3" in err
    lines = out.splitlines()
    assert lines[0] == "ligne 4 : créé  association-clic"
    assert lines[1] == "ligne 6 : créé  college-jean-moulin"
    assert lines[2] == "ligne 7 : créé  mediatheque"
    assert lines[3].startswith("ligne 8 : créé  cie-les-treteaux (le type `Troupe de théâtre`")
    assert lines[4] == ("ligne 9 : mis à jour  ccas-sorges — téléphone 05 53 00 12 47")
    assert lines[5] == "ligne 10 : rejeté (`name` est vide)"
    assert lines[6] == ("4 créés, 1 mis à jour, 0 ignoré, 1 rejeté "
                        "(essai : rien n'a été écrit)")
    code, out, _err = epn(capsys, ws, "import", "partners", str(path))
    assert code == 1
    partners = data(ws)["partners"]
    assert partners["association-clic"] == {
        "name": "Association Clic", "kind": "ASSO", "siret": "12345678900012",
        "commune": "Périgueux", "phone": "05 53 00 31 02", "email": "clic@example.fr",
        "Référent": "M. Dupont"}
    assert partners["college-jean-moulin"]["kind"] == "COLLEGE"
    assert partners["mediatheque"] == {"name": "Médiathèque", "kind": "BIB",
                                       "commune": "Thiviers"}  # the merged cell
    assert partners["cie-les-treteaux"]["kind"] == "Troupe de théâtre"
    assert partners["ccas-sorges"]["notes"] == "Déjà là"
    assert partners["ccas-sorges"]["phone"] == "05 53 00 12 47"
    # Imported, then checked: no error.
    code, out, _err = epn(capsys, ws, "check")
    assert code == 0


def test_matching_by_siret_fills_empty_fields_unless_update(
        ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "maj.csv"
    path.write_text("Nom;SIRET;Notes;Site web\n"
                    "Centre communal d'action sociale;262 401 234 00015;Autre note;"
                    "https://ccas.example.fr\n", "utf-8")
    code, out, _err = epn(capsys, ws, "import", "partners", str(path))
    assert code == 0
    assert out.splitlines()[0].startswith("ligne 2 : mis à jour  ccas-sorges — site web")
    assert "différents dans l'annuaire, gardés : nom, notes" in out
    record = data(ws)["partners"]["ccas-sorges"]
    assert record["notes"] == "Déjà là" and record["website"] == "https://ccas.example.fr"
    code, out, _err = epn(capsys, ws, "import", "partners", str(path), "--update")
    record = data(ws)["partners"]["ccas-sorges"]
    assert record["notes"] == "Autre note"
    assert record["name"] == "Centre communal d'action sociale"
    # Once more: nothing new.
    code, out, _err = epn(capsys, ws, "import", "partners", str(path), "--update")
    assert "ignoré  ccas-sorges (déjà dans l'annuaire, rien de nouveau)" in out


@pytest.mark.parametrize(("encoding", "bom", "sep", "said"), [
    ("utf-8", True, ";", "UTF-8 avec BOM"),
    ("utf-8", False, ",", "UTF-8"),
    ("cp1252", False, ";", "Windows-1252"),
])
def test_csv_encodings_and_separators(ws: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str], encoding: str,
                                      bom: bool, sep: str, said: str) -> None:
    text = sep.join(["Nom", "Commune", "Type", "Code postal"]) + "\r\n" + \
        sep.join(["Mairie de Négrondes", "Négrondes", "Mairie", "24460"]) + "\r\n"
    raw = text.encode(encoding)
    path = tmp_path / "p.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + raw)
    code, out, err = epn(capsys, ws, "import", "partners", str(path))
    assert code == 0, err
    assert said in err.splitlines()[0]
    assert data(ws)["partners"]["mairie-de-negrondes"] == {
        "name": "Mairie de Négrondes", "commune": "Négrondes", "kind": "MUNI",
        "postal_code": "24460"}


def test_name_and_commune_match_ignores_accents_and_case(
        ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.csv"
    path.write_text("Nom,Ville,Adresse\nMAIRIE DE SORGES,sorges et ligueux,Le bourg\n", "utf-8")
    code, out, _err = epn(capsys, ws, "import", "partners", str(path))
    assert code == 0
    assert out.startswith("ligne 2 : mis à jour  mairie — adresse Le bourg")
    assert data(ws)["partners"]["mairie"]["address"] == "Le bourg"


def test_ods_with_formula_and_serial_dates_contacts(
        ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ods(tmp_path / "contacts.ods", [
        ["Contacts des partenaires", None, None, None, None, None],
        ["Prénom", "Nom", "Partenaire", "Tél.", "Vérifié le", "Mandat"],
        ["Sophie", "Lacombe", "Mairie de Sorges", 553001020, 45931, "municipale"],
        ["Aurélie", "Mazeau", "262 401 234 00015", None, date(2026, 2, 1), None],
        ["Jean", "Inconnu", "Mairie de Nulle-Part", None, None, None],
        ["Paul", "Bad", "CCAS de Sorges", None, None, "présidentiel"],
        ["Luc", "Formule", "ccas-sorges", None, None, None],
    ], formula=(6, 3, "of:=553000000+1", 553000001))
    code, out, err = epn(capsys, ws, "import", "contacts", str(path))
    assert code == 1, err
    lines = out.splitlines()
    assert lines[0] == "ligne 3 : créé  sophie-lacombe"
    assert lines[1] == "ligne 4 : créé  aurelie-mazeau"
    assert lines[2] == ("ligne 5 : rejeté (le partenaire « Mairie de Nulle-Part » n'est pas "
                        "dans l'annuaire)")
    assert lines[3].startswith("ligne 6 : rejeté (`elected`")
    assert lines[4] == "ligne 7 : créé  luc-formule"
    contacts = data(ws)["contacts"]
    assert contacts["sophie-lacombe"] == {"name": "Sophie Lacombe", "partner": "mairie",
                                          "phone": "05 53 00 10 20", "verified": "2025-10-01",
                                          "elected": "municipal"}
    assert contacts["aurelie-mazeau"]["partner"] == "ccas-sorges"
    assert contacts["aurelie-mazeau"]["verified"] == "2026-02-01"
    assert contacts["luc-formule"]["phone"] == "05 53 00 00 01"
    assert epn(capsys, ws, "check")[0] == 0


def test_bad_file_writes_nothing(ws: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = (ws / "partners.json").read_bytes()
    path = tmp_path / "rien.csv"
    path.write_text("a;b;c\n1;2;3\n", "utf-8")
    code, _out, err = epn(capsys, ws, "import", "partners", str(path))
    assert code == 2 and "aucune ligne d'en-têtes" in err
    broken = tmp_path / "casse.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    code, _out, err = epn(capsys, ws, "import", "partners", str(broken))
    assert code == 2 and "casse.xlsx" in err
    code, _out, err = epn(capsys, ws, "import", "partners", str(tmp_path / "absent.ods"))
    assert code == 2
    assert (ws / "partners.json").read_bytes() == before


def test_map_overrides_headers(ws: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.csv"
    path.write_text("Intitulé;Lieu;Divers\nFoyer rural;Sorges;x\n", "utf-8")
    code, _out, _err = epn(capsys, ws, "import", "partners", str(path), "--map",
                           "Intitulé=name", "--map", "Lieu=commune", "--map", "Divers=")
    assert code == 0
    assert data(ws)["partners"]["foyer-rural"] == {"name": "Foyer rural", "commune": "Sorges"}


def test_sheet_option(ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.append(["rien"])
    second = book.create_sheet("Partenaires 2026")
    second.append(["Nom", "Commune"])
    second.append(["Amicale laïque", "Sorges"])
    book.save(tmp_path / "deux.xlsx")
    # No header on the first sheet: the error names the others.
    code, _out, err = epn(capsys, ws, "import", "partners", str(tmp_path / "deux.xlsx"))
    assert code != 0 and "(feuille « Sheet » lue ; le fichier a aussi : Partenaires 2026)" in err
    code, _out, err = epn(capsys, ws, "import", "partners", str(tmp_path / "deux.xlsx"),
                          "--sheet", "Nope")
    assert code == 2 and "Partenaires 2026" in err
    code, _out, _err = epn(capsys, ws, "import", "partners", str(tmp_path / "deux.xlsx"),
                           "--sheet", "Partenaires 2026")
    assert code == 0 and "amicale-laique" in data(ws)["partners"]
    assert "--sheet" not in _err  # asked for by name: no hint about the others
    # Without --sheet, the first is read and the command says how to read another.
    first.append(["Nom", "Commune"])
    first.append(["Foyer des jeunes", "Sorges"])
    book.save(tmp_path / "deux.xlsx")
    code, _out, err = epn(capsys, ws, "import", "partners", str(tmp_path / "deux.xlsx"),
                          "--dry-run")
    assert "feuille « Sheet » lue (le fichier en a 2 : --sheet pour une autre)" in err


def test_whole_import_is_one_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Claire Martin\n\temail = claire@example.fr\n"
                      "[init]\n\tdefaultBranch = main\n", "utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "ws"
    assert main(["init", str(root)]) == 0
    rows = [["Nom", "Commune"]] + [[f"Partenaire {i}", "Sorges"] for i in range(30)]
    path = xlsx(tmp_path / "p.xlsx", rows)
    capsys.readouterr()
    assert epn(capsys, root, "import", "partners", str(path))[0] == 0
    log = subprocess.run(["git", "log", "--format=%s"], cwd=root, capture_output=True,  # noqa: S603,S607
                         text=True, check=True).stdout.splitlines()
    assert log == ["Import de p.xlsx : 30 créés, 0 mis à jour, 0 ignoré, 0 rejeté",
                   "Espace de travail créé"]
    assert len(data(root)["partners"]) == 30


def test_ten_thousand_rows(ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                           ) -> None:
    rows = [["Nom", "Commune", "Téléphone"]] + [
        [f"Partenaire {i}", "Sorges", 553000000 + i] for i in range(10_000)]
    path = xlsx(tmp_path / "gros.xlsx", rows)
    code, out, _err = epn(capsys, ws, "import", "partners", str(path))
    assert code == 0
    assert out.splitlines()[-1] == ("partners.json : 10000 créés, 0 mis à jour, 0 ignoré, "
                                    "0 rejeté")
    assert len(data(ws)["partners"]) == 10_003


# Export -------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["ods", "xlsx"])
def test_export_all_reads_back(demo: Path, tmp_path: Path, suffix: str,
                               capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / f"epn.{suffix}"
    code, out, _err = epn(capsys, demo, "--today", "2026-01-10", "export", "all", "-o",
                          str(target), "--within", "365")
    assert code == 0, out
    book = CalamineWorkbook.from_path(str(target))
    assert book.sheet_names == ["Partenaires", "Contacts", "Conventions", "Échéances",
                                "Journal"]
    conventions = book.get_sheet_by_name("Conventions").to_python()
    header = conventions[0]
    assert header[:5] == ["Id", "Titre", "Type", "Statut", "État"]
    listed = json.loads(_list_json(demo, capsys))
    assert [r[0] for r in conventions[1:]] == [c["id"] for c in listed]
    start = header.index("Début")
    assert all(isinstance(r[start], date) for r in conventions[1:] if r[start] != "")
    amount = header.index("Montant (€)")
    assert any(isinstance(r[amount], float) and r[amount] > 0 for r in conventions[1:])
    deadlines = book.get_sheet_by_name("Échéances").to_python()
    due = json.loads(_due_json(demo, capsys))
    assert [(r[0], r[4]) for r in deadlines[1:]] == [
        # A next step names no convention: an empty cell (JSON null). A follow-up
        # occurrence the journal records is done: in due --json (`done_by`), not listed.
        (date.fromisoformat(d["date"]), d["convention"] or "") for d in due
        if "done_by" not in d]
    partners = book.get_sheet_by_name("Partenaires").to_python()
    assert len(partners) == 1 + len(data(demo)["partners"])


def _list_json(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    return epn(capsys, root, "--today", "2026-01-10", "list", "--json")[1]


def _due_json(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    return epn(capsys, root, "--today", "2026-01-10", "due", "--within", "365", "--json")[1]


def test_export_frozen_header_and_widths(demo: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "c.xlsx"
    assert epn(capsys, demo, "export", "conventions", "-o", str(target))[0] == 0
    sheet = load_workbook(target).active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width > 6
    target = tmp_path / "c.ods"
    assert epn(capsys, demo, "export", "conventions", "-o", str(target))[0] == 0
    import zipfile

    with zipfile.ZipFile(target) as archive:
        settings = archive.read("settings.xml").decode()
        content = archive.read("content.xml").decode()
    assert 'config:name="VerticalSplitPosition" config:type="int">1<' in settings
    assert "style:column-width" in content
    assert 'office:value-type="date"' in content


def test_export_state_filter_and_csv(demo: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "c.csv"
    code, _out, _err = epn(capsys, demo, "--today", "2026-01-10", "export", "conventions",
                           "-o", str(target), "--state", "active")
    assert code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Id;Titre;Type;Statut;État;")
    listed = [c for c in json.loads(_list_json(demo, capsys)) if c["state"] == "active"]
    assert [line.split(";")[0] for line in lines[1:]] == [c["id"] for c in listed]
    code, _out, _err = epn(capsys, demo, "export", "partners", "-o", str(target),
                           "--csv-dialect", "comma")
    assert target.read_bytes().startswith(b"Id,Nom,")
    code, _out, err = epn(capsys, demo, "export", "all", "-o", str(target))
    assert code == 2 and "CSV" in err
    code, _out, err = epn(capsys, demo, "export", "all", "-o", str(tmp_path / "x.pdf"))
    assert code == 2


def test_export_never_writes_over_a_file_the_workspace_reads(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`epn export data-inclusion -o partners.json` would have replaced the directory:
    refused as `epn print` refuses (Workspace.reads_file), nothing written."""
    before = (demo / "partners.json").read_bytes()
    code, _out, err = epn(capsys, demo, "export", "data-inclusion", "-o",
                          str(demo / "partners.json"))
    assert code == 2 and "partners.json" in err
    assert (demo / "partners.json").read_bytes() == before


def test_export_in_english(make_workspace: Any, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    root = make_workspace(partners=PARTNERS,
                          settings="epn: epn-test\nlanguage: en\nhorizon: 90 jours\n")
    target = tmp_path / "p.xlsx"
    assert epn(capsys, root, "export", "partners", "-o", str(target))[0] == 0
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["Id", "Name", "Kind"]
    assert CalamineWorkbook.from_path(str(target)).sheet_names == ["Partners"]


def test_import_what_was_exported_changes_nothing(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "p.ods"
    assert epn(capsys, demo, "export", "partners", "-o", str(target))[0] == 0
    before = (demo / "partners.json").read_bytes()
    code, out, err = epn(capsys, demo, "import", "partners", str(target),
                         "--map", "Id=")
    assert code == 0, err
    n = len(data(demo)["partners"])
    assert out.splitlines()[-1] == f"partners.json : 0 créé, 0 mis à jour, {n} ignorés, 0 rejeté"
    assert (demo / "partners.json").read_bytes() == before
