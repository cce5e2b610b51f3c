"""`epn remind` against a real SMTP server (aiosmtpd on 127.0.0.1, per test)."""

from __future__ import annotations

import email
import email.policy
import json
import socket
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from icalendar import Calendar

from epn_tui.cli import main
from epn_tui.core.model import Deadline, Reminders
from epn_tui.core.reminders import band, due, reminder_key
from tests.conftest import VALID

# The shared signed convention (tests/conftest.py), its text cut to the heading.
CONV = VALID.replace("\nLe texte.\n", "")
# Term 0 ends 2026-08-31, notice 3 months: the last day to give notice is 2026-05-31.
NOTICE = date(2026, 5, 31)
PARTNERS = {
    "contacts": {"claire": {"name": "Claire Mârtin", "partner": "ecole",
                            "email": "claire@ecole.example"}},
    "interactions": {},
    "partners": {"ecole": {"kind": "ECOLE", "name": "École Jules-Ferry"},
                 "epn-test": {"kind": "EPN", "name": "EPN de test"}},
}
SECRET = "s3cr3t-Mot-de-passe"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "554 5.7.1 refusé"
        raw = envelope.original_content or envelope.content
        self.raw.append(raw)
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()

    def check(server: Any, session: Any, envelope: Any, mechanism: str,
              data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.password == SECRET.encode()
        return AuthResult(success=ok, handled=False)

    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=check,
                            auth_require_tls=False)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def settings(port: int, days: str = "[60, 30, 7, 1]", user: str = "") -> str:
    smtp = f"{{host: 127.0.0.1, port: {port}, security: none"
    smtp += f", user: {user}}}" if user else "}"
    return ("epn: epn-test\nlanguage: fr\nhorizon: 90 jours\n"
            f"reminders:\n  days: {days}\n  to: [direction@mairie.example, claire]\n"
            f"  from: epn@mairie.example\n  smtp: {smtp}\n")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def workspace(make_workspace: Any, smtp_server: tuple[Inbox, int]) -> Path:
    return Path(make_workspace({"ecole.md": CONV}, partners=PARTNERS,
                               settings=settings(smtp_server[1])))


def test_band_and_due_are_pure() -> None:
    assert band([60, 30, 7, 1], 61) is None
    assert band([60, 30, 7, 1], 60) == 60
    assert band([60, 30, 7, 1], 5) == 7
    assert band([60, 30, 7, 1], 0) == 1
    assert band([60, 30, 7, 1], -1) is None
    d = Deadline(date=NOTICE, kind="notice", convention="c", title="T", days=5, term=0)
    plans: dict[str, Reminders | None] = {"c": Reminders(to=("a@b.c",))}
    [item] = due([d], plans, {})
    assert item.threshold == 7
    assert due([d], plans, {reminder_key(d, 7): {}}) == []
    assert due([d], {"c": None}, {}) == []


