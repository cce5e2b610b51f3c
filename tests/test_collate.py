"""Names in French order (core.collate.sort_key), wherever lists of names are sorted.

« Émilie » came after « Thomas » and « Zoé »: Python compares code points, and É is
U+00C9, after every unaccented letter."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import OptionList

from epn_tui.core.collate import sort_key
from epn_tui.core.dashboard import summarize
from epn_tui.core.model import Contact, Partner, Settings
from epn_tui.core.network import build_network
from epn_tui.tui.app import build_app
from tests.tui.workers import workers_done

TODAY = date(2026, 11, 22)
NAMES = ["Zoé Martin", "Thomas Brun", "émile Roux", "Émilie Durand", "Denis Petit",
         "Œuvre des Causses", "Odile Faure", "Élodie Âge", "Ange Blanc"]
FRENCH = ["Ange Blanc", "Denis Petit", "Élodie Âge", "émile Roux", "Émilie Durand",
          "Odile Faure", "Œuvre des Causses", "Thomas Brun", "Zoé Martin"]


def test_the_order_of_a_french_dictionary() -> None:
    assert sorted(NAMES, key=sort_key) == FRENCH
    # Among the same letters, the plain word first, then by its accents.
    assert sorted(["côté", "côte", "coté", "cote"], key=sort_key) == [
        "cote", "coté", "côte", "côté"]


@given(st.lists(st.text(), max_size=8))
def test_a_total_order_whatever_the_order_given(words: list[str]) -> None:
    once = sorted(words, key=sort_key)
    assert sorted(reversed(words), key=sort_key) == once
    assert all(sort_key(a) != sort_key(b) for a, b in zip(once, once[1:], strict=False)
               if a != b)


def test_the_guide_lists_names_in_french_order() -> None:
    settings = Settings(epn="epn")
    partners = {f"p{i}": Partner(f"p{i}", name, kind="ASSO") for i, name in enumerate(NAMES)}
    partners["epn"] = Partner("epn", "EPN", kind="EPN")
    summary = summarize(settings, {}, partners, {}, [], TODAY)
    assert [p.name for p in summary.unwritten] == FRENCH  # « without a written convention »
    # The EPN's commune (the same `commune`) and its élus référents.
    here = {"m": Partner("m", "Mairie", kind="MUNI", commune="Sorges"),
            "epn": Partner("epn", "EPN", kind="EPN", commune="Sorges")}
    people = {f"c{i}": Contact(f"c{i}", "m", name, role="élu référent")
              for i, name in enumerate(NAMES)}
    summary = summarize(settings, {}, here, people, [], TODAY)
    assert [c.name for c in summary.elus] == FRENCH


def test_the_network_lists_partners_in_french_order() -> None:
    partners = [Partner(f"p{i}", name, kind="ASSO") for i, name in enumerate(NAMES)]
    net = build_network(Settings(), {}, partners, {}, {}, TODAY)
    names = [node.name for group in net.groups for node in group.nodes]
    assert names == FRENCH


async def test_the_directory_lists_partners_in_french_order(make_workspace) -> None:  # type: ignore[no-untyped-def]
    partners = {f"p{i}": {"kind": "ASSO", "name": name} for i, name in enumerate(NAMES)}
    partners["epn-test"] = {"kind": "EPN", "name": "EPN de test"}
    root: Path = make_workspace({}, partners={"partners": partners, "contacts": {},
                                              "interactions": {}})
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await workers_done(app)
        await pilot.press("3")
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        box = app.screen.query_one("#partners-list", OptionList)
        shown = [str(getattr(box.get_option_at_index(i).prompt, "plain", ""))
                 for i in range(box.option_count)]
        listed = [name for line in shown for name in NAMES if name in line]
        assert listed == FRENCH, shown
