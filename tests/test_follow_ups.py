"""A follow-up occurrence done by the journal entry that records it (issue 12, § 3):
core/follow_ups.py decides; `epn due` (text, --json, --ics), `epn health`, reminders
and the dashboard follow."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from epn_tui.cli import main
from epn_tui.core.follow_ups import AFTER_DAYS, BEFORE_DAYS, Journal, done_by, overdue
from epn_tui.core.model import Convention, Interaction
from epn_tui.core.terms import final_end
from epn_tui.store.parsing import parse_convention
from tests.conftest import PARTNERS, VALID

FOLLOW_UPS = """follow_up:
  - what: Comité de pilotage
    every: 6 mois
    from: 2025-10-15
  - what: Bilan d'activité
    every: 1 an
    from: 2026-06-30
"""
CONV = VALID.replace("notice: 3 mois\n", "notice: 3 mois\n" + FOLLOW_UPS)
COMITE = date(2026, 4, 15)  # occurrence k = 1 of the comité (2025-10-15 + 6 mois)


def conv_of(text: str = CONV) -> Convention:
    conv, problems = parse_convention("c.md", text.encode())
    assert conv is not None, problems
    return conv


def entry(day: date, kind: str = "committee", partner: str = "ecole", summary: str = "",
          follows: str = "", eid: str = "e") -> Interaction:
    return Interaction(eid, day, partner, kind=kind, summary=summary,
                       extra={"follows": follows} if follows else {})


def journal(*entries: Interaction) -> Journal:
    return Journal.of(entries, "epn-test")


def comite_done(*entries: Interaction) -> str | None:
    conv = conv_of()
    found = done_by(conv, conv.follow_up[0], 1, journal(*entries))
    return found.id if found is not None else None


def test_the_window_edges() -> None:
    assert (BEFORE_DAYS, AFTER_DAYS) == (60, 30)
    assert comite_done(entry(COMITE - timedelta(days=60))) == "e"
    assert comite_done(entry(COMITE - timedelta(days=61))) is None
    assert comite_done(entry(COMITE + timedelta(days=30))) == "e"
    assert comite_done(entry(COMITE + timedelta(days=31))) is None
    assert comite_done(entry(COMITE)) == "e"


def test_the_nearest_occurrence_only() -> None:
    monthly = CONV.replace(FOLLOW_UPS, "follow_up:\n  - what: Point mensuel\n"
                                       "    every: 1 mois\n    from: 2026-01-10\n")
    conv = conv_of(monthly)
    follow = conv.follow_up[0]
    # k = 1 is 2026-02-10, k = 2 is 2026-03-10 (28 days later).
    tie = journal(entry(date(2026, 2, 24), "meeting", summary="Point mensuel"))
    # 14 days from each: the earlier.
    assert done_by(conv, follow, 1, tie) is not None
    assert done_by(conv, follow, 2, tie) is None
    later = journal(entry(date(2026, 2, 25), "meeting", summary="Point mensuel"))
    assert done_by(conv, follow, 1, later) is None
    assert done_by(conv, follow, 2, later) is not None


def test_who_and_what_count() -> None:
    # The EPN's own journal, a partner not party to it, a kind and text that do not fit.
    assert comite_done(entry(COMITE, partner="epn-test")) is None
    assert comite_done(entry(COMITE, partner="mairie")) is None
    assert comite_done(entry(COMITE, kind="call", summary="appel a la directrice")) is None
    # The text, accents and case aside.
    assert comite_done(entry(COMITE, kind="meeting",
                             summary="compte rendu du comite de pilotage n° 2")) == "e"
    conv = conv_of()
    bilan = conv.follow_up[1]
    day = date(2026, 6, 30)

    def bilan_done(e: Interaction) -> bool:
        return done_by(conv, bilan, 0, journal(e)) is not None

    # A report for a bilan, whatever its text; a curly apostrophe is an apostrophe.
    assert bilan_done(entry(day, kind="report"))
    assert bilan_done(entry(day, kind="mail", summary="envoi du bilan d’activite 2026"))
    assert not bilan_done(entry(day, kind="committee"))


def test_an_explicit_link() -> None:
    # Named with `follows:`: in the EPN's own journal, two months late.
    late = COMITE + timedelta(days=66)
    assert comite_done(entry(late, partner="epn-test", follows="c")) == "e"
    # Still the nearest occurrence only, and the follow-up its kind fits.
    assert comite_done(entry(COMITE + timedelta(days=100), partner="epn-test",
                             follows="c")) is None
    assert comite_done(entry(late, partner="epn-test", kind="report", follows="c")) is None
    assert comite_done(entry(late, partner="epn-test", follows="autre")) is None


def test_overdue_is_the_latest_occurrence_not_done() -> None:
    conv = conv_of()
    today = date(2026, 5, 20)
    late = overdue([conv], journal(), today, final_end)
    # The comité of April, not the one of October 2025 (history): the bilan is to come.
    assert [(d.date, d.what, d.days) for d in late] == [(COMITE, "Comité de pilotage", -35)]
    assert overdue([conv], journal(entry(COMITE)), today, final_end) == []
    # Until the next one is due: then that one is the question.
    assert [d.date for d in overdue([conv], journal(entry(COMITE)), date(2026, 10, 16),
                                    final_end)] == [date(2026, 6, 30), date(2026, 10, 15)]
    assert overdue([conv], journal(), date(2025, 10, 15), final_end) == []


# The command line --------------------------------------------------------------------
INTERACTIONS = {
    "2026-04-14-copil": {"date": "2026-04-14", "partner": "ecole", "kind": "committee",
                         "summary": "Comité de pilotage n° 2"},
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ws(make_workspace: Any) -> Path:
    partners = {**PARTNERS, "interactions": INTERACTIONS}
    return Path(make_workspace({"c.md": CONV}, partners=partners))


def test_due_json_text_and_ics(ws: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    for _warm in range(2):  # parsed, then served from the cache without its parties
        code, out, err = run(capsys, "-w", str(ws), "due", "--today", "2026-04-01",
                             "--within", "100", "--json")
        assert code == 0, err
        follow = [d for d in json.loads(out) if d["kind"] == "follow-up"]
        assert follow == [
            {"date": "2026-04-15", "kind": "follow-up", "convention": "c",
             "title": "Partenariat école", "days": 14, "what": "Comité de pilotage",
             "done_by": "2026-04-14-copil"},
            {"date": "2026-06-30", "kind": "follow-up", "convention": "c",
             "title": "Partenariat école", "days": 90, "what": "Bilan d'activité"},
        ]
    code, out, _err = run(capsys, "-w", str(ws), "due", "--today", "2026-04-01",
                          "--within", "100")
    assert "Bilan d'activité" in out and "Comité" not in out
    ics = tmp_path / "e.ics"
    code, out, _err = run(capsys, "-w", str(ws), "due", "--today", "2026-04-01",
                          "--within", "100", "--ics", str(ics))
    assert code == 0
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    days = {event.decoded("dtstart") for event in events}
    assert date(2026, 6, 30) in days and COMITE not in days
    assert len(events) == len([d for d in json.loads(run(
        capsys, "-w", str(ws), "due", "--today", "2026-04-01", "--within", "100",
        "--json")[1]) if "done_by" not in d])


def test_health_lists_the_overdue_one(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "-w", str(ws), "health", "--today", "2026-07-15", "--json")
    assert code == 0
    late = [f for f in json.loads(out) if f["kind"] == "follow-up"]
    assert [(f["severity"], f["subject"], f["message"]) for f in late] == [
        ("alert", "c", "Bilan d'activité — Partenariat école — 30/06/2026, en retard")]
    assert "follows: c" in late[0]["advice"] and "École Jules-Ferry" in late[0]["advice"]


def test_no_reminder_for_a_done_occurrence(make_workspace: Any,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    settings = ("epn: epn-test\nlanguage: fr\nhorizon: 90 jours\nreminders:\n"
                "  days: [7]\n  to: [direction@mairie.example]\n"
                "  from: epn@mairie.example\n  smtp: {host: 127.0.0.1, port: 25, "
                "security: none}\n")
    for interactions, reminded in (({}, True), (INTERACTIONS, False)):
        root = make_workspace({"c.md": CONV}, settings=settings,
                              partners={**PARTNERS, "interactions": interactions})
        code, out, err = run(capsys, "-w", str(root), "remind", "--dry-run",
                             "--today", "2026-04-10")
        assert code == 0, err
        assert ("15/04/2026" in out) is reminded, out


def test_check_warns_about_a_follows_naming_nothing(make_workspace: Any,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    interactions = {
        "ok": {"date": "2026-04-14", "partner": "ecole", "summary": "x", "follows": "c"},
        "typo": {"date": "2026-04-14", "partner": "ecole", "summary": "x", "follows": "cc"},
    }
    root = make_workspace({"c.md": CONV}, partners={**PARTNERS, "interactions": interactions})
    code, out, _err = run(capsys, "-w", str(root), "check")
    assert code == 0  # a warning
    assert "`typo`" in out and "follows: cc" in out and "`ok`" not in out


def test_the_next_deadline_shown_anywhere_skips_a_done_occurrence(
        ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The conventions list, a partner's card, the form and the network show as « next »
    the first deadline `epn due` still lists, not the comité the journal records."""
    from epn_tui.core.follow_ups import next_open_deadline
    from epn_tui.core.network import build_network
    from epn_tui.core.terms import next_deadline
    from epn_tui.store.workspace import Workspace
    from epn_tui.tui.partner_text import convention_text
    from epn_tui.tui.screens.conventions import convention_row

    today = date(2026, 4, 1)
    code, out, _err = run(capsys, "-w", str(ws), "due", "--today", today.isoformat(),
                          "--within", "3660", "--json")
    first_open = next(d for d in json.loads(out) if d["convention"] == "c" and "done_by" not in d)
    workspace = Workspace.open(ws)
    conv, journal = workspace.conventions["c"], workspace.journal()
    assert next_deadline(conv, today).date == COMITE  # the plan alone knows no journal
    upcoming = next_open_deadline(conv, today, journal)
    assert upcoming is not None and upcoming.date.isoformat() == first_open["date"]
    shown = upcoming.date.strftime("%d/%m/%Y")
    row = convention_row(conv, workspace.partners(), workspace.settings.epn, today, journal)
    assert row.cells[-1].plain.startswith(shown)
    assert shown in convention_text(conv, today, journal).plain
    assert COMITE.strftime("%d/%m/%Y") not in convention_text(conv, today, journal).plain
    network = build_network(*workspace.records(), today)
    node = network.node("ecole")
    assert node is not None
    link = next(link for link in node.conventions if link.id == "c")
    assert link.next_deadline is not None and link.next_deadline.date == upcoming.date
