"""Relationship health checks, each on a small workspace built with `epn init`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from epn_tui.core.health import (
    Finding,
    check_committee,
    committee_interval,
    health_checks,
)
from epn_tui.core.model import Interaction, Settings
from epn_tui.i18n import set_language
from epn_tui.store.workspace import Workspace
from tests.network_ws import EPN, convention, make

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EPN_LANG", "en")
    set_language("en")
    yield
    set_language("fr")


def checks(ws: Workspace, today: date = TODAY) -> list[Finding]:
    assert ws.directory is not None
    return health_checks(ws.settings, ws.conventions, ws.partners(), ws.contacts(),
                         ws.directory.interactions(), today)


def kinds(found: list[Finding], kind: str) -> list[tuple[str, str]]:
    return [(f.subject, f.severity) for f in found if f.kind == kind]


MAIRIE = {"mairie": {"name": "Commune de Sorges", "kind": "MUNI", "commune": "Sorges"}}
REFERENTS = {
    "elue": {"name": "Sophie", "partner": "mairie", "role": "élue référente",
             "committee": True, "elected": "municipal", "verified": "2026-04-01"},
    "agent": {"name": "Thomas", "partner": "mairie", "role": "Agent référent",
              "committee": True},
}
RECENT_COPIL = {"copil": {"date": "2026-10-01", "partner": "mairie", "kind": "committee",
                          "contacts": ["elue", "agent"]}}


def healthy(tmp_path: Path, **changes: Any) -> Workspace:
    """A well-kept network; `changes` replace one piece of it."""
    args: dict[str, Any] = {
        "partners": {**EPN, **MAIRIE},
        "contacts": dict(REFERENTS),
        "interactions": dict(RECENT_COPIL),
        "conventions": {"locaux": convention("Locaux", ["mairie", "epn-test"],
                                             extra="duration: indéterminée")},
    }
    args.update(changes)
    return make(tmp_path / "ws", **args)


def test_a_well_kept_network_has_nothing_to_say(tmp_path: Path) -> None:
    assert checks(healthy(tmp_path)) == []


def test_referents_missing(tmp_path: Path) -> None:
    ws = healthy(tmp_path, contacts={"jp": {"name": "Jean-Pierre", "partner": "mairie",
                                            "role": "maire", "elected": "municipal",
                                            "verified": "2026-04-01", "committee": True}})
    found = checks(ws)
    assert kinds(found, "elu-referent") == [("mairie", "warning")]
    assert kinds(found, "agent-referent") == [("mairie", "warning")]
    elu = next(f for f in found if f.kind == "elu-referent")
    assert "Commune de Sorges" in elu.message and "Jean-Pierre" in elu.advice


def test_collectivite_found_by_the_epn_commune(tmp_path: Path) -> None:
    # No convention with the commune: the MUNI of the EPN's commune is the one.
    ws = healthy(tmp_path, conventions={}, contacts={})
    found = checks(ws)
    assert kinds(found, "elu-referent") == [("mairie", "warning")]
    assert kinds(found, "collectivite") == []


def test_no_collectivite_at_all(tmp_path: Path) -> None:
    ws = healthy(tmp_path, partners=dict(EPN), contacts={}, conventions={}, interactions={})
    assert kinds(checks(ws), "collectivite") == [("epn-test", "warning")]


def test_association_president(tmp_path: Path) -> None:
    epn = {"epn-test": {"name": "EPN (association Clic)", "kind": "EPN", "commune": "Sorges"}}
    ws = healthy(tmp_path, partners={**epn, **MAIRIE})
    assert kinds(checks(ws), "president") == [("epn-test", "warning")]
    president = {"pres": {"name": "Henri", "partner": "epn-test", "role": "Présidente"}}
    ws2 = make(tmp_path / "ws2", {**epn, **MAIRIE}, {**REFERENTS, **president},
               RECENT_COPIL, {"locaux": convention("Locaux", ["mairie", "epn-test"])})
    assert kinds(checks(ws2), "president") == []


def test_committee_without_members_or_meetings(tmp_path: Path) -> None:
    contacts = {k: {**v, "committee": False} for k, v in REFERENTS.items()}
    ws = healthy(tmp_path, contacts=contacts, interactions={})
    found = checks(ws)
    assert kinds(found, "committee-members") == [("", "warning")]
    assert kinds(found, "committee-meeting") == [("", "warning")]


def test_committee_interval_from_follow_up(tmp_path: Path) -> None:
    follow = ("duration: indéterminée\nfollow_up:\n  - what: COPIL\n    every: 3 mois\n"
              "    from: 2026-01-15\n")
    ws = healthy(tmp_path, conventions={
        "locaux": convention("Locaux", ["mairie", "epn-test"], extra=follow)})
    # Met on 1 October, every 3 months: fine until 1 January.
    assert kinds(checks(ws), "committee-meeting") == []
    late = kinds(checks(ws, date(2027, 1, 5)), "committee-meeting")
    assert late == [("", "warning")]
    message = next(f.message for f in checks(ws, date(2027, 1, 5))
                   if f.kind == "committee-meeting")
    assert "every 3 months" in message and "October 1, 2026" in message
    assert committee_interval(ws.conventions.values(), TODAY).months == 3


def test_committee_default_interval_is_six_months() -> None:
    meeting = Interaction("i", date(2026, 5, 1), "m", kind="committee")
    # Due on 1 November (six months later): late from the day after.
    assert [f.kind for f in check_committee([], [], [meeting], date(2026, 11, 2))] == [
        "committee-members", "committee-meeting"]
    assert [f.kind for f in check_committee([], [], [meeting], date(2026, 11, 1))] == [
        "committee-members"]


def test_partners_without_written_convention(tmp_path: Path) -> None:
    partners = {**EPN, **MAIRIE, "asso": {"name": "Asso", "kind": "ASSO"},
                "ecole": {"name": "École", "kind": "ECOLE"},
                "vieux": {"name": "Ancien", "kind": "ASSO"}}
    conventions = {
        "locaux": convention("Locaux", ["mairie", "epn-test"], extra="duration: indéterminée"),
        "ecole-projet": convention("Projet", ["ecole", "epn-test"], status="negotiation"),
        "vieux": convention("Finie", ["vieux", "epn-test"], start="2020-01-01"),
    }
    ws = healthy(tmp_path, partners=partners, conventions=conventions)
    assert kinds(checks(ws), "unwritten") == [
        ("asso", "warning"), ("vieux", "warning"), ("ecole", "info")]


def test_renewals(tmp_path: Path) -> None:
    partners = {**EPN, **MAIRIE, "a": {"name": "A", "kind": "ASSO"},
                "b": {"name": "B", "kind": "ASSO"}, "c": {"name": "C", "kind": "ASSO"},
                "d": {"name": "D", "kind": "ASSO"}}
    conventions = {
        "locaux": convention("Locaux", ["mairie", "epn-test"], extra="duration: indéterminée"),
        # Ends 31/12/2026, nothing after: a warning... with an express notice passed: alert.
        "a-2026": convention("A 2026", ["a", "epn-test"],
                             extra="renewal: express\nnotice: 2 mois"),
        # Ends 31/12/2026, the 2027 one is signed: nothing to say.
        "b-2026": convention("B 2026", ["b", "epn-test"]),
        "b-2027": convention("B 2027", ["b", "epn-test"], start="2027-01-01"),
        # Ends 31/12/2026, a renewal is in negotiation: info.
        "c-2026": convention("C 2026", ["c", "epn-test"]),
        "c-2027": convention("C 2027", ["c", "epn-test"], status="negotiation",
                             start="2027-01-01"),
        # Ends 15/02/2027: inside the 90-day horizon, more than 30 days away: warning.
        "d-court": convention("D", ["d", "epn-test"], start="2026-02-16"),
        # An avenant that ends with its convention adds no second finding.
        "d-avenant": convention("Avenant D", ["d", "epn-test"], start="2026-06-01",
                                extra="end: 2027-02-15\namends: d-court\ntype: avenant"),
    }
    ws = healthy(tmp_path, partners=partners, conventions=conventions)
    found = checks(ws)
    assert kinds(found, "renewal") == [("a-2026", "alert"), ("d-court", "warning"),
                                       ("c-2026", "info")]
    alert = next(f for f in found if f.subject == "a-2026")
    assert "October 31, 2026" in alert.advice


def test_a_renewal_needs_every_partner_and_may_add_some(tmp_path: Path) -> None:
    """Renewals are looked up among the conventions of the least busy partner: one with
    all the partners (and more) counts; one with only some of them does not."""
    partners = {**EPN, **MAIRIE, **{x: {"name": x.upper(), "kind": "ASSO"}
                                     for x in ("a", "b", "c", "d")}}
    conventions = {
        "locaux": convention("Locaux", ["mairie", "epn-test"], extra="duration: indéterminée"),
        "ab-2026": convention("AB 2026", ["a", "b", "epn-test"]),
        "abc-2027": convention("ABC 2027", ["c", "b", "a", "epn-test"], start="2027-01-01"),
        "cd-2026": convention("CD 2026", ["c", "d", "epn-test"]),
        "c-2027": convention("C 2027", ["c", "epn-test"], start="2027-01-01"),
        "d-2027": convention("D 2027", ["d", "epn-test"], start="2027-01-01",
                             status="negotiation"),
    }
    ws = healthy(tmp_path, partners=partners, conventions=conventions)
    assert kinds(checks(ws), "renewal") == [("cd-2026", "warning")]


def test_elected_contacts_not_checked_since_the_elections(tmp_path: Path) -> None:
    contacts = {
        **REFERENTS,
        "old": {"name": "Alain", "partner": "mairie", "role": "adjoint",
                "elected": "municipal", "verified": "2025-10-14"},
        "never": {"name": "Nina", "partner": "mairie", "elected": "municipal"},
        # The default calendar: departmental elections in June 2021, then March 2028.
        "dept": {"name": "Hélène", "partner": "mairie", "elected": "departmental",
                 "verified": "2022-01-01"},
    }
    ws = healthy(tmp_path, contacts=contacts)
    found = checks(ws)
    assert kinds(found, "election") == [("never", "warning"), ("old", "warning")]
    message = next(f.message for f in found if f.subject == "old")
    assert "municipal elections of March 15, 2026" in message
    # Before the election date nobody is flagged.
    assert kinds(checks(ws, date(2026, 3, 1)), "election") == []


def test_silent_partners(tmp_path: Path) -> None:
    partners = {**EPN, **MAIRIE, "a": {"name": "A", "kind": "ASSO"},
                "b": {"name": "B", "kind": "ASSO"}, "c": {"name": "C", "kind": "ASSO"}}
    contacts = {**REFERENTS, "cx": {"name": "Cx", "partner": "c"}}
    interactions = {
        **RECENT_COPIL,
        "a-old": {"date": "2026-05-21", "partner": "a", "kind": "call"},
        # C took part in a meeting filed under the mairie: C is not silent.
        "m": {"date": "2026-09-01", "partner": "mairie", "kind": "meeting",
              "contacts": ["cx"]},
    }
    ws = healthy(tmp_path, partners=partners, contacts=contacts, interactions=interactions)
    silent = kinds(checks(ws), "silence")
    assert silent == [("a", "info"), ("b", "info")]
    ws2 = make(tmp_path / "ws2", partners, contacts, interactions,
               settings="silence: 7 mois\n")
    assert ws2.settings.silence_months == 7
    assert kinds(checks(ws2), "silence") == [("b", "info")]


def test_no_epn_in_settings() -> None:
    found = health_checks(Settings(), [], [], [], [], TODAY)
    assert [f.kind for f in found][:2] == ["epn", "collectivite"]


def test_demo_findings(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "demo"
    shutil.copytree(Path(__file__).resolve().parent.parent / "conventions", root,
                    ignore=shutil.ignore_patterns(".epn"))
    found = checks(Workspace.open(root, use_cache=False))
    summary = [(f.severity, f.kind, f.subject) for f in found]
    assert summary == [
        ("alert", "renewal", "cc-causses-rivieres-financement-2026"),
        # The journal's next steps past and not done (issue 12).
        ("alert", "next-step", "2026-09-15-cc-subvention-2027"),
        ("alert", "next-step", "2026-10-13-copil-3"),
        ("warning", "agent-referent", "cc-causses-rivieres"),
        ("warning", "unwritten", "epn-thiviers"),
        ("warning", "unwritten", "mediatheque-sorges"),
        ("warning", "election", "alain-roche"),
        ("info", "unwritten", "college-causses"),
        ("info", "unwritten", "maison-des-familles"),
        ("info", "silence", "departement-dordogne"),
        ("info", "silence", "epn-thiviers"),
        ("info", "silence", "france-travail-perigueux"),
    ]
