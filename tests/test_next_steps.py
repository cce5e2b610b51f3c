"""A journal entry's next step with a date is a deadline (FORMAT.md, kind `next-step`),
in `epn due` (text, JSON, .ics), until `epn journal done` marks it done."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from epn_tui.cli import main
from epn_tui.core.model import Interaction, Partner
from epn_tui.core.next_steps import next_step_deadlines, overdue_next_steps

TODAY = "2026-10-01"


def run(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["-w", str(root), "--today", TODAY, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_next_steps_in_the_window_and_overdue() -> None:
    partners = {"p": Partner("p", "Mairie")}
    entries = [
        Interaction("a", date(2026, 9, 1), "p", next_step="Relancer", next_date=date(2026, 10, 5)),
        Interaction("b", date(2026, 9, 1), "p", next_step="Bilan", next_date=date(2026, 9, 20)),
        Interaction("c", date(2026, 9, 1), "p", next_step="Fait", next_date=date(2026, 10, 6),
                    done=date(2026, 9, 30)),
        Interaction("d", date(2026, 9, 1), "p", next_step="", next_date=date(2026, 10, 7)),
        Interaction("e", date(2026, 9, 1), "p", next_step="Loin", next_date=date(2027, 10, 7),
                    extra={"convention": "conv-x"}),
    ]
    found = next_step_deadlines(entries, partners, date(2026, 10, 1), 30)
    assert [(d.entry, d.days, d.title, d.what) for d in found] == [("a", 4, "Mairie", "Relancer")]
    assert [d.entry for d in overdue_next_steps(entries, partners, date(2026, 10, 1))] == ["b"]
    far = next_step_deadlines(entries, partners, date(2026, 10, 1), 400)
    assert far[-1].convention == "conv-x" and far[-1].as_json()["convention"] == "conv-x"
    assert found[0].as_json() == {"date": "2026-10-05", "kind": "next-step", "convention": None,
                                  "title": "Mairie", "days": 4, "what": "Relancer",
                                  "partner": "p", "entry": "a"}


def test_due_lists_them_until_done(demo: Path, capsys: pytest.CaptureFixture[str],
                                   tmp_path: Path) -> None:
    code, out, _err = run(capsys, demo, "due", "--within", "60", "--json")
    steps = [d for d in json.loads(out) if d["kind"] == "next-step"]
    assert {"date": "2026-10-31", "kind": "next-step", "convention": None,
            "title": "Communauté de communes Causses et Rivières en Périgord", "days": 30,
            "what": "Déposer la demande de subvention 2027", "partner": "cc-causses-rivieres",
            "entry": "2026-09-15-cc-subvention-2027"} in steps
    code, out, _err = run(capsys, demo, "due", "--within", "60")
    assert ("31/10/2026   dans 30 jours  prochaine étape (Déposer la demande de subvention "
            "2027)") in out
    ics = tmp_path / "e.ics"
    run(capsys, demo, "due", "--within", "60", "--ics", str(ics))
    events = [e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
              if "subvention 2027" in str(e["summary"])]
    assert len(events) == 1 and "epn journal done 2026-09-15-cc-subvention-2027" in str(
        events[0]["description"])
    code, out, err = run(capsys, demo, "journal", "done", "2026-09-15-cc-subvention-2027")
    assert code == 0, err
    entry = json.loads((demo / "partners.json").read_text("utf-8"))["interactions"][
        "2026-09-15-cc-subvention-2027"]
    assert entry["done"] == TODAY
    code, out, _err = run(capsys, demo, "due", "--within", "60", "--json")
    assert "2026-09-15-cc-subvention-2027" not in out
    run(capsys, demo, "journal", "done", "2026-09-15-cc-subvention-2027", "--undo")
    code, out, _err = run(capsys, demo, "due", "--within", "60", "--json")
    assert "2026-09-15-cc-subvention-2027" in out


def test_ics_alarms_at_the_reminder_thresholds(demo: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """`reminders: {days: …}` in epn.yaml: every event of `epn due --ics` carries a VALARM
    at each threshold, so the calendar reminds when `epn remind` would (issue 16, §5)."""
    settings = demo / "epn.yaml"
    settings.write_text(settings.read_text("utf-8") + "reminders:\n  days: [30, 7, 1]\n"
                        "  to: [lead@example.fr]\n", "utf-8")
    target = tmp_path / "e.ics"
    code, _out, err = run(capsys, demo, "due", "--within", "90", "--ics", str(target))
    assert code == 0, err
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert events
    for event in events:
        triggers = sorted(-a.decoded("trigger").days for a in event.walk("VALARM"))
        assert triggers == [1, 7, 30]


def test_remind_dry_run_names_the_step_and_its_journal_entry(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A next step has no convention: the line names the step and the journal entry, with
    no empty « () »."""
    settings = demo / "epn.yaml"
    settings.write_text(settings.read_text("utf-8") + "reminders:\n  days: [60, 30]\n"
                        "  to: [lead@example.fr]\n", "utf-8")
    code, out, err = run(capsys, demo, "remind", "--dry-run")
    assert code == 0, err
    steps = [line for line in out.splitlines() if "prochaine étape" in line]
    assert steps and "()" not in out
    assert any("(Déposer la demande de subvention 2027)" in line
               and "(2026-09-15-cc-subvention-2027)" in line for line in steps), steps
