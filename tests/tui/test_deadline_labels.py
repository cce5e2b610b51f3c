"""An express convention's notice date is the last day to ask for a renewal: every
place of the UI that shows a deadline says so (issue 12), through
`core.labels.deadline_label`. Plain functions of the screens, no app needed."""

from __future__ import annotations

from datetime import date

from epn_tui.core.durations import parse_duration
from epn_tui.core.model import Convention, Party
from epn_tui.core.network import ConventionLink
from epn_tui.core.terms import deadlines
from epn_tui.render.network_labels import deadline_text
from epn_tui.tui.partner_text import convention_text
from epn_tui.tui.screens.conventions import convention_row
from epn_tui.tui.screens.dashboard import _deadline_cells
from epn_tui.tui.widgets.convention_detail import timeline_text

TODAY = date(2027, 3, 1)
ASK = "dernier jour pour demander le renouvellement"


def convention(renewal: str) -> Convention:
    return Convention(id="c", path="c.md", title="France Travail", status="signed",
                      parties=(Party("france-travail"),), start=date(2024, 7, 1),
                      duration=parse_duration("3 ans"), renewal=renewal,
                      notice=parse_duration("3 mois"))


def test_dashboard_detail_list_and_partner_say_ask_for_renewal() -> None:
    conv = convention("express")
    found = deadlines(conv, TODAY, 90)
    assert (found[0].date, found[0].kind, found[0].express) == (date(2027, 3, 30), "notice",
                                                                True)
    cells, _keys = _deadline_cells({**found[0].as_json(), "with": "France Travail"})
    assert cells[2].plain == ASK
    assert ASK in timeline_text(conv, TODAY).plain
    assert "dénoncer" not in timeline_text(conv, TODAY).plain
    assert ASK in convention_text(conv, TODAY).plain
    row = convention_row(conv, {}, None, TODAY)
    assert row.cells[4].plain == "30/03/2027 demande"


def test_tacit_notice_still_says_give_notice() -> None:
    conv = convention("tacit")
    found = deadlines(conv, TODAY, 90)
    assert (found[0].kind, found[0].express) == ("notice", False)
    cells, _keys = _deadline_cells(found[0].as_json() | {"with": ""})
    assert cells[2].plain == "dernier jour pour dénoncer"
    assert convention_row(conv, {}, None, TODAY).cells[4].plain == "30/03/2027 préavis"
    # The renewal on the renewed term's first day.
    renewal = deadlines(conv, date(2027, 7, 1), 0)
    assert [(d.kind, d.term) for d in renewal] == [("renewal", 1)]
    assert "01/07/2027" in timeline_text(conv, date(2027, 6, 1)).plain


def test_network_label() -> None:
    conv = convention("express")
    link = ConventionLink(conv.id, conv.title, None, conv.status, "active", 0, (), None,
                          deadlines(conv, TODAY, 90)[0], "partenaire", ("france-travail",),
                          True)
    assert deadline_text(link).endswith(f"30/03/2027, {ASK}")
