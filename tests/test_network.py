"""The network graph: groups, flags, marks, filters, edges, stable order."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from epn_tui.core.model import Contact, Partner, Settings
from epn_tui.core.network import (
    GROUPS,
    Network,
    NetworkFilter,
    build_network,
    group_of,
)
from epn_tui.store.workspace import Workspace
from tests.network_ws import EPN, convention, make

TODAY = date(2026, 11, 22)


def network(ws: Workspace, wanted: NetworkFilter | None = None) -> Network:
    assert ws.directory is not None
    return build_network(ws.settings, ws.conventions, ws.partners(), ws.contacts(),
                         ws.directory.interactions(), TODAY, wanted)


@pytest.fixture
def small(tmp_path: Path) -> Workspace:
    partners = {
        **EPN,
        "mairie": {"name": "Commune de Sorges", "kind": "MUNI", "commune": "Sorges"},
        "assoc": {"name": "Les Aînés", "kind": "ASSO", "tags": ["seniors"]},
        "mission-locale": {"name": "Mission locale", "kind": "ASSO", "tags": ["Emploi"]},
        "biblio": {"name": "Bibliothèque", "kind": "BIB"},
        "bizarre": {"name": "Objet inconnu", "kind": "OVNI"},
    }
    contacts = {
        "sophie": {"name": "Sophie", "partner": "mairie", "role": "Élue référente",
                   "committee": True, "elected": "municipal"},
        "thomas": {"name": "Thomas", "partner": "mairie", "role": "agent référent"},
        "jp": {"name": "Jean-Pierre", "partner": "mairie", "role": "maire"},
        "robert": {"name": "Robert", "partner": "assoc", "role": "Président"},
        "vp": {"name": "Vice", "partner": "assoc", "role": "vice-présidente"},
    }
    conventions = {
        "mairie-locaux": convention("Locaux", ["mairie", "epn-test"],
                                    extra="themes: [locaux]\nparties_note: x"),
        "assoc-seniors": convention("Ateliers seniors", ["assoc", "epn-test"],
                                    extra="themes: [seniors]"),
        "assoc-vieille": convention("Ancienne", ["assoc", "epn-test"], start="2020-01-01"),
        "ml-projet": convention("Projet emploi", ["mission-locale", "epn-test"],
                                status="draft", start=None),
        "entre-eux": convention("Entre partenaires", ["mairie", "assoc"]),
        "fantome": convention("Avec un inconnu", ["inconnu", "epn-test"]),
    }
    return make(tmp_path / "ws", partners, contacts, conventions=conventions)


def test_groups_in_fixed_order_and_kinds(small: Workspace) -> None:
    net = network(small)
    keys = [g.key for g in net.groups]
    assert keys == [g.key for g in GROUPS if g.key in keys]
    by_id = {n.id: n for n in net.nodes}
    assert by_id["mairie"].group == "authorities"
    assert by_id["assoc"].group == "associations"
    assert by_id["mission-locale"].group == "employment"  # tag `Emploi`
    assert by_id["biblio"].group == "culture"
    assert by_id["bizarre"].group == "other"
    assert by_id["inconnu"].group == "other" and not by_id["inconnu"].known
    assert net.centre.id == "epn-test" and "epn-test" not in by_id


def test_employment_tag_does_not_move_a_collectivite() -> None:
    assert group_of(Partner("m", "M", kind="MUNI", tags=("emploi",))) == "authorities"
    assert group_of(Partner("e", "E", kind="ETAT")) == "employment"
    assert group_of(Partner("x", "X", kind="entreprise", tags=("emploi",))) == "employment"


def test_written_conventions_and_states(small: Workspace) -> None:
    by_id = {n.id: n for n in network(small).nodes}
    assoc = by_id["assoc"]
    assert assoc.written
    assert [(c.id, c.state) for c in assoc.conventions] == [
        ("assoc-seniors", "active"), ("entre-eux", "active"), ("assoc-vieille", "expired")]
    assert assoc.conventions[0].next_deadline is not None
    assert assoc.conventions[0].next_deadline.date == date(2026, 12, 31)
    ml = by_id["mission-locale"]
    assert not ml.written and ml.in_preparation
    assert not by_id["biblio"].written and not by_id["biblio"].conventions
    assert {n.id for n in network(small).unwritten} == {"mission-locale", "biblio", "bizarre"}


def test_contact_marks(small: Workspace) -> None:
    by_id = {n.id: n for n in network(small).nodes}
    people = {p.id: p for p in by_id["mairie"].contacts}
    assert people["sophie"].elu_referent and people["sophie"].committee
    assert people["thomas"].agent_referent and not people["thomas"].elu_referent
    assert not people["jp"].marked
    assert [p.id for p in by_id["mairie"].contacts] == ["sophie", "thomas", "jp"]
    assoc = {p.id: p for p in by_id["assoc"].contacts}
    assert assoc["robert"].president and not assoc["vp"].president


def test_edges(small: Workspace) -> None:
    edges = {(e.source, e.target): e for e in network(small).edges}
    assert edges[("epn-test", "assoc")].conventions == ("assoc-seniors", "assoc-vieille")
    assert edges[("epn-test", "assoc")].written
    # A convention between two partners links them, not the EPN.
    assert edges[("mairie", "assoc")].conventions == ("entre-eux",)
    # A partner without any convention still hangs on the EPN.
    assert edges[("epn-test", "biblio")].conventions == ()
    assert not edges[("epn-test", "biblio")].written
    assert edges[("epn-test", "mission-locale")].best_state == "project"


def test_filters(small: Workspace) -> None:
    def ids(**kw: tuple[str, ...]) -> list[str]:
        return [n.id for n in network(small, NetworkFilter(**kw)).nodes]

    assert ids(kinds=("ASSO",)) == ["mission-locale", "assoc"]  # employment comes first
    assert ids(kinds=("culture", "muni")) == ["mairie", "biblio"]
    assert ids(themes=("SENIORS",)) == ["assoc"]
    net = network(small, NetworkFilter(themes=("seniors",)))
    assert [c.id for c in net.nodes[0].conventions] == ["assoc-seniors"]
    assert ids(states=("project",)) == ["mission-locale"]
    assert sorted(ids(states=("unwritten",))) == ["biblio", "bizarre", "mission-locale"]
    assert ids(states=("expired",)) == ["assoc"]
    assert ids(states=("active",), kinds=("ASSO",)) == ["assoc"]
    assert ids(themes=("nothing",)) == []
    filtered = network(small, NetworkFilter(kinds=("ASSO",)))
    assert filtered.total_partners == 6
    # Edges never point to a hidden partner.
    shown = {n.id for n in filtered.nodes} | {"epn-test"}
    assert all(e.source in shown and e.target in shown for e in filtered.edges)


def test_order_does_not_depend_on_input_order(small: Workspace) -> None:
    assert small.directory is not None
    convs = list(small.conventions.values())
    partners = list(small.partners().values())
    contacts = list(small.contacts().values())
    first = build_network(small.settings, convs, partners, contacts, [], TODAY)
    rng = random.Random(4)
    for _ in range(5):
        rng.shuffle(convs)
        rng.shuffle(partners)
        rng.shuffle(contacts)
        assert build_network(small.settings, convs, partners, contacts, [], TODAY) == first


def test_no_epn_in_settings_gives_a_placeholder_centre() -> None:
    partner = Partner("a", "A", kind="ASSO")
    net = build_network(Settings(), {}, {"a": partner}, {"c": Contact("c", "a", "C")}, {},
                        TODAY)
    assert net.centre.id == "" and net.centre.name == "EPN"
    assert [(e.source, e.target) for e in net.edges] == [("", "a")]


def test_last_interaction_counts_the_contacts_organisations(small: Workspace,
                                                           tmp_path: Path) -> None:
    ws = make(tmp_path / "w2", {**EPN, "m": {"name": "M", "kind": "MUNI"},
                                "a": {"name": "A", "kind": "ASSO"}},
              {"x": {"name": "X", "partner": "a"}},
              {"i1": {"date": "2026-10-13", "partner": "m", "kind": "committee",
                      "contacts": ["x"]}})
    by_id = {n.id: n for n in network(ws).nodes}
    assert by_id["a"].last_interaction == date(2026, 10, 13)
    assert by_id["m"].last_interaction == date(2026, 10, 13)


@pytest.mark.parametrize("width", [12, 20, 40, 80])
def test_a_partner_line_cuts_the_name_never_the_marks(small: Workspace, width: int) -> None:
    from rich.console import Console

    from epn_tui.render.network_text import node_marks, partner_option

    net = build_network(small.settings, small.conventions, small.partners(),
                        small.contacts(), {}, date(2026, 11, 22))
    marked = [n for g in net.groups for n in g.nodes if node_marks(n)]
    assert marked
    for node in marked:
        node = replace(node, name=node.name + " avec un nom vraiment très long" * 3)
        console = Console(width=width, color_system=None, legacy_windows=False)
        lines = console.render_lines(partner_option(node), console.options, pad=False)
        assert len(lines) == 1
        text = "".join(segment.text for segment in lines[0])
        assert len(text) == width
        assert text.endswith(" " + node_marks(node)) and "…" in text
