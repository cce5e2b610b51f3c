"""A former élue (issue 12, section 2): her mandate's end has passed. She stays in the
directory and the journal, is shown as « ancien·ne … », is no longer the élue référente
on the dashboard, and is no longer offered as a signatory."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Select

from epn_tui.tui.app import build_app
from epn_tui.tui.screens.convention_form import ConventionForm
from epn_tui.tui.screens.partner_forms import ContactForm
from tests.tui.edit_helpers import copy_demo, open_conventions, settle
from tests.tui.test_partners import TODAY, choose, open_partners, text_of

SIZE = (100, 30)


def former(tmp_path: Path) -> Path:
    """The demo, where Sophie Lacombe's mandate ended on 30 June 2026."""
    root = copy_demo(tmp_path / "demo")
    path = root / "partners.json"
    data = json.loads(path.read_text("utf-8"))
    data["contacts"]["sophie-lacombe"]["mandate_end"] = "2026-06-30"
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n",
                    "utf-8")
    return root


async def test_former_elue_on_the_dashboard_card_and_form(tmp_path: Path) -> None:
    root = former(tmp_path)
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.dashboard_view
        assert view is not None
        assert "Sophie Lacombe" not in [name for name, _d in view.elus]
        assert "Sophie Lacombe" not in [name for name, _d in view.unverified]
        screen = await open_partners(pilot)
        await choose(pilot, "mairie-sorges")
        contacts = text_of(screen.query_one("#partners-contacts"))
        assert "Sophie Lacombe — ancien·ne élu référent" in contacts
        assert "ancien·ne élu·e : mandat municipal, terminé le 30/06/2026" in contacts
        screen.query_one("#partners-contacts").focus()
        await pilot.pause()
        box = screen.query_one("#partners-contacts")
        box.highlighted = next(i for i, o in enumerate(box.options)  # type: ignore[attr-defined]
                               if o.id == "sophie-lacombe")
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactForm)
        assert form.query_one("#field-mandate_end", Input).value == "30/06/2026"
        # The journal keeps her name.
        form.query_one("#field-mandate_start", Input).value = "22/03/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = json.loads((root / "partners.json").read_text("utf-8"))["contacts"]
    assert stored["sophie-lacombe"]["mandate_start"] == "2026-03-22"
    assert stored["sophie-lacombe"]["mandate_end"] == "2026-06-30"


async def test_former_elue_is_not_offered_as_signatory(tmp_path: Path) -> None:
    root = former(tmp_path)
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_conventions(pilot, "aines-du-causse-ateliers-seniors")
        await pilot.press("e")
        await settle(pilot, 0.1)
        form = app.screen
        assert isinstance(form, ConventionForm)
        party = form.query(".party").last()
        party.query_one(".party-partner", Select).value = "mairie-sorges"
        await pilot.pause(0.2)
        signatory = party.query_one(".party-signatory", Select)
        offered = [value for _label, value in signatory._options if isinstance(value, str)]
        assert "jean-pierre-delmas" in offered and "sophie-lacombe" not in offered
