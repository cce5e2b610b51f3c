"""`epn partner|contact|journal`: end to end, through the same write path as the UI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from epn_tui.cli import main
from epn_tui.store.partners import dumps

ROUNDS = 40  # real `epn` processes (0.2 s each); bench/bench_write.py runs 200


def run(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["-w", str(root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def data(root: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((root / "partners.json").read_text("utf-8"))


def test_partner_add_set_show_rm(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, demo, "partner", "add", "Commune de Test", "kind=muni",
                         "siret=123 456 789 00012", "tags=emploi; seniors")
    assert (code, out, err) == (0, "partners.json : partenaire `commune-de-test` ajouté\n", "")
    record = data(demo)["partners"]["commune-de-test"]
    assert record == {"name": "Commune de Test", "kind": "MUNI", "siret": "12345678900012",
                      "tags": ["emploi", "seniors"]}
    code, out, err = run(capsys, demo, "partner", "set", "commune-de-test", "notes=À rappeler",
                         "siret=12", "tags=")
    assert code == 0
    assert out == "partners.json : partenaire `commune-de-test` enregistré (notes, siret, tags)\n"
    assert err == "attention : un SIRET a 14 chiffres (enregistré tel que tapé)\n"
    record = data(demo)["partners"]["commune-de-test"]
    assert record == {"name": "Commune de Test", "kind": "MUNI", "siret": "12",
                      "notes": "À rappeler"}
    assert (demo / "partners.json").read_bytes() == dumps(data(demo))
    code, out, _err = run(capsys, demo, "partner", "show", "commune-de-test", "--json")
    assert json.loads(out) == {"id": "commune-de-test", **record}
    code, out, err = run(capsys, demo, "partner", "rm", "commune-de-test")
    assert (code, out) == (0, "partners.json : partenaire `commune-de-test` supprimé\n")
    assert "commune-de-test" not in data(demo)["partners"]


def test_contact_and_journal(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, demo, "partner", "add", "Association Test")
    code, out, err = run(capsys, demo, "contact", "add", "association-test", "Émilie Durand",
                         "role=présidente", "committee=oui", "elected=non",
                         "verified=15/09/2026", "phone=05 53 00 00 00")
    assert (code, err) == (0, "")
    assert out == "partners.json : contact `emilie-durand` ajouté\n"
    assert data(demo)["contacts"]["emilie-durand"] == {
        "name": "Émilie Durand", "partner": "association-test", "role": "présidente",
        "committee": True, "verified": "2026-09-15", "phone": "05 53 00 00 00"}
    code, out, err = run(capsys, demo, "--today", "2026-11-20", "journal", "add",
                         "association-test", "Réunion de lancement", "--kind", "appel",
                         "--with", "emilie-durand", "--next", "Envoyer le bilan",
                         "--next-date", "01/12/2026")
    assert (code, err) == (0, "")
    entry_id = "2026-11-20-call-association-test"
    assert out == f"partners.json : entrée du journal `{entry_id}` ajoutée\n"
    assert data(demo)["interactions"][entry_id] == {
        "date": "2026-11-20", "kind": "call", "partner": "association-test",
        "summary": "Réunion de lancement", "contacts": ["emilie-durand"],
        "next_step": "Envoyer le bilan", "next_date": "2026-12-01"}
    # A partner goes with its contacts and journal, in one write.
    code, out, err = run(capsys, demo, "partner", "rm", "association-test")
    assert out == ("partners.json : partenaire `association-test` supprimé, avec 1 contact et "
                   "1 échange du journal\n")
    after = data(demo)
    assert "emilie-durand" not in after["contacts"] and entry_id not in after["interactions"]


def test_guarded_deletions_and_bad_usage(demo: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    before = (demo / "partners.json").read_bytes()
    code, out, err = run(capsys, demo, "partner", "rm", "mairie-sorges")
    assert code == 1 and out == ""
    assert err.startswith("epn: Commune de Sorges") and "est partie à 1 convention" in err
    code, _out, err = run(capsys, demo, "partner", "rm", "epn-sorges")
    assert code == 1 and "votre propre EPN" in err
    code, _out, err = run(capsys, demo, "contact", "rm", "robert-peyrat")
    assert code == 1 and "signe" in err
    code, _out, err = run(capsys, demo, "partner", "rm", "absent")
    assert (code, err) == (2, "epn: aucun partenaire d'identifiant `absent` dans "
                              "partners.json\n")
    code, _out, err = run(capsys, demo, "contact", "set", "robert-peyrat", "committee=peut-être")
    assert (code, err) == (2, "epn: `committee` : indiquez oui ou non\n")
    code, _out, err = run(capsys, demo, "partner", "set", "mairie-sorges", "name=")
    assert (code, err) == (2, "epn: `name` ne peut pas être vide\n")
    code, _out, err = run(capsys, demo, "journal", "add", "mairie-sorges", "x", "--with",
                          "personne")
    assert code == 2 and "personne" in err
    assert (demo / "partners.json").read_bytes() == before


def test_partner_set_conflict(demo: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone changes the same field between the command's read and its write."""
    from epn_tui.store.partners import Directory

    real = Directory.update

    def racing(self: Directory, table: str, doc_id: str, changes: dict,  # type: ignore[type-arg]
               base: dict | None = None) -> object:  # type: ignore[type-arg]
        if base is not None:
            real(Directory(self.path), table, doc_id, {"phone": "05 00 00 00 01"})
        return real(self, table, doc_id, changes, base=base)

    monkeypatch.setattr(Directory, "update", racing)
    code, out, err = run(capsys, demo, "contact", "set", "robert-peyrat", "phone=06 11 11 11 11")
    assert (code, out) == (1, "")
    assert err == ("epn: partners.json : robert-peyrat : phone : modifié par quelqu'un d'autre "
                   "(désormais « 05 00 00 00 01 ») ; rien n'a été écrit\n")
    assert data(demo)["contacts"]["robert-peyrat"]["phone"] == "05 00 00 00 01"


def test_cli_writers_in_parallel_lose_nothing(demo: Path) -> None:
    """Two real `epn` processes, each setting its own partner's fields, round after round."""
    env = {**os.environ, "EPN_LANG": "en"}
    script = ("import sys\nfrom epn_tui.cli import main\n"
              "for i in range(int(sys.argv[3])):\n"
              "    code = main(['-w', sys.argv[1], 'partner', 'set', sys.argv[2], f'f{i}=v{i}'])\n"
              "    assert code == 0, code\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(demo), pid, str(ROUNDS)],  # noqa: S603
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for pid in ("mairie-sorges", "aines-du-causse")]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert out.count("saved") == ROUNDS
    after = data(demo)["partners"]
    for pid in ("mairie-sorges", "aines-du-causse"):
        assert all(after[pid].get(f"f{i}") == f"v{i}" for i in range(ROUNDS))
