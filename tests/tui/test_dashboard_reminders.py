"""The dashboard says when `epn remind` last ran and whether it failed (issue 16, § 6),
only when epn.yaml sets reminders up."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from epn_tui.tui.app import build_app
from tests.conftest import DEMO
from tests.tui.test_partners import settle, text_of

TODAY = date(2026, 12, 1)
SIZE = (100, 30)
REMINDERS = ("reminders:\n  days: [60, 30, 7, 1]\n  to: [direction@mairie-sorges.fr]\n"
             "  from: epn@mairie-sorges.fr\n"
             "  smtp: {host: smtp.mairie-sorges.fr, port: 587, security: starttls}\n")
SENT = {"at": "2026-12-01T08:00:04+01:00", "today": "2026-12-01", "mode": "send",
        "ok": True, "sent": 3, "error": ""}
FAILED = {"at": "2026-12-01T08:00:31+01:00", "today": "2026-12-01", "mode": "send",
          "ok": False, "sent": 0,
          "error": "serveur de courriel smtp.mairie-sorges.fr:587 injoignable : timed out ; "
                   "rien n'a été envoyé"}


@pytest.fixture(autouse=True)
def paris(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _workspace(tmp_path: Path, configured: bool, log: bytes | None) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".epn"))
    if configured:
        with open(root / "epn.yaml", "a", encoding="utf-8") as handle:
            handle.write(REMINDERS)
    if log is not None:
        (root / ".epn").mkdir(exist_ok=True)
        (root / ".epn" / "reminders.json").write_bytes(log)
    return root


def _log(**runs: object) -> bytes:
    return json.dumps({"version": 1, "sent": {}, **runs}).encode()


async def _advice(root: Path) -> str:
    app = build_app(root, today=TODAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.workspace is not None
        return " ".join(text_of(app.screen.query_one("#dash-advice")).split())


@pytest.mark.parametrize(("configured", "log", "expected"), [
    (True, _log(last_run=SENT),
     "Rappels : dernier envoi le 1er décembre 2026 à 08:00, 3 courriels"),
    (True, _log(last_run=FAILED),
     "! Rappels : échec le 1er décembre 2026 à 08:00 — serveur de courriel "
     "smtp.mairie-sorges.fr:587 injoignable : timed out ; rien n'a été envoyé "
     "(voir epn remind)"),
    (True, None, "Rappels : jamais envoyés — voir `epn remind --install`"),
    (True, b'{"version": 1, "sent": {}, "last_run": [1, 2]}',
     "! Rappels : le journal des rappels ne peut pas être lu : .epn/reminders.json "
     "(voir epn remind)"),
    (True, b"\x00not json",
     "! Rappels : .epn/reminders.json n'est pas un journal de rappels de cette version "
     "(voir epn remind)"),
], ids=["sent", "failed", "never", "hostile", "broken"])
async def test_the_last_run_on_the_dashboard(tmp_path: Path, configured: bool,
                                             log: bytes | None, expected: str) -> None:
    side = await _advice(_workspace(tmp_path, configured, log))
    assert side.startswith(expected + " À faire ")  # first, in view
    assert side.count("Rappels") == 1


async def test_nothing_without_reminders(tmp_path: Path) -> None:
    side = await _advice(_workspace(tmp_path, False, _log(last_run=FAILED)))
    assert "Rappels" not in side and side.startswith("À faire ")
