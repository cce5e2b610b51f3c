"""`epn export lieux`: the national schema of places of digital mediation, shipped in the
package; every exported row checked against it; incomplete places reported, left out."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from epn_tui.cli import main
from epn_tui.core import lieux
from epn_tui.core.model import Partner


def epn(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["-w", str(root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"), newline="")))


def test_the_schema_ships_in_the_package() -> None:
    schema = lieux.schema()
    assert schema["name"] == "standard-mediation-num" and schema["version"] == "v1.0.2"
    assert lieux.required() == ["id", "pivot", "nom", "commune", "code_postal", "adresse",
                                "date_maj", "services"]
    assert len(lieux.choices("services")) == 9
    assert "Aide aux démarches administratives" in lieux.choices("services")
    assert lieux.choices("publics_specifiquement_adresses") == (
        "Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes")


def test_check_row_catches_what_the_schema_forbids() -> None:
    good = lieux.row_of(Partner(
        id="epn-x", name="EPN X", kind="EPN", address="1 rue", commune="Sorges",
        siret="829 147 000 00016",
        extra={"postal_code": "24420", "services": "Loisirs et créations numériques",
               "phone": "05 53 00 00 10"}), date(2026, 1, 10))
    assert lieux.check_row(good, "epn-x") == []
    assert good["telephone"] == "+33553000010" and good["pivot"] == "82914700000016"
    bad = dict(good, code_postal="2442", services="Loisirs|Cuisine", telephone="0553",
               presentation_resume="x" * 281, date_maj="10/01/2026")
    fields = {p.field for p in lieux.check_row(bad, "epn-x")}
    assert fields == {"code_postal", "telephone", "presentation_resume", "date_maj",
                      "services"}


def test_export_lieux(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "lieux.csv"
    code, out, err = epn(capsys, demo, "--today", "2026-01-10", "export", "lieux", "-o",
                         str(target))
    assert code == 1
    assert "epn-sorges : code_postal : obligatoire, et vide (laissé de côté)" in err
    assert "epn-thiviers : pivot : obligatoire, et vide (laissé de côté)" in err
    assert out == f"{target} : 0 lieu\n"
    assert read(target) == []
    assert target.read_text("utf-8").startswith("id,pivot,nom,commune,code_postal,")
    assert epn(capsys, demo, "partner", "set", "epn-sorges", "postal_code=24420",
               "services=aide aux démarches administratives; Loisirs et créations numériques",
               "publics=seniors|jeunes", "horaires=Tu-Sa 09:00-12:00",
               "phone=05 53 00 00 10")[0] == 0
    assert epn(capsys, demo, "partner", "set", "epn-thiviers", "postal_code=24800",
               "siret=123", "services=Cuisine")[0] == 0
    code, out, err = epn(capsys, demo, "--today", "2026-01-10", "export", "lieux", "-o",
                         str(target))
    assert code == 1
    assert "epn-thiviers : services : « Cuisine » n'est pas dans la liste du schéma" in err
    assert "epn-thiviers : pivot : « 123 » n'a pas la forme du schéma" in err
    rows = read(target)
    assert [r["id"] for r in rows] == ["epn-sorges"]
    assert lieux.check_rows(rows) == []
    row = rows[0]
    assert row["services"] == ("Aide aux démarches administratives|"
                               "Loisirs et créations numériques")
    assert row["publics_specifiquement_adresses"] == "Seniors|Jeunes"
    assert row["telephone"] == "+33553000010"
    assert row["date_maj"] == "2026-01-10" and row["typologie"] == "EPN"
    assert list(row) == lieux.field_names()
    # Completed, the second place is exported too, and still passes.
    assert epn(capsys, demo, "partner", "set", "epn-thiviers", "siret=",
               "rna=W243000123", "services=Accès internet et matériel informatique")[0] == 0
    code, out, err = epn(capsys, demo, "--today", "2026-01-10", "export", "lieux", "-o",
                         str(target))
    assert (code, err) == (0, "")
    rows = read(target)
    assert [r["id"] for r in rows] == ["epn-sorges", "epn-thiviers"]
    assert lieux.check_rows(rows) == []


# data·inclusion ----------------------------------------------------------------------------
def test_data_inclusion_checker_knows_every_keyword_of_the_schema() -> None:
    from epn_tui.core import data_inclusion

    def walk(node: object, under_properties: bool = False) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not under_properties:
                    assert key in data_inclusion.KNOWN_KEYWORDS, key
                walk(value, key in ("properties", "$defs") and not under_properties)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    schema = data_inclusion.schema()
    walk(schema)
    assert schema["required"] == ["source", "id", "nom", "date_maj"]


def test_data_inclusion_check_rejects_what_the_schema_rejects() -> None:
    from epn_tui.core import data_inclusion

    good = {"source": "epn-tui", "id": "epn-tui--x", "nom": "EPN X", "date_maj": "2026-01-10",
            "siret": "82914700000016", "code_postal": "24420",
            "courriel": "epn@example.fr", "site_web": "https://epn.example.fr",
            "reseaux_porteurs": ["france-service"]}
    assert data_inclusion.check(good, "x") == []
    bad = dict(good, nom="EP", siret="829", code_postal="2442", courriel="epn",
               site_web="epn.example.fr", date_maj="10/01/2026",
               reseaux_porteurs=["inconnu"], couleur="bleu")
    del bad["source"]
    fields = sorted(p.field for p in data_inclusion.check(bad, "x"))
    assert fields == ["code_postal", "couleur", "courriel", "date_maj", "nom",
                      "reseaux_porteurs", "siret", "site_web", "source"]


def test_export_data_inclusion(demo: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from epn_tui.core import data_inclusion

    assert epn(capsys, demo, "partner", "set", "epn-sorges", "postal_code=24420",
               "phone=05 53 00 00 10", "horaires=Tu-Sa 09:00-12:00")[0] == 0
    assert epn(capsys, demo, "partner", "set", "epn-thiviers", "website=pas une adresse")[0] == 0
    target = tmp_path / "structures.json"
    code, out, err = epn(capsys, demo, "--today", "2026-01-10", "export", "data-inclusion",
                         "-o", str(target))
    assert code == 1
    assert "epn-thiviers : site_web : « pas une adresse » n'est pas une adresse web" in err
    found = json.loads(target.read_text("utf-8"))
    assert [s["id"] for s in found] == ["epn-tui--epn-sorges"]
    assert data_inclusion.check_all(found) == []
    assert found[0]["telephone"] == "+33553000010"
    assert found[0]["code_postal"] == "24420" and found[0]["date_maj"] == "2026-01-10"
    assert out == f"{target} : 1 structure\n"
