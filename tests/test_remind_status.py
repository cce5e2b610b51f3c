"""The last run of `epn remind` kept in its log, for the dashboard (issue 16, § 6): a real
run against aiosmtpd, a failing one, a trial, an older log, broken and hostile logs."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from epn_tui.core.reminder_status import UNREADABLE, status_line
from epn_tui.store import reminder_log
from tests.test_remind import (  # noqa: F401  (the fixtures, by name)
    CONV,
    PARTNERS,
    Inbox,
    _free_port,
    run,
    settings,
    smtp_server,
    workspace,
)

PARIS = timezone(timedelta(hours=1))
AT = datetime(2026, 12, 1, 8, 0, 5, tzinfo=PARIS)


@pytest.fixture
def paris(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's clock in Paris, winter time: lines say local time."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _log(root: Path) -> dict[str, Any]:
    return dict(json.loads((root / ".epn" / "reminders.json").read_text("utf-8")))


def test_a_real_run_is_kept(workspace: Path, smtp_server: tuple[Inbox, int],  # noqa: F811
                            capsys: pytest.CaptureFixture[str]) -> None:
    inbox, _port = smtp_server
    before = datetime.now(UTC).replace(microsecond=0)
    code, _out, err = run(capsys, "-w", str(workspace), "remind", "--today", "2026-05-26")
    after = datetime.now(UTC)
    assert (code, err) == (0, ""), err
    assert len(inbox.messages) == 1
    last = _log(workspace)["last_run"]
    assert {k: v for k, v in last.items() if k != "at"} == {
        "today": "2026-05-26", "mode": "send", "ok": True, "sent": 1, "error": ""}
    at = datetime.fromisoformat(last["at"])
    assert at.tzinfo is not None and before <= at <= after
    runs = reminder_log.last_runs(workspace)
    assert runs["last_run"] == last and "last_dry_run" not in runs
    # A trial afterwards is kept beside it and never replaces it.
    run(capsys, "-w", str(workspace), "remind", "--dry-run", "--today", "2026-05-31")
    log = _log(workspace)
    assert log["last_run"] == last
    assert log["last_dry_run"]["mode"] == "dry-run" and log["last_dry_run"]["sent"] == 1


def test_the_clock_is_injected(workspace: Path, smtp_server: tuple[Inbox, int],  # noqa: F811
                               capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reminder_log, "clock", lambda: AT)
    run(capsys, "-w", str(workspace), "remind", "--today", "2026-05-26")
    assert _log(workspace)["last_run"]["at"] == "2026-12-01T08:00:05+01:00"


def test_a_failing_run_is_kept(make_workspace: Any, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch, paris: None) -> None:
    root = make_workspace({"ecole.md": CONV}, partners=PARTNERS,
                          settings=settings(_free_port()))
    monkeypatch.setattr(reminder_log, "clock", lambda: AT)
    code, _out, err = run(capsys, "-w", str(root), "remind", "--today", "2026-05-26")
    assert code == 1
    log = _log(root)
    assert log["sent"] == {}
    last = log["last_run"]
    assert last["ok"] is False and last["sent"] == 0 and last["mode"] == "send"
    assert err.strip() == "epn: " + last["error"] and "injoignable" in last["error"]
    assert "\n" not in last["error"]
    status = status_line(reminder_log.last_runs(root), date(2026, 12, 1))
    assert status is not None and status.severity == "alert"
    assert status.text.startswith("Rappels : échec le 1er décembre 2026 à 08:00 — ")
    assert "injoignable" in status.text and status.text.endswith("(voir epn remind)")


def test_an_older_log_is_read_and_migrated(workspace: Path,  # noqa: F811
                                           smtp_server: tuple[Inbox, int],  # noqa: F811
                                           capsys: pytest.CaptureFixture[str],
                                           paris: None) -> None:
    # As the first epn remind wrote it: `last_run` without `mode`, its time in UTC.
    old = {"version": 1, "sent": {"x\x1fnotice\x1f0\x1f\x1f2026-05-31\x1f60": {
        "at": "2026-04-01T07:00:00+00:00", "to": ["a@b.c"]}},
           "last_run": {"at": "2026-12-01T07:00:00+00:00", "today": "2026-12-01",
                        "ok": True, "sent": 3, "error": ""}}
    (workspace / ".epn").mkdir(exist_ok=True)
    (workspace / ".epn" / "reminders.json").write_text(json.dumps(old), "utf-8")
    status = status_line(reminder_log.last_runs(workspace), date(2026, 12, 1))
    assert status is not None
    assert status.text == "Rappels : dernier envoi le 1er décembre 2026 à 08:00, 3 courriels"
    code, _out, err = run(capsys, "-w", str(workspace), "remind", "--today", "2026-05-26")
    assert code == 0, err
    log = _log(workspace)
    assert "x\x1fnotice\x1f0\x1f\x1f2026-05-31\x1f60" in log["sent"]  # kept
    assert log["last_run"]["mode"] == "send" and log["last_run"]["sent"] == 1


TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("runs", "expected", "severity"), [
    ({}, "Rappels : jamais envoyés — voir `epn remind --install`", "warning"),
    ({"last_dry_run": {"at": "2026-11-30T09:15:00+01:00", "mode": "dry-run", "ok": True,
                       "sent": 2, "error": ""}},
     "Rappels : jamais envoyés (essai le 30 novembre 2026 : 2 à envoyer) — voir "
     "`epn remind --install`", "warning"),
    ({"last_run": {"at": "2026-12-01T08:00:00+01:00", "mode": "send", "ok": True,
                   "sent": 3, "error": ""}},
     "Rappels : dernier envoi le 1er décembre 2026 à 08:00, 3 courriels", "ok"),
    ({"last_run": {"at": "2026-12-01T08:00:00+01:00", "ok": True, "sent": 1}},
     "Rappels : dernier envoi le 1er décembre 2026 à 08:00, 1 courriel", "ok"),
    ({"last_run": {"at": "2026-11-30T08:00:00+01:00", "ok": True, "sent": 0}},
     "Rappels : dernier passage le 30 novembre 2026 à 08:00, rien à envoyer", "ok"),
    ({"last_run": {"at": "2026-11-25T08:00:00+01:00", "ok": True, "sent": 0}},
     "Rappels : dernier passage le 25 novembre 2026 à 08:00, rien à envoyer — il y a "
     "6 jours : la tâche quotidienne est-elle installée ? (`epn remind --install`)",
     "warning"),
    ({"last_run": {"at": "2026-12-01T08:00:00+01:00", "ok": False, "sent": 0,
                   "error": "smtp.example:587 : serveur injoignable"}},
     "Rappels : échec le 1er décembre 2026 à 08:00 — smtp.example:587 : serveur "
     "injoignable (voir epn remind)", "alert"),
])
def test_status_lines(runs: dict[str, Any], expected: str, severity: str,
                      paris: None) -> None:
    status = status_line(runs, TODAY)
    assert status is not None
    assert (status.text, status.severity) == (expected, severity)


def test_not_set_up_says_nothing() -> None:
    assert status_line(None, TODAY) is None


@pytest.mark.parametrize("value", [
    [], "x", {"at": 3}, {"at": "hier"}, {"at": "2026-12-01T08:00:00", "sent": -1},
    {"at": "2026-12-01T08:00:00", "sent": True}, {"at": "2026-12-01T08:00:00", "ok": "yes"},
    {"at": "2026-12-01T08:00:00", "error": ["x"]}, {"at": "9999-12-31T23:59:59-23:59"},
    {"at": "0001-01-01T00:00:00+23:59"}, {"at": "2026-12-01T08:00:00", "sent": 10**30},
    {"at": "2026-12-01T08:00:00", "mode": "dry-run"},
])
def test_a_hostile_run_is_unreadable_not_a_crash(value: Any, paris: None) -> None:
    status = status_line({"last_run": value}, TODAY)
    assert status is not None and status.severity == "alert"
    assert "ne peut pas être lu" in status.text


@pytest.mark.parametrize("content", [
    b"", b"{", b"[]", b"null", b'{"version": 2, "sent": {}}', b"\xff\xfe",
    b"[" * 100_000, b'{"version": 1, "last_run": ' + b"[" * 5000 + b"]" * 5000 + b"}",
])
def test_a_broken_log_is_a_clear_message(make_workspace: Any, content: bytes,
                                         paris: None) -> None:
    root = make_workspace({})
    (root / ".epn").mkdir(exist_ok=True)
    (root / ".epn" / "reminders.json").write_bytes(content)
    runs = reminder_log.dashboard_runs(root, configured=True)
    assert runs is not None
    if UNREADABLE not in runs:  # deep but valid JSON: a run that is not one
        status = status_line(runs, TODAY)
    else:
        assert ".epn/reminders.json" in runs[UNREADABLE]
        status = status_line(runs, TODAY)
    assert status is not None and status.severity == "alert"
    assert status.text.startswith("Rappels : ") and "\n" not in status.text


def test_a_huge_log_is_not_read_whole(make_workspace: Any,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_workspace({})
    (root / ".epn").mkdir(exist_ok=True)
    (root / ".epn" / "reminders.json").write_text(
        json.dumps({"version": 1, "sent": {}, "pad": "x" * 2000}), "utf-8")
    monkeypatch.setattr(reminder_log, "MAX_STATUS_BYTES", 1000)
    runs = reminder_log.dashboard_runs(root, configured=True)
    assert runs is not None and UNREADABLE in runs


def test_no_log_is_no_run(make_workspace: Any) -> None:
    root = make_workspace({})
    assert reminder_log.dashboard_runs(root, configured=True) == {}
    assert reminder_log.dashboard_runs(root, configured=False) is None
