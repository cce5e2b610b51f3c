"""Issue 12, section 2: the dashboard's « At a glance » and `epn health` say the same
thing (one function, `core/health.glance`), mandates have kinds and dates, the election
calendar knows each kind's elections, an express renewal is advised from its notice
window, and overdue next steps are in « À faire »."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from epn_tui.core.dashboard import summarize, view_of
from epn_tui.core.health import Finding, health_checks
from epn_tui.core.mandates import election_of, is_former, last_election, next_election
from epn_tui.core.model import Contact, Settings
from epn_tui.i18n import set_language
from epn_tui.store.workspace import Workspace
from tests.network_ws import EPN, convention, make


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("EPN_LANG", "en")
    set_language("en")
    yield
    set_language("fr")


def findings(ws: Workspace, today: date) -> list[Finding]:
    assert ws.directory is not None
    return health_checks(ws.settings, ws.conventions, ws.partners(), ws.contacts(),
                         ws.directory.interactions(), today)


def assert_agree(ws: Workspace, today: date) -> None:
    """What the dashboard lists at a glance is what `epn health` warns about."""
    assert ws.directory is not None
    summary = summarize(ws.settings, ws.conventions, ws.partners(), ws.contacts(),
                        ws.directory.interactions().values(), today)
    found = findings(ws, today)

    def subjects(kind: str) -> set[str]:
        return {f.subject for f in found if f.kind == kind}

    assert {c.id for c in summary.unverified} == subjects("election")
    colls = {p.id for p in summary.collectivites}
    assert colls - {c.partner for c in summary.elus} == subjects("elu-referent")
    assert colls - {c.partner for c in summary.agents} == subjects("agent-referent")
    assert {p.id for p in summary.unwritten} == subjects("unwritten")
    assert (not summary.committee) == bool(subjects("committee-members"))
    view = view_of(summary, ws.settings.horizon_days, 0, found)
    overdue = [(m, a) for s, m, a in view.advice if ", overdue" in m]
    assert overdue == [(f.message, f.advice) for f in found
                       if f.kind in ("next-step", "follow-up")]


def test_the_demo_agrees(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(Path(__file__).resolve().parent.parent / "conventions", root,
                    ignore=shutil.ignore_patterns(".epn"))
    ws = Workspace.open(root, use_cache=False)
    for day in (date(2026, 3, 20), date(2026, 4, 30), date(2026, 11, 22), date(2028, 4, 1)):
        assert_agree(ws, day)


PARTNERS = {
    **EPN,
    "mairie": {"name": "Commune de Sorges", "kind": "MUNI", "commune": "Sorges"},
    "cc": {"name": "CC Causses", "kind": "EPCI", "commune": "Savignac"},
    "dept": {"name": "Département", "kind": "DEP"},
    "region": {"name": "Région", "kind": "REG"},
}
PEOPLE: dict[str, dict[str, Any]] = {
    "maire": {"name": "Marie", "partner": "mairie", "role": "élue référente",
              "elected": "municipal", "verified": "2026-03-18", "committee": True},
    "agent": {"name": "Thomas", "partner": "mairie", "role": "agent référent"},
    "vp": {"name": "Alain", "partner": "cc", "role": "élu référent",
           "elected": "communautaire", "verified": "2026-01-10"},
    "camille": {"name": "Camille", "partner": "cc", "role": "chargée de mission",
                "function": "Chargée de mission inclusion numérique"},
    # A departmental councillor checked in 2025: not to re-verify after the municipales.
    "cd": {"name": "Hélène", "partner": "dept", "elected": "departmental",
           "verified": "2025-01-10"},
    "cr": {"name": "Régis", "partner": "region", "elected": "regional",
           "verified": "2021-05-01"},
    # No longer in office: kept in the directory, no longer élue référente.
    "ancienne": {"name": "Odile", "partner": "cc", "role": "élue référente",
                 "elected": "communautaire", "mandate_start": "2020-07-17",
                 "mandate_end": "2026-04-23"},
}
CONVENTIONS = {
    "mairie": convention("Locaux", ["mairie", "epn-test"], extra="duration: indéterminée"),
    "cc": convention("Financement", ["cc", "epn-test"], start="2026-10-01",
                     extra="renewal: express\nnotice: 6 mois"),
    "dept": convention("Dept", ["dept", "epn-test"]),
    "region": convention("Région", ["region", "epn-test"]),
}
INTERACTIONS = {
    "copil": {"date": "2026-10-01", "partner": "mairie", "kind": "committee"},
    "step": {"date": "2026-09-15", "partner": "cc", "kind": "call",
             "next_step": "Déposer la demande de subvention 2027", "next_date": "2026-10-31"},
}


@pytest.fixture
def every_kind(tmp_path: Path) -> Workspace:
    return make(tmp_path / "ws", PARTNERS, PEOPLE, INTERACTIONS, CONVENTIONS)


def test_every_mandate_kind_agrees(every_kind: Workspace) -> None:
    for day in (date(2026, 3, 16), date(2026, 3, 20), date(2026, 3, 23), date(2026, 4, 30),
                date(2026, 11, 22), date(2027, 3, 15), date(2028, 3, 27)):
        assert_agree(every_kind, day)


def test_each_contact_is_rechecked_after_the_election_of_their_kind(
        every_kind: Workspace) -> None:
    def flagged(day: date) -> set[str]:
        return {f.subject for f in findings(every_kind, day) if f.kind == "election"}

    # epn.yaml (epn init) says municipal: 2026-03-15; the rest is the default calendar.
    assert flagged(date(2026, 3, 14)) == {"cr"}  # regional: June 2021, checked before
    assert flagged(date(2026, 3, 20)) == {"cr"}  # Marie was checked on 18 March
    # The vice-president of the EPCI: after the conseils communautaires are installed.
    assert flagged(date(2026, 4, 23)) == {"cr"}
    assert flagged(date(2026, 4, 30)) == {"cr", "vp"}
    # The departmental councillor is never listed for the municipales.
    assert "cd" not in flagged(date(2026, 11, 22))
    assert flagged(date(2028, 3, 27)) >= {"cd", "cr"}


def test_the_calendar() -> None:
    settings = Settings()
    assert last_election(settings, "municipal", date(2026, 3, 21)) == date(2026, 3, 15)
    assert last_election(settings, "municipal", date(2026, 3, 22)) == date(2026, 3, 22)
    assert last_election(settings, "communautaire", date(2026, 5, 1)) == date(2026, 4, 24)
    assert next_election(settings, "departmental", date(2026, 11, 22)) == date(2028, 3, 19)
    assert next_election(settings, "regional", date(2026, 11, 22)) == date(2028, 3, 19)
    mine = Settings(elections={"regional": date(2028, 3, 12)})
    assert last_election(mine, "regional", date(2028, 4, 1)) == date(2028, 3, 12)
    alain = Contact("a", "cc", "Alain", elected="communautaire",
                    verified=date(2026, 4, 1))
    assert election_of(alain, settings, date(2026, 4, 23)) is None
    assert election_of(alain, settings, date(2026, 4, 24)) == date(2026, 4, 24)
    # A mandate begun after the election needs no check for it.
    new = Contact("n", "cc", "Nadia", elected="communautaire",
                  extra={"mandate_start": "2026-04-24"})
    assert election_of(new, settings, date(2026, 6, 1)) is None


def test_a_former_elue_is_no_longer_referent(every_kind: Workspace) -> None:
    ancienne = every_kind.contacts()["ancienne"]
    assert not is_former(ancienne, date(2026, 4, 23))
    assert is_former(ancienne, date(2026, 4, 24))
    found = findings(every_kind, date(2026, 11, 22))
    # Alain is the CC's élu référent; Odile no longer is, nor flagged for verifying.
    assert "ancienne" not in {f.subject for f in found}
    assert every_kind.directory is not None
    summary = summarize(every_kind.settings, every_kind.conventions, every_kind.partners(),
                        every_kind.contacts(), [], date(2026, 11, 22))
    assert [c.id for c in summary.elus if c.partner == "cc"] == ["vp"]


def test_the_agent_referent_advice_names_staff_and_the_dgs(every_kind: Workspace) -> None:
    found = findings(every_kind, date(2026, 11, 22))
    advice = next(f.advice for f in found if f.kind == "agent-referent" and f.subject == "cc")
    assert "Camille (Chargée de mission inclusion numérique)" in advice
    assert "DGS" in advice and "town clerk" not in advice


def test_an_express_renewal_is_advised_from_its_notice_window(every_kind: Workspace) -> None:
    # The CC's convention ends on 30 September 2027; the request is due by 30 March 2027.
    def renewal(day: date) -> list[Finding]:
        return [f for f in findings(every_kind, day) if f.kind == "renewal" and f.subject == "cc"]

    assert renewal(date(2026, 12, 1)) == []  # the request date beyond the horizon
    found = renewal(date(2027, 3, 15))
    assert [(f.subject, f.severity) for f in found] == [("cc", "warning")]
    assert "March 30, 2027" in found[0].advice
    assert [f.severity for f in renewal(date(2027, 4, 2))] == ["alert"]


def test_advice_names_fields_as_the_form_labels_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = make(tmp_path / "ws", PARTNERS, {"x": {"name": "X", "partner": "mairie",
                                                "elected": "municipal"}}, {}, CONVENTIONS)
    monkeypatch.setenv("EPN_LANG", "fr")
    set_language("fr")
    for f in findings(ws, date(2026, 11, 22)):
        for word in ("`verified`", "committee: true", "`committee`", "`élu référent`",
                     "`agent référent`"):
            assert word not in f.advice, (word, f.advice)
    text = " ".join(f.advice for f in findings(ws, date(2026, 11, 22)))
    assert "« Vérifié le »" in text and "« Comité de pilotage : membre »" in text


def test_contact_set_knows_mandates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from epn_tui.cli import main

    ws = make(tmp_path / "ws", PARTNERS, PEOPLE, {}, CONVENTIONS)
    root = str(ws.root)
    assert main(["-w", root, "contact", "set", "vp", "elected=intercommunale",
                 "mandate_start=24/04/2026", "mandate_end=2032-03-31"]) == 0
    stored = json.loads((ws.root / "partners.json").read_text("utf-8"))["contacts"]["vp"]
    assert (stored["elected"], stored["mandate_start"], stored["mandate_end"]) == (
        "communautaire", "2026-04-24", "2032-03-31")
    assert main(["-w", root, "contact", "set", "vp", "mandate_end=31/02/2032"]) != 0
    capsys.readouterr()
