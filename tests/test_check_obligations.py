"""`epn check` warns (never fails) about what a public partner needs on paper (issue 12,
section 3): a signed convention without signatories, a financement with an amount and no
délibération on file for its public party, public premises lent without a term."""

from __future__ import annotations

from pathlib import Path

import pytest

from epn_tui.cli import main
from tests.network_ws import EPN, convention, make

PARTNERS = {**EPN, "mairie": {"name": "Commune de Sorges", "kind": "MUNI"},
            "asso": {"name": "Asso", "kind": "ASSO"}}
CONTACTS = {"maire": {"name": "Maire", "partner": "mairie"},
            "pres": {"name": "Pres", "partner": "epn-test"},
            "a": {"name": "A", "partner": "asso"}}


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> tuple[int, str]:
    ws = make(tmp_path / "ws", PARTNERS, CONTACTS, {}, {"c": text})
    capsys.readouterr()
    code = main(["-w", str(ws.root), "check"])
    return code, capsys.readouterr().out


SIGNED = "  - partner: mairie\n    signatory: maire\n  - partner: epn-test\n    signatory: pres\n"


def test_signed_without_signatories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(tmp_path, capsys, convention("C", ["mairie", "epn-test"]))
    assert code == 0 and "c.md:3: " in out and "aucune partie n'indique son signataire" in out
    # One party named its signatory: the parties are known to have signed.
    assert check(tmp_path / "2", capsys, convention(
        "C", ["mairie", "epn-test"]).replace("  - partner: epn-test\n",
                                             "  - partner: epn-test\n    signatory: pres\n")
                 ) == (0, "")
    draft = convention("C", ["mairie", "epn-test"], status="draft")
    assert check(tmp_path / "3", capsys, draft) == (0, "")


def with_parties(extra: str, parties: str = SIGNED, kind: str = "financement") -> str:
    return ("---\ntitle: C\ntype: " + kind + "\nstatus: signed\nparties:\n" + parties
            + "start: 2026-01-01\n" + extra + "---\n# C\n")


def test_financement_needs_a_deliberation(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(tmp_path, capsys, with_parties("duration: 1 an\namount: 5000\n"))
    assert code == 0 and "aucune délibération notée pour mairie" in out
    assert "c.md:12: " in out  # the amount's line
    assert check(tmp_path / "2", capsys, with_parties(
        "duration: 1 an\namount: 5000\ndeliberation: n° 2026-01 du 5 janvier 2026\n")) == (0, "")
    on_party = SIGNED.replace("signatory: maire\n",
                              "signatory: maire\n    deliberation: n° 2026-01\n")
    assert check(tmp_path / "3", capsys, with_parties(
        "duration: 1 an\namount: 5000\n", on_party)) == (0, "")
    # No amount, or no public party: nothing to say.
    assert check(tmp_path / "4", capsys, with_parties("duration: 1 an\n")) == (0, "")
    asso = SIGNED.replace("partner: mairie\n    signatory: maire",
                          "partner: asso\n    signatory: a")
    code, out = check(tmp_path / "5", capsys, with_parties("duration: 1 an\namount: 5\n", asso))
    assert "délibération" not in out


def test_public_premises_need_a_term(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(tmp_path, capsys, with_parties("duration: indéterminée\n",
                                                     kind="mise-a-disposition"))
    assert code == 0 and "c.md:11: " in out and "sans terme" in out
    assert check(tmp_path / "2", capsys, with_parties(
        "duration: 3 ans\n", kind="mise-a-disposition")) == (0, "")
    asso = SIGNED.replace("partner: mairie\n    signatory: maire",
                          "partner: asso\n    signatory: a")
    assert check(tmp_path / "3", capsys, with_parties(
        "duration: indéterminée\n", asso, kind="mise-a-disposition")) == (0, "")