def test_reminders_received_once(workspace: Path, smtp_server: tuple[Inbox, int],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    inbox, _port = smtp_server
    code, out, err = run(capsys, "-w", str(workspace), "remind", "--today", "2026-04-01")
    assert (code, err) == (0, ""), err
    [message] = inbox.messages
    assert message["Subject"] == \
        "Échéance du 31 mai 2026 : dernier jour pour dénoncer — Partenariat école"
    assert "Claire Mârtin" in str(message["To"])
    assert "direction@mairie.example" in str(message["To"])
    assert message["From"].addresses[0].addr_spec == "epn@mairie.example"
    # Headers in ASCII as RFC 2047 wants (the French words encoded), the text UTF-8.
    head = inbox.raw[0].split(b"\r\n\r\n", 1)[0]
    assert head.isascii() and b"=?utf-8?" in head
    text = message.get_body(("plain",)).get_content()
    assert "envoyer la lettre de dénonciation au plus tard le 31 mai 2026" in text
    assert "Fichier : ecole.md" in text
    assert "École Jules-Ferry — Claire Mârtin" in text
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    cal = Calendar.from_ical(attachment.get_content())
    [event] = cal.walk("VEVENT")
    assert event.decoded("dtstart") == NOTICE
    # The same day again, and the next day (same band of 60 days): nothing.
    assert run(capsys, "-w", str(workspace), "remind", "--today", "2026-04-01")[0] == 0
    assert run(capsys, "-w", str(workspace), "remind", "--today", "2026-04-02")[0] == 0
    assert len(inbox.messages) == 1
    # 30 days before: one more.
    run(capsys, "-w", str(workspace), "remind", "--today", "2026-05-01")
    assert len(inbox.messages) == 2


def test_missed_week_sends_once(workspace: Path, smtp_server: tuple[Inbox, int],
                                capsys: pytest.CaptureFixture[str]) -> None:
    inbox, _port = smtp_server
    # First run ever, 5 days before: 60, 30 and 7 were passed; one reminder (7).
    code, out, _err = run(capsys, "-w", str(workspace), "remind", "--today", "2026-05-26")
    assert code == 0
    assert len(inbox.messages) == 1
    log = json.loads((workspace / ".epn" / "reminders.json").read_text())
    [key] = log["sent"]
    assert key.endswith("\x1f2026-05-31\x1f7")
    assert log["last_run"]["ok"] is True
    run(capsys, "-w", str(workspace), "remind", "--today", "2026-05-27")
    assert len(inbox.messages) == 1
    # The last day: the 1-day band.
    run(capsys, "-w", str(workspace), "remind", "--today", "2026-05-31")
    assert len(inbox.messages) == 2
    # Past: nothing.
    run(capsys, "-w", str(workspace), "remind", "--today", "2026-06-01")
    assert len(inbox.messages) == 2


def test_moved_date_gets_new_reminders(workspace: Path, smtp_server: tuple[Inbox, int],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    inbox, _port = smtp_server
    run(capsys, "-w", str(workspace), "remind", "--today", "2026-05-26")
    assert len(inbox.messages) == 1
    # A longer notice moves the date: 2026-05-31 → 2026-05-30, its own reminders.
    assert run(capsys, "-w", str(workspace), "set", "ecole", "notice=3 mois et 1 jour")[0] == 0
    run(capsys, "-w", str(workspace), "remind", "--today", "2026-05-26")
    assert len(inbox.messages) == 2
    assert "30 mai 2026" in inbox.messages[1]["Subject"]


def test_dry_run_sends_nothing(workspace: Path, smtp_server: tuple[Inbox, int],
                               capsys: pytest.CaptureFixture[str]) -> None:
    inbox, _port = smtp_server
    code, out, _err = run(capsys, "-w", str(workspace), "remind", "--dry-run",
                          "--today", "2026-05-26")
    assert code == 0
    assert "31/05/2026" in out and "claire@ecole.example" in out
    assert inbox.messages == []
    # The trial is kept beside the sent-log, which it leaves empty (issue 16, § 6).
    log = json.loads((workspace / ".epn" / "reminders.json").read_text())
    assert log["sent"] == {} and log.get("last_run") is None
    assert log["last_dry_run"]["mode"] == "dry-run" and log["last_dry_run"]["sent"] == 1


def test_refusing_server_marks_nothing(workspace: Path, smtp_server: tuple[Inbox, int],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    inbox, _port = smtp_server
    inbox.refuse = True
    code, _out, err = run(capsys, "-w", str(workspace), "remind", "--today", "2026-05-26")
    assert code == 1
    assert err.count("\n") == 1 and "refus" in err
    log = json.loads((workspace / ".epn" / "reminders.json").read_text())
    assert log["sent"] == {} and log["last_run"]["ok"] is False
    inbox.refuse = False  # retried at the next run
    assert run(capsys, "-w", str(workspace), "remind", "--today", "2026-05-26")[0] == 0
    assert len(inbox.messages) == 1


def test_unreachable_server(make_workspace: Any, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_workspace({"ecole.md": CONV}, partners=PARTNERS,
                          settings=settings(_free_port()))
    code, _out, err = run(capsys, "-w", str(root), "remind", "--today", "2026-05-26")
    assert code == 1
    assert err.count("\n") == 1 and "injoignable" in err
    log = json.loads((root / ".epn" / "reminders.json").read_text())
    assert log["sent"] == {}


def test_password_from_environment_never_written(
        make_workspace: Any, smtp_server: tuple[Inbox, int],
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, port = smtp_server
    root = make_workspace({"ecole.md": CONV}, partners=PARTNERS,
                          settings=settings(port, user="epn@mairie.example"))
    monkeypatch.setenv("EPN_SMTP_PASSWORD", "wrong")
    code, out, err = run(capsys, "-w", str(root), "remind", "--today", "2026-05-26")
    assert code == 1 and "535" in err and "wrong" not in out + err
    monkeypatch.setenv("EPN_SMTP_PASSWORD", SECRET)
    code, out, err = run(capsys, "-w", str(root), "remind", "--today", "2026-05-26")
    assert code == 0, err
    assert len(inbox.messages) == 1
    assert SECRET not in out + err
    for path in root.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_password_command(make_workspace: Any, smtp_server: tuple[Inbox, int],
                          capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, port = smtp_server
    monkeypatch.delenv("EPN_SMTP_PASSWORD", raising=False)
    text = settings(port, user="epn@mairie.example").replace(
        "security: none,", f"security: none, password_command: [echo, {SECRET}],")
    root = make_workspace({"ecole.md": CONV}, partners=PARTNERS, settings=text)
    code, _out, err = run(capsys, "-w", str(root), "remind", "--today", "2026-05-26")
    assert code == 0, err
    assert len(inbox.messages) == 1


def test_password_in_epn_yaml_is_refused(make_workspace: Any,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    text = settings(25).replace("security: none", "security: none, password: x")
    root = make_workspace({"ecole.md": CONV}, partners=PARTNERS, settings=text)
    code, out, _err = run(capsys, "-w", str(root), "check")
    assert code == 1 and "password" in out


def test_per_convention_override(make_workspace: Any, smtp_server: tuple[Inbox, int],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    inbox, port = smtp_server
    own = CONV.replace("notice: 3 mois\n",
                       "notice: 3 mois\nreminders: {days: [90], to: [autre@x.example]}\n")
    off = CONV.replace("notice: 3 mois\n", "notice: 3 mois\nreminders: false\n")
    root = make_workspace({"ecole.md": own, "sans.md": off}, partners=PARTNERS,
                          settings=settings(port))
    code, _out, err = run(capsys, "-w", str(root), "remind", "--today", "2026-03-02")
    assert code == 0, err
    [message] = inbox.messages
    assert str(message["To"]) == "autre@x.example"


def test_english_workspace(make_workspace: Any, smtp_server: tuple[Inbox, int],
                           capsys: pytest.CaptureFixture[str]) -> None:
    inbox, port = smtp_server
    root = make_workspace({"ecole.md": CONV}, partners=PARTNERS,
                          settings=settings(port).replace("language: fr", "language: en"))
    assert run(capsys, "-w", str(root), "remind", "--today", "2026-05-26")[0] == 0
    [message] = inbox.messages
    assert message["Subject"].startswith("Deadline May 31, 2026: last day to give notice — ")


def test_install_prints_units(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "-w", str(workspace), "remind", "--install", "systemd")
    assert code == 0
    assert "OnCalendar=*-*-* 08:00" in out and "Persistent=true" in out
    assert f"remind -w {workspace.resolve()}" in out
    code, out, _err = run(capsys, "-w", str(workspace), "remind", "--install", "cron")
    assert code == 0 and out.splitlines()[1].startswith("0 8 * * * ")


def test_install_write_systemd(workspace: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    code, out, _err = run(capsys, "-w", str(workspace), "remind", "--install", "systemd",
                          "--write")
    assert code == 0
    units = sorted(p.name for p in (tmp_path / "config" / "systemd" / "user").iterdir())
    assert units == [f"epn-remind-{workspace.name}.service",
                     f"epn-remind-{workspace.name}.timer"]


def test_no_password_found(make_workspace: Any, smtp_server: tuple[Inbox, int],
                           capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    monkeypatch.delenv("EPN_SMTP_PASSWORD", raising=False)
    monkeypatch.setattr(keyring, "get_password", lambda service, user: None)
    inbox, port = smtp_server
    root = make_workspace({"ecole.md": CONV}, partners=PARTNERS,
                          settings=settings(port, user="epn@mairie.example"))
    code, _out, err = run(capsys, "-w", str(root), "remind", "--today", "2026-05-26")
    assert code == 1 and "keyring set epn-tui epn@mairie.example" in err
    assert inbox.messages == []


def test_password_from_keyring(make_workspace: Any, smtp_server: tuple[Inbox, int],
                               capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    monkeypatch.delenv("EPN_SMTP_PASSWORD", raising=False)
    asked: list[tuple[str, str]] = []

    def get_password(service: str, user: str) -> str:
        asked.append((service, user))
        return SECRET

    monkeypatch.setattr(keyring, "get_password", get_password)
    inbox, port = smtp_server
    root = make_workspace({"ecole.md": CONV}, partners=PARTNERS,
                          settings=settings(port, user="epn@mairie.example"))
    code, _out, err = run(capsys, "-w", str(root), "remind", "--today", "2026-05-26")
    assert code == 0, err
    assert asked == [("epn-tui", "epn@mairie.example")]
    assert len(inbox.messages) == 1


def test_check_warns_about_a_bad_override(make_workspace: Any,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    bad = CONV.replace("notice: 3 mois\n", "notice: 3 mois\nreminders: {days: [soon]}\n")
    root = make_workspace({"ecole.md": bad}, partners=PARTNERS, settings=settings(25))
    code, out, _err = run(capsys, "-w", str(root), "check")
    assert code == 0
    assert out.startswith("ecole.md:15: ") and "reminders: days" in out


def test_two_runs_at_once_send_once(workspace: Path, smtp_server: tuple[Inbox, int]) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "epn_tui.cli", "-w", str(workspace), "remind",
               "--today", "2026-05-26"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
            for _ in range(3)]
    for process in runs:
        assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    inbox, _port = smtp_server
    assert len(inbox.messages) == 1


def test_starttls_not_offered(make_workspace: Any, smtp_server: tuple[Inbox, int],
                              capsys: pytest.CaptureFixture[str]) -> None:
    inbox, port = smtp_server
    root = make_workspace({"ecole.md": CONV}, partners=PARTNERS,
                          settings=settings(port).replace("security: none",
                                                          "security: starttls"))
    code, _out, err = run(capsys, "-w", str(root), "remind", "--today", "2026-05-26")
    assert code == 1 and err.count("\n") == 1 and "STARTTLS" in err
    assert inbox.messages == []
    log = json.loads((root / ".epn" / "reminders.json").read_text())
    assert log["sent"] == {}
