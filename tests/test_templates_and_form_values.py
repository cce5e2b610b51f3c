"""Template discovery (store) and the form's change computation (pure), without the UI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from epn_tui.i18n import set_language
from epn_tui.store.frontmatter import load_mapping, split
from epn_tui.store.splice import DELETE, set_fields
from epn_tui.store.templates import BUILT_IN, WORKSPACE, fill, list_templates
from epn_tui.tui.form_values import FollowUpRow, PartyRow, changes_between, from_mapping

TEXT = """\
---
title: Partenariat   # titre court
type: partenariat
status: signée
themes: [éducation]
parties:
  - partner: ecole
    role: partenaire
    deliberation: n° 12
start: 2025-09-01
duration: 1 an
renewal: tacite
follow_up:
  - what: Comité
    every: 6 mois
    from: 2025-10-15
notes: libre
---
Corps
"""


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EPN_LANG", "en")
    set_language("en")


def mapping(text: str = TEXT) -> dict[str, object]:
    parts = split(text)
    return load_mapping(parts.front_matter(text), parts.fm_line)


def test_built_in_templates_are_usable_and_described() -> None:
    found = list_templates(None)
    assert {t.name for t in found} >= {"avenant", "financement", "mise-a-disposition",
                                       "partenariat-associatif", "partenariat-ecole"}
    for template in found:
        assert template.source == BUILT_IN
        assert template.usable, template.problem
        assert template.description


def test_workspace_templates_and_broken_ones(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "ok.md").write_text("---\ntitle: T\ndescription: D\nstatus: draft\n"
                                  "parties: []\n---\nx\n", encoding="utf-8")
    (folder / "no-front-matter.md").write_text("Juste du texte\n", encoding="utf-8")
    (folder / "bad-status.md").write_text("---\ntitle: T\nstatus: peut-être\nparties: []\n"
                                          "---\n", encoding="utf-8")
    (folder / ".hidden.md").write_text("---\n---\n", encoding="utf-8")
    (folder / "latin1.md").write_bytes("---\ntitle: é\n---\n".encode("latin-1"))
    mine = {t.name: t for t in list_templates(tmp_path) if t.source == WORKSPACE}
    assert set(mine) == {"ok", "no-front-matter", "bad-status", "latin1"}
    assert mine["ok"].usable and mine["ok"].description == "D"
    assert "first line must be `---`" in (mine["no-front-matter"].problem or "")
    assert "status" in (mine["bad-status"].problem or "")
    assert "UTF-8" in (mine["latin1"].problem or "")


def test_fill_sets_the_title_and_drops_the_description_only() -> None:
    text = ("---\r\ntitle: Modèle   # à remplacer\r\ndescription: pour…\r\nstatus: draft\r\n"
            "parties: []\r\n---\r\nCorps\r\n")
    out = fill(text, "Mon titre : « [bold]x[/] »")
    assert out == ("---\r\ntitle: 'Mon titre : « [bold]x[/] »'   # à remplacer\r\n"
                   "status: draft\r\nparties: []\r\n---\r\nCorps\r\n")
    assert mapping(out)["title"] == "Mon titre : « [bold]x[/] »"


def test_untouched_form_changes_nothing() -> None:
    data = mapping()
    initial = from_mapping(data)
    again = from_mapping(data)
    assert initial.same_as(again)
    assert changes_between(initial, again, data) == ({}, {})
    # Synonyms are shown as the canonical code: no change unless the person picks one.
    assert initial.fields["status"] == "signed" and initial.fields["renewal"] == "tacit"
    assert initial.fields["start"] == "2025-09-01"  # English: ISO (French: 01/09/2025)


def test_changes_are_typed_and_only_what_changed() -> None:
    data = mapping()
    initial = from_mapping(data)
    current = from_mapping(data)
    current.fields.update(start="2025-10-01", notice=" 2 mois ", amount="1 500,50",
                          themes="éducation, parentalité", duration="")
    changes, errors = changes_between(initial, current, data)
    assert errors == {}
    assert changes == {"start": date(2025, 10, 1), "notice": "2 mois", "amount": 1500.5,
                       "themes": ["éducation", "parentalité"], "duration": DELETE}


def test_invalid_values_give_errors_by_field() -> None:
    data = mapping()
    initial = from_mapping(data)
    current = from_mapping(data)
    current.fields.update(start="31/02/2025", duration="longtemps", max_renewals="deux",
                          title=" ")
    _changes, errors = changes_between(initial, current, data)
    assert set(errors) == {"start", "duration", "max_renewals", "title"}
    # Written as a date, but February has no 31st: said so, not "write it like 15/09/2025".
    assert errors["start"] == "31/02/2025 does not exist: February 2025 has 28 days"


def test_parties_keep_unknown_keys_and_order() -> None:
    data = mapping()
    initial = from_mapping(data)
    current = from_mapping(data)
    current.parties[0].role = "financeur"
    current.parties.append(PartyRow(partner="epn", commitments="Un\n\n  Deux  \n"))
    changes, errors = changes_between(initial, current, data)
    assert errors == {}
    assert changes["parties"] == [
        {"partner": "ecole", "role": "financeur", "deliberation": "n° 12"},
        {"partner": "epn", "commitments": ["Un", "Deux"]},
    ]
    after = set_fields(TEXT, changes)
    assert "  - partner: ecole\n    role: financeur\n    deliberation: n° 12\n" in after
    current.parties.append(PartyRow())
    assert "parties" in changes_between(initial, current, data)[1]


def test_follow_up_rows() -> None:
    data = mapping()
    initial = from_mapping(data)
    current = from_mapping(data)
    current.follow_up.append(FollowUpRow("Bilan", "1 an", "15/01/2026"))
    changes, errors = changes_between(initial, current, data)
    assert errors == {}
    assert changes["follow_up"][1] == {"what": "Bilan", "every": "1 an",
                                       "from": date(2026, 1, 15)}
    after = set_fields(TEXT, changes)
    assert "  - what: Bilan\n    every: 1 an\n    from: 2026-01-15\n" in after
    current.follow_up = []
    assert changes_between(initial, current, data)[0] == {"follow_up": DELETE}
    current.follow_up = [FollowUpRow("X", "jamais", "01/01/2026")]
    assert "follow_up" in changes_between(initial, current, data)[1]
